// Internal stages on the local twin (stage-run.ts): a stage is a folder under .bronze/local/stages, named file formats
// are files; CREATE STAGE / FILE FORMAT, LIST, REMOVE, CREATE TABLE … USING TEMPLATE over INFER_SCHEMA and
// COPY INTO <table> FROM @stage run with Snowflake's results, and what the twin does not run is refused by name.
// External stages are recorded (their URL, never their credentials) and reading their files is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProfiles, resolveTarget } from '../../server/src/project/profiles';
import { parseStageRef, parseStageStatement } from '../../server/src/core/sql/snowflake-on-duckdb/stage-statements';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { DEFAULT_CSV, parseCsv, writeCsv } from '../../client/src/warehouse/snowflake-on-duckdb/stage-files';
import { inferColumns } from '../../client/src/warehouse/snowflake-on-duckdb/stage-infer';
import { hookCreatedTables, hookInsertTables } from '../../client/src/sample/hook-tables';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';

const PROFILE = `p:
  target: prod
  outputs:
    prod: {type: snowflake, account: a, user: u, database: Analytics, schema: BRONZE}
`;

async function withTwin(fn: (s: DuckDbSession, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-stage-unit-'));
  const target = resolveTarget(parseProfiles(path.join(dir, 'profiles.yml'), PROFILE), 'p', 'local', { env: {}, projectRoot: dir });
  const wh = await createDuckDbWarehouse(target);
  try {
    const s = await wh.openSession();
    try {
      await fn(s, dir);
    } finally {
      await s.close();
    }
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const stageDir = (dir: string, name: string): string => path.join(dir, '.bronze', 'local', 'stages', 'ANALYTICS', 'BRONZE', name);

test('stage references: named (qualified, quoted), the user stage and a table stage, with their path prefix', () => {
  assert.deepEqual(parseStageRef('@land/orders/'), { kind: 'named', name: [{ text: 'LAND', quoted: false }], path: 'orders/', text: '@land/orders/' });
  assert.deepEqual(parseStageRef('@db.sch."My Stage"/a/b.csv')?.name, [{ text: 'DB', quoted: false }, { text: 'SCH', quoted: false }, { text: 'My Stage', quoted: true }]);
  assert.deepEqual(parseStageRef('@~/staged'), { kind: 'user', name: [], path: 'staged', text: '@~/staged' });
  assert.deepEqual(parseStageRef('@%orders'), { kind: 'table', name: [{ text: 'ORDERS', quoted: false }], path: '', text: '@%orders' });
  assert.equal(parseStageRef('not a stage'), undefined);
});

test('stage statements the twin does not run are refused by name', () => {
  const refused = (sql: string, construct: RegExp): void => {
    assert.throws(() => parseStageStatement(sql), (e: unknown) => e instanceof UnsupportedOnDuckDb && construct.test(e.construct));
  };
  refused("PUT file:///tmp/a.csv @land", /^PUT \(a client-side file transfer/);
  refused('COPY INTO @land/out/ FROM orders', /^COPY INTO <location>/);
  refused('COPY INTO t FROM (SELECT $1 FROM @land)', /transforming load/);
  refused("COPY INTO t FROM 's3://bucket/x/'", /external location/);
  // An external stage is a statement the twin records (its files are refused where read, below).
  const external = parseStageStatement("CREATE STAGE s URL = 's3://bucket/' FILE_FORMAT = ext.\"Ff\"");
  assert.equal(external?.kind === 'create-stage' && external.external, true);
  assert.deepEqual(external?.kind === 'create-stage' && external.options.get('FILE_FORMAT')?.value, { kind: 'word', value: 'EXT."Ff"' });
  refused('CREATE TABLE t USING TEMPLATE (SELECT 1)', /^CREATE TABLE … USING TEMPLATE other than/);
  assert.equal(parseStageStatement('select 1'), undefined);
  assert.equal(parseStageStatement('create table stage (x int)'), undefined);
});

test('CSV is read as the file format says: enclosed fields, NULL_IF, empty fields, escapes, a header line', () => {
  const f = { ...DEFAULT_CSV, parseHeader: true, enclosedBy: '"' };
  const records = parseCsv('id,name,note\n1,"a, b",\n2,"",\\N\n3,"say ""hi""","two\nlines"\n', f);
  assert.deepEqual(records.map((r) => [r.line, r.fields]), [
    [1, ['id', 'name', 'note']],
    [2, ['1', 'a, b', null]],
    [3, ['2', '', null]],
    [4, ['3', 'say "hi"', 'two\nlines']],
  ]);
  // What the sampler writes reads back the same, NULL and empty string apart.
  const rows = [['1', 'a, b', null], ['2', '', 'x"y']];
  assert.deepEqual(parseCsv(writeCsv(['id', 'name', 'note'], rows, f), f).slice(1).map((r) => r.fields), rows);
  // Unenclosed (the default format): an escaped delimiter is a character of the field.
  assert.deepEqual(parseCsv('a\\,b,c\r\n', DEFAULT_CSV).map((r) => r.fields), [['a,b', 'c']]);
});

test('INFER_SCHEMA types: NUMBER sized to the digits, dates and timestamps, booleans, text; IGNORE_CASE upper-cases names', () => {
  const f = { ...DEFAULT_CSV, parseHeader: true, enclosedBy: '"' };
  const file = (text: string) => ({ name: 'x.csv', records: parseCsv(text, f) });
  const columns = inferColumns([file('Id,amount,day,at,flag,name\n7,1.5,2025-01-02,2025-01-02 03:04:05,true,x\n123,22.25,,2025-01-02T03:04:05,FALSE,7\n')], f, true);
  assert.deepEqual(columns, [
    { name: 'ID', type: 'NUMBER(3, 0)' },
    { name: 'AMOUNT', type: 'NUMBER(4, 2)' },
    { name: 'DAY', type: 'DATE' },
    { name: 'AT', type: 'TIMESTAMP_NTZ' },
    { name: 'FLAG', type: 'BOOLEAN' },
    { name: 'NAME', type: 'TEXT' },
  ]);
  assert.deepEqual(inferColumns([file('Id\n1\n'), file('Id,Extra\n2.5,z\n')], f, false), [
    { name: 'Id', type: 'NUMBER(2, 1)' },
    { name: 'Extra', type: 'TEXT' },
  ]);
});

test('a stage on the twin: CREATE STAGE, LIST, USING TEMPLATE, COPY INTO with Snowflake results and load metadata', async () => {
  await withTwin(async (s, dir) => {
    assert.deepEqual((await s.execute('create stage land')).rows, [{ status: 'Stage area LAND successfully created.' }]);
    await s.execute(`create file format land_csv type = csv parse_header = true field_optionally_enclosed_by = '"'`);
    const orders = 'order_id,Customer,amount\n1,"Ann",10.5\n2,,7\n';
    mkdirSync(path.join(stageDir(dir, 'LAND'), 'orders'), { recursive: true });
    writeFileSync(path.join(stageDir(dir, 'LAND'), 'orders', 'a.csv'), orders);
    writeFileSync(path.join(stageDir(dir, 'LAND'), 'orders', 'b.csv'), 'order_id,Customer,amount\n3,"Bo",1.25\n');
    writeFileSync(path.join(stageDir(dir, 'LAND'), 'other.csv'), 'x\n');
    const listed = await s.execute("list @land/orders PATTERN = '.*a[.]csv'");
    assert.deepEqual(listed.columns.map((c) => c.name), ['name', 'size', 'md5', 'last_modified']);
    assert.deepEqual(
      listed.rows.map((r) => [r.name, r.size, r.md5]),
      [['land/orders/a.csv', orders.length, createHash('md5').update(orders).digest('hex')]],
    );
    await s.execute(`CREATE OR REPLACE TABLE raw_orders USING TEMPLATE (
      SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) WITHIN GROUP (ORDER BY ORDER_ID)
      FROM TABLE(INFER_SCHEMA(LOCATION => '@land/orders/', FILE_FORMAT => 'land_csv', IGNORE_CASE => TRUE)))`);
    const types = await s.execute("select column_name, data_type from information_schema.columns where table_name = 'RAW_ORDERS' order by ordinal_position");
    assert.deepEqual(types.rows.map((r) => Object.values(r)), [['ORDER_ID', 'NUMBER'], ['CUSTOMER', 'TEXT'], ['AMOUNT', 'NUMBER']]);
    const copy = "COPY INTO raw_orders FROM @land/orders/ FILE_FORMAT = (FORMAT_NAME = 'land_csv') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE";
    const loaded = await s.execute(copy);
    assert.deepEqual(loaded.rows.map((r) => [r.file, r.status, r.rows_parsed, r.rows_loaded, r.error_limit, r.errors_seen, r.first_error]), [
      ['land/orders/a.csv', 'LOADED', 2, 2, 1, 0, null],
      ['land/orders/b.csv', 'LOADED', 1, 1, 1, 0, null],
    ]);
    assert.deepEqual((await s.execute('select order_id, customer, amount from raw_orders order by 1')).rows, [
      { ORDER_ID: 1, CUSTOMER: 'Ann', AMOUNT: 10.5 },
      { ORDER_ID: 2, CUSTOMER: null, AMOUNT: 7 },
      { ORDER_ID: 3, CUSTOMER: 'Bo', AMOUNT: 1.25 },
    ]);
    // Loaded files are skipped the next time (load metadata), unless changed or FORCE = TRUE.
    assert.deepEqual((await s.execute(copy)).rows, [{ status: 'Copy executed with 0 files processed.' }]);
    writeFileSync(path.join(stageDir(dir, 'LAND'), 'orders', 'b.csv'), 'order_id,Customer,amount\n4,"Cy",2\n');
    assert.deepEqual((await s.execute(copy)).rows.map((r) => r.file), ['land/orders/b.csv']);
    assert.equal((await s.execute(`${copy} FORCE = TRUE`)).rowsAffected, 3);
    assert.equal(Number(Object.values((await s.execute('select count(*) from raw_orders')).rows[0])[0]), 7);
    // REMOVE deletes the matching files; DROP STAGE the stage and its files.
    assert.deepEqual((await s.execute('remove @land/other')).rows, [{ name: 'land/other.csv', result: 'removed' }]);
    assert.deepEqual((await s.execute('drop stage land')).rows, [{ status: 'LAND successfully dropped.' }]);
    await assert.rejects(s.execute('list @land'), /Stage 'ANALYTICS\.BRONZE\.LAND' does not exist or not authorized/);
    await assert.rejects(s.execute('drop stage land'), /Stage 'ANALYTICS\.BRONZE\.LAND' does not exist or not authorized/);
    assert.deepEqual((await s.execute('drop stage if exists land')).rows, [{ status: 'Drop statement executed successfully (LAND already dropped).' }]);
    await s.execute('drop file format land_csv');
    await assert.rejects(s.execute("copy into raw_orders from @~ file_format = (format_name = 'land_csv')"), /File format 'ANALYTICS\.BRONZE\.LAND_CSV' does not exist/);
  });
});

test('COPY INTO errors: a missing stage or file format, column count, MATCH_BY_COLUMN_NAME without a header, ON_ERROR', async () => {
  await withTwin(async (s, dir) => {
    await assert.rejects(s.execute('copy into t from @nowhere'), /^WarehouseError: SQL compilation error: Stage 'ANALYTICS\.BRONZE\.NOWHERE' does not exist or not authorized\. On the local twin it is the folder .*NOWHERE \(create it with CREATE STAGE.* \(line 1, column 1\)$/);
    await s.execute('create stage land');
    await s.execute('create table t (a int, b varchar)');
    writeFileSync(path.join(stageDir(dir, 'LAND'), 'x.csv'), '1,a,extra\n');
    await assert.rejects(s.execute("copy into t from @land file_format = (format_name = 'nope')"), /File format 'ANALYTICS\.BRONZE\.NOPE' does not exist or not authorized/);
    await assert.rejects(s.execute('copy into t from @land'), /^WarehouseError: Number of columns in file \(3\) does not match that of the corresponding table \(2\).*\n  File 'land\/x\.csv', line 1/);
    assert.deepEqual((await s.execute('copy into t from @land file_format = (type = csv error_on_column_count_mismatch = false)')).rows.map((r) => r.rows_loaded), [1]);
    // A value the column cannot take fails the statement, located at it, and loads nothing.
    writeFileSync(path.join(stageDir(dir, 'LAND'), 'x.csv'), 'abc,a\n');
    await assert.rejects(s.execute('\n  copy into t from @land'), /^WarehouseError: Numeric value 'abc' is not recognized \(loading land\/x\.csv into t; ON_ERROR = ABORT_STATEMENT: no row was loaded\) \(line 2, column 3\)$/);
    assert.equal(Number(Object.values((await s.execute('select count(*) from t')).rows[0])[0]), 1);
    await assert.rejects(s.execute('copy into t from @land match_by_column_name = case_insensitive'), /MATCH_BY_COLUMN_NAME on CSV files needs the file format option PARSE_HEADER = TRUE/);
    await assert.rejects(s.execute('copy into t from @land on_error = continue'), /^WarehouseError: COPY INTO <table> with ON_ERROR = CONTINUE \(the twin loads with ABORT_STATEMENT, the default\) is not supported on the DuckDB target \(line 1, column 24\)$/);
    await assert.rejects(s.execute("copy into t from @land file_format = (type = json)"), /FILE FORMAT TYPE = JSON \(the local twin's stages read CSV\) is not supported/);
  });
});

test('tables hooks insert into are read with the INSERT column list and types from VALUES', () => {
  const statements = [
    { sql: "INSERT INTO db.PUBLIC.audit_log (model_name, at, n, ok, day, other) VALUES ('m', CURRENT_TIMESTAMP(), 3, true, current_date, upper('x'))" },
    { sql: 'insert into "Log" (a) select 1' },
    { sql: 'insert into no_columns values (1)' },
    { sql: 'insert into local.main.inline (a) values (1)', hook: 'insert into {{ this }} (a) values (1)' },
  ];
  assert.deepEqual(hookInsertTables(statements, { database: 'LOCAL', schema: 'MAIN' }), [
    {
      name: 'db.PUBLIC.audit_log',
      resolved: ['DB', 'PUBLIC', 'AUDIT_LOG'],
      columns: [
        { name: 'model_name', type: 'VARCHAR' },
        { name: 'at', type: 'TIMESTAMP_LTZ' },
        { name: 'n', type: 'NUMBER(38, 0)' },
        { name: 'ok', type: 'BOOLEAN' },
        { name: 'day', type: 'DATE' },
        { name: 'other', type: 'VARCHAR' },
      ],
    },
    { name: '"Log"', resolved: ['LOCAL', 'MAIN', 'Log'], columns: [{ name: 'a', type: 'NUMBER(38, 0)' }] },
  ]);
});

test('an external stage is recorded (never its credentials); reading its files, and staged-file queries, are refused by name', async () => {
  const secret = 'wJalrXUtnFEMI-not-a-real-key';
  await withTwin(async (s, dir) => {
    await s.execute('create schema ext');
    // willibald_datavault's on-run-start: a format with quoted NONE values, then a stage naming it bare and qualified.
    await s.execute(`CREATE or REPLACE FILE FORMAT ext.FF_SEMICOLON COMPRESSION = 'AUTO' FIELD_DELIMITER = ';' RECORD_DELIMITER = '\\n' SKIP_HEADER = 1 TRIM_SPACE = FALSE ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE ESCAPE_UNENCLOSED_FIELD = '\\134' DATE_FORMAT = 'AUTO' TIMESTAMP_FORMAT = 'AUTO' NULL_IF = ('\\\\N')`);
    const created = await s.execute(`CREATE OR REPLACE STAGE ext.raw_stage URL = 's3://willibald-data/'
      CREDENTIALS = (AWS_KEY_ID = 'AKIAEXAMPLE' AWS_SECRET_KEY = '${secret}') FILE_FORMAT = ext.FF_SEMICOLON`);
    assert.deepEqual(created.rows, [{ status: 'Stage area RAW_STAGE successfully created.' }]);
    // Nothing the twin keeps holds the credentials.
    const kept = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? kept(path.join(d, e.name)) : e.name.endsWith('.json') ? [readFileSync(path.join(d, e.name), 'utf8')] : []));
    const files = kept(path.join(dir, '.bronze', 'local'));
    assert.ok(files.some((f) => f.includes('s3://willibald-data/')));
    assert.ok(files.every((f) => !f.includes(secret) && !f.includes('AKIAEXAMPLE')));
    // Each read of its files: a located refusal naming the stage, never an empty answer.
    const refusedRead = async (sql: string, what: RegExp): Promise<void> => {
      await assert.rejects(s.execute(sql), (e: unknown) => {
        const message = (e as Error).message;
        assert.match(message, what);
        assert.match(message, /is not supported on the DuckDB target \(line \d+, column \d+\)$/);
        assert.ok(!message.includes(secret));
        return true;
      });
    };
    const named = /of external stage ANALYTICS\.EXT\.RAW_STAGE \(s3:\/\/willibald-data\/\): its files are in cloud storage, which the local twin does not read; sample the tables loaded from it instead/;
    await refusedRead('list @ext.raw_stage', new RegExp(`^LIST ${named.source}`));
    await s.execute('create table t (a varchar)');
    await refusedRead('copy into t from @ext.raw_stage/webshop/', new RegExp(`^COPY INTO <table> ${named.source}`));
    await refusedRead("create table u using template (select array_agg(object_construct(*)) from table(infer_schema(location => '@ext.raw_stage', file_format => 'ext.ff_semicolon')))", new RegExp(`^INFER_SCHEMA ${named.source}`));
    await refusedRead('select $1, metadata$filename from @ext.raw_stage/kunde/', /^a query of staged files \(@ext\.raw_stage\/kunde\/: the DuckDB target reads tables/);
    await refusedRead('create or replace external table ext.e (k varchar as (value:c1::varchar)) location = @ext.raw_stage/ file_format = (format_name = ext.ff_semicolon)', /^CREATE EXTERNAL TABLE \(its rows are the files of stage @ext\.raw_stage\//);
    // The stage exists as Snowflake's does: a second CREATE fails, IF NOT EXISTS succeeds, DROP removes it.
    await assert.rejects(s.execute("create stage ext.raw_stage url = 's3://other/'"), /Object 'ANALYTICS\.EXT\.RAW_STAGE' already exists/);
    assert.deepEqual((await s.execute("create stage if not exists ext.raw_stage url = 's3://other/'")).rows, [{ status: 'RAW_STAGE already exists, statement succeeded.' }]);
    await assert.rejects(s.execute("create or replace stage ext.s2 url = 's3://x/' file_format = ext.missing"), /File format 'ANALYTICS\.EXT\.MISSING' does not exist or not authorized/);
    assert.deepEqual((await s.execute('drop stage ext.raw_stage')).rows, [{ status: 'RAW_STAGE successfully dropped.' }]);
    await assert.rejects(s.execute('list @ext.raw_stage'), /Stage 'ANALYTICS\.EXT\.RAW_STAGE' does not exist or not authorized/);
    // A misplaced string (two values for one key) is refused without showing it.
    await assert.rejects(s.execute(`create stage ext.s4 url = 's3://x/' credentials = (aws_secret_key = 'a' '${secret}')`), (e: unknown) => /a string where an option \(KEY = value\) was expected/.test((e as Error).message) && !(e as Error).message.includes(secret));
    // Credentials without a URL are not an external stage: refused by the option's name, its value never shown.
    await assert.rejects(s.execute(`create stage ext.s3 credentials = (aws_key_id = 'AKIAEXAMPLE' aws_secret_key = '${secret}')`), (e: unknown) => /CREATE STAGE with CREDENTIALS is not supported/.test((e as Error).message) && !(e as Error).message.includes(secret));
  });
});

test('tables hooks create with a column list are the project\'s own: the sampler leaves them to the hook', () => {
  // willibald_datavault's on-run-start: `create table if not exists {{ source('LOAD_EXT_META', 'META_HWM') }} (…)`.
  const statements = [
    { sql: 'create table if not exists WILLIBALD.DWH_00_META.META_HWM\n(\n OBJECT_NAME VARCHAR, HWM_LDTS TIMESTAMPNTZ\n)' },
    { sql: 'CREATE OR REPLACE TRANSIENT TABLE meta."Runs" (id int)' },
    { sql: 'create table copied as select * from x' },
    { sql: 'create schema if not exists DWH_00_META' },
  ];
  assert.deepEqual([...hookCreatedTables(statements, { database: 'LOCAL', schema: 'MAIN' })], ['WILLIBALD.DWH_00_META.META_HWM', 'LOCAL.META.RUNS']);
});

// Snowflake keeps a table's load metadata until TRUNCATE TABLE (which "deletes the load metadata for the table",
// https://docs.snowflake.com/en/sql-reference/sql/truncate-table) or the table is made anew; a DELETE leaves it, so a
// table emptied by DELETE still skips the files it loaded (no duplicated rows). A renamed table keeps its metadata.
test('COPY INTO load history: kept across DELETE, forgotten by TRUNCATE and CREATE OR REPLACE, moved by RENAME and SWAP', async () => {
  await withTwin(async (s, dir) => {
    await s.execute('create stage land');
    mkdirSync(stageDir(dir, 'LAND'), { recursive: true });
    writeFileSync(path.join(stageDir(dir, 'LAND'), 'a.csv'), '1\n2\n');
    await s.execute('create table t (n int)');
    const count = async (table: string): Promise<number> => Number(Object.values((await s.execute(`select count(*) from ${table}`)).rows[0])[0]);
    const copy = (table: string) => s.execute(`copy into ${table} from @land`);
    assert.equal((await copy('t')).rowsAffected, 2);
    await s.execute('delete from t');
    assert.deepEqual((await copy('t')).rows, [{ status: 'Copy executed with 0 files processed.' }]);
    assert.equal(await count('t'), 0);
    await s.execute('truncate table t');
    assert.equal((await copy('t')).rowsAffected, 2);
    await s.execute('delete from t where n = 1');
    await s.execute('create or replace table t (n int)');
    assert.equal((await copy('t')).rowsAffected, 2);
    // RENAME: the metadata goes with the table; the old name, created again, starts with none.
    await s.execute('alter table t rename to t2');
    await s.execute('delete from t2');
    assert.deepEqual((await copy('t2')).rows, [{ status: 'Copy executed with 0 files processed.' }]);
    await s.execute('create table t (n int)');
    assert.equal((await copy('t')).rowsAffected, 2);
    // SWAP WITH: each keeps the metadata of the table it now is; a third table never loaded loads the file.
    await s.execute('create table fresh (n int)');
    await s.execute('alter table t2 swap with fresh');
    assert.equal((await copy('t2')).rowsAffected, 2);
    assert.deepEqual((await copy('fresh')).rows, [{ status: 'Copy executed with 0 files processed.' }]);
    // DROP then CREATE: a new table.
    await s.execute('drop table t');
    await s.execute('create table t (n int)');
    assert.equal((await copy('t')).rowsAffected, 2);
    assert.equal(await count('t'), 2);
  });
});
