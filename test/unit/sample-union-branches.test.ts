// The sampler's reading of a UNION chain (join-types.ts `unionBranches`, `withoutComments`) goes through the one SQL
// tokenizer: `--`, `/*` or the word UNION inside a string literal is text, not a comment or a branch boundary (a
// regex over the raw text cut `'a--b'` to the end of its line, losing every branch after it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unionBranches, withoutComments } from '../../client/src/sample/join-types';

const items = (code: string): string[][] => unionBranches(code).map((b) => b.items.map((i) => i.trim()));

describe('withoutComments', () => {
  it('cuts SQL line and block comments and Jinja comments, each to one space', () => {
    assert.equal(withoutComments('a -- union\nb /* x */ c {# y #} d'), 'a  \nb   c   d');
    assert.equal(withoutComments('a // note\nb'), 'a  \nb', "Snowflake's `//` line comment");
  });

  it('leaves `--` and `/*` inside a string literal or a quoted identifier alone', () => {
    assert.equal(withoutComments(`select 'a--b', '/* x', "c--d" from t -- gone`), `select 'a--b', '/* x', "c--d" from t  `);
    assert.equal(withoutComments(`select 'it''s -- here' as x`), `select 'it''s -- here' as x`);
  });

  it('reads a quote inside a Jinja tag as Jinja, not as the start of a SQL string', () => {
    assert.equal(withoutComments(`select {{ "it's" }} as x -- gone\nfrom t`), `select {{ "it's" }} as x  \nfrom t`);
  });

  it('a Jinja comment inside a SQL comment is cut once', () => {
    assert.equal(withoutComments('a -- x {# y #} z\nb'), 'a  \nb');
  });
});

describe('unionBranches', () => {
  it("a string holding `--` is one select item, and the branches after it are read", () => {
    assert.deepEqual(items(`select 'a--b' as x, y from {{ ref('m') }} union all select x, y from {{ ref('n') }}`), [[`'a--b' as x`, 'y'], ['x', 'y']]);
  });

  it('a string holding `/*` opens no comment', () => {
    assert.deepEqual(items(`select '/*' as x from a union all select '*/' as x from b union all select x from c`), [[`'/*' as x`], [`'*/' as x`], ['x']]);
  });

  it('the words UNION ALL inside a string cut no branch', () => {
    assert.deepEqual(items(`select 'p union all q' as z from a union select z from b`), [[`'p union all q' as z`], ['z']]);
  });

  it('a UNION in a comment cuts no branch; UNION DISTINCT and a UNION under a Jinja if do', () => {
    assert.deepEqual(items('select a from t -- union all select b from u\n'), []);
    assert.deepEqual(items('select a from t {% if x %} union distinct {% endif %} select b from u'), [['a'], ['b']]);
  });

  it("each branch's FROM text runs to the next UNION", () => {
    assert.deepEqual(
      unionBranches(`select a from {{ ref('m') }} where s = 'x--y' union all select a from {{ ref('n') }}`).map((b) => b.from.trim()),
      [`{{ ref('m') }} where s = 'x--y'`, `{{ ref('n') }}`],
    );
  });
});
