// "Preview data": a model's compiled SELECT (or a CTE of it, or any SQL text of the project) run on a target,
// read up to a row cap that stops the fetch without rewriting the query; export of the whole result to a file;
// the run-impact of a model. Host-agnostic: the VS Code results panel and the tests call these.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ModelNode } from '../../../server/src/core/types';
import type { Engine } from '../../../server/src/engine';
import { csvField, jsonReplacer } from '../cli/table';
import { sessionResolver } from '../run/node-runners';
import { openEngine, type ProjectRequest } from '../run/runner';
import { openWarehouse } from '../warehouse/connect';
import type { QueryColumn, WarehouseSession } from '../warehouse/warehouse';
import { cteQuery } from './cte';
import { computeRunImpact, type RunImpact } from './impact';

export type PreviewSource =
  /** A model's compiled SELECT; `text` is its unsaved editor text; `cte` previews one CTE of it. */
  | { kind: 'model'; model: string; text?: string; cte?: string }
  /** Any SQL (Jinja allowed) of the project, e.g. the editor's selection; `file` names where it came from. */
  | { kind: 'sql'; sql: string; file?: string };

export interface PreviewRequest extends ProjectRequest {
  source: PreviewSource;
  /** Row cap: rows past it are not fetched (the query is not rewritten). */
  maxRows: number;
  signal?: AbortSignal;
}

export interface PreviewResult {
  title: string;
  target: string;
  targetType: string;
  sql: string;
  columns: QueryColumn[];
  rows: Record<string, unknown>[];
  truncated: boolean;
  elapsedMs: number;
  queryId?: string;
}

const CTX = { invocationId: '00000000-0000-0000-0000-000000000000', runStartedAt: new Date(0), fullRefresh: false, which: 'show' };

function findModel(engine: Engine, name: string): ModelNode {
  const model = engine.findModel(name);
  if (!model) throw new Error(`No model named '${name}' in ${engine.project.name}. Save the file, or run 'bronze check' to see the models.`);
  return model;
}

/** The SQL a preview runs, compiled on `session` (so run_query and is_incremental() see the real warehouse). */
export async function previewSql(engine: Engine, session: WarehouseSession, source: PreviewSource, signal?: AbortSignal): Promise<{ sql: string; title: string }> {
  const resolve = sessionResolver(session, signal);
  if (source.kind === 'sql') {
    const sql = await engine.renderText(source.sql, source.file ?? `${engine.project.root}/<selection>`, { ...CTX, resolve });
    return { sql, title: 'selection' };
  }
  const model = findModel(engine, source.model);
  // A preview shows what the model's SELECT returns as a full build would compute it.
  const compiled = await engine.compileModel(model, { ...CTX, resolve, existing: null, text: source.text });
  if (!source.cte) {
    engine.assertQuery(model, compiled);
    return { sql: compiled.sql, title: model.name };
  }
  const sql = cteQuery(compiled.sql, source.cte);
  if (sql === undefined) throw new Error(`The compiled SQL of ${model.name} has no CTE named '${source.cte}'.`);
  return { sql, title: `${model.name} › ${source.cte}` };
}

async function withSession<T>(req: ProjectRequest, fn: (engine: Engine, session: WarehouseSession) => Promise<T>): Promise<T> {
  const engine = await openEngine(req);
  const warehouse = await openWarehouse(engine.target, engine.project.root);
  try {
    const session = await warehouse.openSession();
    try {
      return await fn(engine, session);
    } finally {
      await session.close();
    }
  } finally {
    await warehouse.close();
  }
}

export function runPreview(req: PreviewRequest): Promise<PreviewResult> {
  return withSession(req, async (engine, session) => {
    const { sql, title } = await previewSql(engine, session, req.source, req.signal);
    const started = performance.now();
    const result = await session.execute(sql, { signal: req.signal, maxRows: req.maxRows });
    return {
      title,
      target: engine.target.name,
      targetType: engine.target.type,
      sql,
      columns: result.columns,
      rows: result.rows,
      truncated: result.truncated === true,
      elapsedMs: Math.round(performance.now() - started),
      queryId: engine.target.type === 'snowflake' ? result.queryId : undefined,
    };
  });
}

export type ExportFormat = 'csv' | 'json';

/** Runs the preview's query again without a cap and writes every row to `file`. Returns the rows written. */
export function exportPreview(req: Omit<PreviewRequest, 'maxRows'>, file: string, format: ExportFormat): Promise<number> {
  return withSession(req, async (engine, session) => {
    const { sql } = await previewSql(engine, session, req.source, req.signal);
    const result = await session.execute(sql, { signal: req.signal });
    await writeRows(file, format, result.columns.map((c) => c.name), result.rows);
    return result.rows.length;
  });
}

/** CSV (NULL empty, '' quoted, as `bronze show --output csv`) or a JSON array of objects, written in pieces. */
export async function writeRows(file: string, format: ExportFormat, columns: string[], rows: Record<string, unknown>[]): Promise<void> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const failed = once(out, 'error').then(([e]) => {
    throw e as Error;
  });
  const work = (async () => {
    if (format === 'csv') {
      await write(`${columns.map(csvField).join(',')}\n`);
      for (const r of rows) await write(`${columns.map((c) => csvField(r[c])).join(',')}\n`);
    } else {
      await write('[');
      for (let i = 0; i < rows.length; i++) {
        const o: Record<string, unknown> = {};
        for (const c of columns) o[c] = rows[i][c] ?? null;
        await write(`${i ? ',' : ''}\n  ${JSON.stringify(o, jsonReplacer)}`);
      }
      await write(rows.length ? '\n]\n' : ']\n');
    }
    out.end();
    await once(out, 'finish');
  })();
  await Promise.race([work, failed]);
}

/** What the model's next run would change (see impact.ts), on the request's target. */
export function previewImpact(req: ProjectRequest & { model: string; fullRefresh?: boolean; signal?: AbortSignal }): Promise<RunImpact & { target: string }> {
  return withSession(req, async (engine, session) => ({
    ...(await computeRunImpact({ engine, session, model: findModel(engine, req.model), fullRefresh: req.fullRefresh, signal: req.signal })),
    target: engine.target.name,
  }));
}

/** The model's `unique_key` as a list (null without one): the key a comparison of its previews matches rows by. */
export async function modelUniqueKey(req: ProjectRequest, model: string): Promise<string[] | null> {
  const engine = await openEngine(req);
  const key = findModel(engine, model).config.unique_key;
  if (Array.isArray(key)) return key.length ? key.map(String) : null;
  return typeof key === 'string' && key.trim() && /^[\w$"]+$/.test(key.trim()) ? [key.trim()] : null;
}
