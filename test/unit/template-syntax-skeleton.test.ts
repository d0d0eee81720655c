// The Jinja syntax check parses a template's skeleton (its tags, strings emptied) with minijinja and
// remembers skeletons that parse: models written from one pattern cost one parse, and no error is lost.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkTemplateSyntax, syntaxCheckStats } from '../../server/src/template/syntax';

function parsesFor(text: string): { parses: number; messages: string[] } {
  const before = syntaxCheckStats.miniParses;
  const found = checkTemplateSyntax(text, '/p/models/m.sql');
  return {
    parses: syntaxCheckStats.miniParses - before,
    messages: found.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`),
  };
}

const model = (name: string, upstream: string, sql: string) => `{{ config(materialized='incremental', unique_key='id', post_hook="{{ log('done ${name}') }}") }}
select * from {{ ref('${upstream}') }}
{% if is_incremental() %} where ts > (select max(ts) from {{ this }}) {% endif %}
${sql}`;

describe('template syntax skeletons', () => {
  it('parses one pattern once, whatever its names, strings and SQL', () => {
    const first = parsesFor(model('skel_a', 'skel_up_a', 'union all select 1'));
    assert.deepEqual(first, { parses: 1, messages: [] });
    assert.deepEqual(parsesFor(model('skel_b', 'a_much_longer_upstream_name', "where x = 'it''s' -- {")), { parses: 0, messages: [] });
    assert.deepEqual(parsesFor(model('skel_c', 'c', '')), { parses: 0, messages: [] });
  });

  it('still finds errors, at the template position, in a pattern seen before', () => {
    parsesFor(model('skel_d', 'd', ''));
    const broken = model('skel_e', 'e', 'where a = {{ f(1,, 2) }}');
    assert.deepEqual(parsesFor(broken).messages, ['3:17-3:18 Jinja syntax error: unexpected `,`']);
    // An error inside a string literal's escape is not emptied away; an unknown escape is Python's `\q`, no error.
    assert.deepEqual(parsesFor(model('skel_f', 'f', "{{ g('\\x4') }}")).messages, ['3:6-3:9 Jinja syntax error: truncated \\xXX escape']);
    assert.deepEqual(parsesFor(model('skel_h', 'h', "{{ g('\\q') }}")).messages, []);
    assert.deepEqual(parsesFor(model('skel_g', 'g', "{{ g('q') }}")).messages, []);
  });

  it('keeps raw blocks as written and drops comments', () => {
    assert.deepEqual(parsesFor("{% raw %}{{ 'x {% y' }}{% endraw %}{# {{ ( #}{{ h('skel_raw') }}").messages, []);
    assert.deepEqual(parsesFor("{% raw %}{{ 'x {% y' }}{% endraw %}{# {{ ( #}{{ h('other') }}").parses, 0);
    assert.deepEqual(parsesFor('{% raw %}{% endraw %}{{ h( }}').messages, ['0:27-0:28 Jinja syntax error: unexpected `}`, expected `)`']);
  });

  it('rewrites dbt-only tags in the skeleton as in the whole template', () => {
    const text = "{% do adapter.x('skel_do') %}{% for i in [1] %}{% if i %}{% break %}{% endif %}{% endfor %}{% test t(model) %}select 1{% endtest %}";
    assert.deepEqual(parsesFor(text), { parses: 1, messages: [] });
    assert.deepEqual(parsesFor(text.replace("'skel_do'", "'other'")), { parses: 0, messages: [] });
  });
});

describe('template syntax of Jinja2 forms the renderer rewrites', () => {
  it('accepts a recursive loop, with and without a filter', () => {
    assert.deepEqual(parsesFor('{% for n in tree if n recursive %}{{ loop(n.children) }}{% endfor %}').messages, []);
    assert.deepEqual(parsesFor('{% for k, v in d.items() recursive %}{{ k }}{{ loop(v.items()) }}{% endfor %}').messages, []);
  });
});
