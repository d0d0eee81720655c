// External tables and SHOW FILE FORMATS on the local twin (external-table-run.ts, stage-run.ts): dbt_external_tables'
// statements — SHOW FILE FORMATS (https://docs.snowflake.com/en/sql-reference/sql/show-file-formats), CREATE OR REPLACE
// EXTERNAL TABLE over an external stage (https://docs.snowflake.com/en/sql-reference/sql/create-external-table) and
// ALTER EXTERNAL TABLE … REFRESH (https://docs.snowflake.com/en/sql-reference/sql/alter-external-table). The twin never
// reads cloud storage: the rows `bronze sample` wrote for the table stand in for the stage's files, and a statement
// that would read other files, or has no such rows, is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProfiles, resolveTarget } from '../../server/src/project/profiles';
import { parseExternalTableStatement } from '../../server/src/core/sql/snowflake-on-duckdb/external-table-statements';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';

const PROFILE = `p:
  target: prod
  outputs:
    prod: {type: snowflake, account: a, user: u, database: Analytics, schema: BRONZE}
`;

async function withTwin(fn: (s: DuckDbSession) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-exttable-unit-'));
  const target = resolveTarget(parseProfiles(path.join(dir, 'profiles.yml'), PROFILE), 'p', 'local', { env: {}, projectRoot: dir });
  const wh = await createDuckDbWarehouse(target);
  try {
    const s = await wh.openSession();
    try {
      await fn(s);
    } finally {
      await s.close();
    }
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const refused = async (s: DuckDbSession, sql: string, what: RegExp): Promise<void> => {
  await assert.rejects(s.execute(sql), (e: unknown) => {
    const message = (e as Error).message;
    assert.match(message, what);
    assert.match(message, /is not supported on the DuckDB target \(line \d+, column \d+\)$/);
    return true;
  });
};

test('SHOW FILE FORMATS lists the formats the twin holds, in the documented columns, by scope and LIKE', async () => {
  await withTwin(async (s) => {
    await s.execute('create schema ext');
    await s.execute('create schema other');
    const before = Date.now();
    await s.execute("CREATE OR REPLACE FILE FORMAT ext.FF_SEMICOLON FIELD_DELIMITER = ';' SKIP_HEADER = 1 COMMENT = 'semicolons'");
    await s.execute("create file format other.ff_comma field_delimiter = ','");
    const shown = await s.execute('show file formats in analytics.ext');
    assert.deepEqual(
      shown.columns.map((c) => c.name),
      ['created_on', 'name', 'database_name', 'schema_name', 'type', 'owner', 'comment', 'format_options', 'owner_role_type'],
    );
    assert.equal(shown.rows.length, 1);
    const { created_on, ...row } = shown.rows[0];
    assert.ok(created_on instanceof Date && created_on.getTime() >= before - 1000, String(created_on));
    // No roles on the twin and no rendering of every option: those columns are NULL, never made up.
    assert.deepEqual(row, { name: 'FF_SEMICOLON', database_name: 'ANALYTICS', schema_name: 'EXT', type: 'CSV', owner: null, comment: 'semicolons', format_options: null, owner_role_type: null });
    const names = async (sql: string): Promise<unknown[]> => (await s.execute(sql)).rows.map((r) => r.name);
    // No IN: the current database; LIKE is case-insensitive with % and _.
    assert.deepEqual(await names('show file formats'), ['FF_SEMICOLON', 'FF_COMMA']);
    assert.deepEqual(await names("show file formats like 'ff\\_c%'"), ['FF_COMMA']);
    assert.deepEqual(await names("show file formats like '%SEMI%' in account"), ['FF_SEMICOLON']);
    assert.deepEqual(await names('show file formats in schema other'), ['FF_COMMA']);
    assert.deepEqual(await names('show file formats in database analytics'), ['FF_SEMICOLON', 'FF_COMMA']);
    await assert.rejects(s.execute('show file formats in analytics.nope'), /Schema 'ANALYTICS\.NOPE' does not exist or not authorized/);
    await refused(s, 'show file formats in application app', /^SHOW FILE FORMATS IN APPLICATION/);
  });
});

/** The stand-in `bronze sample` writes for an external source its models read: a partition column, VALUE, row numbers. */
async function sampled(s: DuckDbSession, files: string[]): Promise<void> {
  await s.execute('create or replace table ext.kunde (FILENAMEDATE varchar, VALUE variant, "METADATA$FILE_ROW_NUMBER" varchar)');
  for (const [k, f] of files.entries()) {
    await s.execute(`insert into ext.kunde select '${f}', parse_json('{"c1":"${k + 1}","c2":"null","c3":"x${k}"}'), '${k + 1}'`);
  }
}

const CREATE = `create or replace external table ext.kunde(
    filenamedate varchar as metadata$filename,
    kundeid VARCHAR as ((case when is_null_value(value:c1) or lower(value:c1) = 'null' then null else value:c1 end)::VARCHAR),
    name VARCHAR as ((case when is_null_value(value:c2) or lower(value:c2) = 'null' then null else value:c2 end)::VARCHAR))
  partition by (filenamedate)
  location = @ext.raw_stage/
  auto_refresh = false
  pattern = 'V1.0/kunde/kunde_.*[.]csv'
  file_format = (format_name = ext.ff_semicolon)`;

test('CREATE OR REPLACE EXTERNAL TABLE over an external stage re-creates the table from the sampled rows standing in for its files', async () => {
  await withTwin(async (s) => {
    await s.execute('create schema ext');
    await s.execute("create or replace file format ext.ff_semicolon field_delimiter = ';' skip_header = 1");
    await s.execute("create or replace stage ext.raw_stage url = 's3://bucket/' file_format = ext.ff_semicolon");
    await sampled(s, ['V1.0/kunde/kunde_20240101_000000.csv', 'V1.0/kunde/kunde_20240102_000000.csv']);
    assert.deepEqual((await s.execute(CREATE)).rows, [{ status: 'Table KUNDE successfully created.' }]);
    // `*` is VALUE and the virtual columns, in their order; the pseudocolumns are there by name only.
    const star = await s.execute('select * from ext.kunde order by kundeid');
    assert.deepEqual(star.columns.map((c) => c.name), ['VALUE', 'FILENAMEDATE', 'KUNDEID', 'NAME']);
    assert.deepEqual(
      star.rows.map((r) => [r.FILENAMEDATE, r.KUNDEID, r.NAME]),
      [
        ['V1.0/kunde/kunde_20240101_000000.csv', '1', null],
        ['V1.0/kunde/kunde_20240102_000000.csv', '2', null],
      ],
    );
    const meta = await s.execute('select metadata$filename as f, metadata$file_row_number as n, value:c3::varchar as c3 from ext.kunde order by f');
    assert.deepEqual(meta.rows.map((r) => [r.F, Number(r.N), r.C3]), [
      ['V1.0/kunde/kunde_20240101_000000.csv', 1, 'x0'],
      ['V1.0/kunde/kunde_20240102_000000.csv', 2, 'x1'],
    ]);
    // dbt_external_tables with ext_full_refresh creates it again before every load: the same files, the same rows.
    await s.execute(CREATE);
    assert.equal(Number((await s.execute('select count(*) as n from ext.kunde')).rows[0].N), 2);
    // Without full refresh it refreshes: the stand-in files did not change, nor do the rows.
    assert.deepEqual((await s.execute('alter external table ext.kunde refresh')).rows, [{ status: 'Statement executed successfully.' }]);
    await s.execute('begin; alter external table ext.kunde refresh; commit;');
    assert.equal(Number((await s.execute('select count(*) as n from ext.kunde')).rows[0].N), 2);
    await assert.rejects(s.execute('alter external table ext.nope refresh'), /External table 'ANALYTICS\.EXT\.NOPE' does not exist or not authorized/);
    await refused(s, "alter external table ext.kunde add files ('V1.0/kunde/x.csv')", /^ALTER EXTERNAL TABLE … ADD \(the local twin runs ALTER EXTERNAL TABLE … REFRESH only\)/);
    // Over another stage, the rows held stand in for none of its files.
    await s.execute("create stage ext.other_stage url = 's3://other/'");
    await refused(s, CREATE.replace('@ext.raw_stage/', '@ext.other_stage/'), /the rows the twin holds for ANALYTICS\.EXT\.KUNDE stand in for the files of @ANALYTICS\.EXT\.RAW_STAGE\/, not these/);
    assert.deepEqual((await s.execute('drop external table ext.kunde')).rows, [{ status: 'KUNDE successfully dropped.' }]);
    assert.deepEqual((await s.execute('drop external table if exists ext.kunde')).rows, [{ status: 'Drop statement executed successfully (KUNDE already dropped).' }]);
  });
});

test("an external table's VALUE holds each record's keys sorted, as every OBJECT on the twin, whatever order the sampled rows wrote them in", async () => {
  // https://docs.snowflake.com/en/sql-reference/functions/parse_json (usage notes): an object is an unordered set of
  // pairs; the sampler writes its JSON with DuckDB, in the order it plans the keys.
  await withTwin(async (s) => {
    await s.execute('create schema ext');
    await s.execute("create or replace file format ext.ff_semicolon field_delimiter = ';' skip_header = 1");
    await s.execute("create or replace stage ext.raw_stage url = 's3://bucket/' file_format = ext.ff_semicolon");
    await sampled(s, ['V1.0/kunde/kunde_20240101_000000.csv']);
    await s.connection.run(`UPDATE "ANALYTICS"."EXT"."KUNDE" SET "VALUE" = CAST('{"c3":"x0","c2":{"z":1,"y":2},"c1":"1"}' AS JSON)`);
    await s.execute(CREATE);
    const r = await s.execute(`select value::varchar as t, value = parse_json('{"c1":"1","c2":{"y":2,"z":1},"c3":"x0"}') as same from ext.kunde`);
    assert.deepEqual(r.rows, [{ T: '{"c1":"1","c2":{"y":2,"z":1},"c3":"x0"}', SAME: true }]);
  });
});

test('CREATE EXTERNAL TABLE is refused by name where the twin holds no rows for the files Snowflake would read', async () => {
  await withTwin(async (s) => {
    await s.execute('create schema ext');
    await s.execute("create or replace file format ext.ff_semicolon field_delimiter = ';'");
    await s.execute("create or replace stage ext.raw_stage url = 's3://bucket/'");
    // Nothing sampled.
    await refused(s, CREATE, /^CREATE EXTERNAL TABLE \(its rows are the files of stage @ext\.raw_stage\/, external stage ANALYTICS\.EXT\.RAW_STAGE \(s3:\/\/bucket\/\) in cloud storage, which the local twin does not read; the twin holds no sampled rows with VALUE for ANALYTICS\.EXT\.KUNDE/);
    // A sampled file the PATTERN does not match: neither kept nor silently dropped.
    await sampled(s, ['V1.0/kunde/kunde_20240101_000000.csv', 'synthetic/kunde/batch-0/part-0000.json']);
    await refused(s, CREATE, /include the sampled file 'synthetic\/kunde\/batch-0\/part-0000\.json', which PATTERN 'V1\.0\/kunde\/kunde_\.\*\[\.\]csv' does not match/);
    await refused(s, CREATE.replace('@ext.raw_stage/', '@ext.raw_stage/V2/'), /include the sampled file 'V1\.0\/kunde\/kunde_20240101_000000\.csv', which is not under the path 'V2\/'/);
    // The table is untouched by a refused statement.
    assert.equal(Number((await s.execute('select count(*) as n from ext.kunde')).rows[0].N), 2);
    // No file names at all: no METADATA$FILENAME, and no column the statement defines as it.
    await refused(s, CREATE.replace('filenamedate varchar as metadata$filename,', '').replace('partition by (filenamedate)', ''), /hold no file names/);
    // An internal stage, a missing one, REFRESH_ON_CREATE = FALSE, Delta.
    await s.execute('create stage ext.internal_stage');
    await refused(s, CREATE.replace('@ext.raw_stage/', '@ext.internal_stage/'), /^CREATE EXTERNAL TABLE over internal stage ANALYTICS\.EXT\.INTERNAL_STAGE \(an external table reads an external stage/);
    await assert.rejects(s.execute(CREATE.replace('@ext.raw_stage/', '@ext.missing/')), /Stage 'ANALYTICS\.EXT\.MISSING' does not exist or not authorized/);
    await assert.rejects(s.execute(CREATE.replace('ext.ff_semicolon', 'ext.ff_missing')), /File format 'ANALYTICS\.EXT\.FF_MISSING' does not exist or not authorized/);
    await refused(s, `${CREATE} refresh_on_create = false`, /REFRESH_ON_CREATE = FALSE/);
    await refused(s, `${CREATE} table_format = delta`, /TABLE_FORMAT = DELTA/);
  });
});

test('IS_NULL_VALUE (dbt_external_tables\' column expressions): TRUE for a JSON null, FALSE for a value, NULL for a missing key', async () => {
  // https://docs.snowflake.com/en/sql-reference/functions/is_null_value
  await withTwin(async (s) => {
    const r = await s.execute(`select is_null_value(v:a) as a, is_null_value(v:b) as b, is_null_value(v:c) as c, is_null_value(v) as whole
      from (select parse_json('{"a": null, "b": "null"}') as v)`);
    assert.deepEqual(r.rows, [{ A: true, B: false, C: null, WHOLE: false }]);
  });
});

test('FROM DUAL (dbt_external_tables\' no-op when the schema exists) is one row; a table named DUAL elsewhere is itself', async () => {
  await withTwin(async (s) => {
    assert.deepEqual((await s.execute("select 'Schema EXT exists' as m from dual;")).rows, [{ M: 'Schema EXT exists' }]);
    assert.deepEqual((await s.execute('select count(*) as n from dual d where 1 = 1')).rows.map((r) => Number(r.N)), [1]);
    await s.execute('create schema ext');
    await s.execute('create table ext.dual (x int)');
    assert.deepEqual((await s.execute('select count(*) as n from ext.dual')).rows.map((r) => Number(r.N)), [0]);
  });
});

test('CREATE EXTERNAL TABLE forms the twin does not read are refused by name', () => {
  const refusedParse = (sql: string, construct: RegExp): void => {
    assert.throws(() => parseExternalTableStatement(sql), (e: unknown) => e instanceof UnsupportedOnDuckDb && construct.test(e.construct));
  };
  refusedParse('create external table t (a varchar as (value:c1) not null) location = @s file_format = (type = csv)', /^an inline constraint on the external table column a/);
  refusedParse('create external table t (a varchar) location = @s file_format = (type = csv)', /^the external table column a without AS <expression>/);
  refusedParse("create external table t location = 's3://x/' file_format = (type = csv)", /a location that is not @stage/);
  refusedParse('create external table t (a varchar as (value:c1)) location = @s file_format = (type = csv) with row access policy p on (value)', /^CREATE EXTERNAL TABLE with WITH ROW/);
  refusedParse('create external table t (a varchar as (value:c1)) partition_type = user_specified location = @s file_format = (type = csv)', /PARTITION_TYPE = USER_SPECIFIED/);
  assert.equal(parseExternalTableStatement('create table external (a int)'), undefined);
  assert.equal(parseExternalTableStatement('select 1'), undefined);
});
