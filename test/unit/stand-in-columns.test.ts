// A stand-in with the refused model's own columns and types (client/src/sample/stand-in-columns.ts, stand-ins.ts):
// the model's query bound on the twin once its parents exist — HASH typed as the twin types it, an external
// function as its CREATE's RETURNS, `*` expanded — and the stand-in planned with exactly those columns, a column the
// query leaves untyped keeping its YAML data_type or its readers' use, and the record saying which is which.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { modelOutputColumns, modelQuery } from '../../client/src/sample/stand-in-columns';
import { columnTypings, planStandIns } from '../../client/src/sample/stand-ins';
import { writeSynthetic } from '../../client/src/cli/sample';
import type { TablePlan } from '../../client/src/sample/plan';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';
import type { TargetConfig } from '../../server/src/core/types';

const MEMORY: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' };

it("reads a model's one query from its compiled SQL, without a trailing semicolon", () => {
  assert.equal(modelQuery('  with a as (select 1 as x) select * from a;\n'), 'with a as (select 1 as x) select * from a');
  assert.equal(modelQuery('-- a comment\nselect 1 as x'), '-- a comment\nselect 1 as x');
  assert.equal(modelQuery('select 1; select 2'), undefined);
});

it("types a refused model's output columns as the twin binds its query: HASH, an external function's RETURNS, `*`, booleans", async () => {
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    const s = await w.openSession();
    await s.execute('create table orders (customer_id number(38,0), amount number(10,2), ordered_at timestamp_ntz, note varchar)');
    // What the project's hook creates: an external function, a call of which the twin refuses (foreign-udf.ts).
    await s.execute("create or replace external function decode_addr(a varchar) returns variant api_integration = aws_api as 'https://example.com/decode'");
    const columns = await modelOutputColumns(
      s,
      'select customer_id, abs(hash(customer_id)) as customer_dk, sum(amount) > 100 as big_spender, decode_addr(max(note)) as addr,\n' +
        '  min(ordered_at) as first_ordered_at -- a trailing comment\nfrom orders group by customer_id',
    );
    assert.deepEqual(columns, [
      { name: 'CUSTOMER_ID', dataType: 'NUMBER(38,0)' },
      { name: 'CUSTOMER_DK', dataType: 'NUMBER(38,0)' },
      { name: 'BIG_SPENDER', dataType: 'BOOLEAN' },
      { name: 'ADDR', dataType: 'VARIANT' },
      { name: 'FIRST_ORDERED_AT', dataType: 'TIMESTAMP_NTZ' },
    ]);
    assert.deepEqual(
      (await modelOutputColumns(s, 'select o.*, 1 as "lower" from orders o'))?.map((c) => c.name),
      ['CUSTOMER_ID', 'AMOUNT', 'ORDERED_AT', 'NOTE', 'lower'],
    );
    // A parent not built yet: nothing is known, the stand-in stays typed by use.
    assert.equal(await modelOutputColumns(s, 'select a from not_built_yet'), undefined);
  } finally {
    await w.close();
  }
});

const PROJECT = {
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
  'models/staged.sql': "select user_id, email, score, created_at from {{ source('raw', 'events') }}",
  'models/scored.sql': "select user_id, abs(hash(email)) as email_dk, score > 10 as high, 'gold' as tier, null as spare\nfrom {{ ref('staged') }}",
  'models/flags.sql': "select email_dk, high from {{ ref('scored') }} union all select -1, false",
  // A reader naming a column the model does not output (it would fail on Snowflake too).
  'models/misread.sql': "select s.user_id, s.loyalty_code from {{ ref('scored') }} s",
  'models/schema.yml':
    'version: 2\nmodels:\n  - name: scored\n    columns:\n      - name: user_id\n        data_type: number(38,0)\n        tests: [unique, not_null]\n' +
    "      - name: tier\n        tests:\n          - accepted_values:\n              values: ['gold', 'silver']\n      - name: spare\n        data_type: date\n",
};

it("plans the stand-in with the model's output columns and types, keeping its tests' constraints; the record says how each was typed", async (t) => {
  const engine = await openTempProject(t, 'bronze-stand-in-columns-', PROJECT);
  const outputs = [
    { name: 'USER_ID', dataType: 'NUMBER(38,0)' },
    { name: 'EMAIL_DK', dataType: 'NUMBER(38,0)' },
    { name: 'HIGH', dataType: 'BOOLEAN' },
    { name: 'TIER', dataType: 'VARCHAR' },
    { name: 'SPARE' },
  ];
  const refused = new Map([['model.p.scored', 'HASH (…)']]);
  const byUse = planStandIns(engine.project, refused, { rows: 20, onSkip: () => undefined })[0];
  // Without the output: the readers' columns (loyalty_code too), each typed by its use: HIGH a BOOLEAN beside the
  // UNION's FALSE (union-numbers.ts), EMAIL_DK beside -1 text holding digits — not the NUMBER the model outputs.
  assert.ok(byUse.plan.columns.some((c) => c.name.toLowerCase() === 'loyalty_code'));
  assert.equal(byUse.plan.columns.find((c) => c.name.toLowerCase() === 'high')?.dataType.toUpperCase(), 'BOOLEAN');
  assert.notEqual(byUse.plan.columns.find((c) => c.name.toLowerCase() === 'email_dk')?.dataType.toUpperCase(), 'NUMBER(38,0)');

  const [{ plan, model }] = planStandIns(engine.project, refused, { rows: 20, onSkip: () => undefined, outputs: new Map([['model.p.scored', outputs]]) });
  assert.deepEqual(
    plan.columns.map((c) => `${c.name.toUpperCase()} ${c.dataType.toUpperCase()}`),
    ['USER_ID NUMBER(38,0)', 'EMAIL_DK NUMBER(38,0)', 'HIGH BOOLEAN', 'TIER VARCHAR', 'SPARE DATE'],
  );
  const columns = new Map(plan.columns.map((c) => [c.name.toLowerCase(), c]));
  assert.equal(columns.get('user_id')?.unique, true);
  assert.equal(columns.get('user_id')?.notNull, true);
  assert.deepEqual(columns.get('tier')?.accepted, ['gold', 'silver']);
  assert.deepEqual(
    columnTypings(model, plan, outputs).map((c) => `${c.name} ${c.typedBy}`),
    ['USER_ID model', 'EMAIL_DK model', 'HIGH model', 'TIER model', 'SPARE yaml'],
  );
  assert.deepEqual(
    columnTypings(model, byUse.plan, undefined).filter((c) => c.typedBy !== 'use').map((c) => `${c.name} ${c.typedBy}`),
    ['USER_ID yaml', 'SPARE yaml'],
  );
});

it('draws a column referencing a source no plan describes from where an earlier sample wrote it (a stand-in drawn again by a run)', async () => {
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    const s = (await w.openSession()) as DuckDbSession;
    await s.execute('create schema raw');
    await s.execute('create table raw.customers (customer_id number(38,0))');
    await s.execute('insert into raw.customers select 7000 + range from range(5)');
    const plan: TablePlan = {
      sourceId: 'source.p.bronze_stand_in.scored',
      label: 'stand-in for model scored',
      relation: { database: '', schema: 'main', identifier: 'SCORED' },
      rows: 12,
      columns: [
        { name: 'customer_id', quoted: false, dataType: 'NUMBER(38,0)', kind: 'id', notNull: true, unique: false, dirty: false, origin: 'declared', references: { sourceId: 'source.p.raw.customers', column: 'customer_id' } },
      ],
      duplicates: 0,
      nullKeys: 0,
      sparseNulls: false,
    };
    const drawn = { seed: 3, days: 30, anchor: '2026-01-01 00:00:00', log: () => undefined };
    const outside = async (): Promise<unknown> => (await s.execute('select count(*) as n from main.scored where customer_id not in (select customer_id from raw.customers)')).rows[0].N;
    await writeSynthetic(s, [plan], drawn);
    assert.notEqual(await outside(), 0);
    await writeSynthetic(s, [plan], { ...drawn, sampledAt: (id) => (id === 'source.p.raw.customers' ? { database: '', schema: 'raw', identifier: 'customers' } : undefined) });
    assert.equal(await outside(), 0);
  } finally {
    await w.close();
  }
});
