// isWord (snowflake-on-duckdb/template.ts), the translator's keyword test, compares a word lexeme with a lower-case
// keyword case-insensitively. It tests the length before lower-casing (a new string per comparison was most of its
// cost); these pin that the answer is what `text.toLowerCase() === keyword` gives, for every text, Unicode included.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isWord, lowerText } from '../../server/src/core/sql/snowflake-on-duckdb/template';
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

  it('agrees with lower-casing the whole text for generated mixes of ASCII and other characters (its code-by-code comparison)', () => {
    const parts = ['a', 'A', 'k', 'K', 'i', 'I', '_', '1', '$', '\u212A', '\u0130', '\u0307', 'é', 'É', 'Σ', 'ß', '\u1E9E', 'ǅ'];
    const keywords = ['ak', 'kk', 'ki', 'ii', 'aé', 'a_1', 'kés', 'σσ', 'i\u0307', 'i\u0307a', 'a'];
    let seed = 7;
    const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    for (let n = 0; n < 20000; n++) {
      let t = '';
      for (let k = rand(4); k >= 0; k--) t += parts[rand(parts.length)];
      const k = keywords[rand(keywords.length)];
      assert.equal(isWord(word(t), k), reference(word(t), k), `${JSON.stringify(t)} vs ${JSON.stringify(k)}`);
    }
  });
});

describe('lowerText', () => {
  it('is toLowerCase for every code point alone and beside ASCII, and returns an ASCII text without capitals as it is', () => {
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      assert.equal(lowerText(s), s.toLowerCase());
      assert.equal(lowerText(`aB${s}`), `aB${s}`.toLowerCase());
    }
    for (const t of ['select', 'SELECT', 'Select_1$', 'ΣΑΣ', 'a\u212A', '']) assert.equal(lowerText(t), t.toLowerCase());
  });
});
