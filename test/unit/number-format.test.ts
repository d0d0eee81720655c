// TO_CHAR number format models (number-format.ts): which formats are number formats, which refuse, and the text
// DuckDB gives for them through the translator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileNumberFormat } from '../../server/src/core/sql/snowflake-on-duckdb/number-format';
import { memorySession } from './helpers/memory-duckdb';

test('date formats are not number formats; unsupported number elements are named', () => {
  for (const f of ['YYYY-MM-DD', 'D', 'MI', 'HH24:MI:SS.FF9', 'DD', 'MON']) assert.equal(compileNumberFormat(f), undefined, f);
  assert.equal(compileNumberFormat('FMTME'), 'FM or B with TME');
  assert.equal(typeof compileNumberFormat('"a"9"b"9'), 'string');
  assert.equal(typeof compileNumberFormat('9,999.99'), 'object');
});

const session = memorySession();

test('number formats render as Snowflake documents (sign slot, floating $, separators, overflow, hex)', async () => {
  const r = await session().execute(
    "SELECT TO_CHAR(1234.5, '9,999.99') a, TO_CHAR(-0.5, '90.9') b, TO_CHAR(12345, '$999') c, TO_CHAR(255, 'XX') d, " +
      "TO_CHAR(-1, 'XX') e, TO_CHAR(7, 'FM000') f, TO_CHAR(5, '9MI') g, TO_CHAR(NULL::NUMBER, '99') h",
  );
  // '9,999.99': the fraction's trailing zero in a 9 position prints as a blank (sql-format-models: "trailing zeros in
  // the fractional part are replaced with spaces"; 0 in place of 9 keeps it).
  assert.deepEqual(r.rows[0], { A: ' 1,234.5 ', B: ' -0.5', C: ' $###', D: 'FF', E: 'FF', F: '007', G: '5 ', H: null });
});

test('TME prints the significant digits in scientific form; a FLOAT is refused, not rendered with other digits', async () => {
  const r = await session().execute(
    "SELECT TO_CHAR(123, 'TME') a, TO_CHAR(-100::NUMBER(10,2), 'TME') b, TO_CHAR(0.000123, 'TME') c, TO_CHAR(0.00, 'TME') d, TO_CHAR(NULL::NUMBER, 'TME') e",
  );
  assert.deepEqual(r.rows[0], { A: '1.23E2', B: '-1E2', C: '1.23E-4', D: '0E0', E: null });
  await assert.rejects(session().execute("SELECT TO_CHAR(1.5::FLOAT, 'TME')"), /TME format is not supported on the DuckDB target/);
});

test('TO_CHAR of a date prints D, MO and H12 without a leading zero, only as whole elements', async () => {
  const r = await session().execute(
    "SELECT TO_CHAR('2024-03-07 15:04:05'::TIMESTAMP_NTZ, 'D/MO H12') a, TO_CHAR('2024-03-07'::DATE, 'YYYY-MM-DD') b",
  );
  assert.deepEqual(r.rows[0], { A: '7/3 3', B: '2024-03-07' });
  await assert.rejects(session().execute("SELECT TO_DATE('7', 'D')"), /TO_DATE format element 'D' is not supported/);
});

test('TO_NUMBER with a format reads what the model has room for, NULL (TRY_) or an error otherwise', async () => {
  const r = await session().execute(
    "SELECT TO_NUMBER('1,234.5', '9,999.9', 10, 1) a, TRY_TO_NUMBER('12345', '999') b, TO_NUMBER('ff', 'XX') c, " +
      "TRY_TO_NUMBER('fff', 'XX') d, TO_NUMBER('7-', '9S') e, TRY_TO_NUMBER('$5', '99|$9') f",
  );
  assert.deepEqual(
    r.columns.map((c) => String(r.rows[0][c.name])),
    ['1234.5', 'null', '255', 'null', '-7', '5'],
  );
  await assert.rejects(session().execute("SELECT TO_NUMBER('12.345', '99.9')"), /Can't parse/);
});

// https://docs.snowflake.com/en/sql-reference/sql-format-models: "Fixed-position numeric formats", "Printing numbers
// using fixed-position formats and the fill mode modifier" and the page's output examples.
test('fill mode blanks trailing fraction zeros in 9 positions; FM removes every blank the number prints', async () => {
  const r = await session().execute(
    "SELECT TO_CHAR(5, 'FM999990.00') a, TO_CHAR(-0.5, 'FM999990.00') b, TO_CHAR(0, 'FM999990.00') c, " +
      "TO_CHAR(12.5::FLOAT, 'FM999990.00') d, TO_CHAR(1.2::FLOAT, '999,999.999') e, TO_CHAR(1.2::FLOAT, 'FM999,999.999') f, " +
      "TO_CHAR(-123456.789::FLOAT, 'FM999,999.999') g, TO_CHAR(1234567, 'FM999990.00') h, TO_CHAR(-7, 'FM99MI') i, " +
      "TO_CHAR(0.5, 'FMB9.99') j, TO_CHAR(1.25, '9.099') k, TO_CHAR(1, '9.099') l",
  );
  assert.deepEqual(r.rows[0], {
    A: '5.00', B: '-0.50', C: '0.00', D: '12.50', E: '       1.2  ', F: '1.2', G: '-123,456.789', H: '######.##', I: '7-', J: '.5', K: ' 1.25 ', L: ' 1.0  ',
  });
});

test('literals, lowercase hex, and a FLOAT that is infinite, NaN or past the digit positions as overflow', async () => {
  const r = await session().execute(
    "SELECT TO_CHAR(12, '\">\"99\"<\"') a, TO_CHAR(12, '(99)') b, TO_CHAR(255, 'xx') c, TO_CHAR(10, '0x') d, " +
      "TO_CHAR('inf'::FLOAT, '99.9') e, TO_CHAR('nan'::FLOAT, 'FM99.9') f, TO_CHAR(12, '99_') g, TO_CHAR(12, '\"a\"\"b\"99') h, " +
      "TO_CHAR(1e40::FLOAT, '999.99') i, TO_CHAR('nan'::FLOAT, 'XX') j, TO_CHAR('-inf'::FLOAT, 'XX') k",
  );
  assert.deepEqual(r.rows[0], { A: '> 12<', B: '( 12)', C: 'ff', D: '0a', E: ' ##.#', F: '##.#', G: ' 12', H: 'a"b 12', I: ' ###.##', J: '##', K: '##' });
});

test('what the page leaves open is refused by name', () => {
  assert.equal(compileNumberFormat('099'), 'a 9 after a 0 in the integer part');
  assert.equal(compileNumberFormat('9.90'), 'a 0 after a 9 in the fraction');
  assert.equal(compileNumberFormat('99FM.99'), 'FM between number elements');
  assert.equal(compileNumberFormat('99B'), 'B after the digits');
  assert.equal(compileNumberFormat('Xx'), undefined);
  assert.equal(compileNumberFormat('TM9%'), '% (percentage)');
  assert.equal(typeof compileNumberFormat('FM99.99'), 'object');
  assert.equal(typeof compileNumberFormat('FMFM99'), 'object');
});

// https://docs.snowflake.com/en/sql-reference/sql-format-models: "Parsing numbers using fixed-position formats and
// the modifiers" (lax mode) and the page's input examples.
test('TO_NUMBER with a format: 0 elements need their digits, separators keep the group widths, the sign its place', async () => {
  const r = await session().execute(
    "SELECT TO_NUMBER('012,345.67', '000,000.00', 8, 2) a, TRY_TO_NUMBER('12,345.67', '000,000.00', 8, 2) b, " +
      "TRY_TO_NUMBER('1,2345', '99,999') c, TO_NUMBER('12345', '99,999') d, TRY_TO_NUMBER('.5', '9.9', 2, 1) e, " +
      "TRY_TO_NUMBER('102-', '999') f, TO_NUMBER('102-', '999MI') g, TRY_TO_NUMBER('5', '$9') h, TO_NUMBER('12.', '99.99', 4, 2) i, " +
      "TRY_TO_NUMBER('12.5', '99.00', 4, 2) j, TO_NUMBER('- 5', '9') k",
  );
  assert.deepEqual(
    r.columns.map((c) => String(r.rows[0][c.name])),
    ['12345.67', 'null', 'null', '12345', 'null', 'null', '-102', 'null', '12', 'null', '-5'],
  );
});
