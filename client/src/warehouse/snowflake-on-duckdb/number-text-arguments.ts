// A NUMBER given to a string function (museum_dw's `LPAD(month_num, 2, '0')`, `TRIM(id)`): Snowflake coerces it to
// VARCHAR, as its conversion table allows and as `17 || '76'` shows (https://docs.snowflake.com/en/sql-reference/data-type-conversion,
// "Implicit casting (coercion)"; LPAD's page: the base is "A VARCHAR or BINARY value"). DuckDB has no implicit cast of
// a number to text and refuses to bind the call ("No function matches the given name and argument types
// 'lpad(INTEGER, …)'"). Rather than wrap every string function in a type-dispatching macro (which made plans large),
// the refused call alone (or, where DuckDB does not locate it, each call of that function) has its text arguments
// converted as `::VARCHAR` converts them (bz_varchar_cast: an exact number's digits, and s places after the point for
// NUMBER(p, s)) and the statement is run again. A call given a FLOAT stays refused by name: Snowflake's text of a
// FLOAT is not documented here.
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { noFunctionMatch } from '../../../../server/src/core/sql/snowflake-on-duckdb/duckdb-errors';
import { OperandReader } from './variant-text-operands';

/**
 * The DuckDB functions the translation calls for Snowflake's string functions, by the positions of their text
 * arguments; and the Bronze macros whose bodies call them, by the macro's position for each.
 */
const TEXT_ARGUMENTS: Record<string, number[]> = {
  lpad: [0, 2],
  rpad: [0, 2],
  left: [0],
  right: [0],
  trim: [0, 1],
  ltrim: [0, 1],
  rtrim: [0, 1],
  upper: [0],
  lower: [0],
  replace: [0, 1, 2],
  length: [0],
  substr: [0],
  substring: [0],
  reverse: [0],
  split_part: [0, 1],
  string_split: [0, 1],
  starts_with: [0, 1],
  ends_with: [0, 1],
  contains: [0, 1],
  strpos: [0, 1],
};

/** The Bronze macros (string-functions.ts, shims.ts) whose bodies call a function above on their own parameters. */
const MACROS_CALLING: Record<string, { macro: string; positions: Record<number, number> }[]> = {
  left: [
    { macro: 'bz_lpad', positions: { 0: 0 } },
    { macro: 'bz_rpad', positions: { 0: 0 } },
  ],
  lpad: [{ macro: 'bz_lpad', positions: { 0: 0, 2: 2 } }],
  rpad: [{ macro: 'bz_rpad', positions: { 0: 0, 2: 2 } }],
  split_part: [{ macro: 'bz_split_part', positions: { 0: 0, 1: 1 } }],
  // DuckDB names split_part by its other name, string_split, when it refuses it.
  string_split: [{ macro: 'bz_split_part', positions: { 0: 0, 1: 1 } }],
};

/** DuckDB's exact number types, as its binder names an argument's type. */
const EXACT_NUMBER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INTEGER_LITERAL|DECIMAL\(\d+,\d+\))$/;

/** The offsets of each call of `name` in `sql` (the word, followed by `(`). */
function callsOf(lx: Lexeme[], name: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < lx.length; i++) {
    if (lx[i].kind !== 'word' || lx[i].text.toLowerCase() !== name) continue;
    let k = i + 1;
    while (k < lx.length && isTrivia(lx[k])) k++;
    if (lx[k]?.kind === 'punct' && lx[k].text === '(') out.push(lx[i].start);
  }
  return out;
}

/** An argument that is text as written: a string literal, or a conversion to text already placed. */
const TEXT_AS_WRITTEN = /^('|\$\$|bz_(json_)?varchar_cast\s*\()/i;

/**
 * The insertions, for withInsertions, that convert to VARCHAR (as Snowflake's `::VARCHAR` converts: bz_varchar_cast)
 * the text arguments of the calls in `sql` that could be the one DuckDB refused to bind (`message`): the call at `at`
 * when DuckDB locates it there, else every call of that function or of a Bronze macro whose body calls it (a refusal
 * inside a macro's body is not located in the statement). Converting a text argument that is text already changes
 * nothing. Undefined when the refusal is not a string function given a number, or nothing is left to convert.
 */
export function castingNumberArguments(sql: string, message: string, at: number | undefined): { at: number; text: string }[] | undefined {
  const refused = noFunctionMatch(message);
  const call = refused && { fn: refused.fn.toLowerCase(), types: refused.types };
  const textPositions = call ? TEXT_ARGUMENTS[call.fn] : undefined;
  if (!call || !textPositions || !textPositions.some((p) => EXACT_NUMBER.test(call.types[p] ?? ''))) return undefined;
  // A FLOAT's text is not converted here: Snowflake's FLOAT to VARCHAR is not DuckDB's (the call stays refused).
  if (textPositions.some((p) => /^(FLOAT|DOUBLE)$/.test(call.types[p] ?? ''))) return undefined;
  const lx = lex(sql);
  const names = [{ macro: call.fn, positions: Object.fromEntries(textPositions.map((p) => [p, p])) as Record<number, number> }, ...(MACROS_CALLING[call.fn] ?? [])];
  const candidates = names.flatMap((n) => callsOf(lx, n.macro).map((callAt) => ({ ...n, callAt })));
  const located = at === undefined ? [] : candidates.filter((c) => c.callAt === at);
  const reader = new OperandReader(sql);
  const inserts = (chosen: typeof candidates): { at: number; text: string }[] =>
    chosen.flatMap((c) =>
      Object.values(c.positions).flatMap((position) => {
        const operand = reader.argumentOf(c.callAt, c.macro, position);
        if (!operand || TEXT_AS_WRITTEN.test(sql.slice(operand.from, operand.to))) return [];
        return [
          { at: operand.from, text: 'bz_varchar_cast(' },
          { at: operand.to, text: ')' },
        ];
      }),
    );
  const found = located.length ? inserts(located) : [];
  const all = found.length ? found : inserts(candidates);
  return all.length ? all : undefined;
}
