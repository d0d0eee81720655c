// dbt unit tests end to end on the embedded DuckDB target: `bronze test` runs them (dict, csv, fixture file and
// sql formats, vars/env_vars overrides, an incremental-mode test with `this`); a wrong expectation fails with the
// row diff; `bronze build` runs a model's unit tests before the model, and a failing one skips the model and
// what depends on it; selection by test_type:unit and --exclude; run_results.json entries.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, query } from './helpers';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'unit-tests');

interface RunResult {
  unique_id: string;
  status: string;
  message: string;
  failures: number | null;
  timing: { name: string; started_at: string; completed_at: string }[];
}

function results(dir: string): RunResult[] {
  return (JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: RunResult[] }).results;
}

const WRONG = [
  '',
  '  - name: wrong_expectation',
  '    model: stg_orders',
  '    given:',
  "      - input: source('raw', 'orders')",
  '        rows:',
  "          - {id: 1, amount: 5, status: placed, updated_at: '2024-01-01 00:00:00'}",
  "          - {id: 1, amount: 6, status: paid, updated_at: '2024-01-02 00:00:00'}",
  '    expect:',
  '      rows:',
  '        - {id: 1, amount: 5, status: placed}',
  '',
].join('\n');

describe('unit tests on DuckDB', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-unit-e2e-'));
    dir = join(root, 'p');
    cpSync(FIXTURE, dir, { recursive: true });
  });
  before(async () => {
    // The source table the models read (a unit test reads none of it).
    mkdirSync(join(dir, '.bronze'), { recursive: true });
    await query(dir, "create schema if not exists raw; create or replace table raw.orders as select 1::integer as id, 10::integer as customer_id, 5.00::decimal(10,2) as amount, 'paid' as status, timestamp '2024-01-01' as updated_at");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('bronze test passes every unit test of the fixture, each in milliseconds, with run_results entries', async () => {
    const r = await cli(['test', '--project-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    const rr = results(dir);
    assert.equal(rr.length, 5);
    for (const x of rr) {
      assert.match(x.unique_id, /^unit_test\.unit_shop\./);
      assert.equal(x.status, 'pass', `${x.unique_id}: ${x.message}`);
      assert.equal(x.failures, 0);
    }
    assert.match(r.stderr, /PASS unit_test orders_incremental::incremental_reads_only_new_rows/);
  });

  it('an input model neither built nor documented is typed by its SQL over its own (empty) inputs: csv text sums as numbers', async () => {
    const schema = join(dir, 'models', 'schema.yml');
    const documented = readFileSync(schema, 'utf8');
    rmSync(schema);
    try {
      const r = await cli(['test', '--project-dir', dir, '--select', 'customer_totals']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(results(dir).map((x) => x.status), ['pass', 'pass']);
    } finally {
      writeFileSync(schema, documented);
    }
  });

  it('a wrong expectation fails with the row diff (actual +++, expected ---) and exit status 1', async () => {
    writeFileSync(join(dir, 'models', 'unit_tests.yml'), readFileSync(join(FIXTURE, 'models', 'unit_tests.yml'), 'utf8') + WRONG);
    try {
      const r = await cli(['test', '--project-dir', dir, '--select', 'test_type:unit,stg_orders']);
      assert.equal(r.code, 1);
      const wrong = results(dir).find((x) => x.unique_id === 'unit_test.unit_shop.stg_orders.wrong_expectation')!;
      assert.equal(wrong.status, 'fail');
      assert.equal(wrong.failures, 2);
      assert.equal(wrong.message, ['actual differs from expected:', '', '@@  | id | amount | status', '+++ | 1  | 6      | paid', '--- | 1  | 5      | placed'].join('\n'));
      assert.match(r.stderr, /FAIL unit_test stg_orders::wrong_expectation \.+ \[FAIL 2 in/);
      assert.match(r.stderr, /\+\+\+ \| 1 {2}\| 6 {6}\| paid/);
      assert.equal(results(dir).find((x) => x.unique_id.endsWith('keeps_latest_row_per_order'))?.status, 'pass');

      // build: the failing unit test skips stg_orders and everything downstream of it.
      const b = await cli(['build', '--project-dir', dir]);
      assert.equal(b.code, 1);
      const byId = new Map(results(dir).map((x) => [x.unique_id, x]));
      assert.equal(byId.get('unit_test.unit_shop.stg_orders.wrong_expectation')?.status, 'fail');
      assert.equal(byId.get('model.unit_shop.stg_orders')?.status, 'skipped');
      assert.equal(byId.get('model.unit_shop.customer_totals')?.status, 'skipped');
    } finally {
      writeFileSync(join(dir, 'models', 'unit_tests.yml'), readFileSync(join(FIXTURE, 'models', 'unit_tests.yml'), 'utf8'));
    }
  });

  it('bronze build runs each model after its unit tests; then the tests read the built relations\' types; --exclude test_type:unit', async () => {
    const b = await cli(['build', '--project-dir', dir]);
    assert.equal(b.code, 0, b.stderr);
    const rr = results(dir);
    const byId = new Map(rr.map((x) => [x.unique_id, x]));
    const ended = (id: string) => byId.get(id)!.timing[1].completed_at;
    const began = (id: string) => byId.get(id)!.timing[1].started_at;
    assert.ok(ended('unit_test.unit_shop.stg_orders.keeps_latest_row_per_order') <= began('model.unit_shop.stg_orders'));
    assert.ok(ended('unit_test.unit_shop.orders_incremental.incremental_reads_only_new_rows') <= began('model.unit_shop.orders_incremental'));
    assert.ok(ended('model.unit_shop.stg_orders') <= began('unit_test.unit_shop.customer_totals.totals_skip_cancelled'), 'a unit test waits for its model\'s parents');
    assert.equal(rr.filter((x) => x.unique_id.startsWith('unit_test.')).length, 5);

    // With every relation built, the tests again pass (inputs now typed from the warehouse's columns).
    const t = await cli(['test', '--project-dir', dir, '--select', 'test_type:unit']);
    assert.equal(t.code, 0, t.stderr);
    assert.equal(results(dir).length, 5);

    const x = await cli(['build', '--project-dir', dir, '--exclude', 'test_type:unit']);
    assert.equal(x.code, 0, x.stderr);
    assert.equal(results(dir).filter((r) => r.unique_id.startsWith('unit_test.')).length, 0);
  });

  it('a unit test whose expected column the model does not return is an error located at expect:', async () => {
    const extra = ['', '  - name: no_such_column', '    model: stg_orders', '    given:', "      - input: source('raw', 'orders')", '        rows: [{id: 1}]', '    expect:', '      rows: [{id: 1, shoe_size: 9}]', ''].join('\n');
    writeFileSync(join(dir, 'models', 'unit_tests.yml'), readFileSync(join(FIXTURE, 'models', 'unit_tests.yml'), 'utf8') + extra);
    try {
      const r = await cli(['test', '--project-dir', dir, '--select', 'stg_orders']);
      assert.equal(r.code, 1);
      const err = results(dir).find((x) => x.unique_id.endsWith('no_such_column'))!;
      assert.equal(err.status, 'error');
      assert.match(err.message, /expects column 'shoe_size', which model 'stg_orders' does not return/);
      assert.match(r.stderr, /models\/unit_tests\.yml:\d+:\d+: error no_such_column/);
    } finally {
      writeFileSync(join(dir, 'models', 'unit_tests.yml'), readFileSync(join(FIXTURE, 'models', 'unit_tests.yml'), 'utf8'));
    }
  });

  it('format: sql fixtures render as Jinja (vars, the test\'s overrides, macros); a ref() in one is a located error', async () => {
    mkdirSync(join(dir, 'macros'), { recursive: true });
    writeFileSync(join(dir, 'macros', 'fixture_status.sql'), "{% macro fixture_status() %}'paid'{% endmacro %}\n");
    const extra = [
      '',
      '  - name: jinja_fixtures',
      '    model: customer_totals',
      '    overrides:',
      '      vars: {cust: 7}',
      '    given:',
      "      - input: ref('stg_orders')",
      '        format: sql',
      '        rows: |',
      "          select {{ var('cust') }} as customer_id, 5.0 as amount, {{ fixture_status() }} as status",
      '    expect:',
      '      format: sql',
      '      rows: |',
      "          select {{ var('cust') }} as customer_id, 1 as orders, 5.0 as total, '{{ var(\"currency\") }}' as currency, 'eu' as region",
      '  - name: fixture_reads_a_ref',
      '    model: customer_totals',
      '    given:',
      "      - input: ref('stg_orders')",
      '        format: sql',
      '        rows: |',
      "          select * from {{ ref('stg_orders') }}",
      '    expect:',
      '      rows: []',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'models', 'unit_tests.yml'), readFileSync(join(FIXTURE, 'models', 'unit_tests.yml'), 'utf8') + extra);
    try {
      const r = await cli(['test', '--project-dir', dir, '--select', 'customer_totals,test_type:unit']);
      assert.equal(r.code, 1, r.stderr);
      const rr = results(dir);
      assert.equal(rr.find((x) => x.unique_id.endsWith('.jinja_fixtures'))?.status, 'pass', JSON.stringify(rr));
      const refused = rr.find((x) => x.unique_id.endsWith('.fixture_reads_a_ref'))!;
      assert.equal(refused.status, 'error');
      assert.match(refused.message, /The format: sql fixture of unit test 'fixture_reads_a_ref' reads ref\('stg_orders'\)/);
      assert.match(r.stderr, /models\/unit_tests\.yml:\d+:\d+: error fixture_reads_a_ref/);
    } finally {
      writeFileSync(join(dir, 'models', 'unit_tests.yml'), readFileSync(join(FIXTURE, 'models', 'unit_tests.yml'), 'utf8'));
      rmSync(join(dir, 'macros'), { recursive: true, force: true });
    }
  });

  it('bronze compile writes each selected model\'s unit test SQL (fixture CTEs, overrides applied) under its YAML file', async () => {
    const r = await cli(['compile', '--project-dir', dir, '--select', 'customer_totals']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Compiled 1 model and 2 unit tests into/);
    const sql = readFileSync(join(dir, 'target', 'compiled', 'unit_shop', 'models', 'unit_tests.yml', 'totals_skip_cancelled.sql'), 'utf8');
    assert.match(sql, /'EUR' as currency/);
    assert.match(sql, /'us' as region/);
    const rows = await query(dir, sql);
    // The fixture's rows, not the warehouse's: the compiled SQL runs as the unit test does.
    assert.deepEqual(rows.map((x) => [Number(x.customer_id), Number(x.orders), x.currency, x.region]).sort(), [[10, 2, 'EUR', 'us'], [11, 1, 'EUR', 'us']]);
  });
});
