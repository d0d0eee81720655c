// regex-text.ts: one match of a plain pattern (the value a regex test on a column needs), none for other patterns.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textMatching } from '../../client/src/sample/regex-text';

describe('textMatching', () => {
  it('writes one match of a plain pattern', () => {
    for (const pattern of ['axelar1[0-9a-z]{38,38}', 'axelarvaloper[0-9a-z]{39,39}', '^[A-Z]{2}-\\d+$', 'ab?c*d+e.', 'x{2,}y\\.z']) {
      const text = textMatching(pattern);
      assert.ok(text !== undefined && new RegExp(pattern).test(text), `${pattern} → ${text}`);
    }
    assert.equal(textMatching('axelar1[0-9a-z]{38,38}'), `axelar1${'0'.repeat(38)}`);
  });

  it('leaves groups, alternatives and negated classes alone', () => {
    for (const pattern of ['(ab)+', 'a|b', '[^a]', 'a**', '\\bword', '']) assert.equal(textMatching(pattern), undefined, pattern);
  });
});
