// Hashes and generated identifiers: MD5, SHA2 (digest sizes), UUID_STRING (shape of v4, fixed v5 value).
import type { ConformanceCase } from '../case';

const fn = (page: string) => `https://docs.snowflake.com/en/sql-reference/functions/${page}`;
const TEXT = { type: 'VARCHAR' } as const;

export const cases: ConformanceCase[] = [
  {
    id: 'md5_number_lower64.snowflake',
    construct: 'MD5_NUMBER_LOWER64',
    doc: fn('md5_number_lower64'),
    // As text: a 20-digit NUMBER cell is read through a double (the digits past the 16th are lost in the reading).
    sql: "SELECT md5_number_lower64('Snowflake')::VARCHAR",
    expect: { types: [TEXT], rows: [['9203306159527282910']] },
    note: 'The lower 64 bits of the digest read as a big-endian number, unsigned.',
  },
  {
    id: 'md5_number_upper64.snowflake',
    construct: 'MD5_NUMBER_UPPER64',
    doc: fn('md5_number_upper64'),
    // As text: a 20-digit NUMBER cell is read through a double (the digits past the 16th are lost in the reading).
    sql: "SELECT md5_number_upper64('Snowflake')::VARCHAR",
    expect: { types: [TEXT], rows: [['17145559544104499780']] },
    note: 'The upper 64 bits of the digest read as a big-endian number, unsigned.',
  },
  {
    id: 'md5.snowflake',
    construct: 'MD5',
    doc: fn('md5'),
    sql: "SELECT md5('Snowflake')",
    expect: { types: [TEXT], rows: [['edf1439075a83a447fb8b630ddc9c8de']] },
    note: 'MD5 returns a 32-character lower-case hex string.',
  },
  {
    id: 'md5.hex_synonym',
    construct: 'MD5',
    doc: fn('md5'),
    sql: "SELECT MD5_HEX('Snowflake')",
    expect: { types: [TEXT], rows: [['edf1439075a83a447fb8b630ddc9c8de']] },
    note: 'MD5 and MD5_HEX are synonymous.',
  },
  {
    id: 'md5.length',
    construct: 'MD5',
    doc: fn('md5'),
    sql: "SELECT LENGTH(MD5('anything at all'))",
    expect: { rows: [[32]] },
    note: 'Returns a 32-character hex-encoded string.',
  },
  {
    id: 'sha2.224',
    construct: 'SHA2',
    doc: fn('sha2'),
    sql: "SELECT sha2('Snowflake', 224)",
    expect: { types: [TEXT], rows: [['6267d3d7a59929e6864dd4b737d98e3ef8569d9f88a7466647838532']] },
  },
  {
    id: 'sha2.default_256',
    construct: 'SHA2',
    doc: fn('sha2'),
    setup: [
      'CREATE TABLE sha_table(v VARCHAR, v_as_sha2 VARCHAR, v_as_sha2_hex VARCHAR)',
      "INSERT INTO sha_table(v) VALUES ('AbCd0')",
      'UPDATE sha_table SET v_as_sha2 = SHA2(v), v_as_sha2_hex = SHA2_HEX(v)',
    ],
    sql: 'SELECT v, v_as_sha2, v_as_sha2_hex FROM sha_table ORDER BY v',
    expect: {
      types: [TEXT, TEXT, TEXT],
      rows: [['AbCd0', 'e1d8ba27889d6782008f495473278c4f071995c5549a976e4d4f93863ce93643', 'e1d8ba27889d6782008f495473278c4f071995c5549a976e4d4f93863ce93643']],
    },
    note: 'The default digest size is 256; SHA2_HEX is a synonym; the result is a VARCHAR that a VARCHAR column stores.',
  },
  {
    id: 'sha2.default_equals_256',
    construct: 'SHA2',
    doc: fn('sha2'),
    sql: "SELECT SHA2('AbCd0'), SHA2('AbCd0', 256)",
    expect: {
      rows: [['e1d8ba27889d6782008f495473278c4f071995c5549a976e4d4f93863ce93643', 'e1d8ba27889d6782008f495473278c4f071995c5549a976e4d4f93863ce93643']],
    },
  },
  {
    id: 'sha2.lengths',
    construct: 'SHA2',
    doc: fn('sha2'),
    sql: "SELECT LENGTH(SHA2('x', 224)), LENGTH(SHA2('x', 256)), LENGTH(SHA2('x', 384)), LENGTH(SHA2('x', 512))",
    expect: { rows: [[56, 64, 96, 128]] },
    note: 'An N-bit digest is N/4 hex characters.',
  },
  {
    id: 'uuid_string.v4_shape',
    construct: 'UUID_STRING',
    doc: fn('uuid_string'),
    sql: "SELECT LENGTH(UUID_STRING()), REGEXP_LIKE(UUID_STRING(), '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}')",
    expect: { types: [{ type: 'NUMBER', scale: 0 }, { type: 'BOOLEAN' }], rows: [[36, true]] },
    note: 'Without arguments UUID_STRING returns a random RFC 4122 version 4 UUID as a formatted string.',
  },
  {
    id: 'uuid_string.type',
    construct: 'UUID_STRING',
    doc: fn('uuid_string'),
    sql: 'SELECT UUID_STRING() IS NOT NULL',
    expect: { rows: [[true]] },
  },
  {
    id: 'uuid_string.distinct_per_row',
    construct: 'UUID_STRING',
    doc: fn('uuid_string'),
    setup: [
      'CREATE OR REPLACE TABLE uuid_insert_test(random_uuid VARCHAR(36), test VARCHAR(10))',
      "INSERT INTO uuid_insert_test (random_uuid, test) SELECT UUID_STRING(), 'test1'",
      "INSERT INTO uuid_insert_test (random_uuid, test) SELECT UUID_STRING(), 'test2'",
      "INSERT INTO uuid_insert_test (random_uuid, test) SELECT UUID_STRING(), 'test3'",
    ],
    sql: 'SELECT COUNT(DISTINCT random_uuid), COUNT(*) FROM uuid_insert_test',
    expect: { rows: [[3, 3]] },
    note: 'Random UUIDs fit a VARCHAR(36) column and differ per call.',
  },
  {
    id: 'uuid_string.v5_named',
    construct: 'UUID_STRING',
    doc: fn('uuid_string'),
    sql: "SELECT UUID_STRING('fe971b24-9572-4005-b22f-351e9c09274d','foo')",
    expect: { types: [TEXT], rows: [['dc0b6f65-fca6-5b4b-9d37-ccc3fde1f3e2']] },
    note: 'With a namespace and a name, UUID_STRING returns the deterministic version 5 UUID.',
  },
  {
    id: 'hash.equal_numbers_any_scale',
    construct: 'HASH = HASH',
    doc: fn('hash'),
    sql: 'SELECT HASH(10, NULL::NUMBER) = HASH(10.00::NUMBER(10,2), NULL::NUMBER) AS same, HASH(10) <> HASH(11) AS other',
    expect: { types: [{ type: 'BOOLEAN' }, { type: 'BOOLEAN' }], rows: [[true, true]] },
    note: 'Usage notes: two NUMBERs that compare equal hash to the same value whatever their precision and scale; HASH is deterministic and never NULL, a NULL argument included. (11 hashing like 10 would be a 64-bit collision.)',
  },
  {
    id: 'hash.number_beside_text',
    construct: 'HASH = HASH',
    doc: fn('hash'),
    sql: "SELECT HASH(10) = HASH('10')",
    expect: { types: [{ type: 'BOOLEAN' }], rows: [[false]] },
    note: "Usage notes: the equal-hash guarantee does not hold across types even where an implicit conversion makes the values equal; the page's example is 10 and '10', whose hashes differ with overwhelming probability.",
  },
];
