// DuckDB values → plain JS values for QueryResult rows: numbers when exact (else exact text), Dates for timestamps,
// 'YYYY-MM-DD' strings for dates, arrays/objects for nested types, strings for everything else.
import {
  DuckDBArrayValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

const dateFromMicros = (micros: bigint): Date => new Date(Number(micros / 1000n));

export function toPlainValue(v: DuckDBValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
  }
  if (v instanceof DuckDBDecimalValue) return decimalValue(v);
  if (v instanceof DuckDBTimestampValue || v instanceof DuckDBTimestampTZValue) {
    return v.isFinite ? dateFromMicros(v.micros) : v.toString();
  }
  if (v instanceof DuckDBTimestampMillisecondsValue) return new Date(Number(v.millis));
  if (v instanceof DuckDBTimestampSecondsValue) return new Date(Number(v.seconds) * 1000);
  if (v instanceof DuckDBTimestampNanosecondsValue) return new Date(Number(v.nanos / 1000000n));
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(toPlainValue);
  if (v instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, toPlainValue(x)]));
  }
  if (v instanceof DuckDBMapValue) return v.entries.map((e) => ({ key: toPlainValue(e.key), value: toPlainValue(e.value) }));
  return v.toString();
}

/**
 * A DECIMAL as a JS number when the number reads back as the same decimal, else its exact text: a number would
 * silently drop digits (9203306159527282910 read back as …283000). Up to 15 significant digits always survive a double.
 */
function decimalValue(v: DuckDBDecimalValue): number | string {
  const number = v.toDouble();
  const text = v.toString();
  const written = String(number);
  // Exponent notation (below 1e-6, from 1e21) is not compared digit by digit: the 15-digit rule decides.
  if (/e/i.test(written)) return (v.value < 0n ? -v.value : v.value) < 10n ** 15n ? number : text;
  const canonical = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return written === canonical || (number === 0 && /^-?0$/.test(canonical)) ? number : text;
}
