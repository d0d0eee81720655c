// How much DuckDB has to bind for the casts dbt's macros write: the shims name their argument many times and DuckDB
// binds each copy, so a cast wrapped around other casts multiplied the work (dbt_utils' surrogate key planned for
// minutes on a hundred rows, issue #14). Measured as the size of the bound plan (json_serialize_plan), not as time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, memorySession } from './helpers/memory-duckdb';
import { translateSnowflakeSql } from '../../client/src/warehouse/snowflake-on-duckdb';

const session = memorySession(async (s) => {
  await s.execute(`create table keyed as select '2024-01-01 10:00:00'::timestamp_ntz as ts, 5 as n, 'a' as s, '2024-02-15'::date as d`);
});

/** dbt_utils.surrogate_key(['ts', 'n', 's']) as it renders (cast of a concatenation of casts). */
const SURROGATE_KEY =
  `md5(cast(coalesce(cast(ts as varchar), '') || '-' || coalesce(cast(n as varchar), '') || '-' || ` +
  `coalesce(cast(s as varchar), '') as varchar))`;

/** The size of DuckDB's bound, unoptimized plan of `select <expression> from keyed`, translated. */
async function planSize(expression: string): Promise<number> {
  const sql = translateSnowflakeSql(`select ${expression} from keyed`).replace(/'/g, "''");
  const reader = await session().connection.runAndReadAll(`select length(json_serialize_plan('${sql}', skip_null := true, skip_empty := true))`);
  return Number(reader.getRows()[0][0]);
}

test("a surrogate key's outer cast is left to CAST: the concatenation is text already", () => {
  const translated = translateSnowflakeSql(`select ${SURROGATE_KEY} as k from keyed`);
  assert.equal(translated.match(/bz_varchar_cast\(/g)?.length, 3, translated);
  assert.match(translated, /md5\(cast\(coalesce/i);
  assert.equal(translateSnowflakeSql('select (a || b)::varchar from t'), 'select (a || b)::varchar from t');
  // Only a concatenation at the top: a function of one still renders its value.
  assert.match(translateSnowflakeSql('select cast(f(a || b) as varchar) from t'), /bz_varchar_cast\(f\(a \|\| b\)\)/);
});

test('the surrogate key hashes the text Snowflake renders for each column', async () => {
  const [key] = await firstRow(session(), `select ${SURROGATE_KEY} as k from keyed`);
  const [expected] = await firstRow(session(), `select md5('2024-01-01 10:00:00.000-5-a') as m`);
  assert.equal(key, expected);
});

test("a surrogate key's bound plan is about its column casts' own, not a multiple of them", async () => {
  const casts = await planSize('cast(ts as varchar), cast(n as varchar), cast(s as varchar)');
  const key = await planSize(SURROGATE_KEY);
  // Was ~20 times: the outer cast's shim copied the whole concatenation at each place it names its argument.
  assert.ok(key < 1.5 * casts, `surrogate key plan ${key} vs its casts ${casts}`);
});

test('a cast to VARCHAR(n) binds the rendered text once, not once per use in the length check', async () => {
  const plain = await planSize('cast(ts as varchar)');
  const fitted = await planSize('cast(ts as varchar(256))');
  // Was ~3 times: bz_text_fit named its argument (a bz_varchar_cast) in the check, the message and the value.
  assert.ok(fitted < 1.5 * plain, `VARCHAR(256) plan ${fitted} vs VARCHAR ${plain}`);
});

/** mattermost's arr_transactions: the fiscal quarter's end a month after the report month. */
const FISCAL_QUARTER = "dateadd(month, 1, last_day(dateadd(month, 2, date_trunc('quarter', dateadd(month, -1, d)))))";

test('nested date functions give the date Snowflake gives', async () => {
  const r = await session().execute(`select ${FISCAL_QUARTER} as q from keyed`);
  assert.equal(r.columns[0].type, 'DATE');
  assert.equal(String(r.rows[0].Q), '2024-04-30');
});

test('nested date functions bind their argument once: the plan grows with the nesting, not as its power', async () => {
  const one = await planSize('dateadd(month, 1, d)');
  const nested = await planSize(FISCAL_QUARTER);
  // Was ~4,000 times: each dispatching macro copied its argument into one body per type.
  assert.ok(nested < 8 * one, `nested plan ${nested} vs one DATEADD ${one}`);
});

test('a column goes straight to the date function, which DuckDB folds; an expression through the bind-once lambda', async () => {
  // The lambda is not folded by DuckDB's optimizer: per row it cost ~5x on two million rows, so columns skip it.
  const direct = translateSnowflakeSql('select dateadd(day, 3, k.ts), date_trunc(month, ts), add_months(ts, 2) from keyed k');
  assert.equal(direct.match(/bz_(dateadd|date_trunc|add_months)__once\(/g)?.length, 3, direct);
  const nested = translateSnowflakeSql('select dateadd(day, 3, (ts)), date_trunc(month, dateadd(day, 1, ts)) from keyed');
  assert.match(nested, /bz_dateadd\(/);
  assert.match(nested, /bz_date_trunc\(/);
  // Both give Snowflake's value and type.
  const r = await session().execute(`select dateadd(day, 3, ts) as a, dateadd(day, 3, (ts)) as b, add_months(d, 2) as c, add_months((d), 2) as e from keyed`);
  assert.deepEqual([String(r.rows[0].A), r.columns[0].type], [String(r.rows[0].B), r.columns[1].type]);
  assert.deepEqual([String(r.rows[0].C), r.columns[2].type], [String(r.rows[0].E), r.columns[3].type]);
  assert.equal(r.columns[2].type, 'DATE');
});

/** mattermost's funnel_opportunity: select-list aliases each dividing or multiplying the one before. */
const ALIAS_CHAIN = 'n * n / 7 as x1, x1 * n / 7 as x2, x2 * n / 7 as x3';

test('chained arithmetic aliases bind each operand once: the plan grows with the chain, not as its power', async () => {
  const one = await planSize('n * n / 7 as x1');
  const chain = await planSize(ALIAS_CHAIN);
  // Was exponential: a chain of two did not finish planning in two minutes; bz_prod and bz_quot named each operand
  // in every field and key, and DuckDB binds a copy of the alias's expression for each.
  assert.ok(chain < 8 * one, `chain plan ${chain} vs one step ${one}`);
  const r = await session().execute(`select ${ALIAS_CHAIN}, div0(coalesce(x1, 0), coalesce(null, 12)) as y from keyed`);
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,6)', 'DECIMAL(38,12)', 'DECIMAL(38,12)', 'DECIMAL(38,12)']);
  assert.deepEqual(Object.values(r.rows[0]).map(String), ['3.571429', '2.551020714286', '1.822157653061', '0.297619083333']);
});

test('bound-once arithmetic keeps aggregates, windows and NULL operands', async () => {
  const r = await session().execute(
    `select sum(n) * count(*) / max(n) as a, sum(n) over () / 2 as w, null / n as z, n * null as p, coalesce(null, n) * 1.5 as c from keyed group by n`,
  );
  assert.deepEqual(Object.values(r.rows[0]).map(String), ['1', '2.5', 'null', 'null', '7.5']);
  assert.deepEqual(r.columns.map((c) => c.type), ['DECIMAL(38,6)', 'DECIMAL(38,6)', 'DECIMAL(38,6)', 'INTEGER', 'DECIMAL(12,1)']);
});

test('plain operands go straight to the folded quotient and product; an alias or expression through the lambda', () => {
  // The lambda is not folded by DuckDB's optimizer: a product through it cost ~150x per row on two million rows.
  const direct = translateSnowflakeSql('select k.n * n, n / 7, div0(n, n) from keyed k');
  assert.equal(direct.match(/bz_(prod|quot)__once\(/g)?.length, 3, direct);
  const bound = translateSnowflakeSql('select n * n as x1, x1 / 7 as x2, (n + 1) * n as x3 from keyed');
  assert.match(bound, /bz_prod__once\(n, n\) as x1, bz_quot\(x1, 7, 0\)/);
  assert.match(bound, /bz_prod\(\(n \+ 1\), n\)/);
});

test("COALESCE's number mix binds an aggregate or window argument once, outside the lambda", async () => {
  const r = await session().execute(
    `select coalesce(max(n), 0) as b, coalesce(sum(n) over (), 0) as c from keyed group by n`,
  );
  // max(s) is the text 'a': Snowflake converts it to NUMBER(18,5) and fails; a number stays as it is.
  await assert.rejects(session().execute(`select coalesce(max(s), 0) as a from keyed`), /Numeric value 'a' is not recognized/);
  assert.deepEqual([r.columns[0].type, String(r.rows[0].B), String(r.rows[0].C)], ['INTEGER', '5', '5']);
});

/** datavault4dbt's hash key over columns (its Snowflake hash macro, as willibald_datavault's stages render it). */
const HASH_KEY = (cols: string[]): string =>
  `IFNULL(LOWER(MD5(NULLIF(CAST(REGEXP_REPLACE(REGEXP_REPLACE(CONCAT(` +
  cols.map((c) => `IFNULL((CONCAT('"', REPLACE(REPLACE(TRIM(CAST(${c} AS STRING)), '\\\\', '\\\\\\\\'), '"', '\\"'), '"')), '^^')`).join(`, '||', `) +
  `), '\\n', ''), '\\t', '') AS STRING), '^^'))), '00000000000000000000000000000000')`;

test("a cast to text of REGEXP_REPLACE(…) is the value: datavault4dbt's hash key casts only its columns", async () => {
  const expression = HASH_KEY(['ts', 'n', 's', 'd']);
  const translated = translateSnowflakeSql(`select ${expression} as k from keyed`);
  assert.equal(translated.match(/bz_varchar_cast\(/g)?.length, 4, translated);
  // The hash is over the text Snowflake renders for each column (TIMESTAMP_NTZ with milliseconds).
  const [key] = await firstRow(session(), `select ${expression} as k from keyed`);
  const [expected] = await firstRow(session(), `select lower(md5('"2024-01-01 10:00:00.000"||"5"||"a"||"2024-02-15"')) as m`);
  assert.equal(key, expected);
  // Each column adds about one column's worth to the plan, not a copy of the rest (it was a multiple: minutes).
  const one = await planSize(HASH_KEY(['ts']));
  const four = await planSize(expression);
  assert.ok(four < 6 * one, `${four} vs ${one}`);
  // Other calls still render their value as text (a date's text, a VARIANT's string without quotes).
  assert.match(translateSnowflakeSql('select cast(f(a) as string), trim(v:a)::string from t'), /bz_varchar_cast\(f\(a\)\).*trim\(bz_json_varchar_cast/);
});

/** A birth date in a JSON profile held as text (low6_uksouth's users staging writes it twice, and reads it in 25 CASE branches). */
const DOB = `parse_json('{"dob": "2001-02-03"}'):dob::string`;

test('TO_DATE / TRY_TO_DATE of a JSON path read as text bind it once: the plan is about the path cast, not a multiple', async () => {
  const path = await planSize(DOB);
  for (const fn of ['try_to_date', 'to_date']) {
    const date = await planSize(`${fn}(${DOB})`);
    // Was ~11 times: the date shim named its argument (a text cast with one body per type) in each form it tries.
    assert.ok(date < 2 * path, `${fn} plan ${date} vs its argument ${path}`);
  }
  const r = await session().execute(
    `select try_to_date(${DOB}) as a, to_date(${DOB}) as b, try_to_date(parse_json('{"dob": "x"}'):dob::string) as c, try_to_date(s) as e, to_date('2024-05-10') as f from keyed`,
  );
  assert.deepEqual(Object.values(r.rows[0]).map(String), ['2001-02-03', '2001-02-03', 'null', 'null', '2024-05-10']);
  assert.deepEqual(r.columns.map((c) => c.type), ['DATE', 'DATE', 'DATE', 'DATE', 'DATE']);
  await assert.rejects(session().execute(`select to_date(parse_json('{"dob": "x"}'):dob::string) as a from keyed`), /not recognized|Conversion/i);
});

test('TO_DATE of a column goes straight to its body; of an expression through the bind-once lambda', () => {
  const t = translateSnowflakeSql(`select to_date(s), try_to_date(k.s), try_to_date(v:a::string), to_date(s || '') from keyed k`);
  assert.equal(t.match(/bz_(try_)?to_date__once\(/g)?.length, 2, t);
  assert.match(t, /bz_try_to_date\(bz_json_varchar_cast/);
  assert.match(t, /bz_to_date\(s \|\| ''\)/);
});

test("a path read as text is written with the JSON value's own cast: the plan is a fraction of the one-body-per-type cast", async () => {
  const json = `parse_json('{"a": {"b": 1.50}}')`;
  const path = await planSize(`${json}:a.b::string`);
  const general = await planSize(`${json}:a.b::variant::string`);
  // Was the same cast as any value's (bz_varchar_cast: a body for each type, each binding the path): ~6 times larger.
  assert.ok(path * 3 < general, `path cast plan ${path} vs the general cast ${general}`);
  // Its text is the general cast's for every kind of JSON value (a string without quotes, a number's trailing zeros
  // dropped, JSON null as SQL NULL, an object or array as its JSON, a missing key NULL).
  const values = [`"x y"`, '1.50', '5.000', '-2', 'true', 'null', '{"k": [1, "two"]}', '[1, 2.50]', '1e300'];
  for (const value of values) {
    const r = await session().execute(
      `select parse_json('{"a": ${value}}'):a::string as p, cast(parse_json('{"a": ${value}}'):a as varchar) as c, parse_json('[{"a": ${value}}]')[0]:a::varchar as b, ` +
        `(parse_json('{"a": ${value}}'):a)::string as g, parse_json('{"a": ${value}}'):missing::string as m from keyed`,
    );
    const row = r.rows[0];
    assert.deepEqual([row.P, row.C, row.B, row.M], [row.G, row.G, row.G, null], value);
    assert.deepEqual(r.columns.map((c) => c.type), ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR'], value);
  }
  const t = translateSnowflakeSql('select v:a::string, cast(v:a as text), v[0]:b::varchar, (v:a)::string, cast(x || v:a as string) from t');
  // The concatenated path converts itself; the parenthesized one keeps the general cast (its operand is not told apart).
  assert.equal(t.match(/bz_json_varchar_cast\(/g)?.length, 4, t);
  assert.equal(t.match(/bz_varchar_cast\(/g)?.length, 1, t);
});
