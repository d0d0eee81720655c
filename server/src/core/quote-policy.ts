// dbt's `quoting:` settings (dbt_project.yml for refs and `this`, a source and its tables in schema.yml for
// source()) as one quote policy.
import { isPlainObject } from './plain';
import type { QuotePolicy, RelationName } from './types';

/** The `quoting:` mappings merged in order (later wins), keeping only boolean parts; undefined when none is set. */
export function quotePolicy(...layers: unknown[]): QuotePolicy | undefined {
  let out: QuotePolicy | undefined;
  for (const layer of layers) {
    if (!isPlainObject(layer)) continue;
    for (const part of ['database', 'schema', 'identifier'] as const) {
      const v = layer[part];
      if (typeof v === 'boolean') (out ??= {})[part] = v;
    }
  }
  return out;
}

/**
 * A relation's parts as Snowflake stores them: a part `quoting:` quotes exactly as written, any other upper-case (how
 * Snowflake resolves the unquoted name). Bronze writes the tables it makes up or copies (`bronze sample`) under these
 * names, so the project's SQL finds them on the DuckDB target as it would on Snowflake.
 */
export function snowflakeStoredRelation(r: RelationName, quoting?: QuotePolicy): RelationName {
  const part = (p: keyof RelationName): string => quotedNamePart(r[p]) ?? (quoting?.[p] ? r[p] : r[p].toUpperCase());
  return { database: part('database'), schema: part('schema'), identifier: part('identifier') };
}

/**
 * The name a relation part written as a quoted identifier stands for (`database: '"Data_Store_OLIDS"'` in a
 * sources.yml renders `"Data_Store_OLIDS".…`, which Snowflake resolves case-sensitively); undefined for any other part.
 */
export function quotedNamePart(part: string): string | undefined {
  return /^"(?:[^"]|"")+"$/.test(part) ? part.slice(1, -1).replace(/""/g, '"') : undefined;
}
