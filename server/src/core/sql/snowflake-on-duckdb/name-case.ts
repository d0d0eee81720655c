// Table names as Snowflake resolves them, checked against DuckDB's catalog. Snowflake stores an unquoted name upper-case
// and a quoted one exactly as written, and looks a reference up the same way; DuckDB matches names case-insensitively,
// so `SELECT * FROM "Two"` finds a table created as TWO, and a second table TAB beside "Tab" cannot exist. The DuckDB
// target folds every unquoted word to upper case before running (identifier-case.ts), so a stored name with upper-
// or mixed-case letters stands for exactly itself: `"orders"` does not find ORDERS. A stored all-lower-case name is
// ambiguous: created quoted, or unquoted by another tool (the duckdb CLI) or by a Bronze that stored unquoted names as
// written. The target records the tables and views it creates from a quoted lower-case name (QUOTED_NAMES_TABLE), and
// those stand for exactly themselves; an unrecorded one is found by its own spelling and by its upper-case form.
// A reference whose Snowflake name no object in the catalog has, while DuckDB would find a differently-cased one,
// fails as it does on Snowflake.
import { isTrivia, lex, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { EXTERNAL_FILES_TABLE } from './external-table-files';
import { SCHEMA_TIMES_TABLE } from './schema-times';

export interface NamePart {
  /** The identifier's text (without quotes). */
  text: string;
  quoted: boolean;
}

export interface TableReference {
  parts: NamePart[];
  /** Offset of the reference's first part in the statement. */
  at: number;
  /** A name CREATE (or ALTER … RENAME TO) gives a new table or view, rather than one it reads. */
  creates: boolean;
  /** CREATE OR REPLACE. */
  replaces?: boolean;
}

export interface CatalogName {
  database: string;
  schema: string;
  name: string;
  /** Recorded in QUOTED_NAMES_TABLE: created from a quoted lower-case name, so it is exactly its stored name. */
  quoted?: boolean;
}

/**
 * The table, in the `main` schema of each DuckDB catalog, that records (schema_name, table_name) of the tables and
 * views the target created from a quoted name with a lower-case letter. Bronze's own: left out of INFORMATION_SCHEMA
 * and SHOW.
 */
export const QUOTED_NAMES_TABLE = 'bz_quoted_names';

/**
 * The table, beside QUOTED_NAMES_TABLE, that records (schema_name, table_name, column_name) of the columns the target
 * created from a quoted name with a lower-case letter (`"a"`): Snowflake's unquoted `a` does not find them.
 */
export const QUOTED_COLUMNS_TABLE = 'bz_quoted_columns';

/**
 * The table, beside QUOTED_NAMES_TABLE, whose presence in any catalog records that a TIMESTAMP_* or TIME precision below
 * 9 was declared on the target (time-precision.ts): DESCRIBE TABLE then refuses time columns by name.
 */
export const TIME_PRECISION_TABLE = 'bz_time_precisions';

/** An SQL condition that is false for Bronze's record tables, given the schema and table name columns. */
export const notQuotedNamesTable = (schema: string, name: string): string =>
  `NOT (${schema} = 'main' AND ${name} IN (${BRONZE_RECORD_TABLES.map((t) => `'${t}'`).join(', ')}))`;

/** Bronze's own record tables in a catalog's `main` schema, which no Snowflake listing shows. */
export const BRONZE_RECORD_TABLES: readonly string[] = [QUOTED_NAMES_TABLE, QUOTED_COLUMNS_TABLE, EXTERNAL_FILES_TABLE, TIME_PRECISION_TABLE, SCHEMA_TIMES_TABLE];

/** A name with lower-case letters and no upper-case ones: the names a stored spelling leaves ambiguous. */
export const isAllLowerCase = (s: string): boolean => s !== s.toUpperCase() && s === s.toLowerCase();

/** Tables and views of the DuckDB catalog, by lower-case name. */
export type CaseCatalog = ReadonlyMap<string, readonly CatalogName[]>;

/** A name with both upper- and lower-case letters. */
export const isMixedCase = (s: string): boolean => s !== s.toLowerCase() && s !== s.toUpperCase();

/** Whether the statement text holds a quoted identifier with mixed case. */
export function hasMixedCaseQuotedName(sql: string): boolean {
  for (const m of sql.matchAll(/"((?:[^"]|"")+)"/g)) if (isMixedCase(m[1])) return true;
  return false;
}

/**
 * Whether the statement text holds a quoted identifier with a lower-case letter (`"orders"`, `"Two"`): the check is
 * only needed then, or when the catalog has mixed-case names.
 */
export function hasLowerCaseQuotedName(sql: string): boolean {
  for (const m of sql.matchAll(/"((?:[^"]|"")+)"/g)) if (m[1] !== m[1].toUpperCase()) return true;
  return false;
}

/**
 * The one reading of an identifier as Snowflake names it (https://docs.snowflake.com/en/sql-reference/identifiers-syntax):
 * a word, or a quoted identifier with its quotes undone (`""` inside stands for one `"`); undefined for other lexemes.
 */
export function namePart(l: Lexeme | undefined): NamePart | undefined {
  if (l?.kind === 'word') return { text: l.text, quoted: false };
  if (l?.kind === 'quoted-identifier') return { text: l.text.slice(1, -1).replace(/""/g, '"'), quoted: true };
  return undefined;
}

/** The Snowflake name a part stands for: upper-case unless quoted (quoted too under QUOTED_IDENTIFIERS_IGNORE_CASE). */
export const snowflakeName = (p: NamePart, ignoreCase = false): string => (p.quoted && !ignoreCase ? p.text : p.text.toUpperCase());

/** The Snowflake name of an identifier lexeme: a quoted one as written (quotes undone), an unquoted one upper-case. */
export const identifierName = (l: Lexeme): string => snowflakeName(namePart(l) ?? { text: l.text, quoted: false });

/** A part as Snowflake's messages show it: a name that is not its own upper-case unquoted form in double quotes. */
export const shownName = (p: NamePart, ignoreCase = false): string => {
  const name = snowflakeName(p, ignoreCase);
  return /^[A-Z_][A-Z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
};

/** Whether Snowflake's lookup of `wanted` finds `stored`: an unrecorded lower-case name also by its upper-case form. */
function sameObject(stored: CatalogName, wanted: string): boolean {
  return stored.name === wanted || (!stored.quoted && isAllLowerCase(stored.name) && wanted === stored.name.toUpperCase());
}

const FROM_LIST_END = new Set([
  'where', 'group', 'order', 'limit', 'having', 'qualify', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural',
  'on', 'using', 'union', 'intersect', 'except', 'minus', 'window', 'lateral', 'offset', 'fetch', 'pivot', 'unpivot',
  'set', 'values', 'select', 'as', 'sample', 'tablesample', 'at', 'before', 'changes', 'match_recognize', 'when', 'returning',
]);

/**
 * Reads a dotted name at sig[k] (parts as written: `snowflakeName` gives each one's name): its parts and the index
 * after it, or undefined when no name starts there.
 */
export function readName(sig: Lexeme[], k: number): { parts: NamePart[]; next: number } | undefined {
  const parts: NamePart[] = [];
  for (let part = namePart(sig[k]); part; part = namePart(sig[k])) {
    parts.push(part);
    if (!isPunct(sig[k + 1], '.')) return { parts, next: k + 1 };
    k += 2;
  }
  return undefined;
}

/** The dotted name (`a.b.c`, quoted parts too) written at `offset` of `sql`, or undefined when none starts there. */
export function dottedNameAt(sql: string, offset: number): NamePart[] | undefined {
  const sig = lex(sql.slice(offset)).filter((l) => !isTrivia(l));
  return sig[0]?.start === 0 ? readName(sig, 0)?.parts : undefined;
}

/**
 * The tables and views a statement names: after FROM, JOIN, INTO, UPDATE, USING, TABLE and VIEW (comma lists after
 * FROM too), and the names CREATE and RENAME TO give. Table functions, subqueries and CTE names are left out.
 */
export function tableReferences(sql: string): TableReference[] {
  const sig = lex(sql).filter((l) => !isTrivia(l));
  const ctes = new Set<string>();
  for (let k = 1; k + 2 < sig.length; k++) {
    // `WITH name [(cols)] AS (` and `, name AS (`.
    const before = sig[k - 1];
    if (!(isWord(before, 'with') || isWord(before, 'recursive') || isPunct(before, ','))) continue;
    if (sig[k].kind !== 'word' && sig[k].kind !== 'quoted-identifier') continue;
    let a = k + 1;
    if (isPunct(sig[a], '(')) {
      let depth = 0;
      for (; a < sig.length; a++) {
        if (isPunct(sig[a], '(')) depth++;
        else if (isPunct(sig[a], ')') && --depth === 0) break;
      }
      a++;
    }
    if (isWord(sig[a], 'as') && isPunct(sig[a + 1], '(')) ctes.add(sig[k].text.replace(/"/g, '').toLowerCase());
  }
  const out: TableReference[] = [];
  // After FROM and JOIN a name followed by `(` is a table function.
  const take = (k: number, creates: boolean, callable = false): number | undefined => {
    const name = readName(sig, k);
    if (!name || (callable && isPunct(sig[name.next], '('))) return undefined;
    const single = name.parts.length === 1 ? name.parts[0].text.toLowerCase() : undefined;
    if (single !== undefined && ctes.has(single)) return name.next;
    out.push({ parts: name.parts, at: sig[k].start, creates, ...(creates && isWord(sig[1], 'or') && isWord(sig[2], 'replace') ? { replaces: true } : {}) });
    return name.next;
  };
  /** The index after the group opened at `open`. */
  const after = (open: number): number => {
    let depth = 0;
    for (let k = open; k < sig.length; k++) {
      if (isPunct(sig[k], '(')) depth++;
      else if (isPunct(sig[k], ')') && --depth === 0) return k + 1;
    }
    return sig.length;
  };
  // One item of a FROM list: a name is recorded; a subquery or a table function is stepped over.
  const fromItem = (n: number): number | undefined => {
    if (isPunct(sig[n], '(')) return after(n);
    if (isWord(sig[n], 'lateral')) n++;
    const name = readName(sig, n);
    if (name && isPunct(sig[name.next], '(')) return after(name.next);
    return take(n, false);
  };
  const first = sig[0]?.kind === 'word' ? sig[0].text.toLowerCase() : '';
  // Per parenthesis depth, whether a SELECT or DELETE opened a query there: a FROM elsewhere is a function's
  // (`EXTRACT(year FROM d)`, `TRIM(BOTH ' ' FROM s)`).
  const query: boolean[] = [false];
  for (let k = 0; k < sig.length; k++) {
    const w = sig[k].kind === 'word' ? sig[k].text.toLowerCase() : '';
    if (isPunct(sig[k], '(')) query.push(false);
    else if (isPunct(sig[k], ')')) query.pop();
    else if (w === 'select' || w === 'delete' || w === 'update') query[query.length - 1] = true;
    if (w === 'from' && !query[query.length - 1]) continue;
    if (w === 'from') {
      // FROM a [AS] x, (subquery) y, table_function(…) z, b …
      let n = fromItem(k + 1);
      while (n !== undefined) {
        if (isWord(sig[n], 'as')) n++;
        if ((sig[n]?.kind === 'word' && !FROM_LIST_END.has(sig[n].text.toLowerCase())) || sig[n]?.kind === 'quoted-identifier') n++;
        if (!isPunct(sig[n], ',')) break;
        n = fromItem(n + 1);
      }
    } else if (w === 'join') take(k + 1, false, true);
    else if (['into', 'update', 'using'].includes(w)) take(k + 1, false);
    else if ((w === 'table' || w === 'view') && k > 0) {
      let n = k + 1;
      if (isWord(sig[n], 'if') && isWord(sig[n + 1], 'not') && isWord(sig[n + 2], 'exists')) n += 3;
      else if (isWord(sig[n], 'if') && isWord(sig[n + 1], 'exists')) n += 2;
      take(n, first === 'create' && !out.some((r) => r.creates));
    } else if (w === 'rename' && isWord(sig[k + 1], 'to')) take(k + 2, true);
    else if ((w === 'like' || w === 'clone') && first === 'create') take(k + 1, false);
  }
  return out;
}

/** Where a statement's table names go wrong on DuckDB: Snowflake's error for a reference, or a refusal for a creation. */
export interface NameCaseProblem {
  at: number;
  /** Snowflake's message (`Object '…' does not exist or not authorized.`) for a reference it would not resolve. */
  missing?: string;
  /** The construct to refuse by name for a new table whose name differs only in case from an existing one. */
  unsupported?: string;
  /** Snowflake's message (`invalid identifier '"x"'`) for a quoted column name it would not resolve (column-case.ts). */
  invalid?: string;
}

/**
 * The first reference in `sql` whose Snowflake resolution differs from DuckDB's. `where` gives the session's current
 * database and schema, asked only when an unqualified name needs them; `ignoreCase` is QUOTED_IDENTIFIERS_IGNORE_CASE.
 */
export async function nameCaseProblem(
  sql: string,
  catalog: CaseCatalog,
  where: () => Promise<{ database: string; schema: string }>,
  ignoreCase = false,
): Promise<NameCaseProblem | undefined> {
  let here: { database: string; schema: string } | undefined;
  const refs = tableReferences(sql);
  // ALTER TABLE a RENAME TO b: the table being renamed is no second table beside b (`"orders"` renamed to ORDERS).
  const altered = /^\s*alter\b/i.test(sql) ? refs.find((r) => !r.creates) : undefined;
  for (const ref of refs) {
    const last = ref.parts[ref.parts.length - 1];
    let candidates = catalog.get(last.text.toLowerCase()) ?? [];
    if (!candidates.length) continue;
    const eq = (a: string, b: NamePart): boolean => a.toLowerCase() === b.text.toLowerCase();
    const schemaPart = ref.parts[ref.parts.length - 2];
    const dbPart = ref.parts[ref.parts.length - 3];
    if (schemaPart) candidates = candidates.filter((c) => eq(c.schema, schemaPart) && (!dbPart || eq(c.database, dbPart)));
    else {
      here ??= await where();
      const { database, schema } = here;
      // DuckDB finds an unqualified name among the temporary tables (its temp catalog) too.
      const inCurrentSchema = (c: CatalogName): boolean => c.schema.toLowerCase() === schema.toLowerCase() && c.database.toLowerCase() === database.toLowerCase();
      candidates = candidates.filter((c) => inCurrentSchema(c) || c.database === 'temp');
    }
    if (ref.creates && altered) {
      const renamed = snowflakeName(altered.parts[altered.parts.length - 1], ignoreCase);
      candidates = candidates.filter((c) => !sameObject(c, renamed));
    }
    if (!candidates.length) continue;
    // CREATE OR REPLACE of an unquoted name over a mixed-case one replaces it: a file written before unquoted names
    // were stored in lower case holds such tables (a model DimCustomer), and rebuilding them must work. Not over a
    // recorded quoted one: Snowflake would keep it beside the new table.
    if (ref.replaces && (!last.quoted || ignoreCase) && !candidates.some((c) => c.quoted)) continue;
    const wanted = snowflakeName(last, ignoreCase);
    if (candidates.some((c) => sameObject(c, wanted))) continue;
    const shown = ref.parts.map((p) => shownName(p, ignoreCase)).join('.');
    if (ref.creates) {
      const existing = candidates[0].name;
      return { at: ref.at, unsupported: `Two tables or views whose names differ only in case (${existing === existing.toUpperCase() ? existing : `"${existing}"`} and ${shownName(last, ignoreCase)})` };
    }
    return { at: ref.at, missing: `Object '${shown}' does not exist or not authorized.` };
  }
  return undefined;
}
