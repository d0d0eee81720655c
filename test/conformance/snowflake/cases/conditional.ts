// Conditional expressions: COALESCE, NULLIF, IFF, NVL, NVL2, DECODE, EQUAL_NULL, CASE.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const TEXT = { type: 'VARCHAR' } as const;
const INT = { type: 'NUMBER', scale: 0 } as const;
const BOOL = { type: 'BOOLEAN' } as const;

const coalesceRows: (number | null)[][] = [
  [1, 2, 3, 1],
  [null, 2, 3, 2],
  [null, null, 3, 3],
  [null, null, null, null],
  [1, null, 3, 1],
  [1, null, null, 1],
  [1, 2, null, 1],
];
const sqlNum = (v: number | null) => (v === null ? 'null' : String(v));
const nullifRows: (number | null)[][] = [
  [0, 0, null],
  [0, 1, 0],
  [0, null, 0],
  [1, 0, 1],
  [1, 1, null],
  [1, null, 1],
  [null, 0, null],
  [null, 1, null],
  [null, null, null],
];
const nvl2Rows: (number | null)[][] = [
  [0, 5, 3, 5],
  [0, 5, null, 5],
  [0, null, 3, null],
  [0, null, null, null],
  [null, 5, 3, 3],
  [null, 5, null, null],
  [null, null, 3, 3],
  [null, null, null, null],
];
const suppliers = [
  'CREATE TABLE IF NOT EXISTS suppliers (supplier_id INT PRIMARY KEY, supplier_name VARCHAR(30), phone_region_1 VARCHAR(15), phone_region_2 VARCHAR(15))',
  "INSERT INTO suppliers(supplier_id, supplier_name, phone_region_1, phone_region_2) VALUES(1, 'Company_ABC', NULL, '555-01111'), (2, 'Company_DEF', '555-01222', NULL), (3, 'Company_HIJ', '555-01333', '555-01444'), (4, 'Company_KLM', NULL, NULL)",
];
const decodeTable = ['CREATE TABLE d (column1 INTEGER)', 'INSERT INTO d (column1) VALUES (1), (2), (NULL), (4)'];
const x = ['CREATE OR REPLACE TABLE x (i NUMBER)', 'INSERT INTO x VALUES (1), (2), (NULL)'];

export const cases: ConformanceCase[] = [
  // COALESCE
  {
    id: 'coalesce.three_columns',
    construct: 'COALESCE',
    doc: fn('coalesce'),
    sql: `SELECT column1, column2, column3, COALESCE(column1, column2, column3) AS coalesce_result FROM (values ${coalesceRows
      .map((r) => `(${r.slice(0, 3).map(sqlNum).join(', ')})`)
      .join(', ')}) v`,
    expect: { types: [INT, INT, INT, INT], rows: coalesceRows },
    note: 'The first non-NULL argument, or NULL when all are NULL.',
  },
  ...coalesceRows.map(
    (r, i): ConformanceCase => ({
      id: `coalesce.row_${i + 1}`,
      construct: 'COALESCE',
      doc: fn('coalesce'),
      sql: `SELECT COALESCE(${r.slice(0, 3).map((v) => (v === null ? 'NULL' : String(v))).join(', ')})`,
      expect: { rows: [[r[3] ?? null]] },
    }),
  ),
  {
    id: 'coalesce.string_to_number',
    construct: 'COALESCE',
    doc: fn('coalesce'),
    sql: "SELECT COALESCE('17', 1) = 17, COALESCE('17', 1) + 1 = 18",
    expect: { rows: [[true, true]] },
    note: "With a numeric argument the result is numeric: '17' converts to the NUMBER 17. (The page gives NUMBER(18,5) for converted strings but hedges for constants, so the scale is not asserted.)",
  },
  {
    id: 'coalesce.unconvertible_string_error',
    construct: 'COALESCE',
    doc: fn('coalesce'),
    sql: "SELECT COALESCE('foo', 1)",
    expect: { error: '' },
    note: "'foo' cannot be converted to a NUMBER, so implicit conversion fails with an error.",
  },
  {
    id: 'coalesce.a_and_one_error',
    construct: 'COALESCE',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: "SELECT COALESCE('a', 1)",
    expect: { error: '' },
    note: 'A VARCHAR that is not a number cannot be coerced to the NUMBER argument type.',
  },
  // NULLIF
  {
    id: 'nullif.table',
    construct: 'NULLIF',
    doc: fn('nullif'),
    setup: ['CREATE TABLE i (a INTEGER, b INTEGER)', `INSERT INTO i VALUES ${nullifRows.map((r) => `(${sqlNum(r[0] ?? null)}, ${sqlNum(r[1] ?? null)})`).join(', ')}`],
    sql: 'SELECT a, b, NULLIF(a,b) FROM i',
    expect: { types: [INT, INT, INT], rows: nullifRows },
    note: 'NULL when equal; a NULL first argument stays NULL; a NULL second argument returns the first.',
  },
  {
    id: 'nullif.strings',
    construct: 'NULLIF',
    doc: fn('nullif'),
    sql: "SELECT NULLIF('a', 'a'), NULLIF('a', 'b')",
    expect: { types: [TEXT, TEXT], rows: [[null, 'a']] },
    note: 'The result type is the type of the first argument.',
  },
  // IFF
  {
    id: 'iff.true',
    construct: 'IFF',
    doc: fn('iff'),
    sql: "SELECT IFF(TRUE, 'true', 'false')",
    expect: { types: [TEXT], rows: [['true']] },
  },
  {
    id: 'iff.false',
    construct: 'IFF',
    doc: fn('iff'),
    sql: "SELECT IFF(FALSE, 'true', 'false')",
    expect: { types: [TEXT], rows: [['false']] },
  },
  {
    id: 'iff.null_condition',
    construct: 'IFF',
    doc: fn('iff'),
    sql: "SELECT IFF(NULL, 'true', 'false')",
    expect: { types: [TEXT], rows: [['false']] },
    note: 'A NULL condition is not true, so IFF returns the second expression.',
  },
  {
    id: 'iff.null_result',
    construct: 'IFF',
    doc: fn('iff'),
    sql: "SELECT IFF(TRUE, NULL, 'false')",
    expect: { rows: [[null]] },
  },
  {
    id: 'iff.integer_check',
    construct: 'IFF',
    doc: fn('iff'),
    sql: "SELECT value, IFF(value::INT = value, 'integer', 'non-integer') FROM ( SELECT column1 AS value FROM VALUES(1.0), (1.1), (-3.1415), (-5.000), (NULL) ) ORDER BY value DESC",
    expect: {
      types: [{ type: 'NUMBER', scale: 4 }, TEXT],
      rows: [
        [null, 'non-integer'],
        ['1.1000', 'non-integer'],
        ['1.0000', 'integer'],
        ['-3.1415', 'non-integer'],
        ['-5.0000', 'integer'],
      ],
    },
    note: 'ORDER BY … DESC puts NULLs first by default; the VALUES column takes scale 4.',
  },
  {
    id: 'iff.high_low',
    construct: 'IFF',
    doc: fn('iff'),
    sql: "SELECT value, IFF(value > 50, 'High', 'Low') FROM ( SELECT column1 AS value FROM VALUES(22), (63), (5), (99), (NULL) )",
    expect: {
      types: [INT, TEXT],
      rows: [
        [22, 'Low'],
        [63, 'High'],
        [5, 'Low'],
        [99, 'High'],
        [null, 'Low'],
      ],
    },
  },
  // NVL
  {
    id: 'nvl.suppliers',
    construct: 'NVL',
    doc: fn('nvl'),
    setup: suppliers,
    sql: 'SELECT supplier_id, supplier_name, phone_region_1, phone_region_2, NVL(phone_region_1, phone_region_2) IF_REGION_1_NULL, NVL(phone_region_2, phone_region_1) IF_REGION_2_NULL FROM suppliers ORDER BY supplier_id',
    expect: {
      types: [INT, TEXT, TEXT, TEXT, TEXT, TEXT],
      rows: [
        [1, 'Company_ABC', null, '555-01111', '555-01111', '555-01111'],
        [2, 'Company_DEF', '555-01222', null, '555-01222', '555-01222'],
        [3, 'Company_HIJ', '555-01333', '555-01444', '555-01333', '555-01444'],
        [4, 'Company_KLM', null, null, null, null],
      ],
    },
  },
  {
    id: 'nvl.string_to_number',
    construct: 'NVL',
    doc: fn('nvl'),
    sql: "SELECT NVL('17', 1) = 17, NVL(NULL, '17') + 0 = 17",
    expect: { rows: [[true, true]] },
    note: "NVL('17', 1) converts '17' to the NUMBER 17 (the scale of a converted constant is not asserted).",
  },
  {
    id: 'nvl.unconvertible_error',
    construct: 'NVL',
    doc: fn('nvl'),
    sql: "SELECT NVL('foo', 1)",
    expect: { error: '' },
  },
  {
    id: 'nvl.ifnull_alias',
    construct: 'NVL',
    doc: fn('nvl'),
    sql: "SELECT IFNULL(NULL, 'b'), IFNULL('a', 'b')",
    expect: { rows: [['b', 'a']] },
    note: 'IFNULL is an alias of NVL.',
  },
  // NVL2
  {
    id: 'nvl2.table',
    construct: 'NVL2',
    doc: fn('nvl2'),
    setup: ['CREATE TABLE i2 (a INTEGER, b INTEGER, c INTEGER)', `INSERT INTO i2 VALUES ${nvl2Rows.map((r) => `(${r.slice(0, 3).map(sqlNum).join(', ')})`).join(', ')}`],
    sql: 'SELECT a, b, c, NVL2(a, b, c) FROM i2',
    expect: { types: [INT, INT, INT, INT], rows: nvl2Rows },
    note: 'If the first argument is not NULL, the second is returned, else the third.',
  },
  {
    id: 'nvl2.strings',
    construct: 'NVL2',
    doc: fn('nvl2'),
    sql: "SELECT NVL2(0, 'not null', 'null'), NVL2(NULL, 'not null', 'null')",
    expect: { types: [TEXT, TEXT], rows: [['not null', 'null']] },
  },
  // DECODE
  {
    id: 'decode.with_default',
    construct: 'DECODE',
    doc: fn('decode'),
    setup: decodeTable,
    sql: "SELECT column1, decode(column1, 1, 'one', 2, 'two', NULL, '-NULL-', 'other') AS decode_result FROM d",
    expect: {
      types: [INT, TEXT],
      rows: [
        [1, 'one'],
        [2, 'two'],
        [null, '-NULL-'],
        [4, 'other'],
      ],
    },
    note: 'Unlike CASE, DECODE matches a NULL select expression to a NULL search expression.',
  },
  {
    id: 'decode.without_default',
    construct: 'DECODE',
    doc: fn('decode'),
    setup: decodeTable,
    sql: "SELECT column1, decode(column1, 1, 'one', 2, 'two', NULL, '-NULL-') AS decode_result FROM d",
    expect: {
      types: [INT, TEXT],
      rows: [
        [1, 'one'],
        [2, 'two'],
        [null, '-NULL-'],
        [4, null],
      ],
    },
    note: 'Without a default, a value that matches nothing gives NULL.',
  },
  {
    id: 'decode.null_matches_null',
    construct: 'DECODE',
    doc: fn('decode'),
    sql: "SELECT DECODE(NULL, 1, 'one', NULL, 'null matched', 'other')",
    expect: { types: [TEXT], rows: [['null matched']] },
  },
  {
    id: 'decode.first_match_wins',
    construct: 'DECODE',
    doc: fn('decode'),
    sql: "SELECT DECODE(2, 2, 'first', 2, 'second')",
    expect: { rows: [['first']] },
    note: 'If more than one search expression matches, only the first match is returned.',
  },
  {
    id: 'decode.dayofweek_name',
    construct: 'DECODE',
    doc: fn('extract'),
    sql: "SELECT DECODE(EXTRACT(dayofweek FROM '2025-04-05'::DATE), 1, 'Monday', 2, 'Tuesday', 3, 'Wednesday', 4, 'Thursday', 5, 'Friday', 6, 'Saturday', 7, 'Sunday') AS dayofweek",
    session: { WEEK_START: '1' },
    expect: { types: [TEXT], rows: [['Saturday']] },
    note: 'The EXTRACT page maps dayofweek to a full name with DECODE; with WEEK_START = 1 Saturday 2025-04-05 is day 6 (YEAR* page).',
  },
  // EQUAL_NULL
  {
    id: 'equal_null.cross_join',
    construct: 'EQUAL_NULL',
    doc: fn('equal_null'),
    setup: x,
    sql: 'SELECT x1.i x1_i, x2.i x2_i FROM x x1, x x2 WHERE EQUAL_NULL(x1.i, x2.i)',
    expect: { rows: [[1, 1], [2, 2], [null, null]] },
  },
  {
    id: 'equal_null.equals_operator',
    construct: 'EQUAL_NULL',
    doc: fn('equal_null'),
    setup: x,
    sql: 'SELECT x1.i x1_i, x2.i x2_i FROM x x1, x x2 WHERE x1.i = x2.i',
    expect: { rows: [[1, 1], [2, 2]] },
    note: '= treats NULL as unknown, so NULL = NULL does not select the row.',
  },
  {
    id: 'equal_null.all_outcomes',
    construct: 'EQUAL_NULL',
    doc: fn('equal_null'),
    setup: x,
    sql: 'SELECT x1.i x1_i, x2.i x2_i, EQUAL_NULL(x1.i, x2.i), NOT EQUAL_NULL(x1.i, x2.i) FROM x x1, x x2',
    expect: {
      types: [INT, INT, BOOL, BOOL],
      rows: [
        [1, 1, true, false],
        [2, 1, false, true],
        [null, 1, false, true],
        [1, 2, false, true],
        [2, 2, true, false],
        [null, 2, false, true],
        [1, null, false, true],
        [2, null, false, true],
        [null, null, true, false],
      ],
    },
  },
  {
    id: 'equal_null.operator_outcomes',
    construct: 'EQUAL_NULL',
    doc: fn('equal_null'),
    setup: x,
    sql: "SELECT x1.i x1_i, x2.i x2_i, x1.i = x2.i, IFF(x1.i = x2.i, 'Selected', 'Not'), x1.i <> x2.i, IFF(NOT(x1.i = x2.i), 'Selected', 'Not') FROM x x1, x x2",
    expect: {
      rows: [
        [1, 1, true, 'Selected', false, 'Not'],
        [1, 2, false, 'Not', true, 'Selected'],
        [1, null, null, 'Not', null, 'Not'],
        [2, 1, false, 'Not', true, 'Selected'],
        [2, 2, true, 'Selected', false, 'Not'],
        [2, null, null, 'Not', null, 'Not'],
        [null, 1, null, 'Not', null, 'Not'],
        [null, 2, null, 'Not', null, 'Not'],
        [null, null, null, 'Not', null, 'Not'],
      ],
    },
  },
  {
    id: 'equal_null.literals',
    construct: 'EQUAL_NULL',
    doc: fn('equal_null'),
    sql: 'SELECT EQUAL_NULL(NULL, NULL), EQUAL_NULL(NULL, 1), EQUAL_NULL(1, NULL), EQUAL_NULL(1, 1)',
    expect: { types: [BOOL, BOOL, BOOL, BOOL], rows: [[true, false, false, true]] },
  },
  // CASE
  {
    id: 'case.searched',
    construct: 'CASE',
    doc: fn('case'),
    sql: "SELECT column1, CASE WHEN column1=1 THEN 'one' WHEN column1=2 THEN 'two' ELSE 'other' END AS result FROM (values(1),(2),(3)) v",
    expect: { types: [INT, TEXT], rows: [[1, 'one'], [2, 'two'], [3, 'other']] },
  },
  {
    id: 'case.no_else',
    construct: 'CASE',
    doc: fn('case'),
    sql: "SELECT column1, CASE WHEN column1=1 THEN 'one' WHEN column1=2 THEN 'two' END AS result FROM (values(1),(2),(3)) v",
    expect: { rows: [[1, 'one'], [2, 'two'], [3, null]] },
  },
  {
    id: 'case.is_null',
    construct: 'CASE',
    doc: fn('case'),
    sql: "SELECT column1, CASE WHEN column1 = 1 THEN 'one' WHEN column1 = 2 THEN 'two' WHEN column1 IS NULL THEN 'NULL' ELSE 'other' END AS result FROM VALUES (1), (2), (NULL)",
    expect: { rows: [[1, 'one'], [2, 'two'], [null, 'NULL']] },
  },
  {
    id: 'case.simple_null_matches_nothing',
    construct: 'CASE',
    doc: fn('case'),
    sql: "SELECT CASE NULL WHEN NULL THEN 'matched' ELSE 'no match' END",
    expect: { rows: [['no match']] },
    note: 'In the shorthand form a NULL CASE expression matches no WHEN expression, even a NULL one.',
  },
  {
    id: 'case.equals_null_not_true',
    construct: 'CASE',
    doc: fn('case'),
    sql: "SELECT CASE WHEN NULL = NULL THEN 'Return me!' ELSE 'not returned' END",
    expect: { rows: [['not returned']] },
    note: 'WHEN <null_expr> = NULL does not return its result.',
  },
  // GREATEST / LEAST: "The first argument determines the return type … If the first type is not numeric, then all
  // other arguments must be convertible to the first type."
  {
    id: 'greatest.example_table',
    construct: 'GREATEST',
    doc: fn('greatest'),
    setup: [
      'CREATE TABLE test_table_1_greatest (col_1 INTEGER, col_2 INTEGER, col_3 INTEGER, col_4 FLOAT)',
      'INSERT INTO test_table_1_greatest (col_1, col_2, col_3, col_4) VALUES (1, 2, 3, 4.00), (2, 4, -1, -2.00), (3, 6, NULL, 13.45)',
    ],
    sql: 'SELECT col_1, col_2, col_3, GREATEST(col_1, col_2, col_3) AS greatest FROM test_table_1_greatest ORDER BY col_1',
    expect: { types: [INT, INT, INT, INT], rows: [[1, 2, 3, 3], [2, 4, -1, 4], [3, 6, null, null]] },
  },
  {
    id: 'greatest.text_first_argument',
    construct: 'GREATEST',
    doc: fn('greatest'),
    sql: "SELECT GREATEST('10', 9)",
    expect: { types: [TEXT], rows: [['9']] },
    note: "The first argument, a VARCHAR, determines the return type; 9 is converted to the VARCHAR '9', which sorts after '10'.",
  },
];
