// Groupings of VARIANT values (variant-grouping.ts): DuckDB keyed a VARIANT by its JSON text, so 1 and 1.0 (equal in
// Snowflake) fell in two groups. PARTITION BY, an aggregate's DISTINCT, GROUP BY, SELECT DISTINCT, UNION, INTERSECT
// and EXCEPT run with each value checked to be the one text of its value (refused by name, located, when not), or are
// refused by name where the check cannot reach the values. A VARIANT holding a TIMESTAMP_TZ cast to text is refused
// (it showed the twin's struct).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { canonicalVariantText, isCanonicalVariantText, variantGroupingPlaces, type VariantGrouping } from '../../client/src/warehouse/snowflake-on-duckdb/variant-grouping';
import { castingOperands, withRefusals } from '../../client/src/warehouse/snowflake-on-duckdb/variant-text-operands';

const session = memorySession(async (s) => {
  await s.execute("CREATE TABLE vk (k NUMBER, v VARIANT); INSERT INTO vk SELECT 1, PARSE_JSON('1'); INSERT INTO vk SELECT 2, PARSE_JSON('{\"b\": 1, \"a\": \"x\"}'); INSERT INTO vk SELECT 3, PARSE_JSON('1')");
  await s.execute("CREATE TABLE vk2 (k NUMBER, v VARIANT); INSERT INTO vk2 SELECT 1, PARSE_JSON('1'); INSERT INTO vk2 SELECT 2, PARSE_JSON('1.0')");
});
const rows = async (sql: string): Promise<unknown[][]> => (await session().execute(sql)).rows.map((r) => Object.values(r).map(Number));

test('canonicalVariantText: one text per value, none for an exponent or text that is no JSON', () => {
  assert.equal(canonicalVariantText('1.0'), '1');
  assert.equal(canonicalVariantText('-0.50'), '-0.5');
  assert.equal(canonicalVariantText('-0'), '0');
  assert.equal(canonicalVariantText('{"b": [1.10, "x"], "a": null}'), '{"a":null,"b":[1.1,"x"]}');
  assert.equal(canonicalVariantText('1e0'), undefined);
  assert.equal(canonicalVariantText('[1.5e0]'), undefined);
  assert.equal(canonicalVariantText('{"a":'), undefined);
  assert.ok(isCanonicalVariantText('{"a":2,"b":[1,true,"\\u00e9"]}') === false);
  assert.ok(isCanonicalVariantText('{"a":2,"b":[1,true,"é"]}'));
  assert.ok(isCanonicalVariantText('12.25'));
  assert.ok(!isCanonicalVariantText('{"b":1,"a":2}'));
});

test('PARTITION BY, an aggregate\'s DISTINCT, GROUP BY, SELECT DISTINCT and the deduplicating set operators of VARIANTs run when each value has its one text', async () => {
  assert.deepEqual(await rows('SELECT k, ROW_NUMBER() OVER (PARTITION BY v ORDER BY k) FROM vk ORDER BY k'), [[1, 1], [2, 1], [3, 2]]);
  assert.deepEqual(await rows('SELECT COUNT(DISTINCT v), COUNT(DISTINCT v, k), COUNT(DISTINCT v:a) FROM vk'), [[2, 3, 1]]);
  assert.deepEqual(await rows('SELECT k, COUNT(DISTINCT v) OVER (PARTITION BY v) FROM vk ORDER BY k'), [[1, 1], [2, 1], [3, 1]]);
  // Another type's PARTITION BY beside a VARIANT's is unchanged by the check.
  assert.deepEqual(await rows('SELECT k, COUNT(*) OVER (PARTITION BY v, k % 2) FROM vk ORDER BY k'), [[1, 2], [2, 1], [3, 2]]);
  // GROUP BY the expression, its position or its alias; the grouped value shown as it is.
  assert.deepEqual(await rows('SELECT COUNT(*) c FROM vk GROUP BY v ORDER BY c'), [[1], [2]]);
  assert.deepEqual(await rows('SELECT v::VARCHAR, COUNT(*) c FROM vk GROUP BY 1 ORDER BY c'), [[NaN, 1], [1, 2]]);
  assert.deepEqual(await rows('SELECT v AS w, k % 2 AS odd, COUNT(*) c FROM vk GROUP BY w, odd ORDER BY c').then((r) => r.map((x) => x.slice(1))), [[0, 1], [1, 2]]);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT DISTINCT v FROM vk)'), [[2]]);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT DISTINCT t.v, t.k % 2 AS odd FROM vk t)'), [[2]]);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT v FROM vk UNION SELECT v FROM vk)'), [[2]]);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM ((SELECT v FROM vk) INTERSECT (SELECT v FROM vk WHERE k = 1))'), [[1]]);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT v FROM vk MINUS SELECT v FROM vk WHERE k = 2)'), [[1]]);
  assert.equal((await rows('SELECT v FROM vk UNION ALL SELECT v FROM vk2')).length, 5);
  // A star: its VARIANT columns checked by REPLACE, named as before.
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT * FROM vk UNION SELECT * FROM vk)'), [[3]]);
  assert.deepEqual((await session().execute('SELECT DISTINCT t.* FROM vk t')).columns.map((c) => c.name), ['K', 'V']);
});

test('a value written otherwise (1.0 beside 1) is refused by name where it is keyed', async () => {
  const why = /holding a value whose text the DuckDB target cannot key by its value/;
  await assertRefused(session(), 'SELECT k,\n  ROW_NUMBER() OVER (PARTITION BY v ORDER BY k) FROM vk2', new RegExp(`^PARTITION BY a VARIANT ${why.source}`), 2, 35);
  await assertRefused(session(), 'SELECT COUNT(DISTINCT v) FROM vk2', new RegExp(`^An aggregate's DISTINCT over a VARIANT ${why.source}`), 1, 23);
  // Over a window too (it was keyed by the JSON text there as well).
  await assertRefused(session(), 'SELECT k, COUNT(DISTINCT v) OVER () FROM vk2', new RegExp(`^An aggregate's DISTINCT over a VARIANT ${why.source}`), 1, 26);
  await assertRefused(session(), 'SELECT COUNT(*) FROM vk2 GROUP BY v', new RegExp(`^GROUP BY a VARIANT ${why.source}`), 1, 35);
  await assertRefused(session(), 'SELECT DISTINCT v FROM vk2', new RegExp(`^SELECT DISTINCT of a VARIANT ${why.source}`), 1, 17);
  await assertRefused(session(), 'SELECT v FROM vk UNION SELECT v FROM vk2', /^UNION, INTERSECT or EXCEPT\/MINUS \(which drop duplicates\) of a VARIANT holding/, 1, 31);
  await assertRefused(session(), 'SELECT * FROM vk UNION SELECT * FROM vk2', /^UNION, INTERSECT or EXCEPT\/MINUS \(which drop duplicates\) of a VARIANT holding/, 1, 31);
  // Cast, they run by value.
  assert.deepEqual(await rows('SELECT v::NUMBER, COUNT(*) FROM vk2 GROUP BY v::NUMBER'), [[1, 2]]);
  assert.deepEqual(await rows('SELECT DISTINCT v::NUMBER FROM vk2'), [[1]]);
});

test('where the check cannot reach the values (a star with EXCLUDE, ROLLUP), the grouping of VARIANTs is refused by name', async () => {
  const why = /\(Snowflake groups VARIANTs by value, 1 with 1\.0 and an object whatever its keys' order; the DuckDB target would group their JSON texts, and cannot check them here/;
  await assertRefused(session(), 'SELECT DISTINCT * EXCLUDE k FROM vk', new RegExp(`^SELECT DISTINCT of a VARIANT value ${why.source}`), 1, 8);
  await assertRefused(session(), 'SELECT v, COUNT(*) FROM vk GROUP BY ROLLUP (v)', new RegExp(`^GROUP BY a VARIANT value ${why.source}`), 1, 28);
  await assertRefused(session(), 'SELECT * EXCLUDE k FROM vk UNION SELECT v FROM vk2', /^UNION \(without ALL\), INTERSECT or EXCEPT\/MINUS of VARIANT values/, 1, 28);
});

test('GROUP BY positions over a star, SELECT DISTINCT of a qualified star beside a VARIANT item, and SELECT DISTINCT over a GROUP BY alias run checked', async () => {
  await session().execute("CREATE TABLE vw (k NUMBER, w VARIANT, s VARCHAR); INSERT INTO vw SELECT 1, PARSE_JSON('[7]'), 'a'; INSERT INTO vw SELECT 2, PARSE_JSON('[7]'), 'b'");
  // `*` and `t.*`: the positions fall on the star's columns, a checked copy of each VARIANT one added as a key.
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT * FROM vk GROUP BY 1, 2)'), [[3]]);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT * FROM (SELECT v FROM vk) GROUP BY 1)'), [[2]]);
  assert.deepEqual(await rows('WITH c AS (SELECT k % 2 AS odd, FIRST_VALUE(v) OVER (PARTITION BY k) AS f FROM vk) SELECT COUNT(*) FROM (SELECT * FROM c GROUP BY 1, 2)'), [[2]]);
  assert.deepEqual(await rows('SELECT n FROM (SELECT t.*, COUNT(*) AS n FROM (SELECT v FROM vk) t GROUP BY 1) ORDER BY n'), [[1], [2]]);
  // A column after the star (position 3 here) is checked too: it stands bare in the list, so it is a key.
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT t.*, u.s, COUNT(*) FROM vk t JOIN vw u ON t.k = u.k GROUP BY 1, 2, 3)'), [[2]]);
  // The star's REPLACE names its own VARIANT columns, not the one the item beside it gives.
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT DISTINCT t.*, u.w AS tag FROM vk t JOIN vw u ON t.k = u.k)'), [[2]]);
  assert.deepEqual((await session().execute('SELECT DISTINCT t.*, u.w AS tag FROM vk t JOIN vw u ON t.k = u.k')).columns.map((c) => c.name), ['K', 'V', 'TAG']);
  // The DISTINCT item is the checked GROUP BY key (the plan shows the key's column, not the check).
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT DISTINCT x.v AS w, SUM(x.k) AS s FROM vk x GROUP BY w)'), [[2]]);
  // Written otherwise (1.0 beside 1), the values are refused by name where they are keyed.
  const why = /holding a value whose text the DuckDB target cannot key by its value/;
  await assertRefused(session(), 'SELECT * FROM vk2 GROUP BY 1, 2', new RegExp(`^GROUP BY a VARIANT ${why.source}`), 1, 28);
  await assertRefused(session(), 'SELECT DISTINCT t.*, u.w FROM vk2 t JOIN vw u ON t.k = u.k', new RegExp(`^SELECT DISTINCT of a VARIANT ${why.source}`), 1, 17);
  await assertRefused(session(), 'SELECT DISTINCT v AS w, COUNT(*) FROM vk2 GROUP BY w', new RegExp(`^(SELECT DISTINCT of|GROUP BY) a VARIANT ${why.source}`), 1, 17);
  // Where the check cannot reach the star's columns: refused before running.
  const unplaced = /^GROUP BY a VARIANT value \(Snowflake groups VARIANTs by value.*cannot check them here/;
  await assertRefused(session(), 'SELECT * EXCLUDE k, COUNT(*) FROM vk GROUP BY 1', unplaced, 1, 38);
  await assertRefused(session(), 'SELECT t.*, u.*, COUNT(*) FROM vk t JOIN vw u ON t.k = u.k GROUP BY 1, 2, 3, 4, 5', unplaced, 1, 60);
  // Another table's VARIANT beside `t.*`: each VARIANT key's copy is written `t."…"`, and t."W" does not bind.
  await assertRefused(session(), 'SELECT t.*, u.w, COUNT(*) FROM vk t JOIN vw u ON t.k = u.k GROUP BY 1, 2, 3', unplaced, 1, 60);
});

test('a GROUP BY copy repeats the item as converted: COALESCE of a VARCHAR and a VARIANT keyed by position runs as VARCHAR', async () => {
  // The copy was written from the text before the conversion (check(COALESCE(s, w))): DuckDB parsed s as JSON and
  // failed with its raw "Malformed JSON".
  await session().execute("CREATE TABLE vsw (k NUMBER, s VARCHAR, w VARIANT); INSERT INTO vsw SELECT 1, 'x', NULL; INSERT INTO vsw SELECT 2, NULL, PARSE_JSON('1'); INSERT INTO vsw SELECT 3, 'x', NULL");
  const r = await session().execute('SELECT COALESCE(s, w) AS a, COUNT(*) AS n FROM vsw GROUP BY 1 ORDER BY n');
  assert.deepEqual(r.rows.map((x) => Object.values(x).map(String)), [['1', '1'], ['x', '2']]);
  assert.deepEqual(await rows('SELECT COUNT(*) FROM (SELECT COALESCE(w, s) AS a, v, COUNT(*) FROM vsw JOIN vk ON vsw.k = vk.k GROUP BY 1, 2)'), [[2]]);
});

test('a VARIANT, ARRAY or OBJECT holding a TIMESTAMP_TZ cast to text is refused by name (it showed the struct the twin holds)', async () => {
  const what = /^A cast to text \(::VARCHAR, TO_VARCHAR\) of a VARIANT, ARRAY or OBJECT holding a TIMESTAMP_TZ/;
  await assertRefused(session(), "SELECT TO_VARIANT('2020-02-24 15:00:00 +01:00'::TIMESTAMP_TZ)::VARCHAR", what, 1, 62);
  await assertRefused(session(), "SELECT 1, OBJECT_CONSTRUCT('t', '2020-02-24 15:00:00 +01:00'::TIMESTAMP_TZ)::VARCHAR", what, 1, 76);
  // Shown in a result, it is refused at the statement; its TYPEOF, and its text put in the VARIANT, run.
  const shown = /^A result VARIANT, ARRAY or OBJECT holding a TIMESTAMP_TZ/;
  await assertRefused(session(), "SELECT 1, TO_VARIANT('2020-02-24 15:00:00 +01:00'::TIMESTAMP_TZ)", shown, 1, 1);
  await assertRefused(session(), "SELECT OBJECT_CONSTRUCT('t', '2020-02-24 15:00:00 +01:00'::TIMESTAMP_TZ) AS o", shown, 1, 1);
  const r = await session().execute("SELECT TYPEOF(TO_VARIANT('2020-02-24 15:00:00 +01:00'::TIMESTAMP_TZ)) AS t, TO_VARIANT('2020-02-24 15:00:00 +01:00'::TIMESTAMP_TZ::VARCHAR) AS v");
  assert.deepEqual(Object.values(r.rows[0]), ['TIMESTAMP_TZ', '2020-02-24 15:00:00.000 +0100']);
});

test('variantGroupingPlaces: where the check goes in the text (pure)', () => {
  const placed = (sql: string, kinds: VariantGrouping[]): string => {
    const p = variantGroupingPlaces(sql, new Set(kinds), () => 'm');
    return p.unplaced.size ? `unplaced ${[...p.unplaced].join(',')}` : castingOperands(sql, p.operands.map((o) => ({ ...o, close: ')' }))).sql;
  };
  // A GROUP BY item by expression, position and alias, each copied as one more key; the inner query's list is not the outer's.
  assert.equal(
    placed('SELECT v:a AS a, w, COUNT(*) FROM (SELECT 1 AS x, v, w FROM t) GROUP BY a, 2, v:b', ['group']),
    'SELECT v:a AS a, w, COUNT(*) FROM (SELECT 1 AS x, v, w FROM t) GROUP BY a, 2, v:b, bz_variant_group(v:a), bz_variant_group(w), bz_variant_group(v:b)',
  );
  assert.equal(placed('SELECT v FROM t GROUP BY ROLLUP (v)', ['group']), 'unplaced group');
  // SELECT DISTINCT and set-operation branches (parenthesized, after a CTE): a column keeps its name by an alias.
  assert.equal(placed('SELECT DISTINCT t.v, x AS y FROM t', ['distinct']), 'SELECT DISTINCT bz_variant_group(t.v) AS v, bz_variant_group(x) AS y FROM t');
  assert.equal(
    placed('WITH c AS (SELECT v FROM t) (SELECT v FROM c) UNION SELECT "w" FROM u', ['set']),
    'WITH c AS (SELECT v FROM t) (SELECT bz_variant_group(v) AS v FROM c) UNION SELECT bz_variant_group("w") AS "w" FROM u',
  );
  assert.equal(placed('SELECT * FROM t INTERSECT SELECT v FROM u', ['set']), 'unplaced set');
  const stars = variantGroupingPlaces('SELECT DISTINCT * FROM t', new Set<VariantGrouping>(['distinct']), () => 'm', new Set(['V', 'W']));
  assert.equal(castingOperands('SELECT DISTINCT * FROM t', withRefusals(stars.operands, () => "'m'")).sql, `SELECT DISTINCT * REPLACE (bz_variant_group("V", 'm') AS "V", bz_variant_group("W", 'm') AS "W") FROM t`);
  // A star's REPLACE leaves the names the list's other items give; GROUP BY positions over a star add a copy of each
  // VARIANT key the plan names (qualified as the star is) and of each column named after the star.
  const besides = variantGroupingPlaces('SELECT DISTINCT t.*, u.w AS "W" FROM t JOIN u', new Set<VariantGrouping>(['distinct']), () => 'm', new Set(['V', 'W']));
  assert.equal(castingOperands('SELECT DISTINCT t.*, u.w AS "W" FROM t JOIN u', withRefusals(besides.operands, () => "'m'")).sql, `SELECT DISTINCT t.* REPLACE (bz_variant_group("V", 'm') AS "V"), bz_variant_group(u.w, 'm') AS "W" FROM t JOIN u`);
  const overStar = 'SELECT x.v AS a, t.*, u.w, COUNT(*) FROM t JOIN u GROUP BY 1, 2, 3, 4';
  const grouped = variantGroupingPlaces(overStar, new Set<VariantGrouping>(['group']), () => 'm', new Set(), new Set(['V']));
  assert.equal(
    castingOperands(overStar, withRefusals(grouped.operands, () => "'m'")).sql,
    `${overStar}, bz_variant_group(x.v, 'm'), bz_variant_group(t."V", 'm'), bz_variant_group(u.w, 'm')`,
  );
  assert.equal(placed('SELECT t.*, u.* FROM t JOIN u GROUP BY 1, 2', ['group']), 'unplaced group');
  // PARTITION BY items and DISTINCT arguments, a path read whole; one already checked is left.
  assert.equal(
    placed('SELECT COUNT(DISTINCT v, k), LISTAGG(DISTINCT (v -> \'$.a\'), \',\'), ROW_NUMBER() OVER (PARTITION BY bz_variant_group(v), k ORDER BY k) FROM t', ['partition', 'distinct-argument']),
    "SELECT COUNT(DISTINCT bz_variant_group(v), bz_variant_group(k)), LISTAGG(DISTINCT bz_variant_group((v -> '$.a')), ','), ROW_NUMBER() OVER (PARTITION BY bz_variant_group(v), bz_variant_group(k) ORDER BY k) FROM t",
  );
});
