// `HASH(a, b) <> HASH(c, d)`: a change check (robling's custom_merge updates a row when the hashes of its columns
// differ). The twin cannot give Snowflake's hash values, so HASH alone stays refused (functions.ts), but the comparison
// of two hashes has a documented answer: HASH is deterministic, and values of one type that compare equal hash alike —
// NUMBERs of any precision and scale, TIMESTAMP_TZs in any zone (docs.snowflake.com/en/sql-reference/functions/hash);
// values of different types need not: its example, 10 and '10', hash apart "with overwhelming probability" though they
// compare equal; and NULL hashes to a value like any other. So, pair by pair, the hashes are equal when each pair is
// NOT DISTINCT and of one type family, and differ when a pair is a NUMBER beside a VARCHAR; for other pairs of families
// the page gives no answer and the comparison is refused where it is met. Distinct values hashing alike (a 64-bit
// collision) is the one case where Snowflake could answer otherwise.
import { quote } from './template';

/**
 * bz_hash_family: Snowflake's type family of a DuckDB typeof() name, as the twin holds each type; NULL where HASH's page
 * is silent. bz_hash_text: a value as text that is equal exactly when two values of one family compare equal — every
 * branch is a cast to VARCHAR, which binds for any type, so a pair of different types never meets an implicit cast
 * (`10 IS NOT DISTINCT FROM 'abc'` fails while binding). A NUMBER's trailing zeros and a FLOAT's negative zero and NaN
 * sign are dropped; a timestamp's text is its value in one session, for both sides alike.
 */
export const HASH_COMPARISON_MACROS: string[] = [
  `bz_hash_family(t) AS CASE ` +
    `WHEN t IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT') OR t LIKE 'DECIMAL(%' THEN 'NUMBER' ` +
    `WHEN t = 'DOUBLE' THEN 'FLOAT' ` +
    `WHEN t = 'VARCHAR' THEN 'VARCHAR' ` +
    `WHEN t = 'BOOLEAN' THEN 'BOOLEAN' ` +
    `WHEN t = 'DATE' THEN 'DATE' ` +
    `WHEN t = 'TIME' THEN 'TIME' ` +
    `WHEN t = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ' ` +
    `WHEN t = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' ` +
    `WHEN t = 'BLOB' THEN 'BINARY' ` +
    // An untyped NULL (HASH(NULL) = HASH(NULL)) is like itself alone: the page does not say a NULL of one type hashes as one of another.
    `WHEN t = '"NULL"' THEN 'NULL' END`,
  `bz_hash_text(x) AS CASE bz_hash_family(typeof(x)) ` +
    `WHEN 'NUMBER' THEN CASE WHEN CAST(x AS VARCHAR) LIKE '%.%' THEN rtrim(rtrim(CAST(x AS VARCHAR), '0'), '.') ELSE CAST(x AS VARCHAR) END ` +
    `WHEN 'FLOAT' THEN CASE WHEN CAST(x AS VARCHAR) IN ('-0.0', '0.0') THEN '0' WHEN lower(CAST(x AS VARCHAR)) IN ('nan', '-nan') THEN 'nan' ELSE CAST(x AS VARCHAR) END ` +
    `ELSE CAST(x AS VARCHAR) END`,
];

/** One pair of HASH arguments, as translated SQL. */
export interface HashPair {
  left: string;
  right: string;
}

/**
 * The SQL of `HASH(lefts…) op HASH(rights…)` for `=` (equal) or `<>`/`!=`: a BOOLEAN, or a located refusal naming the
 * two types when a pair's families differ in a way the page says nothing of (VARIANT, OBJECT, ARRAY, TIMESTAMP_TZ, or
 * two families other than its own example's NUMBER and VARCHAR, whose hashes differ).
 */
export function hashComparisonSql(pairs: HashPair[], equal: boolean, at: number, operator: string): string {
  const refusal = (p: HashPair): string =>
    `CAST(error(${quote(`bz_unsupported@${at}: HASH(…) ${operator} HASH(…) of `)} || typeof(${p.left}) || ' beside ' || typeof(${p.right}) || ` +
    `${quote(" (Snowflake's page on HASH says equal values hash alike within NUMBER, FLOAT, VARCHAR, BINARY, BOOLEAN, DATE, TIME and TIMESTAMP_NTZ/LTZ, that a NUMBER and a VARCHAR hash apart, and nothing of other types or pairs: cast both sides to one type)")}) AS BOOLEAN)`;
  const same = pairs.map((p) => {
    const [l, r] = [`bz_hash_family(typeof(${p.left}))`, `bz_hash_family(typeof(${p.right}))`];
    return `(CASE WHEN ${l} = ${r} THEN bz_hash_text(${p.left}) IS NOT DISTINCT FROM bz_hash_text(${p.right}) ` +
      `WHEN ${l} || ' ' || ${r} IN ('NUMBER VARCHAR', 'VARCHAR NUMBER') THEN FALSE ELSE ${refusal(p)} END)`;
  });
  return `(${equal ? '' : 'NOT '}(${same.join(' AND ')}))`;
}
