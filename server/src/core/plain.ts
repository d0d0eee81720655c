// Checks for the plain values YAML and JSON give (mappings, string-or-list settings), shared by the loader's
// modules so that they all read a setting the same way.

import { YamlFloat, YamlTimestamp } from './yaml-python-values';

/** A mapping: an object that is not an array (and not null), nor a YAML float or timestamp (scalars in Python). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof YamlFloat) && !(v instanceof YamlTimestamp);
}

/** A `tags`-style setting — one string or a list — as a list of its strings (anything else: empty). */
export function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return [];
}

const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_MAP: Readonly<Record<string, never>> = Object.freeze({});

/**
 * The one frozen empty list shared by the many nodes, columns and configs that have nothing in a list-valued field
 * (tags, hooks, dependencies, graph links). Frozen, so code that wrongly adds to it fails instead of changing every
 * node; typed for whatever list it stands in for, as an empty list is every type of list.
 */
export function noItems<T>(): T[] {
  return EMPTY_LIST as unknown as T[];
}

/** The frozen empty mapping shared the same way (meta of columns and configs that set none). */
export function noFields(): Record<string, unknown> {
  return EMPTY_MAP as Record<string, unknown>;
}

export const NO_STRINGS: string[] = noItems<string>();

/**
 * `items` without spare capacity. An array built by push, spread or filter keeps room to grow (~150 bytes for a
 * one-item list), and a 10,000-model project holds hundreds of thousands of such lists (fqn, tags, hooks,
 * depends_on) for the life of the load.
 */
export function exact<T>(items: T[]): T[] {
  return items.length === 0 ? noItems<T>() : items.slice();
}
