// ALTER SESSION on the DuckDB target. TIMEZONE maps to DuckDB's TimeZone, WEEK_START and WEEK_OF_YEAR_POLICY to
// session variables the week functions read (week-policy.ts), TWO_DIGIT_CENTURY_START to one YY parsing reads
// (two-digit-century.ts), the timestamp output formats to variables that refuse text in another format
// (output-formats.ts), TIMESTAMP_TYPE_MAPPING and QUOTED_IDENTIFIERS_IGNORE_CASE to the session state the translation
// follows (session-state.ts); other parameters that change query results (input formats, DATE/TIME output formats)
// are accepted only at their Snowflake default, since DuckDB has no equivalent; the rest (QUERY_TAG, timeouts,
// client settings) change nothing a query returns.
import { UnsupportedOnDuckDb } from './unsupported';
import { weekParameterStatement } from './week-policy';
import { centuryStartStatement } from './two-digit-century';
import { outputFormatStatement } from './output-formats';
import { sessionStateStatement } from './session-state';

/** Parameters that change results → their default value (upper case), at which setting them has no effect. */
const RESULT_PARAMETERS: Record<string, string> = {
  WEEK_START: '0',
  WEEK_OF_YEAR_POLICY: '0',
  DATE_INPUT_FORMAT: 'AUTO',
  TIME_INPUT_FORMAT: 'AUTO',
  TIMESTAMP_INPUT_FORMAT: 'AUTO',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  TIMESTAMP_DAY_IS_ALWAYS_24H: 'FALSE',
  BINARY_INPUT_FORMAT: 'HEX',
  BINARY_OUTPUT_FORMAT: 'HEX',
  ERROR_ON_NONDETERMINISTIC_MERGE: 'TRUE',
  ERROR_ON_NONDETERMINISTIC_UPDATE: 'FALSE',
  STRICT_JSON_OUTPUT: 'FALSE',
};

export interface SessionAssignment {
  name: string;
  /** The value as written, quotes removed. */
  value: string;
  /** Offset of the parameter name in the statement. */
  at: number;
}

/**
 * The DuckDB statement for `ALTER SESSION SET …` / `UNSET …` (undefined: nothing to do), or throws when a parameter
 * would change results in a way DuckDB cannot follow.
 */
export function sessionStatement(assignments: SessionAssignment[], unset: boolean): string | undefined {
  const out: string[] = [];
  const weekSettings: string[] = [];
  for (const a of assignments) {
    const name = a.name.toUpperCase();
    if (name === 'TIMEZONE') {
      out.push(unset ? 'RESET TimeZone' : `SET TimeZone = '${a.value.replace(/'/g, "''")}'`);
      continue;
    }
    const output = outputFormatStatement(name, a.value, unset);
    if (output) {
      weekSettings.push(output);
      continue;
    }
    const century = name === 'TWO_DIGIT_CENTURY_START' ? centuryStartStatement(a.value, unset) : undefined;
    if (century) {
      weekSettings.push(century);
      continue;
    }
    const state = sessionStateStatement(name, a.value, unset, a.at);
    if (state) {
      weekSettings.push(state);
      continue;
    }
    const week = weekParameterStatement(name, a.value, unset);
    if (week) {
      weekSettings.push(week);
      continue;
    }
    const def = RESULT_PARAMETERS[name];
    if (def === undefined || unset) continue;
    if (a.value.toUpperCase() !== def) throw new UnsupportedOnDuckDb(`ALTER SESSION SET ${name} = ${a.value}`, a.at);
  }
  if (out.length > 1) throw new UnsupportedOnDuckDb('ALTER SESSION setting TIMEZONE twice in one statement', assignments[0].at);
  const all = [...out, ...weekSettings];
  return all.length ? all.join('; ') : undefined;
}
