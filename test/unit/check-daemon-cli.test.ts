// The check daemon's server and CLI (client/src/cli/daemon-*.ts): the socket's answers equal a fresh check, a stale
// socket is removed, a client of other Bronze code stops the daemon, it stops when idle and when its project is gone,
// and `bronze daemon start|status|stop` + `bronze check --daemon` end to end.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkKey, runCheck } from '../../client/src/cli/check';
import { startDaemonServer } from '../../client/src/cli/daemon-server';
import { daemonSocketPath, protocolStamp, requestDaemon } from '../../client/src/cli/daemon-socket';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'lsp', 'base');

let work: string;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'bronze-daemon-cli-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
function project(): string {
  const root = path.join(work, `p${n++}`);
  cpSync(FIXTURE, root, { recursive: true });
  return root;
}

async function freshJson(root: string, env: Record<string, string>): Promise<string> {
  return JSON.stringify((await runCheck({ projectDir: root, env, resultCache: false })).diagnostics);
}

describe('check daemon server', () => {
  it('answers checks over its socket (mode 0600) as a fresh check does, before and after an edit', async () => {
    const root = project();
    const env = { HOME: work };
    const proj = checkKey(root, {});
    const socket = daemonSocketPath(proj);
    const server = await startDaemonServer({ project: proj, socket, idleTimeoutMs: 60_000, env, logFile: null });
    try {
      if (process.platform !== 'win32') assert.equal(statSync(socket).mode & 0o777, 0o600);
      const ask = async () => {
        const r = await requestDaemon(socket, { stamp: protocolStamp(), op: 'check', env });
        assert.equal(r.kind, 'answer');
        return JSON.stringify(r.kind === 'answer' && 'diagnostics' in r.response ? r.response.diagnostics : undefined);
      };
      assert.equal(await ask(), await freshJson(root, env));
      const model = path.join(root, 'models', 'bronze', 'bz_meetings.sql');
      writeFileSync(model, readFileSync(model, 'utf8').replace("ref('bz_users')", "ref('bz_userz')"));
      const edited = await ask();
      assert.match(edited, /bz_userz/);
      assert.equal(edited, await freshJson(root, env));
      assert.ok(server.daemon.counters.updates >= 1);
    } finally {
      server.close('test done');
      await server.closed;
    }
    assert.equal(existsSync(socket), false, 'the socket file is removed on stop');
  });

  it('a stale socket (no listener) is removed and reported as no daemon', async (t) => {
    if (process.platform === 'win32') return t.skip('named pipes leave no file');
    const socket = daemonSocketPath(checkKey(project(), {}));
    // A daemon killed without cleaning up leaves its socket file behind.
    spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    assert.equal(existsSync(socket), true);
    const r = await requestDaemon(socket, { stamp: protocolStamp(), op: 'status' });
    assert.deepEqual(r, { kind: 'none', stale: true });
    assert.equal(existsSync(socket), false);
  });

  it('a client of other Bronze code gets no answer, and the daemon stops', async () => {
    const root = project();
    const proj = checkKey(root, {});
    const socket = daemonSocketPath(proj);
    const server = await startDaemonServer({ project: proj, socket, idleTimeoutMs: 60_000, env: {}, logFile: null });
    const r = await requestDaemon(socket, { stamp: 'bronze-check-daemon 1 some-other-build', op: 'check', env: {} });
    assert.equal(r.kind, 'failed');
    assert.equal(r.kind === 'failed' && r.mismatch, true);
    await server.closed;
    assert.equal(existsSync(socket), false);
  });

  it('stops after its idle timeout, and when its project folder is gone', async () => {
    const a = checkKey(project(), {});
    const idle = await startDaemonServer({ project: a, socket: daemonSocketPath(a), idleTimeoutMs: 300, env: {}, logFile: null });
    await idle.closed;
    const root = project();
    const b = checkKey(root, {});
    const gone = await startDaemonServer({ project: b, socket: daemonSocketPath(b), idleTimeoutMs: 60_000, env: {}, logFile: null, watchMs: 50 });
    await new Promise((r) => setTimeout(r, 200));
    rmSync(root, { recursive: true, force: true });
    await gone.closed;
    assert.equal(existsSync(daemonSocketPath(b)), false);
  });
});

describe('check daemon server and Bronze\'s code', () => {
  it('stops when the code on disk changes (Bronze rebuilt or upgraded), with no request to tell it', { timeout: 20_000 }, async () => {
    const proj = checkKey(project(), {});
    let code = 'build 1';
    const server = await startDaemonServer({ project: proj, socket: daemonSocketPath(proj), idleTimeoutMs: 60_000, env: {}, logFile: null, codeWatchMs: 50, codeOnDisk: () => code });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await requestDaemon(daemonSocketPath(proj), { stamp: protocolStamp(), op: 'status' })).kind, 'answer', 'the same code: it keeps serving');
    code = 'build 2';
    await server.closed;
    assert.equal(existsSync(daemonSocketPath(proj)), false);
  });
});

describe('bronze daemon + bronze check --daemon (CLI, end to end)', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'client', 'src', 'cli.ts'), ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, BRONZE_DAEMON_E2E: '1' } });

  it('start, check (unchanged and after an edit), status, stop; a check with no daemon starts one', async () => {
    const root = project();
    const env = { ...process.env, BRONZE_DAEMON_E2E: '1' } as Record<string, string>;
    try {
      const started = cli(['daemon', 'start', '--project-dir', root, '--idle-timeout', '120s']);
      assert.equal(started.status, 0, started.stderr);
      assert.match(started.stdout, /started: daemon \d+ serves/);
      const first = cli(['check', '--daemon', '--project-dir', root, '--output', 'json']);
      assert.equal(JSON.stringify(JSON.parse(first.stdout)), await freshJson(root, env));
      const model = path.join(root, 'models', 'bronze', 'bz_meetings.sql');
      writeFileSync(model, readFileSync(model, 'utf8').replace("ref('bz_users')", "ref('bz_userz')"));
      const edited = cli(['check', '--daemon', '--project-dir', root, '--output', 'json']);
      assert.equal(edited.status, 1, 'an error diagnostic: exit 1');
      assert.equal(JSON.stringify(JSON.parse(edited.stdout)), await freshJson(root, env));
      const status = cli(['daemon', 'status', '--project-dir', root]);
      assert.equal(status.status, 0);
      assert.match(status.stdout, /answers: 1 loads, 1 updates/);
      assert.match(readFileSync(path.join(root, '.bronze', 'daemon.log'), 'utf8'), /check: updated/);
      const stopped = cli(['daemon', 'stop', '--project-dir', root]);
      assert.match(stopped.stdout, /stopped the daemon/);
      assert.equal(cli(['daemon', 'status', '--project-dir', root]).status, 1);
      // No daemon: the check runs in-process (same answer) and leaves one started for the next.
      const inProcess = cli(['check', '--daemon', '--project-dir', root, '--output', 'json']);
      assert.equal(JSON.stringify(JSON.parse(inProcess.stdout)), await freshJson(root, env));
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        await new Promise((r) => setTimeout(r, 100));
        up = (await requestDaemon(daemonSocketPath(checkKey(root, {})), { stamp: protocolStamp(), op: 'status' })).kind === 'answer';
      }
      assert.ok(up, 'check --daemon started a daemon');
    } finally {
      cli(['daemon', 'stop', '--project-dir', root]);
    }
  });
});
