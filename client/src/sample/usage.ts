// The columns a source must have when it declares none: the ones the models that select straight from it read
// (in the select list and the filters of the query block whose FROM names the source), each with the type its use
// implies — TRY_TO_TIMESTAMP(x) means x arrives as text holding a timestamp, DATEADD(day, 1, x) a timestamp,
// x * 2 a number, UPPER(x) text.
import type { MacroNode, ModelNode, ProjectModel, SourceNode } from '../../../server/src/core/types';
import { scanJinja } from '../../../server/src/template/scan';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { DEFAULT_TYPE, kindFromName, typeFamily, type ValueKind } from './column-kinds';
import { addPath, decoderOf, hasShape, mergeShapes, pathAfter, type JsonShape } from './json-shape';
import { writtenNamesOf } from './literal-tables';
import { macroSqlTexts, outsideMacroBlocks } from './macro-sql';
import { comparedWith, flattenAliases, followJsonNames, literalValue, type JsonPlace } from './json-flow';
import { FLATTEN_COLUMNS } from '../../../server/src/core/sql/snowflake-on-duckdb/table-functions';
import { varsAsSql } from './var-literals';
import { matchedTexts } from './regex-text';
import { followColumns } from './column-flow';

export interface UsedColumn {
  name: string;
  /** The Snowflake type the uses imply; undefined when they say nothing (the name decides then). */
  dataType?: string;
  /** The values' kind when the type is text that holds something else (a timestamp as text). */
  textOf?: ValueKind;
  /** Read as a quoted identifier (`"height"`): Snowflake stores that column in exactly this case. */
  quoted?: boolean;
  /** The keys (and arrays) the models' JSON paths read from it. */
  json?: JsonShape;
  /** Columns read with it in one COALESCE/NVL/IFNULL (lower case): Snowflake takes them to one type. */
  coalescedWith?: string[];
  /** The names (lower case) the models that read it give it: `x as name`, `coalesce(x, …) as name`. */
  givenNames?: string[];
  /** A Unix time in 1/epoch seconds (`to_timestamp(x, 3)` reads milliseconds): the number holds a plausible time. */
  epoch?: number;
  /** Every use that says a type casts it to a number (`x::int`): declared as text, it holds digits. */
  castToNumber?: 'integer' | 'decimal';
  /** The type is what a name a model gives it says (`productnum as product_number`), nothing else of its uses. */
  typeByName?: boolean;
  /** The values a macro looks rows up by in a table nothing declares (`where param_name = 'CURR_DAY'`): it holds them. */
  lookedUp?: string[];
}

/** Words that are never a column name in a select list or a filter. */
const NOT_COLUMNS = new Set(
  (
    'select from where and or not null is in as on case when then else end distinct all any exists between like ilike rlike regexp ' +
    'true false qualify over partition by order group having limit asc desc nulls first last rows range unbounded preceding ' +
    'following current row interval union except intersect minus join left right inner outer full cross lateral using with ' +
    'escape collate within filter ignore respect top offset fetch next only values default ' +
    'day days month months year years hour hours minute minutes second seconds week weeks quarter dayofweek dayofyear ' +
    'epoch_second epoch millisecond microsecond nanosecond yy yyyy mm dd hh mi ss ' +
    'ms msec milliseconds us usec microseconds ns nsec nanoseconds hr hrs mins sec secs wk qtr yr yrs ' +
    // Functions Snowflake calls without parentheses: a column by that name would shadow them.
    'current_date current_time current_timestamp localtime localtimestamp current_user current_role'
  ).split(' '),
);

/** Whether an unquoted word may name a column where it stands (not a keyword): column-flow.ts asks it. */
export const isColumnWord = (word: string): boolean => !NOT_COLUMNS.has(word.toLowerCase());

/**
 * Date parts, IGNORE/RESPECT (NULLS) and FIRST/LAST are keywords only in their places — a function's first
 * argument (`date_trunc(month, x)`, `extract(month from x)`), after an interval's count, before or after NULLS;
 * elsewhere (`select month, …`, `where not ignore`, `first as first`) they are columns that sources have.
 */
const CONTEXT_WORDS = new Set(
  ('day days month months year years hour hours minute minutes second seconds week weeks quarter dayofweek dayofyear epoch_second epoch millisecond microsecond nanosecond yy yyyy mm dd hh mi ss ' +
    'ms msec milliseconds us usec microseconds ns nsec nanoseconds hr hrs mins sec secs wk qtr yr yrs ignore respect first last').split(' '),
);

function usedAsColumn(tokens: SqlToken[], i: number): boolean {
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if (/^(ignore|respect)$/i.test(tokens[i].text)) return !/^nulls$/i.test(next?.text ?? '');
  // `nulls first`, `fetch first 10 rows`: keywords; `first as first` (a Rudderstack property): a column.
  if (/^(first|last)$/i.test(tokens[i].text)) return !/^(nulls|fetch)$/i.test(prev?.text ?? '') && prev?.text !== '(';
  // A date part opens its function's arguments (`date_trunc(day, x)`, `extract(day from x)`); a function's only
  // argument (`min(day)`) is a column.
  if (prev?.text === '(' && next?.text === ')') return true;
  if (!prev || prev.text === '(' || prev.kind === 'number' || prev.kind === 'string' || /^interval$/i.test(prev.text)) return false;
  return !(next && /^from$/i.test(next.text));
}

/** Whether the word at `i` names a column where it stands: not a keyword, or a date part read as one (`select hour date`). */
function columnWordAt(tokens: SqlToken[], i: number): boolean {
  const t = tokens[i];
  if (t?.kind !== 'ident') return false;
  const lower = t.text.toLowerCase();
  return !NOT_COLUMNS.has(lower) || (CONTEXT_WORDS.has(lower) && usedAsColumn(tokens, i));
}

/** Functions whose first column argument arrives as text holding the kind named. */
const TEXT_PARSERS: Record<string, ValueKind> = {
  try_to_timestamp: 'timestamp',
  try_to_timestamp_ntz: 'timestamp',
  try_to_timestamp_ltz: 'timestamp',
  try_to_timestamp_tz: 'timestamp',
  to_timestamp: 'timestamp',
  to_timestamp_ntz: 'timestamp',
  try_to_date: 'date',
  to_date: 'date',
  try_to_number: 'decimal',
  try_to_decimal: 'decimal',
  try_to_numeric: 'decimal',
  to_number: 'decimal',
  to_decimal: 'decimal',
  try_to_double: 'float',
  to_double: 'float',
  try_to_boolean: 'boolean',
  to_boolean: 'boolean',
  parse_json: 'json',
  try_parse_json: 'json',
  hex_decode_string: 'hex',
  hex_decode_binary: 'hex',
  try_hex_decode_string: 'hex',
  try_hex_decode_binary: 'hex',
};
const DATE_FUNCTIONS = new Set([
  'dateadd', 'datediff', 'timestampadd', 'timestampdiff', 'date_trunc', 'year', 'month', 'day', 'hour', 'minute', 'second',
  'quarter', 'dayofweek', 'dayofmonth', 'dayofyear', 'weekofyear', 'week', 'last_day', 'dayname', 'monthname', 'date_part',
]);
const TEXT_FUNCTIONS = new Set([
  'upper', 'lower', 'trim', 'ltrim', 'rtrim', 'initcap', 'regexp_replace', 'regexp_substr', 'regexp_like', 'split_part',
  'replace', 'substr', 'substring', 'left', 'right', 'lpad', 'rpad', 'concat', 'contains', 'startswith', 'endswith', 'length', 'len',
]);
/** Functions whose first argument is an ARRAY (Snowflake does not take text there). */
const ARRAY_FUNCTIONS = new Set([
  'array_to_string', 'array_slice', 'array_compact', 'array_distinct', 'array_flatten', 'array_sort', 'array_max', 'array_min',
  'arrays_overlap', 'array_intersection', 'array_cat', 'array_except', 'array_append', 'array_prepend', 'array_position',
]);
const NUMBER_FUNCTIONS = new Set(['sum', 'avg', 'round', 'abs', 'floor', 'ceil', 'div0', 'zeroifnull', 'sqrt', 'mod', 'median']);
/** Functions whose result is always an integer: `intra + row_number() over (…)` adds to a number. */
const INTEGER_RESULTS = new Set(['row_number', 'rank', 'dense_rank', 'ntile', 'count', 'count_if', 'length', 'len', 'datediff', 'array_size']);

/** Functions that cut a piece out of text (their first argument). */
const CUT_FUNCTIONS = new Set(['left', 'right', 'substr', 'substring']);

/**
 * The type a piece cut out of a column is cast to: `RIGHT(LEFT(asset_name, 3), 2) :: INT` (flipside_algorand's NFT
 * names carry their drop number) casts what the calls from the one named at `call` outwards cut.
 */
function castOfCut(tokens: SqlToken[], call: number): string | undefined {
  const open = tokens[call + 1];
  const close = tokens.findIndex((t, k) => k > call + 1 && t.text === ')' && t.depth === open?.depth);
  if (close < 0) return undefined;
  if (tokens[close + 1]?.text === '::') return castType(tokens, close + 2);
  const outer = tokens[call - 1]?.text === '(' ? call - 2 : -1;
  return outer >= 0 && CUT_FUNCTIONS.has(tokens[outer]?.text.toLowerCase() ?? '') ? castOfCut(tokens, outer) : undefined;
}

/** Snowflake type text for a cast target like `timestamp_ntz` / `number(10,2)` read from tokens. */
function castType(tokens: SqlToken[], at: number): string | undefined {
  const t = tokens[at];
  if (!t || t.kind !== 'ident') return undefined;
  let text = t.text.toUpperCase();
  if (tokens[at + 1]?.text === '(') {
    const close = tokens.findIndex((x, i) => i > at && x.text === ')' && x.depth === tokens[at + 1].depth);
    if (close > at) text += `(${tokens.slice(at + 2, close).map((x) => x.text).join('')})`;
  }
  return text;
}

/** What a cast says of the column cast: `x::date` is most often a timestamp cut to its day, which a timestamp holds. */
function castTarget(type: string | undefined): string | undefined {
  return type === 'DATE' ? 'TIMESTAMP_NTZ' : type;
}

interface Evidence {
  dataType?: string;
  textOf?: ValueKind;
  /** The type came from a cast (`x::int`), which text holding digits also takes. */
  cast?: boolean;
  /** VARCHAR because a text function takes it (`startswith(x, '0')`), not because of a comparison. */
  text?: boolean;
  /** `textOf` from a conversion that also takes a value of that kind (`to_date(x)` of a timestamp). */
  converts?: boolean;
  /** The conversion was given a format (`to_date(x, 'YYYYMMDD')`), which only a string takes. */
  formatted?: boolean;
  /** The JSON a path read from the column (`x:a.b::int`, `parse_json(x):a`, `flatten(x)`) needs it to hold. */
  json?: JsonShape;
  /** The other plain columns of the COALESCE/NVL/IFNULL it is the first argument of. */
  coalescedWith?: string[];
  /** The type the name a model gives it says (`current_period_end as current_period_end_at`): the last word. */
  byName?: boolean;
  /** A name a model gives it (lower case), with or without a type it says. */
  givenName?: string;
  /** A number a timestamp parser reads with a scale (`to_timestamp(x, 3)`): units per second since the epoch. */
  epoch?: number;
  /** A guess any other use or a date-like name overrules (`a - b`: numbers, or dates). */
  loose?: boolean;
  /** A whole number of days added or subtracted (`x - 1`): a number, or a DATE (never a timestamp in Snowflake). */
  days?: boolean;
  /**
   * A time of either kind: DATEADD / DATEDIFF / DATE_TRUNC take a DATE as well as a TIMESTAMP, so days added to the
   * column elsewhere (`days`) make it a DATE.
   */
  anyTime?: boolean;
  /** Literals a macro's lookup compares it with (`where param_name = 'CURR_DAY'`): rows hold them. */
  lookedUp?: string[];
  /** Ordered by MIN/MAX (`max(x)`, `max(coalesce(x, …))`): no VARIANT, whose orderings the twin refuses. */
  ordered?: boolean;
}

/** Kinds a name alone may give a column another model renames (text-like kinds say nothing beyond VARCHAR). */
const NAMED_TYPES: Partial<Record<ValueKind, string>> = {
  timestamp: 'TIMESTAMP_NTZ',
  date: 'DATE',
  boolean: 'BOOLEAN',
  integer: 'NUMBER(38,0)',
  decimal: 'NUMBER(18,2)',
  float: 'FLOAT',
};

/** Whether the call at `at` (its name; `(` follows) is cast to ARRAY: `parse_json(…)::array`. */
function castToArray(tokens: SqlToken[], at: number): boolean {
  const open = tokens[at + 1];
  const close = tokens.findIndex((t, k) => k > at + 1 && t.text === ')' && t.depth === open?.depth);
  return close > 0 && tokens[close + 1]?.text === '::' && /^array$/i.test(tokens[close + 2]?.text ?? '');
}

/** The arguments after the first of the call whose `(` is at `open` that are plain columns (`x`, `t.x`), lower case. */
function coalescedColumns(tokens: SqlToken[], open: number): string[] {
  const depth = tokens[open].depth;
  const out: string[] = [];
  let start = -1;
  for (let k = open + 1; k < tokens.length; k++) {
    const t = tokens[k];
    const ends = t.depth === depth && t.text === ')';
    if ((t.text === ',' && t.depth === depth + 1) || ends) {
      if (start > 0) {
        const arg = tokens.slice(start, k);
        const plain = arg.length === 1 || (arg.length === 3 && arg[1].text === '.');
        // `coalesce(x, null)`, `coalesce(x, false)`: literals, not columns.
        const literal = arg.length === 1 && /^(null|true|false)$/i.test(arg[0].text);
        if (plain && !literal && arg.every((a, j) => (j % 2 === 0 ? a.kind === 'ident' : true))) out.push(arg[arg.length - 1].text.toLowerCase());
      }
      if (ends) break;
      start = k + 1;
    }
  }
  return out;
}

/** The index after a cast's type at `at` (`int`, `number(10, 2)`). */
function afterType(tokens: SqlToken[], at: number): number {
  if (tokens[at + 1]?.text !== '(') return at + 1;
  const close = tokens.findIndex((x, k) => k > at && x.text === ')' && x.depth === tokens[at + 1].depth);
  return close > at ? close + 1 : at + 1;
}

/**
 * What a timestamp parser around a path read says of its leaf (`start` is the column's first token, `after` the
 * first token after the path and its cast): `to_timestamp(v:k::varchar)` reads text holding a timestamp,
 * `to_timestamp(v:k::int)` a Unix time in seconds, `to_timestamp(v:k::int / 1000)` one in milliseconds.
 */
function parsedLeaf(tokens: SqlToken[], start: number, after: number, cast: string | undefined): JsonShape | undefined {
  const fn = tokens[start - 1]?.text === '(' && tokens[start - 2]?.kind === 'ident' ? tokens[start - 2].text.toLowerCase() : '';
  const kind = TEXT_PARSERS[fn];
  if (kind !== 'timestamp' && kind !== 'date') return undefined;
  const closes = (k: number): boolean => /^[),]$/.test(tokens[k]?.text ?? '');
  const integer = kindOfType(cast) === 'integer';
  if (closes(after)) return integer ? { leaf: 'integer', epoch: 1 } : cast === undefined || /^(VARCHAR|STRING|TEXT)/.test(cast) ? { leaf: kind } : undefined;
  if (integer && tokens[after]?.text === '/' && tokens[after + 1]?.text === '1000' && closes(after + 2)) return { leaf: 'integer', epoch: 1000 };
  return undefined;
}

/** The index of the first token of each argument after the first of the call whose `(` is at `open`. */
function coalescedArgs(tokens: SqlToken[], open: number): number[] {
  const out: number[] = [];
  for (let k = open + 1; k < tokens.length && !(tokens[k].text === ')' && tokens[k].depth === tokens[open].depth); k++) {
    if (tokens[k].text === ',' && tokens[k].depth === tokens[open].depth + 1) out.push(k + 1);
  }
  return out;
}

/** The shape one path read needs: `x:a.b::int` an object whose `a` holds an object whose `b` is an integer. */
function readShape(tokens: SqlToken[], at: number, end: JsonShape = {}): { shape: JsonShape; end: number } {
  const path = pathAfter(tokens, at);
  const shape: JsonShape = {};
  const cast = tokens[path.end]?.text === '::' ? castType(tokens, path.end + 1) : undefined;
  const start = tokens[at - 2]?.text === '.' ? at - 3 : at - 1;
  const parsed = parsedLeaf(tokens, start, cast ? afterType(tokens, path.end + 1) : path.end, cast);
  // Text a key is cast to may hold what its name says (`v:"start-date"::varchar` a date as text).
  const last = path.steps[path.steps.length - 1];
  const named = last && 'key' in last ? kindFromName(last.key) : undefined;
  const text: ValueKind | undefined = /^(VARCHAR|STRING|TEXT)/.test(cast ?? '') ? (named === 'date' || named === 'timestamp' ? named : 'text') : undefined;
  const kind = kindOfType(cast) ?? text;
  const leaf: JsonShape | undefined = parsed ?? (kind ? { leaf: kind } : undefined);
  // `where data:error is null`: the rows a model keeps lack the key.
  const after = cast ? afterType(tokens, path.end + 1) : path.end;
  const keptWhenAbsent = tokens[after]?.text.toLowerCase() === 'is' && tokens[after + 1]?.text.toLowerCase() === 'null' && path.steps.length > 0;
  // `try_base64_decode_string(msg:attributes[0]:key::string)`: the leaf holds the text encoded.
  const decoder = tokens[start - 1]?.text === '(' && tokens[after]?.text === ')' ? decoderOf(tokens[start - 2]?.text) : undefined;
  const decoded = decoder ? { ...leaf, encoded: decoder } : leaf;
  const reads = keptWhenAbsent ? { ...decoded, rare: true } : decoded;
  addPath(shape, path.steps, reads ? { ...end, ...reads } : end);
  return { shape, end: path.end };
}

/** What one use of the column at `i` says about its type, and whether it orders it. */
function evidenceAt(tokens: SqlToken[], i: number): Evidence | undefined {
  const ev = useEvidence(tokens, i);
  return orderedAt(tokens, i) ? { ...ev, ordered: true } : ev;
}

/** Whether the column at `i` is what MIN/MAX order: their whole argument, or the first of a COALESCE/NVL/IFNULL that is. */
function orderedAt(tokens: SqlToken[], i: number): boolean {
  const open = tokens[i - 1]?.text === '.' && tokens[i - 2]?.kind === 'ident' ? i - 3 : i - 1;
  if (tokens[open]?.text !== '(' || !/^[),]$/.test(tokens[i + 1]?.text ?? '')) return false;
  const fn = tokens[open - 1]?.text.toLowerCase() ?? '';
  const outer = /^(coalesce|nvl|ifnull)$/.test(fn) && tokens[open - 2]?.text === '(' ? (tokens[open - 3]?.text.toLowerCase() ?? '') : fn;
  return (outer === 'min' || outer === 'max') && (outer === fn ? tokens[i + 1]?.text === ')' : true);
}

/** What one use of the column at `i` says about its type. */
function useEvidence(tokens: SqlToken[], i: number): Evidence | undefined {
  const prev = tokens[i - 1];
  const prev2 = tokens[i - 2];
  const next = tokens[i + 1];
  // fn( col … or fn( t.col …: the function the column is the first argument of.
  const open = prev?.text === '.' && tokens[i - 2]?.kind === 'ident' ? i - 3 : i - 1;
  // `trim(value:c1::string)`: the function takes the path's leaf, not the column, which holds JSON (below).
  const pathFollows = next?.text === ':' || next?.text === '[';
  if (tokens[open]?.text === '(' && tokens[open - 1]?.kind === 'ident' && !pathFollows) {
    const fn = tokens[open - 1].text.toLowerCase();
    // Only a column that is the whole argument arrives as text: `to_timestamp(ms / 1000)` parses a number.
    const whole = next?.text === ')' || next?.text === ',';
    // `parse_json(coalesce(x, '[]'))`: x is the text parsed, its default aside.
    const defaulted = /^(coalesce|nvl|ifnull)$/.test(fn) && tokens[open - 2]?.text === '(' && tokens[open - 3]?.kind === 'ident';
    const parserAt = defaulted ? open - 3 : open - 1;
    const parser = tokens[parserAt].text.toLowerCase();
    // `to_timestamp(x, 3)`: a number's second argument is its scale (3: milliseconds since the epoch); a string's is
    // its format, always text.
    const scale = fn === parser && next?.text === ',' && tokens[i + 2]?.kind === 'number' && /^\d$/.test(tokens[i + 2].text) && tokens[i + 3]?.text === ')' ? Number(tokens[i + 2].text) : undefined;
    if (scale !== undefined && /^to_timestamp(_ntz|_ltz|_tz)?$/.test(fn)) return { dataType: 'NUMBER(38,0)', epoch: 10 ** scale };
    // TO_DATE / TO_TIMESTAMP / TO_NUMBER also take a value already of their kind; TRY_* and PARSE_JSON take text only.
    if (parser in TEXT_PARSERS && whole) {
      const kind = TEXT_PARSERS[parser];
      // `parse_json(x):a`: the text holds an object with an `a`.
      const json = kind === 'json' && !defaulted && next?.text === ')' && /^[:[]$/.test(tokens[i + 2]?.text ?? '') ? { json: readShape(tokens, i + 2).shape } : {};
      const formatted = next?.text === ',' && tokens[i + 2]?.kind === 'string';
      return { dataType: 'VARCHAR', textOf: kind === 'json' && castToArray(tokens, parserAt) ? 'json_array' : kind, ...(parser.startsWith('to_') ? { converts: true, ...(formatted ? { formatted } : {}) } : {}), ...json };
    }
    if (fn === 'try_cast') return { dataType: 'VARCHAR', textOf: kindOfType(castType(tokens, i + 2)) };
    if (fn === 'cast' && next && next.text.toLowerCase() === 'as') return { dataType: castTarget(castType(tokens, i + 2)), cast: true };
    if (DATE_FUNCTIONS.has(fn) && fn !== 'dateadd' && fn !== 'datediff' && fn !== 'date_trunc') return { dataType: 'TIMESTAMP_NTZ' };
    // Text whose cut piece is cast to a number holds digits there (one that holds only digits does everywhere).
    const cutTo = CUT_FUNCTIONS.has(fn) ? kindOfType(castOfCut(tokens, open - 1)) : undefined;
    if (cutTo === 'integer' || cutTo === 'decimal') return { dataType: 'VARCHAR', textOf: cutTo };
    // `try_to_date(to_varchar(x))`, `try_to_double(to_char(x))`: x's text form parses as that kind, so x holds one (a
    // value of the kind or its text, both of which the parse reads); written for a source whose type is unsure.
    const outer = tokens[open - 3]?.text.toLowerCase() ?? '';
    const parsedKind = (fn === 'to_varchar' || fn === 'to_char') && next?.text === ')' && tokens[open - 2]?.text === '(' && tokens[i + 2]?.text === ')' ? TEXT_PARSERS[outer] : undefined;
    if (parsedKind && NAMED_TYPES[parsedKind]) return { dataType: NAMED_TYPES[parsedKind] };
    const cleanedParse = CLEANING_FUNCTIONS.has(fn) ? parsedThroughCleaning(tokens, prev?.text === '.' ? i - 2 : i, i) : undefined;
    if (cleanedParse) return cleanedParse;
    if (TEXT_FUNCTIONS.has(fn)) return { dataType: 'VARCHAR', text: true };
    if (ARRAY_FUNCTIONS.has(fn) && whole) return { dataType: 'ARRAY' };
    if (NUMBER_FUNCTIONS.has(fn)) return { dataType: 'NUMBER(18,2)' };
    // `coalesce(max(x), 0)`: MAX and MIN return their argument's type, which a numeric default then converts to a
    // number (text that is no number fails there), so x is a number, as in `coalesce(x, 0)`.
    if ((fn === 'max' || fn === 'min') && next?.text === ')' && tokens[open - 2]?.text === '(' && /^(coalesce|nvl|ifnull)$/i.test(tokens[open - 3]?.text ?? '') && tokens[i + 2]?.text === ',' && tokens[i + 3]?.kind === 'number' && tokens[i + 4]?.text === ')') return { dataType: 'NUMBER(18,2)' };
    // `coalesce(x, 0)`: a number with a default.
    if (/^(coalesce|nvl|ifnull)$/.test(fn) && next?.text === ',' && tokens[i + 2]?.kind === 'number' && tokens[i + 3]?.text === ')') return { dataType: 'NUMBER(18,2)' };
    // `coalesce(x, false)`: a flag with a default (arr_transactions' `coalesce(l.license_active_sf, false)`).
    if (/^(coalesce|nvl|ifnull)$/.test(fn) && next?.text === ',' && /^(true|false)$/i.test(tokens[i + 2]?.text ?? '') && tokens[i + 3]?.text === ')') return { dataType: 'BOOLEAN' };
    if (/^(coalesce|nvl|ifnull)$/.test(fn) && next?.text === ',') {
      const others = coalescedColumns(tokens, open);
      if (others.length) return { coalescedWith: others };
    }
    // `to_varchar(x, 'yyyy-mm-dd')` formats a date or timestamp; `to_char(x, '999.00')` a number.
    const format = next?.text === ',' && tokens[i + 2]?.kind === 'string' ? tokens[i + 2].text : undefined;
    if (format && (fn === 'to_varchar' || fn === 'to_char')) {
      const formatted = formattedKind(format);
      if (formatted) return formatted;
    }
    // `to_char(max(x), 'YYYYMMDD')`: MIN, MAX and ANY_VALUE return their argument's type, which is what is formatted.
    const wrapped = /^(min|max|any_value)$/.test(fn) && next?.text === ')' && tokens[open - 2]?.text === '(' && /^(to_char|to_varchar)$/i.test(tokens[open - 3]?.text ?? '');
    if (wrapped && tokens[i + 2]?.text === ',' && tokens[i + 3]?.kind === 'string') {
      const formatted = formattedKind(tokens[i + 3].text);
      if (formatted) return formatted;
    }
  }
  // dateadd(part, n, col) / datediff(part, a, col) / date_trunc('part', col): a later argument.
  const call = enclosingCall(tokens, i);
  // `coalesce(nullif(json_text, ''), p.channel_id)`: beside text, a text (one a cast elsewhere may read as digits).
  if (call && /^(coalesce|nvl|ifnull)$/.test(call) && besideText(tokens, prev?.text === '.' ? i - 2 : i)) return { dataType: 'VARCHAR', text: true };
  if (call && /^(coalesce|nvl|ifnull)$/.test(call) && besideTimestamp(tokens, prev?.text === '.' ? i - 2 : i)) return { dataType: 'TIMESTAMP_NTZ' };
  // `flatten(input => x)`, `flatten(x:items)`: an array there, one row per element.
  if (call === 'flatten' || call === 'array_size') {
    const read = readShape(tokens, i + 1, { items: {} });
    if (/^[),]$/.test(tokens[read.end]?.text ?? '')) return { dataType: 'VARIANT', json: read.shape };
  }
  if (call && (call === 'dateadd' || call === 'datediff' || call === 'date_trunc' || call === 'timestampdiff' || call === 'timestampadd')) {
    // `datediff('minute', a, b)` and `datediff(minute, t.a, t.b)`: the column (qualified or not) follows a comma.
    const start = prev?.text === '.' ? i - 2 : i;
    const before = tokens[start - 1];
    if (before?.text !== ',') return undefined;
    // `dateadd(ms, x, '1970-01-01')`: the amount, DATEADD's (and TIMESTAMPADD's) second argument, is a number.
    const whole = next?.text === ',' || next?.text === ')';
    if ((call === 'dateadd' || call === 'timestampadd') && whole && argumentIndex(tokens, start) === 1) return { dataType: 'NUMBER(38,0)' };
    return { dataType: 'TIMESTAMP_NTZ', anyTime: true };
  }
  if (next?.text === '::') return { dataType: castTarget(castType(tokens, i + 2)), cast: true };
  // `case when … then x else 0 end` / `then 0 else x end`: a branch beside a number is a number.
  const before = prev?.text === '.' ? tokens[i - 3] : prev;
  const beforeThat = prev?.text === '.' ? tokens[i - 4] : prev2;
  if (/^then$/i.test(before?.text ?? '') && /^else$/i.test(next?.text ?? '') && tokens[i + 2]?.kind === 'number') return { dataType: 'NUMBER(18,2)' };
  if (/^else$/i.test(before?.text ?? '') && beforeThat?.kind === 'number' && /^end$/i.test(next?.text ?? '')) return { dataType: 'NUMBER(18,2)' };
  if (next?.text === ':' || next?.text === '[') return { dataType: 'VARIANT', json: readShape(tokens, i + 1).shape };
  const op = next?.kind === 'op' ? next.text : prev?.kind === 'op' ? prev.text : undefined;
  const other = next?.kind === 'op' ? tokens[i + 2] : prev2;
  if (op && ['*', '/', '+', '-', '%'].includes(op) && other?.kind === 'number') {
    // `x - 1`, `x + 7`, `1 + x`: a DATE takes a whole number of days as well (robling's `src.last_eff_start_dt - 1`
    // ends the previous version a day before; sampled a number, its DAY_ID then failed every BETWEEN with DATE
    // columns): a guess a date-like name or any other use overrules. (`1 - x` subtracts x from a number.)
    const days = /^\d+$/.test(other.text) && (op === '+' || (op === '-' && next?.kind === 'op'));
    return days ? { dataType: 'NUMBER(18,2)', loose: true, days: true } : { dataType: 'NUMBER(18,2)' };
  }
  // `x between 20 and 55`, `x not in (30, 40)`: compared with numbers, a number (ammodepot's status ids).
  const negated = /^not$/i.test(next?.text ?? '') ? 1 : 0;
  const test = tokens[i + 1 + negated]?.text.toLowerCase();
  const boundAt = test === 'between' ? i + 2 + negated : test === 'in' && tokens[i + 2 + negated]?.text === '(' ? i + 3 + negated : -1;
  const bound = boundAt < 0 ? undefined : tokens[boundAt]?.text === '-' ? tokens[boundAt + 1] : tokens[boundAt];
  if (bound?.kind === 'number') return { dataType: /\./.test(bound.text) ? 'NUMBER(18,2)' : 'NUMBER(38,0)' };
  // `DECODE(x, 1, -1, 1)`: x compared with the numbers it is searched for, a number (robling's RTRN_FLG, sampled as
  // text, failed `DECODE(SLS.RTRN_FLG, 1, -1, 1) * SLS.F_SLS_QTY` as soon as a row passed the view's filter).
  const start = prev?.text === '.' ? i - 2 : i;
  const search = tokens[i + 1]?.text === ',' ? (tokens[i + 2]?.text === '-' ? tokens[i + 3] : tokens[i + 2]) : undefined;
  if (/^decode$/i.test(tokens[start - 2]?.text ?? '') && tokens[start - 1]?.text === '(' && search?.kind === 'number') return { dataType: /\./.test(search.text) ? 'NUMBER(18,2)' : 'NUMBER(38,0)' };
  // `x between '2022-01-30' and '2021-12-28'`: bounded by text Snowflake reads as dates, a date or timestamp, as
  // `x >= '2020-01-01'` is (robling's landing TXN_DT, sampled as text, then failed a BETWEEN of DATE columns).
  // (A day's text beside a name that says a date: a DATE.)
  if (test === 'between' && bound?.kind === 'string' && DATE_TEXT.test(bound.text)) return { dataType: bound.text.length === 12 && kindFromName(tokens[i].text) === 'date' ? 'DATE' : 'TIMESTAMP_NTZ' };
  // `a - b`, `t.a + t.b`: a sum or difference of two columns is most often of numbers (dates subtract too: a name
  // that says so decides, and any other use says more).
  const isColumn = (at: number): boolean => tokens[at]?.kind === 'ident' && !NOT_COLUMNS.has(tokens[at].text.toLowerCase()) && tokens[at + 1]?.text !== '(';
  const beforeThatAt = prev?.text === '.' ? i - 4 : i - 2;
  const leftColumn = before?.kind === 'op' && ['+', '-'].includes(before.text) && isColumn(beforeThatAt);
  const rightColumn = next?.kind === 'op' && ['+', '-'].includes(next.text) && isColumn(i + 2) && (tokens[i + 3]?.text !== '.' || isColumn(i + 4));
  if (leftColumn || rightColumn) return { dataType: 'NUMBER(18,2)', loose: true };
  // `b.intra + row_number() over (…)`: a number added to an integer function's result is an integer.
  if (op && ['+', '-'].includes(op) && next?.kind === 'op' && other?.kind === 'ident' && tokens[i + 3]?.text === '(' && INTEGER_RESULTS.has(other.text.toLowerCase())) {
    return { dataType: 'NUMBER(38,0)' };
  }
  // `a * b`, `a / t.b`: only numbers multiply and divide (`+`/`-` also take dates and intervals).
  const [product, factor] = next?.kind === 'op' ? [next.text, tokens[i + 2]] : before?.kind === 'op' ? [before.text, beforeThat] : [];
  if (product && ['*', '/', '%'].includes(product) && ((factor?.kind === 'ident' && !NOT_COLUMNS.has(factor.text.toLowerCase())) || factor?.text === ')')) return { dataType: 'NUMBER(18,2)' };
  if (op && ['=', '<>', '!=', '>', '<', '>=', '<='].includes(op)) {
    if (other?.kind === 'number') return { dataType: /\./.test(other.text) ? 'NUMBER(18,2)' : 'NUMBER(38,0)' };
    // `post_dt = '${CURR_DAY}'`: a placeholder the project replaces before the query runs (robling's reconciliation
    // steps, `| replace('${CURR_DAY}', curr_day)`) is no value of the column; read as text, it made the landing
    // POST_DT text ('POST_DT_9'), which the fact table's DATE then refused in a MERGE.
    if (other?.kind === 'string' && PLACEHOLDER_TEXT.test(other.text)) return undefined;
    // `updated_at >= '2020-01-01'`: a date or timestamp compared with text Snowflake reads as one.
    if (other?.kind === 'string' && DATE_TEXT.test(other.text)) return { dataType: 'TIMESTAMP_NTZ' };
    // `deleted = 'TRUE'`: Snowflake converts 'true' and 'false' (any case) to a BOOLEAN where one is compared with
    // them (https://docs.snowflake.com/en/sql-reference/data-types-logical, implicit conversion), so the column is text
    // or a flag: a guess that yields to any other use or a name that says a flag (flipside_algorand's ASSET.deleted).
    if (other?.kind === 'string' && /^'(true|false)'$/i.test(other.text)) return { dataType: 'VARCHAR', loose: true };
    if (other?.kind === 'string') return { dataType: 'VARCHAR' };
    if (other?.kind === 'ident' && /^(current_timestamp|current_date|sysdate|getdate|localtimestamp)$/i.test(other.text)) return { dataType: 'TIMESTAMP_NTZ' };
  }
  if (next && /^(like|ilike|rlike|regexp)$/i.test(next.text)) return { dataType: 'VARCHAR' };
  // A condition on its own (`where not is_deleted`, `case when active then`, `flag = true`) is a BOOLEAN.
  if (op && ['=', '<>', '!='].includes(op) && other?.kind === 'ident' && /^(true|false)$/i.test(other.text)) return { dataType: 'BOOLEAN' };
  if (next && /^is$/i.test(next.text) && /^(true|false)$/i.test(tokens[i + 2]?.text === 'not' ? (tokens[i + 3]?.text ?? '') : (tokens[i + 2]?.text ?? ''))) return { dataType: 'BOOLEAN' };
  // `where not t.flag`: the qualifier's dot is not what opens the condition; the word before the qualifier is.
  // The AND of `x between a and b` opens no condition: b is a bound, of x's type (robling's `to_date(ts) between
  // e.eff_from_dt and e.eff_to_dt)` made eff_to_dt a BOOLEAN).
  const beforeAt = prev?.text === '.' ? i - 3 : i - 1;
  const opensCondition =
    before?.kind === 'ident' && /^(where|and|or|when|not|having)$/i.test(before.text) && !/^is$/i.test(beforeThat?.text ?? '') && !betweensAnd(tokens, beforeAt);
  const closesCondition = !next || next.text === ')' || next.text === ';' || (next.kind === 'ident' && /^(and|or|then|group|order|qualify|having|limit|union)$/i.test(next.text));
  if (opensCondition && closesCondition) return { dataType: 'BOOLEAN' };
  return undefined;
}

/** A quoted placeholder a template fills in before the SQL runs (`'${CURR_DAY}'`), nothing else in the literal. */
const PLACEHOLDER_TEXT = /^'\$\{\s*[A-Za-z_][\w.]*\s*\}'$/;

/** A quoted date or timestamp literal Snowflake converts where a date or time is compared with it. */
const DATE_TEXT = /^'\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?'$/;

/** Functions that tidy text without changing what it holds: `trim(x)`, `nullif(x, '')`. */
const CLEANING_FUNCTIONS = new Set(['trim', 'ltrim', 'rtrim', 'nullif', 'upper', 'lower']);

/**
 * `try_to_number(nullif(trim(x), ''))` (gn_dw's clean_str macro under TRY_TO_NUMBER): text parsed once tidied holds
 * what the parser reads, as `try_to_number(x)` says — the column spans tokens [start, end]. Each wrapper takes the
 * expression as its first argument, with at most string literals after it.
 */
function parsedThroughCleaning(tokens: SqlToken[], start: number, end: number): Evidence | undefined {
  let first = start;
  let last = end;
  for (let wrappers = 0; ; wrappers++) {
    const name = tokens[first - 2];
    if (tokens[first - 1]?.text !== '(' || name?.kind !== 'ident') return undefined;
    const fn = name.text.toLowerCase();
    let close = last + 1;
    while (tokens[close]?.text === ',' && tokens[close + 1]?.kind === 'string') close += 2;
    if (tokens[close]?.text !== ')') return undefined;
    const parsed = TEXT_PARSERS[fn];
    if (parsed && wrappers > 0 && close === last + 1) return { dataType: 'VARCHAR', textOf: parsed };
    if (!CLEANING_FUNCTIONS.has(fn)) return undefined;
    first -= 2;
    last = close;
  }
}

/** What a TO_CHAR/TO_VARCHAR format says its value is: a date's or time's parts, or a number's digits. */
function formattedKind(format: string): Evidence | undefined {
  if (/yy|mm|dd|hh|mi|ss|mon|dy/i.test(format)) return { dataType: 'TIMESTAMP_NTZ' };
  if (/^'[\s$90.,dgsmilx]+'$/i.test(format) && /[90]/.test(format)) return { dataType: 'NUMBER(18,2)' };
  return undefined;
}

/** Whether the AND at `at` is a BETWEEN's (`x [not] between a and b`): a BETWEEN before it at its depth, no other AND between. */
function betweensAnd(tokens: SqlToken[], at: number): boolean {
  if (!/^and$/i.test(tokens[at]?.text ?? '')) return false;
  let depth = 0;
  for (let k = at - 1; k >= 0; k--) {
    const t = tokens[k].text.toLowerCase();
    if (t === ')') depth++;
    else if (t === '(') {
      if (depth === 0) return false;
      depth--;
    } else if (depth > 0) continue;
    else if (t === 'between') return true;
    else if (/^(and|or|where|when|then|else|on|having|select|qualify|,|;)$/.test(t)) return false;
  }
  return false;
}

function kindOfType(type: string | undefined): ValueKind | undefined {
  if (!type) return undefined;
  if (/^(TIMESTAMP|DATETIME)/.test(type)) return 'timestamp';
  if (/^DATE/.test(type)) return 'date';
  if (/^(INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$|^(NUMBER|DECIMAL|NUMERIC)(\(\d+(,0)?\))?$/.test(type)) return 'integer';
  if (/^(NUMBER|DECIMAL|NUMERIC|FLOAT|DOUBLE|REAL)/.test(type)) return 'decimal';
  if (/^BOOL/.test(type)) return 'boolean';
  return undefined;
}

/** The function name whose parentheses hold token i, if any. */
/** Which argument (0-based) of the enclosing call tokens[i] starts, by the commas before it at its depth. */
function argumentIndex(tokens: SqlToken[], i: number): number {
  const depth = tokens[i].depth;
  let n = 0;
  for (let j = i - 1; j >= 0 && tokens[j].depth >= depth; j--) if (tokens[j].depth === depth && tokens[j].text === ',') n++;
  return n;
}

/**
 * Where the other arguments of the call start when the column starting at `start` (`x` or `t.x`) is a whole argument
 * of it; undefined when it is not.
 */
function otherArguments(tokens: SqlToken[], start: number): number[] | undefined {
  const depth = tokens[start].depth;
  let open = start - 1;
  while (open >= 0 && !(tokens[open].text === '(' && tokens[open].depth === depth - 1)) open--;
  const end = start + (tokens[start + 1]?.text === '.' ? 3 : 1);
  if (!/^[(,]$/.test(tokens[start - 1]?.text ?? '') || !/^[),]$/.test(tokens[end]?.text ?? '') || open < 0) return undefined;
  return [open + 1, ...coalescedArgs(tokens, open)].filter((at) => at !== start);
}

/** The `)` closing the `(` at `open`, or -1. */
function closeOf(tokens: SqlToken[], open: number): number {
  for (let k = open + 1; k < tokens.length; k++) if (tokens[k].text === ')' && tokens[k].depth === tokens[open].depth) return k;
  return -1;
}

/**
 * Whether the column starting at `start` is a whole argument of its call and another argument is text: a string
 * literal, or `nullif(…, '')`.
 */
function besideText(tokens: SqlToken[], start: number): boolean {
  return (otherArguments(tokens, start) ?? []).some((at) => {
    const t = tokens[at];
    // (`coalesce(d, '1970-01-01')`, `coalesce(n, '0')`: text Snowflake converts to a date or a number says nothing.)
    if (t?.kind === 'string' && /^[),]$/.test(tokens[at + 1]?.text ?? '') && !/^'[\d\s:.+-]*'$/.test(t.text)) return true;
    if (!/^nullif$/i.test(t?.text ?? '') || tokens[at + 1]?.text !== '(') return false;
    const close = closeOf(tokens, at + 1);
    return close > 0 && tokens[close - 1].kind === 'string';
  });
}

/**
 * Functions whose result is a TIMESTAMP_NTZ (TO_TIMESTAMP's under Snowflake's default TIMESTAMP_TYPE_MAPPING, SYSDATE's
 * always): beside one in a COALESCE, a column is a timestamp.
 */
const NTZ_RESULTS = new Set(['to_timestamp', 'to_timestamp_ntz', 'try_to_timestamp', 'try_to_timestamp_ntz', 'sysdate']);

/**
 * Whether the column starting at `start` is a whole argument of its call and another argument is a whole call
 * returning a TIMESTAMP_NTZ: `coalesce(src.do_created_ts, to_timestamp('9999-12-31 00:00:00', …))` (robling's
 * fulfilment models, whose `_TS` columns a lone `to_date(x)` elsewhere had made text, which the twin's COALESCE then
 * refused beside the timestamp). Snowflake takes a COALESCE's arguments to one type
 * (https://docs.snowflake.com/en/sql-reference/functions/coalesce): the column's values are timestamps.
 */
function besideTimestamp(tokens: SqlToken[], start: number): boolean {
  return (otherArguments(tokens, start) ?? []).some((at) => {
    if (!NTZ_RESULTS.has(tokens[at]?.text.toLowerCase() ?? '') || tokens[at + 1]?.text !== '(') return false;
    const close = closeOf(tokens, at + 1);
    return close > 0 && /^[),]$/.test(tokens[close + 1]?.text ?? '');
  });
}

function enclosingCall(tokens: SqlToken[], i: number): string | undefined {
  const depth = tokens[i].depth;
  for (let j = i - 1; j >= 0; j--) {
    if (tokens[j].text === '(' && tokens[j].depth === depth - 1) {
      return tokens[j - 1]?.kind === 'ident' ? tokens[j - 1].text.toLowerCase() : undefined;
    }
  }
  return undefined;
}

/**
 * The token range of the query block (at the source placeholder's depth) whose FROM holds the placeholder: a SELECT's,
 * or an UPDATE's (`update t set a = s.b from {{ source(…) }} s where …`), whose SET reads the relation as a select
 * list does.
 */
function queryBlock(tokens: SqlToken[], at: number): [number, number] | undefined {
  const depth = tokens[at].depth;
  let start = -1;
  for (let j = at - 1; j >= 0; j--) {
    if (tokens[j].depth < depth) break;
    if (tokens[j].depth === depth && tokens[j].kind === 'ident' && /^(select|update)$/i.test(tokens[j].text)) {
      start = j;
      break;
    }
  }
  if (start < 0) return undefined;
  let end = tokens.length;
  for (let j = at + 1; j < tokens.length; j++) {
    const t = tokens[j];
    if (t.depth < depth || (t.depth === depth && (t.text === ';' || /^(union|except|intersect|minus)$/i.test(t.text)))) {
      end = j;
      break;
    }
  }
  return [start, end];
}

/**
 * Token indexes where a model names the source: its source() placeholder, or `db.schema.table` written out (a table
 * no source declares, literal-tables.ts: the spellings the models write it in, `schema.table` among them).
 */
export function sourceSites(tokens: SqlToken[], calls: ReturnType<typeof scanJinja>['calls'], source: SourceNode, reader?: ModelNode): Site[] {
  const sites: Site[] = [];
  const written = writtenNamesOf(source);
  // A source name the template computes (`source(src_name, 'orders')`, src_name chosen by a macro) is the source the
  // parse resolved it to: the reader depends on this source, and the table name written is this one's.
  const resolved = reader?.dependsOn.nodes.includes(source.uniqueId) === true;
  for (const call of written ? [] : calls) {
    if (call.name !== 'source') continue;
    const [a, b] = call.args.map((x) => x.value);
    const computed = resolved && call.args.length === 2 && !call.args[0].literal && call.args[1].literal && b === source.name;
    if (!computed && (a !== source.sourceName || b !== source.name)) continue;
    // The masked `{{ … }}` is one token that starts before the call's name.
    const at = tokens.findIndex((t) => t.end > call.start);
    // Inside a string literal the call names the table to a function (`external_table_files(table_name =>
    // '{{ source(…) }}')`), whose output columns are the function's, not the source's.
    if (at >= 0 && tokens[at].kind === 'string') continue;
    if (at >= 0) sites.push({ at, start: tokens[at].start, end: Math.max(call.end, tokens[at].end), name: source.relation.identifier.toLowerCase() });
  }
  for (const want of written ?? [relationParts(source.relation)]) sites.push(...writtenSites(tokens, want));
  return sites;
}

/** A relation's `database.schema.identifier`, lower case. */
export const relationParts = (r: { database: string; schema: string; identifier: string }): string[] => [r.database, r.schema, r.identifier].map((p) => p.toLowerCase());

/** Where SQL writes a relation out as the dotted name `want` (lower-case parts), compared as Snowflake compares unquoted identifiers. */
function writtenSites(tokens: SqlToken[], want: readonly string[]): Site[] {
  const sites: Site[] = [];
  const last = 2 * (want.length - 1);
  for (let i = 0; i + last < tokens.length; i++) {
    // Not the tail of a longer name (`other_db.bronze.t` is not `bronze.t`).
    if (tokens[i - 1]?.text === '.' || tokens[i + last + 1]?.text === '.') continue;
    if (!want.every((p, k) => tokens[i + 2 * k].text.toLowerCase() === p && (k === 0 || tokens[i + 2 * k - 1].text === '.'))) continue;
    sites.push({ at: i, start: tokens[i].start, end: tokens[i + last].end, name: want[want.length - 1] });
  }
  return sites;
}

/** `date`, `time`, `timestamp`: a typed literal's keyword before a string (`date '2020-01-01'`), else a column name. */
const TYPE_WORDS = new Set(['date', 'time', 'timestamp']);

/** Where a relation is read; `name` is its bare table name, which qualifies its columns when it has no alias. */
type Site = { at: number; start: number; end: number; name?: string };
type Found = Map<string, FoundColumn>;
interface FoundColumn {
  name: string;
  evidence: Evidence[];
  quoted?: boolean;
  /** Read in a way that can only mean this relation: qualified by its alias, or in a block reading nothing else. */
  definite?: boolean;
  /** Each read unqualified in a join: the other relations joined there, and whether this one comes first. */
  joins?: Array<{ first: boolean; peers: Peer[] }>;
}

/** A relation a query block joins, as a source or a model of the project. */
type Peer = { source: SourceNode } | { model: ModelNode };
/** A relation a model's template names (source() or ref()), at its masked token. */
type Named = { at: number; peer: Peer };

/** Sites of `ref('model')` (or `ref('package', 'model')`) in a model's template. */
export function refSites(tokens: SqlToken[], calls: ReturnType<typeof scanJinja>['calls'], model: string): Site[] {
  const sites: Site[] = [];
  for (const call of calls) {
    if (call.name !== 'ref') continue;
    const args = call.args.map((x) => x.value);
    if (args[args.length - 1] !== model && !(args.length === 2 && args[0] === model)) continue;
    const at = tokens.findIndex((t) => t.end > call.start);
    if (at >= 0) sites.push({ at, start: tokens[at].start, end: Math.max(call.end, tokens[at].end), name: model.toLowerCase() });
  }
  return sites;
}

/**
 * Records the columns the query block around `site` reads from it into `found`. Returns where the block passes
 * every column through (`select *`, `select o.*`, or the relation handed to a macro, which we cannot see into):
 * 'cte' with the CTE's name when the block is a CTE's body, 'model' when it is the model's own output.
 */
function readAtSite(tokens: SqlToken[], site: Site, found: Found, strict: boolean, made: ReadonlySet<string> = NONE, named: readonly Named[] = []): { passes: 'cte'; name: string; made: ReadonlySet<string> } | { passes: 'model' } | { passes: 'subquery'; site: Site; made: ReadonlySet<string> } | undefined {
  const at = site.at;
  // The relation is an argument of a macro call (`{{ latest_record(source(…)) }}`): the macro's SQL is read
  // elsewhere; here the model's own text after the call (`where not isdeleted`) reads from its output, and the
  // call passes every column through.
  const macroCall = queryBlock(tokens, at) === undefined;
  const block = queryBlock(tokens, at) ?? [at, tokens.length];
  const depth = tokens[block[0]].depth;
  const fromAt = tokens.findIndex((t, i) => i > block[0] && t.depth === depth && t.text.toLowerCase() === 'from');
  // Output aliases: after FROM (QUALIFY rn = 1) a name may be one; inside the select list it is a column.
  // Within it, a name made earlier in the same list (`… as license_id, case when license_id is not null …`) is
  // Snowflake's lateral reference to that alias.
  const aliases = new Map<string, number>();
  for (let i = block[0]; i < block[1]; i++) {
    const t = tokens[i];
    const lower = t.text.toLowerCase();
    if (tokens[i - 1]?.text.toLowerCase() === 'as' && t.kind === 'ident' && !aliases.has(lower)) aliases.set(lower, i);
    // A bare alias (`data:id::int campaign_id,`): a name after an expression's end, closing a select item.
    const prev = tokens[i - 1];
    const after = tokens[i + 1];
    const closesItem = after !== undefined && after.depth === depth && (after.text === ',' || after.text.toLowerCase() === 'from');
    const endsExpression = prev !== undefined && (prev.text === ')' || prev.kind === 'number' || prev.kind === 'string' || prev.kind === 'quoted' || columnWordAt(tokens, i - 1));
    if (i < fromAt && t.kind === 'ident' && t.depth === depth && closesItem && endsExpression && !aliases.has(lower)) aliases.set(lower, i);
  }
  // The site's own alias (`from x as o` / `from x o`): columns qualified by another alias belong elsewhere.
  let next = afterSite(tokens, site);
  const aliased = tokens[next]?.text.toLowerCase() === 'as';
  if (aliased) next++;
  // A date part's abbreviation is an alias after a relation (`left join … mi on …`): no date part stands there.
  const aliasWord = (w: string): boolean => aliased || !NOT_COLUMNS.has(w) || CONTEXT_WORDS.has(w);
  const own = tokens[next]?.kind === 'ident' && aliasWord(tokens[next].text.toLowerCase()) ? tokens[next].text.toLowerCase() : site.name;
  let star = false;
  // With several FROM items an unqualified name may be any of theirs; downstream of a pass-through (strict), only
  // names qualified by the relation's own alias are taken.
  const joined = tokens.slice(block[0], block[1]).some((t) => t.depth === depth && /^join$/i.test(t.text));
  // The other relations the block reads (`from {{ ref('a') }} join {{ source('s', 't') }}`): an unqualified name
  // there may be any one's, and giving it to several makes it ambiguous where dbt's SQL was not.
  const peers = joined
    ? named.filter((n) => n.at >= block[0] && n.at < block[1] && n.at !== site.at && tokens[n.at].depth === depth && /^(from|join)$/i.test(tokens[n.at - 1]?.text ?? ''))
    : [];
  // A FLATTEN (SPLIT_TO_TABLE) beside the relation: an unqualified VALUE, INDEX, … is its output's, which the relation
  // need not have (flipside_algorand's silver__asset: `value:asset` over `collect_NFTs, lateral flatten(…) f`).
  const flattened = fromAt > 0 && tokens.slice(fromAt, block[1]).some((t, k, all) => /^(flatten|split_to_table)$/i.test(t.text) && all[k + 1]?.text === '(' && t.depth <= depth + 1);
  const firstItem = /^from$/i.test(tokens[itemStart(tokens, site) - 1]?.text ?? '');
  const first = strict ? firstItem : !peers.some((n) => 'source' in n.peer && n.at < site.at);
  // An UPDATE's SET names the updated table's columns (`set f_cst = inv.f_unit_cst`) and may read any relation's
  // unqualified: only the names the site's alias qualifies there are the relation's.
  const update = /^update$/i.test(tokens[block[0]].text);
  // The queries nested in the block with a FROM of their own (`WHERE DAY_KEY = (SELECT DISTINCT EFF_START_DT FROM
  // tmp)`): a name they read unqualified is their FROM's, not this relation's (robling's day dimension was sampled
  // with the landing table's EFF_START_DT, and every unqualified read of it beside the fact became ambiguous).
  const nested = nestedQueries(tokens, block, site);
  for (let i = block[0] + 1; i < block[1]; i++) {
    const t = tokens[i];
    if (tokens[i - 1]?.text !== '.' && nested.some(([a, b]) => i > a && i < b)) continue;
    if (update && i < fromAt && !(tokens[i - 1]?.text === '.' && tokens[i - 2]?.text.toLowerCase() === own)) continue;
    if (t.text === '*' && i < fromAt && t.depth === depth) {
      const before = tokens[i - 1];
      const qualifier = before?.text === '.' ? tokens[i - 2]?.text.toLowerCase() : undefined;
      if (before?.text === ',' || /^(select|distinct)$/i.test(before?.text ?? '') || (qualifier !== undefined && qualifier === own)) star = true;
    }
    if (t.kind !== 'ident' && t.kind !== 'quoted') continue;
    if (t.start >= site.start && t.end <= site.end) continue;
    const lower = t.text.toLowerCase();
    if (t.kind === 'ident' && NOT_COLUMNS.has(lower) && !(CONTEXT_WORDS.has(lower) && usedAsColumn(tokens, i))) continue;
    if (t.kind === 'ident' && TYPE_WORDS.has(lower) && tokens[i + 1]?.kind === 'string') continue;
    if (tokens[i + 1]?.text === '(') continue; // a function
    if (tokens[i + 1]?.text === '.') continue; // a table alias qualifier
    if (tokens[i - 1]?.text.toLowerCase() === 'as') continue; // an alias being defined
    if (tokens[i - 1]?.text === '::') continue; // a cast's type
    if (tokens[i - 1]?.text === ':') continue; // a key in a JSON path (`metadata:"plan-id"`), not a column
    if (tokens[i + 1]?.text === '=>') continue; // a named argument (`flatten(input => x)`)
    if (aliases.has(lower) && tokens[i - 1]?.text !== '.' && fromAt > 0 && (i > fromAt || aliases.get(lower)! < i)) continue;
    if (tokens[i - 1]?.text === '.' && tokens[i - 2]?.kind === 'ident' && tokens[i - 2].text.toLowerCase() !== own) continue;
    if (/^_+$/.test(t.text)) continue; // a masked Jinja expression
    if (flattened && t.kind === 'ident' && FLATTEN_COLUMNS.has(lower) && tokens[i - 1]?.text !== '.') continue; // FLATTEN's column
    if (i === next) continue; // the FROM item's alias
    const prev = tokens[i - 1];
    if (prev && /^(from|join)$/i.test(prev.text)) continue; // a table (or CTE) name
    if (prev && (prev.text === ')' || prev.kind === 'quoted' || columnWordAt(tokens, i - 1))) continue; // `x alias`, `(…) alias`, `hour date`
    // An unqualified name in a join is not the relation's when a joined CTE or derived table names it, or one before
    // it may hold anything (it takes the name); downstream of a pass-through, only the first FROM item takes it, and
    // only when no such item may hold it. Ref'd and sourced peers are asked when the reads are settled (ownColumn).
    const ownQualified = prev?.text === '.' && tokens[i - 2]?.text.toLowerCase() === own;
    const others = joined && !ownQualified && prev?.text !== '.' ? otherItems(tokens, block, site, named, lower) : undefined;
    if (others && (others.names || others.unknownBefore)) continue;
    // Beside CTEs and derived tables alone, none of which has it (`from dates d join {{ ref('events') }} events join
    // active_users … where event = 'playbook'`), it can only be this relation's, first item or not.
    if (strict && joined && !ownQualified && !((firstItem || peers.length === 0) && others && !others.unknown)) continue;
    // A quoted token's text is the name without its quotes.
    const name = t.text;
    if (name === '' || made.has(name.toLowerCase())) continue;
    const key = t.kind === 'quoted' ? name : lower;
    let entry = found.get(key);
    if (!entry) found.set(key, (entry = { name: t.kind === 'quoted' ? name : lower, evidence: [], ...(t.kind === 'quoted' ? { quoted: true } : {}) }));
    const qualified = prev?.text === '.';
    if (qualified || peers.length === 0) entry.definite = true;
    else (entry.joins ??= []).push({ first, peers: peers.map((n) => n.peer) });
    const ev = evidenceAt(tokens, i);
    if (ev) entry.evidence.push(ev);
  }
  if (macroCall) return { passes: 'model' };
  if (!star) return undefined;
  if (depth === 0) return { passes: 'model' };
  // The names the block's own select list gives (`select *, metadata:paidEntries::int as _paid_entries`) are its
  // items', not columns of the relation its `*` hands on: the blocks that read it take them from those items.
  const itemNames = outputNames(tokens.slice(block[0], block[1]));
  itemNames.delete('*');
  const handedMade = itemNames.size ? new Set([...made, ...itemNames]) : made;
  // `name as ( select * from … )`: the CTE hands the columns on under its name.
  const open = tokens.slice(0, block[0]).findLastIndex((t) => t.text === '(' && t.depth === depth - 1);
  const name = tokens[open - 1]?.text.toLowerCase() === 'as' ? tokens[open - 2] : undefined;
  if (name?.kind === 'ident') return { passes: 'cte', name: name.text.toLowerCase(), made: handedMade };
  // `( select r.* from … ) r`: a derived table hands them on under its alias, to the block around it.
  const close = block[1];
  if (open >= 0 && tokens[close]?.text === ')') return { passes: 'subquery', site: { at: close, start: tokens[open].start, end: tokens[close].end }, made: handedMade };
  return undefined;
}

/**
 * The token ranges [open, close] of the parenthesized queries inside `block` that read a FROM of their own, apart from
 * the one holding the site.
 */
function nestedQueries(tokens: SqlToken[], [start, end]: readonly [number, number], site: Site): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = start; k < end; k++) {
    if (tokens[k].text !== '(' || !/^(select|with)$/i.test(tokens[k + 1]?.text ?? '')) continue;
    let close = k + 1;
    while (close < end && !(tokens[close].text === ')' && tokens[close].depth === tokens[k].depth)) close++;
    const holdsSite = tokens[k].start <= site.start && tokens[close]?.end >= site.end;
    const from = tokens.slice(k + 1, close).some((t) => t.depth === tokens[k].depth + 1 && /^from$/i.test(t.text));
    if (!holdsSite && from) out.push([k, close]);
    k = close;
  }
  return out;
}

/** The tokens inside the parentheses that open at `open`. */
function inside(tokens: SqlToken[], open: number): SqlToken[] {
  const close = tokens.findIndex((t, i) => i > open && t.text === ')' && t.depth === tokens[open].depth);
  return tokens.slice(open + 1, close < 0 ? tokens.length : close);
}

/** The index where the FROM item holding the site starts: the site itself, or the `(` of a derived table it closes. */
function itemStart(tokens: SqlToken[], site: Site): number {
  if (tokens[site.at].text !== ')') return site.at;
  const depth = tokens[site.at].depth;
  for (let i = site.at - 1; i >= 0; i--) if (tokens[i].text === '(' && tokens[i].depth === depth) return i;
  return site.at;
}

/**
 * What the block's FROM/JOIN items other than the site's and the ref'd or sourced relations — CTEs and derived
 * tables — say of `column`: `names` when one's SQL names it; `unknownBefore` / `unknown` when one before the site
 * (or anywhere) selects `*` or is a table whose SQL is not in the model, so it may hold anything.
 */
function otherItems(tokens: SqlToken[], block: [number, number], site: Site, named: readonly Named[], column: string): { names: boolean; unknownBefore: boolean; unknown: boolean } {
  const depth = tokens[site.at].depth;
  const own = itemStart(tokens, site);
  const out = { names: false, unknownBefore: false, unknown: false };
  for (let i = block[0]; i < block[1]; i++) {
    const t = tokens[i];
    if (t.depth !== depth || i === own || !/^(from|join)$/i.test(tokens[i - 1]?.text ?? '') || named.some((n) => n.at === i)) continue;
    let body: SqlToken[] | undefined;
    if (t.text === '(') body = inside(tokens, i);
    else if (t.kind === 'ident') {
      const name = t.text.toLowerCase();
      const def = tokens.findIndex((x, k) => x.kind === 'ident' && x.text.toLowerCase() === name && tokens[k + 1]?.text.toLowerCase() === 'as' && tokens[k + 2]?.text === '(');
      body = def >= 0 ? inside(tokens, def + 2) : undefined;
    }
    const outputs = body ? outputNames(body) : undefined;
    if (outputs?.has(column)) out.names = true;
    else if (!outputs || outputs.has('*')) {
      out.unknown = true;
      if (i < own) out.unknownBefore = true;
    }
  }
  return out;
}

/**
 * The names a CTE's or derived table's body gives its columns (its first query block's select list: `x`, `t.x`,
 * `expr as x`, `expr x`), with `*` when it passes a relation's columns through. A name read only in its filters
 * (`where path like …`) is not one of its columns.
 */
function outputNames(body: SqlToken[]): Set<string> {
  const out = new Set<string>();
  const depth = Math.min(...body.map((t) => t.depth));
  const select = body.findIndex((t) => t.depth === depth && /^select$/i.test(t.text));
  if (select < 0) return new Set(['*']);
  let item: SqlToken[] = [];
  const close = (): void => {
    const last = item[item.length - 1];
    if (item.some((t, k) => t.text === '*' && t.depth === depth && (k === 0 || /^(distinct|\.)$/i.test(item[k - 1].text)))) out.add('*');
    else if (last && (last.kind === 'ident' || last.kind === 'quoted') && !NOT_COLUMNS.has(last.text.toLowerCase())) out.add(last.text.toLowerCase());
    item = [];
  };
  for (let k = select + 1; k < body.length; k++) {
    const t = body[k];
    if (t.depth === depth && /^(from|union|except|intersect|minus)$/i.test(t.text)) break;
    if (t.depth === depth && t.text === ',') close();
    else if (!(item.length === 0 && /^distinct$/i.test(t.text))) item.push(t);
  }
  close();
  return out;
}

/** Where a model's later query blocks read a CTE by name (`from name`, `join name`). */
function cteSites(tokens: SqlToken[], name: string): Site[] {
  const sites: Site[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident' || t.text.toLowerCase() !== name) continue;
    if (!/^(from|join)$/i.test(tokens[i - 1].text)) continue;
    sites.push({ at: i, start: t.start, end: t.end });
  }
  return sites;
}

/**
 * Reads the columns `models` take from a relation found by `sitesIn`; a model that passes every column of it
 * through (`select *`) makes the columns its own readers take from it count too, down the DAG.
 */
const NONE: ReadonlySet<string> = new Set();

/** Names a model's (or macro's) SQL makes itself (`x as name`): downstream, they are not the source's columns. */
function namesMade(tokens: SqlToken[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < tokens.length; i++) {
    if (tokens[i - 1].text.toLowerCase() === 'as' && (tokens[i].kind === 'ident' || tokens[i].kind === 'quoted')) out.add(tokens[i].text.toLowerCase());
  }
  return out;
}

function collectReads(
  project: ProjectModel,
  models: Iterable<ModelNode>,
  sitesIn: (tokens: SqlToken[], calls: ReturnType<typeof scanJinja>['calls'], model: ModelNode) => Site[],
  found: Found,
  visited: Set<string>,
  /** Reading downstream of a pass-through model: ambiguous names are left out. */
  strict: boolean,
  /** Names the pass-through model upstream made itself. */
  made: ReadonlySet<string> = NONE,
): void {
  for (const model of models) {
    const scan = starsAsSql(scanJinja(model.rawCode));
    const { tokens } = tokenizeSql(varsAsSql(project, model, { masked: columnArgumentsAsSql(project, scan, model.rawCode), calls: scan.calls }, model.rawCode));
    const sites = sitesIn(tokens, scan.calls, model);
    if (sites.length === 0) continue;
    let passesThrough = false;
    const seenCtes = new Set<string>();
    const work = [...sites];
    // A relation handed to one of the project's macros (`{{ latest_record(source(…)) }}`): what the macro's
    // SQL reads from its parameter is read from the source.
    const makes = new Set([...made, ...namesMade(tokens)]);
    for (const site of sites) {
      const inMacro = macroReading(project, scan.calls, site);
      if (!inMacro) continue;
      const macroTokens = readInMacro(inMacro.macro, inMacro.param, found);
      for (const n of namesMade(macroTokens)) makes.add(n);
    }
    const named = namedRelations(project, tokens, scan.calls);
    const madeAt = new Map<Site, ReadonlySet<string>>();
    while (work.length > 0) {
      const site = work.shift()!;
      const passes = readAtSite(tokens, site, found, strict, madeAt.get(site) ?? made, named);
      if (passes?.passes === 'model') passesThrough = true;
      else if (passes?.passes === 'subquery') {
        madeAt.set(passes.site, passes.made);
        work.push(passes.site);
      } else if (passes?.passes === 'cte' && !seenCtes.has(passes.name)) {
        seenCtes.add(passes.name);
        for (const s of cteSites(tokens, passes.name)) {
          madeAt.set(s, passes.made);
          work.push(s);
        }
      }
    }
    // A column passed through a CTE keeps its name, or takes the one `col as name` gives it: its uses further
    // down the model tell its type too.
    const renames = addEvidence(tokens, found, () => true, new Set([...foreignQualifiers(tokens, named, sites), ...flattenAliases(tokens)]));
    readJsonPlaces(project, model, tokens, scan.calls, found, undefined, sites);
    if (visited.has(model.uniqueId)) continue;
    visited.add(model.uniqueId);
    const readers = [...project.models.values()].filter((m) => m.dependsOn.nodes.includes(model.uniqueId));
    if (passesThrough) {
      collectReads(project, readers, (tk, calls) => refSites(tk, calls, model.name), found, visited, true, makes);
      readRenderedDownstream(project, readers, model, found, makes);
    }
    else {
      const handed = new Map([...renames, ...found]);
      macroFlowEvidence(project, model, handed);
      castsDownstream(project, readers, found, visited, 2, model, handed);
    }
  }
}

/**
 * What the project's macros do with a model's columns where their SQL reads the model's relation through a source
 * declared on it (robling's update_current_flg post-hook, `SELECT MAX(TO_NUMBER(VERSION_ID)) FROM {{
 * source('SLS_UPD_SRC_DWH', 'V_DWH_F_SLS_TXN_LN_ITM_B') }}`, over a view that hands on the landing table's REVISION_NO
 * as VERSION_ID): every use there of a name the model hands on (`columns`, its output names) tells the type of the
 * column it came from, as a reader model's does. Unseen, REVISION_NO was sampled as id text and the TO_NUMBER failed.
 */
function macroFlowEvidence(project: ProjectModel, model: ModelNode, columns: Renames): void {
  const at = relationParts(model.relation).join('.');
  const sources = [...project.sources.values()].filter((s) => relationParts(s.relation).join('.') === at);
  if (sources.length === 0) return;
  for (const piece of macroSqlTexts(project)) {
    const { tokens } = tokenizeSql(piece.sql);
    const calls = scanJinja(piece.text).calls;
    const sites = sources.flatMap((s) => sourceSites(tokens, calls, s));
    if (sites.length === 0) continue;
    const flow = followColumns(tokens, sites.map((site) => ({ at: site.at, columns })), isColumnWord);
    for (const [i, entry] of flow.at) {
      const ev = tokens[i + 1]?.text !== '(' ? evidenceAt(tokens, i) : undefined;
      if (ev) entry.evidence.push(ev);
    }
  }
}

/**
 * `{{ pst_to_utc('date_time') }} ::timestamp hit_at`: a project macro given a column's name as its one string
 * argument, which its SQL renders bare (`{{ column_name }}`), reads that column where it stands. The tag is unmasked
 * as the name (padded to its length), so the column and what is done to it around the call count as a use.
 */
function columnArgumentsAsSql(project: ProjectModel, scan: { masked: string; calls: ReturnType<typeof scanJinja>['calls'] }, text: string): string {
  let masked = scan.masked;
  for (const call of scan.calls) {
    const tag = call.tag;
    if (tag.kind !== 'expr' || text.slice(tag.innerStart, tag.innerEnd).trim() !== text.slice(call.start, call.end)) continue;
    if (call.args.length !== 1 || !call.args[0].literal || typeof call.args[0].value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(call.args[0].value)) continue;
    const name = call.name.includes('.') ? call.name.split('.').pop()! : call.name;
    const macro = [...project.macros.values()].find((m) => m.name === name && (call.name.includes('.') ? call.name.startsWith(`${m.packageName}.`) : true));
    const param = call.args[0].keyword ?? macro?.args[0];
    if (!macro || !param || !rendersBare(macro, param)) continue;
    const column = call.args[0].value;
    masked = masked.slice(0, tag.start) + column.padEnd(tag.end - tag.start, ' ') + masked.slice(tag.end);
  }
  return masked;
}

/** Whether the macro's file renders `{{ param }}` on its own (a value in its SQL, not a relation or a string). */
function rendersBare(macro: MacroNode, param: string): boolean {
  const scan = scanJinja(macro.fileText);
  return scan.tags.some((t) => t.kind === 'expr' && scan.text.slice(t.innerStart, t.innerEnd).trim() === param && !/['"]\s*$/.test(scan.text.slice(0, t.start)));
}

/**
 * `select {{ dbt_utils.star(ref('x')) }} from {{ ref('x') }}` selects every column of x, as `select *` does: the
 * expression is masked as `*`, and the relation inside it is not another place the model reads x.
 */
function starsAsSql(scan: ReturnType<typeof scanJinja>): { masked: string; calls: ReturnType<typeof scanJinja>['calls'] } {
  const stars = new Set(scan.calls.filter((c) => /(^|\.)star$/.test(c.name) && c.tag.kind === 'expr').map((c) => c.tag));
  if (stars.size === 0) return { masked: scan.masked, calls: scan.calls };
  let masked = scan.masked;
  for (const tag of stars) masked = masked.slice(0, tag.start) + '*'.padEnd(tag.end - tag.start, ' ') + masked.slice(tag.end);
  return { masked, calls: scan.calls.filter((c) => !stars.has(c.tag)) };
}

/**
 * Sources by `source.table` and models by name (the first of a name, as a scan in insertion order finds it), built
 * once per outermost read (columnsReadFromSource / columnsReadDownstreamOf; the project may change between reads).
 */
let relationNames: { project: ProjectModel; sources: Map<string, SourceNode>; models: Map<string, ModelNode> } | undefined;

function byName(project: ProjectModel): { sources: Map<string, SourceNode>; models: Map<string, ModelNode> } {
  if (relationNames?.project === project) return relationNames;
  const names = { project, sources: new Map<string, SourceNode>(), models: new Map<string, ModelNode>() };
  for (const s of project.sources.values()) if (!names.sources.has(`${s.sourceName}.${s.name}`)) names.sources.set(`${s.sourceName}.${s.name}`, s);
  for (const m of project.models.values()) if (!names.models.has(m.name)) names.models.set(m.name, m);
  relationNames = names;
  return names;
}

/** The sources and models a template names with source() and ref(), at their masked tokens. */
function namedRelations(project: ProjectModel, tokens: SqlToken[], calls: ReturnType<typeof scanJinja>['calls']): Named[] {
  const out: Named[] = [];
  for (const call of calls) {
    const args = call.args.map((a) => a.value);
    let peer: Peer | undefined;
    if (call.name === 'source' && args.length === 2 && typeof args[0] === 'string' && typeof args[1] === 'string') {
      const source = byName(project).sources.get(`${args[0]}.${args[1]}`);
      if (source) peer = { source };
    } else if (call.name === 'ref' && args.length > 0) {
      const name = args[args.length - 1];
      const model = typeof name === 'string' ? byName(project).models.get(name) : undefined;
      if (model) peer = { model };
    }
    const at = peer ? tokens.findIndex((t) => t.end > call.start) : -1;
    if (peer && at >= 0) out.push({ at, peer });
  }
  return out;
}

/**
 * The names that qualify the columns of the other relations a model reads (their aliases, or their bare table names
 * when unaliased), less those the read relation itself goes by: `invoices.id as invoice_number` beside
 * `{{ source('blapi', 'subscriptions_version') }} s` is the invoices' id, not the subscriptions'.
 */
function foreignQualifiers(tokens: SqlToken[], named: readonly Named[], sites: readonly Site[]): Set<string> {
  const nameOf = (at: number, peer?: Peer): string | undefined =>
    aliasAfter(tokens, { at, start: tokens[at].start, end: tokens[at].end }) ?? (peer ? ('source' in peer ? peer.source.relation.identifier : peer.model.name).toLowerCase() : undefined);
  const own = new Set(sites.map((site) => nameOf(site.at) ?? site.name?.toLowerCase()).filter((n): n is string => n !== undefined));
  const ownAt = new Set(sites.map((site) => site.at));
  for (const n of named) if (ownAt.has(n.at)) own.add(nameOf(n.at, n.peer)!);
  const out = new Set<string>();
  for (const n of named) {
    const name = ownAt.has(n.at) ? undefined : nameOf(n.at, n.peer);
    if (name && !own.has(name)) out.add(name);
  }
  return out;
}

/**
 * Whether a joined relation is known to have the column: declared on it; for a model, named in its SQL or had
 * by a source it selects from (a pass-through staging model: `{{ latest_record(source(…)) }}`).
 */
function peerHas(project: ProjectModel, peer: Peer, column: string): boolean {
  const node = 'source' in peer ? peer.source : peer.model;
  if (Object.values(node.columns).some((c) => c.name.toLowerCase() === column)) return true;
  if (!('model' in peer)) return false;
  if (new RegExp(`\\b${column.replace(/[^\w]/g, '')}\\b`, 'i').test(peer.model.rawCode)) return true;
  return peer.model.dependsOn.nodes.some((id) => id.startsWith('source.') && sourceColumns(project, id).has(column));
}

/**
 * The (lower-case) columns each source is found to have, kept for one outermost columnsReadFromSource call (the
 * project may change between calls); a source still being read counts as having none.
 */
let sourceColumnCache: Map<string, Set<string>> | undefined;

function sourceColumns(project: ProjectModel, sourceId: string): Set<string> {
  const cache = (sourceColumnCache ??= new Map());
  const known = cache.get(sourceId);
  if (known) return known;
  cache.set(sourceId, new Set()); // a cycle of joins reads as "not known"
  const source = project.sources.get(sourceId);
  const names = new Set([...Object.values(source?.columns ?? {}).map((c) => c.name.toLowerCase()), ...columnsReadFromSource(project, sourceId).map((c) => c.name.toLowerCase())]);
  cache.set(sourceId, names);
  return names;
}

/**
 * A name read only unqualified in joins belongs to this relation unless a joined one is known to have it; when
 * none is, to the first source of the join alone (any one of them would do; all of them would be ambiguous).
 */
function ownColumn(project: ProjectModel, column: FoundColumn): boolean {
  if (column.definite || !column.joins) return true;
  const name = column.name.toLowerCase();
  return column.joins.some((j) => j.first && !j.peers.some((p) => peerHas(project, p, name)));
}

/** The project macro (and its parameter) a site's relation is passed to as an argument, if any. */
function macroReading(project: ProjectModel, calls: ReturnType<typeof scanJinja>['calls'], site: Site): { macro: MacroNode; param: string } | undefined {
  // The site spans the whole `{{ … }}`; the relation's own call says where in it the relation is.
  const relation = calls.find((c) => (c.name === 'source' || c.name === 'ref') && c.start >= site.start && c.end <= site.end);
  if (!relation) return undefined;
  const at = relation.nameStart;
  for (const call of calls) {
    if (call === relation || call.start > at || call.end < at) continue;
    const index = call.args.findIndex((a) => a.start <= at && at < a.end && !a.literal);
    const inner = call.args[index];
    if (!inner) continue;
    const name = call.name.includes('.') ? call.name.split('.').pop()! : call.name;
    const macro = [...project.macros.values()].find((m) => m.name === name && (call.name.includes('.') ? call.name.startsWith(`${m.packageName}.`) : true));
    const param = inner.keyword ?? macro?.args[index];
    if (macro && param) return { macro, param };
  }
  return undefined;
}

/** Reads what a macro's SQL takes from `{{ param }}` (its own CTE and derived-table hand-offs followed). */
function readInMacro(macro: MacroNode, param: string, found: Found): SqlToken[] {
  const scan = scanJinja(macro.fileText);
  const { tokens } = tokenizeSql(scan.masked);
  const work: Site[] = [];
  for (const tag of scan.tags) {
    if (tag.kind !== 'expr' || scan.text.slice(tag.innerStart, tag.innerEnd).trim() !== param) continue;
    const at = tokens.findIndex((t) => t.end > tag.start);
    if (at >= 0) work.push({ at, start: tokens[at].start, end: Math.max(tag.end, tokens[at].end) });
  }
  readFromSites(tokens, work, found);
  return tokens;
}

/** Found columns by the names a model gives them (`col as name`), lower case. */
type Renames = Map<string, FoundColumn>;

/**
 * Adds what the uses of each found column (under its name, or the one `col as name` gives it) say of its type;
 * returns the names given.
 */
function addEvidence(tokens: SqlToken[], found: Found, keep: (e: Evidence) => boolean, foreign: ReadonlySet<string> = NONE): Renames {
  const renamed: Renames = new Map();
  if (found.size === 0) return renamed;
  // `other.col`: another relation's column of the same name says nothing of this one.
  const elsewhere = (i: number): boolean => tokens[i - 1]?.text === '.' && foreign.has(tokens[i - 2]?.text.toLowerCase() ?? '');
  for (let i = 0; i + 2 < tokens.length; i++) {
    // `coalesce(enable_office365, enable_office_365) as is_office365_enabled`: each argument has the name's kind.
    if (tokens[i].text === ')' && tokens[i + 1].text.toLowerCase() === 'as' && tokens[i + 2].kind === 'ident') {
      const open = tokens.slice(0, i).findLastIndex((x) => x.text === '(' && x.depth === tokens[i].depth);
      const given = tokens[i + 2].text.toLowerCase();
      const type = NAMED_TYPES[kindFromName(given)];
      if (open > 0 && /^(coalesce|nvl|ifnull)$/i.test(tokens[open - 1]?.text ?? '')) {
        const args = [open + 1, ...coalescedArgs(tokens, open)];
        for (const at of args) {
          const arg = found.get(tokens[at]?.text.toLowerCase() ?? '');
          if (!arg || !/^[,)]$/.test(tokens[at + 1]?.text ?? '')) continue;
          if (keep({ givenName: given })) arg.evidence.push({ givenName: given });
          if (type && kindFromName(arg.name) !== kindFromName(given) && keep({ dataType: type, byName: true })) arg.evidence.push({ dataType: type, byName: true });
        }
      }
    }
    const entry = elsewhere(i) ? undefined : found.get(tokens[i].text.toLowerCase());
    // `col as name`, or `col::text as name` (the same characters: algorand's `b.txid :: text AS tx_id`, then decoded as hex).
    const as = tokens[i + 1]?.text === '::' && tokens[i + 2]?.kind === 'ident' && typeFamily(tokens[i + 2].text) === 'text' ? i + 3 : i + 1;
    const givenAt = as + 1;
    if (entry && tokens[as]?.text.toLowerCase() === 'as' && tokens[givenAt]?.kind === 'ident' && !found.has(tokens[givenAt].text.toLowerCase())) {
      const given = tokens[givenAt].text.toLowerCase();
      renamed.set(given, entry);
      if (keep({ givenName: given })) entry.evidence.push({ givenName: given });
      // The model's name for it says its kind when its own does not (stripe's `created as created_at`).
      const type = NAMED_TYPES[kindFromName(given)];
      if (type && kindFromName(entry.name) !== kindFromName(given) && keep({ dataType: type, byName: true })) entry.evidence.push({ dataType: type, byName: true });
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident' || tokens[i + 1]?.text === '(' || tokens[i - 1]?.text === ':' || elsewhere(i)) continue;
    const entry = found.get(t.text.toLowerCase()) ?? renamed.get(t.text.toLowerCase());
    const ev = entry ? evidenceAt(tokens, i) : undefined;
    if (ev && entry && keep(ev)) entry.evidence.push(ev);
  }
  return renamed;
}

/** How many models down the names a model hands a found column on under are followed (column-flow.ts). */
const MAX_FLOW_HOPS = 4;

/**
 * A model that lists its columns hands them on by name: casts, text functions and JSON paths applied to them further
 * down (`department::int` in a mart over `stg.department`) tell how the source holds them. Only those firm uses are
 * taken there — a comparison downstream may be about another table's column of the same name — except where the
 * name is followed from the parent (`columns`: the parent's names for the found columns) through the reader's
 * aliases, CTEs and renames (column-flow.ts): there every use counts, and the reader's own output names for them are
 * followed into its readers in turn.
 */
function castsDownstream(
  project: ProjectModel,
  models: readonly ModelNode[],
  found: Found,
  visited: Set<string>,
  depth: number,
  parent?: ModelNode,
  columns?: Renames,
  /** Names a model further up gave the found columns (`ROUND AS block_id`), for its readers' UNIONs. */
  handed?: { by: ModelNode; renames: Renames },
  hops = 0,
): void {
  if (depth === 0) return;
  for (const model of models) {
    // A model reached first further down (through another reader) is read again as a direct reader of the parent:
    // names qualified by the parent's alias say more there.
    const key = parent ? `${model.uniqueId}<${parent.uniqueId}` : model.uniqueId;
    if (visited.has(key)) continue;
    visited.add(key);
    const scan = scanJinja(model.rawCode);
    const { tokens } = tokenizeSql(varsAsSql(project, model, scan, model.rawCode));
    // A JSON path (`header:gen`) is as firm: Snowflake takes one only on a VARIANT, OBJECT or ARRAY.
    const renamedHere = addEvidence(tokens, found, (e) => e.cast === true || e.text === true || e.textOf !== undefined || e.json !== undefined, flattenAliases(tokens));
    readJsonPlaces(project, model, tokens, scan.calls, found, parent);
    // A name qualified by the alias of the model that lists the source's columns (`r.available_renewal … else 0`) is
    // that column for sure: every use of it says something — as is any name the model does not make itself when
    // the parent is all it reads. The parent's names for the columns (`requesttime as request_at`) count there.
    // (Further down, the name may be another model's own.)
    const lookup = (name: string): FoundColumn | undefined => columns?.get(name);
    const parentSites = parent ? refSites(tokens, scan.calls, parent.name) : [];
    const flow = columns ? followColumns(tokens, parentSites.map((site) => ({ at: site.at, columns })), isColumnWord) : undefined;
    const aliases = new Set(parent ? parentSites.map((site) => aliasAfter(tokens, site) ?? parent.name.toLowerCase()) : []);
    const onlyParent = parent !== undefined && model.dependsOn.nodes.length === 1 && model.dependsOn.nodes[0] === parent.uniqueId;
    const made = onlyParent ? namesMade(tokens) : NONE;
    for (let i = 2; i < tokens.length; i++) {
      const name = tokens[i].text.toLowerCase();
      const qualified = tokens[i - 1].text === '.' && aliases.has(tokens[i - 2].text.toLowerCase());
      const bare = onlyParent && tokens[i].kind === 'ident' && tokens[i - 1].text !== '.' && tokens[i - 1].text !== ':' && !made.has(name);
      const entry = qualified || bare ? lookup(name) : flow?.at.get(i);
      const ev = entry && tokens[i + 1]?.text !== '(' ? evidenceAt(tokens, i) : undefined;
      // (Firm uses of the found names themselves were taken above.)
      if (ev && (!found.has(name) || (!ev.cast && !ev.text && !ev.textOf))) entry!.evidence.push(ev);
    }
    if (parent && columns) renderedFlowEvidence(model, parent, columns);
    if (flow && flow.handed.size > 0) macroFlowEvidence(project, model, flow.handed);
    if (onlyParent) unionedWithNumber(tokens, lookup);
    if (handed && model.dependsOn.nodes.length === 1 && model.dependsOn.nodes[0] === handed.by.uniqueId) unionedWithNumber(tokens, (name) => handed.renames.get(name));
    const children = [...project.models.values()].filter((m) => m.dependsOn.nodes.includes(model.uniqueId));
    const names = renamedHere.size ? { by: model, renames: renamedHere } : undefined;
    if (flow && flow.handed.size > 0 && hops < MAX_FLOW_HOPS) castsDownstream(project, children, found, visited, depth, model, flow.handed, names, hops + 1);
    else castsDownstream(project, children, found, visited, depth - 1, undefined, undefined, names);
  }
}

/**
 * What a model whose template hides its SQL (rendered.ts) does with the parent's columns where its macros write it:
 * `{{ date_sk('max(b.pay_de)') }}` renders `to_char(max(b.pay_de), 'YYYYMMDD')`, a date's formatting the template
 * does not show (goodneighbors_gn_dw's PAY_DE and RQEST_DE were sampled as text, and the twin refused TO_CHAR of a
 * VARCHAR with a date format). The columns are followed from where the rendering writes the parent out, as the
 * template's are from its ref().
 */
function renderedFlowEvidence(model: ModelNode, parent: ModelNode, columns: Renames): void {
  const sql = renderedModels?.get(model.uniqueId);
  if (!sql) return;
  const { tokens } = tokenizeSql(sql);
  const sites = writtenSites(tokens, relationParts(parent.relation));
  if (sites.length === 0) return;
  const flow = followColumns(tokens, sites.map((site) => ({ at: site.at, columns })), isColumnWord);
  for (const [i, entry] of flow.at) {
    const ev = tokens[i + 1]?.text !== '(' ? evidenceAt(tokens, i) : undefined;
    if (ev) entry.evidence.push(ev);
  }
}

/** How many models down a name for a place inside a JSON column is followed (json-flow.ts). */
const MAX_JSON_HOPS = 6;

/**
 * What a model reads of the found JSON columns through names for places inside them (json-flow.ts): the found
 * columns' own names stand for the columns; a name the model gives a place (`data:tx_result:events AS msgs`) and
 * hands on in its output is followed into the models that read it, FLATTENs and all. `sites` are where the model
 * reads the relation holding the found columns (the parent's ref sites when undefined and a parent is given): other
 * relations' aliases qualify names that are theirs.
 */
function readJsonPlaces(
  project: ProjectModel,
  model: ModelNode,
  tokens: SqlToken[],
  calls: ReturnType<typeof scanJinja>['calls'],
  found: Found,
  parent?: ModelNode,
  sites?: Site[],
  bound: ReadonlyMap<string, JsonPlace> = new Map([...found.keys()].map((key): [string, JsonPlace] => [key.toLowerCase(), { column: key, steps: [] }])),
  hops = 0,
): void {
  const own = sites ?? (parent ? refSites(tokens, calls, parent.name) : []);
  const flow = followJsonNames(tokens, bound, foreignQualifiers(tokens, namedRelations(project, tokens, calls), own), (tk, at) => readShape(tk, at).shape, matchedTexts(project, model.uniqueId));
  // Read through a PARSE_JSON of the column (json-flow.ts): the column holds the JSON as text.
  for (const read of flow.reads) found.get(read.column)?.evidence.push(read.parsed ? { dataType: 'VARCHAR', textOf: 'json', json: read.shape } : { dataType: 'VARIANT', json: read.shape });
  if (hops >= MAX_JSON_HOPS) return;
  // Only places inside a column, or the JSON a column's text parses to, go on: a column handed on under its own name
  // is read downstream as before.
  const outputs = outputNames(tokens);
  const handed = new Map([...flow.bound].filter(([name, place]) => (place.steps.length > 0 || place.parsed) && (outputs.has('*') || outputs.has(name))));
  if (handed.size === 0) return;
  for (const child of project.models.values()) {
    if (!child.dependsOn.nodes.includes(model.uniqueId)) continue;
    const scan = scanJinja(child.rawCode);
    const { tokens: childTokens } = tokenizeSql(scan.masked);
    readJsonPlaces(project, child, childTokens, scan.calls, found, model, undefined, handed, hops + 1);
  }
}

/**
 * `SELECT block_id, … FROM {{ ref('silver__block') }} UNION ALL SELECT -1 AS block_id, …` (flipside_algorand's
 * core__dim_block): Snowflake takes a UNION's column to one type, and a number literal the other branch names like a
 * column the model reads bare from its one parent makes that column a number (text there would have to convert).
 */
function unionedWithNumber(tokens: SqlToken[], lookup: (name: string) => FoundColumn | undefined): void {
  if (!tokens.some((t) => /^union$/i.test(t.text))) return;
  for (let i = 2; i < tokens.length; i++) {
    const literal = tokens[i - 2];
    if (literal.kind !== 'number' || !/^as$/i.test(tokens[i - 1].text) || tokens[i].kind !== 'ident') continue;
    const name = tokens[i].text.toLowerCase();
    const entry = lookup(name);
    const readBare = tokens.some((t, k) => k > 0 && t.kind === 'ident' && t.text.toLowerCase() === name && !/^as$/i.test(tokens[k - 1].text) && tokens[k - 1].text !== '.' && tokens[k + 1]?.text !== '.');
    if (entry && readBare) entry.evidence.push({ dataType: /[.eE]/.test(literal.text) ? 'NUMBER(18,2)' : 'NUMBER(38,0)' });
  }
}

/** The token after a site (a dotted name spans several). */
function afterSite(tokens: SqlToken[], site: Site): number {
  let next = site.at + 1;
  while (tokens[next] && tokens[next].start < site.end) next++;
  return next;
}

/** The alias a FROM item takes (`{{ ref('x') }} as r`, `{{ ref('x') }} r`), if any. */
function aliasAfter(tokens: SqlToken[], site: Site): string | undefined {
  let next = afterSite(tokens, site);
  if (tokens[next]?.text.toLowerCase() === 'as') next++;
  const t = tokens[next];
  return t?.kind === 'ident' && !NOT_COLUMNS.has(t.text.toLowerCase()) ? t.text.toLowerCase() : undefined;
}

/** Rendered SQL of models whose templates hide what they read (rendered.ts), for one outermost read. */
let renderedModels: ReadonlyMap<string, string> | undefined;
/** The queries the models and their hooks ask while rendering (rendered.ts), for one outermost read. */
let askedQueries: readonly string[] | undefined;

/**
 * Columns (with the types their uses imply) that the models reading straight from a source take from it; `rendered`
 * gives the rendered SQL of models whose template hides what they read (loops, macros), read as well.
 */
export function columnsReadFromSource(project: ProjectModel, sourceId: string, rendered?: ReadonlyMap<string, string>, asked?: readonly string[]): UsedColumn[] {
  const outermost = sourceColumnCache === undefined;
  if (outermost) {
    sourceColumnCache = new Map([[sourceId, new Set<string>()]]);
    renderedModels = rendered;
    askedQueries = asked;
  }
  try {
    return readFromSource(project, sourceId);
  } finally {
    if (outermost) {
      sourceColumnCache = undefined;
      relationNames = undefined;
      renderedModels = undefined;
      askedQueries = undefined;
    }
  }
}

/** Reads what each site reads, following it into the subqueries and CTEs that pass it on. */
function readFromSites(tokens: SqlToken[], work: Site[], found: Found, named: readonly Named[] = [], strict = false, made: ReadonlySet<string> = NONE): void {
  const seenCtes = new Set<string>();
  const madeAt = new Map<Site, ReadonlySet<string>>();
  while (work.length > 0) {
    const site = work.shift()!;
    const passes = readAtSite(tokens, site, found, strict, madeAt.get(site) ?? made, named);
    if (passes?.passes === 'subquery') {
      madeAt.set(passes.site, passes.made);
      work.push(passes.site);
    } else if (passes?.passes === 'cte' && !seenCtes.has(passes.name)) {
      seenCtes.add(passes.name);
      for (const s of cteSites(tokens, passes.name)) {
        madeAt.set(s, passes.made);
        work.push(s);
      }
    }
  }
}

/**
 * The sources and models a rendered model reads (its dependencies), where its SQL writes them out as
 * `database.schema.table`: the peers an unqualified name in a join may belong to, as namedRelations gives them for a
 * template.
 */
function renderedRelations(project: ProjectModel, model: ModelNode, tokens: SqlToken[]): Named[] {
  const peers = model.dependsOn.nodes.flatMap((id): Peer[] => {
    const source = project.sources.get(id);
    if (source) return [{ source }];
    const parent = project.models.get(id);
    return parent ? [{ model: parent }] : [];
  });
  const byRelation = new Map<string, Peer>();
  for (const peer of peers) {
    const r = 'source' in peer ? peer.source.relation : peer.model.relation;
    byRelation.set([r.database, r.schema, r.identifier].join('.').toLowerCase(), peer);
  }
  const out: Named[] = [];
  for (let i = 0; i + 4 < tokens.length; i++) {
    if (tokens[i - 1]?.text === '.' || tokens[i + 1].text !== '.' || tokens[i + 3].text !== '.') continue;
    const peer = byRelation.get([tokens[i].text, tokens[i + 2].text, tokens[i + 4].text].join('.').toLowerCase());
    if (peer) out.push({ at: i, peer });
  }
  return out;
}

/**
 * What a rendered model reads from the source it names as `database.schema.table`, through its CTEs; an unqualified
 * name in a join with another relation it reads is settled as in a template (ownColumn).
 */
function readRendered(project: ProjectModel, model: ModelNode, sql: string, source: SourceNode, found: Found): void {
  const { tokens } = tokenizeSql(sql);
  const work = sourceSites(tokens, [], source);
  const named = renderedRelations(project, model, tokens);
  readFromSites(tokens, [...work], found, named);
  addEvidence(tokens, found, () => true, foreignQualifiers(tokens, named, work));
}

/**
 * What the readers of a model that passes a source's columns on (`select * from {{ source(…) }}`) take from it where
 * their template hides it (`{{ rent_column(asking) }}::DOUBLE`, a macro printing the column's name): read from their
 * rendering (rendered.ts), where the model is written `database.schema.table`, as strictly as their templates are
 * read downstream of a pass-through. A column a template shows keeps what the template's uses say.
 */
function readRenderedDownstream(project: ProjectModel, readers: readonly ModelNode[], upstream: ModelNode, found: Found, made: ReadonlySet<string>): void {
  const hidden: Found = new Map();
  for (const reader of readers) {
    const sql = renderedModels?.get(reader.uniqueId);
    if (!sql) continue;
    const { tokens } = tokenizeSql(sql);
    const sites = writtenSites(tokens, relationParts(upstream.relation));
    if (sites.length === 0) continue;
    const named = renderedRelations(project, reader, tokens);
    readFromSites(tokens, [...sites], hidden, named, true, made);
    addEvidence(tokens, hidden, () => true, foreignQualifiers(tokens, named, sites));
  }
  for (const [key, column] of hidden) if (!found.has(key)) found.set(key, column);
}

function readFromSource(project: ProjectModel, sourceId: string): UsedColumn[] {
  const source = project.sources.get(sourceId);
  if (!source) return [];
  const found: Found = new Map();
  const needle = source.relation.identifier.toLowerCase();
  // A model naming the table only inside its file's `{% macro %}` blocks does not read it (macro-sql.ts).
  const named = (m: ModelNode): boolean => m.rawCode.toLowerCase().includes(needle) && outsideMacroBlocks(m.rawCode).toLowerCase().includes(needle);
  const readers = [...project.models.values()].filter((m) => m.dependsOn.nodes.includes(sourceId) || named(m));
  collectReads(project, readers, (tokens, calls, model) => sourceSites(tokens, calls, source, model), found, new Set(), false);
  // A rendering adds the columns the template hides (a loop's, a macro's); what the template shows of a column it
  // names stays what its uses say (a macro's `CAST(x AS VARCHAR)` hashing every column says nothing of x's type).
  const hidden: Found = new Map();
  for (const model of readers) {
    const sql = renderedModels?.get(model.uniqueId);
    if (sql && model.dependsOn.nodes.includes(sourceId)) readRendered(project, model, sql, source, hidden);
  }
  for (const [key, column] of hidden) if (!found.has(key)) found.set(key, column);
  // A table nothing declares that the project's macros read by name (macro-sql.ts): what their queries read of it.
  // So are the queries the models and their hooks asked while rendering, whose literals the Jinja computed.
  if (writtenNamesOf(source)) {
    for (const sql of [...macroSqlTexts(project).map((p) => p.sql), ...(askedQueries ?? [])]) if (sql.toLowerCase().includes(needle)) readMacroSql(sql, source, found);
    // So does a model's own lookup of it by a literal key (robling's staging views read the business day as
    // `TO_DATE(SELECT PARAM_VALUE FROM DW_DWH.DWH_C_PARAM WHERE PARAM_NAME = 'CURR_DAY')`).
    for (const model of readers) {
      const { tokens } = tokenizeSql(scanJinja(outsideMacroBlocks(model.rawCode)).masked);
      addLookups(tokens, sourceSites(tokens, [], source), found);
    }
  }
  for (const [key, column] of found) if (!ownColumn(project, column)) found.delete(key);
  return typed(found);
}

/** Functions a lookup may compare both sides through: the value kept is the literal as the function returns it. */
const CASE_FOLDS = new Map<string, (v: string) => string>([
  ['lower', (v) => v.toLowerCase()],
  ['upper', (v) => v.toUpperCase()],
  ['trim', (v) => v.trim()],
]);

/**
 * The text literals the column read at tokens [first, end) is compared with (json-flow.ts's comparedWith), also through
 * a case fold on either side: `lower(script_name) = lower('Load_Orders')` is met by a row holding 'load_orders'.
 */
function lookupLiterals(tokens: SqlToken[], first: number, end: number): string[] {
  const fold = CASE_FOLDS.get(tokens[first - 2]?.text.toLowerCase() ?? '');
  const wrapped = fold && tokens[first - 1]?.text === '(' && tokens[end]?.text === ')';
  const [from, to] = wrapped ? [first - 2, end + 1] : [first, end];
  const direct = comparedWith(tokens, from, to).filter((v): v is string => typeof v === 'string');
  if (direct.length > 0) return fold && wrapped ? direct.map(fold) : direct;
  // `= lower('x')`: the literal inside the same fold.
  const other = CASE_FOLDS.get(tokens[to + 1]?.text.toLowerCase() ?? '');
  if (tokens[to]?.text !== '=' || !other || tokens[to + 2]?.text !== '(' || tokens[to + 4]?.text !== ')') return [];
  const v = literalValue(tokens[to + 3]);
  return typeof v === 'string' ? [fold && wrapped ? fold(other(v)) : other(v)] : [];
}

/** What one piece of a macro's SQL reads from a table it names as written (literal-tables.ts), through its CTEs. */
function readMacroSql(sql: string, source: SourceNode, found: Found): void {
  const { tokens } = tokenizeSql(sql);
  const work = sourceSites(tokens, [], source);
  if (work.length === 0) return;
  readFromSites(tokens, [...work], found);
  addEvidence(tokens, found, () => true, foreignQualifiers(tokens, [], work));
  addLookups(tokens, work, found);
}

/**
 * A query that looks a row up by key (`where param_name = 'CURR_DAY'`, then `values()[0]`; a model's `(SELECT
 * PARAM_VALUE FROM DW_DWH.DWH_C_PARAM WHERE PARAM_NAME = 'CURR_DAY')`) counts on the table holding it, as the
 * warehouse's control table does: the column holds the literals it is compared with. (A literal that is masked
 * Jinja, `'{{ script_name }}'`, is all underscores here and says nothing.)
 */
function addLookups(tokens: SqlToken[], work: readonly Site[], found: Found): void {
  for (const site of work) {
    const [start, end] = queryBlock(tokens, site.at) ?? [site.at, site.at];
    for (let i = start; i < end; i++) {
      const entry = tokens[i].kind === 'ident' && tokens[i + 1]?.text !== '.' ? found.get(tokens[i].text.toLowerCase()) : undefined;
      if (!entry) continue;
      const values = lookupLiterals(tokens, tokens[i - 1]?.text === '.' ? i - 2 : i, i + 1).filter((v) => !/^_+$/.test(v));
      if (values.length > 0) entry.evidence.push({ lookedUp: values });
    }
  }
}

/**
 * Columns (typed by use) the models downstream of `models` read from them: for tables a model unions without
 * naming them (found by listing a schema), what the union's consumers take from it is what those tables hold.
 */
export function columnsReadDownstreamOf(project: ProjectModel, models: readonly ModelNode[]): UsedColumn[] {
  const found: Found = new Map();
  const visited = new Set<string>();
  try {
    for (const model of models) {
      visited.add(model.uniqueId);
      const made = namesMade(tokenizeSql(scanJinja(model.rawCode).masked).tokens);
      const readers = [...project.models.values()].filter((m) => m.dependsOn.nodes.includes(model.uniqueId));
      collectReads(project, readers, (tk, calls) => refSites(tk, calls, model.name), found, visited, true, made);
    }
  } finally {
    relationNames = undefined;
  }
  return typed(found);
}

/**
 * Whether a type named by a use is text, however spelled (`x::STRING`, `x::varchar(10)`): any value casts to text, so
 * such a use yields to one that says more (`x + row_number()`); only VARCHAR was recognised before, and algorand's
 * `intra :: STRING` beat the arithmetic on it.
 */
const isTextType = (dataType: string): boolean => typeFamily(dataType) === 'text';
const isVariantType = (dataType: string): boolean => /^variant$/i.test(dataType.trim());

/**
 * Kinds one conversion returns as is: a date (TO_DATE), a timestamp (TO_TIMESTAMP), a number (TO_NUMBER, TO_DOUBLE).
 * (TO_DATE of a column a name calls a timestamp cuts it to its day: the use still reads text holding dates.)
 */
const KIND_FAMILIES: ReadonlyArray<ReadonlySet<ValueKind>> = [new Set(['date']), new Set(['timestamp']), new Set(['integer', 'decimal', 'float'])];
const sameFamily = (a: ValueKind, b: ValueKind): boolean => KIND_FAMILIES.some((f) => f.has(a) && f.has(b));

/** Each found column with the type its uses imply. */
function typed(found: Found): UsedColumn[] {
  return [...found.values()].map(({ name, evidence, quoted }): UsedColumn => {
    const q = quoted ? { quoted } : {};
    // Text that holds a timestamp wins over anything else said of it: the parser call says how it arrives.
    // Text taken by a text function and also cast (`startswith(x, '0')`, `x::int`) is text holding digits.
    const castText = evidence.some((e) => e.text) ? evidence.find((e) => e.cast && kindOfType(e.dataType)) : undefined;
    if (castText && !evidence.some((e) => e.textOf)) return { name, dataType: 'VARCHAR', textOf: kindOfType(castText.dataType)!, ...q };
    // A conversion that also takes its own kind (`to_date(x)`) says text only when no other use gives x a type:
    // `to_date(x)` beside `x <= current_timestamp` is a timestamp cut to its day.
    // So does one a name says the conversion takes as is (`TO_DATE(EFF_START_DT)` in a macro over robling's view that
    // renames the landing DAY_ID: a DATE, which TO_DATE returns unchanged).
    const namedKinds = [name, ...evidence.flatMap((e) => (e.givenName ? [e.givenName] : []))].map(kindFromName);
    const otherType = evidence.some((e) => !e.textOf && e.dataType && !isTextType(e.dataType));
    // (Not one given a format: `TO_DATE(EVENT_DATE, 'YYYYMMDD')` parses text, whatever the name says — goodneighbors' GA4.)
    const namedAsIs = (e: Evidence): boolean => e.textOf !== undefined && !e.formatted && namedKinds.some((k) => sameFamily(k, e.textOf!));
    const text = evidence.find((e) => e.textOf && !e.converts) ?? (otherType ? undefined : evidence.find((e) => e.textOf && !namedAsIs(e)));
    // A loose guess of a number yields to a name that says date or time (the column's, or one a model gives it).
    const timeNamed = namedKinds.some((k) => ['date', 'timestamp', 'time'].includes(k));
    // (A DATE or a TIMESTAMP to DATEADD, a time-named column days are added to is a DATE: `dated`, below.)
    const daysAdded = timeNamed && evidence.some((e) => e.days);
    const used = evidence.filter((e) => !e.byName && !e.loose && !(e.anyTime && daysAdded) && !(e.converts && namedAsIs(e)));
    // A loose guess of text (compared with 'TRUE') says no more than the sampler's default: it yields to a name that
    // says a flag, and leaves a name that says nothing untyped, for what the plan learns elsewhere (a UNION's FALSE).
    const yields = (e: Evidence): boolean => (e.dataType !== undefined && isTextType(e.dataType) ? namedKinds.every((k) => DEFAULT_TYPE[k] === 'VARCHAR' || DEFAULT_TYPE[k] === 'BOOLEAN') : timeNamed);
    // Any value casts to VARIANT too: `x::VARIANT` yields to any other use (`x::INT`, `x::STRING`: algorand's asset
    // ids and names, which its NFT models also hand to ::VARIANT). A path read (`x:a`) still makes x a VARIANT.
    const variantCast = (e: Evidence): boolean => e.cast === true && isVariantType(e.dataType ?? '');
    // Days added to a value a name says is a date or time (`last_eff_start_dt - 1`): Snowflake adds a number of days
    // to a DATE only (https://docs.snowflake.com/en/sql-reference/operators-arithmetic; a TIMESTAMP takes DATEADD).
    const dated: Evidence | undefined = timeNamed && evidence.some((e) => e.days) ? { dataType: 'DATE' } : undefined;
    const typed =
      used.find((e) => e.dataType && !isTextType(e.dataType) && !variantCast(e)) ??
      used.find((e) => e.dataType && !variantCast(e)) ??
      used.find((e) => e.dataType) ??
      dated ??
      evidence.find((e) => e.byName) ??
      evidence.find((e) => e.loose && !yields(e));
    // An ARRAY that is also read as text (`tags like '%vip%'` beside `array_to_string(tags, ', ')`): Snowflake documents
    // a VARIANT's conversion to text and takes a VARIANT holding an array in its array functions, but no conversion of
    // an ARRAY to text (https://docs.snowflake.com/en/sql-reference/data-type-conversion): a VARIANT holding an array
    // is the one type both uses run on.
    const arrayReadAsText = used.some((e) => e.dataType === 'ARRAY') && used.some((e) => e.dataType !== undefined && isTextType(e.dataType) && !e.cast && !e.textOf);
    const json = mergeShapes([...evidence.map((e) => e.json), arrayReadAsText ? { items: {} } : undefined]);
    // A name that says JSON (`plugins_with_settings`) is a guess; MIN/MAX of the column say it holds what they order,
    // and the twin refuses orderings of VARIANTs: text, unless a JSON path or a use says otherwise.
    const orderedByName = !hasShape(json) && evidence.some((e) => e.ordered) && kindFromName(name) === 'json' ? { dataType: 'VARCHAR' } : undefined;
    const chosen: Evidence | undefined = arrayReadAsText ? { dataType: 'VARIANT', json: { items: {} } } : (text ?? typed ?? orderedByName);
    const coalescedWith = [...new Set(evidence.flatMap((e) => e.coalescedWith ?? []))];
    const givenNames = [...new Set(evidence.flatMap((e) => (e.givenName ? [e.givenName] : [])))];
    const lookedUp = [...new Set(evidence.flatMap((e) => e.lookedUp ?? []))];
    const saying = evidence.filter((e) => e.dataType && !e.byName);
    const castKinds = new Set(saying.map((e) => (e.cast ? kindOfType(e.dataType) : undefined)));
    const castToNumber = saying.length > 0 && castKinds.size === 1 && (castKinds.has('integer') || castKinds.has('decimal')) ? [...castKinds][0] : undefined;
    return {
      name,
      ...(chosen?.dataType ? { dataType: chosen.dataType } : {}),
      ...(chosen?.textOf ? { textOf: chosen.textOf } : {}),
      ...(chosen?.epoch ? { epoch: chosen.epoch } : {}),
      ...q,
      ...(hasShape(json) ? { json } : {}),
      ...(coalescedWith.length ? { coalescedWith } : {}),
      ...(givenNames.length ? { givenNames } : {}),
      ...(castToNumber === 'integer' || castToNumber === 'decimal' ? { castToNumber } : {}),
      ...(chosen?.byName && chosen.dataType ? { typeByName: true } : {}),
      ...(lookedUp.length ? { lookedUp } : {}),
    };
  });
}
