// dbt's `quoting:` settings (dbt_project.yml for refs and `this`, a source and its tables in schema.yml for
// source()) as one quote policy.
import { isPlainObject } from './plain';
import type { QuotePolicy } from './types';

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
