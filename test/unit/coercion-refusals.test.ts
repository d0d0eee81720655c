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

test('a VARCHAR compared with a TIMESTAMP or a NUMBER is refused by name at the operator, naming the cast', () => {
  const source = 'select * from c where s > ts';
  const u = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot compare values of type VARCHAR and type TIMESTAMP - an explicit cast is required', position: 24 },
    source,
    (o) => o,
  );
  assert.equal(u?.construct, 'A VARCHAR compared with a TIMESTAMP_NTZ (Snowflake converts the string to TIMESTAMP_NTZ: cast it, e.g. s::TIMESTAMP_NTZ)');
  assert.equal(u?.offset, 24);
  const n = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot compare values of type DECIMAL(10,2) and type VARCHAR - an explicit cast is required', position: 3 },
    'n < s',
    (o) => o,
  );
  assert.equal(n?.construct, 'A NUMBER compared with a VARCHAR (Snowflake converts the string to NUMBER: cast it, e.g. s::NUMBER)');
  // flipside_algorand's silver__nft_atomic_swaps: `app_id IN ('…', '…')` over a NUMBER column (a raw Binder error before).
  const listed = "select * from c where n in ('1', '2')";
  const inList = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot compare values of type DECIMAL(38,0) and VARCHAR in IN/ANY/ALL clause - an explicit cast is required', position: listed.indexOf(' in ') + 1 },
    listed,
    (o) => o,
  );
  assert.equal(inList?.construct, '[NOT] IN comparing a NUMBER with VARCHAR values (Snowflake converts the string to NUMBER: cast it, e.g. s::NUMBER)');
  assert.equal(inList?.offset, listed.indexOf(' in ') + 1);
});

test('BETWEEN and GREATEST mixing VARCHAR with a number are refused by name', () => {
  const between = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot mix values of type VARCHAR and INTEGER_LITERAL in BETWEEN clause - an explicit cast is required', position: 9 },
    'select s between 1 and 2 from c',
    (o) => o,
  );
  assert.match(between?.construct ?? '', /^BETWEEN mixing VARCHAR and NUMBER values \(Snowflake converts the string to NUMBER/);
  const greatest = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot combine types of VARCHAR and DECIMAL(10,2) - an explicit cast is required', position: 19 },
    'select greatest(s, n) from c',
    (o) => o,
  );
  // The first argument decides (docs.snowflake.com/en/sql-reference/functions/greatest): a string first makes every
  // other argument text, so the message must not say the string becomes a NUMBER.
  assert.equal(
    greatest?.construct,
    "GREATEST/LEAST (or another function) mixing VARCHAR and NUMBER values (Snowflake converts every argument to the first one's type, VARCHAR: cast the others, e.g. x::VARCHAR)",
  );
  const numberFirst = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Cannot combine types of DECIMAL(10,2) and VARCHAR - an explicit cast is required', position: 19 },
    'select greatest(n, s) from c',
    (o) => o,
  );
  assert.match(numberFirst?.construct ?? '', /converts every argument to the first one's type, NUMBER: cast the others, e\.g\. x::NUMBER\)$/);
});

test('a call DuckDB cannot choose an overload for is refused by name; one of a translator macro is left alone', () => {
  const source = 'select dayofweek(null)';
  const message = (f: string): string =>
    `Could not choose a best candidate function for the function call "${f}(STRING_LITERAL, "NULL")". In order to select one, please add explicit type casts.`;
  const u = unsupportedFromDuckDbError({ type: 'Binder', message: message('datepart') }, source, (o) => o);
  assert.equal(u?.construct, 'DATEPART with arguments (VARCHAR, NULL) without a cast (cast the argument to the type the function takes)');
  assert.equal(unsupportedFromDuckDbError({ type: 'Binder', message: message('bz_dateadd') }, source, (o) => o), undefined);
});

test('a date function of a value of another type is refused by name, the type upper-cased', () => {
  const u = unsupportedFromDuckDbError(
    { type: 'Binder', message: 'Could not find key "date_trunc:varchar" in struct' },
    "select date_trunc('month', max(s)) from c",
    (o) => o,
  );
  assert.equal(u?.construct, 'DATE_TRUNC on a value of type VARCHAR');
  assert.equal(u?.offset, 7);
});

test('LIKE of a DATE is refused by name at the LIKE, not with DuckDB\'s ~~ overload list', () => {
  const source = "select * from t where d like '2024-%'";
  const u = unsupportedFromDuckDbError(
    { type: 'Binder', message: "No function matches the given name and argument types '~~(DATE, STRING_LITERAL)'. You might need to add explicit type casts." },
    source,
    (o) => o,
  );
  assert.equal(u?.construct, 'LIKE on a DATE value (Snowflake matches its text: cast it, e.g. d::VARCHAR)');
  assert.equal(u?.offset, source.indexOf('like'));
  const not = unsupportedFromDuckDbError({ type: 'Binder', message: "No function matches the given name and argument types '!~~*(TIMESTAMP, VARCHAR)'" }, 'x not ilike y', (o) => o);
  assert.match(not?.construct ?? '', /^NOT ILIKE on a TIMESTAMP_NTZ value/);
});
