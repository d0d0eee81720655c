// dbt's base-context members Bronze lacked (each was "'name' is undefined" where dbt renders): dbt_version,
// thread_id, debug, toyaml, try_or_compiler_error, diff_of_two_dicts, dbt_metadata_envs. Expected texts are
// Python's: PyYAML 6 safe_dump(value, sort_keys=False) for toyaml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempProject } from './helpers/temp-project';
import { Engine, offlineResolver } from '../../server/src/engine';
import { pyyamlDump } from '../../server/src/template/pyyaml-dump';
import { ArrayValue, FloatValue, IntegerValue, NullValue, ObjectValue, StringValue, type RV } from '../../server/src/template/values';
import { JinjaEnvironment } from '../../server/src/template/index';
import { staticModules } from '../../server/src/template/dbt-context';

const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false };

async function compile(model: string): Promise<string> {
  const p = tempProject({ 'dbt_project.yml': 'name: p\nprofile: p\nvars:\n  pct: 5.0\n  day: 2024-02-29\n', 'models/m.sql': model });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const m = engine.findModel('m')!;
    return (await engine.compileModel(m, { ...ctx, existing: null, resolve: offlineResolver(m.relation, 'first') })).sql;
  } finally {
    p.cleanup();
  }
}

test('toyaml dumps as PyYAML safe_dump does, floats and dates included', async () => {
  const sql = await compile(
    "{{ toyaml({'a': 1.0, 'b': [1, 'yes', none, {'c': 'x y'}], 'e': [], 'pct': var('pct'), 'day': var('day')}) }}|{{ toyaml('abc') }}|{{ toyaml('on') }}|{{ toyaml({'z': 1, 'a': 2}, sort_keys=true) }}|{{ toyaml(api.Relation.create(identifier='x'), 'fallback') }}",
  );
  assert.equal(sql, "a: 1.0\nb:\n- 1\n- 'yes'\n- null\n- c: x y\ne: []\npct: 5.0\nday: 2024-02-29\n|abc\n...\n|'on'\n|a: 2\nz: 1\n|fallback");
});

test('toyaml scalar styles match PyYAML: plain, single-quoted, double-quoted with escapes', () => {
  const s = (v: string) => new StringValue(v);
  const cases: [RV, string][] = [
    [s(''), "''\n"], [s('a: b'), "'a: b'\n"], [s('a #b'), "'a #b'\n"], [s(' x'), "' x'\n"], [s('-x'), '-x\n...\n'], [s('- x'), "'- x'\n"],
    [s('@x'), "'@x'\n"], [s("a'b"), "a'b\n...\n"], [s('é'), '"\\xE9"\n'], [s('日本'), '"\\u65E5\\u672C"\n'], [s('a\tb'), '"a\\tb"\n'],
    [s('1'), "'1'\n"], [s('1e3'), '1e3\n...\n'], [s('12:30'), "'12:30'\n"], [s('='), "'='\n"], [s('<<'), "'<<'\n"], [s('---'), "'---'\n"],
    [s('x:'), "'x:'\n"], [s('a:b'), 'a:b\n...\n'], [s('y'), 'y\n...\n'], [new FloatValue(1e20), '1.0e+20\n...\n'], [new FloatValue(1e-7), '1.0e-07\n...\n'],
    [new FloatValue(Infinity), '.inf\n...\n'], [new NullValue(null), 'null\n...\n'], [new ArrayValue([new ArrayValue([new IntegerValue(2), new IntegerValue(3)])]), '- - 2\n  - 3\n'],
    [new ObjectValue(new Map<string, RV>([['a', new ObjectValue(new Map<string, RV>([['b', new ArrayValue([new IntegerValue(1)])]]))]])), 'a:\n  b:\n  - 1\n'],
  ];
  for (const [v, want] of cases) assert.equal(pyyamlDump(v, false), want, JSON.stringify(want));
  // What PyYAML folds over lines is refused by name rather than dumped on one line.
  assert.throws(() => pyyamlDump(s('a\nb'), false), /toyaml: a string holding a line break is not supported by Bronze/);
  assert.throws(() => pyyamlDump(s('a b '.repeat(25)), false), /toyaml: a string that reaches past column 80/);
});

test('dbt_version, thread_id, debug, try_or_compiler_error, diff_of_two_dicts and dbt_metadata_envs', async () => {
  // dbt reads os.environ; renders read process.env.
  process.env.DBT_ENV_CUSTOM_ENV_run_id = '42';
  let sql: string;
  try {
    sql = await compile(
      "{% macro ok(a) %}{{ a }}!{% endmacro %}{{ dbt_version }}|{{ thread_id }}|{{ debug() }}|{{ try_or_compiler_error('nope', ok, 5) }}|{{ diff_of_two_dicts({'a': ['x', 'Y'], 'c': ['z']}, {'A': ['y'], 'x': ['w']}) }}|{{ dbt_metadata_envs.run_id }}",
    );
  } finally {
    delete process.env.DBT_ENV_CUSTOM_ENV_run_id;
  }
  // dbt-core's diff_of_two_dicts casefolds keys and values (core/dbt/context/base.py, every release since 1.0).
  assert.equal(sql, "1.10.0|MainThread||5!|{'a': ['x'], 'c': ['z']}|42");
  // A value that is not a string has no casefold(): an AttributeError in dbt.
  await assert.rejects(compile("{{ diff_of_two_dicts({'a': [1]}, {'A': [1]}) }}"), /'int' object has no attribute 'casefold'/);
  await assert.rejects(compile("{% macro bad() %}{{ exceptions.raise_compiler_error('inner') }}{% endmacro %}{{ try_or_compiler_error('outer message', bad) }}"), /outer message/);
});

test('fromjson is json.loads: floats stay floats, NaN and Infinity read, a repeated key keeps its first place', async () => {
  const sql = await compile(
    `{{ fromjson('{"a": 1.0, "b": 1e2, "c": 3, "d": NaN, "e": [-0.5, -Infinity], "a": 2.5}') }}|{{ fromjson('{bad', 'dflt') }}|{{ fromjson('"\\u00e9"') }}`,
  );
  // Python: json.loads of the same texts.
  assert.equal(sql, "{'a': 2.5, 'b': 100.0, 'c': 3, 'd': nan, 'e': [-0.5, -inf]}|dflt|é");
});

test("modules.pytz and modules.re members Bronze does not give (pytz's zone lists, exception and flag classes) fail by name, not as undefined", () => {
  const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
  const globals = { modules: staticModules() };
  for (const [module, member] of [['pytz', 'all_timezones'], ['pytz', 'common_timezones'], ['pytz', 'UnknownTimeZoneError'], ['re', 'error'], ['re', 'Pattern'], ['re', 'NOFLAG']]) {
    assert.throws(
      () => env.render(`{{ modules.${module}.${member} is defined }}`, 'm.sql', globals),
      new RegExp(`modules\\.${module}\\.${member} is not supported by Bronze`),
    );
  }
  // Python: re.purge() returns None.
  assert.equal(env.render('{{ modules.re.purge() }}', 'm.sql', globals).output, 'None');
});
