import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { docsGenerate, docsServe, resolveInside } from '../../client/src/cli/docs';
import { openWarehouse } from '../../client/src/warehouse/connect';
import { Engine } from '../../server/src/engine';
import { generateDocsSite, type DocsData } from '../../server/src/docs/site';
import type { CatalogJson } from '../../server/src/docs/catalog';

async function demo(t: { after(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-docs-site-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeDemoProject(dir);
  return dir;
}

const USERS = 'model.zoom_bronze.bz_users';

test('docs generate on the demo without a database: every node documented, declared types, compiled SQL, lineage', async (t) => {
  const dir = await demo(t);
  const logs: string[] = [];
  const result = await docsGenerate({ projectDir: dir, log: (l) => logs.push(l) });
  assert.equal(result.siteDir, path.join(dir, 'target', 'docs'));
  assert.deepEqual(result.files, ['assets/docs.css', 'assets/docs.js', 'docs-data.js', 'docs.json', 'index.html']);
  assert.equal(result.catalogPath, undefined);
  assert.equal(result.catalogSkipped, 'the DuckDB file .bronze/local.duckdb does not exist yet (run `bronze build` first)');
  assert.equal(existsSync(path.join(dir, '.bronze', 'local.duckdb')), false, 'generating docs must not create the database');
  assert.equal(result.compileErrors.size, 0);
  assert.deepEqual(logs, [
    'No catalog.json: the DuckDB file .bronze/local.duckdb does not exist yet (run `bronze build` first). Column types shown are the declared data_type values.',
    'Wrote the docs site to target/docs (5 files).',
  ]);

  // dbt's docs hosting serves <target>/index.html with manifest.json beside it: one self-contained page.
  const single = await readFile(path.join(dir, 'target', 'index.html'), 'utf8');
  assert.doesNotMatch(single, /<script src=|<link rel="stylesheet"/);
  assert.match(single, /window\.__BRONZE_DOCS__ = \{/);
  assert.equal((single.match(/<\/script>/g) ?? []).length, 2, 'nothing inline closes a script early');
  const manifest = JSON.parse(await readFile(path.join(dir, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { compiled_code?: string }> };
  assert.match(manifest.nodes[USERS].compiled_code ?? '', /from local\.raw\.users/);

  const data = JSON.parse(await readFile(path.join(result.siteDir, 'docs.json'), 'utf8')) as DocsData;
  assert.deepEqual(data.project, {
    name: 'zoom_bronze',
    target: { name: 'local', type: 'duckdb' },
    catalog: false,
    counts: { model: 8, source: 7, test: 41, seed: 1, snapshot: 1, analysis: 0, pii_columns: 4 },
  });
  const users = data.nodes[USERS];
  assert.equal(users.description, 'Bronze copy of raw.users: Zoom user accounts with their company and subscription plan. One row per user_id (latest update wins).');
  assert.deepEqual([users.materialized, users.relation, users.file, users.tags], ['incremental', 'local.bronze.bz_users', 'models/bronze/bz_users.sql', ['bronze', 'users']]);
  assert.deepEqual(
    users.columns.map((c) => [c.name, c.dataType, c.typeSource, c.pii?.classification ?? null, c.tests.join(',')]),
    [
      ['user_id', 'STRING', 'declared', null, 'not_null,unique'],
      ['user_name', 'STRING', 'declared', 'personal_name', ''],
      ['email', 'STRING', 'declared', 'contact', 'not_null'],
      ['company', 'STRING', 'declared', null, ''],
      ['plan_type', 'STRING', 'declared', null, 'accepted_values'],
      ['load_timestamp', 'TIMESTAMP_NTZ', 'declared', null, ''],
      ['update_timestamp', 'TIMESTAMP_NTZ', 'declared', null, ''],
      ['source_system', 'STRING', 'declared', null, ''],
    ],
  );
  assert.match(users.compiledSql!, /from local\.raw\.users\s+where user_id is not null\s+\)/);
  assert.doesNotMatch(users.compiledSql!, /\{\{|is_incremental/);
  assert.deepEqual(users.parents, ['source.zoom_bronze.raw.users']);
  assert.equal(users.tests.length, 10);
  // The model's lineage: the source upstream, its tests downstream, the model itself in focus.
  assert.equal(users.lineage!.roles[USERS], 'focus');
  assert.equal(users.lineage!.roles['source.zoom_bronze.raw.users'], 'upstream');
  assert.equal(users.lineage!.nodes.length, 13); // with users_snapshot downstream

  const notNull = Object.values(data.nodes).find((n) => n.id.startsWith('test.zoom_bronze.not_null_bz_users_user_id.'))!;
  assert.deepEqual(notNull.test, { name: 'not_null', kwargs: { column_name: 'user_id', model: "{{ get_where_subquery(ref('bz_users')) }}" }, columnName: 'user_id', attachedNode: USERS, severity: 'error' });
  assert.equal(notNull.compiledSql, 'select user_id\nfrom local.bronze.bz_users\nwhere user_id is null');

  const rawUsers = data.nodes['source.zoom_bronze.raw.users'];
  assert.deepEqual([rawUsers.name, rawUsers.relation, rawUsers.source], ['raw.users', 'local.raw.users', { sourceName: 'raw', loadedAtField: 'load_timestamp', freshness: { warnAfter: { count: 24, period: 'hour' } } }]);

  // Project lineage: sources in the first column, bronze models in the second, tests after.
  const level = new Map(data.lineage.nodes.map((n) => [n.id, n.level]));
  assert.equal(level.get('source.zoom_bronze.raw.users'), 0);
  assert.equal(level.get(USERS), 1);
  assert.equal(level.get(notNull.id), 2);
  assert.equal(data.lineage.nodes.length, 8 + 7 + 36 + 1 + 5 + 1); // models, sources, tests, the plan_types seed and its tests, users_snapshot
  assert.deepEqual(data.pii.map((r) => `${r.name}.${r.column}`), ['bz_users.email', 'bz_users.user_name', 'raw.users.email', 'raw.users.user_name']);

  // Self-contained: no remote resources anywhere in the site (the SVG namespace is an identifier, not a fetch).
  for (const f of result.files) {
    const text = (await readFile(path.join(result.siteDir, f), 'utf8')).replaceAll('http://www.w3.org/2000/svg', '');
    assert.doesNotMatch(text, /(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\/|@import|<link[^>]+http/i, f);
  }
  const html = await readFile(path.join(result.siteDir, 'index.html'), 'utf8');
  assert.match(html, /<title>zoom_bronze · Bronze docs<\/title>/);
  assert.match(html, /<script src="docs-data\.js"><\/script>\s*<script src="assets\/docs\.js"><\/script>/);
  const dataJs = await readFile(path.join(result.siteDir, 'docs-data.js'), 'utf8');
  assert.ok(dataJs.startsWith('window.__BRONZE_DOCS__ = {'));
  assert.doesNotMatch(dataJs, /<\/script/i);
});

test('docs generate with a reachable DuckDB target: catalog.json in dbt shape, warehouse types win', async (t) => {
  const dir = await demo(t);
  const engine = await Engine.open({ projectDir: dir });
  const wh = await openWarehouse(engine.target, dir);
  const s = await wh.openSession();
  await s.execute('create schema if not exists bronze');
  await s.execute('create table bronze.bz_users (user_id varchar, email varchar, signup_count integer)');
  await s.execute('create schema if not exists raw');
  await s.execute('create view raw.users as select 1 as user_id');
  await s.close();
  await wh.close();

  const result = await docsGenerate({ projectDir: dir, engine, generatedAt: new Date('2024-01-02T03:04:05Z') });
  assert.equal(result.catalogPath, path.join(dir, 'target', 'catalog.json'));
  assert.equal(result.catalogSkipped, undefined);
  const catalog = JSON.parse(await readFile(result.catalogPath!, 'utf8')) as CatalogJson;
  // The command's one invocation_id, which manifest.json (and the renders) carry too, as dbt writes them.
  const manifest = JSON.parse(await readFile(path.join(dir, 'target', 'manifest.json'), 'utf8')) as { metadata: { invocation_id: string } };
  assert.match(manifest.metadata.invocation_id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(catalog.metadata, { dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json', dbt_version: 'bronze', generated_at: '2024-01-02T03:04:05.000Z', invocation_id: manifest.metadata.invocation_id, env: {} });
  assert.deepEqual(Object.keys(catalog.nodes), [USERS]);
  assert.deepEqual(Object.keys(catalog.sources), ['source.zoom_bronze.raw.users']);
  assert.equal(catalog.errors, null);
  const u = catalog.nodes[USERS];
  assert.deepEqual(u.metadata, { type: 'BASE TABLE', schema: 'bronze', name: 'bz_users', database: 'local', comment: null, owner: null });
  assert.deepEqual(Object.values(u.columns).map((c) => [c.name, c.index, c.comment]), [['USER_ID', 1, null], ['EMAIL', 2, null], ['SIGNUP_COUNT', 3, null]]);
  assert.equal(u.columns.SIGNUP_COUNT.type, 'INTEGER');
  assert.equal(catalog.sources['source.zoom_bronze.raw.users'].metadata.type, 'VIEW');
  assert.deepEqual(u.stats.has_stats, { id: 'has_stats', label: 'Has Stats?', value: false, include: false, description: 'Indicates whether there are statistics for this table' });

  const data = JSON.parse(await readFile(path.join(result.siteDir, 'docs.json'), 'utf8')) as DocsData;
  assert.equal(data.project.catalog, true);
  assert.equal(data.project.generatedAt, '2024-01-02T03:04:05.000Z');
  const cols = data.nodes[USERS].columns;
  // The relation's columns first, in its order (with warehouse types), then documented columns it lacks.
  assert.deepEqual(cols.slice(0, 3).map((c) => [c.name, c.dataType, c.typeSource, c.declaredType ?? null, c.documented]), [
    ['user_id', 'VARCHAR', 'warehouse', 'STRING', true],
    ['email', 'VARCHAR', 'warehouse', 'STRING', true],
    ['SIGNUP_COUNT', 'INTEGER', 'warehouse', null, false],
  ]);
  assert.deepEqual(cols.slice(3).map((c) => [c.name, c.typeSource]), [['user_name', 'declared'], ['company', 'declared'], ['plan_type', 'declared'], ['load_timestamp', 'declared'], ['update_timestamp', 'declared'], ['source_system', 'declared']]);
});

test('generateDocsSite is deterministic and escapes markup in descriptions', async (t) => {
  const dir = await demo(t);
  const engine = await Engine.open({ projectDir: dir });
  const users = engine.project.models.get(USERS)!;
  users.description = '</script><img src=x onerror=alert(1)>';
  const a = generateDocsSite({ project: engine.project, graph: engine.graph });
  const b = generateDocsSite({ project: engine.project, graph: engine.graph });
  assert.deepEqual([...a.entries()], [...b.entries()]);
  const js = a.get('docs-data.js')!;
  assert.doesNotMatch(js, /<\/script>|<img/);
  assert.match(js, /\\u003c\/script>\\u003cimg src=x onerror=alert\(1\)>/);
  assert.equal((JSON.parse(a.get('docs.json')!) as DocsData).nodes[USERS].description, '</script><img src=x onerror=alert(1)>');
  // The page script writes text with textContent only.
  assert.doesNotMatch(a.get('assets/docs.js')!, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
});

test('docs serve: 127.0.0.1 only, serves the site, refuses paths outside it', async (t) => {
  const dir = await demo(t);
  const { siteDir } = await docsGenerate({ projectDir: dir, catalog: 'skip' });
  const server = await docsServe({ siteDir, port: 0 });
  t.after(() => server.close());
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const index = await fetch(server.url);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(index.headers.get('content-security-policy'), "default-src 'self'; img-src 'self' data:");
  assert.match(await index.text(), /<title>zoom_bronze · Bronze docs<\/title>/);
  const js = await fetch(new URL('assets/docs.js', server.url));
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal(await js.text(), await readFile(path.join(siteDir, 'assets', 'docs.js'), 'utf8'));
  assert.equal((await fetch(new URL('missing.html', server.url))).status, 404);
  assert.equal((await fetch(server.url, { method: 'POST' })).status, 405);
  assert.equal(resolveInside(siteDir, '/../../dbt_project.yml'), undefined);
  assert.equal(resolveInside(siteDir, '/%2e%2e/%2e%2e/profiles.yml'), undefined);
  assert.equal(resolveInside(siteDir, '/'), path.join(siteDir, 'index.html'));
  assert.equal(resolveInside(siteDir, '/assets/docs.css?v=1'), path.join(siteDir, 'assets', 'docs.css'));
});
