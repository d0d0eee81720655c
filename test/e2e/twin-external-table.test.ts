// An external-table source on the local twin, with no edits: `sample --synthetic` writes its rows into a few files
// (METADATA$FILENAME), models read EXTERNAL_TABLE_FILES and join it on the file name, and the build passes; a later
// batch (`--append`) lands in new files registered at that time, which the incremental model picks up.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '..', 'fixtures', 'twin-external-table');

/** Rows from the project's twin (its own catalog and LANDING attached), read with DuckDB itself. */
async function rows(dir: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(join(dir, '.bronze', 'local.duckdb'), { access_mode: 'READ_ONLY' });
  try {
    const c = await instance.connect();
    await c.run(`ATTACH '${join(dir, '.bronze', 'local', 'LANDING.duckdb')}' AS landing (READ_ONLY)`);
    const r = (await c.runAndReadAll(sql)).getRows();
    c.closeSync();
    return r;
  } finally {
    instance.closeSync();
  }
}

const now = async (dir: string): Promise<string> => String((await rows(dir, 'SELECT CAST(now() AS VARCHAR)'))[0][0]);

describe('an external-table source on the twin', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-external-'));
    dir = join(root, 'twin-external-table');
    cpSync(FIXTURE, dir, { recursive: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('samples the rows into files, and EXTERNAL_TABLE_FILES lists those files as registered when written', async () => {
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '40', '--seed', '3']);
    assert.equal(sampled.code, 0, sampled.stderr);
    const build = await cli(['build', '--project-dir', dir]);
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /PASS=9 WARN=0 ERROR=0 SKIP=0 TOTAL=9/);
    // Four files of ten rows, each a name that reads as a staged file's, never NULL.
    assert.deepEqual(
      await rows(dir, 'SELECT "METADATA$FILENAME", count(*), CAST(min("METADATA$FILE_ROW_NUMBER") AS BIGINT), CAST(max("METADATA$FILE_ROW_NUMBER") AS BIGINT) FROM landing.ext.blocks GROUP BY 1 ORDER BY 1'),
      [0, 1, 2, 3].map((k) => [`synthetic/blocks/batch-0/part-000${k}.json`, 10n, 1n, 10n]),
    );
    // The function's rows are the table's files, with the write's time and no invented size or checksums.
    const files = await rows(dir, 'SELECT file_name, registered_on = last_modified, file_size, etag, md5 FROM main.block_files ORDER BY 1');
    assert.deepEqual(files, [0, 1, 2, 3].map((k) => [`synthetic/blocks/batch-0/part-000${k}.json`, true, null, null, null]));
    assert.equal(Number((await rows(dir, 'SELECT count(*) FROM main.blocks'))[0][0]), 40);
  });

  it('registers a later batch\'s files at its time, and the incremental model takes only their rows', async () => {
    const [[firstRegistered]] = await rows(dir, 'SELECT CAST(max(registered_on) AS VARCHAR) FROM main.block_files');
    const started = await now(dir);
    const appended = await cli(['sample', '--synthetic', '--append', '--project-dir', dir, '--rows', '20', '--seed', '4']);
    assert.equal(appended.code, 0, appended.stderr);
    const run = await cli(['run', '--project-dir', dir]);
    assert.equal(run.code, 0, run.stderr);
    const files = await rows(dir, 'SELECT file_name, CAST(registered_on AS VARCHAR) FROM main.block_files ORDER BY 1');
    assert.equal(files.length, 8);
    for (const [name, registered] of files) {
      const later = String(name).includes('/batch-40/');
      // Old files keep their time; new ones carry the append's (recorded no earlier than it began).
      if (later) assert.ok(String(registered) >= started, `${String(name)}: ${String(registered)} < ${started}`);
      else assert.equal(registered, firstRegistered);
    }
    const [[total, fromNewFiles]] = await rows(dir, "SELECT count(*), count(*) FILTER (WHERE file_name LIKE '%/batch-40/%') FROM main.blocks");
    assert.equal(Number(fromNewFiles), 20);
    assert.ok(Number(total) >= 40 && Number(total) <= 60, `blocks: ${String(total)}`);
  });
});
