// A NUMBER given to a string function: Snowflake coerces it to VARCHAR (https://docs.snowflake.com/en/sql-reference/data-type-conversion,
// "Implicit casting (coercion)": `17 || '76'` is '1776'); DuckDB refuses to bind the call. museum_dw's
// `LPAD(month_num, 2, '0')` was refused by name. The refused call's text arguments are now converted as `::VARCHAR`
// converts them (NUMBER(p, s) with its s places) and the statement run again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';
import { castingNumberArguments } from '../../client/src/warehouse/snowflake-on-duckdb/number-text-arguments';

const session = memorySession(async (s) => {
  await s.execute(`create table tt (i int, d number(10,2), f float, dt date, v varchar); insert into tt values (7, -0.5, 2.5, '2024-01-02', ' x ')`);
});

test('LPAD, TRIM, UPPER, LEFT, REPLACE, LENGTH, SUBSTR and SPLIT_PART of a NUMBER read its text', async () => {
  const s = session();
  assert.deepEqual(
    await firstRow(s, "select lpad(i, 2, '0'), rpad(d, 7, '*'), trim(i), upper(d), left(d, 2), replace(i, '7', 'x'), length(d), substr(d, 2), split_part(d, '.', 2) from tt"),
    ['07', '-0.50**', '7', '-0.50', '-0', 'x', 5, '0.50', '50'],
  );
  // Several calls, an aggregate's result, the text argument beside it left as it is.
  assert.deepEqual(await firstRow(s, "select lpad(max(i), 3, '0') || '-' || lpad(i + 1, 3, '0'), trim(v), lpad(v, 4, '0') from tt group by i, v"), ['007-008', 'x', '0 x ']);
  assert.deepEqual((await s.execute("select lpad(month(dt), 2, '0') m from tt")).columns.map((c) => c.type), ['VARCHAR']);
});

test("a FLOAT or a DATE given to a string function stays refused by name (Snowflake's text of them is not DuckDB's cast)", async () => {
  const s = session();
  await assertRefused(s, "select lpad(f, 5, '0') from tt", /^LPAD\/RPAD with arguments \(FLOAT, NUMBER\)/, 1, 8);
  await assertRefused(s, 'select trim(f) from tt', /^TRIM with arguments \(FLOAT\) is not supported/, 1, 8);
  await assertRefused(s, 'select trim(dt) from tt', /^TRIM with arguments \(DATE\)/, 1, 8);
});

test('the refused call is converted where DuckDB locates it, else each call it could be; text as written is left alone', () => {
  const sql = "select lpad(a, 2, '0'), lpad(b, 2, '0') from t";
  const at = sql.indexOf('lpad(b');
  const message = "No function matches the given name and argument types 'lpad(INTEGER, INTEGER_LITERAL, STRING_LITERAL)'";
  assert.deepEqual(castingNumberArguments(sql, message, at), [
    { at: at + 5, text: 'bz_varchar_cast(' },
    { at: at + 6, text: ')' },
  ]);
  // Not located (a refusal inside a Bronze macro's body): each call of it.
  assert.equal(castingNumberArguments(sql, message, undefined)?.length, 4);
  assert.equal(castingNumberArguments("select lpad(bz_varchar_cast(a), 2, '0') from t", message, undefined), undefined);
  assert.equal(castingNumberArguments(sql, "No function matches the given name and argument types 'lpad(DOUBLE, INTEGER_LITERAL, STRING_LITERAL)'", at), undefined);
  assert.equal(castingNumberArguments(sql, "No function matches the given name and argument types 'date_trunc(INTEGER, DATE)'", at), undefined);
});
