// Static Snowflake-on-DuckDB check of the real-world corpus: compiles every model (`bronze compile --mode first`),
// passes each compiled SELECT through the dialect layer, and asks DuckDB's parser (json_serialize_sql, no tables
// needed) what it makes of the result. Reports, grouped with counts and one example each:
//   - constructs the layer names as unsupported (fine: a located Bronze error),
//   - statements DuckDB cannot parse (a raw parser error at run time),
//   - functions DuckDB does not have (Bronze names these at run time, but they are Snowflake coverage gaps),
//   - VARIANT path access `x:key` the layer left as is (DuckDB reads `a:b` as "b AS a": a silent wrong answer).
//
//   node --import tsx test/realworld/sqlcheck.ts [--out /work/realworld] [--only p1,p2] [--keep]
// (--keep leaves the compiled copies in /tmp/realworld-sqlcheck/<project>.)
//
// Run it from the checkout whose engine you want to check (measure.mjs --snapshot leaves a copy of HEAD in /tmp).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { variantPaths } from './variant-paths';
import {
  installSnowflakeShims,
  lex,
  translateWithMap,
  UnsupportedOnDuckDb,
} from '../../client/src/warehouse/snowflake-on-duckdb/index';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

interface Finding {
  kind: 'named' | 'parse' | 'function' | 'variant-path';
  key: string;
  file: string;
  snippet: string;
}

interface ProjectEntry {
  name: string;
  args?: { duckdbProfile?: boolean };
  /** Environment variables the project reads without a default (as measure.mjs passes them). */
  env?: Record<string, string>;
}

// As measure.mjs: `duckdbProfile: true` runs the project on a profiles.yml of ours with one embedded DuckDB output.
function projectArgs(p: ProjectEntry, laidOut: string): string[] {
  if (!p.args?.duckdbProfile) return [];
  const profileName = /^profile:\s*["']?([^"'\s#]+)/m.exec(readFileSync(join(laidOut, 'dbt_project.yml'), 'utf8'))?.[1] ?? 'default';
  const dir = join('/tmp/realworld-profiles', p.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'profiles.yml'), `${profileName}:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: .bronze/local.duckdb\n`);
  return ['--profiles-dir', dir];
}

function args(): { out: string; only: string[] | null; keep: boolean } {
  const argv = process.argv.slice(2);
  const o = { out: '/work/realworld', only: null as string[] | null, keep: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') o.out = argv[++i];
    else if (argv[i] === '--only') o.only = argv[++i].split(',');
    else if (argv[i] === '--keep') o.keep = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return o;
}

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sqlFiles(p));
    else if (e.name.endsWith('.sql')) out.push(p);
  }
  return out;
}

function snippetAt(text: string, offset: number): string {
  const from = Math.max(0, offset - 40);
  return text.slice(from, offset + 60).replace(/\s+/g, ' ').trim();
}

interface AstNode {
  [k: string]: unknown;
}

function functionNames(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) functionNames(n, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as AstNode;
  if (o.class === 'FUNCTION' && typeof o.function_name === 'string' && o.is_operator !== true) out.add(o.function_name.toLowerCase());
  if (o.type === 'TABLE_FUNCTION' && o.function && typeof o.function === 'object') {
    const f = o.function as AstNode;
    if (typeof f.function_name === 'string') out.add(f.function_name.toLowerCase());
  }
  for (const v of Object.values(o)) if (v && typeof v === 'object') functionNames(v, out);
}

async function knownFunctions(c: DuckDBConnection): Promise<Set<string>> {
  const r = await c.runAndReadAll('SELECT DISTINCT lower(function_name) FROM duckdb_functions()');
  return new Set(r.getRows().map((row) => String(row[0])));
}

/** Names called as functions in the Snowflake text (a word followed by `(`), for the coverage list. */
const NOT_FUNCTIONS = new Set(['in', 'over', 'as', 'values', 'exists', 'and', 'or', 'not', 'on', 'using', 'from', 'select', 'with', 'join', 'when', 'then', 'else', 'any', 'all', 'table', 'lateral', 'filter', 'within', 'partition', 'by', 'is', 'like', 'ilike', 'between', 'into', 'where', 'group', 'order', 'having', 'qualify', 'union', 'intersect', 'except', 'minus', 'interval', 'case', 'end', 'returns', 'primary', 'key', 'unique', 'references', 'check', 'window', 'rows', 'range', 'limit', 'set', 'default', 'if', 'cluster']);
function calledNames(sql: string): string[] {
  const lx = lex(sql).filter((l) => l.kind !== 'ws' && l.kind !== 'comment');
  const out: string[] = [];
  for (let i = 0; i + 1 < lx.length; i++) {
    const prev = i > 0 ? lx[i - 1] : undefined;
    if (lx[i].kind !== 'word' || lx[i + 1].text !== '(' || (prev && prev.text === '.')) continue;
    const name = lx[i].text.toLowerCase();
    if (!NOT_FUNCTIONS.has(name) && !/^(varchar|number|numeric|decimal|char|string|text|timestamp\w*|time|date|float|double|int|integer|bigint|boolean|binary|variant|object|array)$/.test(name)) out.push(name);
  }
  return out;
}

/** First word of each conformance case's `construct` (lower case): what the Snowflake suite covers. */
function conformanceConstructs(): Set<string> {
  const dir = join(repoRoot, 'test', 'conformance', 'snowflake', 'cases');
  const out = new Set<string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.ts')) continue;
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/construct:\s*'([^']+)'/g)) {
      for (const w of m[1].split(/[^A-Za-z0-9_]+/)) if (w) out.add(w.toLowerCase());
    }
  }
  return out;
}

async function checkModel(c: DuckDBConnection, known: Set<string>, file: string, body: string, out: Finding[]): Promise<void> {
  let translated: string;
  let toSource: (o: number) => number;
  try {
    const t = translateWithMap(body);
    translated = t.sql;
    toSource = (o) => t.toSourceOffset(o);
  } catch (e) {
    if (e instanceof UnsupportedOnDuckDb) {
      out.push({ kind: 'named', key: e.message, file, snippet: snippetAt(body, e.offset) });
      return;
    }
    out.push({ kind: 'named', key: `translator threw: ${(e as Error).message}`, file, snippet: '' });
    return;
  }
  // Checked after translation: a path the layer rewrote is gone; one it left would reach DuckDB as an alias.
  for (const at of variantPaths(translated)) out.push({ kind: 'variant-path', key: 'VARIANT path `x:key` left by the translator (DuckDB reads `a:b` as `b AS a`)', file, snippet: snippetAt(translated, at) });
  const r = await c.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [translated]);
  const json = JSON.parse(String(r.getRows()[0][0])) as AstNode;
  if (json.error) {
    const pos = json.position !== undefined ? Number(json.position) : undefined;
    const msg = String(json.error_message ?? 'parse error').replace(/\s+/g, ' ');
    const where = pos !== undefined && Number.isFinite(pos) ? snippetAt(body, toSource(pos)) : '';
    // json_serialize_sql only takes SELECT statements; anything else is not a dialect question.
    if (/Only SELECT statements can be serialized/i.test(msg)) return;
    out.push({ kind: 'parse', key: msg.replace(/"[^"]*"/, (m) => m), file, snippet: where });
    return;
  }
  const names = new Set<string>();
  functionNames(json.statements, names);
  for (const n of names) if (!known.has(n)) out.push({ kind: 'function', key: `function ${n.toUpperCase()}`, file, snippet: '' });
}

// Compiles a private copy (others run Bronze in /work/realworld too, writing target/ there).
function compile(laidOut: string, work: string, extra: readonly string[], env: Record<string, string>): { ok: boolean; stderr: string } {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(dirname(work), { recursive: true });
  const skip = new Set([join(laidOut, 'target'), join(laidOut, '.bronze')]);
  cpSync(laidOut, work, { recursive: true, filter: (src) => !skip.has(src) });
  const projectDir = work;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'client/src/cli.ts', 'compile', '--project-dir', projectDir, '--mode', 'first', ...extra], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  return { ok: r.status === 0, stderr: r.stderr ?? '' };
}

async function main(): Promise<void> {
  const o = args();
  const projects = (JSON.parse(readFileSync(join(here, 'projects.json'), 'utf8')) as { projects: ProjectEntry[] }).projects;
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  await installSnowflakeShims(c);
  const known = await knownFunctions(c);
  const all: Array<Finding & { project: string }> = [];
  const counts: Record<string, { models: number; clean: number }> = {};
  const used = new Map<string, { models: number; projects: Set<string> }>();
  for (const p of projects) {
    if (o.only && !o.only.includes(p.name)) continue;
    const laidOut = join(o.out, p.name);
    if (!existsSync(laidOut)) continue;
    const dir = join('/tmp/realworld-sqlcheck', p.name);
    const compiled = compile(laidOut, dir, projectArgs(p, laidOut), p.env ?? {});
    if (!compiled.ok) process.stderr.write(`${p.name}: compile failed: ${compiled.stderr.trim().split('\n').slice(-3).join(' | ')}\n`);
    const files = sqlFiles(join(dir, 'target', 'compiled'));
    let clean = 0;
    for (const f of files) {
      const found: Finding[] = [];
      const body = readFileSync(f, 'utf8');
      await checkModel(c, known, relative(dir, f), body, found);
      for (const n of new Set(calledNames(body))) {
        const u = used.get(n) ?? { models: 0, projects: new Set<string>() };
        u.models++;
        u.projects.add(p.name);
        used.set(n, u);
      }
      if (!found.some((x) => x.kind !== 'named')) clean++;
      all.push(...found.map((x) => ({ ...x, project: p.name })));
    }
    counts[p.name] = { models: files.length, clean };
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
  const groups = new Map<string, { kind: string; key: string; models: number; projects: Set<string>; example: string }>();
  for (const f of all) {
    const k = `${f.kind}\u0000${f.key}`;
    const g = groups.get(k) ?? { kind: f.kind, key: f.key, models: 0, projects: new Set<string>(), example: `${f.project}/${f.file}${f.snippet ? ` — ${f.snippet}` : ''}` };
    g.models++;
    g.projects.add(f.project);
    groups.set(k, g);
  }
  const lines: string[] = [];
  for (const [name, n] of Object.entries(counts)) lines.push(`${name}: ${n.clean}/${n.models} compiled models parse on DuckDB with known functions and no VARIANT path left`);
  for (const kind of ['variant-path', 'parse', 'function', 'named']) {
    const gs = [...groups.values()].filter((g) => g.kind === kind).sort((a, b) => b.models - a.models);
    if (!gs.length) continue;
    lines.push('', `## ${kind}`);
    for (const g of gs) lines.push(`${String(g.models).padStart(4)} × ${g.key}  [${[...g.projects].join(', ')}]  e.g. ${g.example}`);
  }
  // Functions the corpus calls that no Snowflake conformance case names: where a silent difference could hide.
  const covered = conformanceConstructs();
  const uncovered = [...used.entries()].filter(([n]) => !covered.has(n)).sort((a, b) => b[1].models - a[1].models);
  if (uncovered.length) {
    lines.push('', '## called in the corpus, named by no conformance case (models)');
    lines.push(uncovered.slice(0, 60).map(([n, u]) => `${n} ${u.models}`).join(', '));
  }
  const text = lines.join('\n') + '\n';
  process.stdout.write(text);
  mkdirSync(join(o.out, '.runs'), { recursive: true });
  writeFileSync(join(o.out, '.runs', 'sqlcheck-latest.txt'), text);
}

await main();
