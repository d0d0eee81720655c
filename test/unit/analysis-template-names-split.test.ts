// template-names' Jinja comma splitter reads a string as the tag splitter does (tags.ts skipString): a backslash
// escapes the quote, so `'it\'s, c'` is one default value and binds no name `c`.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { signaturesIn } from '../../server/src/analysis/template-names';

it('a macro parameter default holding an escaped quote and a comma is one parameter', () => {
  const text = "{% macro m(a, b='it\\'s, c', d=[1, 2], e) %}{{ a }}{% endmacro %}";
  assert.deepEqual(signaturesIn(text).get('m')?.params, ['a', 'b', 'd', 'e']);
});
