// The one tag splitter every template reader walks: Jinja2's boundaries, located problems, and the views agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitTemplate } from '../../server/src/template/tags';
import { lex } from '../../server/src/template/lexer';
import { scanJinja } from '../../server/src/template/scan';
import { scanTemplate } from '../../server/src/project/scanner';
import { checkTemplateSyntax } from '../../server/src/template/syntax';

const spans = (text: string) => splitTemplate(text).tags.map((t) => text.slice(t.start, t.end));

test('a closer inside a string or inside brackets does not end the tag', () => {
  assert.deepEqual(spans(`a {{ "x }}" ~ '%}' }} b {% set d = {'k': {'j': 1}} %} c {{ {'a': 1}}} d`), [
    `{{ "x }}" ~ '%}' }}`,
    `{% set d = {'k': {'j': 1}} %}`,
    `{{ {'a': 1}}}`,
  ]);
});

test('whitespace markers, comments and raw bodies', () => {
  const text = "x {{- a -}} {#- c -#} {%+ if b +%} {% raw -%} {{ not jinja {%- endraw -%} y";
  const { tags, problem } = splitTemplate(text);
  assert.equal(problem, undefined);
  assert.deepEqual(
    tags.map((t) => [t.kind, t.keyword, t.stripBefore, t.stripAfter, text.slice(t.innerStart, t.innerEnd)]),
    [
      ['expr', '', true, true, ' a '],
      ['comment', '', true, true, ' c '],
      ['stmt', 'if', false, false, ' if b '],
      ['stmt', 'raw', false, true, ' raw '],
    ],
  );
  const raw = tags[3].raw!;
  assert.equal(text.slice(tags[3].end, raw.bodyEnd), ' {{ not jinja ');
  assert.deepEqual([raw.stripBefore, raw.stripAfter, text.slice(raw.end)], [true, true, ' y']);
});

test('problems are located where Jinja2 stops, and the walk goes on after a mismatched bracket', () => {
  const at = (text: string) => {
    const { problem, truncated, tags } = splitTemplate(text);
    return [problem?.message, problem && text.slice(problem.start, problem.end), truncated, tags.length];
  };
  assert.deepEqual(at("{{ ref('a' }} {{ b }}"), ['Jinja syntax error: unexpected `}`, expected `)`', '}', false, 2]);
  assert.deepEqual(at('{% if (a %} x {% endif %}'), ['Jinja syntax error: unexpected `}`, expected `)`', '}', false, 2]);
  assert.deepEqual(at('{{ this } to x'), ['Jinja syntax error: unexpected `}`: an expression ends with `}}`', '}', true, 1]);
  assert.deepEqual(at('a {{ b\nc'), ['Expression `{{` is never closed: add `}}`', '{{ b', true, 1]);
  assert.deepEqual(at('{% macro m() \nx'), ['Tag `{% macro` is never closed: add `%}`', '{% macro', true, 1]);
  assert.deepEqual(at('{# c'), ['Comment `{#` is never closed: add `#}`', '{#', true, 1]);
  assert.deepEqual(at("{{ 'abc }}"), ['Jinja syntax error: unterminated string literal', "'abc }}", true, 1]);
  assert.deepEqual(at('{% raw %} x'), ['`{% raw %}` is never closed: add `{% endraw %}`', '{% raw %}', true, 1]);
});

test('a dict literal closing right before `}}` is one tag for the analysis scan too (it used to end at the first `}}`)', () => {
  const scan = scanJinja("select {{ f({'a': ref('m')}) }}{{ {'b': 1}}} x");
  assert.deepEqual(scan.tags.map((t) => scan.text.slice(t.start, t.end)), ["{{ f({'a': ref('m')}) }}", "{{ {'b': 1}}}"]);
  assert.equal(scan.masked, 'select ' + '_'.repeat(37) + ' x');
});

// Every reader sees the same tags: the analysis scan's tags are the splitter's, the lexer's tags start where the
// splitter's expression and statement tags do, and the checker reports the splitter's problem.
const PIECES = ['{{ a }}', '{%- if x -%}', '{% endif %}', '{# c #}', "{{ 'q}}' }}", '{{ {"k": [1]}}}', 'sel', '\n', '{% raw %}{{{% endraw %}', '{{ f(', ')}}', '%}', '}', '{', '"', "{% set s = {'a': '%}'} %}"];
test('the views agree on tags over generated templates', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let k = 0; k < 3000; k++) {
    let text = '';
    for (let m = rand(8); m >= 0; m--) text += PIECES[rand(PIECES.length)];
    const split = splitTemplate(text);
    const scan = scanJinja(text);
    assert.deepEqual(scan.tags.map((t) => [t.start, t.end]), split.tags.map((t) => [t.start, t.end]), text);
    const syntax = checkTemplateSyntax(text, 'm.sql');
    if (split.problem) {
      assert.equal(syntax[0]?.message, split.problem.message, text);
      assert.throws(() => lex(text), text);
      assert.equal(scanTemplate(text).problems[0]?.message, split.problem.message, text);
      continue;
    }
    let lexed;
    try {
      lexed = lex(text);
    } catch {
      continue; // a dbt tag the lexer rejects (e.g. a bare `{% raw %}` body), reported by the checker too
    }
    const starts = lexed.tags.filter((t) => t.kind !== 'text').map((t) => t.start);
    const expected = split.tags.filter((t) => t.kind !== 'comment' && !t.raw).map((t) => t.start);
    assert.deepEqual(starts, expected, text);
  }
});
