// Seed CSVs read as dbt's agate type tester reads them, and the statements of dbt's seed materialization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BronzeError, type NodeConfig } from '../../server/src/core/types';
import { castIsoDateTime, castNumber, decimalLiteral, maxPrecision, parseCsvRecords, readSeed, type PyDecimal } from '../../server/src/compile/seed-csv';
import { checkSeedColumns, createSeedTableSql, planSeed, seedInsertSql, seedRowsCsv } from '../../server/src/compile/seed';
import { duckdbDialect, snowflakeDialect } from '../../server/src/compile/index';

const FILE = '/p/seeds/s.csv';
const kinds = (csv: string, columnTypes?: Record<string, string>) =>
  Object.fromEntries(readSeed(csv, { file: FILE, columnTypes }).columns.map((c) => [c.name, c.kind]));

test('whole numbers are integer, any decimal place makes float; 1.0 and 1.50 normalize as agate does', () => {
  assert.deepEqual(kinds('a,b,c,d\n1,1.5,1.0,-3\n2,2,2.00,"1,000"\n'), { a: 'integer', b: 'float', c: 'integer', d: 'integer' });
  // Currency symbols, percent signs and group separators are stripped before the number is read.
  assert.deepEqual(kinds('p\n$5\n50%\n"€1,234.50"\n'), { p: 'float' });
  assert.deepEqual(kinds('p\n$5\n50%\n'), { p: 'integer' });
});

test('dates, datetimes (strptime and ISO 8601), booleans and text, with empty cells and null as NULL', () => {
  assert.deepEqual(
    kinds('d,dt,iso,b,t,e\n2024-01-05,2024-01-05 10:00:00,2024-01-05T10:00:00Z,true,x,\n2024-1-6,,2024-01-06T11:30:15.25+02:00,FALSE,y,null\n'),
    { d: 'date', dt: 'datetime', iso: 'datetime', b: 'boolean', t: 'text', e: 'integer' },
  );
  // A date and a datetime in one column fit neither Date nor either DateTime: text, as in dbt.
  assert.deepEqual(kinds('x\n2024-01-05\n2024-01-05 10:00:00\n'), { x: 'text' });
  // 1 and 0 are numbers, not booleans; yes/no are text.
  assert.deepEqual(kinds('a,b\n1,yes\n0,no\n'), { a: 'integer', b: 'text' });
  // An impossible date is not a date.
  assert.deepEqual(kinds('d\n2024-02-30\n'), { d: 'text' });
  const t = readSeed('d,iso,b,t\n2024-1-6,2024-01-06T11:30:15.25+02:00, True ,NULL\n', { file: FILE });
  assert.deepEqual(t.rows[0], [
    { kind: 'date', text: '2024-01-06' },
    // The zone is dropped: the column is a timestamp without time zone and keeps the wall clock as written.
    { kind: 'datetime', text: '2024-01-06 11:30:15.250000' },
    { kind: 'boolean', value: true },
    null,
  ]);
});

test('text keeps the cell as written; column_types forces text and gives the type; unknown column_types is an error', () => {
  const t = readSeed('zip,name\n00123, padded \n', { file: FILE, columnTypes: { zip: 'varchar(5)' } });
  assert.deepEqual(t.columns, [
    { name: 'zip', kind: 'text', override: 'varchar(5)' },
    { name: 'name', kind: 'text' },
  ]);
  assert.deepEqual(t.rows[0], [{ kind: 'text', value: '00123' }, { kind: 'text', value: ' padded ' }]);
  assert.throws(() => readSeed('a\n1\n', { file: FILE, columnTypes: { A: 'int' } }), (e: unknown) => e instanceof BronzeError && /column_types names 'A'/.test(e.message));
});

test("Python csv's reading: quotes, doubled quotes, newlines inside quotes, BOM, CRLF, delimiter, short and long rows", () => {
  assert.deepEqual(
    parseCsvRecords('a,b\n"x, y","say ""hi"""\n"two\nlines",z\n\nlast,\n', ',').map((r) => [r.fields, r.line]),
    [
      [['a', 'b'], 0],
      [['x, y', 'say "hi"'], 1],
      [['two\nlines', 'z'], 2],
      [[], 4],
      [['last', ''], 5],
    ],
  );
  const t = readSeed('\ufeffa;b\r\n1;2\r\n3\r\n', { file: FILE, delimiter: ';' });
  assert.deepEqual(t.columns.map((c) => c.name), ['a', 'b']);
  // A short row is padded with NULLs, as agate pads it.
  assert.deepEqual(t.rows, [[{ kind: 'number', text: '1' }, { kind: 'number', text: '2' }], [{ kind: 'number', text: '3' }, null]]);
  assert.throws(() => readSeed('a\n1,2\n', { file: FILE }), (e: unknown) => e instanceof BronzeError && e.location?.range.start.line === 1);
  // Repeated header names get agate's suffixes.
  assert.deepEqual(readSeed('a,a,a\n1,2,3\n', { file: FILE }).columns.map((c) => c.name), ['a', 'a_2', 'a_3']);
});

test("numbers keep their exact value; Python's 28-digit decimal context rounds longer ones half-even", () => {
  const lit = (s: string) => decimalLiteral(castNumber(s) as PyDecimal);
  assert.equal(lit('14.99'), '14.99');
  assert.equal(lit('-0.50'), '-0.50');
  assert.equal(lit('1e3'), '1000');
  assert.equal(lit('$-5'), '-5');
  assert.equal(lit('1234567890123456789012345678.5'), '1234567890123456789012345678');
  assert.equal(lit('1234567890123456789012345679.5'), '1234567890123456789012345680');
  assert.equal(maxPrecision([castNumber('1.250') as PyDecimal, castNumber('3') as PyDecimal]), 2);
  assert.equal(castNumber('abc'), undefined);
  assert.equal(castIsoDateTime('2024-01-05'), undefined, 'isodate needs the T');
});

test('the materialization: create + insert on Snowflake with dbt types, truncate when the table exists, quote_columns', () => {
  const config = { quote_columns: false } as unknown as NodeConfig;
  const table = readSeed('id,price,name\n1,9.99,a\\b\n', { file: FILE });
  const rel = { database: 'DB', schema: 'S', identifier: 'plans' };
  assert.equal(createSeedTableSql(snowflakeDialect, rel, table, config), 'create table DB.S.plans (id integer, price float8, name text)');
  assert.equal(createSeedTableSql(duckdbDialect, rel, table, config), 'create table DB.S.plans (id number(38,0), price float8, name varchar)');
  assert.equal(createSeedTableSql(snowflakeDialect, rel, table, { quote_columns: true } as unknown as NodeConfig), 'create table DB.S.plans ("id" integer, "price" float8, "name" text)');
  assert.deepEqual(seedInsertSql(snowflakeDialect, rel, table, config), ["insert into DB.S.plans (id, price, name) values\n(1, 9.99, 'a\\\\b')"]);
  assert.deepEqual(seedInsertSql(duckdbDialect, rel, table, config), ["insert into DB.S.plans (id, price, name) values\n(1, 9.99, 'a\\b')"]);
  const loc = { file: FILE, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const base = { relation: rel, table, config: { ...config, 'pre-hook': [], 'post-hook': [] } as unknown as NodeConfig, location: loc, preHooks: [], postHooks: [] };
  const fresh = planSeed(snowflakeDialect, 'plans', { ...base, existing: null, fullRefresh: false });
  assert.equal(fresh.code, 'INSERT');
  assert.equal(fresh.rows, 1);
  // The inserts hold only literals: the DuckDB target runs them untranslated (long VALUES lists translated slowly
  // and overflowed the stack).
  assert.deepEqual(fresh.steps.filter((s) => s.kind === 'sql' && s.sql.startsWith('insert')).map((s) => s.kind === 'sql' && s.native), [true]);
  const again = planSeed(snowflakeDialect, 'plans', { ...base, existing: 'table', fullRefresh: false });
  const expand = again.steps.find((s) => s.kind === 'expand');
  assert.ok(expand && expand.kind === 'expand');
  const steps = expand.build({ tmp: [], target: [{ name: 'ID', dataType: 'NUMBER' }, { name: 'PRICE', dataType: 'FLOAT' }, { name: 'NAME', dataType: 'TEXT' }] });
  assert.deepEqual(steps.map((s) => (s.kind === 'sql' ? s.sql.split('\n')[0] : s.kind)), ['begin', 'truncate table DB.S.plans', 'insert into DB.S.plans (id, price, name) values', 'commit']);
  assert.throws(() => checkSeedColumns('plans', table, [{ name: 'ID', dataType: 'NUMBER' }], loc), /the CSV has price, name which the table lacks.*bronze seed --full-refresh --select plans/i);
  // A column the CSV dropped stays in the table and is left NULL, as dbt's insert leaves it.
  assert.doesNotThrow(() => checkSeedColumns('plans', table, [{ name: 'ID', dataType: 'N' }, { name: 'PRICE', dataType: 'F' }, { name: 'NAME', dataType: 'T' }, { name: 'OLD', dataType: 'T' }], loc));
  const full = planSeed(snowflakeDialect, 'plans', { ...base, existing: 'table', fullRefresh: true });
  assert.equal(full.code, 'CREATE');
  assert.ok(full.steps.some((s) => s.kind === 'sql' && s.sql === 'drop table if exists DB.S.plans cascade'));
  assert.throws(() => planSeed(snowflakeDialect, 'plans', { ...base, existing: 'view', fullRefresh: false }), /Cannot seed to 'DB.S.plans', it is a view/);
  // DuckDB reads the cast cells from a file in one INSERT … SELECT: every value quoted, NULL an empty field.
  const onDuck = planSeed(duckdbDialect, 'plans', { ...base, existing: null, fullRefresh: false, rowsFile: '/tmp/p.csv' });
  const insert = onDuck.steps.find((s) => s.kind === 'sql' && s.sql.startsWith('insert'));
  assert.ok(insert && insert.kind === 'sql' && insert.native);
  assert.match(insert.sql, /^insert into DB\.S\.plans \(id, price, name\) select c0, c1, c2 from read_csv\('\/tmp\/p\.csv', header = false, .*allow_quoted_nulls = false, columns = \{'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'\}\)$/);
  assert.equal(seedRowsCsv(readSeed('a,b,c\n1,"say ""hi""",\n,TRUE,x\n', { file: FILE })), '"1","say ""hi""",\n,"TRUE","x"\n');
  const empty = planSeed(snowflakeDialect, 'plans', { ...base, existing: null, fullRefresh: false, empty: true });
  assert.equal(empty.rows, 0);
  assert.ok(!empty.steps.some((s) => s.kind === 'sql' && s.sql.startsWith('insert')));
});
