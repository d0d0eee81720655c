// JOIN without ON: an INNER JOIN with no condition is a CROSS JOIN (the JOIN page's usage notes), and a lateral table
// function is joined with no condition at all (the LATERAL page), before or after a join that has one. MINUS, the set
// operators page's other name for EXCEPT: the first query's distinct rows that the second does not return.
import type { ConformanceCase } from '../case';

const JOIN = 'https://docs.snowflake.com/en/sql-reference/constructs/join';
const LATERAL = 'https://docs.snowflake.com/en/sql-reference/constructs/join-lateral';
const SET_OPERATORS = 'https://docs.snowflake.com/en/sql-reference/operators-query';
const INT = { type: 'NUMBER', scale: 0 } as const;

// Aliased items: the driver returns rows keyed by column name, so two COL1 would collapse into one.
const t1t2 = ['CREATE TABLE t1 (col1 INTEGER)', 'CREATE TABLE t2 (col1 INTEGER)', 'INSERT INTO t1 (col1) VALUES (2), (3), (4)', 'INSERT INTO t2 (col1) VALUES (1), (2), (2), (3)'];
const orders = [
  'CREATE TABLE orders (id INTEGER, items VARCHAR)',
  'CREATE TABLE owners (id INTEGER, name VARCHAR)',
  "INSERT INTO orders VALUES (1, 'a,b'), (2, 'c'), (3, 'd,e')",
  "INSERT INTO owners VALUES (1, 'ann'), (2, 'bob')",
];

export const cases: ConformanceCase[] = [
  {
    id: 'join.inner_without_on',
    construct: 'JOIN',
    doc: JOIN,
    setup: t1t2,
    sql: 'SELECT t1.col1 AS c1, t2.col1 AS c2 FROM t1 INNER JOIN t2 ORDER BY 1, 2',
    expect: {
      types: [INT, INT],
      rows: [
        [2, 1], [2, 2], [2, 2], [2, 3],
        [3, 1], [3, 2], [3, 2], [3, 3],
        [4, 1], [4, 2], [4, 2], [4, 3],
      ],
    },
    note: 'If you use INNER JOIN without the ON clause, the result is the same as using CROSS JOIN.',
  },
  {
    id: 'join.plain_join_without_on_then_where',
    construct: 'JOIN',
    doc: JOIN,
    setup: t1t2,
    sql: 'SELECT t1.col1 AS c1, t2.col1 AS c2 FROM t1 JOIN t2 WHERE t1.col1 = t2.col1 ORDER BY 1, 2',
    expect: { types: [INT, INT], rows: [[2, 2], [2, 2], [3, 3]] },
    note: 'JOIN is INNER JOIN; without ON it pairs every row, and the WHERE clause relates them as an ON would.',
  },
  {
    id: 'join.lateral_table_function_then_join_on',
    construct: 'LATERAL',
    doc: LATERAL,
    setup: orders,
    sql: "SELECT o.id, s.value AS item, w.name FROM orders o JOIN LATERAL SPLIT_TO_TABLE(o.items, ',') s JOIN owners w ON o.id = w.id ORDER BY 1, 2",
    expect: { types: [INT, { type: 'VARCHAR' }, { type: 'VARCHAR' }], rows: [[1, 'a', 'ann'], [1, 'b', 'ann'], [2, 'c', 'bob']] },
    note: 'A lateral join can use the comma or INNER JOIN; a lateral table function takes no ON clause, so the ON is the next join\'s.',
  },
  {
    id: 'set_operators.minus',
    construct: 'MINUS',
    doc: SET_OPERATORS,
    setup: [...t1t2, 'INSERT INTO t1 (col1) VALUES (4)'],
    sql: 'SELECT col1 FROM t1 MINUS SELECT col1 FROM t2 ORDER BY 1',
    expect: { types: [INT], rows: [[4]] },
    note: 'MINUS is EXCEPT: rows of the first query the second does not return, duplicates eliminated (t1 holds 4 twice).',
  },
  {
    id: 'set_operators.union_varchar_number_mismatch',
    construct: 'UNION',
    doc: SET_OPERATORS,
    setup: [
      'CREATE OR REPLACE TABLE union_test1 (v VARCHAR)',
      'CREATE OR REPLACE TABLE union_test2 (i INTEGER)',
      "INSERT INTO union_test1 (v) VALUES ('Adams, Douglas')",
      'INSERT INTO union_test2 (i) VALUES (42)',
    ],
    sql: 'SELECT v FROM union_test1 UNION SELECT i FROM union_test2',
    expect: { error: "Numeric value 'Adams, Douglas' is not recognized" },
    note: '"Use the UNION operator and cast mismatched data types": the VARCHAR column is converted to the INTEGER column\'s NUMBER, and text that is no number fails.',
  },
  {
    id: 'set_operators.union_mismatch_cast_to_varchar',
    construct: 'UNION',
    doc: SET_OPERATORS,
    setup: [
      'CREATE OR REPLACE TABLE union_test1 (v VARCHAR)',
      'CREATE OR REPLACE TABLE union_test2 (i INTEGER)',
      "INSERT INTO union_test1 (v) VALUES ('Adams, Douglas')",
      'INSERT INTO union_test2 (i) VALUES (42)',
    ],
    sql: 'SELECT v::VARCHAR AS v FROM union_test1 UNION SELECT i::VARCHAR FROM union_test2 ORDER BY 1',
    expect: { types: [{ type: 'VARCHAR' }], rows: [['42'], ['Adams, Douglas']] },
    note: 'The page\'s solution: both branches cast to VARCHAR.',
  },
];
