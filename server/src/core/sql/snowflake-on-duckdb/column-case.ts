// Column names as Snowflake resolves them. A quoted identifier matches exactly (`"x"` finds only a column stored as
// x, https://docs.snowflake.com/en/sql-reference/identifiers-syntax), while DuckDB resolves column names
// case-insensitively even when quoted: `select "x" from (select 1 as x)` finds the column X there and fails on
// Snowflake. A quoted name with a lower-case letter in a column position can only resolve to a column stored with
// exactly that spelling: one the statement itself defines (an alias, a CTE or CREATE TABLE column), or a column of
// some table or view in the catalog (looked up case-sensitively by the caller). Otherwise Snowflake fails, and so
// must the DuckDB target. The guard errs on letting a statement through: a name it cannot place for certain in a
// column position, or one the statement might define, is left to DuckDB.
import { isTrivia, lex, type Lexeme } from '../tokenize';
import { identifierName, namePart, shownName, tableReferences, type NamePart } from './name-case';
import { isPunct, isWord } from './template';

export interface QuotedColumnReference {
  /** The name as stored (without quotes, `""` read as `"`). */
  name: string;
  /** Offset of the reference (its qualifier's, for `t."x"`) in the statement. */
  at: number;
  /** The reference as Snowflake's messages show it: `"x"`, `T."x"`. */
  shown: string;
}

/** Statements whose quoted names are checked: queries, DML and CREATE TABLE/VIEW. */
const CHECKED = /^\s*(\(\s*)*(select|with|insert|update|delete|merge|create\s+(or\s+replace\s+)?((local|global)\s+)?((temp|temporary|volatile|transient|secure|recursive|materialized)\s+)*(table|view))\b/i;

/**
 * Statements whose columns may come from where the catalog cannot tell (a file, an earlier result, a table function
 * Bronze does not know the columns of), or be named by a literal (PIVOT's `'a'` columns): left to DuckDB.
 */
const UNKNOWN_COLUMNS =
  /\b(result_scan|read_\w+|parquet_scan|pivot|unpivot|match_recognize)\b|\btable\s*\(\s*(?!(lateral\s+)?(flatten|split_to_table|strtok_split_to_table|generator)\s*\()|\b(from|join)\s+(lateral\s+)?(?!(flatten|split_to_table|strtok_split_to_table|generator|table)\s*\()[\w.$]+\s*\(|\b(from|join)\s*(\(\s*)*['@$]/i;

/** After these words a quoted identifier starts an expression: it names a column (or a qualifier, left out). */
const EXPRESSION_START = new Set([
  'select', 'distinct', 'all', 'by', 'when', 'then', 'else', 'and', 'or', 'not', 'where', 'having', 'qualify', 'on',
  'is', 'between', 'like', 'ilike', 'rlike', 'in', 'any', 'case', 'set', 'exclude', 'top', 'return', 'using',
]);

const hasLowerCase = (s: string): boolean => s !== s.toUpperCase();
const isName = (l: Lexeme | undefined): boolean => l?.kind === 'word' || l?.kind === 'quoted-identifier';

/** The index of the `)` closing the group opened at sig[open]. */
function closeOf(sig: Lexeme[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (isPunct(sig[k], '(')) depth++;
    else if (isPunct(sig[k], ')') && --depth === 0) return k;
  }
  return sig.length;
}

/** The index of the `[` opening the group closed at sig[close]. */
function openOf(sig: Lexeme[], close: number): number {
  let depth = 0;
  for (let k = close; k >= 0; k--) {
    if (isPunct(sig[k], ']')) depth++;
    else if (isPunct(sig[k], '[') && --depth === 0) return k;
  }
  return -1;
}

/**
 * The quoted names with a lower-case letter that `sql` uses as column references and does not define itself, in
 * order. Empty for a statement the guard does not check.
 */
export function quotedColumnReferences(sql: string): QuotedColumnReference[] {
  if (!/"[^"]*[a-z]/.test(sql)) return [];
  return columnReferences(sql, 'quoted-identifier', hasLowerCase);
}

/**
 * The unquoted names (their Snowflake, upper-case, form) that `sql` uses as column references, does not define
 * itself, and for which `wanted` holds, in order: the candidates for a column created from a quoted lower-case name
 * (`"a"`), which Snowflake's `A` does not find while DuckDB's case-insensitive lookup does.
 */
export function unquotedColumnReferences(sql: string, wanted: (name: string) => boolean): QuotedColumnReference[] {
  return columnReferences(sql, 'word', wanted);
}

function columnReferences(sql: string, kind: 'word' | 'quoted-identifier', wanted: (name: string) => boolean): QuotedColumnReference[] {
  if (!CHECKED.test(sql) || UNKNOWN_COLUMNS.test(sql)) return [];
  const sig = lex(sql).filter((l) => !isTrivia(l));
  // Table, schema and database names: the table check (name-case.ts) handles them.
  const tableNameAt = new Set<number>();
  const createdTableEnds: number[] = [];
  for (const ref of tableReferences(sql)) {
    let k = sig.findIndex((l) => l.start === ref.at);
    for (let p = 0; p < ref.parts.length && k >= 0; p++, k += 2) tableNameAt.add(sig[k].start);
    if (ref.creates && k >= 0) createdTableEnds.push(k - 1);
  }
  // Where the statement defines each name (token indices).
  const defined = new Map<string, number[]>();
  const define = (name: string, at: number): void => void defined.set(name, [...(defined.get(name) ?? []), at]);
  // Column lists that name columns: CREATE TABLE t (…), a CTE's or CREATE VIEW's `name (…) AS (`, an alias's `AS t (…)`.
  for (let k = 1; k < sig.length; k++) {
    if (!isPunct(sig[k], '(') || !isName(sig[k - 1])) continue;
    const close = closeOf(sig, k);
    const columnList =
      createdTableEnds.includes(k) ||
      (isWord(sig[close + 1], 'as') && (isPunct(sig[close + 2], '(') || isWord(sig[close + 2], 'select') || isWord(sig[close + 2], 'with'))) ||
      isWord(sig[k - 2], 'as');
    if (!columnList) continue;
    let depth = 0;
    for (let j = k; j < close; j++) {
      if (isPunct(sig[j], '(')) depth++;
      else if (isPunct(sig[j], ')')) depth--;
      else if (depth === 1 && isName(sig[j])) define(identifierName(sig[j]), j);
    }
  }
  const candidates: (QuotedColumnReference & { ownAlias: number })[] = [];
  for (let k = 0; k < sig.length; k++) {
    const l = sig[k];
    if (!isName(l) || tableNameAt.has(l.start)) continue;
    const name = identifierName(l);
    const prev = sig[k - 1];
    const next = sig[k + 1];
    // A qualifier (`"t".x`), a function (`"f"(x)`) or a named argument: not a column. A lambda parameter is one the
    // lambda's body may name.
    if (isPunct(next, '->')) define(name, k);
    if (isPunct(next, '.') || isPunct(next, '(') || isPunct(next, '=>') || isPunct(next, '->')) continue;
    // A CTE's name (`, c AS (`).
    if (isWord(next, 'as') && isPunct(sig[k + 2], '(')) {
      define(name, k);
      continue;
    }
    if (isPunct(prev, '.')) {
      // The last part of a dotted name: a column (`t."x"`) unless the chain is a VARIANT path (`v:a."b"`).
      let j = k - 1;
      while (isPunct(sig[j], '.')) {
        j--;
        while (isPunct(sig[j], ']')) j = openOf(sig, j) - 1;
        if (!isName(sig[j])) break;
        j--;
      }
      if (isPunct(sig[j], ':')) continue;
    } else if (isPunct(prev, ':') || isPunct(prev, '[') || isPunct(prev, '::')) continue;
    else if (prev && !(prev.kind === 'punct' && prev.text !== ')' && prev.text !== ']') && !(prev.kind === 'word' && EXPRESSION_START.has(prev.text.toLowerCase()))) {
      // After a value (`1 "x"`, `t "x"`, `AS "x"`) or a word that does not start an expression: an alias, or a
      // name the guard cannot place. Either way a name this statement may define.
      define(name, k);
      continue;
    }
    if (l.kind !== kind || !wanted(name)) continue;
    // Its qualifier (`t.`, `s."T".`), shown in the message and where the error points.
    const parts: NamePart[] = [{ text: name, quoted: true }];
    let q = k;
    while (isPunct(sig[q - 1], '.') && isName(sig[q - 2])) {
      q -= 2;
      parts.unshift(namePart(sig[q])!);
    }
    if (kind === 'word') parts[parts.length - 1] = { text: l.text, quoted: false };
    // Its own alias (`"id" AS "id"`) does not define what it reads.
    const ownAlias = isWord(next, 'as') ? k + 2 : k + 1;
    candidates.push({ name, at: sig[q].start, shown: parts.map((p) => shownName(p)).join('.'), ownAlias });
  }
  return candidates
    .filter((c) => !(defined.get(c.name) ?? []).some((at) => at !== c.ownAlias))
    .map(({ name, at, shown }) => ({ name, at, shown }));
}

/** Snowflake's message for a quoted column reference it does not resolve. */
export const invalidIdentifier = (ref: QuotedColumnReference): string => `invalid identifier '${ref.shown}'`;
