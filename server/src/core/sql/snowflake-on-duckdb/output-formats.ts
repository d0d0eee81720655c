// TIMESTAMP_OUTPUT_FORMAT and TIMESTAMP_NTZ/LTZ/TZ_OUTPUT_FORMAT on DuckDB: ALTER SESSION may
// set them (and UNSET them) as on Snowflake, but the DuckDB target renders timestamps as text only in Snowflake's
// default format. While one of them is set to another format, rendering a timestamp it governs as text is refused
// when the query runs, so no text ever comes out in the default format where Snowflake would use the session's.
import { quote } from './template';

/** The session variable recording that a parameter is set to a format other than the default. */
const variableOf = (name: string): string => `bz_${name.toLowerCase()}`;

/** The default of each parameter (upper case); '' means "use TIMESTAMP_OUTPUT_FORMAT". */
const DEFAULTS: Record<string, string> = {
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
};

/** The DuckDB statement for `ALTER SESSION SET|UNSET` of an output-format parameter; undefined for other parameters. */
export function outputFormatStatement(name: string, value: string, unset: boolean): string | undefined {
  const def = DEFAULTS[name];
  if (def === undefined) return undefined;
  if (unset || value.trim().toUpperCase() === def) return `RESET VARIABLE ${variableOf(name)}`;
  return `SET VARIABLE ${variableOf(name)} = ${quote(value)}`;
}

const isSet = (name: string): string => `getvariable('${variableOf(name)}') IS NOT NULL`;
const refusal = (what: string): string =>
  `CAST(CAST(${quote(`bz_unsupported@0: Text of a ${what} while ALTER SESSION has set its output format (the DuckDB target renders the default format only)`)} AS INTEGER) AS VARCHAR)`;

/** SQL for the text of TIMESTAMP_NTZ `x`, given its default rendering `text`. */
export const ntzText = (text: string): string =>
  `CASE WHEN ${isSet('TIMESTAMP_NTZ_OUTPUT_FORMAT')} OR ${isSet('TIMESTAMP_OUTPUT_FORMAT')} THEN ${refusal('TIMESTAMP_NTZ')} ELSE ${text} END`;

/** SQL for the text of TIMESTAMP_LTZ `x`, given its default rendering `text`. */
export const ltzText = (text: string): string =>
  `CASE WHEN ${isSet('TIMESTAMP_LTZ_OUTPUT_FORMAT')} OR ${isSet('TIMESTAMP_OUTPUT_FORMAT')} THEN ${refusal('TIMESTAMP_LTZ')} ELSE ${text} END`;

/** SQL for the text of TIMESTAMP_TZ `x`, given its default rendering `text`. */
export const tzText = (text: string): string =>
  `CASE WHEN ${isSet('TIMESTAMP_TZ_OUTPUT_FORMAT')} OR ${isSet('TIMESTAMP_OUTPUT_FORMAT')} THEN ${refusal('TIMESTAMP_TZ')} ELSE ${text} END`;
