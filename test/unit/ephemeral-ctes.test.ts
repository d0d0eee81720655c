// Ephemeral models compiled as dbt does: CTE injection (with and without a leading `with`), nested ephemerals
// (an ephemeral that refs another), ephemeral refs in tests and hooks, previews, and manifest.json's
// extra_ctes fields. Built from test/fixtures/ephemeral-hooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { injectCtes, cteDefinition, ephemeralCteName } from '../../server/src/compile';
import { Engine, buildManifest, offlineResolver, type RenderContextOptions } from '../../server/src/engine';
import type { ModelNode } from '../../server/src/core/types';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/ephemeral-hooks');

const cte = (id: string, sql: string) => ({ id, sql: cteDefinition(id, sql) });

test('injectCtes: no leading with gets one, then one space before the first token, as dbt writes it', () => {
  assert.equal(injectCtes('select * from __dbt__cte__a', [cte('a', 'select 1 as x')]), 'with __dbt__cte__a as (\nselect 1 as x\n) select * from __dbt__cte__a');
  // Leading whitespace stays in front; a leading comment is the first token, so `with` goes before it.
  assert.equal(injectCtes('\n\nselect 1', [cte('a', 'select 2')]), '\n\nwith __dbt__cte__a as (\nselect 2\n) select 1');
  assert.equal(injectCtes('-- note\nselect 1', [cte('a', 'select 2')]), 'with __dbt__cte__a as (\nselect 2\n) -- note\nselect 1');
});

test('injectCtes: a model that starts with `with` keeps its CTEs after the injected ones', () => {
  const sql = 'with doubled as (select 1)\nselect * from doubled';
  assert.equal(injectCtes(sql, [cte('a', 'select 2')]), 'with  __dbt__cte__a as (\nselect 2\n), doubled as (select 1)\nselect * from doubled');
  assert.equal(injectCtes('WITH RECURSIVE r as (select 1) select * from r', [cte('a', 'select 2')]), 'WITH RECURSIVE  __dbt__cte__a as (\nselect 2\n), r as (select 1) select * from r');
  assert.equal(injectCtes('/* c */ with x as (select 1) select 1', [cte('a', 'select 2')]), '/* c */ with  __dbt__cte__a as (\nselect 2\n), x as (select 1) select 1');
  // `without_…` is not `with`.
  assert.equal(injectCtes('without_rows', [cte('a', 's')]), 'with __dbt__cte__a as (\ns\n) without_rows');
});

// The shapes dbt itself wrote in two public Snowflake projects (test/realworld/dbtdiff.ts): dbt 1.9.8's manifest has
// `with  __dbt__cte__src as (…), accounts as (` for a model starting `with accounts as (`, and dbt 1.10.3's
// target/compiled has `) SELECT …` after a new `with`. dbt edits sqlparse tokens and "inserts after" a token by
// inserting before the next non-whitespace one, so the whitespace after `with` stays in front of the CTEs.
test('injectCtes: the whitespace after a leading with stays before the injected CTEs; `, ` joins the model own', () => {
  assert.equal(injectCtes('with accounts as (select 1) select * from accounts', [cte('src', 'select 2')]), 'with  __dbt__cte__src as (\nselect 2\n), accounts as (select 1) select * from accounts');
  assert.equal(injectCtes('with\n    accounts as (select 1)\nselect 1', [cte('src', 'x')]), 'with\n     __dbt__cte__src as (\nx\n), accounts as (select 1)\nselect 1');
  // A comment right after `with` is a token: the CTEs go before it.
  assert.equal(injectCtes('with -- first\nx as (select 1) select 1', [cte('a', 'y')]), 'with  __dbt__cte__a as (\ny\n), -- first\nx as (select 1) select 1');
  assert.equal(injectCtes('\nSELECT country FROM __dbt__cte__p', [cte('p', 'q')]), '\nwith __dbt__cte__p as (\nq\n) SELECT country FROM __dbt__cte__p');
});

test('injectCtes: several CTEs are joined by ", " in order; none leaves the SQL untouched', () => {
  assert.equal(injectCtes('select 1', [cte('a', 'A'), cte('b', 'B')]), 'with __dbt__cte__a as (\nA\n),  __dbt__cte__b as (\nB\n) select 1');
  assert.equal(injectCtes('select 1', []), 'select 1');
  assert.equal(ephemeralCteName('stg'), '__dbt__cte__stg');
});

function ctx(model: ModelNode): RenderContextOptions {
  return { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, which: 'compile', resolve: offlineResolver(model.relation, 'first') };
}

test('compile: a model reaching nested ephemerals gets their CTEs, innermost first, each ephemeral without its own', async () => {
  const engine = await Engine.open({ projectDir: FIXTURE, env: {} });
  const fct = engine.findModel('fct_even')!;
  const out = await engine.compileModel(fct, ctx(fct));
  assert.equal(
    out.sql,
    'with  __dbt__cte__stg_base as (\nselect range as id from range(0, 10)\n),  __dbt__cte__stg_even as (\n' +
      '-- an ephemeral that refs another ephemeral\nselect id from __dbt__cte__stg_base where id % 2 = 0\n), doubled as (\n' +
      '    select id * 2 as d from __dbt__cte__stg_even\n)\nselect d from doubled',
  );
  assert.deepEqual(out.extraCtes.map((c) => c.id), ['model.eph_hooks.stg_base', 'model.eph_hooks.stg_even']);

  // Two refs reaching the same ephemeral (directly and through another) inject it once.
  const all = engine.findModel('fct_all')!;
  const outAll = await engine.compileModel(all, ctx(all));
  assert.deepEqual(outAll.extraCtes.map((c) => c.id), ['model.eph_hooks.stg_base', 'model.eph_hooks.stg_even']);
  assert.equal((outAll.sql.match(/__dbt__cte__stg_base as \(/g) ?? []).length, 1);
  assert.match(outAll.sql, /\) select count\(\*\) as n, \(select count\(\*\) from __dbt__cte__stg_even\) as even_n from __dbt__cte__stg_base$/);
  // The post-hook's ref renders as the audit model's relation; hooks get no CTEs.
  assert.equal(outAll.postHooks[0], "insert into local.main.audit_zz_audit_log (model_name) values ('after fct_all')");
});

test('compile: an ephemeral model on its own shows its SQL with its own CTEs; its preview runs nothing else', async () => {
  const engine = await Engine.open({ projectDir: FIXTURE, env: {} });
  const even = engine.findModel('stg_even')!;
  const expected = 'with __dbt__cte__stg_base as (\nselect range as id from range(0, 10)\n) -- an ephemeral that refs another ephemeral\nselect id from __dbt__cte__stg_base where id % 2 = 0';
  assert.equal((await engine.compileModel(even, ctx(even))).sql, expected);
  assert.deepEqual(await engine.previewStatements(even, 'first'), [expected]);
});

test('tests on an ephemeral model select from its CTE, injected into the test SQL', async () => {
  const engine = await Engine.open({ projectDir: FIXTURE, env: {} });
  const generic = [...engine.project.tests.values()].find((t) => t.attachedNode === 'model.eph_hooks.stg_even')!;
  const sql = await engine.testSql(generic, ctx(engine.findModel('stg_even')!));
  // dbt's not_null prints blank lines before its query; the CTEs go after them, before the first token.
  assert.match(sql, /^\n    \n    \n\n\n\nwith __dbt__cte__stg_base as \(\n.*\n\),  __dbt__cte__stg_even as \(\n/s);
  assert.match(sql, /from __dbt__cte__stg_even\b/);
  const singular = engine.project.tests.get('test.eph_hooks.assert_even_count')!;
  const ssql = await engine.testSql(singular, ctx(engine.findModel('stg_even')!));
  assert.ok(ssql.startsWith('with __dbt__cte__stg_base as ('), ssql);
  assert.match(ssql, /\) select count\(\*\) as n from __dbt__cte__stg_even having count\(\*\) <> 5/);
});

test('manifest.json: extra_ctes and extra_ctes_injected as dbt writes them; an ephemeral has no relation_name', async () => {
  const engine = await Engine.open({ projectDir: FIXTURE, env: {} });
  const fct = engine.findModel('fct_even')!;
  const out = await engine.compileModel(fct, ctx(fct));
  const manifest = buildManifest(engine.project, {
    targetName: 'local',
    adapterType: 'duckdb',
    compiled: new Map([[fct.uniqueId, out.sql]]),
    extraCtes: new Map([[fct.uniqueId, out.extraCtes]]),
  });
  const nodes = manifest.nodes as Record<string, Record<string, unknown>>;
  assert.equal(nodes[fct.uniqueId].extra_ctes_injected, true);
  assert.deepEqual(nodes[fct.uniqueId].extra_ctes, [
    { id: 'model.eph_hooks.stg_base', sql: ' __dbt__cte__stg_base as (\nselect range as id from range(0, 10)\n)' },
    { id: 'model.eph_hooks.stg_even', sql: ' __dbt__cte__stg_even as (\n-- an ephemeral that refs another ephemeral\nselect id from __dbt__cte__stg_base where id % 2 = 0\n)' },
  ]);
  assert.equal(nodes['model.eph_hooks.stg_base'].relation_name, null);
  assert.equal(nodes['model.eph_hooks.stg_base'].extra_ctes_injected, false);
  assert.deepEqual(nodes['model.eph_hooks.stg_base'].extra_ctes, []);
});

test('inline SQL (show --inline, run hooks) that refs an ephemeral model gets its CTEs injected', async () => {
  const engine = await Engine.open({ projectDir: FIXTURE, env: {} });
  const sql = await engine.renderText("select count(*) from {{ ref('stg_even') }}", path.join(FIXTURE, 'dbt_project.yml'), ctx(engine.findModel('stg_even')!));
  assert.equal(
    sql,
    'with __dbt__cte__stg_base as (\nselect range as id from range(0, 10)\n),  __dbt__cte__stg_even as (\n-- an ephemeral that refs another ephemeral\nselect id from __dbt__cte__stg_base where id % 2 = 0\n) select count(*) from __dbt__cte__stg_even',
  );
  assert.equal(await engine.renderText("select * from {{ ref('fct_even') }}", path.join(FIXTURE, 'dbt_project.yml'), ctx(engine.findModel('stg_even')!)), 'select * from local.marts.fct_even');
});
