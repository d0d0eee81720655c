// Canonical cells and the comparison of an actual result with a case's documented one. Shared by the DuckDB-target
// runner and the emulator suite, so both judge a result the same way.
import { isDeepStrictEqual } from 'node:util';
import { snowflakeTypeName } from '../../snowflake-emulator/encode';
import type { Cell, ConformanceCase, ExpectedColumn, ExpectedRows, SnowflakeType } from './case';

export interface ActualColumn {
  type: SnowflakeType | string;
  scale?: number;
  /** The column's name as the result gives it; when a runner supplies it, a case's `columns` are compared. */
  name?: string;
}

export interface ActualResult {
  columns: ActualColumn[];
  rows: Cell[][];
}

export type Outcome = 'PASS' | 'KNOWN-UNSUPPORTED' | 'FAIL';

export interface Verdict {
  id: string;
  construct: string;
  outcome: Outcome;
  /** FAIL only: 'silent' = a result that differs from Snowflake's (the worst kind); 'error' = a raw engine error. */
  failKind?: 'silent' | 'error';
  detail?: string;
}

/** A DuckDB column type (as QueryResult reports it) → Snowflake's type, through the emulator's DESCRIBE mapping. */
export function snowflakeColumnOf(duckType: string): ActualColumn {
  const name = snowflakeTypeName(duckType === 'JSON' ? 'JSON' : duckType);
  const num = /^NUMBER\((\d+),(\d+)\)$/.exec(name);
  if (num) return { type: 'NUMBER', scale: Number(num[2]) };
  const base = name.replace(/\(.*$/, '');
  return { type: base };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** 'YYYY-MM-DD HH:MI:SS.FFF' of a Date in UTC (TIMESTAMP_NTZ). */
export function ntzText(d: Date): string {
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
  );
}

/** The UTC offset in minutes of `timeZone` at `d`. */
function offsetMinutes(d: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(d);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60000);
}

/** 'YYYY-MM-DD HH:MI:SS.FFF +HHMM' of an instant shown in `timeZone` (TIMESTAMP_LTZ / _TZ). */
export function tzText(d: Date, timeZone: string): string {
  return textAtOffset(d, offsetMinutes(d, timeZone));
}

/** 'YYYY-MM-DD HH:MI:SS.FFF +HHMM' of an instant shown at a UTC offset of `off` minutes. */
function textAtOffset(d: Date, off: number): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${ntzText(new Date(d.getTime() + off * 60000))} ${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/** DuckDB's BLOB text (`\xAB` escapes, printable bytes as themselves) → upper-case hex. */
function blobHex(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\\' && text[i + 1] === 'x') {
      bytes.push(parseInt(text.slice(i + 2, i + 4), 16));
      i += 4;
    } else bytes.push(text.charCodeAt(i++));
  }
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** A plain value from the DuckDB warehouse (QueryResult row) → its canonical cell for `col`. */
export function canonicalFromDuckDb(v: unknown, col: ActualColumn, timeZone: string): Cell {
  if (v === null || v === undefined) return null;
  switch (col.type) {
    case 'NUMBER': {
      const scale = col.scale ?? 0;
      if (typeof v === 'bigint') return scale ? `${v}` : Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
      const n = Number(v);
      if (scale === 0) return Number.isSafeInteger(n) ? n : String(v);
      return n.toFixed(scale);
    }
    case 'FLOAT':
      return Number(v);
    case 'BOOLEAN':
      return Boolean(v);
    case 'DATE':
      return String(v);
    case 'TIME':
      return String(v);
    case 'TIMESTAMP_NTZ':
      return v instanceof Date ? ntzText(v) : String(v);
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return v instanceof Date ? tzText(v, timeZone) : String(v);
    case 'VARIANT':
    case 'OBJECT':
    case 'ARRAY':
      return JSON.stringify(v);
    case 'BINARY':
      return blobHex(String(v));
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

function parseJson(text: string): unknown {
  try {
    return sortKeys(JSON.parse(text));
  } catch {
    return { unparsable: text };
  }
}

/** TIME text with trailing fractional zeros dropped ('10:00:00.500000' → '10:00:00.5'). */
const timeKey = (s: string): string => s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

/** Whether an actual cell equals the expected one, read as a value of `type`. */
export function cellEquals(actual: Cell, expected: Cell, type: string | undefined): boolean {
  if (actual === null || expected === null) return actual === expected;
  if (type === 'VARIANT' || type === 'OBJECT' || type === 'ARRAY') {
    return isDeepStrictEqual(parseJson(String(actual)), parseJson(String(expected)));
  }
  if (type === 'FLOAT' || (typeof expected === 'number' && typeof actual === 'number')) {
    const a = Number(actual);
    const e = Number(expected);
    if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
    if (a === e) return true;
    return type === 'FLOAT' && Math.abs(a - e) <= 1e-12 * Math.max(Math.abs(a), Math.abs(e));
  }
  if (type === 'TIME') return timeKey(String(actual)) === timeKey(String(expected));
  if (typeof expected === 'number' && typeof actual === 'string') return actual === String(expected);
  return actual === expected;
}

/** Whether the statement's outermost query has ORDER BY (parenthesised groups, e.g. windows, do not count). */
export function hasTopLevelOrderBy(sql: string): boolean {
  let flat = sql.replace(/'(?:[^']|'')*'/g, "''");
  let prev = '';
  while (prev !== flat) {
    prev = flat;
    flat = flat.replace(/\([^()]*\)/g, ' ');
  }
  return /\border\s+by\b/i.test(flat);
}

const rowKey = (row: Cell[]): string => JSON.stringify(row);

/** Compares `actual` with the expectation; undefined when they agree, else what differs. */
export function compareRows(c: ConformanceCase, expect: ExpectedRows, actual: ActualResult): string | undefined {
  const width = expect.rows[0]?.length ?? expect.types?.length;
  if (width !== undefined && actual.columns.length !== width) {
    return `expected ${width} column(s), got ${actual.columns.length}`;
  }
  if (expect.columns && actual.columns.every((c) => c.name !== undefined)) {
    const names = actual.columns.map((c) => c.name);
    if (!isDeepStrictEqual(names, expect.columns)) return `column names ${JSON.stringify(names)} where Snowflake gives ${JSON.stringify(expect.columns)}`;
  }
  if (expect.types) {
    for (let i = 0; i < expect.types.length; i++) {
      const e: ExpectedColumn = expect.types[i];
      const a = actual.columns[i];
      if (a.type !== e.type) return `column ${i + 1}: type ${a.type} where Snowflake gives ${e.type}`;
      if (e.type === 'NUMBER' && e.scale !== undefined && a.scale !== e.scale) {
        return `column ${i + 1}: NUMBER scale ${a.scale} where Snowflake gives ${e.scale}`;
      }
    }
  }
  if (actual.rows.length !== expect.rows.length) {
    return `expected ${expect.rows.length} row(s), got ${actual.rows.length}: ${JSON.stringify(actual.rows.slice(0, 5))}`;
  }
  const types = actual.columns.map((col, i) => expect.types?.[i]?.type ?? col.type);
  const same = (a: Cell[], e: Cell[]): boolean => a.length === e.length && a.every((x, i) => cellEquals(x, e[i], types[i]));
  const ordered = expect.ordered ?? hasTopLevelOrderBy(c.sql);
  if (ordered) {
    for (let r = 0; r < expect.rows.length; r++) {
      if (!same(actual.rows[r], expect.rows[r])) {
        return `row ${r + 1}: got ${rowKey(actual.rows[r])}, Snowflake gives ${rowKey(expect.rows[r])}`;
      }
    }
    return undefined;
  }
  const left = [...actual.rows];
  for (const e of expect.rows) {
    const k = left.findIndex((a) => same(a, e));
    if (k < 0) return `row ${rowKey(e)} missing; got ${JSON.stringify(actual.rows.slice(0, 8))}`;
    left.splice(k, 1);
  }
  return undefined;
}

/** The Bronze message for a construct the DuckDB target cannot run exactly. */
export const UNSUPPORTED = /not supported on the DuckDB target/;

/** A Snowflake driver column type ('NUMBER(38,2)', 'TIMESTAMP_LTZ', …) → the case's type and scale. */
export function snowflakeColumnOfDriver(type: string): ActualColumn {
  const num = /^NUMBER\((\d+),(\d+)\)$/.exec(type);
  return num ? { type: 'NUMBER', scale: Number(num[2]) } : { type: type.replace(/\(.*$/, '') };
}

/** The driver's TIME value, the time on 1970-01-01 UTC as ISO text ('1970-01-01T08:50:48Z') → 'HH:MI:SS[.F…]'. */
function driverTimeText(v: unknown): string {
  const iso = /^1970-01-01T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)Z$/.exec(String(v));
  return iso ? iso[1] : String(v);
}

/** A value as Bronze's Snowflake warehouse (the snowflake-sdk) returns it → its canonical cell for `col`. */
export function canonicalFromDriver(v: unknown, col: ActualColumn, timeZone: string): Cell {
  if (v === null || v === undefined) return null;
  switch (col.type) {
    case 'DATE':
      return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    case 'BINARY':
      return Buffer.isBuffer(v) ? v.toString('hex').toUpperCase() : String(v);
    case 'VARIANT':
    case 'OBJECT':
    case 'ARRAY':
      return typeof v === 'string' && col.type !== 'VARIANT' ? v : JSON.stringify(v);
    case 'TIME':
      return driverTimeText(v);
    case 'TIMESTAMP_TZ': {
      // The driver's TIMESTAMP_TZ is a Date that also carries the value's own offset (getTimezone(), in minutes).
      const off = (v as { getTimezone?: () => unknown }).getTimezone?.();
      return v instanceof Date && typeof off === 'number' ? textAtOffset(v, off) : canonicalFromDuckDb(v, col, timeZone);
    }
    default:
      return canonicalFromDuckDb(v, col, timeZone);
  }
}
