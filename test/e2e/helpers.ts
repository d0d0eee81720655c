// Shared by the end-to-end suites: a demo project or a small written project in a temp folder, the CLI's main()
// with captured output, and read-only queries against the project's DuckDB file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { main } from '../../client/src/cli';
import { createDemo } from '../../client/src/demo/load';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], signal?: AbortSignal): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    {
      out: (t) => {
        stdout += t.endsWith('\n') ? t : `${t}\n`;
      },
      err: (t) => {
        stderr += t.endsWith('\n') ? t : `${t}\n`;
      },
    },
    signal ?? new AbortController().signal,
  );
  return { code, stdout, stderr };
}

export async function makeDemo(rows = 1000): Promise<{ dir: string; cleanup(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'bronze-e2e-'));
  const dir = join(root, 'demo');
  await createDemo(dir, { rows, seed: 20260101 });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs queries on the demo's DuckDB file (opened and closed per call, so the CLI can open it in between). */
/**
 * Rows read with DuckDB itself (no Snowflake translation): a column a query names comes back under the name its table
 * stores, which the target makes upper-case unless it was created quoted (as Snowflake does); an alias as written.
 */
export async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, '.bronze', 'local.duckdb'));
  try {
    const conn = await instance.connect();
    try {
      const reader = await conn.runAndReadAll(sql);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * One value read through Bronze's own DuckDB session (the Snowflake dialect and its session macros), as `bronze show`
 * reads: a view a model created may call those macros, which a plain DuckDB connection does not have.
 */
export async function bronzeScalar(dir: string, sql: string): Promise<number> {
  const wh = await createDuckDbWarehouse({ name: 'local', profileName: 'test', type: 'duckdb', threads: 1, database: 'local', schema: 'main', path: join(dir, '.bronze', 'local.duckdb') });
  try {
    const session = await wh.openSession();
    const r = await session.execute(sql);
    return Number(r.rows[0]?.[r.columns[0].name]);
  } finally {
    await wh.close();
  }
}

export async function scalar(dir: string, sql: string): Promise<number> {
  const rows = await query(dir, sql);
  return Number(Object.values(rows[0] ?? {})[0]);
}

/** Writes `files` (path relative to `dir` → text) under `dir`, creating folders as needed. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/**
 * For a describe block: a temp project folder holding `files`, written before its tests and removed after them.
 * Returns the folder's getter (the folder exists only once the block's tests run).
 */
export function tempProject(prefix: string, files: Record<string, string>): () => string {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
    writeFiles(join(root, 'p'), files);
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return () => join(root, 'p');
}
