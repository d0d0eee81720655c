// Bundles the three faces with esbuild. Native and heavyweight packages stay external: they load from
// node_modules at run time (the .vsix ships them).
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir DIR`: build elsewhere than dist/ (bench/check.ts times the shipped CLI from its own copy).
const outdirAt = process.argv.indexOf('--outdir');
const dist = outdirAt > 0 && process.argv[outdirAt + 1] ? resolve(process.argv[outdirAt + 1]) : join(root, 'dist');
mkdirSync(dist, { recursive: true });
// dist/ holds CommonJS bundles (VS Code loads extensions with require); the package itself is ESM.
writeFileSync(join(dist, 'package.json'), '{ "type": "commonjs" }\n');

const entries = [
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'client/src/extension.ts', out: 'extension' },
  { in: 'client/src/cli.ts', out: 'cli' },
  // bin/bronze's entry: starts cli.js through V8's code cache (client/src/cli/code-cache.ts).
  { in: 'client/src/cli-start.ts', out: 'start' },
  { in: 'server/src/project/parse-worker.ts', out: 'parse-worker' },
  // The check daemon's socket thread (client/src/cli/daemon-server.ts starts it beside cli.js).
  { in: 'client/src/cli/daemon-front.ts', out: 'daemon-front' },
].filter((e) => existsSync(join(root, e.in)));

const watch = process.argv.includes('--watch');
const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: entries.map((e) => ({ in: e.in, out: e.out })),
  outdir: dist,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  minify: !watch && process.env.BRONZE_MINIFY === '1',
  external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings', 'snowflake-sdk', 'minijinja-js'],
  logLevel: 'warning',
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});
console.log(`bronze: built ${entries.map((e) => e.out).join(', ')} in ${Date.now() - started} ms`);
