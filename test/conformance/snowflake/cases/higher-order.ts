// Snowflake's higher-order functions over arrays (TRANSFORM, FILTER, REDUCE, each with a lambda), and DuckDB
// functions Snowflake does not have (STRFTIME, LEVENSHTEIN): each statement is an example of its page.
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
    id: 'reduce.string_values',
    construct: 'REDUCE',
    doc: fn('reduce'),
    sql: "SELECT REDUCE(['a', 'b', 'c'], '', (acc, val) -> acc || ' ' || val) AS string_values",
    expect: { types: [{ type: 'VARCHAR' }], rows: [[' a b c']] },
    note: "The page's \"Generate string values\": the accumulator is init's VARCHAR, each VARIANT element concatenated as its text.",
  },
  {
    id: 'reduce.reverse_order',
    construct: 'REDUCE',
    doc: fn('reduce'),
    sql: 'SELECT REDUCE([1, 2, 3, 4], [], (acc, val) -> ARRAY_PREPEND(acc, val)) AS reverse_order',
    expect: { types: [{ type: 'ARRAY' }], rows: [['[4,3,2,1]']] },
  },
  {
    id: 'reduce.conditional_logic',
    construct: 'REDUCE',
    doc: fn('reduce'),
    sql: 'SELECT REDUCE([5,10,15], 0, (acc, val) -> IFF(val < 7, acc + val * val, acc + val)) AS conditional_logic',
    expect: { rows: [[50]] },
  },
  {
    id: 'strftime.date_argument',
    construct: 'STRFTIME',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-all',
    sql: "SELECT STRFTIME(DATE '2024-01-15', '%Y')",
    expect: { error: '' },
    note: 'DuckDB runs STRFTIME on a DATE; Snowflake has no function of that name (not in the list of all functions) and fails the statement.',
  },
  {
    id: 'levenshtein.not_a_snowflake_function',
    construct: 'LEVENSHTEIN',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-all',
    sql: "SELECT LEVENSHTEIN('kitten', 'sitting')",
    expect: { error: '' },
    note: "Not in the list of all Snowflake functions (Snowflake's edit distance is EDITDISTANCE): Snowflake fails the statement as an unknown function.",
  },
  {
    id: 'strftime.not_a_snowflake_function',
    construct: 'STRFTIME',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-all',
    sql: "SELECT STRFTIME('2024-01-15', '%Y')",
    expect: { error: '' },
    note: 'STRFTIME is not in the list of all Snowflake functions: Snowflake fails the statement (an unknown function).',
  },
  {
    id: 'list_transform.not_a_snowflake_function',
    construct: 'LIST_TRANSFORM',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-all',
    sql: 'SELECT LIST_TRANSFORM([1, 2], x -> x + 1)',
    expect: { error: '' },
    note: "Not in the list of all Snowflake functions (Snowflake's is TRANSFORM): Snowflake fails the statement as an unknown function. The twin's translation of TRANSFORM calls DuckDB's LIST_TRANSFORM, which ran when written by the user.",
  },
  {
    id: 'regexp_full_match.not_a_snowflake_function',
    construct: 'REGEXP_FULL_MATCH',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-all',
    sql: "SELECT REGEXP_FULL_MATCH('abc', 'a.c')",
    expect: { error: '' },
    note: "Not in the list of all Snowflake functions (Snowflake's is REGEXP_LIKE / RLIKE): Snowflake fails the statement as an unknown function.",
  },
  {
    id: 'json_extract.not_a_snowflake_function',
    construct: 'JSON_EXTRACT',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions-all',
    sql: `SELECT JSON_EXTRACT('{"a": 1}', '$.a')`,
    expect: { error: '' },
    note: "Not in the list of all Snowflake functions (Snowflake's are JSON_EXTRACT_PATH_TEXT, GET_PATH and `:` paths): Snowflake fails the statement as an unknown function.",
  },
];
