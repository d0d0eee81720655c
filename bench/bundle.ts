// Benches run their child script as an esbuild bundle (as the CLI ships it), beside the loader's parse-worker
// bundle it starts, so neither tsx's transpiling nor a tsx-started worker is timed. `workerTree`: the checkout whose
// parse worker goes beside it (a bench comparing two trees), by default `root`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild } from 'esbuild';

export async function bundleBenchScript(root: string, entry: string, name: string, opts: { sourcemap?: boolean; workerTree?: string } = {}): Promise<{ dir: string; script: string }> {
  const dir = mkdtempSync(path.join(root, 'bench', '.bundle-'));
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "commonjs" }\n');
  const script = path.join(dir, name);
  await esbuild({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', packages: 'external', ...(opts.sourcemap ? { sourcemap: 'external' as const } : {}), outfile: script, logLevel: 'error' });
  await esbuild({
    entryPoints: [path.join(opts.workerTree ?? root, 'server/src/project/parse-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: path.join(dir, 'parse-worker.js'),
    logLevel: 'error',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  return { dir, script };
}
