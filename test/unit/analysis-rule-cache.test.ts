// The on-disk cache of text-only rule results (server/src/analysis/rule-cache.ts): a second `bronze check` prints
// exactly what the first printed on every fixture project, and nothing stale is served after a model, a macro, a
// var, the target or Bronze's own code changed.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCheck, type CheckResult } from '../../client/src/cli/check';
import { ruleCachePath, ruleCacheStats } from '../../server/src/analysis/rule-cache';
import { Workspace } from '../../server/src/analysis/workspace';
import { flushParseCacheSaves, parseCacheTuning } from '../../server/src/project/parse-cache';
import { LSP_FIXTURES } from '../lsp/fixture-project';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** Every folder under test/fixtures holding a dbt_project.yml (installed packages aside), and each rules overlay on lsp/base. */
function fixtureProjects(): { name: string; layers: string[] }[] {
  const out: { name: string; layers: string[] }[] = [];
  const walk = (dir: string) => {
    if (existsSync(path.join(dir, 'dbt_project.yml'))) out.push({ name: path.relative(FIXTURES, dir), layers: [dir] });
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'dbt_packages' && !(dir === LSP_FIXTURES && e.name === 'rules')) walk(path.join(dir, e.name));
    }
  };
  walk(FIXTURES);
  for (const rule of readdirSync(path.join(LSP_FIXTURES, 'rules'))) {
    out.push({ name: `lsp/rules/${rule}`, layers: [path.join(LSP_FIXTURES, 'base'), path.join(LSP_FIXTURES, 'rules', rule)] });
  }
  return out;
}

function copy(layers: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-rule-cache-'));
  for (const l of layers) cpSync(l, root, { recursive: true, filter: (src) => !/[\\/](target|\.bronze)$/.test(src) });
  return root;
}

const ENV = { HOME: path.join(tmpdir(), 'bronze-rule-cache-no-home') };

/** One `bronze check`, with how many models it took from the cache and how many it checked. */
async function check(root: string, options: { target?: string; env?: Record<string, string> } = {}): Promise<{ result: CheckResult; json: string; hits: number; misses: number }> {
  const h = ruleCacheStats.hits;
  const m = ruleCacheStats.misses;
  // The rule cache under test: the check's stored result (check-result-cache.test.ts) would answer an unchanged
  // project before any rule ran.
  const result = await runCheck({ projectDir: root, env: { ...ENV, ...options.env }, target: options.target, resultCache: false });
  flushParseCacheSaves();
  return { result, json: JSON.stringify(result), hits: ruleCacheStats.hits - h, misses: ruleCacheStats.misses - m };
}

function codes(r: CheckResult, code: string): string[] {
  return r.diagnostics.filter((d) => d.code === code).map((d) => `${d.file}:${d.range.start.line}:${d.range.start.character} ${d.message}`);
}

describe('rule cache', () => {
  const minFiles = parseCacheTuning.minFiles;
  // Every project gets the caches, however small.
  before(() => (parseCacheTuning.minFiles = 0));
  after(() => (parseCacheTuning.minFiles = minFiles));

  it('a second check of every fixture project prints exactly what the first printed, taking every model from the cache', async () => {
    const seen = new Set<string>();
    for (const p of fixtureProjects()) {
      const root = copy(p.layers);
      try {
        const cold = await check(root);
        const warm = await check(root);
        assert.equal(warm.json, cold.json, `${p.name}: the second check differs`);
        assert.equal(warm.misses, 0, `${p.name}: ${warm.misses} models checked again`);
        assert.equal(warm.hits, cold.misses, `${p.name}: not every model came from the cache`);
        for (const d of cold.result.diagnostics) seen.add(d.code);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    // The cached rules' diagnostics were among those replayed.
    for (const code of ['bronze/snowflake-on-duckdb', 'bronze/jinja-syntax', 'bronze/sql-syntax']) assert.ok(seen.has(code), `no fixture produced ${code}`);
  });

  it('an edited model is checked again; the others come from the cache', async () => {
    const root = copy([path.join(LSP_FIXTURES, 'base'), path.join(LSP_FIXTURES, 'rules', 'snowflake-on-duckdb')]);
    try {
      const cold = await check(root);
      assert.equal(codes(cold.result, 'bronze/snowflake-on-duckdb').length, 1);
      const file = path.join(root, 'models/bronze/bz_meetings.sql');
      const text = readFileSync(file, 'utf8');
      // The same construct two lines lower: the warning moves with it.
      writeFileSync(file, text.replace(/^/, '\n\n'));
      const edited = await check(root);
      assert.equal(edited.misses, 1);
      assert.deepEqual(
        codes(edited.result, 'bronze/snowflake-on-duckdb'),
        codes(cold.result, 'bronze/snowflake-on-duckdb').map((c) => c.replace(/:(\d+):/, (_, l: string) => `:${Number(l) + 2}:`)),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the target is part of the key: on Snowflake the DuckDB rule says nothing, back on DuckDB it warns again', async () => {
    const root = copy([path.join(LSP_FIXTURES, 'base'), path.join(LSP_FIXTURES, 'rules', 'snowflake-on-duckdb')]);
    try {
      writeFileSync(
        path.join(root, 'profiles.yml'),
        'lsp_demo:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: x.duckdb\n    sf:\n      type: snowflake\n      account: a\n      user: u\n      password: p\n      database: D\n      schema: S\n      warehouse: W\n',
      );
      const profile = readFileSync(path.join(root, 'dbt_project.yml'), 'utf8').match(/^profile:\s*['"]?([\w-]+)/m)?.[1];
      assert.equal(profile, 'lsp_demo', 'the fixture names the profile this test writes');
      const duck = await check(root);
      assert.equal(codes(duck.result, 'bronze/snowflake-on-duckdb').length, 1);
      const sf = await check(root, { target: 'sf' });
      assert.ok(sf.misses > 0);
      assert.deepEqual(codes(sf.result, 'bronze/snowflake-on-duckdb'), []);
      // (The Snowflake pass kept only its own lines: the cache holds what the last check used.)
      const again = await check(root);
      assert.deepEqual(codes(again.result, 'bronze/snowflake-on-duckdb'), codes(duck.result, 'bronze/snowflake-on-duckdb'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('results are read from the file, and a file written by other code (another translator) is not', async () => {
    const root = copy([path.join(LSP_FIXTURES, 'base'), path.join(LSP_FIXTURES, 'rules', 'snowflake-on-duckdb')]);
    try {
      const cold = await check(root);
      const [warning] = cold.result.diagnostics.filter((d) => d.code === 'bronze/snowflake-on-duckdb');
      const file = ruleCachePath(root, 'target');
      const text = readFileSync(file, 'utf8');
      assert.ok(text.includes(warning.message));
      // The same line, its message changed: served as written (the cache is what the second check reads)…
      writeFileSync(file, text.replace(warning.message, 'TAMPERED'));
      const tampered = await check(root);
      assert.equal(tampered.misses, 0);
      assert.deepEqual(
        tampered.result.diagnostics.filter((d) => d.code === 'bronze/snowflake-on-duckdb').map((d) => d.message),
        ['TAMPERED'],
      );
      // …until the header's code stamp is another: then every model is checked again.
      const [header, ...rest] = readFileSync(file, 'utf8').split('\n');
      writeFileSync(file, [header.replace(/ \w+$/, ' 0123456789abcdef0123456789abcdef'), ...rest].join('\n'));
      const other = await check(root);
      assert.equal(other.hits, 0);
      assert.equal(other.json, cold.json);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a model's name and resource type are part of its key: empty models and seeds (all one text) keep their own findings", async () => {
    const root = copy([path.join(LSP_FIXTURES, 'base')]);
    try {
      // bronze/incomplete-sql names the model, and says nothing of a seed (whose node text is empty too).
      writeFileSync(path.join(root, 'models/alpha_note.sql'), '-- nothing here\n');
      writeFileSync(path.join(root, 'models/beta_note.sql'), '-- nothing here\n');
      writeFileSync(path.join(root, 'models/empty_model.sql'), '');
      mkdirSync(path.join(root, 'seeds'), { recursive: true });
      writeFileSync(path.join(root, 'seeds/probe_seed.csv'), 'id\n1\n');
      const incomplete = (r: CheckResult) => codes(r, 'bronze/incomplete-sql').map((c) => c.replace(/ \(only.*/, ''));
      const cold = await check(root);
      assert.deepEqual(incomplete(cold.result), [
        'models/alpha_note.sql:0:0 Model alpha_note has no SQL',
        'models/beta_note.sql:0:0 Model beta_note has no SQL',
        'models/empty_model.sql:0:0 Model empty_model has no SQL',
      ]);
      const warm = await check(root);
      assert.ok(warm.hits > 0 && warm.misses === 0, 'the models came from the cache');
      assert.equal(warm.json, cold.json);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a model's columns are cached only when inferred from its text alone: a `select *` of a changed parent is inferred again", async () => {
    const root = copy([path.join(LSP_FIXTURES, 'base')]);
    try {
      const dir = path.join(root, 'models/probe');
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'probe_parent.sql'), 'select 1 as id, 2 as amount\n');
      writeFileSync(path.join(dir, 'probe_child.sql'), "select * from {{ ref('probe_parent') }}\n");
      writeFileSync(
        path.join(dir, 'schema.yml'),
        'version: 2\nmodels:\n  - name: probe_parent\n    columns:\n      - name: id\n      - name: status\n  - name: probe_child\n    columns:\n      - name: id\n      - name: status\n',
      );
      const missing = (r: CheckResult) => codes(r, 'bronze/missing-column').filter((d) => d.includes("'status'"));
      const h = ruleCacheStats.columnHits;
      const cold = await check(root);
      assert.equal(missing(cold.result).length, 2, 'both models lack status');
      const lines = readFileSync(ruleCachePath(root, 'target'), 'utf8').split('\n');
      assert.equal(lines.filter((l) => l.startsWith('columns:')).length > 0, true, 'no columns were cached');
      // The parent's columns are a function of its text; the child's come through ref(): never kept.
      const warm = await check(root);
      assert.equal(warm.json, cold.json);
      assert.ok(ruleCacheStats.columnHits > h, 'no columns were read from the cache');
      writeFileSync(path.join(dir, 'probe_parent.sql'), "select 1 as id, 2 as amount, 'x' as status\n");
      const edited = await check(root);
      assert.deepEqual(missing(edited.result), [], 'the child still misses status after its parent added it');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a changed macro or var reaches the diagnostics (the rules that read them are not cached)', async () => {
    const root = copy([path.join(LSP_FIXTURES, 'base'), path.join(LSP_FIXTURES, 'rules', 'macro-arguments')]);
    try {
      const model = path.join(root, 'models/bronze/bz_meetings.sql');
      writeFileSync(model, readFileSync(model, 'utf8') + "\n-- {{ var('cache_probe') }}\n");
      const first = await check(root);
      assert.equal(codes(first.result, 'bronze/call-arguments').length, 1);
      assert.equal(codes(first.result, 'bronze/undefined-var').length, 1);
      // The macro now takes a third argument, and the var is defined: the model's text is unchanged.
      const macro = path.join(root, 'macros/money.sql');
      const macroText = readFileSync(macro, 'utf8');
      assert.match(macroText, /cents_to_dollars\(column_name, scale=2\)/);
      writeFileSync(macro, macroText.replace('cents_to_dollars(column_name, scale=2)', 'cents_to_dollars(column_name, scale=2, unit=none)'));
      const project = path.join(root, 'dbt_project.yml');
      writeFileSync(project, readFileSync(project, 'utf8').replace(/^vars:\n/m, 'vars:\n  cache_probe: 1\n'));
      const second = await check(root);
      assert.ok(second.hits > 0 && second.misses === 0, 'the model itself came from the cache');
      assert.deepEqual(codes(second.result, 'bronze/call-arguments'), []);
      assert.deepEqual(codes(second.result, 'bronze/undefined-var'), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("the language server's background pass writes the cache, the next session reads it; keystrokes are not written", async () => {
    const root = copy([path.join(LSP_FIXTURES, 'base'), path.join(LSP_FIXTURES, 'rules', 'snowflake-on-duckdb')]);
    const warnings = (ws: Workspace) => [...ws.allDiagnostics().values()].flat().filter((d) => d.code === 'bronze/snowflake-on-duckdb').map((d) => d.message);
    try {
      const first = new Workspace({ env: ENV, background: true });
      await first.openProject(root);
      await first.settled();
      flushParseCacheSaves();
      const expected = warnings(first);
      assert.equal(expected.length, 1);
      const file = path.join(root, 'models/bronze/bz_meetings.sql');
      const lines = () => readFileSync(ruleCachePath(root, 'target'), 'utf8').split('\n').length;
      const before = lines();
      // Typing a comment: the model is checked from its buffer, and nothing is written for the half-typed text.
      await first.setText(file, readFileSync(file, 'utf8') + '\n-- typing');
      flushParseCacheSaves();
      assert.equal(lines(), before);
      assert.deepEqual(warnings(first), expected);
      const h = ruleCacheStats.hits;
      const m = ruleCacheStats.misses;
      const second = new Workspace({ env: ENV, background: true });
      await second.openProject(root);
      await second.settled();
      assert.equal(ruleCacheStats.misses - m, 0);
      assert.ok(ruleCacheStats.hits - h > 0);
      assert.deepEqual(warnings(second), expected);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
