// `sample --synthetic` writes rows that pass the recency, sequence and not_null tests of models built from a
// source (flipside_axelar's silver__blocks): a recency test's column holds values within its window before the
// sampling run's clock (and only that column: the rest stays before the fixed anchor, a function of the seed);
// a sequence test's column holds consecutive values; a not_null on a COALESCE of one column's JSON paths keeps
// NULLs out of that column.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine } from '../../server/src/engine';
import { openTempProject } from '../helpers/temp-project';
import { syntheticRows } from '../helpers/synthetic-rows';
import { planSynthetic, type TablePlan } from '../../client/src/sample/plan';
import { keptRows, quoteIdent, relationSql, syntheticInsert } from '../../client/src/sample/sql';
import { nullPropagatingColumns, singleColumnItem } from '../../client/src/sample/expression-origin';
import { originOfModelColumn } from '../../client/src/sample/model-alias';
import { recencyOf, sequenceStepOf } from '../../client/src/sample/test-windows';

const ANCHOR = '2026-01-01 00:00:00';
const NOW = '2026-12-05 01:30:00';

const project = (t: TestContext, files: Record<string, string>): Promise<Engine> => openTempProject(t, 'bronze-sample-windows-', files);

const rows = (t: TestContext, plan: TablePlan, query: string, now = NOW): Promise<unknown[][]> => syntheticRows(t, plan, query, { days: 365, anchor: ANCHOR, now });

// Flipside's shape: a bronze model passes the source's VARIANT through, silver reads it by paths.
const BLOCKS = {
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: blocks\n',
  'models/bronze_blocks.sql': "select block_number as block_id, data, _loaded_at from {{ source('raw', 'blocks') }} where data:error is null",
  'models/silver_blocks.sql':
    'select block_id,\n  coalesce(data :result :header :time :: timestamp, data :header :time :: timestamp) as block_timestamp,\n' +
    '  coalesce(array_size(data :result :txs) :: number, array_size(data :txs) :: number) as tx_count,\n' +
    "  data :header :chain_id :: string as chain_id, _loaded_at\nfrom {{ ref('bronze_blocks') }}",
  'models/silver_blocks.yml':
    'version: 2\nmodels:\n  - name: silver_blocks\n    tests:\n      - sequence_gaps:\n          column_name: block_id\n    columns:\n' +
    '      - name: block_timestamp\n        tests:\n          - not_null\n          - dbt_expectations.expect_row_values_to_have_recent_data:\n              datepart: day\n              interval: 1\n' +
    '      - name: tx_count\n        tests: [not_null]\n',
  'macros/sequence_gaps.sql': '{% test sequence_gaps(model, column_name) %}select 1 from {{ model }} where false{% endtest %}',
};

describe('the tests a sampled source must pass through its models', () => {
  it('finds the one column a select item computes from, with the JSON paths it reads', () => {
    const sql = BLOCKS['models/silver_blocks.sql'];
    assert.deepEqual(singleColumnItem(sql, 'block_timestamp'), {
      column: 'data',
      paths: [
        [{ key: 'result' }, { key: 'header' }, { key: 'time' }],
        [{ key: 'header' }, { key: 'time' }],
      ],
      bare: false,
    });
    assert.equal(singleColumnItem(sql, 'tx_count')?.column, 'data');
    assert.equal(singleColumnItem('select concat_ws(\'-\', a, b) as k from t', 'k'), undefined);
    assert.deepEqual(singleColumnItem('select dateadd(day, 1, t.x) as y from t', 'y'), { column: 'x', paths: [], bare: false });
    assert.deepEqual(singleColumnItem('select t.x as x from t', 'x'), { column: 'x', paths: [], bare: true });
  });

  it('reads the window of dbt_expectations and dbt_utils recency tests and the step of sequence tests', () => {
    assert.deepEqual(recencyOf('expect_row_values_to_have_recent_data', { datepart: 'day', interval: 1 }, 'ts'), { column: 'ts', seconds: 86400 });
    assert.deepEqual(recencyOf('recency', { datepart: 'hour', field: 'loaded_at', interval: 6 }, undefined), { column: 'loaded_at', seconds: 21600 });
    assert.equal(recencyOf('not_null', {}, 'ts'), undefined);
    assert.equal(sequenceStepOf('sequence_gaps', {}), 1);
    assert.equal(sequenceStepOf('sequence_gaps', { partition_by: ['chain'] }), undefined);
    assert.equal(sequenceStepOf('sequential_values', { interval: 5 }), 5);
    assert.equal(sequenceStepOf('sequential_values', { interval: 1, datepart: 'day' }), undefined);
  });

  it('keeps NULLs out of a VARIANT whose paths a not_null test reads through a COALESCE (axelar silver__blocks)', async (t) => {
    const engine = await project(t, BLOCKS);
    const plan = planSynthetic(engine.project, { rows: 200, clean: false }).find((p) => p.label === 'raw.blocks')!;
    const data = plan.columns.find((c) => c.name.toLowerCase() === 'data')!;
    assert.equal(data.notNull, true);
    // Every row's silver value is filled, as the not_null tests ask.
    const [[nulls]] = await rows(
      t,
      plan,
      `select count(*) from t where coalesce(try_cast(json_extract_string(t.data, '$.result.header.time') as timestamp), try_cast(json_extract_string(t.data, '$.header.time') as timestamp)) is null`,
    );
    assert.equal(Number(nulls), 0);
  });

  it('puts what a recency test guards, and nothing else, within its window before the run clock', async (t) => {
    const engine = await project(t, BLOCKS);
    const plan = planSynthetic(engine.project, { rows: 200, clean: false }).find((p) => p.label === 'raw.blocks')!;
    const [[oldest, newest, chainFromAnchor, loaded]] = await rows(
      t,
      plan,
      `select min(ts), max(ts), count(*) filter (where json_extract_string(t.data, '$.header.chain_id') is null), max(t._loaded_at) from (select t.*, cast(json_extract_string(t.data, '$.result.header.time') as timestamp) ts from t) t`,
    );
    assert.ok(String(oldest) >= '2026-12-04 01:30:00', String(oldest));
    assert.ok(String(newest) <= NOW, String(newest));
    assert.equal(Number(chainFromAnchor), 0);
    // A time no recency test guards stays before the fixed anchor.
    assert.ok(String(loaded) <= ANCHOR, String(loaded));
    // The rest of the row does not depend on the clock: another `now` changes only the guarded values.
    const strip = (r: unknown[][]) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g, 'T');
    const other = await rows(t, plan, 'select * exclude (data) from t order by all', '2027-03-01 00:00:00');
    assert.equal(strip(other), strip(await rows(t, plan, 'select * exclude (data) from t order by all')));
  });

  it('writes consecutive values where a sequence test reads them (through a rename)', async (t) => {
    const engine = await project(t, BLOCKS);
    const plan = planSynthetic(engine.project, { rows: 150, clean: false }).find((p) => p.label === 'raw.blocks')!;
    assert.equal(plan.columns.find((c) => c.name.toLowerCase() === 'block_number')?.step, 1);
    const [[gaps, distinct]] = await rows(
      t,
      plan,
      'select count(*) filter (where block_number - prev <> 1), count(distinct block_number) from (select block_number, lag(block_number) over (order by block_number) prev from t where block_number is not null) s',
    );
    assert.equal(Number(gaps), 0);
    assert.ok(Number(distinct) > 100);
  });

  it('follows a not_null test through a join of models to the one parent naming the column (axelar silver__transactions)', async (t) => {
    const engine = await project(t, {
      ...BLOCKS,
      'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: blocks\n      - name: txs\n',
      'models/bronze_txs.sql': "select block_number as block_id, tx_hash :: string as tx_id, data from {{ source('raw', 'txs') }}",
      'models/silver_txs.sql':
        "with base as (select block_id, tx_id from {{ ref('bronze_txs') }})\nselect b.block_id, block_timestamp, tx_id\nfrom base b left join {{ ref('silver_blocks') }} bb on b.block_id = bb.block_id",
      'models/silver_txs.yml': 'version: 2\nmodels:\n  - name: silver_txs\n    columns:\n      - name: tx_id\n        tests: [not_null, unique]\n',
    });
    const txs = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.txs')!;
    const hash = txs.columns.find((c) => c.name.toLowerCase() === 'tx_hash')!;
    assert.equal(hash.notNull, true);
    // bronze_txs casts it to text (`tx_hash :: string`): distinct values have distinct texts, so the unique test
    // binds the source column too (a cast to another type carries only NULL-ness: sample-unique-through-text-cast).
    assert.equal(hash.unique, true);
  });

  it('draws a LEFT JOIN key from the rows the joined model keeps when a not_null test needs every match', async (t) => {
    // silver_txs left-joins silver_blocks on block_id and tests block_timestamp not_null: every transaction's block
    // must be a block silver_blocks keeps (bronze_blocks drops those whose DATA holds an `error` key).
    const engine = await project(t, {
      ...BLOCKS,
      'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: blocks\n      - name: txs\n',
      'models/bronze_txs.sql': "select block_number as block_id, tx_hash :: string as tx_id from {{ source('raw', 'txs') }}",
      'models/silver_txs.sql':
        "with base as (select block_id, tx_id from {{ ref('bronze_txs') }})\nselect b.block_id, block_timestamp, tx_id\nfrom base b\nleft outer join {{ ref('silver_blocks') }}\n  bb on b.block_id = bb.block_id",
      'models/silver_txs.yml': 'version: 2\nmodels:\n  - name: silver_txs\n    columns:\n      - name: block_timestamp\n        tests: [not_null]\n',
    });
    const plans = planSynthetic(engine.project, { rows: 100, clean: false });
    const [blocks, txs] = [plans.find((p) => p.label === 'raw.blocks')!, plans.find((p) => p.label === 'raw.txs')!];
    assert.ok(plans.indexOf(blocks) < plans.indexOf(txs), 'the referenced table is written first');
    assert.deepEqual(txs.columns.find((c) => c.name.toLowerCase() === 'block_number')?.references, { sourceId: blocks.sourceId, column: 'block_number' });
    const keep = keptRows(blocks);
    assert.equal(keep, `json_extract(CAST("data" AS JSON), '$."error"') IS NULL`);
    // Written as `bronze sample` writes them: every transaction's block is one the models keep.
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    await conn.run(`ATTACH ':memory:' AS ${quoteIdent(blocks.relation.database)}`);
    await conn.run(`CREATE SCHEMA ${quoteIdent(blocks.relation.database)}.${quoteIdent(blocks.relation.schema)}`);
    const [B, T] = [relationSql(blocks.relation), relationSql(txs.relation)];
    // The twin's CREATE speaks Snowflake types (its dialect layer maps them): the SELECT alone makes the table here.
    const select = (sql: string): string => sql.replace(/^INSERT INTO [^\n]*\n/, '');
    await conn.run(`CREATE TABLE ${B} AS ${select(syntheticInsert(blocks, { seed: 1, days: 365, anchor: ANCHOR, now: NOW, references: new Map() }))}`);
    const [[kept, all]] = (await conn.runAndReadAll(`select count(distinct block_number) filter (where ${keep}), count(distinct block_number) from ${B}`)).getRows();
    assert.ok(Number(kept) < Number(all), 'some blocks carry the error key the models drop');
    const references = new Map([[`${blocks.sourceId}|block_number`, { relation: blocks.relation, count: Number(kept), keep }]]);
    await conn.run(`CREATE TABLE ${T} AS ${select(syntheticInsert(txs, { seed: 1, days: 365, anchor: ANCHOR, now: NOW, references }))}`);
    const [[unmatched]] = (
      await conn.runAndReadAll(`select count(*) from ${T} t left join (select block_number from ${B} where ${keep}) b on t.block_number = b.block_number where b.block_number is null`)
    ).getRows();
    assert.equal(Number(unmatched), 0);
  });

  it('writes numbers in sequence where a singular sequence-gaps test subtracts them (algorand ROUND)', async (t) => {
    const engine = await project(t, {
      'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: block_header\n',
      'models/block.sql': "select round as block_id, realtime :: timestamp as block_timestamp from {{ source('raw', 'block_header') }}",
      'macros/gaps.sql': '{% macro sequence_gaps_buffered_look_back(table, partition_by, column, delayed_column, delayed_period) %}select 1 from {{ table }} where false{% endmacro %}',
      'tests/block_no_gap.sql': '{{ sequence_gaps_buffered_look_back(ref(\'block\'), [], "block_id", "block_timestamp", "15 HOURS") }}',
    });
    const plan = planSynthetic(engine.project, { rows: 50, clean: false })[0];
    const round = plan.columns.find((c) => c.name.toLowerCase() === 'round')!;
    assert.deepEqual([round.dataType, round.step, round.notNull], ['NUMBER(38,0)', 1, true]);
    const [[gaps]] = await rows(t, plan, 'select count(*) filter (where round - prev <> 1) from (select round, lag(round) over (order by round) prev from t) s');
    assert.equal(Number(gaps), 0);
  });

  it('places a plain timestamp column a dbt_utils.recency test guards, its repeated keys included', async (t) => {
    const engine = await project(t, {
      'models/src.yml':
        'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n        columns:\n          - name: order_id\n            data_type: number\n' +
        '          - name: updated_at\n            data_type: timestamp_ntz\n          - name: placed_at\n            data_type: timestamp_ntz\n',
      'models/stg_orders.sql': "select order_id, updated_at, placed_at from {{ source('raw', 'orders') }} qualify row_number() over (partition by order_id order by updated_at desc) = 1",
      'models/stg_orders.yml': 'version: 2\nmodels:\n  - name: stg_orders\n    tests:\n      - dbt_utils.recency:\n          datepart: hour\n          field: updated_at\n          interval: 12\n',
    });
    const plan = planSynthetic(engine.project, { rows: 100, clean: false })[0];
    assert.equal(plan.updatedAt, 'updated_at');
    assert.ok(plan.duplicates > 0);
    assert.equal(plan.columns.find((c) => c.name === 'updated_at')?.recent, 43200);
    const [[oldest, newest, created]] = await rows(t, plan, 'select min(updated_at), max(updated_at), max(placed_at) from t');
    assert.ok(String(oldest) >= '2026-12-04 13:30:00', String(oldest));
    assert.ok(String(newest) <= NOW, String(newest));
    assert.ok(String(created) <= ANCHOR, String(created));
  });

  it('keeps NULLs out of every column a not_null item concatenates, one model later (museum_dw silver_sf_crm.full_name)', async (t) => {
    const engine = await project(t, {
      'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: crm\n',
      'models/stg_crm.sql': "select contact_id, trim(first_name) as first_name, trim(last_name) as last_name, nickname from {{ source('raw', 'crm') }}",
      'models/silver_crm.sql':
        "select contact_id, first_name, last_name, first_name || ' ' || last_name as full_name, coalesce(nickname, first_name) as called\nfrom {{ ref('stg_crm') }}",
      'models/silver_crm.yml': 'version: 2\nmodels:\n  - name: silver_crm\n    columns:\n      - name: full_name\n        tests: [not_null]\n      - name: called\n        tests: [not_null]\n',
    });
    const crm = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.crm')!;
    const notNull = (name: string) => crm.columns.find((c) => c.name === name)?.notNull;
    assert.deepEqual([notNull('first_name'), notNull('last_name')], [true, true]);
    // A COALESCE is filled when any of its columns is: nickname keeps its NULLs. `last_name as full_name` is no rename.
    assert.equal(notNull('nickname'), false);
    assert.deepEqual(nullPropagatingColumns("select trim(a) || '-' || b::varchar as k from t", 'k'), ['a', 'b']);
    assert.equal(nullPropagatingColumns('select coalesce(a, b) as k from t', 'k'), undefined);
    assert.equal(nullPropagatingColumns("select case when a is null then 'x' else a || b end as k from t", 'k'), undefined);
    assert.equal(originOfModelColumn("select first_name || ' ' || last_name as full_name from t", 'full_name'), undefined);
  });
});
