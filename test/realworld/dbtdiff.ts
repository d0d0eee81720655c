// Compiled SQL against dbt's own: for every project in projects.json with `dbtOutput`, reads the compiled SQL dbt
// itself wrote and the project committed (a manifest's `compiled_code`/`compiled_sql`, or the files under
// target/compiled/), compiles the same nodes with Bronze on a target shaped like the one the manifest shows, and
// diffs the two.
//
//   node --import tsx test/realworld/dbtdiff.ts [--out /work/realworld] [--only p1,p2] [--mirrors /work/.mirror]
//                                               [--show N] [--json FILE]
//
// dbt's output is read from the project's mirror at the pinned commit (`git show`), never from the laid-out copy,
// whose target/ Bronze may overwrite. Nodes are matched by unique_id, then (tests) by name.
//
// Normalisation — whitespace only, in levels reported separately:
//   bytes        : identical, nothing normalised;
//   exact        : identical after removing trailing whitespace on each line and blank lines at the start/end;
//   whitespace   : identical after every run of whitespace (spaces, tabs, newlines) becomes one space;
//   no-space     : identical after every whitespace character is removed (reported so a difference that is only
//                  Jinja whitespace control, e.g. `a,b` against `a, b`, is told apart from a real one).
// Anything else counts as a difference and is classified by hand in test/realworld/README.md.
//
// Incremental models: dbt compiled each one either as a first run or, when its table existed, with
// is_incremental() true — the manifest does not say which. Bronze renders both and a node counts as matching when
// either rendering matches (the report says which one did).
//
// The warehouse: dbt compiled against a live Snowflake; Bronze compiles offline. Where the project also commits the
// catalog.json of the same dbt invocation (`dbtOutput.catalog`, same invocation_id as the manifest), the columns a
// macro asks for (adapter.get_columns_in_relation) are answered from it, in the catalog's column order; otherwise
// every relation has no columns, as a relation not built yet.
//
// Stale output: where the manifest carries each node's raw_code, a node whose file at the pinned commit differs from
// it was edited after dbt ran; such nodes are counted apart ("source changed"), not as differences.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, offlineResolver, type RenderContextOptions, type Resolver } from '../../server/src/engine';
import type { ColumnDef, RelationName } from '../../server/src/core/types';

const here = dirname(fileURLToPath(import.meta.url));

interface TargetShape {
  name: string;
  database: string;
  schema: string;
}

interface ProjectEntry {
  name: string;
  repo: string;
  commit: string;
  subdir: string;
  dbtOutput?: {
    manifest: string;
    compiledDir?: string;
    catalog?: string;
    target: TargetShape;
    vars?: Record<string, unknown>;
  };
}

interface DbtNode {
  unique_id: string;
  resource_type: string;
  name: string;
  package_name: string;
  path: string;
  original_file_path: string;
  compiled_code?: string;
  compiled_sql?: string;
  raw_code?: string;
  raw_sql?: string;
  config?: { materialized?: string; enabled?: boolean };
  /** Where dbt put the node (its naming macros' answer): compared with Bronze's relation. */
  database?: string;
  schema?: string;
  alias?: string;
}

type Level = 'bytes' | 'exact' | 'whitespace' | 'no-space' | 'different';

interface Outcome {
  id: string;
  kind: string;
  level: Level | 'bronze-error' | 'not-in-bronze' | 'source-changed';
  variant?: 'first' | 'incremental';
  detail?: string;
  dbt?: string;
  bronze?: string;
  /** A model's database.schema.identifier in dbt's manifest and in Bronze. */
  relation?: { dbt: string; bronze: string };
}

function parseArgs(): { out: string; mirrors: string; only: string[] | null; show: number; json?: string } {
  const argv = process.argv.slice(2);
  const o = { out: '/work/realworld', mirrors: '/work/.mirror', only: null as string[] | null, show: 3, json: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') o.out = argv[++i];
    else if (argv[i] === '--mirrors') o.mirrors = argv[++i];
    else if (argv[i] === '--only') o.only = argv[++i].split(',');
    else if (argv[i] === '--show') o.show = Number(argv[++i]);
    else if (argv[i] === '--json') o.json = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return o;
}

function gitShow(gitDir: string, commit: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

export function normalise(sql: string, level: Exclude<Level, 'different'>): string {
  if (level === 'bytes') return sql;
  if (level === 'exact') return sql.split('\n').map((l) => l.replace(/\s+$/, '')).join('\n').replace(/^\n+|\n+$/g, '');
  if (level === 'whitespace') return sql.replace(/\s+/g, ' ').trim();
  return sql.replace(/\s+/g, '');
}

export function compare(dbt: string, bronze: string): Level {
  for (const level of ['bytes', 'exact', 'whitespace', 'no-space'] as const) if (normalise(dbt, level) === normalise(bronze, level)) return level;
  return 'different';
}

/** Where dbt writes a node's compiled file: target/compiled/<package>/<original_file_path>[/<path> for generic tests]. */
function compiledPath(n: DbtNode): string {
  // A manifest written on Windows spells paths with backslashes; the committed tree uses slashes.
  const original = n.original_file_path.replace(/\\/g, '/');
  const path = n.path.replace(/\\/g, '/');
  const file = original.split('/').pop() === path.split('/').pop() ? original : join(original, path);
  return join(n.package_name, file);
}

function profileFor(project: ProjectEntry, laidOut: string, target: TargetShape): string {
  const profileName = /^profile:\s*["']?([^"'\s#]+)/m.exec(readFileSync(join(laidOut, 'dbt_project.yml'), 'utf8'))?.[1] ?? 'default';
  const dir = join('/tmp/realworld-dbtdiff-profiles', project.name);
  mkdirSync(dir, { recursive: true });
  // A Snowflake-typed target that is never connected to: only its name, database and schema shape the SQL.
  writeFileSync(
    join(dir, 'profiles.yml'),
    [
      `${profileName}:`,
      `  target: ${target.name}`,
      `  outputs:`,
      `    ${target.name}:`,
      `      type: snowflake`,
      `      account: offline.invalid`,
      `      user: nobody`,
      `      password: unused`,
      `      database: ${target.database}`,
      `      schema: ${target.schema}`,
      `      warehouse: unused`,
      `      threads: 1`,
      '',
    ].join('\n'),
  );
  return dir;
}

type Catalog = Map<string, ColumnDef[]>;
const relKey = (r: RelationName) => `${r.database}.${r.schema}.${r.identifier}`.toLowerCase();

function readCatalog(text: string | undefined): Catalog | undefined {
  if (!text) return undefined;
  const json = JSON.parse(text) as { nodes?: Record<string, CatalogEntry>; sources?: Record<string, CatalogEntry> };
  const out: Catalog = new Map();
  for (const e of [...Object.values(json.nodes ?? {}), ...Object.values(json.sources ?? {})]) {
    const cols = Object.values(e.columns).sort((a, b) => a.index - b.index);
    // Snowflake's information_schema, which the catalog reads, calls VARCHAR columns TEXT; `describe table`, which
    // get_columns_in_relation runs, says VARCHAR(n) (dbt's Column.dtype: VARCHAR).
    const type = (t: string) => (t.toUpperCase() === 'TEXT' ? 'VARCHAR' : t);
    out.set(relKey({ database: e.metadata.database, schema: e.metadata.schema, identifier: e.metadata.name }), cols.map((c) => ({ name: c.name, dataType: type(c.type) })));
  }
  return out;
}

interface CatalogEntry {
  metadata: { database: string; schema: string; name: string };
  columns: Record<string, { name: string; type: string; index: number }>;
}

/** The offline resolver, with the columns dbt's catalog recorded for each relation. */
function resolverFor(self: RelationName, mode: 'first' | 'incremental', catalog: Catalog | undefined): Resolver {
  const offline = offlineResolver(self, mode);
  if (!catalog) return offline;
  return async (request) => (request.kind === 'columns' ? catalog.get(relKey(request.relation)) ?? [] : offline(request));
}

function ctx(resolve: RenderContextOptions['resolve']): RenderContextOptions {
  return { invocationId: '00000000-0000-0000-0000-000000000000', runStartedAt: new Date(0), fullRefresh: false, which: 'compile', resolve };
}

function firstDiff(a: string, b: string): string {
  const x = normalise(a, 'whitespace');
  const y = normalise(b, 'whitespace');
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  const from = Math.max(0, i - 60);
  return `dbt:    …${x.slice(from, i + 80)}…\n    bronze: …${y.slice(from, i + 80)}…`;
}

async function compareProject(project: ProjectEntry, o: ReturnType<typeof parseArgs>): Promise<Outcome[]> {
  const spec = project.dbtOutput!;
  const gitDir = join(o.mirrors, project.repo.replace('/', '+'), 'repo');
  const inRepo = (p: string) => (project.subdir ? join(project.subdir, p) : p);
  const manifestText = gitShow(gitDir, project.commit, inRepo(spec.manifest));
  if (!manifestText) throw new Error(`${project.name}: ${spec.manifest} not found at ${project.commit}`);
  const manifest = JSON.parse(manifestText) as { metadata: { dbt_version?: string }; nodes: Record<string, DbtNode> };
  const catalog = spec.catalog ? readCatalog(gitShow(gitDir, project.commit, inRepo(spec.catalog))) : undefined;
  const laidOut = join(o.out, project.name);
  const engine = await Engine.open({ projectDir: laidOut, profilesDir: profileFor(project, laidOut, spec.target), target: spec.target.name, cliVars: spec.vars ?? {} });
  const testsByName = new Map([...engine.project.tests.values()].map((t) => [t.name, t]));
  const out: Outcome[] = [];
  for (const n of Object.values(manifest.nodes)) {
    if (n.resource_type !== 'model' && n.resource_type !== 'test') continue;
    if (n.config?.enabled === false) continue;
    const dbtSql = spec.compiledDir ? gitShow(gitDir, project.commit, inRepo(join(spec.compiledDir, compiledPath(n)))) : (n.compiled_code ?? n.compiled_sql);
    if (dbtSql === undefined) continue; // dbt wrote no compiled SQL for this node: nothing to compare
    const o1: Outcome = { id: n.unique_id, kind: n.resource_type, level: 'not-in-bronze', dbt: dbtSql };
    const raw = n.raw_code ?? n.raw_sql;
    // A singular test or model file whose text is not what dbt parsed: dbt's output is older than the source.
    const original = n.original_file_path.replace(/\\/g, '/');
    if (raw !== undefined && original.endsWith('.sql')) {
      const now = gitShow(gitDir, project.commit, inRepo(original));
      // dbt keeps a file's text without its leading/trailing whitespace.
      if (now !== undefined && now.replace(/\r\n/g, '\n').trim() !== raw.replace(/\r\n/g, '\n').trim()) {
        o1.level = 'source-changed';
        out.push(o1);
        continue;
      }
    }
    try {
      if (n.resource_type === 'model') {
        const m = engine.project.models.get(n.unique_id);
        if (!m) {
          out.push(o1);
          continue;
        }
        o1.relation = { dbt: [n.database, n.schema, n.alias].join('.'), bronze: [m.relation.database, m.relation.schema, m.relation.identifier].join('.') };
        const first = (await engine.compileModel(m, { ...ctx(resolverFor(m.relation, 'first', catalog)), existing: null })).sql;
        let level = compare(dbtSql, first);
        o1.bronze = first;
        o1.variant = 'first';
        if (level === 'different' && m.config.materialized === 'incremental') {
          const incr = (await engine.compileModel(m, { ...ctx(resolverFor(m.relation, 'incremental', catalog)), existing: 'table' })).sql;
          const l2 = compare(dbtSql, incr);
          if (l2 !== 'different') {
            level = l2;
            o1.bronze = incr;
            o1.variant = 'incremental';
          }
        }
        o1.level = level;
      } else {
        const t = engine.project.tests.get(n.unique_id) ?? testsByName.get(n.name);
        if (!t) {
          out.push(o1);
          continue;
        }
        const attached = t.attachedNode ? engine.project.models.get(t.attachedNode) ?? engine.project.sources.get(t.attachedNode) : undefined;
        const self = attached?.relation ?? { database: '', schema: '', identifier: '' };
        const sql = await engine.testSql(t, ctx(resolverFor(self, 'first', catalog)));
        o1.bronze = sql;
        o1.level = compare(dbtSql, sql);
      }
    } catch (e) {
      o1.level = 'bronze-error';
      o1.detail = e instanceof Error ? e.message : String(e);
    }
    out.push(o1);
  }
  return out;
}

async function main(): Promise<void> {
  const o = parseArgs();
  const projects = (JSON.parse(readFileSync(join(here, 'projects.json'), 'utf8')) as { projects: ProjectEntry[] }).projects.filter(
    (p) => p.dbtOutput && (!o.only || o.only.includes(p.name)),
  );
  const all: Record<string, Outcome[]> = {};
  for (const p of projects) {
    const t0 = Date.now();
    const res = await compareProject(p, o);
    all[p.name] = res;
    const count = (f: (x: Outcome) => boolean) => res.filter(f).length;
    console.log(`\n== ${p.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    for (const kind of ['model', 'test']) {
      const r = res.filter((x) => x.kind === kind);
      if (!r.length) continue;
      const by = (l: string) => r.filter((x) => x.level === l).length;
      console.log(
        `  ${kind}s: ${r.length} compared — byte-identical ${by('bytes')}, exact ${by('exact')}, whitespace-only ${by('whitespace')}, no-space-only ${by('no-space')}, different ${by('different')}, bronze error ${by('bronze-error')}, not in Bronze ${by('not-in-bronze')}, source changed since dbt ran ${by('source-changed')}` +
          (kind === 'model' ? ` (matched as incremental: ${count((x) => x.kind === 'model' && x.variant === 'incremental' && x.level !== 'different')})` : ''),
      );
    }
    const named = res.filter((x) => x.relation);
    const misnamed = named.filter((x) => x.relation!.dbt !== x.relation!.bronze);
    console.log(`  model relations (database.schema.identifier, from the naming macros): ${named.length - misnamed.length} of ${named.length} equal to dbt's`);
    for (const x of misnamed.slice(0, o.show)) console.log(`  - ${x.id}: dbt ${x.relation!.dbt}, bronze ${x.relation!.bronze}`);
    const bad = res.filter((x) => x.level === 'different' || x.level === 'bronze-error' || x.level === 'not-in-bronze');
    for (const x of bad.slice(0, o.show)) {
      console.log(`  - ${x.id}: ${x.level}`);
      if (x.level === 'different') console.log(`    ${firstDiff(x.dbt!, x.bronze!)}`);
      else if (x.detail) console.log(`    ${x.detail}`);
    }
    if (bad.length > o.show) console.log(`  … ${bad.length - o.show} more (--show N, --json FILE)`);
  }
  if (o.json) writeFileSync(o.json, JSON.stringify(all, null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
