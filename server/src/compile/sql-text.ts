// Small text helpers shared by the statement builders. dbt's macros leave whitespace-only lines behind
// wherever a tag renders nothing; the reference texts collapse those, so builders assemble statements
// from lines and drop the empty ones, while user SQL is inserted verbatim (its own blank lines stay).
import type { RelationName } from '../core/types';

/** Joins the template lines that render something; `null`/`undefined`/`false`/whitespace-only are dropped. */
export function lines(parts: ReadonlyArray<string | null | undefined | false>): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n');
}

export { renderRelation } from '../core/relation-text';

/** Double-quoted identifier with embedded quotes doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted SQL string literal. */
export function stringLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Python's `str()` of a YAML scalar, which is what dbt's Jinja prints for `{{ value }}`. */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}

/** The incremental tmp relation: `<identifier>__dbt_tmp` in the same database and schema. */
export function tmpRelationOf(r: RelationName): RelationName {
  return { database: r.database, schema: r.schema, identifier: `${r.identifier}__dbt_tmp` };
}
