// dbt's `graph` context variable (https://docs.getdbt.com/reference/dbt-jinja-functions/graph): in the execute phase
// it holds every node and source as the manifest writes them; packages list the project through it
// (dbt_project_evaluator's get_node_values, dbt_external_tables' stage_external_sources). It was always empty, so
// such models compiled to nothing — dbt_project_evaluator's tables were built without rows and its checks passed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempProject } from './helpers/temp-project';
import { Engine, offlineResolver } from '../../server/src/engine';
import { buildManifest } from '../../server/src/engine/manifest';

const project = (files: Record<string, string>) => tempProject(files);

const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false };

const FILES = {
  'dbt_project.yml': 'name: p\nprofile: p\nmodels:\n  p:\n    staging:\n      +materialized: table\n',
  'models/staging/stg_a.sql': 'select 1 as id\n',
  'models/staging/stg_b.sql': "{{ config(tags=['pii']) }}\nselect * from {{ ref('stg_a') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: stg_a\n    columns:\n      - name: id\n        tests: [unique]\n',
  'models/sources.yml': [
    'version: 2',
    'sources:',
    '  - name: raw',
    '    tables:',
    '      - name: users',
    '      - name: events',
    '        external:',
    '          location: "@{{ target.name }}_stage/events/"',
    '          file_format: "(type = json)"',
    '          partitions:',
    '            - name: day',
    '              data_type: date',
    '              expression: "to_date(metadata$filename)"',
    '',
  ].join('\n'),
  'models/inventory.sql': [
    '{% set rows = [] %}',
    '{% if execute %}',
    "{% for n in graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | sort(attribute='unique_id') %}",
    "{% do rows.append(\"select '\" ~ n.unique_id ~ \"' as id, '\" ~ n.config.materialized ~ \"' as m, '\" ~ (n.tags | join('|')) ~ \"' as tags\") %}",
    '{% endfor %}',
    "{% for s in graph.sources.values() if s.external %}",
    "{% do rows.append(\"select '\" ~ s.unique_id ~ \"' as id, '\" ~ s.external.location ~ \"' as m, '\" ~ s.external.partitions[0].name ~ \"' as tags\") %}",
    '{% endfor %}',
    "{% do rows.append(\"select '\" ~ (graph.nodes.values() | selectattr('resource_type', 'equalto', 'test') | list | length) ~ \" tests' as id, '' as m, '' as tags\") %}",
    '{% endif %}',
    "{{ rows | join('\\nunion all\\n') if rows else 'select 1 as id' }}",
    '',
  ].join('\n'),
};

test('graph lists the nodes and sources in the execute phase, as the manifest writes them', async () => {
  const p = project(FILES);
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('inventory')!;
    const compiled = await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
    const lines = compiled.sql.trim().split('\nunion all\n');
    assert.deepEqual(lines, [
      "select 'model.p.inventory' as id, 'view' as m, '' as tags",
      "select 'model.p.stg_a' as id, 'table' as m, '' as tags",
      "select 'model.p.stg_b' as id, 'table' as m, 'pii' as tags",
      "select 'source.p.raw.events' as id, '@local_stage/events/' as m, 'day' as tags",
      "select '1 tests' as id, '' as m, '' as tags",
    ]);
  } finally {
    p.cleanup();
  }
});

test("a source's external properties reach the manifest, rendered; other sources write null", async () => {
  const p = project(FILES);
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const manifest = buildManifest(engine.project, { targetName: engine.target.name, adapterType: engine.target.type }) as { sources: Record<string, { external: unknown }> };
    assert.deepEqual(manifest.sources['source.p.raw.events'].external, {
      location: '@local_stage/events/',
      file_format: '(type = json)',
      partitions: [{ name: 'day', data_type: 'date', expression: 'to_date(metadata$filename)' }],
    });
    assert.equal(manifest.sources['source.p.raw.users'].external, null);
  } finally {
    p.cleanup();
  }
});

/** The compiled SQL of `inventory` in a project of FILES with `files` over them. */
async function compiledInventory(files: Record<string, string>): Promise<string> {
  const p = project({ ...FILES, ...files });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('inventory')!;
    return (await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') })).sql;
  } finally {
    p.cleanup();
  }
}

/** An `inventory` model printing `item` (a Jinja expression of `n`) for each graph node `nodes` lists. */
const listing = (nodes: string, item: string): string =>
  [
    '{% set out = [] %}',
    '{% if execute %}',
    `{% for n in ${nodes} | sort(attribute='unique_id') %}`,
    `{% do out.append(${item}) %}`,
    '{% endfor %}',
    '{% endif %}',
    "select '{{ out | join(' ') }}' as fields",
    '',
  ].join('\n');

test('every graph node has the fields dbt gives every node (None when unset), so `is none` reads as in dbt', async () => {
  const sql = await compiledInventory({
    'models/inventory.sql': listing('graph.nodes.values()', "n.resource_type ~ ':' ~ (n.columns | length) ~ ':' ~ (n.group is none) ~ ':' ~ n.language ~ ':' ~ n.docs.show ~ ':' ~ (n.access if n.resource_type == 'model' else '-')"),
  });
  assert.equal(sql.trim(), "select 'model:0:True:sql:True:protected model:1:True:sql:True:protected model:0:True:sql:True:protected test:0:True:sql:True:-' as fields");
});

test("a model's `access:` and `group:` properties reach its graph node, as its config does", async () => {
  const sql = await compiledInventory({
    'models/schema.yml': 'version: 2\nmodels:\n  - name: stg_a\n    access: public\n    group: finance\n  - name: stg_b\n    config:\n      access: private\n',
    'models/inventory.sql': listing("graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')", "n.name ~ ':' ~ n.access ~ ':' ~ n.group"),
  });
  assert.equal(sql.trim(), "select 'inventory:protected:None stg_a:public:finance stg_b:private:None' as fields");
});
