// What a counting test asks of the rows it reads, for the sampler: how many rows fall in each group of a date column,
// how many distinct values a column holds. Only the published packages' tests are read (dbt_expectations'
// expect_table_row_count_to_be_between with one group_by column, expect_column_distinct_count_to_be_between,
// expect_column_unique_value_count_to_be_between), by their names and documented arguments: a project's own test
// of the same kind is its own SQL, which the sampler does not read, and knowing one project's macros by name would
// tune the sampler to that project.

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
 * Rows per value of a date column within bounds: dbt_expectations' `expect_table_row_count_to_be_between` grouped by
 * one column and nothing else (`group_by: [day]`, no `row_condition`), as the column and the bounds; undefined for
 * any other test.
 */
export function rowsPerDayOf(test: string, kwargs: Record<string, unknown>): { column: string; bounds: CountBounds } | undefined {
  if (test !== 'expect_table_row_count_to_be_between' || kwargs.row_condition != null || kwargs.strictly === true) return undefined;
  const group = Array.isArray(kwargs.group_by) && kwargs.group_by.length === 1 ? kwargs.group_by[0] : undefined;
  const column = typeof group === 'string' && COLUMN.test(group) ? group : undefined;
  const b = bounds(kwargs.min_value, kwargs.max_value);
  return column && b ? { column, bounds: b } : undefined;
}

/** The number of distinct non-NULL values a test allows a column (`count(distinct col)` within bounds), or undefined. */
export function distinctCountOf(test: string, kwargs: Record<string, unknown>): CountBounds | undefined {
  if (kwargs.row_condition != null || kwargs.group_by != null || kwargs.strictly === true) return undefined;
  if (test === 'expect_column_unique_value_count_to_be_between' || test === 'expect_column_distinct_count_to_be_between') return bounds(kwargs.min_value, kwargs.max_value);
  return undefined;
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
