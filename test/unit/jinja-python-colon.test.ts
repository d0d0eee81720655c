// Jinja2's parser skips one colon before `%}` where a tag's body follows (`{% if x: %}`, `{% for i in l: %}`,
// `{% else: %}`, `{% macro m(): %}`, a block `{% set x: %}`); dbt's own default__create_table_as writes one. Recorded
// against Jinja2 3.1.6: these render, `{% set y = 1: %}` and a doubled colon are syntax errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTemplateSyntax } from '../../server/src/template/syntax';
import { env, request } from './helpers/render-request';
import { renderResolving } from '../../server/src/template/index';

const render = async (text: string): Promise<string> => (await renderResolving(env(), request(text), { query: () => ({ columns: [], rows: [] }) } as never)).sql;

test('a colon before %} where a body follows renders as Jinja2 renders it, and the syntax check accepts it', async () => {
  const cases: Array<[string, string]> = [
    ['{% if 1: %}a{% endif %}', 'a'],
    ['{% if 1 : %}a{% endif %}', 'a'],
    ['{% for i in [1, 2]: %}{{ i }}{% endfor %}', '12'],
    ['{% if 0 %}a{% elif 1: %}b{% else: %}c{% endif %}', 'b'],
    ['{% macro m(): %}q{% endmacro %}{{ m() }}', 'q'],
    ['{% set y: %}z{% endset %}{{ y }}', 'z'],
    ['{% if 1: -%}  a{% endif %}', 'a'],
  ];
  for (const [text, want] of cases) {
    assert.equal(await render(text), want, text);
    assert.deepEqual(checkTemplateSyntax(text, '/p/models/m.sql').map((d) => d.message), [], text);
  }
});

test('a colon where no body follows stays a syntax error', () => {
  for (const text of ['{% set y = 1: %}{{ y }}', '{% if 1:: %}a{% endif %}']) {
    assert.ok(checkTemplateSyntax(text, '/p/models/m.sql').length > 0, text);
  }
});
