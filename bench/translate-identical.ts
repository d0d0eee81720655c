// The translator's answers, this checkout against another (`--tree DIR`, e.g. `git archive main | tar -x -C DIR` with
// node_modules linked), over a corpus: every .sql file of /work/realworld raw and Jinja-masked, the SQL of the
// conformance cases (setup and statement), and the generated project's models. For each text, whole and split into
// statements as the snowflake-on-duckdb rule splits it: the DuckDB SQL and source offsets at every output position
// sampled, or the error's class, message and offset. A speed change to the translator must leave every line equal.
// Usage: node --import tsx bench/translate-identical.ts --tree DIR [--models 2000]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { intArg, parseArgs, removeDir, tempDir } from './bench-util';
import { generateProject } from './gen-project';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REALWORLD = '/work/realworld';

function sqlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'target') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sqlFiles(p, out);
    else if (e.name.endsWith('.sql') && statSync(p).size < 1 << 20) out.push(p);
  }
  return out;
}

/** In a child: one digest line per text, from `tree`'s modules. */
async function child(tree: string, gen: string): Promise<void> {
  const { scanJinja } = (await import(path.join(tree, 'server/src/template/scan.ts'))) as typeof import('../server/src/template/scan');
  const { splitStatementsWithOffsets } = (await import(path.join(tree, 'server/src/core/sql/split.ts'))) as typeof import('../server/src/core/sql/split');
  const { translateWithMap } = (await import(path.join(tree, 'server/src/core/sql/snowflake-on-duckdb/translate.ts'))) as typeof import('../server/src/core/sql/snowflake-on-duckdb/translate');
  const texts: { name: string; text: string }[] = [];
  const files = [...sqlFiles(REALWORLD), ...sqlFiles(gen)].sort();
  for (const f of files) {
    const raw = readFileSync(f, 'utf8');
    texts.push({ name: f, text: raw }, { name: `${f} (masked)`, text: scanJinja(raw).masked });
  }
  const casesDir = path.join(ROOT, 'test/conformance/snowflake/cases');
  for (const f of readdirSync(casesDir).filter((x) => x.endsWith('.ts')).sort()) {
    const mod = (await import(pathToFileURL(path.join(casesDir, f)).href)) as { cases?: { id: string; sql: string; setup?: string[] }[] };
    for (const c of mod.cases ?? []) {
      texts.push({ name: `${f} ${c.id}`, text: c.sql });
      (c.setup ?? []).forEach((s, n) => texts.push({ name: `${f} ${c.id} setup ${n}`, text: s }));
    }
  }
  const answer = (sql: string): string => {
    try {
      const t = translateWithMap(sql);
      const offsets: number[] = [];
      for (let k = 0; k <= t.sql.length; k += Math.max(1, Math.floor(t.sql.length / 64))) offsets.push(t.toSourceOffset(k));
      return `ok ${t.sql} ${offsets.join(',')}`;
    } catch (e) {
      const err = e as { name?: string; message?: string; offset?: number };
      return `error ${err.constructor?.name} ${err.name} ${err.message} ${err.offset}`;
    }
  };
  const lines: string[] = [];
  for (const { name, text } of texts) {
    const h = createHash('sha256');
    h.update(answer(text));
    for (const s of splitStatementsWithOffsets(text)) h.update(`\n${s.start} ${answer(s.text)}`);
    lines.push(`${name}\t${h.digest('hex')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const childTree = args.values.get('child-tree');
  if (childTree) return child(childTree, args.values.get('gen')!);
  const other = args.values.get('tree');
  if (!other) throw new Error('--tree DIR: the checkout to compare with');
  const gen = tempDir('bronze-translate-identical-');
  try {
    await generateProject(gen, intArg(args, 'models', 2000));
    const run = (tree: string): string[] => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child-tree', tree, '--gen', gen], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 30 });
      if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
      return r.stdout.trim().split('\n');
    };
    const a = run(path.resolve(other));
    const b = run(ROOT);
    let diff = 0;
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] === b[i]) continue;
      if (++diff <= 20) console.log(`differs: ${a[i]?.split('\t')[0] ?? b[i]?.split('\t')[0]}`);
    }
    console.log(`${a.length} texts (each whole and per statement): ${diff} differences`);
    if (diff > 0 || a.length !== b.length) process.exitCode = 1;
  } finally {
    removeDir(gen);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
