// PyYAML reads some plain scalars as Python values JavaScript has no primitive for: a float whose value is whole
// (`5.0` is a float in Python, printed "5.0"; the JS number 5 prints "5") and a timestamp (`2024-01-01` is a
// datetime.date, printed "2024-01-01"; a JS Date prints an ISO instant). The YAML reader gives these objects so that
// templates see what dbt's see (a var, a meta value, a test argument); JSON gets dbt's encoding through toJSON. The
// parse cache stores no file holding one (not plain JSON data), so a cached read never differs from a fresh one.

/** A YAML float with a whole value (`5.0`, `1.0e+3`, `!!float 2`). Arithmetic and JSON see the number. */
export class YamlFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
  /** Python's repr of the float. */
  toString(): string {
    return floatRepr(this.value);
  }
}

/** Python's repr() of a float: the shortest text that reads back, `.0` on whole values, exponents of two digits. */
export function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0.0';
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  if (Number.isInteger(n)) return n.toFixed(1);
  return String(n);
}

/**
 * A YAML timestamp: a date, or a datetime that is naive (no zone written) or carries the offset it was written
 * with (PyYAML keeps that offset: `10:00:00+02:00` prints as written, not converted to UTC).
 */
export class YamlTimestamp {
  constructor(
    /** Microseconds since the epoch of the written wall-clock time, read as UTC. */
    readonly wallMicros: number,
    readonly kind: 'date' | 'datetime',
    /** Minutes east of UTC; undefined for a date or a naive datetime. */
    readonly offsetMinutes: number | undefined,
  ) {}

  /** Python's isoformat (dbt's JSON encoder writes dates and datetimes this way). */
  isoformat(sep = 'T'): string {
    const d = new Date(Math.floor(this.wallMicros / 1000));
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const day = `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
    if (this.kind === 'date') return day;
    const us = ((this.wallMicros % 1e6) + 1e6) % 1e6;
    const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}${us ? `.${p(us, 6)}` : ''}`;
    const off = this.offsetMinutes;
    const zone = off === undefined ? '' : `${off < 0 ? '-' : '+'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
    return `${day}${sep}${time}${zone}`;
  }
  toJSON(): string {
    return this.isoformat('T');
  }
  /** The instant as a JS Date (a date or naive datetime read as UTC; sub-millisecond digits dropped). */
  toDate(): Date {
    return new Date(Math.floor(this.wallMicros / 1000) - (this.offsetMinutes ?? 0) * 60_000);
  }
  /** Python's str(). */
  toString(): string {
    return this.isoformat(' ');
  }
}

const YAML_KEYS = Symbol('bronze.yamlKeys');

/** One entry of a YAML mapping as PyYAML reads it: its key's Python value, and the property JavaScript holds it under. */
export type YamlKey = readonly [key: unknown, property: string];

/**
 * A JavaScript object holds every key as text, integer-like texts first: a YAML mapping's `1:` becomes the property
 * "1", where PyYAML gives the int 1 (`var('thresholds')[1]`), and `{b: .., 2: .., 1: ..}` is listed 1, 2, b where
 * Python keeps the written order. The reader attaches the keys as written (a hidden property, so every other reader
 * sees the object as before) to a mapping whose keys this changes; templates read them (values.ts fromJs). JSON
 * drops them: the parse cache stores no file holding one (jsonSafe).
 */
export function attachYamlKeys(obj: object, keys: readonly YamlKey[]): void {
  Object.defineProperty(obj, YAML_KEYS, { value: keys, enumerable: false, configurable: true });
}

export function yamlKeys(obj: object): readonly YamlKey[] | undefined {
  return (obj as { [YAML_KEYS]?: readonly YamlKey[] })[YAML_KEYS];
}
