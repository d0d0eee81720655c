import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject, reloadFiles } from '../../server/src/project';
import { Engine } from '../../server/src/engine';
import { offlineResolver } from '../../server/src/engine/engine';

const ZOOM = path.resolve(import.meta.dirname, '../fixtures/zoom-mini');
const BROKEN = path.resolve(import.meta.dirname, '../fixtures/broken');

/** A throwaway project; HOME points inside it so no ~/.dbt/profiles.yml of the machine is picked up. */
function tempProject(files: Record<string, string>): { dir: string; env: Record<string, string>; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-load-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, env: { HOME: path.join(dir, '.home') }, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const hook = (sql: string) => ({ sql, transaction: true });
const PROJECT_PRE = "{{ log('start ' ~ this, info=true) }}";
const PROJECT_POST = "insert into {{ target.schema }}.bz_data_audit (source_table, status) values ('{{ this.name }}', 'SUCCESS')";

test('zoom-mini loads without diagnostics; project facts, vars and on-run hooks are kept as written', async () => {
  const p = await loadProject(ZOOM, { env: {} });
  assert.deepEqual(p.diagnostics, []);
  assert.equal(p.name, 'zoom_bronze');
  assert.equal(p.profileName, 'zoom_bronze');
  assert.deepEqual(p.vars, { environment: 'dev', enable_audit_logging: true, max_null_percentage: 5, lookback_days: 3 });
  assert.deepEqual(p.onRunStart, ["{{ log('bronze run starting', info=true) }}"]);
  assert.deepEqual(p.onRunEnd, ["{{ log('bronze run finished', info=true) }}"]);
  assert.deepEqual([...p.models.keys()].sort(), ['model.zoom_bronze.bz_data_audit', 'model.zoom_bronze.bz_meetings', 'model.zoom_bronze.bz_users']);
  assert.deepEqual([...p.macros.keys()].sort(), ['macro.zoom_bronze.audit_insert', 'macro.zoom_bronze.test_non_negative']);
  assert.deepEqual(p.macros.get('macro.zoom_bronze.audit_insert')!.args, ['status', 'table_name']);
  assert.equal(p.target.name, 'local');
});

test('config precedence: tags and hooks append, meta merges, scalars override (project → schema.yml → config())', async () => {
  const p = await loadProject(ZOOM, { env: {} });
  const users = p.models.get('model.zoom_bronze.bz_users')!;
  assert.deepEqual(users.fqn, ['zoom_bronze', 'bronze', 'bz_users']);
  assert.equal(users.config.materialized, 'incremental');
  assert.deepEqual(users.config.tags, ['zoom', 'bronze', 'users', 'pii']);
  assert.deepEqual(users.tags, ['zoom', 'bronze', 'users', 'pii']);
  assert.deepEqual(users.config.meta, { owner: 'data-eng', layer: 'bronze', contains_pii: true });
  assert.deepEqual(users.config['pre-hook'], [hook(PROJECT_PRE), hook("select 'schema.yml hook'")]);
  assert.deepEqual(users.config['post-hook'], [hook(PROJECT_POST), hook("{{ log('users done', info=true) }}")]);
  assert.equal(users.config.unique_key, 'user_id');
  assert.equal(users.config.on_schema_change, 'append_new_columns');
  assert.equal(users.description, 'Bronze copy of RAW.users, one row per user_id.');
  assert.deepEqual(Object.keys(users.columns), ['user_id', 'email', 'plan_type']);
  assert.deepEqual(users.columns.email.tags, ['pii']);
  assert.deepEqual(users.columns.email.meta, { masking: 'email' });
  assert.deepEqual(users.patchLocation?.range, { start: { line: 64, character: 10 }, end: { line: 64, character: 18 } });
  const meetings = p.models.get('model.zoom_bronze.bz_meetings')!;
  // `bz_meetings: {+tags: 'meetings'}` is a model-level entry in the project tree.
  assert.deepEqual(meetings.config.tags, ['zoom', 'bronze', 'meetings']);
  assert.deepEqual(meetings.config.meta, { owner: 'data-eng', layer: 'bronze', sla_hours: 4 });
  assert.deepEqual(meetings.dependsOn.nodes, ['model.zoom_bronze.bz_users', 'source.zoom_bronze.raw.meetings']);
  assert.deepEqual(users.dependsOn.nodes, ['source.zoom_bronze.raw.users']);
});

test('relation naming: custom schema → <target.schema>_<custom>, alias, database from the target', async () => {
  const p = await loadProject(ZOOM, { env: {} });
  assert.deepEqual(p.models.get('model.zoom_bronze.bz_users')!.relation, { database: 'zoom', schema: 'analytics_bronze', identifier: 'bz_users' });
  assert.deepEqual(p.models.get('model.zoom_bronze.bz_data_audit')!.relation, { database: 'zoom', schema: 'analytics_audit', identifier: 'bz_data_audit' });
  const custom = await loadProject(ZOOM, { env: {}, generateSchemaName: (c, _n, t) => c ?? t.schema });
  assert.equal(custom.models.get('model.zoom_bronze.bz_users')!.relation.schema, 'bronze');
});

test('every test form becomes a TestNode with dbt-style names, metadata and config', async () => {
  const p = await loadProject(ZOOM, { env: {} });
  const names = [...p.tests.values()].map((t) => t.name).sort();
  assert.deepEqual(names, [
    'accepted_values_bz_meetings_meeting_topic__Weekly_sync__Standup',
    'accepted_values_bz_users_plan_type__Basic__Pro__Enterprise__Education',
    'assert_meeting_end_after_start',
    'dbt_utils_expression_is_true_bz_meetings_duration_minutes_0',
    'not_null_bz_meetings_meeting_id',
    'not_null_bz_users_email',
    'not_null_bz_users_user_id',
    'relationships_bz_meetings_host_id__user_id__ref_bz_users_',
    'source_not_null_raw_meetings_meeting_id',
    'source_not_null_raw_users_user_id',
    'source_unique_raw_users_user_id',
    'unique_bz_meetings_meeting_id',
    'unique_bz_users_user_id',
  ]);
  const byName = new Map([...p.tests.values()].map((t) => [t.name, t]));
  for (const t of p.tests.values()) if (t.testMetadata) assert.match(t.uniqueId, new RegExp(`^test\\.zoom_bronze\\.${t.name}\\.[0-9a-f]{10}$`));
  const rel = byName.get('relationships_bz_meetings_host_id__user_id__ref_bz_users_')!;
  assert.deepEqual(rel.testMetadata, {
    name: 'relationships',
    namespace: undefined,
    kwargs: { to: "ref('bz_users')", field: 'user_id', column_name: 'host_id', model: "{{ get_where_subquery(ref('bz_meetings')) }}" },
  });
  assert.deepEqual(rel.dependsOn.nodes, ['model.zoom_bronze.bz_meetings', 'model.zoom_bronze.bz_users']);
  assert.equal(rel.attachedNode, 'model.zoom_bronze.bz_meetings');
  assert.equal(rel.columnName, 'host_id');
  const expr = byName.get('dbt_utils_expression_is_true_bz_meetings_duration_minutes_0')!;
  assert.equal(expr.testMetadata!.namespace, 'dbt_utils');
  assert.equal(expr.config.severity, 'WARN');
  assert.equal(expr.rawCode, '{{ dbt_utils.test_expression_is_true(**_dbt_generic_test_kwargs) }}');
  assert.deepEqual(expr.dependsOn.macros, ['macro.dbt_utils.test_expression_is_true', 'macro.dbt.get_where_subquery']);
  const email = byName.get('not_null_bz_users_email')!;
  assert.equal(email.config.severity, 'WARN');
  assert.equal(email.config.where, "source_system <> 'legacy'");
  assert.deepEqual(email.tags, ['pii']);
  const topic = byName.get('accepted_values_bz_meetings_meeting_topic__Weekly_sync__Standup')!;
  assert.equal(topic.config.limit, 10);
  assert.deepEqual(topic.testMetadata!.kwargs.values, ['Weekly sync', 'Standup']);
  const src = byName.get('source_unique_raw_users_user_id')!;
  assert.equal(src.testMetadata!.kwargs.model, "{{ get_where_subquery(source('raw', 'users')) }}");
  assert.deepEqual(src.dependsOn.nodes, ['source.zoom_bronze.raw.users']);
  assert.deepEqual(src.tags, ['raw']);
  const singular = p.tests.get('test.zoom_bronze.assert_meeting_end_after_start')!;
  assert.equal(singular.config.severity, 'WARN');
  assert.deepEqual(singular.tags, ['quality']);
  assert.deepEqual(singular.dependsOn.nodes, ['model.zoom_bronze.bz_meetings']);
});

test('sources: relation defaults, identifier, freshness inherited source → table, null disables', async () => {
  const p = await loadProject(ZOOM, { env: {} });
  const users = p.sources.get('source.zoom_bronze.raw.users')!;
  assert.deepEqual(users.relation, { database: 'DB_POC_ZOOM', schema: 'RAW', identifier: 'users' });
  assert.deepEqual(users.freshness, { warnAfter: { count: 12, period: 'hour' }, errorAfter: { count: 24, period: 'hour' } });
  assert.equal(users.loadedAtField, 'load_timestamp');
  assert.equal(users.columns.email.dataType, 'STRING');
  const meetings = p.sources.get('source.zoom_bronze.raw.meetings')!;
  assert.deepEqual(meetings.relation, { database: 'DB_POC_ZOOM', schema: 'RAW', identifier: 'MEETINGS_V2' });
  assert.deepEqual(meetings.freshness, { warnAfter: { count: 6, period: 'hour' } });
  assert.equal(meetings.loadedAtField, 'update_timestamp');
  assert.equal(p.sources.get('source.zoom_bronze.raw.licenses')!.freshness, null);
  const t = tempProject({
    'dbt_project.yml': 'name: p\n',
    'models/s.yml': 'version: 2\nsources:\n  - name: crm\n    tables:\n      - name: accounts\n',
  });
  try {
    const q = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(q.sources.get('source.p.crm.accounts')!.relation, { database: 'local', schema: 'crm', identifier: 'accounts' });
    assert.equal(q.sources.get('source.p.crm.accounts')!.freshness, undefined);
  } finally {
    t.done();
  }
});

test('no profiles.yml: the embedded local DuckDB target; versioned models, custom schema and alias', async () => {
  const t = tempProject({
    'dbt_project.yml': "name: shop\nmodels:\n  shop:\n    marts:\n      +schema: marts\n",
    'models/marts/orders_v1.sql': 'select 1 as id',
    'models/marts/orders_v2.sql': "{{ config(alias='orders_current') }} select 1 as id",
    'models/marts/customers.sql': "select * from {{ ref('orders') }} join {{ ref('orders', v=1) }}",
    'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.target, { name: 'local', profileName: 'shop', type: 'duckdb', path: path.join(t.dir, '.bronze', 'local.duckdb'), database: 'local', schema: 'main', threads: 4, twin: { dir: path.join(t.dir, '.bronze', 'local') } });
    const v1 = p.models.get('model.shop.orders.v1')!;
    assert.equal(v1.name, 'orders');
    assert.equal(v1.version, 1);
    assert.deepEqual(v1.relation, { database: 'local', schema: 'main_marts', identifier: 'orders_v1' });
    assert.deepEqual(p.models.get('model.shop.orders.v2')!.relation, { database: 'local', schema: 'main_marts', identifier: 'orders_current' });
    assert.deepEqual(p.models.get('model.shop.customers')!.dependsOn.nodes, ['model.shop.orders.v2', 'model.shop.orders.v1']);
  } finally {
    t.done();
  }
});

test('YAML under docs-paths is not a properties file, and a properties file may carry any version (dbt 1.5+)', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: shop\ndocs-paths: ["docs"]\n',
    'models/orders.sql': 'select 1 as id',
    // Not dbt's: a generated inventory kept beside the doc blocks; dbt reads only the .md there.
    'docs/inventory.yaml': 'version: "1.0"\nvendors:\n  - id: 1\n',
    'docs/orders.md': '{% docs orders %}Orders.{% enddocs %}',
    // A seed-path YAML whose version is not 2: dbt ≤ 1.4 refused it, dbt 1.5+ reads it.
    'seeds/weights.yml': 'version: 1\nseeds:\n  - name: weights\n    description: routing weights\n',
    'seeds/weights.csv': 'a,b\n1,2\n',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(p.models.get('seed.shop.weights')?.description, 'routing weights');
    assert.notEqual(p.files.get(path.join(t.dir, 'docs', 'inventory.yaml'))?.kind, 'schema');
  } finally {
    t.done();
  }
});

test('a broken project still loads; each problem is a located diagnostic', async () => {
  const p = await loadProject(BROKEN, { env: { HOME: path.join(BROKEN, '.nohome') } });
  assert.deepEqual([...p.models.keys()].sort(), ['model.broken_proj.good', 'model.broken_proj.other']);
  const rel = (f: string) => path.relative(BROKEN, f);
  assert.deepEqual(
    p.diagnostics.map((d) => [rel(d.file), d.range.start.line, d.range.start.character, d.severity, d.code]),
    [
      ['models/bad_syntax.yml', 5, 15, 'error', 'bronze/yaml-syntax'],
      ['models/typos.yml', 3, 4, 'warning', 'bronze/unknown-key'],
      ['models/typos.yml', 6, 8, 'warning', 'bronze/unknown-key'],
      ['models/typos.yml', 9, 4, 'error', 'bronze/schema-invalid'],
      ['models/typos.yml', 15, 30, 'error', 'bronze/schema-invalid'],
      ['models/typos.yml', 7, 10, 'warning', 'bronze/unknown-model-entry'],
    ],
  );
  assert.equal(p.diagnostics[1].message, 'Unknown key `descripton` in model at models[0].descripton; it is ignored. Did you mean `description`?');
  assert.deepEqual(p.models.get('model.broken_proj.other')!.dependsOn.nodes, ['model.broken_proj.good']);
});

test('duplicates become diagnostics', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: d\n',
    'models/a/m.sql': 'select 1',
    'models/b/m.sql': 'select 2',
    'models/s1.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: t\n',
    'models/s2.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: t\n',
    'models/docs.md': '{% docs intro %}one{% enddocs %}\n{% docs intro %}two{% enddocs %}\n',
    'macros/x.sql': '{% macro dup() %}1{% endmacro %}',
    'macros/y.sql': '{% macro dup() %}2{% endmacro %}',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const codes = p.diagnostics.map((d) => `${path.relative(t.dir, d.file)}:${d.range.start.line}:${d.range.start.character} ${d.code}`).sort();
    assert.deepEqual(codes, ['macros/y.sql:0:9 bronze/duplicate-macro', 'models/b/m.sql:0:0 bronze/duplicate-model', 'models/docs.md:1:8 bronze/duplicate-doc', 'models/s2.yml:4:14 bronze/duplicate-source']);
    assert.equal(p.models.get('model.d.m')!.originalFilePath, 'models/a/m.sql');
  } finally {
    t.done();
  }
});

test('two model files of one name where one is disabled: no error, the enabled one is the model refs find', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: d\n',
    // Sorted first, so met first: a disabled stub (dbt sets it aside in manifest.disabled).
    'models/a_stub/m.sql': '{{ config(enabled=false) }}\nselect 1 as stub where false',
    'models/b_real/m.sql': 'select 2 as real_col',
    'models/c/user.sql': "select * from {{ ref('m') }}",
    // Both disabled: no error either.
    'models/x/n.sql': '{{ config(enabled=false) }} select 1',
    'models/y/n.sql': '{{ config(enabled=false) }} select 2',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(p.models.get('model.d.m')!.originalFilePath, 'models/b_real/m.sql');
    assert.deepEqual(p.models.get('model.d.user')!.dependsOn.nodes, ['model.d.m']);
  } finally {
    t.done();
  }
});

test('a macro file with a stray end tag between its macros loads without an error, as dbt reads it block by block', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: d\n',
    'models/m.sql': "select {{ a('1') }} as x, '{{ b() }}' as y",
    'macros/m.sql': '{%- macro a(x) -%}\n  {{ x }}\n{%- endmacro -%}\n\n{%- endmacro -%}\n\n{% macro b() %}b{% endmacro %}\n',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual([...p.macros.keys()].filter((k) => k.startsWith('macro.d.')).sort(), ['macro.d.a', 'macro.d.b']);
  } finally {
    t.done();
  }
});

test('a macro file under a model path that macro-paths also names: its macros are the project\'s, and it is a model too (dbt reads it with both parsers)', async () => {
  // dbt's read_files lists a file of both paths for its MacroParser and its ModelParser (robling_product keeps
  // macros in "models/<area>/macros" and names each such folder in macro-paths).
  const t = tempProject({
    'dbt_project.yml': 'name: d\nmacro-paths: ["macros", "models/Sales, returns/macros"]\n',
    'models/Sales, returns/m.sql': "{{ config(pre_hook='{{ prep(this) }}') }}select '{{ greet() }}' as x",
    'models/Sales, returns/macros/helpers.sql': "{% macro greet() %}hi{% endmacro %}\n{% macro prep(rel) %}select 1{% endmacro %}\n",
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual([...p.macros.keys()].filter((k) => k.startsWith('macro.d.')).sort(), ['macro.d.greet', 'macro.d.prep']);
    assert.deepEqual([...p.models.keys()].sort(), ['model.d.helpers', 'model.d.m']);
    const engine = await Engine.open({ projectDir: t.dir, env: t.env, cliVars: {} });
    const m = engine.findModel('m')!;
    const compiled = await engine.compileModel(m, { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, resolve: offlineResolver(m.relation, 'first') });
    assert.match(compiled.sql, /select 'hi' as x/);
    assert.deepEqual(compiled.preHooks, ['select 1']);
  } finally {
    t.done();
  }
});

test('installed packages: models and macros load under the package name; root project tree configures them', async () => {
  const t = tempProject({
    'dbt_project.yml': "name: root\nmodels:\n  helpers:\n    +tags: ['from_root']\n",
    'models/m.sql': "select * from {{ ref('helpers', 'h') }}",
    'dbt_packages/helpers/dbt_project.yml': "name: helpers\nmodels:\n  helpers:\n    +materialized: table\n",
    'dbt_packages/helpers/models/h.sql': 'select 1',
    'dbt_packages/helpers/macros/util.sql': '{% macro util(x) %}{{ x }}{% endmacro %}',
    'dbt_packages/not_a_package/readme.md': 'no project file',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.packages.map((x) => x.name), ['root', 'helpers']);
    const h = p.models.get('model.helpers.h')!;
    assert.equal(h.config.materialized, 'table');
    assert.deepEqual(h.config.tags, ['from_root']);
    assert.equal(h.originalFilePath, 'models/h.sql');
    assert.ok(p.macros.has('macro.helpers.util'));
    assert.deepEqual(p.models.get('model.root.m')!.dependsOn.nodes, ['model.helpers.h']);
  } finally {
    t.done();
  }
});

test('dynamic config(): an info diagnostic, or the injected renderConfig result', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: dyn\n',
    'models/m.sql': "{{ config(materialized=var('mat', 'table')) }} select 1",
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.severity, d.range.start.character, d.range.end.character]), [['bronze/dynamic-config', 'info', 3, 43]]);
    assert.equal(p.models.get('model.dyn.m')!.config.materialized, 'view');
    const r = await loadProject(t.dir, { env: t.env, renderConfig: (n) => (n.name === 'm' ? { materialized: 'table', tags: ['rendered'] } : {}) });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.models.get('model.dyn.m')!.config.materialized, 'table');
    assert.deepEqual(r.models.get('model.dyn.m')!.config.tags, ['rendered']);
  } finally {
    t.done();
  }
});

test("a singular test's computed config() is applied as dbt's parse render applies it: enabled=var('qa', false) disables it", async () => {
  // pretium's assert_metric_bounds_wl020_readthrough_metrics: `config(tags=[…], enabled=var('…_bound_tests', false))`
  // was left enabled, ran where dbt skips it, and its failure skipped 17 models downstream.
  const t = tempProject({
    'dbt_project.yml': 'name: dyn\n',
    'models/m.sql': 'select 1 as a',
    'tests/t_gated.sql': "{{\n  config(\n    tags=['qa'],\n    enabled=var('qa_on', false),\n  )\n}}\nselect * from {{ ref('m') }} where a < 0\n",
    'tests/t_plain.sql': "select * from {{ ref('m') }} where a < 0\n",
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.file.endsWith('t_gated.sql')]), [['bronze/dynamic-config', true]]);
    const r = await loadProject(t.dir, { env: t.env, renderConfig: (n) => (n.name === 't_gated' ? { tags: ['qa'], enabled: false } : {}) });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.tests.get('test.dyn.t_gated')!.config.enabled, false);
    assert.deepEqual(r.tests.get('test.dyn.t_gated')!.tags, ['qa']);
    assert.equal(r.tests.get('test.dyn.t_plain')!.config.enabled, true);
    // The engine renders it with the command's --vars.
    const off = await Engine.open({ projectDir: t.dir, env: t.env, cliVars: {} });
    assert.equal(off.project.tests.get('test.dyn.t_gated')!.config.enabled, false);
    const on = await Engine.open({ projectDir: t.dir, env: t.env, cliVars: { qa_on: true } });
    assert.equal(on.project.tests.get('test.dyn.t_gated')!.config.enabled, true);
    assert.deepEqual(on.project.tests.get('test.dyn.t_gated')!.tags, ['qa']);
  } finally {
    t.done();
  }
});

test('overlay buffers win over the disk', async () => {
  const t = tempProject({ 'dbt_project.yml': 'name: o\n', 'models/a.sql': 'select 1', 'models/b.sql': 'select 2' });
  try {
    const overlay = new Map([[path.join(t.dir, 'models/b.sql'), "{{ config(materialized='table') }} select * from {{ ref('a') }}"]]);
    const p = await loadProject(t.dir, { env: t.env, overlay });
    const b = p.models.get('model.o.b')!;
    assert.equal(b.config.materialized, 'table');
    assert.deepEqual(b.dependsOn.nodes, ['model.o.a']);
    assert.equal(p.files.get(path.join(t.dir, 'models/b.sql'))!.text, overlay.get(path.join(t.dir, 'models/b.sql')));
  } finally {
    t.done();
  }
});

test('reloadFiles re-parses changed files only and shares untouched nodes', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: r\n',
    'models/a.sql': 'select 1 as id',
    'models/b.sql': "select * from {{ ref('a') }}",
    'models/c.sql': 'select 3',
    'models/s.yml': 'version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: [not_null]\n',
  });
  try {
    const p1 = await loadProject(t.dir, { env: t.env });
    const testId = [...p1.tests.keys()][0];
    // Edit b (it now depends on c) and create d.
    writeFileSync(path.join(t.dir, 'models/b.sql'), "select * from {{ ref('c') }}");
    writeFileSync(path.join(t.dir, 'models/d.sql'), "select * from {{ ref('b') }}");
    const p2 = await reloadFiles(p1, [path.join(t.dir, 'models/b.sql'), path.join(t.dir, 'models/d.sql')], { env: t.env });
    assert.notEqual(p2, p1);
    assert.equal(p2.models.get('model.r.a'), p1.models.get('model.r.a'));
    assert.equal(p2.models.get('model.r.c'), p1.models.get('model.r.c'));
    assert.equal(p2.tests.get(testId), p1.tests.get(testId));
    assert.notEqual(p2.models.get('model.r.b'), p1.models.get('model.r.b'));
    assert.deepEqual(p2.models.get('model.r.b')!.dependsOn.nodes, ['model.r.c']);
    assert.deepEqual(p2.models.get('model.r.d')!.dependsOn.nodes, ['model.r.b']);
    assert.deepEqual(p1.models.get('model.r.b')!.dependsOn.nodes, ['model.r.a'], 'the old project is not mutated');
    unlinkSync(path.join(t.dir, 'models/c.sql'));
    const p3 = await reloadFiles(p2, [path.join(t.dir, 'models/c.sql')], { env: t.env });
    assert.equal(p3.models.has('model.r.c'), false);
    assert.deepEqual(p3.models.get('model.r.b')!.dependsOn.nodes, []);
    assert.equal(p3.models.get('model.r.a'), p1.models.get('model.r.a'));
    // An unsaved buffer through reloadFiles: the overlay wins.
    const overlay = new Map([[path.join(t.dir, 'models/a.sql'), "{{ config(materialized='table') }} select 1 as id"]]);
    const p4 = await reloadFiles(p3, [path.join(t.dir, 'models/a.sql')], { env: t.env, overlay });
    assert.equal(p4.models.get('model.r.a')!.config.materialized, 'table');
    assert.equal(p4.models.get('model.r.d'), p3.models.get('model.r.d'));
  } finally {
    t.done();
  }
});

test('a *-paths setting of the wrong type is reported and the project still loads', async () => {
  const join = path.join;
  const dir = mkdtempSync(join(os.tmpdir(), 'bronze-paths-'));
  try {
    writeFileSync(join(dir, 'dbt_project.yml'), "name: p\nprofile: p\nmacro-paths: \"$$['macros']\"\nmodel-paths: 7\n");
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'm.sql'), 'select 1 as id\n');
    const project = await loadProject(dir);
    assert.deepEqual([...project.models.values()].map((m) => m.name), ['m']);
    assert.ok(project.diagnostics.some((d) => d.file.endsWith('dbt_project.yml') && d.severity === 'error'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a ref resolves to the enabled node of that name: a package's seed the root disables gives way to the root's", async () => {
  // dbt_project_evaluator's pattern: the package ships an exceptions seed, the project disables it and adds its own.
  const t = tempProject({
    'dbt_project.yml': "name: root\nseeds:\n  evaluator:\n    exc:\n      +enabled: false\n",
    'seeds/exc.csv': 'fct_name,id_to_exclude\nf,x\n',
    'dbt_packages/evaluator/dbt_project.yml': 'name: evaluator\n',
    'dbt_packages/evaluator/seeds/exc.csv': 'fct_name,id_to_exclude\n',
    'dbt_packages/evaluator/models/f.sql': "select * from {{ ref('exc') }}",
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.models.get('model.evaluator.f')!.dependsOn.nodes, ['seed.root.exc']);
  } finally {
    t.done();
  }
});

test('a Python model loads as a model node: dbt.ref/source are its dependencies, dbt.config and schema.yml configure it, its tests attach', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +schema: marts\n',
    'models/marts/dim_customer.py': 'def model(dbt, session):\n    dbt.config(materialized="table", tags=["py"])\n    # dbt.ref("commented")\n    s = dbt.source("raw", "customers")\n    return dbt.ref("orders")\n',
    'models/marts/orders.sql': 'select 1 as id',
    'models/marts/after.sql': "select * from {{ ref('dim_customer') }}",
    'models/marts/schema.yml':
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: customers\nmodels:\n  - name: dim_customer\n    config:\n      meta: {owner: ana}\n    columns:\n      - name: id\n        tests: [not_null]\n  - name: nowhere\n',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const m = p.models.get('model.shop.dim_customer')!;
    assert.equal(m.language, 'python');
    assert.equal(m.originalFilePath, 'models/marts/dim_customer.py');
    assert.deepEqual(m.dependsOn.nodes, ['model.shop.orders', 'source.shop.raw.customers']);
    assert.equal(m.config.materialized, 'table');
    assert.deepEqual(m.tags, ['py']);
    assert.deepEqual(m.meta, { owner: 'ana' });
    assert.equal(m.relation.schema.endsWith('_marts'), true);
    assert.deepEqual(p.models.get('model.shop.after')!.dependsOn.nodes, ['model.shop.dim_customer']);
    assert.deepEqual([...p.tests.values()].map((x) => [x.name, x.attachedNode]), [['not_null_dim_customer_id', 'model.shop.dim_customer']]);
    const entries = p.diagnostics.filter((d) => d.code === 'bronze/unknown-model-entry').map((d) => [d.range.start.line, d.message]);
    assert.deepEqual(entries, [[12, "Model 'nowhere' is described here but there is no nowhere.sql in the model paths (models). Fix the name or create the file."]]);
  } finally {
    t.done();
  }
});

test('a Python model with a non-literal dbt.ref is a located load error, and its text is never read as Jinja', async () => {
  const t = tempProject({
    'dbt_project.yml': 'name: shop\n',
    'models/py_bad.py': 'def model(dbt, session):\n    name = "orders"\n    x = "{{ not jinja"\n    return dbt.ref(name)\n',
    'models/orders.sql': 'select 1 as id',
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const ds = p.diagnostics.filter((d) => d.file.endsWith('py_bad.py')).map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]);
    assert.deepEqual(ds, [['bronze/python-model-call', 'error', 3, 11]]);
    assert.ok(p.models.has('model.shop.py_bad'));
  } finally {
    t.done();
  }
});
