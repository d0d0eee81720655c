// A check daemon process (daemon-server.ts, as `bronze daemon serve` runs it) whose checks hold its main thread for
// `blockMs` first, synchronously, as a long reload or a long garbage collection does. For
// test/unit/check-daemon-hung.test.ts: a daemon busy for longer than a client's silence bound still answers.
// Usage: node --import tsx test/helpers/blocking-daemon.ts <project root> <block ms>
import { checkKey } from '../../client/src/cli/check';
import { startDaemonServer } from '../../client/src/cli/daemon-server';
import { daemonSocketPath } from '../../client/src/cli/daemon-socket';

const [root, blockMs] = process.argv.slice(2);
const project = checkKey(root, {});
const server = await startDaemonServer({ project, socket: daemonSocketPath(project), idleTimeoutMs: 120_000, env: process.env });
const check = server.daemon.check.bind(server.daemon);
server.daemon.check = (env) => {
  // Blocks this thread (not a timer: nothing else runs on it meanwhile).
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(blockMs));
  return check(env);
};
process.stdout.write('listening\n');
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => server.close(`signal ${sig}`));
await server.closed;
