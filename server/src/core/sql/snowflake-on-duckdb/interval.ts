// Snowflake interval constants on DuckDB: `INTERVAL '1 year, 2 months'` (commas between parts) and the ANSI
// qualified forms `INTERVAL '1-2' YEAR TO MONTH` / `INTERVAL '1 02:03:04.5' DAY TO SECOND`, which DuckDB's parser
// refuses. A DATE plus or minus an interval of whole days, months or years stays a DATE.

/** Words that may follow an interval string as its qualifier. */
export const INTERVAL_QUALIFIER_WORDS: ReadonlySet<string> = new Set(['year', 'month', 'day', 'hour', 'minute', 'second', 'to']);

const DATE_PART_WORD = /^(y|yy|yyy|yyyy|yr|yrs|years?|q|qtrs?|quarters?|mm|mons?|months?|w|wk|weeks?|d|dd|days?)$/i;

export interface IntervalSql {
  /** The DuckDB interval expression. */
  sql: string;
  /** Only year/quarter/month/week/day parts: a DATE plus this interval is a DATE in Snowflake. */
  dateOnly: boolean;
}

/**
 * The DuckDB form of `INTERVAL '<text>' [<qualifier>]` (qualifier: the lower-case words after the string, e.g.
 * ['year', 'to', 'month']), or undefined to leave the constant as written (DuckDB reads it, or it is not an interval).
 */
export function intervalSql(text: string, qualifier: string[]): IntervalSql | undefined {
  const q = qualifier.join(' ');
  if (q === 'year to month') {
    const m = /^\s*([+-]?)(\d+)-(\d+)\s*$/.exec(text);
    if (!m) return undefined;
    const sign = m[1] === '-' ? '-' : '';
    return { sql: `INTERVAL '${sign}${m[2]} years ${sign}${m[3]} months'`, dateOnly: true };
  }
  if (q === 'day to hour' || q === 'day to minute' || q === 'day to second') {
    const m = /^\s*([+-]?)(\d+) (\d{1,2}(?::\d{1,2}(?::\d{1,2}(?:\.\d+)?)?)?)\s*$/.exec(text);
    if (!m) return undefined;
    const sign = m[1] === '-' ? '-' : '';
    const clock = q === 'day to hour' ? `${m[3]}:00:00` : q === 'day to minute' ? `${m[3]}:00` : m[3];
    return { sql: `INTERVAL '${sign}${m[2]} days ${sign}${clock}'`, dateOnly: false };
  }
  if (qualifier.length) return undefined;
  // Unqualified: '<n> <part>[, <n> <part>…]'.
  const parts = text.split(',').map((p) => p.trim());
  const read = parts.map((p) => /^([+-]?\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(p));
  if (!read.every((m) => m)) return undefined;
  const dateOnly = read.every((m) => DATE_PART_WORD.test(m?.[2] ?? ''));
  return { sql: `INTERVAL '${parts.join(' ')}'`, dateOnly };
}
