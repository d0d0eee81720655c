// Data-test SQL (generic tests, wrapper, verdict, store_failures) and source freshness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BronzeError } from '../../server/src/core/types';
import {
  duckdbDialect,
  freshnessAgeSeconds,
  freshnessQuery,
  freshnessStatus,
  framedAsDbt,
  genericTestSql,
  snowflakeDialect,
  storeFailuresStatements,
  testVerdict,
  testWrapperSql,
  whereSubquery,
} from '../../server/src/compile/index';

const M = 'analytics.bronze.bz_users';

test('unique and not_null', () => {
  assert.equal(
    genericTestSql('unique', undefined, { model: M, column_name: 'user_id' }),
    'select\n    user_id as unique_field,\n    count(*) as n_records\n\nfrom analytics.bronze.bz_users\nwhere user_id is not null\ngroup by user_id\nhaving count(*) > 1',
  );
  assert.equal(genericTestSql('not_null', 'dbt', { model: M, column_name: 'email' }), 'select email\nfrom analytics.bronze.bz_users\nwhere email is null');
  assert.equal(
    genericTestSql('not_null', undefined, { model: M, column_name: 'email' }, { storeFailures: true }),
    'select *\nfrom analytics.bronze.bz_users\nwhere email is null',
  );
});

// What dbt 1.2, 1.3, 1.9 and 1.10 wrote as these tests' compiled_code in four public projects (test/realworld/dbtdiff.ts):
// the query between the blank lines dbt's `{% test %}` wrapper, its dispatch and not_null's `set` line print.
test('built-in tests as dbt prints them: blank lines around the query, two more before not_null', () => {
  const unique = genericTestSql('unique', undefined, { model: M, column_name: 'user_id' });
  assert.equal(framedAsDbt('unique', unique), `\n    \n    \n\n${unique}\n\n\n`);
  assert.equal(framedAsDbt('not_null', 'select email\nfrom t\nwhere email is null'), '\n    \n    \n\n\n\nselect email\nfrom t\nwhere email is null\n\n\n');
});

test('accepted_values quotes by default and not with quote: false', () => {
  const quoted = genericTestSql('accepted_values', undefined, { model: M, column_name: 'status', values: ['active', 'closed', true] });
  assert.equal(
    quoted,
    `with all_values as (

    select
        status as value_field,
        count(*) as n_records

    from analytics.bronze.bz_users
    group by status

)

select *
from all_values
where value_field not in (
    'active','closed','True'
)`,
  );
  const bare = genericTestSql('accepted_values', undefined, { model: M, column_name: 'tier', values: [1, 2, 3], quote: false });
  assert.ok(bare.endsWith('where value_field not in (\n    1,2,3\n)'));
});

test('relationships', () => {
  assert.equal(
    genericTestSql('relationships', undefined, { model: M, column_name: 'account_id', to: 'analytics.bronze.bz_accounts', field: 'id' }),
    `with child as (
    select account_id as from_field
    from analytics.bronze.bz_users
    where account_id is not null
),

parent as (
    select id as to_field
    from analytics.bronze.bz_accounts
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null`,
  );
});

test('dbt_utils.expression_is_true with and without column_name', () => {
  assert.equal(
    genericTestSql('expression_is_true', 'dbt_utils', { model: M, expression: 'duration >= 0' }),
    'select\n    1\nfrom analytics.bronze.bz_users\n\nwhere not(duration >= 0)',
  );
  assert.equal(
    genericTestSql('expression_is_true', 'dbt_utils', { model: M, column_name: 'duration', expression: '>= 0' }, { storeFailures: true }),
    'select\n    *\nfrom analytics.bronze.bz_users\n\nwhere not(duration >= 0)',
  );
});

test('dbt_utils.accepted_range: both bounds inclusive, one bound exclusive', () => {
  assert.equal(
    genericTestSql('accepted_range', 'dbt_utils', { model: M, column_name: 'duration', min_value: 0, max_value: 1440 }),
    `with meet_condition as(
  select *
  from analytics.bronze.bz_users
),

validation_errors as (
  select *
  from meet_condition
  where
    -- never true, defaults to an empty result set. Exists to ensure any combo of the \`or\` clauses below succeeds
    1 = 2
    -- records with a value >= min_value are permitted. The \`not\` flips this to find records that don't meet the rule.
    or not duration >= 0
    -- records with a value <= max_value are permitted. The \`not\` flips this to find records that don't meet the rule.
    or not duration <= 1440
)

select *
from validation_errors`,
  );
  const exclusive = genericTestSql('accepted_range', 'dbt_utils', { model: M, column_name: 'duration', min_value: 0, inclusive: false });
  assert.ok(exclusive.includes('\n    or not duration > 0\n)'));
  assert.ok(!exclusive.includes('max_value'));
});

test('dbt_utils.unique_combination_of_columns, plain and quoted', () => {
  assert.equal(
    genericTestSql('unique_combination_of_columns', 'dbt_utils', { model: M, combination_of_columns: ['meeting_id', 'user_id'] }),
    `with validation_errors as (

    select
        meeting_id, user_id
    from analytics.bronze.bz_users
    group by meeting_id, user_id
    having count(*) > 1

)

select *
from validation_errors`,
  );
  const quoted = genericTestSql('unique_combination_of_columns', 'dbt_utils', {
    model: M,
    combination_of_columns: ['a', 'b'],
    quote_columns: true,
  });
  assert.ok(quoted.includes('        "a", "b"\n'));
});

test('unknown tests and missing arguments are BronzeErrors that say what to do', () => {
  assert.throws(
    () => genericTestSql('not_a_test', undefined, { model: M }),
    (e: unknown) => e instanceof BronzeError && e.code === 'bronze/unknown-generic-test' && e.message.startsWith("Unknown generic test 'not_a_test'."),
  );
  assert.throws(
    () => genericTestSql('unique', 'other_pkg', { model: M, column_name: 'x' }),
    (e: unknown) => e instanceof BronzeError && e.message.startsWith("Unknown generic test 'other_pkg.unique'."),
  );
  assert.throws(
    () => genericTestSql('relationships', undefined, { model: M, column_name: 'x', to: 'y' }),
    (e: unknown) => e instanceof BronzeError && e.message === "Generic test 'relationships' needs the argument 'field'. Add it under the test in schema.yml.",
  );
});

test('where config wraps the model in dbt_subquery', () => {
  assert.equal(whereSubquery(M, "status = 'active'"), "(select * from analytics.bronze.bz_users where status = 'active') dbt_subquery");
  assert.equal(whereSubquery(M, undefined), M);
  assert.equal(
    genericTestSql('not_null', undefined, { model: whereSubquery(M, 'id > 0'), column_name: 'id' }),
    'select id\nfrom (select * from analytics.bronze.bz_users where id > 0) dbt_subquery\nwhere id is null',
  );
});

test('the wrapper: defaults, custom fail_calc/warn_if/error_if, limit', () => {
  const sql = 'select id\nfrom t\nwhere id is null';
  assert.equal(
    testWrapperSql({ sql }),
    `select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
  select id
from t
where id is null
    ) dbt_internal_test`,
  );
  assert.equal(
    testWrapperSql({ sql, failCalc: 'sum(n_records)', warnIf: '> 10', errorIf: '> 100', limit: 50 }),
    `select
      sum(n_records) as failures,
      sum(n_records) > 10 as should_warn,
      sum(n_records) > 100 as should_error
    from (
  select id
from t
where id is null
  limit 50
    ) dbt_internal_test`,
  );
});

test('verdict truth table', () => {
  const cases: [string | undefined, boolean, boolean, boolean, string][] = [
    // severity, shouldWarn, shouldError, warnError, expected
    [undefined, false, false, false, 'pass'],
    ['error', true, true, false, 'fail'],
    ['ERROR', true, false, false, 'warn'],
    ['error', true, false, true, 'fail'],
    ['warn', true, true, false, 'warn'],
    ['Warn', true, true, true, 'fail'],
    ['warn', false, true, false, 'pass'],
    ['error', false, true, false, 'fail'],
  ];
  for (const [severity, shouldWarn, shouldError, warnError, expected] of cases) {
    assert.equal(testVerdict({ failures: 3, shouldWarn, shouldError, severity, warnError }), expected, JSON.stringify({ severity, shouldWarn, shouldError, warnError }));
  }
  assert.throws(() => testVerdict({ failures: 0, shouldWarn: false, shouldError: false, severity: 'fatal' }), BronzeError);
});

test('store_failures recreates the audit table and counts from it', () => {
  const statements = storeFailuresStatements(snowflakeDialect, {
    database: 'analytics',
    schema: 'dev',
    testName: 'not_null_bz_users_email',
    sql: 'select *\nfrom analytics.bronze.bz_users\nwhere email is null',
    limit: 10,
  });
  assert.deepEqual(statements, [
    'create schema if not exists analytics.dev_dbt_test__audit',
    'create or replace table analytics.dev_dbt_test__audit.not_null_bz_users_email as (\n  select *\nfrom analytics.bronze.bz_users\nwhere email is null\n  limit 10\n)',
    `select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
        select *
        from analytics.dev_dbt_test__audit.not_null_bz_users_email
    ) dbt_internal_test`,
  ]);
  const asView = storeFailuresStatements(duckdbDialect, { database: 'db', schema: 's', testName: 't', sql: 'select 1', as: 'view' });
  assert.equal(asView[1], 'create or replace view db.s_dbt_test__audit.t as (\n  select 1\n)');
});

test('freshness query: Snowflake and DuckDB, with filter and metadata fallback', () => {
  const source = { database: 'raw', schema: 'zoom', identifier: 'users' };
  assert.equal(
    freshnessQuery(snowflakeDialect, { source, loadedAtField: 'load_timestamp', filter: "source_system = 'zoom'" }),
    "select\n      max(load_timestamp) as max_loaded_at,\n      convert_timezone('UTC', current_timestamp()) as snapshotted_at\n    from raw.zoom.users\n    where source_system = 'zoom'",
  );
  assert.equal(
    freshnessQuery(duckdbDialect, { source, loadedAtField: 'load_timestamp' }),
    "select\n      max(load_timestamp) as max_loaded_at,\n      (now() at time zone 'UTC') as snapshotted_at\n    from raw.zoom.users",
  );
  assert.match(freshnessQuery(snowflakeDialect, { source }), /last_altered as max_loaded_at/);
  assert.throws(() => freshnessQuery(duckdbDialect, { source }), (e: unknown) => e instanceof BronzeError && /Add loaded_at_field/.test(e.message));
});

test('freshness status and age', () => {
  const rule = { warnAfter: { count: 12, period: 'hour' as const }, errorAfter: { count: 1, period: 'day' as const } };
  assert.equal(freshnessStatus(12 * 3600, rule), 'pass'); // exactly at the threshold is not exceeded
  assert.equal(freshnessStatus(12 * 3600 + 1, rule), 'warn');
  assert.equal(freshnessStatus(86400 + 1, rule), 'error');
  assert.equal(freshnessStatus(10 ** 9, null), 'pass');
  assert.equal(freshnessStatus(61, { errorAfter: { count: 1, period: 'minute' } }), 'error');
  assert.equal(freshnessStatus(61, { warnAfter: { count: 0, period: 'minute' } }), 'pass');
  assert.equal(freshnessAgeSeconds('2026-01-01 00:00:00', '2026-01-01 01:00:30.5'), 3630.5);
  assert.equal(freshnessAgeSeconds(new Date('2026-01-01T00:00:00Z'), '2026-01-01 00:00:10.123456'), 10.123);
  assert.equal(freshnessAgeSeconds(null, '2026-01-01 00:00:00'), null);
});
