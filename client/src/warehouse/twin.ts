// The local twin's catalogs: one DuckDB file per Snowflake database under `.bronze/local/`, each ATTACHed under
// the database's name so `db.schema.table` resolves offline. The target's database is the default catalog.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ModelNode, SourceNode, TargetConfig } from '../../../server/src/core/types';
import { twinCatalogFile, twinCatalogName, twinInfo } from '../../../server/src/project/profiles';
import { twinDatabases } from '../../../server/src/project/twin';

export interface TwinCatalog {
  /** The catalog's name in SQL: upper case as Snowflake folds unquoted names (the embedded default's main: `local`). */
  name: string;
  /** Its DuckDB file. */
  file: string;
  /** Whether a database the project names (false: a file found in the twin's folder). */
  named: boolean;
}

/** The database name a catalog file stands for (its name with %-escapes undone). */
function catalogOfFile(fileName: string): string | undefined {
  const m = /^(.+)\.duckdb$/.exec(fileName);
  if (!m) return undefined;
  try {
    return twinCatalogName(decodeURIComponent(m[1]));
  } catch {
    return undefined;
  }
}

/**
 * The catalogs of a twin target, the target's database first, then the other named databases, then catalog files
 * already in the folder (made by an earlier run or by hand), each in name order so two processes take the file
 * locks in the same order. Undefined when `target` is not the twin.
 */
export function twinCatalogs(target: TargetConfig): TwinCatalog[] | undefined {
  const info = twinInfo(target);
  if (!info) return undefined;
  // Keyed by the folded name: DuckDB's catalog names are case-insensitive too.
  const out = new Map<string, TwinCatalog>();
  const add = (database: string, named: boolean, file = join(info.dir, twinCatalogFile(database))): void => {
    const name = twinCatalogName(database);
    if (!out.has(name)) out.set(name, { name, file, named });
  };
  const [main, ...rest] = twinDatabases(target);
  // The main catalog is the target's file (`.bronze/local.duckdb` for the embedded default), named as DuckDB
  // names a file it opens when that name is the database's.
  const mainFile = typeof target.path === 'string' && target.path ? target.path : join(info.dir, twinCatalogFile(main));
  const fileName = basename(mainFile, '.duckdb');
  out.set(twinCatalogName(main), { name: twinCatalogName(fileName) === twinCatalogName(main) ? fileName : twinCatalogName(main), file: mainFile, named: true });
  for (const db of [...rest].sort((a, b) => twinCatalogName(a).localeCompare(twinCatalogName(b)))) add(db, true);
  if (existsSync(info.dir)) {
    const found = readdirSync(info.dir)
      .map((file) => ({ file, name: catalogOfFile(file) }))
      .filter((f): f is { file: string; name: string } => f.name !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const f of found) add(f.name, false, join(info.dir, f.file));
  }
  return [...out.values()];
}

/** Whether DuckDB, opening `catalog.file` as its main database, names it `catalog.name` (so no ATTACH is needed). */
export function opensAsItsName(catalog: TwinCatalog): boolean {
  return basename(catalog.file, '.duckdb') === catalog.name;
}

/** The dotted name that starts at `offset` in `sql`, quotes removed: `raw."Sales".orders` → raw, Sales, orders. */
export function dottedNameAt(sql: string, offset: number): string[] {
  const part = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][\w$]*))/y;
  const parts: string[] = [];
  let at = offset;
  for (;;) {
    part.lastIndex = at;
    const m = part.exec(sql);
    if (!m) break;
    parts.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
    at = part.lastIndex;
    const dot = /\s*\./y;
    dot.lastIndex = at;
    if (!dot.exec(sql)) break;
    at = dot.lastIndex;
  }
  return parts;
}

/**
 * What to do about a missing `database.schema.table` on the twin: the table belongs in that database's catalog
 * file (undefined when the name is not three-part or the database is not one of the twin's catalogs).
 */
export function twinMissingTableAdvice(catalogs: readonly TwinCatalog[], parts: readonly string[], source?: SourceNode, builder?: ModelNode): string | undefined {
  if (parts.length !== 3) return undefined;
  const catalog = catalogs.find((c) => twinCatalogName(c.name) === twinCatalogName(parts[0]));
  if (!catalog) return undefined;
  const where = `On the local twin, database ${catalog.name} is the file ${catalog.file}`;
  if (!source && builder) return `${where}; ${parts[1]}.${parts[2]} is ${builtBy(builder)}`;
  if (!source) return `${where}: create ${parts[1]}.${parts[2]} there (load its rows) or run the model that builds it.`;
  // A declared source: its rows come from `bronze sample`, and what stops the synthetic sampler is a table whose
  // columns nothing names (pretium's `select *` read-throughs): say so at the model that fails, not only in the
  // sample's warnings.
  const name = `${source.sourceName}.${source.name}`;
  const copy = `copy it from Snowflake with \`bronze sample --from TARGET -s source:${name}\``;
  const file = source.originalFilePath;
  if (Object.keys(source.columns).length === 0) {
    return (
      `${where}; ${parts[1]}.${parts[2]} is source ${name} (${file}), which declares no columns: \`bronze sample --synthetic\` ` +
      `writes it only when a model names a column of it. Declare its columns (name and data_type) in ${file}, or ${copy}.`
    );
  }
  return `${where}; ${parts[1]}.${parts[2]} is source ${name} (${file}): write its rows with \`bronze sample --synthetic -s source:${name}\`, or ${copy}.`;
}

/**
 * The advice for a table a model (seed, snapshot) of the project builds that is not there yet. A query that names
 * the table as written (robling's `delete_condition = "POST_DT IN (SELECT … FROM DW_TMP.TMP_F_INV_RTV_SUP_ILD_B)"`)
 * gives dbt no edge to it, so dbt's order may run the reader first — on Snowflake too, in a fresh warehouse.
 */
function builtBy(node: ModelNode): string {
  const command = node.resourceType === 'seed' ? 'seed' : node.resourceType === 'snapshot' ? 'snapshot' : 'run';
  return (
    `built by ${node.resourceType} ${node.name} (${node.originalFilePath}), and is not there: build ${node.name} first ` +
    `(\`bronze ${command} -s ${node.name}\`); a node that names the table as written rather than through ref('${node.name}') ` +
    `is not downstream of it, so dbt's order need not build it first: use ref(), or add \`-- depends_on: {{ ref('${node.name}') }}\` to the reader.`
  );
}
