// A run on a snowflake target (real snowflake-sdk → emulator) whose process is killed mid-model: the next
// command says so, run_results.json records INTERRUPTED, and the audit table in the warehouse gets the
// INTERRUPTED row once a command opens the warehouse again. Ctrl-C: the run records it itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, writeFiles } from '../e2e/helpers';
import type { Emulator } from '../snowflake-emulator/server';
import { emulator, emulatorProfile } from './helpers';

const REPO = resolve(import.meta.dirname, '..', '..');

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface RunResults {
  args: Record<string, unknown>;
  results: Array<{ unique_id: string; status: string; message: string; adapter_response: { code?: string } }>;
}

describe('an interrupted run on a snowflake target (real driver → emulator)', () => {
  let emu: Emulator;
  let root = '';
  let dir = '';
  before(async () => {
    emu = await emulator();
    root = mkdtempSync(join(tmpdir(), 'bronze-sf-killed-'));
    dir = join(root, 'p');
    writeFiles(dir, {
      'dbt_project.yml': "name: killed\nversion: '1.0'\nprofile: killed\nmodels:\n  killed:\n    +materialized: table\n",
      'profiles.yml': emulatorProfile('killed', emu.port, 'marts'),
      'models/first.sql': 'select 1 as id\n',
      'models/slow.sql': "select id from {{ ref('first') }}\n",
      'models/after_slow.sql': "select * from {{ ref('slow') }}\n",
    });
  });
  after(async () => {
    await emu?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const journals = () => join(dir, 'target', 'run_in_progress');
  const started = (model: string) => () => existsSync(journals()) && readdirSync(journals()).some((f) => readFileSync(join(journals(), f), 'utf8').includes(`"kind":"started","id":"model.killed.${model}"`));
  const startRun = () => spawn(process.execPath, ['--import', 'tsx', join(REPO, 'client', 'src', 'cli.ts'), 'run', '--project-dir', dir, '--profiles-dir', dir, '--threads', '1'], { cwd: REPO, stdio: 'ignore' });
  const runResults = () => JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as RunResults;
  const auditRows = async () => {
    const audit = await cli(['audit', '--project-dir', dir, '--profiles-dir', dir, '--output', 'json', '--limit', '100']);
    assert.equal(audit.code, 0, audit.stderr);
    return JSON.parse(audit.stdout) as Array<{ sourceTable: string; status: string; invocationId: string }>;
  };

  /** Starts a run and waits until `slow` is running, with every warehouse answer held back from then on. */
  async function runUntilSlowIsRunning(): Promise<ReturnType<typeof startRun>> {
    // Slow answers once models run, so the slow model is still in the warehouse when its start is seen.
    const child = startRun();
    await until(started('first'), 60_000, 'the first model to start');
    emu.setFaults({ delayMs: 150 });
    await until(started('slow'), 60_000, 'the slow model to start');
    emu.setFaults({ delayMs: 2_000 });
    await new Promise((r) => setTimeout(r, 100));
    return child;
  }

  it('SIGKILL mid-model: the next command reports it; run_results.json and the warehouse audit say INTERRUPTED', async () => {
    const child = await runUntilSlowIsRunning();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    emu.setFaults({});

    const next = await cli(['ls', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /was interrupted; 1 node was running \(slow\)/);
    const rr = runResults();
    const by = new Map(rr.results.map((r) => [r.unique_id, r]));
    assert.equal(by.get('model.killed.first')?.status, 'success');
    assert.equal(by.get('model.killed.slow')?.adapter_response.code, 'INTERRUPTED');
    assert.match(by.get('model.killed.after_slow')!.message, /interrupted before this node started/);
    assert.equal(rr.args.interrupted, true);
    assert.deepEqual(readdirSync(journals()), []);

    const rows = await auditRows();
    const slow = rows.filter((r) => r.sourceTable === 'slow');
    assert.deepEqual(slow.map((r) => r.status), ['INTERRUPTED']);
    // The row belongs to the killed run. (Whether first's own SUCCESS row got in depends on the answers the test
    // held back when it killed the process, so it is not checked here; the DuckDB suite checks it.)
    assert.equal(slow[0].invocationId, (rr as unknown as { metadata: { invocation_id: string } }).metadata.invocation_id);
  });

  it('Ctrl-C (SIGINT) mid-model: the run writes INTERRUPTED to run_results.json and the warehouse audit itself', async () => {
    const child = await runUntilSlowIsRunning();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      child.kill('SIGINT');
      assert.equal(await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 60_000))]), 130);
    } finally {
      child.kill('SIGKILL');
      emu.setFaults({});
    }
    const rr = runResults();
    assert.equal(rr.results.find((r) => r.unique_id === 'model.killed.slow')?.adapter_response.code, 'INTERRUPTED');
    assert.equal(rr.args.interrupted, undefined, 'written by the run, not reconciled later');
    assert.deepEqual(readdirSync(journals()), []);
    const next = await cli(['ls', '--project-dir', dir, '--profiles-dir', dir]);
    assert.doesNotMatch(next.stderr, /interrupted/);
    assert.deepEqual((await auditRows()).filter((r) => r.sourceTable === 'slow').map((r) => r.status), ['INTERRUPTED', 'INTERRUPTED']);
  });
});
