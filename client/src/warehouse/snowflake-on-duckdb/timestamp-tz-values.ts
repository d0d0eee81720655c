// TIMESTAMP_TZ values read back from DuckDB: the layer holds one as a struct of its instant and its encoded offset
// (server/src/core/sql/snowflake-on-duckdb/timestamp-tz.ts); results carry the type TIMESTAMP_TZ and the value's text
// as Snowflake's default TIMESTAMP_TZ_OUTPUT_FORMAT prints it (YYYY-MM-DD HH24:MI:SS.FF3 +HHMM).
import { DuckDBIntervalValue, DuckDBStructValue, DuckDBTimestampTZValue, type DuckDBValue } from '@duckdb/node-api';
import { isTimestampTzStruct } from '../../../../server/src/core/sql/snowflake-on-duckdb/timestamp-tz';

export { isTimestampTzStruct };

const pad = (n: number | bigint, w = 2): string => String(n).padStart(w, '0');

/** The text of a TIMESTAMP_TZ at `utcMicros` (microseconds since the epoch) with its own offset in minutes. */
export function timestampTzText(utcMicros: bigint, offsetMinutes: number): string {
  const local = utcMicros + BigInt(offsetMinutes) * 60_000_000n;
  const ms = local / 1000n - (local % 1000n < 0n ? 1n : 0n);
  const d = new Date(Number(ms));
  const a = Math.abs(offsetMinutes);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)} ` +
    `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}${pad(a % 60)}`
  );
}

/** A TIMESTAMP_TZ struct cell → its instant (microseconds since the epoch) and offset; null stays null. */
export function timestampTzParts(v: DuckDBValue): { utcMicros: bigint; offsetMinutes: number } | null {
  if (v === null) return null;
  if (!(v instanceof DuckDBStructValue)) throw new Error(`A TIMESTAMP_TZ cell is not a struct: ${String(v)}`);
  const utc = v.entries.bz_tz_utc;
  const offset = v.entries.bz_tz_offset;
  if (utc === null || offset === null) return null;
  if (!(utc instanceof DuckDBTimestampTZValue) || !(offset instanceof DuckDBIntervalValue)) throw new Error('A TIMESTAMP_TZ cell has unexpected fields');
  // The offset m is held as the interval (30·m days − m months): see timestamp-tz.ts.
  return { utcMicros: utc.micros, offsetMinutes: Math.trunc(offset.days / 30) };
}

/** A TIMESTAMP_TZ struct cell → its text (null stays null). */
export function timestampTzCell(v: DuckDBValue): string | null {
  const parts = timestampTzParts(v);
  return parts && timestampTzText(parts.utcMicros, parts.offsetMinutes);
}
