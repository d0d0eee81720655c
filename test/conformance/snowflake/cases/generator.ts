// Row generation: TABLE(GENERATOR(ROWCOUNT => n)) with SEQ4 / SEQ8 / SEQ1 / SEQ2 and the deterministic parts of
// UNIFORM (a constant generator argument gives one value for every row).
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const GEN = fn('generator');
const SEQ = fn('seq1');

export const cases: ConformanceCase[] = [
  {
    id: 'generator.rowcount_seq4',
    construct: 'GENERATOR',
    doc: GEN,
    sql: 'SELECT seq4() FROM TABLE(GENERATOR(ROWCOUNT => 10)) v ORDER BY 1',
    expect: { rows: [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]] },
    note: 'ROWCOUNT => 10 gives 10 rows; SEQ4() starts at 0.',
  },
  {
    id: 'generator.count_rows',
    construct: 'GENERATOR',
    doc: GEN,
    sql: 'SELECT COUNT(*) FROM TABLE(GENERATOR(ROWCOUNT => 1000))',
    expect: { rows: [[1000]] },
  },
  {
    id: 'generator.no_arguments_zero_rows',
    construct: 'GENERATOR',
    doc: GEN,
    sql: 'SELECT seq4() FROM TABLE(GENERATOR()) v ORDER BY 1',
    expect: { rows: [] },
    note: 'With neither ROWCOUNT nor TIMELIMIT the function returns 0 rows.',
  },
  {
    id: 'generator.null_rowcount_zero_rows',
    construct: 'GENERATOR',
    doc: GEN,
    sql: 'SELECT COUNT(*) FROM TABLE(GENERATOR(ROWCOUNT => NULL))',
    expect: { rows: [[0]] },
    note: 'A NULL ROWCOUNT is ignored, so generator(ROWCOUNT => null) generates 0 rows.',
  },
  {
    id: 'generator.zero_rowcount',
    construct: 'GENERATOR',
    doc: GEN,
    sql: 'SELECT COUNT(*) FROM TABLE(GENERATOR(ROWCOUNT => 0))',
    expect: { rows: [[0]] },
  },
  {
    id: 'generator.zero_columns',
    construct: 'GENERATOR',
    doc: GEN,
    sql: "SELECT 'x' FROM TABLE(GENERATOR(ROWCOUNT => 3))",
    expect: { rows: [['x'], ['x'], ['x']] },
    note: 'Row content comes from the projection, not from GENERATOR itself.',
  },
  {
    id: 'generator.uniform_constant_seed',
    construct: 'GENERATOR',
    doc: GEN,
    sql: 'SELECT COUNT(DISTINCT uniform(1, 10, 42)), MIN(uniform(1, 10, 42)) BETWEEN 1 AND 10 FROM TABLE(GENERATOR(ROWCOUNT => 10)) v',
    expect: { rows: [[1, true]] },
    note: 'With a constant third argument UNIFORM gives the same value for every row, within [1, 10].',
  },
  {
    id: 'generator.uniform_random_per_row',
    construct: 'UNIFORM',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions/uniform',
    sql: 'SELECT MIN(u) >= 1 AND MAX(u) <= 10, COUNT(DISTINCT u) > 1, MIN(f) >= 0 AND MAX(f) <= 1 FROM (SELECT uniform(1, 10, random()) u, uniform(0.0, 1.0, random()) f FROM TABLE(GENERATOR(ROWCOUNT => 100)))',
    expect: { rows: [[true, true, true]] },
    note: 'With RANDOM() as the generator each row draws anew; integer bounds give integers in [min, max], others a FLOAT in [min, max].',
  },
  {
    id: 'generator.uniform_types',
    construct: 'UNIFORM',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions/uniform',
    sql: 'SELECT uniform(1, 1, random()), uniform(2.5, 2.5, random())',
    expect: { types: [{ type: 'NUMBER', scale: 0 }, { type: 'FLOAT' }], rows: [[1, 2.5]] },
    note: 'Integer bounds give an integer; bounds that are not integers give a FLOAT.',
  },
  {
    id: 'generator.uniform_cast_bounds',
    construct: 'UNIFORM',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions/uniform',
    sql: 'SELECT uniform(3::int, CAST(3 AS INTEGER), random()), uniform(0.5::float, 0.5::float, random()), uniform(0::float, 1::float, 7) BETWEEN 0 AND 1',
    expect: { types: [{ type: 'NUMBER', scale: 0 }, { type: 'FLOAT' }, { type: 'BOOLEAN' }], rows: [[3, 0.5, true]] },
    note: 'Constant bounds cast to a type: integer casts give an integer, FLOAT casts a FLOAT (dbt_expectations rand() is uniform(0::float, 1::float, random())).',
  },
  {
    id: 'generator.uniform_float_cast_random_per_row',
    construct: 'UNIFORM',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions/uniform',
    sql: 'SELECT MIN(u) >= 0 AND MAX(u) <= 1, COUNT(DISTINCT u) > 1 FROM (SELECT uniform(0::float, 1::float, random()) u FROM TABLE(GENERATOR(ROWCOUNT => 50)))',
    expect: { rows: [[true, true]] },
    note: 'FLOAT bounds with RANDOM() as the generator: a new FLOAT in [0, 1] per row.',
  },
  {
    id: 'seq8.basic',
    construct: 'SEQ8',
    doc: SEQ,
    sql: 'SELECT seq8() FROM table(generator(rowCount => 5)) ORDER BY 1',
    expect: { rows: [[0], [1], [2], [3], [4]] },
  },
  {
    id: 'seq4.basic',
    construct: 'SEQ4',
    doc: SEQ,
    sql: 'SELECT seq4() AS s FROM TABLE(GENERATOR(ROWCOUNT => 3)) ORDER BY s',
    expect: { rows: [[0], [1], [2]] },
  },
  {
    id: 'seq4.distinct_and_increasing',
    construct: 'SEQ4',
    doc: SEQ,
    sql: 'SELECT COUNT(DISTINCT seq4()), MIN(seq4()) FROM TABLE(GENERATOR(ROWCOUNT => 100))',
    expect: { rows: [[100, 0]] },
    note: 'SEQ4 gives a unique set of increasing integers starting at 0.',
  },
  {
    id: 'seq1.wrap_around_signed',
    construct: 'SEQ1',
    doc: SEQ,
    sql: 'SELECT * FROM (SELECT seq2(0), seq1(1) FROM table(generator(rowCount => 132))) ORDER BY seq2(0) LIMIT 7 OFFSET 125',
    expect: {
      rows: [
        [125, 125],
        [126, 126],
        [127, 127],
        [128, -128],
        [129, -127],
        [130, -126],
        [131, -125],
      ],
    },
    note: 'SEQ1(1) wraps to the smallest 1-byte integer after 127.',
  },
  {
    id: 'seq8.with_row_number',
    construct: 'SEQ8',
    doc: SEQ,
    sql: 'SELECT seq8() AS s, ROW_NUMBER() OVER (ORDER BY seq8()) AS rn FROM TABLE(GENERATOR(ROWCOUNT => 4)) ORDER BY s',
    expect: { rows: [[0, 1], [1, 2], [2, 3], [3, 4]] },
  },
];
