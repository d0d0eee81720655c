// Aggregates the real-world corpus calls that the other case files did not name: MIN, MAX_BY / MIN_BY, BOOLOR_AGG,
// ARRAY_UNIQUE_AGG, PERCENTILE_CONT, STDDEV.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const sample = [
  'CREATE OR REPLACE TABLE sample_table (k CHAR(4), d CHAR(4))',
  "INSERT INTO sample_table VALUES ('1', '1'), ('1', '5'), ('1', '3'), ('2', '2'), ('2', NULL), ('3', NULL), (NULL, '7'), (NULL, '1')",
];

export const cases: ConformanceCase[] = [
  {
    id: 'min.ignores_nulls',
    construct: 'MIN',
    doc: fn('min'),
    setup: sample,
    sql: 'SELECT MIN(d), MAX(d) FROM sample_table',
    expect: { rows: [['1', '7']] },
    note: 'NULL values are ignored.',
  },
  {
    id: 'min.group_by',
    construct: 'MIN',
    doc: fn('min'),
    setup: sample,
    sql: 'SELECT k, MIN(d), MAX(d) FROM sample_table GROUP BY k ORDER BY k NULLS LAST',
    expect: { rows: [['1', '1', '5'], ['2', '2', '2'], ['3', null, null], [null, '1', '7']] },
    note: 'A group whose values are all NULL gives NULL.',
  },
  {
    id: 'max_by.value_at_max',
    construct: 'MAX_BY',
    doc: fn('max_by'),
    sql: "SELECT MAX_BY(employee_id, salary), MIN_BY(employee_id, salary) FROM (SELECT column1 AS employee_id, column2 AS salary FROM VALUES (1001, 10000), (1020, 20000), (1030, 15000), (2000, NULL))",
    expect: { rows: [[1020, 1001]] },
    note: 'MAX_BY / MIN_BY return the first argument of the row whose second argument is the largest / smallest; rows with a NULL key are ignored.',
  },
  {
    id: 'boolor_agg.booleans',
    construct: 'BOOLOR_AGG',
    doc: fn('boolor_agg'),
    sql: 'SELECT BOOLOR_AGG(c), BOOLAND_AGG(c) FROM (SELECT column1 AS c FROM VALUES (TRUE), (FALSE), (NULL))',
    expect: { types: [{ type: 'BOOLEAN' }, { type: 'BOOLEAN' }], rows: [[true, false]] },
    note: 'TRUE when at least one non-NULL value is TRUE (BOOLAND_AGG: when all are); NULLs are ignored.',
  },
  {
    id: 'boolor_agg.all_null_or_empty',
    construct: 'BOOLOR_AGG',
    doc: fn('boolor_agg'),
    sql: 'SELECT BOOLOR_AGG(c) FROM (SELECT column1 AS c FROM VALUES (NULL::BOOLEAN), (NULL::BOOLEAN))',
    expect: { rows: [[null]] },
    note: 'Over only NULLs (or no rows) the result is NULL.',
  },
  {
    id: 'array_unique_agg.distinct_non_null',
    construct: 'ARRAY_UNIQUE_AGG',
    doc: fn('array_unique_agg'),
    sql: 'SELECT ARRAY_SIZE(ARRAY_UNIQUE_AGG(c)), ARRAY_CONTAINS(2::VARIANT, ARRAY_UNIQUE_AGG(c)) FROM (SELECT column1 AS c FROM VALUES (1), (1), (NULL), (2))',
    expect: { rows: [[2, true]] },
    note: 'The distinct values of the column, NULL left out (the order of the elements is not specified, so the case counts them).',
  },
  {
    id: 'percentile_cont.interpolates',
    construct: 'PERCENTILE_CONT',
    doc: fn('percentile_cont'),
    sql: 'SELECT PERCENTILE_CONT(0.25) WITHIN GROUP (ORDER BY c), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY c) FROM (SELECT column1 AS c FROM VALUES (1), (2), (3), (4), (NULL))',
    expect: { rows: [['1.75', '2.5']] },
    note: 'Linear interpolation between the ordered values; NULLs are ignored.',
  },
  {
    id: 'stddev.sample',
    construct: 'STDDEV',
    doc: fn('stddev'),
    sql: 'SELECT STDDEV(c), STDDEV_SAMP(c), STDDEV_POP(c) * STDDEV_POP(c) FROM (SELECT column1::FLOAT AS c FROM VALUES (1), (2), (4))',
    expect: { types: [{ type: 'FLOAT' }, { type: 'FLOAT' }, { type: 'FLOAT' }], rows: [[1.5275252316519468, 1.5275252316519468, 1.5555555555555556]] },
    note: 'STDDEV is the sample standard deviation (STDDEV_SAMP, divided by n - 1: sqrt(7/3)); STDDEV_POP divides by n (its square is 14/9).',
  },
];
