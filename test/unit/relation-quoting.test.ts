// dbt's `quoting:` config: dbt_project.yml's decides how ref() and `this` print; a source's schema.yml `quoting:`
// (the table's over the source's) decides how source() prints, without the project's (dbt-core's
// Relation.create_from). mattermost's two projects set `quoting: {database: true}` and quote their sources' database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, buildManifest, offlineResolver } from '../../server/src/engine';
import { loadProject } from '../../server/src/project';

function project(files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-quoting-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false };

test('project quoting applies to ref() and this; source quoting (table over source) to source() alone', async () => {
  const p = project({
    'dbt_project.yml': 'name: p\nprofile: p\nquoting:\n  database: true\n  identifier: false\n  schema: false\n',
    'models/base.sql': 'select 1 as id',
    'models/m.sql':
      "{{ config(post_hook='grant select on {{ this }} to role r') }}\n" +
      "select * from {{ ref('base') }} join {{ source('raw', 'events') }} using (id) join {{ source('raw', 'users') }} using (id) join {{ source('plain', 'logs') }} using (id)\n" +
      "-- {{ this.quote_policy.database }} {{ ref('base').include(database=false) }}",
    'models/sources.yml':
      'version: 2\nsources:\n  - name: raw\n    database: ANALYTICS\n    quoting:\n      database: true\n      schema: false\n    tables:\n      - name: events\n      - name: users\n        quoting:\n          identifier: true\n          database: false\n  - name: plain\n    tables:\n      - name: logs\n',
  });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('m')!;
    const compiled = await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
    assert.equal(
      compiled.sql,
      '\nselect * from "local".main.base join "ANALYTICS".raw.events using (id) join ANALYTICS.raw."users" using (id) join local.plain.logs using (id)\n' +
        '-- True main.base',
    );
    assert.deepEqual(compiled.postHooks, ['grant select on "local".main.m to role r']);
    // manifest.json's relation_name prints as dbt's Relation does under the same policies.
    const manifest = buildManifest(await loadProject(p.dir, {}), { targetName: 'local', adapterType: 'duckdb' });
    const nodes = manifest.nodes as Record<string, { relation_name: string }>;
    const sources = manifest.sources as Record<string, { relation_name: string; quoting: Record<string, unknown> }>;
    assert.equal(nodes['model.p.base'].relation_name, '"local".main.base');
    assert.equal(sources['source.p.raw.users'].relation_name, 'ANALYTICS.raw."users"');
    assert.deepEqual(sources['source.p.raw.users'].quoting, { database: false, schema: false, identifier: true, column: null });
    assert.equal(sources['source.p.plain.logs'].relation_name, 'local.plain.logs');
  } finally {
    p.cleanup();
  }
});

test('without quoting: config nothing is quoted (dbt-snowflake default)', async () => {
  const p = project({
    'dbt_project.yml': 'name: p\nprofile: p\n',
    'models/base.sql': 'select 1 as id',
    'models/m.sql': "select * from {{ ref('base') }}",
  });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('m')!;
    const compiled = await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
    assert.equal(compiled.sql, 'select * from local.main.base');
  } finally {
    p.cleanup();
  }
});
