// Jinja2's lipsum global (jinja2 docs, "List of Global Functions": lipsum(n=5, html=True, min=20, max=100) generates
// n paragraphs of lorem ipsum, HTML by default, each of min to max words). Its words are random in Python too, so
// these tests check the shape Jinja2's generate_lorem_ipsum gives, over many renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment } from '../../server/src/template/index';
import { LOREM_IPSUM_WORDS } from '../../server/src/template/lorem-ipsum';

const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
const render = (t: string) => env.render(t, 'case.sql', {}).output;
const VOCABULARY = new Set(LOREM_IPSUM_WORDS);

function checkParagraph(p: string, min: number, max: number): void {
  const words = p.split(' ');
  assert.ok(words.length >= min && words.length < max, `${words.length} words, expected ${min} to ${max - 1}: ${p}`);
  assert.match(p, /^[A-Z]/, 'a paragraph starts with a capital');
  assert.match(p, /[A-Za-z],?\.$/, 'a paragraph ends with a full stop');
  let previous = '';
  let sentenceStart = true;
  for (const w of words) {
    const bare = w.replace(/,?\.?$/, '');
    assert.ok(VOCABULARY.has(bare.toLowerCase()), `"${bare}" is one of Jinja2's lorem ipsum words`);
    assert.equal(bare === bare.charAt(0).toUpperCase() + bare.slice(1).toLowerCase() && /^[A-Z]/.test(bare), sentenceStart, `"${w}" capitalised exactly at a sentence start in: ${p}`);
    assert.notEqual(bare.toLowerCase(), previous, 'no word twice in a row');
    previous = bare.toLowerCase();
    sentenceStart = w.endsWith('.');
  }
}

test('lipsum() gives five HTML paragraphs of 20 to 99 lorem ipsum words', () => {
  for (let i = 0; i < 50; i++) {
    const out = render('{{ lipsum() }}');
    const lines = out.split('\n');
    assert.equal(lines.length, 5);
    for (const line of lines) {
      const m = /^<p>(.*)<\/p>$/.exec(line);
      assert.ok(m, `an HTML paragraph: ${line}`);
      checkParagraph(m[1], 20, 100);
    }
  }
});

test('lipsum(n, html=false, min, max): n plain paragraphs separated by a blank line, min to max-1 words each', () => {
  for (let i = 0; i < 50; i++) {
    const out = render('{{ lipsum(3, html=false, min=4, max=9) }}');
    const paragraphs = out.split('\n\n');
    assert.equal(paragraphs.length, 3);
    for (const p of paragraphs) checkParagraph(p, 4, 9);
  }
  assert.equal(render('{{ lipsum(2, false, 1, 2) | wordcount }}'), '2');
});

test('lipsum with min equal to max fails as Python’s randrange does', () => {
  assert.throws(() => render('{{ lipsum(1, false, 5, 5) }}'), /empty range/);
});
