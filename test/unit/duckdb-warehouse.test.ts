import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRows, createDuckDbWarehouse, duckDbDatabaseName, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import type { TargetConfig } from '../../server/src/core/types';

const REPO = join(import.meta.dirname, '..', '..');

function target(extra: Partial<TargetConfig> = {}): TargetConfig {
  return { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', ...extra };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-duckdb-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withMemory(fn: (wh: DuckDbWarehouse) => Promise<void>, extra: Partial<TargetConfig> = {}): Promise<void> {
  const wh = await createDuckDbWarehouse(target(extra));
  try {
    await fn(wh);
  } finally {
    await wh.close();
  }
}

const isWhError = (re: RegExp) => (e: unknown): boolean => e instanceof WarehouseError && re.test(e.message);

test('database name follows the file name; parent folders are created; default is :memory:', async () => {
  assert.equal(duckDbDatabaseName('/a/b/dev.duckdb'), 'dev');
  assert.equal(duckDbDatabaseName(':memory:'), 'memory');
  await withDir(async (dir) => {
    const wh = await createDuckDbWarehouse(target({ path: 'nested/deeper/jaffle.duckdb', schema: 'bronze' }), { baseDir: dir });
    try {
      assert.equal(wh.databaseName, 'jaffle');
      assert.ok(existsSync(join(dir, 'nested/deeper/jaffle.duckdb')));
      const s = await wh.openSession();
      const r = await s.execute('select current_database() as db, current_schema() as sch');
      assert.deepEqual(r.rows, [{ DB: 'jaffle', SCH: 'bronze' }]);
    } finally {
      await wh.close();
    }
  });
  await withMemory(async (wh) => {
    const r = await (await wh.openSession()).execute('select current_database() as db');
    assert.deepEqual(r.rows, [{ DB: 'memory' }]);
  });
});

test('attach entries (with alias and read_only), settings and createSchemaIfNotExists', async () => {
  await withDir(async (dir) => {
    const seed = await createDuckDbWarehouse(target({ path: join(dir, 'raw.duckdb') }));
    await (await seed.openSession()).execute('create table main.events as select 1 as id');
    await seed.close();
    const wh = await createDuckDbWarehouse(
      target({ path: join(dir, 'dev.duckdb'), attach: [{ path: 'raw.duckdb', alias: 'RAW_DB', read_only: true }], settings: { threads: 2 } }),
      { baseDir: dir },
    );
    try {
      const s = await wh.openSession();
      assert.deepEqual((await s.execute('select count(*) as n from raw_db.main.events')).rows, [{ N: 1 }]);
      assert.deepEqual((await s.execute("select current_setting('threads') as t")).rows, [{ T: 2 }]);
      await assert.rejects(s.execute('insert into raw_db.main.events values (2)'), isWhError(/read-only/i));
      await wh.createSchemaIfNotExists('staging');
      assert.equal(await s.relationType({ database: 'dev', schema: 'staging', identifier: 'nothing' }), null);
      assert.deepEqual((await s.execute("select count(*) as n from information_schema.schemata where schema_name = 'staging'")).rows, [{ N: 1 }]);
    } finally {
      await wh.close();
    }
  });
});

test('an extension that is not available offline gives a clear error', async () => {
  await assert.rejects(
    createDuckDbWarehouse(target({ extensions: ['bronze_no_such_ext'] })),
    isWhError(/^DuckDB extension 'bronze_no_such_ext' is not available offline .*remove it from `extensions` in profiles\.yml\.$/s),
  );
});

test('a bad setting names profiles.yml', async () => {
  await assert.rejects(createDuckDbWarehouse(target({ settings: { no_such_setting_xyz: 1 } })), isWhError(/settings` in profiles\.yml/));
});

test('execute runs statements one by one and returns the last rows, columns and rowsAffected', async () => {
  await withMemory(async (wh) => {
    const s = await wh.openSession();
    assert.equal((await s.execute('create table plain (a int)')).rowsAffected, undefined);
    const ctas = await s.execute('create table t as select range as id, range * 1.5 as v from range(5)');
    assert.equal(ctas.rowsAffected, 5);
    assert.equal((await s.execute('insert into t values (10, 1.0), (11, 2.0)')).rowsAffected, 2);
    assert.equal((await s.execute('update t set v = 0 where id < 3')).rowsAffected, 3);
    assert.equal((await s.execute('delete from t where id >= 10')).rowsAffected, 2);
    const r = await s.execute("begin; delete from t where id = 4; commit; select id, 'x;y' as s from t where id = 1;");
    assert.deepEqual(r.columns, [{ name: 'ID', type: 'BIGINT' }, { name: 'S', type: 'VARCHAR' }]);
    assert.deepEqual(r.rows, [{ ID: 1, S: 'x;y' }]);
    assert.equal(r.rowsAffected, 1);
    // Snowflake-shaped query ids (a UUID's text), as QUERY_HISTORY_BY_SESSION and RESULT_SCAN take them (query-history.test.ts).
    assert.match(r.queryId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const b = await s.execute('select ? + 1 as a, ? as b', { binds: [41, 'ann'] });
    assert.deepEqual(b.rows, [{ A: 42, B: 'ann' }]);
  });
});

test('values are plain JS: safe BIGINT → number, huge → bigint, DECIMAL → number, TIMESTAMP → Date, DATE → string', async () => {
  await withMemory(async (wh) => {
    const s = await wh.openSession();
    const r = await s.execute(`select 42::bigint as a, 9007199254740993::bigint as b, 12.34::decimal(10,2) as c,
      timestamp '2024-01-02 03:04:05.678' as d, date '2024-02-29' as e, [1, 2] as f, {'k': 'v'} as g,
      '{"x":[1]}'::json as h, true as i, null as j, interval 1 day as k`);
    assert.deepEqual(r.rows[0], {
      A: 42, B: 9007199254740993n, C: 12.34, D: new Date('2024-01-02T03:04:05.678Z'), E: '2024-02-29',
      F: [1, 2], G: { k: 'v' }, H: { x: [1] }, I: true, J: null, K: '1 day',
    });
    assert.equal(r.columns.find((c) => c.name === 'H')?.type, 'JSON');
  });
});

test('cancellation through AbortSignal interrupts a long query and the session stays usable', async () => {
  await withMemory(async (wh) => {
    const s = await wh.openSession();
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 150);
    await assert.rejects(
      s.execute('select count(*) from range(100000000) a cross join range(100000000) b where a.range + b.range = -1', { signal: ac.signal }),
      (e: unknown) => e instanceof WarehouseError && e.details.cancelled === true && e.message === 'Query cancelled.',
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 3000, `cancel took ${elapsed} ms`);
    assert.deepEqual((await s.execute('select 1 as one')).rows, [{ ONE: 1 }]);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(s.execute('select 1', { signal: pre.signal }), (e: unknown) => e instanceof WarehouseError && e.details.cancelled === true);
  });
});

test('errors carry the DuckDB message, line and column in the submitted text, and the statement', async () => {
  await withMemory(async (wh) => {
    const s = await wh.openSession();
    await s.execute('create table t (id int)');
    await assert.rejects(s.execute('select id,\n  zz from t'), (e: unknown) => {
      assert.ok(e instanceof WarehouseError);
      assert.equal(e.message, 'Binder Error: Referenced column "ZZ" not found in FROM clause!\nCandidate bindings: "ID" (line 2, column 3)');
      assert.deepEqual([e.details.line, e.details.column, e.details.code, e.details.sql], [2, 3, 'COLUMN_NOT_FOUND', 'select id,\n  zz from t']);
      return true;
    });
    // The position maps back through the Snowflake rewrite (iff(...) became a CASE) and across statements.
    await assert.rejects(s.execute("select 1;\nselect iff(id > 0, 'a', 'b'), nosuch from t"), (e: unknown) => {
      assert.ok(e instanceof WarehouseError);
      assert.deepEqual([e.details.line, e.details.column, e.details.sql], [2, 31, "select iff(id > 0, 'a', 'b'), nosuch from t"]);
      return true;
    });
    await assert.rejects(s.execute('selec 1'), (e: unknown) => {
      assert.ok(e instanceof WarehouseError);
      assert.equal(e.message, 'Parser Error: syntax error at or near "selec" (line 1, column 1)');
      return true;
    });
  });
});

test('relationType and describe are case-insensitive; describe of a missing relation explains itself', async () => {
  await withMemory(async (wh) => {
    const s = await wh.openSession();
    await s.execute('create schema Bronze; create table bronze.Users (id bigint, email varchar, loaded timestamp_ntz); create view bronze.v as select 1 as x');
    assert.equal(await s.relationType({ database: 'MEMORY', schema: 'BRONZE', identifier: 'USERS' }), 'table');
    assert.equal(await s.relationType({ database: 'memory', schema: 'bronze', identifier: 'V' }), 'view');
    assert.equal(await s.relationType({ database: 'memory', schema: 'bronze', identifier: 'missing' }), null);
    assert.deepEqual(await s.describe({ database: 'memory', schema: 'BRONZE', identifier: 'users' }), [
      { name: 'ID', dataType: 'BIGINT' },
      { name: 'EMAIL', dataType: 'VARCHAR' },
      { name: 'LOADED', dataType: 'TIMESTAMP' },
    ]);
    await assert.rejects(
      s.describe({ database: 'memory', schema: 'bronze', identifier: 'missing' }),
      isWhError(/^Relation memory\.bronze\.missing does not exist/),
    );
  });
});

test('shims survive USE of another database/schema', async () => {
  await withMemory(async (wh) => {
    const s = await wh.openSession();
    await s.execute("attach ':memory:' as other; create schema other.s; use other.s");
    assert.deepEqual((await s.execute("select iff(true, 'y', 'n') as a, datediff(day, '2024-01-01', '2024-01-05') as b, '1'::number as c")).rows, [{ A: 'y', B: 4, C: 1 }]);
  });
});

test('a second process holding the file gives a message naming the lock holder', async () => {
  await withDir(async (dir) => {
    const file = join(dir, 'locked.duckdb');
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(${JSON.stringify(file)});
const connection = await db.connect();
await connection.run('create table t (a int)');
process.stdout.write('ready\\n');
// The interval reads both handles, so nothing the lock hangs on can be collected while the test waits.
setInterval(() => void [db, connection], 1000);`],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolveReady, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolveReady());
        child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const opening = createDuckDbWarehouse(target({ path: file }));
      const opened = await opening.then(
        async (wh) => {
          await wh.close();
          return true;
        },
        () => false,
      );
      // An open that succeeds means the holder let go: say whether it was still running, so a failure names its cause.
      assert.equal(opened, false, `the file opened while the holder ${child.exitCode === null && child.signalCode === null ? 'was still running' : `had ended (exit ${child.exitCode}, signal ${child.signalCode})`}`);
      await assert.rejects(opening, (e: unknown) => {
        assert.ok(e instanceof WarehouseError);
        assert.equal(e.details.code, 'bronze/duckdb-locked');
        assert.match(e.message, new RegExp(`^The DuckDB file .*locked\\.duckdb is locked by another process \\(PID ${child.pid}\\), for example a running \`bronze\` command or the VS Code extension\\.`));
        return true;
      });
    } finally {
      child.kill();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.on('exit', r)));
    }
  });
});

test('appendRows creates the table from Snowflake types, maps columns by name, and reports throughput', async () => {
  await withMemory(async (wh) => {
    const s = await wh.openSession();
    const rel = { database: 'memory', schema: 'raw', identifier: 'USERS' };
    const cols = [
      { name: 'USER_ID', dataType: 'NUMBER(38,0)' },
      { name: 'EMAIL', dataType: 'VARCHAR(16777216)' },
      { name: 'SCORE', dataType: 'NUMBER(10,2)' },
      { name: 'LOADED_AT', dataType: 'TIMESTAMP_NTZ(9)' },
      { name: 'ACTIVE', dataType: 'BOOLEAN' },
    ];
    const n = 200_000;
    const base = Date.UTC(2024, 0, 1);
    const rows: unknown[][] = [];
    for (let i = 0; i < n; i++) rows.push([i, i % 10 === 0 ? null : `u${i}@x.io`, (i % 1000) / 4, new Date(base + i * 1000), i % 2 === 0]);
    const t0 = performance.now();
    assert.equal(await appendRows(s, rel, cols, rows), n);
    const secs = (performance.now() - t0) / 1000;
    console.log(`appendRows: ${n} rows x ${cols.length} cols in ${secs.toFixed(2)} s = ${Math.round(n / secs).toLocaleString('en-US')} rows/s`);
    const r = await s.execute('select count(*) as n, count(email) as e, sum(user_id) as s, max(loaded_at) as m, min(score) as lo, max(score) as hi, count(*) filter (where active) as a from raw.users');
    assert.deepEqual(r.rows, [{ N: n, E: n - n / 10, S: (n * (n - 1)) / 2, M: new Date(base + (n - 1) * 1000), LO: 0, HI: 249.75, A: n / 2 }]);
    assert.deepEqual((await s.describe(rel)).map((c) => c.dataType), ['DECIMAL(38,0)', 'VARCHAR', 'DECIMAL(10,2)', 'TIMESTAMP', 'BOOLEAN']);
    // Existing table, columns given in another order and a subset: the rest become NULL.
    await appendRows(s, rel, [{ name: 'email', dataType: 'VARCHAR' }, { name: 'user_id', dataType: 'NUMBER' }], [['late@x.io', -1]]);
    assert.deepEqual((await s.execute('select user_id as id, email as e, score as s, active as a from raw.users where user_id = -1')).rows, [{ ID: -1, E: 'late@x.io', S: null, A: null }]);
    await assert.rejects(appendRows(s, rel, [{ name: 'nope', dataType: 'INT' }], [[1]]), isWhError(/has no column\(s\) nope/));
  });
});
