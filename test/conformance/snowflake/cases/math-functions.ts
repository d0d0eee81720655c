// Numeric functions the real-world corpus calls that the other case files did not name: ABS, MOD, POWER / POW,
// FLOOR, LN.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const FLOAT = { type: 'FLOAT' } as const;

export const cases: ConformanceCase[] = [
  {
    id: 'abs.values',
    construct: 'ABS',
    doc: fn('abs'),
    sql: 'SELECT column1, ABS(column1) FROM (VALUES (0), (1), (-2), (3.5), (-4.5), (NULL)) ORDER BY column1 NULLS LAST',
    expect: {
      types: [{ type: 'NUMBER', scale: 1 }, { type: 'NUMBER', scale: 1 }],
      rows: [['-4.5', '4.5'], ['-2.0', '2.0'], ['0.0', '0.0'], ['1.0', '1.0'], ['3.5', '3.5'], [null, null]],
    },
    note: 'ABS keeps its argument\'s type: the VALUES column is NUMBER(2,1), so is the absolute value.',
  },
  {
    id: 'abs.integer_and_float',
    construct: 'ABS',
    doc: fn('abs'),
    sql: 'SELECT ABS(-2), ABS(-2.5::FLOAT)',
    expect: { types: [{ type: 'NUMBER', scale: 0 }, FLOAT], rows: [[2, 2.5]] },
  },
  {
    id: 'mod.integer_and_decimal',
    construct: 'MOD',
    doc: fn('mod'),
    sql: 'SELECT MOD(3, 2) AS mod1, MOD(4.5, 1.2) AS mod2',
    expect: { types: [{ type: 'NUMBER', scale: 0 }, { type: 'NUMBER', scale: 1 }], rows: [[1, '0.9']] },
  },
  {
    id: 'mod.truncation_sign',
    construct: 'MOD',
    doc: fn('mod'),
    sql: 'SELECT MOD(-10, 3), MOD(10, -3), -10 % 3',
    expect: { rows: [[-1, 1, -1]] },
    note: 'The remainder of truncation-based division: a negative dividend gives a negative remainder; % is MOD.',
  },
  {
    id: 'power.float_result',
    construct: 'POWER',
    doc: fn('pow'),
    sql: 'SELECT POWER(2, 3), POW(2.5, 2), POWER(4, 0.5)',
    expect: { types: [FLOAT, FLOAT, FLOAT], rows: [[8, 6.25, 2]] },
    note: 'POW and POWER are synonyms and return a FLOAT.',
  },
  {
    id: 'floor.numbers',
    construct: 'FLOOR',
    doc: fn('floor'),
    sql: 'SELECT FLOOR(135.135), FLOOR(-975.975)',
    expect: { types: [{ type: 'NUMBER', scale: 0 }, { type: 'NUMBER', scale: 0 }], rows: [[135, -976]] },
    note: 'FLOOR rounds toward negative infinity; without a scale the result has scale 0.',
  },
  {
    id: 'ln.values',
    construct: 'LN',
    doc: fn('ln'),
    sql: 'SELECT LN(1), ROUND(LN(10), 9), ROUND(LN(100), 9)',
    expect: { types: [FLOAT, FLOAT, FLOAT], rows: [[0, 2.302585093, 4.605170186]] },
    note: 'The page shows LN(10) and LN(100) to nine decimals: the case rounds to what it shows.',
  },
];
