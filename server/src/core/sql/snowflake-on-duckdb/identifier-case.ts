// Snowflake stores and resolves an unquoted identifier as its upper-case form (`feature_name` is FEATURE_NAME,
// the same object as `"FEATURE_NAME"`); a quoted identifier keeps its case exactly
// (https://docs.snowflake.com/en/sql-reference/identifiers-syntax). DuckDB resolves names case-insensitively but
// keeps the case they were written in, both for what it stores (CREATE TABLE and CTAS columns, views, schemas)
// and for the names it returns (an alias comes back as written). Writing every unquoted word upper-case before
// DuckDB runs the statement makes DuckDB store and return what Snowflake does: `select feature_name as f` gives
// column F, a table created from it has column F, and `"mixedCase"` stays mixedCase — so result sets, DESCRIBE,
// information_schema, get_columns_in_relation and catalog.json agree with Snowflake and with each other.
// Keywords and function names fold too, which DuckDB does not mind (they are case-insensitive); strings, quoted
// identifiers, `$$` bodies and comments are left alone, so VARIANT path keys (literals by now) keep their case.
import { tokenize } from '../tokenize';

/**
 * A number (left as written: `0xff` must stay lower-case for DuckDB) or an unquoted word; non-ASCII words are left
 * as written (Snowflake folds only A–Z, a–z).
 */
const WORD = /\d[\w$.]*|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/g;
const ASCII = /^[\x00-\x7f]*$/;
/** DuckDB's parser wants its temporary catalog spelled `temp` (`create temporary table temp.main.x`). */
const TEMP_CATALOG = /^temp\s*\./i;
const fold = (w: string, at: number, text: string): string =>
  /^\d/.test(w) || !ASCII.test(w) || (w.length === 4 && TEMP_CATALOG.test(text.slice(at, at + 32))) ? w : w.toUpperCase();

/**
 * `sql` (DuckDB SQL from the translator) with every unquoted identifier, keyword and function name in upper case,
 * and with `quoted` (QUOTED_IDENTIFIERS_IGNORE_CASE) every quoted identifier too, as Snowflake then folds them.
 * Only ASCII letters change, so every character keeps its offset (error positions map back unchanged).
 */
export function foldUnquotedIdentifiers(sql: string, quoted = false): string {
  if (!/[a-z]/.test(sql)) return sql;
  let out = '';
  for (const seg of tokenize(sql)) {
    if (seg.kind === 'code') out += seg.text.replace(WORD, (w, at: number) => fold(w, at, seg.text));
    else if (quoted && seg.kind === 'quoted-identifier') out += seg.text.replace(/[a-z]+/g, (w) => w.toUpperCase());
    else out += seg.text;
  }
  return out;
}
