// TABLE(GENERATOR(…)) and FLATTEN on DuckDB. GENERATOR(ROWCOUNT => n) is range(n), with SEQ4()/SEQ8() reading its
// counter; FLATTEN is a lateral subquery over json_each giving Snowflake's columns (SEQ, KEY, PATH, INDEX, VALUE,
// THIS). What has no exact form (RECURSIVE, MODE, TIMELIMIT, SEQ across several input rows) is refused by name.
import type { Piece } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

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
 * `FLATTEN(INPUT => x [, PATH => 'p'] [, OUTER => b])` → a lateral subquery with Snowflake's columns.
 * `seqOne`: whether SEQ may be given as 1 (a single input value); otherwise referring to SEQ is refused upstream.
 */
export function flattenSource(given: NamedArg[], at: number): Part[] {
  // Positional arguments come in Snowflake's order: INPUT, PATH, OUTER, RECURSIVE, MODE.
  const order = ['input', 'path', 'outer', 'recursive', 'mode'];
  const args = given.map((a, n) => (a.name ? a : { ...a, name: order[n] ?? '' }));
  const get = (n: string): NamedArg | undefined => args.find((a) => a.name === n);
  for (const a of args) {
    if (!['input', 'path', 'outer', 'recursive', 'mode'].includes(a.name)) {
      throw new UnsupportedOnDuckDb(`FLATTEN with ${a.name ? a.name.toUpperCase() : 'positional arguments'}`, at);
    }
  }
  const input = get('input');
  if (!input) throw new UnsupportedOnDuckDb('FLATTEN without INPUT =>', at);
  if (get('recursive') && get('recursive')?.text !== 'false') throw new UnsupportedOnDuckDb('FLATTEN with RECURSIVE => TRUE', at);
  const mode = get('mode')?.text;
  if (mode !== undefined && mode !== "'both'") throw new UnsupportedOnDuckDb(`FLATTEN with MODE => ${mode.toUpperCase()}`, at);
  const outerText = get('outer')?.text ?? 'false';
  if (outerText !== 'true' && outerText !== 'false') throw new UnsupportedOnDuckDb('FLATTEN with OUTER given by an expression', at);
  const path = get('path');
  // bz_variant: an OBJECT (a MAP) or ARRAY (a list) as its JSON; a CAST of a list to JSON would write SQL's NULL.
  const thisExpr: Part[] = path
    ? ["json_extract(CAST(bz_variant(", input.pieces, ") AS JSON), '$.' || ", path.pieces, ')']
    : ['CAST(bz_variant(', input.pieces, ') AS JSON)'];
  const each: Part[] = ['json_each(', ...thisExpr, ')'];
  const rows: Part[] = outerText === 'true'
    ? ['(SELECT key, value, fullkey FROM ', ...each, ' UNION ALL SELECT NULL, NULL, NULL WHERE NOT EXISTS (SELECT 1 FROM ', ...each, '))']
    : each;
  // Snowflake's PATH: `[0]`, `a`, `b[0]` (DuckDB's fullkey is `$[0]`, `$.a`, `$.b[0]`); '' for OUTER's empty row.
  return [
    "(SELECT 1 AS seq, CASE WHEN json_type(", ...thisExpr, ") = 'OBJECT' THEN bz_je.key END AS key, ",
    ...(path
      ? ["coalesce(", path.pieces, " || regexp_replace(bz_je.fullkey, '^\\$', ''), '') AS path, "]
      : ["coalesce(regexp_replace(bz_je.fullkey, '^\\$\\.?', ''), '') AS path, "]),
    "CASE WHEN json_type(", ...thisExpr, ") = 'ARRAY' THEN CAST(bz_je.key AS BIGINT) END AS index, ",
    'CAST(bz_je.value AS JSON) AS value, ', ...thisExpr, ' AS this FROM ', ...rows, ' AS bz_je)',
  ];
}
