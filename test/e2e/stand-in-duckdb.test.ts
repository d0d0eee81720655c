// test/fixtures/stand-in on the twin: hashed_customers calls HASH, which the twin refuses by name. `bronze sample
// --synthetic` writes a stand-in at its relation (its custom schema, its YAML columns and the ones its readers take,
// its tests' constraints, no dirt), so `bronze build` runs its descendants on it — each saying so — while the model
// itself stays an error with its located message and its tests are not run. When the build refuses it, its query
// binds over its built parents: the stand-in is written again with the model's own columns and types, so a UNION of
// its HASH-derived and BOOLEAN columns with literals runs, and so does a view reading a column only its select list
// names. Without a stand-in they are skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, query } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/stand-in');

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
  adapter_response: Record<string, unknown>;
}

function copy(): { dir: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'bronze-stand-in-'));
  const dir = join(root, 'stand_in');
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

function results(dir: string): Map<string, Result> {
  const json = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: Result[] };
  return new Map(json.results.map((r) => [r.unique_id.replace(/\.[0-9a-f]{10}$/, '').split('.').slice(2).join('.'), r]));
}

test('sample writes a stand-in for the refused model; build runs its descendants on it and says so', async () => {
  const { dir, cleanup } = copy();
  try {
    const sampled = await cli(['sample', '--synthetic', '--rows', '40', '--project-dir', dir]);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /sampled stand-in for model hashed_customers \(the twin refuses HASH \(Snowflake's 64-bit hash differs from DuckDB's\)\) → "LOCAL"\."ANALYTICS_MARTS"\."HASHED_CUSTOMERS": 40 rows/);
    assert.match(sampled.stderr, /1 source table\(s\) and 1 stand-in\(s\) for models the twin refuses written/);
    // Its YAML columns (typed as declared) and the ones its readers take from it, typed by their use (its parents are
    // not built yet); its tests' constraints; no dirt.
    const columns = async (): Promise<string[]> =>
      (await query(dir, `select column_name, data_type from information_schema.columns where table_schema = 'ANALYTICS_MARTS' and table_name = 'HASHED_CUSTOMERS' order by ordinal_position`)).map(
        (c) => `${String(c.column_name)} ${String(c.data_type)}`,
      );
    assert.deepEqual((await columns()).slice(0, 3), ['CUSTOMER_ID DECIMAL(38,0)', 'CUSTOMER_KEY DECIMAL(38,0)', 'SEGMENT VARCHAR']);
    assert.deepEqual((await columns()).map((c) => c.split(' ')[0]).sort(), ['BIG_SPENDER', 'CUSTOMER_DK', 'CUSTOMER_ID', 'CUSTOMER_KEY', 'FIRST_ORDERED_AT', 'LAST_ORDERED_AT', 'SEGMENT']);
    const [rows] = await query(dir, `select count(*) as n, count(distinct customer_id) as ids, count(customer_id) as filled, count(*) filter (where segment not in ('retail', 'wholesale') or segment is null) as other from local.analytics_marts.hashed_customers`);
    assert.deepEqual(rows, { n: '40', ids: '40', filled: '40', other: '0' });

    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 1, built.stderr);
    assert.match(built.stderr, /models\/hashed_customers\.sql:\d+:\d+: error hashed_customers: HASH \(Snowflake's 64-bit hash differs from DuckDB's\) is not supported on the DuckDB target \(line 4, column 5\)/);
    assert.match(
      built.stderr,
      /Its descendants run on its stand-in at LOCAL\.ANALYTICS_MARTS\.HASHED_CUSTOMERS \(40 synthetic rows bronze sample wrote\), not on a build of it\. Its stand-in was written again with the 7 column\(s\) the model outputs, typed as the model's query types them on the twin\./,
    );
    assert.match(built.stderr, /Done\. PASS=10 WARN=0 ERROR=1 SKIP=3 TOTAL=14/);
    // The model's own columns, in its order, with its types: HASH's an integer, a comparison a BOOLEAN.
    assert.deepEqual(await columns(), [
      'CUSTOMER_ID DECIMAL(38,0)',
      'CUSTOMER_KEY DECIMAL(38,0)',
      'CUSTOMER_DK DECIMAL(38,0)',
      'BIG_SPENDER BOOLEAN',
      'SEGMENT VARCHAR',
      'FIRST_ORDERED_AT TIMESTAMP',
      'LAST_ORDERED_AT TIMESTAMP',
    ]);
    const record = JSON.parse(readFileSync(join(dir, '.bronze', 'stand-ins.local.json'), 'utf8')) as { standIns: Array<{ columns: Array<{ name: string; typedBy: string }> }> };
    assert.deepEqual(record.standIns[0].columns.map((c) => `${c.name} ${c.typedBy}`), [
      'CUSTOMER_ID model',
      'CUSTOMER_KEY model',
      'CUSTOMER_DK model',
      'BIG_SPENDER model',
      'SEGMENT model',
      'FIRST_ORDERED_AT model',
      'LAST_ORDERED_AT model',
    ]);
    // Rows drawn again still honour its tests.
    const [again] = await query(dir, `select count(*) as n, count(distinct customer_id) as ids, count(customer_id) as filled, count(*) filter (where segment not in ('retail', 'wholesale') or segment is null) as other from local.analytics_marts.hashed_customers`);
    assert.deepEqual(again, { n: '40', ids: '40', filled: '40', other: '0' });
    const r = results(dir);
    assert.equal(r.get('hashed_customers')?.status, 'error');
    for (const name of ['customer_orders', 'customer_keys', 'customer_key_counts', 'customer_flags', 'customer_recency']) {
      const result = r.get(name);
      assert.equal(result?.status, 'success', name);
      // A grandchild reads the stand-in's rows too, through its parent.
      assert.match(result?.message ?? '', /\(read the stand-in of model hashed_customers: synthetic rows, not a build of it\)$/, name);
      assert.deepEqual(result?.adapter_response.bronze_stand_ins, ['hashed_customers'], name);
    }
    assert.equal(r.get('stg_orders')?.adapter_response.bronze_stand_ins, undefined);
    // The join on the key the refused model's unique test guards repeats no order.
    assert.equal(r.get('unique_customer_orders_order_id')?.status, 'pass');
    for (const name of ['unique_hashed_customers_customer_id', 'not_null_hashed_customers_customer_id', 'accepted_values_hashed_customers_segment__retail__wholesale']) {
      assert.equal(r.get(name)?.status, 'skipped', name);
      assert.match(r.get(name)?.message ?? '', /model hashed_customers is a stand-in bronze sample wrote/, name);
    }
    // The failed model left its target as it was: the stand-in.
    assert.deepEqual(await query(dir, 'select count(*) as n from local.analytics_marts.hashed_customers'), [{ n: '40' }]);
    // The audit trail says which rows came from a stand-in.
    const audit = await query(dir, `select node_id as n, processed_by as p from local.analytics.bz_data_audit where node_id like 'model.%' order by node_id`);
    assert.deepEqual(
      audit.map((a) => `${String(a.n)}: ${String(a.p)}`),
      [
        'model.stand_in.customer_flags: bronze (read the stand-in of hashed_customers)',
        'model.stand_in.customer_key_counts: bronze (read the stand-in of hashed_customers)',
        'model.stand_in.customer_keys: bronze (read the stand-in of hashed_customers)',
        'model.stand_in.customer_orders: bronze (read the stand-in of hashed_customers)',
        'model.stand_in.customer_recency: bronze (read the stand-in of hashed_customers)',
        'model.stand_in.hashed_customers: bronze',
        'model.stand_in.stg_orders: bronze',
      ],
    );
    // A second build finds the stand-in typed already: it is not written again.
    const rebuilt = await cli(['build', '--project-dir', dir]);
    assert.match(rebuilt.stderr, /Done\. PASS=10 WARN=0 ERROR=1 SKIP=3 TOTAL=14/);
    assert.doesNotMatch(rebuilt.stderr, /written again/);
  } finally {
    cleanup();
  }
});

test('--no-stand-ins writes none, and without one the descendants are skipped', async () => {
  const { dir, cleanup } = copy();
  try {
    const sampled = await cli(['sample', '--synthetic', '--rows', '40', '--no-stand-ins', '--project-dir', dir]);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.doesNotMatch(sampled.stderr, /stand-in/);
    assert.equal(existsSync(join(dir, '.bronze', 'stand-ins.local.json')), false);
    assert.deepEqual(await query(dir, `select count(*) as n from information_schema.tables where table_name = 'HASHED_CUSTOMERS'`), [{ n: '0' }]);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 1, built.stderr);
    const r = results(dir);
    assert.equal(r.get('hashed_customers')?.status, 'error');
    assert.doesNotMatch(r.get('hashed_customers')?.message ?? '', /stand-in/);
    for (const name of ['customer_orders', 'customer_keys', 'customer_key_counts']) {
      assert.equal(r.get(name)?.status, 'skipped', name);
      assert.match(r.get(name)?.message ?? '', /Skipped because model (hashed_customers|customer_keys) failed upstream/, name);
    }
  } finally {
    cleanup();
  }
});

test('a Python model (the runner runs SQL only) gets a stand-in too: its SQL child runs on it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bronze-stand-in-py-'));
  try {
    const dir = join(root, 'python_model');
    cpSync(resolve(import.meta.dirname, '../fixtures/python-model'), dir, { recursive: true });
    // Only the Python model reads the source: the sampler is told its columns.
    const schema = join(dir, 'models/schema.yml');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('      - name: raw_orders\n', '      - name: raw_orders\n        columns:\n          - name: customer_id\n            data_type: number\n'));
    const sampled = await cli(['sample', '--synthetic', '--rows', '12', '--project-dir', dir]);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /sampled stand-in for model customers_enriched \(the twin refuses a Python model\) → "LOCAL"\."ANALYTICS"\."CUSTOMERS_ENRICHED": 12 rows/);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 1, built.stderr);
    assert.match(built.stderr, /error customers_enriched: Python model 'customers_enriched': Python models are not supported by Bronze's runner on the DuckDB target/);
    const r = results(dir);
    assert.equal(r.get('customers_enriched')?.status, 'error');
    assert.equal(r.get('not_null_customers_enriched_customer_id')?.status, 'skipped');
    assert.equal(r.get('customer_totals')?.status, 'success');
    assert.deepEqual(r.get('customer_totals')?.adapter_response.bronze_stand_ins, ['customers_enriched']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--from TARGET copies the refused model as that target built it: the stand-in holds its rows', async () => {
  const { dir, cleanup } = copy();
  try {
    writeFileSync(join(dir, 'profiles.yml'), `${readFileSync(join(dir, 'profiles.yml'), 'utf8')}    prod:\n      type: duckdb\n      path: prod.duckdb\n      schema: analytics\n`);
    // The --from target stands in for Snowflake: names stored upper-case, as Snowflake stores unquoted ones.
    const prod = await DuckDBInstance.create(join(dir, 'prod.duckdb'));
    const c = await prod.connect();
    for (const sql of [
      'create schema "RAW"',
      'create table "RAW"."ORDERS" ("ORDER_ID" integer, "CUSTOMER_ID" integer, "AMOUNT" decimal(10,2), "ORDERED_AT" timestamp)',
      `insert into "RAW"."ORDERS" values (1, 7, 10, '2026-01-01'), (2, 7, 20, '2026-01-02'), (3, 8, 150, '2026-01-03')`,
      'create schema "ANALYTICS_MARTS"',
      'create table "ANALYTICS_MARTS"."HASHED_CUSTOMERS" ("CUSTOMER_ID" integer, "CUSTOMER_KEY" bigint, "CUSTOMER_DK" bigint, "BIG_SPENDER" boolean, "SEGMENT" varchar, "FIRST_ORDERED_AT" timestamp, "LAST_ORDERED_AT" timestamp)',
      `insert into "ANALYTICS_MARTS"."HASHED_CUSTOMERS" values (7, 1234567890123, 1234567890123, false, 'retail', '2026-01-01', '2026-01-02'), (8, -42, 42, true, 'wholesale', '2026-01-03', '2026-01-03')`,
    ]) {
      await c.run(sql);
    }
    c.closeSync();
    prod.closeSync();
    const sampled = await cli(['sample', '--from', 'prod', '--rows', '10', '--project-dir', dir]);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /copied stand-in for model hashed_customers \(the twin refuses HASH \(Snowflake's 64-bit hash differs from DuckDB's\)\): 2 rows from prod\.analytics_marts\.hashed_customers → "LOCAL"\."ANALYTICS_MARTS"\."HASHED_CUSTOMERS"/);
    assert.match(sampled.stderr, /1 source table\(s\) and 1 stand-in\(s\) for models the twin refuses written into target 'local' from 'prod'/);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 1, built.stderr);
    assert.match(built.stderr, /Its descendants run on its stand-in at LOCAL\.ANALYTICS_MARTS\.HASHED_CUSTOMERS \(2 rows bronze sample copied from target 'prod'\)/);
    // Production's rows are the model's own columns already: never drawn again.
    assert.doesNotMatch(built.stderr, /written again/);
    const r = results(dir);
    assert.equal(r.get('customer_orders')?.message, "SUCCESS 3 (read the stand-in of model hashed_customers: rows copied from target 'prod', not a build of it)");
    // The production keys reach the descendants.
    assert.deepEqual(await query(dir, 'select segment as s, customers as n from local.analytics.customer_key_counts order by 1'), [
      { s: 'retail', n: '1' },
      { s: 'wholesale', n: '1' },
    ]);
  } finally {
    cleanup();
  }
});

test('a run that does not build the refused model reads its stand-in as such; once the model builds, its build replaces it', async () => {
  const { dir, cleanup } = copy();
  try {
    assert.equal((await cli(['sample', '--synthetic', '--rows', '20', '--project-dir', dir])).code, 0);
    const alone = await cli(['run', '--project-dir', dir, '-s', 'customer_keys']);
    assert.equal(alone.code, 0, alone.stderr);
    assert.match(alone.stderr, /read the stand-in of model hashed_customers: synthetic rows, not a build of it/);
    assert.equal(results(dir).get('customer_keys')?.message, 'SUCCESS 20 (read the stand-in of model hashed_customers: synthetic rows, not a build of it)');
    // The model no longer calls what the twin refuses: it builds over its stand-in, which is then gone from the record.
    const model = join(dir, 'models', 'hashed_customers.sql');
    writeFileSync(model, readFileSync(model, 'utf8').replaceAll('hash(customer_id)', 'customer_id * 31'));
    const fixed = await cli(['run', '--project-dir', dir, '-s', '+hashed_customers+']);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.doesNotMatch(fixed.stderr, /stand-in/);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, '.bronze', 'stand-ins.local.json'), 'utf8')), { standIns: [] });
    assert.equal(results(dir).get('customer_keys')?.adapter_response.bronze_stand_ins, undefined);
  } finally {
    cleanup();
  }
});

test('a view or table calling a function the twin refuses only when evaluated is refused before it runs, and its stand-in stays', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bronze-stand-in-view-'));
  try {
    const dir = join(root, 'stand_in_view');
    cpSync(resolve(import.meta.dirname, '../fixtures/stand-in-view'), dir, { recursive: true });
    const sampled = await cli(['sample', '--synthetic', '--rows', '12', '--project-dir', dir]);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /sampled stand-in for model stg_visits \(the twin refuses Function BROWSER_OF \(a Snowflake PYTHON UDF: [^)]*\)\) → "LOCAL"\."ANALYTICS"\."STG_VISITS": 12 rows/);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 1, built.stderr);
    // Located in the view's compiled SQL, at the call.
    assert.match(built.stderr, /error stg_visits: Function BROWSER_OF \(a Snowflake PYTHON UDF: [^)]*\) is not supported on the DuckDB target \(line 3, column 15\)/);
    assert.match(built.stderr, /Its descendants run on its stand-in at LOCAL\.ANALYTICS\.STG_VISITS \(12 synthetic rows bronze sample wrote\)/);
    const r = results(dir);
    assert.equal(r.get('stg_visits')?.status, 'error');
    assert.equal(r.get('not_null_stg_visits_visit_id')?.status, 'skipped');
    assert.equal(r.get('visits_by_browser')?.status, 'success', r.get('visits_by_browser')?.message ?? '');
    assert.deepEqual(r.get('visits_by_browser')?.adapter_response.bronze_stand_ins, ['stg_visits']);
    // The stand-in is still a table holding its rows; the view was never created over it.
    assert.deepEqual(await query(dir, `select table_type as t from information_schema.tables where table_name = 'STG_VISITS'`), [{ t: 'BASE TABLE' }]);
    assert.deepEqual(await query(dir, 'select sum(visits) as n from local.analytics.visits_by_browser'), [{ n: '12' }]);
    // A table calling it is refused before its query runs (a query sent would carry its id), located at the call.
    assert.equal(r.get('browsers')?.status, 'error');
    assert.match(r.get('browsers')?.message ?? '', /^Function BROWSER_OF \(a Snowflake PYTHON UDF: [^)]*\) is not supported on the DuckDB target \(line 1, column 27\) \(code bronze\/unsupported-on-duckdb\)\n/);
    assert.equal(r.get('browser_list')?.status, 'success', r.get('browser_list')?.message ?? '');
    // Views holding a refusal written in for some rows: the sampler wrote a stand-in for each; the build decides by
    // the rows. A text key reaches no refusal: the view builds, replacing its stand-in.
    assert.match(sampled.stderr, /sampled stand-in for model agents_by_visit \(the twin refuses OBJECT_AGG with a key that is not text\)/);
    assert.equal(r.get('agents_by_visit')?.status, 'success', r.get('agents_by_visit')?.message ?? '');
    assert.deepEqual(await query(dir, `select table_type as t from information_schema.tables where table_name = 'AGENTS_BY_VISIT'`), [{ t: 'VIEW' }]);
    assert.equal(r.get('visit_agents')?.status, 'success', r.get('visit_agents')?.message ?? '');
    assert.equal(r.get('visit_agents')?.adapter_response.bronze_stand_ins, undefined);
    // A NUMBER key reaches it on every row: refused before the view is created, located at the call, stand-in kept.
    assert.equal(r.get('agents_by_number')?.status, 'error');
    assert.match(r.get('agents_by_number')?.message ?? '', /^OBJECT_AGG with a key that is not text is not supported on the DuckDB target \(line 2, column 18\)/);
    assert.deepEqual(await query(dir, `select table_type as t from information_schema.tables where table_name = 'AGENTS_BY_NUMBER'`), [{ t: 'BASE TABLE' }]);
    assert.equal(r.get('agent_maps')?.status, 'success', r.get('agent_maps')?.message ?? '');
    assert.deepEqual(r.get('agent_maps')?.adapter_response.bronze_stand_ins, ['agents_by_number']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
