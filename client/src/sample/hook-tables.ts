// Tables a project's hooks INSERT INTO that nothing in the project creates (an audit log made once by hand on
// Snowflake, say): on the twin they would not exist, and every model whose post-hook writes there would fail. The
// sampler creates each one empty, with the INSERT's column list, each column typed by the values the project's
// INSERTs write into it (materialization-writes.ts writtenValueType: a literal, a cast, TO_DATE(…), a date column of
// the SELECT…), else VARCHAR, and says so.
import type { ProjectModel, RelationName } from '../../../server/src/core/types';
import { formatNameParts, resolveName } from '../warehouse/snowflake-on-duckdb/stage-files';
import type { DuckDbSession } from '../warehouse/duckdb';
import { writtenTable } from './materialization-writes';

const NAME_PART = '(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*)';

export interface HookTable {
  /** The table's name as the hook writes it, and its parts resolved (database, schema, table). */
  name: string;
  resolved: [string, string, string];
  columns: Array<{ name: string; type: string }>;
}

/**
 * The tables hook statements insert into, where the statement lists its columns: each column typed by the first
 * statement whose value for it says a type (a later INSERT may write a cast where the first writes NULL), one other
 * than VARCHAR first.
 */
export function hookInsertTables(statements: ReadonlyArray<{ sql: string; hook?: string }>, current: { database: string; schema: string }): HookTable[] {
  const out = new Map<string, { name: string; resolved: [string, string, string]; columns: Array<{ name: string; type?: string }> }>();
  for (const { sql, hook } of statements) {
    // A model's hook inserting into `{{ this }}` writes the model itself (rendered here outside any model).
    if (hook && /\binto\s+\{\{-?\s*this\s*-?\}\}/i.test(hook)) continue;
    if (!/^\s*insert\b/i.test(sql)) continue;
    const w = writtenTable(sql.trim(), current);
    if (!w) continue;
    const name = w.name.replace(/\s*\.\s*/g, '.');
    const key = w.resolved.join('.').toUpperCase();
    const table = out.get(key) ?? { name, resolved: w.resolved, columns: w.columns.map((c): { name: string; type?: string } => ({ name: c.quoted ? `"${c.name.replace(/"/g, '""')}"` : c.name })) };
    out.set(key, table);
    for (const c of w.columns) {
      const at = table.columns.find((x) => (c.quoted ? x.name === `"${c.name.replace(/"/g, '""')}"` : x.name.toUpperCase() === c.name.toUpperCase()));
      // A string literal is converted on insert (`'${CURR_DAY}' AS LOAD_DT` into a DATE): VARCHAR only when no
      // statement writes another type there.
      if (at && c.dataType && (at.type === undefined || (at.type === 'VARCHAR' && c.dataType !== 'VARCHAR'))) at.type = c.dataType;
    }
  }
  return [...out.values()].map((t) => ({ name: t.name, resolved: t.resolved, columns: t.columns.map((c) => ({ name: c.name, type: c.type ?? 'VARCHAR' })) }));
}

const CREATE = new RegExp(`^\\s*create\\s+(?:or\\s+replace\\s+)?(?:(?:transient|temporary|temp)\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(${NAME_PART}(?:\\s*\\.\\s*${NAME_PART}){0,2})\\s*\\(`, 'i');

/**
 * The tables hook statements create with a column list (`create table if not exists meta.hwm (…)`), resolved
 * (database, schema, table, upper-case): the project makes them itself, so the sampler leaves them to it.
 */
export function hookCreatedTables(statements: ReadonlyArray<{ sql: string }>, current: { database: string; schema: string }): Set<string> {
  const out = new Set<string>();
  for (const { sql } of statements) {
    const m = CREATE.exec(sql);
    if (m) out.add(resolveName(formatNameParts(m[1].replace(/\s*\.\s*/g, '.')), current.database, current.schema).join('.').toUpperCase());
  }
  return out;
}

/** Creates, empty, each table no node of the project is and the twin does not hold; returns how many. */
export async function createHookTables(session: DuckDbSession, project: ProjectModel, tables: readonly HookTable[], log: (line: string) => void): Promise<number> {
  const same = (r: RelationName, t: HookTable): boolean =>
    [r.database, r.schema, r.identifier].map((p) => p.toUpperCase()).join('.') === t.resolved.map((p) => p.toUpperCase()).join('.');
  const nodes = [...project.models.values(), ...project.sources.values()].map((n) => n.relation);
  let created = 0;
  for (const t of tables) {
    if (nodes.some((r) => same(r, t))) continue;
    const [database, schema, identifier] = t.resolved;
    if ((await session.relationType({ database, schema, identifier }).catch(() => null)) !== null) continue;
    const parts = t.name.split('.');
    try {
      if (parts.length > 1) await session.execute(`CREATE SCHEMA IF NOT EXISTS ${parts.slice(0, -1).join('.')}`);
      await session.execute(`CREATE TABLE IF NOT EXISTS ${t.name} (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
    } catch (e) {
      log(`warning: table ${t.resolved.join('.')}, which the project's hooks insert into, could not be created on the twin: ${(e as Error).message.split('\n')[0]}`);
      continue;
    }
    created++;
    log(`table ${t.resolved.join('.')} is written by the project's hooks and created by nothing in the project: created empty on the twin with the INSERT's columns (${t.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`);
  }
  return created;
}
