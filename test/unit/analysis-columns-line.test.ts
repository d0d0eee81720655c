// The rule cache's compact line for a model's inferred columns (server/src/analysis/columns-line.ts): reading a
// line back with the model's text gives exactly the columns that were inferred, whatever their shape.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { inferOutputColumns } from '../../server/src/analysis/columns';
import { decodeColumns, encodeColumns } from '../../server/src/analysis/columns-line';
import { scanJinja } from '../../server/src/template/scan';

const TEXTS = [
  // Plain names, aliases with and without AS, a path, a quoted name (its text has the quotes, its name not).
  'select a, b as bee, c cee, t.d, "Quoted", "Say ""hi""" as q2 from t',
  // Aliased expressions: the expression's offsets come back too.
  "select coalesce(x, 0) as x0, x::int as xi, iff(a > 1, 'y', 'n') as flag from t",
  // A star over a CTE: columns without offsets; then an alias whose case differs from nothing in the text.
  'with u as (select 1 as ID, 2 as "amount") select u.*, 3 as Three from u',
  // Jinja before the select list (offsets in the file's text), and an incomplete result.
  "{{ config(materialized='table') }}\nselect a + 1 from {{ ref('x') }}",
  'select {% for c in cols %}{{ c }},{% endfor %} id, é as ü from t',
  '',
];

describe('compact columns line of the rule cache', () => {
  for (const text of TEXTS) {
    it(`reads back what was inferred: ${JSON.stringify(text.slice(0, 40))}`, () => {
      const inferred = inferOutputColumns(scanJinja(text), () => undefined);
      const line = JSON.parse(JSON.stringify(encodeColumns(inferred, text))) as unknown;
      assert.deepEqual(decodeColumns(line, text), inferred);
    });
  }

  it('stores a plain name as its offsets only, and anything else whole', () => {
    const text = 'select id, "Mixed" from t';
    const inferred = inferOutputColumns(scanJinja(text), () => undefined);
    assert.deepEqual(encodeColumns(inferred, text), [1, [7, 9], { name: 'Mixed', start: 11, end: 18, quoted: true }]);
  });

  it('a line that is not a columns line reads as none', () => {
    for (const line of [undefined, null, {}, { columns: { columns: [], complete: true } }, [], ['x'], [2]]) assert.equal(decodeColumns(line, 'select 1 as a'), undefined);
  });
});
