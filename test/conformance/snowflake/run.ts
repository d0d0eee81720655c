// The Snowflake conformance runner for the DuckDB target: every case in ./cases runs in a fresh schema through the
// DuckDB warehouse (the snowflake-on-duckdb layer, exactly as `bronze run` executes SQL), and is judged PASS,
// KNOWN-UNSUPPORTED (a located Bronze "not supported on the DuckDB target" error naming the construct) or FAIL.
//   node --import tsx test/conformance/snowflake/run.ts [--filter <id substring>] [--fails]
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDuckDbWarehouse, type DuckDbWarehouse } from '../../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../../client/src/warehouse/warehouse';
import type { Cell, ConformanceCase } from './case';
import { canonicalFromDuckDb, compareRows, snowflakeColumnOf, UNSUPPORTED, type Verdict } from './compare';

const CASES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'cases');

export interface CaseFile {
  file: string;
  cases: ConformanceCase[];
}

/** Every case file in ./cases, in name order. */
export async function loadCaseFiles(dir: string = CASES_DIR): Promise<CaseFile[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const out: CaseFile[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { cases?: ConformanceCase[] };
    out.push({ file: f, cases: mod.cases ?? [] });
  }
  return out;
}

/** Judges a failure of the statement under test: a located Bronze "not supported" error, or a raw one. */
export function judgeError(c: ConformanceCase, e: unknown): Verdict {
  const message = e instanceof Error ? e.message : String(e);
  if ('error' in c.expect) return { id: c.id, construct: c.construct, outcome: 'PASS' };
  const located = e instanceof WarehouseError && e.details.line !== undefined && e.details.column !== undefined;
  if (UNSUPPORTED.test(message) && located) {
    return { id: c.id, construct: c.construct, outcome: 'KNOWN-UNSUPPORTED', detail: message };
  }
  return { id: c.id, construct: c.construct, outcome: 'FAIL', failKind: 'error', detail: message };
}

let schemaCounter = 0;

/**
 * Runs one case on `warehouse` in a schema of its own. `pre` translates each statement first (for measuring another
 * translator on a warehouse opened without the dialect layer).
 */
export async function runCaseOnDuckDb(warehouse: DuckDbWarehouse, c: ConformanceCase, pre?: (sql: string) => string): Promise<Verdict> {
  const schema = `conformance_${++schemaCounter}`;
  await warehouse.createSchemaIfNotExists(schema);
  const opened = await warehouse.openSession();
  const session = pre ? { connection: opened.connection, execute: (sql: string) => opened.execute(pre(sql)) } : opened;
  try {
    await session.connection.run(`USE "${warehouse.databaseName}"."${schema}"`);
    try {
      for (const [k, v] of Object.entries(c.session ?? {})) await session.execute(`ALTER SESSION SET ${k} = '${v}'`);
      for (const s of c.setup ?? []) await session.execute(s);
    } catch (e) {
      // A setup statement is part of the documented example: failing it is the case failing.
      return judgeError(c, e);
    }
    let result;
    try {
      result = await session.execute(c.sql);
    } catch (e) {
      return judgeError(c, e);
    }
    if ('error' in c.expect) {
      return { id: c.id, construct: c.construct, outcome: 'FAIL', failKind: 'silent', detail: 'Snowflake rejects this statement; the DuckDB target ran it' };
    }
    const tzRows = (await session.connection.runAndReadAll("SELECT current_setting('TimeZone')")).getRows();
    const timeZone = String(tzRows[0]?.[0] ?? 'UTC');
    const columns = result.columns.map((col) => ({ ...snowflakeColumnOf(col.type), name: col.name }));
    const keys = result.rows[0] ? Object.keys(result.rows[0]) : [];
    const rows: Cell[][] = result.rows.map((r) => keys.map((k, i) => canonicalFromDuckDb(r[k], columns[i], timeZone)));
    const diff = compareRows(c, c.expect, { columns, rows });
    return diff === undefined
      ? { id: c.id, construct: c.construct, outcome: 'PASS' }
      : { id: c.id, construct: c.construct, outcome: 'FAIL', failKind: 'silent', detail: diff };
  } finally {
    await opened.close();
  }
}

export interface Summary {
  verdicts: Verdict[];
  pass: number;
  unsupported: number;
  silent: number;
  rawErrors: number;
  /** PASS / all cases, in percent. */
  passRate: number;
}

export function summarise(verdicts: Verdict[]): Summary {
  const count = (f: (v: Verdict) => boolean): number => verdicts.filter(f).length;
  const pass = count((v) => v.outcome === 'PASS');
  return {
    verdicts,
    pass,
    unsupported: count((v) => v.outcome === 'KNOWN-UNSUPPORTED'),
    silent: count((v) => v.failKind === 'silent'),
    rawErrors: count((v) => v.failKind === 'error'),
    passRate: verdicts.length ? (100 * pass) / verdicts.length : 100,
  };
}

/** An in-memory DuckDB warehouse with the Snowflake dialect layer, as the default target opens it. */
export function openConformanceWarehouse(snowflakeCompat = true): Promise<DuckDbWarehouse> {
  return createDuckDbWarehouse(
    { name: 'conformance', profileName: 'conformance', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' },
    { snowflakeCompat, snowflakeFunctionsOnly: snowflakeCompat },
  );
}

export async function runAll(filter?: string): Promise<Summary> {
  const warehouse = await openConformanceWarehouse();
  const verdicts: Verdict[] = [];
  try {
    for (const f of await loadCaseFiles()) {
      for (const c of f.cases) {
        if (filter && !c.id.includes(filter)) continue;
        verdicts.push(await runCaseOnDuckDb(warehouse, c));
      }
    }
  } finally {
    await warehouse.close();
  }
  return summarise(verdicts);
}

export function formatSummary(s: Summary, onlyFailures = false): string {
  const lines: string[] = [];
  for (const v of s.verdicts) {
    if (onlyFailures && v.outcome === 'PASS') continue;
    const tag = v.outcome === 'FAIL' ? `FAIL(${v.failKind})` : v.outcome;
    lines.push(`${tag.padEnd(18)} ${v.id}${v.detail ? `  — ${v.detail.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`);
  }
  lines.push(
    `\n${s.verdicts.length} cases: ${s.pass} pass (${s.passRate.toFixed(1)}%), ${s.unsupported} known-unsupported, ` +
      `${s.silent} silent differences, ${s.rawErrors} raw errors`,
  );
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const fi = args.indexOf('--filter');
  const summary = await runAll(fi >= 0 ? args[fi + 1] : undefined);
  console.log(formatSummary(summary, args.includes('--fails')));
  process.exitCode = summary.silent || summary.rawErrors ? 1 : 0;
}
