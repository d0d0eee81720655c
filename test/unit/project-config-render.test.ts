// Jinja in dbt_project.yml resource configs and in a source's database/schema/identifier is rendered when the
// project loads, as dbt does (target, env_var, --vars; native values); hooks stay as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../server/src/project';

function tempProject(files: Record<string, string>): { dir: string; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-cfg-render-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const FILES: Record<string, string> = {
  'dbt_project.yml': [
    'name: p',
    'models:',
    '  p:',
    `    +database: "{{ env_var('DBT_TRANSFORM_DB', 'TRANSFORM_DEV') }}"`,
    `    +materialized: "{{ 'table' if target.type in ['duckdb'] else 'view' }}"`,
    `    +pre-hook: "select '{{ this }}'"`,
    '    optional:',
    `      +enabled: "{{ target.name == 'prod' }}"`,
    `      +schema: "{{ var('sch', 'dflt') }}"`,
    '',
  ].join('\n'),
  'models/a.sql': 'select 1 as id',
  'models/optional/b.sql': 'select 1 as id',
  'models/sources.yml': `version: 2\nsources:\n  - name: raw\n    database: "{{ env_var('DBT_RAW_DB', 'RAW_DEV') }}"\n    schema: "{{ 'land' ~ 'ing' }}"\n    tables:\n      - name: events\n`,
};

test('dbt_project.yml config values and source names render with target, env_var and --vars; hooks stay unrendered', async () => {
  const t = tempProject(FILES);
  try {
    const p = await loadProject(t.dir, { env: { HOME: path.join(t.dir, '.home') } });
    assert.deepEqual(p.diagnostics, []);
    const a = p.models.get('model.p.a')!;
    assert.equal(a.config.materialized, 'table');
    assert.equal(a.relation.database, 'TRANSFORM_DEV');
    assert.deepEqual(a.config['pre-hook'], [{ sql: "select '{{ this }}'", transaction: true }]);
    // Native rendering: `False` is a boolean, so the folder is disabled.
    assert.equal(p.models.get('model.p.b')!.config.enabled, false);
    assert.deepEqual(p.sources.get('source.p.raw.events')!.relation, { database: 'RAW_DEV', schema: 'landing', identifier: 'events' });

    const q = await loadProject(t.dir, { env: { HOME: path.join(t.dir, '.home'), DBT_TRANSFORM_DB: 'T_PROD', DBT_RAW_DB: 'R' }, cliVars: { sch: 'custom' } });
    assert.equal(q.models.get('model.p.a')!.relation.database, 'T_PROD');
    assert.equal(q.models.get('model.p.b')!.config.schema, 'custom');
    assert.equal(q.sources.get('source.p.raw.events')!.relation.database, 'R');
  } finally {
    t.done();
  }
});

test('a config value that does not render is a located error naming the key; the value is kept as written', async () => {
  const t = tempProject({ 'dbt_project.yml': "name: p\nmodels:\n  p:\n    +alias: \"{{ env_var('MISSING_VAR') }}\"\n", 'models/a.sql': 'select 1' });
  try {
    const p = await loadProject(t.dir, { env: { HOME: path.join(t.dir, '.home') } });
    const d = p.diagnostics.find((x) => x.code === 'bronze/project-config-render');
    assert.ok(d, JSON.stringify(p.diagnostics));
    assert.equal(d.file, path.join(t.dir, 'dbt_project.yml'));
    assert.match(d.message, /models\.p\.\+alias/);
    assert.match(d.message, /MISSING_VAR/);
  } finally {
    t.done();
  }
});
