// TABLE(GENERATOR(…)), FLATTEN and SPLIT_TO_TABLE on DuckDB. GENERATOR(ROWCOUNT => n) is range(n), with SEQ4()/SEQ8() reading its
// counter; FLATTEN is a lateral subquery over json_each giving Snowflake's columns (SEQ, KEY, PATH, INDEX, VALUE,
// THIS), over json_tree for RECURSIVE. What has no exact form (SEQ across several input rows) is refused by name.
import { quote, type Piece } from './template';
import { UnsupportedOnDuckDb } from './unsupported';
import { tokenizeSql } from '../tokenize';

/**
 * Words that may follow a FROM item (a table, `DUAL`, `VALUES …`, a table function) without being its alias: the
 * clauses and joins after it, and a join's ON / USING.
 */
export const FROM_ITEM_FOLLOWERS: ReadonlySet<string> = new Set([
  'where', 'group', 'order', 'limit', 'having', 'qualify', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural',
  'asof', 'on', 'using', 'union', 'intersect', 'except', 'minus', 'window', 'lateral', 'offset', 'fetch', 'pivot', 'unpivot',
]);

/** The columns FLATTEN outputs (https://docs.snowflake.com/en/sql-reference/functions/flatten); SPLIT_TO_TABLE's are among them. */
export const FLATTEN_COLUMNS: ReadonlySet<string> = new Set(['seq', 'key', 'path', 'index', 'value', 'this']);

/**
 * The names a statement's FLATTEN and SPLIT_TO_TABLE calls go by on the twin, lower case: each one's alias, or
 * `_flatten` / `_split_to_table` where it has none (the translator's, below).
 */
export function tableFunctionAliases(sql: string): Set<string> {
  const { tokens } = tokenizeSql(sql);
  const out = new Set<string>();
  const word = (k: number): string => (tokens[k]?.kind === 'ident' ? tokens[k].text.toLowerCase() : '');
  for (let i = 0; i + 1 < tokens.length; i++) {
    const name = word(i);
    if ((name !== 'flatten' && name !== 'split_to_table') || tokens[i + 1].text !== '(') continue;
    let k = i + 2;
    while (k < tokens.length && !(tokens[k].text === ')' && tokens[k].depth === tokens[i + 1].depth)) k++;
    k++;
    // TABLE(FLATTEN(…))'s own parenthesis.
    if (tokens[k]?.text === ')' && word(i - 2) === 'table') k++;
    if (word(k) === 'as') k++;
    const alias = tokens[k];
    const named = alias && ((alias.kind === 'ident' && !FROM_ITEM_FOLLOWERS.has(word(k))) || alias.kind === 'quoted');
    out.add(named ? alias.text.toLowerCase() : `_${name}`);
  }
  return out;
}

/** The generator's counter column: SEQ4()/SEQ8() become a reference to it. */
export const GENERATOR_COLUMN = 'bz_seq';

export interface NamedArg {
  name: string;
  /** The value's significant text as written, lower case (for literal checks). */
  text: string;
  pieces: Piece[];
}

type Part = string | Piece[];

/** `GENERATOR(ROWCOUNT => n)` → `range(n)`; the alias and column list are added by the caller. */
export function generatorSource(args: NamedArg[], at: number): Part[] {
  if (args.length === 0) return ['range(0)'];
  const rowcount = args.find((a) => a.name === 'rowcount');
  const other = args.find((a) => a.name !== 'rowcount');
  if (other || !rowcount) throw new UnsupportedOnDuckDb(`GENERATOR with ${(other?.name || 'positional arguments').toUpperCase()}`, at);
  return ['range(coalesce(CAST(', rowcount.pieces, ' AS BIGINT), 0))'];
}

/**
 * The SEQ column of FLATTEN or SPLIT_TO_TABLE: 1 over one input (a constant argument); over the rows of a lateral
 * join it numbers each input row, which a lateral subquery cannot see, so it is refused when a query reads it (DuckDB
 * drops the columns no one reads: `SELECT *` in a CTE whose consumers skip SEQ runs).
 */
export function seqColumn(name: string, lateral: boolean, at: number): string {
  return lateral ? `CAST(error(${quote(`bz_unsupported@${at}: ${name.toUpperCase()}'s SEQ column over several input rows`)}) AS BIGINT)` : '1';
}

/** Whether a FLATTEN row is an array's element (its DuckDB `fullkey` is its container's path and `[index]`). */
const IS_ELEMENT = "bz_je.fullkey = bz_je.path || '[' || bz_je.key || ']'";

/**
 * `FLATTEN(INPUT => x [, PATH => 'p'] [, OUTER => b] [, RECURSIVE => b] [, MODE => 'OBJECT'|'ARRAY'|'BOTH'])` → a
 * lateral subquery with Snowflake's columns: json_each for one level, json_tree below it for RECURSIVE (every
 * descendant, THIS its container). MODE keeps object members or array elements only (and RECURSIVE descends only
 * through those).
 */
export function flattenSource(given: NamedArg[], at: number, seq: string): Part[] {
  // Positional arguments come in Snowflake's order: INPUT, PATH, OUTER, RECURSIVE, MODE.
  const order = ['input', 'path', 'outer', 'recursive', 'mode'];
  const args = given.map((a, n) => (a.name ? a : { ...a, name: order[n] ?? '' }));
  const get = (n: string): NamedArg | undefined => args.find((a) => a.name === n);
  for (const a of args) {
    if (!order.includes(a.name)) {
      throw new UnsupportedOnDuckDb(`FLATTEN with ${a.name ? a.name.toUpperCase() : 'positional arguments'}`, at);
    }
  }
  const input = get('input');
  if (!input) throw new UnsupportedOnDuckDb('FLATTEN without INPUT =>', at);
  const flag = (name: string): boolean => {
    const text = get(name)?.text ?? 'false';
    if (text !== 'true' && text !== 'false') throw new UnsupportedOnDuckDb(`FLATTEN with ${name.toUpperCase()} given by an expression`, at);
    return text === 'true';
  };
  const recursive = flag('recursive');
  const outer = flag('outer');
  const mode = get('mode')?.text ?? "'both'";
  if (!["'both'", "'object'", "'array'"].includes(mode)) throw new UnsupportedOnDuckDb(`FLATTEN with MODE => ${mode.toUpperCase()}`, at);
  const path = get('path');
  // bz_variant: an OBJECT (a MAP) or ARRAY (a list) as its JSON; a CAST of a list to JSON would write SQL's NULL.
  const thisExpr: Part[] = path
    ? ["json_extract(CAST(bz_variant(", input.pieces, ") AS JSON), '$.' || ", path.pieces, ')']
    : ['CAST(bz_variant(', input.pieces, ') AS JSON)'];
  // MODE: every step of the element's path is a member (OBJECT) or an index (ARRAY).
  const keep =
    // DuckDB's fullkey does not quote keys: a key holding `[` would read as an array step, so it is refused.
    mode === "'object'" ? ` WHERE CASE WHEN contains(bz_je.key, '[') AND NOT (${IS_ELEMENT}) THEN CAST(CAST(${quote(`bz_unsupported@${at}: FLATTEN with MODE => 'OBJECT' over a key holding '['`)} AS INTEGER) AS BOOLEAN) ELSE NOT contains(bz_je.fullkey, '[') END`
    : mode === "'array'" ? " WHERE regexp_full_match(bz_je.fullkey, '\\$(\\[[0-9]+\\])+')"
    : '';
  const level: Part[] = recursive
    ? ['(SELECT key, value, fullkey, path FROM json_tree(', ...thisExpr, ") AS bz_je WHERE bz_je.fullkey <> '$'", keep.replace(' WHERE', ' AND'), ')']
    : ['(SELECT key, value, fullkey, path FROM json_each(', ...thisExpr, ') AS bz_je', keep, ')'];
  const rows: Part[] = outer
    ? ['(SELECT * FROM ', ...level, ' UNION ALL SELECT NULL, NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM ', ...level, '))']
    : level;
  // Snowflake's PATH: `[0]`, `a`, `b[0]` (DuckDB's fullkey is `$[0]`, `$.a`, `$.b[0]`); '' for OUTER's empty row.
  return [
    `(SELECT ${seq} AS seq, CASE WHEN NOT ${IS_ELEMENT} THEN bz_je.key END AS key, `,
    ...(path
      ? ["coalesce(", path.pieces, " || regexp_replace(bz_je.fullkey, '^\\$', ''), '') AS path, "]
      : ["coalesce(regexp_replace(bz_je.fullkey, '^\\$\\.?', ''), '') AS path, "]),
    `CASE WHEN ${IS_ELEMENT} THEN CAST(bz_je.key AS BIGINT) END AS index, `,
    'CAST(bz_je.value AS JSON) AS value, ',
    ...(recursive ? ['json_extract(', ...thisExpr, ", coalesce(bz_je.path, '$'))"] : thisExpr),
    ' AS this FROM ', ...rows, ' AS bz_je)',
  ];
}

/**
 * `SPLIT_TO_TABLE(string, delimiter)` → a lateral subquery with Snowflake's columns SEQ, INDEX (one-based) and VALUE.
 * As documented, '' gives one row holding '' and NULL gives no rows (DuckDB's string_split and unnest do the same).
 * An empty delimiter, whose result Snowflake does not document, is refused when met (string_split would split
 * every character).
 */
export function splitToTableSource(args: NamedArg[], at: number, seq: string): Part[] {
  if (args.length !== 2 || args.some((a) => a.name)) throw new UnsupportedOnDuckDb('SPLIT_TO_TABLE without exactly two arguments', at);
  const [text, delimiter] = args;
  const parts: Part[] = [
    'CASE WHEN ', delimiter.pieces, ` = '' THEN error(${quote(`bz_unsupported@${at}: SPLIT_TO_TABLE with an empty delimiter`)}) `,
    'ELSE string_split(', text.pieces, ', ', delimiter.pieces, ') END',
  ];
  return [
    `(SELECT ${seq} AS seq, CAST(bz_st.i AS BIGINT) AS index, bz_st.v AS value FROM `,
    '(SELECT unnest(bz_sp.parts) AS v, generate_subscripts(bz_sp.parts, 1) AS i FROM (SELECT ', ...parts, ' AS parts) AS bz_sp) AS bz_st)',
  ];
}
