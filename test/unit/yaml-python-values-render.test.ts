// PyYAML's whole floats and timestamps reach templates as dbt's do: `5.0` prints "5.0" (a JS number printed "5",
// changing the compiled SQL's literal and its Snowflake type), a date prints "2024-01-01" (it printed an ISO instant,
// "2024-01-01T00:00:00.000Z") and has .year; a custom generic test gets the same values, and its name is made
// from Python's str() of them ("1_0"), as dbt's is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempProject } from './helpers/temp-project';
import { Engine, offlineResolver } from '../../server/src/engine';

const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false };

test('vars, meta and test arguments read from YAML keep Python float and date values', async () => {
  const p = tempProject({
    'dbt_project.yml':
      'name: p\nprofile: p\nvars:\n  pct: 5.0\n  start: 2024-01-31\n  at: 2024-01-31 10:20:30\n  half: 2.5\n  n: 7\nmodels:\n  p:\n    +meta:\n      weight: 1.0\n',
    'models/m.sql':
      "select {{ var('pct') }} as pct, {{ var('half') }} as half, {{ var('n') }} as n, '{{ var('start') }}' as s, {{ var('start').year }} as y, '{{ var('at') }}' as at_text, {{ config.get('meta').weight }} as w, {{ var('pct') * 2 }} as dbl, '{{ var('pct') | tojson }}' as j\n",
    'macros/within.sql': '{% test within(model, column_name, tolerance, since) %}select {{ tolerance }} as t, \'{{ since }}\' as s, {{ since.month }} as mo from {{ model }}{% endtest %}\n',
    'models/schema.yml': 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: pct\n        tests:\n          - within:\n              tolerance: 1.0\n              since: 2024-02-29\n',
  });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('m')!;
    const compiled = await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
    // Python: 5.0, 2.5, 7, 2024-01-31, 2024, 2024-01-31 10:20:30, 1.0, 10.0, 5.0
    assert.equal(compiled.sql, "select 5.0 as pct, 2.5 as half, 7 as n, '2024-01-31' as s, 2024 as y, '2024-01-31 10:20:30' as at_text, 1.0 as w, 10.0 as dbl, '5.0' as j");
    const tests = [...engine.project.tests.values()];
    assert.equal(tests.length, 1);
    assert.equal(tests[0].name, 'within_m_pct__2024_02_29__1_0');
    const sql = (await engine.compileTest(tests[0], { ...ctx, resolve: offlineResolver(model.relation, 'first') })).sql;
    assert.match(sql, /select 1\.0 as t, '2024-02-29' as s, 2 as mo from /);
  } finally {
    p.cleanup();
  }
});

test("a YAML mapping's keys reach templates as PyYAML reads them: `1:` the int 1, in the written order (dbt keeps var('thresholds')[1])", async () => {
  const p = tempProject({
    'dbt_project.yml': "name: p\nprofile: p\nvars:\n  thresholds: {1: low, 2: high}\n  ordered: {b: 1, '2': 2, 1: 3, null: 4, 1.5: 5, true: 6}\n  plain: {a: 1}\n",
    'models/m.sql': "select '{{ var('thresholds')[1] }}' as t -- {{ var('thresholds') }} {{ var('ordered') }} {{ var('ordered').keys() | list }} {{ var('plain') }}\n",
  });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const model = engine.findModel('m')!;
    const compiled = await engine.compileModel(model, { ...ctx, existing: null, resolve: offlineResolver(model.relation, 'first') });
    // Python (PyYAML safe_load; True == 1, so `true: 6` sets key 1's value): the same text.
    assert.equal(compiled.sql, "select 'low' as t -- {1: 'low', 2: 'high'} {'b': 1, '2': 2, 1: 6, None: 4, 1.5: 5} ['b', '2', 1, None, 1.5] {'a': 1}");
  } finally {
    p.cleanup();
  }
});
