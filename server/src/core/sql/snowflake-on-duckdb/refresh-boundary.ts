// DYNAMIC_TABLE_REFRESH_BOUNDARY( <object_name> ) in a FROM or JOIN of a dynamic table's definition
// (https://docs.snowflake.com/user-guide/dynamic-tables-refresh-boundary): the input "is treated as belonging to a
// separate pipeline and read like a regular table". It changes when Snowflake refreshes, never which rows the query
// reads at a refresh; the DuckDB target builds a dynamic table as a table from its query at each run, so the input is
// read as written without the wrapper. DuckDB took the keyword for an unknown table function.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';

/** Edits (lexeme index → text) dropping each DYNAMIC_TABLE_REFRESH_BOUNDARY( and its `)` around an object name. */
export function refreshBoundaryEdits(lx: Lexeme[], from: number, to: number): Map<number, string> {
  const edits = new Map<number, string>();
  const next = (i: number): number => {
    let j = i + 1;
    while (j < to && isTrivia(lx[j])) j++;
    return j;
  };
  for (let i = from; i < to; i++) {
    if (!isWord(lx[i], 'dynamic_table_refresh_boundary')) continue;
    const open = next(i);
    if (!isPunct(lx[open], '(')) continue;
    // Only an object name inside: words and quoted identifiers joined by dots.
    let j = next(open);
    let name = false;
    while (j < to && (lx[j].kind === 'word' || lx[j].kind === 'quoted-identifier')) {
      name = true;
      const after = next(j);
      if (!isPunct(lx[after], '.')) {
        j = after;
        break;
      }
      j = next(after);
    }
    if (!name || !isPunct(lx[j], ')')) continue;
    edits.set(i, '');
    edits.set(open, '');
    edits.set(j, '');
  }
  return edits;
}
