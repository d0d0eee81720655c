import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeResult } from '../../client/src/run/results';
import { modelNameOf, parseProjectInfo, projectForFile, sqlRole } from '../../client/src/vscode/project-paths';
import { statusText } from '../../client/src/vscode/status-text';
import { failureText, formatRows, groupTests, nodeLabel, UNATTACHED_LABEL } from '../../client/src/vscode/test-tree';

test('parseProjectInfo reads name, profile and paths, with dbt defaults', () => {
  const p = parseProjectInfo('/w/a', "name: shop\nprofile: prod\nmodel-paths: ['src/models', 'more']\nmacro-paths: [m]\n");
  const defaults = { snapshotPaths: ['snapshots'], analysisPaths: ['analyses'] };
  assert.deepEqual(p, { root: '/w/a', name: 'shop', profile: 'prod', modelPaths: ['src/models', 'more'], testPaths: ['tests'], macroPaths: ['m'], ...defaults });
  assert.deepEqual(parseProjectInfo('/w/b', 'name: [unclosed'), { root: '/w/b', name: 'b', profile: 'b', modelPaths: ['models'], testPaths: ['tests'], macroPaths: ['macros'], ...defaults });
  assert.deepEqual(parseProjectInfo('/w/c', "name: c\nsnapshot-paths: [snaps]\nanalysis-paths: [adhoc]\n").snapshotPaths, ['snaps']);
});

test('projectForFile picks the deepest project root; sqlRole and modelNameOf follow the paths', () => {
  const outer = parseProjectInfo('/w', 'name: outer\n');
  const inner = parseProjectInfo('/w/nested', 'name: inner\n');
  assert.equal(projectForFile([outer, inner], '/w/nested/models/a.sql')?.name, 'inner');
  assert.equal(projectForFile([outer, inner], '/w/models/a.sql')?.name, 'outer');
  assert.equal(projectForFile([outer, inner], '/elsewhere/a.sql'), undefined);
  assert.equal(projectForFile([inner], '/w/nestedX/models/a.sql'), undefined);
  assert.equal(sqlRole(inner, '/w/nested/models/staging/a.sql'), 'model');
  assert.equal(sqlRole(inner, '/w/nested/tests/t.sql'), 'test');
  assert.equal(sqlRole(inner, '/w/nested/macros/m.SQL'), 'macro');
  // Snapshots and analyses are templated SQL too: an edit there (e.g. a rename's ref()) reaches the server unsaved.
  assert.equal(sqlRole(inner, '/w/nested/snapshots/users_snapshot.sql'), 'snapshot');
  assert.equal(sqlRole(inner, '/w/nested/analyses/x.sql'), 'analysis');
  assert.equal(sqlRole(inner, '/w/nested/analysis/x.sql'), undefined);
  assert.equal(sqlRole(inner, '/w/nested/models/schema.yml'), undefined);
  assert.equal(modelNameOf(inner, '/w/nested/models/staging/stg_users.sql'), 'stg_users');
  assert.equal(modelNameOf(inner, '/w/nested/tests/t.sql'), undefined);
});

test('statusText: target, running, last result', () => {
  assert.equal(statusText('local', undefined, false), '$(database) local');
  assert.equal(statusText('local', undefined, true), '$(database) local $(sync~spin)');
  const base = { command: 'run', pass: 3, warn: 0, error: 0, skip: 0, elapsedSeconds: 1 };
  assert.equal(statusText('dev', { ...base, ok: true }, false), '$(database) dev $(check) 3');
  assert.equal(statusText('dev', { ...base, ok: true, warn: 2 }, false), '$(database) dev $(check) 3 $(warning) 2');
  assert.equal(statusText('dev', { ...base, ok: false, error: 1, skip: 2 }, false), '$(database) dev $(error) 1 $(debug-step-over) 2');
  assert.equal(statusText('dev', { ...base, ok: false, cancelled: true }, false), '$(database) dev $(circle-slash) cancelled');
});

test('groupTests: tests under their model, sorted, unattached last', () => {
  const t = (name: string, attachedNode?: string) => ({ uniqueId: `test.p.${name}.h`, name, attachedNode, file: '/f', line: 0 });
  const groups = groupTests([t('z_test', 'model.p.b'), t('single'), t('a_test', 'model.p.b'), t('src_test', 'source.p.raw.users'), t('c', 'model.p.a')]);
  assert.deepEqual(
    groups.map((g) => [g.label, g.tests.map((x) => x.name)]),
    [
      ['a', ['c']],
      ['b', ['a_test', 'z_test']],
      ['raw.users', ['src_test']],
      [UNATTACHED_LABEL, ['single']],
    ],
  );
  assert.equal(nodeLabel('model.pkg.bz_users'), 'bz_users');
  assert.equal(nodeLabel('weird'), 'weird');
});

test('formatRows and failureText show the count and first failing rows', () => {
  assert.equal(formatRows([]), '');
  assert.equal(
    formatRows([{ id: 1, email: null }, { id: 22, email: 'a@b' }]),
    ['id | email', '---+------', '1  | NULL', '22 | a@b'].join('\n'),
  );
  assert.equal(formatRows([{ a: 1 }, { a: 2 }, { a: 3 }], 2), ['a', '-', '1', '2', '… 1 more'].join('\n'));
  const r: NodeResult = {
    uniqueId: 'test.p.not_null_u_email.h',
    name: 'not_null_u_email',
    resourceType: 'test',
    status: 'fail',
    executionTime: 0.1,
    startedAt: new Date(0),
    completedAt: new Date(0),
    rowsAffected: null,
    message: 'Got 2 results, configured to fail if != 0',
    failures: 2,
    threadId: 'Thread-1',
    failingRows: [{ user_id: 'u1', email: null }, { user_id: 'u2', email: null }],
  };
  assert.equal(
    failureText(r),
    ['not_null_u_email: 2 failing rows', '', 'First failing rows:', 'user_id | email', '--------+------', 'u1      | NULL', 'u2      | NULL'].join('\n'),
  );
  assert.equal(failureText({ ...r, status: 'error', message: 'table missing' }), 'not_null_u_email errored: table missing');
  assert.equal(failureText({ ...r, failures: 1, failingRows: [] }), 'not_null_u_email: 1 failing row');
});

test('Test Explorer: unit tests are listed under their model (at their YAML line) and a failure shows the row diff', async () => {
  const { listTests } = await import('../../client/src/run/runner');
  const { join } = await import('node:path');
  const fixture = join(import.meta.dirname, '..', 'fixtures', 'unit-tests');
  const groups = groupTests(await listTests({ projectDir: fixture }));
  const stg = groups.find((g) => g.id === 'model.unit_shop.stg_orders')!;
  assert.equal(stg.label, 'stg_orders');
  assert.deepEqual(stg.tests.map((t) => [t.uniqueId, t.file.endsWith(join('models', 'unit_tests.yml')), t.line]), [['unit_test.unit_shop.stg_orders.keeps_latest_row_per_order', true, 3]]);
  assert.equal(groups.find((g) => g.id === 'model.unit_shop.orders_incremental')?.tests.length, 2);
  const diff = ['actual differs from expected:', '', '@@  | id | amount', '+++ | 1  | 6', '--- | 1  | 5'].join('\n');
  const r: NodeResult = {
    uniqueId: 'unit_test.unit_shop.stg_orders.wrong',
    name: 'wrong',
    resourceType: 'unit_test',
    status: 'fail',
    executionTime: 0.01,
    startedAt: new Date(0),
    completedAt: new Date(0),
    rowsAffected: null,
    message: diff,
    failures: 2,
    threadId: 'Thread-1',
  };
  assert.equal(failureText(r), `wrong: ${diff}`);
  assert.equal(failureText({ ...r, status: 'error', message: 'no such column' }), 'wrong errored: no such column');
});
