// A plain `bronze check` and the check daemon (client/src/cli/daemon-start.ts): below parseCacheTuning.minFiles files
// it starts nothing; at or above it, the first check answers in-process and starts exactly one daemon (even when two
// checks end at once), later checks are answered by it with the same stdout, stderr and exit status as an in-process
// check, and `bronze daemon stop` ends it. CI, BRONZE_DAEMON=0 and --no-daemon keep the default off.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkKey } from '../../client/src/cli/check';
import { DAEMON_STARTED_NOTICE, daemonMode } from '../../client/src/cli/daemon-start';
import { daemonSocketPath, daemonStartingPath, protocolStamp, requestDaemon } from '../../client/src/cli/daemon-socket';
import { parseCacheTuning } from '../../server/src/project/parse-cache';
import { alive, cli, fixtureProjects, sleep } from '../helpers/daemon-cli';

const { project } = fixtureProjects('bronze-daemon-default-');

async function daemonUp(root: string): Promise<boolean> {
  return (await requestDaemon(daemonSocketPath(checkKey(root, {})), { stamp: protocolStamp(), op: 'status' }, { answerMs: 5000 })).kind === 'answer';
}

/** Whether a daemon comes up for `root` within `ms` (a spawned one listens within a second or two). */
async function daemonWithin(root: string, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 200) {
    if (await daemonUp(root)) return true;
    await sleep(200);
  }
  return daemonUp(root);
}


const withoutNotice = (stderr: string) => stderr.split('\n').filter((l) => l !== DAEMON_STARTED_NOTICE).join('\n');

describe('daemon mode of a check', () => {
  const off = { daemon: false, noDaemon: false };
  it('is the default (auto) without CI and BRONZE_DAEMON, and off in CI, with BRONZE_DAEMON=0|off|false, with --no-daemon', () => {
    assert.equal(daemonMode(off, {}), 'auto');
    for (const ci of ['true', '1', 'yes', 'github']) assert.equal(daemonMode(off, { CI: ci }), 'off', `CI=${ci}`);
    for (const ci of ['', 'false', 'FALSE', '0']) assert.equal(daemonMode(off, { CI: ci }), 'auto', `CI=${ci} is not CI`);
    for (const v of ['0', 'off', 'false', 'OFF', ' False ']) assert.equal(daemonMode(off, { BRONZE_DAEMON: v }), 'off', `BRONZE_DAEMON=${v}`);
    assert.equal(daemonMode(off, { BRONZE_DAEMON: '1' }), 'auto');
    assert.equal(daemonMode({ daemon: false, noDaemon: true }, {}), 'off');
  });

  it('--daemon forces it, even in CI or with BRONZE_DAEMON=0 (the flag wins over the environment)', () => {
    assert.equal(daemonMode({ daemon: true, noDaemon: false }, { CI: 'true', BRONZE_DAEMON: '0' }), 'force');
  });
});

describe('a plain bronze check and the check daemon (CLI, end to end)', { timeout: 240_000 }, () => {
  it(`a project below ${parseCacheTuning.minFiles} files starts nothing`, async () => {
    const root = project(0);
    try {
      const r = await cli(['check', '--project-dir', root]);
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      assert.doesNotMatch(r.stderr, /daemon/);
      assert.equal(await daemonWithin(root, 1500), false, 'no daemon for a small project');
      assert.equal(existsSync(daemonStartingPath(checkKey(root, {}))), false, 'no start under way');
    } finally {
      await cli(['daemon', 'stop', '--project-dir', root]);
    }
  });

  it('at the size: CI or a start under way starts nothing, a stale start marker does not block; two checks at once start one daemon, which answers as an in-process check does; stop ends it', async () => {
    const root = project(parseCacheTuning.minFiles);
    // A short idle timeout: a run killed before its `finally` leaves no daemon for long.
    const args = ['check', '--project-dir', root, '--idle-timeout', '120s'];
    try {
      const inProcess = await cli([...args, '--no-daemon']);
      assert.ok(inProcess.status === 0 || inProcess.status === 1, inProcess.stderr);
      const inCi = await cli(args, { CI: 'true' });
      assert.deepEqual(inCi, inProcess, 'in CI: the in-process check, nothing said');
      assert.equal(await daemonWithin(root, 1500), false, 'in CI no daemon is started');

      // A start under way (a live process holds the marker): this check starts nothing.
      const marker = daemonStartingPath(checkKey(root, {}));
      writeFileSync(marker, String(process.pid));
      const whileStarting = await cli(args);
      assert.deepEqual(whileStarting, inProcess, 'no second start while one is under way');
      assert.equal(await daemonWithin(root, 1500), false);
      // The marker of a process that died before its daemon listened does not block starts.
      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(marker, dead.stdout);
      const afterCrash = await cli(args);
      assert.equal(afterCrash.stderr, inProcess.stderr + DAEMON_STARTED_NOTICE + '\n', 'a stale marker is taken over');
      assert.ok(await daemonWithin(root, 20_000), 'the daemon listens');
      assert.match((await cli(['daemon', 'stop', '--project-dir', root])).stdout, /stopped the daemon/);

      const both = await Promise.all([cli(args), cli(args)]);
      for (const r of both) {
        assert.equal(r.stdout, inProcess.stdout);
        assert.equal(r.status, inProcess.status);
        assert.equal(withoutNotice(r.stderr), inProcess.stderr);
      }
      assert.equal(both.filter((r) => r.stderr.includes(DAEMON_STARTED_NOTICE)).length, 1, 'one of them started the daemon and said so once');
      assert.ok(await daemonWithin(root, 20_000), 'the daemon listens');
      const status = await cli(['daemon', 'status', '--project-dir', root]);
      assert.equal(status.status, 0);
      const pid = Number(/daemon (\d+) serves/.exec(status.stdout)?.[1]);
      assert.ok(alive(pid), status.stdout);
      assert.equal(existsSync(daemonStartingPath(checkKey(root, {}))), false, 'the listening daemon gave up the start marker');

      // Counted per request, not in total: under load the second of the two checks above may start after the first's
      // daemon listens and rightly ask it (2 or 3 checks in the log, both correct).
      const logFile = path.join(root, '.bronze', 'daemon.log');
      const daemonChecks = () => readFileSync(logFile, 'utf8').split('stopped: stop requested').pop()?.match(/check: (unchanged|updated|loaded)/g)?.length ?? 0;
      const checksBefore = daemonChecks();
      const byDaemon = await cli(args);
      assert.deepEqual(byDaemon, inProcess, 'answered by the daemon: the same stdout, stderr and exit status, no notice');
      assert.equal(daemonChecks(), checksBefore + 1, 'the unchanged check asked the daemon');
      const model = path.join(root, 'models', 'bronze', 'bz_meetings.sql');
      writeFileSync(model, readFileSync(model, 'utf8').replace("ref('bz_users')", "ref('bz_userz')"));
      const edited = await cli(args);
      assert.equal(edited.status, 1, 'an error diagnostic: exit 1');
      assert.equal(daemonChecks(), checksBefore + 2, 'the check after the edit asked the daemon');
      assert.deepEqual(edited, await cli([...args, '--no-daemon']), 'after an edit too');
      const log = readFileSync(logFile, 'utf8');
      assert.equal(log.match(/listening on/g)?.length, 2, `the stale marker's daemon, then one for the two checks:\n${log}`);
      assert.doesNotMatch(log, /already serves/, 'no second daemon was spawned');

      const stopped = await cli(['daemon', 'stop', '--project-dir', root]);
      assert.match(stopped.stdout, /stopped the daemon/);
      for (let i = 0; i < 50 && alive(pid); i++) await sleep(100);
      assert.equal(alive(pid), false, 'the daemon process has exited');
      assert.equal((await cli(['daemon', 'status', '--project-dir', root])).status, 1);
    } finally {
      await cli(['daemon', 'stop', '--project-dir', root]);
      rmSync(daemonStartingPath(checkKey(root, {})), { force: true });
    }
  });
});
