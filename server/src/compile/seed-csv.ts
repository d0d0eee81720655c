// Reading a seed CSV the way dbt does: Python's csv module (excel dialect, a configurable delimiter) through
// agate, with dbt's type tester (dbt-common agate_helper.build_type_tester). Types are tried in dbt's order —
// Integer, Number, Date, DateTime, ISO datetime, Boolean, Text — and a column keeps the first type every one
// of its cells casts to. Integer only accepts Python ints, so CSV text never lands there: whole numbers are
// Number, and the adapter makes a Number column `integer` when no value has decimal places (agate's
// MaxPrecision), else `float8`. Empty cells and `null` (any case, trimmed) are NULL.
import { BronzeError, type SourceLocation } from '../core/types';

export type SeedKind = 'integer' | 'float' | 'date' | 'datetime' | 'boolean' | 'text';

/** One cell after agate's cast: what goes into the INSERT. */
export type SeedValue =
  | null
  | { kind: 'number'; text: string }
  | { kind: 'date'; text: string }
  | { kind: 'datetime'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'text'; value: string };

export interface SeedColumn {
  name: string;
  kind: SeedKind;
  /** Set when `column_types` names the column: its cells are read as text and the warehouse casts them. */
  override?: string;
}

export interface SeedTable {
  columns: SeedColumn[];
  rows: SeedValue[][];
}

export interface ReadSeedOptions {
  delimiter?: string;
  /** The `column_types` config: these columns are text to agate and get the given SQL type. */
  columnTypes?: Record<string, string>;
  /** The CSV file, for errors. */
  file: string;
}

const UTF8_BOM = '\ufeff';

function at(file: string, line: number): SourceLocation {
  return { file, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

/**
 * Python's csv.reader (excel dialect, strict off) over text already in universal-newline form. Returns each
 * record with the 0-based line it starts on. A blank line is a record with no fields, as in Python.
 */
export function parseCsvRecords(text: string, delimiter: string): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  let i = 0;
  let line = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    if (text[i] === '\n') {
      out.push({ fields, line: startLine });
      i++;
      line++;
      continue;
    }
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) break;
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        // Non-strict: what follows the closing quote up to the delimiter is kept.
        while (i < n && text[i] !== delimiter && text[i] !== '\n') field += text[i++];
      } else {
        let end = i;
        while (end < n && text[end] !== delimiter && text[end] !== '\n') end++;
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        if (i >= n || text[i] === '\n') {
          fields.push('');
          break;
        }
        continue;
      }
      break;
    }
    out.push({ fields, line: startLine });
    if (i < n && text[i] === '\n') {
      i++;
      line++;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// agate's casts, one per type. Each returns undefined when the text does not cast (agate's CastError).

const NULLS = new Set(['null', '']);
const isNull = (s: string) => NULLS.has(s.trim().toLowerCase());

/** agate's default currency symbols, stripped from both ends of a number. */
const CURRENCY = ['؋', '$', 'ƒ', '៛', '¥', '₡', '₱', '£', '€', '¢', '﷼', '₪', '₩', '₭', '₮', '₦', '฿', '₤', '₫'];

/** A Python Decimal: sign, coefficient digits and exponent, or a special value. */
export interface PyDecimal {
  negative: boolean;
  /** Coefficient digits without leading zeros ('0' for zero); undefined for NaN/Infinity. */
  digits?: string;
  exponent: number;
  special?: 'nan' | 'inf';
}

function stripChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a])) a++;
  while (b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/** Python's `Decimal(str)`: whitespace trimmed, underscores ignored, Inf/Infinity/NaN in any case. */
export function parsePyDecimal(raw: string): PyDecimal | undefined {
  const s = raw.trim().replace(/_/g, '');
  const m = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/.exec(s);
  if (m) {
    const whole = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    const exponent = Number(m[5] ?? '0') - frac.length;
    const digits = (whole + frac).replace(/^0+(?=\d)/, '');
    return { negative: m[1] === '-', digits, exponent };
  }
  const sp = /^([+-]?)(inf|infinity|nan\d*)$/i.exec(s);
  if (sp) return { negative: sp[1] === '-', exponent: 0, special: sp[2].toLowerCase().startsWith('nan') ? 'nan' : 'inf' };
  return undefined;
}

/** Python's decimal context rounds every arithmetic result (agate multiplies by the sign) to 28 digits, half-even. */
function roundTo28(d: PyDecimal): PyDecimal {
  if (d.digits === undefined || d.digits.length <= 28) return d;
  const keep = d.digits.slice(0, 28);
  const rest = d.digits.slice(28);
  const first = rest[0];
  const tail = rest.slice(1);
  const up = first > '5' || (first === '5' && (/[1-9]/.test(tail) || Number(keep[27]) % 2 === 1));
  let digits = keep;
  let exponent = d.exponent + rest.length;
  if (up) {
    const bumped = (BigInt(keep) + 1n).toString();
    if (bumped.length > 28) {
      digits = bumped.slice(0, 28);
      exponent += 1;
    } else digits = bumped;
  }
  return { ...d, digits, exponent };
}

const CURRENCY_SET = new Set(CURRENCY);
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d*)?$/;
const MAY_BE_NUMBER = /\d|inf|nan/i;

/** agate's Number.cast (dbt's subclass) on CSV text. */
export function castNumber(text: string): PyDecimal | null | undefined {
  let d = text.trim();
  if (NULLS.has(d.toLowerCase())) return null;
  // Most cells are plain decimals (read the same with or without agate's stripping) or plainly not numbers.
  if (PLAIN_NUMBER.test(d)) return roundTo28(parsePyDecimal(d)!);
  if (!MAY_BE_NUMBER.test(d)) return undefined;
  d = stripChars(d, '%');
  let negative = false;
  if (d.length > 0 && d[0] === '-') {
    d = d.slice(1);
    negative = true;
  }
  // agate strips each symbol in turn from both ends; only a string that starts or ends with one can change.
  if (d.length > 0 && (CURRENCY_SET.has(d[0]) || CURRENCY_SET.has(d[d.length - 1]))) for (const symbol of CURRENCY) d = stripChars(d, symbol);
  d = d.replace(/,/g, '');
  const parsed = parsePyDecimal(d);
  // sNaN and anything else Decimal refuses is not a number.
  if (!parsed) return undefined;
  const signed = { ...parsed, negative: parsed.negative !== negative };
  return roundTo28(signed);
}

/** Decimal.normalize() exponent: trailing zeros of the coefficient moved into the exponent. */
function normalizedExponent(d: PyDecimal): number {
  const digits = d.digits ?? '0';
  if (/^0+$/.test(digits)) return 0;
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  return d.exponent + trailing;
}

/** agate's MaxPrecision over a column's numbers (NaN and infinities skipped), with its 28-digit clamp. */
export function maxPrecision(values: PyDecimal[]): number {
  let maxWhole = 1;
  let maxDecimal = 0;
  for (const v of values) {
    if (v.special) continue;
    const digits = (v.digits ?? '0').replace(/0+$/, '') || '0';
    const places = -normalizedExponent(v);
    const whole = digits.length - places;
    if (whole > maxWhole) maxWhole = whole;
    if (places > maxDecimal) maxDecimal = places;
  }
  if (maxWhole + maxDecimal > 28) maxDecimal = 28 - maxWhole;
  return maxDecimal;
}

/** A Decimal as a SQL numeric literal with the same value (plain digits while reasonably short). */
export function decimalLiteral(d: PyDecimal): string {
  const sign = d.negative ? '-' : '';
  const digits = d.digits ?? '0';
  if (d.exponent >= 0) {
    if (digits.length + d.exponent > 40) return `${sign}${digits}e${d.exponent}`;
    return /^0+$/.test(digits) ? '0' : `${sign}${digits}${'0'.repeat(d.exponent)}`;
  }
  const places = -d.exponent;
  if (places > 60) return `${sign}${digits}e${d.exponent}`;
  const padded = digits.padStart(places + 1, '0');
  const text = `${padded.slice(0, padded.length - places)}.${padded.slice(padded.length - places)}`;
  return /^[0.]+$/.test(text) ? '0' : `${sign}${text}`;
}

const pad = (v: number, w = 2) => String(v).padStart(w, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

// Python strptime's directives: %Y four digits, %m/%d one or two (%d also ' 1'), %H/%M/%S one or two.
const STRPTIME_DATE = '(\\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])';
const DATE_RE = new RegExp(`^${STRPTIME_DATE}$`, 'i');
const DATETIME_RE = new RegExp(`^${STRPTIME_DATE} (2[0-3]|[0-1]\\d|\\d):([0-5]\\d|\\d):(6[0-1]|[0-5]\\d|\\d)$`, 'i');

/** agate's Date.cast with dbt's `%Y-%m-%d`: the date as `YYYY-MM-DD`. */
export function castDate(text: string): string | null | undefined {
  const d = text.trim();
  if (NULLS.has(d.toLowerCase())) return null;
  const m = DATE_RE.exec(d);
  if (!m) return undefined;
  const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3].trim())];
  return validDate(y, mo, da) ? `${pad(y, 4)}-${pad(mo)}-${pad(da)}` : undefined;
}

/** agate's DateTime.cast with dbt's `%Y-%m-%d %H:%M:%S`. */
export function castDateTime(text: string): string | null | undefined {
  const d = text.trim();
  if (NULLS.has(d.toLowerCase())) return null;
  const m = DATETIME_RE.exec(d);
  if (!m) return undefined;
  const [y, mo, da, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3].trim()), Number(m[4]), Number(m[5]), Number(m[6])];
  // datetime() refuses second 60/61 that strptime's pattern lets through.
  if (!validDate(y, mo, da) || s > 59) return undefined;
  return `${pad(y, 4)}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
}

function isoDate(s: string): { y: number; m: number; d: number } | undefined {
  let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  if (m && (s.length === 8 || s.length === 10) && (s.length === 8 || (s[4] === '-' && s[7] === '-'))) {
    const r = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
    return validDate(r.y, r.m, r.d) ? r : undefined;
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), 1) ? { y: Number(m[1]), m: Number(m[2]), d: 1 } : undefined;
  m = /^(\d{4})-?W(\d{2})(?:-?(\d))?$/.exec(s);
  if (m) {
    const [y, w, dow] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '1')];
    if (w < 1 || w > 53 || dow < 1 || dow > 7) return undefined;
    // ISO week 1 holds January 4th.
    const jan4 = new Date(Date.UTC(y, 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000);
    const day = new Date(monday.getTime() + ((w - 1) * 7 + (dow - 1)) * 86400000);
    return { y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate() };
  }
  m = /^(\d{4})-?(\d{3})$/.exec(s);
  if (m) {
    const [y, ord] = [Number(m[1]), Number(m[2])];
    const day = new Date(Date.UTC(y, 0, ord));
    if (ord < 1 || day.getUTCFullYear() !== y) return undefined;
    return { y, m: day.getUTCMonth() + 1, d: day.getUTCDate() };
  }
  return undefined;
}

function isoTime(s: string): { h: number; mi: number; sec: number; micro: number } | undefined {
  // The zone (Z, ±hh, ±hhmm, ±hh:mm) is dropped: the seed's column is a timestamp without time zone, which keeps
  // the wall-clock time as written.
  const body = s.replace(/(?:Z|[+-]\d{2}(?::?\d{2})?)$/, '');
  const m = /^(\d{2})(?::?(\d{2})(?::?(\d{2}))?)?(?:[.,](\d+))?$/.exec(body);
  if (!m) return undefined;
  const [h, mi, sec] = [Number(m[1]), Number(m[2] ?? '0'), Number(m[3] ?? '0')];
  const extended = body.includes(':');
  if (extended && m[2] !== undefined && m[3] !== undefined && !/^\d{2}:\d{2}:\d{2}/.test(body)) return undefined;
  if (h > 23 || mi > 59 || sec > 59) return undefined;
  // A fraction belongs to the last unit written; microseconds are kept (truncated), as isodate does.
  const frac = m[4] ? Number(`0.${m[4]}`) : 0;
  const unitSeconds = m[3] !== undefined ? 1 : m[2] !== undefined ? 60 : 3600;
  const totalMicro = Math.floor(frac * unitSeconds * 1e6 + 1e-6);
  const total = (h * 3600 + mi * 60 + sec) * 1e6 + totalMicro;
  const micro = total % 1e6;
  const secs = Math.floor(total / 1e6);
  return { h: Math.floor(secs / 3600), mi: Math.floor((secs % 3600) / 60), sec: secs % 60, micro };
}

/** dbt's ISODateTime.cast (isodate.parse_datetime): a date and a time joined by `T`. */
export function castIsoDateTime(text: string): string | null | undefined {
  const d = text.trim();
  if (NULLS.has(d.toLowerCase())) return null;
  const parts = d.split('T');
  if (parts.length !== 2) return undefined;
  const date = isoDate(parts[0]);
  const time = isoTime(parts[1]);
  if (!date || !time) return undefined;
  const frac = time.micro ? `.${pad(time.micro, 6)}` : '';
  return `${pad(date.y, 4)}-${pad(date.m)}-${pad(date.d)} ${pad(time.h)}:${pad(time.mi)}:${pad(time.sec)}${frac}`;
}

/** agate's Boolean.cast with dbt's true/false values: commas dropped, trimmed, any case. */
export function castBoolean(text: string): boolean | null | undefined {
  const d = text.replace(/,/g, '').trim().toLowerCase();
  if (NULLS.has(d)) return null;
  if (d === 'true') return true;
  if (d === 'false') return false;
  return undefined;
}

type Tester = (text: string) => unknown;
const TESTERS: [SeedKind | 'number' | 'isodatetime', Tester][] = [
  ['number', castNumber],
  ['date', castDate],
  ['datetime', castDateTime],
  ['isodatetime', castIsoDateTime],
  ['boolean', castBoolean],
];

/** The column's agate type: the first of dbt's types every present cell casts to. */
function inferColumn(cells: (string | undefined)[]): 'integer' | 'number' | 'date' | 'datetime' | 'isodatetime' | 'boolean' | 'text' {
  // dbt's Integer type casts only Python ints, never CSV text: it survives only when no cell was tested.
  if (cells.every((c) => c === undefined)) return 'integer';
  const alive = new Set(TESTERS.map(([k]) => k));
  for (const cell of cells) {
    if (cell === undefined) continue;
    for (const [kind, test] of TESTERS) if (alive.has(kind) && test(cell) === undefined) alive.delete(kind);
    if (alive.size === 0) return 'text';
  }
  for (const [kind] of TESTERS) if (alive.has(kind)) return kind as 'number' | 'date' | 'datetime' | 'isodatetime' | 'boolean';
  return 'text';
}

/** Reads a seed file's text into typed columns and cell values, or throws a BronzeError at the offending line. */
export function readSeed(rawText: string, options: ReadSeedOptions): SeedTable {
  const delimiter = options.delimiter ?? ',';
  if ([...delimiter].length !== 1) {
    throw new BronzeError(`The seed's delimiter must be one character, got ${JSON.stringify(delimiter)}.`, at(options.file, 0), 'bronze/seed-config');
  }
  let text = rawText.startsWith(UTF8_BOM) ? rawText.slice(1) : rawText;
  // Python opens the file with universal newlines: \r\n and \r read as \n, inside quotes too.
  text = text.replace(/\r\n?/g, '\n');
  const records = parseCsvRecords(text, delimiter);
  if (records.length === 0) throw new BronzeError('The seed file is empty: it needs a header row naming its columns.', at(options.file, 0), 'bronze/seed-csv');
  const header = records[0].fields;
  const names: string[] = [];
  for (const raw of header) {
    // agate renames a repeated column name `name_2`, `name_3`, ….
    let name = raw;
    for (let k = 2; names.includes(name); k++) name = `${raw}_${k}`;
    names.push(name);
  }
  const columnTypes = options.columnTypes ?? {};
  for (const key of Object.keys(columnTypes)) {
    if (!names.includes(key)) {
      throw new BronzeError(
        `column_types names '${key}', which is not a column of this seed (its columns: ${names.join(', ')}). Column names match the CSV header exactly.`,
        at(options.file, 0),
        'bronze/seed-config',
      );
    }
  }
  const body = records.slice(1);
  for (const r of body) {
    if (r.fields.length > names.length) {
      throw new BronzeError(
        `Row ${r.line + 1} has ${r.fields.length} values, but the header names ${names.length} columns.`,
        at(options.file, r.line),
        'bronze/seed-csv',
      );
    }
  }
  type AgateKind = ReturnType<typeof inferColumn>;
  const agateKinds: AgateKind[] = [];
  const columns: SeedColumn[] = names.map((name, i) => {
    const override = columnTypes[name];
    if (override !== undefined) {
      agateKinds.push('text');
      return { name, kind: 'text', override: String(override) };
    }
    const kind = inferColumn(body.map((r) => r.fields[i]));
    agateKinds.push(kind);
    if (kind !== 'number') return { name, kind: kind === 'isodatetime' ? 'datetime' : kind };
    const numbers = body.map((r) => (r.fields[i] === undefined ? null : castNumber(r.fields[i]))).filter((v): v is PyDecimal => !!v);
    return { name, kind: maxPrecision(numbers) ? 'float' : 'integer' };
  });
  const rows: SeedValue[][] = body.map((r) =>
    columns.map((col, i) => {
      const cell = r.fields[i];
      return cell === undefined ? null : castCell(cell, agateKinds[i], col, options.file, r.line);
    }),
  );
  return { columns, rows };
}

function castCell(cell: string, agate: string, col: SeedColumn, file: string, line: number): SeedValue {
  switch (agate) {
    case 'integer':
    case 'number': {
      const v = castNumber(cell);
      if (!v) return null;
      if (v.special) {
        // Snowflake has no literal for these in a NUMBER or FLOAT column written as dbt writes the value.
        throw new BronzeError(
          `Column '${col.name}' holds ${JSON.stringify(cell.trim())} on line ${line + 1}, which dbt reads as a number but the warehouse cannot load as one. Set column_types: {${col.name}: float} to load it as a FLOAT, or fix the value.`,
          at(file, line),
          'bronze/seed-csv',
        );
      }
      return { kind: 'number', text: decimalLiteral(v) };
    }
    case 'date': {
      const v = castDate(cell);
      return v ? { kind: 'date', text: v } : null;
    }
    case 'datetime': {
      const v = castDateTime(cell);
      return v ? { kind: 'datetime', text: v } : null;
    }
    case 'isodatetime': {
      const v = castIsoDateTime(cell);
      return v ? { kind: 'datetime', text: v } : null;
    }
    case 'boolean': {
      const v = castBoolean(cell);
      return v === null || v === undefined ? null : { kind: 'boolean', value: v };
    }
    default:
      // agate's Text keeps the cell as written; only a blank or `null` cell is NULL.
      return isNull(cell) ? null : { kind: 'text', value: cell };
  }
}
