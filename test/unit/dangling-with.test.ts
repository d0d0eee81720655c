// A model that compiles to SQL ending with WITH (a union macro over tables information_schema listed, none found):
// the run refuses it by name at the model, naming the project's macros that rendered it, instead of DuckDB's
// "syntax error at or near ")"" past the model's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BronzeError } from '../../server/src/core/types';
import { danglingWithOffset } from '../../server/src/compile/dangling-with';
import { offlineResolver } from '../../server/src/engine/engine';
import { openTempProject } from '../helpers/temp-project';
import { main } from '../../client/src/cli';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

test('danglingWithOffset: the final WITH, comments and blank lines aside; nothing else', () => {
  assert.equal(danglingWithOffset('\n\n    with \n    \n'), 6);
  assert.equal(danglingWithOffset('select 1\nWITH -- nothing found\n/* end */'), 9);
  assert.equal(danglingWithOffset('with a as (select 1) select * from a'), undefined);
  // The incremental form of the same macro: its own CTE, then the comma, then nothing.
  assert.equal(danglingWithOffset('  with max_time as (select max(t) as m from x where t <= current_timestamp),\n'), 2);
  assert.equal(danglingWithOffset('WITH RECURSIVE a (n) AS (SELECT 1), "b" as (select (2))'), 0);
  assert.equal(danglingWithOffset('with a as (select 1), b as (select 2) select 1'), undefined);
  assert.equal(danglingWithOffset('with a as (select 1'), undefined);
  assert.equal(danglingWithOffset('with a as select 1'), undefined);
  assert.equal(danglingWithOffset('select 1 as "with"'), undefined);
  assert.equal(danglingWithOffset("select 'with'"), undefined);
  assert.equal(danglingWithOffset('select within'), undefined);
  assert.equal(danglingWithOffset(''), undefined);
});

const UNION = `{% macro union_listed(tables) %}
  with
  {% for t in tables %}{{ t }} as (select 1 as x){% if not loop.last %},{% endif %}{% endfor %}
  {% if tables %}select * from {{ tables[0] }}{% endif %}
{% endmacro %}
`;

test('a model whose macro renders a bare WITH fails at planning, by name, with the macro', async (t) => {
  const engine = await openTempProject(t, 'bronze-dangling-with-', {
    'macros/union_listed.sql': UNION,
    'models/found_none.sql': '{{ union_listed([]) }}\n',
    'models/found_one.sql': "{{ union_listed(['a']) }}\n",
  });
  const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, existing: null };
  const none = engine.findModel('found_none')!;
  const compiled = await engine.compileModel(none, { ...ctx, resolve: offlineResolver(none.relation, 'first') });
  assert.throws(
    () => engine.planModel(none, compiled, null, false),
    (e: unknown) =>
      e instanceof BronzeError &&
      e.code === 'bronze/incomplete-sql' &&
      e.location?.file === none.location.file &&
      /^Model found_none compiled to a WITH clause with no query after it \(WITH at line 2 of its compiled SQL\): a macro it calls \(union_listed\) .*declare them as sources and sample them/.test(e.message),
  );
  const one = engine.findModel('found_one')!;
  const ok = await engine.compileModel(one, { ...ctx, resolve: offlineResolver(one.relation, 'first') });
  assert.ok(engine.planModel(one, ok, null, false).length > 0);
});

test('bronze build and bronze show name it at the model, not with DuckDB\'s syntax error', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-dangling-with-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'macros'));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'profiles.yml'), 'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: .bronze/dev.duckdb\n');
  await writeFile(path.join(dir, 'macros/union_listed.sql'), UNION);
  await writeFile(path.join(dir, 'models/found_none.sql'), '{{ union_listed([]) }}\n');
  const run = async (...argv: string[]): Promise<{ code: number; text: string }> => {
    const lines: string[] = [];
    const code = await main([...argv, '--project-dir', dir, '--profiles-dir', dir], { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) });
    return { code, text: lines.join('\n') };
  };
  for (const argv of [['build'], ['show', '-s', 'found_none']]) {
    const { code, text } = await run(...argv);
    assert.notEqual(code, 0, text);
    assert.match(text, /Model found_none compiled to a WITH clause with no query after it .*a macro it calls \(union_listed\)/, text);
    assert.doesNotMatch(text, /Parser Error|at end of input|at or near/, text);
  }
});

test('a model that compiles to nothing, or to INSERT/DELETE statements, fails at planning by name, not with DuckDB\'s syntax error', async (t) => {
  const engine = await openTempProject(t, 'bronze-not-a-query-', {
    'models/helpers.sql': '{% macro greet() %}hi{% endmacro %}\n-- only macros here\n',
    'models/seed_script.sql': "/* install */\nDELETE FROM cfg WHERE k = 'a';\nINSERT INTO cfg (k) VALUES ('a');\n",
    'models/fine.sql': '-- a query\n(select 1 as a)\n',
  });
  const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, existing: null };
  const plan = async (name: string) => {
    const m = engine.findModel(name)!;
    const compiled = await engine.compileModel(m, { ...ctx, resolve: offlineResolver(m.relation, 'first') });
    return () => engine.planModel(m, compiled, null, false);
  };
  assert.throws(
    await plan('helpers'),
    (e: unknown) =>
      e instanceof BronzeError &&
      e.code === 'bronze/incomplete-sql' &&
      /^Model helpers compiled to no SQL \(only whitespace and comments\).*Its file holds \{% macro %\} blocks/.test(e.message),
  );
  assert.throws(
    await plan('seed_script'),
    (e: unknown) =>
      e instanceof BronzeError &&
      e.code === 'bronze/incomplete-sql' &&
      e.location?.file.endsWith('seed_script.sql') === true &&
      /^Model seed_script compiled to a DELETE statement \(line 2 of its compiled SQL\), not a query/.test(e.message),
  );
  assert.ok((await plan('fine'))().length > 0);
});
