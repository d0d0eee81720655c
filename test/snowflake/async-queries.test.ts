// Async queries and cancellation by query id through the real snowflake-sdk: `asyncExec` answers at once with
// a query id, getQueryStatus polls /monitoring/queries/{id}, getResultsFromQueryId fetches the rows (a large
// result through the chunk files), and SYSTEM$CANCEL_QUERY stops a statement running on another connection.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import snowflake from 'snowflake-sdk';
import type { Emulator } from '../snowflake-emulator/server';
import { PASSWORD, emulator } from './helpers';
import { configureDriver } from '../../client/src/warehouse/snowflake';

// Snowflake SQL (the emulator fails DuckDB's RANGE as Snowflake's unknown function): GENERATOR's rows.
const LONG_QUERY = 'select count(*) from table(generator(rowcount => 100000000)) a, table(generator(rowcount => 100000)) b';

type Conn = ReturnType<typeof snowflake.createConnection>;

async function connect(emu: Emulator): Promise<Conn> {
  configureDriver(); // the driver's own INFO log (connection options) stays out of the test output, as in Bronze
  const conn = snowflake.createConnection({ account: 'emu', username: 'ann', password: PASSWORD, accessUrl: emu.url, sfRetryMaxLoginRetries: 0 });
  await new Promise<void>((resolve, reject) => conn.connect((e) => (e ? reject(e) : resolve())));
  return conn;
}

/** Submits with asyncExec and resolves with the query id as soon as the emulator accepts the statement. */
function submitAsync(conn: Conn, sqlText: string): Promise<string> {
  return new Promise((resolve, reject) =>
    conn.execute({ sqlText, asyncExec: true, complete: (err, stmt) => (err ? reject(err) : resolve(stmt.getQueryId())) }),
  );
}

function run(conn: Conn, sqlText: string): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => conn.execute({ sqlText, complete: (err, _s, rows) => (err ? reject(err) : resolve(rows ?? [])) }));
}

async function waitForStatus(conn: Conn, queryId: string, want: string): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    const status = await conn.getQueryStatus(queryId);
    if (status === want) return;
    if (Date.now() > until) assert.fail(`query ${queryId} is ${status}, not ${want}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('async queries and cancellation by id (real driver)', () => {
  let emu: Emulator;
  let conn: Conn;

  before(async () => {
    // Small inline/chunk sizes so a 2,500-row result goes through the chunk downloads.
    emu = await emulator({ inlineRows: 100, chunkRows: 1000 });
    conn = await connect(emu);
  });

  after(async () => {
    await new Promise<void>((resolve) => conn.destroy(() => resolve()));
    await emu.close();
  });

  it('answers asyncExec with a query id, reports the status and returns the rows by id', async () => {
    const chunks = emu.stats.chunksServed;
    const queryId = await submitAsync(conn, 'select seq4() as i, i * 2 as twice from table(generator(rowcount => 2500)) order by i');
    assert.match(queryId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(emu.stats.asyncQueries, 1);
    const stmt = await conn.getResultsFromQueryId({ queryId });
    const rows: Array<Record<string, unknown>> = [];
    await new Promise<void>((resolve, reject) =>
      stmt.streamRows().on('data', (r: Record<string, unknown>) => rows.push(r)).on('end', () => resolve()).on('error', reject),
    );
    assert.equal(rows.length, 2500);
    assert.deepEqual(rows[2499], { I: 2499, TWICE: 4998 });
    assert.equal(emu.stats.chunksServed - chunks, 3, 'rows past the first 100 come as three chunk files');
    assert.equal(await conn.getQueryStatus(queryId), 'SUCCESS');
  });

  it('reports a failed async query with its Snowflake error', async () => {
    const queryId = await submitAsync(conn, 'select * from no_such_table');
    await waitForStatus(conn, queryId, 'FAILED_WITH_ERROR');
    await assert.rejects(conn.getQueryStatusThrowIfError(queryId), /does not exist or not authorized/);
    await assert.rejects(conn.getResultsFromQueryId({ queryId }), /does not exist or not authorized/);
  });

  it('cancels a running async query from another connection with SYSTEM$CANCEL_QUERY', async () => {
    const queryId = await submitAsync(conn, LONG_QUERY);
    await waitForStatus(conn, queryId, 'RUNNING');
    const other = await connect(emu);
    try {
      const t0 = Date.now();
      const rows = await run(other, `select system$cancel_query('${queryId}')`);
      assert.deepEqual(Object.values(rows[0]), [`query [${queryId}] terminated.`]);
      await waitForStatus(conn, queryId, 'FAILED_WITH_ERROR');
      assert.ok(Date.now() - t0 < 5000, 'the long query stopped promptly');
      await assert.rejects(conn.getQueryStatusThrowIfError(queryId), /SQL execution canceled/);
      // A finished query cannot be cancelled again: Snowflake's error, not a silent success.
      await assert.rejects(run(other, `select system$cancel_query('${queryId}')`), /Identified SQL statement is not currently executing/);
    } finally {
      await new Promise<void>((resolve) => other.destroy(() => resolve()));
    }
    // The session that ran it is still usable.
    assert.deepEqual(await run(conn, 'select 1 as one'), [{ ONE: 1 }]);
  });

  it("cancels with the driver's statement.cancel() by query id", async () => {
    const stmt = await new Promise<ReturnType<Conn['execute']>>((resolve, reject) => {
      const s = conn.execute({ sqlText: LONG_QUERY, asyncExec: true, complete: (err) => (err ? reject(err) : resolve(s)) });
    });
    const queryId = stmt.getQueryId();
    await waitForStatus(conn, queryId, 'RUNNING');
    const cancels = emu.stats.cancels;
    await new Promise<void>((resolve, reject) => stmt.cancel((err) => (err ? reject(err) : resolve())));
    assert.equal(emu.stats.cancels, cancels + 1);
    await waitForStatus(conn, queryId, 'FAILED_WITH_ERROR');
  });
});
