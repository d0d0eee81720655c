// DuckDB result → Snowflake JSON result: rowtype metadata and the string encodings the Node driver parses
// (numbers as text, booleans "1"/"0", dates as days since epoch, timestamps as "epochSeconds.fraction").
import {
  DuckDBDecimalType,
  DuckDBTypeId,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { hasJsonOrMap, semiStructuredValue } from '../../client/src/warehouse/snowflake-on-duckdb/semi-structured-values';
import { isTimestampTzStruct, timestampTzParts } from '../../client/src/warehouse/snowflake-on-duckdb/timestamp-tz-values';

export type SnowflakeWireType =
  | 'fixed'
  | 'real'
  | 'text'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp_ntz'
  | 'timestamp_ltz'
  | 'timestamp_tz'
  | 'variant'
  | 'object'
  | 'array'
  | 'binary';

export interface RowType {
  name: string;
  database: string;
  schema: string;
  table: string;
  type: SnowflakeWireType;
  scale: number | null;
  precision: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  collation: null;
}

export interface WireResult {
  rowtype: RowType[];
  rowset: (string | null)[][];
}

const VARCHAR_MAX = 16777216;
const BINARY_MAX = 8388608;

export function column(name: string, type: SnowflakeWireType, opts: Partial<RowType> = {}): RowType {
  const base: RowType = {
    name,
    database: '',
    schema: '',
    table: '',
    type,
    scale: null,
    precision: null,
    length: null,
    byteLength: null,
    nullable: true,
    collation: null,
  };
  if (type === 'fixed') Object.assign(base, { precision: 38, scale: 0 });
  if (type === 'text' || type === 'variant' || type === 'object' || type === 'array') {
    Object.assign(base, { length: VARCHAR_MAX, byteLength: VARCHAR_MAX });
  }
  if (type === 'binary') Object.assign(base, { length: BINARY_MAX, byteLength: BINARY_MAX });
  if (type === 'time' || type === 'timestamp_ntz' || type === 'timestamp_ltz' || type === 'timestamp_tz') Object.assign(base, { scale: 9, precision: 0 });
  return { ...base, ...opts };
}

/** The rowtype a DuckDB column type maps to. */
export function rowTypeFor(name: string, t: DuckDBType): RowType {
  switch (t.typeId) {
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return column(name, 'fixed');
    case DuckDBTypeId.DECIMAL: {
      const d = t as DuckDBDecimalType;
      return column(name, 'fixed', { precision: d.width, scale: d.scale });
    }
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return column(name, 'real');
    case DuckDBTypeId.BOOLEAN:
      return column(name, 'boolean');
    case DuckDBTypeId.DATE:
      return column(name, 'date');
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
      return column(name, 'time');
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return column(name, 'timestamp_ntz');
    case DuckDBTypeId.TIMESTAMP_TZ:
      return column(name, 'timestamp_ltz');
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return column(name, 'array');
    case DuckDBTypeId.STRUCT:
      // The layer's TIMESTAMP_TZ (an instant and its offset) is a struct on DuckDB.
      return column(name, isTimestampTzStruct(t.toString()) ? 'timestamp_tz' : 'object');
    case DuckDBTypeId.MAP:
      return column(name, 'object');
    case DuckDBTypeId.BLOB:
      return column(name, 'binary');
    case DuckDBTypeId.VARCHAR:
      return column(name, t.alias === 'JSON' ? 'variant' : 'text');
    default:
      return column(name, 'text');
  }
}

/** Snowflake's type text for DESCRIBE TABLE, from a DuckDB type string (as information_schema reports it). */
export function snowflakeTypeName(duckType: string): string {
  const t = duckType.trim().toUpperCase();
  const dec = /^(?:DECIMAL|NUMERIC)\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return `NUMBER(${dec[1]},${dec[2]})`;
  if (/^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'NUMBER(38,0)';
  if (t === 'DOUBLE' || t === 'FLOAT' || t === 'REAL') return 'FLOAT';
  if (t === 'VARCHAR' || t.startsWith('VARCHAR(') || t === 'UUID') return 'VARCHAR(16777216)';
  if (t === 'BOOLEAN') return 'BOOLEAN';
  if (t === 'DATE') return 'DATE';
  if (t === 'TIME') return 'TIME(9)';
  if (t === 'TIMESTAMP WITH TIME ZONE' || t === 'TIMESTAMPTZ') return 'TIMESTAMP_LTZ(9)';
  if (t === 'TIMESTAMP_TZ' || isTimestampTzStruct(duckType)) return 'TIMESTAMP_TZ(9)';
  if (t.startsWith('TIMESTAMP')) return 'TIMESTAMP_NTZ(9)';
  if (t === 'JSON') return 'VARIANT';
  if (t.endsWith('[]') || /\[\d+\]$/.test(t)) return 'ARRAY';
  if (t.startsWith('STRUCT') || t.startsWith('MAP')) return 'OBJECT';
  if (t === 'BLOB') return 'BINARY(8388608)';
  return t;
}

/** `micros` as an exact decimal number of seconds with 9 fractional digits, e.g. -500000n → "-0.500000000". */
function microsToSeconds(micros: bigint): string {
  const neg = micros < 0n;
  const abs = neg ? -micros : micros;
  const sec = abs / 1000000n;
  const frac = (abs % 1000000n).toString().padStart(6, '0');
  return `${neg ? '-' : ''}${sec}.${frac}000`;
}

function nanosToSeconds(nanos: bigint): string {
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  return `${neg ? '-' : ''}${abs / 1000000000n}.${(abs % 1000000000n).toString().padStart(9, '0')}`;
}

function formatReal(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

function encodeValue(v: DuckDBValue, t: DuckDBType, json: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return v ? '1' : '0';
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return formatReal(v as number);
    case DuckDBTypeId.DATE:
      return String((v as { days: number }).days);
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return microsToSeconds((v as { micros: bigint }).micros);
    case DuckDBTypeId.TIMESTAMP_S:
      return `${(v as { seconds: bigint }).seconds}.000000000`;
    case DuckDBTypeId.TIMESTAMP_MS:
      return microsToSeconds((v as { millis: bigint }).millis * 1000n);
    case DuckDBTypeId.TIMESTAMP_NS:
      return nanosToSeconds((v as { nanos: bigint }).nanos);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      if (isTimestampTzStruct(t.toString())) return timestampTzWire(v);
      // An OBJECT (a MAP) is a JSON object; JSON inside lists and structs is the JSON value, not its text.
      return JSON.stringify(hasJsonOrMap(t) ? semiStructuredValue(v, t) : json);
    case DuckDBTypeId.BLOB:
      // Upper-case hex, as Snowflake sends BINARY values.
      return Buffer.from((v as { bytes: Uint8Array }).bytes).toString('hex').toUpperCase();
    default:
      return String(v);
  }
}

/** TIMESTAMP_TZ on the wire: "epochSeconds.fraction offsetIndex", the index being the offset in minutes + 1440. */
function timestampTzWire(v: DuckDBValue): string | null {
  const parts = timestampTzParts(v);
  return parts && `${microsToSeconds(parts.utcMicros)} ${parts.offsetMinutes + 1440}`;
}

const NESTED = new Set<DuckDBTypeId>([DuckDBTypeId.LIST, DuckDBTypeId.ARRAY, DuckDBTypeId.STRUCT, DuckDBTypeId.MAP]);

/** Encodes a fully read DuckDB result. `names` are the (already Snowflake-cased) column names. */
export function encodeReader(reader: DuckDBResultReader, names: string[]): WireResult {
  const types = reader.columnTypes();
  const rows = reader.getRows();
  const needJson = types.some((t) => NESTED.has(t.typeId));
  const jsonRows = needJson ? reader.getRowsJson() : [];
  const rowset = rows.map((row, r) =>
    row.map((v, c) => encodeValue(v, types[c], needJson ? (jsonRows[r] as unknown[])[c] : undefined)),
  );
  return { rowtype: types.map((t, i) => rowTypeFor(names[i], t)), rowset };
}

/** A result made of given columns and already-encoded rows (for intercepted statements). */
export function literalResult(cols: RowType[], rows: (string | number | boolean | null)[][]): WireResult {
  return {
    rowtype: cols,
    rowset: rows.map((r) =>
      r.map((v, i) => {
        if (v === null) return null;
        if (typeof v === 'boolean') return v ? '1' : '0';
        if (cols[i].type === 'timestamp_ltz' && typeof v === 'number') return microsToSeconds(BigInt(v) * 1000n);
        return String(v);
      }),
    ),
  };
}
