// Snowflake NUMBER scale rules for arithmetic the translator can see (number-scale.ts), and the translation that
// writes them out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lex, isTrivia } from '../../server/src/core/sql/tokenize';
import { literalScale, productScale, quotientScale, staticScale } from '../../server/src/core/sql/snowflake-on-duckdb/number-scale';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const sig = (sql: string) => lex(sql).filter((l) => !isTrivia(l));

test('literal scales: integers 0, decimals their digits, exponents are FLOAT (none)', () => {
  assert.equal(literalScale('7'), 0);
  assert.equal(literalScale('10.01'), 2);
  assert.equal(literalScale('.0000000000001'), 13);
  assert.equal(literalScale('5.'), 0);
  assert.equal(literalScale('1e3'), undefined);
});

test('static scale of casts, groups, signs and aliases; none for columns and FLOAT', () => {
  const none = new Map<string, number>();
  assert.equal(staticScale(sig('-2.50'), none), 2);
  assert.equal(staticScale(sig('(1.5)'), none), 1);
  assert.equal(staticScale(sig('x::number(10, 3)'), none), 3);
  assert.equal(staticScale(sig('CAST(x AS DECIMAL(12,4))'), none), 4);
  assert.equal(staticScale(sig('CAST(x::int AS NUMBER(5,1))'), none), 1);
  assert.equal(staticScale(sig('x::int'), none), 0);
  assert.equal(staticScale(sig('x::float'), none), undefined);
  assert.equal(staticScale(sig('x'), none), undefined);
  assert.equal(staticScale(sig('x'), new Map([['x', 2]])), 2);
  assert.equal(staticScale(sig('(1) + (2)'), none), undefined);
});

test('Snowflake scale rules: quotient max(S1, min(S1 + 6, 12)), product min(S1 + S2, max(S1, S2, 12))', () => {
  assert.deepEqual([0, 1, 3, 7, 13].map(quotientScale), [6, 7, 9, 12, 13]);
  assert.equal(productScale(2, 1), 3);
  assert.equal(productScale(1, 13), 13);
  assert.equal(productScale(10, 10), 12);
});

test('division is written out at the scale the text shows, or typed at bind time (bz_quot) when it does not show it', () => {
  assert.match(translateSnowflakeSql('SELECT 2 n1, 7 n2, n1 / n2'), /bz_div_units\(.*AS DECIMAL\(32,0\)\) \* 0\.000001\)$/);
  assert.equal(translateSnowflakeSql('SELECT a / b FROM t'), 'SELECT bz_quot__once(a, b, 0) FROM t');
  // With a FROM, a name may be a column: no alias is trusted.
  assert.equal(translateSnowflakeSql('SELECT 2 a, a / 7 FROM t'), 'SELECT 2 AS a, bz_quot(a, 7, 0) FROM t');
  // `x * y / z` divides x * y, and `a / b / c` divides a / b: the dividend is the whole chain before the `/`.
  assert.equal(translateSnowflakeSql('SELECT 2 * 3 / 7'), 'SELECT bz_quot(2 * 3, 7, 0)');
  assert.equal(translateSnowflakeSql('SELECT a / b / c FROM t'), 'SELECT bz_quot(bz_quot__once(a, b, 0), c, 0) FROM t');
  // A window call is one operand on either side; a group right after SELECT is one too.
  assert.equal(
    translateSnowflakeSql('SELECT f(x) OVER (PARTITION BY g) / g(y) OVER () FROM t'),
    'SELECT bz_quot(f(x) OVER (PARTITION BY g), g(y) OVER (), 0) FROM t',
  );
  assert.equal(translateSnowflakeSql('SELECT (a + b) / (c - d) FROM t'), 'SELECT bz_quot((a + b), (c - d), 0) FROM t');
  assert.equal(translateSnowflakeSql('SELECT DIV0(a, b), DIV0NULL(a, b) FROM t'), 'SELECT bz_quot__once(a, b, 1), bz_quot__once(a, b, 2) FROM t');
  assert.equal(translateSnowflakeSql('SELECT .1 * .0000000000001'), 'SELECT CAST(multiply(.1, .0000000000001) AS DECIMAL(38,13))');
  for (const sql of ['SELECT 1/2, DIV0(3, 0)', 'SELECT .1 n1, .0000000000001 n2, n1 * n2', 'SELECT a / b / c, DIV0(a, b) FROM t']) {
    const once = translateSnowflakeSql(sql);
    assert.equal(translateSnowflakeSql(once), once, 'a second pass changes nothing');
  }
});

test('a CASE expression after / or * is the whole operand, not the word CASE (a raw DuckDB syntax error before)', () => {
  assert.equal(
    translateSnowflakeSql('SELECT a / CASE WHEN b = 0 THEN 1 ELSE b END FROM t'),
    'SELECT bz_quot(a, CASE WHEN b = 0 THEN 1 ELSE b END, 0) FROM t',
  );
  assert.equal(
    translateSnowflakeSql('SELECT (a * c) / CASE WHEN x THEN CASE WHEN b = 0 THEN 1 ELSE b END ELSE f(end_col) END + 1 FROM t'),
    'SELECT bz_quot((bz_prod__once(a, c)), CASE WHEN x THEN CASE WHEN b = 0 THEN 1 ELSE b END ELSE f(end_col) END, 0) + 1 FROM t',
  );
  assert.equal(translateSnowflakeSql('SELECT a * CASE WHEN b THEN 2 ELSE c END FROM t'), 'SELECT bz_prod(a, CASE WHEN b THEN 2 ELSE c END) FROM t');
  // A typed literal after the operator is not split from its text.
  assert.equal(translateSnowflakeSql("SELECT a / DATE '2020-01-01' FROM t"), "SELECT a / DATE '2020-01-01' FROM t");
});

test('in a query block with HAVING the operands go straight to bz_quot__once / bz_prod__once (DuckDB binds the bind-once lambda there as if its fields were columns: "column b must appear in the GROUP BY clause")', () => {
  // pretium_semantic_layer's fact_zonda_btr_rent_cbsa_monthly_cleaned: HAVING names an item that divides.
  assert.equal(
    translateSnowflakeSql('SELECT g, sum(a) / sum(c) AS r FROM t GROUP BY g HAVING r > 0'),
    'SELECT g, bz_quot__once(sum(bz_number_arg(a)), sum(bz_number_arg(c)), 0) AS r FROM t GROUP BY g HAVING r > 0',
  );
  assert.equal(
    translateSnowflakeSql('SELECT g FROM t GROUP BY g HAVING round(sum(a) * sum(c), 2) > 0'),
    'SELECT g FROM t GROUP BY g HAVING round(bz_prod__once(sum(bz_number_arg(a)), sum(bz_number_arg(c))), 2) > 0',
  );
  // Without HAVING the operands are bound once, as before; a subquery's HAVING is its own.
  assert.equal(translateSnowflakeSql('SELECT g, sum(a) / sum(c) AS r FROM t GROUP BY g'), 'SELECT g, bz_quot(sum(bz_number_arg(a)), sum(bz_number_arg(c)), 0) AS r FROM t GROUP BY g');
  assert.equal(
    translateSnowflakeSql('SELECT sum(x) / sum(y) AS q FROM (SELECT g FROM t GROUP BY g HAVING count(*) > 1) s'),
    'SELECT bz_quot(sum(bz_number_arg(x)), sum(bz_number_arg(y)), 0) AS q FROM (SELECT g FROM t GROUP BY g HAVING count(*) > 1) s',
  );
});
