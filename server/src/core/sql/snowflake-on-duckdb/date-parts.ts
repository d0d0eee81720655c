// Snowflake's date-part names and abbreviations, mapped to the names DuckDB's date functions understand.

const ALIASES: Record<string, string[]> = {
  year: ['y', 'yy', 'yyy', 'yyyy', 'yr', 'yrs', 'years'],
  quarter: ['q', 'qtr', 'qtrs', 'quarters'],
  month: ['mm', 'mon', 'mons', 'months'],
  week: ['w', 'wk', 'weekofyear', 'woy', 'wy', 'weeks'],
  day: ['d', 'dd', 'days', 'dayofmonth'],
  hour: ['h', 'hh', 'hr', 'hrs', 'hours'],
  minute: ['m', 'mi', 'min', 'mins', 'minutes'],
  second: ['s', 'sec', 'secs', 'seconds'],
  millisecond: ['ms', 'msec', 'milliseconds'],
  microsecond: ['us', 'usec', 'microseconds'],
  nanosecond: ['ns', 'nsec', 'nanosec', 'nsecond', 'nanoseconds', 'nanosecs'],
};

const CANONICAL = new Map<string, string>();
for (const [name, aliases] of Object.entries(ALIASES)) {
  CANONICAL.set(name, name);
  for (const a of aliases) CANONICAL.set(a, name);
}

/** `dd` → `day`, `'HH'` → `hour`; undefined when the text is not a Snowflake date part. */
export function canonicalDatePart(text: string): string | undefined {
  return CANONICAL.get(text.toLowerCase());
}

/** Parts for which DATEADD on a DATE keeps a DATE in Snowflake (smaller parts give a timestamp). */
export const DATE_SIZED_PARTS: ReadonlySet<string> = new Set(['year', 'quarter', 'month', 'week', 'day']);

/**
 * Output-only elements without a leading zero (TO_CHAR): recognised only as a whole run of letters and digits, so
 * text that merely contains the letters stays as it was read before.
 */
const UNPADDED_OUTPUT: Record<string, string> = { D: '%-d', MO: '%-m', H12: '%-I' };

/**
 * Converts a Snowflake date/time format (`YYYY-MM-DD HH24:MI:SS.FF3`) to a strftime/strptime format. A letter that
 * starts a short unknown element is reported to `onUnknown` (it would otherwise be copied as literal text).
 * `forOutput` (TO_CHAR) also takes D, MO and H12, which strptime has no exact reading of.
 */
export function snowflakeFormatToStrftime(format: string, onUnknown?: (element: string) => void, forOutput = false): string {
  const rules: [RegExp, string][] = [
    [/^YYYY/i, '%Y'],
    [/^YY/i, '%y'],
    [/^MMMM/i, '%B'],
    [/^MONTH/i, '%B'],
    [/^MON/i, '%b'],
    [/^MM/i, '%m'],
    [/^DD/i, '%d'],
    [/^DY/i, '%a'],
    [/^HH24/i, '%H'],
    [/^HH12/i, '%I'],
    [/^HH/i, '%H'],
    [/^MI/i, '%M'],
    [/^SS/i, '%S'],
    [/^FF9/i, '%n'],
    [/^FF[4-6]/i, '%f'],
    [/^FF[1-3]/i, '%g'],
    [/^FF/i, '%n'],
    [/^AM|^PM/i, '%p'],
    [/^TZH:TZM/i, '%z'],
    [/^%/, '%%'],
  ];
  let out = '';
  let i = 0;
  outer: while (i < format.length) {
    const rest = format.slice(i);
    if (rest[0] === '"') {
      // Snowflake quotes literal text in formats with double quotes.
      const close = rest.indexOf('"', 1);
      const lit = close < 0 ? rest.slice(1) : rest.slice(1, close);
      out += lit.replace(/%/g, '%%');
      i += close < 0 ? rest.length : close + 1;
      continue;
    }
    for (const [re, rep] of rules) {
      const m = re.exec(rest);
      if (m) {
        out += rep;
        i += m[0].length;
        continue outer;
      }
    }
    // A short unknown run (`D`, `MO`, `H12`) is an element DuckDB lacks; longer words (`hours`) are literal text.
    const run = /^[A-Za-z0-9]+/.exec(rest)?.[0] ?? '';
    const startsRun = !/[A-Za-z]/.test(format[i - 1] ?? '');
    const unpadded = forOutput && startsRun ? UNPADDED_OUTPUT[run.toUpperCase()] : undefined;
    if (unpadded) {
      out += unpadded;
      i += run.length;
      continue;
    }
    if (/[A-Za-z]/.test(rest[0]) && !/[A-Za-z]/.test(format[i - 1] ?? '') && run.length <= 3) onUnknown?.(run);
    out += rest[0] === '%' ? '%%' : rest[0];
    i++;
  }
  return out;
}
