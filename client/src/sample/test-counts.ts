// What a counting test asks of the rows it reads, for the sampler: how many rows fall on each day, how many distinct
// values a column holds, what share of the rows holds one value. Packages and projects write these as generic tests
// of their own (museum_dw's daily_volume_bounds, cardinality_change, distribution_shift; dbt_expectations'
// expect_column_unique_value_count_to_be_between): each is recognised by its name and the arguments it takes.

export interface CountBounds {
  min?: number;
  max?: number;
}

/** Rows-per-day bounds, and the most days the rows may spread over (shared by the project's per-day tests). */
export interface DayBounds extends CountBounds {
  days?: number;
}

function numberOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function bounds(min: unknown, max: unknown): CountBounds | undefined {
  const [lo, hi] = [numberOf(min), numberOf(max)];
  if (lo === undefined && hi === undefined) return undefined;
  return { ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) };
}

const COLUMN = /^[A-Za-z_]\w*$/;

/**
 * Rows per value of a date column, within bounds (`GROUP BY date_column` then `count(*) < min or > max`): the
 * column it groups by and the bounds, or undefined for any other test. The macro's own defaults apply to a bound
 * the test leaves out.
 */
export function rowsPerDayOf(test: string, kwargs: Record<string, unknown>): { column: string; bounds: CountBounds } | undefined {
  if (test !== 'daily_volume_bounds') return undefined;
  const column = typeof kwargs.date_column === 'string' && COLUMN.test(kwargs.date_column) ? kwargs.date_column : undefined;
  // museum_dw's macro: min_rows_per_day=1, max_rows_per_day=10000.
  const b = bounds(kwargs.min_rows_per_day ?? 1, kwargs.max_rows_per_day ?? 10000);
  return column && b ? { column, bounds: b } : undefined;
}

/** The number of distinct non-NULL values a test allows a column (`count(distinct col)` within bounds), or undefined. */
export function distinctCountOf(test: string, kwargs: Record<string, unknown>): CountBounds | undefined {
  if (test === 'expect_column_unique_value_count_to_be_between') return bounds(kwargs.min_value, kwargs.max_value);
  // museum_dw's macro: min_expected=1, max_expected=100.
  if (test === 'cardinality_change') return bounds(kwargs.min_expected ?? 1, kwargs.max_expected ?? 100);
  return undefined;
}

/**
 * The share of all rows (NULLs counted) whose column equals a value, in percent (`count(case when col = 'v' …) /
 * count(*) * 100` within bounds), or undefined.
 */
export function valueShareOf(test: string, kwargs: Record<string, unknown>): { value: string; min: number; max: number } | undefined {
  if (test !== 'distribution_shift' || (typeof kwargs.value !== 'string' && typeof kwargs.value !== 'number')) return undefined;
  // museum_dw's macro: min_pct=0, max_pct=100; the value is compared quoted, as text.
  const b = bounds(kwargs.min_pct ?? 0, kwargs.max_pct ?? 100);
  return b && b.min !== undefined && b.max !== undefined && b.min <= b.max ? { value: String(kwargs.value), min: b.min, max: b.max } : undefined;
}

/**
 * How many days `rows` rows spread over so that every day holds between `min` and `max` of them (dealt in turn,
 * a day holds ⌊rows/days⌋ or ⌈rows/days⌉): as many as `days` allows, fewer when each day needs more rows. Undefined
 * when no number of days meets both bounds.
 */
export function daysForRowsPerDay(rows: number, days: number, b: DayBounds): number | undefined {
  const min = Math.max(1, Math.ceil(b.min ?? 1));
  const most = Math.min(days, b.days ?? Infinity, Math.floor(rows / min));
  const least = b.max !== undefined && b.max >= 1 ? Math.ceil(rows / Math.floor(b.max)) : 1;
  return most >= 1 && most >= least ? most : undefined;
}

/**
 * The days every per-day test's rows can share: the fewest any of them can fill (`rows` rows, at least `min` a
 * day). Tables a project tests per day describe the same days (museum_dw checks that its daily operations have no
 * day its ticket and scan tables lack), so each spreads over these days when its own bounds allow it.
 */
export function sharedDays(tables: ReadonlyArray<{ rows: number; perDay: CountBounds }>): number | undefined {
  const fits = tables.map((t) => Math.floor(t.rows / Math.max(1, Math.ceil(t.perDay.min ?? 1)))).filter((d) => d >= 1);
  return fits.length > 0 ? Math.min(...fits) : undefined;
}

/** How many distinct values to write: the generator's own number, moved into the bounds (and never above `rows`). */
export function distinctValuesFor(own: number, rows: number, b: CountBounds): number {
  const lo = Math.max(1, Math.ceil(b.min ?? 1));
  const hi = Math.max(lo, Math.floor(b.max ?? Infinity));
  return Math.max(1, Math.min(rows, Math.min(hi, Math.max(lo, own))));
}
