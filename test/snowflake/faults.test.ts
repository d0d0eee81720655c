// Resilience through the real driver: cancelling a long query, a dropped connection, a 503 the driver
// retries, slow answers, heartbeat and logout — and the emulator's CLI entry.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import snowflake from 'snowflake-sdk';
import { createSnowflakeWarehouse } from '../../client/src/warehouse/snowflake';
import { WarehouseError, type Warehouse } from '../../client/src/warehouse/warehouse';
import type { Emulator } from '../snowflake-emulator/server';
import { PASSWORD, emulator, target } from './helpers';

// Snowflake SQL (the emulator fails DuckDB's RANGE as Snowflake's unknown function): GENERATOR's rows.
const LONG_QUERY = 'select count(*) from table(generator(rowcount => 100000000)) a, table(generator(rowcount => 100000)) b';

describe('snowflake faults and session lifecycle', () => {
  let emu: Emulator;
  let wh: Warehouse;

  before(async () => {
    emu = await emulator();
    wh = createSnowflakeWarehouse(target(emu));
  });

  after(async () => {
    await wh.close();
    await emu.close();
  });

  it('cancels a long query through AbortSignal and keeps the session usable', async () => {
    const s = await wh.openSession();
    const ctrl = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ctrl.abort(), 300);
    const err = await s.execute(LONG_QUERY, { signal: ctrl.signal }).then(
      () => assert.fail('the long query finished instead of being cancelled'),
      (e: unknown) => e as WarehouseError,
    );
    const elapsed = Date.now() - t0;
    assert.ok(err instanceof WarehouseError);
    assert.equal(err.details.code, '000604');
    assert.equal(err.details.cancelled, true);
    assert.match(err.message, /^Statement cancelled \(Snowflake 000604/);
    assert.ok(elapsed < 3000, `cancel took ${elapsed} ms`);
    assert.equal(emu.stats.cancels, 1);
    const after = await s.execute('select 1 as one');
    assert.deepEqual(after.rows, [{ ONE: 1 }]);
    const pre = new AbortController();
    pre.abort();
    await assert.rejects(s.execute('select 1', { signal: pre.signal }), (e: unknown) => e instanceof WarehouseError && e.details.cancelled === true);
    await s.close();
  });

  it('turns a connection dropped mid-query into a clean WarehouseError', async () => {
    const s = await wh.openSession();
    emu.setFaults({ dropConnectionOnQuery: 2 });
    try {
      await s.execute('select 1');
      const err = await s.execute('select 2').then(
        () => assert.fail('expected the dropped connection to fail the query'),
        (e: unknown) => e as WarehouseError,
      );
      assert.ok(err instanceof WarehouseError);
      assert.equal(err.details.code, '407002');
      assert.match(err.message, /^Query failed: Snowflake could not be reached or the connection was lost/);
      assert.equal(emu.stats.droppedConnections, 1);
    } finally {
      emu.setFaults({});
      await s.close();
    }
    // Other sessions are unaffected.
    const fresh = await wh.openSession();
    assert.deepEqual((await fresh.execute('select 3 as x')).rows, [{ X: 3 }]);
    await fresh.close();
  });

  it('retries a 503 answer and succeeds', async () => {
    const s = await wh.openSession();
    emu.setFaults({ fail503Once: true });
    try {
      const before503 = emu.stats.served503;
      const res = await s.execute("select 'after retry' as msg");
      assert.deepEqual(res.rows, [{ MSG: 'after retry' }]);
      assert.equal(emu.stats.served503, before503 + 1);
    } finally {
      emu.setFaults({});
      await s.close();
    }
  });

  it('delays responses when asked to', async () => {
    const s = await wh.openSession();
    emu.setFaults({ delayMs: 150 });
    try {
      const t0 = Date.now();
      await s.execute('select 1');
      assert.ok(Date.now() - t0 >= 150);
    } finally {
      emu.setFaults({});
      await s.close();
    }
  });

  it('answers heartbeats and logs out on destroy (raw driver)', async () => {
    const conn = snowflake.createConnection({
      account: 'emu',
      username: 'ann',
      password: PASSWORD,
      accessUrl: emu.url,
      sfRetryMaxLoginRetries: 0,
    });
    await new Promise<void>((resolve, reject) => conn.connect((e) => (e ? reject(e) : resolve())));
    const sessionsBefore = emu.stats.sessions;
    const beats = emu.stats.heartbeats;
    // isValidAsync() is the typed API that sends a heartbeat.
    assert.equal(await conn.isValidAsync(), true);
    assert.equal(emu.stats.heartbeats, beats + 1);
    assert.equal(conn.isUp(), true);
    await new Promise<void>((resolve, reject) => conn.destroy((e) => (e ? reject(e) : resolve())));
    assert.equal(conn.isUp(), false);
    assert.equal(emu.stats.sessions, sessionsBefore - 1);
  });

  it('rejects several statements without MULTI_STATEMENT_COUNT, as Snowflake does (000008)', async () => {
    const conn = snowflake.createConnection({ account: 'emu', username: 'ann', password: PASSWORD, accessUrl: emu.url, sfRetryMaxLoginRetries: 0 });
    await new Promise<void>((resolve, reject) => conn.connect((e) => (e ? reject(e) : resolve())));
    const code = await new Promise<string | undefined>((resolve) =>
      conn.execute({ sqlText: 'select 1; select 2', complete: (err) => resolve(err ? String(err.code) : undefined) }),
    );
    assert.equal(code, '000008');
    await new Promise<void>((resolve) => conn.destroy(() => resolve()));
  });
});

describe('emulator CLI', () => {
  it('prints the URL it listens on and serves logins', async () => {
    const main = fileURLToPath(new URL('../snowflake-emulator/main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
          if (m) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
      });
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/session/v1/login-request`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: { LOGIN_NAME: 'nobody', PASSWORD: 'x' } }),
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { success: boolean; code: string; message: string };
      assert.deepEqual([body.success, body.code, body.message], [false, '390100', 'Incorrect username or password was specified.']);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  });
});
