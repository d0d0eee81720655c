// The built-in view / table / incremental materializations end as dbt-snowflake's do: apply_grants with the
// should_revoke each passes, persist_docs (a view's columns commented in its CREATE), the row_access_policy and
// table_tag clauses. Each plan is walked as the runner walks it, its macro steps rendered with Bronze's dbt macros
// (dbt-materialization-macros.ts) against a stand-in warehouse; the statements are what dbt-snowflake 1.11's
// materializations send in that order (materializations/table.sql, incremental.sql, view.sql and
// relations/view/create.sql), whitespace runs shown as one space.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BronzeError, type ColumnDef, type ColumnInfo, type NodeConfig, type RelationType } from '../../server/src/core/types';
import { duckdbDialect, planModel, planSnapshot, snowflakeDialect, type Dialect, type PlanInput, type Step } from '../../server/src/compile/index';
import { planSeed } from '../../server/src/compile/seed';
import { readSeed } from '../../server/src/compile/seed-csv';
import { JinjaEnvironment, render, type QueryResult } from '../../server/src/template/index';
import { request } from './helpers/render-request';

const env = new JinjaEnvironment({ rootPackage: 'proj' });
const rel = { database: 'DB', schema: 'S', identifier: 'M' };
const COLUMNS: ColumnDef[] = [
  { name: 'ID', dataType: 'NUMBER(38,0)' },
  { name: 'NAME', dataType: 'VARCHAR(16777216)' },
];
const column = (name: string, description: string): ColumnInfo => ({ name, description, tags: [], meta: {} });
const DOCS = { description: 'the model', columns: { id: column('id', 'the id') } };
const HOOK = { sql: 'select 1 as post_hook', transaction: true };

// SHOW GRANTS lists the owner and OLD_READER; the model's query returns ID and NAME.
function answer(sql: string): QueryResult {
  if (/show grants/.test(sql)) return { columns: ['privilege', 'granted_to', 'grantee_name'], rows: [['OWNERSHIP', 'ROLE', 'OWNER'], ['SELECT', 'ROLE', 'OLD_READER']] };
  if (/__dbt_sbq/.test(sql)) return { columns: COLUMNS.map((c) => c.name), rows: [] };
  return { columns: [], rows: [] };
}

const nodeConfig = (config: Partial<NodeConfig>): NodeConfig => ({ enabled: true, materialized: 'table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [HOOK], ...config });

/** The statements a run sends for the plan, in order (macro steps rendered in the model's context). */
function statements(d: Dialect, config: Partial<NodeConfig>, existing: RelationType | null, fullRefresh = false): string[] {
  const full = nodeConfig(config);
  const input: PlanInput = { relation: rel, compiledSql: 'select 1 as id', config: full, existing, fullRefresh };
  return sent(planModel(d, input), full);
}

/** The statements `steps` send, whitespace runs shown as one space. */
function sent(steps: Step[], full: NodeConfig, described: ColumnDef[] = COLUMNS): string[] {
  const out: string[] = [];
  const walk = (steps: Step[]): void => {
    for (const step of steps) {
      if (step.kind === 'sql') out.push(...step.statements);
      else if (step.kind === 'describe') out.push(`describe ${step.relation.identifier}`);
      else if (step.kind === 'expand') walk(step.build({ tmp: described, target: described }));
      else if (step.kind === 'macro') {
        const base = request('');
        const req = request(step.template, {
          node: { ...base.node!, config: full, relation: rel, ...DOCS },
          hookContext: step.names,
          introspection: {
            relationType: () => 'table',
            columns: () => COLUMNS,
            query: (sql) => {
              out.push(sql.replace(/;\s*$/, ''));
              return answer(sql);
            },
          },
        });
        const printed = render(env, req).sql;
        if (step.then) walk(step.then(printed));
      }
    }
  };
  walk(steps);
  return out.map((s) => s.replace(/\s+/g, ' ').trim());
}

const CTAS = 'create or replace transient table DB.S.M as (select 1 as id )';
const COMMENT_TABLE = 'comment on table DB.S.M IS $$the model$$';
const COMMENT_COLUMNS = 'alter table DB.S.M alter "ID" COMMENT $$the id$$, "NAME" COMMENT $$$$';
const GRANT = 'grant select on DB.S.M to reporter';
const SHOW = 'show grants on DB.S.M';
const DIFF = 'revoke SELECT on DB.S.M from OLD_READER; grant select on DB.S.M to reporter';
const grants = { grants: { select: ['reporter'] } };
const docs = { persist_docs: { relation: true, columns: true } };

describe('Snowflake: table', () => {
  it('first run: the table, its post-hooks, then every grant (nothing to revoke), then its comments', () => {
    assert.deepEqual(statements(snowflakeDialect, { ...grants, ...docs }, null), [CTAS, 'select 1 as post_hook', GRANT, COMMENT_TABLE, COMMENT_COLUMNS]);
  });
  it('a replaced table without copy_grants starts with no grants: granted, not compared', () => {
    assert.deepEqual(statements(snowflakeDialect, grants, 'table'), [CTAS, 'select 1 as post_hook', GRANT]);
  });
  it('copy_grants keeps the old grants: SHOW GRANTS, then what differs is revoked and granted', () => {
    assert.deepEqual(statements(snowflakeDialect, { ...grants, copy_grants: true }, 'table'), [
      'create or replace transient table DB.S.M copy grants as (select 1 as id )',
      'select 1 as post_hook',
      SHOW,
      DIFF,
    ]);
  });
  it('row_access_policy and table_tag are clauses of the CREATE, after copy grants', () => {
    assert.deepEqual(statements(snowflakeDialect, { copy_grants: true, row_access_policy: 'gov.rap on (id)', table_tag: "gov.t = 'x'" }, null), [
      "create or replace transient table DB.S.M copy grants with row access policy gov.rap on (id) with tag (gov.t = 'x') as (select 1 as id )",
      'select 1 as post_hook',
    ]);
  });
  it('a contracted table takes the row access policy and tag, and its grants after the post-hooks', () => {
    const contract = { columns: [{ name: 'ID', dataType: 'number', quote: false, constraints: [] }], constraints: [] };
    const full = nodeConfig({ ...grants, row_access_policy: 'gov.rap on (id)', table_tag: "gov.t = 'x'" });
    const steps = planModel(snowflakeDialect, { relation: rel, compiledSql: 'select 1 as id', config: full, existing: null, fullRefresh: false, contract: { contract, resolve: () => rel } });
    const out = sent(steps, full);
    assert.equal(out[0], "create or replace transient table DB.S.M__dbt_tmp ( ID number ) with row access policy gov.rap on (id) with tag (gov.t = 'x')");
    assert.deepEqual(out.slice(-2), ['select 1 as post_hook', GRANT]);
  });
  it('without grants or persist_docs nothing follows the post-hooks', () => {
    assert.deepEqual(statements(snowflakeDialect, { persist_docs: {} }, null), [CTAS, 'select 1 as post_hook']);
  });
});

describe('Snowflake: incremental', () => {
  const inc = { materialized: 'incremental', unique_key: 'id', ...grants, ...docs };
  const MERGE = /^merge into DB\.S\.M as DBT_INTERNAL_DEST /;
  it('first run: built as a table, granted without SHOW GRANTS, commented', () => {
    assert.deepEqual(statements(snowflakeDialect, inc, null), [CTAS, 'select 1 as post_hook', GRANT, COMMENT_TABLE, COMMENT_COLUMNS]);
  });
  it('an incremental run compares with SHOW GRANTS (should_revoke(existing_relation.is_table, False))', () => {
    const sent = statements(snowflakeDialect, inc, 'table');
    assert.deepEqual(sent.slice(0, 3), ['create or replace temporary view DB.S.M__dbt_tmp as ( select 1 as id )', 'describe M__dbt_tmp', 'describe M']);
    assert.equal(sent[3], '-- back compat for old kwarg name begin');
    assert.match(sent[4], MERGE);
    assert.equal(sent[5], 'commit');
    assert.deepEqual(sent.slice(6), ['drop view if exists DB.S.M__dbt_tmp cascade', 'select 1 as post_hook', SHOW, DIFF, COMMENT_TABLE, COMMENT_COLUMNS]);
  });
  it('a full refresh grants as a new table unless copy_grants', () => {
    assert.deepEqual(statements(snowflakeDialect, { ...inc, persist_docs: undefined }, 'table', true), [CTAS, 'select 1 as post_hook', GRANT]);
    assert.deepEqual(statements(snowflakeDialect, { ...inc, persist_docs: undefined, copy_grants: true }, 'table', true).slice(2), [SHOW, DIFF]);
  });
  it('the tmp view takes the row access policy and tag', () => {
    const sent = statements(snowflakeDialect, { materialized: 'incremental', row_access_policy: 'gov.rap on (id)', table_tag: "gov.t = 'x'" }, 'table');
    assert.equal(sent[0], "create or replace temporary view DB.S.M__dbt_tmp with row access policy gov.rap on (id) with tag (gov.t = 'x') as ( select 1 as id )");
  });
});

describe('Snowflake: view', () => {
  const view = { materialized: 'view', ...grants };
  it('the grants come before the post-hooks, the comment after them', () => {
    assert.deepEqual(statements(snowflakeDialect, { ...view, persist_docs: { relation: true } }, null), [
      'create or replace view DB.S.M as ( select 1 as id )',
      GRANT,
      'select 1 as post_hook',
      'comment on view DB.S.M IS $$the model$$',
    ]);
  });
  it('a replaced view compares with SHOW GRANTS only with copy_grants', () => {
    assert.deepEqual(statements(snowflakeDialect, view, 'view').slice(1), [GRANT, 'select 1 as post_hook']);
    assert.deepEqual(statements(snowflakeDialect, { ...view, copy_grants: true }, 'view'), [
      'create or replace view DB.S.M copy grants as ( select 1 as id )',
      SHOW,
      DIFF,
      'select 1 as post_hook',
    ]);
    // A table in the view's place: dropped, and the view granted as new (exists_as_view is false).
    assert.deepEqual(statements(snowflakeDialect, { ...view, copy_grants: true }, 'table').slice(2), [GRANT, 'select 1 as post_hook']);
  });
  it("persist_docs columns: the query's columns asked, each named in the CREATE with its comment", () => {
    assert.deepEqual(statements(snowflakeDialect, { materialized: 'view', ...docs, secure: true, row_access_policy: 'gov.rap on (id)' }, null), [
      'select * from ( select 1 as id ) as __dbt_sbq where false limit 0',
      'create or replace secure view DB.S.M ( "ID" COMMENT $$the id$$, "NAME" COMMENT $$$$ ) with row access policy gov.rap on (id) as ( select 1 as id )',
      'select 1 as post_hook',
      'comment on view DB.S.M IS $$the model$$',
    ]);
  });
});

describe('Snowflake: dynamic_table', () => {
  it('granted and commented after the build, before the post-hooks (dynamic_table_execute_build_sql)', () => {
    const dynamic = { materialized: 'dynamic_table', target_lag: '1 hour', snowflake_warehouse: 'wh', ...grants, ...docs };
    // The model's snowflake_warehouse differs from the (unset) profile's: the run starts with `use warehouse wh`.
    const sent = statements(snowflakeDialect, dynamic, 'table').slice(1);
    assert.equal(sent[0], "create or replace dynamic table DB.S.M target_lag = '1 hour' warehouse = wh as ( select 1 as id )");
    assert.deepEqual(sent.slice(1), [GRANT, 'comment on dynamic table DB.S.M IS $$the model$$', COMMENT_COLUMNS, 'select 1 as post_hook']);
    assert.deepEqual(statements(snowflakeDialect, { ...dynamic, copy_grants: true }, 'table').slice(2, 4), [SHOW, DIFF]);
  });
});

describe('DuckDB (the twin)', () => {
  it('no grants step (no roles there); the comments are sent as on Snowflake', () => {
    assert.deepEqual(statements(duckdbDialect, { ...grants, ...docs }, null), [
      'create or replace table DB.S.M as ( select 1 as id )',
      'select 1 as post_hook',
      COMMENT_TABLE,
      COMMENT_COLUMNS,
    ]);
    assert.deepEqual(statements(duckdbDialect, { materialized: 'view', ...grants, ...docs }, 'view'), [
      'select * from ( select 1 as id ) as __dbt_sbq where false limit 0',
      'create or replace view DB.S.M ( "ID" COMMENT $$the id$$, "NAME" COMMENT $$$$ ) as ( select 1 as id )',
      'select 1 as post_hook',
      'comment on view DB.S.M IS $$the model$$',
    ]);
  });
  it('an incremental run comments the table after its post-hooks', () => {
    const sent = statements(duckdbDialect, { materialized: 'incremental', unique_key: 'id', ...grants, ...docs }, 'table');
    assert.deepEqual(sent.slice(-4), ['drop table if exists temp.main.M__dbt_tmp cascade', 'select 1 as post_hook', COMMENT_TABLE, COMMENT_COLUMNS]);
  });
  it('a row access policy is refused by name; a table tag changes no row and is left out', () => {
    for (const materialized of ['table', 'view', 'incremental']) {
      assert.throws(
        () => statements(duckdbDialect, { materialized, row_access_policy: 'gov.rap on (id)' }, null),
        (e: unknown) => e instanceof BronzeError && /row_access_policy \(gov\.rap on \(id\)\) is not supported on the DuckDB target/.test(e.message),
      );
    }
    assert.deepEqual(statements(duckdbDialect, { table_tag: "gov.t = 'x'" }, null), ['create or replace table DB.S.M as ( select 1 as id )', 'select 1 as post_hook']);
  });
});

describe('seeds and snapshots (dbt-adapters\' seed and snapshot materializations)', () => {
  const seedTable = readSeed('id,name\n1,a\n', { file: '/proj/seeds/m.csv' });
  const seed = (existing: RelationType | null, fullRefresh: boolean, extra: Partial<NodeConfig> = {}): string[] => {
    const full = nodeConfig({ materialized: 'seed', ...grants, ...docs, ...extra });
    const location = { file: '/proj/seeds/m.csv', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    return sent(planSeed(snowflakeDialect, 'm', { relation: rel, table: seedTable, config: full, existing, fullRefresh, location, preHooks: [], postHooks: ['select 1 as post_hook'] }).steps, full);
  };
  it('a seed is granted (should_revoke(old_relation, full_refresh_mode)) and commented after its load, before its post-hooks', () => {
    assert.deepEqual(seed(null, false).slice(-5), ['commit', GRANT, COMMENT_TABLE, COMMENT_COLUMNS, 'select 1 as post_hook']);
    assert.deepEqual(seed('table', false).slice(-6, -3), ['commit', SHOW, DIFF]);
    assert.deepEqual(seed('table', true).slice(-5, -3), ['commit', GRANT]);
    assert.deepEqual(seed('table', true, { copy_grants: true }).slice(-6, -3), ['commit', SHOW, DIFF]);
  });
  const snapshot = (d: Dialect, existing: RelationType | null): string[] => {
    const full = nodeConfig({ materialized: 'snapshot', strategy: 'timestamp', unique_key: 'id', updated_at: 'id', ...grants, ...docs });
    const hooks = { preHooks: [], postHooks: [HOOK] };
    const meta = ['DBT_SCD_ID', 'DBT_UPDATED_AT', 'DBT_VALID_FROM', 'DBT_VALID_TO'].map((name) => ({ name, dataType: 'VARCHAR' }));
    return sent(planSnapshot(d, { relation: rel, compiledSql: 'select 1 as id', config: full, existing, ...hooks }), full, [...COLUMNS, ...meta]);
  };
  it('a snapshot is granted (should_revoke(target_relation_exists, full_refresh_mode=False)) and commented before its post-hooks', () => {
    assert.deepEqual(snapshot(snowflakeDialect, null).slice(-4), [GRANT, COMMENT_TABLE, COMMENT_COLUMNS, 'select 1 as post_hook']);
    assert.deepEqual(snapshot(snowflakeDialect, 'table').slice(-6), ['commit', SHOW, DIFF, COMMENT_TABLE, COMMENT_COLUMNS, 'select 1 as post_hook']);
    assert.deepEqual(snapshot(duckdbDialect, 'table').slice(-5), ['commit', COMMENT_TABLE, COMMENT_COLUMNS, 'select 1 as post_hook', 'drop table if exists temp.main.M__dbt_tmp cascade']);
  });
});
