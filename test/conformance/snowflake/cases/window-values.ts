// Value window functions the real-world corpus calls: LAG, LEAD, FIRST_VALUE, LAST_VALUE, NTH_VALUE (their default
// frame, { IGNORE | RESPECT } NULLS after the parentheses), RANK, DENSE_RANK.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const INT = { type: 'NUMBER', scale: 0 } as const;

const pairs = 'FROM VALUES (1, 10), (1, 11), (1, 12), (2, 20), (2, 21), (2, 22)';
const sales = [
  'CREATE OR REPLACE TABLE sales (emp_id INTEGER, year INTEGER, revenue DECIMAL(10,2))',
  'INSERT INTO sales VALUES (0, 2010, 1000), (0, 2011, 1500), (0, 2012, 500), (0, 2013, 750), (1, 2010, 10000), (1, 2011, 12500), (1, 2012, 15000), (1, 2013, 20000), (2, 2012, 500), (2, 2013, 800)',
];
const gaps = ['CREATE OR REPLACE TABLE t1 (col_1 NUMBER, col_2 NUMBER)', 'INSERT INTO t1 VALUES (1, 5), (2, 4), (3, NULL), (4, 2), (5, NULL), (6, NULL), (7, 6)'];

export const cases: ConformanceCase[] = [
  {
    id: 'last_value.default_frame_whole_partition',
    construct: 'LAST_VALUE',
    doc: fn('last_value'),
    sql: `SELECT column1, column2, LAST_VALUE(column2) OVER (PARTITION BY column1 ORDER BY column2) AS column2_last ${pairs} ORDER BY column1, column2`,
    expect: { types: [INT, INT, INT], rows: [[1, 10, 12], [1, 11, 12], [1, 12, 12], [2, 20, 22], [2, 21, 22], [2, 22, 22]] },
    note: "Without a window frame LAST_VALUE looks at the whole partition: every row gets its partition's last value (the page's example; Snowpark's last_value page shows the same, COLUMN2=10 → COLUMN2_LAST=11). A frame ending at the current row would give each row its own value.",
  },
  {
    id: 'last_value.explicit_frame_kept',
    construct: 'LAST_VALUE',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-window-syntax',
    sql: `SELECT column1, column2, LAST_VALUE(column2) OVER (PARTITION BY column1 ORDER BY column2 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS l ${pairs} ORDER BY column1, column2`,
    expect: { rows: [[1, 10, 10], [1, 11, 11], [1, 12, 12], [2, 20, 20], [2, 21, 21], [2, 22, 22]] },
    note: 'A written frame is the frame: ending at the current row, the last value is the row itself.',
  },
  {
    id: 'last_value.ignore_nulls_after_call',
    construct: 'LAST_VALUE',
    doc: fn('last_value'),
    setup: gaps,
    sql: 'SELECT col_1, LAST_VALUE(col_2) IGNORE NULLS OVER (ORDER BY col_1) AS l FROM t1 ORDER BY col_1',
    expect: { rows: [[1, 6], [2, 6], [3, 6], [4, 6], [5, 6], [6, 6], [7, 6]] },
    note: 'IGNORE NULLS (written after the parentheses, as the syntax shows) returns the last non-NULL value; the default frame is the whole partition.',
  },
  {
    id: 'last_value.respect_nulls_last_is_null',
    construct: 'LAST_VALUE',
    doc: fn('last_value'),
    setup: gaps,
    sql: 'SELECT col_1, LAST_VALUE(col_2) RESPECT NULLS OVER (ORDER BY col_1 DESC) AS l FROM t1 ORDER BY col_1',
    expect: { rows: [[1, 5], [2, 5], [3, 5], [4, 5], [5, 5], [6, 5], [7, 5]] },
    note: 'RESPECT NULLS (the default) returns the value of the last row of the ordered partition, NULL or not; ordered by col_1 DESC that is col_1 = 1.',
  },
  {
    id: 'first_value.default_frame',
    construct: 'FIRST_VALUE',
    doc: fn('first_value'),
    sql: `SELECT column1, column2, FIRST_VALUE(column2) OVER (PARTITION BY column1 ORDER BY column2 DESC) AS f ${pairs} ORDER BY column1, column2`,
    expect: { types: [INT, INT, INT], rows: [[1, 10, 12], [1, 11, 12], [1, 12, 12], [2, 20, 22], [2, 21, 22], [2, 22, 22]] },
    note: 'FIRST_VALUE returns the first value of the ordered partition for every row.',
  },
  {
    id: 'first_value.ignore_nulls_after_call',
    construct: 'FIRST_VALUE',
    doc: fn('first_value'),
    setup: gaps,
    sql: 'SELECT col_1, FIRST_VALUE(col_2) IGNORE NULLS OVER (ORDER BY col_2 NULLS FIRST, col_1) AS f FROM t1 ORDER BY col_1',
    expect: { rows: [[1, 2], [2, 2], [3, 2], [4, 2], [5, 2], [6, 2], [7, 2]] },
    note: 'IGNORE NULLS skips the NULL rows ordered first: the first non-NULL value, for every row (the whole partition is the frame).',
  },
  {
    id: 'nth_value.default_frame_whole_partition',
    construct: 'NTH_VALUE',
    doc: fn('nth_value'),
    sql: `SELECT column1, column2, NTH_VALUE(column2, 2) OVER (PARTITION BY column1 ORDER BY column2) AS column2_2nd ${pairs} ORDER BY column1, column2`,
    expect: { types: [INT, INT, INT], rows: [[1, 10, 11], [1, 11, 11], [1, 12, 11], [2, 20, 21], [2, 21, 21], [2, 22, 21]] },
    note: "The second value of the partition for every row, the first row included (Snowpark's nth_value page: COLUMN2=10 → COLUMN2_2ND=11); a frame ending at the current row would give NULL there.",
  },
  {
    id: 'lag.revenue_difference',
    construct: 'LAG',
    doc: fn('lag'),
    setup: sales,
    sql: 'SELECT emp_id, year, revenue, revenue - LAG(revenue, 1, 0) OVER (PARTITION BY emp_id ORDER BY year) AS diff_to_prev FROM sales ORDER BY emp_id, year',
    expect: {
      rows: [
        [0, 2010, '1000.00', '1000.00'],
        [0, 2011, '1500.00', '500.00'],
        [0, 2012, '500.00', '-1000.00'],
        [0, 2013, '750.00', '250.00'],
        [1, 2010, '10000.00', '10000.00'],
        [1, 2011, '12500.00', '2500.00'],
        [1, 2012, '15000.00', '2500.00'],
        [1, 2013, '20000.00', '5000.00'],
        [2, 2012, '500.00', '500.00'],
        [2, 2013, '800.00', '300.00'],
      ],
    },
    note: 'LAG(expr, offset, default): the value offset rows back in the partition, the default (0) where there is none.',
  },
  {
    id: 'lag.ignore_nulls_after_call',
    construct: 'LAG',
    doc: fn('lag'),
    setup: gaps,
    sql: 'SELECT col_1, col_2, LAG(col_2) IGNORE NULLS OVER (ORDER BY col_1) AS prev FROM t1 ORDER BY col_1',
    expect: { rows: [[1, 5, null], [2, 4, 5], [3, null, 4], [4, 2, 4], [5, null, 2], [6, null, 2], [7, 6, 2]] },
    note: 'IGNORE NULLS excludes rows whose expression is NULL when the offset rows are counted: the previous non-NULL value.',
  },
  {
    id: 'lag.negative_offset_is_lead',
    construct: 'LAG',
    doc: fn('lag'),
    sql: 'SELECT column1, LAG(column1, -1) OVER (ORDER BY column1) AS nxt FROM VALUES (1), (2), (3) ORDER BY column1',
    expect: { rows: [[1, 2], [2, 3], [3, null]] },
    note: 'A negative offset has the same effect as LEAD.',
  },
  {
    id: 'lead.ignore_nulls_after_call',
    construct: 'LEAD',
    doc: fn('lead'),
    setup: gaps,
    sql: 'SELECT col_1, col_2, LEAD(col_2) IGNORE NULLS OVER (ORDER BY col_1) AS nxt FROM t1 ORDER BY col_1',
    expect: { rows: [[1, 5, 4], [2, 4, 2], [3, null, 2], [4, 2, 6], [5, null, 6], [6, null, 6], [7, 6, null]] },
    note: 'IGNORE NULLS: the next non-NULL value.',
  },
  {
    id: 'lead.revenue_difference',
    construct: 'LEAD',
    doc: fn('lead'),
    setup: sales,
    sql: 'SELECT emp_id, year, revenue, LEAD(revenue) OVER (PARTITION BY emp_id ORDER BY year) - revenue AS diff_to_next FROM sales ORDER BY emp_id, year',
    expect: {
      rows: [
        [0, 2010, '1000.00', '500.00'],
        [0, 2011, '1500.00', '-1000.00'],
        [0, 2012, '500.00', '250.00'],
        [0, 2013, '750.00', null],
        [1, 2010, '10000.00', '2500.00'],
        [1, 2011, '12500.00', '2500.00'],
        [1, 2012, '15000.00', '5000.00'],
        [1, 2013, '20000.00', null],
        [2, 2012, '500.00', '300.00'],
        [2, 2013, '800.00', null],
      ],
    },
    note: 'LEAD without a default is NULL past the end of the partition.',
  },
  {
    id: 'rank.ties_leave_gaps',
    construct: 'RANK',
    doc: fn('rank'),
    sql: 'SELECT state, bushels, RANK() OVER (ORDER BY bushels DESC) AS r, DENSE_RANK() OVER (ORDER BY bushels DESC) AS d FROM (SELECT column1 AS state, column2 AS bushels FROM VALUES (\'Iowa\', 130), (\'Kansas\', 120), (\'Nebraska\', 130), (\'Ohio\', 110)) ORDER BY r, state',
    expect: { types: [{ type: 'VARCHAR' }, INT, INT, INT], rows: [['Iowa', 130, 1, 1], ['Nebraska', 130, 1, 1], ['Kansas', 120, 3, 2], ['Ohio', 110, 4, 3]] },
    note: 'RANK gives ties the same rank and leaves a gap after them; DENSE_RANK leaves none (dense_rank page).',
  },
];
