// Installed packages through the whole engine (fixture test/fixtures/packages/dispatch-chain): dispatch search
// orders from dbt_project.yml, adapter prefixes, package-local macros, package vars, generic tests in tests/generic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, offlineResolver } from '../../server/src/engine';

const DIR = fileURLToPath(new URL('../fixtures/packages/dispatch-chain', import.meta.url));
const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false };

async function compiled(type: 'duckdb' | 'snowflake', name: string): Promise<string> {
  const engine = await Engine.open({ projectDir: DIR, targetOverrides: type === 'snowflake' ? { type, database: 'DB', schema: 'S' } : {} });
  const model = engine.findModel(name)!;
  const out = await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
  return out.sql.trim();
}

describe('packages through the engine', () => {
  it("dispatch: search order, then adapter prefix; the root project's dbt override applies to its adapter only", async () => {
    const sf = await compiled('snowflake', 'root_model');
    assert.match(sf, /^select 'shim snowflake' as greeting, cast\(null as TEXT\) as s, 'root filter' as f/);
    // The DuckDB target runs Snowflake SQL through the snowflake-on-duckdb layer, so it dispatches as Snowflake: a
    // duckdb__ macro's DuckDB SQL read as Snowflake SQL would answer differently without an error.
    assert.equal(await compiled('duckdb', 'root_model'), sf);
  });

  it("a package's model sees its own macros before the root project's, and its own dbt_project.yml vars", async () => {
    assert.equal(await compiled('duckdb', 'helper_model'), "select 'helper filter' as f, 7 as lim");
  });

  it("a package's tests/generic folder defines generic tests the root project uses", async () => {
    const engine = await Engine.open({ projectDir: DIR });
    assert.deepEqual(engine.allDiagnostics().filter((d) => d.severity === 'error'), []);
    const test = [...engine.project.tests.values()].find((t) => t.name.includes('is_positive'));
    assert.ok(test, 'the is_positive test on root_model exists');
    const sql = await engine.testSql(test, { ...ctx, resolve: async () => null });
    assert.match(sql, /select \* from fixture\.main\.root_model where greeting <= 0 -- root_model True/);
  });
});

describe('bare macro names inside package macros (fixture test/fixtures/packages/macro-lookup)', () => {
  const LOOKUP = fileURLToPath(new URL('../fixtures/packages/macro-lookup', import.meta.url));
  async function lookupCompiled(name: string): Promise<string> {
    const engine = await Engine.open({ projectDir: LOOKUP, targetOverrides: { type: 'snowflake', database: 'DB', schema: 'S' } });
    const model = engine.findModel(name)!;
    const out = await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
    return out.sql.trim();
  }

  it("resolve against the calling model's project first, then dbt's macros, as dbt does", async () => {
    // The root model's namespace has no type_timestamp of its own, so dbt's answers (api.Column.translate_type
    // leaves 'timestamp' as it is), not the package's timestamp_ntz; and the root's label hides the package's.
    assert.equal(await lookupCompiled('root_stamped'), "select cast('2024-01-02' as timestamp), 'root label' as ts");
  });

  it("resolve against the package's own macros when the calling model is the package's", async () => {
    assert.equal(await lookupCompiled('pkg_stamped'), "select cast('2024-01-02' as timestamp_ntz), 'package label' as ts");
  });
});

describe('built-in package stand-ins', () => {
  it('say so when a project calls dbt_utils without installing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bronze-standin-'));
    try {
      mkdirSync(join(dir, 'models'));
      writeFileSync(join(dir, 'dbt_project.yml'), 'name: p\nprofile: p\n');
      writeFileSync(join(dir, 'models', 'm.sql'), "select {{ dbt_utils.generate_surrogate_key(['a']) }} as k from (select 1 as a)\n");
      const engine = await Engine.open({ projectDir: dir });
      const info = engine.allDiagnostics().filter((d) => d.code === 'bronze/builtin-package');
      assert.equal(info.length, 1);
      assert.equal(info[0].severity, 'info');
      assert.match(info[0].message, /Package 'dbt_utils' is not installed in dbt_packages\/: Bronze's built-in copy .*generate_surrogate_key.*bronze deps/);
      // Installed, the real package is used and nothing is said.
      mkdirSync(join(dir, 'dbt_packages', 'dbt_utils', 'macros'), { recursive: true });
      writeFileSync(join(dir, 'dbt_packages', 'dbt_utils', 'dbt_project.yml'), 'name: dbt_utils\n');
      writeFileSync(join(dir, 'dbt_packages', 'dbt_utils', 'macros', 'k.sql'), '{% macro generate_surrogate_key(f) %}real{% endmacro %}\n');
      const real = await Engine.open({ projectDir: dir });
      assert.deepEqual(real.allDiagnostics().filter((d) => d.code === 'bronze/builtin-package'), []);
      const model = real.findModel('m')!;
      const out = await real.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
      assert.equal(out.sql.trim(), 'select real as k from (select 1 as a)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
