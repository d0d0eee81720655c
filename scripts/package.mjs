// `npm run package`: builds, then packs the extension into bronze-<version>-linux-x64.vsix with @vscode/vsce.
// The .vsix carries dist/, media/, syntaxes/ and the production node_modules (DuckDB with its linux-x64
// binary, snowflake-sdk, minijinja-js, the language client/server); tests, sources, caches and bench stay out.
// vsce 4.x needs Node >= 22, so 3.9.2 runs here (it accepts Node 20).
//   --no-build   pack the current dist/ as is
//   --out FILE   where to write the .vsix (default: the repository root)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const VSCE = '@vscode/vsce@3.9.2';
const TARGET = 'linux-x64';
const root = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({ options: { 'no-build': { type: 'boolean' }, out: { type: 'string' } } });
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = resolve(opts.out ?? join(root, `${pkg.name}-${pkg.version}-${TARGET}.vsix`));

// vsce reads an ignore file (gitignore syntax); ours lives in a temp dir so the repository needs no .vscodeignore.
const IGNORE = [
  '.git/**', '.github/**', '.ci/**', '.cache/**', '.notes/**', '.tsbuild/**', '.vscode/**', '.vscode-test/**', '.bronze/**',
  'bench/**', 'test/**', 'test-results/**', 'scripts/**', 'server/**', 'client/**', 'bronze-demo/**', 'logs/**', 'target/**',
  '**/*.ts', '**/*.map', '**/tsconfig*.json', '*.vsix', 'package-lock.json',
  // Other platforms' DuckDB binaries (npm installs only the host's, but keep the .vsix honest if more exist).
  'node_modules/@duckdb/node-bindings-darwin-*/**', 'node_modules/@duckdb/node-bindings-win32-*/**',
  'node_modules/@duckdb/node-bindings-linux-arm64*/**', 'node_modules/@duckdb/node-bindings-linux-x64-musl/**',
  // snowflake-sdk's minicore ships a binary per platform; keep linux-x64 (glibc).
  'node_modules/snowflake-sdk/dist/lib/minicore/binaries/*.node', '!node_modules/snowflake-sdk/dist/lib/minicore/binaries/*.linux-x64-gnu.node',
  // Documentation and tests inside dependencies.
  'node_modules/**/test/**', 'node_modules/**/tests/**', 'node_modules/**/*.md', 'node_modules/**/docs/**',
].join('\n');

function run(cmd, args, what) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (res.status !== 0) {
    console.error(`package: ${what} failed (exit ${res.status ?? res.signal}).`);
    process.exit(1);
  }
}

const started = Date.now();
if (!opts['no-build']) run(process.execPath, [join(root, 'scripts', 'build.mjs')], 'the build (node scripts/build.mjs)');
for (const f of ['dist/extension.js', 'dist/server.js']) {
  if (!existsSync(join(root, f))) {
    console.error(`package: ${f} is missing; run npm run build first.`);
    process.exit(1);
  }
}
if (!existsSync(join(root, 'node_modules/@duckdb/node-bindings-linux-x64'))) {
  console.error('package: node_modules/@duckdb/node-bindings-linux-x64 is missing; the .vsix would have no DuckDB binary. Run npm install on linux-x64.');
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'bronze-package-'));
try {
  const ignoreFile = join(scratch, 'vscodeignore');
  writeFileSync(ignoreFile, IGNORE + '\n');
  run(
    'npx',
    ['--yes', VSCE, 'package', '--target', TARGET, '--allow-missing-repository', '--skip-license', '--no-update-package-json', '--ignoreFile', ignoreFile, '--out', out],
    `${VSCE} package`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const mb = statSync(out).size / (1024 * 1024);
console.log(`package: ${out} (${mb.toFixed(1)} MB, ${TARGET}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
