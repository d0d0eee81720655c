// A model whose compiled SQL is a WITH clause and no query: a macro opened a WITH clause and rendered no query
// after it (mattermost's Rudderstack union, when the information_schema query listing its tables finds none: a bare
// `with` on a first run, `with max_time as (…),` on an incremental one).
// Snowflake refuses that text as a syntax error, and DuckDB's "syntax error at or near ")"" points past the model's
// end, inside the statement the materialization wraps it in: the run names it here instead, before sending it.
import { tokenizeSql, type SqlLex } from '../core/sql/tokenize';
import { BronzeError, type SourceLocation } from '../core/types';

/**
 * The offset of a WITH no query follows (comments aside): the last word of `sql`, or the first when only CTEs follow
 * it (`with a as (…),` / `with a as (…)` and nothing after). Undefined for any other text, complete or not.
 */
export function danglingWithOffset(sql: string, lex: SqlLex = tokenizeSql(sql)): number | undefined {
  const { tokens, problems } = lex;
  // An unclosed string or parenthesis is another error, which the warehouse names.
  if (problems.length) return undefined;
  const word = (i: number, w: string): boolean => tokens[i]?.kind === 'ident' && tokens[i].text.toLowerCase() === w;
  /** The index after the parenthesised group opening at i (tokens hold `(` at depth d and `)` back at depth d). */
  const past = (i: number): number => {
    let j = i + 1;
    while (j < tokens.length && !(tokens[j].text === ')' && tokens[j].depth === tokens[i].depth)) j++;
    return j + 1;
  };
  const last = tokens.length - 1;
  if (last >= 0 && word(last, 'with')) return tokens[last].start;
  if (!word(0, 'with')) return undefined;
  let i = word(1, 'recursive') ? 2 : 1;
  for (;;) {
    if (i >= tokens.length) return tokens[0].start;
    // name [(columns)] AS (query): anything else is for the warehouse to judge.
    if (tokens[i].kind !== 'ident' && tokens[i].kind !== 'quoted') return undefined;
    i++;
    if (tokens[i]?.text === '(') i = past(i);
    if (!word(i, 'as') || tokens[i + 1]?.text !== '(') return undefined;
    i = past(i + 1);
    if (i >= tokens.length) return tokens[0].start;
    if (tokens[i].text !== ',') return undefined;
    i++;
  }
}

/**
 * The located error for a model whose compiled SQL is a WITH clause and no query, or undefined. `macros` are the project's own
 * macros its render called (dbt's `macro.<package>.<name>` ids of `package`), named as the likely renderers.
 * `lex`: `sql` tokenized, when the caller has it.
 */
export function danglingWithError(
  name: string,
  sql: string,
  macrosCalled: readonly string[],
  project: string,
  location: SourceLocation,
  lex: SqlLex = tokenizeSql(sql),
): BronzeError | undefined {
  const at = danglingWithOffset(sql, lex);
  if (at === undefined) return undefined;
  const line = sql.slice(0, at).split('\n').length;
  const own = [...new Set(macrosCalled.filter((id) => id.startsWith(`macro.${project}.`)).map((id) => id.slice(`macro.${project}.`.length)))];
  const by = own.length ? `a macro it calls (${own.join(', ')})` : 'its template';
  const advice = own.length
    ? ' A macro that unions the tables an information_schema query lists renders this when the query finds none: create ' +
      'the tables it looks for (on the local twin: declare them as sources and sample them), or make the macro render a ' +
      'query when it finds none.'
    : ' End the WITH clause with the query that reads its CTEs.';
  return new BronzeError(
    `Model ${name} compiled to a WITH clause with no query after it (WITH at line ${line} of its compiled SQL): ${by} ` +
      `opened a WITH clause and rendered no query after its CTEs (if any), which Snowflake refuses as a syntax error too.${advice}`,
    location,
    'bronze/incomplete-sql',
  );
}
