// Python's strftime (the C library's directives as glibc prints them, in the C locale) and strptime (Python's own
// _strptime), for templates.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const pad = (n: number, w = 2, fill = '0') => String(n).padStart(w, fill);

/** Milliseconds of a wall time read as UTC (Date.UTC would read years 0–99 as 1900–1999). */
export function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** The fields strftime reads: a wall time (UTC fields of `wall`), its microseconds and its zone. */
export interface TimeFields {
  wall: Date;
  microsecond: number;
  /** Offset east of UTC in seconds; undefined when naive. */
  offsetSeconds: number | undefined;
  /** tzname(): '' when naive or the tzinfo has none; undefined when Bronze cannot know it. */
  zoneName: string | undefined;
  zoneLabel: string;
}

export function formatOffset(seconds: number, sep: string): string {
  const sign = seconds < 0 ? '-' : '+';
  const s = Math.abs(seconds);
  const hms = [pad(Math.floor(s / 3600)), pad(Math.floor((s % 3600) / 60))];
  if (s % 60) hms.push(pad(s % 60));
  return sign + hms.join(sep);
}

/** ISO 8601 week: the week (Monday first) holding the year's first Thursday is week 1. */
function isoWeek(d: Date): { year: number; week: number } {
  const thursday = new Date(d.getTime());
  thursday.setUTCHours(0, 0, 0, 0);
  thursday.setUTCDate(thursday.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3);
  const jan1 = new Date(0);
  jan1.setUTCFullYear(thursday.getUTCFullYear(), 0, 1);
  return { year: thursday.getUTCFullYear(), week: 1 + Math.floor((thursday.getTime() - jan1.getTime()) / 86_400_000 / 7) };
}

function dayOfYear(d: Date): number {
  return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

export function strftime(fmt: string, t: TimeFields): string {
  const d = t.wall;
  const h = d.getUTCHours();
  const weekday = (d.getUTCDay() + 6) % 7;
  const directive = (c: string): string => {
    switch (c) {
      case 'Y': return pad(d.getUTCFullYear(), 4);
      case 'y': return pad(d.getUTCFullYear() % 100);
      case 'C': return pad(Math.floor(d.getUTCFullYear() / 100));
      case 'm': return pad(d.getUTCMonth() + 1);
      case 'd': return pad(d.getUTCDate());
      case 'e': return pad(d.getUTCDate(), 2, ' ');
      case 'H': return pad(h);
      case 'k': return pad(h, 2, ' ');
      case 'I': return pad(h % 12 || 12);
      case 'l': return pad(h % 12 || 12, 2, ' ');
      case 'p': return h < 12 ? 'AM' : 'PM';
      case 'M': return pad(d.getUTCMinutes());
      case 'S': return pad(d.getUTCSeconds());
      case 'f': return pad(t.microsecond, 6);
      case 'b': case 'h': return MONTHS[d.getUTCMonth()].slice(0, 3);
      case 'B': return MONTHS[d.getUTCMonth()];
      case 'a': return DAYS[weekday].slice(0, 3);
      case 'A': return DAYS[weekday];
      case 'w': return String(d.getUTCDay());
      case 'u': return String(weekday + 1);
      case 'j': return pad(dayOfYear(d), 3);
      case 'U': return pad(Math.floor((dayOfYear(d) - 1 - d.getUTCDay() + 7) / 7));
      case 'W': return pad(Math.floor((dayOfYear(d) - 1 - weekday + 7) / 7));
      case 'V': return pad(isoWeek(d).week);
      case 'G': return pad(isoWeek(d).year, 4);
      case 'g': return pad(isoWeek(d).year % 100);
      case 'D': return strftime('%m/%d/%y', t);
      case 'F': return strftime('%Y-%m-%d', t);
      case 'T': return strftime('%H:%M:%S', t);
      case 'R': return strftime('%H:%M', t);
      case 'r': return strftime('%I:%M:%S %p', t);
      case 'c': return strftime('%a %b %e %H:%M:%S %Y', t);
      case 'x': return strftime('%m/%d/%y', t);
      case 'X': return strftime('%H:%M:%S', t);
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
      case 'z': return t.offsetSeconds === undefined ? '' : formatOffset(t.offsetSeconds, '');
      case 'Z':
        if (t.zoneName === undefined) throw new Error(`strftime('%Z'): the abbreviation of time zone '${t.zoneLabel}' is not known to Bronze (ICU names it only by its offset)`);
        return t.zoneName;
      default:
        // glibc prints a directive it does not know as written, and Python passes the format to it.
        return `%${c}`;
    }
  };
  return fmt.replace(/%(.?)/gs, (_m, c: string) => {
    if (c === '') throw new Error("strftime: a format ending in a lone '%' is not supported by Bronze");
    return directive(c);
  });
}

/** What strptime read: wall-clock fields, and the offset when the format has %z. */
export interface Parsed {
  wallMs: number;
  microsecond: number;
  offsetSeconds: number | undefined;
}

const NUM: Record<string, string> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '(\\d{1,6})',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  y: '(\\d\\d)',
  Y: '(\\d\\d\\d\\d)',
  z: '([+-]\\d\\d:?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?|Z)',
};
const names = (list: string[]) => `(${[...list, ...list.map((n) => n.slice(0, 3))].join('|')})`;

/** Python's datetime.strptime: the format read as Python's _strptime reads it (whitespace matches any run of it). */
export function strptime(text: string, fmt: string): Parsed {
  const order: string[] = [];
  let re = '';
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '%') {
      const c = fmt[++i];
      if (c === '%') re += '%';
      else if (c in NUM) {
        re += NUM[c];
        order.push(c);
      } else if (c === 'b' || c === 'B' || c === 'h') {
        re += names(MONTHS);
        order.push('b');
      } else if (c === 'a' || c === 'A') {
        re += names(DAYS);
        order.push('a');
      } else if (c === 'p') {
        re += '(am|pm)';
        order.push('p');
      } else if (c === 'Z') {
        re += '(utc|gmt)';
        order.push('Z');
      } else throw new Error(`strptime: the directive '%${c ?? ''}' is not supported by Bronze`);
    } else if (/\s/.test(ch)) {
      re += '\\s+';
      while (/\s/.test(fmt[i + 1] ?? '')) i++;
    } else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}`, 'i').exec(text);
  if (!m) throw new Error(`ValueError: time data '${text}' does not match format '${fmt}'`);
  if (m[0].length !== text.length) throw new Error(`ValueError: unconverted data remains: ${text.slice(m[0].length)}`);
  let year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micro = 0;
  let pm: boolean | undefined;
  let hour12 = false;
  let yday: number | undefined;
  let offset: number | undefined;
  order.forEach((c, k) => {
    const v = m[k + 1];
    switch (c) {
      case 'Y': year = Number(v); break;
      case 'y': year = Number(v) + (Number(v) < 69 ? 2000 : 1900); break;
      case 'm': month = Number(v); break;
      case 'd': day = Number(v); break;
      case 'H': hour = Number(v); break;
      case 'I': hour = Number(v); hour12 = true; break;
      case 'M': minute = Number(v); break;
      case 'S': second = Number(v); break;
      case 'f': micro = Number(v.padEnd(6, '0')); break;
      case 'j': yday = Number(v); break;
      case 'b': month = MONTHS.findIndex((n) => n.slice(0, 3).toLowerCase() === v.slice(0, 3).toLowerCase()) + 1; break;
      case 'p': pm = v.toLowerCase() === 'pm'; break;
      case 'z': {
        // Python reads only a capital Z (its pattern turns case-insensitivity off for it).
        if (v === 'z') throw new Error(`ValueError: time data '${text}' does not match format '${fmt}'`);
        if (v === 'Z') offset = 0;
        else {
          const z = /^([+-])(\d\d):?(\d\d)(?::?(\d\d)(?:\.(\d{1,6}))?)?$/.exec(v)!;
          const s = Number(z[2]) * 3600 + Number(z[3]) * 60 + Number(z[4] ?? 0);
          offset = z[1] === '-' ? -s : s;
        }
        break;
      }
      default: break; // %a and %Z are read and not used, as in Python
    }
  });
  if (hour12) hour = (hour % 12) + (pm ? 12 : 0);
  if (second > 59) throw new Error(`ValueError: second must be in 0..59`);
  let wall = wallMs(year, month, day, hour, minute, second);
  if (new Date(wall).getUTCDate() !== day) throw new Error('ValueError: day is out of range for month');
  if (yday !== undefined && !order.includes('m') && !order.includes('d')) wall = wallMs(year, 1, yday, hour, minute, second);
  return { wallMs: wall, microsecond: micro, offsetSeconds: offset };
}
