// What a recency or a sequence test asks of the rows it reads, for the sampler: a window of time before the test
// runs that must hold values (dbt_expectations.expect_row_values_to_have_recent_data, dbt_utils.recency), or
// consecutive values (Flipside's sequence_gaps, dbt_utils.sequential_values).

/** Seconds in one unit of a date part, the shortest reading (a month is 28 days) so a window never overshoots. */
const SECONDS: Record<string, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  week: 7 * 86400,
  month: 28 * 86400,
  quarter: 90 * 86400,
  year: 365 * 86400,
};

function windowSeconds(datepart: unknown, interval: unknown): number | undefined {
  const unit = SECONDS[String(datepart ?? '').toLowerCase().replace(/s$/, '')];
  const n = typeof interval === 'number' ? interval : typeof interval === 'string' ? Number(interval) : NaN;
  return unit !== undefined && Number.isFinite(n) && n > 0 ? unit * n : undefined;
}

/** The column a recency test guards and its window, or undefined for any other test. */
export function recencyOf(test: string, kwargs: Record<string, unknown>, column: string | undefined): { column: string; seconds: number } | undefined {
  if (test === 'expect_row_values_to_have_recent_data') {
    const seconds = windowSeconds(kwargs.datepart, kwargs.interval);
    return column && seconds ? { column, seconds } : undefined;
  }
  if (test === 'recency') {
    // dbt_utils.recency(datepart, field, interval): a model-level test naming its column `field`.
    const field = typeof kwargs.field === 'string' && /^[A-Za-z_]\w*$/.test(kwargs.field) ? kwargs.field : undefined;
    const seconds = windowSeconds(kwargs.datepart, kwargs.interval);
    return field && seconds ? { column: field, seconds } : undefined;
  }
  return undefined;
}

/** The step between consecutive values a sequence test asks (1 unless the test says), or undefined. */
export function sequenceStepOf(test: string, kwargs: Record<string, unknown>): number | undefined {
  // Partitioned (`partition_by: [chain]`), the values must be consecutive within each partition: not planned.
  if (test === 'sequence_gaps') return Array.isArray(kwargs.partition_by) && kwargs.partition_by.length > 0 ? undefined : 1;
  if (test === 'sequential_values') {
    // A datepart makes the step a time interval: not a number sequence.
    if (kwargs.datepart !== undefined && kwargs.datepart !== null) return undefined;
    const n = kwargs.interval === undefined ? 1 : Number(kwargs.interval);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }
  return undefined;
}

/**
 * A singular test that calls a sequence-gaps macro (Flipside's sequence_gaps family) on one model's column,
 * unpartitioned: `{{ sequence_gaps_buffered_look_back(ref('silver__block'), [], "block_id", …) }}`.
 */
export function singularSequence(raw: string): { model: string; column: string } | undefined {
  const m = /\{\{\s*(?:\w+\.)?sequence_gaps\w*\s*\(\s*ref\(\s*['"](\w+)['"]\s*\)\s*,\s*\[\s*\]\s*,\s*['"]([A-Za-z_]\w*)['"]/.exec(raw);
  return m ? { model: m[1], column: m[2] } : undefined;
}
