// Window functions and QUALIFY: ROW_NUMBER (partitions, ordering), QUALIFY on a window function, on a select-list
// alias, and as the dbt "latest row per key" pattern; CONDITIONAL_TRUE_EVENT.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const QUALIFY = 'https://docs.snowflake.com/en/sql-reference/constructs/qualify';
const INT = { type: 'NUMBER', scale: 0 } as const;

const trades = [
  'CREATE TABLE trades (symbol VARCHAR, exchange VARCHAR, shares INT)',
  "INSERT INTO trades VALUES ('SPY', 'C', 250), ('AAPL', 'C', 300), ('SPY', 'N', 100), ('AAPL', 'N', 300), ('SPY', 'N', 500), ('QQQ', 'N', 800), ('QQQ', 'N', 2000), ('YHOO', 'N', 5000)",
];
// The CONDITIONAL_TRUE_EVENT page's table.
const events = [
  'CREATE TABLE table1 (province VARCHAR, o_col INTEGER, o2_col INTEGER)',
  "INSERT INTO table1 (province, o_col, o2_col) VALUES ('Alberta', 0, 10), ('Alberta', 0, 10), ('Alberta', 13, 10), ('Alberta', 13, 11), ('Alberta', 14, 11), ('Alberta', 15, 12), ('Alberta', NULL, NULL), ('Manitoba', 30, 30)",
];
const qt = ['CREATE TABLE qt (i INTEGER, p CHAR(1), o INTEGER)', "INSERT INTO qt (i, p, o) VALUES (1, 'A', 1), (2, 'A', 2), (3, 'B', 1), (4, 'B', 2)"];

export const cases: ConformanceCase[] = [
  {
    id: 'qualify.lateral_alias_of_conversion',
    construct: 'QUALIFY',
    doc: QUALIFY,
    sql:
      "SELECT TO_TIMESTAMP_NTZ(ts) AS t, DATEADD(day, 1, t) AS next_day FROM (SELECT '2024-01-02 03:04:05' AS ts UNION ALL SELECT '2024-01-02 03:04:05') " +
      "WHERE t > '2024-01-01' QUALIFY ROW_NUMBER() OVER (PARTITION BY t ORDER BY t) = 1",
    expect: { types: [{ type: 'TIMESTAMP_NTZ' }, { type: 'TIMESTAMP_NTZ' }], rows: [['2024-01-02 03:04:05.000', '2024-01-03 03:04:05.000']] },
    note: 'QUALIFY, WHERE and a later select item read a select-list alias (here of a conversion the twin checks while running).',
  },
  {
    id: 'row_number.partitions',
    construct: 'ROW_NUMBER',
    doc: fn('row_number'),
    setup: trades,
    sql: 'SELECT symbol, exchange, shares, ROW_NUMBER() OVER (PARTITION BY exchange ORDER BY shares) AS row_number FROM trades',
    expect: {
      types: [{ type: 'VARCHAR' }, { type: 'VARCHAR' }, INT, INT],
      rows: [
        ['SPY', 'C', 250, 1],
        ['AAPL', 'C', 300, 2],
        ['SPY', 'N', 100, 1],
        ['AAPL', 'N', 300, 2],
        ['SPY', 'N', 500, 3],
        ['QQQ', 'N', 800, 4],
        ['QQQ', 'N', 2000, 5],
        ['YHOO', 'N', 5000, 6],
      ],
    },
    note: 'Numbers start at 1 in each partition. (The page has a tie at 250 in C; one row of the tie is left out here.)',
  },
  {
    id: 'row_number.single_partition',
    construct: 'ROW_NUMBER',
    doc: fn('row_number'),
    setup: trades,
    sql: "SELECT shares, ROW_NUMBER() OVER (ORDER BY shares DESC) FROM trades WHERE exchange = 'N' ORDER BY shares DESC",
    expect: {
      rows: [
        [5000, 1],
        [2000, 2],
        [800, 3],
        [500, 4],
        [300, 5],
        [100, 6],
      ],
    },
    note: 'Without PARTITION BY there is one group.',
  },
  {
    id: 'row_number.gap_free_over_generator',
    construct: 'ROW_NUMBER',
    doc: fn('seq1'),
    sql: 'SELECT ROW_NUMBER() OVER (ORDER BY seq4()) AS rn FROM TABLE(generator(rowcount => 10)) ORDER BY rn',
    expect: { types: [INT], rows: [[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]] },
  },
  {
    id: 'qualify.nested_equivalent',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT * FROM ( SELECT i, p, o, ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) AS row_num FROM qt) WHERE row_num = 1',
    expect: { rows: [[1, 'A', 1, 1], [3, 'B', 1, 1]] },
  },
  {
    id: 'qualify.window_in_predicate',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT i, p, o FROM qt QUALIFY ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) = 1',
    expect: { rows: [[1, 'A', 1], [3, 'B', 1]] },
  },
  {
    id: 'qualify.select_alias',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT i, p, o, ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) AS row_num FROM qt QUALIFY row_num = 1',
    expect: { types: [INT, { type: 'VARCHAR' }, INT, INT], rows: [[1, 'A', 1, 1], [3, 'B', 1, 1]] },
    note: 'QUALIFY can refer to a window function by its select-list alias.',
  },
  {
    id: 'qualify.without_filter',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT i, p, o, ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) AS row_num FROM qt',
    expect: { rows: [[1, 'A', 1, 1], [2, 'A', 2, 2], [3, 'B', 1, 1], [4, 'B', 2, 2]] },
  },
  {
    id: 'qualify.latest_per_key',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT i, p, o FROM qt QUALIFY ROW_NUMBER() OVER (PARTITION BY p ORDER BY o DESC) = 1 ORDER BY p',
    expect: { rows: [[2, 'A', 2], [4, 'B', 2]] },
    note: 'QUALIFY filters on the window result after it is computed (here: the last row per partition).',
  },
  {
    id: 'qualify.after_where',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT i, p, o FROM qt WHERE o > 1 QUALIFY ROW_NUMBER() OVER (PARTITION BY p ORDER BY o) = 1 ORDER BY i',
    expect: { rows: [[2, 'A', 2], [4, 'B', 2]] },
    note: 'WHERE runs before the window functions, QUALIFY after them.',
  },
  {
    id: 'qualify.with_group_by_having',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT p, SUM(o) OVER (PARTITION BY p) AS r FROM qt WHERE o < 4 GROUP BY p, o HAVING SUM(i) > 3 QUALIFY r IN ( SELECT MIN(i) FROM qt GROUP BY p HAVING MIN(i) > 3)',
    expect: { rows: [] },
    note: 'HAVING keeps only group (B, 2) (SUM(i) = 4); its r is 2, which is not in the subquery result (empty), so nothing remains.',
  },
  {
    id: 'qualify.needs_window_function',
    construct: 'QUALIFY',
    doc: QUALIFY,
    setup: qt,
    sql: 'SELECT i FROM qt QUALIFY i = 1',
    expect: { error: '' },
    note: 'QUALIFY requires at least one window function in the select list or in its predicate.',
  },
  {
    id: 'conditional_true_event.partitions',
    construct: 'CONDITIONAL_TRUE_EVENT',
    doc: fn('conditional_true_event'),
    setup: events,
    sql: 'SELECT province, o_col, CONDITIONAL_TRUE_EVENT(o_col) OVER (PARTITION BY province ORDER BY o_col) AS true_event FROM table1 ORDER BY province, o_col, true_event',
    expect: {
      types: [{ type: 'VARCHAR' }, INT, INT],
      rows: [
        ['Alberta', 0, 0],
        ['Alberta', 0, 0],
        ['Alberta', 13, 1],
        ['Alberta', 13, 2],
        ['Alberta', 14, 3],
        ['Alberta', 15, 4],
        ['Alberta', null, 4],
        ['Manitoba', 30, 1],
      ],
    },
    note: "The page's first example: a non-zero number is TRUE, NULL is not, the count starts at 0 in each partition and counts rows, so the two rows tied at 13 get 1 and 2. true_event is added to the outer ORDER BY, which the page's leaves tied.",
  },
  {
    id: 'conditional_true_event.expression',
    construct: 'CONDITIONAL_TRUE_EVENT',
    doc: fn('conditional_true_event'),
    setup: events,
    sql: 'SELECT o_col, CONDITIONAL_TRUE_EVENT(o_col > 13) OVER (ORDER BY o_col) AS true_event FROM table1 WHERE o_col IS NOT NULL ORDER BY o_col, true_event',
    expect: { types: [INT, INT], rows: [[0, 0], [0, 0], [13, 0], [13, 0], [14, 1], [15, 2], [30, 3]] },
    note: 'The number starts from 0 and is incremented by 1 for each row on which the boolean argument is true.',
  },
];
