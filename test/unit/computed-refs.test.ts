// ref() and source() calls with arguments computed in Jinja are dependencies, as dbt records them by rendering each
// model at parse time (execute=False). Fixture: test/fixtures/computed-refs (a loop-built ref, a source named by a
// var, a ref reached only when executing, the same with dbt's `-- depends_on:` hint).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadProject, reloadFiles } from '../../server/src/project';
import { buildGraph, selectNodes } from '../../server/src/graph';
import { buildManifest, Engine, offlineResolver } from '../../server/src/engine';
import { Workspace } from '../../server/src/analysis/workspace';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/computed-refs');

function copy(extra: Record<string, string> = {}): { dir: string; env: Record<string, string>; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-computed-refs-'));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [rel, text] of Object.entries(extra)) writeFileSync(join(dir, rel), text);
  return { dir, env: { HOME: join(dir, '.home') }, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a loop-built ref and a source named by a var are depends_on, in render order, and order and select the DAG', async () => {
  const t = copy();
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics, []);
    const all = p.models.get('model.computed_refs.all_clicks')!;
    assert.deepEqual(all.dependsOn.nodes, ['model.computed_refs.clicks_30d', 'model.computed_refs.clicks_14d']);
    assert.deepEqual(all.refs.map((r) => r.name), ['clicks_30d', 'clicks_14d']);
    assert.deepEqual(p.models.get('model.computed_refs.events_by_var')!.dependsOn.nodes, ['source.computed_refs.raw_events.events']);
    // Reached only when executing: dbt records nothing at parse time; the hint comment is a literal ref.
    assert.deepEqual(p.models.get('model.computed_refs.late_ref')!.dependsOn.nodes, []);
    assert.deepEqual(p.models.get('model.computed_refs.hinted_ref')!.dependsOn.nodes, ['model.computed_refs.clicks_14d']);

    const graph = buildGraph(p);
    const order = graph.topologicalOrder();
    assert.ok(order.indexOf('model.computed_refs.clicks_14d') < order.indexOf('model.computed_refs.all_clicks'));
    assert.deepEqual(selectNodes(p, graph, { select: ['+all_clicks'] }).sort(), [
      'model.computed_refs.all_clicks',
      'model.computed_refs.clicks_14d',
      'model.computed_refs.clicks_30d',
    ]);
    const manifest = buildManifest(p, { targetName: 'local', adapterType: 'duckdb' });
    const nodes = manifest.nodes as Record<string, { depends_on: { nodes: string[] }; refs: { name: string }[] }>;
    assert.deepEqual(nodes['model.computed_refs.all_clicks'].depends_on.nodes, ['model.computed_refs.clicks_30d', 'model.computed_refs.clicks_14d']);
    assert.deepEqual(nodes['model.computed_refs.all_clicks'].refs.map((r) => r.name), ['clicks_30d', 'clicks_14d']);
  } finally {
    t.done();
  }
});

test('--vars renames the computed source; the dependency follows', async () => {
  const t = copy();
  try {
    const p = await loadProject(t.dir, { env: t.env, cliVars: { raw_source: 'other_events' } });
    assert.deepEqual(p.models.get('model.computed_refs.events_by_var')!.dependsOn.nodes, ['source.computed_refs.other_events.events']);
  } finally {
    t.done();
  }
});

test('a computed ref in a hook, and one in a macro the model calls, are dependencies', async () => {
  const t = copy({
    'models/hooked.sql': `{{ config(post_hook="delete from {{ this }} where hit_id in (select hit_id from {{ ref('clicks' ~ '_30d') }})") }}\nselect 1 as hit_id`,
    'models/via_macro.sql': `select * from {{ clicks_for('_14d') }}`,
  });
  try {
    mkdirSync(join(t.dir, 'macros'));
    writeFileSync(join(t.dir, 'macros', 'clicks.sql'), `{% macro clicks_for(window) %}{{ ref('clicks' ~ window) }}{% endmacro %}`);
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.models.get('model.computed_refs.hooked')!.dependsOn.nodes, ['model.computed_refs.clicks_30d']);
    assert.deepEqual(p.models.get('model.computed_refs.via_macro')!.dependsOn.nodes, ['model.computed_refs.clicks_14d']);
  } finally {
    t.done();
  }
});

test('a computed ref naming no model is an error at the call; a render that fails is a located warning', async () => {
  const t = copy({
    'models/typo.sql': `select * from {{ ref('clicks' ~ '_7d') }}`,
    'models/no_render.sql': `select 1 as x\nfrom {{ ref(run_query('select 1').columns[0].values()[0]) }}`,
  });
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const typo = p.diagnostics.find((d) => d.file.endsWith('typo.sql'))!;
    assert.equal(typo.code, 'bronze/unknown-ref');
    assert.equal(typo.severity, 'error');
    assert.match(typo.message, /depends on a node named 'clicks_7d' which was not found/);
    assert.deepEqual(typo.range.start, { line: 0, character: 17 });
    const failed = p.diagnostics.find((d) => d.file.endsWith('no_render.sql'))!;
    assert.equal(failed.code, 'bronze/computed-ref');
    assert.equal(failed.severity, 'warning');
    assert.match(failed.message, /depends_on: \{\{ ref\('upstream_model'\) \}\}/);
    assert.deepEqual(failed.range.start, { line: 1, character: 8 });
    assert.deepEqual(p.models.get('model.computed_refs.no_render')!.dependsOn.nodes, []);
  } finally {
    t.done();
  }
});

test('editing the loop re-links the model on reload, and drops the refs it no longer makes', async () => {
  const t = copy();
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const file = join(t.dir, 'models/all_clicks.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace('["_30d", "_14d"]', '["_14d"]'));
    const q = await reloadFiles(p, [file], { env: t.env });
    assert.deepEqual(q.models.get('model.computed_refs.all_clicks')!.dependsOn.nodes, ['model.computed_refs.clicks_14d']);
    assert.deepEqual(q.models.get('model.computed_refs.all_clicks')!.refs.map((r) => r.name), ['clicks_14d']);
    // An unrelated edit keeps the rendered dependencies of the untouched model.
    const other = join(t.dir, 'models/clicks_30d.sql');
    writeFileSync(other, 'select 3 as hit_id, \'30d\' as lookback\n');
    const r = await reloadFiles(q, [other], { env: t.env });
    assert.deepEqual(r.models.get('model.computed_refs.all_clicks')!.dependsOn.nodes, ['model.computed_refs.clicks_14d']);
    assert.deepEqual(r.models.get('model.computed_refs.all_clicks')!.refs.map((r) => r.name), ['clicks_14d']);
  } finally {
    t.done();
  }
});

test("a ref computed only when executing fails as dbt's does; with the depends_on hint it compiles", async () => {
  const t = copy();
  try {
    const engine = await Engine.open({ projectDir: t.dir, env: t.env });
    const ctx = (id: string) => {
      const m = engine.findModel(id)!;
      return { model: m, opts: { invocationId: 'x', runStartedAt: new Date(0), fullRefresh: false, resolve: offlineResolver(m.relation, 'first') } };
    };
    const late = ctx('late_ref');
    await assert.rejects(engine.compileModel(late.model, late.opts), /unable to infer all dependencies for the model "late_ref".*-- depends_on: \{\{ ref\('clicks_14d'\) \}\}/s);
    const hinted = ctx('hinted_ref');
    const out = await engine.compileModel(hinted.model, hinted.opts);
    assert.match(out.sql, /clicks_14d/);
  } finally {
    t.done();
  }
});

test('the language server keeps parse-time dependencies when a ref of the model is edited (check ⊇ compile)', async () => {
  const t = copy({ 'models/via_macro.sql': `select * from {{ clicks_for('_14d') }} join {{ ref('clicks_30d') }} using (hit_id)\n` });
  try {
    mkdirSync(join(t.dir, 'macros'));
    writeFileSync(join(t.dir, 'macros', 'clicks.sql'), `{% macro clicks_for(window) %}{{ ref('clicks' ~ window) }}{% endmacro %}`);
    const ws = new Workspace({ env: t.env });
    await ws.openProject(t.dir);
    const file = join(t.dir, 'models/via_macro.sql');
    await ws.setText(file, `select * from {{ clicks_for('_14d') }} join {{ ref('all_clicks') }} using (hit_id)\n`);
    const state = ws.projectFor(file)!;
    const loaded = await loadProject(t.dir, { env: t.env, overlay: ws.overlay });
    const id = 'model.computed_refs.via_macro';
    assert.deepEqual([...state.project.models.get(id)!.dependsOn.nodes].sort(), [...loaded.models.get(id)!.dependsOn.nodes].sort());
    assert.deepEqual([...state.graph.parents(id)].sort(), ['model.computed_refs.all_clicks', 'model.computed_refs.clicks_14d']);
  } finally {
    t.done();
  }
});
