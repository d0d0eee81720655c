// `bronze sample --from TARGET`: copies up to N rows of each selected source from a warehouse (Snowflake, through
// snowflake-sdk) into the embedded twin, at the source's database.schema.table as the twin names it. Newest rows
// first when the source has a loaded_at_field or an update-timestamp column; `--append` copies only rows newer than
// what the twin holds. Each table is written in one transaction on the twin.
import type { ColumnDef, RelationName, SourceNode } from '../../../server/src/core/types';
import { appendRows, DuckDbSession } from '../warehouse/duckdb';
import { WarehouseError, type WarehouseSession } from '../warehouse/warehouse';
import { quoteIdent, relationSql } from './sql';
import { tzNote, twinType } from './column-kinds';

/** The column that orders a source's rows by recency, when it has one. */
export function recencyColumn(source: Pick<SourceNode, 'loadedAtField'>, columns: readonly ColumnDef[]): string | undefined {
  const names = columns.map((c) => c.name);
  const loaded = source.loadedAtField?.replace(/^"|"$/g, '');
  if (loaded && names.some((n) => n.toLowerCase() === loaded.toLowerCase())) return names.find((n) => n.toLowerCase() === loaded.toLowerCase());
  return names.find((n) => /^(update_timestamp|updated_at|last_modified(_at)?|modified_at|_updated_at|load_timestamp|loaded_at|_loaded_at|_fivetran_synced)$/i.test(n));
}

export interface CopyTable {
  label: string;
  /** Where the rows are read (the source as the --from target names it). */
  from: RelationName;
  /** Where they are written (the source as the twin names it). */
  to: RelationName;
  source: Pick<SourceNode, 'loadedAtField'>;
}

export interface CopyOptions {
  rows: number;
  append: boolean;
  signal?: AbortSignal;
  log: (line: string) => void;
}

function sfRelation(r: RelationName): string {
  // Names as the project wrote them, unquoted: Snowflake resolves them as it resolves the project's own SQL.
  return [r.database, r.schema, r.identifier].filter(Boolean).join('.');
}

function timestampLiteral(v: unknown): string {
  const text = v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : String(v);
  return `'${text.replace(/'/g, "''")}'`;
}

export async function copyTables(from: WarehouseSession, twin: WarehouseSession, tables: readonly CopyTable[], options: CopyOptions): Promise<Array<{ label: string; rows: number; ms: number }>> {
  if (!(twin instanceof DuckDbSession)) throw new WarehouseError('bronze sample --from writes into the embedded DuckDB target.');
  const done: Array<{ label: string; rows: number; ms: number }> = [];
  for (const [i, t] of tables.entries()) {
    if (options.signal?.aborted) throw new WarehouseError('Sampling cancelled.', { cancelled: true });
    const started = Date.now();
    const columns = await from.describe(t.from);
    if (columns.length === 0) throw new WarehouseError(`${sfRelation(t.from)} does not exist on the --from target (or has no columns): check the source's database, schema and identifier.`);
    const recent = recencyColumn(t.source, columns);
    let where = '';
    const exists = (await twin.relationType(t.to)) !== null;
    if (options.append && exists && recent) {
      const max = (await twin.connection.runAndReadAll(`SELECT max(${quoteIdent(recent)}) FROM ${relationSql(t.to)}`)).getRows()[0]?.[0];
      if (max !== null && max !== undefined) where = ` where ${recent} > ${timestampLiteral(max)}`;
    }
    const order = recent ? ` order by ${recent} desc` : '';
    const result = await from.execute(`select * from ${sfRelation(t.from)}${where}${order} limit ${options.rows}`, { signal: options.signal });
    const defs = columns.map((c) => ({ name: c.name, dataType: twinType(c.dataType) }));
    const rows = result.rows.map((r) => columns.map((c) => r[c.name] ?? r[c.name.toUpperCase()] ?? r[c.name.toLowerCase()] ?? null));
    await twin.connection.run('BEGIN TRANSACTION');
    try {
      if (!options.append || !exists) {
        await twin.execute(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(t.to.database)}.${quoteIdent(t.to.schema)}`);
        await twin.execute(`CREATE OR REPLACE TABLE ${relationSql(t.to)} (${defs.map((d) => `${quoteIdent(d.name)} ${d.dataType}`).join(', ')})`);
      }
      await appendRows(twin, t.to, defs, rows);
      if (options.signal?.aborted) throw new WarehouseError('Sampling cancelled.', { cancelled: true });
      await twin.connection.run('COMMIT');
    } catch (e) {
      await twin.connection.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    const ms = Date.now() - started;
    done.push({ label: t.label, rows: rows.length, ms });
    options.log(`${i + 1} of ${tables.length} copied ${t.label}: ${rows.length} rows from ${sfRelation(t.from)} → ${relationSql(t.to)}${where ? ' (newer rows only)' : ''} in ${ms} ms${tzNote(columns)}`);
  }
  return done;
}
