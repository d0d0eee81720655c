// The loader's memory-lean node parts: column records and schema.yml locations computed on first read,
// shared frozen config defaults, schema entries without tests, and one-shot (non-reloadable) loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadProject, reloadFiles } from '../../server/src/project';
import { defaultConfig, mergeConfig } from '../../server/src/project/config';
import { DeferredModelRecord, leanScan } from '../../server/src/project/lean-scan';
import { scanTemplate } from '../../server/src/project/scanner';
import { JinjaScan } from '../../server/src/template/scan';

const SCHEMA = `version: 2
sources:
  - name: raw
    schema: RAW
    tables:
      - name: users
        columns:
          - name: user_id
            data_tests: [not_null]
          - name: email
            tags: [pii]
models:
  - name: m
    columns:
      - name: id
        description: The key.
        data_tests:
          - unique
      - name: plain
`;

function tempProject(): { dir: string; env: Record<string, string>; done: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-lean-'));
  writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: lean\nprofile: lean\nconfig-version: 2\n');
  mkdirSync(path.join(dir, 'models'));
  writeFileSync(path.join(dir, 'models', 'schema.yml'), SCHEMA);
  writeFileSync(path.join(dir, 'models', 'm.sql'), "select user_id as id, 1 as plain from {{ source('raw', 'users') }}\n");
  return { dir, env: { HOME: path.join(dir, '.home') }, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** 0-based line and character of the n-th (0-based) occurrence of `needle` in SCHEMA. */
function at(needle: string, nth = 0): { line: number; character: number } {
  let off = -1;
  for (let i = 0; i <= nth; i++) off = SCHEMA.indexOf(needle, off + 1);
  const before = SCHEMA.slice(0, off);
  const line = before.split('\n').length - 1;
  return { line, character: off - (before.lastIndexOf('\n') + 1) };
}

test('column, source, patch and test locations point at their names in schema.yml', async () => {
  const t = tempProject();
  try {
    const p = await loadProject(t.dir, { env: t.env });
    const schema = path.join(t.dir, 'models', 'schema.yml');
    const m = p.models.get('model.lean.m')!;
    const id = m.columns.id;
    assert.equal(id.location?.file, schema);
    const idAt = at('id\n        description');
    assert.deepEqual(id.location?.range, { start: idAt, end: { line: idAt.line, character: idAt.character + 2 } });
    assert.equal(id.description, 'The key.');
    const plainAt = at('plain');
    assert.deepEqual(m.columns.plain.location?.range.start, plainAt);
    assert.deepEqual(m.patchLocation?.range.start, at('m\n'));
    const src = p.sources.get('source.lean.raw.users')!;
    assert.deepEqual(src.location.range.start, at('users'));
    assert.deepEqual(src.columns.email.tags, ['pii']);
    const unique = [...p.tests.values()].find((x) => x.name === 'unique_m_id')!;
    assert.deepEqual(unique.location.range.start, at('unique'));
    const notNull = [...p.tests.values()].find((x) => x.name === 'source_not_null_raw_users_user_id')!;
    assert.deepEqual(notNull.location.range.start, at('not_null'));
    // JSON sees plain records with their locations (snapshots and logs rely on it).
    const json = JSON.parse(JSON.stringify({ col: id, loc: unique.location }));
    assert.deepEqual(json.col.location.range.start, idAt);
    assert.equal(json.col.name, 'id');
    assert.deepEqual(json.loc.range.start, at('unique'));
  } finally {
    t.done();
  }
});

test('entries without tests give no test nodes; entries with tests keep their names', async () => {
  const t = tempProject();
  try {
    const p = await loadProject(t.dir, { env: t.env });
    assert.deepEqual([...p.tests.values()].map((x) => x.name).sort(), ['source_not_null_raw_users_user_id', 'unique_m_id']);
  } finally {
    t.done();
  }
});

test('config defaults are shared but never changed by merging', () => {
  const base = defaultConfig('view');
  assert.ok(Object.isFrozen(base.tags) && Object.isFrozen(base.meta) && Object.isFrozen(base['pre-hook']));
  const merged = mergeConfig(base, { tags: ['a'], meta: { owner: 'x' }, pre_hook: 'select 1' });
  assert.deepEqual(merged.tags, ['a']);
  assert.deepEqual(merged.meta, { owner: 'x' });
  assert.deepEqual(merged['pre-hook'], [{ sql: 'select 1', transaction: true }]);
  assert.deepEqual(defaultConfig('table').tags, []);
  assert.deepEqual(defaultConfig('table').meta, {});
  assert.deepEqual(defaultConfig('table')['pre-hook'], []);
});

test('a one-shot load (reloadable: false) gives the same project, and reloadFiles on it loads afresh', async () => {
  const t = tempProject();
  try {
    const kept = await loadProject(t.dir, { env: t.env });
    const once = await loadProject(t.dir, { env: t.env, reloadable: false });
    const view = (p: typeof kept) => JSON.stringify({ m: [...p.models.entries()], t: [...p.tests.entries()], s: [...p.sources.entries()], d: p.diagnostics });
    assert.equal(view(once), view(kept));
    const sql = path.join(t.dir, 'models', 'm.sql');
    writeFileSync(sql, "select user_id as id, 2 as plain from {{ source('raw', 'users') }} -- edited\n");
    const next = await reloadFiles(once, [sql], { env: t.env });
    assert.notEqual(next, once);
    assert.match(next.models.get('model.lean.m')!.rawCode, /-- edited/);
    assert.deepEqual(next.models.get('model.lean.m')!.dependsOn.nodes, ['source.lean.raw.users']);
  } finally {
    t.done();
  }
});

test('model and table entries outside the common shape still get their schema diagnostics', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-lean-'));
  try {
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: lean\nprofile: lean\nconfig-version: 2\n');
    mkdirSync(path.join(dir, 'models'));
    writeFileSync(
      path.join(dir, 'models', 'schema.yml'),
      `version: 2
sources:
  - name: raw
    tables:
      - name: users
        identifer: USERS
      - name: events
        columns: user_id
models:
  - name: m
    descripton: typo
  - name: n
    description: [not, a, string]
`,
    );
    writeFileSync(path.join(dir, 'models', 'm.sql'), 'select 1 as id\n');
    writeFileSync(path.join(dir, 'models', 'n.sql'), 'select 1 as id\n');
    const p = await loadProject(dir, { env: { HOME: path.join(dir, '.home') } });
    const msgs = p.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}: ${d.message}`);
    assert.ok(msgs.some((m) => m.startsWith('bronze/unknown-key 6:') && m.includes('`identifer`') && m.includes('identifier')), msgs.join('\n'));
    assert.ok(msgs.some((m) => m.startsWith('bronze/unknown-key 11:') && m.includes('`descripton`') && m.includes('description')), msgs.join('\n'));
    assert.ok(msgs.some((m) => / 8: /.test(m) && m.includes('columns')), msgs.join('\n'));
    assert.ok(msgs.some((m) => / 13: /.test(m) && m.includes('description')), msgs.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reload that rebuilds a model from its kept (lean) scan still applies its config() call', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-lean-'));
  try {
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: lean\nprofile: lean\nconfig-version: 2\n');
    mkdirSync(path.join(dir, 'models'));
    const schema = path.join(dir, 'models', 'schema.yml');
    writeFileSync(schema, 'version: 2\nmodels:\n  - name: m\n    description: First.\n');
    writeFileSync(path.join(dir, 'models', 'm.sql'), "{{ config(materialized='table', tags=['kept']) }}\nselect 1 as id\n");
    const env = { HOME: path.join(dir, '.home') };
    const p1 = await loadProject(dir, { env });
    assert.equal(p1.models.get('model.lean.m')!.config.materialized, 'table');
    // The patch changes, so the model's node is built again from the scan the loader kept.
    writeFileSync(schema, 'version: 2\nmodels:\n  - name: m\n    description: Second.\n');
    const p2 = await reloadFiles(p1, [schema], { env });
    const m = p2.models.get('model.lean.m')!;
    assert.notEqual(m, p1.models.get('model.lean.m'));
    assert.equal(m.description, 'Second.');
    assert.equal(m.config.materialized, 'table');
    assert.deepEqual(m.tags, ['kept']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('leanScan gives back the same calls and config, scanned again from the text', () => {
  const text = "{{ config(materialized='incremental', unique_key='id') }}\nselect * from {{ ref('a') }}";
  const full = scanTemplate(text);
  const lean = leanScan(full, text);
  // The same ref records, in a list without spare room.
  assert.deepEqual(lean.refs.map((r, i) => r === full.refs[i]), [true]);
  assert.deepEqual(lean.config, full.config);
  assert.deepEqual(JSON.parse(JSON.stringify(lean.calls)), JSON.parse(JSON.stringify(full.calls)));
});

/** Where a JinjaScan is reachable from `root` (own keys, symbols and hidden ones too, Map/Set entries), if anywhere. */
function scanHeldAt(root: unknown): string | undefined {
  const seen = new Set<object>();
  const stack: [unknown, string][] = [[root, 'project']];
  while (stack.length > 0) {
    const [v, where] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof JinjaScan) return where;
    if (v instanceof Map) for (const [k, x] of v) stack.push([k, `${where}.key`], [x, `${where}.get(${String(k)})`]);
    else if (v instanceof Set) for (const x of v) stack.push([x, `${where}.item`]);
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (d && 'value' in d) stack.push([d.value, `${where}.${String(k)}`]);
    }
  }
  return undefined;
}

// A model's Jinja scan is ~5 KB beyond its text: a load that kept one per model for the analysis held ~55 MB more
// at the peak of a 10,000-model bronze check (and cost GC time) than scanning each model again when it is checked.
test('a loaded project holds no Jinja scan of its models', async () => {
  const t = tempProject();
  try {
    for (const reloadable of [false, true]) {
      const p = await loadProject(t.dir, { env: t.env, reloadable });
      assert.ok(p.models.get('model.lean.m')!.rawCode.includes('{{ source('));
      assert.equal(scanHeldAt(p), undefined, `reloadable: ${reloadable}`);
    }
  } finally {
    t.done();
  }
});

// A node keeps its refs and sources for life; they keep offsets, not the call records (args, keywords: ~500 bytes a
// model, 5 MB over a 10,000-model load) that they were read from.
test('refs and sources keep their ranges without holding their call records', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const text = "{{ config(materialized='table') }}\nselect *\nfrom {{ ref('pkg', 'm', v=2) }} join {{ source('raw', 't') }}\n";
  const held: { refs: unknown[]; sources: unknown[] } = { refs: [], sources: [] };
  const calls = (() => {
    const scan = scanTemplate(text);
    held.refs = scan.refs;
    held.sources = scan.sources;
    const ref = scan.calls.find((c) => c.name === 'ref')!;
    const src = scan.calls.find((c) => c.name === 'source')!;
    assert.deepEqual(JSON.parse(JSON.stringify(scan.refs)), [{ name: 'm', package: 'pkg', version: 2, range: ref.range, nameRange: ref.args[1].range }]);
    assert.deepEqual(JSON.parse(JSON.stringify(scan.sources)), [{ sourceName: 'raw', tableName: 't', range: src.range, sourceNameRange: src.args[0].range, tableNameRange: src.args[1].range }]);
    return [new WeakRef(ref), new WeakRef(src), new WeakRef(ref.args[1])];
  })();
  await new Promise((r) => setImmediate(r));
  gc();
  assert.deepEqual(calls.map((w) => w.deref() === undefined), [true, true, true]);
  assert.equal(held.refs.length + held.sources.length, 2);
});

test('a one-shot load scans a model when it builds it, and keeps only its lean scan after', () => {
  const text = "{{ config(materialized='table') }}\n{% docs d %}About.{% enddocs %}\nselect * from {{ ref('a') }} {% endmacro %}";
  const walked = { abs: '/p/models/m.sql', rel: 'models/m.sql', role: 'model' as const, dirs: [] };
  const rec = new DeferredModelRecord(walked, text);
  assert.equal(rec.scanned, false);
  const full = rec.parsed;
  assert.equal(rec.scanned, true);
  assert.ok(full.kind === 'sql');
  assert.equal(rec.parsed, full);
  const calls = JSON.parse(JSON.stringify(full.scan.calls));
  rec.lean();
  const lean = rec.parsed;
  assert.ok(lean.kind === 'sql');
  assert.notEqual(lean, full);
  // What the rest of the load reads stays the same objects (the refs in a list of their own length); calls and
  // config come back from the text.
  assert.equal(lean.diagnostics, full.diagnostics);
  assert.equal(lean.diagnostics.length, 1);
  assert.deepEqual(lean.scan.refs.map((r, i) => r === full.scan.refs[i]), [true]);
  assert.equal(lean.scan.definitions, full.scan.definitions);
  assert.deepEqual(lean.scan.definitions.map((d) => d.name), ['d']);
  assert.deepEqual(JSON.parse(JSON.stringify(lean.scan.calls)), calls);
  assert.deepEqual(lean.scan.config, { materialized: 'table' });
});

// The one-shot load scans models late: their parse problems must still come where a reloadable load puts them
// (bronze check sorts by file and position only, so diagnostics at one position keep the load's order).
test('a one-shot load gives the same nodes and diagnostics, in the same order, as a reloadable one', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-lean-'));
  try {
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: lean\nprofile: lean\nconfig-version: 2\n');
    mkdirSync(path.join(dir, 'models', 'a'), { recursive: true });
    mkdirSync(path.join(dir, 'macros'));
    writeFileSync(path.join(dir, 'models', 'a', 'schema.yml'), 'version: 2\nmodels:\n  - name: m1\n    descripton: typo\n  - name: ghost\n');
    writeFileSync(path.join(dir, 'models', 'a', 'm1.sql'), "select * from {{ ref('m2') }} {% enddocs %}\n");
    writeFileSync(path.join(dir, 'models', 'm2.sql'), "{{ config(materialized='table') }}\n{% docs about_m2 %}M2.{% enddocs %}\nselect 1 as id {{ oops\n");
    writeFileSync(path.join(dir, 'models', 'm3.sql'), "{% set t = 'm' ~ '2' %}select * from {{ ref(t) }}\n");
    writeFileSync(path.join(dir, 'models', 'm4.py'), "def model(dbt, session):\n    return dbt.ref('m2')\n");
    // (A stray end tag after a macro is no error: dbt reads a macro file block by block; an unclosed block is one.)
    writeFileSync(path.join(dir, 'macros', 'x.sql'), '{% macro y() %}2{% endmacro %}{% endmacro %}{% macro x() %}1\n');
    const env = { HOME: path.join(dir, '.home') };
    const kept = await loadProject(dir, { env });
    const once = await loadProject(dir, { env, reloadable: false });
    const view = (p: typeof kept) =>
      JSON.stringify({ m: [...p.models.entries()], t: [...p.tests.entries()], s: [...p.sources.entries()], mac: [...p.macros.keys()], docs: [...p.docs.keys()], d: p.diagnostics });
    assert.equal(view(once), view(kept));
    const codes = once.diagnostics.map((d) => `${path.relative(dir, d.file)} ${d.code}`);
    assert.equal(codes.filter((c) => c.includes('jinja-unclosed')).length, 3, codes.join('\n'));
    assert.deepEqual(once.models.get('model.lean.m1')!.dependsOn.nodes, ['model.lean.m2']);
    assert.deepEqual(once.models.get('model.lean.m3')!.dependsOn.nodes, ['model.lean.m2']);
    assert.equal(once.models.get('model.lean.m2')!.config.materialized, 'table');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('generic test nodes: per-model parts shared, derived fields on read, JSON plain, a reload copy complete', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-lean-'));
  try {
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: lean\nprofile: lean\nconfig-version: 2\n');
    mkdirSync(path.join(dir, 'models', 'core'), { recursive: true });
    writeFileSync(
      path.join(dir, 'models', 'core', 'schema.yml'),
      `version: 2
models:
  - name: m
    columns:
      - name: id
        data_tests:
          - not_null
          - unique
          - relationships: {to: "ref('other')", field: id}
      - name: code
        tags: [keys]
        data_tests:
          - not_null:
              config: {severity: warn}
`,
    );
    writeFileSync(path.join(dir, 'models', 'core', 'm.sql'), 'select 1 as id, 2 as code\n');
    const env = { HOME: path.join(dir, '.home') };
    const p = await loadProject(dir, { env });
    const byName = (name: string) => [...p.tests.values()].find((x) => x.name === name)!;
    const notNull = byName('not_null_m_id');
    const unique = byName('unique_m_id');
    const warn = byName('not_null_m_code');
    const rel = byName('relationships_m_id__id__ref_other_');
    // Tests with the same project layers and tags share one frozen config; the tests of a model its ref list.
    assert.equal(notNull.config, unique.config);
    assert.ok(Object.isFrozen(notNull.config));
    assert.equal(notNull.refs, unique.refs);
    assert.deepEqual(notNull.refs, [{ name: 'm' }]);
    assert.deepEqual(rel.refs, [{ name: 'm' }, { name: 'other' }]);
    assert.equal(warn.config.severity, 'WARN');
    assert.deepEqual(warn.tags, ['keys']);
    assert.equal(notNull.config.severity, 'ERROR');
    // Fields that follow from others read as a plain node's would.
    assert.equal(notNull.resourceType, 'test');
    assert.equal(notNull.packageName, 'lean');
    assert.equal(notNull.originalFilePath, 'models/core/schema.yml');
    assert.deepEqual(notNull.fqn, ['lean', 'core', 'not_null_m_id']);
    assert.equal(notNull.rawCode, '{{ test_not_null(**_dbt_generic_test_kwargs) }}');
    assert.deepEqual(notNull.dependsOn, { nodes: ['model.lean.m'], macros: ['macro.dbt.test_not_null', 'macro.dbt.get_where_subquery'] });
    const json = JSON.parse(JSON.stringify(notNull));
    assert.deepEqual(Object.keys(json), ['uniqueId', 'name', 'resourceType', 'packageName', 'originalFilePath', 'fqn', 'location', 'description', 'tags', 'meta', 'rawCode', 'config', 'testMetadata', 'attachedNode', 'columnName', 'refs', 'sources', 'dependsOn']);
    assert.deepEqual(json.fqn, ['lean', 'core', 'not_null_m_id']);
    assert.equal(json.testMetadata.kwargs.model, "{{ get_where_subquery(ref('m')) }}");
    // A reload reuses the relationships test and gives it new dependencies: its copy keeps every field.
    assert.deepEqual(rel.dependsOn.nodes, ['model.lean.m']);
    const other = path.join(dir, 'models', 'core', 'other.sql');
    writeFileSync(other, 'select 1 as id\n');
    const next = await reloadFiles(p, [other], { env });
    const relNext = [...next.tests.values()].find((x) => x.name === rel.name)!;
    assert.notEqual(relNext, rel);
    assert.deepEqual(relNext.dependsOn.nodes, ['model.lean.m', 'model.lean.other']);
    assert.equal(relNext.resourceType, 'test');
    assert.equal(relNext.packageName, 'lean');
    assert.deepEqual(relNext.fqn, rel.fqn);
    assert.equal(relNext.rawCode, rel.rawCode);
    assert.deepEqual(rel.dependsOn.nodes, ['model.lean.m'], 'the previous project keeps its node');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
