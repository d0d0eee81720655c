// What the text cannot show: a VARCHAR that DuckDB would convert to VARIANT by itself (by parsing it as JSON) in a
// COALESCE, CASE or comparison makes the VARIANT side VARCHAR instead (Snowflake's conversion table), in a UNION it is
// refused by name where it is written, before the statement runs; the conversions the statement writes (::VARIANT,
// PARSE_JSON, TYPEOF of text) still run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstRow, assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute(`create table tj (s varchar, j variant); insert into tj select '123', parse_json('{"a": 1}')`);
});

const refused = (sql: string, what: RegExp, line: number, column: number): Promise<void> => assertRefused(session(), sql, what, line, column);

test('a UNION/INTERSECT/EXCEPT column VARCHAR in one branch and VARIANT in another is VARCHAR: the VARIANT branch converted as ::VARCHAR converts it', async () => {
  const s = session();
  const rows = async (sql: string): Promise<unknown[][]> => (await s.execute(sql)).rows.map((r) => Object.values(r));
  assert.deepEqual(await rows('select s from tj\nunion all\nselect j from tj order by 1'), [['123'], ['{"a":1}']]);
  assert.deepEqual(await rows("select j:a from tj union all select s from tj union all select j from tj order by 1"), [['1'], ['123'], ['{"a":1}']]);
  // `SELECT *` branches give the VARIANT no place in the text: `* REPLACE` converts it (mattermost's license_overview).
  const star = await s.execute('with a as (select 1 n, s from tj), b as (select 2 n, j s from tj)\nselect * from a union all select * from b order by n');
  assert.deepEqual(star.rows.map((r) => r.S), ['123', '{"a":1}']);
  assert.deepEqual(star.columns.map((c) => c.type), ['INTEGER', 'VARCHAR']);
  assert.deepEqual(await rows('with x as (select j from tj except select s from tj) select * from x'), [['{"a":1}']]);
  await s.execute('create or replace view vj as\nselect j from tj union select s from tj');
  assert.deepEqual(await rows('select * from vj order by 1'), [['123'], ['{"a":1}']]);
});

test('COALESCE, CASE and IFF of a VARCHAR column and a VARIANT column, and their comparison, are VARCHAR: the VARIANT as ::VARCHAR gives it', async () => {
  // Snowflake's conversion table coerces VARIANT to VARCHAR, never VARCHAR to VARIANT (DuckDB would parse the text).
  const r = await session().execute(`select coalesce(j, s) c, case when s > 'a' then s else j end k, iff(true, j, s) i, coalesce(j:a, s) p, (select count(*) from tj where j = s) e from tj`);
  assert.deepEqual(r.rows[0], { C: '{"a":1}', K: '{"a":1}', I: '{"a":1}', P: '1', E: 0 });
  assert.deepEqual(r.columns.slice(0, 4).map((c) => c.type), ['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR']);
  // A join condition (no location for its comparison; DuckDB may swap its sides): mattermost's licenses,
  // `ON l.id = s.metadata:"cws-license-id"`, where DuckDB parsed 'ID-0000001' as JSON and failed.
  const m = "(select parse_json('{\"id\": \"123\"}') m union all select parse_json('{\"id\": \"ID-1\"}'))";
  assert.deepEqual(await firstRow(session(), `select (select count(*) from tj a join ${m} b on a.s = b.m:id), (select count(*) from tj a join ${m} b on b.m:id = a.s)`), [1, 1]);
  // mattermost's licenses: `WHERE COALESCE(c.metadata:"id"::VARCHAR, c.metadata:"cws-customer") NOT IN (SELECT
  // customerid …)` compares the COALESCE with text only once it is converted: the statement is checked again.
  const l = "(select parse_json('{\"cws-customer\": \"ID-1\"}') metadata union all select parse_json('{\"id\": \"123\"}'))";
  assert.deepEqual(await firstRow(session(), `select count(*) from ${l} c where coalesce(c.metadata:"id"::varchar, c.metadata:"cws-customer") not in (select s from tj group by 1)`), [1]);
  // A VARIANT beside a number keeps its type (NUMBER is coercible to VARIANT).
  const n = await session().execute('select coalesce(j:a, 5) n from tj');
  assert.equal(n.columns[0].type, 'JSON');
});
test('a DATE, TIMESTAMP or FLOAT DuckDB would make a VARIANT beside one, in a UNION, COALESCE or CASE, is refused by name', async () => {
  await refused('select current_date() as c from tj\nunion all select j from tj', /^A UNION\/INTERSECT\/EXCEPT column \(C\) that is DATE in one branch and VARIANT in another \(Snowflake does not convert a DATE to VARIANT implicitly/, 1, 8);
  await refused('with a as (select 1.5::float f from tj), b as (select j from tj)\nselect * from a union all select * from b', /^A UNION\/INTERSECT\/EXCEPT column \(F\) that is FLOAT in one branch and VARIANT in another \(Snowflake's VARIANT keeps the FLOAT type/, 1, 1);
  await refused("with a as (select '2024-01-02 03:04:05'::timestamp_ntz t from tj), b as (select j from tj)\nselect * from a union all select * from b", /column \(T\) that is TIMESTAMP_NTZ in one branch/, 1, 1);
  await refused('select coalesce(j, current_date()) from tj', /^COALESCE\/NVL\/IFNULL\/CASE\/IFF of a DATE and a VARIANT/, 1, 20);
  await refused('select iff(true, j, 1.5::float) from tj', /^COALESCE\/NVL\/IFNULL\/CASE\/IFF of a FLOAT and a VARIANT/, 1, 24);
  // A NUMBER or BOOLEAN is coercible to VARIANT (the table), held as TO_VARIANT holds it.
  assert.deepEqual(
    await firstRow(session(), 'with a as (select 7 i, true b from tj), b as (select j:a, j:a from tj)\nselect typeof(i), typeof(b) from (select * from a union all select * from b) limit 1'),
    ['INTEGER', 'BOOLEAN'],
  );
});

// A `SELECT DISTINCT *` branch's projection refers to the DISTINCT's columns by position; the VARIANT branch may name
// the column otherwise (REPLACE goes by each name the branches give it).
test('a VARCHAR beside a VARIANT under SELECT DISTINCT *, named otherwise, is converted; where no conversion can be placed it is refused by name', async () => {
  const r = await session().execute('with a as (select 1 n, s from tj), b as (select 2 n, j from tj)\nselect * from b union all select distinct * from a order by n');
  assert.deepEqual(r.rows.map((x) => x.J), ['123', '{"a":1}']);
  await refused('with a as (select s from tj), b as (select 1 n, j from tj)\nselect * from a union all select * exclude (n) from b', /^A UNION\/INTERSECT\/EXCEPT column \(S\) that is VARCHAR in one branch and VARIANT/, 1, 1);
});

test('written conversions still run: ::VARIANT, TO_VARIANT, PARSE_JSON, TYPEOF and TO_VARCHAR of text, a UNION of two VARIANTs', async () => {
  assert.deepEqual(
    await firstRow(session(), 'select typeof(coalesce(j, s::variant)), typeof(coalesce(to_variant(s), j)), typeof(parse_json(s)), typeof(s), to_varchar(s) from tj'),
    ['OBJECT', 'VARCHAR', 'INTEGER', 'VARCHAR', '123'],
  );
  assert.deepEqual(await firstRow(session(), 'select typeof(v) from (select s::variant v from tj union all select j from tj) order by 1 desc'), ['VARCHAR']);
});

test('inside a cast to VARCHAR or VARCHAR(n) (planned with the text shims stood in for) the VARCHAR is still found where it is written', async () => {
  assert.deepEqual(await firstRow(session(), 'select cast(coalesce(j, s) as varchar(20)), coalesce(s, j)::varchar, cast(s as varchar) from tj'), ['{"a":1}', '123', '123']);
  assert.deepEqual(
    (await session().execute("select cast(s as varchar) || '-' || cast(j as varchar) a from tj\nunion all select j from tj order by 1")).rows.map((r) => r.A),
    ['123-{"a":1}', '{"a":1}'],
  );
  assert.deepEqual(await firstRow(session(), "select cast(j as varchar(20)), cast(s as varchar) || 'x' from tj"), ['{"a":1}', '123x']);
});

// flipside_algorand's silver__nft_fifa_collect_secondary: `LATERAL FLATTEN (PARSE_JSON(A.data) :data) b … WHERE
// b.value :type = 'purchase' QUALIFY (ROW_NUMBER() OVER (PARTITION BY …, purchase_timestamp …) = 1)`. PARSE_JSON of a
// column is bz_parse_json, whose own CAST … AS JSON (placed in the macro's text, past the statement) was taken for a
// CASE mixing VARCHAR and VARIANT; and once the QUALIFY's alias was inlined the check did not run again, so DuckDB's
// raw "Malformed JSON … Input: "purchase"" reached the user.
test("PARSE_JSON of a column is not refused for its own cast; a VARIANT compared with text, found only after an alias is inlined, compares as VARCHAR", async () => {
  const s = session();
  await s.execute(`create or replace table fifa (id int, data varchar, loaded timestamp_ntz); insert into fifa values (1, '{"data": [{"type": "purchase", "date": "2022-11-01"}, {"type": "sale"}]}', '2022-11-02')`);
  const r = await s.execute('select b.value :type :: string t from fifa a, lateral flatten (parse_json(a.data) :data) b order by 1');
  assert.deepEqual(r.rows.map((x) => x.T), ['purchase', 'sale']);
  const q = await s.execute(
    "select id, b.value :date :: datetime as purchase_timestamp\nfrom fifa a, lateral flatten (parse_json(a.data) :data) b\nwhere b.value :type = 'purchase' qualify (row_number() over (partition by id, purchase_timestamp order by loaded desc) = 1)",
  );
  assert.deepEqual(q.rows.map((x) => x.ID), [1]);
});

// DuckDB's own choices between text and another type, which Snowflake's pages answer otherwise or leave unsaid: a
// UNION branch's number, date or boolean made VARCHAR ('5' UNION ALL -1 was a VARCHAR column, silently), a string
// literal made a CASE/IFF/DECODE result's number, a text first argument of GREATEST/LEAST made the others' type.
const mixed = memorySession(async (s) => {
  await s.execute(`create table tm (v varchar, i int, d date, b boolean); insert into tm values ('5', 7, '2024-01-02', true)`);
});
const refusedMix = (sql: string, what: RegExp, line: number, column: number): Promise<void> => assertRefused(mixed(), sql, what, line, column);

test('a UNION/INTERSECT/EXCEPT column that is VARCHAR in one branch and a date or boolean in another is refused where DuckDB converts', async () => {
  await refusedMix('select d from tm except select v from tm', /and DATE in another/, 1, 8);
  await refusedMix('select b from tm union select v from tm', /and BOOLEAN in another/, 1, 8);
  // DuckDB's instant is the twin's TIMESTAMP_LTZ: the message names Snowflake's type, not TIMESTAMP_TZ (a different type).
  await refusedMix('select d::timestamp_ltz from tm union select v from tm', /and TIMESTAMP_LTZ in another/, 1, 9);
  // A branch's written cast to another type is not a cast to text: DuckDB's own cast to VARCHAR shares its `::`.
  await refusedMix('select d::timestamp_ntz from tm union all select v from tm', /and TIMESTAMP_NTZ in another/, 1, 9);
  await refusedMix('select v from tm union all select cast(d as timestamp) from tm', /and TIMESTAMP_NTZ in another/, 1, 35);
  await refusedMix('select v from tm union all select (d)::timestamp from tm', /and TIMESTAMP_NTZ in another/, 1, 38);
  // A `SELECT *` branch gives the cast no place in the text: the column is named (mattermost's grp_performance_events).
  await refusedMix('with a as (select i, v from tm), b as (select i, d as v from tm)\nselect * from a union all select * from b', /^A UNION\/INTERSECT\/EXCEPT column \(V\) that is VARCHAR in one branch and DATE in another/, 1, 1);
});

// Beside a NUMBER the text converts to NUMBER, as the set operators page's example shows (set-number-columns.ts).
test('a UNION/INTERSECT/EXCEPT column that is VARCHAR in one branch and NUMBER in another is a NUMBER, however its branches are written', async () => {
  const s = mixed();
  const values = async (sql: string): Promise<unknown[]> => (await s.execute(sql)).rows.map((r) => Number(Object.values(r)[0]));
  assert.deepEqual(await values("select '5' x union all select -1 order by 1"), [-1, 5]);
  assert.deepEqual(await values('select v from tm\nunion all select i from tm order by 1'), [5, 7]);
  assert.deepEqual(await values('select v from (select v from tm union all select max(i) from tm) order by 1'), [5, 7]);
  assert.deepEqual(await values('select v from tm union all select try_to_number(v) from tm'), [5, 5]);
  assert.deepEqual(await values('with a as (select i, v from tm), b as (select i, i as v from tm)\nselect v from (select * from a union all select * from b) order by 1'), [5, 7]);
});

test('a UNION whose branches the statement converts itself, or pads with NULL, still runs', async () => {
  const s = mixed();
  assert.deepEqual(await firstRow(s, 'select count(*) from (select i::varchar x from tm union all select v from tm union all select null)'), [3]);
  assert.deepEqual(await firstRow(s, "select count(*) from (select to_varchar(i) from tm union all select cast(d as string) from tm union all select to_char(d, 'YYYY') from tm)"), [3]);
  assert.deepEqual(await firstRow(s, "select typeof(x) from (select 1 x union all select 2.5) limit 1"), ['DECIMAL']);
});

// mattermost's fct_trial_request_history: `select * from <ephemeral> union select * from …`, the ephemeral model's
// `null as server_id` beside a VARCHAR column. DuckDB materializes the ephemeral CTE (its WITH holds CTEs of its own)
// with the NULL cast to INTEGER, which the check read as a NUMBER branch; on Snowflake the NULL takes the VARCHAR.
test('a UNION branch whose column is a bare NULL, through CTEs DuckDB materializes, takes the other branch\'s type', async () => {
  const s = mixed();
  const ephemeral = 'with __dbt__cte__trials as (\nwith t as (select v from tm)\nselect v as id, null as server_id from t\n)';
  const union = `${ephemeral}, all_trials as (select * from __dbt__cte__trials union select v, v from tm)`;
  const r = await s.execute(`${union}\nselect server_id from all_trials order by 1`);
  assert.deepEqual([r.columns.map((c) => c.type), r.rows.map((x) => x.SERVER_ID)], [['VARCHAR'], ['5', null]]);
  // Read twice (as the model's aggregates and its final select do), and through a filter.
  assert.deepEqual(
    await firstRow(s, `${union}, agg as (select id, count(*) n from all_trials group by all)\nselect count(*) from all_trials a left join agg on a.id = agg.id where a.server_id is null or a.server_id = '5'`),
    [2],
  );
  // A NULL the statement casts to a number is a NUMBER branch still: the other branch's text converts to it.
  const n = await s.execute(`with e as (\nwith t as (select v from tm)\nselect null::number as server_id from t\n)\nselect * from e union select v from tm order by 1`);
  assert.deepEqual([n.columns.map((c) => c.type), n.rows.map((x) => (x.SERVER_ID === null ? null : Number(x.SERVER_ID)))], [['DECIMAL(38,0)'], [5, null]]);
});

// mattermost's dates: `CASE WHEN … THEN '1' ELSE week_of_year_temp END`. Snowflake converts the string to the other
// results' number; the literal's value in their type, when it holds every digit the literal writes.
test('a string literal that is a number beside numbers in CASE/IFF/DECODE results is that number, in their type', async () => {
  const s = mixed();
  assert.deepEqual(
    await firstRow(s, "select case when i > 0 then '5' else 1 end, iff(i > 0, '-12', i), decode(i, 7, '3', 1), case when i > 0 then '2.50' else 1.25 end, typeof(iff(i > 0, '5', 1.5)) from tm"),
    [5, -12, 3, 2.5, 'DECIMAL'],
  );
  assert.deepEqual(await firstRow(s, "select iff(i > 0, '0.5', 1::float), nvl2(v, '4', i) from tm"), [0.5, 4]);
});

test('a string literal beside a number that is no number, or has digits the type cannot hold, is refused by name; a string compared with a number still converts', async () => {
  await refusedMix("select decode(i, 7, 'a', 1) from tm", /^CASE\/IFF\/DECODE returning a string literal beside a NUMBER that is not a number/, 1, 21);
  await refusedMix("select iff(i > 0, '', i) from tm", /that is not a number .*Numeric value/, 1, 19);
  await refusedMix("select iff(i > 0, ' 5', i) from tm", /that is not a number/, 1, 19);
  await refusedMix("select case when i > 0 then '1.5' else i end from tm", /whose digits the other results' type cannot hold/, 1, 29);
  await refusedMix("select iff(i > 0, '12345678901', i) from tm", /whose digits the other results' type cannot hold/, 1, 19);
  await refusedMix("select iff(i > 0, 'x', d) from tm", /^CASE\/IFF\/DECODE returning a string literal beside a DATE \(Snowflake documents no result type/, 1, 19);
  // mattermost's arr_transactions: `CASE WHEN b IS NULL THEN 'No' ELSE b END`, the hint naming the BOOLEAN cast.
  await refusedMix("select case when b is null then 'No' else b end from tm", /^CASE\/IFF\/DECODE returning a string literal beside a BOOLEAN \(.*'no'::BOOLEAN, or the other value to VARCHAR\)/, 1, 33);
  assert.deepEqual(await firstRow(mixed(), "select case when i > '0' then 1 else 2 end, case i when '7' then 'x' else v end from tm"), [1, 'x']);
  // TRUE/FALSE and typed literals are planned as casts of text, which the statement does not write.
  assert.deepEqual(
    await firstRow(mixed(), "select case when i > 0 then true else false end, iff(i > 0, false, b), cast(case when i > 0 then date '2024-01-01' else d end as varchar) from tm"),
    [true, false, '2024-01-01'],
  );
});

test('GREATEST/LEAST whose first argument is a text column and another of another type is refused; a DATE first converts the text', async () => {
  await refusedMix('select greatest(v, i) from tm', /^GREATEST/, 1, 20);
  await refusedMix('select least(v, d) from tm', /^GREATEST\/LEAST .*VARCHAR and DATE/, 1, 17);
  assert.deepEqual(await firstRow(mixed(), "select least(d, '2024-01-01')::varchar from tm"), ['2024-01-01']);
  // A text literal first: the others are converted to text and compared as text, as the pages document.
  assert.deepEqual(await firstRow(mixed(), "select greatest('10', 9), least('2024-01-01', d), greatest('10', i) from tm"), ['9', '2024-01-01', '7']);
});

test("a view's TRUE/FALSE is no string literal of the statement that reads the view, wherever its quotes fall", async () => {
  // willibald_datavault's PITs read control_snap_v1 (`CASE … THEN TRUE ELSE FALSE END`): the view's constants carry
  // locations in the view's own text, and a quote of the PIT's SQL at that offset made them a "string literal".
  const s = session();
  await s.execute('create or replace view vb as select case when s is not null then true else false end as b from tj');
  const quotes = Array.from({ length: 20 }, () => "'a'").join(',');
  for (const pad of ['', ' ', '  ', '   ']) {
    const r = await s.execute(`select${pad} ${quotes}, b from vb`);
    assert.equal(r.rows[0].B, true);
  }
  // The statement's own string beside a BOOLEAN is still refused.
  await refused("select case when s is null then 'yes' else false end from tj", /^CASE\/IFF\/DECODE returning a string literal beside a BOOLEAN/, 1, 33);
});

test("a PARSE_JSON/TRY_PARSE_JSON alias read by a path later in the same select list is PARSE_JSON's own cast, not a coercion", async () => {
  // low6's stg_core_user_service__users: `try_parse_json(profile) as profile_json, profile_json:firstName::string`.
  // DuckDB binds the alias as a copy of its expression located at the reference, where the text shows no call.
  const row = await firstRow(session(), `select try_parse_json(s) as pj, pj::number as n, parse_json('{"b": "x"}') as q, q:b::string as b, try_parse_json(j:a) as r, r:c is null as c from tj`);
  assert.deepEqual(row.slice(1, 2).concat(row.slice(3, 4), row.slice(5)), [123, 'x', true]);
});
