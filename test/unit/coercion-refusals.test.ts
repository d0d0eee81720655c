// CASE / IFF and COALESCE / NVL mixing a VARCHAR column with a number: Snowflake converts the VARCHAR, DuckDB's binder
// refuses the mix. The refusal names the construct and points at it, never DuckDB's raw Binder error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unsupportedFromDuckDbError } from '../../server/src/core/sql/snowflake-on-duckdb/duckdb-errors';

test('a CASE mixing VARCHAR and NUMBER branches is refused by name at the CASE', () => {
  const source = 'select case when i > 1 then s else n end from c';
  const u = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot mix values of type DECIMAL(10,2) and VARCHAR in CASE expression - an explicit cast is required', position: 7 },
    source,
    (o) => o,
  );
  assert.equal(u?.construct, "CASE (or IFF, DECODE) mixing NUMBER and VARCHAR values (Snowflake converts one to the other's type: cast it, e.g. s::NUMBER)");
  assert.equal(u?.offset, 7);
});

test('a COALESCE/NVL mixing VARCHAR and NUMBER is refused by name at the call DuckDB gives no position for', () => {
  const source = 'select i, nvl(s, i) from c';
  const u = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot mix values of type VARCHAR and INTEGER in COALESCE operator - an explicit cast is required' },
    source,
    (o) => o,
  );
  assert.match(u?.construct ?? '', /^COALESCE \(or NVL, IFNULL\) mixing VARCHAR and NUMBER values/);
  assert.equal(u?.offset, source.indexOf('nvl('));
});
