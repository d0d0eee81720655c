import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translateSnowflakeSql } from '../../client/src/warehouse/snowflake-on-duckdb';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

/** Runs one Snowflake SELECT and returns the first row's values in column order. */
const row = (sql: string): Promise<unknown[]> => firstRow(session(), sql);
const ts = (iso: string): Date => new Date(iso + 'Z');

const cases: [string, string, unknown[]][] = [
  ['DATEDIFF with a bare part', "select datediff(day, '2024-01-01'::date, '2024-01-03'::date)", [2]],
  ['DATEDIFF with abbreviations', "select datediff(dd, '2024-01-01', '2024-01-03'), datediff(hh, '2024-01-01 00:00', '2024-01-01 05:00'), datediff(mi, '2024-01-01 00:00', '2024-01-01 00:07')", [2, 5, 7]],
  ['DATEDIFF with quoted, month, year, week and second parts', "select datediff('month', '2024-01-31'::date, '2024-03-01'::date), datediff(year, '2023-12-31'::date, '2024-01-01'::date), datediff(week, '2024-01-01'::date, '2024-01-15'::date), datediff(second, '2024-01-01 00:00:00'::timestamp, '2024-01-01 00:01:30'::timestamp)", [2, 1, 2, 90]],
  ['TIMESTAMPDIFF', "select timestampdiff(minute, '2024-01-01 10:00'::timestamp, '2024-01-01 12:30'::timestamp)", [150]],
  // DuckDB returns a timestamp at midnight where Snowflake keeps a DATE (see shims.ts for why).
  ['DATEADD on a DATE', "select dateadd(day, 2, '2024-01-01'::date), dateadd(month, 1, '2024-01-31'::date), dateadd(year, -1, '2024-02-29'::date), dateadd(week, 1, '2024-01-01'::date)", ['2024-01-03', '2024-02-29', '2023-02-28', '2024-01-08']],
  // The bronze models' incremental filter: the argument's type is only known after binding the aggregate.
  ['DATEADD over an aggregate inside NVL', "select dateadd(day, -1, nvl(max(t), '1900-01-01'::timestamp_ntz)) from (select '2024-01-05 10:00'::timestamp_ntz t)", [ts('2024-01-04T10:00:00')]],
  ['DATEADD with time parts gives a timestamp', "select dateadd(hour, 3, '2024-01-01'::date), dateadd('minute', 90, '2024-01-01 10:00'::timestamp_ntz), dateadd(second, 5, '2024-01-01 00:00:00')", [ts('2024-01-01T03:00:00'), ts('2024-01-01T11:30:00'), ts('2024-01-01T00:00:05')]],
  ['TIMEADD and TIMESTAMPADD', "select timeadd(hour, 1, '2024-01-01 10:00'::timestamp), timestampadd(dd, -1, '2024-01-01'::date)", [ts('2024-01-01T11:00:00'), '2023-12-31']],
  ['DATE_TRUNC with a bare part', "select date_trunc(month, '2024-03-17 10:00'::timestamp)", [ts('2024-03-01T00:00:00')]],
  ['IFF', "select iff(1>0,'a','b'), iff(null, 1, 2)", ['a', 2]],
  ['NVL and NVL2', 'select nvl(null, 3), nvl(1, 3), nvl2(null, 1, 2), nvl2(0, 1, 2)', [3, 1, 2, 1]],
  ['ZEROIFNULL and NULLIFZERO', 'select zeroifnull(null), zeroifnull(5), nullifzero(0), nullifzero(4)', [0, 5, null, 4]],
  ['EQUAL_NULL', 'select equal_null(null, null), equal_null(1, null), equal_null(2, 2)', [true, false, true]],
  ['TRY_CAST to Snowflake types', "select try_cast('12.345' as number(10,2)), try_cast('x' as number), try_cast('2024-01-02 03:04:05' as timestamp_ntz)", [12.35, null, ts('2024-01-02T03:04:05')]],
  ['TRY_TO_NUMBER / TRY_TO_DECIMAL', "select try_to_number('12.7'), try_to_number('abc'), try_to_decimal('1.239', 10, 2), try_to_number('5.5', 10, 1)", [13, null, 1.24, 5.5]],
  ['TO_NUMBER', "select to_number('42'), to_number('3.14159', 10, 3)", [42, 3.142]],
  ['TRY_TO_TIMESTAMP(_NTZ)', "select try_to_timestamp('2024-01-02 03:04:05'), try_to_timestamp_ntz('garbage'), try_to_timestamp('02/01/2024', 'DD/MM/YYYY')", [ts('2024-01-02T03:04:05'), null, ts('2024-01-02T00:00:00')]],
  ['TO_TIMESTAMP(_NTZ) from text, epoch seconds and milliseconds', "select to_timestamp('2024-01-02 03:04:05'), to_timestamp_ntz(1700000000), to_timestamp('1700000000000'), to_timestamp_ntz('2024-01-02T03:04:05.250')", [ts('2024-01-02T03:04:05'), ts('2023-11-14T22:13:20'), ts('2023-11-14T22:13:20'), ts('2024-01-02T03:04:05.250')]],
  ['TRY_TO_DATE and TO_DATE', "select try_to_date('2024-02-30'), try_to_date('2024-02-03'), to_date('2024-03-04'), to_date('04.03.2024', 'DD.MM.YYYY'), to_date('2024-03-04 10:11:12'::timestamp)", [null, '2024-02-03', '2024-03-04', '2024-03-04', '2024-03-04']],
  ['TRY_TO_BOOLEAN', "select try_to_boolean('true'), try_to_boolean('no'), try_to_boolean('maybe')", [true, false, null]],
  ['TO_VARCHAR / TO_CHAR with and without a format', "select to_varchar(12.5), to_char('2024-01-02 03:04:05'::timestamp, 'YYYY-MM-DD HH24:MI:SS'), to_varchar('2024-01-02'::date, 'YYYYMMDD'), to_char('2024-07-09'::date, 'DD-MON-YYYY')", ['12.5', '2024-01-02 03:04:05', '20240102', '09-Jul-2024']],
  ['casts to NUMBER(p,s) and bare NUMBER', "select '12.345'::number(10,2), '7.6'::number, typeof('1'::number)", [12.35, 8, 'INTEGER']],
  // TIMESTAMP_TZ: timestamp-tz.test.ts.
  ['casts to TIMESTAMP_NTZ/LTZ', "select typeof('2024-01-01'::timestamp_ntz), typeof('2024-01-01 00:00:00+00'::timestamp_ltz(9))", ['TIMESTAMP_NTZ', 'TIMESTAMP_LTZ']],
  ['casts to VARCHAR(n), STRING, TEXT', "select 123::varchar(5), 'abc'::string, typeof(1::text)", ['123', 'abc', 'VARCHAR']],
  ['casts to VARIANT, OBJECT, ARRAY', `select typeof(1::variant), '{"a":1}'::object, '[1,2]'::array, 'x'::variant`, ['INTEGER', { a: 1 }, [1, 2], 'x']],
  ['casts to FLOAT and DOUBLE (Snowflake FLOAT is double precision)', "select typeof(1::float), 0.1::float = 0.1::double, typeof(cast(1 as float8))", ['DOUBLE', true, 'DOUBLE']],
  ['CURRENT_TIMESTAMP(), SYSDATE(), GETDATE()', 'select current_timestamp() is not null, typeof(sysdate()), getdate() is not null, current_date() is not null', [true, 'TIMESTAMP_NTZ', true, true]],
  ['A VARIANT number with a fraction casts to VARCHAR without trailing zeros', "select parse_json('5.000')::varchar, parse_json('-1.50')::varchar, parse_json('10')::varchar, parse_json('\"5.00\"')::varchar", ['5', '-1.5', '10', '5.00']],
  ['UUID_STRING()', "select length(uuid_string()), uuid_string() like '________-____-____-____-____________'", [36, true]],
  ['REGEXP_LIKE matches the whole string', "select regexp_like('abc', 'a.c'), regexp_like('abcd', 'a.c'), regexp_like('ABC', 'abc', 'i')", [true, false, true]],
  ['OBJECT_CONSTRUCT', "select object_construct('a', 1, 'b', 'x'), object_construct()", [{ a: 1, b: 'x' }, {}]],
  ['PARSE_JSON', `select parse_json('{"k":[1,2]}'), try_parse_json('not json')`, [{ k: [1, 2] }, null]],
  ['DIV0 and CONVERT_TIMEZONE', "select div0(1, 0), div0(6, 3), convert_timezone('UTC', '2024-01-01 10:00:00+02'::timestamptz)::timestamp_ntz", [0, 2, ts('2024-01-01T08:00:00')]],
  ['SELECT TOP n and LIMIT forms', 'select (select count(*) from (select top 2 * from range(10))), (select count(*) from (select * from range(10) limit 3 offset 8)), (select count(*) from (select * from range(10) fetch first 4 rows only))', [2, 2, 4]],
];

for (const [name, sql, expected] of cases) {
  test(`translate + run: ${name}`, async () => {
    assert.deepEqual(await row(sql), expected);
  });
}

test('translation output is stable under a second pass', () => {
  for (const [, sql] of cases) {
    const once = translateSnowflakeSql(sql);
    assert.equal(translateSnowflakeSql(once), once, sql);
  }
});

test('plain DuckDB SQL passes through unchanged', () => {
  const duck = [
    "select date_diff('day', a, b), x::integer, y::decimal(10,2), now() from t",
    'create temp table foo as select 1 as a',
    // DuckDB's struct_pack (`{'k': 1}` is Snowflake's OBJECT constant, sfduck-object-constants.test.ts).
    "select strftime(ts, '%Y'), coalesce(a, b), list_value(1, 2), struct_pack(k := 1) from t where a is not distinct from b",
    'insert into s.t (a, b) select a, b from s.u; drop table if exists s.u cascade',
    "merge into t using s on (s.id = t.id) when matched then update set v = s.v when not matched then insert values (s.id, s.v)",
  ];
  for (const sql of duck) assert.equal(translateSnowflakeSql(sql), sql);
});

test('statement rewrites: transient, copy grants, cluster by, temporary on qualified names, rename', () => {
  assert.equal(
    translateSnowflakeSql('create or replace transient table db.s.t copy grants as (select 1)'),
    'create or replace table db.s.t as (select 1)',
  );
  assert.equal(
    translateSnowflakeSql('create or replace temporary view db.s.t__dbt_tmp as (select 1)'),
    'create or replace view db.s.t__dbt_tmp as (select 1)',
  );
  assert.equal(
    translateSnowflakeSql('create or replace table db.s.t (id number(38,0), ts timestamp_ntz(9)) cluster by (id)'),
    'create or replace table db.s.t (id DECIMAL(38,0), ts TIMESTAMP) ',
  );
  assert.equal(translateSnowflakeSql('alter table db.s.t cluster by (id)'), "SELECT 'Statement executed successfully.' AS status");
  // flipside_axelar's post_hook on silver__transactions.
  assert.equal(translateSnowflakeSql('ALTER TABLE db.s.t ADD SEARCH OPTIMIZATION'), "SELECT 'Statement executed successfully.' AS status");
  assert.equal(translateSnowflakeSql('alter table db.s.t drop search optimization on equality(col)'), "SELECT 'Statement executed successfully.' AS status");
  assert.equal(translateSnowflakeSql('alter table db.s.t rename to db.s.u'), 'alter table db.s.t rename to u');
  assert.equal(translateSnowflakeSql("alter session set query_tag = 'x'"), "SELECT 'Statement executed successfully.' AS status");
  // museum_dw's post-hooks: access control, which the twin does not model (DuckDB has no GRANT).
  assert.equal(translateSnowflakeSql('GRANT SELECT ON db.s.t TO ROLE POWERBI_ROLE'), "SELECT 'Statement executed successfully.' AS status");
  assert.equal(translateSnowflakeSql('revoke select on view v from role r'), "SELECT 'Statement executed successfully.' AS status");
});

test('names that are keywords only in DuckDB (semi, anti, positional, …) work as Snowflake names', async () => {
  assert.equal(translateSnowflakeSql('select semi.a from s.semi join anti on true'), 'select "semi".a from s."semi" join "anti" on true');
  await session().execute('create or replace table semi (positional int, v variant)');
  await session().execute("insert into semi select 1, parse_json('[1]')");
  assert.deepEqual(await row('select semi.positional, v[0] from semi'), [1, 1]);
});

test('DATEDIFF reads VARCHAR operands as timestamps, as Snowflake does; dates and times pass through', async () => {
  await session().execute('create or replace table dd_t (d date, tm time, s varchar)');
  await session().execute("insert into dd_t values ('2015-12-31', '10:00:00', '2016-01-01')");
  assert.deepEqual(await row("select datediff(year, d, s), datediff(day, s, '2016-03-01'), datediff(minute, tm, '11:30:00'::time) from dd_t"), [1, 60, 90]);
  assert.deepEqual(await row("select datediff(month, column1, column2) from values ('2016-01-01', '2017-12-31')"), [23]);
});

test('a statement with a 100,000-column group translates (no "Maximum call stack size exceeded")', () => {
  // mattermost's union macro renders every table of two schemas into one 0.7 MB statement; the translator copied a
  // group's pieces with push(...pieces), which passes each piece as an argument.
  const columns = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(', ');
  const out = translateSnowflakeSql(`select * from (select ${columns} from t)`);
  assert.ok(out.endsWith('c99999 from t)'));
});

test('a WITH list defining one name twice is refused by name at the second definition; a nested WITH may shadow', async () => {
  // mattermost's union macro names each CTE after its table: two schemas with an ACTIVITY table gave DuckDB's
  // "Duplicate CTE name". `a` and `A` are one name on Snowflake.
  await assert.rejects(
    session().execute('with a as (select 1 as x),\n  b as (select 2 as x), A as (select 3 as x) select * from a'),
    (e: unknown) => e instanceof Error && /^A WITH clause defining the CTE A twice .* is not supported on the DuckDB target \(line 2, column 25\)/.test(e.message),
  );
  assert.deepEqual(await row('with a as (select 1 as x) select * from (with a as (select 2 as x) select x from a)'), [2]);
});

test('a column named AT (a name on Snowflake, a keyword of DuckDB) runs; Time Travel AT/BEFORE is refused by name', async () => {
  await session().execute('create or replace table at_t (id int, at timestamp_ntz)');
  await session().execute("insert into at_t values (1, '2024-01-02 03:04:05')");
  assert.deepEqual(await row('select t.at, at::date as d from at_t t where at is not null'), [new Date('2024-01-02T03:04:05Z'), '2024-01-02']);
  assert.equal(translateSnowflakeSql("select current_timestamp at time zone 'UTC'"), "select current_timestamp at time zone 'UTC'");
  await assert.rejects(session().execute('select *\n  from at_t at(offset => -60)'), (e: unknown) => e instanceof Error && /^Time Travel \(AT\(OFFSET => …\): DuckDB keeps no history of a table\) is not supported on the DuckDB target \(line 2, column 13\)/.test(e.message));
  await assert.rejects(session().execute("select * from at_t before(statement => 'x')"), /Time Travel \(BEFORE\(STATEMENT => …\)/);
});

test('a WITH list repeating a CTE word for word runs once; copies reading a name defined between them stay refused', async () => {
  // mattermost's marketing_funnel defines `marketing_spend` twice alike: whichever copy Snowflake reads, the rows are
  // the same. Layout and the case of words may differ; the alias naming a column after the CTE is not a reference.
  await session().execute('create or replace table dup_cte_src (month int, spend int)');
  await session().execute('insert into dup_cte_src values (1, 10), (2, 20)');
  assert.deepEqual(
    await row(
      'with total as (select month, spend as total from dup_cte_src),\n other as (select 1 as one),\n' +
        '-- repeated\n TOTAL AS (SELECT month,\n   spend AS total FROM dup_cte_src) select count(*), sum(total), max(one) from total, other',
    ),
    [2, 30, 1],
  );
  assert.equal(translateSnowflakeSql('with a as (select 1 as x), A as (select 1 as x) select x from a'), 'with a as (select 1 as x) select x from a');
  // `b` between the copies: the second copy could read it where the first cannot (a forward reference); a copy
  // reading its own name (a table of that name, or the first copy) likewise; and copies that differ.
  for (const [sql, name] of [
    ['with a as (select * from b),\n b as (select 2 as y), a as (select * from b) select * from a', 'A'],
    ['with a as (select * from a), a as (select * from a) select * from a', 'A'],
    ['with a as (select 1 as x), a as (select 2 as x) select * from a', 'A'],
  ]) {
    await assert.rejects(session().execute(sql), (e: unknown) => e instanceof Error && e.message.startsWith(`A WITH clause defining the CTE ${name} twice`));
  }
});

test('a cast right after CASE … END applies to the whole CASE (no "syntax error at or near bz_varchar_cast")', async () => {
  // The operand of `END::varchar` was taken to be the word END alone, so the VARCHAR rendering wrapped END itself.
  assert.deepEqual(
    await row(
      "select case when 1 = 1 then 1 end::varchar, case when true then case when true then 2.50 end end::varchar, " +
        "case 7 when 7 then '5' end::number + 1, case when true then '2024-01-02 03:04:05'::timestamp_ntz end::varchar, " +
        "case when true then 'abc' end like 'a%'",
    ),
    ['1', '2.50', 6, '2024-01-02 03:04:05.000', true],
  );
});

test('an ARRAY constant indexed where it is written is 0-based; an ARRAY constant cast to VARCHAR is its JSON text', async () => {
  // `[1,2][0]` was left to DuckDB, whose lists count from 1: NULL; and a DuckDB list's own text is '[1, 2]'.
  assert.deepEqual(await row("select [1,2][0], ['a','b'][1]::varchar, [[1,2],[3]][1][0], [1,2]::varchar, to_varchar(['a', 'b'])"), [1, 'b', 3, '[1,2]', '["a","b"]']);
});

test('DATE_FROM_PARTS (and DATEFROMPARTS) run through bz_date_from_parts', () => {
  assert.equal(translateSnowflakeSql('select date_from_parts(y, m, 1) from t'), 'select bz_date_from_parts(y, m, 1) from t');
  assert.equal(translateSnowflakeSql('select DATEFROMPARTS(2010, 1 + 24, 1)'), 'select bz_date_from_parts(2010, 1 + 24, 1)');
});
