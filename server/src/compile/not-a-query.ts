// A model whose compiled SQL is no query: nothing but whitespace and comments (a file of `{% macro %}` blocks under a
// model path is a model too in dbt, as well as a macro file when macro-paths names its folder), or statements such as
// INSERT/DELETE written as a model body (robling_product's `*_SEED_*` install scripts). dbt wraps the text in the
// materialization's `create … as (…)`, which Snowflake refuses as a syntax error; DuckDB's "syntax error at or near
// DELETE" points inside that wrapper. The run names it here instead, before sending it.
import { tokenizeSql, type SqlLex } from '../core/sql/tokenize';
import { BronzeError, type SourceLocation } from '../core/types';

/** Words that open a statement no `create view/table … as` can wrap (Snowflake's DML, DDL, access and session commands). */
const STATEMENTS = new Set([
  'insert', 'update', 'delete', 'merge', 'truncate', 'create', 'drop', 'alter', 'grant', 'revoke', 'call', 'copy',
  'put', 'get', 'remove', 'use', 'set', 'unset', 'begin', 'commit', 'rollback', 'execute', 'undrop', 'comment',
]);

/** `a DELETE`, `an INSERT`. */
export const statementArticle = (word: string): string => `${/^[AEIOU]/.test(word) ? 'an' : 'a'} ${word}`;

/** What the compiled SQL is instead of a query: `empty`, or the statement word it starts with; undefined for anything else. */
export function notAQuery(sql: string, lex: SqlLex = tokenizeSql(sql)): { kind: 'empty' } | { kind: 'statement'; word: string; offset: number } | undefined {
  const { tokens } = lex;
  if (tokens.length === 0) return { kind: 'empty' };
  const first = tokens[0];
  if (first.kind === 'ident' && STATEMENTS.has(first.text.toLowerCase())) return { kind: 'statement', word: first.text.toUpperCase(), offset: first.start };
  return undefined;
}

/**
 * The located error for a model whose compiled SQL is not a query, or undefined. `rawCode`: the model's file text;
 * `lex`: `sql` tokenized, when the caller has it.
 */
export function notAQueryError(name: string, sql: string, rawCode: string, location: SourceLocation, lex: SqlLex = tokenizeSql(sql)): BronzeError | undefined {
  const what = notAQuery(sql, lex);
  if (!what) return undefined;
  if (what.kind === 'empty') {
    const macros = /\{%-?\s*macro\s/.test(rawCode)
      ? ' Its file holds {% macro %} blocks: dbt reads every .sql file under model-paths as a model, even one macro-paths also names, so disable it (enabled: false in dbt_project.yml) or move the file out of model-paths.'
      : '';
    return new BronzeError(
      `Model ${name} compiled to no SQL (only whitespace and comments): its materialization would wrap nothing, which Snowflake refuses as a syntax error too.${macros}`,
      location,
      'bronze/incomplete-sql',
    );
  }
  const line = sql.slice(0, what.offset).split('\n').length;
  return new BronzeError(
    `Model ${name} compiled to ${statementArticle(what.word)} statement (line ${line} of its compiled SQL), not a query: a model is the SELECT its ` +
      `materialization wraps in create … as (…), and Snowflake refuses ${statementArticle(what.word)} there as a syntax error too. Run such statements ` +
      'in a hook (pre_hook/post_hook, on-run-start) or an operation (bronze run-operation), or make the model a query.',
    location,
    'bronze/incomplete-sql',
  );
}
