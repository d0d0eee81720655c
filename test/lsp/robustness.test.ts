// Robustness: thousands of random mutations of the fixture files (truncations, stray `{`, `%`, quotes, tabs,
// deleted lines …) go through the same engine API the server uses (robustness-worker.ts). No exception may
// escape, no step may hang (a watchdog stops the worker and names the text that hung), and every diagnostic
// and every returned range must lie inside its document.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import type { Done, Failed, Heartbeat, Started } from './robustness-worker';

const STEP_LIMIT_MS = 10_000;

function runWorker(seed: number, n: number): Promise<Done> {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(new URL('./robustness-worker.ts', import.meta.url)), [String(seed), String(n)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    let last: Heartbeat | undefined;
    let root: string | undefined;
    // A killed run cannot clean up after itself.
    const cleanup = () => root && rmSync(root, { recursive: true, force: true });
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        worker.kill();
        cleanup();
        reject(new Error(`${last?.step ?? 'startup'} did not finish within ${STEP_LIMIT_MS} ms (a hang). Text:\n${JSON.stringify(last?.text)}`));
      }, STEP_LIMIT_MS);
    };
    arm();
    worker.on('message', (m: Started | Heartbeat | Done | Failed) => {
      if (m.kind === 'started') {
        root = m.root;
        arm();
      } else if (m.kind === 'step') {
        last = m;
        arm();
      } else {
        clearTimeout(timer);
        worker.kill();
        cleanup();
        if (m.kind === 'done') resolve(m);
        else reject(new Error(`${last?.step ?? 'startup'}: ${m.message}\nText:\n${JSON.stringify(last?.text)}`));
      }
    });
    worker.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.on('exit', (code) => {
      clearTimeout(timer);
      cleanup();
      if (code !== 0 && code !== null) reject(new Error(`the fuzz process exited with ${code} during ${last?.step ?? 'startup'}. Text:\n${JSON.stringify(last?.text)}`));
    });
  });
}

describe('robustness under random edits', () => {
  it('survives 3000 random mutations with every range inside its document', { timeout: 120_000 }, async (t) => {
    const done = await runWorker(Number(process.env.BRONZE_FUZZ_SEED ?? 20240611), 3000);
    t.diagnostic(`3000 mutations in ${done.ms} ms; loader failures kept as diagnostics: ${done.loadFailures.length}`);
    for (const f of done.loadFailures.slice(0, 5)) t.diagnostic(f);
    // Hangs are caught per step by the watchdog; the whole run's time is reported, not asserted (it depends on the
    // machine's load: speed is measured in bench/).
    assert.equal(done.mutations, 3000);
  });
});
