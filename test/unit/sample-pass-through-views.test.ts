// A table the models read by name that the project does not create, named as the project names the views it builds
// over its tables (robling_product: V_DWH_… in DW_DWH_V, each `SELECT SRC.* FROM {{ ref('DWH_…') }} SRC`), is on the
// warehouse a view over the table of that name: robling's macros read the business day from DW_DWH_V.V_DWH_C_PARAM,
// its staging views from DW_DWH.DWH_C_PARAM. Sampled apart, the two held different days, and the sales reconciliation
// compared the staged rows (dated by the table) with a filter on the macros' day: every DWH row was missed. The
// sampler writes such a table as a view over its table, where the table's plan holds what the view's readers read.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { openTempProject } from '../helpers/temp-project';
import type { ColumnPlan, TablePlan } from '../../client/src/sample/plan';
import type { LiteralTable } from '../../client/src/sample/literal-tables';
import { passThroughViewConventions, planViewsOverTables, viewStatements, viewsOverReadTables } from '../../client/src/sample/pass-through-views';

const view = (name: string, body: string): string => `{{ config(materialized='view', schema='dw_v', post_hook=["{{ log('x') }}"]) }}\n${body}\n`;
const table = "{{ config(materialized='table', schema='dw') }}\nselect 1 as id\n";

const FILES: Record<string, string> = {
  'models/orders.sql': table,
  'models/items.sql': table,
  'models/stores.sql': table,
  'models/v_orders.sql': view('v_orders', "SELECT SRC.*\nFROM {{ ref('orders') }} SRC"),
  'models/v_items.sql': view('v_items', "-- the items, as they are\nselect * from {{ ref('items') }}"),
  // A view that filters is not its table passed through: no convention from it.
  'models/v_stores.sql': view('v_stores', "select * from {{ ref('stores') }} where id > 0"),
};

function literal(schema: string, identifier: string): LiteralTable {
  return { name: `${schema}.${identifier}`, relation: { database: 'DB', schema, identifier }, quoting: {}, readers: [], spellings: [] };
}

function column(name: string, extra: Partial<ColumnPlan> = {}): ColumnPlan {
  return { name, quoted: false, dataType: 'VARCHAR', kind: 'text', notNull: false, unique: false, dirty: true, origin: 'models', ...extra } as ColumnPlan;
}

function plan(sourceId: string, schema: string, identifier: string, columns: ColumnPlan[]): TablePlan {
  return { sourceId, label: `${schema}.${identifier}`, relation: { database: 'DB', schema, identifier }, rows: 3, columns, duplicates: 0, nullKeys: 0, sparseNulls: false };
}

it("reads the project's convention for views over its tables from the view models that pass their one parent through", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-pass-through-views-', FILES);
  const conventions = passThroughViewConventions(engine.project);
  const m = (name: string) => [...engine.project.models.values()].find((x) => x.name === name)!.relation;
  const [viewSchema, tableSchema] = [m('v_orders').schema.toUpperCase(), m('orders').schema.toUpperCase()];
  assert.notEqual(viewSchema, tableSchema);
  assert.deepEqual([...conventions], [[`${viewSchema}|V_`, tableSchema]]);
  // Read tables of that naming, each paired with the table its name names; one whose table is not read stays apart.
  const tables = [literal(viewSchema, 'V_C_PARAM'), literal(tableSchema, 'C_PARAM'), literal(viewSchema, 'V_C_LOG'), literal('OTHER', 'V_C_PARAM')];
  tables.forEach((x) => (x.relation.database = m('orders').database));
  assert.deepEqual(viewsOverReadTables(engine.project, tables), [{ view: 0, table: 1 }]);
});

it('writes the view over its table where the table holds what its readers read, with their one value and clean rows', async (t) => {
  const day = { oneValue: true as const, kind: 'date' as const, notNull: true, dirty: false };
  const viewPlan = plan('table.v', 'DW_V', 'V_C_PARAM', [column('PARAM_NAME', { unique: true, seedValues: ['CURR_DAY'] }), column('PARAM_VALUE', day)]);
  const tablePlan = plan('table.t', 'DW', 'C_PARAM', [column('PARAM_NAME', { seedValues: ['INV_LOAD', 'CURR_DAY'] }), column('PARAM_VALUE')]);
  const reader = plan('table.r', 'DW', 'R', [column('P', { references: { sourceId: 'table.v', column: 'PARAM_NAME' } })]);
  const { plans, views } = planViewsOverTables([viewPlan, tablePlan, reader], [{ view: 'table.v', table: 'table.t' }]);
  assert.deepEqual(plans.map((p) => p.sourceId), ['table.t', 'table.r']);
  assert.deepEqual(views.map((v) => [v.view.identifier, v.over.identifier]), [['V_C_PARAM', 'C_PARAM']]);
  const value = plans[0].columns[1];
  assert.deepEqual([value.oneValue, value.kind, value.notNull, value.dirty], [true, 'date', true, false]);
  assert.equal(plans[0].columns[0].unique, true);
  assert.deepEqual(plans[1].columns[0].references, { sourceId: 'table.t', column: 'PARAM_NAME' });

  // A key the view's readers look up that the table does not hold (a job's name in a scripts table): both stay tables.
  const scripts = plan('table.v2', 'DW_V', 'V_C_SCRIPTS', [column('JOB_NAME', { seedValues: ['load_orders'] })]);
  const own = plan('table.t2', 'DW', 'C_SCRIPTS', [column('JOB_NAME')]);
  assert.equal(planViewsOverTables([scripts, own], [{ view: 'table.v2', table: 'table.t2' }]).views.length, 0);
  // So does a view whose readers read a column the table's plan lacks.
  const wider = plan('table.v3', 'DW_V', 'V_C_PARAM', [column('PARAM_NAME'), column('NOTE')]);
  assert.equal(planViewsOverTables([wider, tablePlan], [{ view: 'table.v3', table: 'table.t' }]).views.length, 0);

  // On DuckDB: an earlier sample's table at the view's name is replaced by the view, which shows the table's rows.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  await conn.run(`ATTACH ':memory:' AS "DB"`);
  await conn.run(`CREATE SCHEMA "DB"."DW"; CREATE TABLE "DB"."DW"."C_PARAM" AS SELECT 'CURR_DAY' AS "PARAM_NAME", '2026-01-01' AS "PARAM_VALUE"`);
  await conn.run(`CREATE SCHEMA "DB"."DW_V"; CREATE TABLE "DB"."DW_V"."V_C_PARAM" AS SELECT 'CURR_DAY' AS "PARAM_NAME", '2025-12-12' AS "PARAM_VALUE"`);
  for (const sql of viewStatements(views[0], 'table')) await conn.run(sql);
  await conn.run(`UPDATE "DB"."DW"."C_PARAM" SET "PARAM_VALUE" = '2026-01-02'`);
  assert.deepEqual((await conn.runAndReadAll(`SELECT "PARAM_VALUE" FROM "DB"."DW_V"."V_C_PARAM"`)).getRows(), [['2026-01-02']]);
  for (const sql of viewStatements(views[0], 'view')) await conn.run(sql);
});
