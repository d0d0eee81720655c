// Snowflake's other spellings of its timestamp variations on the DuckDB target
// (https://docs.snowflake.com/en/sql-reference/data-types-datetime): TIMESTAMPTZ and TIMESTAMP WITH TIME ZONE are
// TIMESTAMP_TZ (a wallclock time with its own offset, not DuckDB's TIMESTAMPTZ instant), TIMESTAMPLTZ and TIMESTAMP
// WITH LOCAL TIME ZONE are TIMESTAMP_LTZ, TIMESTAMPNTZ and TIMESTAMP WITHOUT TIME ZONE are TIMESTAMP_NTZ — in `::`,
// CAST / TRY_CAST, CREATE TABLE, CREATE FUNCTION, contracts and reported type names. The translator spells DuckDB's
// instant type quoted, so a second pass over its output changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession, assertRefused } from './helpers/memory-duckdb';
import { translateWithMap } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { DUCKDB_TIMESTAMPTZ } from '../../server/src/core/sql/snowflake-on-duckdb/duckdb-instant';
import { TIMESTAMP_TZ_STRUCT } from '../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';
import { snowflakeTypeName } from '../../client/src/warehouse/snowflake-type-name';
import { expressionFamily, knownFamily, typeFamily } from '../../server/src/compile/contract';

const session = memorySession();

const TZ_SPELLINGS = ['TIMESTAMP_TZ', 'TIMESTAMPTZ', 'timestamptz', 'TIMESTAMP WITH TIME ZONE', 'timestamp  with\ntime zone'];
const LTZ_SPELLINGS = ['TIMESTAMP_LTZ', 'TIMESTAMPLTZ', 'timestampltz', 'TIMESTAMP WITH LOCAL TIME ZONE', 'Timestamp With Local Time Zone'];
const NTZ_SPELLINGS = ['TIMESTAMP_NTZ', 'TIMESTAMPNTZ', 'TIMESTAMP WITHOUT TIME ZONE', 'datetime'];

const translate = (sql: string, mapping?: 'TIMESTAMP_LTZ'): string => translateWithMap(sql, mapping ? { timestampTypeMapping: mapping } : {}).sql;

async function row(sql: string): Promise<{ values: unknown[]; types: string[] }> {
  const r = await session().execute(sql);
  return { values: r.columns.map((c) => r.rows[0][c.name]), types: r.columns.map((c) => snowflakeTypeName(c.type) ?? c.type) };
}

test('a TIMESTAMPTZ cast keeps the offset written: its DATE is the wallclock date, as for TIMESTAMP_TZ', async () => {
  // The reported bug: DuckDB's TIMESTAMPTZ would read the instant in the session zone (UTC: 2023-12-31).
  for (const t of TZ_SPELLINGS) {
    const r = await row(`select '2024-01-01 02:00:00+05:00'::${t}::DATE as d, '2024-01-01 02:00:00+05:00'::${t} as ts, hour('2024-01-01 02:00:00+05:00'::${t}) as h`);
    assert.deepEqual(r.types.slice(0, 2), ['DATE', 'TIMESTAMP_TZ'], t);
    assert.equal(String(r.values[0]), '2024-01-01', t);
    assert.equal(r.values[1], '2024-01-01 02:00:00.000 +0500', t);
    assert.equal(Number(r.values[2]), 2, t);
  }
});

test('an offset of whole hours (+02) in text read as TIMESTAMP_TZ is kept, as DuckDB reads it for TIMESTAMP_LTZ', async () => {
  const r = await row("select '2024-01-01 10:00:00+02'::timestamptz as a, '2024-01-01 10:00 -05'::timestamp_tz as b, '2024-01-01'::timestamptz::date as c");
  assert.deepEqual(r.values.slice(0, 2), ['2024-01-01 10:00:00.000 +0200', '2024-01-01 10:00:00.000 -0500']);
  assert.equal(String(r.values[2]), '2024-01-01');
  const c = await row("select convert_timezone('UTC', '2024-01-01 10:00:00+02'::timestamptz)::timestamp_ntz as v");
  assert.equal((c.values[0] as Date).toISOString(), '2024-01-01T08:00:00.000Z');
});

test('TIMESTAMP_LTZ spellings are the instant in the session zone; TIMESTAMP_NTZ spellings the wallclock', async () => {
  for (const t of LTZ_SPELLINGS) {
    const r = await row(`select '2024-01-01 02:00:00+05:00'::${t}::DATE as d, '2024-01-01 02:00:00+05:00'::${t} as ts`);
    assert.deepEqual(r.types, ['DATE', 'TIMESTAMP_LTZ'], t);
    assert.equal(String(r.values[0]), '2023-12-31', t);
    assert.equal((r.values[1] as Date).toISOString(), '2023-12-31T21:00:00.000Z', t);
  }
  for (const t of NTZ_SPELLINGS) {
    const r = await row(`select '2024-01-01 02:00:00'::${t} as ts`);
    assert.deepEqual(r.types, ['TIMESTAMP_NTZ'], t);
    assert.equal((r.values[0] as Date).toISOString(), '2024-01-01T02:00:00.000Z', t);
  }
});

test('CREATE TABLE columns of every spelling hold their variation, and report it', async () => {
  const s = session();
  const cols = [...TZ_SPELLINGS, ...LTZ_SPELLINGS, ...NTZ_SPELLINGS];
  await s.execute(`create or replace table syn_t (${cols.map((t, i) => `c${i} ${t}`).join(', ')})`);
  await s.execute(`insert into syn_t values (${cols.map(() => "'2024-01-01 02:00:00+05:00'").join(', ')})`);
  const r = await s.execute('select * from syn_t');
  const want = [...TZ_SPELLINGS.map(() => 'TIMESTAMP_TZ'), ...LTZ_SPELLINGS.map(() => 'TIMESTAMP_LTZ'), ...NTZ_SPELLINGS.map(() => 'TIMESTAMP_NTZ')];
  assert.deepEqual(r.columns.map((c) => snowflakeTypeName(c.type)), want);
  for (let i = 0; i < TZ_SPELLINGS.length; i++) assert.equal(r.rows[0][r.columns[i].name], '2024-01-01 02:00:00.000 +0500', TZ_SPELLINGS[i]);
  const described = await s.execute("select data_type from information_schema.columns where table_name = 'SYN_T' order by ordinal_position");
  assert.deepEqual(described.rows.map((x) => x.DATA_TYPE ?? x.data_type), want);
});

test('TIMESTAMP_TYPE_MAPPING does not read TIMESTAMP WITH TIME ZONE as the TIMESTAMP alias', async () => {
  assert.equal(translate('select x::timestamp with time zone from t', 'TIMESTAMP_LTZ'), 'select bz_to_tz(x) from t');
  assert.equal(translate('select x::timestamp without time zone from t', 'TIMESTAMP_LTZ'), 'select bz_wallclock(x)::TIMESTAMP from t');
});

test('CAST(… AS TIMESTAMP_TZ) by any spelling keeps the offset, as `::` does; read back by wallclock and instant', async () => {
  for (const t of TZ_SPELLINGS) {
    const r = await row(
      `select cast('2024-01-01 02:00:00+05:00' as ${t}) as a, cast(cast('2024-01-01 02:00:00+05:00' as ${t}) as date) as b, ` +
        `hour(cast('2024-01-01 02:00:00+05:00' as ${t})) as c, cast(null as ${t}) as d, ` +
        `cast(cast('2024-01-01 02:00:00+05:00' as ${t}) as timestamp_ltz) as e, cast('2024-01-01' as ${t}(9)) as f`,
    );
    assert.deepEqual(r.types.slice(0, 2), ['TIMESTAMP_TZ', 'DATE'], t);
    assert.deepEqual([r.types[3], r.types[4], r.types[5]], ['TIMESTAMP_TZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ'], t);
    assert.deepEqual([r.values[0], String(r.values[1]), Number(r.values[2]), r.values[3]], ['2024-01-01 02:00:00.000 +0500', '2024-01-01', 2, null], t);
    assert.equal((r.values[4] as Date).toISOString(), '2023-12-31T21:00:00.000Z', t);
    assert.equal(r.values[5], '2024-01-01 00:00:00.000 +0000', t);
  }
  // A contract's pre-flight check casts a typed NULL (dbt's get_empty_schema_sql).
  const n = await row('select cast(null as timestamptz) as x');
  assert.deepEqual(n.types, ['TIMESTAMP_TZ']);
});

test('what the layer has no form for is refused by name: TRY_CAST to TIMESTAMP_TZ, a precision before WITH, a TIMESTAMP_TZ UDF', async () => {
  const s = session();
  await assertRefused(s, "select try_cast('2024-01-01' as TIMESTAMP WITH TIME ZONE)", /^TRY_CAST\(… AS TIMESTAMP_TZ\)/, 1, 33);
  await assertRefused(s, "select try_cast('2024-01-01' as timestamptz)", /^TRY_CAST\(… AS TIMESTAMP_TZ\)/, 1, 33);
  // A precision between TIMESTAMP and WITH is no form Snowflake documents.
  await assertRefused(s, "select '2024-01-01'::timestamp(3) with time zone", /^TIMESTAMP\(n\) WITH TIME ZONE/, 1, 22);
  // A SQL UDF taking or returning a TIMESTAMP_TZ: DuckDB's TIMESTAMPTZ would drop the offset.
  await assertRefused(s, 'create or replace function f_tz(x timestamptz) returns date as $$ x::date $$', /^SQL UDF F_TZ \(a parameter type of X/, 1, 1);
});

test('CAST and TRY_CAST to the TIMESTAMP_LTZ spellings, and a SQL UDF typed with them, run as TIMESTAMP_LTZ', async () => {
  const r = await row("select cast('2024-01-01 02:00:00+05:00' as timestamp with local time zone) as a, try_cast('x' as timestampltz) as b");
  assert.deepEqual(r.types, ['TIMESTAMP_LTZ', 'TIMESTAMP_LTZ']);
  assert.equal((r.values[0] as Date).toISOString(), '2023-12-31T21:00:00.000Z');
  assert.equal(r.values[1], null);
  await session().execute('create or replace function f_ltz(x timestamp with local time zone) returns timestampltz as $$ x $$');
  const f = await row("select f_ltz('2024-01-01 02:00:00+05:00') as v");
  assert.deepEqual(f.types, ['TIMESTAMP_LTZ']);
  assert.equal((f.values[0] as Date).toISOString(), '2023-12-31T21:00:00.000Z');
});

test('the translation of every spelling is stable under a second pass, and spells DuckDB\'s instant type quoted', () => {
  const statements = [
    ...[...TZ_SPELLINGS, ...LTZ_SPELLINGS, ...NTZ_SPELLINGS].map((t) => `select '2024-01-01 02:00:00 +05:00'::${t}, x::${t}::date, hour(x::${t}) from t`),
    `create table t (${[...TZ_SPELLINGS, ...LTZ_SPELLINGS, ...NTZ_SPELLINGS].map((t, i) => `c${i} ${t}`).join(', ')})`,
    'select cast(x as timestampltz), try_cast(x as timestamp with local time zone), to_timestamp_ltz(x), convert_timezone(\'UTC\', x::timestamptz) from t',
    "select cast(x as timestamptz), cast(cast(x as timestamp with time zone) as date), hour(cast(x as timestamptz)), cast(null as timestamptz), cast('2024-01-01 02:00:00+05:00' as timestamptz) from t",
    'create function f(x timestampltz) returns timestamp with local time zone as $$ x $$',
  ];
  for (const sql of statements) {
    const once = translate(sql);
    assert.equal(translate(once), once, sql);
    assert.doesNotMatch(once, /(?<!")TIMESTAMPTZ(?!")/i, once);
  }
  assert.equal(translate('select x::timestampltz from t'), `select bz_instant(x)::${DUCKDB_TIMESTAMPTZ} from t`);
  assert.equal(translate('create table t (a timestamptz)'), `create table t (a ${TIMESTAMP_TZ_STRUCT})`);
  // A name qualified by a dot is no type.
  assert.equal(translate('select t.timestamptz from t'), 'select t.timestamptz from t');
});

test('contracts and reported type names read the Snowflake spellings as their variation', () => {
  for (const t of TZ_SPELLINGS) assert.equal(knownFamily(t), 'TIMESTAMP_TZ', t);
  for (const t of LTZ_SPELLINGS) assert.equal(knownFamily(t), 'TIMESTAMP_LTZ', t);
  for (const t of NTZ_SPELLINGS) assert.equal(knownFamily(t), 'TIMESTAMP_NTZ', t);
  assert.equal(knownFamily('TIMESTAMPTZ(9)'), 'TIMESTAMP_TZ');
  assert.equal(expressionFamily('x::timestamptz'), 'TIMESTAMP_TZ');
  assert.equal(expressionFamily('cast(x as timestamp with time zone)'), 'TIMESTAMP_TZ');
  assert.equal(expressionFamily('x::timestampltz'), 'TIMESTAMP_LTZ');
  // What DuckDB reports for its own instant type stays TIMESTAMP_LTZ (the twin's TIMESTAMP_LTZ).
  assert.equal(typeFamily('TIMESTAMP WITH TIME ZONE'), 'TIMESTAMP_LTZ');
  assert.equal(snowflakeTypeName('TIMESTAMP WITH TIME ZONE'), 'TIMESTAMP_LTZ');
  assert.equal(snowflakeTypeName('TIMESTAMPTZ'), 'TIMESTAMP_TZ');
  assert.equal(snowflakeTypeName('timestampltz'), 'TIMESTAMP_LTZ');
  assert.equal(snowflakeTypeName('TIMESTAMPNTZ'), 'TIMESTAMP_NTZ');
});

test('a column or alias named like a timestamp type keeps its name: Snowflake reserves no type keyword', async () => {
  // https://docs.snowflake.com/en/sql-reference/reserved-keywords ("with the exception of type keywords"). Before,
  // `1 as timestamp_ntz` made a column named TIMESTAMP, `n as timestamp_ltz` one named TIMESTAMPTZ, and
  // `1 as timestamp_tz` / `1 as timestamptz` were refused as a TRY_CAST.
  const s = session();
  await s.execute("create or replace table tn as select '2024-01-01 02:00:00'::timestamp_ntz as ts, 7 as n");
  await s.execute('create or replace table tn2 as select ts as timestampntz, n as timestamp_ltz, n + 1 timestamptz, n + 2 as timestamp_tz, n + 3 as "TS" from tn');
  const r = await s.execute('select timestampntz, timestamp_ltz, tn2.timestamptz as q, timestamp_tz, timestampntz::date as d from tn2');
  assert.deepEqual(r.columns.map((c) => c.name), ['TIMESTAMPNTZ', 'TIMESTAMP_LTZ', 'Q', 'TIMESTAMP_TZ', 'D']);
  const row0 = r.rows[0];
  assert.deepEqual([Number(row0.TIMESTAMP_LTZ), Number(row0.Q), Number(row0.TIMESTAMP_TZ), String(row0.D)], [7, 8, 9, '2024-01-01']);
  for (const sql of ['select 1 as timestamp_ntz', 'select 1 as timestampltz, 2 AS timestamptz', 'select timestamp_tz from t']) {
    assert.equal(translate(sql), sql, sql);
  }
  // The same words where a type is written are still types.
  const cast = translate('select x::timestamptz from t');
  assert.equal(translate('select x::timestamptz as timestamptz from t'), cast.replace(/ from t$/, ' as timestamptz from t'));
  assert.equal(translate('select cast(x as timestamp_ntz) as timestamp_ntz from t'), translate('select cast(x as timestamp_ntz) from t').replace(/ from t$/, ' as timestamp_ntz from t'));
  assert.match(translate('select cast(x as timestamp_ntz) from t'), /as TIMESTAMP\)/);
  assert.equal(translate('select 1 as timestamp', 'TIMESTAMP_LTZ'), 'select 1 as timestamp');
});

test("a name that is a property of every object (constructor, __proto__) is no synonym: it passes through, not a TypeError", () => {
  assert.equal(translate('select cast(a as constructor), b::__proto__ from t'), 'select cast(a as constructor), b::__proto__ from t');
});

test('the synonyms are found by their first letter: no character but T and t lower-cases to a text starting with t', () => {
  // mapTimestampSynonyms passes over every word not starting with T or t before lower-casing it.
  const starts: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    if (String.fromCodePoint(cp).toLowerCase().startsWith('t')) starts.push(cp);
  }
  assert.deepEqual(starts, [0x54, 0x74]);
  assert.equal(translate('select a::TimeStampTZ from t'), translate('select a::TIMESTAMP_TZ from t'));
});
