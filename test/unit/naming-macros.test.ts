// Relation names as dbt computes them: the root project's generate_schema_name / generate_database_name /
// generate_alias_name, dbt's generate_schema_name_for_env, a package's default__generate_schema_name chosen by
// `dispatch:` for the dbt namespace, and dbt's defaults otherwise. Sources keep their declared names; compile
// renders ref() and {{ this }} with the computed names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject, reloadFiles, type LoadedProject } from '../../server/src/project';
import { Engine, offlineResolver } from '../../server/src/engine';

function tempProject(files: Record<string, string>): { dir: string; env: Record<string, string>; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-naming-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, env: { HOME: path.join(dir, '.home') }, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const PROFILES =
  'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dev.duckdb\n      database: dev_db\n      schema: bronze\n' +
  '    prod:\n      type: duckdb\n      path: prod.duckdb\n      database: prod_db\n      schema: bronze\n';

const BASE: Record<string, string> = {
  'dbt_project.yml': "name: p\nprofile: p\nmodels:\n  p:\n    zoom:\n      +schema: zoom_bz\n",
  'profiles.yml': PROFILES,
  'models/zoom/meetings.sql': "select * from {{ ref('users') }}",
  'models/zoom/users.sql': "{{ config(alias='zoom_users') }}\nselect 1 as id -- {{ this }}",
  'models/plain.sql': "select * from {{ source('raw', 'events') }}",
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    database: lake\n    schema: landing\n    tables:\n      - name: events\n        identifier: evt\n',
};

async function relations(files: Record<string, string>, target?: string): Promise<{ project: LoadedProject; rel: (name: string) => string }> {
  const t = tempProject(files);
  try {
    const project = await loadProject(t.dir, { env: t.env, profilesDir: t.dir, target });
    const rel = (name: string): string => {
      const m = [...project.models.values()].find((x) => x.name === name)!;
      return `${m.relation.database}.${m.relation.schema}.${m.relation.identifier}`;
    };
    return { project, rel };
  } finally {
    t.done();
  }
}

test('no override: dbt default concatenation; sources keep their declared names', async () => {
  const { project, rel } = await relations(BASE);
  assert.deepEqual(project.diagnostics, []);
  assert.equal(rel('meetings'), 'dev_db.bronze_zoom_bz.meetings');
  assert.equal(rel('users'), 'dev_db.bronze_zoom_bz.zoom_users');
  assert.equal(rel('plain'), 'dev_db.bronze.plain');
  assert.deepEqual(project.sources.get('source.p.raw.events')!.relation, { database: 'lake', schema: 'landing', identifier: 'evt' });
});

test('a root generate_schema_name that returns the custom schema as is: +schema: zoom_bz lands in zoom_bz', async () => {
  const macro = '{% macro generate_schema_name(custom_schema_name, node) -%}\n  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}\n{%- endmacro %}\n';
  const { project, rel } = await relations({ ...BASE, 'macros/get_custom_schema.sql': macro });
  assert.deepEqual(project.diagnostics, []);
  assert.equal(rel('meetings'), 'dev_db.zoom_bz.meetings');
  assert.equal(rel('plain'), 'dev_db.bronze.plain');
  assert.deepEqual(project.sources.get('source.p.raw.events')!.relation, { database: 'lake', schema: 'landing', identifier: 'evt' });
});

test("the common override calling dbt's generate_schema_name_for_env: custom schema on prod, target schema elsewhere", async () => {
  const files = { ...BASE, 'macros/schema.sql': '{% macro generate_schema_name(custom_schema_name, node) -%}\n  {{ generate_schema_name_for_env(custom_schema_name, node) }}\n{%- endmacro %}\n' };
  assert.equal((await relations(files)).rel('meetings'), 'dev_db.bronze.meetings');
  const prod = await relations(files, 'prod');
  assert.equal(prod.rel('meetings'), 'prod_db.zoom_bz.meetings');
  assert.equal(prod.rel('plain'), 'prod_db.bronze.plain');
});

test('generate_database_name and generate_alias_name overrides see the node (fqn, config, name)', async () => {
  const files = {
    ...BASE,
    'macros/names.sql':
      '{% macro generate_database_name(custom_database_name=none, node=none) -%}\n' +
      "  {%- if custom_database_name -%}{{ custom_database_name }}{%- elif 'zoom' in node.fqn -%}zoom_db{%- else -%}{{ target.database }}{%- endif -%}\n" +
      '{%- endmacro %}\n' +
      '{% macro generate_alias_name(custom_alias_name=none, node=none) -%}\n' +
      "  {%- if custom_alias_name -%}{{ custom_alias_name | trim }}{%- else -%}{{ node.config.materialized }}_{{ node.name }}{%- endif -%}\n" +
      '{%- endmacro %}\n',
  };
  const { project, rel } = await relations(files);
  assert.deepEqual(project.diagnostics, []);
  assert.equal(rel('meetings'), 'zoom_db.bronze_zoom_bz.view_meetings');
  assert.equal(rel('users'), 'zoom_db.bronze_zoom_bz.zoom_users');
  assert.equal(rel('plain'), 'dev_db.bronze.view_plain');
});

test("a package's default__generate_schema_name applies only when dispatch: lists it; its own generate_schema_name names its own nodes", async () => {
  const pkg = {
    'dbt_packages/naming/dbt_project.yml': 'name: naming\n',
    'dbt_packages/naming/macros/schema.sql':
      '{% macro default__generate_schema_name(custom_schema_name, node) -%}\n  {{ (custom_schema_name or target.schema) | upper }}\n{%- endmacro %}\n' +
      // A package's own generate_schema_name names only that package's nodes (dbt ≥ 1.6), never the root's.
      '{% macro generate_schema_name(custom_schema_name, node) -%}pkg_{{ node.name }}{%- endmacro %}\n',
    'dbt_packages/naming/models/pkg_model.sql': 'select 1 as id',
  };
  const without = await relations({ ...BASE, ...pkg });
  assert.equal(without.rel('meetings'), 'dev_db.bronze_zoom_bz.meetings');
  assert.equal(without.rel('pkg_model'), 'dev_db.pkg_pkg_model.pkg_model');
  const withDispatch = await relations({
    ...BASE,
    ...pkg,
    'dbt_project.yml': BASE['dbt_project.yml'] + "dispatch:\n  - macro_namespace: dbt\n    search_order: ['naming', 'dbt']\n",
  });
  assert.equal(withDispatch.rel('meetings'), 'dev_db.ZOOM_BZ.meetings');
  assert.equal(withDispatch.rel('plain'), 'dev_db.BRONZE.plain');
});

test('versioned models: dbt default alias <name>_v<version> with dots as underscores, through the macro too', async () => {
  const files = {
    ...BASE,
    'models/orders_v1.sql': 'select 1 as id',
    'models/orders_v1_5.sql': 'select 1 as id',
    'models/orders.yml': "version: 2\nmodels:\n  - name: orders\n    versions:\n      - v: 1\n      - v: '1.5'\n        defined_in: orders_v1_5\n",
  };
  const { project } = await relations(files);
  const ids = [...project.models.values()].filter((m) => m.name === 'orders').map((m) => m.relation.identifier).sort();
  assert.deepEqual(ids, ['orders_v1', 'orders_v1_5']);
  const viaMacro = await relations({ ...files, 'macros/s.sql': '{% macro generate_schema_name(c, node) -%}{{ target.schema }}{%- endmacro %}' });
  assert.deepEqual([...viaMacro.project.models.values()].filter((m) => m.name === 'orders').map((m) => m.relation.identifier).sort(), ['orders_v1', 'orders_v1_5']);
});

test('compile renders ref() and {{ this }} with the names the macros computed; removing the macro restores the default', async () => {
  const macro = '{% macro generate_schema_name(custom_schema_name, node) -%}{{ custom_schema_name or target.schema }}{%- endmacro %}';
  const t = tempProject({ ...BASE, 'macros/s.sql': macro });
  try {
    const project = await loadProject(t.dir, { env: t.env, profilesDir: t.dir });
    const engine = Engine.fromProject(project);
    const meetings = engine.findModel('meetings')!;
    const users = engine.findModel('users')!;
    const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, resolve: offlineResolver(meetings.relation, 'first' as const) };
    assert.equal((await engine.compileModel(meetings, ctx)).sql, 'select * from dev_db.zoom_bz.zoom_users');
    assert.equal((await engine.compileModel(users, ctx)).sql, '\nselect 1 as id -- dev_db.zoom_bz.zoom_users');
    // Editing one model: the rebuilt node and the reused ones all keep the macro's names.
    writeFileSync(path.join(t.dir, 'models', 'plain.sql'), 'select 2 as id');
    const edited = await reloadFiles(project, [path.join(t.dir, 'models', 'plain.sql')], { env: t.env, profilesDir: t.dir });
    assert.deepEqual(
      [...edited.models.values()].map((m) => `${m.name}:${m.relation.schema}`).sort(),
      ['meetings:zoom_bz', 'plain:bronze', 'users:zoom_bz'],
    );
    // Editing the macro renames every node.
    writeFileSync(path.join(t.dir, 'macros', 's.sql'), macro.replace('custom_schema_name or target.schema', "'x_' ~ (custom_schema_name or target.schema)"));
    const remacro = await reloadFiles(edited, [path.join(t.dir, 'macros', 's.sql')], { env: t.env, profilesDir: t.dir });
    assert.deepEqual([...remacro.models.values()].map((m) => m.relation.schema).sort(), ['x_bronze', 'x_zoom_bz', 'x_zoom_bz']);
    rmSync(path.join(t.dir, 'macros', 's.sql'));
    const reloaded = await reloadFiles(remacro, [path.join(t.dir, 'macros', 's.sql')], { env: t.env, profilesDir: t.dir });
    assert.equal([...reloaded.models.values()].find((m) => m.name === 'meetings')!.relation.schema, 'bronze_zoom_bz');
  } finally {
    t.done();
  }
});

test('a naming macro that fails is a located error and the node keeps the default name', async () => {
  const { project, rel } = await relations({ ...BASE, 'macros/s.sql': "{% macro generate_schema_name(c, node) -%}{{ exceptions.raise_compiler_error('no schema for ' ~ node.name) }}{%- endmacro %}" });
  const d = project.diagnostics.find((x) => x.code === 'bronze/naming-macro' && x.file.endsWith('plain.sql'));
  assert.ok(d, JSON.stringify(project.diagnostics));
  assert.match(d.message, /no schema for plain/);
  assert.equal(rel('plain'), 'dev_db.bronze.plain');
});

test('store_failures relations are named through the same macros (schema defaults to dbt_test__audit)', async () => {
  const files = {
    ...BASE,
    'models/zoom/schema.yml': 'version: 2\nmodels:\n  - name: meetings\n    columns:\n      - name: id\n        data_tests:\n          - not_null\n          - unique:\n              config:\n                schema: audit_custom\n                alias: uniq_ids\n',
  };
  const check = async (extra: Record<string, string>, expected: string[]) => {
    const t = tempProject({ ...files, ...extra });
    try {
      const engine = Engine.fromProject(await loadProject(t.dir, { env: t.env, profilesDir: t.dir }));
      const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, resolve: async () => null };
      const got: string[] = [];
      for (const test of [...engine.project.tests.values()].sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1))) {
        const r = await engine.testAuditRelation(test, ctx);
        got.push(`${r.database}.${r.schema}.${r.identifier}`);
      }
      assert.deepEqual(got, expected);
    } finally {
      t.done();
    }
  };
  await check({}, ['dev_db.bronze_dbt_test__audit.not_null_meetings_id', 'dev_db.bronze_audit_custom.uniq_ids']);
  await check(
    { 'macros/s.sql': '{% macro generate_schema_name(custom_schema_name, node) -%}{{ custom_schema_name or target.schema }}{%- endmacro %}' },
    ['dev_db.dbt_test__audit.not_null_meetings_id', 'dev_db.audit_custom.uniq_ids'],
  );
});

// dbt renders `this` in a data test as the test node's own relation (FlipsideCrypto/algorand-models' singular
// tests read `max(_inserted_timestamp) from {{ this }}`, which dbt 1.2 compiled to ALGORAND_DEV.silver.block with
// the project's name-splitting macros); Bronze rendered <target db>.<target schema>.<test name>.
test('{{ this }} in a singular test or a custom generic test is the test node named through the naming macros', async () => {
  const files = {
    ...BASE,
    'tests/silver__block__gap.sql': 'select * from {{ this }}',
    'macros/t.sql': '{% test reads_this(model, column_name) %}select {{ column_name }} from {{ model }} where 0 = (select 1 from {{ this }}){% endtest %}',
    'models/zoom/schema.yml': 'version: 2\nmodels:\n  - name: meetings\n    columns:\n      - name: id\n        data_tests:\n          - reads_this\n',
  };
  const split =
    "{% macro generate_schema_name(custom_schema_name=none, node=none) -%}{{ node.name.split('__')[0] }}{%- endmacro %}\n" +
    "{% macro generate_alias_name(custom_alias_name=none, node=none) -%}{{ node.name.split('__')[1] if '__' in node.name else node.name }}{%- endmacro %}\n";
  const render = async (extra: Record<string, string>) => {
    const t = tempProject({ ...files, ...extra });
    try {
      const engine = Engine.fromProject(await loadProject(t.dir, { env: t.env, profilesDir: t.dir }));
      const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, which: 'compile', resolve: async () => null };
      const singular = engine.project.tests.get('test.p.silver__block__gap')!;
      const generic = [...engine.project.tests.values()].find((x) => x.testMetadata?.name === 'reads_this')!;
      return [await engine.testSql(singular, ctx), await engine.testSql(generic, ctx)];
    } finally {
      t.done();
    }
  };
  const [s1, g1] = await render({});
  assert.equal(s1, 'select * from dev_db.bronze_dbt_test__audit.silver__block__gap');
  assert.match(g1, /from dev_db\.bronze_dbt_test__audit\.reads_this_meetings_id\)$/);
  const [s2] = await render({ 'macros/naming.sql': split });
  assert.equal(s2, 'select * from dev_db.silver.block');
});
