// Checks for the plain values YAML and JSON give (mappings, string-or-list settings), shared by the loader's
// modules so that they all read a setting the same way.

/** A mapping: an object that is not an array (and not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A `tags`-style setting — one string or a list — as a list of its strings (anything else: empty). */
export function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

/**
 * One frozen empty list for the many nodes, columns and configs that have nothing in a list-valued field (tags,
 * dependencies). Frozen, so code that wrongly adds to a shared list fails instead of changing every node.
 */
export const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
