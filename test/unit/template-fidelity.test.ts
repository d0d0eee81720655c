// Jinja2 fidelity: each template's expected output is what Python Jinja2 (dbt's setup: no trim/lstrip, do +
// loopcontrols, one trailing newline dropped) prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment } from '../../server/src/template/index';

const CASES: [string, string, string][] = [
  ['python printing', '{{ none }}|{{ true }}|{{ false }}', 'None|True|False'],
  ['list repr', "{{ [1, 'a', none, true, 1.5] }}", "[1, 'a', None, True, 1.5]"],
  ['dict repr keeps order', "{{ {'b': 1, 'a': [2]} }}", "{'b': 1, 'a': [2]}"],
  ['tuple repr', "{{ (1, 2) }}|{{ ('a', none) }}", "(1, 2)|('a', None)"],
  ['arithmetic', '{{ 2.0 }}|{{ 1 / 2 }}|{{ 7 // 2 }}|{{ 7 % 3 }}|{{ -7 % 3 }}|{{ 2 ** 10 }}|{{ 10 / 4 }}', '2.0|0.5|3|1|2|1024|2.5'],
  ['one trailing newline dropped', 'a\n\n', 'a\n'],
  ['no trim_blocks', '{% if true %}\nx\n{% endif %}\n', '\nx\n'],
  ['dash markers', 'a  {%- if true -%}  x  {%- endif %}', 'ax'],
  ['dash strips newlines', 'a\n  {%- set x = 1 %}\nb', 'a\nb'],
  ['do append/extend/insert/pop', '{% set l = [] %}{% do l.append(1) %}{% do l.extend([2, 3]) %}{% do l.insert(0, 0) %}{{ l }}|{{ l.pop() }}|{{ l }}', '[0, 1, 2, 3]|3|[0, 1, 2]'],
  ['dict update/pop/setdefault/get', "{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d.pop('a') }}|{{ d.setdefault('c', 3) }}|{{ d.get('x', 'dflt') }}|{{ d.get('x') }}|{{ d }}", "1|3|dflt|None|{'b': 2, 'c': 3}"],
  ['dict items in order', "{% for k, v in {'z': 1, 'a': 2}.items() %}{{ k }}={{ v }};{% endfor %}", 'z=1;a=2;'],
  ['dict keys/values', "{{ {'x': 1, 'y': 2}.keys() | list }}|{{ {'x': 1}.values() | list }}", "['x', 'y']|[1]"],
  ['str methods', "{{ 'Ab'.upper() }}{{ 'Ab'.lower() }}|{{ '  s  '.strip() }}|{{ 'a,b'.split(',') }}|{{ 'aXa'.replace('a', 'b') }}|{{ 'abc'.startswith('a') }}{{ 'abc'.endswith('x') }}|{{ '-'.join(['a', 'b']) }}", "ABab|s|['a', 'b']|bXb|TrueFalse|a-b"],
  ['str.format', "{{ '{} and {name}'.format(1, name='x') }}|{{ '{:>4}|{:.2f}'.format('a', 3.14159) }}", '1 and x|   a|3.14'],
  ['percent formatting', "{{ '%s is %d' % ('x', 3) }}|{{ '%05.1f' % 3.14159 }}|{{ '%(a)s' % {'a': 1} }}|{{ '%s' % [1, 2] }}", 'x is 3|003.1|1|[1, 2]'],
  ['tilde concatenation', "{{ 'a' ~ 1 ~ none ~ true }}", 'a1NoneTrue'],
  // dbt_constraints 0.5 (create_constraints.sql): a loop filter chaining `if`s is Jinja2's conditional without else.
  ['loop filter chaining ifs', '{% for r in [1, 2, 3, 4]\n  if r in ((2, 3, 4))\n    if r in( (1, 2, 3) ) -%}{{ r }}{% endfor %}|{% for r in [0, 1, 2] if r if r > 1 or r == 0 %}{{ r }}{% endfor %}', '23|2'],
  ['loop filter ifs run last first', "{% set seen = [] %}{% for r in [1, 2] if seen.append('a') is none if seen.append('b') is none %}{% endfor %}{{ seen }}", "['b', 'a', 'b', 'a']"],
  ['macro defaults and kwargs', "{% macro m(a, b=2, c='x') %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ m(1) }}|{{ m(1, c='y') }}|{{ m(a=0, b=5) }}", '12x|12y|05x'],
  ['macro varargs and kwargs', '{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k=4) }}', "1(2, 3){'k': 4}"],
  ['caller', "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap('b') %}hi{% endcall %}", '<b>hi</b>'],
  ['caller with arguments', '{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(x) each([1, 2]) %}[{{ x }}]{% endcall %}', '[1][2]'],
  ['return gives the native value', "{% macro r() %}{% do return({'k': [1]}) %}unreached{% endmacro %}{% set v = r() %}{{ v.k[0] }}|{{ v }}", "1|{'k': [1]}"],
  ['return inside a loop', '{% macro first_even(l) %}{% for x in l %}{% if x % 2 == 0 %}{{ return(x) }}{% endif %}{% endfor %}{{ return(none) }}{% endmacro %}{{ first_even([1, 3, 4, 6]) }}|{{ first_even([1]) }}', '4|None'],
  ['namespace', '{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}', '6'],
  ['loop variables', "{% for x in ['a', 'b', 'c'] %}{{ loop.index }}{{ x }}{% if not loop.last %},{% endif %}{% endfor %}", '1a,2b,3c'],
  ['break and continue', '{% for i in range(10) %}{% if i is odd %}{% continue %}{% endif %}{% if i > 6 %}{% break %}{% endif %}{{ i }}{% endfor %}', '0246'],
  ['for else', '{% for x in [] %}{{ x }}{% else %}empty{% endfor %}', 'empty'],
  ['loop.cycle', "{% for x in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{% endfor %}", 'aba'],
  ['filtered loop', '{% for x in range(6) if x is even %}{{ loop.index }}:{{ x }} {% endfor %}', '1:0 2:2 3:4 '],
  ['tuple set', '{% set a, b = 1, 2 %}{{ b }}{{ a }}', '21'],
  ['undefined prints empty', '[{{ nope }}]', '[]'],
  ['default filter', "{{ nope | default('d') }}|{{ none | default('d') }}|{{ '' | default('d', true) }}", 'd|None|d'],
  ["map('upper')", "{{ ['a', 'b'] | map('upper') | list }}", "['A', 'B']"],
  ['map(attribute=)', "{{ [{'n': 1}, {'n': 2}] | map(attribute='n') | list }}", '[1, 2]'],
  ['select/reject', "{{ [1, none, 2] | reject('none') | list }}|{{ [1, 2, 3, 4] | select('odd') | list }}", '[1, 2]|[1, 3]'],
  ['selectattr', "{{ [{'a': true, 'n': 1}, {'a': false, 'n': 2}] | selectattr('a') | map(attribute='n') | join(',') }}", '1'],
  ['round', "{{ 3.14159 | round(2) }}|{{ 2.5 | round }}|{{ 2.7 | round(0, 'floor') }}", '3.14|2.0|2.0'],
  ['tojson filter sorts keys', "{{ {'b': 1, 'a': [true, none]} | tojson }}", '{"a": [true, null], "b": 1}'],
  ['unique is case-insensitive', "{{ ['a', 'b', 'a', 'A'] | unique | list }}", "['a', 'b']"],
  ['batch', '{{ [1, 2, 3] | batch(2) | list }}', '[[1, 2], [3]]'],
  ['format filter', "{{ '%s-%s' | format('a', 'b') }}", 'a-b'],
  ['sort/join/length/first/last', "{{ [3, 1, 2] | sort | join(',') }}|{{ [3, 1] | length }}|{{ [3, 1] | first }}{{ [3, 1] | last }}", '1,2,3|2|31'],
  ['trim/upper/replace chain', "{{ '  Ab ' | trim | upper | replace('A', 'x') }}", 'xB'],
  ['slices and negative index', "{{ 'hello'[1:3] }}|{{ [1, 2, 3][-1] }}|{{ [1, 2, 3][::-1] }}", 'el|3|[3, 2, 1]'],
  ['in operator', "{{ 'a' in 'abc' }}|{{ 2 in [1, 2] }}|{{ 'k' in {'k': 1} }}|{{ 3 not in [1] }}", 'True|True|True|True'],
  ['is tests', "{{ none is none }}|{{ 1 is number }}|{{ 'x' is string }}|{{ {} is mapping }}|{{ nope is defined }}|{{ none is not none }}", 'True|True|True|True|False|False'],
  ['equality across int/float', '{{ 1 == 1.0 }}|{{ [1, 2] == [1, 2] }}|{{ (1, 2) == [1, 2] }}', 'True|True|False'],
  ['inline if', "{{ 'y' if 1 > 2 else 'n' }}", 'n'],
  ['raw', '{% raw %}{{ not rendered }}{% endraw %}', '{{ not rendered }}'],
  ['comment', 'a{# comment #}b', 'ab'],
  ['set block', '{% set s %}x{{ 1 + 1 }}{% endset %}[{{ s }}]', '[x2]'],
  ['filter block', '{% filter upper %}abc{% endfilter %}', 'ABC'],
  ['dict insertion order after updates', "{% set d = {} %}{% do d.update({'z': 1}) %}{% do d.update({'a': 2}) %}{{ d | list }}", "['z', 'a']"],
  ['if/elif/else', '{% for x in [1, 2, 3] %}{% if x == 1 %}a{% elif x == 2 %}b{% else %}c{% endif %}{% endfor %}', 'abc'],
  ['test block becomes a macro', '{% test not_empty(model, column_name) %}select {{ column_name }} from {{ model }}{% endtest %}{{ test_not_empty("t", "c") }}', 'select c from t'],
  ['materialization block becomes a macro', "{% materialization mine, adapter='duckdb' %}M{% endmaterialization %}{{ materialization_mine_duckdb() }}", 'M'],
  ['string escapes and regex text', "{{ 'a\\tb' }}|{{ '\\d+' }}", 'a\tb|\\d+'],
  ['dict() and zip()', "{{ dict(a=1, b=2) }}|{{ zip([1, 2], ['x', 'y']) | list }}", "{'a': 1, 'b': 2}|[(1, 'x'), (2, 'y')]"],
  // Checked against Python Jinja2 3.1 (SandboxedEnvironment, do + loopcontrols) on 2026-12-06.
  ['tuple displays', "{{ (1,) }}|{{ () }}|{{ (1, 2,) }}|{{ ((1,),) }}|{{ 'x' in ('x',) }}|{% for a in (3,) %}{{ a }}{% endfor %}", '(1,)|()|(1, 2)|((1,),)|True|3'],
  ['a call keeps its trailing comma', "{% macro f(a) %}{{ a }}{% endmacro %}{{ f(1,) }}|{{ 'ab'.split('b',) }}", "1|['a', '']"],
  ['integer literals in other bases', '{{ 0x1F }}|{{ 0o17 }}|{{ 0b1_01 }}|{{ 1_000 }}', '31|15|5|1000'],
  ['joiner', "{% set j = joiner(' | ') %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}|{% set k = joiner() %}{{ k() }}{{ k() }}", '1 | 2 | 3|, '],
  ['cycler', "{% set c = cycler('a', 'b') %}{{ c.current }}{{ c.next() }}{{ c.next() }}{{ c.next() }}{{ c.current }}{% do c.reset() %}{{ c.next() }}", 'aababa'],
  ['str center, expandtabs, rpartition, rindex', "{{ 'abc'.center(7, '*') }}|{{ 'a\tb'.expandtabs(4) }}|{{ 'a.b.c'.rpartition('.') }}|{{ 'abcb'.rindex('b') }}", "**abc**|a   b|('a.b', '.', 'c')|3"],
  ['empty substring', "{{ 'abc'.replace('', '-') }}|{{ 'abc'.replace('', '-', 2) }}|{{ 'abc'.count('') }}", '-a-b-c-|-a-bc|4'],
  ['istitle, isascii', "{{ 'Ab Cd'.istitle() }}{{ 'Ab cd'.istitle() }}{{ 'é'.isascii() }}", 'TrueFalseFalse'],
  ['slice filter', '{{ [1, 2, 3, 4, 5] | slice(2) | list }}|{{ [1, 2, 3, 4] | slice(3, 0) | list }}', '[[1, 2, 3], [4, 5]]|[[1, 2], [3, 0], [4, 0]]'],
  ['urlencode filter', "{{ 'a b/é' | urlencode }}|{{ {'k': 'a b', 'x': 1} | urlencode }}", 'a%20b/%C3%A9|k=a+b&x=1'],
  ['filesizeformat filter', '{{ 1 | filesizeformat }}|{{ 999 | filesizeformat }}|{{ 1234567 | filesizeformat }}|{{ 2048 | filesizeformat(true) }}', '1 Byte|999 Bytes|1.2 MB|2.0 KiB'],
  ['sum with a list start', '{{ [[1, 2], [3]] | sum(start=[]) }}|{{ [1.5, 2] | sum }}', '[1, 2, 3]|3.5'],
  ['sameas compares constants by value', "{{ 1 is sameas 1 }}{{ 'a' is sameas 'a' }}{{ 1 is sameas true }}{{ [] is sameas [] }}", 'TrueTrueFalseFalse'],
  ['non-string dict keys print as they are', "{{ {1: 'a', none: 2, 'k': 3} }}", "{1: 'a', None: 2, 'k': 3}"],
];

test(`fidelity table has at least 40 cases (${CASES.length})`, () => {
  assert.ok(CASES.length >= 40);
});

for (const [name, template, expected] of CASES) {
  test(`jinja fidelity: ${name}`, () => {
    const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
    assert.equal(env.render(template, '/proj/models/case.sql').output, expected);
  });
}

test('docs blocks are extracted and render to nothing', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  const r = env.render('a{% docs orders %}\nThe **orders** table.\n{% enddocs %}b', '/proj/models/docs.md');
  assert.equal(r.output, 'ab');
  assert.deepEqual(r.docs, { orders: 'The **orders** table.' });
});

test('JS functions get positional args and kwargs; host objects print via str()', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  const seen: unknown[] = [];
  const out = env.render("{{ f(1, 'two', k=[3]) }}", '/m.sql', {
    f: (args: unknown[], kwargs: Record<string, unknown>) => (seen.push(args, kwargs), 'ok'),
  }).output;
  assert.equal(out, 'ok');
  assert.deepEqual(seen, [[1, 'two'], { k: [3] }]);
});
