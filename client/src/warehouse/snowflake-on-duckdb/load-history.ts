// The twin's load metadata: the stage files each table loaded with COPY INTO (stage label/path → MD5), kept in
// `<twin>/stages/.load-history/<DB>/<SCHEMA>/<TABLE>.json`, so that a file the table loaded before is skipped
// (stage-run.ts). Snowflake ties that metadata to the table itself, not to its rows: DELETE leaves it, TRUNCATE TABLE
// deletes it (https://docs.snowflake.com/en/sql-reference/sql/truncate-table), and a table made anew (CREATE [OR
// REPLACE] TABLE, a CLONE — its load history is not cloned, https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_07/bcr-908)
// starts with none. The twin follows those statements as the session runs them (`followTableChange`): TRUNCATE,
// CREATE and DROP of a table forget its metadata, a RENAME moves it, SWAP WITH swaps it, and DROP SCHEMA / DATABASE
// forget their tables'.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { formatNameParts, resolveName } from './stage-files';

export interface LoadHistory {
  /** The table's metadata file. */
  file: string;
  /** Stage label/path → the MD5 of the file when it was loaded. */
  loaded: Record<string, string>;
}

const historyRoot = (twinDir: string): string => join(twinDir, 'stages', '.load-history');

function historyFile(twinDir: string, table: string, names: { database: string; schema: string }): string {
  const [db, schema, name] = resolveName(formatNameParts(table), names.database, names.schema);
  return join(historyRoot(twinDir), db, schema, `${name}.json`);
}

/** The files `table` (as written in the statement) loaded. */
export function loadHistory(twinDir: string, table: string, names: { database: string; schema: string }): LoadHistory {
  const file = historyFile(twinDir, table, names);
  return { file, loaded: existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {} };
}

export function writeLoadHistory(file: string, loaded: Record<string, string>): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(loaded, null, 2)}\n`);
}

/** What a statement does to the load metadata of the tables it names. */
export type TableChange =
  | { kind: 'forget'; table: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'swap'; a: string; b: string }
  | { kind: 'forget-container'; what: 'schema' | 'database'; name: string };

/** A cheap test before lexing: only these statements change a table's load metadata. */
const MAYBE_TABLE_CHANGE = /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*(?:truncate|create|drop|alter)\b/i;

/** The dotted name starting at `words[i]` (its text as written) and the index after it, or undefined. */
function nameAt(words: Lexeme[], i: number): { text: string; next: number } | undefined {
  let text = '';
  let j = i;
  for (;;) {
    const w = words[j];
    if (!w || (w.kind !== 'word' && w.kind !== 'quoted-identifier')) return undefined;
    text += w.text;
    j++;
    if (words[j]?.text !== '.') return { text, next: j };
    text += '.';
    j++;
  }
}

/** What `sql` (one Snowflake statement) does to tables' load metadata, or undefined when nothing. */
export function tableChangeOf(sql: string): TableChange | undefined {
  if (!MAYBE_TABLE_CHANGE.test(sql)) return undefined;
  const words = lex(sql).filter((l) => !isTrivia(l));
  const kw = (i: number): string => (words[i]?.kind === 'word' ? words[i].text.toUpperCase() : '');
  let i = 1;
  switch (kw(0)) {
    case 'TRUNCATE': {
      if (kw(i) === 'TABLE') i++;
      if (kw(i) === 'IF' && kw(i + 1) === 'EXISTS') i += 2;
      const name = nameAt(words, i);
      return name && { kind: 'forget', table: name.text };
    }
    case 'CREATE': {
      if (kw(i) === 'OR' && kw(i + 1) === 'REPLACE') i += 2;
      if (kw(i) === 'LOCAL' || kw(i) === 'GLOBAL') i++;
      if (['TEMP', 'TEMPORARY', 'VOLATILE', 'TRANSIENT'].includes(kw(i))) i++;
      if (kw(i) !== 'TABLE') return undefined;
      // CREATE TABLE IF NOT EXISTS of a table that exists changes nothing; one that did not exist had no metadata
      // left (its DROP forgot it).
      if (kw(i + 1) === 'IF') return undefined;
      const name = nameAt(words, i + 1);
      return name && { kind: 'forget', table: name.text };
    }
    case 'DROP': {
      const what = kw(i);
      if (what !== 'TABLE' && what !== 'SCHEMA' && what !== 'DATABASE') return undefined;
      i++;
      if (kw(i) === 'IF' && kw(i + 1) === 'EXISTS') i += 2;
      const name = nameAt(words, i);
      if (!name) return undefined;
      return what === 'TABLE' ? { kind: 'forget', table: name.text } : { kind: 'forget-container', what: what === 'SCHEMA' ? 'schema' : 'database', name: name.text };
    }
    case 'ALTER': {
      if (kw(i) !== 'TABLE') return undefined;
      i++;
      if (kw(i) === 'IF' && kw(i + 1) === 'EXISTS') i += 2;
      const name = nameAt(words, i);
      if (!name) return undefined;
      const other = nameAt(words, name.next + 2);
      if (kw(name.next) === 'RENAME' && kw(name.next + 1) === 'TO' && other) return { kind: 'rename', from: name.text, to: other.text };
      if (kw(name.next) === 'SWAP' && kw(name.next + 1) === 'WITH' && other) return { kind: 'swap', a: name.text, b: other.text };
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Follows `sql`, a statement the session ran, in the twin's load metadata (see the file's head). `names` are the
 * session's current database and schema, upper-case as the metadata's folders are.
 */
export function followTableChange(twinDir: string, sql: string, names: () => Promise<{ database: string; schema: string }>): Promise<void> | undefined {
  // Nothing loaded yet: no statement needs reading.
  if (!existsSync(historyRoot(twinDir))) return undefined;
  const change = tableChangeOf(sql);
  if (!change) return undefined;
  return names().then((current) => {
    const file = (table: string): string => historyFile(twinDir, table, current);
    switch (change.kind) {
      case 'forget':
        rmSync(file(change.table), { force: true });
        return;
      case 'forget-container': {
        const parts = formatNameParts(change.name).map((p) => p.text);
        const folder = change.what === 'database' ? [parts[0]] : parts.length === 2 ? parts : [current.database, parts[0]];
        rmSync(join(historyRoot(twinDir), ...folder), { recursive: true, force: true });
        return;
      }
      case 'rename': {
        const [from, to] = [file(change.from), file(change.to)];
        if (!existsSync(from)) return;
        mkdirSync(dirname(to), { recursive: true });
        renameSync(from, to);
        return;
      }
      case 'swap': {
        const [a, b] = [file(change.a), file(change.b)];
        const [hasA, hasB] = [existsSync(a), existsSync(b)];
        const aside = `${a}.swap`;
        if (hasA) renameSync(a, aside);
        if (hasB) {
          mkdirSync(dirname(a), { recursive: true });
          renameSync(b, a);
        }
        if (hasA) {
          mkdirSync(dirname(b), { recursive: true });
          renameSync(aside, b);
        }
        return;
      }
    }
  });
}
