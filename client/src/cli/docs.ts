// `bronze docs generate | serve | pii`: the static documentation site under target/docs, catalog.json from the
// warehouse when the target is reachable, a loopback-only HTTP server for the site, and the PII report.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { BronzeError, type TargetConfig } from '../../../server/src/core/types';
import { buildManifest, offlineResolver, type Engine, type RenderContextOptions } from '../../../server/src/engine';
import { buildCatalog, catalogRelations, type CatalogJson, type DescribedRelation } from '../../../server/src/docs/catalog';
import { formatPiiReport, piiReport, type PiiRow } from '../../../server/src/docs/pii';
import { DOCS_FILES, buildDocsData, singleFileIndexHtml, siteFiles } from '../../../server/src/docs/site';
import { openEngine, type ProjectRequest } from '../run/runner';
import { openWarehouse as defaultOpenWarehouse } from '../warehouse/connect';
import type { Warehouse } from '../warehouse/warehouse';
import { UsageError, intFlag, type CommonArgs } from './args';
import { projectRequest, type Io } from './context';

export interface DocsGenerateOptions extends ProjectRequest {
  /** An engine already open on the project (the extension, tests); otherwise one is opened from the request. */
  engine?: Engine;
  /** `auto` (default): describe relations when the target is reachable; `skip`: no warehouse, no catalog.json. */
  catalog?: 'auto' | 'skip';
  /** How to reach the warehouse; default: the target's driver. */
  openWarehouse?: (target: TargetConfig, projectDir: string) => Promise<Warehouse>;
  /** Site folder; default `<target-path>/docs`. */
  outputDir?: string;
  /** Shown on the overview and written into catalog.json; omitted for byte-stable output. */
  generatedAt?: Date;
  lineageDepth?: number;
  /** Progress and warnings (catalog skipped, nodes that did not compile). */
  log?: (line: string) => void;
}

export interface DocsGenerateResult {
  siteDir: string;
  /** Site files written, relative to siteDir, sorted. */
  files: string[];
  /** Absolute path of catalog.json when the warehouse was reached. */
  catalogPath?: string;
  /** Why there is no catalog (unreachable target, database not built yet, …). */
  catalogSkipped?: string;
  /** unique_id → message for nodes whose SQL did not compile (they are documented without compiled SQL). */
  compileErrors: Map<string, string>;
  nodeCount: number;
}

function targetDir(engine: Engine): string {
  const t = engine.project.targetPath || 'target';
  return path.isAbsolute(t) ? t : path.join(engine.project.root, t);
}

function errorText(root: string, e: unknown): string {
  if (e instanceof BronzeError && e.location) {
    const rel = path.relative(root, e.location.file) || e.location.file;
    return `${rel}:${e.location.range.start.line + 1}:${e.location.range.start.character + 1}: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Execute-phase SQL of every enabled model and test, as a first run would see it (no warehouse needed). */
async function compileAll(engine: Engine): Promise<{ compiled: Map<string, string>; errors: Map<string, string>; invocationId: string }> {
  const compiled = new Map<string, string>();
  const errors = new Map<string, string>();
  // One invocation, as dbt's: its id and start time are what invocation_id and run_started_at render to.
  const invocation = { invocationId: randomUUID(), runStartedAt: new Date() };
  const ctx = (resolve: RenderContextOptions['resolve']): RenderContextOptions => ({
    ...invocation,
    fullRefresh: false,
    // dbt's flags.WHICH under `dbt docs generate`.
    which: 'generate',
    resolve,
  });
  for (const m of engine.project.models.values()) {
    if (m.config.enabled === false) continue;
    try {
      compiled.set(m.uniqueId, (await engine.compileModel(m, { ...ctx(offlineResolver(m.relation, 'first')), existing: null })).sql.trim());
    } catch (e) {
      errors.set(m.uniqueId, errorText(engine.project.root, e));
    }
  }
  for (const t of engine.project.tests.values()) {
    if (t.config.enabled === false) continue;
    const attached = t.attachedNode ? engine.project.models.get(t.attachedNode) ?? engine.project.sources.get(t.attachedNode) : undefined;
    const self = attached?.relation ?? { database: '', schema: '', identifier: '' };
    try {
      compiled.set(t.uniqueId, (await engine.testSql(t, ctx(offlineResolver(self, 'first')))).trim());
    } catch (e) {
      errors.set(t.uniqueId, errorText(engine.project.root, e));
    }
  }
  return { compiled, errors, invocationId: invocation.invocationId };
}

/** Why the target cannot give a catalog without side effects, or undefined when it is worth trying. */
function catalogPrecondition(target: TargetConfig, root: string): string | undefined {
  if (target.type !== 'duckdb') return undefined;
  const p = typeof target.path === 'string' ? target.path : ':memory:';
  if (p.startsWith(':memory:')) return `target '${target.name}' is an in-memory DuckDB database`;
  const abs = path.isAbsolute(p) ? p : path.resolve(root, p);
  // Opening a missing DuckDB file would create an empty database: say so instead.
  if (!existsSync(abs)) return `the DuckDB file ${path.relative(root, abs) || abs} does not exist yet (run \`bronze build\` first)`;
  return undefined;
}

/** Asks the warehouse for the type and columns of every model and source relation that exists. */
export async function describeRelations(
  engine: Engine,
  open: (target: TargetConfig, projectDir: string) => Promise<Warehouse>,
): Promise<{ described: Map<string, DescribedRelation>; errors: string[] }> {
  const warehouse = await open(engine.target, engine.project.root);
  const described = new Map<string, DescribedRelation>();
  const errors: string[] = [];
  try {
    const session = await warehouse.openSession();
    try {
      for (const r of catalogRelations(engine.project)) {
        try {
          const type = await session.relationType(r.relation);
          if (type === null) continue;
          described.set(r.uniqueId, { type, columns: await session.describe(r.relation) });
        } catch (e) {
          errors.push(`${r.uniqueId}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
  return { described, errors };
}

/** Writes the docs site (and catalog.json when the target is reachable). */
export async function docsGenerate(options: DocsGenerateOptions): Promise<DocsGenerateResult> {
  const log = options.log ?? (() => undefined);
  const engine = options.engine ?? (await openEngine(options));
  const root = engine.project.root;
  const tdir = targetDir(engine);
  const siteDir = options.outputDir ? path.resolve(root, options.outputDir) : path.join(tdir, 'docs');

  const { compiled, errors, invocationId } = await compileAll(engine);
  for (const [id, msg] of errors) log(`warning: ${id} did not compile and is documented without SQL: ${msg}`);

  let catalog: CatalogJson | undefined;
  let catalogPath: string | undefined;
  let catalogSkipped: string | undefined;
  if (options.catalog === 'skip') catalogSkipped = 'catalog disabled';
  else {
    catalogSkipped = catalogPrecondition(engine.target, root);
    if (catalogSkipped === undefined) {
      try {
        const { described, errors: describeErrors } = await describeRelations(engine, options.openWarehouse ?? defaultOpenWarehouse);
        catalog = buildCatalog(engine.project, described, { generatedAt: options.generatedAt, errors: describeErrors, invocationId });
        catalogPath = path.join(tdir, 'catalog.json');
        await mkdir(tdir, { recursive: true });
        await writeFile(catalogPath, JSON.stringify(catalog, null, 2) + '\n');
      } catch (e) {
        catalogSkipped = `target '${engine.target.name}' is not reachable: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
  }
  if (catalogSkipped) log(`No catalog.json: ${catalogSkipped}. Column types shown are the declared data_type values.`);

  const data = buildDocsData({
    project: engine.project,
    graph: engine.graph,
    compiled,
    compileErrors: errors,
    catalog,
    target: { name: engine.target.name, type: engine.target.type },
    generatedAt: options.generatedAt?.toISOString(),
    lineageDepth: options.lineageDepth,
  });
  const files = siteFiles(data);
  // dbt's artifacts where dbt's docs hosting looks for them: index.html and manifest.json beside catalog.json.
  await mkdir(tdir, { recursive: true });
  await writeFile(path.join(tdir, 'index.html'), singleFileIndexHtml(data));
  const manifest = buildManifest(engine.project, { targetName: engine.target.name, adapterType: engine.target.type, compiled, invocationId });
  await writeFile(path.join(tdir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  // A stale asset from an older Bronze must not linger next to the new ones.
  await rm(siteDir, { recursive: true, force: true });
  for (const [rel, text] of files) {
    const file = path.join(siteDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  const shown = path.relative(root, siteDir);
  log(`Wrote the docs site to ${shown.startsWith('..') ? siteDir : shown} (${files.size} files).`);
  return {
    siteDir,
    files: [...files.keys()].sort(),
    ...(catalogPath ? { catalogPath } : {}),
    ...(catalogSkipped ? { catalogSkipped } : {}),
    compileErrors: errors,
    nodeCount: engine.project.models.size + engine.project.sources.size + engine.project.tests.size,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Serving

export interface DocsServeOptions {
  /** The generated site folder (from docsGenerate). */
  siteDir: string;
  /** 0 (default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
}

export interface DocsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Resolves a request path inside `root`, or undefined when it would leave it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const rel = decoded.replace(/^\/+/, '') || DOCS_FILES.html;
  const abs = path.resolve(root, rel);
  return abs === root || abs.startsWith(root + path.sep) ? abs : undefined;
}

async function handle(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Only GET and HEAD are served.\n');
  let file = resolveInside(root, req.url ?? '/');
  if (!file) return send(404, 'Not found.\n');
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, DOCS_FILES.html);
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // The site needs nothing from elsewhere; the policy makes that a guarantee.
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:",
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    send(404, 'Not found.\n');
  }
}

/** Serves the site on 127.0.0.1 (never on other interfaces). */
export async function docsServe(options: DocsServeOptions): Promise<DocsServer> {
  const root = path.resolve(options.siteDir);
  if (!existsSync(path.join(root, DOCS_FILES.html))) {
    throw new UsageError(`no docs site in ${root}. Run 'bronze docs generate' first.`);
  }
  const server = createServer((req, res) => {
    handle(root, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new UsageError(`port ${options.port} is in use on 127.0.0.1. Pass another --port (or 0 for any free one).`) : e),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : 0);
    });
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// PII report

export interface DocsPiiOptions extends ProjectRequest {
  engine?: Engine;
}

/** Every PII-classified column of the project's models and sources. */
export async function docsPii(options: DocsPiiOptions): Promise<PiiRow[]> {
  const engine = options.engine ?? (await openEngine(options));
  return piiReport(engine.project);
}

// ---------------------------------------------------------------------------------------------------------
// The CLI face

/**
 * `bronze docs generate|serve|pii`. Returns the exit status; `serve` returns when `signal` aborts or on Ctrl-C.
 */
export async function docsCommand(args: CommonArgs, io: Io, signal?: AbortSignal): Promise<number> {
  const sub = args.positionals[0];
  const req = projectRequest(args);
  if (sub === 'generate') {
    const result = await docsGenerate({ ...req, log: (l) => io.err(l) });
    if (args.output === 'json') {
      io.out(JSON.stringify({ site: result.siteDir, files: result.files, catalog: result.catalogPath ?? null, catalog_skipped: result.catalogSkipped ?? null, compile_errors: Object.fromEntries(result.compileErrors) }));
    }
    return 0;
  }
  if (sub === 'serve') {
    const engine = await openEngine(req);
    const siteDir = path.join(targetDir(engine), 'docs');
    if (!existsSync(path.join(siteDir, DOCS_FILES.html))) await docsGenerate({ ...req, engine, log: (l) => io.err(l) });
    const server = await docsServe({ siteDir, port: intFlag(args, '--port', 8080, 0, 65535) });
    io.out(`Serving the docs at ${server.url} (Ctrl-C to stop).`);
    await stopped(signal);
    await server.close();
    return 0;
  }
  if (sub === 'pii') {
    const rows = await docsPii(req);
    io.out(args.output === 'json' ? JSON.stringify(rows, null, 2) : formatPiiReport(rows));
    return 0;
  }
  throw new UsageError(`'bronze docs' needs a subcommand: generate, serve or pii${sub ? ` (got '${sub}')` : ''}.`);
}

function stopped(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) return done();
    process.once('SIGINT', done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
