// OBJECT_CONSTRUCT(*), OBJECT_CONSTRUCT_KEEP_NULL(*) and the `{*}` constant on DuckDB: the row's columns packed into a
// struct with DuckDB's `*COLUMNS(…)`, then made an OBJECT whose keys are the column names as Snowflake stores unquoted
// ones (upper case; DuckDB does not record whether a name was quoted) and whose SQL NULL values are left out
// (kept as JSON null by KEEP_NULL). `* ILIKE 'p'`, `* EXCLUDE (a, b)` and `t.*` select columns as in a SELECT list.
import type { Lexeme } from '../tokenize';
import { isPunct, isWord, quote } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** The `*COLUMNS(…)` selection for the star form `sig` (the argument's meaningful lexemes), or undefined if not one. */
function columnsOf(sig: Lexeme[], at: number): string | undefined {
  const star = sig.findIndex((l) => isPunct(l, '*'));
  if (star < 0) return undefined;
  const before = sig.slice(0, star);
  const prefix = before.length === 0 ? '' : before.length === 2 && before[0].kind === 'word' && isPunct(before[1], '.') ? `${before[0].text}.` : undefined;
  if (prefix === undefined) return undefined;
  const rest = sig.slice(star + 1);
  if (rest.length === 0) return `*COLUMNS(${prefix}*)`;
  if (isWord(rest[0], 'ilike') && rest.length === 2 && rest[1].kind === 'string' && !prefix) return `*COLUMNS(lambda bz_c: bz_c ILIKE ${rest[1].text})`;
  if (isWord(rest[0], 'exclude')) {
    const names = rest.slice(1).filter((l) => !isPunct(l, '(') && !isPunct(l, ')') && !isPunct(l, ','));
    if (names.length && names.every((l) => l.kind === 'word' || l.kind === 'quoted-identifier')) {
      return `*COLUMNS(${prefix}* EXCLUDE (${names.map((l) => l.text).join(', ')}))`;
    }
  }
  throw new UnsupportedOnDuckDb(`OBJECT_CONSTRUCT(${sig.map((l) => l.text).join(' ')})`, at);
}

/**
 * The object built from the star form `sig`, or undefined when `sig` is not one. A VARIANT column is refused when the
 * query runs: packed into a struct, its JSON null and a SQL NULL read the same, which Snowflake tells apart.
 */
export function objectFromStar(sig: Lexeme[], at: number, keepNull: boolean): string | undefined {
  const columns = columnsOf(sig, at);
  if (columns === undefined) return undefined;
  const refusal = quote(`bz_unsupported@${at}: OBJECT_CONSTRUCT(*) over a VARIANT column (its JSON null and SQL NULL read the same)`);
  return `bz_object_star(struct_pack(${columns}), ${keepNull}, ${refusal})`;
}

export const OBJECT_STAR_MACROS: string[] = [
  // The refusal is a failing cast of the index (error() is refused where a later select item names the result).
  // The keys sorted, as every OBJECT the translator builds (variant.ts, sortedObject).
  `bz_object_star(s, keep_null, refusal) AS [CAST(map_from_entries(list_sort(list_filter(list_transform(map_entries(CAST(to_json(s) AS MAP(VARCHAR, JSON))), ` +
    `lambda e: {'k': upper(e.key), 'v': e.value}), lambda e: keep_null OR json_type(e.v) <> 'NULL'))) AS MAP(VARCHAR, JSON))]` +
    `[CASE WHEN regexp_matches(typeof(s), '[A-Za-z0-9_"] JSON[,)]') THEN CAST(refusal AS INTEGER) ELSE 1 END]`,
];
