// A timestamp string with a UTC offset (or a date string in a non-ISO form) that DuckDB reads implicitly (a VALUES row inserted into a timestamp column, a
// comparison with one): the translator cannot know the column's type, so DuckDB's refusal names the literal and the
// statement is run again with that literal in the form DuckDB reads as Snowflake does. TIMESTAMP_NTZ keeps the
// wallclock and drops the offset; TIMESTAMP_LTZ takes the instant, which DuckDB reads when the offset follows the time
// without a space. The rewrite keeps the literal's length, so error positions still map to the user's text.

import { isoDateText } from './timestamp-tz';

/** The literal's text after the time: an offset written as `±HH`, `±HHMM`, `±HH:MM` or `Z`, optionally after spaces. */
const OFFSET_AT_END = /(\d)(\s*)([+-]\d{2}(?::?\d{2})?|Z)$/i;

/** `sql` with its one occurrence of `'text'` replaced by `'replacement'`, or undefined when it is not there exactly once. */
function replaceOnce(sql: string, text: string, replacement: string): string | undefined {
  const literal = `'${text}'`;
  const at = sql.indexOf(literal);
  if (at < 0 || sql.indexOf(literal, at + 1) >= 0) return undefined;
  return `${sql.slice(0, at)}'${replacement}'${sql.slice(at + literal.length)}`;
}

/**
 * The statement to run again after DuckDB refused a timestamp string with an offset, or undefined when the error is
 * another one (or the literal is not in the statement exactly once, so which use DuckDB read is unknown).
 */
export function offsetLiteralRetry(message: string, sql: string): string | undefined {
  // A date string in a form Snowflake's AUTO detection reads (DD-MON-YYYY, MM/DD/YYYY) read as DATE without a cast:
  // its ISO form, padded to the literal's length (DuckDB ignores trailing spaces in a date).
  const date = /^invalid date field format: "([^"']*)"/.exec(message);
  if (date) {
    const iso = isoDateText(date[1]);
    return iso === undefined || iso.length > date[1].length ? undefined : replaceOnce(sql, date[1], iso.padEnd(date[1].length, ' '));
  }
  const ntz = /^timestamp field value "([^"']*)" has a timestamp that is not UTC/.exec(message);
  if (ntz) {
    const m = OFFSET_AT_END.exec(ntz[1]);
    if (!m) return undefined;
    const kept = ntz[1].slice(0, m.index + 1);
    return replaceOnce(sql, ntz[1], kept.padEnd(ntz[1].length, ' '));
  }
  const zone = /^Unknown TimeZone '([+-]\d{2}(?::?\d{2})?)'/.exec(message);
  if (zone) {
    const found = new RegExp(`'([^']*\\d)( +)\\${zone[1]}'`).exec(sql);
    if (!found) return undefined;
    const text = `${found[1]}${found[2]}${zone[1]}`;
    return replaceOnce(sql, text, `${found[1]}${zone[1]}${found[2]}`);
  }
  return undefined;
}
