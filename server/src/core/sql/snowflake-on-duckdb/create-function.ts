// Snowflake's CREATE FUNCTION read from lexemes: name, typed parameters, RETURNS, LANGUAGE, strictness and the
// AS body. Shared by the two DuckDB forms a UDF takes (sql-udf.ts: a macro that computes it; foreign-udf.ts: a
// macro that refuses it by name).
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { snowflakeStringValue } from './string-literals';
import { DUCKDB_TIMESTAMPTZ } from './duckdb-instant';

export interface CreateFunction {
  orReplace: boolean;
  temporary: boolean;
  ifNotExists: boolean;
  /** CREATE EXTERNAL FUNCTION: a call goes to a remote service through an API integration. */
  external: boolean;
  /** CREATE PROCEDURE (run by CALL) rather than FUNCTION. */
  procedure: boolean;
  /** The (possibly qualified) name as written, part by part. */
  parts: string[];
  /** Parameter names as written, with the DuckDB type of each declared type (undefined when unknown). */
  params: { name: string; type: string | undefined }[];
  /** The DuckDB type of RETURNS (undefined for RETURNS TABLE(…) and types with no mapping). */
  returns: string | undefined;
  returnsTable: boolean;
  /** RETURNS TABLE (name type, …): the columns as written, with the DuckDB type of each (undefined when unknown). */
  tableColumns: { name: string; type: string | undefined }[];
  /** LANGUAGE as written, lower-cased; undefined when absent (Snowflake's default is SQL). */
  language: string | undefined;
  /** RETURNS NULL ON NULL INPUT / STRICT. */
  strict: boolean;
  /** The text of the AS string (`'…'` or `$$…$$`), undefined when absent. */
  body: string | undefined;
}

/** The function a `CREATE [OR REPLACE] [SECURE] [TEMP | EXTERNAL] FUNCTION | PROCEDURE …` statement (lexemes from..to) defines, else undefined. */
export function parseCreateFunction(lx: Lexeme[], from: number, to: number): CreateFunction | undefined {
  const sig: number[] = [];
  for (let i = from; i < to; i++) if (!isTrivia(lx[i])) sig.push(i);
  let k = 0;
  const word = (): string => (lx[sig[k]]?.kind === 'word' ? lx[sig[k]].text.toLowerCase() : '');
  if (word() !== 'create') return undefined;
  k++;
  const f: CreateFunction = { orReplace: false, temporary: false, ifNotExists: false, external: false, procedure: false, parts: [], params: [], returns: undefined, returnsTable: false, tableColumns: [], language: undefined, strict: false, body: undefined };
  if (word() === 'or' && lx[sig[k + 1]] && isWord(lx[sig[k + 1]], 'replace')) {
    f.orReplace = true;
    k += 2;
  }
  while (['secure', 'temporary', 'temp', 'external'].includes(word())) {
    if (word() === 'external') f.external = true;
    else if (word() !== 'secure') f.temporary = true;
    k++;
  }
  if (word() !== 'function' && word() !== 'procedure') return undefined;
  f.procedure = word() === 'procedure';
  k++;
  if (word() === 'if' && isWord(lx[sig[k + 1]], 'not') && isWord(lx[sig[k + 2]], 'exists')) {
    f.ifNotExists = true;
    k += 3;
  }
  while (k < sig.length && (lx[sig[k]].kind === 'word' || lx[sig[k]].kind === 'quoted-identifier')) {
    f.parts.push(lx[sig[k]].text);
    if (isPunct(lx[sig[k + 1]], '.')) k += 2;
    else {
      k++;
      break;
    }
  }
  if (f.parts.length === 0 || !isPunct(lx[sig[k]], '(')) return undefined;
  k = typedList(lx, sig, k, f.params);
  let depth = 0;
  for (k++; k < sig.length; k++) {
    const l = lx[sig[k]];
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) depth--;
    else if (depth !== 0) continue;
    else if (isWord(l, 'returns') && isWord(lx[sig[k + 1]], 'null')) f.strict = true;
    else if (isWord(l, 'returns')) {
      f.returnsTable = isWord(lx[sig[k + 1]], 'table');
      f.returns = f.returnsTable ? undefined : duckDbTypeAt(lx, sig, k + 1);
      if (f.returnsTable && isPunct(lx[sig[k + 2]], '(')) k = typedList(lx, sig, k + 2, f.tableColumns);
    } else if (isWord(l, 'strict')) f.strict = true;
    else if (isWord(l, 'language') && lx[sig[k + 1]]?.kind === 'word') f.language = lx[sig[k + 1]].text.toLowerCase();
    else if (isWord(l, 'as')) {
      const b = lx[sig[k + 1]];
      if (b?.kind === 'dollar-string') f.body = b.text.replace(/^\$([A-Za-z_][A-Za-z0-9_]*)?\$/, '').replace(/\$([A-Za-z_][A-Za-z0-9_]*)?\$$/, '');
      else if (b?.kind === 'string') f.body = snowflakeStringValue(b.text);
      break;
    }
  }
  return f;
}

/**
 * Reads `(name type [DEFAULT …], …)` opening at sig[k] (parameters, RETURNS TABLE columns) into `into`; returns the
 * index of the closing parenthesis.
 */
function typedList(lx: Lexeme[], sig: number[], k: number, into: { name: string; type: string | undefined }[]): number {
  let depth = 0;
  let expectName = true;
  for (k++; k < sig.length; k++) {
    const l = lx[sig[k]];
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && isPunct(l, ',')) expectName = true;
    else if (depth === 0 && expectName && (l.kind === 'word' || l.kind === 'quoted-identifier')) {
      into.push({ name: l.text, type: duckDbTypeAt(lx, sig, k + 1) });
      expectName = false;
    }
  }
  return k;
}

/** The DuckDB type of the Snowflake type at sig[k] (the translator's mapping), or undefined (TABLE(…), others). */
function duckDbTypeAt(lx: Lexeme[], sig: number[], k: number): string | undefined {
  const t = lx[sig[k]];
  if (t?.kind !== 'word') return undefined;
  const w = t.text.toLowerCase();
  if (['object', 'variant', 'array'].includes(w)) return 'JSON';
  if (['varchar', 'string', 'text', 'char', 'character', 'nvarchar', 'nchar'].includes(w)) return 'VARCHAR';
  if (['float', 'float4', 'float8', 'double', 'real'].includes(w)) return 'DOUBLE';
  if (w === 'boolean') return 'BOOLEAN';
  if (w === 'date') return 'DATE';
  if (['timestamp', 'timestamp_ntz', 'datetime'].includes(w)) return 'TIMESTAMP';
  if (w === 'timestamp_ltz') return DUCKDB_TIMESTAMPTZ;
  // (TIMESTAMP_TZ has none: DuckDB's TIMESTAMPTZ would drop each value's offset, and a macro's parameter cannot take
  // the layer's struct from text. A signature with it is refused by name, sql-udf.ts.)
  if (['int', 'integer', 'bigint', 'smallint', 'tinyint', 'byteint'].includes(w)) return 'DECIMAL(38,0)';
  if (['number', 'numeric', 'decimal'].includes(w)) {
    const open = lx[sig[k + 1]];
    if (!isPunct(open, '(')) return 'DECIMAL(38,0)';
    const nums: string[] = [];
    for (let j = k + 2; j < sig.length && !isPunct(lx[sig[j]], ')'); j++) if (lx[sig[j]].kind === 'number') nums.push(lx[sig[j]].text);
    return `DECIMAL(${nums[0] ?? '38'},${nums[1] ?? '0'})`;
  }
  return undefined;
}

export const quoteIdent = (s: string): string => (s.startsWith('"') ? s : `"${s.replace(/"/g, '""')}"`);

/** `CREATE [OR REPLACE] [TEMPORARY] MACRO [IF NOT EXISTS] name(params) AS ` for the function. */
export function createMacroHead(f: CreateFunction): string {
  const create = `CREATE ${f.orReplace ? 'OR REPLACE ' : ''}${f.temporary && f.parts.length === 1 ? 'TEMPORARY ' : ''}MACRO ${f.ifNotExists ? 'IF NOT EXISTS ' : ''}`;
  return `${create}${f.parts.join('.')}(${f.params.map((p) => quoteIdent(p.name)).join(', ')}) AS `;
}
