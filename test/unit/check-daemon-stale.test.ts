// What a dead check daemon leaves behind never costs a check and never ends in two daemons or none: a socket file
// left by a daemon killed with SIGKILL, a start marker whose pid was reused by another process, and two
// `bronze daemon start` or two first checks racing on them. Exactly one daemon process ends up serving, every check
// prints the in-process answer, and no daemon process is left over. Real processes throughout (Linux: processes are
// counted in /proc).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkKey } from '../../client/src/cli/check';
import { DAEMON_STARTED_NOTICE } from '../../client/src/cli/daemon-start';
import { daemonSocketPath, daemonStartingPath, protocolStamp, requestDaemon } from '../../client/src/cli/daemon-socket';
import { parseCacheTuning } from '../../server/src/project/parse-cache';
import { cli, fixtureProjects, sleep } from '../helpers/daemon-cli';

const { project } = fixtureProjects('bronze-daemon-stale-');

/** The pids of `bronze daemon serve` processes of `root` now. */
function daemonProcesses(root: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = argv.indexOf('daemon');
    if (at >= 0 && argv[at + 1] === 'serve' && argv[argv.indexOf('--project-dir') + 1] === root) out.push(Number(e));
  }
  return out;
}

/**
 * Waits (events: polling the process table and the socket, with a generous bound) until exactly one daemon process
 * of `root` is left and it answers; returns its pid.
 */
async function oneDaemon(root: string): Promise<number> {
  const socket = daemonSocketPath(checkKey(root, {}));
  let pids: number[] = [];
  for (let waited = 0; waited < 60_000; waited += 250) {
    pids = daemonProcesses(root);
    if (pids.length === 1) {
      const r = await requestDaemon(socket, { stamp: protocolStamp(), op: 'status' });
      if (r.kind === 'answer' && 'status' in r.response && r.response.status.pid === pids[0]) return pids[0];
    }
    await sleep(250);
  }
  assert.fail(`expected one daemon process of ${root}, found ${pids.length} (${pids.join(', ')})`);
}

function kill(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

describe('a dead check daemon\'s leftovers', { timeout: 300_000 }, () => {
  if (process.platform !== 'linux') return;

  it('killed with SIGKILL (its socket file left): two `bronze daemon start` at once end with one daemon serving, and no other daemon process', async () => {
    const root = project(0);
    try {
      const first = await cli(['daemon', 'start', '--project-dir', root, '--idle-timeout', '120s']);
      assert.equal(first.status, 0, first.stderr);
      const dead = await oneDaemon(root);
      kill([dead]);
      while (daemonProcesses(root).includes(dead)) await sleep(50);
      assert.ok(existsSync(daemonSocketPath(checkKey(root, {}))), 'the killed daemon left its socket file');
      const both = await Promise.all([0, 1].map(() => cli(['daemon', 'start', '--project-dir', root, '--idle-timeout', '120s'])));
      for (const r of both) {
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /(started|already running): daemon \d+ serves/);
      }
      const pid = await oneDaemon(root);
      assert.notEqual(pid, dead);
      for (const r of both) assert.match(r.stdout, new RegExp(`daemon ${pid} serves`), 'both name the daemon that serves');
    } finally {
      await cli(['daemon', 'stop', '--project-dir', root]);
      kill(daemonProcesses(root));
    }
  });

  it('a stale socket and a start marker whose pid now belongs to another process: two first checks at once answer in-process, and one daemon is left serving', async () => {
    const root = project(parseCacheTuning.minFiles);
    const args = ['check', '--project-dir', root, '--idle-timeout', '120s'];
    // Another process, started after the marker was written: the pid the marker names was reused.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const inProcess = await cli([...args, '--no-daemon']);
      assert.ok(inProcess.status === 0 || inProcess.status === 1, inProcess.stderr);
      // A daemon that was killed: its socket file stays.
      const first = await cli(['daemon', 'start', '--project-dir', root, '--idle-timeout', '120s']);
      assert.equal(first.status, 0, first.stderr);
      const dead = await oneDaemon(root);
      kill([dead]);
      while (daemonProcesses(root).includes(dead)) await sleep(50);
      const marker = daemonStartingPath(checkKey(root, {}));
      writeFileSync(marker, String(other.pid));
      const minuteAgo = new Date(Date.now() - 60_000);
      utimesSync(marker, minuteAgo, minuteAgo);

      const both = await Promise.all([cli(args), cli(args)]);
      for (const r of both) {
        assert.equal(r.stdout, inProcess.stdout);
        assert.equal(r.status, inProcess.status);
        assert.equal(r.stderr.split('\n').filter((l) => l !== DAEMON_STARTED_NOTICE).join('\n'), inProcess.stderr);
      }
      const pid = await oneDaemon(root);
      assert.notEqual(pid, dead);
      assert.deepEqual(await cli(args), inProcess, 'the daemon left serving answers as an in-process check');
      assert.equal(existsSync(marker), false, 'no start marker left');
    } finally {
      other.kill('SIGKILL');
      await cli(['daemon', 'stop', '--project-dir', root]);
      kill(daemonProcesses(root));
    }
  });
});
