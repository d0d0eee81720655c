// A model whose compiled SQL ends with the word WITH: a macro opened a WITH clause and rendered no CTE and no query
// after it (mattermost's Rudderstack union, when the information_schema query that lists its tables finds none).
// Snowflake refuses that text as a syntax error, and DuckDB's "syntax error at or near ")"" points past the model's
// end, inside the statement the materialization wraps it in: the run names it here instead, before sending it.
import { tokenizeSql } from '../core/sql/tokenize';
import { BronzeError, type SourceLocation } from '../core/types';

/** The offset of the final WITH when `sql`'s last significant token is that word (comments aside), else undefined. */
export function danglingWithOffset(sql: string): number | undefined {
  const { tokens } = tokenizeSql(sql);
  const last = tokens[tokens.length - 1];
  return last && last.kind === 'ident' && last.text.toLowerCase() === 'with' ? last.start : undefined;
}

/**
 * The located error for a model whose compiled SQL ends with WITH, or undefined. `macros` are the project's own
 * macros its render called (dbt's `macro.<package>.<name>` ids of `package`), named as the likely renderers.
 */
export function danglingWithError(name: string, sql: string, macrosCalled: readonly string[], project: string, location: SourceLocation): BronzeError | undefined {
  const at = danglingWithOffset(sql);
  if (at === undefined) return undefined;
  const line = sql.slice(0, at).split('\n').length;
  const own = [...new Set(macrosCalled.filter((id) => id.startsWith(`macro.${project}.`)).map((id) => id.slice(`macro.${project}.`.length)))];
  const by = own.length ? `a macro it calls (${own.join(', ')})` : 'its template';
  return new BronzeError(
    `Model ${name} compiled to SQL that ends with WITH (line ${line} of its compiled SQL): ${by} opened a WITH clause and ` +
      'rendered no CTE and no query after it, which Snowflake refuses as a syntax error too. A macro that unions the ' +
      'tables an information_schema query lists renders this when the query finds none: create the tables it looks ' +
      'for (on the local twin: declare them as sources and sample them), or make the macro render a query when it finds none.',
    location,
    'bronze/incomplete-sql',
  );
}
