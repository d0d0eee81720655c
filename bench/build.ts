// Runner benchmark.
// (a) `bronze build` of the Zoom demo (runProject, threads 1 and 4) against the same statements run directly
//     through @duckdb/node-api in this process: the model statements from the run's target/run/** files and
//     the data tests' wrapped SQL, translated by translateSnowflakeSql on one connection with the shims.
// (b) an incremental `run` of bz_users + bz_meetings after a 1% batch on 10,000,000-row RAW tables, against a
//     full refresh of the same data. The RAW tables are built in DuckDB SQL from range() (the TS generator is
//     too slow for 20M rows) with the demo's column names and types and deterministic hash-derived values.
//     Two RAW layouts: `random` (update_timestamp random over the year, so no row group can be skipped) and
//     `ordered` (update_timestamp grows with insertion order, as in an append-only load: DuckDB's zone maps
//     skip the old row groups for the incremental filter). The batch is appended after the base rows in both.
// Usage: node --import tsx bench/build.ts [--quick] [--rows 1000000] [--big-rows 10000000] [--reps 2] [--only a|b]
//        [--layout random|ordered|both] [--threads N]  ((b) uses the profile's threads unless --threads is given)
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createDemo, DEMO_DATABASE_PATH, RAW_SCHEMA, createRawTableSql } from '../client/src/demo/load';
import { writeDemoProject } from '../client/src/demo/project-files';
import { RAW_TABLES, type RawColumnSpec, type RawTableSpec } from '../client/src/demo/raw-tables';
import { runProject, type RunOutcome, type RunRequest } from '../client/src/run/runner';
import { createAuditTableSql } from '../client/src/run/audit';
import { testWrapperSql } from '../server/src/compile';
import { Engine, offlineResolver } from '../server/src/engine';
import type { TestNode } from '../server/src/core/types';
import { installSnowflakeShims, splitStatements, translateSnowflakeSql } from '../client/src/warehouse/snowflake-on-duckdb';
import { fmtMs, fmtRatio, intArg, median, nowMs, parseArgs, removeDir, table, tempDir } from './bench-util';

const BRONZE = 'bronze';

async function withDb<T>(file: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    return await fn(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The database name DuckDB gives a file (`local` for `.bronze/local.duckdb`). */
function catalogOf(file: string): string {
  return path.basename(file).replace(/\.[^.]+$/, '');
}

async function freshBronzeSchema(file: string): Promise<void> {
  await withDb(file, async (c) => {
    await c.run(`drop schema if exists ${catalogOf(file)}.${BRONZE} cascade`);
    await c.run('checkpoint');
  });
}

function failed(outcome: RunOutcome): string[] {
  return outcome.results.filter((r) => r.status === 'error').map((r) => `${r.name}: ${r.message}`);
}

async function timedRun(req: RunRequest): Promise<{ ms: number; outcome: RunOutcome }> {
  const t0 = nowMs();
  // BRONZE_TRACE_SQL=1 prints every statement with its duration, as the CLI does (to stderr).
  const trace = process.env.BRONZE_TRACE_SQL === '1' ? { log: (line: string) => process.stderr.write(`${line}\n`) } : undefined;
  const outcome = await runProject(trace ? { ...req, listener: trace } : req);
  const ms = nowMs() - t0;
  const errors = failed(outcome);
  if (errors.length) throw new Error(`bronze ${req.command} had errors:\n${errors.join('\n')}`);
  return { ms, outcome };
}

function runFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.sql')) out.set(path.basename(p, '.sql'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/**
 * The direct side's statements, in the order the threads-1 build ran its nodes: each model's target/run file
 * split into statements, and each data test's wrapped SQL (what runTest sends), all in Snowflake SQL.
 */
async function directStatements(projectDir: string, outcome: RunOutcome): Promise<{ statements: string[]; models: number; tests: number }> {
  const files = runFiles(path.join(projectDir, 'target', 'run'));
  const engine = await Engine.open({ projectDir });
  const statements: string[] = [];
  let models = 0;
  let tests = 0;
  const ordered = [...outcome.results].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const r of ordered) {
    const node = engine.node(r.uniqueId);
    if (!node) throw new Error(`the run reported ${r.uniqueId}, which the project does not have`);
    if (node.resourceType === 'test') {
      const test = node as TestNode;
      const self = { database: engine.target.database, schema: engine.target.schema, identifier: test.name };
      const sql = await engine.testSql(test, {
        invocationId: outcome.invocationId,
        runStartedAt: new Date(),
        fullRefresh: false,
        which: 'build',
        resolve: offlineResolver(self, 'first'),
      });
      const c = test.config;
      statements.push(testWrapperSql({ sql, failCalc: c.fail_calc, warnIf: c.warn_if, errorIf: c.error_if, limit: typeof c.limit === 'number' ? c.limit : null }));
      tests++;
    } else {
      const text = files.get(node.name);
      if (text === undefined) throw new Error(`no target/run file for ${node.name}`);
      statements.push(...splitStatements(text));
      models++;
    }
  }
  return { statements, models, tests };
}

/** Runs the statements sequentially on one connection; returns milliseconds (opening the file excluded). */
async function runDirect(file: string, statements: string[], auditSql: string): Promise<number> {
  return withDb(file, async (c) => {
    await installSnowflakeShims(c);
    await c.run(`create schema if not exists ${catalogOf(file)}.${BRONZE}`);
    // The runner creates the audit table before the models; the audit model's merge needs it.
    await c.run(translateSnowflakeSql(auditSql));
    const t0 = nowMs();
    for (const s of statements) await c.runAndReadAll(translateSnowflakeSql(s));
    const ms = nowMs() - t0;
    await c.run('checkpoint');
    return ms;
  });
}

async function benchBuild(rows: number, reps: number): Promise<string[][]> {
  const root = tempDir('build');
  const dir = path.join(root, 'demo');
  try {
    const g0 = nowMs();
    await createDemo(dir, { rows });
    console.log(`  demo with ${rows.toLocaleString('en-US')} rows per RAW table written in ${fmtMs(nowMs() - g0)}`);
    const file = path.join(dir, DEMO_DATABASE_PATH);
    const auditSql = createAuditTableSql({ database: catalogOf(file), schema: BRONZE, identifier: 'bz_data_audit' });
    const t1: number[] = [];
    const t4: number[] = [];
    const direct: number[] = [];
    let plan: { statements: string[]; models: number; tests: number } | undefined;
    let nodes = 0;
    for (let r = 0; r < reps; r++) {
      await freshBronzeSchema(file);
      const one = await timedRun({ command: 'build', projectDir: dir, threads: 1 });
      t1.push(one.ms);
      nodes = one.outcome.results.length;
      plan ??= await directStatements(dir, one.outcome);
      await freshBronzeSchema(file);
      t4.push((await timedRun({ command: 'build', projectDir: dir, threads: 4 })).ms);
      await freshBronzeSchema(file);
      direct.push(await runDirect(file, plan.statements, auditSql));
    }
    const base = median(direct);
    console.log(`  ${nodes} nodes: ${plan!.models} models, ${plan!.tests} tests, ${plan!.statements.length} statements on the direct side; median of ${reps}`);
    const n = rows.toLocaleString('en-US');
    return [
      [`build ${n} rows: direct @duckdb/node-api (baseline)`, fmtMs(base), fmtRatio(1), '—', direct.map(fmtMs).join(', ')],
      [`build ${n} rows: bronze build --threads 1`, fmtMs(median(t1)), fmtRatio(median(t1) / base), median(t1) / base <= 1.1 ? 'MET (≤ 1.10)' : 'MISSED (≤ 1.10)', t1.map(fmtMs).join(', ')],
      [`build ${n} rows: bronze build --threads 4`, fmtMs(median(t4)), fmtRatio(median(t4) / base), median(t4) / base <= 1.1 ? 'MET (≤ 1.10)' : 'MISSED (≤ 1.10)', t4.map(fmtMs).join(', ')],
    ];
  } finally {
    removeDir(root);
  }
}

// ---------------------------------------------------------------------------------------------------------
// (b) incremental vs full refresh

/** Values of the demo's categorical columns, so the synthetic rows look like the demo's. */
const DOMAIN_VALUES: Record<string, readonly string[]> = {
  plan_type: ['Free', 'Basic', 'Pro', 'Business', 'Enterprise'],
  source_system: ['zoom_api', 'zoom_webhook', 'billing_export'],
  company: ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Wonka'],
};

const EPOCH = "timestamp '2025-01-01 00:00:00'";
const YEAR_SECONDS = 365 * 24 * 3600;

/** A deterministic value for column `c` of row `i` (an SQL expression over `i`), like the demo's kinds. */
function columnExpr(spec: RawTableSpec, c: RawColumnSpec, idExpr: string, tsOffsetSeconds: string): string {
  const h = (salt: string) => `hash(${idExpr}, '${spec.name}.${c.name}.${salt}')`;
  if (c.name === spec.primaryKey) return `'${spec.keyPrefix}' || lpad(cast(${idExpr} as varchar), 8, '0')`;
  if (c.name === 'host_id' || c.name === 'user_id') return `'USR-' || lpad(cast(${h('k')} % 10000000 as varchar), 8, '0')`;
  const domain = DOMAIN_VALUES[c.name];
  switch (c.kind) {
    case 'string': {
      const pick = domain
        ? `[${domain.map((v) => `'${v}'`).join(', ')}][1 + (${h('v')} % ${domain.length})::integer]`
        : `'${c.name}-' || (${h('v')} % 100000)::varchar`;
      // A few NULLs in optional text columns, like the demo.
      return c.name === 'company' || c.name === 'meeting_topic' ? `case when ${h('n')} % 20 = 0 then null else ${pick} end` : pick;
    }
    case 'integer':
      return `(${h('v')} % 240)::integer`;
    case 'decimal':
      return `((${h('v')} % 100000) / 100.0)::decimal(10,2)`;
    case 'date':
      return `(date '2025-01-01' + (${h('v')} % 365)::integer)`;
    case 'timestamp': {
      if (c.name === 'update_timestamp' || c.name === 'load_timestamp') return `${EPOCH} + to_seconds((${tsOffsetSeconds})::bigint)`;
      if (c.name === 'end_time' || c.name === 'leave_time') return `${EPOCH} + to_seconds((${h('s')} % ${YEAR_SECONDS} + 60 + ${h('d')} % 7200)::bigint)`;
      return `${EPOCH} + to_seconds((${h('s')} % ${YEAR_SECONDS})::bigint)`;
    }
  }
}

function selectRows(spec: RawTableSpec, idExpr: string, tsOffsetSeconds: string, from: string): string {
  const cols = spec.columns.map((c) => `${columnExpr(spec, c, idExpr, tsOffsetSeconds)} as ${c.name}`);
  return `select ${cols.join(',\n  ')}\nfrom ${from}`;
}

type Layout = 'random' | 'ordered';
const LAYOUT_LABEL: Record<Layout, string> = { random: 'random time order', ordered: 'load (time) order' };

/**
 * RAW.<table> with `rows` distinct keys whose update_timestamp spreads over 2025: in random order, or growing
 * with the row number (the order an append-only loader writes them).
 */
function baseRowsSql(spec: RawTableSpec, rows: number, layout: Layout): string {
  const ts = layout === 'ordered' ? `(i * ${YEAR_SECONDS}) // ${rows}` : `hash(i, '${spec.name}.ts') % ${YEAR_SECONDS}`;
  return `insert into ${RAW_SCHEMA}.${spec.name}\n${selectRows(spec, 'i', ts, `range(${rows}) t(i)`)}`;
}

/** The 1% batch: half new keys, half later versions of existing keys, all updated after every base row. */
function batchRowsSql(spec: RawTableSpec, rows: number): string {
  const batch = Math.max(2, Math.round(rows / 100));
  const half = Math.floor(batch / 2);
  const after = `${YEAR_SECONDS} + 3600 + j % 86400`;
  const fresh = selectRows(spec, `(${rows} + j)`, after, `range(${half}) t(j)`);
  const updates = selectRows(spec, `(hash(j, 'upd') % ${rows})`, after, `range(${batch - half}) t(j)`);
  return `insert into ${RAW_SCHEMA}.${spec.name}\n${fresh}\nunion all\n${updates}`;
}

async function benchIncremental(rows: number, reps: number, models: string[], layout: Layout, threads: number | undefined): Promise<string[][]> {
  const root = tempDir('incremental');
  const dir = path.join(root, 'demo');
  try {
    await writeDemoProject(dir);
    const file = path.join(dir, DEMO_DATABASE_PATH);
    mkdirSync(path.dirname(file), { recursive: true });
    const specs = models.map((m) => {
      const spec = RAW_TABLES.find((t) => t.model === m);
      if (!spec) throw new Error(`--models: ${m} is not a demo model (${RAW_TABLES.map((t) => t.model).join(', ')})`);
      return spec;
    });
    const g0 = nowMs();
    await withDb(file, async (c) => {
      await c.run(`create schema if not exists ${RAW_SCHEMA}`);
      for (const spec of specs) {
        await c.run(createRawTableSql(spec, { dialect: 'duckdb' }));
        await c.run(baseRowsSql(spec, rows, layout));
      }
      await c.run('checkpoint');
    });
    console.log(`  RAW ${specs.map((s) => s.name).join(' + ')} (${LAYOUT_LABEL[layout]}): ${rows.toLocaleString('en-US')} rows each, built in DuckDB in ${fmtMs(nowMs() - g0)}`);
    const select = models;
    const first = await timedRun({ command: 'run', projectDir: dir, select, threads: 1 });
    console.log(`  first run of ${select.join(', ')} (creates the tables): ${fmtMs(first.ms)}`);
    await withDb(file, async (c) => {
      for (const spec of specs) await c.run(batchRowsSql(spec, rows));
      await c.run('checkpoint');
    });
    // Both sides start from this exact file: bronze tables built from the base rows, RAW with the batch.
    const snapshot = path.join(root, 'snapshot.duckdb');
    copyFileSync(file, snapshot);
    const restore = () => {
      rmSync(`${file}.wal`, { force: true });
      copyFileSync(snapshot, file);
    };
    const inc: number[] = [];
    const full: number[] = [];
    let incRows = 0;
    let fullRows = 0;
    for (let r = 0; r < reps; r++) {
      restore();
      const i = await timedRun({ command: 'run', projectDir: dir, select, threads });
      inc.push(i.ms);
      incRows = i.outcome.results.reduce((s, x) => s + (x.rowsAffected ?? 0), 0);
      restore();
      const f = await timedRun({ command: 'run', projectDir: dir, select, threads, fullRefresh: true });
      full.push(f.ms);
      fullRows = f.outcome.results.reduce((s, x) => s + (x.rowsAffected ?? 0), 0);
    }
    const ratio = median(inc) / median(full);
    const n = rows.toLocaleString('en-US');
    const how = threads === undefined ? 'threads from profiles.yml' : `--threads ${threads}`;
    console.log(`  ${layout}, ${how}: rows affected: incremental ${incRows.toLocaleString('en-US')}, full refresh ${fullRows.toLocaleString('en-US')}; median of ${reps}; load average now ${loadAverage()}`);
    return [
      [`run ${select.length} models on ${n}-row RAW in ${LAYOUT_LABEL[layout]} (${how}): --full-refresh (baseline)`, fmtMs(median(full)), fmtRatio(1), '—', full.map(fmtMs).join(', ')],
      [`run ${select.length} models on ${n}-row RAW in ${LAYOUT_LABEL[layout]} (${how}): incremental, 1% batch`, fmtMs(median(inc)), fmtRatio(ratio), ratio <= 0.1 ? 'MET (≤ 0.10)' : 'MISSED (≤ 0.10)', inc.map(fmtMs).join(', ')],
    ];
  } finally {
    removeDir(root);
  }
}

function loadAverage(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rows = intArg(args, 'rows', args.quick ? 100_000 : 1_000_000);
  const bigRows = intArg(args, 'big-rows', args.quick ? 1_000_000 : 10_000_000);
  const reps = intArg(args, 'reps', args.quick ? 1 : 2);
  const only = args.values.get('only');
  const models = (args.values.get('models') ?? 'bz_users,bz_meetings').split(',');
  const layoutArg = args.values.get('layout') ?? 'both';
  if (!['random', 'ordered', 'both'].includes(layoutArg)) throw new Error(`--layout must be random, ordered or both (got ${layoutArg})`);
  const layouts: Layout[] = layoutArg === 'both' ? ['random', 'ordered'] : [layoutArg as Layout];
  console.log(`Runner: build and incremental — ${os.cpus().length} cores, Node ${process.version}; load average ${loadAverage()} (other processes inflate absolute times; ratios are measured in the same run)`);
  const out: string[][] = [];
  if (only !== 'b') out.push(...(await benchBuild(rows, reps)));
  // (b) runs both sides as `bronze run` does by default (threads from the demo's profiles.yml, 4), unless
  // --threads N is given.
  const threadsArg = args.values.get('threads');
  const incThreads = threadsArg === undefined ? undefined : intArg(args, 'threads', 1);
  if (only !== 'a') for (const layout of layouts) out.push(...(await benchIncremental(bigRows, reps, models, layout, incThreads)));
  console.log();
  console.log(table(['measurement', 'time', 'ratio', 'target', 'runs'], out));
}

await main();
