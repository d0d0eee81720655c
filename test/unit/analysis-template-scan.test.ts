import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { positional, scanJinja, underIncrementalGuard } from '../../server/src/template/scan';

describe('template scan', () => {
  it('finds calls with name, extent and literal arguments', () => {
    const t = "select * from {{ ref('pkg', 'm', v=2) }} where x = {{ var(\"k\", 3) }} and {{ dbt_utils.star(from=ref('m')) }}";
    const s = scanJinja(t);
    assert.deepEqual(
      s.calls.map((c) => [c.name, t.slice(c.start, c.end), c.args.map((a) => [a.keyword ?? null, a.value ?? null, a.literal])]),
      [
        ['ref', "ref('pkg', 'm', v=2)", [[null, 'pkg', true], [null, 'm', true], ['v', 2, true]]],
        ['var', 'var("k", 3)', [[null, 'k', true], [null, 3, true]]],
        ['dbt_utils.star', "dbt_utils.star(from=ref('m'))", [['from', null, false]]],
        ['ref', "ref('m')", [[null, 'm', true]]],
      ],
    );
    assert.equal(positional(s.calls[0]).length, 2);
  });

  it('masks Jinja with the same length and keeps line breaks', () => {
    const t = "a {{ x }} b {% if y %}\nc{% endif %} {# note\n #}d";
    const s = scanJinja(t);
    assert.equal(s.masked.length, t.length);
    assert.equal(s.masked, 'a _______ b           \nc                   \n   d');
  });

  it('tracks blocks, `this` tags and is_incremental guards', () => {
    const t = '{{ this }}\n{% if is_incremental() %}{{ this }}{% endif %}{% for x in y %}{{ this }}{% endfor %}';
    const s = scanJinja(t);
    const thisTags = s.tags.filter((x) => x.isThis);
    assert.deepEqual(thisTags.map((x) => [x.blocks.map((b) => b.keyword), underIncrementalGuard(x)]), [
      [[], false],
      [['if'], true],
      [['for'], false],
    ]);
  });

  it('does not end a tag at a brace inside a string, and flags unterminated tags', () => {
    const t = "{{ config(post_hook=\"grant {{ this }}\") }} select 1";
    const s = scanJinja(t);
    assert.equal(s.tags.length, 1);
    assert.equal(s.tags[0].end, t.indexOf(' select'));
    assert.equal(s.truncated, false);
    assert.equal(scanJinja("select {{ ref('x'").truncated, true);
  });

  it('skips raw blocks', () => {
    const s = scanJinja("{% raw %}{{ ref('x') }}{% endraw %}{{ ref('y') }}");
    assert.deepEqual(s.calls.map((c) => c.args[0].value), ['y']);
  });

  // The analysis scan now reads calls as the loader always did (one call reader for both).
  it('reads a call whose parenthesis is on the next line, as Jinja does', () => {
    const s = scanJinja("{{ ref\n('m') }}");
    assert.deepEqual(s.calls.map((c) => [c.name, c.args[0]?.value]), [['ref', 'm']]);
  });

  it('does not take a method after a spaced dot for a call of its own', () => {
    assert.deepEqual(scanJinja("{{ x . ref('m') }}{{ . config(a=1) }}").calls.map((c) => c.name), []);
  });

  it('decodes escapes in literal arguments as Jinja does', () => {
    const s = scanJinja("{{ join('\\n', x) }}{{ var('a\\'b') }}");
    assert.deepEqual(s.calls.map((c) => c.args[0].value), ['\n', "a'b"]);
  });
});
