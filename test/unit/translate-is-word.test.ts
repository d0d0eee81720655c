// isWord (snowflake-on-duckdb/template.ts), the translator's keyword test, compares a word lexeme with a lower-case
// keyword case-insensitively. It tests the length before lower-casing (a new string per comparison was most of its
// cost); these pin that the answer is what `text.toLowerCase() === keyword` gives, for every text, Unicode included.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isWord } from '../../server/src/core/sql/snowflake-on-duckdb/template';
import type { Lexeme } from '../../server/src/core/sql/tokenize';

const word = (text: string): Lexeme => ({ kind: 'word', text, start: 0 });
const reference = (l: Lexeme | undefined, w?: string): boolean => !!l && l.kind === 'word' && (w === undefined || l.text.toLowerCase() === w);

describe('isWord', () => {
  it('matches a keyword in any case, and only a word lexeme', () => {
    assert.equal(isWord(word('SELECT'), 'select'), true);
    assert.equal(isWord(word('SeLeCt'), 'select'), true);
    assert.equal(isWord(word('selects'), 'select'), false);
    assert.equal(isWord(word('sel'), 'select'), false);
    assert.equal(isWord({ kind: 'string', text: "'select'", start: 0 }, 'select'), false);
    assert.equal(isWord(undefined, 'select'), false);
    assert.equal(isWord(word('anything')), true);
  });

  it('agrees with lower-casing the whole text, for characters whose lower case is another letter or longer', () => {
    // U+212A KELVIN SIGN lower-cases to k; U+0130 (İ) to i + U+0307 (two code units); ẞ to ß; Σ to σ.
    const texts = ['\u212Aey', 'KEY', 'L\u0130MIT', 'L\u0130M\u0130T', 'l\u0130mit', '\u0130', 'i\u0307', 'STRA\u1E9E', 'Σ', 'DATE', 'date_', ''];
    const keywords = ['key', 'limit', 'i', 'i\u0307', 'straß', 'σ', 'date', 'DATE', ''];
    for (const t of texts) for (const k of keywords) assert.equal(isWord(word(t), k), reference(word(t), k), `${JSON.stringify(t)} vs ${JSON.stringify(k)}`);
  });

  it('rests on U+0130 being the only character whose lower case has another length (this runtime\'s Unicode data)', () => {
    const other: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      if (s.toLowerCase().length !== s.length) other.push(cp);
    }
    assert.deepEqual(other, [0x130]);
  });
});
