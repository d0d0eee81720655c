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
