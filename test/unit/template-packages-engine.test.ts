// Installed packages through the whole engine (fixture test/fixtures/packages/dispatch-chain): dispatch search
// orders from dbt_project.yml, adapter prefixes, package-local macros, package vars, generic tests in tests/generic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
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
    const duck = await compiled('duckdb', 'root_model');
    assert.match(duck, /^select 'helper duckdb' as greeting, cast\(null as varchar\) as s, 'root filter' as f/);
    const sf = await compiled('snowflake', 'root_model');
    assert.match(sf, /^select 'shim snowflake' as greeting, cast\(null as TEXT\) as s, 'root filter' as f/);
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
    assert.match(sql, /select \* from fixture\.main\.root_model where greeting <= 0/);
  });
});
