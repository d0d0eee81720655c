// The VARIANT, OBJECT and ARRAY types: inserting and casting VARIANT values, VARIANT null, OBJECT and ARRAY constants,
// access by key and by index (0-based, NULL past the end), nesting, slices, DESC TABLE of semi-structured columns.
import type { ConformanceCase } from '../case';

const DOC = 'https://docs.snowflake.com/en/sql-reference/data-types-semistructured';
const VARIANT = { type: 'VARIANT' } as const;
const OBJECT = { type: 'OBJECT' } as const;
const ARRAY = { type: 'ARRAY' } as const;
const TEXT = { type: 'VARCHAR' } as const;
const FLOAT = { type: 'FLOAT' } as const;
const BOOL = { type: 'BOOLEAN' } as const;

/**
 * A VARCHAR meeting a VARIANT in one type: the conversion table lists VARIANT as coercible to VARCHAR and VARCHAR as
 * castable, not coercible, to VARIANT (as quoted in tobymao/sqlglot PR #6029; Snowflake rejects
 * ARRAY_CONTAINS('1', …) for it, sqlglot issue #6026), so the VARIANT becomes VARCHAR as v::VARCHAR gives it.
 */
const VARCHAR_BESIDE_VARIANT =
  "Snowflake's data type conversion table: VARIANT is coercible to VARCHAR, VARCHAR only castable to VARIANT; the VARIANT is converted as v::VARCHAR converts it (a string without its quotes, a number's digits, an object's JSON text).";

const objectExample = [
  'CREATE OR REPLACE TABLE object_example (object_column OBJECT)',
  "INSERT INTO object_example (object_column) SELECT OBJECT_CONSTRUCT('thirteen', 13::VARIANT, 'zero', 0::VARIANT)",
];
const myObjectTable = [
  'CREATE OR REPLACE TABLE my_object_table (my_object OBJECT)',
  "INSERT INTO my_object_table (my_object) SELECT { 'PROVINCE': 'Alberta'::VARIANT , 'CAPITAL': 'Edmonton'::VARIANT }",
  "INSERT INTO my_object_table (my_object) SELECT OBJECT_CONSTRUCT('PROVINCE', 'Manitoba'::VARIANT , 'CAPITAL', 'Winnipeg'::VARIANT )",
];
const demonstration1 = [
  'CREATE OR REPLACE TABLE demonstration1 ( ID INTEGER, array1 ARRAY, variant1 VARIANT, object1 OBJECT)',
  `INSERT INTO demonstration1 (id, array1, variant1, object1) SELECT 1, ARRAY_CONSTRUCT(1, 2, 3), PARSE_JSON(' { "key1": "value1", "key2": "value2" } '), PARSE_JSON(' { "outer_key1": { "inner_key1A": "1a", "inner_key1B": "1b" }, ' || '   "outer_key2": { "inner_key2": 2 } } ')`,
  `INSERT INTO demonstration1 (id, array1, variant1, object1) SELECT 2, ARRAY_CONSTRUCT(1, 2, 3, NULL), PARSE_JSON(' { "key1": "value1", "key2": NULL } '), PARSE_JSON(' { "outer_key1": { "inner_key1A": "1a", "inner_key1B": NULL }, ' || '   "outer_key2": { "inner_key2": 2 } ' || ' } ')`,
];
const descRow = (name: string, type: string) => [name, type, 'COLUMN', 'Y', null, 'N', 'N', null, null, null, null, null];

export const cases: ConformanceCase[] = [
  {
    id: 'variant.insert_select_parse_json',
    construct: 'PARSE_JSON',
    doc: DOC,
    setup: ['CREATE OR REPLACE TABLE variant_insert (v VARIANT)', `INSERT INTO variant_insert (v) SELECT PARSE_JSON('{"key3": "value3", "key4": "value4"}')`],
    sql: 'SELECT * FROM variant_insert',
    expect: { types: [VARIANT], rows: [['{"key3": "value3", "key4": "value4"}']] },
  },
  {
    id: 'variant.to_variant_and_back_to_float',
    construct: ':: cast',
    doc: DOC,
    setup: [
      'CREATE OR REPLACE TABLE varia (float1 FLOAT, v VARIANT, float2 FLOAT)',
      'INSERT INTO varia (float1, v, float2) VALUES (1.23, NULL, NULL)',
      'UPDATE varia SET v = TO_VARIANT(float1)',
      'UPDATE varia SET float2 = v::FLOAT',
    ],
    sql: 'SELECT float1, v::FLOAT, float2 FROM varia',
    expect: { types: [FLOAT, FLOAT, FLOAT], rows: [[1.23, 1.23, 1.23]] },
    note: 'TO_VARIANT stores the FLOAT; ::FLOAT reads it back.',
  },
  {
    id: 'variant.to_variant_float_select_star',
    construct: 'TO_VARIANT',
    doc: DOC,
    setup: [
      'CREATE OR REPLACE TABLE varia (float1 FLOAT, v VARIANT, float2 FLOAT)',
      'INSERT INTO varia (float1, v, float2) VALUES (1.23, NULL, NULL)',
      'UPDATE varia SET v = TO_VARIANT(float1)',
      'UPDATE varia SET float2 = v::FLOAT',
    ],
    sql: 'SELECT * FROM varia',
    expect: { types: [FLOAT, VARIANT, FLOAT], rows: [[1.23, '1.230000000000000e+00', 1.23]] },
    note: "The page's SELECT *: the VARIANT holds the FLOAT, shown in its double form (the same number).",
  },
  {
    id: 'variant.float_keeps_its_type',
    construct: 'TYPEOF',
    doc: DOC,
    sql: 'SELECT TYPEOF(TO_VARIANT(1.23::FLOAT)), TYPEOF(191.2::FLOAT::VARIANT), TYPEOF(TO_VARIANT(1.23)), TO_VARIANT(1.23::FLOAT)::FLOAT',
    expect: { types: [TEXT, TEXT, TEXT, FLOAT], rows: [['DOUBLE', 'DOUBLE', 'DECIMAL', 1.23]] },
    note:
      'A VARIANT stores the value and its type: a FLOAT stays a FLOAT, which TYPEOF names DOUBLE as for PARSE_JSON of ' +
      "1.912e2 (the PARSE_JSON page's vartab), a NUMBER with a fraction DECIMAL. The twin said DECIMAL for the FLOAT.",
  },
  {
    id: 'variant.float_cast_to_varchar',
    construct: ':: cast',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: "SELECT TO_VARIANT(5.000::FLOAT)::VARCHAR, TO_VARIANT(1.5::FLOAT)::VARCHAR, PARSE_JSON('1.912e2')::VARCHAR",
    expect: { types: [TEXT, TEXT, TEXT], rows: [['5', '1.5', '191.2']] },
    note: 'A FLOAT value inside a VARIANT cast to VARCHAR is the FLOAT cast to VARCHAR: no trailing zeros (the conversion page).',
  },
  {
    id: 'variant.string_quotes',
    construct: ':: cast',
    doc: DOC,
    sql: "SELECT 'Sample', 'Sample'::VARIANT, 'Sample'::VARIANT::VARCHAR",
    expect: { types: [TEXT, VARIANT, TEXT], rows: [['Sample', '"Sample"', 'Sample']] },
    note: 'A string in a VARIANT shows with double quotes; casting back to VARCHAR removes them.',
  },
  {
    id: 'variant.json_null_equals_itself',
    construct: 'PARSE_JSON',
    doc: DOC,
    sql: "SELECT PARSE_JSON('null') = PARSE_JSON('null'), PARSE_JSON('null') IS NULL",
    expect: { rows: [[true, false]] },
    note: 'VARIANT null is a real value that compares equal to itself; it is not SQL NULL.',
  },
  {
    id: 'variant.arithmetic_without_cast',
    construct: ':: cast',
    doc: DOC,
    sql: "SELECT PARSE_JSON('5') * 3.14 = 15.7",
    expect: { rows: [[true]] },
    note: 'A VARIANT holding a number can be multiplied directly.',
  },
  {
    id: 'variant.path_divided_by_float',
    construct: ': path',
    doc: DOC,
    setup: [
      'CREATE OR REPLACE TABLE fees (v VARIANT)',
      `INSERT INTO fees SELECT PARSE_JSON('{"fee": 1000}') UNION ALL SELECT PARSE_JSON('{"fee": 2.5}') UNION ALL SELECT PARSE_JSON('{"fee": null}') UNION ALL SELECT PARSE_JSON('{}')`,
    ],
    sql: 'SELECT v:fee / POW(10, 6) FROM fees ORDER BY 1 NULLS LAST',
    expect: { types: [FLOAT], rows: [[0.0000025], [0.001], [null], [null]] },
    note:
      'A VARIANT holding a number takes part in arithmetic without a cast; beside a FLOAT (POW) the quotient is a FLOAT ' +
      '(operators-arithmetic, Division), whichever numeric type the number is coerced to. A JSON null or a missing key gives NULL.',
  },
  {
    id: 'object.construct_with_variant_values',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    sql: "SELECT OBJECT_CONSTRUCT( 'name', 'Jones'::VARIANT, 'age', 42::VARIANT)",
    expect: { types: [OBJECT], rows: [['{"age": 42, "name": "Jones"}']] },
  },
  {
    id: 'object.insert_and_select',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    setup: objectExample,
    sql: 'SELECT * FROM object_example',
    expect: { types: [OBJECT], rows: [['{"thirteen": 13, "zero": 0}']] },
  },
  {
    id: 'object.access_bracket_and_colon',
    construct: '[] path',
    doc: DOC,
    setup: objectExample,
    sql: "SELECT object_column['thirteen'], object_column:thirteen FROM object_example",
    expect: { types: [VARIANT, VARIANT], rows: [['13', '13']] },
    note: 'Brackets and the colon give the same value.',
  },
  {
    id: 'object.constant_single_quoted',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    sql: "SELECT { 'Manitoba': 'Winnipeg' } AS province_capital",
    expect: { types: [OBJECT], rows: [['{"Manitoba": "Winnipeg"}']] },
    note: 'An OBJECT constant in curly braces is an OBJECT value.',
  },
  {
    id: 'object.constant_empty',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    sql: 'SELECT {}',
    expect: { types: [OBJECT], rows: [['{}']] },
  },
  {
    id: 'object.constant_and_construct_rows',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    setup: myObjectTable,
    sql: 'SELECT * FROM my_object_table',
    expect: { rows: [['{"CAPITAL": "Edmonton", "PROVINCE": "Alberta"}'], ['{"CAPITAL": "Winnipeg", "PROVINCE": "Manitoba"}']] },
  },
  {
    id: 'object.constant_wildcard',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    setup: [
      ...myObjectTable,
      'CREATE OR REPLACE TABLE demo_ca_provinces (province VARCHAR, capital VARCHAR)',
      "INSERT INTO demo_ca_provinces (province, capital) VALUES ('Ontario', 'Toronto'), ('British Columbia', 'Victoria')",
      'INSERT INTO my_object_table (my_object) SELECT {*} FROM demo_ca_provinces',
    ],
    sql: 'SELECT * FROM my_object_table',
    expect: {
      rows: [
        ['{"CAPITAL": "Edmonton", "PROVINCE": "Alberta"}'],
        ['{"CAPITAL": "Winnipeg", "PROVINCE": "Manitoba"}'],
        ['{"CAPITAL": "Toronto", "PROVINCE": "Ontario"}'],
        ['{"CAPITAL": "Victoria", "PROVINCE": "British Columbia"}'],
      ],
    },
    note: '{*} builds an object from the columns, keyed by their (upper-case) names.',
  },
  {
    id: 'object.constant_with_variables',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    setup: ['SET my_variable = 10'],
    sql: "SELECT {'key1': $my_variable+1, 'key2': $my_variable+2}",
    expect: { rows: [['{"key1": 11, "key2": 12}']] },
  },
  {
    id: 'object.constant_json_text_and_value_types',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    sql: "SELECT TO_JSON({'a': 1, 'b': 'x'}), {'a': 1, 'b': 'x'}::VARCHAR, {'a': 1.5}:a, TYPEOF({'a': 1.5}:a), {'a': [1, 'x']}:a[1]",
    expect: { types: [TEXT, TEXT, VARIANT, TEXT, VARIANT], rows: [['{"a":1,"b":"x"}', '{"a":1,"b":"x"}', '1.5', 'DECIMAL', '"x"']] },
    note: "An OBJECT constant is an OBJECT (OBJECT_CONSTRUCT's): its text is JSON, and each value is a VARIANT of its own type, read by a `:` path written after the constant.",
  },
  {
    id: 'object.constant_union_value_types',
    construct: 'OBJECT_CONSTRUCT',
    doc: DOC,
    sql: "SELECT TYPEOF(x:a) FROM (SELECT {'a': 2.5} AS x UNION ALL SELECT {'a': 'q'}) ORDER BY 1",
    expect: { types: [TEXT], rows: [['DECIMAL'], ['VARCHAR']] },
    note: 'Both branches are OBJECTs; the values inside stay VARIANTs of their own types (no common type is imposed on a key).',
  },
  {
    id: 'array.constant_with_variables',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    setup: ['SET my_variable = 10'],
    sql: 'SELECT [$my_variable+1, $my_variable+2]',
    expect: { types: [ARRAY], rows: [['[11, 12]']] },
  },
  {
    id: 'array.constant_strings',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    sql: "SELECT [ 'Alberta', 'Manitoba' ] AS province",
    expect: { types: [ARRAY], rows: [['["Alberta", "Manitoba"]']] },
  },
  {
    id: 'array.constant_empty',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    sql: 'SELECT []',
    expect: { types: [ARRAY], rows: [['[]']] },
  },
  {
    id: 'array.constant_equals_construct',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    setup: [
      'CREATE OR REPLACE TABLE array_example (array_column ARRAY)',
      "INSERT INTO array_example (array_column) SELECT ARRAY_CONSTRUCT(12, 'twelve', NULL)",
      "INSERT INTO array_example (array_column) SELECT [ 12, 'twelve', NULL ]",
    ],
    sql: 'SELECT ARRAY_SIZE(array_column), array_column[0], array_column[1], array_column[2] FROM array_example',
    expect: { rows: [[3, '12', '"twelve"', null], [3, '12', '"twelve"', null]] },
    note: 'The constant and ARRAY_CONSTRUCT build the same array; a SQL NULL element reads as NULL.',
  },
  {
    id: 'array.index_past_end_null',
    construct: '[] path',
    doc: DOC,
    sql: 'SELECT a[0], a[5] FROM (SELECT [1, 2] AS a)',
    expect: { rows: [['1', null]] },
    note: 'Indexes are 0-based; reading past the end returns NULL.',
  },
  {
    id: 'array.constant_index',
    construct: '[] path',
    doc: DOC,
    sql: "SELECT [1, 2][0], [1, 2][5], ['a', 'b'][1]::VARCHAR",
    expect: { rows: [['1', null, 'b']] },
    note: 'An ARRAY constant indexed where it is written reads as the same constant held in a column: 0-based, NULL past the end.',
  },
  {
    id: 'array.nested_index',
    construct: '[] path',
    doc: DOC,
    sql: 'SELECT a[0][0], a[1][0] FROM (SELECT [[1, 2], [3]] AS a)',
    expect: { rows: [['1', '3']] },
    note: 'Arrays nest; a[0][0] reads the zeroth element of the zeroth element.',
  },
  {
    id: 'array.constant_mixed_types',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    sql: "SELECT TO_JSON([1, '5']), [1, '5'][1], TYPEOF([1, '5'][1]), TYPEOF([1, '5'][0]), ARRAY_SIZE([1, 'a', 2.5])",
    expect: { types: [TEXT, VARIANT, TEXT, TEXT, { type: 'NUMBER', scale: 0 }], rows: [['[1,"5"]', '"5"', 'VARCHAR', 'INTEGER', 3]] },
    note: 'An ARRAY constant is the ARRAY ARRAY_CONSTRUCT builds: each element is a VARIANT of its own type (a number stays a number, a string a string; TYPEOF names them as its page does). TO_JSON gives its compact JSON text.',
  },
  {
    id: 'array.constant_integer_and_decimal',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    sql: 'SELECT TO_JSON([1, 2.5]), [1, 2.5]::VARCHAR, TYPEOF([1, 2.5][0]), TYPEOF([1, 2.5][1])',
    expect: { types: [TEXT, TEXT, TEXT, TEXT], rows: [['[1,2.5]', '[1,2.5]', 'INTEGER', 'DECIMAL']] },
    note: 'Elements are not unified to one type: the integer stays INTEGER (no 1.0), the decimal DECIMAL.',
  },
  {
    id: 'array.constant_nested',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    sql: "SELECT [[1, 'a'], {'k': [1]}], [[1, 'a'], {'k': [1]}][0][1], [[1, 'a'], {'k': [1]}][1]:k[0], TO_JSON([[1, 'a'], {'k': [1]}])",
    expect: { types: [ARRAY, VARIANT, VARIANT, TEXT], rows: [['[[1, "a"], {"k": [1]}]', '"a"', '1', '[[1,"a"],{"k":[1]}]']] },
    note: 'ARRAY and OBJECT constants nest; indexes are 0-based at every level.',
  },
  {
    id: 'array.slice',
    construct: 'ARRAY_SLICE',
    doc: DOC,
    sql: 'SELECT ARRAY_SLICE(a, 1, 3), ARRAY_SLICE(a, 6, 8) FROM (SELECT [0, 1, 2, 3] AS a)',
    expect: { types: [ARRAY, ARRAY], rows: [['[1, 2]', '[]']] },
    note: 'ARRAY_SLICE stops before the end index; a slice beyond the end is an empty array.',
  },
  {
    id: 'describe_table.semi_structured_columns',
    construct: 'DESCRIBE TABLE',
    doc: DOC,
    setup: ['CREATE OR REPLACE TABLE test_semi_structured( var VARIANT, arr ARRAY, obj OBJECT)'],
    sql: 'DESC TABLE test_semi_structured',
    expect: { rows: [descRow('VAR', 'VARIANT'), descRow('ARR', 'ARRAY'), descRow('OBJ', 'OBJECT')] },
  },
  {
    id: 'variant.demonstration_rows',
    construct: 'PARSE_JSON',
    doc: DOC,
    setup: demonstration1,
    sql: 'SELECT id, ARRAY_SIZE(array1), variant1, object1 FROM demonstration1 ORDER BY id',
    expect: {
      rows: [
        [1, 3, '{"key1": "value1", "key2": "value2"}', '{"outer_key1": {"inner_key1A": "1a", "inner_key1B": "1b"}, "outer_key2": {"inner_key2": 2}}'],
        [2, 4, '{"key1": "value1", "key2": null}', '{"outer_key1": {"inner_key1A": "1a", "inner_key1B": null}, "outer_key2": {"inner_key2": 2}}'],
      ],
    },
    note: 'A NULL passed to ARRAY_CONSTRUCT still takes a place (undefined); JSON nulls stay as null values.',
  },
  {
    id: 'variant.demonstration_array',
    construct: 'ARRAY_CONSTRUCT',
    doc: DOC,
    setup: demonstration1,
    sql: 'SELECT array1 FROM demonstration1 WHERE id = 1',
    expect: { types: [ARRAY], rows: [['[1, 2, 3]']] },
  },
  {
    id: 'variant.coalesce_text_with_variant',
    construct: 'COALESCE/NVL/IFNULL of a VARCHAR and a VARIANT',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: `SELECT COALESCE(s, PARSE_JSON('{"a":1}')), NVL(NULLIF(t, 'abc'), PARSE_JSON('{"a":1}')), NVL(t, PARSE_JSON('1')), IFNULL(NULL, s), IFNULL(v:b, 'x') FROM (SELECT '123' AS s, 'abc' AS t, PARSE_JSON('{"b":"q"}') AS v)`,
    expect: { types: [TEXT, TEXT, TEXT, TEXT, TEXT], rows: [['123', '{"a":1}', 'abc', '123', 'q']] },
    note: VARCHAR_BESIDE_VARIANT,
  },
  {
    id: 'variant.conditional_text_with_variant',
    construct: 'IFF/NVL2/DECODE of a VARCHAR and a VARIANT',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: `SELECT IFF(TRUE, s, PARSE_JSON('1')), NVL2(s, t, v:a), DECODE(s, '123', v:a, t), IFF(FALSE, v:c, s), IFF(TRUE, v:c, s) FROM (SELECT '123' AS s, 'abc' AS t, PARSE_JSON('{"a":2,"c":"z"}') AS v)`,
    expect: { types: [TEXT, TEXT, TEXT, TEXT, TEXT], rows: [['123', 'abc', '2', '123', 'z']] },
    note: VARCHAR_BESIDE_VARIANT,
  },
  {
    id: 'variant.case_text_with_variant',
    construct: 'CASE returning a VARCHAR or a VARIANT',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: `SELECT CASE WHEN s = '123' THEN s ELSE v:a END, CASE s WHEN 'x' THEN v:a ELSE t END, CASE WHEN s = '123' THEN v:c ELSE t END FROM (SELECT '123' AS s, 'abc' AS t, PARSE_JSON('{"a":2,"c":"z"}') AS v)`,
    expect: { types: [TEXT, TEXT, TEXT], rows: [['123', 'abc', 'z']] },
    note: VARCHAR_BESIDE_VARIANT,
  },
  {
    id: 'variant.path_cast_then_path_in_coalesce',
    construct: 'COALESCE of a VARIANT path cast to VARCHAR and a VARIANT path',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: `SELECT COALESCE(c.metadata:"id"::VARCHAR, c.metadata:"cws-customer") FROM (SELECT PARSE_JSON('{"id":"42"}') AS metadata UNION ALL SELECT PARSE_JSON('{"cws-customer":7}')) c ORDER BY 1`,
    expect: { types: [TEXT], rows: [['42'], ['7']] },
    note: VARCHAR_BESIDE_VARIANT,
  },
  {
    id: 'variant.compare_text_with_variant',
    construct: 'A VARCHAR compared with a VARIANT',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: `SELECT v:c = 'z', s = v:n, v:a = '2', v:c <> s FROM (SELECT '123' AS s, PARSE_JSON('{"a":2,"c":"z","n":"123"}') AS v)`,
    expect: { types: [BOOL, BOOL, BOOL, BOOL], rows: [[true, true, true, true]] },
    note: VARCHAR_BESIDE_VARIANT,
  },
  {
    id: 'variant.union_text_with_variant',
    construct: 'A UNION/INTERSECT/EXCEPT column that is VARCHAR in one branch and VARIANT in another',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: `SELECT c FROM (SELECT '123' AS c UNION ALL SELECT PARSE_JSON('{"a":"x"}'):a UNION ALL SELECT PARSE_JSON('{"a":7}')) ORDER BY 1`,
    expect: { types: [TEXT], rows: [['123'], ['x'], ['{"a":7}']] },
    note: VARCHAR_BESIDE_VARIANT,
  },
  {
    id: 'variant.cast_text_as_variant',
    construct: 'CAST(… AS VARIANT)',
    doc: 'https://docs.snowflake.com/en/sql-reference/data-type-conversion',
    sql: `SELECT CAST(s AS VARIANT), TYPEOF(CAST(s AS VARIANT)) FROM (SELECT '123' AS s)`,
    expect: { types: [VARIANT, TEXT], rows: [['"123"', 'VARCHAR']] },
    note: 'CAST(x AS VARIANT) is x::VARIANT: the string stays a string.',
  },
  {
    id: 'variant.is_null_value',
    construct: 'IS_NULL_VALUE',
    doc: 'https://docs.snowflake.com/en/sql-reference/functions/is_null_value',
    sql: `SELECT IS_NULL_VALUE(v:a), IS_NULL_VALUE(v:b), IS_NULL_VALUE(v:c), IS_NULL_VALUE(v) FROM (SELECT PARSE_JSON('{"a": null, "b": "null"}') AS v)`,
    expect: { types: [BOOL, BOOL, BOOL, BOOL], rows: [[true, false, null, false]] },
    note: 'TRUE for a JSON null, FALSE for any other value (the string "null" too), NULL for a missing key (SQL NULL).',
  },
];
