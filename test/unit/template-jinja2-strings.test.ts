// Jinja2 string literals: every escape Python's unicode-escape decodes, adjacent literals, and the syntax check
// accepting what Jinja2 accepts (dbt_utils' safe_add.sql/surrogate_key.sql end a string with a backslash-newline).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment, TemplateError, checkTemplateSyntax } from '../../server/src/template/index';
import { decodeJinjaString } from '../../server/src/template/string-escapes';

const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
let n = 0;
const out = (text: string) => env.render(text, `/t/${n++}.sql`).output;
const errors = (text: string) => checkTemplateSyntax(text, 'f.sql').map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);

describe('Jinja2 string escapes', () => {
  const cases: [string, string, string][] = [
    ['backslash-newline continues the line', "{{ 'a\\\nb' }}", 'ab'],
    ['backslash-CRLF too', "{{ 'a\\\r\nb' }}", 'ab'],
    ["\\'", "{{ 'it\\'s' }}", "it's"],
    ['\\"', '{{ "say \\"hi\\"" }}', 'say "hi"'],
    ['\\\\', "{{ 'a\\\\b' }}", 'a\\b'],
    ['\\n \\t \\r', "{{ 'x\\ny\\tz\\r' }}", 'x\ny\tz\r'],
    ['\\a \\b \\f \\v', "{{ '\\a\\b\\f\\v' }}", '\x07\b\f\v'],
    ['\\x..', "{{ '\\x41\\x7a' }}", 'Az'],
    ['\\u....', "{{ '\\u00e9\\u20AC' }}", 'é€'],
    ['\\U........', "{{ '\\U0001F600' }}", '😀'],
    ['octal', "{{ '\\101\\0\\60' }}", 'A\x000'],
    ['unknown escapes stay as written', "{{ '\\d+\\.\\q' }}", '\\d+\\.\\q'],
    ['non-ASCII text is kept', "{{ 'café \\t' }}", 'café \t'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      assert.equal(out(text), expected);
      assert.deepEqual(errors(text), []);
    });
  }

  it('truncated and out-of-range escapes are errors with Jinja2 message and place', () => {
    assert.deepEqual(errors("select 1\n{{ 'ab\\x4' }}"), ['1:6 Jinja syntax error: truncated \\xXX escape']);
    assert.deepEqual(errors("{{ '\\u12g4' }}"), ['0:4 Jinja syntax error: truncated \\uXXXX escape']);
    assert.deepEqual(errors("{{ '\\U00110000' }}"), ['0:4 Jinja syntax error: illegal Unicode character']);
    assert.throws(() => out("{{ 'ab\\x4' }}"), (e: unknown) => e instanceof TemplateError && /truncated \\xXX escape/.test(e.message));
  });

  it('named escapes are valid Jinja2: the check accepts them, the renderer says it cannot decode them', () => {
    assert.deepEqual(errors("{{ '\\N{BULLET}' }}"), []);
    assert.throws(() => out("{{ '\\N{BULLET}' }}"), /cannot decode the named escape \\N\{BULLET\}/);
    assert.equal(decodeJinjaString('\\N{x').ok, false);
  });

  it('adjacent literals are joined, across lines and quote styles', () => {
    assert.equal(out("{{ 'a' \"b\"\n  'c' }}"), 'abc');
    assert.equal(out("{% set s = 'x\\\n' 'y' %}{{ s }}"), 'xy');
    assert.deepEqual(errors("{{ 'a' \"b\"\n  'c' }}{% if x == 'a' 'b' %}{% endif %}{% do l.append('a' 'b') %}"), []);
  });

  it('escapes inside do, set, if, macro defaults and dbt blocks pass the check', () => {
    const text = [
      "{% macro m(sep=', \\\n') %}{{ sep }}{% endmacro %}",
      "{% set x = 'a\\'b' %}{% do [].append(\"q\\\"\") %}",
      "{% if x != '\\\\' %}{{ m() }}{% endif %}",
      "{% test t(model) %}select '\\n'{% endtest %}",
    ].join('\n');
    assert.deepEqual(errors(text), []);
  });
});

describe('other Jinja2 constructs dbt projects use', () => {
  it('tests with arguments, with or without parentheses, negated, inside conditions', () => {
    assert.equal(out('{{ 9 is divisibleby 3 }} {{ 9 is not divisibleby(2) }} {{ none is sameas none }} {{ 1 if 6 is divisibleby 4 else 0 }} {{ not 6 is divisibleby 3 }}'), 'True True True 0 False');
    assert.equal(out("{% set d = {'n': 5} %}{{ 10 is divisibleby d.n }} {{ 10 is divisibleby d['n'] }} {{ 2 is eq 2 and 3 is odd }} {{ 1 is in [1, 2] }}"), 'True True True True');
    assert.deepEqual(errors('{{ 9 is divisibleby 3 }}{% if x is not sameas none %}{% endif %}'), []);
  });

  it('{% with %} scopes its assignments and what is set inside', () => {
    assert.equal(out("{% set a = 9 %}{% with a = 1, b = [2, 3] %}{{ a }}{{ b }}{% set c = 5 %}{% endwith %}[{{ c }}]{{ a }}"), '1[2, 3][]9');
    assert.equal(out('{% with %}{% set z = 1 %}{{ z }}{% endwith %}{{ z is defined }}'), '1False');
    assert.deepEqual(errors('{% with a = 1 %}{{ a }}{% endwith %}'), []);
  });

  it('{%- raw %}, call/caller, namespace, loop', () => {
    assert.equal(out('a {%- raw %} {{ x }} {% endraw %}'), 'a {{ x }} ');
    assert.equal(out('{% macro wrap(t) %}<{{ t }}:{{ caller() }}>{% endmacro %}{% call wrap("b") %}in{% endcall %}'), '<b:in>');
    assert.equal(out('{% macro each(xs) %}{% for x in xs %}{{ caller(x) }}{% endfor %}{% endmacro %}{% call(v) each([1, 2]) %}[{{ v }}]{% endcall %}'), '[1][2]');
    assert.equal(
      out('{% set ns = namespace(total=0) %}{% for i in [3, 4] %}{% set ns.total = ns.total + i %}{{ loop.index0 }}{{ loop.revindex0 }}{{ loop.length }}{{ loop.last }}|{% endfor %}{{ ns.total }}'),
      '012False|102True|7',
    );
  });
});

describe('str.isdigit / str.isnumeric outside the decimal digits', () => {
  // Python reads Unicode's Numeric_Type ('²'.isdigit() and '½'.isnumeric() are True, '一'.isnumeric() too), which
  // JavaScript's regular expressions cannot test: Bronze refuses by name rather than answer False.
  for (const text of ["{{ '²'.isdigit() }}", "{{ '½'.isdigit() }}", "{{ '一'.isnumeric() }}", "{{ '1²'.isdigit() }}"]) {
    it(text, () => assert.throws(() => out(text), /Numeric_Type, which Bronze cannot read: Bronze does not support it/));
  }
  it('decimal digits, letters and the empty string are answered', () => assert.equal(out("{{ '١2'.isdigit() }}{{ 'a1'.isdigit() }}{{ ''.isnumeric() }}{{ 'Ⅻ½'.isnumeric() }}"), 'TrueFalseFalseTrue'));
});
