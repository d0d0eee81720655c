import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');

describe('bronze with a reader that closes the pipe early', () => {
  it('ends quietly with its own exit status, not an unhandled EPIPE', async () => {
    // The read end is closed before the child has started Node, so its first write meets a closed pipe.
    const child = spawn(process.execPath, ['--import', 'tsx', 'client/src/cli.ts', 'ls', '--project-dir', 'test/fixtures/zoom-mini'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.doesNotMatch(stderr, /EPIPE|Unhandled 'error' event/);
    assert.equal(code, 0);
  });
});
