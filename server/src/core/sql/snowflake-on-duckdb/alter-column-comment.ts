// `ALTER TABLE t { ALTER | MODIFY } [ ( ] [ COLUMN ] c COMMENT '…' [ , [ COLUMN ] c2 { COMMENT '…' | UNSET COMMENT } … ] [ ) ]`
// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column; dbt-snowflake's persist_docs sends it for a
// table's documented columns). DuckDB sets a column's comment only with COMMENT ON COLUMN, one column a statement
// (https://docs.snowflake.com/en/sql-reference/sql/comment says the same command changes a column's comment on Snowflake).
import { isTrivia, type Lexeme } from '../tokenize';
import { duckDbStringLiteral, snowflakeStringValue } from './string-literals';
import { isPunct, isWord } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** A string or $$…$$ literal's text, or undefined (a COMMENT's text: here and in CREATE TABLE, translate.ts). */
export function commentText(l: Lexeme | undefined): string | undefined {
  if (l?.kind === 'string') return snowflakeStringValue(l.text);
  if (l?.kind === 'dollar-string') return l.text.replace(/^\$\$/, '').replace(/\$\$$/, '');
  return undefined;
}

/**
 * The DuckDB statements for an ALTER TABLE|VIEW … ALTER|MODIFY whose column actions are all COMMENT / UNSET COMMENT
 * (`at`: the lexeme after the relation's name, `kind`: table or view), or undefined when any action is something else
 * (the statement is then translated as before). A list mixing comments with other changes, and a view column's comment
 * (DuckDB keeps none: COMMENT ON COLUMN refuses views), are refused by name.
 */
export function alterColumnComments(lx: Lexeme[], relation: string, kind: 'table' | 'view', at: number, to: number): string | undefined {
  const toks = lx.slice(at, to).filter((l) => !isTrivia(l) && !isPunct(l, ';'));
  if (!(isWord(toks[0], 'alter') || isWord(toks[0], 'modify'))) return undefined;
  let body = toks.slice(1);
  if (isPunct(body[0], '(') && isPunct(body[body.length - 1], ')')) body = body.slice(1, -1);
  // Split the actions at top-level commas.
  const actions: Lexeme[][] = [[]];
  let depth = 0;
  for (const l of body) {
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) depth--;
    if (depth === 0 && isPunct(l, ',')) actions.push([]);
    else actions[actions.length - 1].push(l);
  }
  const comments: { column: Lexeme; value: string | null }[] = [];
  let others = false;
  for (const a of actions) {
    const x = isWord(a[0], 'column') ? a.slice(1) : a;
    const column = x[0];
    const named = column?.kind === 'word' || column?.kind === 'quoted-identifier';
    const value = x.length === 3 && isWord(x[1], 'comment') ? commentText(x[2]) : undefined;
    if (named && value !== undefined) comments.push({ column, value });
    else if (named && x.length === 3 && isWord(x[1], 'unset') && isWord(x[2], 'comment')) comments.push({ column, value: null });
    else others = true;
  }
  if (comments.length === 0) return undefined;
  if (others) throw new UnsupportedOnDuckDb(`ALTER ${kind.toUpperCase()} … ALTER COLUMN mixing COMMENT with other column changes in one statement`, toks[0].start);
  if (kind === 'view') throw new UnsupportedOnDuckDb("A view column's COMMENT (ALTER VIEW … ALTER COLUMN … COMMENT)", toks[0].start);
  return comments
    .map(({ column, value }) => {
      const text = value === null ? 'NULL' : duckDbStringLiteral(value);
      if (text === undefined) throw new UnsupportedOnDuckDb('A column COMMENT holding a NUL character', column.start);
      return `COMMENT ON COLUMN ${relation}.${column.text} IS ${text}`;
    })
    .join('; ');
}
