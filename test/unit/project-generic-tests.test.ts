import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseTestEntry, synthesizeTestName } from '../../server/src/project/generic-tests';

test('synthesized names: args sorted and cleaned, model skipped, lists flattened', () => {
  assert.deepEqual(synthesizeTestName('not_null', 'bz_users', { column_name: 'user_id' }), ['not_null_bz_users_user_id', 'not_null_bz_users_user_id']);
  assert.deepEqual(synthesizeTestName('accepted_values', 'm', { values: ['a b', 'c'], column_name: 'x', model: 'ignored' }), [
    'accepted_values_m_x__a_b__c',
    'accepted_values_m_x__a_b__c',
  ]);
  assert.equal(synthesizeTestName('t', 'm', { flag: true, none: null, n: 3 })[1], 't_m_True__3__None');
});

test('names of 64+ characters get a short, deterministic hashed alias', () => {
  const args = { column_name: 'a_rather_long_column_name', values: ['first_value', 'second_value', 'third_value'] };
  const [short, full] = synthesizeTestName('accepted_values', 'bz_feature_usage', args);
  assert.equal(full, 'accepted_values_bz_feature_usage_a_rather_long_column_name__first_value__second_value__third_value');
  const md5 = createHash('md5').update(full).digest('hex');
  assert.equal(short, `accepted_values_bz_feature_usa_${md5}`);
  assert.deepEqual(synthesizeTestName('accepted_values', 'bz_feature_usage', args), [short, full]);
});

test('parseTestEntry accepts every dbt form', () => {
  assert.deepEqual(parseTestEntry('not_null', []), { name: 'not_null', namespace: undefined, args: {}, config: {}, customName: undefined, description: undefined });
  assert.deepEqual(parseTestEntry({ 'dbt_utils.expression_is_true': { expression: 'x > 0', severity: 'warn' } }, []), {
    name: 'expression_is_true',
    namespace: 'dbt_utils',
    args: { expression: 'x > 0' },
    config: { severity: 'warn' },
    customName: undefined,
    description: undefined,
  });
  assert.deepEqual(parseTestEntry({ test_name: 'accepted_values', values: [1], config: { where: 'a' }, name: 'my_test' }, []), {
    name: 'accepted_values',
    namespace: undefined,
    args: { values: [1] },
    config: { where: 'a' },
    customName: 'my_test',
    description: undefined,
  });
  assert.deepEqual(parseTestEntry({ relationships: { arguments: { to: "ref('a')", field: 'id' }, config: { severity: 'error' } } }, []), {
    name: 'relationships',
    namespace: undefined,
    args: { to: "ref('a')", field: 'id' },
    config: { severity: 'error' },
    customName: undefined,
    description: undefined,
  });
});

test('parseTestEntry rejects malformed entries with located issues', () => {
  const two = parseTestEntry({ not_null: {}, unique: {} }, ['models', 0, 'tests', 1]);
  assert.ok(Array.isArray(two));
  assert.deepEqual(two[0].path, ['models', 0, 'tests', 1]);
  assert.equal(two[0].code, 'bronze/schema-invalid');
  const sev = parseTestEntry({ unique: { config: { severity: 'fatal' } } }, ['tests', 0]);
  assert.ok(Array.isArray(sev));
  assert.deepEqual(sev[0].path, ['tests', 0, 'unique', 'config', 'severity']);
  const args = parseTestEntry({ accepted_values: ['a'] }, ['tests', 0]);
  assert.ok(Array.isArray(args));
  assert.match(args[0].message, /must be a mapping/);
});
