// Statements that replace a table's contents or name at once: INSERT OVERWRITE (the rows deleted, then the insert)
// and ALTER TABLE … SWAP WITH (three renames). Each becomes several DuckDB statements that the session runs in one
// transaction (client expanded-statement.ts), so the table is never seen, or left, half done.
import type { Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

/** The object name starting at lexeme `i`: its text as written, its parts (quotes kept) and the index after it. */
function objectName(lx: Lexeme[], i: number, to: number): { text: string; parts: string[]; next: number } {
  const parts: string[] = [];
  let j = i;
  while (j < to && (lx[j]?.kind === 'word' || lx[j]?.kind === 'quoted-identifier')) {
    parts.push(lx[j].text);
    if (!isPunct(lx[j + 1], '.')) {
      j++;
      break;
    }
    j += 2;
  }
  return { text: parts.join('.'), parts, next: j };
}

/**
 * `INSERT OVERWRITE INTO t …` → `DELETE FROM t; INSERT INTO t …`: edits on the statement's top-level lexemes `sig`
 * (INSERT at sig[0], OVERWRITE at sig[1]). The multi-table forms (`INSERT OVERWRITE ALL|FIRST`) are refused.
 */
export function insertOverwriteEdits(lx: Lexeme[], sig: number[], to: number, edits: Map<number, string>): void {
  if (!isWord(lx[sig[2]], 'into')) throw new UnsupportedOnDuckDb('INSERT OVERWRITE ALL / FIRST (a multi-table insert)', lx[sig[1]].start);
  const name = objectName(lx, sig[3] ?? to, to);
  if (!name.parts.length) throw new UnsupportedOnDuckDb('INSERT OVERWRITE into this target', lx[sig[1]].start);
  edits.set(sig[0], `DELETE FROM ${name.text}; ${lx[sig[0]].text}`);
  edits.set(sig[1], '');
  if (lx[sig[1] + 1]?.kind === 'ws') edits.set(sig[1] + 1, '');
}

/**
 * `ALTER TABLE [IF EXISTS] a SWAP WITH b` (`swapAt` the index in `sig` of SWAP) → renames through a free name. The
 * two tables must be in the same schema as written (DuckDB renames within a schema).
 */
export function swapTablesStatement(lx: Lexeme[], sig: number[], swapAt: number, to: number): string {
  const at = lx[sig[swapAt]].start;
  let k = 2;
  if (isWord(lx[sig[k]], 'if') && isWord(lx[sig[k + 1]], 'exists')) throw new UnsupportedOnDuckDb('ALTER TABLE IF EXISTS … SWAP WITH', at);
  const a = objectName(lx, sig[k], to);
  const b = objectName(lx, sig[swapAt + 2] ?? to, to);
  const onlyTrivia = (from: number, end: number): boolean => lx.slice(from, end).every((l) => l.kind === 'ws' || l.kind === 'comment');
  if (!a.parts.length || !b.parts.length || !onlyTrivia(a.next, sig[swapAt]) || !onlyTrivia(b.next, to)) {
    throw new UnsupportedOnDuckDb('ALTER TABLE … SWAP WITH in this form', at);
  }
  const schemaOf = (n: { parts: string[] }): string => n.parts.slice(0, -1).join('.').toLowerCase();
  if (a.parts.length !== b.parts.length || schemaOf(a) !== schemaOf(b)) {
    throw new UnsupportedOnDuckDb('ALTER TABLE … SWAP WITH a table in another schema', at);
  }
  const last = (n: { parts: string[] }): string => n.parts[n.parts.length - 1];
  const bare = (s: string): string => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);
  const free = `"${bare(last(a)).replace(/"/g, '""')}__bz_swap"`;
  const qualified = (name: string): string => [...a.parts.slice(0, -1), name].join('.');
  return [
    `ALTER TABLE ${a.text} RENAME TO ${free}`,
    `ALTER TABLE ${b.text} RENAME TO ${last(a)}`,
    `ALTER TABLE ${qualified(free)} RENAME TO ${last(b)}`,
  ].join('; ');
}
