// Runs every benchmark of bench/ in sequence, each in its own process, passing --quick (smaller sizes) on.
// Usage: node --import tsx bench/run.ts [--quick]   (the root script `npm run bench`)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');

// Other engineers' benches are picked up when their file exists; each must accept --quick.
const BENCHES = ['compile.ts', 'build.ts', 'lsp.ts', 'sample.ts', 'tokenize.ts', 'union-render.ts'];

const failed: string[] = [];
console.log(`bronze benchmarks${quick ? ' (--quick)' : ''}: ${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const name of BENCHES) {
  const file = path.join(HERE, name);
  if (!existsSync(file)) continue;
  const args = ['--import', 'tsx', file, ...(quick ? ['--quick'] : [])];
  console.log(`\n=== node ${args.join(' ').replace(path.dirname(HERE) + path.sep, '')}\n`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: path.dirname(HERE) });
  if (r.status !== 0) failed.push(`${name} (exit ${r.status ?? r.signal})`);
}
if (failed.length) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
