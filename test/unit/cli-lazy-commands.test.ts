// The shipped CLI (one esbuild bundle, as scripts/build.mjs makes dist/cli.js) loads a command's code only when that
// command runs: `bronze check` must not load DuckDB's native library (~0.1 s of every check's start-up, measured in
// bench/RESULTS.md), while a command that opens the local warehouse still does.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'bronze-cli-lazy-'));
after(() => rmSync(work, { recursive: true, force: true }));

const bin = path.join(work, 'bin', 'bronze');
const loadedList = path.join(work, 'loaded.txt');

before(async () => {
  // The same bundle options as scripts/build.mjs (CommonJS, the native and heavyweight packages external).
  await build({
    entryPoints: [path.join(ROOT, 'client/src/cli.ts')],
    outfile: path.join(work, 'dist', 'cli.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', 'snowflake-sdk', 'minijinja-js'],
    logLevel: 'error',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  writeFileSync(path.join(work, 'package.json'), '{ "type": "commonjs" }\n');
  mkdirSync(path.dirname(bin));
  writeFileSync(bin, "require('../dist/cli.js');\n");
  // Preloaded: records every package the process requires.
  writeFileSync(
    path.join(work, 'record.cjs'),
    `const Module = require('node:module');
const fs = require('node:fs');
const load = Module._load;
const seen = new Set();
Module._load = function (request, ...rest) {
  seen.add(request);
  return load.call(this, request, ...rest);
};
process.on('exit', () => fs.writeFileSync(${JSON.stringify(loadedList)}, [...seen].join('\\n')));
`,
  );
});

function runCli(args: string[]): { status: number | null; loaded: string[]; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', path.join(work, 'record.cjs'), bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
  return { status: r.status, loaded: readFileSync(loadedList, 'utf8').split('\n'), stderr: r.stderr };
}

describe('CLI entry: commands load lazily', () => {
  it('bronze check does not load DuckDB', () => {
    const project = path.join(work, 'project');
    cpSync(path.join(ROOT, 'test/fixtures/computed-refs'), project, { recursive: true });
    const r = runCli(['check', '--project-dir', project]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.ok(r.loaded.includes('node:fs') || r.loaded.includes('fs'), 'the recorder saw the bundle load');
    assert.ok(!r.loaded.includes('@duckdb/node-api'), `check loaded DuckDB; packages loaded: ${r.loaded.filter((m) => !m.startsWith('.') && !m.startsWith('/')).join(', ')}`);
  });

  it('bronze debug (it opens the local warehouse) still loads it', () => {
    const project = path.join(work, 'project-debug');
    cpSync(path.join(ROOT, 'test/fixtures/computed-refs'), project, { recursive: true });
    const r = runCli(['debug', '--project-dir', project]);
    assert.ok(r.loaded.includes('@duckdb/node-api'), `debug did not load DuckDB (exit ${r.status}): ${r.stderr.slice(-300)}`);
  });
});
