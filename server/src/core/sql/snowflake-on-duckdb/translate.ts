// Snowflake SQL → DuckDB SQL. Works on lexemes (never inside strings, comments or quoted identifiers), one
// statement at a time, and keeps a map from output offsets back to input offsets so DuckDB's error positions
// can be reported against the text the user wrote. A second pass changes nothing (LEAST/GREATEST excepted: their NULL
// guard nests again, with the same result). Constructs with no exact DuckDB form throw UnsupportedOnDuckDb.
import { isTrivia, lex, type Lexeme } from '../tokenize';
import { topLevelCommas } from '../split';
import { CAST_FUNCTIONS, HANDLERS } from './functions';
import { duckDbStringExpression, duckDbStringLiteral, snowflakeStringValue } from './string-literals';
import { aliasKey, append, isPlainOperand, isTextRenderingShim, currentTimestampMapping, isPunct, isWord, lateTypes, lowerText, quote, underTimestampMapping, staticTemporalType, type Arg, type TemporalType, type CallSurroundings, type InnerCall, type Piece, type Template } from './template';
import { readRefusal, storeRefusal, toVariant } from './variant-float';
import { INTERVAL_QUALIFIER_WORDS, intervalSql } from './interval';
import { isVariantExpression } from './date-formats';
import { isVariantArgument } from './variant-coercion';
import { VARIANT_READ_TIMESTAMP_TYPES, variantTimestampRefusal } from './variant-timestamp';
import { integerCastToTimestamp } from './epoch-cast';
import { externalTableFilesSource, isExternalTableFilesCall } from './external-table-files';
import { isQueryHistoryCall, queryHistorySource, resultScanSource } from './query-history';
import { joinConditionEdits } from './join-conditions';
import { asofJoinEdits } from './asof-join';
import { refreshBoundaryEdits } from './refresh-boundary';
import { minusEdits } from './set-operators';
import { flattenSource, FROM_ITEM_FOLLOWERS, generatorSource, GENERATOR_COLUMN, seqColumn, splitToTableSource, type NamedArg } from './table-functions';
import { readBracketPath, readColonPath } from './json-path';
import { sessionStatement, type SessionAssignment } from './session-parameters';
import { UnsupportedOnDuckDb } from './unsupported';
import { alterColumnComments, commentText } from './alter-column-comment';
import { isDuckDbOnlyFunction, NotSnowflakeFunction, refusesDuckDbOnlyFunctions, underDuckDbOnlyRefusal } from './duckdb-only-functions';
import { mapTimestampAlias, type TimestampMapping } from './timestamp-type-mapping';
import { mapTimestampSynonyms } from './timestamp-synonyms';
import { typePositions } from './type-positions';
import { DUCKDB_TIMESTAMPTZ } from './duckdb-instant';
import { castReading, numberCastToTimestamp, timestampLiteral, tzCast, TIMESTAMP_TZ_REFUSAL, TIMESTAMP_TZ_STRUCT } from './timestamp-tz';
import { foreignUdfStatement } from './foreign-udf';
import { sqlUdfStatement } from './sql-udf';
import { stageRefusal } from './stages';
import { informationSchemaColumns, informationSchemaTables } from './information-schema';
import { productTemplate, quotientTemplate, staticScale } from './number-scale';
import { boundQuotientTemplate } from './quotient';
import { boundProductTemplate } from './product';
import { fitMacro, isTextType, lengthCheck, TEXT_TYPE_SPAN, textTypeLength } from './text-length';
import { numberCaseEdits, stringAsNumber } from './string-coercion';
import { describeTableStatement, isDescribeTable } from './describe-table';
import { objectFromStar } from './object-star';
import { OBJECT_CONSTANT_NULL, objectConstantTemplate } from './variant';
import { readAsText } from './text-arguments';
import { ungroupedOrderByDrop } from './ungrouped-order';
import { bareAliasGaps } from './bare-alias';
import { COMPARISON_OPERATORS, comparisonEndsBefore, comparisonStartsAfter, TEMPORAL_OPERAND_MACROS } from './date-comparison';
import { hashComparisonSql } from './hash-comparison';
import { insertOverwriteEdits, swapTablesStatement } from './replace-table';
import { isVariableAssignment, setVariableEdits, useWarehouseStatement, variableReference } from './session-variables';
import { pivotEdits } from './pivot';
import { BRONZE_RECORD_TABLES } from './name-case';
import { showTerseSchemasSql } from './schema-times';
import { snowflakeItemNames, withItemAliases } from './column-names';
import { withoutRepeatedCtes } from './repeated-ctes';
import { parenthesizedQueryArguments } from './subquery-arguments';
import { mergeUpdateSetEdits, updateSetEdits } from './update-set';
import { constantGroupKeyEdits } from './constant-group-keys';
export interface Translation {
  sql: string;
  /** Maps an offset in `sql` to the offset in the input it came from. */
  toSourceOffset(outputOffset: number): number;
}

/** Keywords after which a name is not an alias (`ORDER BY x`, `FROM t`, `SELECT DISTINCT x`). */
const NOT_BEFORE_ALIAS: ReadonlySet<string> = new Set([
  'select', 'distinct', 'all', 'by', 'from', 'join', 'on', 'using', 'where', 'and', 'or', 'not', 'when', 'then', 'else',
  'in', 'is', 'like', 'having', 'qualify', 'limit', 'offset', 'into', 'table', 'view', 'update', 'set', 'values', 'with',
  'union', 'except', 'intersect', 'minus', 'over', 'partition', 'case', 'asc', 'desc', 'nulls', 'first', 'last', 'lateral',
]);

/** Words before a name that make it the name of a routine or table being defined or referenced, not a call. */
const DEFINING_WORDS = new Set(['function', 'procedure', 'call', 'references', 'macro']);

/** Words DuckDB's grammar reserves that Snowflake has no use for, so in Snowflake SQL they are always names. */
const DUCKDB_ONLY_KEYWORDS = new Set(['semi', 'anti', 'positional', 'summarize', 'pivot_longer', 'pivot_wider', 'unpack', 'both', 'leading', 'trailing']);

/** What Time Travel's AT / BEFORE clause names: `AT(TIMESTAMP => …)`, `BEFORE(STATEMENT => …)`. */
const TIME_TRAVEL_KINDS = new Set(['timestamp', 'offset', 'statement', 'stream']);

/** What a statement is replaced with when it has no effect on DuckDB (Snowflake's own reply text). */
export const NOOP_STATEMENT = "SELECT 'Statement executed successfully.' AS status";

/** Aggregates whose WITHIN GROUP (ORDER BY …) DuckDB wants inside the call. */
const ORDERED_AGGREGATES = new Set(['listagg', 'array_agg', 'arrayagg', 'array_unique_agg']);

/** Window functions that take `{ IGNORE | RESPECT } NULLS` after their parentheses in Snowflake (inside in DuckDB). */
const NULL_TREATMENT_FUNCTIONS = new Set(['first_value', 'last_value', 'nth_value', 'lag', 'lead']);
/** Those of them whose frame defaults to the whole partition in Snowflake (DuckDB's: up to the current row's peers). */
const WHOLE_PARTITION_FRAME = new Set(['first_value', 'last_value', 'nth_value']);

/** Words before a `:` that are not an operand (e.g. Snowflake Scripting's `INTO :var`). */
const OPERAND_KEYWORDS = new Set(['select', 'where', 'and', 'or', 'not', 'into', 'then', 'else', 'when', 'return', 'using', 'on', 'in', 'by']);

/** BOOLEAN (or BOOL) as the type of a cast. */
const isBooleanType = (l: Lexeme | undefined): boolean => isWord(l, 'boolean') || isWord(l, 'bool');


/** Words beside a `*` that make it a star (`SELECT DISTINCT *`, `* EXCLUDE …`), not a product. */
const STAR_WORDS = new Set(['distinct', 'all', 'top', 'from', 'exclude', 'rename', 'replace', 'ilike', 'except', 'interval']);

/** Whether `operand` (with `before` in front of it) can be a factor of a product rather than part of a star or INTERVAL. */
function isProductOperand(operand: Lexeme | undefined, before: Lexeme | undefined): boolean {
  if (!operand || operand.kind === 'string') return false;
  if (operand.kind === 'word' && STAR_WORDS.has(operand.text.toLowerCase())) return false;
  return !(before?.kind === 'word' && STAR_WORDS.has(before.text.toLowerCase()));
}

/** The bracket ('(', '[' or '{') of the innermost group holding lexeme `j`, or '' at the top level. */
function innermostGroup(lx: Lexeme[], j: number): string {
  let depth = 0;
  for (let k = j - 1; k >= 0; k--) {
    const l = lx[k];
    if (l.kind !== 'punct') continue;
    if (l.text === ')' || l.text === ']' || l.text === '}') depth++;
    else if (l.text === '(' || l.text === '[' || l.text === '{') {
      if (depth === 0) return l.text;
      depth--;
    }
  }
  return '';
}

// ---------------------------------------------------------------------------------------------------------

/** TRIM(BOTH | LEADING | TRAILING chars FROM s): the words kept as written (module constants, not a list per word). */
const TRIM_SIDES: ReadonlySet<string> = new Set(['both', 'leading', 'trailing']);
/** The timestamp type names that are types only in a type position (type-positions.ts). */
const TIMESTAMP_TYPE_WORDS: ReadonlySet<string> = new Set(['timestamp_ntz', 'timestamp_ltz', 'timestamp_tz']);

/**
 * Where each lexeme's output begins in a scope's pieces (lexeme index → piece index), for the rewrites that wrap an
 * operand already emitted (`:` paths, casts…); undefined for a lexeme not set. An array from the scope's first lexeme:
 * a Map's set per lexeme was ~4% of the translator's time in a cold check, which translates every model.
 */
class OutStarts {
  private readonly at: number[] = [];
  constructor(private readonly from: number) {}
  get(i: number): number | undefined {
    return i >= this.from ? this.at[i - this.from] : undefined;
  }
  set(i: number, piece: number): void {
    if (i >= this.from) this.at[i - this.from] = piece;
    else throw new RangeError(`lexeme ${i} is before its scope (${this.from})`);
  }
}

/**
 * Per statement (its lexemes, shared by the scopes' rewriters): a call's written form → the first one's position;
 * null for a statement without GROUP BY, where no two copies need to match.
 */
const CALL_POSITIONS = new WeakMap<Lexeme[], Map<string, number> | null>();

class Rewriter {
  constructor(
    readonly lx: Lexeme[],
    /** Lexeme index → replacement text ('' drops it). Set by the statement-level pass. */
    readonly edits: Map<number, string>,
    /** Paren-open lexeme indexes whose groups are CREATE TABLE column lists. */
    readonly columnLists: Set<number>,
  ) {}


  /**
   * The position a call's translation names for its errors: that of the first call in the statement written the same
   * way (words in any case, the same spacing aside). A translation that names positions differs between two copies of
   * one expression, and DuckDB matches a GROUP BY item with a select item by its text ("must appear in the GROUP BY
   * clause" for `SELECT COALESCE(TRY_TO_NUMBER(a), 0) … GROUP BY COALESCE(TRY_TO_NUMBER(a), 0)`, valid on Snowflake),
   * as it matches DISTINCT's ORDER BY items with the select list. A `:` or `[]` path's read names the position of
   * lexeme `at` in it (flipside_algorand's silver__asset_config: `GROUP BY tx_message:txn:apar:an::STRING`).
   */
  callPosition(start: number, close: number, at = start): number {
    let seen = CALL_POSITIONS.get(this.lx);
    if (seen === undefined) CALL_POSITIONS.set(this.lx, (seen = this.lx.some((l) => isWord(l, 'group') || isWord(l, 'distinct')) ? new Map() : null));
    if (seen === null) return this.lx[at].start;
    const words = (from: number, to: number): string[] =>
      this.lx
        .slice(from, to)
        .filter((l) => !isTrivia(l))
        .map((l) => (l.kind === 'word' ? l.text.toLowerCase() : l.text));
    const key = `${words(start, close + 1).join(' ')}${at === start ? '' : ` @${words(start, at).length}`}`;
    const first = seen.get(key);
    if (first !== undefined) return first;
    seen.set(key, this.lx[at].start);
    return this.lx[at].start;
  }

  /** Each path's last lexeme → the first lexeme of the operand it reads: the whole path, for a cast of just that. */
  readonly pathStarts = new Map<number, number>();

  /** The last lexeme of each path that wrote its own cast to text: a `::VARCHAR` after it has nothing left to do. */
  readonly textPaths = new Set<number>();

  /**
   * Whether lexemes [from, to) are one `:` or `[]` path, or its end (a `::` cast's operand starts at the path's last
   * name, and applies to the whole path): its value is JSON whatever it holds, so its text is written with
   * bz_json_varchar_cast (client shims.ts), not bz_varchar_cast with its body for every type.
   */
  isPath(from: number, to: number): boolean {
    let end = to - 1;
    while (end >= from && isTrivia(this.lx[end])) end--;
    const start = this.pathStarts.get(end);
    const first = this.nextSig(from, to);
    return start !== undefined && start <= first && first <= end;
  }

  private aliasSet?: Set<string>;

  private typeSet?: Set<number>;

  /** The lexeme indexes where the statement writes a type (type-positions.ts), found when first asked. */
  get typePositions(): ReadonlySet<number> {
    return (this.typeSet ??= typePositions(this.lx));
  }

  /**
   * The names the input gives as aliases (aliasKey), for HandlerContext.aliases: after AS, and a name written right
   * after an expression (`x::date d,`: after `)`, a literal or another name, before `,`, `)`, FROM or the end).
   * Taking a few names that are not aliases only leaves a TIMESTAMP_TZ there refused by name.
   */
  get aliases(): ReadonlySet<string> {
    if (!this.aliasSet) {
      this.aliasSet = new Set();
      const n = this.lx.length;
      const isName = (l: Lexeme | undefined): l is Lexeme => !!l && (l.kind === 'word' || l.kind === 'quoted-identifier');
      for (let k = 0; k < n; k++) {
        const l = this.lx[k];
        if (isWord(l, 'as')) {
          const name = this.lx[this.nextSig(k + 1, n)];
          if (isName(name)) this.aliasSet.add(aliasKey(name));
          continue;
        }
        if (!isName(l)) continue;
        const prev = this.prevSig(k);
        const next = this.lx[this.nextSig(k + 1, n)];
        const afterExpression =
          isPunct(prev, ')') || prev?.kind === 'string' || prev?.kind === 'number' || (isName(prev) && !(prev.kind === 'word' && NOT_BEFORE_ALIAS.has(prev.text.toLowerCase())));
        const endsItem = next === undefined || isPunct(next, ',') || isPunct(next, ')') || isPunct(next, ';') || isWord(next, 'from');
        if (afterExpression && endsItem) this.aliasSet.add(aliasKey(l));
      }
    }
    return this.aliasSet;
  }

  nextSig(i: number, to: number): number {
    while (i < to && isTrivia(this.lx[i])) i++;
    return i;
  }

  /** Index of the `)` matching the `(` at `open`, or -1. */
  matchParen(open: number, to: number): number {
    let depth = 0;
    for (let i = open; i < to; i++) {
      const l = this.lx[i];
      if (l.kind !== 'punct') continue;
      if (l.text === '(') depth++;
      else if (l.text === ')' && --depth === 0) return i;
    }
    return -1;
  }

  /**
   * Whether the comparison operator at `i` has an ARRAY or OBJECT constant as an operand (`[1] = [1.0]`, `{'a': 1} < x`),
   * not an element read from one (`[1, 2][0] = 1`, `{'a': 1}:a = 1`). DuckDB compares the lists and maps the constants
   * become element by element in its own order (JSON elements as text: [2] > [10]); how Snowflake compares ARRAY and
   * OBJECT values (a number with another scale, values of different types) is not on the pages these constants cite.
   */
  comparesConstant(i: number, to: number): boolean {
    const lx = this.lx;
    const a = this.nextSig(i + 1, to);
    if ((isPunct(lx[a], '[') && !this.isArrayTypeOrConstructor(a, to)) || isPunct(lx[a], '{')) {
      const close = isPunct(lx[a], '[') ? this.matchBracket(a, to) : this.matchBracket(a, to, '{', '}');
      const after = lx[this.nextSig(close + 1, to)];
      if (close > 0 && !isPunct(after, '[') && !isPunct(after, ':')) return true;
    }
    // The left operand is the constant itself when it ends just before the operator and operandStart reads it whole.
    if (!isPunct(this.prevSig(i), ']') && !isPunct(this.prevSig(i), '}')) return false;
    const j = this.operandStart(i);
    return j !== undefined && (isPunct(lx[j], '[') || isPunct(lx[j], '{'));
  }

  /**
   * Whether `x [NOT] IN (…)` at the IN at `i` (its `(` at `open`) compares an ARRAY or OBJECT constant: as the operand
   * (`[1] IN ([1])`) or as an item of the list (`x IN ([1], [2])`). IN is a comparison with each item
   * (https://docs.snowflake.com/en/sql-reference/functions/in), so it is refused as comparesConstant's operators are.
   */
  inListConstant(i: number, open: number, to: number): boolean {
    const lx = this.lx;
    const isConstant = (from: number, end: number): boolean => {
      const a = this.nextSig(from, end);
      if (!(isPunct(lx[a], '[') && !this.isArrayTypeOrConstructor(a, end)) && !isPunct(lx[a], '{')) return false;
      const close = isPunct(lx[a], '[') ? this.matchBracket(a, end) : this.matchBracket(a, end, '{', '}');
      return close > 0 && this.nextSig(close + 1, end) >= end;
    };
    const before = isWord(this.prevSig(i), 'not') ? this.prevIndex(i) : i;
    if (isPunct(this.prevSig(before), ']') || isPunct(this.prevSig(before), '}')) {
      const j = this.operandStart(before);
      if (j !== undefined && (isPunct(lx[j], '[') || isPunct(lx[j], '{'))) return true;
    }
    const close = this.matchParen(open, to);
    if (close < 0 || isWord(lx[this.nextSig(open + 1, close)], 'select') || isWord(lx[this.nextSig(open + 1, close)], 'with')) return false;
    let from = open + 1;
    for (const end of [...topLevelCommas(lx, open + 1, close), close]) {
      if (isConstant(from, end)) return true;
      from = end + 1;
    }
    return false;
  }

  /** The index of the meaningful lexeme before `i`, or -1. */
  prevIndex(i: number): number {
    let k = i - 1;
    while (k >= 0 && isTrivia(this.lx[k])) k--;
    return k;
  }

  /** Appends a handler's template: its text at `src`, its argument numbers as those arguments' translations. */
  appendTemplate(out: Piece[], t: Template, args: Arg[], src: number): void {
    for (const part of t) {
      if (typeof part === 'string') out.push({ text: part, src, exact: false });
      else if (typeof part === 'number') append(out, args[part].pieces);
      else append(out, part);
    }
  }

  /** Index of the `]` (or `closer`) matching the `[` (or `opener`) at `open`, or -1. */
  matchBracket(open: number, to: number, opener = '[', closer = ']'): number {
    let depth = 0;
    for (let i = open; i < to; i++) {
      const l = this.lx[i];
      if (l.kind !== 'punct') continue;
      if (l.text === opener) depth++;
      else if (l.text === closer && --depth === 0) return i;
    }
    return -1;
  }

  /**
   * The OBJECT constant `{'key': value, …}` from `open` to `close` (data-types-semistructured, "OBJECT constants"): the
   * OBJECT OBJECT_CONSTRUCT builds from the same pairs (variant.ts), not DuckDB's STRUCT, whose fields take one type
   * across a UNION and whose text is not JSON. Keys are string literals, each once.
   */
  objectConstant(open: number, close: number): Piece[] {
    const lx = this.lx;
    const args: Arg[] = [];
    const keys = new Set<string>();
    for (const [start, end] of this.argSpans(open, close)) {
      const k = this.nextSig(start, end);
      const colon = this.nextSig(k + 1, end);
      if (lx[k]?.kind !== 'string' || !isPunct(lx[colon], ':') || this.nextSig(colon + 1, end) >= end) {
        throw new UnsupportedOnDuckDb('An OBJECT constant whose key is not a string literal', lx[k]?.start ?? lx[open].start);
      }
      const key = snowflakeStringValue(lx[k].text);
      if (keys.has(key)) throw new UnsupportedOnDuckDb(`An OBJECT constant with the key '${key}' twice`, lx[k].start);
      keys.add(key);
      const value = this.arg(colon + 1, end, 'object_construct');
      if (value.sig.length === 1 && isWord(value.sig[0], 'null')) throw new UnsupportedOnDuckDb(OBJECT_CONSTANT_NULL, value.sig[0].start);
      args.push(this.arg(k, k + 1, 'object_construct'), value);
    }
    const out: Piece[] = [];
    this.appendTemplate(out, objectConstantTemplate(args, lx[open].start), args, lx[open].start);
    return out;
  }

  /** `[db.]information_schema.tables|columns` starting at word `i`: Snowflake's view of that database, and the index after it. */
  informationSchemaView(i: number, afterDot: boolean): { sql: string; next: number } | undefined {
    if (afterDot) return undefined;
    const lx = this.lx;
    const qualified = isPunct(lx[i + 1], '.') && isWord(lx[i + 2], 'information_schema');
    const at = qualified ? i + 2 : i;
    if (!isWord(lx[at], 'information_schema') || !isPunct(lx[at + 1], '.') || isPunct(lx[at + 3], '.')) return undefined;
    const database = qualified ? lx[i].text : undefined;
    const start = lx[i].start;
    if (isWord(lx[at + 2], 'tables')) return { sql: informationSchemaTables(database, start), next: at + 3 };
    if (isWord(lx[at + 2], 'columns')) return { sql: informationSchemaColumns(database, start), next: at + 3 };
    // Any other view would be DuckDB's own information_schema view (other columns, every catalog's objects, names as
    // DuckDB stores them) or none at all (a raw Catalog Error): refused by name. SCHEMATA is left to DuckDB's, which
    // dbt's check_schema_exists reads (dbt-context.ts); a table function (`information_schema.query_history…(`) is not a view.
    const view = lx[at + 2];
    if (view?.kind === 'word' && !isWord(view, 'schemata') && !isPunct(lx[this.nextSig(at + 3, lx.length)], '(')) {
      throw new UnsupportedOnDuckDb(`INFORMATION_SCHEMA.${view.text.toUpperCase()} (the DuckDB target has Snowflake's TABLES and COLUMNS views only)`, start);
    }
    return undefined;
  }

  verbatim(i: number): Piece {
    const l = this.lx[i];
    if (l.kind === 'string' && l.text.includes('\\') && !this.escapeString(i)) {
      // A NUL (`\0`, `\000`, `\x00`) as chr(0): Snowflake's VARCHAR holds it (an audit message can).
      return { text: duckDbStringExpression(snowflakeStringValue(l.text)), src: l.start, exact: false };
    }
    return { text: l.text, src: l.start, exact: true };
  }

  /** Whether the string lexeme at `i` is an `E'…'` string (its `E` written right before it). */
  private escapeString(i: number): boolean {
    const prev = this.lx[i - 1];
    return prev?.kind === 'word' && (prev.text === 'e' || prev.text === 'E') && prev.start + 1 === this.lx[i].start;
  }

  /**
   * Rewrites a type name at `i` (after `::`, `CAST(x AS`, or a column name in a column list; `fn` the call it is in).
   * Returns the pieces and the index after the type, or null when the type needs no change.
   */
  rewriteType(i: number, to: number, fn = ''): { pieces: Piece[]; next: number } | null {
    const l = this.lx[i];
    if (!isWord(l)) return null;
    const name = l.text.toLowerCase();
    let next = i + 1;
    let params: string[] = [];
    const open = this.nextSig(next, to);
    if (isPunct(this.lx[open], '(')) {
      const close = this.matchParen(open, to);
      if (close > 0) {
        params = this.lx
          .slice(open + 1, close)
          .filter((x) => !isTrivia(x) && !isPunct(x, ','))
          .map((x) => x.text);
        next = close + 1;
      }
    }
    let text: string | undefined;
    // TIMESTAMP_NTZ(0), TIME(3): Snowflake keeps that many fractional digits; DuckDB's types keep six.
    const fractional = ['timestamp_ntz', 'datetime', 'timestamp_ltz', 'timestamp_tz', 'timestamp', 'time'].includes(name) ? Number(params[0]) : NaN;
    if (fractional < 6) throw new UnsupportedOnDuckDb(`${name.toUpperCase()}(${params[0]}) (fewer fractional-second digits than DuckDB's six)`, l.start);
    if (name === 'number') text = `DECIMAL(${params[0] ?? '38'},${params[1] ?? '0'})`;
    else if (name === 'timestamp_ntz' || name === 'datetime') text = 'TIMESTAMP';
    else if (name === 'timestamp_ltz') text = DUCKDB_TIMESTAMPTZ;
    // A TIMESTAMP_TZ column holds the layer's struct (timestamp-tz.ts), which CAST(… AS TIMESTAMP_TZ) makes of its
    // operand (the `as` before it, in emit); TRY_CAST has no form that gives NULL for text that is no timestamp.
    else if (name === 'timestamp_tz' && isWord(this.prevSig(i), 'as') && fn !== 'cast') throw new UnsupportedOnDuckDb(TIMESTAMP_TZ_REFUSAL, l.start);
    else if (name === 'timestamp_tz') text = TIMESTAMP_TZ_STRUCT;
    else if ((name === 'timestamp' || name === 'time') && params.length) text = name.toUpperCase();
    else if (['float', 'float4', 'float8', 'real'].includes(name)) text = 'DOUBLE';
    else if (name === 'byteint') text = 'TINYINT';
    // An OBJECT is a DuckDB MAP of JSON values (so results report OBJECT); ARRAY and VARIANT are JSON.
    else if (name === 'object') text = 'MAP(VARCHAR, JSON)';
    else if (name === 'array') text = 'JSON[]';
    else if (name === 'variant') text = 'JSON';
    if (text === undefined) return null;
    // Without parameters only the word itself is replaced; the rest continues normally.
    if (!params.length) next = i + 1;
    return { pieces: [{ text, src: l.start, exact: false }], next };
  }

  /**
   * A column typed VARCHAR(n) (or CHAR) in a CREATE TABLE column list, with a CHECK that keeps longer text out, as
   * Snowflake refuses it on INSERT and UPDATE (DuckDB ignores the length; text-length.ts names the failure).
   */
  lengthCheckedColumn(i: number, to: number, fn: string): { pieces: Piece[]; next: number } | undefined {
    const n = this.textLength(i, to);
    const name = this.prevSig(i);
    if (n === undefined || !isTextType(this.sigFrom(i, to)) || !name || (name.kind !== 'word' && name.kind !== 'quoted-identifier')) return undefined;
    let next = this.nextSig(i + 1, to);
    if (isWord(this.lx[next], 'varying')) next = this.nextSig(next + 1, to);
    if (isPunct(this.lx[next], '(')) next = this.matchParen(next, to) + 1;
    else next = i + 1;
    if (next <= 0) return undefined;
    const check: Piece = { text: ` ${lengthCheck(name.text, n)}`, src: this.lx[i].start, exact: false };
    return { pieces: [...this.emit(i, next, fn), check], next };
  }

  /** The length of a text type starting at `i` (VARCHAR(n), CHAR), for the length check of a cast. */
  textLength(i: number, to: number): number | undefined {
    return textTypeLength(this.sigFrom(i, to));
  }

  /** The meaningful lexemes of a type from `i` on, as many as a text type spans. */
  sigFrom(i: number, to: number): Lexeme[] {
    const sig: Lexeme[] = [];
    for (let k = i; k < to && sig.length < TEXT_TYPE_SPAN; k++) if (!isTrivia(this.lx[k])) sig.push(this.lx[k]);
    return sig;
  }

  /**
   * For the `::` at `i` followed by OBJECT or ARRAY (not a structured type's `OBJECT(…)`): where the operand's output
   * starts, to wrap it in bz_semi_cast_json; undefined when there is no such cast, it is already wrapped (a second
   * pass), or the operand is not found (then the JSON cast alone reads it, as before).
   */
  semiStructuredCastOperand(i: number, to: number, startOut: OutStarts): number | undefined {
    const typeAt = this.nextSig(i + 1, to);
    if (!isBareSemiStructuredType(this.lx, typeAt, this.nextSig(typeAt + 1, to))) return undefined;
    const j = this.operandStart(i);
    if (j === undefined || isWord(this.lx[j], 'bz_semi_cast_json')) return undefined;
    return startOut.get(j);
  }

  /**
   * Whether the name at `i` with its parenthesized group `open`…`close` is a function call, not a name with a column
   * list: a CTE's `name (a, b) AS (…)`, or the object a CREATE FUNCTION / PROCEDURE, CALL or REFERENCES names.
   */
  isCall(i: number, close: number, to: number): boolean {
    if (DEFINING_WORDS.has(this.prevSig(i)?.text.toLowerCase() ?? '')) return false;
    const after = this.nextSig(close + 1, to);
    return !(isWord(this.lx[after], 'as') && isPunct(this.lx[this.nextSig(after + 1, to)], '('));
  }

  /** The meaningful lexeme before `i`, if any. */
  prevSig(i: number): Lexeme | undefined {
    let k = i - 1;
    while (k >= 0 && isTrivia(this.lx[k])) k--;
    return this.lx[k];
  }

  /**
   * A Snowflake path `operand:key.key[0]` at the `:` at `i`: where the operand's output starts, the JSONPath, the
   * arrow (->> when a cast to a scalar type follows, since Snowflake casts the value, not its JSON text).
   */
  colonPath(i: number, to: number, startOut: OutStarts): { insertAt: number; path: string; arrow: string; next: number } | null {
    const lx = this.lx;
    const j = this.operandStart(i);
    if (j === undefined) return null;
    // `{'key': value}` (an OBJECT constant) and `lambda x: …` use `:` without being paths.
    if (isWord(this.prevSig(j), 'lambda') || (lx[j].kind === 'string' && innermostGroup(lx, j) === '{')) return null;
    const insertAt = startOut.get(j);
    if (insertAt === undefined) throw new UnsupportedOnDuckDb('A `:` path on this expression', lx[i].start);
    const read = readColonPath(lx, this.nextSig(i + 1, to), to);
    if (!read) return null;
    return { insertAt, path: read.path, arrow: this.pathArrow(read.next, to), next: read.next };
  }

  /**
   * Whether a `::` cast to plain text follows `next`. The path is then read as JSON (->) for bz_varchar, which renders
   * a JSON number as Snowflake does (5.000 → '5', where DuckDB's ->> gives '5.0'). The `::` wraps a path that ends in
   * a name; one that ends in `]` the path wraps itself (the cast does not find that operand).
   */
  castsToPlainText(next: number, to: number): boolean {
    const cast = this.nextSig(next, to);
    return isPunct(this.lx[cast], '::') && this.isPlainText(this.nextSig(cast + 1, to), to);
  }

  /**
   * Whether the path read from lexeme `start` to before `next` is an operand of `||`, a string function's VARCHAR
   * argument or LIKE's (text-arguments.ts), and no cast follows it. These convert a VARIANT to text as a cast does (a
   * string without its quotes, JSON null NULL); DuckDB's `||` and functions read a JSON value's JSON text (`"a"`).
   */
  concatenatesPath(start: number, next: number, to: number): boolean {
    const after = this.lx[this.nextSig(next, to)];
    if (isPunct(after, '::') || isPunct(after, '[')) return false;
    return isPunct(after, '||') || isPunct(this.prevSig(start), '||') || readAsText(this.lx, start, next, to);
  }

  /**
   * The arrow for a `:` or `[]` path ending before `next`: ->> (the value) when a cast to a scalar type follows, since
   * Snowflake casts the value, not its JSON text; -> (JSON) otherwise.
   */
  pathArrow(next: number, to: number): '->' | '->>' {
    const cast = this.nextSig(next, to);
    const type = isPunct(this.lx[cast], '::') ? this.lx[this.nextSig(cast + 1, to)]?.text.toLowerCase() : undefined;
    return type !== undefined && !['variant', 'object', 'array', 'json'].includes(type) && !VARIANT_READ_TIMESTAMP_TYPES.has(type) ? '->>' : '->';
  }

  /** `array[1, 2]`, `integer[]`, `::varchar[]`: DuckDB's array constructor and array types, not element access. */
  isArrayTypeOrConstructor(i: number, to: number): boolean {
    const before = this.prevSig(i);
    if (isPunct(this.lx[this.nextSig(i + 1, to)], ']') || isWord(before, 'array') || isWord(before, 'list')) return true;
    let k = i - 1;
    while (k >= 0 && isTrivia(this.lx[k])) k--;
    if (this.lx[k]?.kind !== 'word') return false;
    k--;
    while (k >= 0 && isTrivia(this.lx[k])) k--;
    return isPunct(this.lx[k], '::') || (isWord(this.lx[k], 'as') && !this.prevSig(k));
  }

  /**
   * Whether the type at `i` is text (VARCHAR, VARCHAR(n), CHARACTER VARYING, …): the value is then rendered as
   * Snowflake renders it (bz_varchar) before any length check, which counts the characters of that text.
   */
  isPlainText(i: number, to: number): boolean {
    return isTextType(this.sigFrom(i, to));
  }

  /**
   * Whether lexemes [from, to) are one call of a function whose result is always text (`REGEXP_REPLACE(…)`): a cast
   * of it to text changes nothing, and bz_varchar_cast, which names its argument in each of its branches, would copy
   * the whole call into each — datavault4dbt's hash keys nest such casts, and the bound plan grew past minutes.
   */
  isTextCall(from: number, to: number): boolean {
    const first = this.nextSig(from, to);
    const name = this.lx[first];
    if (!isWord(name) || !TEXT_RESULT_FUNCTIONS.has(name.text.toLowerCase())) return false;
    const open = this.nextSig(first + 1, to);
    if (!isPunct(this.lx[open], '(')) return false;
    const close = this.matchParen(open, to);
    return close > 0 && this.nextSig(close + 1, to) >= to;
  }

  /** Whether lexemes [from, to) already render text with bz_varchar (a second pass). */
  rendersText(from: number, to: number): boolean {
    return this.lx.slice(from, to).some(isTextRenderingShim);
  }

  /**
   * Whether lexemes [from, to) are joined by `||` at their top level (or inside the one pair of parentheses around
   * them): the value is then text (BOOLEAN under a comparison), which bz_varchar would only cast as CAST does. Not
   * wrapping it matters for speed: bz_varchar names its argument ~20 times and DuckDB binds each copy, so dbt's
   * surrogate key (a cast of a concatenation of casts) bound every column expression hundreds of times.
   */
  concatenates(from: number, to: number): boolean {
    const sig: number[] = [];
    for (let k = from; k < to; k++) if (!isTrivia(this.lx[k])) sig.push(k);
    let [a, b] = [0, sig.length - 1];
    while (a < b && isPunct(this.lx[sig[a]], '(') && this.matchParen(sig[a], to) === sig[b]) [a, b] = [a + 1, b - 1];
    let depth = 0;
    for (let k = a; k <= b; k++) {
      const l = this.lx[sig[k]];
      if (isPunct(l, '(') || isPunct(l, '[')) depth++;
      else if (isPunct(l, ')') || isPunct(l, ']')) depth--;
      else if (depth === 0 && isPunct(l, '||')) return true;
    }
    return false;
  }

  /** The first lexeme of the operand that ends just before the operator at `i` (a name, call or group). */
  operandStart(i: number): number | undefined {
    const lx = this.lx;
    let j = i - 1;
    while (j >= 0 && isTrivia(lx[j])) j--;
    const last = lx[j];
    if (!last) return undefined;
    if (isPunct(last, ')')) {
      let depth = 0;
      for (; j >= 0; j--) {
        if (isPunct(lx[j], ')')) depth++;
        else if (isPunct(lx[j], '(') && --depth === 0) break;
      }
      let w = j - 1;
      while (w >= 0 && isTrivia(lx[w])) w--;
      if (lx[w]?.kind === 'word' && !OPERAND_KEYWORDS.has(lx[w].text.toLowerCase())) j = w;
    } else if (last.kind === 'string' || last.kind === 'number' || last.kind === 'dollar-string') return j;
    else if (isPunct(last, '}')) {
      // `{'k': 1}:k`: an OBJECT constant is the operand.
      let depth = 0;
      for (; j >= 0; j--) {
        if (isPunct(lx[j], '}')) depth++;
        else if (isPunct(lx[j], '{') && --depth === 0) break;
      }
      return j >= 0 ? j : undefined;
    } else if (isPunct(last, ']')) {
      // `[1, 2][0]`: an ARRAY constant is the operand; `x[0]`, `f(x)[0]`, `{'k': 1}['k']` read as a path already
      // (readBracketPath).
      let depth = 0;
      for (; j >= 0; j--) {
        if (isPunct(lx[j], ']')) depth++;
        else if (isPunct(lx[j], '[') && --depth === 0) break;
      }
      let w = j - 1;
      while (w >= 0 && isTrivia(lx[w])) w--;
      const indexes = (lx[w]?.kind === 'word' && !OPERAND_KEYWORDS.has(lx[w].text.toLowerCase())) || lx[w]?.kind === 'quoted-identifier' || isPunct(lx[w], ')') || isPunct(lx[w], ']') || isPunct(lx[w], '}');
      const constant = j >= 0 && !indexes;
      return constant ? j : undefined;
    } else if (isWord(last, 'end')) {
      // `CASE … END::varchar`: the operand is the whole CASE expression (nested CASEs counted).
      let depth = 0;
      for (; j >= 0; j--) {
        if (isWord(lx[j], 'end')) depth++;
        else if (isWord(lx[j], 'case') && --depth === 0) break;
      }
      if (j < 0) return undefined;
    } else if (last.kind !== 'word' && last.kind !== 'quoted-identifier') return undefined;
    else if (OPERAND_KEYWORDS.has(last.text.toLowerCase())) return undefined;
    while (isPunct(lx[j - 1], '.') && (lx[j - 2]?.kind === 'word' || lx[j - 2]?.kind === 'quoted-identifier')) j -= 2;
    // `x::timestamp_ntz::string`: the operand of the second cast is the first cast, whole.
    let c = j - 1;
    while (c >= 0 && isTrivia(lx[c])) c--;
    if (isPunct(lx[c], '::')) return this.operandStart(c);
    return j;
  }

  /**
   * LISTAGG / ARRAY_AGG [WITHIN GROUP (ORDER BY …)] [OVER (…)]: DuckDB takes the ORDER BY inside the call. Snowflake's
   * LISTAGG separator defaults to '' and ARRAY_AGG leaves NULLs out; over no rows they give '' and [] (not NULL).
   */
  orderedAggregate(i: number, open: number, close: number, to: number): { pieces: Piece[]; next: number } {
    const lx = this.lx;
    const src = lx[i].start;
    const lower = lx[i].text.toLowerCase();
    const args = this.splitArgs(open, close);
    let next = close + 1;
    let orderBy: Piece[] = [];
    const w = this.nextSig(next, to);
    if (isWord(lx[w], 'within') && isWord(lx[this.nextSig(w + 1, to)], 'group')) {
      const gOpen = this.nextSig(this.nextSig(w + 1, to) + 1, to);
      const gClose = isPunct(lx[gOpen], '(') ? this.matchParen(gOpen, to) : -1;
      if (gClose < 0) throw new UnsupportedOnDuckDb(`${lower.toUpperCase()} … WITHIN GROUP without (ORDER BY …)`, src);
      orderBy = [{ text: ' ', src, exact: false }, ...this.emit(gOpen + 1, gClose, '')];
      next = gClose + 1;
    }
    const over = this.nextSig(next, to);
    const windowed = isWord(lx[over], 'over');
    // Snowflake's window form orders within the whole partition (its OVER takes PARTITION BY only), as DuckDB's
    // ordered window aggregate does without a frame; an OVER with ORDER BY is not that.
    if (windowed && orderBy.length && this.overHasOrderBy(over, to)) {
      throw new UnsupportedOnDuckDb(`${lower.toUpperCase()} with both WITHIN GROUP and an OVER (… ORDER BY …)`, src);
    }
    const t = (text: string): Piece => ({ text, src, exact: false });
    const out: Piece[] = [];
    if (lower === 'listagg') {
      if (args.length < 1 || args.length > 2) throw new UnsupportedOnDuckDb('LISTAGG with these arguments', src);
      if (!windowed) out.push(t('coalesce('));
      out.push(t('string_agg('), ...args[0].pieces, t(', '), ...(args[1] ? args[1].pieces : [t("''")]), ...orderBy, t(')'));
      if (!windowed) out.push(t(", '')"));
    } else {
      if (args.length !== 1) throw new UnsupportedOnDuckDb(`${lower.toUpperCase()} with these arguments`, src);
      // The value without a leading DISTINCT, for the NULL filter.
      const first = args[0].sig[0];
      const value = isWord(first, 'distinct') ? this.emit(this.nextSig(args[0].from + 1, args[0].to), args[0].to, '') : args[0].pieces;
      // ARRAY_UNIQUE_AGG(x) is ARRAY_AGG(DISTINCT x): the distinct non-NULL values, [] over no rows.
      const distinct = lower === 'array_unique_agg' && !isWord(first, 'distinct') ? [t('DISTINCT ')] : [];
      if (!windowed) out.push(t('coalesce('));
      out.push(t('array_agg('), ...distinct, ...args[0].pieces, ...orderBy, t(') FILTER (WHERE '), ...value, t(' IS NOT NULL)'));
      if (!windowed) out.push(t(', [])'));
    }
    return { pieces: out, next };
  }

  /**
   * FIRST_VALUE / LAST_VALUE / NTH_VALUE / LAG / LEAD (…) [{ IGNORE | RESPECT } NULLS] OVER (…): DuckDB reads the null
   * treatment inside the parentheses only (after them it was a raw parser error). FIRST_VALUE, LAST_VALUE and
   * NTH_VALUE with ORDER BY and no frame look at the whole partition in Snowflake (the LAST_VALUE examples of
   * docs.snowflake.com/en/sql-reference/functions/last_value and Snowpark's last_value give each row the partition's
   * last value), where DuckDB's default frame ends at the current row: the frame is written out. Undefined when no
   * OVER follows (left as it is).
   */
  nullTreatmentWindowCall(i: number, open: number, close: number, to: number): { pieces: Piece[]; next: number } | undefined {
    const lx = this.lx;
    let over = this.nextSig(close + 1, to);
    let treatment = '';
    if ((isWord(lx[over], 'ignore') || isWord(lx[over], 'respect')) && isWord(lx[this.nextSig(over + 1, to)], 'nulls')) {
      treatment = ` ${lx[over].text.toUpperCase()} NULLS`;
      over = this.nextSig(this.nextSig(over + 1, to) + 1, to);
    }
    if (!isWord(lx[over], 'over')) return undefined;
    const spec = this.nextSig(over + 1, to);
    const end = isPunct(lx[spec], '(') ? this.matchParen(spec, to) : -1;
    if (end < 0) return undefined;
    const src = lx[i].start;
    const t = (text: string): Piece => ({ text, src, exact: false });
    const out: Piece[] = [];
    for (let k = i; k <= open; k++) out.push(this.verbatim(k));
    append(out, this.emit(open + 1, close, lx[i].text.toLowerCase()));
    if (treatment) out.push(t(treatment));
    out.push(this.verbatim(close), t(' '));
    append(out, this.emit(over, end, ''));
    if (WHOLE_PARTITION_FRAME.has(lx[i].text.toLowerCase()) && this.overHasOrderBy(over, to) && !this.overHasFrame(spec, end)) {
      out.push(t(' ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING'));
    }
    out.push(this.verbatim(end));
    return { pieces: out, next: end + 1 };
  }

  /** Whether the window specification `(…)` from `open` to `close` has a frame (ROWS / RANGE / GROUPS) at its top level. */
  private overHasFrame(open: number, close: number): boolean {
    let depth = 0;
    for (let k = open + 1; k < close; k++) {
      const l = this.lx[k];
      if (isPunct(l, '(')) depth++;
      else if (isPunct(l, ')')) depth--;
      else if (depth === 0 && (isWord(l, 'rows') || isWord(l, 'range') || isWord(l, 'groups'))) return true;
    }
    return false;
  }

  /** The translated `OVER (…)` or `OVER name` following the call that ends at `close`, and the index after it. */
  windowClause(close: number, to: number): { pieces: Piece[]; next: number } | undefined {
    const over = this.nextSig(close + 1, to);
    if (!isWord(this.lx[over], 'over')) return undefined;
    const spec = this.nextSig(over + 1, to);
    const end = isPunct(this.lx[spec], '(') ? this.matchParen(spec, to) : this.lx[spec]?.kind === 'word' || this.lx[spec]?.kind === 'quoted-identifier' ? spec : -1;
    if (end < 0) return undefined;
    return { pieces: this.emit(over, end + 1, ''), next: end + 1 };
  }

  /** Whether the `OVER (…)` at `over` has ORDER BY (or a frame) at its top level. */
  private overHasOrderBy(over: number, to: number): boolean {
    const open = this.nextSig(over + 1, to);
    const close = isPunct(this.lx[open], '(') ? this.matchParen(open, to) : -1;
    if (close < 0) return true;
    let depth = 0;
    for (let k = open + 1; k < close; k++) {
      const l = this.lx[k];
      if (isPunct(l, '(')) depth++;
      else if (isPunct(l, ')')) depth--;
      else if (depth === 0 && (isWord(l, 'order') || isWord(l, 'rows') || isWord(l, 'range'))) return true;
    }
    return false;
  }

  /** The end (exclusive) of the operand starting after the binary operator at `i`, or undefined when unsure. */
  rightOperandEnd(i: number, to: number): number | undefined {
    const lx = this.lx;
    let k = this.nextSig(i + 1, to);
    if (isPunct(lx[k], '-') || isPunct(lx[k], '+')) k = this.nextSig(k + 1, to);
    let end: number;
    const l = lx[k];
    if (!l) return undefined;
    if (l.kind === 'number' || l.kind === 'string') end = k + 1;
    else if (isPunct(l, '(')) {
      const close = this.matchParen(k, to);
      if (close < 0) return undefined;
      end = close + 1;
    } else if (isWord(l, 'case')) {
      // `a / CASE … END`: the divisor is the whole CASE expression (nested CASEs counted, parentheses skipped).
      let depth = 0;
      let m = k;
      for (; m < to; m++) {
        if (isPunct(lx[m], '(')) {
          m = this.matchParen(m, to);
          if (m < 0) return undefined;
        } else if (isWord(lx[m], 'case')) depth++;
        else if (isWord(lx[m], 'end') && --depth === 0) break;
      }
      if (m >= to) return undefined;
      end = m + 1;
    } else if (l.kind === 'word' || l.kind === 'quoted-identifier') {
      // A keyword that starts a larger expression (NOT x, a typed literal DATE '…' / INTERVAL '…'): unsure.
      if (l.kind === 'word' && (OPERAND_KEYWORDS.has(l.text.toLowerCase()) || lx[this.nextSig(k + 1, to)]?.kind === 'string')) return undefined;
      end = k + 1;
      while (isPunct(lx[end], '.') && (lx[end + 1]?.kind === 'word' || lx[end + 1]?.kind === 'quoted-identifier')) end += 2;
      const open = this.nextSig(end, to);
      if (isPunct(lx[open], '(')) {
        const close = this.matchParen(open, to);
        if (close < 0) return undefined;
        end = close + 1;
      }
    } else return undefined;
    for (;;) {
      const n = this.nextSig(end, to);
      if (!isPunct(lx[n], '::')) break;
      const t = this.nextSig(n + 1, to);
      if (!isWord(lx[t])) return undefined;
      end = t + 1;
      const open = this.nextSig(end, to);
      if (isPunct(lx[open], '(')) end = this.matchParen(open, to) + 1;
      if (end <= 0) return undefined;
    }
    const after = lx[this.nextSig(end, to)];
    if (isPunct(after, ':') || isPunct(after, '[') || isPunct(after, '.')) return undefined;
    return end;
  }

  /**
   * Names given to literal numbers in the SELECT list of the scope [from, to) when it has no FROM (`SELECT 2 n1, 7
   * n2, n1 / n2`), with their scales; with a FROM a name could be a column, so none.
   */
  literalAliases(from: number, to: number): Map<string, number> {
    const out = new Map<string, number>();
    const sig: number[] = [];
    let depth = 0;
    for (let i = from; i < to; i++) {
      const l = this.lx[i];
      if (isTrivia(l)) continue;
      if (isPunct(l, '(')) depth++;
      else if (isPunct(l, ')')) depth--;
      else if (depth === 0) sig.push(i);
    }
    const words = sig.map((i) => (isWord(this.lx[i]) ? this.lx[i].text.toLowerCase() : ''));
    const sel = words.indexOf('select');
    if (sel < 0 || words.includes('from')) return out;
    const flush = (item: Lexeme[]): void => {
      let k = item.length - 1;
      const name = item[k];
      if (!name || name.kind !== 'word') return;
      k--;
      if (isWord(item[k], 'as')) k--;
      const scale = staticScale(item.slice(0, k + 1), new Map());
      if (scale !== undefined && k >= 0 && item.slice(0, k + 1).every((x) => x.kind === 'number' || isPunct(x, '-'))) {
        out.set(name.text.toLowerCase(), scale);
      }
    };
    let start = sig[sel] + 1;
    for (const end of [...topLevelCommas(this.lx, start, to), to]) {
      flush(this.lx.slice(start, end).filter((x) => !isTrivia(x)));
      start = end + 1;
    }
    return out;
  }

  /**
   * The significant lexemes of the operand from `j` to `end`, with the `name:` path steps before `j` that operandStart
   * leaves out (`txn :txn :fee` starts at `fee` there; the path is emitted whole, so `out` holds it all).
   */
  pathSig(j: number, end: number): Lexeme[] {
    const lx = this.lx;
    let k = j;
    for (;;) {
      const colon = this.prevSigIndex(k);
      const name = colon > 0 ? this.prevSigIndex(colon) : -1;
      if (!isPunct(lx[colon], ':') || (lx[name]?.kind !== 'word' && lx[name]?.kind !== 'quoted-identifier')) break;
      k = name;
    }
    while (isPunct(lx[k - 1], '.') && (lx[k - 2]?.kind === 'word' || lx[k - 2]?.kind === 'quoted-identifier')) k -= 2;
    return lx.slice(k, end).filter((x) => !isTrivia(x));
  }

  /** Whether the query block holding the lexeme at `i` has a HAVING clause (subqueries inside it aside). */
  blockHasHaving(i: number): boolean {
    const lx = this.lx;
    // The block starts after the nearest unmatched `(` that opens a query, or at the text's start.
    let from = 0;
    let depth = 0;
    for (let k = i - 1; k >= 0; k--) {
      if (isPunct(lx[k], ')')) depth++;
      else if (isPunct(lx[k], '(')) {
        if (depth > 0) depth--;
        else if (isWord(lx[this.nextSig(k + 1, lx.length)], 'select') || isWord(lx[this.nextSig(k + 1, lx.length)], 'with')) {
          from = k + 1;
          break;
        }
      }
    }
    depth = 0;
    for (let k = from; k < lx.length; k++) {
      const l = lx[k];
      if (isPunct(l, '(')) depth++;
      else if (isPunct(l, ')')) {
        if (depth === 0) return false;
        depth--;
      } else if (depth === 0 && isPunct(l, ';')) return false;
      else if (depth === 0 && isWord(l, 'having')) return true;
    }
    return false;
  }

  /**
   * `a / b` and `a * b` at Snowflake's NUMBER scale when both scales are known from the text (number-scale.ts); any
   * other `a / b` is typed when DuckDB binds it (quotient.ts). Replaces the left operand already in `out` and returns
   * the index after the right operand.
   */
  numberArithmetic(i: number, to: number, out: Piece[], startOut: OutStarts, aliases: () => Map<string, number>): number | undefined {
    const lx = this.lx;
    const op = lx[i].text;
    let j = this.windowCallStart(this.operandStart(i));
    if (j === undefined) return undefined;
    let before = this.prevSigIndex(j);
    // `a / b / c`, `a * b / c`: left-associative, so a quotient's dividend is the whole chain before it (already in `out`).
    while (before >= 0 && ['*', '/', '%'].some((p) => isPunct(lx[before], p))) {
      j = this.windowCallStart(this.operandStart(before));
      if (j === undefined) return undefined;
      before = this.prevSigIndex(j);
    }
    const at = startOut.get(j);
    if (at === undefined || ['*', '/', '%', '::', '.', '||'].some((p) => isPunct(lx[before], p))) return undefined;
    let end = this.rightOperandEnd(i, to);
    if (end === undefined) return undefined;
    const over = this.nextSig(end, to);
    if (isWord(lx[over], 'over')) {
      // `a / f(x) OVER (…)`: the window call is the divisor, whole.
      const open = this.nextSig(over + 1, to);
      const close = isPunct(lx[open], '(') ? this.matchParen(open, to) : -1;
      if (close < 0) return undefined;
      end = close + 1;
    }
    const leftSig = lx.slice(j, i).filter((x) => !isTrivia(x));
    const rightFrom = this.nextSig(i + 1, to);
    const rightSig = lx.slice(rightFrom, end).filter((x) => !isTrivia(x));
    const s1 = staticScale(leftSig, aliases());
    const s2 = staticScale(rightSig, aliases());
    // In HAVING, DuckDB binds the lambda that binds operands once (bind-once.ts) as if its struct fields were columns
    // ("column b must appear in the GROUP BY clause"), and it copies a select item HAVING names by its alias there:
    // in a query block with a HAVING clause the operands go straight to the body.
    const plain = this.blockHasHaving(i) || (isPlainOperand(leftSig, this.aliases) && isPlainOperand(rightSig, this.aliases));
    let t: Template | undefined;
    if (s1 !== undefined && s2 !== undefined) t = op === '/' ? quotientTemplate(0, s1, 1, s2, 'error') : productTemplate(0, 1, s1, s2);
    else if (op === '/') {
      const variant = { left: isVariantArgument(this.pathSig(j, i)), right: isVariantArgument(rightSig), at: lx[i].start };
      t = boundQuotientTemplate('error', variant.left || variant.right ? variant : undefined, plain);
    }
    // A factor of scale 0 never caps a product's scale (the translator's own templates multiply by such units).
    else if (s1 !== 0 && s2 !== 0 && isProductOperand(lx[j], lx[before]) && isProductOperand(lx[rightFrom], undefined)) {
      t = boundProductTemplate(plain);
    }
    if (!t) return undefined;
    const left = out.splice(at);
    while (left.length && /^\s+$/.test(left[left.length - 1].text)) left.pop();
    const right = this.emit(rightFrom, end, '');
    for (const part of t) {
      if (typeof part === 'string') out.push({ text: part, src: lx[i].start, exact: false });
      else if (typeof part === 'number') append(out, part === 0 ? left : right);
      else append(out, part);
    }
    return end;
  }

  /**
   * `HASH(a, …) <> HASH(b, …)` (or `=`, `!=`) of as many arguments each side, standing on its own: compared pair by
   * pair (hash-comparison.ts). Replaces the left operand already in `out`; returns the index after the right one, or
   * undefined when the comparison is not of that shape (HASH then stays refused where its value is used).
   */
  private hashComparison(i: number, to: number, out: Piece[], startOut: OutStarts): number | undefined {
    const lx = this.lx;
    const operator = lx[i].text;
    if ((operator !== '=' && operator !== '<>' && operator !== '!=') || !isPunct(this.prevSig(i), ')')) return undefined;
    const j = this.operandStart(i);
    if (j === undefined || !isWord(lx[j], 'hash')) return undefined;
    const end = this.rightOperandEnd(i, to);
    const at = startOut.get(j);
    if (at === undefined || end === undefined) return undefined;
    // (After a comma too: a HASH call is never the column a SET assigns.)
    if (!(isPunct(this.prevSig(j), ',') || comparisonStartsAfter(this.prevSig(j), operator)) || !comparisonEndsBefore(lx[this.nextSig(end, to)])) return undefined;
    const hashArgs = (from: number, until: number): [number, number][] | undefined => {
      const open = this.nextSig(from + 1, until);
      if (!isWord(lx[from], 'hash') || !isPunct(lx[open], '(') || this.matchParen(open, until) !== this.prevSigIndex(until)) return undefined;
      const spans = this.argSpans(open, this.matchParen(open, until));
      // HASH(*) and HASH(t.*) hash a row whose columns the comparison cannot pair (a product is left out with them).
      return spans.length && spans.every(([a, b]) => !lx.slice(a, b).some((x) => isPunct(x, '*'))) ? spans : undefined;
    };
    const left = hashArgs(j, i);
    const right = hashArgs(this.nextSig(i + 1, to), end);
    if (!left || !right || left.length !== right.length) return undefined;
    const text = (a: Arg): string => a.pieces.map((p) => p.text).join('');
    const pairs = left.map(([a, b], k) => ({ left: text(this.arg(a, b)), right: text(this.arg(right[k][0], right[k][1])) }));
    out.splice(at);
    out.push({ text: hashComparisonSql(pairs, operator === '=', lx[j].start, operator), src: lx[j].start, exact: false });
    return end;
  }

  /**
   * `text_col < '…'::DATE` (either way round): the side that is not a DATE as written goes through bz_date_operand
   * (date-comparison.ts). Replaces the left operand already in `out` when it is the one; returns the index after what
   * it wrote, or undefined when the comparison is left as it is.
   */
  dateComparison(i: number, to: number, out: Piece[], startOut: OutStarts): number | undefined {
    const lx = this.lx;
    const j = this.operandStart(i);
    const end = this.rightOperandEnd(i, to);
    const at = j === undefined ? undefined : startOut.get(j);
    if (j === undefined || at === undefined || end === undefined) return undefined;
    if (!comparisonStartsAfter(this.prevSig(j), lx[i].text) || !comparisonEndsBefore(lx[this.nextSig(end, to)])) return undefined;
    const rightFrom = this.nextSig(i + 1, to);
    const leftSig = lx.slice(j, i).filter((x) => !isTrivia(x));
    const rightSig = lx.slice(rightFrom, end).filter((x) => !isTrivia(x));
    const leftType = staticTemporalType(leftSig);
    const rightType = staticTemporalType(rightSig);
    if ((leftType === undefined) === (rightType === undefined)) return undefined;
    const macro = TEMPORAL_OPERAND_MACROS[(leftType ?? rightType) as TemporalType];
    if (!macro) return undefined;
    const leftTyped = leftType !== undefined;
    const other = leftTyped ? rightSig : leftSig;
    // A string literal DuckDB reads as a date itself; a late-typed operand (an aggregate) stays as written.
    if (lateTypes(other) || (other.length === 1 && other[0].kind === 'string')) return undefined;
    // Already converted (a second pass).
    if (isWord(other[0]) && Object.values(TEMPORAL_OPERAND_MACROS).includes(other[0].text.toLowerCase())) return undefined;
    const t = (text: string): Piece => ({ text, src: lx[i].start, exact: false });
    const operator: Piece = { text: lx[i].text, src: lx[i].start, exact: true };
    if (leftTyped) {
      out.push(operator, t(` ${macro}(`), ...this.emit(rightFrom, end, ''), t(')'));
      return end;
    }
    const left = out.splice(at);
    while (left.length && /^\s+$/.test(left[left.length - 1].text)) left.pop();
    out.push(t(`${macro}(`), ...left, t(') '), operator);
    return i + 1;
  }

  /**
   * `d LIKE '%-02-29'` / `d NOT ILIKE …`: Snowflake matches a DATE or timestamp subject by its text (the data type
   * conversion page: DATE and TIMESTAMP_* coerce to VARCHAR, as TO_VARCHAR prints them with the session's output
   * format); DuckDB has LIKE on text only. The subject already in `out` goes through bz_like_text, which gives that
   * text for those types while binding and leaves any other type as it is (a TIME or a number stays refused by name).
   */
  private likeSubjectAsText(i: number, out: Piece[], startOut: OutStarts): void {
    const lx = this.lx;
    const notAt = isWord(this.prevSig(i), 'not') ? this.prevSigIndex(i) : i;
    const j = this.operandStart(notAt);
    // (A string literal is text already, and so is a name of Bronze's own: COUNT(* ILIKE …)'s `bz_column` is a column name.)
    const alone = this.nextSig(j === undefined ? 0 : j + 1, notAt + 1) === notAt;
    if (j === undefined || isWord(lx[j], 'bz_like_text') || isWord(lx[j], 'bz_like_text_call') || (alone && (lx[j].kind === 'string' || (lx[j].kind === 'word' && /^bz_/i.test(lx[j].text))))) return;
    // SHOW … LIKE and CREATE TABLE t LIKE s name objects, not a subject.
    const before = this.prevSig(j);
    if (!before || isWord(before, 'show') || isWord(before, 'table') || isWord(before, 'terse')) return;
    let k = j;
    while (k > 0 && !isPunct(lx[k - 1], ';')) k--;
    while (k < j && isTrivia(lx[k])) k++;
    if (isWord(lx[k], 'show')) return;
    const from = startOut.get(j);
    const until = notAt === i ? out.length : startOut.get(notAt);
    if (from === undefined || until === undefined || until <= from) return;
    const subject = out.splice(from, until - from);
    const trailing: Piece[] = [];
    while (subject.length && /^\s+$/.test(subject[subject.length - 1].text)) trailing.unshift(subject.pop()!);
    const t = (text: string): Piece => ({ text, src: lx[i].start, exact: false });
    // A subject holding a call (a macro, often nested) binds once: bz_like_text names it in each type's branch.
    const macro = subject.some((p) => p.text.includes('(')) ? 'bz_like_text_call' : 'bz_like_text';
    out.splice(from, 0, t(`${macro}(`), ...subject, t(')'), ...trailing);
  }

  /** Index of the last significant lexeme before `i`, or -1. */
  private prevSigIndex(i: number): number {
    let k = i - 1;
    while (k >= 0 && isTrivia(this.lx[k])) k--;
    return k;
  }

  /** An operand that starts at OVER is the window call before it: the call's start. */
  private windowCallStart(j: number | undefined): number | undefined {
    return j !== undefined && isWord(this.lx[j], 'over') ? this.operandStart(j) : j;
  }

  /** Reads `name => value` arguments of the call (open, close). */
  private namedArgs(open: number, close: number): NamedArg[] {
    return this.splitArgs(open, close).map((arg) => {
      let k = arg.from;
      while (k < arg.to && !isPunct(this.lx[k], '=>')) k++;
      if (k >= arg.to) return { name: '', text: arg.sig.map((x) => x.text).join(' ').toLowerCase(), pieces: arg.pieces };
      const v = this.nextSig(k + 1, arg.to);
      const text = arg.sig.slice(arg.sig.findIndex((x) => isPunct(x, '=>')) + 1).map((x) => x.text).join(' ').toLowerCase();
      return { name: this.lx[arg.from].text.toLowerCase(), text, pieces: this.emit(v, arg.to, '') };
    });
  }

  /**
   * `TABLE(GENERATOR(…))`, `TABLE(FLATTEN(…))`, `LATERAL FLATTEN(…)` and `, FLATTEN(…)` (SPLIT_TO_TABLE likewise) in a FROM clause, with
   * their alias.
   */
  tableFunction(i: number, to: number): { pieces: Piece[]; next: number } | null {
    const lx = this.lx;
    let k = this.nextSig(i + 1, to);
    let wrapperClose = -1;
    let lateral = isWord(lx[i], 'lateral') || isPunct(this.prevSig(i), ',') || isWord(this.prevSig(i), 'join');
    let fnAt = i;
    if (isWord(lx[i], 'table')) {
      if (!isPunct(lx[k], '(')) return null;
      wrapperClose = this.matchParen(k, to);
      fnAt = this.nextSig(k + 1, to);
    } else if (isWord(lx[i], 'lateral')) {
      fnAt = k;
      lateral = true;
    } else if (!isWord(this.prevSig(i), 'from') && !lateral) return null;
    const name = lx[fnAt]?.kind === 'word' ? lx[fnAt].text.toLowerCase() : '';
    if (wrapperClose >= 0) {
      const files = this.externalTableFiles(fnAt, wrapperClose, to);
      if (files) return files;
    }
    if (name !== 'generator' && name !== 'flatten' && name !== 'split_to_table') return wrapperClose >= 0 ? this.tableOfCall(fnAt, wrapperClose, to) : null;
    const open = this.nextSig(fnAt + 1, to);
    if (!isPunct(lx[open], '(')) return null;
    const close = this.matchParen(open, to);
    if (close < 0 || (wrapperClose >= 0 && this.nextSig(close + 1, to) !== wrapperClose)) return null;
    const args = this.namedArgs(open, close);
    const at = lx[fnAt].start;
    let parts;
    if (name === 'generator') parts = generatorSource(args, at);
    else parts = (name === 'flatten' ? flattenSource : splitToTableSource)(args, at, seqColumn(name, lateral, at));
    let next = (wrapperClose >= 0 ? wrapperClose : close) + 1;
    let alias = `_${name}`;
    let a = this.nextSig(next, to);
    if (isWord(lx[a], 'as')) a = this.nextSig(a + 1, to);
    if ((lx[a]?.kind === 'word' && !FROM_ITEM_FOLLOWERS.has(lx[a].text.toLowerCase())) || lx[a]?.kind === 'quoted-identifier') {
      alias = lx[a].text;
      next = a + 1;
    }
    const src = lx[i].start;
    const pieces: Piece[] = [];
    if (name !== 'generator') pieces.push({ text: 'LATERAL ', src, exact: false });
    for (const p of parts) {
      if (typeof p === 'string') pieces.push({ text: p, src: at, exact: false });
      else append(pieces, p);
    }
    pieces.push({ text: name === 'generator' ? ` AS ${alias}(${GENERATOR_COLUMN})` : ` AS ${alias}`, src, exact: false });
    return { pieces, next };
  }

  /**
   * `TABLE([[db.]information_schema.]EXTERNAL_TABLE_FILES(…)) [alias]` → the twin's answer (external-table-files.ts);
   * QUERY_HISTORY_BY_SESSION and RESULT_SCAN likewise (query-history.ts).
   */
  private externalTableFiles(fnAt: number, wrapperClose: number, to: number): { pieces: Piece[]; next: number } | null {
    const lx = this.lx;
    const words: string[] = [];
    let k = fnAt;
    for (;;) {
      if (lx[k]?.kind !== 'word') return null;
      words.push(lx[k].text.toLowerCase());
      const dot = this.nextSig(k + 1, to);
      if (!isPunct(lx[dot], '.')) break;
      k = this.nextSig(dot + 1, to);
    }
    // The session's query history (query-history.ts): QUERY_HISTORY_BY_SESSION and RESULT_SCAN read what it logged.
    const queryHistory = isQueryHistoryCall(words);
    const resultScan = words.length === 1 && words[0] === 'result_scan';
    if (!isExternalTableFilesCall(words) && !queryHistory && !resultScan) return null;
    const open = this.nextSig(k + 1, to);
    if (!isPunct(lx[open], '(')) return null;
    const close = this.matchParen(open, to);
    if (close < 0 || this.nextSig(close + 1, to) !== wrapperClose) return null;
    const at = lx[k].start;
    const sql = queryHistory
      ? queryHistorySource(this.namedArgs(open, close), at)
      : resultScan
        ? resultScanSource(lx.slice(k, close + 1).map((l) => l.text).join(''), at)
        : externalTableFilesSource(this.namedArgs(open, close), at);
    return { pieces: [{ text: sql, src: at, exact: false }], next: wrapperClose + 1 };
  }

  /**
   * `TABLE([db.][schema.]f(…))` in a FROM clause (its wrapper's close at `wrapperClose`): a tabular UDF, which is a
   * DuckDB table macro (sql-udf.ts), called bare as DuckDB's FROM takes it; the alias that follows stays as written.
   */
  private tableOfCall(fnAt: number, wrapperClose: number, to: number): { pieces: Piece[]; next: number } | null {
    const lx = this.lx;
    let k = fnAt;
    while ((lx[k]?.kind === 'word' || lx[k]?.kind === 'quoted-identifier') && isPunct(lx[this.nextSig(k + 1, to)], '.')) k = this.nextSig(this.nextSig(k + 1, to) + 1, to);
    if (lx[k]?.kind !== 'word' && lx[k]?.kind !== 'quoted-identifier') return null;
    const open = this.nextSig(k + 1, to);
    if (!isPunct(lx[open], '(')) return null;
    const close = this.matchParen(open, to);
    if (close < 0 || this.nextSig(close + 1, to) !== wrapperClose) return null;
    return { pieces: this.emit(fnAt, close + 1, ''), next: wrapperClose + 1 };
  }

  /**
   * `FROM VALUES (…), (…) [[AS] t[(a, b)]]` → `FROM (VALUES (…), (…)) AS t(column1, column2)`: Snowflake names the
   * columns COLUMN1…N, DuckDB col0…; a subquery alias is required in DuckDB.
   */
  fromValues(i: number, to: number): { pieces: Piece[]; next: number } | null {
    const before = this.prevSig(i);
    if (!isWord(before, 'from') && !isWord(before, 'join')) return null;
    const groups: [number, number][] = [];
    let k = this.nextSig(i + 1, to);
    while (isPunct(this.lx[k], '(')) {
      const close = this.matchParen(k, to);
      if (close < 0) return null;
      groups.push([k, close]);
      const after = this.nextSig(close + 1, to);
      if (!isPunct(this.lx[after], ',')) {
        k = after;
        break;
      }
      k = this.nextSig(after + 1, to);
    }
    if (!groups.length) return null;
    const width = this.splitArgs(groups[0][0], groups[0][1]).length;
    const src = this.lx[i].start;
    const pieces: Piece[] = [{ text: '(', src, exact: false }, this.verbatim(i), { text: ' ', src, exact: false }];
    groups.forEach(([o, c], n) => {
      if (n) pieces.push({ text: ', ', src: this.lx[o].start, exact: false });
      pieces.push(this.verbatim(o), ...this.emit(o + 1, c, ''), this.verbatim(c));
    });
    pieces.push({ text: ')', src: this.lx[groups[groups.length - 1][1]].start, exact: false });
    // An alias, with or without AS and a column list.
    let alias = '_values';
    let columns = Array.from({ length: width }, (_, n) => `column${n + 1}`).join(', ');
    let next = groups[groups.length - 1][1] + 1;
    let a = k;
    if (isWord(this.lx[a], 'as')) a = this.nextSig(a + 1, to);
    const word = this.lx[a];
    if ((word?.kind === 'word' && !FROM_ITEM_FOLLOWERS.has(word.text.toLowerCase())) || word?.kind === 'quoted-identifier') {
      alias = word.text;
      next = a + 1;
      const open = this.nextSig(a + 1, to);
      if (isPunct(this.lx[open], '(')) {
        const close = this.matchParen(open, to);
        if (close > 0) {
          columns = this.lx.slice(open + 1, close).map((x) => x.text).join('');
          next = close + 1;
        }
      }
    }
    pieces.push({ text: ` AS ${alias}(${columns})`, src, exact: false });
    return { pieces, next };
  }

  /**
   * `FROM (VALUES (…), (…)) [AS] v`: Snowflake names the columns COLUMN1…N here too, DuckDB col0…; the alias gets
   * the column list (an alias with its own list is left as written).
   */
  parenValues(i: number, to: number): { pieces: Piece[]; next: number } | null {
    const lx = this.lx;
    const before = this.prevSig(i);
    if (!isWord(before, 'from') && !isWord(before, 'join') && !isPunct(before, ',')) return null;
    const v = this.nextSig(i + 1, to);
    if (!isWord(lx[v], 'values')) return null;
    const close = this.matchParen(i, to);
    const firstRow = this.nextSig(v + 1, to);
    if (close < 0 || !isPunct(lx[firstRow], '(')) return null;
    const width = this.splitArgs(firstRow, this.matchParen(firstRow, close)).length;
    let a = this.nextSig(close + 1, to);
    if (isWord(lx[a], 'as')) a = this.nextSig(a + 1, to);
    const word = lx[a];
    const named = (word?.kind === 'word' && !FROM_ITEM_FOLLOWERS.has(word.text.toLowerCase())) || word?.kind === 'quoted-identifier';
    if (named && isPunct(lx[this.nextSig(a + 1, to)], '(')) return null;
    const columns = Array.from({ length: width }, (_, n) => `column${n + 1}`).join(', ');
    const src = lx[i].start;
    const pieces: Piece[] = [this.verbatim(i), ...this.emit(i + 1, close, ''), this.verbatim(close)];
    pieces.push({ text: ` AS ${named ? word.text : '_values'}(${columns})`, src, exact: false });
    return { pieces, next: named ? a + 1 : close + 1 };
  }

  /** Index of the meaningful lexeme before `i`, or -1. */
  private prevSigAt(i: number): number {
    let k = i - 1;
    while (k >= 0 && isTrivia(this.lx[k])) k--;
    return k;
  }

  /** The `(` of the innermost group holding lexeme `i`, or -1. */
  private enclosingOpen(i: number): number {
    let depth = 0;
    for (let k = i - 1; k >= 0; k--) {
      if (isPunct(this.lx[k], ')')) depth++;
      else if (isPunct(this.lx[k], '(') && depth-- === 0) return k;
    }
    return -1;
  }

  /**
   * Where the lexeme at `i` is in the select list of a CTE's body (`with x as (select …`, `, y as (select …`: the index
   * of the CTE's name) or of a subquery in FROM/JOIN (-1): a query whose columns the statement names to read, not its
   * result; undefined elsewhere.
   */
  private namedSubquery(i: number): number | undefined {
    const open = this.enclosingOpen(i);
    if (open < 0 || !isWord(this.lx[this.nextSig(open + 1, this.lx.length)], 'select')) return undefined;
    const before = this.prevSigAt(open);
    if (isWord(this.lx[before], 'from') || isWord(this.lx[before], 'join')) return -1;
    if (!isWord(this.lx[before], 'as')) return undefined;
    const name = this.prevSigAt(before);
    const head = this.lx[this.prevSigAt(name)];
    const named = this.lx[name]?.kind === 'word' || this.lx[name]?.kind === 'quoted-identifier';
    return named && (isWord(head, 'with') || isWord(head, 'recursive') || isPunct(head, ',')) ? name : undefined;
  }

  /** HandlerContext.aliasReads for the call from `i` to its `)` at `close`, in the scope ending at `to`. */
  aliasReads(i: number, close: number, to: number): string[] | undefined {
    // The query that names the alias must not be the statement's result: that would give the value whole.
    const cte = this.namedSubquery(i);
    if (cte === undefined) return undefined;
    const as = this.nextSig(close + 1, to);
    if (!isWord(this.lx[as], 'as')) return undefined;
    const at = this.nextSig(as + 1, to);
    const alias = this.lx[at];
    if (!alias || (alias.kind !== 'word' && alias.kind !== 'quoted-identifier')) return undefined;
    const name = aliasKey(alias);
    const n = this.lx.length;
    const keys: string[] = [];
    for (let k = 0; k < n; k++) {
      const l = this.lx[k];
      if (isPunct(l, '*')) {
        const prev = this.prevSig(k);
        const star = !prev || isPunct(prev, ',') || isPunct(prev, '.') || isWord(prev, 'select') || isWord(prev, 'distinct') || isWord(prev, 'all');
        // A star in a group closed before the CTE (an earlier CTE's body, an ephemeral model's) cannot read it; one
        // reading a subquery that holds the CTE's WITH (the twin's `select * from (<model>)`) reads its result.
        const group = cte >= 0 && k < cte ? this.enclosingOpen(k) : -1;
        const before = group >= 0 && this.matchParen(group, n) < cte;
        const from = this.nextSig(k + 1, n);
        const sub = cte >= 0 && isWord(this.lx[from], 'from') ? this.nextSig(from + 1, n) : -1;
        const around = sub >= 0 && isPunct(this.lx[sub], '(') && sub < cte && this.matchParen(sub, n) > cte;
        if (star && !before && !around) return undefined;
        continue;
      }
      if (k === at || (l.kind !== 'word' && l.kind !== 'quoted-identifier') || aliasKey(l) !== name) continue;
      const colon = this.nextSig(k + 1, n);
      const key = isPunct(this.lx[colon], ':') ? this.lx[this.nextSig(colon + 1, n)] : undefined;
      if (key?.kind === 'word') keys.push(key.text);
      else if (key?.kind === 'quoted-identifier') keys.push(key.text.slice(1, -1).replace(/""/g, '"'));
      else return undefined;
    }
    return keys;
  }

  /** The call starting at lexeme `k` inside one of `args`, read to the end of that argument. */
  callAt(k: number, args: Arg[]): InnerCall | undefined {
    const arg = args.find((x) => x.from === k);
    if (!arg || !isWord(this.lx[k])) return undefined;
    const open = this.nextSig(k + 1, arg.to);
    if (!isPunct(this.lx[open], '(')) return undefined;
    const close = this.matchParen(open, arg.to);
    if (close < 0) return undefined;
    return { name: this.lx[k].text, args: this.splitArgs(open, close), after: this.emit(close + 1, arg.to, '') };
  }

  /**
   * The cast applied to the call [i … close] in the scope [from, to) of function `fn`'s argument list, and `fn`
   * when the call is that whole argument.
   */
  surroundings(i: number, close: number, from: number, to: number, fn: string): CallSurroundings {
    const next = this.nextSig(close + 1, to);
    const whole = this.nextSig(from, to) === i;
    const typeAfter = (k: number): string | undefined => this.lx[this.nextSig(k + 1, to)]?.text.toLowerCase();
    let castTo: string | undefined;
    if (isPunct(this.lx[next], '::')) castTo = typeAfter(next);
    else if (whole && isWord(this.lx[next], 'as') && CAST_FUNCTIONS.has(fn)) castTo = typeAfter(next);
    const key = isPunct(this.lx[next], ':') ? this.lx[this.nextSig(next + 1, to)] : undefined;
    const pathKey = key?.kind === 'word' ? key.text : key?.kind === 'quoted-identifier' ? key.text.slice(1, -1).replace(/""/g, '"') : undefined;
    return { castTo, argOf: whole && next >= to && fn ? fn : undefined, ...(pathKey !== undefined ? { pathKey } : {}) };
  }

  /**
   * `INTERVAL '…' [qualifier]` at `i` in Snowflake's forms (interval.ts), with where to open a CAST(… AS DATE) when it
   * is added to or subtracted from a DATE and counts whole days, months or years.
   */
  interval(i: number, to: number, startOut: OutStarts): { sql: string; next: number; wrapAt?: number } | undefined {
    const lx = this.lx;
    const strAt = this.nextSig(i + 1, to);
    const qualifier: string[] = [];
    let next = strAt + 1;
    for (let k = this.nextSig(next, to); qualifier.length < 3 && isWord(lx[k]) && INTERVAL_QUALIFIER_WORDS.has(lx[k].text.toLowerCase()); k = this.nextSig(k + 1, to)) {
      qualifier.push(lx[k].text.toLowerCase());
      next = k + 1;
    }
    // Only `X TO Y` qualifiers are read; anything else is left to DuckDB as written.
    if (qualifier.length && (qualifier.length !== 3 || qualifier[1] !== 'to')) return undefined;
    const iv = intervalSql(snowflakeStringValue(lx[strAt].text), qualifier);
    if (!iv) return undefined;
    let wrapAt: number | undefined;
    let op = i - 1;
    while (op >= 0 && isTrivia(lx[op])) op--;
    if (iv.dateOnly && (isPunct(lx[op], '+') || isPunct(lx[op], '-'))) {
      const j = this.operandStart(op);
      if (j !== undefined && staticTemporalType(lx.slice(j, op).filter((x) => !isTrivia(x))) === 'DATE') wrapAt = startOut.get(j);
    }
    return { sql: iv.sql, next, wrapAt };
  }

  /** Splits the group (open, close) at top-level commas. */
  splitArgs(open: number, close: number, fn = ''): Arg[] {
    return this.argSpans(open, close).map(([start, end]) => this.arg(start, end, fn));
  }

  /**
   * The [start, end) spans of the comma-separated items between `open` and `close` (none when nothing is there). Array
   * and object constants (`['a', 'b']`, `{'k': 1, 'm': 2}`) hold commas of their own.
   */
  argSpans(open: number, close: number): [number, number][] {
    const spans: [number, number][] = [];
    let start = open + 1;
    for (const comma of topLevelCommas(this.lx, open + 1, close)) {
      spans.push([start, comma]);
      start = comma + 1;
    }
    if (spans.length || this.nextSig(start, close) < close) spans.push([start, close]);
    return spans;
  }

  /**
   * The argument written from `start` to `end`, translated inside function `fn`. Surrounding whitespace and comments
   * are dropped: templates supply their own separators, and a trailing `-- comment` would hide what a template puts
   * after the argument.
   */
  arg(start: number, end: number, fn = ''): Arg {
    const from = this.nextSig(start, end);
    let to = end;
    while (to > from && isTrivia(this.lx[to - 1])) to--;
    return { from, to, sig: this.lx.slice(from, to).filter((x) => !isTrivia(x)), pieces: this.emit(from, to, fn) };
  }

  /**
   * `SELECT [DISTINCT|ALL] TOP n` at the start of the scope [from, to): the lexemes to drop and the LIMIT to
   * append at the scope's end (none when the scope already has a LIMIT).
   */
  private topClause(from: number, to: number): { drop: number[]; limit?: string } | null {
    const s0 = this.nextSig(from, to);
    if (!isWord(this.lx[s0], 'select')) return null;
    let k = this.nextSig(s0 + 1, to);
    if (isWord(this.lx[k], 'distinct') || isWord(this.lx[k], 'all')) k = this.nextSig(k + 1, to);
    if (!isWord(this.lx[k], 'top')) return null;
    const n = this.nextSig(k + 1, to);
    if (this.lx[n]?.kind !== 'number') return null;
    const drop = [k, n];
    if (this.lx[k + 1]?.kind === 'ws') drop.push(k + 1);
    if (this.lx[n + 1]?.kind === 'ws') drop.push(n + 1);
    let depth = 0;
    let hasLimit = false;
    for (let i = n + 1; i < to; i++) {
      const l = this.lx[i];
      if (isPunct(l, '(')) depth++;
      else if (isPunct(l, ')')) depth--;
      else if (depth === 0 && isWord(l, 'limit')) hasLimit = true;
    }
    return { drop, limit: hasLimit ? undefined : ` LIMIT ${this.lx[n].text}` };
  }

  /** Translates lexemes [from, to). `fn` names the function whose argument list this is ('' for none). */
  emit(from: number, to: number, fn: string, columnList = false): Piece[] {
    const top = this.topClause(from, to);
    if (top) {
      const edits = new Map(this.edits);
      for (const i of top.drop) edits.set(i, '');
      const inner = new Rewriter(this.lx, edits, this.columnLists);
      let last = to;
      while (last > from && isTrivia(this.lx[last - 1])) last--;
      const out = inner.emitScope(from, last, fn, columnList);
      if (top.limit) out.push({ text: top.limit, src: this.lx[last - 1].start, exact: false });
      append(out, inner.emitScope(last, to, fn, columnList));
      return out;
    }
    return this.emitScope(from, to, fn, columnList);
  }

  private emitScope(from: number, to: number, fn: string, columnList: boolean): Piece[] {
    const out: Piece[] = [];
    const lx = this.lx;
    let itemSig = 0; // meaningful lexemes seen in the current column-list item
    const startOut = new OutStarts(from); // lexeme index → where its output begins (for `:` paths)
    let aliases: Map<string, number> | undefined;
    const scopeAliases = (): Map<string, number> => (aliases ??= this.literalAliases(from, to));
    for (let i = from; i < to; ) {
      const l = lx[i];
      startOut.set(i, out.length);
      if (l.kind !== 'word' && l.kind !== 'punct' && (!columnList || isTrivia(l))) {
        // Whitespace, comments, strings, numbers and quoted names (outside a column list): every rewrite below starts
        // at a word or a punctuation lexeme, so only an edit applies here — tested first, as the rewrites' ~40 keyword
        // and punctuation tests per lexeme were much of the translator's time.
        const edit = this.edits.get(i);
        if (edit === undefined) out.push(this.verbatim(i));
        else if (edit) out.push({ text: edit, src: l.start, exact: false });
        i++;
        continue;
      }
      // The kind and the lower case once per lexeme: the tests below compare them inline (one isWord / isPunct call
      // per test was a third of this function's time in a cold check, which translates every model).
      const punct = l.kind === 'punct';
      const lower = l.kind === 'word' ? lowerText(l.text) : '';
      if ((punct && l.text === '+') && lx[this.nextSig(i + 1, to)]?.kind === 'string') {
        // Unary `+'5'` is the number 5 (string-coercion.ts); a binary `+` has an operand before it.
        const before = this.prevSig(i);
        const unary = !before || (before.kind === 'punct' && before.text !== ')' && before.text !== ']') || (before.kind === 'word' && OPERAND_KEYWORDS.has(before.text.toLowerCase()));
        if (unary) {
          const s = this.nextSig(i + 1, to);
          out.push({ text: stringAsNumber(lx[s]), src: l.start, exact: false });
          i = s + 1;
          continue;
        }
      }
      if (lower === 'x' && lx[i + 1]?.kind === 'string' && lx[i + 1].start === l.start + 1) {
        // X'…' is a Snowflake BINARY literal; DuckDB would read `x'AB'` as the text 'xAB'.
        const hex = snowflakeStringValue(lx[i + 1].text);
        if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new UnsupportedOnDuckDb(`The BINARY literal X'${hex}' (not an even number of hex digits)`, l.start);
        out.push({ text: `unhex('${hex}')`, src: l.start, exact: false });
        i += 2;
        continue;
      }
      if ((punct && l.text === '$') && lx[i + 1]?.kind === 'word' && lx[i + 1].start === l.start + 1) {
        // `$name`: a session variable (session-variables.ts).
        out.push({ text: variableReference(lx[i + 1]), src: l.start, exact: false });
        i += 2;
        continue;
      }
      if (l.kind === 'punct' && COMPARISON_OPERATORS.has(l.text)) {
        if (this.comparesConstant(i, to)) throw new UnsupportedOnDuckDb(`A comparison (${l.text}) of an ARRAY or OBJECT constant`, l.start);
        const next = this.hashComparison(i, to, out, startOut) ?? this.dateComparison(i, to, out, startOut);
        if (next !== undefined) {
          i = next;
          continue;
        }
      }
      if ((punct && l.text === '/') || (punct && l.text === '*')) {
        const next = this.numberArithmetic(i, to, out, startOut, scopeAliases);
        if (next !== undefined) {
          i = next;
          continue;
        }
      }
      if ((punct && l.text === '{')) {
        // `{}` is the empty OBJECT constant (DuckDB has no empty struct); `{*}` builds one from the columns (object-star.ts).
        const k = this.nextSig(i + 1, to);
        if (isPunct(lx[k], '}')) {
          out.push({ text: 'CAST(map() AS MAP(VARCHAR, JSON))', src: l.start, exact: false });
          i = k + 1;
          continue;
        }
        const close = isPunct(lx[k], '*') ? lx.findIndex((x, n) => n > k && isPunct(x, '}')) : -1;
        const star = close > 0 ? objectFromStar(lx.slice(k, close).filter((x) => !isTrivia(x)), l.start, false) : undefined;
        if (star) {
          out.push({ text: star, src: l.start, exact: false });
          i = close + 1;
          continue;
        }
        const end = this.matchBracket(i, to, '{', '}');
        if (end > 0) {
          append(out, this.objectConstant(i, end));
          i = end + 1;
          continue;
        }
      }
      if ((punct && l.text === ':')) {
        const p = this.colonPath(i, to, startOut);
        if (p) {
          // bz_variant: an OBJECT (a MAP) or a list is read as its JSON; JSON and text as they are.
          const start = this.operandStart(i) ?? i;
          const concat = this.concatenatesPath(start, p.next, to);
          const text = concat || this.castsToPlainText(p.next, to);
          const wrap = text && (concat || p.path.endsWith(']'));
          // A read that yields a VARIANT (or its text) from an ARRAY or OBJECT holding a FLOAT is refused (variant-float.ts).
          const guard = text || p.arrow === '->';
          out.splice(p.insertAt, 0, { text: `${wrap ? 'bz_json_varchar_cast(' : ''}(bz_variant(`, src: l.start, exact: false });
          const at = guard ? this.callPosition(start, p.next - 1, i) : l.start;
          out.push({ text: `${guard ? `, ${quote(readRefusal(at))}` : ''}) ${text ? '->' : p.arrow} '${p.path.replace(/'/g, "''")}')${wrap ? ')' : ''}`, src: l.start, exact: false });
          // A cast or another operator after the path applies to the whole path expression.
          for (let k = i; k < p.next; k++) startOut.set(k, p.insertAt);
          this.pathStarts.set(p.next - 1, start);
          if (wrap) this.textPaths.add(p.next - 1);
          i = p.next;
          continue;
        }
      }
      if ((punct && l.text === '[') && this.operandStart(i) === undefined && !this.isArrayTypeOrConstructor(i, to)) {
        // `[a, b, …]` is Snowflake's ARRAY constant, the same array as ARRAY_CONSTRUCT(a, b, …) (data-types-semistructured,
        // "ARRAY constants"): each element keeps its own VARIANT type. DuckDB's list literal unified them ([1, '5'] was
        // the INTEGER list [1, 5]), so the constant is built by ARRAY_CONSTRUCT's handler.
        const close = this.matchBracket(i, to);
        if (close > 0) {
          const args = this.splitArgs(i, close, 'array_construct');
          const outer = this.surroundings(i, close, from, to, fn);
          const t = HANDLERS.array_construct(args, { at: l.start, callAt: (k) => this.callAt(k, args), outer, window: () => [], aliases: this.aliases, aliasReads: () => this.aliasReads(i, close, to) });
          if (t) {
            this.appendTemplate(out, t, args, l.start);
            i = close + 1;
            continue;
          }
        }
      }
      if ((punct && l.text === '[') && this.operandStart(i) !== undefined && !this.isArrayTypeOrConstructor(i, to)) {
        // `arr[0]`, `v['key']`: Snowflake's 0-based element access on ARRAY/VARIANT (DuckDB lists count from 1).
        const j = this.operandStart(i) as number;
        const insertAt = startOut.get(j);
        const read = readBracketPath(lx, i, to);
        if (insertAt === undefined || !read) throw new UnsupportedOnDuckDb('Element access `[…]` with a computed index', l.start);
        const text = this.concatenatesPath(j, read.next, to) || this.castsToPlainText(read.next, to);
        const arrow = text ? '->' : this.pathArrow(read.next, to);
        // A read that yields a VARIANT (or its text) from an ARRAY or OBJECT holding a FLOAT is refused (variant-float.ts).
        const guard = arrow === '->';
        out.splice(insertAt, 0, { text: `${text ? 'bz_json_varchar_cast(' : ''}(${guard ? 'bz_json_source' : 'json_quote'}(`, src: l.start, exact: false });
        const at = guard ? this.callPosition(j, read.next - 1, i) : l.start;
        out.push({ text: `${guard ? `, ${quote(readRefusal(at))}` : ''}) ${arrow} '${read.path.replace(/'/g, "''")}')${text ? ')' : ''}`, src: l.start, exact: false });
        for (let k = i; k < read.next; k++) startOut.set(k, insertAt);
        this.pathStarts.set(read.next - 1, j);
        if (text) this.textPaths.add(read.next - 1);
        i = read.next;
        continue;
      }
      const edit = this.edits.get(i);
      if (edit !== undefined) {
        if (edit) out.push({ text: edit, src: l.start, exact: false });
        i++;
        continue;
      }
      if (columnList && !isTrivia(l)) {
        if ((punct && l.text === ',')) itemSig = -1;
        else if (itemSig === 1) {
          const checked = this.lengthCheckedColumn(i, to, fn);
          if (checked) {
            append(out, checked.pieces);
            i = checked.next;
            itemSig++;
            continue;
          }
          const t = this.rewriteType(i, to);
          if (t) {
            append(out, t.pieces);
            i = t.next;
            itemSig++;
            continue;
          }
        }
        itemSig++;
      }
      // The REGEXP / RLIKE operators match the whole string, as DuckDB's SIMILAR TO does.
      if ((lower === 'regexp' || lower === 'rlike') && !isPunct(lx[this.nextSig(i + 1, to)], '(')) {
        const before = this.prevSig(i);
        if (before && !isPunct(before, ',') && !isPunct(before, '(') && !isWord(before, 'select')) {
          out.push({ text: 'SIMILAR TO', src: l.start, exact: false });
          i++;
          continue;
        }
      }
      if (lower === 'table' || lower === 'lateral' || lower === 'flatten' || lower === 'split_to_table') {
        const t = this.tableFunction(i, to);
        if (t) {
          append(out, t.pieces);
          i = t.next;
          continue;
        }
      }
      if ((lower === 'like' || lower === 'ilike') && !isPunct(lx[this.nextSig(i + 1, to)], '(')) this.likeSubjectAsText(i, out, startOut);
      if ((lower === 'like' || lower === 'ilike') && isWord(lx[this.nextSig(i + 1, to)], 'any')) {
        // `x LIKE ANY (p1, p2)` → `(x LIKE p1 OR x LIKE p2)`.
        const anyAt = this.nextSig(i + 1, to);
        const open = this.nextSig(anyAt + 1, to);
        const close = isPunct(lx[open], '(') ? this.matchParen(open, to) : -1;
        const j = this.operandStart(i);
        const at = j === undefined ? undefined : startOut.get(j);
        if (close < 0 || at === undefined || isWord(this.prevSig(i), 'not')) {
          throw new UnsupportedOnDuckDb(`${l.text.toUpperCase()} ANY in this form`, l.start);
        }
        const operand = out.splice(at);
        const t = (text: string): Piece => ({ text, src: l.start, exact: false });
        out.push(t('('));
        this.splitArgs(open, close).forEach((p, n) => {
          if (n) out.push(t(' OR '));
          append(out, operand);
          out.push(t(` ${l.text.toUpperCase()} `));
          append(out, p.pieces);
        });
        out.push(t(')'));
        i = close + 1;
        continue;
      }
      if (lower === 'interval' && lx[this.nextSig(i + 1, to)]?.kind === 'string') {
        const iv = this.interval(i, to, startOut);
        if (iv) {
          if (iv.wrapAt !== undefined) out.splice(iv.wrapAt, 0, { text: 'CAST(', src: l.start, exact: false });
          out.push({ text: iv.sql, src: l.start, exact: false });
          if (iv.wrapAt !== undefined) out.push({ text: ' AS DATE)', src: l.start, exact: false });
          i = iv.next;
          continue;
        }
      }
      // `FROM DUAL`: Snowflake's one-row table of nothing (dbt_external_tables runs `select '…' from dual` as its no-op
      // step on Snowflake), which DuckDB does not have; an unqualified, unquoted DUAL only.
      if (lower === 'dual' && isWord(this.prevSig(i), 'from') && !isPunct(this.lx[this.nextSig(i + 1, to)], '.')) {
        const after = this.lx[this.nextSig(i + 1, to)];
        const aliased = isWord(after, 'as') || after?.kind === 'quoted-identifier' || (after?.kind === 'word' && !FROM_ITEM_FOLLOWERS.has(after.text.toLowerCase()));
        out.push({ text: aliased ? '(SELECT 1)' : '(SELECT 1) AS dual', src: l.start, exact: false });
        i++;
        continue;
      }
      if (lower === 'values') {
        const v = this.fromValues(i, to);
        if (v) {
          append(out, v.pieces);
          i = v.next;
          continue;
        }
      }
      if ((punct && l.text === '(') || lower === 'from' || lower === 'join') {
        // `FROM (` would otherwise read as a call of FROM.
        const open = (punct && l.text === '(') ? i : this.nextSig(i + 1, to);
        const v = isPunct(lx[open], '(') ? this.parenValues(open, to) : null;
        if (v) {
          for (let k = i; k < open; k++) out.push(this.verbatim(k));
          append(out, v.pieces);
          i = v.next;
          continue;
        }
      }
      if (l.kind === 'word') {
        const prev = lx[i - 1];
        const afterDot = isPunct(prev, '.');
        const open = this.nextSig(i + 1, to);
        // `semi`, `anti`, …: plain names in Snowflake, keywords of DuckDB's grammar, so quoted (DuckDB still matches
        // a quoted name in any case).
        // TRIM(BOTH|LEADING|TRAILING chars FROM s), the SQL-standard form DuckDB reads, keeps its word.
        const trimSide = TRIM_SIDES.has(lower) && isPunct(this.prevSig(i), '(') && isWord(this.prevSig(this.prevSigIndex(i)), 'trim') && !isPunct(lx[open], ')') && !isPunct(lx[open], ',');
        if (DUCKDB_ONLY_KEYWORDS.has(lower) && !trimSide) {
          out.push({ text: `"${l.text}"`, src: l.start, exact: false });
          i += 1;
          continue;
        }
        // DuckDB has no row pattern matching (it failed with a raw parser error), and the clause's own functions (FIRST,
        // LAST, PREV, …) are not calls of the functions of those names.
        if (lower === 'match_recognize' && isPunct(lx[open], '(')) throw new UnsupportedOnDuckDb('MATCH_RECOGNIZE', l.start);
        // A hierarchical query (docs.snowflake.com/en/sql-reference/constructs/connect-by): DuckDB has no CONNECT BY
        // (a raw parser error); its operators are refused where they come first.
        const hierarchical =
          (lower === 'connect' && isWord(lx[open], 'by')) ||
          (lower === 'sys_connect_by_path' && isPunct(lx[open], '(')) ||
          (lower === 'connect_by_root' && !afterDot && (lx[open]?.kind === 'word' || lx[open]?.kind === 'quoted-identifier' || isPunct(lx[open], '(')));
        if (hierarchical) throw new UnsupportedOnDuckDb(`${lower === 'connect' ? 'CONNECT BY' : l.text.toUpperCase()} (a hierarchical query)`, l.start);
        if (lower === 'in' && isPunct(lx[open], '(') && this.inListConstant(i, open, to)) {
          throw new UnsupportedOnDuckDb('An IN comparison of an ARRAY or OBJECT constant', l.start);
        }
        // Time Travel, `t AT(OFFSET => -60)` / `t BEFORE(STATEMENT => '…')`: DuckDB keeps no history of a table.
        if ((lower === 'at' || lower === 'before') && !afterDot && isPunct(lx[open], '(')) {
          const kind = lx[this.nextSig(open + 1, to)];
          const arrow = lx[this.nextSig(this.nextSig(open + 1, to) + 1, to)];
          if (kind?.kind === 'word' && TIME_TRAVEL_KINDS.has(kind.text.toLowerCase()) && isPunct(arrow, '=>')) {
            throw new UnsupportedOnDuckDb(`Time Travel (${l.text.toUpperCase()}(${kind.text.toUpperCase()} => …): DuckDB keeps no history of a table)`, l.start);
          }
        }
        // `at` is a name in Snowflake (not among its reserved keywords) and a keyword of DuckDB's (`AT TIME ZONE`,
        // which Snowflake does not have): quoted as `semi` is, unless it is that clause.
        if (lower === 'at' && !isWord(lx[open], 'time') && !isPunct(lx[open], '(')) {
          out.push({ text: `"${l.text}"`, src: l.start, exact: false });
          i += 1;
          continue;
        }
        // `CREATE TABLE time (…)`, `INSERT INTO date (…)`: an object's name with its column list, not a call.
        const before = this.prevSig(i);
        const objectName = isWord(before, 'table') || isWord(before, 'into') || isWord(before, 'view') || isWord(before, 'exists');
        if (!afterDot && !objectName && isPunct(lx[open], '(') && !this.edits.has(open)) {
          const close = this.matchParen(open, to);
          // Judged as the user wrote it (duckdb-only-functions.ts); `::MAP(VARCHAR, NUMBER)` is Snowflake's structured
          // type (https://docs.snowflake.com/en/sql-reference/data-types-structured), not a call of DuckDB's MAP.
          if (close > 0 && refusesDuckDbOnlyFunctions() && isDuckDbOnlyFunction(lower) && !HANDLERS[lower] && this.isCall(i, close, to) && !this.typePositions.has(i)) {
            throw new NotSnowflakeFunction(l.text, l.start);
          }
          if (close > 0 && ORDERED_AGGREGATES.has(lower)) {
            const agg = this.orderedAggregate(i, open, close, to);
            append(out, agg.pieces);
            i = agg.next;
            continue;
          }
          const windowCall = close > 0 && NULL_TREATMENT_FUNCTIONS.has(lower) ? this.nullTreatmentWindowCall(i, open, close, to) : undefined;
          if (windowCall) {
            append(out, windowCall.pieces);
            i = windowCall.next;
            continue;
          }
          const handler = HANDLERS[lower];
          if (close > 0 && handler) {
            const args = this.splitArgs(open, close, lower);
            const outer = this.surroundings(i, close, from, to, fn);
            let after = close + 1;
            const window = (): Piece[] => {
              const w = this.windowClause(close, to);
              if (!w) return [];
              after = w.next;
              return w.pieces;
            };
            const t =
              handler(args, { at: this.callPosition(i, close), callAt: (k) => this.callAt(k, args), outer, window, aliases: this.aliases, aliasReads: () => this.aliasReads(i, close, to) });
            if (t) {
              this.appendTemplate(out, t, args, l.start);
              i = after;
              continue;
            }
          }
          if (close > 0 && lower === 'number') {
            const t = this.rewriteType(i, to);
            if (t) {
              append(out, t.pieces);
              i = t.next;
              continue;
            }
          }
          if (close > 0) {
            out.push(this.verbatim(i));
            for (let k = i + 1; k < open; k++) out.push(this.verbatim(k));
            // After a keyword (`SELECT (a + b) / 2`) the group is an operand of its own: where it starts.
            startOut.set(open, out.length);
            out.push(this.verbatim(open));
            append(out, this.emit(open + 1, close, lower, this.columnLists.has(open)));
            out.push(this.verbatim(close));
            i = close + 1;
            continue;
          }
        }
        // `[db.]information_schema.tables|columns` → Snowflake's view of one database (information-schema.ts).
        const view = this.informationSchemaView(i, afterDot);
        if (view) {
          out.push({ text: view.sql, src: l.start, exact: false });
          i = view.next;
          continue;
        }
        // `db.information_schema.x` → the global `information_schema.x` (DuckDB has one per catalog only).
        if (!afterDot && isPunct(lx[i + 1], '.') && isWord(lx[i + 2], 'information_schema')) {
          i += 2;
          continue;
        }
        // A column or alias may be called TIMESTAMP_NTZ: only a type position is a type (type-positions.ts).
        if (!afterDot && TIMESTAMP_TYPE_WORDS.has(lower) && this.typePositions.has(i)) {
          const t = this.rewriteType(i, to, fn);
          if (t) {
            append(out, t.pieces);
            i = t.next;
            continue;
          }
        }
        if (lower === 'as' && CAST_FUNCTIONS.has(fn)) {
          const typeAt = this.nextSig(i + 1, to);
          // CAST('literal' AS DATE | TIMESTAMP…): the literal as Snowflake reads it (timestamp-tz.ts).
          const only = this.nextSig(from, to);
          if (lx[only]?.kind === 'string' && this.nextSig(only + 1, to) === i) {
            const fixed = timestampLiteral(snowflakeStringValue(lx[only].text), lx[typeAt]?.text ?? '', lx[only].start);
            const k = fixed === undefined ? -1 : out.findIndex((p) => p.exact && p.src === lx[only].start);
            if (k >= 0 && fixed !== undefined) out[k] = { text: fixed, src: out[k].src, exact: false };
          }
          const length = this.textLength(typeAt, to);
          const operand = lx.slice(from, i).filter((x) => !isTrivia(x));
          if (fn === 'try_cast' && operand.length <= 2 && operand[operand.length - 1]?.kind === 'number') {
            // Snowflake's TRY_CAST takes a string only: TRY_CAST(1.5 AS NUMBER) is an error there, not 2.
            out.splice(0, out.length, { text: "error('TRY_CAST takes a string expression; this argument is a NUMBER') ", src: l.start, exact: false });
          }
          // CAST(tz AS DATE | TIMESTAMP_NTZ | TIMESTAMP_LTZ…) of a TIMESTAMP_TZ: its wallclock or instant (timestamp-tz.ts).
          const reading = castReading(lx[typeAt]?.text ?? '', operand, this.aliases);
          if (reading !== undefined) {
            out.splice(0, 0, { text: `${reading}(`, src: l.start, exact: false });
            while (out.length && /^\s+$/.test(out[out.length - 1].text)) out.pop();
            out.push({ text: ') ', src: l.start, exact: false });
          }
          if (fn === 'cast' && isWord(lx[typeAt], 'timestamp_tz') && !(operand.length === 1 && isWord(operand[0], 'null'))) {
            // CAST(x AS TIMESTAMP_TZ) is x::TIMESTAMP_TZ: bz_to_tz keeps x's offset (timestamp-tz.ts), and the cast of
            // the struct to its own type (rewriteType) leaves it as it is. (A NULL is cast to the struct directly.)
            const cast = tzCast({ from, to: i, sig: operand, pieces: [] }, 0);
            while (out.length && /^\s+$/.test(out[out.length - 1].text)) out.pop();
            if (typeof cast[0] === 'string' && cast.length === 1) out.splice(0, out.length, { text: cast[0], src: lx[from].start, exact: false });
            else {
              out.splice(0, 0, { text: 'bz_to_tz(', src: l.start, exact: false });
              out.push({ text: ')', src: l.start, exact: false });
            }
            out.push({ text: ' ', src: l.start, exact: false });
          }
          if (isBareSemiStructuredType(lx, typeAt, this.nextSig(typeAt + 1, to)) && !isWord(lx[this.nextSig(from, to)], 'bz_semi_cast_json')) {
            // CAST(text AS OBJECT | ARRAY): the text parsed as `text::OBJECT` parses it (DuckDB read a MAP literal).
            out.splice(0, 0, { text: 'bz_semi_cast_json(', src: l.start, exact: false });
            while (out.length && /^\s+$/.test(out[out.length - 1].text)) out.pop();
            out.push({ text: ') ', src: l.start, exact: false });
          }
          if (isWord(lx[typeAt], 'variant')) {
            // CAST(x AS VARIANT) wraps the value as `x::VARIANT` does; CAST(… AS JSON) alone would parse a string.
            out.splice(0, 0, { text: 'bz_to_variant(', src: l.start, exact: false });
            while (out.length && /^\s+$/.test(out[out.length - 1].text)) out.pop();
            out.push({ text: `, ${quote(storeRefusal('CAST … AS VARIANT', l.start))}) `, src: l.start, exact: false });
          }
          if (isBooleanType(lx[typeAt]) && !isWord(lx[this.nextSig(from, to)], 'bz_boolean_text')) {
            // CAST(x AS BOOLEAN): Snowflake's strings ('on', 'off' too: shims.ts bz_boolean_text).
            out.splice(0, 0, { text: 'bz_boolean_text(', src: l.start, exact: false });
            while (out.length && /^\s+$/.test(out[out.length - 1].text)) out.pop();
            out.push({ text: ') ', src: l.start, exact: false });
          }
          const fitted = /^bz_text_(try_)?fit$/i.test(lx[this.nextSig(from, to)]?.text ?? '');
          if (this.isPlainText(typeAt, to) && !this.rendersText(from, i) && !this.concatenates(from, i) && !this.isTextCall(from, i) && !fitted) {
            // CAST(ts AS VARCHAR) renders a TIMESTAMP_NTZ in Snowflake's default format (…SS.FF3).
            out.splice(0, 0, { text: this.isPath(from, i) ? 'bz_json_varchar_cast(' : 'bz_varchar_cast(', src: l.start, exact: false });
            while (out.length && /^\s+$/.test(out[out.length - 1].text)) out.pop();
            out.push({ text: ') ', src: l.start, exact: false });
          }
          if (length !== undefined && !fitted) {
            out.splice(0, 0, { text: `${fitMacro(fn === 'try_cast')}(`, src: l.start, exact: false });
            while (out.length && /^\s+$/.test(out[out.length - 1].text)) out.pop();
            out.push({ text: `, ${length}) `, src: l.start, exact: false });
          }
          out.push(this.verbatim(i));
          let j = i + 1;
          while (j < to && isTrivia(lx[j])) out.push(this.verbatim(j++));
          const t = this.rewriteType(j, to, fn);
          if (t) {
            append(out, t.pieces);
            i = t.next;
          } else i = j;
          continue;
        }
      }
      if ((punct && l.text === '::') && this.isPlainText(this.nextSig(i + 1, to), to)) {
        const j = this.operandStart(i);
        const at = j === undefined ? undefined : startOut.get(j);
        if (j !== undefined && at !== undefined && !this.rendersText(j, i) && !this.concatenates(j, i) && !this.isTextCall(j, i) && !this.textPaths.has(this.prevSigIndex(i))) {
          out.splice(at, 0, { text: this.isPath(j, i) ? 'bz_json_varchar_cast(' : 'bz_varchar_cast(', src: l.start, exact: false });
          out.push({ text: ')', src: l.start, exact: false });
        }
      }
      if ((punct && l.text === '::') && isBooleanType(lx[this.nextSig(i + 1, to)])) {
        const j = this.operandStart(i);
        const at = j === undefined ? undefined : startOut.get(j);
        if (j !== undefined && at !== undefined && !isWord(lx[j], 'bz_boolean_text')) {
          out.splice(at, 0, { text: 'bz_boolean_text(', src: l.start, exact: false });
          out.push({ text: ')', src: l.start, exact: false });
        }
      }
      if ((punct && l.text === '::') && this.textLength(this.nextSig(i + 1, to), to) !== undefined) {
        const j = this.operandStart(i);
        const at = j === undefined ? undefined : startOut.get(j);
        if (at === undefined) throw new UnsupportedOnDuckDb('A cast to VARCHAR(n) of this expression', l.start);
        // Already checked (a second pass): left as is.
        if (!/^bz_text_(try_)?fit$/i.test(lx[j as number].text)) {
          out.splice(at, 0, { text: `${fitMacro(false)}(`, src: l.start, exact: false });
          out.push({ text: `, ${this.textLength(this.nextSig(i + 1, to), to)})`, src: l.start, exact: false });
        }
      }
      if ((punct && l.text === '::') && isWord(lx[this.nextSig(i + 1, to)], 'timestamp_tz')) {
        // `x::TIMESTAMP_TZ` → the TIMESTAMP_TZ struct (timestamp-tz.ts), which keeps x's offset.
        const j = this.operandStart(i);
        const at = j === undefined ? undefined : startOut.get(j);
        const typeAt = this.nextSig(i + 1, to);
        if (j === undefined || at === undefined || isPunct(lx[this.nextSig(typeAt + 1, to)], '(')) throw new UnsupportedOnDuckDb(TIMESTAMP_TZ_REFUSAL, lx[typeAt].start);
        const sig = lx.slice(j, i).filter((x) => !isTrivia(x));
        const cast = tzCast({ from: j, to: i, sig, pieces: [] }, 0);
        if (typeof cast[0] === 'string' && cast.length === 1) out.splice(at, out.length - at, { text: cast[0], src: lx[j].start, exact: false });
        else {
          out.splice(at, 0, { text: 'bz_to_tz(', src: l.start, exact: false });
          out.push({ text: ')', src: l.start, exact: false });
        }
        i = typeAt + 1;
        continue;
      }
      if ((punct && l.text === '::') && isWord(lx[this.nextSig(i + 1, to)], 'variant')) {
        // `x::VARIANT` wraps the value (a string stays a string), as to_json does; CAST(… AS JSON) would parse it.
        const j = this.operandStart(i);
        const at = j === undefined ? undefined : startOut.get(j);
        if (at === undefined) throw new UnsupportedOnDuckDb('::VARIANT on this expression', l.start);
        // bz_to_variant: DuckDB's to_json (a FLOAT kept a FLOAT, variant-float.ts), a name a second pass leaves alone;
        // json_quote (DuckDB's to_json) for a constant that is no FLOAT.
        const [open, , close] = toVariant(0, '::VARIANT', l.start, { from: j as number, to: i, sig: lx.slice(j, i).filter((x) => !isTrivia(x)), pieces: [] });
        out.splice(at, 0, { text: String(open), src: l.start, exact: false });
        out.push({ text: String(close ?? ')'), src: l.start, exact: false });
        i = this.nextSig(i + 1, to) + 1;
        continue;
      }
      if ((punct && l.text === '::')) {
        // A timestamp literal in a form DuckDB reads differently (a UTC offset after a space, or one NTZ drops).
        const lit = this.prevSig(i);
        const fixed = lit?.kind === 'string' ? timestampLiteral(snowflakeStringValue(lit.text), lx[this.nextSig(i + 1, to)]?.text ?? '', lit.start) : undefined;
        const k = fixed === undefined ? -1 : out.findLastIndex((p) => p.exact && p.src === lit?.start);
        if (k >= 0 && fixed !== undefined) out[k] = { text: fixed, src: out[k].src, exact: false };
        const typeAt = this.nextSig(i + 1, to);
        if (/^timestamp(_ntz|_ltz)?$|^datetime$/i.test(lx[typeAt]?.text ?? '')) {
          // Snowflake reads a number inside a VARIANT through the session time zone (as TO_TIMESTAMP does).
          // The operand is a VARIANT when it is PARSE_JSON(…) and the like, or a path read just before the `::`.
          let end = i - 1;
          while (end >= 0 && isTrivia(lx[end])) end--;
          const pathRead = this.pathStarts.has(end);
          const v = pathRead ? end : this.operandStart(i);
          if (v !== undefined && (pathRead || isVariantExpression(lx.slice(v, i).filter((x) => !isTrivia(x))))) {
            const at = startOut.get(v);
            // Located at the operand's first lexeme as written (a path's own wrapping is located at its `:`).
            const src = at !== undefined && pathRead ? (out.slice(at).find((p) => p.exact)?.src ?? lx[v].start) : lx[v].start;
            if (at === undefined) throw new UnsupportedOnDuckDb('A VARIANT cast to a timestamp', src);
            out.splice(at, 0, { text: 'bz_variant_timestamp(', src, exact: false });
            out.push({ text: `, ${variantTimestampRefusal(src)})`, src: l.start, exact: false });
          }
        }
        const operand = this.operandStart(i);
        const typed = operand === undefined ? undefined : integerCastToTimestamp(lx.slice(operand, i).filter((x) => !isTrivia(x)), lx[typeAt]?.text ?? '');
        const typedAt = operand === undefined ? undefined : startOut.get(operand);
        if (typed && typedAt !== undefined) {
          out.splice(typedAt, 0, { text: `${typed[0]}(`, src: l.start, exact: false });
          out.push({ text: `)${typed[1]}`, src: l.start, exact: false });
          i = this.rewriteType(typeAt, to)?.next ?? typeAt + 1;
          continue;
        }
        // tz::DATE, tz::TIMESTAMP_NTZ, tz::TIMESTAMP_LTZ… of a TIMESTAMP_TZ: its wallclock or instant (timestamp-tz.ts).
        const operandAt = this.operandStart(i);
        const reading = operandAt === undefined ? undefined : castReading(lx[typeAt]?.text ?? '', lx.slice(operandAt, i).filter((x) => !isTrivia(x)), this.aliases);
        const readAt = operandAt === undefined ? undefined : startOut.get(operandAt);
        if (reading !== undefined && readAt !== undefined) {
          out.splice(readAt, 0, { text: `${reading}(`, src: l.start, exact: false });
          out.push({ text: ')', src: l.start, exact: false });
        }
        const epoch = lit?.kind === 'number' ? numberCastToTimestamp(lit.text, lx[typeAt]?.text ?? '') : undefined;
        const n = epoch === undefined ? -1 : out.findLastIndex((p) => p.exact && p.src === lit?.start);
        if (n >= 0 && epoch !== undefined) {
          out[n] = { text: epoch, src: out[n].src, exact: false };
          i = this.rewriteType(typeAt, to)?.next ?? typeAt + 1;
          continue;
        }
        // `text::OBJECT` / `text::ARRAY` parse the text as PARSE_JSON does, its keys sorted (json-functions.ts).
        const semiAt = this.semiStructuredCastOperand(i, to, startOut);
        if (semiAt !== undefined) out.splice(semiAt, 0, { text: 'bz_semi_cast_json(', src: l.start, exact: false }), out.push({ text: ')', src: l.start, exact: false });
        out.push(this.verbatim(i));
        let j = i + 1;
        while (j < to && isTrivia(lx[j])) out.push(this.verbatim(j++));
        const t = this.rewriteType(j, to);
        // Text casts to an OBJECT or ARRAY through JSON: DuckDB casts JSON, not VARCHAR, to a MAP or a list of JSON.
        if (t && isWord(lx[j], 'object') && t.next === j + 1) t.pieces = [{ ...t.pieces[0], text: 'JSON::MAP(VARCHAR, JSON)' }];
        if (t && isWord(lx[j], 'array') && t.next === j + 1) t.pieces = [{ ...t.pieces[0], text: 'JSON::JSON[]' }];
        if (t) {
          append(out, t.pieces);
          i = t.next;
        } else i = j;
        continue;
      }
      if ((punct && l.text === '(')) {
        const close = this.matchParen(i, to);
        if (close > 0) {
          out.push(this.verbatim(i));
          append(out, this.emit(i + 1, close, '', this.columnLists.has(i)));
          out.push(this.verbatim(close));
          i = close + 1;
          continue;
        }
      }
      out.push(this.verbatim(i));
      i++;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Statement-level rewrites

interface StatementPlan {
  edits: Map<number, string>;
  columnLists: Set<number>;
  /** Replace the whole statement with this text. */
  replaceWith?: string;
  /** Text to add after the statement's last meaningful lexeme. */
  suffix?: string;
}

/** Index of the first lexeme after a (possibly dotted, possibly quoted) object name starting at `i`. */
function nameEnd(lx: Lexeme[], i: number, to: number): { end: number; parts: string[] } {
  const parts: string[] = [];
  let j = i;
  while (j < to && (lx[j].kind === 'word' || lx[j].kind === 'quoted-identifier')) {
    parts.push(lx[j].text);
    if (isPunct(lx[j + 1], '.')) j += 2;
    else {
      j++;
      break;
    }
  }
  return { end: j, parts };
}

/**
 * Functions whose result is VARCHAR on Snowflake and on DuckDB whatever their arguments (no list or binary forms
 * there): a cast of their result to text is the value itself.
 */
const TEXT_RESULT_FUNCTIONS: ReadonlySet<string> = new Set(['regexp_replace', 'replace', 'trim', 'ltrim', 'rtrim', 'lower', 'upper']);

function planStatement(lx: Lexeme[], from: number, to: number): StatementPlan {
  const plan: StatementPlan = { edits: new Map(), columnLists: new Set() };
  // Meaningful lexemes at paren depth 0, with their indexes.
  const sig: number[] = [];
  let depth = 0;
  for (let i = from; i < to; i++) {
    const l = lx[i];
    if (isTrivia(l)) continue;
    if (isPunct(l, '(')) {
      if (depth === 0) sig.push(i);
      depth++;
    } else if (isPunct(l, ')')) depth--;
    else if (depth === 0) sig.push(i);
  }
  const w = (k: number): string => (lx[sig[k]]?.kind === 'word' ? lowerText(lx[sig[k]].text) : '');
  const drop = (k: number): void => {
    plan.edits.set(sig[k], '');
    // Drop the whitespace after a removed word so the output stays tidy.
    if (lx[sig[k] + 1]?.kind === 'ws') plan.edits.set(sig[k] + 1, '');
  };
  const first = w(0);

  const needsStage = stageRefusal(lx, sig, from, to);
  if (needsStage) throw needsStage;
  if (first === 'alter' && w(1) === 'session' && (w(2) === 'set' || w(2) === 'unset')) {
    const assignments: SessionAssignment[] = [];
    for (let k = 3; k < sig.length; k++) {
      const l = lx[sig[k]];
      if (l.kind !== 'word') continue;
      const eq = isPunct(lx[sig[k + 1]], '=');
      const v = eq ? lx[sig[k + 2]] : undefined;
      const value = !v ? '' : v.kind === 'string' ? snowflakeStringValue(v.text) : v.text;
      assignments.push({ name: l.text, value, at: l.start });
      if (eq) k += 2;
    }
    plan.replaceWith = sessionStatement(assignments, w(2) === 'unset') ?? NOOP_STATEMENT;
  } else if (first === 'alter' && w(1) === 'session') plan.replaceWith = NOOP_STATEMENT;
  if (first === 'use' && w(1) === 'warehouse') {
    const remember = useWarehouseStatement(lx[sig[2]]);
    plan.replaceWith = remember ? `${remember}; ${NOOP_STATEMENT}` : NOOP_STATEMENT;
  }
  if (first === 'use' && ['role', 'secondary'].includes(w(1))) plan.replaceWith = NOOP_STATEMENT;
  // GRANT / REVOKE (post-hooks granting SELECT to a reporting role): the twin has no roles or privileges, as USE
  // ROLE above, and a grant changes no row any query returns; DuckDB has no such statement.
  if (first === 'grant' || first === 'revoke') plan.replaceWith = NOOP_STATEMENT;
  // `SET name = expr` / `UNSET name`: Snowflake session variables (session-variables.ts).
  if ((first === 'set' || first === 'unset') && sig.length > 1 && isVariableAssignment(lx, sig[1], sig[2], first === 'unset')) {
    for (const [k, v] of setVariableEdits(lx, sig[0], sig[1], first === 'unset')) plan.edits.set(k, v);
    return plan;
  }
  if (first === 'alter' && w(1) === 'warehouse') plan.replaceWith = NOOP_STATEMENT;
  // DuckDB's SHOW [ALL] TABLES, less Bronze's own record of quoted lower-case names (name-case.ts).
  if (first === 'show' && (w(1) === 'tables' || (w(1) === 'all' && w(2) === 'tables'))) {
    const text = lx.slice(sig[0], to).map((l) => l.text).join('').trim();
    plan.replaceWith = `SELECT * FROM (${text}) WHERE name NOT IN (${BRONZE_RECORD_TABLES.map((t) => `'${t}'`).join(', ')})`;
  }
  // SHOW TERSE SCHEMAS: every schema with the creation time the target recorded (schema-times.ts).
  if (first === 'show' && w(1) === 'terse' && w(2) === 'schemas') plan.replaceWith = showTerseSchemasSql(lx, sig);
  // `use schema db.s` / `use database db` → DuckDB's plain `use`.
  if (first === 'use' && (w(1) === 'schema' || w(1) === 'database')) drop(1);
  // `ALTER TABLE|VIEW t ALTER c COMMENT '…'`: one COMMENT ON COLUMN per column (alter-column-comment.ts).
  if (first === 'alter' && (w(1) === 'table' || w(1) === 'view')) {
    const n = w(2) === 'if' && w(3) === 'exists' ? 4 : 2;
    const { end, parts } = nameEnd(lx, sig[n] ?? to, to);
    const comments = parts.length ? alterColumnComments(lx, lx.slice(sig[n], end).map((x) => x.text).join(''), w(1) as 'table' | 'view', end, to) : undefined;
    if (comments !== undefined) {
      plan.replaceWith = comments;
      return plan;
    }
  }
  if (first === 'alter' && w(1) === 'table') {
    const words = sig.map((_, k) => w(k));
    const has = (a: string, b: string): boolean => words.some((x, k) => x === a && words[k + 1] === b);
    // Clustering and search optimization change how Snowflake stores and finds rows, never what a query returns.
    const searchOptimization = words.some((x, k) => (x === 'add' || x === 'drop') && words[k + 1] === 'search' && words[k + 2] === 'optimization');
    if (has('cluster', 'by') || has('clustering', 'key') || has('suspend', 'recluster') || has('resume', 'recluster') || searchOptimization) {
      plan.replaceWith = NOOP_STATEMENT;
    }
    // `ALTER TABLE t SET|UNSET <storage properties>` only: nothing a query sees changes.
    const setAt = words.findIndex((x) => x === 'set' || x === 'unset');
    if (setAt >= 0 && words[setAt - 1] !== 'column' && words.slice(setAt + 1).some((x) => TABLE_PROPERTIES.has(x))) {
      const rest = words.slice(setAt + 1).filter((x) => x !== '' && x !== 'true' && x !== 'false');
      if (rest.every((x) => TABLE_PROPERTIES.has(x))) {
        plan.replaceWith = NOOP_STATEMENT;
        // SET COMMENT = '…' | $$…$$ and UNSET COMMENT change what INFORMATION_SCHEMA.TABLES shows
        // (docs.snowflake.com/en/sql-reference/sql/alter-table): a COMMENT ON the table, then the usual status row.
        // (IF EXISTS stays a no-op: DuckDB's COMMENT ON has no IF EXISTS.)
        const c = words.indexOf('comment', setAt + 1);
        const value = c < 0 || w(2) === 'if' ? undefined : words[setAt] === 'unset' ? null : commentText(lx[sig[c + 2]]);
        const text = value === null ? 'NULL' : value === undefined ? undefined : duckDbStringLiteral(value);
        const { end, parts } = nameEnd(lx, sig[2] ?? to, to);
        if (text !== undefined && parts.length) plan.replaceWith = `COMMENT ON TABLE ${lx.slice(sig[2], end).map((x) => x.text).join('')} IS ${text}; ${NOOP_STATEMENT}`;
      }
    }
    if (has('swap', 'with')) {
      plan.replaceWith = `${swapTablesStatement(lx, sig, words.indexOf('swap'), to)}; ${NOOP_STATEMENT}`;
      return plan;
    }
    // `alter table a.b.c rename to a.b.d`: DuckDB wants the new name unqualified.
    const r = words.findIndex((x, k) => x === 'rename' && words[k + 1] === 'to');
    if (r >= 0) {
      const start = sig[r + 2];
      const { end, parts } = nameEnd(lx, start, to);
      if (parts.length > 1) for (let i = start; i < end - 1; i++) plan.edits.set(i, '');
      lowerUnquotedName(lx, end, plan);
    }
  }
  if (plan.replaceWith) return plan;
  for (const [k, text] of joinConditionEdits(lx, from, to)) if (!plan.edits.has(k)) plan.edits.set(k, text);
  for (const [k, text] of asofJoinEdits(lx, from, to)) plan.edits.set(k, text);
  for (const [k, text] of refreshBoundaryEdits(lx, from, to)) plan.edits.set(k, text);
  minusEdits(lx, from, to, plan.edits);
  // DuckDB's DESCRIBE has other columns than Snowflake's (name, type, kind, null?, default, primary key, …).
  if (isDescribeTable(lx[sig[0]], lx[sig[1]])) {
    plan.replaceWith = describeTableStatement(lx, sig[1], sig[2] ?? to, to);
    return plan;
  }
  if (first === 'create') {
    let k = 1;
    if (w(k) === 'or' && w(k + 1) === 'replace') k += 2;
    while (['secure', 'temporary', 'temp', 'external'].includes(w(k))) k++;
    if ((w(k) === 'function' || w(k) === 'procedure') && (plan.replaceWith = foreignUdfStatement(lx, from, to)) !== undefined) return plan;
    if (w(k) === 'function' && (plan.replaceWith = sqlUdfStatement(lx, from, to, translateSnowflakeSql)) !== undefined) return plan;
    if (w(k) === 'function' || w(k) === 'procedure') {
      throw new UnsupportedOnDuckDb(`CREATE ${w(k).toUpperCase()} (a Snowflake UDF or stored procedure)`, lx[sig[0]].start);
    }
  }
  if (first === 'insert' && w(1) === 'overwrite') insertOverwriteEdits(lx, sig, to, plan.edits);
  // `UPDATE t tgt SET tgt.col = …`: DuckDB takes no qualified SET column (update-set.ts).
  if (first === 'update') updateSetEdits(lx, sig, plan.edits);
  if (first === 'merge') mergeUpdateSetEdits(lx, sig, plan.edits);
  // An aggregate query without GROUP BY ordered by a column it aggregates: one row, its ORDER BY dropped.
  for (const i of ungroupedOrderByDrop(lx, sig) ?? []) plan.edits.set(i, '');
  // `expr alias` → `expr AS alias`: DuckDB takes none of its keywords (NAME, TYPE, SOURCE…) as a bare alias.
  for (const i of bareAliasGaps(lx, from, to)) if (!plan.edits.has(i)) plan.edits.set(i, `${lx[i].text}AS `);
  pivotEdits(lx, from, to, plan.edits);
  // CASE returning text written as such beside numbers: the text as NUMBER (string-coercion.ts).
  numberCaseEdits(lx, from, to, plan.edits);
  // A constant GROUP BY key (a literal, a position naming one): dropped, as DuckDB would make literals equal to it
  // references (constant-group-keys.ts).
  constantGroupKeyEdits(lx, from, to, plan.edits);

  if (first === 'create') {
    let k = 1;
    if (w(k) === 'or' && w(k + 1) === 'replace') k += 2;
    const modifiers: number[] = [];
    while (['transient', 'secure', 'volatile', 'temporary', 'temp', 'local', 'global'].includes(w(k))) modifiers.push(k++);
    const kind = w(k);
    if (kind === 'table' || kind === 'view' || kind === 'schema') {
      let n = k + 1;
      if (w(n) === 'if' && w(n + 1) === 'not' && w(n + 2) === 'exists') n += 3;
      const { end, parts } = nameEnd(lx, sig[n] ?? to, to);
      if (kind !== 'schema') lowerUnquotedName(lx, end, plan);
      const qualified = parts.length >= 2 && parts[0].toLowerCase() !== 'temp';
      for (const m of modifiers) {
        const word = w(m);
        // DuckDB temp objects must live in the temp catalog: a qualified Snowflake temp object becomes regular.
        if ((word === 'temporary' || word === 'temp') && !qualified) continue;
        drop(m);
      }
      const afterName = sig.findIndex((i) => i >= end);
      if (kind === 'table' && afterName >= 0 && isPunct(lx[sig[afterName]], '(')) {
        plan.columnLists.add(sig[afterName]);
        // A column's COMMENT 'text' becomes a COMMENT ON COLUMN run after the CREATE (DESCRIBE TABLE shows it).
        const close = new Rewriter(lx, new Map(), new Set()).matchParen(sig[afterName], to);
        const comments: string[] = [];
        let depth = 0;
        let column: Lexeme | undefined;
        for (let i = sig[afterName] + 1; i < close; i++) {
          const l = lx[i];
          if (isTrivia(l)) continue;
          if (isPunct(l, '(')) depth++;
          else if (isPunct(l, ')')) depth--;
          else if (depth === 0 && isPunct(l, ',')) column = undefined;
          else if (depth === 0 && !column) column = l;
          if (depth === 0 && isWord(l, 'comment')) {
            let j = i + 1;
            while (j < close && isTrivia(lx[j])) j++;
            if (lx[j]?.kind === 'string' || lx[j]?.kind === 'dollar-string') for (let k = i; k <= j; k++) plan.edits.set(k, '');
            // COMMENT 'text' or COMMENT $$text$$ (a $$…$$ comment was dropped: DESCRIBE showed none).
            const value = commentText(lx[j]);
            const text = value === undefined ? undefined : duckDbStringLiteral(value);
            if (text !== undefined && column && (column.kind === 'word' || column.kind === 'quoted-identifier')) {
              const table = lx.slice(sig[n], end).map((x) => x.text).join('');
              comments.push(`COMMENT ON COLUMN ${table}.${column.text} IS ${text}`);
            }
          }
        }
        // Not after IF NOT EXISTS: an existing table (whose columns may differ) is left as it is.
        if (comments.length && n === k + 1) plan.suffix = `${plan.suffix ?? ''}; ${comments.join('; ')}`;
      }
      if (kind === 'view' && afterName >= 0 && isPunct(lx[sig[afterName]], '(')) viewColumnList(lx, sig[afterName], to, n === k + 1 ? lx.slice(sig[n], end).map((x) => x.text).join('') : undefined, plan);
      for (let q = afterName < 0 ? sig.length : afterName; q < sig.length; q++) {
        if (w(q) === 'copy' && w(q + 1) === 'grants') {
          drop(q);
          drop(q + 1);
        }
        // Storage properties with no effect on results: `DATA_RETENTION_TIME_IN_DAYS = 1`, `COMMENT = '…'`.
        if (TABLE_PROPERTIES.has(w(q)) && isPunct(lx[sig[q + 1]], '=') && sig[q + 2] !== undefined) {
          for (let i = sig[q]; i <= sig[q + 2]; i++) plan.edits.set(i, '');
          // A table's or view's COMMENT = '…' | $$…$$ is its COMMENT in INFORMATION_SCHEMA.TABLES and SHOW TABLES
          // (docs.snowflake.com/en/sql-reference/sql/create-table): kept with a COMMENT ON run after the CREATE (not
          // after IF NOT EXISTS, which leaves an existing object as it is).
          const value = w(q) === 'comment' && kind !== 'schema' && n === k + 1 ? commentText(lx[sig[q + 2]]) : undefined;
          const text = value === undefined ? undefined : duckDbStringLiteral(value);
          if (text !== undefined) plan.suffix = `${plan.suffix ?? ''}; COMMENT ON ${kind.toUpperCase()} ${lx.slice(sig[n], end).map((x) => x.text).join('')} IS ${text}`;
        }
        if (kind === 'table' && (w(q) === 'like' || w(q) === 'clone') && q === afterName) {
          // `CREATE TABLE t LIKE s` copies the columns, `CLONE s` the columns and rows.
          const src = nameEnd(lx, sig[q + 1] ?? to, to);
          if (src.parts.length) {
            plan.edits.set(sig[q], 'AS SELECT * FROM');
            if (w(q) === 'like') plan.edits.set(src.end - 1, `${lx[src.end - 1].text} LIMIT 0`);
          }
        }
        if (kind === 'table' && w(q) === 'as' && q === afterName + 1 && isPunct(lx[sig[afterName]], '(')) {
          ctasWithColumns(lx, sig[afterName], sig[q], to, plan);
        }
        if (kind === 'table' && w(q) === 'cluster' && w(q + 1) === 'by') {
          let e = q + 2;
          if (w(e) === 'linear') e++;
          if (isPunct(lx[sig[e]], '(')) {
            const close = new Rewriter(lx, new Map(), new Set()).matchParen(sig[e], to);
            for (let i = sig[q]; i <= close; i++) plan.edits.set(i, '');
          }
        }
      }
    }
  }

  return plan;
}

/**
 * The unquoted last part of a new table's or view's name (ending before `end`) in lower case: DuckDB keeps a name as
 * written, and a stored name in mixed case then means one created quoted (name-case.ts).
 */
function lowerUnquotedName(lx: Lexeme[], end: number, plan: StatementPlan): void {
  const last = lx[end - 1];
  if (last?.kind === 'word' && last.text !== last.text.toLowerCase()) plan.edits.set(end - 1, last.text.toLowerCase());
}

/**
 * `CREATE VIEW v (c1 COMMENT '…', c2, …) AS <query>` (https://docs.snowflake.com/en/sql-reference/sql/create-view:
 * the column list names the view's columns and may comment them; dbt-snowflake's persist_docs writes one). DuckDB takes
 * the names but no COMMENT there: each comment becomes a COMMENT ON COLUMN of the view run after the CREATE
 * (https://docs.snowflake.com/en/sql-reference/sql/comment), so DESC VIEW and INFORMATION_SCHEMA.COLUMNS show it as on
 * Snowflake. DuckDB comments a view's column by the name its query gives it, not the list's: a commented list names the
 * columns in the query instead (`AS SELECT * FROM (<query>) AS _view(c1, c2, …)`), as ctasWithColumns does. DuckDB also
 * accepts a list naming fewer columns than the query returns, keeping the rest under their own names; Snowflake's
 * documentation does not say what it does then, so the twin refuses it by name (a check run right after the CREATE;
 * `name` undefined: IF NOT EXISTS, which may create nothing, so neither the check nor the comments run).
 */
function viewColumnList(lx: Lexeme[], open: number, to: number, name: string | undefined, plan: StatementPlan): void {
  const close = new Rewriter(lx, new Map(), new Set()).matchParen(open, to);
  if (close < 0) return;
  let depth = 0;
  let names = 0;
  let expectName = true;
  let column: Lexeme | undefined;
  const columns: Lexeme[] = [];
  const comments: string[] = [];
  for (let i = open + 1; i < close; i++) {
    const l = lx[i];
    if (isTrivia(l)) continue;
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) depth--;
    else if (depth === 0 && isPunct(l, ',')) expectName = true;
    else if (depth === 0 && expectName) {
      names++;
      expectName = false;
      column = l;
      columns.push(l);
    } else if (depth === 0 && isWord(l, 'comment')) {
      let j = i + 1;
      while (j < close && isTrivia(lx[j])) j++;
      const value = lx[j]?.kind === 'string' ? snowflakeStringValue(lx[j].text) : lx[j]?.kind === 'dollar-string' ? lx[j].text.slice(2, -2) : undefined;
      if (value === undefined) continue;
      for (let k = i; k <= j; k++) plan.edits.set(k, '');
      const text = duckDbStringLiteral(value);
      if (text === undefined) throw new UnsupportedOnDuckDb('A column COMMENT holding a NUL character', lx[j].start);
      if (name !== undefined && column && (column.kind === 'word' || column.kind === 'quoted-identifier')) comments.push(`COMMENT ON COLUMN ${name}.${column.text} IS ${text}`);
    }
  }
  const named = columns.every((c) => c.kind === 'word' || c.kind === 'quoted-identifier');
  let asAt = -1;
  for (let i = close + 1, d = 0; i < to && asAt < 0; i++) {
    if (isPunct(lx[i], '(')) d++;
    else if (isPunct(lx[i], ')')) d--;
    else if (d === 0 && isWord(lx[i], 'as')) asAt = i;
  }
  if (comments.length && named && asAt >= 0) {
    for (let i = open; i <= close; i++) plan.edits.set(i, '');
    plan.edits.set(asAt, 'AS SELECT * FROM (');
    plan.suffix = `) AS _view(${columns.map((c) => c.text).join(', ')})${plan.suffix ?? ''}`;
  } else comments.length = 0;
  if (name === undefined || names === 0) return;
  const message = `CREATE VIEW ${name} (column list): the list names ${names} column${names === 1 ? '' : 's'} and the query returns another number; name every column of the query, in order`;
  plan.suffix = `${plan.suffix ?? ''}; SELECT CASE WHEN (SELECT count(*) FROM (DESCRIBE ${name})) <> ${names} THEN error(${duckDbStringLiteral(message)}) END`;
  if (comments.length) plan.suffix = `${plan.suffix}; ${comments.join('; ')}`;
}

/** Table and view properties that only concern storage, history or documentation. */
const TABLE_PROPERTIES = new Set([
  'data_retention_time_in_days', 'max_data_extension_time_in_days', 'change_tracking', 'comment', 'default_ddl_collation',
  'enable_schema_evolution',
]);

/**
 * `CREATE TABLE t (a INT, b VARCHAR) AS <query>` → `CREATE TABLE t AS SELECT CAST(a AS INT) AS a, … FROM (<query>)
 * AS _ctas(a, b)`: Snowflake names and casts the query's columns by the list; DuckDB takes no list with AS.
 */
function ctasWithColumns(lx: Lexeme[], open: number, asAt: number, to: number, plan: StatementPlan): void {
  const rw = new Rewriter(lx, new Map(), new Set());
  const close = rw.matchParen(open, to);
  if (close < 0) return;
  const defs = rw.splitArgs(open, close);
  const cols: { name: string; type: string }[] = [];
  for (const d of defs) {
    const name = d.sig[0];
    if (!name || (name.kind !== 'word' && name.kind !== 'quoted-identifier')) return;
    const typeAt = rw.nextSig(d.from + 1, d.to);
    const t = rw.rewriteType(typeAt, d.to);
    let typeEnd = t ? t.next : typeAt + 1;
    const open2 = rw.nextSig(typeAt + 1, d.to);
    if (!t && isPunct(lx[open2], '(')) typeEnd = rw.matchParen(open2, d.to) + 1;
    const type = t ? t.pieces.map((p) => p.text).join('') + lx.slice(t.next === typeAt + 1 ? typeAt + 1 : t.next, typeEnd).map((x) => x.text).join('') : lx.slice(typeAt, typeEnd).map((x) => x.text).join('');
    if (rw.nextSig(typeEnd, d.to) < d.to) throw new UnsupportedOnDuckDb('CREATE TABLE … (columns with constraints) AS SELECT', name.start);
    cols.push({ name: name.text, type });
  }
  for (let i = open; i <= close; i++) plan.edits.set(i, '');
  const select = cols.map((c) => `CAST(${c.name} AS ${c.type}) AS ${c.name}`).join(', ');
  plan.edits.set(asAt, `AS SELECT ${select} FROM (`);
  plan.suffix = `) AS _ctas(${cols.map((c) => c.name).join(', ')})`;
}

/** Whether lexeme `at` is the type OBJECT or ARRAY without a structured type's parameters (`after` is the next). */
function isBareSemiStructuredType(lx: Lexeme[], at: number, after: number): boolean {
  return (isWord(lx[at], 'object') || isWord(lx[at], 'array')) && !isPunct(lx[after], '(');
}

/** The session parameters a translation follows (the session keeps them; session-state.ts). */
export interface TranslationSession {
  /** TIMESTAMP_TYPE_MAPPING; the default is TIMESTAMP_NTZ. */
  timestampTypeMapping?: TimestampMapping;
}

export interface TranslationOptions {
  /**
   * Unaliased select items named as Snowflake names them (column-names.ts), for a statement that is run: its result's
   * or created table's columns are seen. Without it the output is text for another translation to embed.
   */
  columnNames?: boolean;
  /**
   * Refuse calls of functions DuckDB has and Snowflake does not (duckdb-only-functions.ts): on for the local twin,
   * whose SQL is Snowflake's; off (the default) where DuckDB SQL is written on purpose. Nested translations inherit it.
   */
  snowflakeFunctionsOnly?: boolean;
  /**
   * With `snowflakeFunctionsOnly`: DuckDB-only names (lower case) the session defines as its own functions (a UDF in
   * the current schema), whose calls are left to run. Nested translations inherit it.
   */
  userFunctions?: ReadonlySet<string>;
}

/**
 * Translates Snowflake SQL (one or more statements) to DuckDB SQL, with an offset map back to the input, under the
 * session's parameters.
 */
export function translateWithMap(sql: string, session: TranslationSession = {}, options: TranslationOptions = {}): Translation {
  const mapping = session.timestampTypeMapping ?? currentTimestampMapping();
  const lexemes = withoutRepeatedCtes(lex(sql));
  // Named from the text as written, before any lexeme changes.
  const names = options.columnNames ? snowflakeItemNames(lexemes) : new Map<number, string>();
  // Synonyms first: `TIMESTAMP WITH TIME ZONE` is no TIMESTAMP alias for mapTimestampAlias to rename.
  return underDuckDbOnlyRefusal(options.snowflakeFunctionsOnly, () =>
    // A query as a function's only argument gets its own parentheses after the items are named from the text as written.
    underTimestampMapping(mapping, () => translateLexemes(parenthesizedQueryArguments(withItemAliases(mapTimestampAlias(mapTimestampSynonyms(lexemes), mapping), names)))),
    options.userFunctions,
  );
}

function translateLexemes(lexemes: Lexeme[]): Translation {
  // Snowflake reads `//` as a line comment and DuckDB as integer division: it goes out as `--` (same length).
  const lx = lexemes.map((l) => (l.kind === 'comment' && l.text.startsWith('//') ? { ...l, text: `--${l.text.slice(2)}` } : l));
  const pieces: Piece[] = [];
  let stmtFrom = 0;
  const doStatement = (from: number, to: number): void => {
    const plan = planStatement(lx, from, to);
    if (plan.replaceWith !== undefined) {
      let a = from;
      let b = to;
      while (a < b && isTrivia(lx[a])) pieces.push({ text: lx[a].text, src: lx[a].start, exact: true }), a++;
      while (b > a && isTrivia(lx[b - 1])) b--;
      if (a < b) pieces.push({ text: plan.replaceWith, src: lx[a].start, exact: false });
      for (let i = b; i < to; i++) pieces.push({ text: lx[i].text, src: lx[i].start, exact: true });
      return;
    }
    let end = to;
    while (end > from && isTrivia(lx[end - 1])) end--;
    append(pieces, new Rewriter(lx, plan.edits, plan.columnLists).emit(from, end, ''));
    if (plan.suffix) pieces.push({ text: plan.suffix, src: lx[end - 1].start, exact: false });
    for (let i = end; i < to; i++) pieces.push({ text: lx[i].text, src: lx[i].start, exact: true });
  };
  let depth = 0;
  for (let i = 0; i < lx.length; i++) {
    const l = lx[i];
    if (isPunct(l, '(')) depth++;
    else if (isPunct(l, ')')) depth = Math.max(0, depth - 1);
    else if (depth === 0 && isPunct(l, ';')) {
      doStatement(stmtFrom, i);
      pieces.push({ text: ';', src: l.start, exact: true });
      stmtFrom = i + 1;
    }
  }
  doStatement(stmtFrom, lx.length);

  const starts: number[] = [];
  let text = '';
  for (const p of pieces) {
    starts.push(text.length);
    text += p.text;
  }
  return {
    sql: text,
    toSourceOffset(offset: number): number {
      // Binary search for the piece holding `offset`.
      let lo = 0;
      let hi = pieces.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      const p = pieces[lo];
      if (!p) return 0;
      return p.exact ? p.src + Math.min(offset - starts[lo], p.text.length) : p.src;
    },
  };
}

/** Snowflake SQL → DuckDB SQL. Pure, token-aware, and idempotent: DuckDB SQL passes through unchanged. */
export function translateSnowflakeSql(sql: string): string {
  return translateWithMap(sql).sql;
}
