// One splitter of Jinja argument lists (template/scan.ts splitArguments) serves the scanner's calls (with positions)
// and template-names' parameter and import lists (which had a copy of it, splitTop). Both callers read the same cases
// alike: nested brackets, quotes holding commas, backslash escapes, `~` concatenation; and the caller parameters of a
// `{% call(…) %}` block are read to the `)` that closes them (a lazy regex stopped at the first `)`, inside a default).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanJinja, splitArguments } from '../../server/src/template/scan';
import { boundNames, signaturesIn } from '../../server/src/analysis/template-names';

const ARGS = `a, f(b, c), [1, (2, 3)], {'k': 1, 'm': [2, 3]}, 'x, y', "it\\"s, here", 'it\\'s, here', "p" ~ ", q" ~ r, n=g(1, 2)`;
const PARTS = ['a', 'f(b, c)', '[1, (2, 3)]', `{'k': 1, 'm': [2, 3]}`, `'x, y'`, `"it\\"s, here"`, `'it\\'s, here'`, `"p" ~ ", q" ~ r`, 'n=g(1, 2)'];

describe('splitArguments', () => {
  it('cuts at top-level commas only, up to the closing parenthesis', () => {
    const text = `(${ARGS}) tail, more`;
    const split = splitArguments(text, 1, text.length);
    assert.deepEqual(split.args.map((a) => text.slice(a.start, a.end)), PARTS);
    assert.equal(text.slice(split.end), ' tail, more');
    assert.equal(split.closed, true);
  });

  it('notes empty arguments, a stray closer and an unclosed list', () => {
    const text = 'f(, a, ] b';
    const split = splitArguments(text, 2, text.length);
    assert.deepEqual(split.args.map((a) => text.slice(a.start, a.end)), ['a', '] b']);
    assert.deepEqual(split.empties, [2]);
    assert.equal(split.stray, text.indexOf(']'));
    assert.equal(split.closed, false);
  });
});

describe('the callers read the same arguments', () => {
  it("the scanner's call arguments (positions and keywords)", () => {
    const text = `{{ m(${ARGS}) }}`;
    const call = scanJinja(text).calls.find((c) => c.name === 'm');
    assert.deepEqual(call?.args.map((a) => (a.keyword ? `${a.keyword}=` : '') + text.slice(a.start, a.end)), PARTS);
    assert.deepEqual(call?.args.filter((a) => a.literal).map((a) => a.value), ['x, y', 'it"s, here', "it's, here"]);
  });

  it("template-names' macro parameters", () => {
    const text = `{% macro m(a, b=f(1, 2), c='x, y', d="it\\"s, e", f={'k': [1, 2]}, g="p" ~ ", h") %}{% endmacro %}`;
    assert.deepEqual(signaturesIn(text).get('m')?.params, ['a', 'b', 'c', 'd', 'f', 'g']);
    assert.deepEqual([...boundNames(scanJinja(text))].sort(), ['a', 'b', 'c', 'd', 'f', 'g', 'm']);
  });

  it("a call block's caller parameters, read to the `)` that closes them", () => {
    const names = boundNames(scanJinja(`{% call(x=f(1), y, z='a, b') show(1) %}{{ x }}{% endcall %}`));
    assert.deepEqual([...names].sort(), ['x', 'y', 'z']);
  });

  it("an import list and a with block's names", () => {
    assert.deepEqual([...boundNames(scanJinja(`{% from 'm.sql' import a, b as c with context %}`))].sort(), ['a', 'c']);
    assert.deepEqual([...boundNames(scanJinja(`{% with p = f(1, 2), q = 'x, y' %}{% endwith %}`))].sort(), ['p', 'q']);
  });
});
