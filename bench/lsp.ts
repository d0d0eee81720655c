// Language-server benchmark on a generated bronze project (bench/gen-project.ts):
//   cold index  — load + DAG + every rule over every model, as the server does on startup;
//   edit → diagnostics — one model in the middle of the DAG edited repeatedly (p50/p95), through the same
//                        Workspace.setText the server's didChange handler calls;
//   peak RSS    — of this process (maxRSS).
// Targets on 2 cores: cold index ≤ 1.5 s, p95 ≤ 50 ms, RSS ≤ 400 MB.
// Usage: node --import tsx bench/lsp.ts [--quick] [--models N] [--edits N]
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace } from '../server/src/analysis/workspace';
import { fmtMs, intArg, nowMs, parseArgs, removeDir, table, tempDir } from './bench-util';
import { generateProject } from './gen-project';

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const args = parseArgs(process.argv.slice(2));
const quick = process.argv.includes('--quick');
const models = intArg(args, 'models', quick ? 1000 : 10000);
const edits = intArg(args, 'edits', quick ? 40 : 100);

const dir = tempDir('lsp');
try {
  const tGen = nowMs();
  await generateProject(dir, models);
  console.log(`generated ${models} models in ${fmtMs(nowMs() - tGen)} (${os.cpus().length} cores)`);

  const ws = new Workspace({ env: {} });
  const t0 = nowMs();
  await ws.openProject(dir);
  const cold = nowMs() - t0;
  const state = ws.projectFor(path.join(dir, 'dbt_project.yml'))!;
  const diagCount = [...ws.allDiagnostics().values()].reduce((n, l) => n + l.length, 0);

  // A model in the middle of the DAG: the middle folder, the middle of its ref chain.
  const folder = Math.floor(Math.ceil(models / 100) / 2);
  const inFolder = Math.min(100, models - folder * 100);
  const target = path.join(dir, 'models', `f${folder}`, `bz_f${folder}_m${Math.floor(inFolder / 2)}.sql`);
  const original = readFileSync(target, 'utf8');
  // Body edits (typing in the SQL; refs/config unchanged) and structural edits (a ref() changes, so the DAG
  // and the loader are involved) are measured apart: they take different paths.
  const body = (i: number) => original.replace('where rn = 1', `where rn = 1 and amount > ${i}`);
  const structural = (i: number) => (i % 2 === 0 ? original.replace("ref('", "ref('x_") : original) + `\n-- edit ${i}\n`;
  const measure = async (make: (i: number) => string, expectError: boolean): Promise<number[]> => {
    const out: number[] = [];
    let sawError = false;
    for (let i = 0; i < edits; i++) {
      const t = nowMs();
      await ws.setText(target, make(i));
      const diags = ws.diagnosticsFor(target);
      out.push(nowMs() - t);
      if (diags.some((d) => d.code === 'bronze/unknown-ref')) sawError = true;
    }
    if (expectError && !sawError) throw new Error('the unknown-ref edit produced no diagnostic: the benchmark measured nothing');
    return out;
  };
  const bodyLat = await measure(body, false);
  const structLat = await measure(structural, true);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    table(
      ['measure', 'value', 'target'],
      [
        ['models / tests', `${state.project.models.size} / ${state.project.tests.size}`, ''],
        ['cold index (load + analyse)', fmtMs(cold), '≤ 1.5 s'],
        ['diagnostics after cold index', String(diagCount), ''],
        [`body edit → diagnostics p50 (${edits} edits)`, fmtMs(percentile(bodyLat, 50)), ''],
        ['body edit → diagnostics p95', fmtMs(percentile(bodyLat, 95)), '≤ 50 ms'],
        [`ref edit → diagnostics p50 (${edits} edits)`, fmtMs(percentile(structLat, 50)), ''],
        ['ref edit → diagnostics p95', fmtMs(percentile(structLat, 95)), '≤ 50 ms'],
        ['peak RSS', `${rssMb.toFixed(0)} MB`, '≤ 400 MB'],
      ],
    ),
  );
} finally {
  removeDir(dir);
}
