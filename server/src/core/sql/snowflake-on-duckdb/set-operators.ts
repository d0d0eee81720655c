// MINUS is Snowflake's other name for EXCEPT (the set operators page: "MINUS / EXCEPT"); DuckDB knows only EXCEPT and
// failed with a raw "syntax error at or near select". Both remove the second query's rows with duplicates eliminated,
// as DuckDB's EXCEPT does. MINUS is reserved in Snowflake, so an unquoted MINUS before a query is always the operator.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

/** Lexeme index → `EXCEPT` for each MINUS set operator in lx[from, to). */
export function minusEdits(lx: Lexeme[], from: number, to: number, edits: Map<number, string>): void {
  for (let i = from; i < to; i++) {
    if (!isWord(lx[i], 'minus') || edits.has(i)) continue;
    let k = i + 1;
    while (k < to && isTrivia(lx[k])) k++;
    if (isWord(lx[k], 'select') || isWord(lx[k], 'with') || isPunct(lx[k], '(')) edits.set(i, 'EXCEPT');
  }
}
