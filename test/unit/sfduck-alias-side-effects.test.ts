// A select alias whose expression DuckDB counts as a side effect (the translation checks VARIANT and text conversions
// while running, with error()) read in a later select item, WHERE or QUALIFY: DuckDB refuses the reference, Snowflake
// reads the alias. Bronze inlines the expression (lateral-alias.ts) and gets Snowflake's rows; where the expression
// cannot be repeated (a random function) the reference is refused by name, at the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, firstRow, memorySession } from './helpers/memory-duckdb';
import { inlineSideEffectAlias } from '../../server/src/core/sql/snowflake-on-duckdb/lateral-alias';
import { applyGroupByEdit } from '../../server/src/core/sql/snowflake-on-duckdb/group-by-alias';

const MESSAGE = 'Alias "a" referenced - but the expression has side effects. This is not yet supported.';
const session = memorySession(async (s) => {
  await s.execute(
    `create table t as select parse_json('{"date": "2024-01-02 03:04:05", "id": 1}') as v union all ` +
      `select parse_json('{"date": "2024-01-02 03:04:05", "id": 1}') union all select parse_json('{"date": "2024-01-03 00:00:00", "id": 1}')`,
  );
});

test('QUALIFY over the alias of a VARIANT timestamp conversion runs, de-duplicating as on Snowflake', async () => {
  const inner = 'select v:id::int as id, v:date::datetime as purchase_timestamp from t\nqualify row_number() over (partition by id, purchase_timestamp order by id) = 1';
  assert.deepEqual((await firstRow(session(), `select count(*) as n, count(distinct purchase_timestamp) as d from (${inner})`)).map(Number), [2, 2]);
});

test('a later select item and WHERE read the alias of a checked conversion', async () => {
  const [b] = await firstRow(session(), "select dateadd(day, 1, a) as b from (select to_timestamp_ntz('2020-01-01') as a, a as c from (select 1) where a < '2021-01-01')");
  assert.match(String(b instanceof Date ? b.toISOString() : b), /^2020-01-02/);
});

test('an alias over a random function is refused by name at the reference (its value would differ per evaluation)', async () => {
  await assertRefused(session(), 'select random() as a,\n  a as b', /^A reference .* to the select alias A whose expression cannot be evaluated twice/, 2, 3);
});

test('the inlining edit: references in later items, WHERE and QUALIFY of the defining block only', () => {
  const sql = 'select chk(x) as a, a + 1 as b, (select a from u) as c from t where a > 0 qualify row_number() over (partition by a) = 1 order by a';
  const edit = inlineSideEffectAlias(sql, MESSAGE);
  assert.ok(edit);
  assert.equal(
    applyGroupByEdit(sql, edit),
    'select chk(x) as a, (chk(x)) + 1 as b, (select a from u) as c from t where (chk(x)) > 0 qualify row_number() over (partition by (chk(x))) = 1 order by a',
  );
  // Two blocks define the alias, the expression reads a column of the alias's name, a random function: no edit.
  assert.equal(inlineSideEffectAlias('select chk(x) as a, a from t union all select chk(y) as a, a from u', MESSAGE), undefined);
  assert.equal(inlineSideEffectAlias('select chk(a) as a, a + 1 from t', MESSAGE), undefined);
  assert.equal(inlineSideEffectAlias('select random() as a, a + 1 from t', MESSAGE), undefined);
  assert.equal(inlineSideEffectAlias('select 1', 'another error'), undefined);
});

test('an alias two CTEs define is inlined block by block when they read only CTEs without such a column (axelar silver__staking)', async () => {
  const sql =
    "with m as (select 'k' as key, 'v' as val, 1 as g), a as (select g, object_agg(key, val::variant) as j, j:k::string as x from m group by g), " +
    "b as (select g, object_agg(key, val::variant) as j, j:k::string as y from m group by g) select a.x, b.y from a join b on a.g = b.g";
  assert.deepEqual(await firstRow(session(), sql), ['v', 'v']);
  // Inside CREATE TABLE … AS (…), as a model's materialization runs it: the CTEs stand one level down.
  await session().execute(`create table staking as (${sql})`);
  assert.deepEqual(await firstRow(session(), 'select * from staking'), ['v', 'v']);
  // A block reading a table (whose columns the layer cannot see) or a CTE that has a column of the alias's name: no edit.
  const msg = 'Alias "j" referenced - but the expression has side effects. This is not yet supported.';
  assert.equal(inlineSideEffectAlias('with a as (select chk(x) as j, j + 1 as y from t), b as (select chk(x) as j, j + 2 as z from m) select * from a, b', msg), undefined);
  assert.equal(inlineSideEffectAlias('with m as (select 1 as j), a as (select chk(x) as j, j + 1 as y from m), b as (select chk(x) as j, j + 2 as z from m) select * from a, b', msg), undefined);
  const edit = inlineSideEffectAlias('with m as (select 1 as x), a as (select chk(x) as j, j + 1 as y from m), b as (select chk(x) as j, j + 2 as z from m) select * from a, b', msg);
  assert.ok(edit);
  assert.match(applyGroupByEdit('with m as (select 1 as x), a as (select chk(x) as j, j + 1 as y from m), b as (select chk(x) as j, j + 2 as z from m) select * from a, b', edit), /\(chk\(x\)\) \+ 1 as y from m\), b as \(select chk\(x\) as j, j \+ 2/);
});

test("an alias over a subquery read in a later item runs with the subquery repeated (gn_dw's warn_fmm_reason_unmapped_f_rows)", async () => {
  // DuckDB refuses it ("… but the expression has a subquery"); Snowflake reads the alias, one value per row.
  const sql =
    'with fmm as (select 1 as r union all select 0 union all select 0 union all select 0) ' +
    'select count(*) as unmapped, (select count(*) from fmm) as total, unmapped * 100.0 / nullif(total, 0) as pct from fmm where r = 0 having pct > 5.0';
  assert.deepEqual((await firstRow(session(), sql)).map(Number), [3, 4, 75]);
  // A subquery that may choose its rows per evaluation is refused by name at the reference.
  await assertRefused(session(), 'select (select r from (select 1 as r union all select 2) limit 1) as a,\n  a as b', /^A reference .* to the select alias A whose expression cannot be evaluated twice/, 2, 3);
  const message = 'Alias "a" referenced in a SELECT clause - but the expression has a subquery. This is not yet supported.';
  assert.equal(inlineSideEffectAlias('select (select x from u sample (10)) as a, a + 1 from t', message), undefined);
});
