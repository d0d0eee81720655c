// The analysis scanner's fast paths (arguments read without regexes, masking in one buffer, shared block
// snapshots) must read templates exactly as before: literal values, keywords, masks and blocks.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { scanJinja } from '../../server/src/template/scan';
import type { TemplateTag } from '../../server/src/template/tags';

/** The mask by its definition, character by character: each tag span (and a raw block's end tag) filled, line breaks kept. */
function maskByChars(text: string, split: TemplateTag[]): string {
  const out = text.split('');
  let done = 0;
  const blank = (start: number, end: number, fill: string) => {
    if (start < done) return;
    for (let k = start; k < Math.min(end, text.length); k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = fill;
    done = end;
  };
  for (const t of split) {
    blank(t.start, t.end, t.kind === 'expr' ? '_' : ' ');
    if (t.raw) blank(t.raw.bodyEnd, t.raw.end, ' ');
  }
  return out.join('');
}

describe('template scan fast paths', () => {
  it('reads keyword and literal arguments', () => {
    const t = "{{ f(a = 1, b== 2, c='x\\'y', d=\"q'q\", e=-3.5, g=True, h=none, i='a' ~ 'b', j='') }}";
    const args = scanJinja(t).calls[0].args.map((a) => [a.keyword ?? null, a.literal, a.value ?? null, t.slice(a.start, a.end)]);
    assert.deepEqual(args, [
      ['a', true, 1, '1'],
      [null, false, null, 'b== 2'],
      ['c', true, "x'y", "'x\\'y'"],
      ['d', true, "q'q", '"q\'q"'],
      ['e', true, -3.5, '-3.5'],
      ['g', true, true, 'True'],
      ['h', true, null, 'none'],
      ['i', false, null, "'a' ~ 'b'"],
      ['j', true, '', "''"],
    ]);
  });

  it('masks Jinja with the same length, keeping line breaks and non-ASCII text', () => {
    const t = 'é {% if x %}\r\n{{ this }}{% for y in z %}{{  this\t}}{% endfor %}{% endif %}{# c\r\n #}';
    const s = scanJinja(t);
    assert.equal(s.masked, 'é           \r\n__________                ___________                           \r\n   ');
    assert.equal(s.masked.length, t.length);
    assert.deepEqual(
      s.tags.map((g) => [g.keyword, g.isThis, g.blocks.map((b) => b.keyword)]),
      [
        ['if', false, []],
        ['', true, ['if']],
        ['for', false, ['if']],
        ['', true, ['if', 'for']],
        ['endfor', false, ['if', 'for']],
        ['endif', false, ['if']],
        ['', false, []],
      ],
    );
  });

  it('masks every span as its definition says, on random texts (line breaks, raw blocks, unclosed tags, non-ASCII)', () => {
    const pieces = ['select ', 'é', '\r\n', '\n', '\r', '{{ this }}', '{{- x -}}', '{% if a %}', '{% endif %}', '{# c\r\n #}', '{% raw %}{{ y }}\n{% endraw %}', '{%- raw -%} z {%- endraw %}', "'{{ '", '}}', '%}', '{{', '{%', '{#', '-- {{ c }}\n', '😀', '  '];
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 3000; i++) {
      let t = '';
      for (let k = rand(14); k >= 0; k--) t += pieces[rand(pieces.length)];
      const s = scanJinja(t);
      assert.equal(s.masked, maskByChars(t, s.split), JSON.stringify(t));
    }
  });

  it('leaves a text without Jinja as it is', () => {
    const s = scanJinja('select 1 -- {not jinja}');
    assert.equal(s.masked, 'select 1 -- {not jinja}');
    assert.deepEqual(s.tags, []);
  });
});
