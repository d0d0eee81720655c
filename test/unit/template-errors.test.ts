// Error positions: syntax errors at exact line/column (0-based), runtime errors at the failing tag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment, TemplateError, checkTemplateSyntax } from '../../server/src/template/index';

type Expect = [string, number, number, number, number];
const SYNTAX: [string, string, Expect][] = [
  ['unclosed if', 'select 1\n{% if x %}\nfoo', ['`{% if %}` is never closed: add `{% endif %}`', 1, 0, 1, 10]],
  ['mismatched end tag', '{% for x in y %}\n{% endif %}', ['`{% endif %}` closes `{% for %}` (line 1), which needs `{% endfor %}`', 1, 0, 1, 11]],
  ['stray end tag', 'a\n  {% endfor %}', ['`{% endfor %}` has no matching opening tag: remove it', 1, 2, 1, 14]],
  ['else outside a block', '{% else %}', ['`{% else %}` outside of an `{% if %}` or `{% for %}` block', 0, 0, 0, 10]],
  ['unclosed expression', 'select a {{ b\nfrom t', ['Expression `{{` is never closed: add `}}`', 0, 9, 0, 13]],
  ['triple braces', 'a\n{{{ config() }}}', ['Jinja syntax error: unexpected `}`, expected `:`', 1, 13, 1, 14]],
  ['unknown tag', 'x\n{% frobnicate %}', ['Jinja syntax error: unknown statement frobnicate', 1, 3, 1, 13]],
  ['bad expression', 'x\ny\nwhere {{ a + }}', ['Jinja syntax error: unexpected end of variable block', 2, 13, 2, 15]],
  ['double comma', 'x {{ f(1,, 2) }}', ['Jinja syntax error: unexpected `,`', 0, 9, 0, 10]],
];

for (const [name, text, [message, l1, c1, l2, c2]] of SYNTAX) {
  test(`syntax error: ${name}`, () => {
    const diags = checkTemplateSyntax(text, '/proj/models/m.sql');
    assert.deepEqual(diags, [
      {
        file: '/proj/models/m.sql',
        range: { start: { line: l1, character: c1 }, end: { line: l2, character: c2 } },
        severity: 'error',
        code: 'bronze/jinja-syntax',
        message,
      },
    ]);
  });
}

test('no false positives on valid dbt templates', () => {
  const valid = `{{ config(materialized='table') }}
{% set a, b = 1, 2 %}{% for i in range(3) %}{% if i == 1 %}{% continue %}{% endif %}{% if i == 2 %}{% break %}{% endif %}{% endfor %}
{% do x.append(1) %}{%- do y.update({'a': {'b': 1}}) -%}
{% test my_test(model, column_name) %}select 1{% endtest %}
{% materialization mine, adapter='snowflake' %}{{ return({'relations': []}) }}{% endmaterialization %}
{% docs d %}some **docs**{% enddocs %}
{% call statement('main', fetch_result=True) %}select 1{% endcall %}
{% raw %}{% weird %}{{{{ {% endraw %}{# {{ a comment #}
{% set s %}x{% endset %}{% snapshot snap %}select 1{% endsnapshot %}
{% macro m(a, b=2) %}{{ caller() if caller is defined }}{% endmacro %}{% call(x) m(1) %}{{ x }}{% endcall %}
{{ "a %}" ~ '}}' }}`;
  assert.deepEqual(checkTemplateSyntax(valid, '/proj/models/ok.sql'), []);
});

test('render reports a syntax error with the checker position', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  assert.throws(
    () => env.render('select 1\n{{ f(1,, 2) }}', '/proj/models/m.sql'),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.code === 'bronze/jinja-syntax' &&
      e.message === 'Jinja syntax error: unexpected `,`' &&
      e.location?.file === '/proj/models/m.sql' &&
      JSON.stringify(e.location.range) === JSON.stringify({ start: { line: 1, character: 7 }, end: { line: 1, character: 8 } }),
  );
});

test('raise_compiler_error carries its message, the macro position and the call site', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  env.addMacroFile(
    'proj',
    '/proj/macros/guard.sql',
    "{% macro guard(x) %}\n  {% if x < 0 %}\n    {{ exceptions.raise_compiler_error('x must be >= 0, got ' ~ x) }}\n  {% endif %}\n{% endmacro %}\n",
  );
  const exceptions = {
    raise_compiler_error: (args: unknown[]) => {
      throw new TemplateError(String(args[0]));
    },
  };
  assert.throws(
    () => env.render('select\n  {{ guard(-1) }}', '/proj/models/m.sql', { exceptions }),
    (e: unknown) => {
      assert.ok(e instanceof TemplateError);
      assert.equal(e.message, 'x must be >= 0, got -1');
      assert.deepEqual(e.location, { file: '/proj/macros/guard.sql', range: { start: { line: 2, character: 4 }, end: { line: 2, character: 69 } } });
      assert.deepEqual(e.trace, [{ file: '/proj/models/m.sql', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 17 } } }]);
      return true;
    },
  );
});

test('an error inside a package macro is reported at the model line that calls into the package, with the call stack', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  env.addMacroFile('pkg', '/proj/dbt_packages/pkg/macros/outer.sql', '{% macro outer(x) %}\n  {{ pkg.middle(x) }}\n{% endmacro %}\n{% macro middle(x) %}\n    {{ pkg.inner(x) }}\n{% endmacro %}\n');
  env.addMacroFile('pkg', '/proj/dbt_packages/pkg/macros/inner.sql', "{% macro inner(x) %}\n  {{ exceptions.raise_compiler_error('bad ' ~ x) }}\n{% endmacro %}\n");
  env.addMacroFile('proj', '/proj/macros/mine.sql', '{% macro mine() %}\n{{ pkg.outer(1) }}\n{% endmacro %}\n');
  const exceptions = {
    raise_compiler_error: (args: unknown[]) => {
      throw new TemplateError(String(args[0]));
    },
  };
  assert.throws(
    () => env.render('select\n  {{ mine() }}', '/proj/models/m.sql', { exceptions }),
    (e: unknown) => {
      assert.ok(e instanceof TemplateError);
      // The innermost frame in the user's files is their macro's call into the package.
      assert.deepEqual(e.location, { file: '/proj/macros/mine.sql', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 18 } } });
      // Every macro call is a frame, also one within a file (outer → middle).
      assert.equal(
        e.message,
        'bad 1 (call stack: macros/mine.sql:2:1 → dbt_packages/pkg/macros/outer.sql:2:3 → dbt_packages/pkg/macros/outer.sql:5:5 → dbt_packages/pkg/macros/inner.sql:2:3)',
      );
      assert.deepEqual(
        e.related.map((r) => `${r.file}:${r.range.start.line}:${r.range.start.character}`),
        ['/proj/dbt_packages/pkg/macros/outer.sql:1:2', '/proj/dbt_packages/pkg/macros/outer.sql:4:4', '/proj/dbt_packages/pkg/macros/inner.sql:1:2'],
      );
      assert.deepEqual(e.trace.map((r) => r.file), ['/proj/models/m.sql']);
      return true;
    },
  );
});

test('undefined attribute access raises at the tag; undefined names print empty', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  assert.equal(env.render('[{{ nope }}]', '/m.sql').output, '[]');
  assert.throws(
    () => env.render('a\n{% if true %}\n  x {{ nope.attr }}\n{% endif %}', '/m.sql'),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message === "'nope' is undefined" &&
      JSON.stringify(e.location?.range) === JSON.stringify({ start: { line: 2, character: 4 }, end: { line: 2, character: 19 } }),
  );
  assert.throws(() => env.render("{{ {'a': 1}.b.c }}", '/m.sql'), (e: unknown) => e instanceof TemplateError && e.message === "'dict object' has no attribute 'b'");
});

test('calling an unknown macro says so, at the call', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  assert.throws(
    () => env.render('select\n{{ my_macro(1) }}', '/m.sql'),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message === "'my_macro' is undefined: no macro or function has this name. Check the spelling, or install the package that defines it." &&
      e.location?.range.start.line === 1,
  );
});

test('type errors use Python wording', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  assert.throws(() => env.render("{{ 'a' + 1 }}", '/m.sql'), /can only concatenate str \(not "int"\) to str/);
  assert.throws(() => env.render('{{ none < 1 }}', '/m.sql'), /'<' not supported between instances of 'NoneType' and 'int'/);
});

test('a macro file with a stray end tag between its macros loads as in dbt (which reads only the top-level blocks)', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  // The shape of datavault4dbt 1.3.1's concat_ws.sql: a second `{%- endmacro -%}` after one macro.
  const text = '{%- macro a(x) -%}\n  {{ x }}\n{%- endmacro -%}\n\n{%- endmacro -%}\n\n{% macro b() %}b{% endmacro %}\n';
  assert.deepEqual(
    env.addMacroFile('pkg', '/proj/dbt_packages/pkg/macros/m.sql', text).map((m) => m.name),
    ['a', 'b'],
  );
  // In a model, Jinja reads the whole file: the same tag is an error there.
  assert.throws(() => env.compile('select 1\n{% endmacro %}\n', '/proj/models/m.sql'), TemplateError);
});

// Jinja2 fails a template naming an unknown filter or test when it compiles it (compiler.py _filter_test_common),
// outside an `if` or inline if: a loop that never runs, or a macro never called, does not hide it.
test('an unknown filter fails the template at compile time, located at its tag; inside an if only when it runs', () => {
  const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
  const located = (text: string) => {
    try {
      env.render(text, '/proj/models/m.sql', {});
    } catch (e) {
      assert.ok(e instanceof TemplateError);
      return [e.message, e.code, e.location?.range.start.line, e.location?.range.start.character];
    }
    return 'rendered';
  };
  assert.deepEqual(located("select 1\n{% for x in [] %}\n  {{ x | bool }}\n{% endfor %}"), ["No filter named 'bool'.", 'bronze/jinja-syntax', 2, 2]);
  assert.deepEqual(located("{% macro m() %}\n{{ 1 is nosuch }}\n{% endmacro %}"), ["No test named 'nosuch'.", 'bronze/jinja-syntax', 1, 0]);
  assert.equal(located("{% if false %}{{ 1 | nosuch }}{% endif %}{{ 2 if true else 3 | nosuch }}"), 'rendered');
});
