// Tables a project's hooks INSERT INTO that nothing in the project creates (an audit log made once by hand on
// Snowflake, say): on the twin they would not exist, and every model whose post-hook writes there would fail. The
// sampler creates each one empty, with the INSERT's column list, typed from its VALUES (a string literal VARCHAR,
// a number NUMBER, CURRENT_TIMESTAMP() TIMESTAMP_LTZ, CURRENT_DATE DATE, TRUE/FALSE BOOLEAN; else VARCHAR), and says so.
import { splitLexemesAtCommas, splitTopLevelCommas } from '../../../server/src/core/sql/split';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import type { ProjectModel, RelationName } from '../../../server/src/core/types';
import { formatNameParts, resolveName } from '../warehouse/snowflake-on-duckdb/stage-files';
import type { DuckDbSession } from '../warehouse/duckdb';

const NAME_PART = '(?:"(?:[^"]|"")*"|[A-Za-z_][A-Za-z0-9_$]*)';
const INSERT = new RegExp(`^\\s*insert\\s+(?:overwrite\\s+)?into\\s+(${NAME_PART}(?:\\s*\\.\\s*${NAME_PART}){0,2})\\s*\\(([^)]*)\\)\\s*(values\\b[\\s\\S]*|select\\b[\\s\\S]*|with\\b[\\s\\S]*)$`, 'i');

export interface HookTable {
  /** The table's name as the hook writes it, and its parts resolved (database, schema, table). */
  name: string;
  resolved: [string, string, string];
  columns: Array<{ name: string; type: string }>;
}

/** The type a VALUES item gives its column. */
function valueType(item: SqlToken[]): string {
  const words = item.map((l) => (l.kind === 'ident' ? l.text.toLowerCase() : l.text)).join('');
  if (item.length === 1 && item[0].kind === 'string') return 'VARCHAR';
  if (item.length === 1 && item[0].kind === 'number') return item[0].text.includes('.') ? 'FLOAT' : 'NUMBER(38, 0)';
  if (/^(current_timestamp|sysdate|getdate|localtimestamp|systimestamp)(\(\))?$/.test(words)) return 'TIMESTAMP_LTZ';
  if (/^current_date(\(\))?$/.test(words)) return 'DATE';
  if (words === 'true' || words === 'false') return 'BOOLEAN';
  return 'VARCHAR';
}

/** The first VALUES row's items (an array or object constant in it is one item). */
function valuesItems(text: string): SqlToken[][] {
  const { tokens } = tokenizeSql(text);
  const open = tokens.findIndex((t) => t.kind === 'punct' && t.text === '(');
  if (open < 0) return [[]];
  const close = tokens.findIndex((t, i) => i > open && t.kind === 'punct' && t.text === ')' && t.depth === tokens[open].depth);
  return splitLexemesAtCommas(tokens.slice(open + 1, close < 0 ? tokens.length : close));
}

/** The tables hook statements insert into, where the statement lists its columns. */
export function hookInsertTables(statements: ReadonlyArray<{ sql: string; hook?: string }>, current: { database: string; schema: string }): HookTable[] {
  const out = new Map<string, HookTable>();
  for (const { sql, hook } of statements) {
    // A model's hook inserting into `{{ this }}` writes the model itself (rendered here outside any model).
    if (hook && /\binto\s+\{\{-?\s*this\s*-?\}\}/i.test(hook)) continue;
    const m = INSERT.exec(sql);
    if (!m) continue;
    const name = m[1].replace(/\s*\.\s*/g, '.');
    const resolved = resolveName(formatNameParts(name), current.database, current.schema);
    const key = resolved.join('.').toUpperCase();
    if (out.has(key)) continue;
    const names = splitTopLevelCommas(m[2]).map((c) => c.trim()).filter(Boolean);
    const items = /^values\b/i.test(m[3]) ? valuesItems(m[3].slice(6)) : [];
    out.set(key, { name, resolved, columns: names.map((n, i) => ({ name: n, type: items[i] ? valueType(items[i]) : 'VARCHAR' })) });
  }
  return [...out.values()];
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
