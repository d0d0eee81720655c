// A MERGE that changes many rows, counted per action for the twin's query history (merge-action-counts.ts): its time
// and the process's peak RSS, each way in a fresh process, against the same MERGE run without RETURNING (the baseline,
// measured in the same run).
//   connection level — baseline: the MERGE alone; before: RETURNING merge_action read whole and tallied row by row (the
//   twin's way until h/mergecount); after: runCountingMergeActions (chunk by chunk, no row kept).
//   twin level — the MERGE through a DuckDB-target session (`bronze run`'s path), as written (Snowflake layer, query
//   history) and `native` (no layer, no RETURNING). `--root DIR` runs the twin level from another checkout's sources
//   (e.g. a worktree of main, for the twin before the change).
//   node --import tsx bench/merge-count.ts [--rows 1000000] [--runs 3] [--root DIR]
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { runCountingMergeActions } from '../client/src/warehouse/snowflake-on-duckdb/merge-action-counts';
import { fmtMs, median, nowMs, parseArgs, runChild, table } from './bench-util';

const args = parseArgs(process.argv.slice(2));
const rows = Number(args.values.get('rows') ?? 1_000_000);
const runs = Number(args.values.get('runs') ?? 3);
const root = path.resolve(args.values.get('root') ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
const mode = args.values.get('mode');

const MODES = ['conn-baseline', 'conn-before', 'conn-after', 'twin-native', 'twin'] as const;
type Mode = (typeof MODES)[number];

// Every target row matched and updated; a conditional clause keeps it off the DELETE + INSERT path (merge-fast-path.ts).
const SETUP = [
  `create table tgt as select i as id, 'a' as v from range(${rows}) r(i)`,
  `create table src as select i as id, 'b' as v from range(${rows}) r(i)`,
];
const MERGE = 'merge into tgt using src on tgt.id = src.id when matched and src.id >= 0 then update set v = src.v when not matched then insert (id, v) values (src.id, src.v)';

interface Measured {
  ms: number;
  updated: number;
  peakRssMb: number;
}

async function connectionLevel(m: Mode, c: DuckDBConnection): Promise<number> {
  if (m === 'conn-baseline') return (await c.run(MERGE)).rowsChanged;
  if (m === 'conn-before') {
    const reader = await c.runAndReadAll(`${MERGE} RETURNING merge_action`);
    let updated = 0;
    for (const [a] of reader.getRows()) if (a === 'UPDATE') updated++;
    return updated;
  }
  return (await runCountingMergeActions(c, `${MERGE} RETURNING merge_action`, undefined)).counts?.updated ?? -1;
}

async function child(m: Mode): Promise<Measured> {
  if (m.startsWith('conn-')) {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (const s of SETUP) await c.run(s);
    const t0 = nowMs();
    const updated = await connectionLevel(m, c);
    const ms = nowMs() - t0;
    return { ms, updated, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  }
  const { createDuckDbWarehouse } = (await import(path.join(root, 'client/src/warehouse/duckdb.ts'))) as typeof import('../client/src/warehouse/duckdb');
  const wh = await createDuckDbWarehouse({ name: 'bench', profileName: 'bench', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' });
  const session = await wh.openSession();
  try {
    for (const s of SETUP) await session.execute(s, { native: true });
    const t0 = nowMs();
    const result = await session.execute(MERGE, m === 'twin-native' ? { native: true } : {});
    const ms = nowMs() - t0;
    return { ms, updated: result.rowsAffected ?? -1, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await wh.close();
  }
}

async function main(): Promise<void> {
  if (mode) {
    console.log(JSON.stringify(await child(mode as Mode)));
    return;
  }
  const script = fileURLToPath(import.meta.url);
  const results = new Map<Mode, Measured[]>(MODES.map((m) => [m, []]));
  // Interleaved, so a change of load affects every mode alike.
  for (let r = 0; r < runs; r++) {
    for (const m of MODES) {
      const got = await runChild<Measured>(script, ['--mode', m, '--rows', String(rows), '--root', root]);
      if (got.updated !== rows) throw new Error(`${m}: ${got.updated} rows counted, expected ${rows}`);
      results.get(m)!.push(got);
    }
  }
  const ms = (m: Mode): number => median(results.get(m)!.map((x) => x.ms));
  const rss = (m: Mode): number => median(results.get(m)!.map((x) => x.peakRssMb));
  const base = (m: Mode): Mode => (m.startsWith('conn-') ? 'conn-baseline' : 'twin-native');
  console.log(`MERGE of ${rows.toLocaleString('en-US')} updated rows, median of ${runs} fresh processes each; twin from ${root}`);
  console.log(
    table(
      ['mode', 'MERGE', '÷ baseline', 'peak RSS', 'all runs'],
      MODES.map((m) => [
        m,
        fmtMs(ms(m)),
        `${(ms(m) / ms(base(m))).toFixed(2)}×`,
        `${Math.round(rss(m))} MB`,
        results.get(m)!.map((x) => `${Math.round(x.ms)} ms / ${Math.round(x.peakRssMb)} MB`).join(', '),
      ]),
    ),
  );
}

void main();
