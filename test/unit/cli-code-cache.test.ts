// client/src/cli/code-cache.ts: the CLI bundle run through V8's code cache behaves as require() would, whatever the
// cache holds — absent, valid, corrupt, or written for another text of the same length.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { codeCacheDir, codeCacheFile } from '../../client/src/cli/code-cache';

const ROOT = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'bronze-code-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));

const cacheDir = path.join(work, 'cache');
const bundle = path.join(work, 'bundle.js');
const runner = path.join(work, 'run.mts');
writeFileSync(
  runner,
  `import { runWithCodeCache } from ${JSON.stringify(path.join(ROOT, 'client/src/cli/code-cache.ts'))};
const use = runWithCodeCache(${JSON.stringify(bundle)}, 'check', ${JSON.stringify(cacheDir)});
console.log('cache ' + use);
`,
);

/** A CommonJS "bundle" printing what it is and what it sees of its module wrapper; `tag` makes texts of one length. */
function writeBundle(tag: string): void {
  writeFileSync(
    bundle,
    `const path = require('node:path');
function greet(n) { return 'bundle ${tag} ' + n; }
module.exports.greet = greet;
console.log(greet(path.basename(__filename)) + ' ' + (typeof module.exports.greet) + ' ' + (typeof exports));
`,
  );
}

function run(): string[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n');
}

function cacheFiles(): string[] {
  try {
    return readdirSync(cacheDir).sort();
  } catch {
    return [];
  }
}

describe('CLI start-up through V8 code cache', () => {
  it('runs the bundle as require would, writes the cache at exit, then uses it', () => {
    writeBundle('A');
    assert.deepEqual(run(), ['bundle A bundle.js function object', 'cache absent']);
    assert.equal(cacheFiles().length, 1);
    assert.deepEqual(run(), ['bundle A bundle.js function object', 'cache used']);
  });

  it('a corrupt cache is rejected, the bundle still runs, and the cache is written again', () => {
    writeBundle('A');
    const [file] = cacheFiles();
    writeFileSync(path.join(cacheDir, file), Buffer.alloc(4096, 7));
    assert.deepEqual(run(), ['bundle A bundle.js function object', 'cache rejected']);
    assert.deepEqual(run(), ['bundle A bundle.js function object', 'cache used']);
  });

  it('a new text of the same length gets its own cache (V8 checks only the length) and replaces the old one', () => {
    writeBundle('A');
    run();
    const before = cacheFiles();
    writeBundle('B');
    assert.deepEqual(run(), ['bundle B bundle.js function object', 'cache absent']);
    const afterWrite = cacheFiles();
    assert.equal(afterWrite.length, 1);
    assert.notDeepEqual(afterWrite, before);
    assert.deepEqual(run(), ['bundle B bundle.js function object', 'cache used']);
  });

  it('names one file per command and bundle place, under the user cache folder', () => {
    const code = Buffer.from('x');
    assert.notEqual(codeCacheFile('/a/cli.js', code, 'check', '/c').file, codeCacheFile('/a/cli.js', code, 'run', '/c').file);
    assert.notEqual(codeCacheFile('/a/cli.js', code, 'check', '/c').prefix, codeCacheFile('/b/cli.js', code, 'check', '/c').prefix);
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/x' }), path.join('/x', 'bronze', 'v8'));
  });
});
