// A run whose process is killed (SIGKILL) mid-model: the next command on the project says so, and
// run_results.json and the audit trail record an INTERRUPTED result for the model that was running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { cli, tempProject } from './helpers';

const REPO = resolve(import.meta.dirname, '..', '..');

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an interrupted run on DuckDB', () => {
  const dir = tempProject('bronze-killed-', {
    'dbt_project.yml': "name: killed\nversion: '1.0'\nprofile: killed\nmodels:\n  killed:\n    +materialized: table\n",
    'models/first.sql': 'select 1 as id\n',
    // Minutes of work: it is always running when the process is killed. Snowflake SQL (GENERATOR, SEQ4): the project
    // runs on the local twin, which refuses DuckDB's own range() as Snowflake would.
    'models/slow.sql':
      "select sum(a.n * b.n) as n from {{ ref('first') }} f,\n" +
      '  (select seq4() as n from table(generator(rowcount => 200000))) a,\n' +
      '  (select seq4() as n from table(generator(rowcount => 200000))) b\n',
    'models/after_slow.sql': "select * from {{ ref('slow') }}\n",
  });

  const journals = () => join(dir(), 'target', 'run_in_progress');
  const slowStarted = () => existsSync(journals()) && readdirSync(journals()).some((f) => readFileSync(join(journals(), f), 'utf8').includes('"kind":"started","id":"model.killed.slow"'));
  const startRun = () => spawn(process.execPath, ['--import', 'tsx', join(REPO, 'client', 'src', 'cli.ts'), 'run', '--project-dir', dir(), '--threads', '1'], { cwd: REPO, stdio: 'ignore' });

  it('SIGKILL mid-model: the next command reports it; run_results.json and the audit trail say INTERRUPTED', async () => {
    const child = startRun();
    try {
      await until(slowStarted, 60_000, 'the slow model to start');
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.once('exit', r));

    const next = await cli(['ls', '--project-dir', dir()]);
    assert.equal(next.code, 0, next.stderr);
    assert.match(next.stderr, /was interrupted; 1 node was running \(slow\)/);
    const rr = JSON.parse(readFileSync(join(dir(), 'target', 'run_results.json'), 'utf8')) as { args: Record<string, unknown>; results: Array<{ unique_id: string; status: string; message: string }> };
    const by = new Map(rr.results.map((r) => [r.unique_id, r]));
    assert.equal(by.get('model.killed.first')?.status, 'success');
    assert.equal(by.get('model.killed.slow')?.status, 'skipped');
    assert.match(by.get('model.killed.slow')!.message, /^INTERRUPTED/);
    assert.equal((by.get('model.killed.slow') as unknown as { adapter_response: { code: string } }).adapter_response.code, 'INTERRUPTED');
    assert.match(by.get('model.killed.after_slow')!.message, /interrupted before this node started/);
    assert.equal(rr.args.interrupted, true);
    assert.deepEqual(readdirSync(journals()), [], 'the journal is consumed');

    const again = await cli(['ls', '--project-dir', dir()]);
    assert.doesNotMatch(again.stderr, /interrupted/, 'reported once');

    const audit = await cli(['audit', '--project-dir', dir(), '--output', 'json']);
    assert.equal(audit.code, 0, audit.stderr);
    const rows = JSON.parse(audit.stdout) as Array<{ sourceTable: string; status: string; invocationId: string }>;
    const slow = rows.filter((r) => r.sourceTable === 'slow');
    assert.deepEqual(slow.map((r) => r.status), ['INTERRUPTED']);
    assert.equal(rows.find((r) => r.sourceTable === 'first')?.invocationId, slow[0].invocationId);
  });

  it('Ctrl-C (SIGINT) mid-model: the run itself writes INTERRUPTED to run_results.json and the audit trail', async () => {
    const child = startRun();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      await until(slowStarted, 60_000, 'the slow model to start');
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      assert.equal(await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 60_000))]), 130);
    } finally {
      child.kill('SIGKILL');
    }
    const rr = JSON.parse(readFileSync(join(dir(), 'target', 'run_results.json'), 'utf8')) as { args: Record<string, unknown>; results: Array<{ unique_id: string; status: string; adapter_response: { code?: string } }> };
    const slow = rr.results.find((r) => r.unique_id === 'model.killed.slow')!;
    assert.equal(slow.adapter_response.code, 'INTERRUPTED');
    assert.equal(rr.args.interrupted, undefined, 'written by the run, not reconciled later');
    assert.deepEqual(readdirSync(journals()), []);
    const next = await cli(['ls', '--project-dir', dir()]);
    assert.doesNotMatch(next.stderr, /interrupted/);
    const audit = await cli(['audit', '--project-dir', dir(), '--output', 'json', '--limit', '100']);
    const rows = JSON.parse(audit.stdout) as Array<{ sourceTable: string; status: string }>;
    assert.deepEqual(rows.filter((r) => r.sourceTable === 'slow').map((r) => r.status), ['INTERRUPTED', 'INTERRUPTED']);
  });
});
