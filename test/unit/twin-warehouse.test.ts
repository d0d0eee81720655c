// The twin's DuckDB: one attached catalog per database (files under .bronze/local/), case-insensitive names,
// the target's database as the default catalog; a missing catalog is a located error saying what to do; and the
// wait for another process's file lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TargetConfig } from '../../server/src/core/types';
import { Engine } from '../../server/src/engine';
import { parseProfiles, resolveTarget } from '../../server/src/project/profiles';
import { withTwinDatabases } from '../../server/src/project/twin';
import { parseArgs, UsageError } from '../../client/src/cli/args';
import { projectRequest } from '../../client/src/cli/context';
import { lockTimeoutOf } from '../../client/src/warehouse/connect';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { DEFAULT_LOCK_TIMEOUT_SECONDS, lockHolder, waitForFileLock } from '../../client/src/warehouse/file-lock';
import { twinCatalogs } from '../../client/src/warehouse/twin';
import { leasesOf } from '../../client/src/warehouse/shared-instance';
import { WarehouseError } from '../../client/src/warehouse/warehouse';

const PROFILE = `p:
  target: prod
  outputs:
    prod: {type: snowflake, account: a, user: u, database: Analytics, schema: BRONZE}
`;

/** A twin target for `root` whose project names `databases` (as node relations would). */
function twin(root: string, databases: string[]): TargetConfig {
  const t = resolveTarget(parseProfiles(path.join(root, 'profiles.yml'), PROFILE), 'p', 'local', { env: {}, projectRoot: root });
  const rel = (database: string) => ({ relation: { database, schema: 's', identifier: 't' }, config: { enabled: true } });
  const project = {
    models: new Map(),
    sources: new Map(databases.map((d, i) => [`source.p.s${i}`, rel(d)])),
  } as unknown as Parameters<typeof withTwinDatabases>[1];
  return withTwinDatabases(t, project);
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-twin-unit-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the twin attaches one catalog per database; raw and RAW are one; the target database is the default', async () => {
  await withDir(async (dir) => {
    const wh = await createDuckDbWarehouse(twin(dir, ['raw', 'RAW', 'crm_db']));
    try {
      const s = await wh.openSession();
      await s.execute('create schema raw.sales; create table RAW.SALES.ORDERS as select 1 as id');
      assert.deepEqual((await s.execute('select id from Raw.Sales.orders')).rows, [{ ID: 1 }]);
      await s.execute('create table crm_db.main.c as select 2 as id');
      assert.deepEqual((await s.execute('select current_database() as db, current_schema() as sch')).rows, [{ DB: 'ANALYTICS', SCH: 'BRONZE' }]);
      await s.execute('create table unqualified as select 3 as id');
      assert.deepEqual((await s.execute('select id from analytics.bronze.unqualified')).rows, [{ ID: 3 }]);
      assert.equal(await s.relationType({ database: 'raw', schema: 'sales', identifier: 'orders' }), 'table');
      await s.close();
    } finally {
      await wh.close();
    }
    assert.deepEqual(readdirSync(path.join(dir, '.bronze', 'local')).filter((f) => f.endsWith('.duckdb')).sort(), ['ANALYTICS.duckdb', 'CRM_DB.duckdb', 'RAW.duckdb']);
    // Reopened: the data is in the files, and a catalog file the project no longer names is still attached.
    const again = await createDuckDbWarehouse(twin(dir, []));
    try {
      const s = await again.openSession();
      assert.deepEqual((await s.execute('select id from raw.sales.orders')).rows, [{ ID: 1 }]);
      assert.deepEqual((await s.execute('select id from CRM_DB.main.c')).rows, [{ ID: 2 }]);
      await s.close();
    } finally {
      await again.close();
    }
  });
});

test('without profiles.yml: .bronze/local.duckdb is catalog local, and a source database elsewhere resolves', async () => {
  await withDir(async (dir) => {
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: bare\nversion: "1"\nprofile: bare\n');
    mkdirSync(path.join(dir, 'models'));
    writeFileSync(
      path.join(dir, 'models', 'sources.yml'),
      'version: 2\nsources:\n  - name: zoom\n    database: DB_POC_ZOOM\n    schema: RAW\n    tables: [{name: users}]\n',
    );
    const engine = await Engine.open({ projectDir: dir, env: { HOME: dir } });
    const wh = await createDuckDbWarehouse(engine.target, { baseDir: dir });
    try {
      assert.equal(wh.databaseName, 'local');
      const s = await wh.openSession();
      await s.execute('create schema db_poc_zoom.raw; create table DB_POC_ZOOM.RAW.USERS as select 7 as user_id');
      assert.deepEqual((await s.execute('select user_id from db_poc_zoom.raw.users')).rows, [{ USER_ID: 7 }]);
      assert.deepEqual((await s.execute('select current_database() as db')).rows, [{ DB: 'local' }]);
      await s.close();
    } finally {
      await wh.close();
    }
    assert.ok(existsSync(path.join(dir, '.bronze', 'local.duckdb')));
    assert.deepEqual(readdirSync(path.join(dir, '.bronze', 'local')).filter((f) => f.endsWith('.duckdb')), ['DB_POC_ZOOM.duckdb']);
  });
});

test('twinCatalogs: target database first, then named ones, then files found, each in name order', async () => {
  await withDir(async (dir) => {
    const wh = await createDuckDbWarehouse(twin(dir, ['zeta', 'alpha']));
    await wh.close();
    const cats = twinCatalogs(twin(dir, ['beta']))!;
    assert.deepEqual(cats.map((c) => [c.name, path.basename(c.file), c.named]), [
      ['ANALYTICS', 'ANALYTICS.duckdb', true],
      ['BETA', 'BETA.duckdb', true],
      ['ALPHA', 'ALPHA.duckdb', false],
      ['ZETA', 'ZETA.duckdb', false],
    ]);
    assert.equal(twinCatalogs({ name: 'dev', profileName: 'p', type: 'duckdb', database: 'd', schema: 's', threads: 1 }), undefined);
  });
});

test('on a plain duckdb target a three-part name with an unknown database is a located error saying what to do', async () => {
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', path: ':memory:', database: 'memory', schema: 'main', threads: 1 });
  try {
    const s = await wh.openSession();
    for (const [sql, line, column] of [
      ['select *\nfrom   DB_POC_ZOOM.raw.users', 2, 8],
      ['create table ZOOM.s.t as select 1 as a', 1, 14],
      ['create schema "Analytics".x', 1, 15],
    ] as const) {
      await assert.rejects(s.execute(sql), (e: unknown) => {
        assert.ok(e instanceof WarehouseError);
        assert.equal(e.details.code, 'bronze/unknown-database');
        assert.match(e.message, /^Database (DB_POC_ZOOM|ZOOM|Analytics) does not exist on DuckDB target 'dev'\. If it is a Snowflake database, run with --target local .*attach a DuckDB file as \1 in profiles\.yml/);
        assert.deepEqual([e.details.line, e.details.column], [line, column], sql);
        return true;
      });
    }
    // Other catalog errors keep DuckDB's words.
    await assert.rejects(s.execute('select * from nosuchschema.t'), /Catalog Error: Table with name/);
    await s.close();
  } finally {
    await wh.close();
  }
});

test('on the twin a database the project does not name points at the catalog file to create', async () => {
  await withDir(async (dir) => {
    const wh = await createDuckDbWarehouse(twin(dir, ['raw']));
    try {
      const s = await wh.openSession();
      await assert.rejects(s.execute('select * from other_db.s.t'), (e: unknown) => {
        assert.ok(e instanceof WarehouseError);
        assert.equal(e.details.code, 'bronze/unknown-database');
        assert.equal(
          e.message,
          `Database OTHER_DB is not one the project names, so the local twin has no catalog for it. Name it as a source's \`database:\` ` +
            `or a model's \`database\` config, or create the catalog file ${path.join(dir, '.bronze', 'local', 'OTHER_DB.duckdb')}. (line 1, column 15)`,
        );
        return true;
      });
      await s.close();
    } finally {
      await wh.close();
    }
  });
});

const LOCK = (pid: number) => `IO Error: Could not set lock on file "/x/RAW.duckdb": Conflicting lock is held in /usr/bin/node (PID ${pid}). See also https://duckdb.org/docs/stable/connect/concurrency`;

/** A fake clock whose sleep advances it. */
function clock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = 1_000_000;
  const slept: number[] = [];
  return { now: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)), slept };
}

test('waitForFileLock retries while the file is locked, says once whom it waits for, then returns', async () => {
  const c = clock();
  const told: string[] = [];
  let calls = 0;
  const value = await waitForFileLock('/x/RAW.duckdb', async () => {
    if (++calls < 4) throw new Error(LOCK(4242));
    return 'opened';
  }, { timeoutSeconds: 30, onWait: (m) => told.push(m), now: c.now, sleep: c.sleep });
  assert.equal(value, 'opened');
  assert.equal(calls, 4);
  assert.deepEqual(c.slept, [50, 100, 200]);
  assert.equal(told.length, 1);
  assert.match(told[0], /^Waiting for the DuckDB file \/x\/RAW\.duckdb: it is locked by PID 4242 \(.+\)\. Waiting up to 30 s \(--lock-timeout\)\.$/);
});

test('waitForFileLock gives up after the timeout naming the holder; other errors are not retried', async () => {
  const c = clock();
  await assert.rejects(
    waitForFileLock('/x/RAW.duckdb', async () => Promise.reject(new Error(LOCK(4242))), { timeoutSeconds: 2, now: c.now, sleep: c.sleep }),
    (e: unknown) => {
      assert.ok(e instanceof WarehouseError);
      assert.equal(e.details.code, 'bronze/duckdb-locked');
      assert.match(e.message, /^The DuckDB file \/x\/RAW\.duckdb is locked by another process \(PID 4242\), .* Waited 2 s for it \(--lock-timeout\)\. Close that process/);
      return true;
    },
  );
  assert.equal(c.slept.reduce((a, b) => a + b, 0), 2000);
  let calls = 0;
  await assert.rejects(
    waitForFileLock('/x/y.duckdb', async () => {
      calls++;
      throw new Error('IO Error: Cannot open file: permission denied');
    }, { timeoutSeconds: 30, now: c.now, sleep: c.sleep }),
    /permission denied/,
  );
  assert.equal(calls, 1);
  // 0 fails at the first refusal, without waiting.
  const before = c.slept.length;
  await assert.rejects(waitForFileLock('/x/y.duckdb', async () => Promise.reject(new Error(LOCK(7))), { timeoutSeconds: 0, now: c.now, sleep: c.sleep }), /PID 7/);
  assert.equal(c.slept.length, before);
});

test('lockHolder names the PID and the command DuckDB (or /proc) gives', () => {
  assert.match(lockHolder(LOCK(process.pid))!, new RegExp(`^PID ${process.pid} \\(.*node.*\\)$`));
  assert.equal(lockHolder('IO Error: something else'), undefined);
});

test('--lock-timeout reaches the target as lock_timeout; 30 s by default', () => {
  const args = parseArgs(['run', '--lock-timeout', '5', '--project-dir', path.resolve(import.meta.dirname, '../fixtures/twin-two-databases')], () => ({}));
  assert.equal(args.lockTimeout, 5);
  assert.deepEqual(projectRequest(args).targetOverrides, { lock_timeout: 5 });
  assert.throws(() => parseArgs(['run', '--lock-timeout', 'soon'], () => ({})), (e: unknown) => e instanceof UsageError && /--lock-timeout takes a number of seconds/.test(e.message));
  assert.throws(() => parseArgs(['run', '--lock-timeout', '-1'], () => ({})), UsageError);
  const base: TargetConfig = { name: 'local', profileName: 'p', type: 'duckdb', database: 'd', schema: 's', threads: 1 };
  assert.equal(DEFAULT_LOCK_TIMEOUT_SECONDS, 30);
  assert.equal(lockTimeoutOf(base), 30);
  assert.equal(lockTimeoutOf({ ...base, lock_timeout: 0 }), 0);
  assert.equal(lockTimeoutOf({ ...base, lock_timeout: 'x' }), 30);
});

test('threads creating the same schema at once all succeed, as on Snowflake (DuckDB reports a write-write conflict)', async () => {
  await withDir(async (dir) => {
    const wh = await createDuckDbWarehouse(twin(dir, ['raw']));
    try {
      const sessions = await Promise.all([1, 2, 3, 4].map(() => wh.openSession()));
      for (let k = 0; k < 60; k++) {
        const results = await Promise.allSettled(sessions.map((s, i) => s.execute(`create schema if not exists ${i % 2 ? 'raw.' : ''}s${k}`)));
        assert.deepEqual(results.filter((r) => r.status === 'rejected'), [], `round ${k}`);
      }
      // Inside an explicit transaction the conflict stays an error: the transaction is the caller's to retry.
      const [a, b] = sessions;
      await a.execute('begin; create schema if not exists held');
      await assert.rejects(b.execute('begin; create schema if not exists held'), /write-write conflict/);
      await a.execute('commit');
      for (const s of sessions) await s.close();
    } finally {
      await wh.close();
    }
  });
});

test('error positions count characters, not the UTF-8 bytes DuckDB reports (non-ASCII text before the error)', async () => {
  const wh = await createDuckDbWarehouse({ name: 'dev', profileName: 'p', type: 'duckdb', path: ':memory:', database: 'memory', schema: 'main', threads: 1 });
  try {
    const s = await wh.openSession();
    for (const sql of ["select 'ab' as a, zz", "select 'éé' as a, zz", "select '😀' as a, zz", "select upper('x') as u,\n  zz"]) {
      await assert.rejects(s.execute(sql), (e: unknown) => {
        assert.ok(e instanceof WarehouseError);
        const lines = sql.split('\n');
        const line = lines.findIndex((l) => l.includes('zz'));
        assert.deepEqual([e.details.line, e.details.column], [line + 1, lines[line].indexOf('zz') + 1], sql);
        return true;
      });
    }
    await s.close();
  } finally {
    await wh.close();
  }
});

test('on the twin a missing database.schema.table says which catalog file the table belongs in', async () => {
  await withDir(async (dir) => {
    const wh = await createDuckDbWarehouse(twin(dir, ['raw']));
    try {
      const s = await wh.openSession();
      await assert.rejects(s.execute('select upper(name) as n\nfrom raw."Sales".orders'), (e: unknown) => {
        assert.ok(e instanceof WarehouseError);
        assert.equal(
          e.message,
          'Catalog Error: Table with name "Sales.ORDERS" does not exist because schema "Sales" does not exist. On the local twin, database RAW is the file ' +
            `${path.join(dir, '.bronze', 'local', 'RAW.duckdb')}: create Sales.orders there (load its rows) or run the model that builds it. (line 2, column 6)`,
        );
        return true;
      });
      await s.close();
    } finally {
      await wh.close();
    }
  });
});

// flipside_algorand's silver__nft_metadata_fifa reads a hand-written `bronze.fifa_metadata` that no source or model
// declares: DuckDB said only "Table with name FIFA_METADATA does not exist! Did you mean "ACCOUNT_ASSET"?" (a table of
// another database). Snowflake resolves the name in the current database, whose file the advice names.
test('on the twin a missing schema.table (or table) is advised in the current database, without DuckDB\'s guess', async () => {
  await withDir(async (dir) => {
    const wh = await createDuckDbWarehouse(twin(dir, ['raw']));
    try {
      const s = await wh.openSession();
      await s.execute('create schema stage');
      await s.execute('create table stage.fifa_metadatas (a int)');
      await s.execute('create schema raw.s');
      await s.execute('create table raw.s.fifa_metadat (a int)');
      const [row] = (await s.execute('select current_database() as d, current_schema() as s')).rows;
      const current = { d: String(row?.D), s: String(row?.S) };
      const file = twinCatalogs(twin(dir, ['raw']))?.find((c) => c.name === current.d)?.file;
      assert.ok(file, JSON.stringify(row));
      for (const [sql, name] of [['select asset_id\nfrom  stage.fifa_metadata', 'stage.fifa_metadata'], ['select 1 from fifa_metadata', `${current.s}.fifa_metadata`]]) {
        await assert.rejects(s.execute(sql), (e: unknown) => {
          assert.ok(e instanceof WarehouseError);
          assert.match(e.message, new RegExp(`^Catalog Error: Table with name (\\w+\\.)?FIFA_METADATA does not exist!? On the local twin, database ${current.d} is the file `));
          assert.ok(e.message.includes(`${file}: create ${name} there (load its rows)`), e.message);
          assert.doesNotMatch(e.message, /Did you mean/);
          return true;
        });
      }
      // Inside a transaction the error is still the missing table's, whatever DuckDB answers after it.
      await s.execute('begin');
      await assert.rejects(s.execute('select 1 from stage.fifa_metadata'), /Catalog Error: Table with name (\w+\.)?FIFA_METADATA does not exist/);
      await s.execute('rollback');
      await s.close();
    } finally {
      await wh.close();
    }
  });
});

test('two warehouses on one file in one process share its instance: the second sees the first one’s writes at once', async () => {
  await withDir(async (dir) => {
    const target: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', path: path.join(dir, 'one.duckdb'), database: 'one', schema: 'main', threads: 1 };
    const writer = await createDuckDbWarehouse(target);
    const reader = await createDuckDbWarehouse(target);
    assert.equal(leasesOf(target.path as string), 2);
    const w = await writer.openSession();
    const r = await reader.openSession();
    await w.execute('create table t as select 1 as x');
    await w.execute('insert into t values (2)');
    assert.deepEqual((await r.execute('select count(*) as n from t')).rows, [{ N: 2 }]);
    await reader.close();
    // The writer goes on after the reader closed: the instance stays open while anyone holds it.
    await w.execute('insert into t values (3)');
    assert.deepEqual((await w.execute('select count(*) as n from t')).rows, [{ N: 3 }]);
    await writer.close();
    assert.equal(leasesOf(target.path as string), 0);
    // Closed for real: another process-less open (a fresh instance) reads what was written.
    const again = await createDuckDbWarehouse(target);
    const a = await again.openSession();
    assert.deepEqual((await a.execute('select count(*) as n from t')).rows, [{ N: 3 }]);
    await again.close();
  });
});

test('a database named like one of DuckDB’s own catalogs is a Bronze error on the twin (attaching it would break DuckDB)', async () => {
  await withDir(async (dir) => {
    for (const name of ['system', 'Temp', 'MEMORY']) {
      await assert.rejects(createDuckDbWarehouse(twin(dir, ['raw', name])), (e: unknown) => {
        assert.ok(e instanceof WarehouseError);
        assert.equal(e.details.code, 'bronze/twin-reserved-name');
        assert.match(e.message, new RegExp(`^Database ${name.toUpperCase()} cannot be a catalog on the local twin: DuckDB keeps the name '${name.toLowerCase()}' for its own\\.`));
        return true;
      });
    }
    // Nothing was opened or left locked: the twin opens once the name is gone.
    const wh = await createDuckDbWarehouse(twin(dir, ['raw']));
    await wh.close();
  });
});
