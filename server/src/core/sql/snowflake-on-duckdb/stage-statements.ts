// The statements that work with a Snowflake stage's files, read into what the local twin needs to run them against a
// folder per stage (client/src/warehouse/snowflake-on-duckdb/stage-run.ts): CREATE/DROP STAGE and FILE FORMAT, LIST,
// REMOVE, COPY INTO <table> FROM @stage and CREATE TABLE … USING TEMPLATE over INFER_SCHEMA. Only the reading lives
// here (no files): a form the twin does not run is an UnsupportedOnDuckDb naming it, at its offset.
import { isTrivia, lex, type Lexeme } from '../tokenize';
import { snowflakeStringValue } from './string-literals';
import { UnsupportedOnDuckDb } from './unsupported';
import { readName as readDottedName, shownName, snowflakeName } from './name-case';

/** One part of a name: unquoted parts are upper-case (Snowflake's resolution), quoted ones as written. */
export interface NamePart {
  text: string;
  quoted: boolean;
}

/** `@[db.][schema.]name[/path]`, `@~[/path]` (the user's stage) or `@[ns.]%table[/path]` (a table's stage). */
export interface StageRef {
  kind: 'named' | 'user' | 'table';
  /** The stage's (or table's) name parts; empty for the user stage. */
  name: NamePart[];
  /** The path prefix after the name, without its leading slash ('' for the whole stage); case-sensitive. */
  path: string;
  /** As written, for messages. */
  text: string;
}

export type OptionValue =
  | { kind: 'string'; value: string }
  | { kind: 'word'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'list'; items: OptionValue[] }
  | { kind: 'options'; options: Options };

/** `KEY = value` options, keys upper-case; `at` is each key's offset. */
export type Options = Map<string, { value: OptionValue; at: number }>;

export type StageStatement =
  | { kind: 'create-stage'; name: NamePart[]; orReplace: boolean; ifNotExists: boolean; options: Options; external: boolean; at: number }
  | { kind: 'create-file-format'; name: NamePart[]; orReplace: boolean; ifNotExists: boolean; options: Options; at: number }
  | { kind: 'drop-stage' | 'drop-file-format'; name: NamePart[]; ifExists: boolean; at: number }
  | { kind: 'list'; stage: StageRef; pattern?: string; at: number }
  | { kind: 'remove'; stage: StageRef; pattern?: string; at: number }
  | { kind: 'copy-into-table'; table: string; columns?: string[]; stage: StageRef; options: Options; at: number }
  | { kind: 'using-template'; head: string; stage: StageRef; fileFormat: string; ignoreCase: boolean; files?: string[]; at: number }
  | { kind: 'show-file-formats'; like?: string; scope: ShowScope; at: number };

/**
 * Where SHOW … looks: the whole account, a database, or a schema (`parts` as written; none: the session's current one).
 */
export type ShowScope = { kind: 'default' } | { kind: 'account' } | { kind: 'database' | 'schema'; parts: NamePart[] };

/** A stage reference written at the start of `text` (`@…` up to white space, `)`, `,` or `;`), or undefined. */
export function parseStageRef(text: string): StageRef | undefined {
  const m = /^@((?:"(?:[^"]|"")*"|[^\s,;)"])*)/.exec(text);
  if (!m) return undefined;
  const body = m[1];
  if (body === '~' || body.startsWith('~/')) return { kind: 'user', name: [], path: body.slice(2), text: m[0] };
  const name: NamePart[] = [];
  let i = 0;
  let table = false;
  for (;;) {
    if (body[i] === '%' && !table) {
      table = true;
      i++;
    }
    let part: NamePart;
    if (body[i] === '"') {
      let j = i + 1;
      let t = '';
      for (; j < body.length; j++) {
        if (body[j] === '"' && body[j + 1] === '"') t += body[j++];
        else if (body[j] === '"') break;
        else t += body[j];
      }
      if (j >= body.length) return undefined;
      part = { text: t, quoted: true };
      i = j + 1;
    } else {
      const w = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(body.slice(i));
      if (!w) return undefined;
      part = { text: w[0].toUpperCase(), quoted: false };
      i += w[0].length;
    }
    name.push(part);
    if (body[i] === '.' && name.length < 3) {
      i++;
      continue;
    }
    break;
  }
  if (i < body.length && body[i] !== '/') return undefined;
  return { kind: table ? 'table' : 'named', name, path: body.slice(i + 1), text: m[0] };
}

/** Significant lexemes (no white space or comments) of a statement. */
export function significant(sql: string): Lexeme[] {
  return lex(sql).filter((l) => !isTrivia(l));
}

const word = (l: Lexeme | undefined): string => (l?.kind === 'word' ? l.text.toLowerCase() : '');
const punct = (l: Lexeme | undefined, p: string): boolean => !!l && l.kind === 'punct' && l.text === p;

/**
 * Reads an object name (`a.b.c`, parts quoted or not) from sig[k] (name-case.ts reads it): its parts, unquoted ones
 * upper-case, and the index after it. An object name has three parts at most (database.schema.object): a longer one
 * is refused by name, never read as its first three parts (`DROP STAGE a.b.c.d` would drop A.B.C).
 */
export function readName(sig: Lexeme[], k: number): { parts: NamePart[]; next: number } | undefined {
  const name = readDottedName(sig, k);
  if (!name) return undefined;
  if (name.parts.length > 3) throw new UnsupportedOnDuckDb(`the object name ${name.parts.map((p) => shownName(p)).join('.')} (more than three parts)`, sig[k].start);
  return { parts: name.parts.map((p) => ({ text: snowflakeName(p), quoted: p.quoted })), next: name.next };
}

/** One option value at sig[k]: the value and the index after it. */
export function readValue(sig: Lexeme[], k: number): { value: OptionValue; next: number } {
  const l = sig[k];
  if (!l) throw new UnsupportedOnDuckDb('an option without a value', sig[k - 1]?.start ?? 0);
  if (l.kind === 'string') return { value: { kind: 'string', value: snowflakeStringValue(l.text) }, next: k + 1 };
  if (l.kind === 'number') return { value: { kind: 'number', value: Number(l.text) }, next: k + 1 };
  if (punct(l, '-') && sig[k + 1]?.kind === 'number') return { value: { kind: 'number', value: -Number(sig[k + 1].text) }, next: k + 2 };
  if (l.kind === 'word' || l.kind === 'quoted-identifier') {
    // A bare word (NONE, TRUE, CSV) or an object's name (`FILE_FORMAT = schema.format`, parts quoted or not): the
    // name as formatNameParts reads it, unquoted parts upper-case.
    const name = readName(sig, k);
    if (name && (name.parts.length > 1 || l.kind === 'quoted-identifier')) {
      const text = name.parts.map((p) => (p.quoted ? `"${p.text.replace(/"/g, '""')}"` : p.text)).join('.');
      return { value: { kind: 'word', value: text }, next: name.next };
    }
    if (l.kind === 'word') return { value: { kind: 'word', value: l.text.toUpperCase() }, next: k + 1 };
  }
  if (punct(l, '(')) {
    // `(KEY = v …)` nests options (FILE_FORMAT = (…)); `('a', 'b')` is a list (NULL_IF, FILES).
    if (sig[k + 1]?.kind === 'word' && punct(sig[k + 2], '=')) {
      const { options, next } = readOptions(sig, k + 1, ')');
      return { value: { kind: 'options', options }, next: next + 1 };
    }
    const items: OptionValue[] = [];
    let j = k + 1;
    while (j < sig.length && !punct(sig[j], ')')) {
      const v = readValue(sig, j);
      items.push(v.value);
      j = v.next;
      if (punct(sig[j], ',')) j++;
    }
    return { value: { kind: 'list', items }, next: j + 1 };
  }
  throw new UnsupportedOnDuckDb(`the option value ${l.text}`, l.start);
}

/** `KEY = value …` from sig[k] up to `end` (a closing punct) or the end. */
function readOptions(sig: Lexeme[], k: number, end?: string): { options: Options; next: number } {
  const options: Options = new Map();
  while (k < sig.length && !(end && punct(sig[k], end)) && !punct(sig[k], ';')) {
    const key = sig[k];
    if (punct(key, ',')) {
      k++;
      continue;
    }
    // A string is never shown: it may be a secret (CREDENTIALS = (AWS_SECRET_KEY = '…' …)) the statement misplaced.
    if (key.kind !== 'word') throw new UnsupportedOnDuckDb(`${key.kind === 'string' ? 'a string' : key.text} where an option (KEY = value) was expected`, key.start);
    // `COMMENT 'x'` and `FILE_FORMAT = …` are options; `KEY value` without `=` is not Snowflake syntax.
    const eq = punct(sig[k + 1], '=');
    const v = readValue(sig, eq ? k + 2 : k + 1);
    options.set(key.text.toUpperCase(), { value: v.value, at: key.start });
    k = v.next;
  }
  return { options, next: k };
}

/** The string value of an option (a string or a bare word), or undefined. */
export function optionText(v: OptionValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'string' || v.kind === 'word') return v.value;
  if (v.kind === 'number') return String(v.value);
  return undefined;
}

/** A stage reference at sig[k] (`@…`, or a string holding one): the reference and the index after it. */
export function readStage(sql: string, sig: Lexeme[], k: number): { stage: StageRef; next: number } | undefined {
  const l = sig[k];
  if (!l) return undefined;
  if (l.kind === 'string') {
    const stage = parseStageRef(snowflakeStringValue(l.text));
    return stage ? { stage, next: k + 1 } : undefined;
  }
  if (!punct(l, '@')) return undefined;
  const stage = parseStageRef(sql.slice(l.start));
  if (!stage) return undefined;
  const end = l.start + stage.text.length;
  let next = k;
  while (next < sig.length && sig[next].start < end) next++;
  return { stage, next };
}

/**
 * The stage statement `sql` is (one statement), or undefined when it is none. Throws UnsupportedOnDuckDb for a
 * stage statement the twin does not run (PUT/GET, unloading COPY INTO @stage, an external stage…), naming it.
 */
export function parseStageStatement(sql: string): StageStatement | undefined {
  const sig = significant(sql);
  const w = (k: number): string => word(sig[k]);
  const at = sig[0]?.start ?? 0;
  if (w(0) === 'put' || w(0) === 'get') {
    throw new UnsupportedOnDuckDb(`${w(0).toUpperCase()} (a client-side file transfer; on the local twin, copy the files into the stage's folder, which \`bronze debug --target local\` names)`, at);
  }
  if (w(0) === 'list' || w(0) === 'ls' || w(0) === 'remove' || w(0) === 'rm') {
    const s = readStage(sql, sig, 1);
    if (!s) return undefined;
    const { options } = readOptions(sig, s.next);
    const pattern = optionText(options.get('PATTERN')?.value);
    return { kind: w(0) === 'list' || w(0) === 'ls' ? 'list' : 'remove', stage: s.stage, ...(pattern !== undefined ? { pattern } : {}), at };
  }
  if (w(0) === 'copy' && w(1) === 'into') {
    if (punct(sig[2], '@') || sig[2]?.kind === 'string') throw new UnsupportedOnDuckDb('COPY INTO <location> (unloading into a stage or external location)', at);
    const name = readName(sig, 2);
    if (!name) return undefined;
    let k = name.next;
    const table = sql.slice(sig[2].start, sig[k - 1].start + sig[k - 1].text.length);
    let columns: string[] | undefined;
    if (punct(sig[k], '(')) {
      columns = [];
      for (k++; k < sig.length && !punct(sig[k], ')'); k++) if (!punct(sig[k], ',')) columns.push(sig[k].text);
      k++;
    }
    if (w(k) !== 'from') return undefined;
    if (punct(sig[k + 1], '(')) throw new UnsupportedOnDuckDb('COPY INTO <table> FROM (SELECT …) (a transforming load)', sig[k + 1].start);
    const s = readStage(sql, sig, k + 1);
    if (!s) {
      const from = sig[k + 1];
      throw new UnsupportedOnDuckDb(`COPY INTO <table> FROM ${from?.text ?? ''} (an external location; the twin loads from internal stages)`, from?.start ?? at);
    }
    const { options } = readOptions(sig, s.next);
    return { kind: 'copy-into-table', table, ...(columns ? { columns } : {}), stage: s.stage, options, at };
  }
  if (w(0) === 'drop' && (w(1) === 'stage' || (w(1) === 'file' && w(2) === 'format'))) {
    let k = w(1) === 'stage' ? 2 : 3;
    const ifExists = w(k) === 'if' && w(k + 1) === 'exists';
    if (ifExists) k += 2;
    const name = readName(sig, k);
    if (!name) return undefined;
    return { kind: w(1) === 'stage' ? 'drop-stage' : 'drop-file-format', name: name.parts, ifExists, at };
  }
  if (w(0) === 'show' && w(1) === 'file' && w(2) === 'formats') return showFileFormats(sig, at);
  if (w(0) !== 'create') return undefined;
  let k = 1;
  let orReplace = false;
  if (w(k) === 'or' && w(k + 1) === 'replace') {
    orReplace = true;
    k += 2;
  }
  while (['temporary', 'temp', 'transient', 'volatile', 'local', 'global'].includes(w(k))) k++;
  const isStage = w(k) === 'stage';
  const isFormat = w(k) === 'file' && w(k + 1) === 'format';
  if (isStage || isFormat) {
    k += isStage ? 1 : 2;
    let ifNotExists = false;
    if (w(k) === 'if' && w(k + 1) === 'not' && w(k + 2) === 'exists') {
      ifNotExists = true;
      k += 3;
    }
    const name = readName(sig, k);
    if (!name) return undefined;
    const { options } = readOptions(sig, name.next);
    if (isStage) {
      // An external stage (URL = 's3://…'): Snowflake records it without reading the location, so the twin records
      // it too (stage-run.ts); only reading its files is refused.
      return { kind: 'create-stage', name: name.parts, orReplace, ifNotExists, options, external: options.has('URL'), at };
    }
    return { kind: 'create-file-format', name: name.parts, orReplace, ifNotExists, options, at };
  }
  // CREATE TABLE … USING TEMPLATE (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) [WITHIN GROUP (ORDER BY ORDER_ID)] FROM TABLE(INFER_SCHEMA(…)))
  const using = sig.findIndex((l, i) => word(l) === 'using' && word(sig[i + 1]) === 'template');
  if (w(k) !== 'table' || using < 0) return undefined;
  const head = sql.slice(at, sig[using].start).trimEnd();
  const inner = sig.slice(using + 2);
  const infer = inner.findIndex((l) => word(l) === 'infer_schema');
  const shape = inner.map((l) => (l.kind === 'word' ? l.text.toLowerCase() : l.text)).join(' ');
  const known = /^\( select array_agg \( object_construct \( \* \) \) (within group \( order by order_id (asc )?\) )?from table \( ([a-z_$0-9"]+ \. ){0,2}infer_schema \(/.test(shape);
  if (infer < 0 || !known) {
    throw new UnsupportedOnDuckDb('CREATE TABLE … USING TEMPLATE other than (SELECT ARRAY_AGG(OBJECT_CONSTRUCT(*)) [WITHIN GROUP (ORDER BY ORDER_ID)] FROM TABLE(INFER_SCHEMA(…)))', sig[using].start);
  }
  // INFER_SCHEMA's named arguments: NAME => value.
  const args = new Map<string, { value: OptionValue; at: number }>();
  let j = infer + 2;
  while (j < inner.length && !punct(inner[j], ')')) {
    if (punct(inner[j], ',')) {
      j++;
      continue;
    }
    const key = inner[j];
    if (key.kind !== 'word' || !punct(inner[j + 1], '=>')) throw new UnsupportedOnDuckDb('INFER_SCHEMA with an argument not written NAME => value', key.start);
    const v = readValue(inner, j + 2);
    args.set(key.text.toUpperCase(), { value: v.value, at: key.start });
    j = v.next;
  }
  for (const [name, a] of args) {
    if (!['LOCATION', 'FILE_FORMAT', 'IGNORE_CASE', 'FILES'].includes(name)) throw new UnsupportedOnDuckDb(`INFER_SCHEMA with ${name}`, a.at);
  }
  const location = optionText(args.get('LOCATION')?.value);
  const stage = location !== undefined ? parseStageRef(location) : undefined;
  if (!stage) throw new UnsupportedOnDuckDb('INFER_SCHEMA without a LOCATION => \'@stage…\' string', sig[using].start);
  const fileFormat = optionText(args.get('FILE_FORMAT')?.value);
  if (fileFormat === undefined) throw new UnsupportedOnDuckDb('INFER_SCHEMA without FILE_FORMAT => \'name\'', sig[using].start);
  const ignoreCase = optionText(args.get('IGNORE_CASE')?.value)?.toUpperCase() === 'TRUE';
  const filesArg = args.get('FILES')?.value;
  const files = filesArg ? (filesArg.kind === 'list' ? filesArg.items : [filesArg]).map(optionText).filter((f): f is string => f !== undefined) : undefined;
  return { kind: 'using-template', head, stage, fileFormat, ignoreCase, ...(files ? { files } : {}), at };
}

/**
 * `SHOW FILE FORMATS [LIKE '…'] [IN ACCOUNT | DATABASE [db] | SCHEMA [schema] | schema]`
 * (https://docs.snowflake.com/en/sql-reference/sql/show-file-formats); IN APPLICATION [PACKAGE] is refused by name.
 */
function showFileFormats(sig: Lexeme[], at: number): StageStatement {
  const w = (k: number): string => word(sig[k]);
  let k = 3;
  let like: string | undefined;
  if (w(k) === 'like') {
    const l = sig[k + 1];
    if (l?.kind !== 'string') throw new UnsupportedOnDuckDb('SHOW FILE FORMATS LIKE without a string', sig[k].start);
    like = snowflakeStringValue(l.text);
    k += 2;
  }
  let scope: ShowScope = { kind: 'default' };
  if (w(k) === 'in') {
    k++;
    if (w(k) === 'account') {
      scope = { kind: 'account' };
      k++;
    } else if (w(k) === 'application') {
      throw new UnsupportedOnDuckDb('SHOW FILE FORMATS IN APPLICATION (the local twin has no applications)', sig[k].start);
    } else {
      const kind = w(k) === 'database' ? 'database' : 'schema';
      if (w(k) === 'database' || w(k) === 'schema') k++;
      const name = readName(sig, k);
      if (name) k = name.next;
      scope = { kind, parts: name?.parts ?? [] };
    }
  }
  const rest = sig[k];
  if (rest && !punct(rest, ';')) throw new UnsupportedOnDuckDb(`SHOW FILE FORMATS with ${rest.text}`, rest.start);
  return { kind: 'show-file-formats', ...(like !== undefined ? { like } : {}), scope, at };
}
