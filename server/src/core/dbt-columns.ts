// A node's schema.yml columns as dbt writes them: manifest.json's `columns` and the `model.columns` a template reads
// (a materialization listing them) are the same dict of dbt's ColumnInfo fields, by column name in declared order.
import type { ColumnInfo } from './types';

/** One column as dbt's ColumnInfo serializes it (dbt-core's artifacts/resources/v1/components.py, in its field order). */
export interface DbtColumn {
  name: string;
  description: string;
  meta: Record<string, unknown>;
  data_type: string | null;
  constraints: unknown[];
  quote: boolean | null;
  tags: string[];
}

/** Built once per node's columns: every render of a node and the manifest read the same entries (none changes them). */
const built = new WeakMap<Readonly<Record<string, ColumnInfo>>, Readonly<Record<string, DbtColumn>>>();

/** dbt's `columns` of a node, by column name in declared order. */
export function dbtColumns(columns: Readonly<Record<string, ColumnInfo>>): Readonly<Record<string, DbtColumn>> {
  let out = built.get(columns);
  if (!out) {
    out = Object.fromEntries(
      Object.entries(columns).map(([key, c]) => [
        key,
        { name: c.name, description: c.description, meta: c.meta, data_type: c.dataType ?? null, constraints: c.constraints ?? [], quote: c.quote ?? null, tags: c.tags },
      ]),
    );
    built.set(columns, out);
  }
  return out;
}
