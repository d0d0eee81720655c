// The DuckDB target's answers to Snowflake SQL beyond the documented cases: refusals are Bronze errors located in
// the text as written, DATE stays DATE through aggregates, and Snowflake's string escapes reach DuckDB's regex.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDbSession, DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { translateSnowflakeSql } from '../../client/src/warehouse/snowflake-on-duckdb';
import { openConformanceWarehouse } from '../conformance/snowflake/run';

let wh: DuckDbWarehouse;
let s: DuckDbSession;
before(async () => {
  wh = await openConformanceWarehouse();
  s = await wh.openSession();
  await s.execute("create table t (d date, v variant); insert into t values ('2024-01-31', parse_json('{\"a\": [1, 2]}')), ('2024-02-10', null)");
});
after(async () => {
  await s.close();
  await wh.close();
});

async function refusal(sql: string): Promise<WarehouseError> {
  try {
    await s.execute(sql);
  } catch (e) {
    assert.ok(e instanceof WarehouseError, String(e));
    return e;
  }
  assert.fail(`ran without an error: ${sql}`);
}

test('a construct the translator refuses is named and located in the statement as written', async () => {
  const e = await refusal("select 1;\nselect f.value\n  from t,\n  lateral flatten(input => t.v, mode => 'other') f");
  assert.match(e.message, /^FLATTEN with MODE => 'OTHER' is not supported on the DuckDB target \(line 4, column 11\)$/);
  assert.equal(e.details.code, 'bronze/unsupported-on-duckdb');
  assert.deepEqual([e.details.line, e.details.column], [4, 11]);
});

test('a Snowflake function DuckDB lacks is named, not reported with DuckDB\'s message', async () => {
  const e = await refusal('select\n  strtok(\'a b c\', \' \', 2)');
  assert.match(e.message, /^Function STRTOK is not supported on the DuckDB target \(line 2, column 3\)$/);
});

test('DATEADD and DATE_TRUNC keep a DATE through MAX, LAG and a typed COALESCE', async () => {
  const r = await s.execute(
    "select dateadd(day, 1, max(d)) a, date_trunc('month', max(d)) b, dateadd(month, 1, coalesce(max(d)::date, '1900-01-01'::date)) c from t",
  );
  assert.deepEqual(r.columns.map((c) => c.type), ['DATE', 'DATE', 'DATE']);
  assert.deepEqual(r.rows[0], { A: '2024-02-11', B: '2024-02-01', C: '2024-03-10' });
  const ts = await s.execute("select dateadd(day, -1, coalesce(max(d), '1900-01-01'::timestamp_ntz)) x from t");
  assert.deepEqual([ts.columns[0].type, (ts.rows[0].X as Date).toISOString()], ['TIMESTAMP', '2024-02-09T00:00:00.000Z']);
  const w = await s.execute('select dateadd(day, 1, lag(d) over (order by d)) x from t order by d');
  assert.deepEqual(w.rows.map((x) => x.X), [null, '2024-02-01']);
});

test('DATEADD, DATE_TRUNC and ADD_MONTHS keep the type of any value DuckDB types only when binding (CASE over an aggregate, a window)', async () => {
  const r = await s.execute(
    "select dateadd(day, 1, case when true then max(d) end) a, date_trunc('month', min(d) + 0) b, add_months(case when true then max(d) end, 1) c, " +
      "date_trunc('week', max(d)::timestamp_ntz) e, dateadd(hour, 1, max(d)) f from t",
  );
  assert.deepEqual(r.columns.map((c) => c.type), ['DATE', 'DATE', 'DATE', 'TIMESTAMP', 'TIMESTAMP']);
  assert.deepEqual(
    [r.rows[0].A, r.rows[0].B, r.rows[0].C, (r.rows[0].E as Date).toISOString(), (r.rows[0].F as Date).toISOString()],
    ['2024-02-11', '2024-01-01', '2024-03-10', '2024-02-05T00:00:00.000Z', '2024-02-10T01:00:00.000Z'],
  );
  const w = await s.execute("select date_trunc('month', case when true then lag(d) over (order by d) end) x from t order by d");
  assert.deepEqual([w.columns[0].type, w.rows.map((x) => x.X)], ['DATE', [null, '2024-01-01']]);
});

test('DATEADD of a value that is no date or timestamp is refused by name, located at the call', async () => {
  const e = await refusal("select dateadd(day, 1, case when true then max(v) end) from t");
  assert.match(e.message, /^DATEADD on a value of type VARIANT is not supported on the DuckDB target \(line 1, column 8\)$/);
});

test("Snowflake string escapes: '\\\\d' is the regex \\d and '\\n' a newline", async () => {
  const r = await s.execute("select regexp_like('a1', '\\\\w\\\\d') m, length('x\\ny') n, regexp_substr('ab12', '\\\\d+') sub");
  assert.deepEqual(r.rows[0], { M: true, N: 3, SUB: '12' });
});

test('paths, element access and casts on VARIANT read like Snowflake (0-based, unquoted strings)', async () => {
  const r = await s.execute("select v:a[1]::int i, v:a[0] j, parse_json('{\"k\":\"x\"}'):k::string k, 'x'::variant w from t where d = '2024-01-31'");
  assert.deepEqual(r.rows[0], { I: 2, J: 1, K: 'x', W: 'x' });
});

test("a TIMESTAMP cast to text reads as Snowflake renders it (…SS.FF3), so surrogate keys over timestamps agree", async () => {
  const r = await s.execute(
    "select cast('2024-01-01 10:00:00'::timestamp as varchar) a, '2024-01-01 10:00:00.5'::timestamp_ntz::string b, to_varchar('2024-01-01 10:00:00'::timestamp) c, d::varchar e, max(d)::varchar f from t group by d order by d limit 1",
  );
  assert.deepEqual(r.rows[0], { A: '2024-01-01 10:00:00.000', B: '2024-01-01 10:00:00.500', C: '2024-01-01 10:00:00.000', E: '2024-01-31', F: '2024-01-31' });
});

test("DuckDB's array constructor and array types (dbt.array_construct on DuckDB) are not element access", () => {
  const sql = 'select array[ 1 , 2 ], array[]::integer[], cast(x as varchar[]), x::varchar[] from t';
  assert.equal(translateSnowflakeSql(sql), sql);
});

test('translation is stable under a second pass for the new rewrites', () => {
  for (const sql of [
    "select date_trunc('month', d::date), datediff(week, a, b), v:a[0]::string, listagg(x, ',') within group (order by x) from t",
    'select cast(ts as varchar), ts::string, to_varchar(ts), max(ts)::text, uuid_string() from t',
    "select regexp_replace('a\\\\b', 'x'), monthname(d), decode(a, 1, 'one', 'other') from values (1, 2) as t(a, d)",
  ]) {
    const once = translateSnowflakeSql(sql);
    assert.equal(translateSnowflakeSql(once), once, sql);
  }
});

test('arithmetic on a VARCHAR expression is a located refusal, not DuckDB\'s overload list', async () => {
  const e = await refusal("select nvl(null, '17') + 0");
  assert.match(e.message, /^Arithmetic \(\+\) on a VARCHAR value without a cast \(cast it first, e\.g\. s::NUMBER\) is not supported on the DuckDB target \(line 1, column 24\)$/);
});

test('COALESCE/NVL of a VARCHAR and a number literal is a NUMBER(18,5); without text the types are left as they were', async () => {
  await s.execute("create table mix (s varchar, n number(10,2), i int, f float); insert into mix values ('2.5', 1.25, 1, 0.5)");
  const r = await s.execute('select coalesce(s, 0) a, nvl(lower(s), 1) b, coalesce(s, i, 0) c, coalesce(n, 0) d, coalesce(i, 0) e from mix');
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(18,5)', 'DECIMAL(18,5)', 'DECIMAL(18,5)', 'DECIMAL(12,2)', 'INTEGER']);
  assert.deepEqual(Object.values(r.rows[0]).map(Number), [2.5, 2.5, 2.5, 1.25, 1]);
  // A mix with a FLOAT (undocumented result) stays refused by name.
  const e = await refusal('select coalesce(s, f, 0) from mix');
  assert.match(e.message, /^COALESCE \(or NVL, IFNULL\) mixing VARCHAR and FLOAT values/);
  const once = translateSnowflakeSql('select coalesce(s, 0) from mix');
  assert.equal(translateSnowflakeSql(once), once);
});

test('text of an aggregate renders as Snowflake does (…SS.FF3), and a second pass leaves the rendering as it is', async () => {
  const r = await s.execute("select max(d)::timestamp_ntz::varchar a, to_varchar(max(d)::timestamp_ntz) b, cast(max(d) as varchar) c from t");
  assert.deepEqual(r.rows[0], { A: '2024-02-10 00:00:00.000', B: '2024-02-10 00:00:00.000', C: '2024-02-10' });
  for (const sql of ['select max(ts)::varchar from t', 'select to_varchar(max(ts)) from t', 'select cast(max(ts) as varchar) from t']) {
    const once = translateSnowflakeSql(sql);
    assert.match(once, /bz_varchar(_cast)?\(max\(ts\)\)/);
    assert.equal(translateSnowflakeSql(once), once);
  }
});
