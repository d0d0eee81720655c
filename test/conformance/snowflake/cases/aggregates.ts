// Aggregates: COUNT (incl. DISTINCT, alias.*, JSON null), COUNT_IF, SUM, AVG (scale of the result), MAX, MEDIAN,
// LISTAGG, ARRAY_AGG (WITHIN GROUP, DISTINCT, NULLs omitted, empty input).
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const INT = { type: 'NUMBER', scale: 0 } as const;
const num = (scale: number) => ({ type: 'NUMBER', scale }) as const;
const TEXT = { type: 'VARCHAR' } as const;
const ARRAY = { type: 'ARRAY' } as const;

const basic = [
  'CREATE TABLE basic_example (i_col INTEGER, j_col INTEGER)',
  'INSERT INTO basic_example VALUES (11, 101), (11, 102), (11, NULL), (12, 101), (NULL, 101), (NULL, 102)',
];
const sumExample = [
  'CREATE OR REPLACE TABLE sum_example (k INT, d DECIMAL(10,5), s1 VARCHAR(10), s2 VARCHAR(10))',
  "INSERT INTO sum_example VALUES (1, 1.1, '1.1', 'one'), (1, 10, '10', 'ten'), (2, 2.2, '2.2', 'two'), (2, NULL, NULL, 'null'), (3, NULL, NULL, 'null'), (NULL, 9, '9.9', 'nine')",
];
const avgExample = [
  'CREATE OR REPLACE TABLE avg_example (int_col INT, d DECIMAL(10,5), s1 VARCHAR(10), s2 VARCHAR(10))',
  "INSERT INTO avg_example VALUES (1, 1.1, '1.1', 'one'), (1, 10, '10', 'ten'), (2, 2.4, '2.4', 'two'), (2, NULL, NULL, 'NULL'), (3, NULL, NULL, 'NULL'), (NULL, 9.9, '9.9', 'nine')",
];
const maxSample = [
  'CREATE OR REPLACE TABLE sample_table (k CHAR(4), d CHAR(4))',
  "INSERT INTO sample_table VALUES ('1', '1'), ('1', '5'), ('1', '3'), ('2', '2'), ('2', NULL), ('3', NULL), (NULL, '7'), (NULL, '1')",
];
const aggr = [
  'CREATE OR REPLACE TABLE aggr (k INT, v DECIMAL(10,2))',
  'INSERT INTO aggr VALUES (1, 10), (1, 20), (1, 21)',
  'INSERT INTO aggr VALUES (2, 10), (2, 20), (2, 25), (2, 30)',
  'INSERT INTO aggr VALUES (3, NULL)',
];
const orders = [
  'CREATE TABLE orders ( o_orderkey INTEGER, o_clerk VARCHAR, o_totalprice NUMBER(12, 2), o_orderstatus CHAR(1) )',
  "INSERT INTO orders (o_orderkey, o_orderstatus, o_clerk, o_totalprice) VALUES ( 32123, 'O', 'Clerk#000000321', 321.23), ( 41445, 'F', 'Clerk#000000386', 1041445.00), ( 55937, 'O', 'Clerk#000000114', 1055937.00), ( 67781, 'F', 'Clerk#000000521', 1067781.00), ( 80550, 'O', 'Clerk#000000411', 1080550.00), ( 95808, 'F', 'Clerk#000000136', 1095808.00), (101700, 'O', 'Clerk#000000220', 1101700.00), (103136, 'F', 'Clerk#000000508', 1103136.00)",
];
const variantCount = [
  'CREATE OR REPLACE TABLE count_example_with_variant_column (i_col INTEGER, j_col INTEGER, v VARIANT)',
  'INSERT INTO count_example_with_variant_column (i_col, j_col, v) VALUES (NULL, 10, NULL)',
  `INSERT INTO count_example_with_variant_column (i_col, j_col, v) SELECT 1, 11, PARSE_JSON('{"Title": null}')`,
  `INSERT INTO count_example_with_variant_column (i_col, j_col, v) SELECT 2, 12, PARSE_JSON('{"Title": "O"}')`,
  `INSERT INTO count_example_with_variant_column (i_col, j_col, v) SELECT 3, 12, PARSE_JSON('{"Title": "I"}')`,
];

export const cases: ConformanceCase[] = [
  // COUNT
  {
    id: 'count.forms',
    construct: 'COUNT',
    doc: fn('count'),
    setup: basic,
    sql: 'SELECT COUNT(*) AS "All", COUNT(* ILIKE \'i_c%\') AS "ILIKE", COUNT(* EXCLUDE i_col) AS "EXCLUDE", COUNT(i_col) AS "i_col", COUNT(DISTINCT i_col) AS "DISTINCT i_col", COUNT(j_col) AS "j_col", COUNT(DISTINCT j_col) AS "DISTINCT j_col" FROM basic_example',
    expect: { types: [INT, INT, INT, INT, INT, INT, INT], rows: [[6, 4, 5, 4, 2, 5, 2]] },
    note: 'COUNT(*) counts every row; a column or a filtered wildcard skips NULLs.',
  },
  {
    id: 'count.star',
    construct: 'COUNT',
    doc: fn('count'),
    setup: basic,
    sql: 'SELECT COUNT(*) FROM basic_example',
    expect: { types: [INT], rows: [[6]] },
  },
  {
    id: 'count.column_skips_nulls',
    construct: 'COUNT',
    doc: fn('count'),
    setup: basic,
    sql: 'SELECT COUNT(i_col), COUNT(j_col) FROM basic_example',
    expect: { rows: [[4, 5]] },
  },
  {
    id: 'count.distinct',
    construct: 'COUNT',
    doc: fn('count'),
    setup: basic,
    sql: 'SELECT COUNT(DISTINCT i_col), COUNT(DISTINCT j_col) FROM basic_example',
    expect: { rows: [[2, 2]] },
  },
  {
    id: 'count.group_by',
    construct: 'COUNT',
    doc: fn('count'),
    setup: basic,
    sql: 'SELECT i_col, COUNT(*), COUNT(j_col) FROM basic_example GROUP BY i_col ORDER BY i_col',
    expect: {
      types: [INT, INT, INT],
      rows: [
        [11, 3, 2],
        [12, 1, 1],
        [null, 2, 2],
      ],
    },
    note: 'NULL groups sort last in ascending order.',
  },
  {
    id: 'count.alias_star_no_nulls',
    construct: 'COUNT',
    doc: fn('count'),
    setup: basic,
    sql: 'SELECT COUNT(n.*) FROM basic_example AS n',
    expect: { rows: [[3]] },
    note: 'COUNT(alias.*) counts the rows without any NULL value.',
  },
  {
    id: 'count.exclude_forms',
    construct: 'COUNT',
    doc: fn('count'),
    setup: basic,
    sql: 'SELECT COUNT(n.* EXCLUDE j_col) AS qualified, COUNT(* EXCLUDE (j_col)) AS parenthesized FROM basic_example AS n',
    expect: { types: [INT, INT], rows: [[4, 4]] },
    note: 'A wildcard with EXCLUDE (also qualified by the alias, also with the columns in parentheses) skips the rows with a NULL in the columns left.',
  },
  {
    id: 'count.json_null_is_null',
    construct: 'COUNT',
    doc: fn('count'),
    setup: variantCount,
    sql: 'SELECT COUNT(v:Title) FROM count_example_with_variant_column',
    expect: { rows: [[2]] },
    note: 'COUNT treats a JSON null like a SQL NULL.',
  },
  {
    id: 'count.multi_column_distinct',
    construct: 'COUNT',
    doc: fn('count'),
    sql: 'SELECT COUNT(DISTINCT column1, column2, column3) FROM VALUES (1, 1, 1), (1, 1, 1), (1, 1, 1), (1, 1, 2)',
    expect: { rows: [[2]] },
    note: 'DISTINCT over several columns counts distinct combinations.',
  },
  {
    id: 'count.distinct_window_running',
    construct: 'COUNT',
    doc: fn('count'),
    setup: [
      'CREATE OR REPLACE TABLE customer_product_sales_fct ( sale_date DATE, sale_id INTEGER, customer_id STRING, product_id STRING, quantity INTEGER, sales_amount NUMBER(10,2) )',
      "INSERT INTO customer_product_sales_fct VALUES ('2026-01-01', 1, 'C001', 'P100', 1, 19.99), ('2026-01-02', 2, 'C002', 'P100', 2, 39.98), ('2026-01-03', 3, 'C001', 'P100', 1, 19.99), ('2026-01-04', 4, 'C003', 'P100', 1, 19.99), ('2026-01-05', 5, 'C002', 'P200', 1, 9.99), ('2026-01-06', 6, 'C004', 'P100', 3, 59.97), ('2026-01-07', 7, 'C003', 'P100', 1, 19.99), ('2026-01-08', 8, 'C005', 'P100', 2, 39.98), ('2026-01-09', 9, 'C001', 'P200', 1, 9.99), ('2026-01-10', 10, 'C006', 'P100', 1, 19.99)",
    ],
    sql: "SELECT customer_id, sale_id, COUNT(DISTINCT customer_id) OVER ( PARTITION BY product_id ORDER BY sale_date ) AS distinct_customers_to_date FROM customer_product_sales_fct WHERE product_id = 'P100' ORDER BY sale_date, sale_id",
    expect: {
      rows: [
        ['C001', 1, 1],
        ['C002', 2, 2],
        ['C001', 3, 2],
        ['C003', 4, 3],
        ['C004', 6, 4],
        ['C003', 7, 4],
        ['C005', 8, 5],
        ['C006', 10, 6],
      ],
    },
  },
  {
    id: 'count.empty_table_zero',
    construct: 'COUNT',
    doc: fn('count'),
    setup: ['CREATE TABLE basic_example (i_col INTEGER, j_col INTEGER)'],
    sql: 'SELECT COUNT(*), COUNT(i_col) FROM basic_example',
    expect: { types: [INT, INT], rows: [[0, 0]] },
    note: 'COUNT returns a NUMBER: the number of (non-NULL) records, here none.',
  },
  // COUNT_IF
  {
    id: 'count_if.true',
    construct: 'COUNT_IF',
    doc: fn('count_if'),
    setup: basic,
    sql: 'SELECT COUNT_IF(TRUE) FROM basic_example',
    expect: { types: [INT], rows: [[6]] },
  },
  {
    id: 'count_if.comparison_skips_null',
    construct: 'COUNT_IF',
    doc: fn('count_if'),
    setup: basic,
    sql: 'SELECT COUNT_IF(j_col > i_col) FROM basic_example',
    expect: { rows: [[3]] },
    note: 'A comparison with a NULL operand is NULL, which does not satisfy the condition.',
  },
  {
    id: 'count_if.no_nulls',
    construct: 'COUNT_IF',
    doc: fn('count_if'),
    setup: basic,
    sql: 'SELECT COUNT_IF(i_col IS NOT NULL AND j_col IS NOT NULL) FROM basic_example',
    expect: { rows: [[3]] },
  },
  // SUM
  {
    id: 'sum.decimal_and_varchar',
    construct: 'SUM',
    doc: fn('sum'),
    setup: sumExample,
    sql: 'SELECT SUM(d), SUM(s1) FROM sum_example',
    expect: { types: [num(5), { type: 'FLOAT' }], rows: [['22.30000', 23.2]] },
    note: 'A DECIMAL(10,5) sums at scale 5; a VARCHAR is cast to floating point.',
  },
  {
    id: 'sum.group_by_all_null_group',
    construct: 'SUM',
    doc: fn('sum'),
    setup: sumExample,
    sql: 'SELECT k, SUM(d), SUM(s1) FROM sum_example GROUP BY k',
    expect: {
      rows: [
        [1, '11.10000', 11.1],
        [2, '2.20000', 2.2],
        [3, null, null],
        [null, '9.00000', 9.9],
      ],
    },
    note: 'If all records in a group are NULL, SUM returns NULL.',
  },
  {
    id: 'sum.non_numeric_string_error',
    construct: 'SUM',
    doc: fn('sum'),
    setup: sumExample,
    sql: 'SELECT SUM(s2) FROM sum_example',
    expect: { error: "Numeric value 'one' is not recognized" },
  },
  {
    id: 'sum.cumulative_windows',
    construct: 'SUM',
    doc: fn('sum'),
    setup: [
      'CREATE OR REPLACE TABLE example_cumulative (p INT, o INT, i INT)',
      'INSERT INTO example_cumulative VALUES ( 0, 1, 10), (0, 2, 20), (0, 3, 30), (100, 1, 10), (100, 2, 30), (100, 2, 5), (100, 3, 11), (100, 3, 120), (200, 1, 10000), (200, 1, 200), (200, 1, 808080), (200, 2, 33333), (200, 3, NULL), (200, 3, 4), (300, 1, NULL), (300, 1, NULL)',
    ],
    sql: 'SELECT p, o, i, COUNT(i) OVER (PARTITION BY p ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS count_i_rows_pre, SUM(i) OVER (PARTITION BY p ORDER BY o ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS sum_i_rows_pre FROM example_cumulative WHERE p IN (0, 300) ORDER BY p, o',
    expect: {
      rows: [
        [0, 1, 10, 1, 10],
        [0, 2, 20, 2, 30],
        [0, 3, 30, 3, 60],
        [300, 1, null, 0, null],
        [300, 1, null, 0, null],
      ],
    },
    note: 'A running SUM over only NULLs is NULL while the running COUNT is 0. (Partitions with ties in o are left out: their row order is not fixed.)',
  },
  {
    id: 'sum.all_null_is_null',
    construct: 'SUM',
    doc: fn('sum'),
    sql: 'SELECT SUM(column1) FROM VALUES (NULL::INT), (NULL::INT)',
    expect: { rows: [[null]] },
    note: 'If all records inside a group are NULL, the function returns NULL.',
  },
  {
    id: 'sum.distinct',
    construct: 'SUM',
    doc: fn('sum'),
    sql: 'SELECT SUM(DISTINCT column1), SUM(column1) FROM VALUES (1), (1), (2)',
    expect: { rows: [[3, 4]] },
    note: 'DISTINCT sums unique non-NULL values.',
  },
  // AVG
  {
    id: 'avg.int_and_decimal_scale',
    construct: 'AVG',
    doc: fn('avg'),
    setup: avgExample,
    sql: 'SELECT AVG(int_col), AVG(d) FROM avg_example',
    expect: { types: [num(6), num(11)], rows: [['1.800000', '5.85000000000']] },
    note: 'AVG of an INT has scale 6; AVG of a DECIMAL(10,5) has scale 11 (input scale + 6), as the page shows.',
  },
  {
    id: 'avg.group_by',
    construct: 'AVG',
    doc: fn('avg'),
    setup: avgExample,
    sql: 'SELECT int_col, AVG(d), AVG(s1) FROM avg_example GROUP BY int_col ORDER BY int_col',
    expect: {
      types: [INT, num(11), { type: 'FLOAT' }],
      rows: [
        [1, '5.55000000000', 5.55],
        [2, '2.40000000000', 2.4],
        [3, null, null],
        [null, '9.90000000000', 9.9],
      ],
    },
    note: 'A VARCHAR argument is cast to floating point.',
  },
  {
    id: 'avg.window_partition',
    construct: 'AVG',
    doc: fn('avg'),
    setup: avgExample,
    sql: 'SELECT int_col, AVG(int_col) OVER (PARTITION BY int_col) = int_col FROM avg_example ORDER BY int_col',
    expect: {
      rows: [
        [1, true],
        [1, true],
        [2, true],
        [2, true],
        [3, true],
        [null, null],
      ],
    },
    note: 'The page shows 1.000, 2.000, 3.000 and NULL; the scale of a window AVG differs between pages, so only the values are asserted.',
  },
  {
    id: 'avg.all_null',
    construct: 'AVG',
    doc: fn('avg'),
    sql: 'SELECT AVG(column1) FROM VALUES (NULL::INT)',
    expect: { rows: [[null]] },
  },
  // MAX
  {
    id: 'max.char_column',
    construct: 'MAX',
    doc: fn('max'),
    setup: maxSample,
    sql: 'SELECT MAX(d) FROM sample_table',
    expect: { types: [TEXT], rows: [['7']] },
    note: 'MAX returns the type of its input (a string here).',
  },
  {
    id: 'max.group_by',
    construct: 'MAX',
    doc: fn('max'),
    setup: maxSample,
    sql: 'SELECT k, MAX(d) FROM sample_table GROUP BY k ORDER BY k',
    expect: {
      rows: [
        ['1', '5'],
        ['2', '2'],
        ['3', null],
        [null, '7'],
      ],
    },
    note: 'NULLs are ignored unless every record is NULL.',
  },
  {
    id: 'max.partition',
    construct: 'MAX',
    doc: fn('max'),
    setup: maxSample,
    sql: 'SELECT k, d, MAX(d) OVER (PARTITION BY k) FROM sample_table ORDER BY k, d',
    expect: {
      rows: [
        ['1', '1', '5'],
        ['1', '3', '5'],
        ['1', '5', '5'],
        ['2', '2', '2'],
        ['2', null, '2'],
        ['3', null, null],
        [null, '1', '7'],
        [null, '7', '7'],
      ],
    },
  },
  {
    id: 'max.sliding_frame',
    construct: 'MAX',
    doc: fn('max'),
    setup: maxSample,
    sql: 'SELECT k, d, MAX(d) OVER (ORDER BY k, d ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM sample_table ORDER BY k, d',
    expect: {
      rows: [
        ['1', '1', '1'],
        ['1', '3', '3'],
        ['1', '5', '5'],
        ['2', '2', '5'],
        ['2', null, '2'],
        ['3', null, null],
        [null, '1', '1'],
        [null, '7', '7'],
      ],
    },
  },
  {
    id: 'max.numbers',
    construct: 'MAX',
    doc: fn('max'),
    sql: 'SELECT MAX(column1) FROM VALUES (1.5), (NULL), (-2.25)',
    expect: { types: [num(2)], rows: [['1.50']] },
    note: 'MAX keeps the input type (the VALUES column is NUMBER with scale 2).',
  },
  // MEDIAN
  {
    id: 'median.empty_null',
    construct: 'MEDIAN',
    doc: fn('median'),
    setup: ['CREATE OR REPLACE TABLE aggr (k INT, v DECIMAL(10,2))'],
    sql: 'SELECT MEDIAN(v) FROM aggr',
    expect: { rows: [[null]] },
  },
  {
    id: 'median.groups',
    construct: 'MEDIAN',
    doc: fn('median'),
    setup: aggr,
    sql: 'SELECT k, MEDIAN(v) FROM aggr GROUP BY k ORDER BY k',
    expect: {
      types: [INT, num(5)],
      rows: [
        [1, '20.00000'],
        [2, '22.50000'],
        [3, null],
      ],
    },
    note: 'An even count gives the average of the two middle values; a DECIMAL(10,2) median shows five decimals.',
  },
  {
    id: 'median.even_count',
    construct: 'MEDIAN',
    doc: fn('median'),
    sql: 'SELECT MEDIAN(column1) = 4 FROM VALUES (1), (3), (5), (20)',
    expect: { rows: [[true]] },
    note: 'For 1, 3, 5 and 20 the median is 4, the average of 3 and 5.',
  },
  // LISTAGG
  {
    id: 'listagg.within_group',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    setup: orders,
    sql: "SELECT o_orderstatus, LISTAGG(o_clerk, ', ') WITHIN GROUP (ORDER BY o_totalprice DESC) FROM orders WHERE o_totalprice > 450000 GROUP BY o_orderstatus ORDER BY o_orderstatus DESC",
    expect: {
      types: [TEXT, TEXT],
      rows: [
        ['O', 'Clerk#000000220, Clerk#000000411, Clerk#000000114'],
        ['F', 'Clerk#000000508, Clerk#000000136, Clerk#000000521, Clerk#000000386'],
      ],
    },
  },
  {
    id: 'listagg.distinct_ordered',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    setup: orders,
    sql: "SELECT LISTAGG(DISTINCT o_orderstatus, '|') WITHIN GROUP (ORDER BY o_orderstatus) FROM orders WHERE o_totalprice > 450000",
    expect: { types: [TEXT], rows: [['F|O']] },
  },
  {
    id: 'listagg.default_delimiter_empty',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    sql: 'SELECT LISTAGG(column1) WITHIN GROUP (ORDER BY column1) FROM VALUES (\'a\'), (\'b\'), (\'c\')',
    expect: { rows: [['abc']] },
    note: 'Without a delimiter an empty string is used.',
  },
  {
    id: 'listagg.skips_nulls',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    sql: "SELECT LISTAGG(column1, ',') WITHIN GROUP (ORDER BY column1) FROM VALUES ('a'), (NULL), ('c')",
    expect: { rows: [['a,c']] },
    note: 'NULL inputs are excluded.',
  },
  {
    id: 'listagg.all_null_empty_string',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    sql: "SELECT LISTAGG(column1, ',') FROM VALUES (NULL::VARCHAR), (NULL::VARCHAR)",
    expect: { rows: [['']] },
    note: 'If all inputs are NULL, the output is an empty string.',
  },
  {
    id: 'listagg.empty_input_empty_string',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    setup: orders,
    sql: "SELECT LISTAGG(o_clerk, ',') FROM orders WHERE o_totalprice < 0",
    expect: { rows: [['']] },
    note: 'If the input is empty, an empty string is returned.',
  },
  {
    id: 'listagg.numbers_cast',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    setup: orders,
    sql: "SELECT LISTAGG(o_orderkey, ' ') WITHIN GROUP (ORDER BY o_orderkey) FROM orders WHERE o_orderstatus = 'F'",
    expect: { types: [TEXT], rows: [['41445 67781 95808 103136']] },
    note: 'Values that can be cast to string are listed as strings.',
  },
  {
    id: 'listagg.window',
    construct: 'LISTAGG',
    doc: fn('listagg'),
    setup: orders,
    sql: "SELECT o_orderkey, LISTAGG(o_clerk, ',') WITHIN GROUP (ORDER BY o_clerk) OVER (PARTITION BY o_orderstatus) FROM orders WHERE o_orderkey IN (32123, 55937, 41445) ORDER BY o_orderkey",
    expect: {
      rows: [
        [32123, 'Clerk#000000114,Clerk#000000321'],
        [41445, 'Clerk#000000386'],
        [55937, 'Clerk#000000114,Clerk#000000321'],
      ],
    },
    note: 'As a window function LISTAGG takes OVER (PARTITION BY ...).',
  },
  // ARRAY_AGG
  {
    id: 'array_agg.within_group',
    construct: 'ARRAY_AGG',
    doc: fn('array_agg'),
    setup: orders,
    sql: 'SELECT ARRAY_AGG(o_orderkey) WITHIN GROUP (ORDER BY o_orderkey ASC) FROM orders WHERE o_totalprice > 450000',
    expect: { types: [ARRAY], rows: [['[41445, 55937, 67781, 80550, 95808, 101700, 103136]']] },
  },
  {
    id: 'array_agg.distinct',
    construct: 'ARRAY_AGG',
    doc: fn('array_agg'),
    setup: orders,
    sql: 'SELECT ARRAY_AGG(DISTINCT o_orderstatus) WITHIN GROUP (ORDER BY o_orderstatus ASC) FROM orders WHERE o_totalprice > 450000 ORDER BY o_orderstatus ASC',
    expect: { types: [ARRAY], rows: [['["F", "O"]']] },
  },
  {
    id: 'array_agg.group_by_desc',
    construct: 'ARRAY_AGG',
    doc: fn('array_agg'),
    setup: orders,
    sql: 'SELECT o_orderstatus, ARRAYAGG(o_clerk) WITHIN GROUP (ORDER BY o_totalprice DESC) FROM orders WHERE o_totalprice > 450000 GROUP BY o_orderstatus ORDER BY o_orderstatus DESC',
    expect: {
      rows: [
        ['O', '["Clerk#000000220", "Clerk#000000411", "Clerk#000000114"]'],
        ['F', '["Clerk#000000508", "Clerk#000000136", "Clerk#000000521", "Clerk#000000386"]'],
      ],
    },
    note: 'ARRAYAGG is an alias.',
  },
  {
    id: 'array_agg.empty_input',
    construct: 'ARRAY_AGG',
    doc: fn('array_agg'),
    setup: orders,
    sql: 'SELECT ARRAY_AGG(o_orderkey) FROM orders WHERE o_totalprice < 0',
    expect: { types: [ARRAY], rows: [['[]']] },
    note: 'If the input is empty, the function returns an empty array.',
  },
  {
    id: 'array_agg.nulls_omitted',
    construct: 'ARRAY_AGG',
    doc: fn('array_agg'),
    sql: 'SELECT ARRAY_AGG(column1) WITHIN GROUP (ORDER BY column1) FROM VALUES (2), (NULL), (1)',
    expect: { rows: [['[1, 2]']] },
    note: 'NULL values are omitted from the output.',
  },
  {
    id: 'array_agg.window_frame',
    construct: 'ARRAY_AGG',
    doc: fn('array_agg'),
    setup: [
      "CREATE OR REPLACE TABLE array_data AS ( WITH data AS ( SELECT 1 a, [1,3,2,4,7,8,10] b UNION ALL SELECT 2, [1,3,2,4,7,8,10] ) SELECT 'Ord'||a o_orderkey, 'c'||value o_clerk, index FROM data, TABLE(FLATTEN(b)) )",
    ],
    sql: "SELECT index, ARRAY_AGG(o_clerk) OVER(PARTITION BY o_orderkey ORDER BY index ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) AS result FROM array_data WHERE o_orderkey = 'Ord1' ORDER BY index",
    expect: {
      rows: [
        [0, '["c1"]'],
        [1, '["c1", "c3"]'],
        [2, '["c1", "c3", "c2"]'],
        [3, '["c1", "c3", "c2", "c4"]'],
        [4, '["c3", "c2", "c4", "c7"]'],
        [5, '["c2", "c4", "c7", "c8"]'],
        [6, '["c4", "c7", "c8", "c10"]'],
      ],
    },
    note: 'The page orders by o_orderkey (a tie); ordering by the array index gives the rows the page shows, deterministically.',
  },
  {
    id: 'group_by.alias_reading_alias',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    setup: [
      'CREATE OR REPLACE TABLE gb_events (ts TIMESTAMP_NTZ, s VARCHAR)',
      "INSERT INTO gb_events VALUES ('2024-01-01 10:00', 'a'), ('2024-01-01 11:00', 'a'), ('2024-01-01 12:00', 'b'), ('2024-01-02 09:00', 'a')",
    ],
    sql: "SELECT CAST(ts AS DATE) AS d, d || '-' || s AS k, COUNT(*) AS n FROM gb_events GROUP BY k, d, s ORDER BY k",
    expect: {
      types: [{ type: 'DATE' }, TEXT, INT],
      rows: [
        ['2024-01-01', '2024-01-01-a', 2],
        ['2024-01-01', '2024-01-01-b', 1],
        ['2024-01-02', '2024-01-02-a', 1],
      ],
    },
    note: 'A GROUP BY name that is no column of the tables is the select-list alias; k is an expression reading the alias d.',
  },
  {
    id: 'group_by.position_reading_alias',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: 'SELECT column1 + 1 AS a, a * 2 AS b, COUNT(*) AS n FROM VALUES (1), (1), (2) GROUP BY 1, 2 ORDER BY 1',
    expect: {
      types: [INT, INT, INT],
      rows: [
        [2, 4, 2],
        [3, 6, 1],
      ],
    },
    note: 'A GROUP BY number is the position of an expression in the SELECT list; b reads the alias a.',
  },
  {
    id: 'group_by.constant_keys',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: "SELECT 'g' AS game, NULL AS tenant, column1 AS k, COUNT(*) AS n, ROUND(COUNT(*) / 3, 4) AS share FROM VALUES (1), (1), (2) GROUP BY 1, 2, 3 ORDER BY k",
    expect: {
      rows: [
        ['g', null, 1, 2, '0.6667'],
        ['g', null, 2, 1, '0.3333'],
      ],
    },
    note: 'Positions 1 and 2 name constants, which split no group; the groups are those of column1. COUNT(*) / 3 has scale 6, ROUND(…, 4) scale 4.',
  },
  {
    id: 'group_by.only_constant_keys_no_rows',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: "SELECT NULL AS tenant, 'x' AS h, COUNT(*) AS n FROM VALUES (1), (2) WHERE column1 > 5 GROUP BY 1, 2",
    expect: { rows: [] },
    note: 'GROUP BY forms one group per distinct key among the rows; no rows give no group (an aggregate without GROUP BY gives one row).',
  },
  {
    id: 'group_by.all_constants_no_rows',
    construct: 'GROUP BY ALL',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: "SELECT 'x' AS h, COUNT(*) AS n FROM VALUES (1), (2) WHERE column1 > 5 GROUP BY ALL",
    expect: { rows: [] },
    note: 'ALL groups by every select item that uses no aggregate function: the constant h is a key, and no rows give no group.',
  },
  {
    id: 'group_by.all_constants_one_group',
    construct: 'GROUP BY ALL',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: "SELECT 'x' AS h FROM VALUES (1), (2), (3) GROUP BY ALL",
    expect: { rows: [['x']] },
    note: 'ALL groups by the constant h: the three rows form one group.',
  },
  {
    id: 'group_by.alias_of_constant_key',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: 'SELECT NULL AS tenant, 4 AS t, column1 AS k, ROUND(COUNT(*) / 3, 4) AS share FROM VALUES (1), (1), (2) GROUP BY tenant, t, k ORDER BY k',
    expect: {
      rows: [
        [null, 4, 1, '0.6667'],
        [null, 4, 2, '0.3333'],
      ],
    },
    note: 'A group item may be an alias: tenant and t name constants (t equal to ROUND\'s scale), which split no group.',
  },
  {
    id: 'group_by.parenthesized_constant_position',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: 'SELECT (NULL) AS tenant, column1 AS k, ROUND(COUNT(*) / 3, 4) AS share FROM VALUES (1), (1), (2) GROUP BY 1, 2 ORDER BY k',
    expect: {
      rows: [
        [null, 1, '0.6667'],
        [null, 2, '0.3333'],
      ],
    },
    note: 'Position 1 names a constant in parentheses; the groups are those of column1.',
  },
  {
    id: 'group_by.name_of_column_and_alias',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    sql: 'SELECT NULL AS column1, COUNT(*) AS n FROM VALUES (1), (1), (2) GROUP BY column1 ORDER BY n',
    expect: {
      rows: [
        [null, 1],
        [null, 2],
      ],
    },
    note: 'A GROUP BY name matching both a column and an alias is the column: two groups, though the alias is a constant.',
  },
  {
    id: 'group_by.variant_paths_cast',
    construct: 'GROUP BY',
    doc: 'https://docs.snowflake.com/en/sql-reference/constructs/group-by',
    setup: [
      'CREATE OR REPLACE TABLE gb_tx (asset_id INT, tx_message VARIANT)',
      `INSERT INTO gb_tx SELECT 1, PARSE_JSON('{"txn": {"apar": {"an": "gold", "t": 5, "dc": 2}}}')`,
      `INSERT INTO gb_tx SELECT 1, PARSE_JSON('{"txn": {"apar": {"an": "gold", "t": 5, "dc": 2}}}')`,
      `INSERT INTO gb_tx SELECT 2, PARSE_JSON('{"txn": {"apar": {"an": "silver", "t": 7}}}')`,
    ],
    sql:
      'SELECT asset_id, tx_message :txn :apar :an :: STRING AS asset_name, ' +
      'CASE WHEN tx_message :txn :apar :dc :: NUMBER IS NULL THEN 0 ELSE tx_message :txn :apar :dc :: NUMBER END AS decimals, tx_message:txn[\'apar\'] AS apar, COUNT(*) AS n ' +
      'FROM gb_tx GROUP BY asset_id, tx_message :txn :apar :an :: STRING, ' +
      "CASE WHEN tx_message :txn :apar :dc :: NUMBER IS NULL THEN 0 ELSE tx_message :txn :apar :dc :: NUMBER END, tx_message:txn['apar'] ORDER BY asset_id",
    expect: {
      types: [INT, TEXT, INT, { type: 'VARIANT' }, INT],
      rows: [
        [1, 'gold', 2, '{"an": "gold", "dc": 2, "t": 5}', 2],
        [2, 'silver', 0, '{"an": "silver", "t": 7}', 1],
      ],
    },
    note: "Group items are expressions, here VARIANT paths cast with :: and a path read, each written again in the select list (flipside_algorand's silver__asset_config; the twin failed with a raw binder error).",
  },
];
