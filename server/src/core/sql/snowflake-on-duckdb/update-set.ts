// `UPDATE t [AS] a SET a.col = … [FROM …] [WHERE …]`: Snowflake runs a SET target qualified by the target table
// (https://docs.snowflake.com/en/sql-reference/sql/update: the target is `<target_table> [ [ AS ] <alias_name> ]`; the
// projects Snowflake runs in production write `SET tgt.col = …`), DuckDB's parser refuses any qualified SET column.
// The qualifier naming the target can only mean the target's column, so it is dropped; any other qualifier (a FROM
// table) is refused by name at its place rather than left to DuckDB's raw parser error. A MERGE's `WHEN MATCHED THEN
// UPDATE SET tgt.col = …` is the same (https://docs.snowflake.com/en/sql-reference/sql/merge: the target is
// `<target_table> [ [ AS ] <alias> ]` too; robling's custom_merge materialization writes `TGT.col` there).
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

/** Whether a qualifier (its parts' names) names the target: its alias when it has one, else its name or a tail of it. */
function targetNamer(lx: Lexeme[], sig: number[], table: number[], alias: string | undefined): (qualifier: string[]) => boolean {
  const tableNames = table.map((p) => identifierName(lx[sig[p]]));
  return (qualifier) =>
    alias !== undefined
      ? qualifier.length === 1 && qualifier[0] === alias
      : qualifier.length <= tableNames.length && qualifier.every((q, i) => q === tableNames[tableNames.length - qualifier.length + i]);
}

/**
 * The SET list starting after sig[set] (items `col = expr` at top level, until a word of `ends`): each column qualified
 * by the target loses its qualifier; one qualified otherwise is refused by name (`what` names the statement).
 */
function setListEdits(lx: Lexeme[], sig: number[], set: number, namesTarget: (qualifier: string[]) => boolean, ends: readonly string[], what: string, edits: Map<number, string>): void {
  for (let start = set + 1; start < sig.length; ) {
    const column = namePartsAt(lx, sig, start);
    if (column.length > 1 && isPunct(lx[sig[column[column.length - 1] + 1]], '=')) {
      const qualifier = column.slice(0, -1).map((p) => identifierName(lx[sig[p]]));
      if (!namesTarget(qualifier)) {
        const written = lx.slice(sig[start], sig[column[column.length - 1]] + 1).map((l) => l.text).join('');
        throw new UnsupportedOnDuckDb(`${what} SET ${written} (a SET column qualified by other than the target table)`, lx[sig[start]].start);
      }
      for (let i = sig[start]; i < sig[column[column.length - 1]]; i++) edits.set(i, '');
    }
    let next = start;
    while (next < sig.length && !isPunct(lx[sig[next]], ',') && !ends.some((e) => isWord(lx[sig[next]], e))) next++;
    if (!isPunct(lx[sig[next]], ',')) break;
    start = next + 1;
  }
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
  setListEdits(lx, sig, k, targetNamer(lx, sig, table, alias), ['from', 'where'], 'UPDATE …', edits);
}

/**
 * Edits for a MERGE statement (`sig`: its top-level lexeme indexes, MERGE at sig[0]): the SET targets of each
 * `WHEN MATCHED … THEN UPDATE SET` qualified by the target table lose their qualifier, as in an UPDATE.
 */
export function mergeUpdateSetEdits(lx: Lexeme[], sig: number[], edits: Map<number, string>): void {
  if (!isWord(lx[sig[1]], 'into')) return;
  const table = namePartsAt(lx, sig, 2);
  if (!table.length) return;
  let k = table[table.length - 1] + 1;
  if (isWord(lx[sig[k]], 'as')) k++;
  const alias = !isWord(lx[sig[k]], 'using') && isName(lx[sig[k]]) ? identifierName(lx[sig[k]]) : undefined;
  const namesTarget = targetNamer(lx, sig, table, alias);
  for (let i = k; i < sig.length; i++) {
    if (isWord(lx[sig[i]], 'set') && isWord(lx[sig[i - 1]], 'update') && isWord(lx[sig[i - 2]], 'then')) setListEdits(lx, sig, i, namesTarget, ['when'], 'MERGE … UPDATE', edits);
  }
}
