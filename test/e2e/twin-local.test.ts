// The local twin end to end: a project written for Snowflake, whose sources live in two other databases (one
// spelt `raw` and `RAW`), builds with `--target local` and no edits; debug lists the catalogs; show and the audit
// trail work; a second process waits for the DuckDB file lock and then succeeds, or gives up naming the holder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from './helpers';
import { runProject } from '../../client/src/run/runner';

const REPO = resolve(import.meta.dirname, '..', '..');
const FIXTURE = join(REPO, 'test', 'fixtures', 'twin-two-databases');
const CLI = join(REPO, 'client', 'src', 'cli.ts');
const HOLDER = join(REPO, 'test', 'e2e', 'twin-lock-holder.ts');

/** Writes RAW's and CRM's rows straight into the twin's catalog files (as a loader would). */
async function loadRawRows(dir: string): Promise<void> {
  const put = async (database: string, sql: string): Promise<void> => {
    const instance = await DuckDBInstance.create(join(dir, '.bronze', 'local', `${database}.duckdb`));
    const connection = await instance.connect();
    await connection.run(sql);
    connection.closeSync();
    instance.closeSync();
  };
  await put(
    'RAW',
    `create schema SALES;
     create table SALES.ORDERS (ORDER_ID int, CUSTOMER_ID int, AMOUNT decimal(10, 2));
     insert into SALES.ORDERS values (1, 10, 5.50), (2, 10, 4.50), (3, 11, 7.00);
     create table SALES.PAYMENTS (ORDER_ID int, PAID_AT timestamp);
     insert into SALES.PAYMENTS values (1, '2024-01-01 10:00:00');`,
  );
  await put(
    'CRM',
    `create schema PUBLIC;
     create table PUBLIC.CUSTOMERS (CUSTOMER_ID int, CUSTOMER_NAME varchar);
     insert into PUBLIC.CUSTOMERS values (10, 'ann'), (11, 'bob');`,
  );
}

interface Child {
  process: ChildProcessWithoutNullStreams;
  stdout: string;
  stderr: string;
  /** Resolves when the output (stdout or stderr) matches. */
  waitFor(pattern: RegExp): Promise<void>;
  exited: Promise<number | null>;
}

function start(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const child: Child = {
    process: proc,
    stdout: '',
    stderr: '',
    waitFor: (pattern) =>
      new Promise<void>((resolveWait, reject) => {
        if (pattern.test(child.stdout) || pattern.test(child.stderr)) return resolveWait();
        waiters.push({ pattern, resolve: resolveWait });
        child.exited.then((code) => reject(new Error(`exited (${code}) before printing ${pattern}:\n${child.stdout}\n${child.stderr}`)));
      }),
    exited: new Promise((resolveExit) => proc.on('exit', (code) => resolveExit(code))),
  };
  const check = (): void => {
    for (const w of [...waiters]) {
      if (w.pattern.test(child.stdout) || w.pattern.test(child.stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  proc.stdout.on('data', (d: Buffer) => {
    child.stdout += d.toString();
    check();
  });
  proc.stderr.on('data', (d: Buffer) => {
    child.stderr += d.toString();
    check();
  });
  return child;
}

describe('the local twin of a Snowflake project with sources in two databases', () => {
  let root = '';
  let dir = '';
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'bronze-twin-'));
    dir = join(root, 'project');
    cpSync(FIXTURE, dir, { recursive: true });
    mkdirSync(join(dir, '.bronze', 'local'), { recursive: true });
    await loadRawRows(dir);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('builds on --target local without edits: three-part names resolve, one catalog per database', async () => {
    const res = await cli(['build', '--project-dir', dir, '--target', 'local']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stderr, /Done\. PASS=6 WARN=0 ERROR=0 SKIP=0 TOTAL=6/);
    // `raw` and `RAW` are one database; the model configured with database='REPORTING' lands in its own catalog.
    assert.deepEqual(readdirSync(join(dir, '.bronze', 'local')).filter((f) => f.endsWith('.duckdb')).sort(), [
      'ANALYTICS.duckdb',
      'CRM.duckdb',
      'RAW.duckdb',
      'REPORTING.duckdb',
    ]);
    assert.equal(existsSync(join(dir, '.bronze', 'local.duckdb')), false);
    const shown = await cli(['show', '--project-dir', dir, '--target', 'local', '--output', 'json', '--inline', 'select customer_id, customer_name, orders, amount from reporting.bronze_marts.customer_orders order by 1']);
    assert.equal(shown.code, 0, shown.stderr);
    const rows = (JSON.parse(shown.stdout) as Array<Record<string, unknown>>).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])),
    );
    assert.deepEqual(rows, [
      { customer_id: 10, customer_name: 'ANN', orders: 2, amount: 10 },
      { customer_id: 11, customer_name: 'BOB', orders: 1, amount: 7 },
    ]);
  });

  test('the audit trail records the run on local', async () => {
    const audit = await cli(['audit', '--project-dir', dir, '--target', 'local', '--output', 'json']);
    assert.equal(audit.code, 0, audit.stderr);
    const rows = JSON.parse(audit.stdout) as Array<Record<string, unknown>>;
    const models = rows.filter((r) => r.nodeType === 'model').map((r) => [r.sourceTable, r.status, r.targetName]);
    assert.deepEqual(models.sort(), [
      ['customer_orders', 'SUCCESS', 'local'],
      ['stg_customers', 'SUCCESS', 'local'],
      ['stg_orders', 'SUCCESS', 'local'],
    ]);
  });

  test('debug --target local lists the catalogs, their schemas and files', async () => {
    const res = await cli(['debug', '--project-dir', dir, '--target', 'local']);
    assert.equal(res.code, 0, res.stderr);
    const catalogs = res.stdout.slice(res.stdout.indexOf('catalogs:'));
    const file = (db: string): string => join(dir, '.bronze', 'local', `${db}.duckdb`);
    assert.equal(
      catalogs.trim(),
      [
        'catalogs:',
        `  ANALYTICS (default): ${file('ANALYTICS')}`,
        '    schemas: BRONZE, main',
        `  CRM: ${file('CRM')}`,
        '    schemas: PUBLIC, main',
        `  RAW: ${file('RAW')}`,
        '    schemas: SALES, main',
        `  REPORTING: ${file('REPORTING')}`,
        '    schemas: BRONZE_MARTS, main',
      ].join('\n'),
    );
  });

  // The main catalog is opened, the others attached: both ways of taking a file wait for it.
  for (const db of ['ANALYTICS', 'RAW']) {
    test(`a second run started while another process holds ${db}.duckdb waits for it, then succeeds`, async () => {
      const holder = start([HOLDER, join(dir, '.bronze', 'local', `${db}.duckdb`)]);
      try {
        await holder.waitFor(/^ready \d+$/m);
        const run = start([CLI, 'run', '--project-dir', dir, '--target', 'local', '--lock-timeout', '120']);
        // The waiting line names the holder's PID; only then is the lock let go.
        await run.waitFor(new RegExp(`Waiting for the DuckDB file .*${db}\\.duckdb: it is locked by PID ${holder.process.pid}\\b.*Waiting up to 120 s \\(--lock-timeout\\)`));
        holder.process.stdin.write('release\n');
        await holder.waitFor(/^released$/m);
        assert.equal(await run.exited, 0, run.stderr);
        assert.match(run.stderr, /Done\. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3/);
      } finally {
        holder.process.kill();
        await holder.exited;
      }
    });
  }

  test("the runner hands the waiting line to its listener (the editor's progress notification), then runs", async () => {
    const holder = start([HOLDER, join(dir, '.bronze', 'local', 'ANALYTICS.duckdb')]);
    try {
      await holder.waitFor(/^ready \d+$/m);
      const waited: string[] = [];
      let release: () => void = () => undefined;
      const told = new Promise<void>((r) => (release = r));
      const outcome = runProject({
        projectDir: dir,
        target: 'local',
        targetOverrides: { lock_timeout: 120 },
        command: 'run',
        listener: {
          waiting: (line) => {
            waited.push(line);
            release();
          },
        },
      });
      // Without the listener hook the line goes to stderr and this never resolves: fail instead of hanging.
      await Promise.race([told, new Promise((_, reject) => setTimeout(() => reject(new Error('the listener was never told of the wait')), 60_000).unref())]);
      assert.match(waited[0], new RegExp(`^Waiting for the DuckDB file .*ANALYTICS\\.duckdb: it is locked by PID ${holder.process.pid}\\b`));
      holder.process.stdin.write('release\n');
      await holder.waitFor(/^released$/m);
      const result = await outcome;
      assert.equal(result.exitCode, 0);
      assert.equal(waited.length, 1, 'said once');
    } finally {
      holder.process.kill();
      await holder.exited;
    }
  });

  test('with --lock-timeout 0 a second process fails at once, naming the holder and what to do', async () => {
    const holder = start([HOLDER, join(dir, '.bronze', 'local', 'ANALYTICS.duckdb')]);
    try {
      await holder.waitFor(/^ready \d+$/m);
      const res = await cli(['run', '--project-dir', dir, '--target', 'local', '--lock-timeout', '0']);
      assert.notEqual(res.code, 0);
      assert.match(res.stderr, new RegExp(`The DuckDB file .*ANALYTICS\\.duckdb is locked by another process \\(PID ${holder.process.pid}\\)`));
      assert.match(res.stderr, /--lock-timeout SECONDS/);
    } finally {
      holder.process.kill();
      await holder.exited;
    }
  });
});
