// A microbatch model's SQL as dbt renders it for one batch, and dbt-snowflake's statements for it:
// - refs and sources to nodes configured with `event_time` read `(select * from X where col >= '<start>' and col < '<end>')`
//   (dbt-adapters BaseRelation.render_event_time_filtered; Snowflake's relations take no alias), `.render()` opts out,
//   inputs without event_time and models of other strategies read whole tables; `model.batch` holds id and bounds;
// - snowflake__get_incremental_microbatch_sql: delete of the batch window + insert, no explicit transaction, and a
//   temp view unless a unique_key is set (dbt_snowflake_get_tmp_relation_type).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { BronzeError, type ColumnDef, type NodeConfig } from '../../server/src/core/types';
import { Engine, offlineResolver } from '../../server/src/engine';
import { duckdbDialect, incrementalDml, planModel, snowflakeDialect as sf, type Step } from '../../server/src/compile/index';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'microbatch');
const batch = { id: '20240917', start: new Date('2024-09-17T00:00:00Z'), end: new Date('2024-09-18T00:00:00Z') };

async function compiled(name: string, withBatch: boolean, empty = false): Promise<string> {
  const engine = await Engine.open({ projectDir: FIXTURE });
  const model = engine.findModel(name)!;
  const out = await engine.compileModel(model, {
    invocationId: 'x',
    runStartedAt: new Date(0),
    fullRefresh: false,
    resolve: offlineResolver(model.relation, 'incremental'),
    ...(withBatch ? { batch } : {}),
    ...(empty ? { empty: true } : {}),
  });
  // The config() line renders to an empty first line.
  return out.sql.trim();
}

test('in a batch, inputs with event_time are filtered to the batch; others, and .render(), read the whole table', async () => {
  const sql = await compiled('daily', true);
  assert.equal(
    sql,
    [
      '-- batch 20240917 from 2024-09-17 00:00:00+00:00',
      'select e.id, e.event_time, c.clicked_at, u.name',
      "from (select * from ANALYTICS.MARTS.events where event_time >= '2024-09-17 00:00:00+00:00' and event_time < '2024-09-18 00:00:00+00:00') e",
      "join (select * from RAW.raw.clicks where clicked_at >= '2024-09-17 00:00:00+00:00' and clicked_at < '2024-09-18 00:00:00+00:00') c on c.id = e.id",
      'join RAW.raw.users u on u.id = e.id',
      'where e.id not in (select id from ANALYTICS.MARTS.events)',
    ].join('\n'),
  );
});

test('outside a batch (compile, the editor) the model reads its inputs whole and model.batch is undefined', async () => {
  const sql = await compiled('daily', false);
  assert.match(sql, /^-- batch none from \n/);
  assert.match(sql, /from ANALYTICS\.MARTS\.events e\n/);
  assert.match(sql, /join RAW\.raw\.clicks c /);
});

test('--empty inside a batch: the limit subquery is wrapped by the event-time filter (dbt-adapters __str__ order)', async () => {
  const sql = await compiled('daily', true, true);
  assert.match(sql, /from \(select \* from \(select \* from ANALYTICS\.MARTS\.events where false limit 0\) where event_time >= '2024-09-17 00:00:00\+00:00' and event_time < '2024-09-18 00:00:00\+00:00'\) e/);
});

test('a model of another strategy reads an event_time input whole, even given a batch', async () => {
  assert.equal(await compiled('plain', true), 'select * from ANALYTICS.MARTS.events');
});

const rel = { database: 'ANALYTICS', schema: 'MARTS', identifier: 'daily' };
const tmp = { ...rel, identifier: 'daily__dbt_tmp' };
const cols: ColumnDef[] = [
  { name: 'ID', dataType: 'NUMBER(38,0)' },
  { name: 'EVENT_TIME', dataType: 'TIMESTAMP_NTZ(9)' },
];
const window = { start: '2024-09-17 00:00:00+00:00', end: '2024-09-18 00:00:00+00:00', eventTime: 'event_time' };

test("dbt-snowflake's microbatch DML: delete of the window (incremental_predicates first), then the insert; no transaction", () => {
  assert.deepEqual(incrementalDml(sf, { strategy: 'microbatch', target: rel, tmp, destColumns: cols, predicates: ["DBT_INTERNAL_TARGET.region = 'eu'"], batch: window }), [
    `delete from ANALYTICS.MARTS.daily DBT_INTERNAL_TARGET
    where (
    DBT_INTERNAL_TARGET.region = 'eu'
    and DBT_INTERNAL_TARGET.event_time >= to_timestamp_tz('2024-09-17 00:00:00+00:00')
    and DBT_INTERNAL_TARGET.event_time < to_timestamp_tz('2024-09-18 00:00:00+00:00')
    
    );insert into ANALYTICS.MARTS.daily ("ID", "EVENT_TIME")
    (
        select "ID", "EVENT_TIME"
        from ANALYTICS.MARTS.daily__dbt_tmp
    )`,
  ]);
  // Outside a batch there is no window to replace: a located error, never a delete without a WHERE.
  assert.throws(() => incrementalDml(sf, { strategy: 'microbatch', target: rel, tmp, destColumns: cols, predicates: [] }), BronzeError);
});

test('the DuckDB target deletes the same window, compared as the batch filters compare, then inserts', () => {
  assert.deepEqual(incrementalDml(duckdbDialect, { strategy: 'microbatch', target: rel, tmp, destColumns: cols, predicates: [], batch: window }), [
    "delete from ANALYTICS.MARTS.daily as DBT_INTERNAL_TARGET\nwhere (DBT_INTERNAL_TARGET.event_time >= '2024-09-17 00:00:00+00:00')\n  and (DBT_INTERNAL_TARGET.event_time < '2024-09-18 00:00:00+00:00')",
    'insert into ANALYTICS.MARTS.daily ("ID", "EVENT_TIME")\n(\n    select "ID", "EVENT_TIME"\n    from ANALYTICS.MARTS.daily__dbt_tmp\n)',
  ]);
});

function config(extra: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'incremental', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], incremental_strategy: 'microbatch', event_time: 'event_time', ...extra };
}

function expandAll(steps: Step[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    if (s.kind === 'sql') out.push(...s.statements);
    else if (s.kind === 'expand') out.push(...expandAll(s.build({ tmp: cols, target: cols })));
  }
  return out;
}

test('a batch on an existing table: a temporary view (a table with a unique_key), the window replaced, the view dropped', () => {
  const input = { relation: rel, compiledSql: 'select 1 as id', existing: 'table' as const, fullRefresh: false, batch: { start: window.start, end: window.end } };
  const viewed = expandAll(planModel(sf, { ...input, config: config({}) }));
  assert.match(viewed[0], /^create or replace {2}temporary view ANALYTICS\.MARTS\.daily__dbt_tmp/);
  assert.match(viewed[1], /^delete from ANALYTICS\.MARTS\.daily DBT_INTERNAL_TARGET/);
  assert.match(viewed[2], /^insert into ANALYTICS\.MARTS\.daily /);
  assert.equal(viewed[3], 'drop view if exists ANALYTICS.MARTS.daily__dbt_tmp cascade');
  const keyed = expandAll(planModel(sf, { ...input, config: config({ unique_key: 'id' }) }));
  assert.match(keyed[0], /^create or replace temporary table ANALYTICS\.MARTS\.daily__dbt_tmp/);
  // A first batch (no table yet) creates the table from the batch's rows, as any incremental model's first run.
  const first = expandAll(planModel(sf, { ...input, existing: null, config: config({}) }));
  assert.match(first[0], /^create or replace transient table ANALYTICS\.MARTS\.daily/);
});

test('the compiled preview (compile --print, the editor) shows each batch a run executes now, marked by a comment', async () => {
  const engine = await Engine.open({ projectDir: FIXTURE });
  const model = engine.findModel('daily')!;
  const incremental = await engine.previewStatements(model, 'incremental', { columns: cols });
  // lookback 1: yesterday's batch and today's, each a temporary view, the delete of its window and the insert.
  const marks = incremental.filter((s) => s.startsWith('-- microbatch batch '));
  assert.equal(marks.length, 2);
  assert.match(marks[0], /^-- microbatch batch \d{4}-\d{2}-\d{2} \(1 of 2\)\ncreate or replace {2}temporary view ANALYTICS\.MARTS\.daily__dbt_tmp/);
  assert.equal(incremental.filter((s) => s.startsWith('delete from ANALYTICS.MARTS.daily DBT_INTERNAL_TARGET')).length, 2);
  // A first run from begin (2024-09-01): the first batch creates the table; the last is shown, those between counted.
  const first = await engine.previewStatements(model, 'first', { columns: cols });
  assert.match(first[0], /^-- microbatch batch 2024-09-01 \(1 of (\d+)\)\ncreate or replace transient table ANALYTICS\.MARTS\.daily\n/);
  assert.match(first[0], /event_time >= '2024-09-01 00:00:00\+00:00' and event_time < '2024-09-02 00:00:00\+00:00'/);
  assert.match(first[1], /^-- \d+ more batches before this one, each replacing its own day as this one does\n-- microbatch batch /);
});
