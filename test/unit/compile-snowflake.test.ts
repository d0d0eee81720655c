// Golden texts for the Snowflake dialect: materializations and incremental strategies as dbt-snowflake
// renders them (whitespace included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BronzeError, type ColumnDef, type NodeConfig } from '../../server/src/core/types';
import {
  incrementalDml,
  planForPreview,
  planIncremental,
  planModel,
  schemaChangeStatements,
  snowflakeDialect as sf,
  splitStatements,
  type PlanInput,
  type Step,
} from '../../server/src/compile/index';

const rel = { database: 'analytics', schema: 'bronze', identifier: 'bz_users' };
const tmp = { ...rel, identifier: 'bz_users__dbt_tmp' };
const cols: ColumnDef[] = [
  { name: 'USER_ID', dataType: 'NUMBER(38,0)' },
  { name: 'EMAIL', dataType: 'VARCHAR(16777216)' },
];

function config(extra: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
}

function input(extra: Partial<NodeConfig>, over: Partial<PlanInput> = {}): PlanInput {
  return { relation: rel, compiledSql: 'select 1 as user_id', config: config(extra), existing: null, fullRefresh: false, ...over };
}

const labels = (steps: Step[]): string[] => steps.map((s) => (s.kind === 'sql' ? s.label : s.kind));

test('merge with a string unique_key matches dbt-snowflake text', () => {
  const [sql] = incrementalDml(sf, { strategy: 'merge', target: rel, tmp, uniqueKey: 'user_id', destColumns: cols, predicates: [] });
  assert.equal(
    sql,
    `-- back compat for old kwarg name
  begin;
    merge into analytics.bronze.bz_users as DBT_INTERNAL_DEST
        using analytics.bronze.bz_users__dbt_tmp as DBT_INTERNAL_SOURCE
        on ((DBT_INTERNAL_SOURCE.user_id = DBT_INTERNAL_DEST.user_id))
    when matched then update set
        "USER_ID" = DBT_INTERNAL_SOURCE."USER_ID","EMAIL" = DBT_INTERNAL_SOURCE."EMAIL"
    when not matched then insert
        ("USER_ID", "EMAIL")
    values
        ("USER_ID", "EMAIL")
;
    commit;`,
  );
});

test('merge with a list key puts incremental_predicates first and joins with ") and ("', () => {
  const [sql] = incrementalDml(sf, {
    strategy: 'default',
    target: rel,
    tmp,
    uniqueKey: ['user_id', 'org_id'],
    destColumns: cols,
    predicates: ["DBT_INTERNAL_DEST.load_date > dateadd(day, -7, current_date)"],
  });
  assert.equal(
    sql,
    `-- back compat for old kwarg name
  begin;
    merge into analytics.bronze.bz_users as DBT_INTERNAL_DEST
        using analytics.bronze.bz_users__dbt_tmp as DBT_INTERNAL_SOURCE
        on (DBT_INTERNAL_DEST.load_date > dateadd(day, -7, current_date)) and (
                    DBT_INTERNAL_SOURCE.user_id = DBT_INTERNAL_DEST.user_id
                ) and (
                    DBT_INTERNAL_SOURCE.org_id = DBT_INTERNAL_DEST.org_id
                )
    when matched then update set
        "USER_ID" = DBT_INTERNAL_SOURCE."USER_ID","EMAIL" = DBT_INTERNAL_SOURCE."EMAIL"
    when not matched then insert
        ("USER_ID", "EMAIL")
    values
        ("USER_ID", "EMAIL")
;
    commit;`,
  );
});

test('merge_update_columns are used unquoted; merge_exclude_columns match case-insensitively', () => {
  const base = { strategy: 'merge', target: rel, tmp, uniqueKey: 'user_id', destColumns: cols, predicates: [] };
  const [upd] = incrementalDml(sf, { ...base, mergeUpdateColumns: ['email', 'updated_at'] });
  assert.match(upd, /\n {4}when matched then update set\n {8}email = DBT_INTERNAL_SOURCE\.email,updated_at = DBT_INTERNAL_SOURCE\.updated_at\n/);
  const [exc] = incrementalDml(sf, { ...base, mergeExcludeColumns: ['user_id'] });
  assert.match(exc, /\n {4}when matched then update set\n {8}"EMAIL" = DBT_INTERNAL_SOURCE\."EMAIL"\n {4}when not matched/);
  assert.throws(
    () => incrementalDml(sf, { ...base, mergeUpdateColumns: ['a'], mergeExcludeColumns: ['b'] }),
    (e: unknown) =>
      e instanceof BronzeError &&
      e.message === 'Model cannot specify merge_update_columns and merge_exclude_columns. Please update model to use only one config',
  );
});

test('merge without a unique_key is a plain insert', () => {
  const [sql] = incrementalDml(sf, { strategy: 'merge', target: rel, tmp, uniqueKey: null, destColumns: cols, predicates: [] });
  assert.equal(
    sql,
    `-- back compat for old kwarg name
  begin;
        insert into analytics.bronze.bz_users ("USER_ID", "EMAIL")
        (
            select "USER_ID", "EMAIL"
            from analytics.bronze.bz_users__dbt_tmp
        );
    commit;`,
  );
});

test('delete+insert with predicates and a list key', () => {
  const [withPreds] = incrementalDml(sf, {
    strategy: 'delete+insert',
    target: rel,
    tmp,
    uniqueKey: 'user_id',
    destColumns: cols,
    predicates: ['DBT_INTERNAL_DEST.a > 1', 'DBT_INTERNAL_DEST.b < 2'],
  });
  assert.equal(
    withPreds,
    `begin;
        delete from analytics.bronze.bz_users as DBT_INTERNAL_DEST
        where (user_id) in (
            select distinct user_id
            from analytics.bronze.bz_users__dbt_tmp as DBT_INTERNAL_SOURCE
        )
                and DBT_INTERNAL_DEST.a > 1
                and DBT_INTERNAL_DEST.b < 2
            ;
    insert into analytics.bronze.bz_users ("USER_ID", "EMAIL")
    (
        select "USER_ID", "EMAIL"
        from analytics.bronze.bz_users__dbt_tmp
    );
    commit;`,
  );
  const [listKey] = incrementalDml(sf, { strategy: 'delete+insert', target: rel, tmp, uniqueKey: ['a', 'b'], destColumns: cols, predicates: [] });
  assert.ok(listKey.includes('        where (a, b) in (\n            select distinct a, b\n'));
  assert.ok(listKey.includes('as DBT_INTERNAL_SOURCE\n        );\n    insert into'));
});

test('append and insert_overwrite', () => {
  assert.deepEqual(incrementalDml(sf, { strategy: 'append', target: rel, tmp, destColumns: cols, predicates: [] }), [
    `begin;
    insert into analytics.bronze.bz_users ("USER_ID", "EMAIL")
    (
        select "USER_ID", "EMAIL"
        from analytics.bronze.bz_users__dbt_tmp
    )
;
    commit;`,
  ]);
  assert.deepEqual(incrementalDml(sf, { strategy: 'insert_overwrite', target: rel, tmp, destColumns: cols, predicates: [] }), [
    'begin;\n    insert overwrite into analytics.bronze.bz_users \n        select *\n        from analytics.bronze.bz_users__dbt_tmp;\n    commit;',
  ]);
  assert.throws(() => incrementalDml(sf, { strategy: 'microbatch', target: rel, tmp, destColumns: cols, predicates: [] }), BronzeError);
});

test('CTAS: transient by default, transient: false, copy grants', () => {
  const [main] = planModel(sf, input({}));
  assert.equal(main.kind === 'sql' && main.sql, 'create or replace transient table analytics.bronze.bz_users\n    as (select 1 as user_id\n    )\n;');
  const [plain] = planModel(sf, input({ transient: false, copy_grants: true }));
  assert.equal(
    plain.kind === 'sql' && plain.sql,
    'create or replace table analytics.bronze.bz_users\n    copy grants\n    as (select 1 as user_id\n    )\n;',
  );
});

test('CTAS with cluster_by orders the rows and alters the table', () => {
  const steps = planModel(sf, input({ cluster_by: ['load_date', 'user_id'] }));
  assert.equal(steps.length, 1);
  const s = steps[0];
  assert.ok(s.kind === 'sql');
  assert.equal(
    s.sql,
    `create or replace transient table analytics.bronze.bz_users
    as (select * from (
            select 1 as user_id
        )
        order by (
            load_date, user_id
        )
    )
;
alter table analytics.bronze.bz_users cluster by (load_date, user_id);`,
  );
  assert.deepEqual(s.statements, [
    'create or replace transient table analytics.bronze.bz_users\n    as (select * from (\n            select 1 as user_id\n        )\n        order by (\n            load_date, user_id\n        )\n    )',
    'alter table analytics.bronze.bz_users cluster by (load_date, user_id)',
  ]);
});

test('view: plain, secure with copy grants, and a table in the way', () => {
  const [v] = planModel(sf, input({ materialized: 'view' }));
  assert.equal(v.kind === 'sql' && v.sql, 'create or replace   view analytics.bronze.bz_users\n  as (\n    select 1 as user_id\n  );');
  const steps = planModel(sf, input({ materialized: 'view', secure: true, copy_grants: true }, { existing: 'table' }));
  assert.deepEqual(
    steps.map((s) => s.kind === 'sql' && s.sql),
    [
      'drop table if exists analytics.bronze.bz_users cascade',
      'create or replace secure  view analytics.bronze.bz_users\n  copy grants\n  as (\n    select 1 as user_id\n  );',
    ],
  );
});

test('table over an existing view drops the view first', () => {
  assert.deepEqual(labels(planModel(sf, input({}, { existing: 'view' }))), ['drop existing', 'main']);
});

test('incremental: first run, existing view, full refresh flag vs config', () => {
  const inc = (extra: Partial<NodeConfig>, over: Partial<PlanInput>): string[] =>
    labels(planIncremental(sf, input({ materialized: 'incremental', unique_key: 'user_id', ...extra }, over)));
  assert.deepEqual(inc({}, { existing: null }), ['main']);
  assert.deepEqual(inc({}, { existing: 'view' }), ['drop existing', 'main']);
  assert.deepEqual(inc({}, { existing: 'table', fullRefresh: true }), ['main']);
  // full_refresh: false in the config beats --full-refresh
  assert.deepEqual(inc({ full_refresh: false }, { existing: 'table', fullRefresh: true }), [
    'create tmp relation',
    'describe',
    'describe',
    'expand',
    'drop tmp relation',
  ]);
  assert.deepEqual(inc({ full_refresh: true }, { existing: 'table', fullRefresh: false }), ['main']);
  const [viewDrop] = planIncremental(sf, input({ materialized: 'incremental' }, { existing: 'view' }));
  assert.equal(viewDrop.kind === 'sql' && viewDrop.sql, 'drop view if exists analytics.bronze.bz_users cascade');
});

test('incremental run: tmp view for merge, tmp table for delete+insert, override, and the full statement list', () => {
  const merge = planForPreview(sf, input({ materialized: 'incremental', unique_key: 'user_id' }, { existing: 'table' }), cols);
  assert.equal(merge[0], 'create or replace  temporary view analytics.bronze.bz_users__dbt_tmp\n  as (\n    select 1 as user_id\n  )');
  assert.equal(merge[1], 'describe table analytics.bronze.bz_users__dbt_tmp');
  assert.equal(merge[2], 'describe table analytics.bronze.bz_users');
  assert.equal(merge[3], '-- back compat for old kwarg name\n  begin');
  assert.ok(merge[4].startsWith('merge into analytics.bronze.bz_users as DBT_INTERNAL_DEST\n'));
  assert.equal(merge[5], 'commit');
  assert.equal(merge[6], 'drop view if exists analytics.bronze.bz_users__dbt_tmp cascade');
  assert.equal(merge.length, 7);

  const di = planForPreview(
    sf,
    input({ materialized: 'incremental', unique_key: 'user_id', incremental_strategy: 'delete+insert' }, { existing: 'table' }),
    cols,
  );
  assert.equal(di[0], 'create or replace temporary table analytics.bronze.bz_users__dbt_tmp\nas (\n    select 1 as user_id\n    )');
  assert.equal(di.at(-1), 'drop table if exists analytics.bronze.bz_users__dbt_tmp cascade');

  const transient = planForPreview(
    sf,
    input({ materialized: 'incremental', unique_key: 'user_id', tmp_relation_type: 'transient' }, { existing: 'table' }),
    cols,
  );
  assert.equal(transient[0], 'create or replace transient table analytics.bronze.bz_users__dbt_tmp\nas (\n    select 1 as user_id\n    )');
  assert.throws(
    () =>
      planIncremental(
        sf,
        input({ materialized: 'incremental', unique_key: 'k', incremental_strategy: 'delete+insert', tmp_relation_type: 'view' }, { existing: 'table' }),
      ),
    /only supports `table` or `transient`/,
  );
});

test('on_schema_change: ignore, fail, append_new_columns, sync_all_columns', () => {
  const target = [
    { name: 'USER_ID', dataType: 'NUMBER(38,0)' },
    { name: 'OLD_COL', dataType: 'VARCHAR(10)' },
    { name: 'SCORE', dataType: 'NUMBER(38,0)' },
  ];
  const source = [
    { name: 'USER_ID', dataType: 'NUMBER(38,0)' },
    { name: 'NEW_COL', dataType: 'VARCHAR(16777216)' },
    { name: 'SCORE', dataType: 'FLOAT' },
  ];
  const args = { target: rel, tmpColumns: source, targetColumns: target };
  assert.deepEqual(schemaChangeStatements(sf, { ...args, mode: 'ignore' }), { statements: [] });
  const fail = schemaChangeStatements(sf, { ...args, mode: 'fail' });
  assert.deepEqual(fail.statements, []);
  assert.equal(
    fail.error,
    `In analytics.bronze.bz_users: the source and target schemas on this incremental model are out of sync!
They can be reconciled in several ways:
  - set the \`on_schema_change\` config to either append_new_columns or sync_all_columns, depending on your situation.
  - Re-run the incremental model with \`full_refresh: True\` to update the target schema.
  - update the schema manually and re-run the process.

Additional troubleshooting context:
   Source columns not in target: [NEW_COL VARCHAR(16777216)]
   Target columns not in source: [OLD_COL VARCHAR(10)]
   New column types: [{'column_name': 'SCORE', 'new_type': 'FLOAT'}]`,
  );
  assert.deepEqual(schemaChangeStatements(sf, { ...args, mode: 'append_new_columns' }), {
    statements: ['alter table analytics.bronze.bz_users add column "NEW_COL" VARCHAR(16777216)'],
  });
  assert.deepEqual(schemaChangeStatements(sf, { ...args, mode: 'sync_all_columns' }), {
    statements: [
      'alter table analytics.bronze.bz_users add column "NEW_COL" VARCHAR(16777216)',
      'alter table analytics.bronze.bz_users drop column "OLD_COL"',
      'alter table analytics.bronze.bz_users alter "SCORE" set data type FLOAT',
    ],
  });
  // No change at all: nothing to do, even for fail.
  assert.deepEqual(schemaChangeStatements(sf, { mode: 'fail', target: rel, tmpColumns: target, targetColumns: target }), { statements: [] });
});

test('the expand step fails the model on a schema change with on_schema_change: fail, and widens strings', () => {
  const steps = planIncremental(
    sf,
    input({ materialized: 'incremental', unique_key: 'USER_ID', on_schema_change: 'fail' }, { existing: 'table', location: { file: '/p/models/bz_users.sql', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } }),
  );
  const expand = steps.find((s) => s.kind === 'expand');
  assert.ok(expand && expand.kind === 'expand');
  assert.throws(
    () => expand.build({ tmp: [...cols, { name: 'X', dataType: 'NUMBER(38,0)' }], target: cols }),
    (e: unknown) => e instanceof BronzeError && e.location?.file === '/p/models/bz_users.sql' && /out of sync/.test(e.message),
  );
  const ok = expand.build({ tmp: [cols[0], { name: 'EMAIL', dataType: 'VARCHAR(500)' }], target: [cols[0], { name: 'EMAIL', dataType: 'VARCHAR(100)' }] });
  const first = ok[0];
  assert.ok(first.kind === 'sql');
  assert.equal(first.sql, 'alter table analytics.bronze.bz_users alter "EMAIL" set data type varchar(500)');
  // on_schema_change other than ignore inserts the tmp (source) columns.
  const append = planIncremental(sf, input({ materialized: 'incremental', unique_key: 'USER_ID', on_schema_change: 'append_new_columns' }, { existing: 'table' }));
  const ex2 = append.find((s) => s.kind === 'expand');
  assert.ok(ex2 && ex2.kind === 'expand');
  const built = ex2.build({ tmp: [...cols, { name: 'NEW_COL', dataType: 'VARCHAR(16777216)' }], target: cols });
  assert.deepEqual(
    built.map((s) => (s.kind === 'sql' ? s.label : s.kind)),
    ['schema change', 'main'],
  );
  assert.ok(built[1].kind === 'sql' && built[1].sql.includes('("USER_ID", "EMAIL", "NEW_COL")'));
});

test('a contracted incremental model keeps its contract\'s types: no string widening (dbt skips expand_target_column_types)', () => {
  const contract = { columns: [{ name: 'USER_ID', dataType: 'number', quote: false, constraints: [] }, { name: 'EMAIL', dataType: 'varchar(100)', quote: false, constraints: [] }], constraints: [] };
  const steps = planIncremental(sf, input({ materialized: 'incremental', unique_key: 'USER_ID', on_schema_change: 'append_new_columns' }, { existing: 'table', contract: { contract, resolve: () => rel } }));
  const expand = steps.find((s) => s.kind === 'expand');
  assert.ok(expand && expand.kind === 'expand');
  const built = expand.build({ tmp: [cols[0], { name: 'EMAIL', dataType: 'VARCHAR(500)' }], target: [cols[0], { name: 'EMAIL', dataType: 'VARCHAR(100)' }] });
  assert.deepEqual(built.map((s) => (s.kind === 'sql' ? s.label : s.kind)), ['main']);
});

test('a contracted full refresh drops the tmp view a failed incremental run left where the table is built aside', () => {
  const contract = { columns: [{ name: 'USER_ID', dataType: 'number', quote: false, constraints: [] }], constraints: [] };
  const plan = (aside: 'view' | 'table' | null) =>
    planIncremental(sf, input({ materialized: 'incremental', unique_key: 'USER_ID', on_schema_change: 'fail' }, { existing: 'table', fullRefresh: true, contract: { contract, resolve: () => rel, aside } }))
      .filter((s) => s.kind === 'sql')
      .map((s) => (s.kind === 'sql' ? s.sql : ''));
  const sqls = plan('view');
  assert.match(sqls[0], /^drop view if exists analytics\.bronze\.bz_users__dbt_tmp/);
  assert.match(sqls[1], /^create or replace transient table analytics\.bronze\.bz_users__dbt_tmp/);
  // A leftover table is replaced by the create itself; nothing there, nothing to drop.
  for (const aside of ['table', null] as const) assert.match(plan(aside)[0], /^create or replace transient table analytics\.bronze\.bz_users__dbt_tmp/);
});

test('hooks: Snowflake runs only transactional hooks, in order around the model', () => {
  const steps = planModel(
    sf,
    input({
      'pre-hook': [
        { sql: 'grant usage on schema x to role r', transaction: true },
        { sql: 'select before_begin()', transaction: false },
      ],
      'post-hook': [{ sql: 'grant select on table analytics.bronze.bz_users to role r', transaction: true }],
    }),
  );
  assert.deepEqual(
    steps.map((s) => (s.kind === 'sql' ? `${s.label}: ${s.sql.split('\n')[0]}` : s.kind)),
    [
      'pre-hook: grant usage on schema x to role r',
      'main: create or replace transient table analytics.bronze.bz_users',
      'post-hook: grant select on table analytics.bronze.bz_users to role r',
    ],
  );
});

test('query comment, query tag and warehouse switching', () => {
  const steps = planModel(
    sf,
    input(
      { query_tag: 'bronze_load', snowflake_warehouse: 'BIG_WH' },
      { queryComment: { nodeId: 'model.zoom.bz_users', targetName: 'dev' }, profileWarehouse: 'SMALL_WH' },
    ),
  );
  const comment = '/* {"app": "bronze", "node_id": "model.zoom.bz_users", "target_name": "dev"} */\n';
  assert.deepEqual(
    steps.map((s) => (s.kind === 'sql' ? s.sql.split('\n').slice(0, 2).join('\n') : s.kind)),
    [
      `${comment}use warehouse BIG_WH`,
      `${comment}alter session set query_tag = 'bronze_load'`,
      `${comment}create or replace transient table analytics.bronze.bz_users`,
      `${comment}alter session unset query_tag`,
      `${comment}use warehouse SMALL_WH`,
    ],
  );
});

test('splitStatements ignores semicolons in strings and comments and drops comment-only pieces', () => {
  assert.deepEqual(splitStatements("select 'a;b'; -- x;y\nselect \"c;\" /* ; */ from t;\n-- only a comment\n"), [
    "select 'a;b'",
    '-- x;y\nselect "c;" /* ; */ from t',
  ]);
});

test("splitStatements honours Snowflake's backslash escape and $tag$ bodies, as the warehouses do", () => {
  assert.deepEqual(splitStatements("insert into t values ('it\\'s; fine'); select $x$ a;b $x$"), [
    "insert into t values ('it\\'s; fine')",
    'select $x$ a;b $x$',
  ]);
});
