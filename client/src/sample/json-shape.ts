// The shape of the JSON a VARIANT (or JSON-holding text) column must have for the models' paths to find values:
// `metadata:"cws-license-id"::varchar` reads a key of an object, `payload:card.brand` a nested one, `items[0]` and
// FLATTEN(input => items) an array. Values generated without these keys make every path read NULL, and a model that
// filters on one (`where metadata:plan is not null`) drops every row.
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { kindFromName, type ValueKind } from './column-kinds';

export interface JsonShape {
  /** An object with these keys (case kept: Snowflake's element names are case-sensitive). */
  fields?: Record<string, JsonShape>;
  /** An array of elements of this shape. */
  items?: JsonShape;
  /** A scalar: the kind a cast after the path asks for (`::timestamp`), else the key's name suggests. */
  leaf?: ValueKind;
}

/** One step of a path: an object key, or `[]` for an array element. */
export type PathStep = { key: string } | { index: true };

/**
 * The path that follows a column at token `at` (the token after the column: `:` or `[`), and the index of the
 * first token after it. `col:a.b`, `col:"a-b"`, `col['a']`, `col[0]:c`.
 */
export function pathAfter(tokens: SqlToken[], at: number): { steps: PathStep[]; end: number } {
  const steps: PathStep[] = [];
  let i = at;
  for (;;) {
    const t = tokens[i];
    const key = tokens[i + 1];
    if ((t?.text === ':' || (t?.text === '.' && steps.length > 0)) && key && (key.kind === 'ident' || key.kind === 'quoted')) {
      steps.push({ key: key.text });
      i += 2;
    } else if (t?.text === '[' && tokens[i + 2]?.text === ']' && (key?.kind === 'number' || key?.kind === 'string')) {
      steps.push(key.kind === 'number' ? { index: true } : { key: key.text.slice(1, -1).replace(/''/g, "'") });
      i += 3;
    } else break;
  }
  return { steps, end: i };
}

/** Adds a path (and what its end holds) to a shape. */
export function addPath(shape: JsonShape, steps: readonly PathStep[], end: JsonShape): void {
  let node = shape;
  for (const step of steps) {
    if ('index' in step) node = node.items ??= {};
    else node = (node.fields ??= {})[step.key] ??= {};
  }
  if (end.items) node.items ??= end.items;
  if (end.leaf && !node.fields && !node.items) node.leaf ??= end.leaf;
}

/** One shape holding every path of the given ones (the first leaf kind said of a key wins). */
export function mergeShapes(shapes: ReadonlyArray<JsonShape | undefined>): JsonShape | undefined {
  let out: JsonShape | undefined;
  const into = (a: JsonShape, b: JsonShape): void => {
    for (const [k, v] of Object.entries(b.fields ?? {})) into(((a.fields ??= {})[k] ??= {}), v);
    if (b.items) into((a.items ??= {}), b.items);
    if (b.leaf && !a.leaf) a.leaf = b.leaf;
  };
  for (const s of shapes) if (s) into((out ??= {}), s);
  return out;
}

/** Whether a shape says anything beyond "some JSON". */
export function hasShape(shape: JsonShape | undefined): shape is JsonShape {
  return shape !== undefined && (shape.fields !== undefined || shape.items !== undefined);
}

/**
 * A DuckDB expression building JSON of this shape for one row; `hash(n)` is a non-negative BIGINT expression
 * that differs for each n (the row's own hash under another salt), so every leaf varies from row to row.
 */
export function jsonSql(shape: JsonShape, hash: (n: number) => string, anchor: string, days: number): string {
  let next = 0;
  const build = (s: JsonShape, key: string): string => {
    if (s.fields) {
      const parts = Object.entries(s.fields).map(([k, v]) => `${sqlString(k)}, ${build(v, k)}`);
      return `json_object(${parts.join(', ')})`;
    }
    // Two elements: enough for FLATTEN to give each row more than one, and for `[1]` to find one.
    if (s.items) return `json_array(${build(s.items, key)}, ${build(s.items, key)})`;
    const h = hash(next++);
    // An element (or document) nothing reads into: an object, as a JSON column without paths gets.
    if (!s.leaf && key === '') return `json_object('id', CAST(${h} % 100000 AS INTEGER), 'value', CAST(${h} % 1000 AS INTEGER))`;
    switch (s.leaf ?? kindFromName(key)) {
      case 'integer':
        return `CAST(${h} % 1000 AS INTEGER)`;
      case 'decimal':
      case 'float':
        return `ROUND((${h} % 1000000) / 100.0, 2)`;
      case 'boolean':
        return `(${h} % 2 = 0)`;
      case 'date':
        return `strftime(DATE '${anchor.slice(0, 10)}' - CAST(${h} % ${Math.max(1, days)} AS INTEGER), '%Y-%m-%d')`;
      case 'timestamp':
      case 'timestamp_tz':
        return `strftime(TIMESTAMP '${anchor}' - to_seconds(CAST(${h} % ${Math.max(1, days * 86400)} AS BIGINT)), '%Y-%m-%d %H:%M:%S')`;
      default:
        // Ids vary as keys do; other text repeats a few values, as categories do.
        return `${sqlString(`${key}_`)} || CAST(${h} % ${/id$/i.test(key) ? 1000 : 5} AS VARCHAR)`;
    }
  };
  return build(shape, '');
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
