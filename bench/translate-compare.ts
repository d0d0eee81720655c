// Snowflake → DuckDB translation: the lexeme rewriter (snowflake-on-duckdb) against a parser-based transpiler
// (@polyglot-sql/sdk, not a dependency: install it outside the repo) and a hybrid (the transpiler, then the rewriter
// and its macros). Measures the conformance suite's outcome on DuckDB and the translation cost per statement.
//   npm install --prefix /tmp/polyglot @polyglot-sql/sdk
//   node --import tsx bench/translate-compare.ts [--polyglot /tmp/polyglot/node_modules/@polyglot-sql/sdk/dist/index.node.js]
//   node --import tsx bench/translate-compare.ts --rewriter-only   # the current translator alone, no transpiler needed
import { demoProjectFiles } from '../client/src/demo/project-files';
import { translateWithMap } from '../client/src/warehouse/snowflake-on-duckdb';
import { loadCaseFiles, openConformanceWarehouse, runCaseOnDuckDb, summarise, type Summary } from '../test/conformance/snowflake/run';
import type { Verdict } from '../test/conformance/snowflake/compare';
import { median, nowMs, parseArgs, table } from './bench-util';

interface PolyglotResult {
  success: boolean;
  sql?: string[];
  error?: string;
  errorLine?: number;
  errorColumn?: number;
}
interface Polyglot {
  init?: () => Promise<void>;
  transpile(sql: string, read: string, write: string): PolyglotResult;
}

const args = parseArgs(process.argv.slice(2));
const rewriterOnly = args.values.has('rewriter-only');
const polyglotPath = args.values.get('polyglot') ?? '/tmp/polyglot/node_modules/@polyglot-sql/sdk/dist/index.node.js';
const polyglot = rewriterOnly ? undefined : ((await import(polyglotPath)) as Polyglot);
await polyglot?.init?.();

/** The transpiler as a statement translator; its failures become errors that carry its own message and place. */
function viaPolyglot(sql: string): string {
  if (!polyglot) throw new Error('polyglot: not loaded (--rewriter-only)');
  const r = polyglot.transpile(sql, 'snowflake', 'duckdb');
  if (!r.success || !r.sql) {
    throw new Error(`polyglot: ${r.error ?? 'failed'}${r.errorLine ? ` (line ${r.errorLine}, column ${r.errorColumn})` : ''}`);
  }
  return r.sql.join(';\n');
}

/** Demo model SQL with the Jinja replaced by the names it renders to (what reaches the translator in `bronze run`). */
function demoStatements(): string[] {
  const files = demoProjectFiles();
  return Object.entries(files)
    .filter(([p]) => p.startsWith('models/') && p.endsWith('.sql'))
    .map(([, text]) =>
      text
        .replace(/\{\{\s*config\([\s\S]*?\)\s*\}\}/g, '')
        .replace(/\{\{\s*(?:source|ref)\(([^)]*)\)\s*\}\}/g, (_, a: string) => a.replace(/['"\s]/g, '').replace(/,/g, '.'))
        .replace(/\{\{\s*this\s*\}\}/g, 'analytics.bronze.this_model')
        .replace(/\{%-?\s*if[\s\S]*?%\}|\{%-?\s*endif\s*-?%\}|\{%-?\s*else\s*-?%\}/g, '')
        .replace(/\{\{[\s\S]*?\}\}/g, "'x'")
        .trim(),
    );
}

function cost(statements: string[], translate: (sql: string) => unknown): { median: number; p95: number; failed: number } {
  const per: number[] = [];
  let failed = 0;
  for (const s of statements) {
    const times: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t0 = nowMs();
      try {
        translate(s);
      } catch {
        if (r === 0) failed++;
      }
      times.push(nowMs() - t0);
    }
    per.push(median(times.slice(3)));
  }
  per.sort((a, b) => a - b);
  return { median: median(per), p95: per[Math.floor(per.length * 0.95)] ?? 0, failed };
}

const files = await loadCaseFiles();
const cases = files.flatMap((f) => f.cases);

async function suite(name: string, compat: boolean, pre?: (sql: string) => string): Promise<Summary & { name: string; located: number }> {
  const wh = await openConformanceWarehouse(compat);
  const verdicts: Verdict[] = [];
  try {
    for (const c of cases) verdicts.push(await runCaseOnDuckDb(wh, c, pre));
  } finally {
    await wh.close();
  }
  // Errors whose line/column point into the statement as the user wrote it. With a transpiler in front, DuckDB's
  // positions are in the regenerated text (no map back), so only the transpiler's own parse errors count.
  const located = verdicts.filter((v) => {
    if (v.outcome === 'PASS' || !v.detail || !/\(line \d+, column \d+\)/.test(v.detail)) return false;
    return pre ? /^polyglot/.test(v.detail) : true;
  }).length;
  return { ...summarise(verdicts), name, located };
}

const results = [await suite('lexeme rewriter (current)', true)];
if (!rewriterOnly) {
  results.push(
    await suite('polyglot-sql transpiler', false, viaPolyglot),
    await suite('hybrid: polyglot, then the rewriter', true, (sql) => {
      try {
        return viaPolyglot(sql);
      } catch {
        return sql;
      }
    }),
  );
}

const demo = demoStatements();
const suiteSql = cases.flatMap((c) => [...(c.setup ?? []), c.sql]);
const costs = [
  { name: 'lexeme rewriter (current)', demo: cost(demo, (s) => translateWithMap(s)), suite: cost(suiteSql, (s) => translateWithMap(s)) },
];
if (!rewriterOnly) {
  costs.push(
    { name: 'polyglot-sql transpiler', demo: cost(demo, viaPolyglot), suite: cost(suiteSql, viaPolyglot) },
    {
      name: 'hybrid: polyglot, then the rewriter',
      demo: cost(demo, (s) => translateWithMap(viaPolyglot(s))),
      suite: cost(suiteSql, (s) => translateWithMap(viaPolyglot(s))),
    },
  );
}

console.log(`${cases.length} conformance cases, ${demo.length} demo models, ${suiteSql.length} suite statements\n`);
console.log(
  table(
    ['translator', 'pass', 'pass %', 'known-unsupported', 'silent differences', 'raw errors', 'errors located in user text'],
    results.map((r) => [r.name, String(r.pass), r.passRate.toFixed(1), String(r.unsupported), String(r.silent), String(r.rawErrors), String(r.located)]),
  ),
);
const ms = (x: number): string => `${x.toFixed(3)} ms`;
console.log(
  '\n' +
    table(
      ['translator', 'demo median', 'demo p95', 'suite median', 'suite p95', 'statements it rejects (suite)'],
      costs.map((c) => [c.name, ms(c.demo.median), ms(c.demo.p95), ms(c.suite.median), ms(c.suite.p95), String(c.suite.failed)]),
    ),
);
