// dbt unit tests: loading `unit_tests:` into unit_test nodes (inputs, formats, overrides, config), the
// diagnostics located at the YAML, selection (test_type:unit, a model picks its unit tests, --exclude), the
// fixture SQL and the row diff.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../server/src/project';
import { csvRows, parseInputCall } from '../../server/src/project/unit-tests';
import { buildGraph, COMMAND_SELECTION, selectNodes } from '../../server/src/graph';
import { fixtureColumns, inferType, rowsSelect, sqlLiteral, withInputCtes } from '../../server/src/compile/unit-test';
import { cellText, diffRows, formatRowDiff } from '../../server/src/compile/unit-test-diff';
import { buildManifest } from '../../server/src/engine/manifest';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'unit-tests');
const HERE = { file: 'x.yml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };

test('unit_tests: entries load as unit_test nodes of their model with inputs, formats, overrides and config', async () => {
  const p = await loadProject(FIXTURE, { env: {} });
  assert.deepEqual(p.diagnostics.filter((d) => d.code.startsWith('bronze/unit-test')), []);
  assert.deepEqual([...p.unitTests.keys()].sort(), [
    'unit_test.unit_shop.customer_totals.totals_from_fixture_and_sql',
    'unit_test.unit_shop.customer_totals.totals_skip_cancelled',
    'unit_test.unit_shop.orders_incremental.full_load_reads_every_row',
    'unit_test.unit_shop.orders_incremental.incremental_reads_only_new_rows',
    'unit_test.unit_shop.stg_orders.keeps_latest_row_per_order',
  ]);
  const dedup = p.unitTests.get('unit_test.unit_shop.stg_orders.keeps_latest_row_per_order')!;
  assert.equal(dedup.resourceType, 'unit_test');
  assert.deepEqual(dedup.dependsOn.nodes, ['model.unit_shop.stg_orders']);
  assert.equal(dedup.description, 'A late update replaces the order\'s earlier row.');
  assert.deepEqual(dedup.given[0].source, { sourceName: 'raw', tableName: 'orders' });
  assert.equal(dedup.given[0].rows!.length, 3);
  assert.equal(dedup.location.range.start.line, 3, 'located at its name: line (0-based)');

  const totals = p.unitTests.get('unit_test.unit_shop.customer_totals.totals_skip_cancelled')!;
  assert.deepEqual(totals.overrides.vars, { currency: 'EUR' });
  assert.deepEqual(totals.overrides.envVars, { SHOP_REGION: 'us' });
  assert.equal(totals.given[0].format, 'csv');
  assert.deepEqual(totals.given[0].rows![2], { id: '3', customer_id: '10', amount: '100', status: 'cancelled' });

  const fixture = p.unitTests.get('unit_test.unit_shop.customer_totals.totals_from_fixture_and_sql')!;
  assert.equal(fixture.given[0].rows!.length, 2, 'rows read from tests/fixtures/two_orders.csv');
  assert.equal(fixture.expect.format, 'sql');
  assert.deepEqual(fixture.config.tags, ['fixtures']);
  assert.ok(![...p.tests.keys()].some((k) => k.includes('two_orders')), 'a fixture file is not a singular test');

  const inc = p.unitTests.get('unit_test.unit_shop.orders_incremental.incremental_reads_only_new_rows')!;
  assert.equal(inc.given[1].isThis, true);
  assert.deepEqual(inc.overrides.macros, { is_incremental: true });

  const manifest = buildManifest(p, { adapterType: 'duckdb', targetName: 'local' }) as { unit_tests: Record<string, Record<string, unknown>>; child_map: Record<string, string[]> };
  const entry = manifest.unit_tests['unit_test.unit_shop.orders_incremental.incremental_reads_only_new_rows'];
  assert.equal(entry.resource_type, 'unit_test');
  assert.equal(entry.model, 'orders_incremental');
  assert.deepEqual((entry.given as { input: string }[]).map((g) => g.input), ["ref('stg_orders')", 'this']);
  assert.ok(manifest.child_map['model.unit_shop.orders_incremental'].includes('unit_test.unit_shop.orders_incremental.incremental_reads_only_new_rows'));
});

test('selection: test_type:unit, a model picks its unit tests, --exclude test_type:unit, and the test command runs both kinds', async () => {
  const p = await loadProject(FIXTURE, { env: {} });
  const g = buildGraph(p);
  const unit = selectNodes(p, g, { select: ['test_type:unit'], resourceTypes: COMMAND_SELECTION.test.resourceTypes });
  assert.equal(unit.length, 5);
  const byModel = selectNodes(p, g, { select: ['stg_orders'], resourceTypes: COMMAND_SELECTION.build.resourceTypes });
  assert.deepEqual(byModel, ['model.unit_shop.stg_orders', 'unit_test.unit_shop.stg_orders.keeps_latest_row_per_order']);
  const none = selectNodes(p, g, { select: ['stg_orders'], exclude: ['test_type:unit'], resourceTypes: COMMAND_SELECTION.build.resourceTypes });
  assert.deepEqual(none, ['model.unit_shop.stg_orders']);
  const all = selectNodes(p, g, { defaultSelect: COMMAND_SELECTION.test.defaultSelect, resourceTypes: COMMAND_SELECTION.test.resourceTypes });
  assert.equal(all.filter((id) => id.startsWith('unit_test.')).length, 5);
  assert.equal(selectNodes(p, g, { select: ['resource_type:unit_test'] }).length, 5);
  assert.equal(selectNodes(p, g, { select: ['test_type:generic'], resourceTypes: ['test', 'unit_test'] }).length, 0);
});

test('diagnostics at the YAML line: unknown model, input the model does not read, unknown columns, malformed rows and inputs', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bronze-unit-'));
  try {
    cpSync(FIXTURE, root, { recursive: true });
    const yaml = [
      'version: 2',
      'unit_tests:',
      '  - name: no_such_model',
      '    model: stg_ordrs',
      '    given: []',
      '    expect: {rows: []}',
      '  - name: input_not_read',
      '    model: customer_totals',
      '    given:',
      "      - input: ref('orders_incremental')",
      '        rows: [{id: 1}]',
      "      - input: ref('stg_orders')",
      '        rows: [{id: 1, colour: red}]',
      '    expect:',
      '      rows: [{customer_id: 1, shoe_size: 9}]',
      '  - name: bad_rows',
      '    model: stg_orders',
      '    given:',
      "      - input: source('raw', 'orders')",
      '        rows: [1, 2]',
      '      - input: "ref(\'stg_orders\', revision=2)"',
      '        rows: []',
      '    expect: {rows: []}',
      '  - name: nothing_given',
      '    model: stg_orders',
      '    expect: {rows: []}',
      '  - name: expect_unknown_column',
      '    model: stg_orders',
      '    given:',
      "      - input: source('raw', 'orders')",
      '        rows: []',
      '    expect:',
      '      rows: [{id: 1, shoe_size: 9}]',
      '',
    ].join('\n');
    writeFileSync(join(root, 'models', 'unit_tests.yml'), yaml);
    const p = await loadProject(root, { env: {} });
    const found = p.diagnostics.filter((d) => d.code.startsWith('bronze/unit-test')).map((d) => `${d.range.start.line + 1}:${d.severity}:${d.code}:${d.message.slice(0, 120)}`);
    const at = (line: number, code: string) => found.some((f) => f.startsWith(`${line}:`) && f.includes(code));
    assert.ok(at(4, 'bronze/unit-test-unknown-model'), found.join('\n'));
    assert.ok(found.some((f) => f.startsWith('10:warning:bronze/unit-test-input')), found.join('\n'));
    assert.ok(found.some((f) => f.startsWith('12:warning:bronze/unit-test-column') && f.includes("'colour'")), found.join('\n'));
    assert.ok(found.some((f) => f.startsWith('33:warning:bronze/unit-test-column') && f.includes("'shoe_size'")), found.join('\n'));
    assert.ok(at(20, 'bronze/unit-test-invalid'), found.join('\n'));
    assert.ok(found.some((f) => f.startsWith('21:error:bronze/unit-test-invalid') && f.includes("must be either a 'ref', 'source' or 'this'")), found.join('\n'));
    assert.ok(found.some((f) => f.startsWith('24:warning:bronze/unit-test-input') && f.includes("source('raw', 'orders')")), found.join('\n'));
    // The fixture's own file (the passing case) has none of these.
    const clean = await loadProject(FIXTURE, { env: {} });
    assert.equal(clean.diagnostics.filter((d) => d.code.startsWith('bronze/unit-test')).length, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('input calls dbt accepts', () => {
  assert.deepEqual(parseInputCall("ref('a')"), { ref: { name: 'a' } });
  assert.deepEqual(parseInputCall('ref("pkg", "a")'), { ref: { package: 'pkg', name: 'a' } });
  assert.deepEqual(parseInputCall("ref('a', v=2)"), { ref: { name: 'a', version: 2 } });
  assert.deepEqual(parseInputCall("source('raw','users')"), { source: { sourceName: 'raw', tableName: 'users' } });
  assert.deepEqual(parseInputCall(' this '), { isThis: true });
  assert.equal(parseInputCall("ref('a', revision=2)"), undefined);
  assert.equal(parseInputCall('users'), undefined);
});

test('csv fixtures: header then rows; empty cells are NULL; quoted commas stay in the cell', () => {
  assert.deepEqual(csvRows('id,name\n1,"a,b"\n2,\n'), [
    { id: '1', name: 'a,b' },
    { id: '2', name: null },
  ]);
  assert.deepEqual(csvRows(''), []);
});

test('fixture SQL: cast to the relation columns (missing ones NULL), or declared/inferred types; unknown relation column is an error', () => {
  const rel = [
    { name: 'ID', type: 'NUMBER(38,0)' },
    { name: 'NAME', type: 'VARCHAR' },
  ];
  const cols = fixtureColumns([{ id: 1 }], rel, [], "ref('u')", HERE);
  assert.equal(rowsSelect([{ id: 1 }], cols, 'snowflake', HERE), 'select cast(1 as NUMBER(38,0)) as ID, cast(null as VARCHAR) as NAME');
  assert.throws(() => fixtureColumns([{ colour: 'red' }], rel, [], "ref('u')", HERE), /Invalid column name: 'colour' in unit test fixture for ref\('u'\)/);
  const inferred = fixtureColumns([{ id: 1, ok: true, x: 1.5, s: "it's" }], undefined, [{ name: 'd', type: 'date' }], 'this', HERE);
  assert.deepEqual(inferred.map((c) => `${c.name}:${c.type}`), ['d:date', 'id:BIGINT', 'ok:BOOLEAN', 'x:DOUBLE', 's:VARCHAR']);
  assert.equal(rowsSelect([], inferred.slice(0, 2), 'duckdb', HERE), 'select cast(null as date) as d, cast(null as BIGINT) as id\nwhere false');
  assert.equal(sqlLiteral("a\\'b", 'snowflake'), "'a\\\\''b'");
  assert.equal(sqlLiteral("a\\'b", 'duckdb'), "'a\\''b'");
  assert.equal(inferType([null, null]), undefined);
  assert.throws(() => rowsSelect([], [], 'duckdb', HERE), /columns are unknown/);
  assert.equal(withInputCtes('select * from __dbt__cte__u', [{ cte: '__dbt__cte__u', sql: 'select 1 as id' }]), 'with __dbt__cte__u as (\nselect 1 as id\n) select * from __dbt__cte__u');
});

test('row diff: multisets over the expected columns, +++ actual only, --- expected only, aligned', () => {
  const cols = ['id', 'name'];
  const same = diffRows(cols, [{ id: 1, name: 'a' }, { id: 1, name: 'a' }], [{ ID: 1, NAME: 'a' }, { ID: 1, NAME: 'a' }]);
  assert.equal(same.equal, true);
  const repeated = diffRows(cols, [{ id: 1, name: 'a' }, { id: 1, name: 'a' }], [{ id: 1, name: 'a' }]);
  assert.equal(repeated.equal, false, 'a repeated expected row must be returned twice');
  assert.deepEqual(repeated.missing, [['1', 'a']]);
  const d = diffRows(cols, [{ id: 1, name: 'a' }, { id: 2, name: 'bb' }], [{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: null }]);
  assert.equal(
    formatRowDiff(cols, d),
    ['actual differs from expected:', '', '@@  | id | name', '+++ | 2  | b', '+++ | 3  | null', '--- | 2  | bb', '    | 1  | a'].join('\n'),
  );
  assert.equal(cellText(new Date('2024-01-02T03:04:05Z')), '2024-01-02T03:04:05Z');
  assert.equal(cellText(12n), '12');
  assert.notEqual(cellText('1'), cellText(null));
});

test('overrides: macros replace a project macro, a namespaced one and a context function for one render only', async () => {
  const { JinjaEnvironment } = await import('../../server/src/template');
  const env = new JinjaEnvironment({ rootPackage: 'shop' });
  env.addMacroFile('shop', 'macros/cutoff.sql', '{% macro cutoff() %}2020-01-01{% endmacro %}{% macro uses_cutoff() %}[{{ cutoff() }}]{% endmacro %}');
  const ctx = { is_incremental: () => false };
  const text = '{{ cutoff() }} {{ uses_cutoff() }} {{ shop.cutoff() }} {{ is_incremental() }}';
  assert.equal(env.render(text, 'models/m.sql', ctx).output, '2020-01-01 [2020-01-01] 2020-01-01 False');
  assert.equal(env.render(text, 'models/m.sql', ctx, undefined, { cutoff: '2024-06-30', is_incremental: true }).output, '2024-06-30 [2024-06-30] 2020-01-01 True');
  assert.equal(env.render(text, 'models/m.sql', ctx, undefined, { 'shop.cutoff': 'x' }).output, '2020-01-01 [2020-01-01] x False');
  assert.equal(env.render(text, 'models/m.sql', ctx).output, '2020-01-01 [2020-01-01] 2020-01-01 False', 'restored after the render');
});

test('malformed unit_tests shapes load without a crash, each with a located diagnostic', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bronze-unit-bad-'));
  try {
    cpSync(FIXTURE, root, { recursive: true });
    const yaml = [
      'version: 2',
      'unit_tests:',
      '  - null',
      '  - 5',
      '  - {name: 1}',
      '  - {name: only_a_name}',
      '  - {name: b, model: stg_orders, given: 5, expect: 3}',
      '  - name: c',
      '    model: stg_orders',
      '    given: [{input: 5}, {input: "this"}]',
      '    expect: {format: csv, rows: 5}',
      '  - name: d',
      '    model: stg_orders',
      '    given: [{input: "ref(\'x\')", format: parquet}]',
      '    expect: {format: sql}',
      '    overrides: {macros: 3, vars: [1], env_vars: {A: null}}',
      '    config: {tags: 7, meta: x, enabled: "no"}',
      '',
    ].join('\n');
    writeFileSync(join(root, 'models', 'unit_tests.yml'), yaml);
    const p = await loadProject(root, { env: {} });
    const found = p.diagnostics.filter((d) => d.file.endsWith('unit_tests.yml') && d.code.startsWith('bronze/unit-test'));
    assert.ok(found.length >= 7, found.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n'));
    for (const d of found) assert.ok(d.range.start.line >= 2, `${d.message} is located in the unit_tests list`);
    assert.equal(p.unitTests.size, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('build order: a unit test waits for what its model waits for (not other unit tests); its model waits for it', async () => {
  const { unitTestsFirst } = await import('../../client/src/run/unit-test-runner');
  const parents: Record<string, string[]> = { 'unit_test.p.m.a': ['model.p.m'], 'unit_test.p.m.b': ['model.p.m'], 'unit_test.p.x.c': ['model.p.x'] };
  const graph = { parents: (id: string) => parents[id] ?? [] };
  const upstream = new Map<string, string[]>([
    ['model.p.up', []],
    ['model.p.m', ['model.p.up']],
    ['unit_test.p.m.a', ['model.p.m']],
    ['unit_test.p.m.b', ['model.p.m']],
    ['unit_test.p.x.c', []],
  ]);
  unitTestsFirst(graph, ['model.p.up', 'model.p.m', 'unit_test.p.m.a', 'unit_test.p.m.b', 'unit_test.p.x.c'], upstream);
  assert.deepEqual(upstream.get('unit_test.p.m.a'), ['model.p.up']);
  assert.deepEqual(upstream.get('unit_test.p.m.b'), ['model.p.up']);
  assert.deepEqual(upstream.get('model.p.m'), ['model.p.up', 'unit_test.p.m.a', 'unit_test.p.m.b']);
  assert.deepEqual(upstream.get('unit_test.p.x.c'), [], 'a unit test whose model is not selected (bronze test) waits for nothing more');
});
