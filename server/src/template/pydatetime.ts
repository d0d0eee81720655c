// A small Python `datetime` for templates: run_started_at and modules.datetime (datetime, date, timedelta),
// with strftime/isoformat, arithmetic with timedelta and comparisons. Times are UTC; microseconds are kept.
import type { YamlTimestamp } from '../core/yaml-python-values';
import { HostValue, JinjaObject, NOT_IMPLEMENTED, StringValue, type RV } from './values';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** Microseconds since the epoch, UTC. */
type Micros = number;

export class PyDelta {
  constructor(readonly micros: number) {}
  toString(): string {
    const total = Math.trunc(this.micros / 1e6);
    const days = Math.floor(total / 86400);
    const rest = total - days * 86400;
    const us = ((this.micros % 1e6) + 1e6) % 1e6;
    const hms = `${Math.floor(rest / 3600)}:${p2(Math.floor((rest % 3600) / 60))}:${p2(rest % 60)}${us ? '.' + String(us).padStart(6, '0') : ''}`;
    return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${hms}` : hms;
  }
}

export class PyDateTime {
  constructor(
    readonly micros: Micros,
    readonly kind: 'datetime' | 'date',
    readonly aware: boolean,
  ) {}
  get date(): Date {
    return new Date(Math.floor(this.micros / 1000));
  }
  get microsecond(): number {
    return ((this.micros % 1e6) + 1e6) % 1e6;
  }
  strftime(fmt: string): string {
    const d = this.date;
    const h = d.getUTCHours();
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    const doy = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - start) / 86400000) + 1;
    return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
      switch (c) {
        case 'Y': return String(d.getUTCFullYear()).padStart(4, '0');
        case 'y': return p2(d.getUTCFullYear() % 100);
        case 'm': return p2(d.getUTCMonth() + 1);
        case 'd': return p2(d.getUTCDate());
        case 'H': return p2(h);
        case 'I': return p2(h % 12 || 12);
        case 'p': return h < 12 ? 'AM' : 'PM';
        case 'M': return p2(d.getUTCMinutes());
        case 'S': return p2(d.getUTCSeconds());
        case 'f': return String(this.microsecond).padStart(6, '0');
        case 'b': return MONTHS[d.getUTCMonth()].slice(0, 3);
        case 'B': return MONTHS[d.getUTCMonth()];
        case 'a': return DAYS[d.getUTCDay()].slice(0, 3);
        case 'A': return DAYS[d.getUTCDay()];
        case 'w': return String(d.getUTCDay());
        case 'j': return String(doy).padStart(3, '0');
        case 'z': return this.aware ? '+0000' : '';
        case 'Z': return this.aware ? 'UTC' : '';
        case '%': return '%';
        default: return m;
      }
    });
  }
  isoformat(sep = 'T'): string {
    if (this.kind === 'date') return this.strftime('%Y-%m-%d');
    return this.strftime(`%Y-%m-%d${sep}%H:%M:%S`) + (this.microsecond ? '.' + this.strftime('%f') : '') + (this.aware ? '+00:00' : '');
  }
  toString(): string {
    return this.isoformat(' ');
  }
}

function deltaObject(d: PyDelta): JinjaObject {
  const days = Math.floor(d.micros / 86400e6);
  const rest = d.micros - days * 86400e6;
  return withPy(new JinjaObject(
    {
      days,
      seconds: Math.floor(rest / 1e6),
      microseconds: rest % 1e6,
      total_seconds: () => d.micros / 1e6,
    },
    {
      str: () => d.toString(),
      typeName: 'timedelta',
      binary: (op, other, reflected) => {
        const o = other instanceof JinjaObject ? other.attrs.__py : undefined;
        if (o instanceof PyDelta) {
          if (op === '+') return deltaObject(new PyDelta(d.micros + o.micros));
          if (op === '-') return deltaObject(new PyDelta(reflected ? o.micros - d.micros : d.micros - o.micros));
          return compare(op, reflected ? o.micros : d.micros, reflected ? d.micros : o.micros);
        }
        if (typeof other === 'number' && op === '*') return deltaObject(new PyDelta(d.micros * other));
        return NOT_IMPLEMENTED;
      },
      equals: (other) => other instanceof JinjaObject && other.attrs.__py instanceof PyDelta && other.attrs.__py.micros === d.micros,
    },
  ), d);
}

function compare(op: string, a: number, b: number): unknown {
  switch (op) {
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    default: return NOT_IMPLEMENTED;
  }
}

export function datetimeObject(t: PyDateTime): JinjaObject {
  const d = t.date;
  return withPy(new JinjaObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: t.kind === 'date' ? 0 : d.getUTCHours(),
      minute: t.kind === 'date' ? 0 : d.getUTCMinutes(),
      second: t.kind === 'date' ? 0 : d.getUTCSeconds(),
      microsecond: t.kind === 'date' ? 0 : t.microsecond,
      tzinfo: t.aware ? 'UTC' : null,
      strftime: (args: unknown[]) => t.strftime(String(args[0] ?? '')),
      isoformat: (args: unknown[]) => t.isoformat(args[0] === undefined ? 'T' : String(args[0])),
      date: () => datetimeObject(new PyDateTime(Math.floor(t.micros / 86400e6) * 86400e6, 'date', false)),
      timestamp: () => t.micros / 1e6,
      weekday: () => (d.getUTCDay() + 6) % 7,
      isoweekday: () => d.getUTCDay() || 7,
      replace: (_args: unknown[], kw: Record<string, unknown>) => {
        const n = new Date(d.getTime());
        if (kw.year !== undefined) n.setUTCFullYear(Number(kw.year));
        if (kw.month !== undefined) n.setUTCMonth(Number(kw.month) - 1);
        if (kw.day !== undefined) n.setUTCDate(Number(kw.day));
        if (kw.hour !== undefined) n.setUTCHours(Number(kw.hour));
        if (kw.minute !== undefined) n.setUTCMinutes(Number(kw.minute));
        if (kw.second !== undefined) n.setUTCSeconds(Number(kw.second));
        const us = kw.microsecond !== undefined ? Number(kw.microsecond) : t.microsecond;
        return datetimeObject(new PyDateTime(Math.floor(n.getTime() / 1000) * 1e6 + us, t.kind, kw.tzinfo === null ? false : t.aware));
      },
    },
    {
      str: () => t.toString(),
      typeName: t.kind,
      binary: (op, other, reflected) => {
        const o = other instanceof JinjaObject ? other.attrs.__py : undefined;
        if (o instanceof PyDelta) {
          if (op === '+') return datetimeObject(new PyDateTime(t.micros + o.micros, t.kind, t.aware));
          if (op === '-' && !reflected) return datetimeObject(new PyDateTime(t.micros - o.micros, t.kind, t.aware));
        }
        if (o instanceof PyDateTime) {
          if (op === '-') return deltaObject(new PyDelta(reflected ? o.micros - t.micros : t.micros - o.micros));
          return compare(op, reflected ? o.micros : t.micros, reflected ? t.micros : o.micros);
        }
        return NOT_IMPLEMENTED;
      },
      equals: (other) => other instanceof JinjaObject && other.attrs.__py instanceof PyDateTime && other.attrs.__py.micros === t.micros,
    },
  ), t);
}

/** Keeps the Python value on the host object (non-enumerable, so templates do not see it). */
function withPy(o: JinjaObject, py: PyDateTime | PyDelta): JinjaObject {
  Object.defineProperty(o.attrs, '__py', { value: py, enumerable: false });
  return o;
}

function fromDate(date: Date, kind: 'datetime' | 'date', aware: boolean): JinjaObject {
  const ms = kind === 'date' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) : date.getTime();
  return datetimeObject(new PyDateTime(ms * 1000, kind, aware));
}

/**
 * A YAML timestamp as the template value PyYAML's would be: a date or naive datetime, or an aware one in UTC. An
 * offset other than UTC has no form here (times are UTC), so it is the text Python prints for it.
 */
export function yamlTimestampValue(t: YamlTimestamp): RV {
  if (t.offsetMinutes !== undefined && t.offsetMinutes !== 0) return new StringValue(t.toString());
  return new HostValue(datetimeObject(new PyDateTime(t.wallMicros, t.kind, t.offsetMinutes === 0)));
}

/** `run_started_at`: an aware UTC datetime. */
export function runStartedAt(date: Date): JinjaObject {
  return fromDate(date, 'datetime', true);
}

function parseIso(text: string, kind: 'datetime' | 'date'): JinjaObject {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) throw new Error(`Invalid isoformat string: '${text}'`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  const us = m[7] ? Number(m[7].padEnd(6, '0')) : 0;
  return datetimeObject(new PyDateTime(ms * 1000 + us, kind, !!m[8]));
}

/** `modules.datetime`. `now` gives the clock used by datetime.now()/date.today(). */
export function datetimeModule(now: () => Date): JinjaObject {
  const timedelta = (args: unknown[], kw: Record<string, unknown>) => {
    const n = (k: string, i: number) => Number(kw[k] ?? args[i] ?? 0);
    const micros =
      n('days', 0) * 86400e6 + n('seconds', 1) * 1e6 + n('microseconds', 2) + n('milliseconds', 3) * 1e3 + n('minutes', 4) * 60e6 + n('hours', 5) * 3600e6 + n('weeks', 6) * 7 * 86400e6;
    return deltaObject(new PyDelta(Math.round(micros)));
  };
  const construct = (kind: 'datetime' | 'date') => (args: unknown[], kw: Record<string, unknown>) => {
    const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
    const v = names.map((k, i) => Number(kw[k] ?? args[i] ?? (i < 3 ? NaN : 0)));
    if (v.slice(0, 3).some(Number.isNaN)) throw new Error(`${kind}() requires year, month and day`);
    return datetimeObject(new PyDateTime(Date.UTC(v[0], v[1] - 1, v[2], v[3], v[4], v[5]) * 1000 + v[6], kind, kind === 'datetime' && kw.tzinfo != null));
  };
  const datetime = new JinjaObject(
    {
      now: (_a: unknown[], kw: Record<string, unknown>) => fromDate(now(), 'datetime', kw.tz != null),
      utcnow: () => fromDate(now(), 'datetime', false),
      today: () => fromDate(now(), 'datetime', false),
      fromisoformat: (args: unknown[]) => parseIso(String(args[0]), 'datetime'),
      strptime: (args: unknown[]) => parseIso(String(args[0]), 'datetime'),
    },
    { call: construct('datetime'), str: () => "<class 'datetime.datetime'>" },
  );
  const date = new JinjaObject(
    {
      today: () => fromDate(now(), 'date', false),
      fromisoformat: (args: unknown[]) => parseIso(String(args[0]), 'date'),
    },
    { call: construct('date'), str: () => "<class 'datetime.date'>" },
  );
  return new JinjaObject({
    datetime,
    date,
    timedelta: new JinjaObject({}, { call: timedelta, str: () => "<class 'datetime.timedelta'>" }),
    timezone: new JinjaObject({ utc: 'UTC' }),
  });
}
