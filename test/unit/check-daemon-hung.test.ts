// A check daemon that accepts a request and never answers (stopped by SIGSTOP, wedged) costs a `bronze check` at most
// daemonWireTuning.silenceMs: the check runs in-process, prints one answer (the in-process one) and one stderr line
// saying why. A daemon that is only busy (its main thread held for seconds by a reload) keeps beating from its socket
// thread (daemon-front.ts) and is waited for. Real daemon processes throughout.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { checkKey } from '../../client/src/cli/check';
import { daemonSocketPath, daemonWireTuning, protocolStamp, requestDaemon } from '../../client/src/cli/daemon-socket';
import { alive, cli, fixtureProjects, REPO } from '../helpers/daemon-cli';

const { project, work } = fixtureProjects('bronze-daemon-hung-');

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // exited already
  }
}

describe('a hung check daemon', { timeout: 240_000 }, () => {
  if (process.platform === 'win32') return;
  it('stopped with SIGSTOP: the check answers in-process with one stderr line, once; after SIGCONT the daemon answers again', async () => {
    const root = project();
    const args = ['check', '--daemon', '--project-dir', root, '--idle-timeout', '120s'];
    let pid = 0;
    try {
      const started = await cli(['daemon', 'start', '--project-dir', root, '--idle-timeout', '120s']);
      assert.equal(started.status, 0, started.stderr);
      pid = Number(/daemon (\d+) serves/.exec(started.stdout)?.[1]);
      assert.ok(alive(pid));
      const inProcess = await cli([...args.slice(0, 1), '--no-daemon', ...args.slice(2, 4)]);
      assert.deepEqual(await cli(args), inProcess, 'the running daemon answers as an in-process check');

      signal(pid, 'SIGSTOP');
      const whileStopped = await cli(args);
      assert.equal(whileStopped.stdout, inProcess.stdout, 'one answer: the in-process one');
      assert.equal(whileStopped.status, inProcess.status);
      const lines = whileStopped.stderr.split('\n').filter((l) => l.length > 0);
      const notice = lines.filter((l) => l.includes('check daemon of this project did not answer'));
      assert.equal(notice.length, 1, whileStopped.stderr);
      assert.match(notice[0], new RegExp(`sent nothing for ${daemonWireTuning.silenceMs / 1000} s`));
      assert.equal(lines.filter((l) => !notice.includes(l)).join('\n'), inProcess.stderr.trim(), 'nothing else on stderr (no daemon started beside it)');
      const status = await cli(['daemon', 'status', '--project-dir', root]);
      assert.equal(status.status, 1);
      assert.match(status.stdout, /does not answer/);

      signal(pid, 'SIGCONT');
      assert.deepEqual(await cli(args), inProcess, 'woken up, the same daemon answers again');
      const log = readFileSync(path.join(root, '.bronze', 'daemon.log'), 'utf8');
      assert.equal(log.match(/listening on/g)?.length, 1, `no second daemon:\n${log}`);
      assert.match((await cli(['daemon', 'stop', '--project-dir', root])).stdout, /stopped the daemon/);
      for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      assert.equal(alive(pid), false, 'the daemon process exits');
    } finally {
      if (pid > 0) {
        signal(pid, 'SIGCONT');
        signal(pid, 'SIGKILL');
      }
    }
  });

  it(`a daemon whose main thread is held for 6 s is busy, not hung: its socket thread beats and the answer comes (silence bound 1.5 s)`, async () => {
    const root = project();
    let daemon: ChildProcess | undefined;
    try {
      daemon = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test', 'helpers', 'blocking-daemon.ts'), root, '6000'], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
      const [first] = (await once(daemon.stdout!, 'data')) as [Buffer];
      assert.match(first.toString(), /listening/);
      const socket = daemonSocketPath(checkKey(root, {}));
      const t0 = performance.now();
      const reply = await requestDaemon(socket, { stamp: protocolStamp(), op: 'check', env: { HOME: work() } }, { silenceMs: 1500 });
      assert.equal(reply.kind, 'answer', JSON.stringify(reply));
      assert.ok(performance.now() - t0 >= 6000, 'the answer waited for the held thread');
      // Status is answered by the socket thread, even while the main thread is held.
      const pending = requestDaemon(socket, { stamp: protocolStamp(), op: 'check', env: { HOME: work() } }, { silenceMs: 1500 });
      const status = await requestDaemon(socket, { stamp: protocolStamp(), op: 'status' }, { silenceMs: 1500, answerMs: 3000 });
      assert.equal(status.kind, 'answer', JSON.stringify(status));
      assert.equal((await pending).kind, 'answer');
    } finally {
      if (daemon?.pid) signal(daemon.pid, 'SIGTERM');
      if (daemon && daemon.exitCode === null) await once(daemon, 'exit');
    }
    assert.equal(existsSync(daemonSocketPath(checkKey(root, {}))), false);
  });
});
