// The pieces the rewriter builds output from, and the small readers handlers use on call arguments.
import { canonicalDatePart } from './date-parts';
import type { Lexeme } from '../tokenize';
import { splitLexemesAtCommas } from '../split';
import { snowflakeStringValue } from './string-literals';
import { UnsupportedOnDuckDb } from './unsupported';
import { DUCKDB_TIMESTAMPTZ } from './duckdb-instant';
import type { TimestampMapping } from './timestamp-type-mapping';

/** A piece of output: `exact` pieces are verbatim input starting at `src`; others were synthesised at `src`. */
export interface Piece {
  text: string;
  src: number;
  exact: boolean;
}

export interface Arg {
  from: number;
  to: number;
  /** Meaningful (non-trivia) lexemes of the argument, untranslated. */
  sig: Lexeme[];
  pieces: Piece[];
}

/** A replacement: literal text, the index of an argument whose translated pieces go there, or pieces. */
export type Template = (string | number | Piece[])[];

/** A function call found inside an argument (for rewrites that reach into it, e.g. DATEADD of MAX(x)). */
export interface InnerCall {
  name: string;
  args: Arg[];
  /** The translated text after the call's `)` up to the end of the argument (e.g. an OVER clause). */
  after: Piece[];
}

/** What surrounds a call, for handlers whose exact translation depends on how the result is used. */
export interface CallSurroundings {
  /** The type (lower case) of a cast applied to the call's result: `call::type`, `CAST(call AS type)`. */
  castTo?: string;
  /** The function (lower case) whose whole argument the call is: `to_date(call)`. */
  argOf?: string;
  /** The first key of a `:` path read of the call's result, as written (`parse_ip(…):host` → `host`). */
  pathKey?: string;
}

export interface HandlerContext {
  /** Offset of the function name in the input, for located "not supported" errors. */
  at: number;
  /** The call whose name is the lexeme at `index` (an argument's first lexeme), read to the argument's end. */
  callAt(index: number): InnerCall | undefined;
  outer?: CallSurroundings;
  /**
   * The names the statement gives with AS (aliasKey): a select-list alias used later in the same list has a type DuckDB
   * knows only after binding, as an aggregate's.
   */
  aliases?: ReadonlySet<string>;
  /**
   * The translated `OVER …` window clause right after the call (empty when there is none), for a handler whose
   * template holds several aggregates that each need it; once asked for, the clause is the handler's to place.
   */
  window(): Piece[];
  /**
   * The keys the statement reads the call's select-list alias by (`PARSE_IP(…) AS p` … `p:error`, `s.p:ipv4`), when
   * it reads it only so: undefined when the call has no AS alias, is not an item of a CTE's or a FROM subquery's
   * select list (the statement's own result would hold the value whole), the alias is named anywhere without a `:`
   * path after it, or the statement selects a `*` (which would pass the value on whole).
   */
  aliasReads(): string[] | undefined;
}

export type Handler = (args: Arg[], ctx: HandlerContext) => Template | null;

/** How a name is compared with the statement's aliases: unquoted names case-blind, quoted ones as written. */
/**
 * Appends `items` to `out` one at a time: `out.push(...items)` passes each item as an argument and overflows the call
 * stack past ~100k pieces (mattermost's union of every table of two schemas, a 0.7 MB statement).
 */
export function append<T>(out: T[], items: readonly T[]): void {
  for (const item of items) out.push(item);
}

export const aliasKey = (l: Lexeme): string => (l.kind === 'word' ? l.text.toLowerCase() : l.text);

/**
 * Whether an argument is a column (`c`, `t.c`, a quoted name) or a number, and no select-list alias (DuckDB copies an
 * alias's expression where it is named): such an argument may go straight to a bind-once macro's folded body
 * (`<fn>__once`, client bind-once.ts), which runs per row at full speed; the lambda that binds an expression once is
 * not folded by DuckDB's optimizer and costs per row.
 */
export const isPlainOperand = (sig: Lexeme[], aliases?: ReadonlySet<string>): boolean =>
  sig.length > 0 &&
  (sig.length === 1 && sig[0].kind === 'number'
    ? true
    : sig.every((l) => l.kind === 'word' || l.kind === 'quoted-identifier' || (l.kind === 'punct' && l.text === '.')) &&
      !(sig.length === 1 && aliases?.has(aliasKey(sig[0]))));

// The length test first: most words are compared with several keywords of other lengths, and lower-casing each
// (a new string per comparison) was most of the translator's time in this function. Lower-casing keeps a string's
// length except for U+0130 (İ → i + U+0307, SpecialCasing.txt's only unconditional lower-case mapping of another
// length), so texts of another length can equal `w` only when it holds a U+0307. Texts of the same length are compared
// code by code while they are ASCII (toLowerCase maps only A–Z there; a runtime call per comparison was the rest of
// the cost) and by toLowerCase from the first character beyond ASCII.
export const isWord = (l: Lexeme | undefined, w?: string): boolean =>
  !!l && l.kind === 'word' && (w === undefined || (l.text.length === w.length ? sameLowered(l.text, w) : l.text.length < w.length && w.includes('\u0307') && l.text.toLowerCase() === w));

/** `text.toLowerCase() === w` for a `text` of w's length. */
function sameLowered(text: string, w: string): boolean {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) return text.toLowerCase() === w;
    if (c >= 65 && c <= 90) c += 32;
    if (c !== w.charCodeAt(i)) return false;
  }
  return true;
}

/** `text.toLowerCase()`, without the runtime call when `text` is ASCII with no capital letter (then it is its own lower case). */
export function lowerText(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (c >= 65 && c <= 90)) return text.toLowerCase();
  }
  return text;
}
export const isPunct = (l: Lexeme | undefined, p: string): boolean => !!l && l.kind === 'punct' && l.text === p;

/**
 * The shims that render a value as Snowflake's text (client shims.ts): bz_varchar (TO_VARCHAR), bz_varchar_cast
 * (`::VARCHAR`) and bz_json_varchar_cast (`::VARCHAR` of a path's JSON value). A value they made is text already: a
 * further cast to text only casts, and a second pass adds nothing.
 */
const TEXT_RENDERING_SHIMS = new Set(['bz_varchar', 'bz_varchar_cast', 'bz_json_varchar_cast']);
export const isTextRenderingShim = (l: Lexeme | undefined): boolean => !!l && l.kind === 'word' && TEXT_RENDERING_SHIMS.has(l.text.toLowerCase());

/** A string literal's value ('' and \' unescaped), or undefined when the argument is not a single literal. */
export function literalValue(arg: Arg): string | undefined {
  if (arg.sig.length !== 1 || arg.sig[0].kind !== 'string') return undefined;
  return snowflakeStringValue(arg.sig[0].text);
}
export const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The date part named by a bare word or a string literal. */
export function datePartOf(arg: Arg): string | undefined {
  if (arg.sig.length !== 1) return undefined;
  const l = arg.sig[0];
  if (l.kind === 'word') return canonicalDatePart(l.text);
  if (l.kind === 'string') return canonicalDatePart(l.text.slice(1, -1));
  return undefined;
}

/** The TIMESTAMP_TYPE_MAPPING of the statement being translated, when not the default (set by underTimestampMapping). */
let mappedTimestamp: TimestampMapping | undefined;

/** The TIMESTAMP_TYPE_MAPPING in force (a translation nested in another, of a UDF's body, follows the outer one). */
export const currentTimestampMapping = (): TimestampMapping => mappedTimestamp ?? 'TIMESTAMP_NTZ';

/** Runs one (synchronous) translation under a session's TIMESTAMP_TYPE_MAPPING. */
export function underTimestampMapping<T>(mapping: TimestampMapping, translate: () => T): T {
  const before = mappedTimestamp;
  mappedTimestamp = mapping === 'TIMESTAMP_NTZ' ? undefined : mapping;
  try {
    return translate();
  } finally {
    mappedTimestamp = before;
  }
}

/**
 * `x`, the translation of the text literal `arg`, read as a timestamp where a function takes one (DATEADD(…, '2024-…'),
 * DAYNAME('…')): TIMESTAMP_NTZ, as Snowflake does by default. Refused under another TIMESTAMP_TYPE_MAPPING, since
 * Snowflake's documentation does not say which variation such an implicit cast then takes.
 */
export function textAsTimestamp(arg: Arg, x: Template): Template {
  if (mappedTimestamp) throw new UnsupportedOnDuckDb(`Text read as a timestamp while TIMESTAMP_TYPE_MAPPING = ${mappedTimestamp}`, arg.sig[0]?.start ?? 0);
  return ['CAST(', ...x, ' AS TIMESTAMP)'];
}

const isText = (arg: Arg): boolean => arg.sig.length === 1 && arg.sig[0].kind === 'string';

/** Snowflake casts string literals implicitly where DuckDB's overloads make them ambiguous. */
export const asTimestamp = (arg: Arg, i: number): Template => (isText(arg) ? textAsTimestamp(arg, [i]) : [i]);

/** `x` (the translation of `arg`) as asTimestamp gives it. */
export const asTimestampT = (arg: Arg, x: Template): Template => (isText(arg) ? textAsTimestamp(arg, x) : x);

/** Whether the lexemes are one integer literal (digits only). */
const isDigits = (sig: Lexeme[]): boolean => sig.length === 1 && sig[0].kind === 'number' && /^\d+$/.test(sig[0].text);

/** Whether an argument is an integer literal (digits only). */
export const isIntLiteral = (arg: Arg): boolean => isDigits(arg.sig);

/** Whether an argument is an integer literal, optionally signed (`-1`, `+1`). */
export const isSignedIntLiteral = (arg: Arg): boolean => isDigits(isPunct(arg.sig[0], '-') || isPunct(arg.sig[0], '+') ? arg.sig.slice(1) : arg.sig);


export type TemporalType = 'DATE' | 'TIMESTAMP' | 'TIMESTAMPTZ' | 'TIME';

const TYPE_WORDS: Record<string, TemporalType> = {
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  timestamp_ntz: 'TIMESTAMP',
  datetime: 'TIMESTAMP',
  timestamp_ltz: 'TIMESTAMPTZ',
  // (TIMESTAMP_TZ, also spelt TIMESTAMPTZ, is not a DuckDB temporal type here: the layer holds it as a struct,
  // timestamp-tz.ts.)
  time: 'TIME',
};

/** The type word `l` spells, lower case: DuckDB's instant type as the layer writes it (quoted) reads as TIMESTAMP_LTZ. */
function typeWord(l: Lexeme | undefined): string | undefined {
  if (l?.kind === 'quoted-identifier') return l.text === DUCKDB_TIMESTAMPTZ ? 'timestamp_ltz' : undefined;
  return l?.kind === 'word' ? l.text.toLowerCase() : undefined;
}

const TYPED_FUNCTIONS: Record<string, TemporalType> = {
  to_date: 'DATE',
  try_to_date: 'DATE',
  date: 'DATE',
  current_date: 'DATE',
  to_timestamp: 'TIMESTAMP',
  to_timestamp_ntz: 'TIMESTAMP',
  try_to_timestamp: 'TIMESTAMP',
  try_to_timestamp_ntz: 'TIMESTAMP',
  sysdate: 'TIMESTAMP',
  to_timestamp_ltz: 'TIMESTAMPTZ',
  current_timestamp: 'TIMESTAMPTZ',
  to_time: 'TIME',
};

/** Index of the `)` closing the `(` at `open` in `sig`, or -1. */
function closeOf(sig: Lexeme[], open: number): number {
  let depth = 0;
  for (let i = open; i < sig.length; i++) {
    if (isPunct(sig[i], '(')) depth++;
    else if (isPunct(sig[i], ')') && --depth === 0) return i;
  }
  return -1;
}

/**
 * The date/time type an expression has whatever its inputs, when its text says so: `x::date`, `CAST(x AS
 * timestamp)`, `TO_DATE(…)`, `DATE '…'`, `COALESCE(max(x), '1900-01-01'::date)`. Undefined when only binding
 * would tell.
 */
export function staticTemporalType(sig: Lexeme[]): TemporalType | undefined {
  if (!sig.length) return undefined;
  // A trailing `:: type[(…)]` at depth 0.
  let depth = 0;
  for (let i = 0; i < sig.length; i++) {
    if (isPunct(sig[i], '(')) depth++;
    else if (isPunct(sig[i], ')')) depth--;
    else if (depth === 0 && isPunct(sig[i], '::') && typeWord(sig[i + 1]) !== undefined) {
      const rest = sig.length - (i + 2);
      const paren = rest > 0 && isPunct(sig[i + 2], '(') && closeOf(sig, i + 2) === sig.length - 1;
      if (rest === 0 || paren) return TYPE_WORDS[typeWord(sig[i + 1]) as string];
    }
  }
  const head = sig[0].kind === 'word' ? sig[0].text.toLowerCase() : '';
  if (sig.length === 2 && sig[1].kind === 'string' && TYPE_WORDS[head]) return TYPE_WORDS[head];
  if (sig.length === 1 && (head === 'current_date' || head === 'current_timestamp')) return TYPED_FUNCTIONS[head];
  if (!isPunct(sig[1], '(') || closeOf(sig, 1) !== sig.length - 1) return undefined;
  if (head === 'cast' || head === 'try_cast') {
    let d = 0;
    for (let i = 1; i < sig.length; i++) {
      if (isPunct(sig[i], '(')) d++;
      else if (isPunct(sig[i], ')')) d--;
      else if (d === 1 && isWord(sig[i], 'as')) return TYPE_WORDS[typeWord(sig[i + 1]) ?? ''];
    }
    return undefined;
  }
  if (TYPED_FUNCTIONS[head]) return TYPED_FUNCTIONS[head];
  if (head === 'coalesce' || head === 'nvl' || head === 'ifnull') {
    // The common type: DATE only when every argument is known to be a DATE; a timestamp when any argument is
    // one (DATEADD and DATE_TRUNC treat both timestamp kinds alike).
    const types = splitLexemesAtCommas(sig.slice(2, -1)).map(staticTemporalType);
    if (types.some((t) => t === 'TIMESTAMPTZ')) return 'TIMESTAMPTZ';
    if (types.some((t) => t === 'TIMESTAMP')) return 'TIMESTAMP';
    if (types.length && types.every((t) => t === 'DATE')) return 'DATE';
    return undefined;
  }
  return undefined;
}

/** Aggregate and window functions (their result type is known to DuckDB only after binding). */
const AGGREGATES = new Set([
  'max', 'min', 'sum', 'avg', 'count', 'any_value', 'arbitrary', 'first_value', 'last_value', 'nth_value', 'lag', 'lead',
  'median', 'mode', 'listagg', 'array_agg', 'arrayagg', 'string_agg', 'first', 'last', 'stddev', 'variance', 'min_by',
  'max_by', 'arg_min', 'arg_max', 'approx_count_distinct', 'percentile_cont', 'percentile_disc', 'bool_or', 'bool_and',
  'boolor_agg', 'booland_agg', 'row_number', 'rank', 'dense_rank', 'ntile',
]);

/**
 * Whether an expression's type is known to DuckDB only after binding (an aggregate or window call, a bind), so a
 * typed macro overload cannot be chosen for it; also true when it is already wrapped or already text (`->>`), so a
 * second pass adds nothing.
 */
export function lateTypes(sig: Lexeme[]): boolean {
  for (let k = 0; k < sig.length; k++) {
    const l = sig[k];
    if (isPunct(l, '?') || isPunct(l, '$') || isPunct(l, '->>') || isTextRenderingShim(l)) return true;
    if (l.kind === 'word' && (l.text.toLowerCase() === 'over' || (AGGREGATES.has(l.text.toLowerCase()) && isPunct(sig[k + 1], '(')))) return true;
  }
  return false;
}
