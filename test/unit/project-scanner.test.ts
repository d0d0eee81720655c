import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanTemplate } from '../../server/src/project/scanner';

const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

test('scanner finds refs with exact call and name ranges, incl. package and version', () => {
  const text = "select *\nfrom {{ ref('bz_users') }} u\njoin {{ ref(\"pkg\", 'm', v=2) }} m";
  const s = scanTemplate(text);
  // Ranges are computed when read; JSON shows the records as plain data.
  assert.deepEqual(JSON.parse(JSON.stringify(s.refs)), [
    { name: 'bz_users', range: r(1, 8, 1, 23), nameRange: r(1, 12, 1, 22) },
    { name: 'm', package: 'pkg', version: 2, range: r(2, 8, 2, 28), nameRange: r(2, 19, 2, 22) },
  ]);
  assert.equal(s.static, true);
});

test('scanner finds sources with ranges of both string arguments', () => {
  const s = scanTemplate("from {{ source('raw', 'users') }}");
  assert.deepEqual(s.sources[0].tableNameRange, r(0, 22, 0, 29));
  assert.deepEqual(JSON.parse(JSON.stringify(s.sources)), [
    { sourceName: 'raw', tableName: 'users', range: r(0, 8, 0, 30), sourceNameRange: r(0, 15, 0, 20), tableNameRange: r(0, 22, 0, 29) },
  ]);
});

test('scanner parses config kwargs (strings, lists, dicts, bools, None) with kwarg ranges', () => {
  const text = "{{ config(materialized='incremental', unique_key=['a', 'b'], meta={'x': 1, 'y': [True, None]}, pre_hook=\"select 1\", enabled=false) }}";
  const s = scanTemplate(text);
  assert.deepEqual(s.config, {
    materialized: 'incremental',
    unique_key: ['a', 'b'],
    meta: { x: 1, y: [true, null] },
    'pre-hook': 'select 1',
    enabled: false,
  });
  const call = s.calls[0];
  assert.equal(call.name, 'config');
  assert.deepEqual(call.kwargs.materialized.nameRange, r(0, 10, 0, 22));
  assert.deepEqual(call.kwargs.materialized.range, r(0, 23, 0, 36));
  assert.deepEqual(call.kwargs.unique_key.range, r(0, 49, 0, 59));
  assert.equal(s.static, true);
});

test('comments, strings and attribute calls are not mistaken for calls', () => {
  const s = scanTemplate("{# {{ ref('gone') }} #}\n{{ config.get('ref(x)') }} {{ adapter.ref('no') }} select 'ref(\"x\")'");
  assert.deepEqual(s.calls, []);
  assert.equal(s.static, true);
});

test('non-literal arguments make the template dynamic and nested calls are still found', () => {
  const s = scanTemplate("{{ config(materialized=var('m', 'view')) }} {{ ref(var('x')) }} {{ dbt_utils.star(from=ref('a')) }}");
  assert.equal(s.static, false);
  assert.deepEqual(s.refs.map((x) => x.name), ['a']);
  const cfg = s.calls.find((c) => c.name === 'config')!;
  assert.equal(cfg.literal, false);
  assert.equal(cfg.kwargs.materialized.text, "var('m', 'view')");
});

test('config() inside {% if %} is conditional and not static', () => {
  const s = scanTemplate("{% if target.name == 'prod' %}{{ config(materialized='table') }}{% endif %}");
  assert.equal(s.calls[0].conditional, true);
  assert.equal(s.static, false);
});

test('macro and test definitions with argument names, defaults and ranges', () => {
  const text = "{% macro audit(status, table_name='unknown', cols=[1, 2]) %}\n  x\n{% endmacro %}\n{%- test positive(model, column_name) -%}\nselect 1\n{%- endtest %}";
  const s = scanTemplate(text);
  assert.equal(s.definitions.length, 2);
  const [m, t] = s.definitions;
  assert.equal(m.kind, 'macro');
  assert.equal(m.name, 'audit');
  assert.deepEqual(m.args, ['status', 'table_name', 'cols']);
  assert.deepEqual(m.defaults, { table_name: "'unknown'", cols: '[1, 2]' });
  assert.deepEqual(m.nameRange, r(0, 9, 0, 14));
  assert.deepEqual(m.range, r(0, 0, 2, 14));
  assert.equal(m.body, '\n  x\n');
  assert.equal(t.kind, 'test');
  assert.equal(t.name, 'positive');
  assert.deepEqual(t.range, r(3, 0, 5, 14));
});

test('unclosed blocks are reported where they open; a bracket left open where Jinja2 stops', () => {
  const s = scanTemplate("select 1\n  {{ ref('a' }}");
  assert.deepEqual(s.problems, [{ message: 'Jinja syntax error: unexpected `}`, expected `)`', range: r(1, 13, 1, 14) }]);
  assert.deepEqual(scanTemplate('select 1\n  {{ ref(\'a\')\nfrom x').problems, [{ message: 'Expression `{{` is never closed: add `}}`', range: r(1, 2, 1, 8) }]);
  const m = scanTemplate('{% macro x() %} no end');
  assert.match(m.problems[0].message, /endmacro/);
});

test('raw blocks are skipped', () => {
  const s = scanTemplate("{% raw %}{{ ref('no') }}{% endraw %}{{ ref('yes') }}");
  assert.deepEqual(s.refs.map((x) => x.name), ['yes']);
});

test('a stray closer inside call arguments ends the scan instead of looping forever', () => {
  for (const text of ['{{ config([}}}}', "{{ config(%}{%m[}}}}:at", "{{ ref('a']) }}", "{{ source('s', }) }}"]) {
    const started = Date.now();
    const result = scanTemplate(text);
    assert.ok(Date.now() - started < 1000, text);
    assert.equal(result.refs.length + result.sources.length, 0, text);
  }
});

test('scanned calls and arguments: ranges read on demand are exact, and JSON shows them as plain data', () => {
  const text = "select 1\n{{ config(materialized='table', tags=['a']) }} {{ ref('m') }}";
  const s = scanTemplate(text);
  const [config, ref] = s.calls;
  const at = (off: number) => ({ line: text.slice(0, off).split('\n').length - 1, character: off - (text.lastIndexOf('\n', off - 1) + 1) });
  const span = (from: string, to: string) => {
    const a = text.indexOf(from);
    return { start: at(a), end: at(text.indexOf(to, a) + to.length) };
  };
  assert.deepEqual(config.range, span('config(', "['a'])"));
  assert.deepEqual(config.kwargs.materialized.range, span("'table'", "'table'"));
  assert.deepEqual(config.kwargs.materialized.nameRange, span('materialized', 'materialized'));
  assert.equal(config.kwargs.materialized.value, 'table');
  assert.deepEqual(ref.args[0].range, span("'m'", "'m'"));
  const json = JSON.parse(JSON.stringify(config));
  assert.deepEqual(json.range, config.range);
  assert.deepEqual(json.kwargs.tags, { value: ['a'], literal: true, text: "['a']", range: span("['a']", "['a']"), nameRange: span('tags', 'tags') });
});
