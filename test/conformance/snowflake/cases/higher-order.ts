// Snowflake's higher-order functions over arrays (TRANSFORM, FILTER, REDUCE, each with a lambda), and a DuckDB
// function Snowflake does not have (STRFTIME): each statement is an example of its page.
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;

export const cases: ConformanceCase[] = [
  {
    id: 'transform.multiply_by_two',
    construct: 'TRANSFORM',
    doc: fn('transform'),
    sql: 'SELECT TRANSFORM([1, 2, 3], a INT -> a * 2) AS "Multiply by Two"',
    expect: { types: [{ type: 'ARRAY' }], rows: [['[2,4,6]']] },
    note: 'A semi-structured array in, a semi-structured array of the lambda results out (the page\'s Returns).',
  },
  {
    id: 'filter.objects_at_least_50',
    construct: 'FILTER',
    doc: fn('filter'),
    sql: "SELECT FILTER([{'name':'Pat', 'value': 50}, {'name':'Terry', 'value': 75}, {'name':'Dana', 'value': 25}], a -> a:value >= 50) AS \"Filter >= 50\"",
    expect: { types: [{ type: 'ARRAY' }], rows: [['[{"name":"Pat","value":50},{"name":"Terry","value":75}]']] },
  },
  {
    id: 'reduce.sum_of_values',
    construct: 'REDUCE',
    doc: fn('reduce'),
    sql: 'SELECT REDUCE([1,2,3], 0, (acc, val) -> acc + val) AS sum_of_values',
    expect: { rows: [[6]] },
  },
  {
    id: 'strftime.not_a_snowflake_function',
    construct: 'STRFTIME',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-all',
    sql: "SELECT STRFTIME('2024-01-15', '%Y')",
    expect: { error: '' },
    note: 'STRFTIME is not in the list of all Snowflake functions: Snowflake fails the statement (an unknown function).',
  },
];
