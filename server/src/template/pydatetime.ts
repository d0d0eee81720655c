// Python's `datetime` for templates, as dbt's `modules.datetime` exports it (date, datetime, time, timedelta,
// tzinfo) and `run_started_at`: naive and aware values (pytz zones and fixed offsets, see pytz.ts), strftime and
// strptime, isoformat, astimezone, arithmetic with timedelta and Python's comparisons (a naive value beside an aware
// one, or a date beside a datetime, is Python's TypeError). Naive now()/today()/timestamp() read the machine's zone,
// as Python does.
import type { YamlTimestamp } from '../core/yaml-python-values';
import { PyTzInfo, PyZone, systemZone } from './pytz';
import { formatOffset, strftime, strptime, wallMs, type TimeFields } from './pytime-format';
import { FloatValue, HostValue, JinjaObject, NOT_IMPLEMENTED, type RV } from './values';

const p2 = (n: number) => String(n).padStart(2, '0');
// Microseconds are bigints: a datetime in year 9999 is 2.5e17 µs from the epoch, past a double's exact integers.
const DAY_US = 86_400_000_000n;
const SEC_US = 1_000_000n;
/** Floor division and its non-negative remainder, as Python's divmod. */
const divmod = (a: bigint, b: bigint): [bigint, bigint] => {
  const r = ((a % b) + b) % b;
  return [(a - r) / b, r];
};

export class PyDelta {
  constructor(readonly micros: bigint) {}
  /** Python's (days, seconds, microseconds) normal form: only days may be negative. */
  get parts(): { days: number; seconds: number; microseconds: number } {
    const [days, rest] = divmod(this.micros, DAY_US);
    const [seconds, microseconds] = divmod(rest, SEC_US);
    return { days: Number(days), seconds: Number(seconds), microseconds: Number(microseconds) };
  }
  toString(): string {
    const { days, seconds: rest, microseconds: us } = this.parts;
    const hms = `${Math.floor(rest / 3600)}:${p2(Math.floor((rest % 3600) / 60))}:${p2(rest % 60)}${us ? '.' + String(us).padStart(6, '0') : ''}`;
    return days ? `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${hms}` : hms;
  }
}

export class PyDateTime {
  constructor(
    /** Microseconds since the epoch of the wall-clock time, read as UTC. */
    readonly wallMicros: bigint,
    readonly kind: 'datetime' | 'date',
    /** The tzinfo of an aware datetime; undefined when naive. */
    readonly tz?: PyTzInfo,
  ) {}
  get aware(): boolean {
    return this.tz !== undefined;
  }
  /** The instant in microseconds since the epoch (a naive value read in the machine's zone, as Python does). */
  get utcMicros(): bigint {
    const offset = this.tz ? this.tz.offsetSeconds : systemZone().localize(this.wallMs, false).offsetSeconds;
    return this.wallMicros - BigInt(offset) * SEC_US;
  }
  get wallMs(): number {
    return Number(divmod(this.wallMicros, 1000n)[0]);
  }
  get wall(): Date {
    return new Date(this.wallMs);
  }
  get microsecond(): number {
    return Number(divmod(this.wallMicros, SEC_US)[1]);
  }
  fields(): TimeFields {
    return {
      wall: this.wall,
      microsecond: this.kind === 'date' ? 0 : this.microsecond,
      offsetSeconds: this.tz?.offsetSeconds,
      zoneName: this.tz ? (this.tz.name === null ? '' : this.tz.name) : '',
      zoneLabel: this.tz?.zone ?? '',
    };
  }
  strftime(fmt: string): string {
    return strftime(fmt, this.fields());
  }
  isoformat(sep = 'T'): string {
    if (this.kind === 'date') return this.strftime('%Y-%m-%d');
    return this.strftime(`%Y-%m-%d${sep}%H:%M:%S`) + (this.microsecond ? '.' + this.strftime('%f') : '') + (this.tz ? formatOffset(this.tz.offsetSeconds, ':') : '');
  }
  toString(): string {
    return this.isoformat(' ');
  }
}

function deltaObject(d: PyDelta): JinjaObject {
  return withPy(new JinjaObject(
    {
      ...d.parts,
      total_seconds: () => new FloatValue(Number(d.micros) / 1e6),
    },
    {
      str: () => d.toString(),
      typeName: 'timedelta',
      binary: (op, other, reflected) => {
        const o = pyOf(other);
        if (o instanceof PyDelta) {
          if (op === '+') return deltaObject(new PyDelta(d.micros + o.micros));
          if (op === '-') return deltaObject(new PyDelta(reflected ? o.micros - d.micros : d.micros - o.micros));
          return compare(op, reflected ? o.micros : d.micros, reflected ? d.micros : o.micros);
        }
        if (typeof other === 'number' && op === '*') {
          return deltaObject(new PyDelta(Number.isInteger(other) ? d.micros * BigInt(other) : BigInt(Math.round(Number(d.micros) * other))));
        }
        return NOT_IMPLEMENTED;
      },
      equals: (other) => pyOf(other) instanceof PyDelta && (pyOf(other) as PyDelta).micros === d.micros,
    },
  ), d);
}

function compare(op: string, a: bigint, b: bigint): unknown {
  switch (op) {
    case '<': return a < b;
    case '>': return a > b;
    case '<=': return a <= b;
    case '>=': return a >= b;
    default: return NOT_IMPLEMENTED;
  }
}

const typeLabel = (t: PyDateTime) => `datetime.${t.kind}`;

/** Python's rules for comparing and subtracting two date/datetime values; the instants (or dates) to use. */
function comparable(a: PyDateTime, b: PyDateTime, what: 'compare' | 'subtract'): [bigint, bigint] {
  if (a.kind !== b.kind) {
    if (what === 'subtract') throw new Error(`TypeError: unsupported operand type(s) for -: '${typeLabel(a)}' and '${typeLabel(b)}'`);
    throw new Error(`TypeError: can't compare ${typeLabel(a)} to ${typeLabel(b)}`);
  }
  if (a.aware !== b.aware) throw new Error(`TypeError: can't ${what} offset-naive and offset-aware datetimes`);
  return a.aware ? [a.utcMicros, b.utcMicros] : [a.wallMicros, b.wallMicros];
}

function tzinfoObject(tz: PyTzInfo): JinjaObject {
  return withPy(new JinjaObject(
    {
      ...(tz.owner ? zoneMethods(tz.owner) : {}),
      zone: tz.zone,
      utcoffset: () => deltaObject(new PyDelta(BigInt(tz.offsetSeconds) * SEC_US)),
      tzname: () => tzName(tz),
    },
    { str: () => tz.display, typeName: 'tzinfo', equals: (o) => pyOf(o) === tz },
  ), tz);
}

function tzName(tz: PyTzInfo): string | null {
  if (tz.name === undefined) throw new Error(`tzname(): the abbreviation of time zone '${tz.zone}' is not known to Bronze (ICU names it only by its offset)`);
  return tz.name;
}

export function datetimeObject(t: PyDateTime): JinjaObject {
  const d = t.wall;
  const isDate = t.kind === 'date';
  const make = (wallMicros: bigint, tz: PyTzInfo | undefined) => datetimeObject(new PyDateTime(wallMicros, t.kind, tz));
  const midnight = divmod(t.wallMicros, DAY_US)[0] * DAY_US;
  return withPy(new JinjaObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      ...(isDate
        ? {}
        : {
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: d.getUTCSeconds(),
            microsecond: t.microsecond,
            tzinfo: t.tz ? tzinfoObject(t.tz) : null,
            date: () => datetimeObject(new PyDateTime(midnight, 'date')),
            time: () => timeObject(Number(t.wallMicros - midnight)),
            timestamp: () => new FloatValue(Number(t.utcMicros) / 1e6),
            utcoffset: () => (t.tz ? deltaObject(new PyDelta(BigInt(t.tz.offsetSeconds) * SEC_US)) : null),
            tzname: () => (t.tz ? tzName(t.tz) : null),
            astimezone: (args: unknown[]) => {
              const target = args[0] === undefined || args[0] === null ? systemZone() : zoneArg(args[0], 'astimezone');
              const utcMs = Number(divmod(t.utcMicros, 1000n)[0]);
              const info = target instanceof PyZone ? target.infoAt(utcMs) : target;
              return make(t.utcMicros + BigInt(info.offsetSeconds) * SEC_US, info);
            },
          }),
      strftime: (args: unknown[]) => t.strftime(String(args[0] ?? '')),
      isoformat: (args: unknown[]) => t.isoformat(args[0] === undefined ? 'T' : String(args[0])),
      weekday: () => (d.getUTCDay() + 6) % 7,
      isoweekday: () => d.getUTCDay() || 7,
      toordinal: () => Number(divmod(t.wallMicros, DAY_US)[0]) + 719163,
      replace: (_args: unknown[], kw: Record<string, unknown>) => {
        const field = (k: string, v: number) => (kw[k] === undefined ? v : Number(kw[k]));
        const wall = checkedWall(
          field('year', d.getUTCFullYear()), field('month', d.getUTCMonth() + 1), field('day', d.getUTCDate()),
          field('hour', d.getUTCHours()), field('minute', d.getUTCMinutes()), field('second', d.getUTCSeconds()), field('microsecond', t.microsecond),
        );
        const tz = 'tzinfo' in kw ? (kw.tzinfo == null ? undefined : attachZone(kw.tzinfo)) : t.tz;
        return make(wall, tz);
      },
    },
    {
      str: () => t.toString(),
      typeName: t.kind,
      binary: (op, other, reflected) => {
        const o = pyOf(other);
        if (o instanceof PyDelta) {
          // A date moves by the delta's whole days (Python's date + timedelta ignores its seconds).
          const step = isDate ? divmod(o.micros, DAY_US)[0] * DAY_US : o.micros;
          if (op === '+') return make(t.wallMicros + step, t.tz);
          if (op === '-' && !reflected) return make(t.wallMicros - step, t.tz);
        }
        if (o instanceof PyDateTime) {
          if (op === '-') {
            const [a, b] = reflected ? comparable(o, t, 'subtract') : comparable(t, o, 'subtract');
            return deltaObject(new PyDelta(a - b));
          }
          if (!['<', '>', '<=', '>='].includes(op)) return NOT_IMPLEMENTED;
          const [a, b] = reflected ? comparable(o, t, 'compare') : comparable(t, o, 'compare');
          return compare(op, a, b);
        }
        return NOT_IMPLEMENTED;
      },
      // Python: a date never equals a datetime, nor a naive datetime an aware one.
      equals: (other) => {
        const o = pyOf(other);
        if (!(o instanceof PyDateTime) || o.kind !== t.kind || o.aware !== t.aware) return false;
        return t.aware ? o.utcMicros === t.utcMicros : o.wallMicros === t.wallMicros;
      },
    },
  ), t);
}

function timeObject(micros: number): JinjaObject {
  const s = Math.floor(micros / 1e6);
  const us = micros % 1e6;
  const text = `${p2(Math.floor(s / 3600))}:${p2(Math.floor((s % 3600) / 60))}:${p2(s % 60)}${us ? '.' + String(us).padStart(6, '0') : ''}`;
  return new JinjaObject(
    { hour: Math.floor(s / 3600), minute: Math.floor((s % 3600) / 60), second: s % 60, microsecond: us, tzinfo: null, isoformat: () => text },
    { str: () => text, typeName: 'time' },
  );
}

/** The Python value behind a host object, if any. */
function pyOf(v: unknown): PyDateTime | PyDelta | PyTzInfo | PyZone | undefined {
  return v instanceof JinjaObject ? (v.attrs as { __py?: PyDateTime | PyDelta | PyTzInfo | PyZone }).__py : undefined;
}

/** A zone argument (`astimezone(tz)`): a pytz zone or an attached tzinfo. */
function zoneArg(v: unknown, where: string): PyZone | PyTzInfo {
  const z = pyOf(v);
  if (z instanceof PyTzInfo) return z.owner ?? z;
  if (z instanceof PyZone) return z;
  throw new Error(`TypeError: ${where}() argument 1 must be datetime.tzinfo, not ${typeof v === 'string' ? 'str' : typeof v}`);
}

/** What `tzinfo=x` attaches: a pytz zone its first offset (as pytz does: the local mean time of most zones). */
function attachZone(v: unknown): PyTzInfo {
  const z = zoneArg(v, 'tzinfo');
  return z instanceof PyZone ? z.first() : z;
}

/**
 * Keeps the Python value on the host object (non-enumerable, so templates do not see it). A datetime or date written
 * into JSON (a config's `begin=modules.datetime.datetime(…)` in manifest.json, `ls --output json`) is its isoformat(),
 * as dbt's artifacts write it.
 */
function withPy(o: JinjaObject, py: PyDateTime | PyDelta | PyTzInfo | PyZone): JinjaObject {
  Object.defineProperty(o.attrs, '__py', { value: py, enumerable: false });
  if (py instanceof PyDateTime) Object.defineProperty(o, 'toJSON', { value: () => py.isoformat(), enumerable: false });
  return o;
}

/** A YAML timestamp as PyYAML gives it: a date, a naive datetime, or one with a fixed-offset tzinfo. */
export function yamlTimestampValue(t: YamlTimestamp): RV {
  const tz = t.offsetMinutes === undefined ? undefined : fixedTimezone(t.offsetMinutes * 60);
  return new HostValue(datetimeObject(new PyDateTime(BigInt(Math.round(t.wallMicros)), t.kind, tz)));
}

/** datetime.timezone(timedelta(seconds=…)): str and tzname 'UTC±HH:MM', or 'UTC' for zero. */
function fixedTimezone(offsetSeconds: number): PyTzInfo {
  const label = offsetSeconds === 0 ? 'UTC' : `UTC${formatOffset(offsetSeconds, ':')}`;
  return new PyTzInfo(offsetSeconds, label, label, label);
}

/** An aware UTC datetime at an instant (run_started_at, a microbatch's bounds). */
export function utcDateTime(date: Date): PyDateTime {
  return new PyDateTime(BigInt(date.getTime()) * 1000n, 'datetime', PyZone.utc.first());
}

/** `run_started_at`: an aware UTC datetime. */
export function runStartedAt(date: Date): JinjaObject {
  return datetimeObject(utcDateTime(date));
}

const RANGES: [string, number, number][] = [['month', 1, 12], ['hour', 0, 23], ['minute', 0, 59], ['second', 0, 59], ['microsecond', 0, 999_999]];

/** Wall microseconds for Python's constructor fields, with Python's ValueErrors. */
function checkedWall(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, micro = 0): bigint {
  const values = [year, month, day, hour, minute, second, micro];
  if (values.some((v) => !Number.isInteger(v))) throw new Error('TypeError: integer argument expected');
  if (year < 1 || year > 9999) throw new Error(`ValueError: year ${year} is out of range`);
  for (const [name, lo, hi] of RANGES) {
    const v = { month, hour, minute, second, microsecond: micro }[name]!;
    if (v < lo || v > hi) throw new Error(`ValueError: ${name} must be in ${lo}..${hi}`);
  }
  const ms = wallMs(year, month, day, hour, minute, second);
  if (day < 1 || new Date(ms).getUTCDate() !== day) throw new Error('ValueError: day is out of range for month');
  return BigInt(ms) * 1000n + BigInt(micro);
}

/** Python 3.11's fromisoformat for the forms dbt projects write: a date, a date and time, an offset or Z. */
function fromIso(text: string, kind: 'datetime' | 'date'): PyDateTime {
  const m =
    kind === 'date'
      ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
      : /^(\d{4})-(\d{2})-(\d{2})(?:.(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6})\d*)?)?)?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?$/.exec(text);
  if (!m) throw new Error(`ValueError: Invalid isoformat string: '${text}'`);
  const wall = checkedWall(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ? Number(m[7].padEnd(6, '0')) : 0);
  const zone = m[8];
  if (!zone) return new PyDateTime(wall, kind);
  if (zone === 'Z') return new PyDateTime(wall, kind, fixedTimezone(0));
  const z = /^([+-])(\d{2}):?(\d{2})?:?(\d{2})?/.exec(zone)!;
  if (/\.\d/.test(zone)) throw new Error(`fromisoformat: a UTC offset with fractional seconds ('${zone}') is not supported by Bronze`);
  const s = Number(z[2]) * 3600 + Number(z[3] ?? 0) * 60 + Number(z[4] ?? 0);
  return new PyDateTime(wall, kind, fixedTimezone(z[1] === '-' ? -s : s));
}

/** `modules.datetime`. `now` gives the clock now()/today() read (naive ones in the machine's zone). */
export function datetimeModule(now: () => Date): JinjaObject {
  const timedelta = (args: unknown[], kw: Record<string, unknown>) => {
    const n = (k: string, i: number) => Number(kw[k] ?? args[i] ?? 0);
    // Each unit in whole microseconds (exact for integers), fractions rounded as Python rounds the total.
    const units: [string, number, bigint][] = [['days', 0, DAY_US], ['seconds', 1, SEC_US], ['microseconds', 2, 1n], ['milliseconds', 3, 1000n], ['minutes', 4, 60n * SEC_US], ['hours', 5, 3600n * SEC_US], ['weeks', 6, 7n * DAY_US]];
    let micros = 0n;
    let fraction = 0;
    for (const [k, i, unit] of units) {
      const v = n(k, i);
      const whole = Math.trunc(v);
      micros += BigInt(whole) * unit;
      fraction += (v - whole) * Number(unit);
    }
    return deltaObject(new PyDelta(micros + BigInt(Math.round(fraction))));
  };
  const construct = (kind: 'datetime' | 'date') => (args: unknown[], kw: Record<string, unknown>) => {
    const names = kind === 'date' ? ['year', 'month', 'day'] : ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond', 'tzinfo'];
    for (const k of Object.keys(kw)) if (!names.includes(k)) throw new Error(`TypeError: '${k}' is an invalid keyword argument for ${kind}()`);
    if (args.length > names.length) throw new Error(`TypeError: ${kind}() takes at most ${names.length} arguments (${args.length} given)`);
    const get = (i: number) => (kw[names[i]] !== undefined ? kw[names[i]] : args[i]);
    for (let i = 0; i < 3; i++) if (get(i) === undefined) throw new Error(`TypeError: ${kind}() missing required argument '${names[i]}' (pos ${i + 1})`);
    const num = (i: number) => (get(i) === undefined ? 0 : Number(get(i)));
    const wall = checkedWall(num(0), num(1), num(2), num(3), num(4), num(5), num(6));
    const tz = kind === 'datetime' && get(7) != null ? attachZone(get(7)) : undefined;
    return datetimeObject(new PyDateTime(wall, kind, tz));
  };
  const localNow = (kind: 'datetime' | 'date'): JinjaObject => {
    const utcMs = now().getTime();
    const wall = BigInt(utcMs + systemZone().infoAt(utcMs).offsetSeconds * 1000) * 1000n;
    return datetimeObject(new PyDateTime(kind === 'date' ? divmod(wall, DAY_US)[0] * DAY_US : wall, kind));
  };
  const nowIn = (tz: unknown): JinjaObject => {
    const utcMs = now().getTime();
    const z = zoneArg(tz, 'now');
    const info = z instanceof PyZone ? z.infoAt(utcMs) : z;
    return datetimeObject(new PyDateTime(BigInt(utcMs + info.offsetSeconds * 1000) * 1000n, 'datetime', info));
  };
  const datetime = new JinjaObject(
    {
      now: (a: unknown[], kw: Record<string, unknown>) => {
        const tz = kw.tz ?? a[0];
        return tz == null ? localNow('datetime') : nowIn(tz);
      },
      utcnow: () => datetimeObject(new PyDateTime(BigInt(now().getTime()) * 1000n, 'datetime')),
      today: () => localNow('datetime'),
      fromisoformat: (args: unknown[]) => datetimeObject(fromIso(String(args[0]), 'datetime')),
      strptime: (args: unknown[]) => {
        if (typeof args[0] !== 'string' || typeof args[1] !== 'string') throw new Error('TypeError: strptime() argument 1 and 2 must be str');
        const r = strptime(args[0], args[1]);
        return datetimeObject(new PyDateTime(BigInt(r.wallMs) * 1000n + BigInt(r.microsecond), 'datetime', r.offsetSeconds === undefined ? undefined : fixedTimezone(r.offsetSeconds)));
      },
      combine: (args: unknown[]) => {
        const day = pyOf(args[0]);
        const time = args[1] instanceof JinjaObject ? args[1].attrs : undefined;
        if (!(day instanceof PyDateTime) || !time) throw new Error('TypeError: combine() takes a date and a time');
        const us = ((Number(time.hour) * 60 + Number(time.minute)) * 60 + Number(time.second)) * 1e6 + Number(time.microsecond);
        return datetimeObject(new PyDateTime(divmod(day.wallMicros, DAY_US)[0] * DAY_US + BigInt(us), 'datetime'));
      },
    },
    { call: construct('datetime'), str: () => "<class 'datetime.datetime'>" },
  );
  const date = new JinjaObject(
    {
      today: () => localNow('date'),
      fromisoformat: (args: unknown[]) => datetimeObject(fromIso(String(args[0]), 'date')),
    },
    { call: construct('date'), str: () => "<class 'datetime.date'>" },
  );
  const time = (args: unknown[], kw: Record<string, unknown>) => {
    const names = ['hour', 'minute', 'second', 'microsecond'];
    const v = names.map((k, i) => Number(kw[k] ?? args[i] ?? 0));
    checkedWall(2000, 1, 1, v[0], v[1], v[2], v[3]);
    return timeObject(((v[0] * 60 + v[1]) * 60 + v[2]) * 1e6 + v[3]);
  };
  // dbt exports exactly these five names (dbt-core's get_datetime_module_context); datetime.timezone is not one.
  return new JinjaObject({
    datetime,
    date,
    time: new JinjaObject({}, { call: time, str: () => "<class 'datetime.time'>" }),
    timedelta: new JinjaObject({}, { call: timedelta, str: () => "<class 'datetime.timedelta'>" }),
    tzinfo: new JinjaObject({}, { str: () => "<class 'datetime.tzinfo'>" }),
  });
}

function zoneObject(z: PyZone): JinjaObject {
  return withPy(new JinjaObject(zoneMethods(z), { str: () => z.display, typeName: 'tzinfo', equals: (o) => pyOf(o) === z }), z);
}

/** A pytz zone's own methods (its tzinfo instances have them too). */
function zoneMethods(z: PyZone): Record<string, unknown> {
  return {
      zone: z.display,
      localize: (args: unknown[], kw: Record<string, unknown>) => {
        const t = pyOf(args[0]);
        if (!(t instanceof PyDateTime) || t.kind !== 'datetime') throw new Error('TypeError: localize() takes a datetime');
        if (t.aware) throw new Error('ValueError: Not naive datetime (tzinfo is already set)');
        const flag = 'is_dst' in kw ? kw.is_dst : args[1];
        const info = z.localize(t.wallMs, flag === undefined ? false : flag === null ? null : Boolean(flag));
        return datetimeObject(new PyDateTime(t.wallMicros, 'datetime', info));
      },
      normalize: (args: unknown[]) => {
        const t = pyOf(args[0]);
        if (!(t instanceof PyDateTime) || !t.aware) throw new Error('ValueError: Naive time - no tzinfo set');
        const info = z.infoAt(Number(divmod(t.utcMicros, 1000n)[0]));
        return datetimeObject(new PyDateTime(t.utcMicros + BigInt(info.offsetSeconds) * SEC_US, 'datetime', info));
      },
  };
}

/** `modules.pytz`: the members of pytz.__all__ that templates use. */
export function pytzModule(): JinjaObject {
  const utc = zoneObject(PyZone.utc);
  return new JinjaObject({
    utc,
    timezone: (args: unknown[]) => {
      if (typeof args[0] !== 'string') throw new Error(`UnknownTimeZoneError: ${String(args[0])}`);
      const z = PyZone.named(args[0]);
      return z === PyZone.utc ? utc : zoneObject(z);
    },
    FixedOffset: (args: unknown[]) => {
      const z = PyZone.fixedOffset(Number(args[0]));
      return z === PyZone.utc ? utc : zoneObject(z);
    },
  });
}
