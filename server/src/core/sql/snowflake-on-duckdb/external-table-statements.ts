// The external-table statements read into what the local twin needs to run them
// (client/src/warehouse/snowflake-on-duckdb/external-table-run.ts): CREATE [OR REPLACE] EXTERNAL TABLE
// (https://docs.snowflake.com/en/sql-reference/sql/create-external-table), ALTER EXTERNAL TABLE … REFRESH
// (https://docs.snowflake.com/en/sql-reference/sql/alter-external-table) and DROP EXTERNAL TABLE. Only the reading lives
// here; a form the twin does not run is an UnsupportedOnDuckDb naming it, at its offset.
import type { Lexeme } from '../tokenize';
import { optionText, readName, readStage, readValue, significant, type NamePart, type OptionValue, type StageRef } from './stage-statements';
import { UnsupportedOnDuckDb } from './unsupported';

/** A column of an external table: `name type AS expr`, a virtual column computed from VALUE or the file's metadata. */
export interface ExternalColumn {
  name: NamePart;
  /** The type as written (`varchar`, `NUMBER(38, 0)`). */
  type: string;
  /** The expression as written. */
  expr: string;
}

export type ExternalTableStatement =
  | {
      kind: 'create-external-table';
      name: NamePart[];
      orReplace: boolean;
      ifNotExists: boolean;
      columns: ExternalColumn[];
      stage: StageRef;
      pattern?: string;
      /** FILE_FORMAT = (FORMAT_NAME = 'x') or FILE_FORMAT = (TYPE = …): the named format, when one is named. */
      formatName?: string;
      at: number;
    }
  | { kind: 'refresh-external-table'; name: NamePart[]; ifExists: boolean; at: number }
  | { kind: 'drop-external-table'; name: NamePart[]; ifExists: boolean; at: number };

const word = (l: Lexeme | undefined): string => (l?.kind === 'word' ? l.text.toLowerCase() : '');
const punct = (l: Lexeme | undefined, p: string): boolean => !!l && l.kind === 'punct' && l.text === p;

/** Options that change nothing a query of the table returns on the twin, whose files never change under it. */
const NO_EFFECT = new Set(['AUTO_REFRESH', 'AWS_SNS_TOPIC', 'INTEGRATION', 'COMMENT']);

/** The index of the `)` closing the `(` at sig[open]. */
function closing(sig: Lexeme[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (punct(sig[k], '(')) depth++;
    else if (punct(sig[k], ')') && --depth === 0) return k;
  }
  throw new UnsupportedOnDuckDb('an unclosed parenthesis', sig[open].start);
}

/** The column definitions between sig[open] `(` and sig[close] `)`. */
function columnsOf(sql: string, sig: Lexeme[], open: number, close: number): ExternalColumn[] {
  const items: Array<[number, number]> = [];
  let start = open + 1;
  let depth = 0;
  for (let k = open + 1; k <= close; k++) {
    if (punct(sig[k], '(')) depth++;
    else if (punct(sig[k], ')') && k !== close) depth--;
    if (k === close || (depth === 0 && punct(sig[k], ','))) {
      if (k > start) items.push([start, k]);
      start = k + 1;
    }
  }
  return items.map(([from, to]) => {
    const head = sig[from];
    if (head.kind !== 'word' && head.kind !== 'quoted-identifier') throw new UnsupportedOnDuckDb(`an external table column written ${head.text}`, head.start);
    const name: NamePart = head.kind === 'word' ? { text: head.text.toUpperCase(), quoted: false } : { text: head.text.slice(1, -1).replace(/""/g, '"'), quoted: true };
    let as = -1;
    let d = 0;
    for (let k = from + 1; k < to; k++) {
      if (punct(sig[k], '(')) d++;
      else if (punct(sig[k], ')')) d--;
      else if (d === 0 && word(sig[k]) === 'as') {
        as = k;
        break;
      }
    }
    if (as < 0 || as + 1 >= to) throw new UnsupportedOnDuckDb(`the external table column ${head.text} without AS <expression>`, head.start);
    // An inline constraint after the expression (NOT NULL, PRIMARY KEY …) is refused by name rather than read as part of it.
    d = 0;
    for (let k = as + 1; k < to; k++) {
      if (punct(sig[k], '(')) d++;
      else if (punct(sig[k], ')')) d--;
      else if (d === 0 && (['constraint', 'primary', 'unique', 'references', 'foreign'].includes(word(sig[k])) || (word(sig[k]) === 'not' && word(sig[k + 1]) === 'null'))) {
        throw new UnsupportedOnDuckDb(`an inline constraint on the external table column ${head.text}`, sig[k].start);
      }
    }
    const end = (l: Lexeme): number => l.start + l.text.length;
    return { name, type: sql.slice(sig[from + 1].start, end(sig[as - 1])), expr: sql.slice(sig[as + 1].start, end(sig[to - 1])) };
  });
}

/**
 * The external-table statement `sql` is, or undefined when it is none. Throws UnsupportedOnDuckDb for the forms the
 * twin does not run, naming them.
 */
export function parseExternalTableStatement(sql: string): ExternalTableStatement | undefined {
  const sig = significant(sql);
  const w = (k: number): string => word(sig[k]);
  const at = sig[0]?.start ?? 0;
  if ((w(0) === 'alter' || w(0) === 'drop') && w(1) === 'external' && w(2) === 'table') {
    let k = 3;
    const ifExists = w(k) === 'if' && w(k + 1) === 'exists';
    if (ifExists) k += 2;
    const name = readName(sig, k);
    if (!name) return undefined;
    if (w(0) === 'drop') return { kind: 'drop-external-table', name: name.parts, ifExists, at };
    if (w(name.next) !== 'refresh') {
      throw new UnsupportedOnDuckDb(`ALTER EXTERNAL TABLE … ${sig[name.next]?.text.toUpperCase() ?? ''} (the local twin runs ALTER EXTERNAL TABLE … REFRESH only)`, sig[name.next]?.start ?? at);
    }
    return { kind: 'refresh-external-table', name: name.parts, ifExists, at };
  }
  if (w(0) !== 'create') return undefined;
  let k = 1;
  let orReplace = false;
  if (w(k) === 'or' && w(k + 1) === 'replace') {
    orReplace = true;
    k += 2;
  }
  if (w(k) !== 'external' || w(k + 1) !== 'table') return undefined;
  k += 2;
  const ifNotExists = w(k) === 'if' && w(k + 1) === 'not' && w(k + 2) === 'exists';
  if (ifNotExists) k += 3;
  const name = readName(sig, k);
  if (!name) return undefined;
  k = name.next;
  let columns: ExternalColumn[] = [];
  if (punct(sig[k], '(')) {
    const close = closing(sig, k);
    columns = columnsOf(sql, sig, k, close);
    k = close + 1;
  }
  let stage: StageRef | undefined;
  const options = new Map<string, { value: OptionValue; at: number }>();
  while (k < sig.length && !punct(sig[k], ';')) {
    const l = sig[k];
    if (w(k) === 'partition' && w(k + 1) === 'by' && punct(sig[k + 2], '(')) {
      // Partitions prune which files a query reads, never which rows it returns.
      k = closing(sig, k + 2) + 1;
      continue;
    }
    if (w(k) === 'copy' && w(k + 1) === 'grants') {
      k += 2;
      continue;
    }
    if (w(k) === 'with' && w(k + 1) === 'location') {
      k++;
      continue;
    }
    if (w(k) === 'using' && w(k + 1) === 'template') throw new UnsupportedOnDuckDb('CREATE EXTERNAL TABLE … USING TEMPLATE', l.start);
    if (['with', 'row', 'tag'].includes(w(k))) throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE with ${[l.text, sig[k + 1]?.text ?? ''].join(' ').toUpperCase().trim()}`, l.start);
    if (w(k) === 'location' && punct(sig[k + 1], '=')) {
      const s = readStage(sql, sig, k + 2);
      if (!s) throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE with LOCATION = ${sig[k + 2]?.text ?? '…'} (a location that is not @stage[/path])`, l.start);
      stage = s.stage;
      k = s.next;
      continue;
    }
    if (l.kind !== 'word') throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE with ${l.kind === 'string' ? 'a string' : l.text} where an option was expected`, l.start);
    const v = readValue(sig, punct(sig[k + 1], '=') ? k + 2 : k + 1);
    options.set(l.text.toUpperCase(), { value: v.value, at: l.start });
    k = v.next;
  }
  for (const [key, { value, at: keyAt }] of options) {
    const text = optionText(value)?.toUpperCase();
    if (key === 'REFRESH_ON_CREATE' && text === 'FALSE') {
      throw new UnsupportedOnDuckDb('CREATE EXTERNAL TABLE with REFRESH_ON_CREATE = FALSE (the table would list no file until ALTER EXTERNAL TABLE … REFRESH)', keyAt);
    }
    if (key === 'TABLE_FORMAT' && text !== undefined) throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE with TABLE_FORMAT = ${text}`, keyAt);
    if (key === 'PARTITION_TYPE') throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE with PARTITION_TYPE = ${text ?? '…'} (partitions added by hand)`, keyAt);
    if (!['REFRESH_ON_CREATE', 'PATTERN', 'FILE_FORMAT', ...NO_EFFECT].includes(key)) throw new UnsupportedOnDuckDb(`CREATE EXTERNAL TABLE with ${key}`, keyAt);
  }
  if (!stage) throw new UnsupportedOnDuckDb('CREATE EXTERNAL TABLE without LOCATION = @stage', at);
  const ff = options.get('FILE_FORMAT')?.value;
  const formatName = ff?.kind === 'options' ? optionText(ff.options.get('FORMAT_NAME')?.value) : ff?.kind === 'word' || ff?.kind === 'string' ? ff.value : undefined;
  const pattern = optionText(options.get('PATTERN')?.value);
  return {
    kind: 'create-external-table',
    name: name.parts,
    orReplace,
    ifNotExists,
    columns,
    stage,
    ...(pattern !== undefined ? { pattern } : {}),
    ...(formatName !== undefined ? { formatName } : {}),
    at,
  };
}
