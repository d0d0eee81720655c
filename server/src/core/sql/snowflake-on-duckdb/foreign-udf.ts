// Snowflake UDFs written in JavaScript, Python, Java or Scala have no DuckDB form. Their CREATE FUNCTION still
// succeeds on the DuckDB target, so a project whose on-run-start hook creates one runs everything else; it defines
// a DuckDB macro of the same name and parameters that fails, naming the function, whenever a query evaluates a
// call. A call never gives a value, so there is no silent difference from Snowflake.
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { UnsupportedOnDuckDb } from './unsupported';

const FOREIGN_LANGUAGES = new Set(['javascript', 'python', 'java', 'scala']);

/** What a call raises on DuckDB; read back into an UnsupportedOnDuckDb at the call by foreignUdfError. */
export function foreignUdfMessage(name: string, language: string): string {
  return `${construct(name, language)} is not supported on the DuckDB target`;
}

const construct = (name: string, language: string): string =>
  `Function ${name.toUpperCase()} (a Snowflake ${language.toUpperCase()} UDF: its CREATE FUNCTION is accepted, a call has no DuckDB form)`;

/** The located error for DuckDB's "Invalid Input Error: <foreignUdfMessage>" in `source` (the statement as written). */
export function foreignUdfError(message: string, source: string, at: number | undefined): UnsupportedOnDuckDb | undefined {
  const m = /^Function ([A-Za-z_][A-Za-z0-9_$]*) \(a Snowflake ([A-Z]+) UDF: [^)]*\) is not supported on the DuckDB target/.exec(message);
  if (!m) return undefined;
  const call = new RegExp(`\\b${m[1]}\\s*\\(`, 'i').exec(source);
  return new UnsupportedOnDuckDb(construct(m[1], m[2]), at ?? call?.index ?? 0);
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const quoteIdent = (s: string): string => (s.startsWith('"') ? s : `"${s.replace(/"/g, '""')}"`);

/**
 * The DuckDB statement for `CREATE [OR REPLACE] [SECURE] [TEMP] FUNCTION [IF NOT EXISTS] name(args) … LANGUAGE
 * JAVASCRIPT|PYTHON|JAVA|SCALA …` (lexemes `from`..`to` of one statement), or undefined for any other statement.
 */
export function foreignUdfStatement(lx: Lexeme[], from: number, to: number): string | undefined {
  const sig: number[] = [];
  for (let i = from; i < to; i++) if (!isTrivia(lx[i])) sig.push(i);
  let k = 0;
  const word = (): string => (lx[sig[k]]?.kind === 'word' ? lx[sig[k]].text.toLowerCase() : '');
  if (word() !== 'create') return undefined;
  k++;
  let orReplace = false;
  let temporary = false;
  let ifNotExists = false;
  if (word() === 'or' && lx[sig[k + 1]] && isWord(lx[sig[k + 1]], 'replace')) {
    orReplace = true;
    k += 2;
  }
  while (['secure', 'temporary', 'temp'].includes(word())) {
    if (word() !== 'secure') temporary = true;
    k++;
  }
  if (word() !== 'function') return undefined;
  k++;
  if (word() === 'if' && isWord(lx[sig[k + 1]], 'not') && isWord(lx[sig[k + 2]], 'exists')) {
    ifNotExists = true;
    k += 3;
  }
  // The (possibly qualified) name, as written.
  const parts: string[] = [];
  while (k < sig.length && (lx[sig[k]].kind === 'word' || lx[sig[k]].kind === 'quoted-identifier')) {
    parts.push(lx[sig[k]].text);
    if (isPunct(lx[sig[k + 1]], '.')) k += 2;
    else {
      k++;
      break;
    }
  }
  if (parts.length === 0 || !isPunct(lx[sig[k]], '(')) return undefined;
  // Parameter names: the first name of each comma-separated argument at depth 1.
  const params: string[] = [];
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
      params.push(l.text);
      expectName = false;
    }
  }
  // RETURNS <type> and LANGUAGE <foreign> at the top level after the argument list.
  let language: string | undefined;
  let returns: string | undefined;
  depth = 0;
  for (k++; k < sig.length; k++) {
    const l = lx[sig[k]];
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) depth--;
    else if (depth === 0 && isWord(l, 'returns')) returns = returnType(lx, sig, k + 1);
    else if (depth === 0 && isWord(l, 'language')) {
      const next = lx[sig[k + 1]];
      if (next?.kind === 'word' && FOREIGN_LANGUAGES.has(next.text.toLowerCase())) language = next.text;
      break;
    }
  }
  if (!language) return undefined;
  const name = parts[parts.length - 1].replace(/^"|"$/g, '');
  const message = sqlString(foreignUdfMessage(name, language));
  // DuckDB does not fold error() at bind time: a query over no rows succeeds, as the UDF would; the cast gives the
  // result Snowflake's declared type.
  const raise = `error(${message})`;
  const body = returns ? `CAST(${raise} AS ${returns})` : raise;
  const create = `CREATE ${orReplace ? 'OR REPLACE ' : ''}${temporary && parts.length === 1 ? 'TEMPORARY ' : ''}MACRO ${ifNotExists ? 'IF NOT EXISTS ' : ''}`;
  return `${create}${parts.join('.')}(${params.map(quoteIdent).join(', ')}) AS ${body}`;
}

/** The DuckDB type of Snowflake's declared return type (the translator's mapping), or undefined (TABLE(…), others). */
function returnType(lx: Lexeme[], sig: number[], k: number): string | undefined {
  const t = lx[sig[k]];
  if (t?.kind !== 'word') return undefined;
  const w = t.text.toLowerCase();
  if (['object', 'variant', 'array'].includes(w)) return 'JSON';
  if (['varchar', 'string', 'text', 'char', 'character', 'nvarchar', 'nchar'].includes(w)) return 'VARCHAR';
  if (['float', 'float4', 'float8', 'double', 'real'].includes(w)) return 'DOUBLE';
  if (w === 'boolean') return 'BOOLEAN';
  if (w === 'date') return 'DATE';
  if (['timestamp', 'timestamp_ntz', 'datetime'].includes(w)) return 'TIMESTAMP';
  if (['timestamp_tz', 'timestamp_ltz'].includes(w)) return 'TIMESTAMPTZ';
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
