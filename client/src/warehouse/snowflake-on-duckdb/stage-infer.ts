// INFER_SCHEMA over CSV files on the local twin: each column's name (the header line with PARSE_HEADER = TRUE, else
// C1, C2, …; upper-cased with IGNORE_CASE => TRUE) and the narrowest Snowflake type every value of it reads as:
// NUMBER(p, s) sized to the digits seen, REAL for exponent notation, BOOLEAN, DATE, TIME, TIMESTAMP_NTZ,
// TIMESTAMP_TZ (an offset or Z), else TEXT. Columns come in file order (ORDER_ID), a column only some files hold last.
import type { CsvFormat, CsvRecord } from './stage-files';

type Kind = 'int' | 'dec' | 'real' | 'bool' | 'date' | 'time' | 'ntz' | 'tz' | 'text';

interface Seen {
  name: string;
  kind?: Kind;
  intDigits: number;
  scale: number;
}

const TIME = '\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?';
const DATE = '\\d{4}-\\d{2}-\\d{2}';

function kindOf(v: string): { kind: Kind; intDigits: number; scale: number } {
  const t = v.trim();
  let m = /^[+-]?(\d+)$/.exec(t);
  if (m) return { kind: 'int', intDigits: m[1].replace(/^0+(?=\d)/, '').length, scale: 0 };
  m = /^[+-]?(\d*)\.(\d*)$/.exec(t);
  if (m && (m[1] || m[2])) return { kind: 'dec', intDigits: m[1].replace(/^0+/, '').length, scale: m[2].length };
  if (/^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(t)) return { kind: 'real', intDigits: 0, scale: 0 };
  if (/^(true|false)$/i.test(t)) return { kind: 'bool', intDigits: 0, scale: 0 };
  if (new RegExp(`^${DATE}$`).test(t)) return { kind: 'date', intDigits: 0, scale: 0 };
  if (new RegExp(`^${TIME}$`).test(t)) return { kind: 'time', intDigits: 0, scale: 0 };
  if (new RegExp(`^${DATE}[ T]${TIME}$`).test(t)) return { kind: 'ntz', intDigits: 0, scale: 0 };
  if (new RegExp(`^${DATE}[ T]${TIME} ?(?:Z|[+-]\\d{2}(?::?\\d{2})?)$`).test(t)) return { kind: 'tz', intDigits: 0, scale: 0 };
  return { kind: 'text', intDigits: 0, scale: 0 };
}

/** The kind two values share: numbers widen to decimals, dates to timestamps, anything else to text. */
function merge(a: Kind | undefined, b: Kind): Kind {
  if (a === undefined || a === b) return b;
  const pair = new Set([a, b]);
  if ([...pair].every((k) => k === 'int' || k === 'dec')) return 'dec';
  if ([...pair].every((k) => k === 'int' || k === 'dec' || k === 'real')) return 'real';
  if ([...pair].every((k) => k === 'date' || k === 'ntz')) return 'ntz';
  return 'text';
}

function typeOf(s: Seen): string {
  switch (s.kind) {
    case 'int':
    case 'dec': {
      const precision = Math.max(1, s.intDigits + s.scale);
      return precision > 38 ? 'REAL' : `NUMBER(${precision}, ${s.scale})`;
    }
    case 'real':
      return 'REAL';
    case 'bool':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'ntz':
      return 'TIMESTAMP_NTZ';
    case 'tz':
      return 'TIMESTAMP_TZ';
    default:
      return 'TEXT';
  }
}

/** The columns INFER_SCHEMA gives for these files' records, in ORDER_ID order. */
export function inferColumns(files: Array<{ name: string; records: CsvRecord[] }>, format: CsvFormat, ignoreCase: boolean): Array<{ name: string; type: string }> {
  const columns: Seen[] = [];
  const byKey = new Map<string, Seen>();
  for (const f of files) {
    const records = [...f.records];
    const header = format.parseHeader ? (records.shift()?.fields ?? []) : undefined;
    const body = format.parseHeader ? records : records.slice(format.skipHeader);
    const width = header ? header.length : Math.max(0, ...body.map((r) => r.fields.length));
    const slots: Seen[] = [];
    for (let i = 0; i < width; i++) {
      const raw = header ? (header[i] ?? `C${i + 1}`) : `C${i + 1}`;
      const name = ignoreCase ? raw.toUpperCase() : raw;
      let seen = byKey.get(name);
      if (!seen) {
        seen = { name, intDigits: 0, scale: 0 };
        byKey.set(name, seen);
        columns.push(seen);
      }
      slots.push(seen);
    }
    for (const r of body) {
      r.fields.forEach((v, i) => {
        const s = slots[i];
        if (!s || v === null) return;
        const k = kindOf(v);
        s.kind = merge(s.kind, k.kind);
        s.intDigits = Math.max(s.intDigits, k.intDigits);
        s.scale = Math.max(s.scale, k.scale);
      });
    }
  }
  return columns.map((s) => ({ name: s.name, type: typeOf(s) }));
}
