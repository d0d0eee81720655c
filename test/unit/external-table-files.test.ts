// EXTERNAL_TABLE_FILES on the local twin (external-table-files.ts): one row per distinct METADATA$FILENAME of the
// table, with the times the sampler recorded for each file and NULL for what the twin has no file to tell (size,
// ETag, MD5); a table without the column is refused by name and place. The sampler side: file names for a batch,
// and a source named inside a string literal is not read from.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { recordExternalFiles } from '../../client/src/warehouse/snowflake-on-duckdb/external-table-files';
import { externalTableFilesRequests, tableNameParts } from '../../server/src/core/sql/snowflake-on-duckdb/external-table-files';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import { fileColumnSql, rowsPerFile } from '../../client/src/sample/external-files';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import { Engine } from '../../server/src/engine';

const session = memorySession(async (s) => {
  await s.execute('CREATE SCHEMA ext');
  await s.execute('CREATE TABLE ext.events (value VARIANT, "METADATA$FILENAME" VARCHAR)');
  await s.execute(
    "INSERT INTO ext.events SELECT PARSE_JSON('{\"n\": 1}'), column1 FROM VALUES ('a/part-0.json'), ('a/part-0.json'), ('a/part-1.json'), (NULL)",
  );
  await s.execute('CREATE TABLE ext.plain (x INT)');
});

const FILES = "SELECT * FROM TABLE(information_schema.external_table_files(table_name => 'memory.ext.events')) ORDER BY file_name";

describe('EXTERNAL_TABLE_FILES on the twin', () => {
  test('gives one row per file in the table, with Snowflake\'s columns, the recorded times and NULL where no file tells', async () => {
    const before = (await session().execute('SELECT CAST(now() AS VARCHAR) AS "t"')).rows[0].t;
    // No record yet: the files are there, their times unknown.
    let r = await session().execute(FILES);
    assert.deepEqual(r.columns.map((c) => c.name), ['FILE_NAME', 'REGISTERED_ON', 'FILE_SIZE', 'LAST_MODIFIED', 'ETAG', 'MD5']);
    assert.deepEqual(r.rows.map((x) => [x.FILE_NAME, x.REGISTERED_ON, x.FILE_SIZE, x.LAST_MODIFIED, x.ETAG, x.MD5]), [
      ['a/part-0.json', null, null, null, null, null],
      ['a/part-1.json', null, null, null, null, null],
    ]);
    await recordExternalFiles(session().connection, { database: 'memory', schema: 'EXT', identifier: 'EVENTS' }, { written: 'now', replaced: true });
    r = await session().execute(FILES);
    assert.equal(r.rows.length, 2);
    for (const row of r.rows) {
      assert.ok(row.REGISTERED_ON !== null && row.REGISTERED_ON !== undefined, 'recorded when written');
      assert.equal(String(row.LAST_MODIFIED), String(row.REGISTERED_ON));
    }
    // Recorded no earlier than this test began (the record's time is the write's, not a made-up one).
    const earlier = await session().execute(
      `SELECT count(*) AS "n" FROM TABLE(information_schema.external_table_files(table_name => 'memory.ext.events')) WHERE registered_on < '${before}'::TIMESTAMP_LTZ`,
    );
    assert.equal(Number(earlier.rows[0].n), 0);
  });

  test('joins the table on METADATA$FILENAME as an external-table model does, and names resolve as Snowflake\'s', async () => {
    const r = await session().execute(
      `SELECT count(*) AS "n" FROM ext.events e JOIN TABLE(external_table_files(table_name => 'EXT.EVENTS')) m ON m.file_name = e.metadata$filename`,
    );
    assert.equal(Number(r.rows[0].n), 3, 'each row with a file name meets its file once');
  });

  test('a file written later is recorded then; the earlier ones keep their time', async () => {
    const times = async (): Promise<Map<string, string>> =>
      new Map((await session().execute(FILES)).rows.map((x) => [String(x.FILE_NAME), String(x.REGISTERED_ON)]));
    const first = await times();
    // A file written by something else first (no record, before the sampler's append): its time stays unknown.
    await session().execute("INSERT INTO ext.events SELECT NULL, 'a/other.json'");
    const table = { database: 'memory', schema: 'EXT', identifier: 'EVENTS' };
    await recordExternalFiles(session().connection, table, { written: 'before', replaced: false });
    await session().execute("INSERT INTO ext.events SELECT NULL, 'a/part-2.json'");
    await recordExternalFiles(session().connection, table, { written: 'now', replaced: false });
    const second = await times();
    assert.deepEqual([...second.keys()], ['a/other.json', 'a/part-0.json', 'a/part-1.json', 'a/part-2.json']);
    assert.equal(second.get('a/other.json'), 'null');
    assert.equal(second.get('a/part-0.json'), first.get('a/part-0.json'));
    assert.ok(second.get('a/part-2.json')! >= first.get('a/part-1.json')!);
  });

  test('refuses, by name and place, a table without METADATA$FILENAME; a missing table is an error', async () => {
    await assertRefused(
      session(),
      "SELECT *\nFROM TABLE(information_schema.external_table_files(table_name => 'ext.plain'))",
      /EXTERNAL_TABLE_FILES of memory\.EXT\.PLAIN, a table with no METADATA\$FILENAME column/,
      2,
      31,
    );
    await assert.rejects(session().execute("SELECT * FROM TABLE(external_table_files(table_name => 'ext.nothing'))"), /Table 'ext\.nothing' does not exist or not authorized/);
    await assertRefused(session(), "SELECT * FROM TABLE(external_table_files(table_name => 'ext.' || 'events'))", /EXTERNAL_TABLE_FILES with TABLE_NAME given by an expression/, 1, 21);
  });

  test('keeps its record out of INFORMATION_SCHEMA and SHOW TABLES', async () => {
    const listed = await session().execute("SELECT table_name FROM information_schema.tables WHERE table_name ILIKE 'bz_%'");
    assert.deepEqual(listed.rows, []);
    const shown = await session().execute('SHOW TABLES');
    assert.ok(!shown.rows.some((x) => x.name === 'bz_external_files'));
  });
});

describe('reading the request', () => {
  test('finds each TABLE_NAME in the translated text, whatever the case of the words around it', () => {
    const sql = translateSnowflakeSql("select * from table(information_schema.external_table_files(table_name => 'Db.S.\"t''x\"'))");
    assert.deepEqual(externalTableFilesRequests(sql), ['Db.S."t\'x"']);
    assert.deepEqual(externalTableFilesRequests(sql.toUpperCase().replace("'DB.S.\"T''X\"'", "'Db.S.\"t''x\"'")), ['Db.S."t\'x"']);
  });

  test('reads a name as Snowflake does: unquoted parts upper-case, quoted ones as written', () => {
    assert.deepEqual(tableNameParts('streamline.AXELAR.blocks'), [
      { text: 'STREAMLINE', quoted: false },
      { text: 'AXELAR', quoted: false },
      { text: 'BLOCKS', quoted: false },
    ]);
    assert.deepEqual(tableNameParts('"My Table"'), [{ text: 'My Table', quoted: true }]);
    assert.equal(tableNameParts('a.b.c.d'), undefined);
    assert.equal(tableNameParts('a b'), undefined);
  });
});

describe('the sampler and external tables', () => {
  test('writes a batch into a few files of several rows, numbering rows within each; a later batch into new files', async () => {
    assert.deepEqual([rowsPerFile(100), rowsPerFile(20), rowsPerFile(1000), rowsPerFile(2)], [25, 5, 25, 1]);
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const batch = async (first: number, rows: number): Promise<unknown[][]> =>
      (
        await c.runAndReadAll(
          `SELECT ${fileColumnSql('metadata$filename', 'Events', 'g.i', first, rows)}, ${fileColumnSql('METADATA$FILE_ROW_NUMBER', 'Events', 'g.i', first, rows)} FROM range(${first}, ${first + rows}) g(i)`,
        )
      ).getRows();
    const rows = await batch(0, 20);
    assert.deepEqual([...new Set(rows.map((r) => r[0]))], [0, 1, 2, 3].map((k) => `synthetic/events/batch-0/part-000${k}.json`));
    assert.deepEqual(rows.slice(0, 6).map((r) => Number(r[1])), [1, 2, 3, 4, 5, 1]);
    const later = await batch(20, 8);
    assert.deepEqual([...new Set(later.map((r) => r[0]))], [0, 1, 2, 3].map((k) => `synthetic/events/batch-20/part-000${k}.json`));
    assert.equal(fileColumnSql('value', 'Events', 'g.i', 0, 20), undefined);
    c.closeSync();
    instance.closeSync();
  });

  test('does not give the source the columns of EXTERNAL_TABLE_FILES, which names it in a string', async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-ext-files-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await mkdir(path.join(dir, 'models'));
    await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: blocks\n');
    await writeFile(
      path.join(dir, 'models', 'm.sql'),
      "with meta as (select registered_on, last_modified, file_name from table(information_schema.external_table_files(table_name => '{{ source(\"raw\", \"blocks\") }}')) a)\n" +
        "select value, block_number, m.last_modified from {{ source('raw', 'blocks') }} join meta m on m.file_name = metadata$filename\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.raw.blocks').map((c) => c.name), ['value', 'block_number', 'metadata$filename']);
  });
});
