// `UPDATE t [AS] a SET a.col = … [FROM …] [WHERE …]`: Snowflake runs a SET target qualified by the target table
// (https://docs.snowflake.com/en/sql-reference/sql/update: the target is `<target_table> [ [ AS ] <alias_name> ]`; the
// projects Snowflake runs in production write `SET tgt.col = …`), DuckDB's parser refuses any qualified SET column.
// The qualifier naming the target can only mean the target's column, so it is dropped; any other qualifier (a FROM
// table) is refused by name at its place rather than left to DuckDB's raw parser error.
import type { Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { identifierName } from './name-case';
import { UnsupportedOnDuckDb } from './unsupported';

const isName = (l: Lexeme | undefined): boolean => l?.kind === 'word' || l?.kind === 'quoted-identifier';

/** The dotted name whose first part is the lexeme at sig[k]: the sig positions of its parts. */
function namePartsAt(lx: Lexeme[], sig: number[], k: number): number[] {
  const parts: number[] = [];
  while (isName(lx[sig[k]])) {
    parts.push(k);
    if (!isPunct(lx[sig[k + 1]], '.')) break;
    k += 2;
  }
  return parts;
}

/**
 * Edits for an UPDATE statement (`sig`: its top-level lexeme indexes, UPDATE at sig[0]): each SET target qualified by
 * the target table loses its qualifier. The target is known by its alias when it has one (its name is then hidden, as
 * in a query), otherwise by its name or a qualified form of it; identifiers compare as Snowflake resolves them
 * (unquoted case-insensitively, quoted exactly).
 */
export function updateSetEdits(lx: Lexeme[], sig: number[], edits: Map<number, string>): void {
  const table = namePartsAt(lx, sig, 1);
  if (!table.length) return;
  let k = table[table.length - 1] + 1;
  if (isWord(lx[sig[k]], 'as')) k++;
  const alias = !isWord(lx[sig[k]], 'set') && isName(lx[sig[k]]) ? identifierName(lx[sig[k]]) : undefined;
  if (alias !== undefined) k++;
  if (!isWord(lx[sig[k]], 'set')) return;
  const tableNames = table.map((p) => identifierName(lx[sig[p]]));
  const namesTarget = (qualifier: string[]): boolean =>
    alias !== undefined
      ? qualifier.length === 1 && qualifier[0] === alias
      : qualifier.length <= tableNames.length && qualifier.every((q, i) => q === tableNames[tableNames.length - qualifier.length + i]);
  // Each item `col = expr` starts after SET or a top-level comma; the list ends at the top-level FROM or WHERE.
  for (let start = k + 1; start < sig.length; ) {
    const column = namePartsAt(lx, sig, start);
    if (column.length > 1 && isPunct(lx[sig[column[column.length - 1] + 1]], '=')) {
      const qualifier = column.slice(0, -1).map((p) => identifierName(lx[sig[p]]));
      if (!namesTarget(qualifier)) {
        const written = lx.slice(sig[start], sig[column[column.length - 1]] + 1).map((l) => l.text).join('');
        throw new UnsupportedOnDuckDb(`UPDATE … SET ${written} (a SET column qualified by other than the target table)`, lx[sig[start]].start);
      }
      for (let i = sig[start]; i < sig[column[column.length - 1]]; i++) edits.set(i, '');
    }
    let next = start;
    while (next < sig.length && !isPunct(lx[sig[next]], ',') && !isWord(lx[sig[next]], 'from') && !isWord(lx[sig[next]], 'where')) next++;
    if (!isPunct(lx[sig[next]], ',')) break;
    start = next + 1;
  }
}
