// DuckDB values of the types that stand for Snowflake's VARIANT, OBJECT and ARRAY → the plain JS value Snowflake's
// driver gives: JSON text parsed (also inside lists, maps and structs), a MAP (an OBJECT: OBJECT_CONSTRUCT, an OBJECT
// column) as a plain object. Shared by the DuckDB warehouse's rows and the emulator's wire encoding.
import {
  DuckDBArrayValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTypeId,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { toPlainValue } from './values';

/** Whether a column of this type holds JSON somewhere (JSON itself, or a list/map/struct with JSON inside). */
export function holdsSemiStructured(t: DuckDBType): boolean {
  switch (t.typeId) {
    case DuckDBTypeId.VARCHAR:
      return t.alias === 'JSON';
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.MAP:
    case DuckDBTypeId.STRUCT:
      return true;
    default:
      return false;
  }
}

/** Whether reading a value of this type needs semiStructuredValue: JSON or a MAP somewhere inside it. */
export function hasJsonOrMap(t: DuckDBType): boolean {
  switch (t.typeId) {
    case DuckDBTypeId.VARCHAR:
      return t.alias === 'JSON';
    case DuckDBTypeId.MAP:
      return true;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return hasJsonOrMap(t.valueType);
    case DuckDBTypeId.STRUCT:
      return t.entryTypes.some(hasJsonOrMap);
    default:
      return false;
  }
}

/**
 * A VARIANT cell that holds JSON null: a value, unlike SQL NULL (PARSE_JSON('null') IS NULL is false in Snowflake).
 * It serializes as JSON null and reads as `null` text, so displays and JSON output show what Snowflake shows.
 */
export const JSON_NULL: Readonly<{ toJSON(): null; toString(): string }> = Object.freeze({
  toJSON: (): null => null,
  toString: (): string => 'null',
});

/**
 * A result cell of type `t`: as semiStructuredValue, and a VARIANT column's JSON null as JSON_NULL (inside an array
 * or object a JSON null stays `null`, which serializes the same).
 */
export function semiStructuredCell(v: DuckDBValue, t: DuckDBType): unknown {
  if (t.typeId === DuckDBTypeId.VARCHAR && t.alias === 'JSON' && typeof v === 'string' && v.trim() === 'null') return JSON_NULL;
  return semiStructuredValue(v, t);
}

/** The plain value of `v` read as type `t`, JSON parsed and MAPs as objects, recursively. */
export function semiStructuredValue(v: DuckDBValue, t: DuckDBType): unknown {
  if (v === null) return null;
  switch (t.typeId) {
    case DuckDBTypeId.VARCHAR:
      return t.alias === 'JSON' && typeof v === 'string' ? (JSON.parse(v) as unknown) : v;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return v instanceof DuckDBListValue || v instanceof DuckDBArrayValue ? v.items.map((x) => semiStructuredValue(x, t.valueType)) : toPlainValue(v);
    case DuckDBTypeId.MAP:
      return v instanceof DuckDBMapValue
        ? Object.fromEntries(v.entries.map((e) => [String(toPlainValue(e.key)), semiStructuredValue(e.value, t.valueType)]))
        : toPlainValue(v);
    case DuckDBTypeId.STRUCT:
      return v instanceof DuckDBStructValue
        ? Object.fromEntries(t.entryNames.map((name, i) => [name, semiStructuredValue(v.entries[name] ?? null, t.entryTypes[i])]))
        : toPlainValue(v);
    default:
      return toPlainValue(v);
  }
}

/**
 * Whether a result cell (as semiStructuredCell gives it) holds a TIMESTAMP_TZ put in a VARIANT, ARRAY or OBJECT: the
 * twin holds one as its instant and offset (`{"bz_tz_utc": …, "bz_tz_offset": …}`, timestamp-tz.ts), which is no text
 * Snowflake shows (duckdb.ts refuses the statement by name, RESULT_TIMESTAMP_TZ_IN_VARIANT).
 */
export function holdsTimestampTz(cell: unknown): boolean {
  return typeof cell === 'object' && cell !== null && JSON.stringify(cell).includes('"bz_tz_utc":');
}

export const RESULT_TIMESTAMP_TZ_IN_VARIANT =
  'A result VARIANT, ARRAY or OBJECT holding a TIMESTAMP_TZ (the DuckDB target holds it as its instant and offset, not as the value Snowflake shows: put its text in the VARIANT, e.g. TO_VARIANT(ts::VARCHAR))';
