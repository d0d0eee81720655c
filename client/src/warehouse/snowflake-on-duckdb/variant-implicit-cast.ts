// A VARCHAR that DuckDB converts to VARIANT (JSON) on its own: its json extension PARSES the text ('123' becomes the
// number 123, 'abc' fails), where Snowflake's conversion table coerces the other way, VARIANT to VARCHAR (VARCHAR is
// castable, not coercible, to VARIANT). Found here in the bound plan before the statement runs (json_serialize_plan
// lists each cast DuckDB added, with its source type): in COALESCE/NVL/IFNULL, CASE/IFF/NVL2/DECODE and comparisons
// the VARIANT side is converted to VARCHAR as `::VARCHAR` converts it (bz_varchar_cast); elsewhere (UNION branches of
// the two types, an operand that cannot be read) it is refused by name rather than answered differently.
// The same plan shows DuckDB's other silent choices between text and another type, which Snowflake's pages either
// settle otherwise or leave unsaid (textMix below): a UNION branch's number, date or boolean turned into VARCHAR, a
// string literal turned into a CASE/IFF/DECODE result's number, date or boolean, GREATEST/LEAST comparing as the
// second argument's type when the first is text.
import type { DuckDBConnection } from '@duckdb/node-api';
import { splitStatementsWithOffsets } from '../../../../server/src/core/sql/split';
import { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { PLAIN_DECIMAL } from '../../../../server/src/core/sql/snowflake-on-duckdb/number-scale';
import { snowflakeTypeWord } from '../../../../server/src/core/sql/snowflake-on-duckdb/described-type';
import { notANumberMessage } from '../../../../server/src/core/sql/snowflake-on-duckdb/errors';
import { setNumberType, type SetNumberType } from '../../../../server/src/core/sql/snowflake-on-duckdb/set-number-columns';
import { castingOperands, OperandReader, withRefusals, type TextOperand } from './variant-text-operands';
import { isNullExpression, materializedCtes } from './null-columns';
import { GROUP_CHECK_WHY, variantGroupingPlaces, type VariantGrouping } from './variant-grouping';

/** The constructs the run's check of a grouped VARIANT names (variant-grouping.ts). */
const GROUPINGS: Record<VariantGrouping, string> = {
  partition: 'PARTITION BY a VARIANT',
  'distinct-argument': "An aggregate's DISTINCT over a VARIANT",
  group: 'GROUP BY a VARIANT',
  distinct: 'SELECT DISTINCT of a VARIANT',
  set: 'UNION, INTERSECT or EXCEPT/MINUS (which drop duplicates) of a VARIANT',
};
/** The same constructs where the run cannot check the values. */
const REFUSED_GROUPINGS: Record<VariantGrouping, string> = {
  partition: 'PARTITION BY a VARIANT value',
  'distinct-argument': "An aggregate's DISTINCT over a VARIANT value",
  group: 'GROUP BY a VARIANT value',
  distinct: 'SELECT DISTINCT of a VARIANT value',
  set: 'UNION (without ALL), INTERSECT or EXCEPT/MINUS of VARIANT values',
};

/**
 * Bronze's macros are created after this many bytes of spaces (shims.ts), so DuckDB locates every node of a macro's
 * body at this offset or past it: the offsets count in the text that created the macros, all in one batch. Without
 * it a node of a macro's body took a place in any statement longer than its offset in the batch (flipside_axelar's
 * 8 KB silver__link_events: bz_to_variant's CAST(x AS JSON) read as the statement's own CASE). The batch must stay
 * shorter than this (test/unit/variant-implicit-cast-macro-location.test.ts).
 */
export const MACRO_TEXT_OFFSET = 65536;

/** The set-operation columns the check found VARCHAR beside a VARIANT (by name), and whether the statement planned. */
export interface StarColumns {
  /**
   * Each column's name and position in the branch where DuckDB converts it, the names the set operation's other
   * branches give that position, and the refusal if none converts. `number`: the column is VARCHAR beside a NUMBER
   * (not a VARIANT), its text branch to be converted to that type (set-number-columns.ts).
   */
  columns: { name: string; index: number; names: string[]; refusal: UnsupportedOnDuckDb; number?: SetNumberType }[];
  planned?: boolean;
}

/** A node of DuckDB's serialized plan: operators and expressions alike. */
export interface PlanNode {
  type?: string;
  expression_class?: string;
  query_location?: number;
  return_type?: { id?: string; type_info?: { alias?: string; width?: number; scale?: number } | null };
  child?: PlanNode;
  [key: string]: unknown;
}

/** Statements that hold a query DuckDB can plan (a SELECT somewhere in them). */
const HAS_QUERY = /\bselect\b/i;

/** `CREATE [OR REPLACE] [TEMP…] VIEW name [(…)] AS` before a view's query: planned without it. */
export const VIEW_HEAD = /^\s*create\s+(or\s+replace\s+)?((temp|temporary|secure|recursive)\s+)*view\s+[\s\S]*?\bas\b/i;

/**
 * The text a statement's plan is read from, and its offset in `sql`: past a view's `CREATE … VIEW name [(…)] AS`, and
 * only the first statement. A translation may append statements run after it (a view's column-count check, COMMENT
 * ONs: translate.ts's suffix), and DuckDB plans no text of several statements — every check reading the plan would
 * have passed such a statement unread (a view with persisted column comments, willibald's pre_stg_error_webshop).
 */
export function plannedQuery(sql: string): { query: string; shift: number } {
  const head = VIEW_HEAD.exec(sql);
  const shift = head ? head[0].length : 0;
  const rest = sql.slice(shift);
  if (!rest.includes(';')) return { query: rest, shift };
  const first = splitStatementsWithOffsets(rest)[0];
  return { query: first ? rest.slice(0, first.start + first.text.length) : rest, shift };
}

const isJson = (t: PlanNode['return_type']): boolean => t?.id === 'VARCHAR' && t.type_info?.alias?.toUpperCase() === 'JSON';
const isPlainText = (t: PlanNode['return_type']): boolean => t?.id === 'VARCHAR' && !t.type_info?.alias;

/** The type of a cast's operand: an expression's, or a constant's. */
const operandType = (n: PlanNode | undefined): PlanNode['return_type'] =>
  n?.return_type ?? (n?.value as { type?: PlanNode['return_type'] } | undefined)?.type;

/**
 * Whether the cast at `at` is one the statement writes (`x::JSON`, CAST(x AS JSON)) or PARSE_JSON's: text read as
 * JSON on purpose. DuckDB places an implicit cast at its operand, which may itself be a cast to another type.
 */
function explicitAt(text: string, at: number): boolean {
  const rest = text.slice(at);
  if (/^(::\s*json\b|bz_(try_)?parse_json\s*\(|json\s*')/i.test(rest)) return true;
  const open = /^(try_)?cast\s*\(/i.exec(rest);
  if (!open) return false;
  let depth = 0;
  for (let k = open[0].length - 1; k < rest.length; k++) {
    if (rest[k] === '(') depth++;
    else if (rest[k] === ')' && --depth === 0) return /\bas\s+json\s*$/i.test(rest.slice(0, k));
  }
  return false;
}

/**
 * PARSE_JSON's own cast (bz_parse_json / bz_try_parse_json: CAST(bz_…parse_json_text(x) AS JSON)) wherever DuckDB puts
 * it: a select-list alias read later in the same list (`try_parse_json(p) AS pj, pj:firstName`) is bound as a copy of
 * its expression located at the reference, where the text does not show the call.
 */
const parsesJson = (cast: PlanNode): boolean => {
  const child = cast.child as PlanNode | undefined;
  return child?.expression_class === 'BOUND_FUNCTION' && /^bz_(try_)?parse_json_text$/.test(String(child.name));
};

const SET_OPERATIONS = new Set(['LOGICAL_UNION', 'LOGICAL_EXCEPT', 'LOGICAL_INTERSECT']);

/** A DuckDB type id under its Snowflake name, for a refusal's message (described-type.ts, the one mapping). */
function snowflakeName(id: string | undefined): string {
  return id ? snowflakeTypeWord(id) : 'another type';
}

/** Plain decimal text: the form a string literal converted to NUMBER is read in here (no exponent, no spaces). */
const NUMBER_TEXT = PLAIN_DECIMAL;

/** The text of a VARCHAR constant in the plan. */
const constantText = (n: PlanNode | undefined): string | undefined => {
  const v = (n?.value as { value?: unknown } | undefined)?.value;
  return typeof v === 'string' ? v : undefined;
};

/** The text of the string literal (`'…'` or `$$…$$`, as the translated statement writes it for DuckDB) at `at`. */
function literalTextAt(sql: string, at: number): string | undefined {
  const m = /^(?:'((?:[^']|'')*)'|\$\$([\s\S]*?)\$\$)/.exec(sql.slice(at));
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2];
}

/** Digits each DuckDB integer type holds whatever they are (TINYINT's 127 holds every 2-digit number). */
const INTEGER_DIGITS: Record<string, number> = { TINYINT: 2, SMALLINT: 4, INTEGER: 9, BIGINT: 18, HUGEINT: 38 };

const isNumberType = (t: PlanNode['return_type']): boolean =>
  !!t?.id && (t.id === 'DECIMAL' || t.id === 'DOUBLE' || t.id === 'FLOAT' || t.id in INTEGER_DIGITS);

/**
 * Whether the number `text` writes converts to `to` with no digit lost: its scale within the type's, its integer
 * digits within the rest. A FLOAT takes any (Snowflake's FLOAT beside a NUMBER is a FLOAT, as DuckDB's DOUBLE).
 */
function numberLiteralFits(text: string, to: NonNullable<PlanNode['return_type']>): boolean {
  if (!NUMBER_TEXT.test(text)) return false;
  if (to.id === 'DOUBLE' || to.id === 'FLOAT') return true;
  const [whole, fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const digits = whole.replace(/^0+/, '').length;
  const [width, scale] = to.id === 'DECIMAL' ? [to.type_info?.width ?? 18, to.type_info?.scale ?? 0] : [INTEGER_DIGITS[to.id ?? ''] ?? 0, 0];
  return fraction.length <= scale && digits <= width - scale;
}

/**
 * Whether a cast at `at` is written in the statement (`x::VARCHAR`, CAST(x AS …), TO_VARCHAR(x) translated to a Bronze
 * macro's cast) rather than DuckDB's choice. DuckDB locates its own cast where its operand is (`childAt`, also a call
 * or a CAST); an operand without a location (a column, an aggregate's result) is read from the text: a conversion to
 * text written there, or a name or another call (`MAX(i)`), whose cast is DuckDB's.
 */
function writtenCast(text: string, at: number | undefined, childAt: number | undefined, toText = false): boolean {
  if (at === undefined) return false;
  const rest = text.slice(at);
  // DuckDB locates its own cast to text of a written `x::TIMESTAMP` at the same `::`: a written cast to text names a text type.
  if (rest.startsWith('::')) return !toText || /^::\s*"?(varchar|text|string|char|character|nvarchar|nchar)\b/i.test(rest);
  if (childAt !== undefined) return childAt !== at;
  return /^((try_)?cast|bz_\w+|to_varchar|to_char)\s*\(/i.test(rest);
}

/**
 * ` (NAME)`: the set-operation column a branch's cast is for, named because a branch that is `SELECT *` gives the cast
 * no place in the text (mattermost's license_overview, grp_performance_events).
 */
function columnName(cast: PlanNode, operator: PlanNode | undefined): string {
  const name = branchColumn(cast, operator);
  return name ? ` (${name.toUpperCase()})` : '';
}

/**
 * The branch's name of a set-operation column: the cast's alias, or (a `SELECT DISTINCT *` branch, whose projection
 * refers to the DISTINCT's columns by position) the name of the column it refers to, below the DISTINCT.
 */
function branchColumn(cast: PlanNode, operator: PlanNode | undefined): string {
  if (typeof cast.alias === 'string' && cast.alias !== '') return cast.alias;
  const ref = cast.expression_class === 'BOUND_CAST' ? cast.child : cast;
  const index = ref?.expression_class === 'BOUND_REF' && typeof ref.index === 'number' ? ref.index : -1;
  let below = Array.isArray(operator?.children) ? (operator.children as PlanNode[])[0] : undefined;
  while (below && !Array.isArray(below.expressions) && !Array.isArray(below.bound_columns) && Array.isArray(below.children)) below = (below.children as PlanNode[])[0];
  const named = Array.isArray(below?.expressions) ? (below.expressions as PlanNode[])[index]?.alias : (below?.bound_columns as unknown[] | undefined)?.[index];
  return index >= 0 && typeof named === 'string' ? named : '';
}

/**
 * A cast DuckDB chose between text and another type where Snowflake's result is not DuckDB's: `key` is the field of
 * `parent` (an expression) holding the cast, `operator`/`grand` the plan nodes above it. Snowflake's set operators
 * page asks for consistent column types and documents no result type for a VARCHAR beside a FLOAT, DATE or BOOLEAN
 * (DuckDB makes the column VARCHAR; beside a NUMBER its example converts the text to NUMBER, done where the caller
 * can: set-number-columns.ts); its CASE and IFF pages document no result type for a string literal beside another
 * type (DuckDB converts the string); its GREATEST/LEAST pages make the FIRST argument's type the result's when it is
 * not numeric, the others converted to it (DuckDB converts a text first argument to the others' type instead).
 */
function textMix(
  n: PlanNode,
  key: string,
  parent: PlanNode | undefined,
  operator: PlanNode | undefined,
  grand: PlanNode | undefined,
  stringLiteral: boolean,
): string | undefined {
  const to = n.return_type;
  const from = operandType(n.child);
  if (!to?.id || !from?.id || from.id === 'NULL' || to.id === from.id) return undefined;
  if (!parent && operator?.type === 'LOGICAL_PROJECTION' && SET_OPERATIONS.has(grand?.type ?? '')) {
    if (!isPlainText(to) || isJson(from)) return undefined;
    // Named where the text gives the cast no place (a `SELECT *` branch); elsewhere the location shows it.
    const unlocated = typeof n.query_location !== 'number' || n.query_location >= Number.MAX_SAFE_INTEGER;
    if (setNumberType(from.id, from.type_info?.width, from.type_info?.scale)) {
      return `A UNION/INTERSECT/EXCEPT column${unlocated ? columnName(n, operator) : ''} that is VARCHAR in one branch and NUMBER in another, whose text branch the DuckDB target cannot convert here (Snowflake converts the text to NUMBER, failing with "Numeric value '…' is not recognized" on text that is no number: cast the branches to one type, e.g. x::NUMBER)`;
    }
    return `A UNION/INTERSECT/EXCEPT column${unlocated ? columnName(n, operator) : ''} that is VARCHAR in one branch and ${snowflakeName(from.id)} in another (Snowflake documents no result type for it: cast the branches to one type, e.g. x::VARCHAR)`;
  }
  // The plan writes a TRUE/FALSE constant as the text 't'/'f' cast to BOOLEAN: only a string the statement writes counts.
  const isConstant = n.child?.expression_class === 'BOUND_CONSTANT';
  if (isConstant && isPlainText(from) && !stringLiteral) return undefined;
  if (parent?.type === 'CASE_EXPR' && key !== 'when_expr' && isConstant && isPlainText(from) && !isJson(to)) {
    const text = constantText(n.child);
    // Snowflake converts the string to the other results' number (as COALESCE's page documents, and as its
    // "Numeric value '…' is not recognized" for IFF(c, n, '') shows): a number the literal writes exactly in DuckDB's
    // result type is Snowflake's value and type both (the literal's own NUMBER(p, s) widens into it).
    if (isNumberType(to) && text !== undefined && numberLiteralFits(text, to)) return undefined;
    const what = `CASE/IFF/DECODE returning a string literal beside a ${snowflakeName(to.id)}`;
    // Beside a BOOLEAN either direction is documented as a conversion (the Logical data types page: implicitly, text
    // 'true'/'false' to BOOLEAN and BOOLEAN to 'true'/'false'), but not which one CASE takes — nor what becomes of a
    // literal such as 'No', which only an explicit cast reads.
    if (!isNumberType(to)) {
      const example = to.id === 'BOOLEAN' ? `'no'::BOOLEAN` : `'…'::${snowflakeName(to.id)}`;
      return `${what} (Snowflake documents no result type for it: cast the literal, e.g. ${example}, or the other value to VARCHAR)`;
    }
    return NUMBER_TEXT.test(text ?? '')
      ? `${what} whose digits the other results' type cannot hold (Snowflake widens the type to the literal's scale: cast the literal or the other values, e.g. '1.5'::NUMBER(10, 1))`
      : `${what} that is not a number (Snowflake converts it to NUMBER and fails with "Numeric value '…' is not recognized"; whether only for the rows taking it is not documented: cast it, or the other values to VARCHAR)`;
  }
  const fn = typeof parent?.name === 'string' ? parent.name.toLowerCase() : '';
  const first = Array.isArray(parent?.children) ? (parent.children as PlanNode[])[0] : undefined;
  if ((fn === 'greatest' || fn === 'least') && first === n && isPlainText(from) && !isJson(to)) {
    return `${fn.toUpperCase()} of a VARCHAR first argument and a ${snowflakeName(to.id)} (Snowflake compares them as the first argument's type, VARCHAR: cast the others, e.g. x::VARCHAR, or the first to ${snowflakeName(to.id)})`;
  }
  return undefined;
}

/**
 * A statement that fails on Snowflake, found in the plan where DuckDB might not fail: Snowflake's message, located
 * (an offset in the statement the check was given).
 */
export class ConversionFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * A string literal compared with a number (`i IN ('07', 'x')`, `i = '7.6'`): Snowflake converts it to NUMBER and compares
 * the values. Text that is no number fails there ("Numeric value 'x' is not recognized"), where DuckDB may never
 * evaluate its cast (an IN or OR it stops reading for a row another filter or an earlier item settles) and returns
 * rows. A number that DuckDB's cast to the other side's type does not hold exactly is rounded ('7.6' = 8 beside an
 * integer column): refused. `written`: the statement casts the literal itself (Snowflake converts it that way too).
 */
function comparedLiteral(n: PlanNode, parent: PlanNode | undefined, stringLiteral: boolean, written: boolean): { failure: string } | { refusal: string } | undefined {
  const to = n.return_type;
  if (!stringLiteral || n.try_cast === true || !parent?.type?.startsWith('COMPARE_') || !to || !isNumberType(to)) return undefined;
  const text = constantText(n.child);
  if (text === undefined) return undefined;
  // A FLOAT also reads NaN and infinities ('NaN'::FLOAT, 'inf', '-Infinity'), as DuckDB's DOUBLE does, and holds any
  // number as Snowflake's FLOAT does.
  const float = to.id === 'DOUBLE' || to.id === 'FLOAT';
  if (float && /^\s*[+-]?(nan|inf|infinity)\s*$/i.test(text)) return undefined;
  const failure = notANumberMessage(text);
  if (failure) return { failure };
  if (float) return undefined;
  // Zeros ending a fraction change no value ('7.0' is 7).
  const value = /\./.test(text) ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  if (written || numberLiteralFits(value, to)) return undefined;
  const scale = PLAIN_DECIMAL.test(value) ? (value.split('.')[1] ?? '').length : undefined;
  const cast = scale === undefined ? 'FLOAT' : `NUMBER(38, ${scale})`;
  return {
    refusal: `A string literal ('${text}') compared with a ${snowflakeName(to.id)} of a type that cannot hold its value (Snowflake compares the values; DuckDB would convert the literal to that type, rounding it: cast it, e.g. '${text}'::${cast})`,
  };
}

/** Whether an expression is a column of a UNION/INTERSECT/EXCEPT branch: at the top of the projection under it. */
const isSetOperationItem = (parent: PlanNode | undefined, operator: PlanNode | undefined, grand: PlanNode | undefined): boolean =>
  !parent && operator?.type === 'LOGICAL_PROJECTION' && SET_OPERATIONS.has(grand?.type ?? '');

/**
 * The set-operation column whose branch item is `n` (under `parent`, in the operators `ops`): its name there, its
 * position, and the names every branch gives that position; undefined when `n` is no such item or has no name.
 */
function setColumn(n: PlanNode, parent: PlanNode | undefined, ops: PlanNode[]): { name: string; index: number; names: string[] } | undefined {
  const operator = ops[ops.length - 1];
  if (!isSetOperationItem(parent, operator, ops[ops.length - 2])) return undefined;
  const name = branchColumn(n, operator);
  const items = operator?.expressions;
  const index = Array.isArray(items) ? items.indexOf(n) : -1;
  if (!name || index < 0) return undefined;
  const siblings = ops[ops.length - 2]?.children;
  const names = (Array.isArray(siblings) ? (siblings as PlanNode[]) : []).map((b) => {
    const item = Array.isArray(b.expressions) ? (b.expressions as PlanNode[])[index] : undefined;
    return item ? branchColumn(item, b) : '';
  });
  return { name, index, names: [...new Set([name, ...names.filter(Boolean)])] };
}

/**
 * A value DuckDB converts to VARIANT (JSON) by itself beside a VARIANT where Snowflake's result differs: its
 * conversion table does not coerce a DATE, TIME, TIMESTAMP or BINARY to VARIANT (DuckDB makes it a JSON string), and
 * a FLOAT it coerces keeps its type in the VARIANT (TYPEOF DOUBLE), which JSON's number does not. The Snowflake type
 * and the reason, or undefined.
 */
function variantMix(n: PlanNode): { type: string; why: string } | undefined {
  if (n.expression_class !== 'BOUND_CAST' || !isJson(n.return_type)) return undefined;
  const from = operandType(n.child);
  const id = from?.id ?? '';
  const type = id === 'STRUCT' && JSON.stringify(from).includes('bz_tz_utc') ? 'TIMESTAMP_TZ' : id === 'BLOB' ? 'BINARY' : /^(DATE|TIME|TIME WITH TIME ZONE|TIMESTAMP.*|DOUBLE|FLOAT)$/.test(id) ? snowflakeName(id) : '';
  if (!type) return undefined;
  const why = type === 'FLOAT' ? "Snowflake's VARIANT keeps the FLOAT type, the DuckDB target's cannot" : `Snowflake does not convert a ${type} to VARIANT implicitly, DuckDB would`;
  return { type, why };
}

/** The construct to name for an implicit cast under `parent` (an expression) in `operator` (a plan node), if any. */
function construct(cast: PlanNode, parent: PlanNode | undefined, operator: PlanNode | undefined, grand: PlanNode | undefined): string | undefined {
  if (isSetOperationItem(parent, operator, grand)) {
    return `A UNION/INTERSECT/EXCEPT column${columnName(cast, operator)} that is VARCHAR in one branch and VARIANT in another`;
  }
  const t = parent?.type ?? '';
  if (t === 'OPERATOR_COALESCE') return 'COALESCE/NVL/IFNULL of a VARCHAR and a VARIANT';
  if (t === 'CASE_EXPR') return 'CASE/IFF/NVL2/DECODE returning a VARCHAR or a VARIANT';
  if (t.startsWith('COMPARE_')) return 'A VARCHAR compared with a VARIANT';
  // Elsewhere (a function's argument: the shims' own json_type(CAST(x AS JSON))) the cast is not Snowflake's coercion.
  return undefined;
}

const isNullConstant = (m: PlanNode | undefined): boolean => m?.expression_class === 'BOUND_CONSTANT' && (m.value as { is_null?: boolean } | undefined)?.is_null === true;

/** The comparison operators whose operands are read beside them. */
const COMPARISONS = ['=', '==', '<>', '!=', '<', '>', '<=', '>='];

/**
 * `=` and `<>` of two VARIANTs compare their values, as ARRAY_REMOVE's page compares them ("removes elements equal to
 * this value": 5, 5.00 and 5.00::DOUBLE are equal, '5' is not; https://docs.snowflake.com/en/sql-reference/functions/array_remove);
 * DuckDB compared the JSON texts (1 <> 1.0, 1.5e0 <> 1.5). Each side is read through ARRAY_DISTINCT's key of an
 * element (array-except.ts bz_distinct_key: a number by value, a string or boolean as itself, an OBJECT or ARRAY by
 * its JSON text), the one notion of VARIANT equality the twin has.
 */
const VALUE_COMPARISONS = new Set(['COMPARE_EQUAL', 'COMPARE_NOTEQUAL']);
const VARIANT_KEY = 'bz_distinct_key';

/**
 * Orderings of VARIANT values, which DuckDB makes by their JSON texts ("10" before "9", 1.0 after 1): Snowflake's ORDER
 * BY page orders numbers by value ("trailing zeros … have no effect on sort order") and text by its bytes, and no page
 * gives an order between a VARIANT's types (https://docs.snowflake.com/en/sql-reference/constructs/order-by), so each
 * is refused by name with its cast suggested: `<`, `>`, `<=`, `>=` and BETWEEN of two VARIANTs, ORDER BY (a query's, a
 * window's) a VARIANT, and MIN/MAX, MIN_BY/MAX_BY (by a VARIANT), GREATEST/LEAST of VARIANTs. [NOT] IN of VARIANTs, an
 * equality the twin places for `=` only, is refused with them.
 */
const ORDER_COMPARISONS = new Set(['COMPARE_LESSTHAN', 'COMPARE_GREATERTHAN', 'COMPARE_LESSTHANOREQUALTO', 'COMPARE_GREATERTHANOREQUALTO']);
/** Aggregates ordering their argument `index` (DuckDB's names: MIN_BY/MAX_BY are arg_min/arg_max, by their second). */
const ORDERING_AGGREGATES = new Map([['min', 0], ['max', 0], ['arg_min', 1], ['arg_max', 1], ['min_by', 1], ['max_by', 1]]);
const ORDER_CAST = "cast it to the type its values hold, e.g. v::NUMBER or v::VARCHAR";
/** IN compares as `=` does, by value (VALUE_COMPARISONS), which the twin places for `=` only. */
const IN_WHY = "Snowflake compares VARIANTs by value, 1 = 1.0; the DuckDB target would compare their JSON texts: cast them, e.g. v::NUMBER, or write v = a OR v = b";
const ORDER_WHY = `Snowflake orders numbers by value and text by its bytes, and documents no order between a VARIANT's types; the DuckDB target would order their JSON texts, "10" before "9": ${ORDER_CAST}`;

/** The refusal of an ordering of VARIANT values at plan node `n`, with the text that locates it, or undefined. */
function variantOrdering(n: PlanNode, isVariant: (m: unknown) => boolean): { what: string; near: RegExp; why?: string } | undefined {
  const orders = Array.isArray(n.orders) ? (n.orders as { expression?: PlanNode }[]) : [];
  if (orders.some((o) => isJson(o.expression?.return_type))) {
    return n.expression_class === 'BOUND_WINDOW'
      ? { what: 'A window\'s ORDER BY a VARIANT value', near: /\bover\s*\([^)]*?\border\s+by\b/i }
      : { what: 'ORDER BY a VARIANT value', near: /\border\s+by\b/i };
  }
  const children = Array.isArray(n.children) ? (n.children as PlanNode[]) : [];
  const name = typeof n.name === 'string' ? n.name.toLowerCase() : '';
  const index = n.expression_class === 'BOUND_AGGREGATE' ? ORDERING_AGGREGATES.get(name) : undefined;
  if (index !== undefined && isJson(children[index]?.return_type)) {
    const sql = name.startsWith('arg_') || name.endsWith('_by') ? `${name.endsWith('min') || name.startsWith('min') ? 'MIN' : 'MAX'}_BY` : name.toUpperCase();
    return { what: `${sql} of a VARIANT value`, near: new RegExp(`\\b${sql.replace('_BY', '(_by)?')}\\s*\\(`, 'i') };
  }
  if (n.expression_class === 'BOUND_FUNCTION' && (name === 'greatest' || name === 'least') && children.some((c) => isJson(c.return_type))) {
    return { what: `${name.toUpperCase()} of VARIANT values`, near: new RegExp(`\\b${name}\\s*\\(`, 'i') };
  }
  if (ORDER_COMPARISONS.has(String(n.type)) && isVariant(n.left) && isVariant(n.right)) {
    return { what: 'A comparison (<, >, <=, >= or BETWEEN) of two VARIANTs', near: /<=?|>=?|\bbetween\b/i };
  }
  if ((n.type === 'COMPARE_IN' || n.type === 'COMPARE_NOT_IN') && children.length > 1 && children.every(isVariant)) {
    return { what: '[NOT] IN of VARIANT values', near: /\bin\s*\(/i, why: IN_WHY };
  }
  return undefined;
}

/** Why a grouping of VARIANT values is refused where the run cannot check its values (variant-grouping.ts). */
const GROUPING_WHY =
  "Snowflake groups VARIANTs by value, 1 with 1.0 and an object whatever its keys' order; the DuckDB target would group their JSON texts, and cannot check them here: cast it, e.g. v::NUMBER or v::VARCHAR";

/** The text that locates each grouping's refusal when its node has no place. */
const GROUPING_NEAR: Record<VariantGrouping, RegExp> = {
  partition: /\bpartition\s+by\b/i,
  'distinct-argument': /\(\s*distinct\b/i,
  group: /\bgroup\s+by\b/i,
  distinct: /\bdistinct\b/i,
  set: /\b(union|intersect|except|minus)\b/i,
};

const isJsonList = (list: unknown): boolean => Array.isArray(list) && (list as PlanNode[]).some((e) => isJson(e?.return_type));

/** The groupings of VARIANT values at plan node `n` (variant-grouping.ts): a window may both partition and DISTINCT. */
function variantGroupings(n: PlanNode): VariantGrouping[] {
  const out: VariantGrouping[] = [];
  if (n.expression_class === 'BOUND_WINDOW' && isJsonList(n.partitions)) out.push('partition');
  // An aggregate's DISTINCT, also over a window (COUNT(DISTINCT v) OVER (…)).
  const distinct = n.expression_class === 'BOUND_AGGREGATE' ? n.aggregate_type === 'DISTINCT' : n.expression_class === 'BOUND_WINDOW' && n.distinct === true;
  if (distinct && isJsonList(n.children)) out.push('distinct-argument');
  if (n.type === 'LOGICAL_AGGREGATE_AND_GROUP_BY' && isJsonList(n.groups)) out.push('group');
  const first = Array.isArray(n.children) ? (n.children as PlanNode[])[0] : undefined;
  if ((n.type === 'LOGICAL_INTERSECT' || n.type === 'LOGICAL_EXCEPT') && isJsonList(first?.expressions)) out.push('set');
  if (n.type === 'LOGICAL_DISTINCT' && isJsonList(n.distinct_targets)) out.push(SET_OPERATIONS.has(first?.type ?? '') ? 'set' : 'distinct');
  return out;
}

/** The name of the function the check calls (json-functions.ts): a plan expression holding it checks its value. */
const CHECK_MARK = '"bz_variant_canonical_text"';
const checks = (e: unknown): boolean => JSON.stringify(e ?? null).includes(CHECK_MARK);
/** An expression's serialization without its place, to find it inside another. */
const shape = (e: unknown): string => JSON.stringify(e ?? null, (k, v: unknown) => (k === 'query_location' || k === 'alias' ? undefined : v));

/**
 * Whether column `index` of operator `op`'s output is a checked value: a checking projection item, or one passed through
 * to one, or a grouping key that checks (an aggregate gives its keys first: `SELECT DISTINCT check(v) AS w … GROUP BY
 * w` shows the key's column, not the check).
 */
function checkedColumn(op: PlanNode | undefined, index: number, depth = 0): boolean {
  if (!op || depth > 50) return false;
  const children = Array.isArray(op.children) ? (op.children as PlanNode[]) : [];
  if (SET_OPERATIONS.has(op.type ?? '')) return children.length > 0 && children.every((c) => checkedColumn(c, index, depth + 1));
  if (op.type === 'LOGICAL_AGGREGATE_AND_GROUP_BY') return Array.isArray(op.groups) && checks((op.groups as PlanNode[])[index]);
  if (op.type === 'LOGICAL_PROJECTION' && Array.isArray(op.expressions)) {
    const e = (op.expressions as PlanNode[])[index];
    if (checks(e)) return true;
    return e?.expression_class === 'BOUND_REF' && typeof e.index === 'number' ? checkedColumn(children[0], e.index, depth + 1) : false;
  }
  return ['LOGICAL_FILTER', 'LOGICAL_ORDER_BY', 'LOGICAL_LIMIT', 'LOGICAL_TOP_N', 'LOGICAL_DISTINCT'].includes(op.type ?? '') && children.length === 1 && checkedColumn(children[0], index, depth + 1);
}

/** The names of the VARIANT columns operator `op` gives (a set operation's first branch's), through the operators passing them on. */
function jsonColumnNames(op: PlanNode | undefined, depth = 0): string[] {
  const children = Array.isArray(op?.children) ? (op.children as PlanNode[]) : [];
  if (!op || depth > 50) return [];
  if (SET_OPERATIONS.has(op.type ?? '')) return jsonColumnNames(children[0], depth + 1);
  if (op.type === 'LOGICAL_PROJECTION' && Array.isArray(op.expressions)) {
    return (op.expressions as PlanNode[]).filter((e) => isJson(e?.return_type)).map((e) => branchColumn(e, op)).filter(Boolean);
  }
  return children.length === 1 ? jsonColumnNames(children[0], depth + 1) : [];
}

/** The names of aggregate `n`'s VARIANT grouping keys that are columns (a key by position over `*` is one). */
function jsonKeyColumns(n: PlanNode): string[] {
  const groups = Array.isArray(n.groups) ? (n.groups as PlanNode[]) : [];
  const column = (g: PlanNode): boolean => (g.expression_class === 'BOUND_REF' || g.expression_class === 'BOUND_COLUMN_REF') && typeof g.alias === 'string' && g.alias !== '';
  return groups.filter((g) => isJson(g?.return_type) && column(g)).map((g) => g.alias as string);
}

/**
 * Whether the grouping `kind` at plan node `n` has its VARIANT values checked (variant-grouping.ts): each VARIANT
 * partition or DISTINCT argument checked, each VARIANT GROUP BY key with a checked copy beside it, each VARIANT DISTINCT
 * target or set-operation column checked in every branch.
 */
function groupingChecked(n: PlanNode, kind: VariantGrouping): boolean {
  const json = (list: unknown): PlanNode[] => (Array.isArray(list) ? (list as PlanNode[]).filter((e) => isJson(e?.return_type)) : []);
  const children = Array.isArray(n.children) ? (n.children as PlanNode[]) : [];
  if (kind === 'partition') return json(n.partitions).every(checks);
  if (kind === 'distinct-argument') return json(n.children).every(checks);
  if (kind === 'group') {
    const groups = Array.isArray(n.groups) ? (n.groups as PlanNode[]) : [];
    const copies = groups.filter(checks).map(shape);
    return json(groups).every((g) => checks(g) || copies.some((c) => c.includes(shape(g))));
  }
  if (n.type === 'LOGICAL_DISTINCT') {
    return json(n.distinct_targets).every((t) => t.expression_class === 'BOUND_REF' && typeof t.index === 'number' && checkedColumn(children[0], t.index));
  }
  const items = Array.isArray(children[0]?.expressions) ? (children[0].expressions as PlanNode[]) : [];
  return json(items).every((e) => children.every((c) => checkedColumn(c, items.indexOf(e))));
}

/**
 * The VARIANT values to convert to VARCHAR where a VARCHAR meets them in COALESCE/NVL/IFNULL, CASE/IFF/NVL2/DECODE (the
 * translation's CASE) or a comparison: Snowflake's conversion table coerces VARIANT to VARCHAR, not VARCHAR to
 * VARIANT, so the result (or the comparison) is VARCHAR, each VARIANT as `v::VARCHAR` gives it. `cast` is DuckDB's cast
 * of the VARCHAR at offset `at` in the statement, `parent` the construct holding it (`key` its field there), located
 * by `where`; `textCast` tells DuckDB's own casts of text to JSON from written ones (PARSE_JSON's, `::JSON`). Undefined
 * when a value of another type is among them, none is a VARIANT or an operand cannot be read: refused then.
 */
function variantSidesAsText(
  cast: PlanNode,
  at: number | undefined,
  parent: PlanNode | undefined,
  key: string,
  where: (m: PlanNode | undefined) => number | undefined,
  textCast: (m: PlanNode | undefined) => boolean,
  operands: OperandReader,
): TextOperand[] | undefined {
  // The values meeting the VARCHAR, each with its text once read: undefined for one to leave as it is.
  const variantSide = (m: PlanNode | undefined): boolean | undefined => (textCast(m) || isNullConstant(m) ? false : isJson(m?.return_type) ? true : undefined);
  const t = parent?.type ?? '';
  const out: TextOperand[] = [];
  if (t === 'OPERATOR_COALESCE') {
    const call = at === undefined ? undefined : operands.enclosingCall(at);
    const children = Array.isArray(parent?.children) ? (parent.children as PlanNode[]) : [];
    if (!call || !/^(coalesce|ifnull|nvl)$/i.test(call.name) || children[call.index] !== cast) return undefined;
    for (const [j, child] of children.entries()) {
      const side = variantSide(child);
      if (side === undefined) return undefined;
      const operand = side ? operands.argumentOf(call.callAt, call.name, j) : undefined;
      if (side && !operand) return undefined;
      // The same call written again (select list and GROUP BY) converts alike.
      if (operand) out.push(...operands.inSameCalls(operand, call.callAt));
    }
    return out.length ? out : undefined;
  }
  if (t === 'CASE_EXPR' && key !== 'when_expr') {
    const caseAt = where(parent);
    const spans = caseAt === undefined ? undefined : operands.caseResultsAt(caseAt);
    const checks = Array.isArray(parent?.case_checks) ? (parent.case_checks as { then_expr?: PlanNode }[]) : [];
    // DuckDB adds ELSE NULL where the text has no ELSE.
    const results = [...checks.map((c) => c.then_expr), ...(spans?.length === checks.length + 1 ? [parent?.else_expr as PlanNode | undefined] : [])];
    if (!spans || spans.length !== results.length) return undefined;
    for (const [j, result] of results.entries()) {
      const side = variantSide(result);
      if (side === undefined) return undefined;
      if (side) out.push(spans[j]);
    }
    return out.length ? out : undefined;
  }
  if (t.startsWith('COMPARE_') && (key === 'left' || key === 'right')) {
    const other = parent?.[key === 'left' ? 'right' : 'left'] as PlanNode | undefined;
    // The VARIANT is the operand across the operator from the VARCHAR in the text (DuckDB may swap a join condition's
    // sides, and gives its comparison no location: the operator is then read beside the VARCHAR operand).
    const after = at === undefined ? undefined : operands.operatorBeside(at, true, COMPARISONS);
    const opAt = where(parent) ?? after ?? (at === undefined ? undefined : operands.operatorBeside(at, false, COMPARISONS));
    if (variantSide(other) !== true || opAt === undefined) return undefined;
    const operand = operands.besideOperator(opAt, (at === undefined ? key === 'left' : at < opAt) ? 1 : 0, COMPARISONS);
    return operand ? [operand] : undefined;
  }
  return undefined;
}


/**
 * The shims that render text, with a stand-in of the same length: planned here, the statement calls the stand-in,
 * which gives the same VARCHAR without the shim's body. That body (one branch per type, each naming the argument) is
 * most of the plan when a model casts hundreds of columns to VARCHAR (dbt_utils.union_relations: 400 MB of JSON for
 * mattermost's plugins_telemetry), and no cast this check looks for is in it: its casts to JSON are function
 * arguments (json_type(CAST(x AS JSON))). The argument itself is planned, so a cast in it is still found, located
 * where the statement has it (the names keep their lengths).
 */
const STAND_INS: [string, string][] = [
  ['bz_varchar_cast', 'bz_varchar_c_pl'],
  ['bz_json_varchar_cast', 'bz_json_varchar_c_pl'],
  ['bz_varchar', 'bz_varc_pl'],
  ['bz_text_fit', 'bz_text_fpl'],
  ['bz_text_try_fit', 'bz_text_try_fpl'],
];

/** Created with the shims: each stand-in as its shim's type, VARCHAR. */
export const PLAN_STAND_IN_MACROS: string[] = STAND_INS.map(([name, standIn]) => `${standIn}(x${name.includes('fit') ? ', n' : ''}) AS CAST(x AS VARCHAR)`);

const SHIM_CALL = new RegExp(`\\b(${STAND_INS.map(([name]) => name).join('|')})(?=\\s*\\()`, 'gi');

/** `sql` calling the stand-ins (same length, same offsets). */
function withStandIns(sql: string): string {
  return sql.replace(SHIM_CALL, (name) => STAND_INS.find(([n]) => n === name.toLowerCase())?.[1] ?? name);
}

/**
 * The DuckDB functions the translation calls for Snowflake's string functions and LIKE. Only these are checked: a
 * shim's body may hand a VARIANT to another function in a branch its type never takes (bz_b64_encode's hex()).
 */
const TEXT_FUNCTIONS = new Set([
  'upper', 'lower', 'replace', 'trim', 'ltrim', 'rtrim', 'substring', 'left', 'right', 'length', 'concat', 'concat_ws',
  'split_part', 'string_split', 'starts_with', 'ends_with', 'contains', 'lpad', 'rpad', 'regexp_matches',
  'regexp_full_match', 'regexp_replace', 'regexp_extract', 'strpos', 'reverse', 'repeat', 'ascii', 'translate', 'md5',
  '~~', '!~~', '~~*', '!~~*', '||',
  // DuckDB's other names for them, which the translation also calls (SUBSTR, SPLIT).
  'substr', 'split', 'str_split', 'instr', 'position', 'prefix', 'suffix', 'strlen', 'lcase', 'ucase', 'sha1', 'sha256',
  'string_split_regex', 'regexp_split_to_array', 'string_to_array', 'regexp_extract_all',
]);

/**
 * A VARIANT handed to a function that takes text, with no cast written (DuckDB placed its implicit cast at the
 * operand itself, where a written CAST or a shim's call starts before its operand): DuckDB reads the JSON text (`"a"`)
 * where Snowflake casts the value (`a`). The translator renders a `:` or `[]` path there as its cast (text-arguments.ts);
 * what only the types show (a VARIANT column, PARSE_JSON's result) is cast where its text can be read
 * (variant-text-operands.ts), and refused by name otherwise.
 */
function variantAsText(cast: PlanNode, query: string, shift: number): UnsupportedOnDuckDb | undefined {
  const at = cast.query_location;
  const operandAt = (cast.child as PlanNode | undefined)?.query_location;
  if (typeof at !== 'number' || at >= Number.MAX_SAFE_INTEGER || at !== operandAt) return undefined;
  // The function is named as the translation calls it (UPPER becomes upper(replace(…))): the location names the argument.
  return new UnsupportedOnDuckDb('A VARIANT given without a cast to a function or operator taking text (DuckDB would read its JSON text; cast it with ::VARCHAR)', offsetOfByte(query, at) + shift);
}

/**
 * The operand, in the statement (`query` starts at `shift` in it), of a VARIANT's cast to text under a function taking
 * text that DuckDB chose rather than the statement wrote: located where the operand starts, the operand itself
 * located there too or not at all (a column). Undefined for a written cast and where no operand can be read there.
 */
function variantTextOperand(cast: PlanNode, query: string, shift: number, operands: OperandReader): TextOperand | undefined {
  const at = cast.query_location;
  const operandAt = (cast.child as PlanNode | undefined)?.query_location;
  if (typeof at !== 'number' || at >= Number.MAX_SAFE_INTEGER) return undefined;
  if (typeof operandAt === 'number' && operandAt < Number.MAX_SAFE_INTEGER && operandAt !== at) return undefined;
  const operand = operands.operandAt(offsetOfByte(query, at) + shift);
  // A column is named where the cast is: a location inside a shim's own text never passes for one.
  const child = cast.child as PlanNode | undefined;
  const column = child?.expression_class === 'BOUND_REF' || child?.expression_class === 'BOUND_COLUMN_REF' ? child.alias : undefined;
  if (operand && typeof column === 'string' && /^[\w$]+$/.test(column) && !operands.endsWithName(operand, column)) return undefined;
  return operand;
}

/**
 * The locations of a statement planned after `pad` spaces as offsets in the statement; a macro's node (located before
 * `pad`) moved past the statement's `queryBytes`, where every check reads it as a macro's.
 */
function relocate(node: unknown, pad: number, queryBytes: number): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) relocate(n, pad, queryBytes);
    return;
  }
  const n = node as PlanNode;
  const at = n.query_location;
  if (typeof at === 'number' && at < Number.MAX_SAFE_INTEGER) n.query_location = at >= pad ? at - pad : queryBytes + at;
  for (const v of Object.values(n)) relocate(v, pad, queryBytes);
}

/** Whether `operand` is already passed to `wrap` in `sql` (a pass before this one placed it). */
function writtenIn(sql: string, operand: TextOperand, wrap: string): boolean {
  return sql.slice(Math.max(0, operand.from - wrap.length - 1), operand.from).toLowerCase() === `${wrap}(`;
}

/** UTF-16 offset in `text` of UTF-8 byte `byte` (DuckDB's locations count bytes). */
function offsetOfByte(text: string, byte: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byte).toString('utf8').length;
}

/** Given to the check of a statement with the groupings' checks placed: the groupings of VARIANT values still unchecked. */
interface GroupingsLeft {
  unchecked: VariantGrouping[];
}

/**
 * The first VARCHAR DuckDB would convert to VARIANT by itself in `sql` (a translated statement), or the first cast it
 * would choose between text and another type where Snowflake answers otherwise or leaves it unsaid (textMix), as a
 * refusal located in `sql`; undefined when there is none or the statement does not plan (running it reports why).
 * With `textOperands`, a VARIANT operand of a function taking text found there (variant-text-operands.ts) is added to
 * it, to be cast as Snowflake casts it, rather than refused. With `starColumns`, a set-operation column VARCHAR in one
 * branch and VARIANT in another is added to it (its name and its refusal), to be converted in the VARIANT branch
 * (variant-set-branches.ts); `starColumns.planned` tells whether the statement planned. A grouping of VARIANT values
 * (GROUP BY, DISTINCT, PARTITION BY, …) gets its values checked (variant-grouping.ts: operands added) or is refused;
 * with `left` the groupings found unchecked are given there instead (the check of the statement with them placed).
 */
export async function implicitCastRefusal(
  connection: DuckDBConnection,
  sql: string,
  textOperands?: TextOperand[],
  starColumns?: StarColumns,
  left?: GroupingsLeft,
): Promise<UnsupportedOnDuckDb | ConversionFailure | undefined> {
  if (!HAS_QUERY.test(sql)) return undefined;
  const { query, shift } = plannedQuery(sql);
  let plan: PlanNode;
  const queryBytes = Buffer.byteLength(query, 'utf8');
  // A statement longer than the macros' offset is planned after twice as many spaces, past every macro's node.
  const pad = queryBytes > MACRO_TEXT_OFFSET ? 2 * MACRO_TEXT_OFFSET : 0;
  try {
    const reader = await connection.runAndReadAll(`SELECT json_serialize_plan('${' '.repeat(pad)}${withStandIns(query).replace(/'/g, "''")}', skip_null := true, skip_empty := true)`);
    plan = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as PlanNode;
  } catch {
    return undefined;
  }
  if (plan.error) return undefined;
  if (pad) relocate(plan, pad, queryBytes);
  if (starColumns) starColumns.planned = true;
  let found: UnsupportedOnDuckDb | ConversionFailure | undefined;
  let orderingFound: UnsupportedOnDuckDb | undefined;
  // The groupings of VARIANT values found, each with where its first is.
  const groupings = new Map<VariantGrouping, number>();
  const starColumnNames = new Set<string>();
  // The names of the VARIANT grouping keys that are columns, for GROUP BY positions falling on a `*`.
  const groupColumnNames = new Set<string>();
  const operands = textOperands ? new OperandReader(sql) : undefined;
  const written = (o: TextOperand, wrap: string): boolean => writtenIn(sql, o, wrap);
  // Where a node is in `sql`, when DuckDB says (not in a shim's own text).
  const inStatement = (m: PlanNode | undefined): number | undefined =>
    typeof m?.query_location === 'number' && m.query_location < queryBytes ? offsetOfByte(query, m.query_location) + shift : undefined;
  // A set operation's column whose branch value is a bare NULL (`null as server_id`, maybe through CTEs that DuckDB
  // materializes with the NULL cast to INTEGER): Snowflake gives it the other branches' type, as DuckDB's cast does.
  let ctes: Map<number, PlanNode> | undefined;
  const located = (m: PlanNode | undefined): number | undefined =>
    typeof m?.query_location === 'number' && m.query_location < Number.MAX_SAFE_INTEGER ? offsetOfByte(query, m.query_location) : undefined;
  const duckDbCast = (c: PlanNode): boolean => !writtenCast(query, located(c), located(c.child));
  const nullBranch = (cast: PlanNode, parent: PlanNode | undefined, ops: PlanNode[]): boolean => {
    const projection = ops[ops.length - 1];
    if (parent || projection?.type !== 'LOGICAL_PROJECTION' || !SET_OPERATIONS.has(ops[ops.length - 2]?.type ?? '')) return false;
    ctes ??= materializedCtes(plan);
    const input = Array.isArray(projection.children) ? (projection.children as PlanNode[])[0] : undefined;
    return isNullExpression(cast.child, input, ctes, duckDbCast);
  };
  // A cast of plain text to JSON DuckDB chose (it would parse the text), not one the statement or a Bronze macro writes.
  const textCast = (m: PlanNode | undefined): boolean => {
    if (m?.expression_class !== 'BOUND_CAST' || !isJson(m.return_type) || !isPlainText(operandType(m.child)) || parsesJson(m)) return false;
    if (typeof m.query_location === 'number' && m.query_location >= queryBytes && m.query_location < Number.MAX_SAFE_INTEGER) return false;
    const at = located(m);
    return at === undefined || !explicitAt(query, at);
  };
  // `parent`: the expression holding this node (none at an operator's top level); `ops`: the operators above it.
  // `macroAt`: where the statement calls the Bronze macro whose body holds this node, if any.
  const visit = (node: unknown, parent: PlanNode | undefined, ops: PlanNode[], key: string, macroAt?: number): void => {
    // Collecting conversions, the walk goes on past a refusal: a conversion found later may settle it (checked again).
    if ((found && !textOperands) || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, parent, ops, key, macroAt);
      return;
    }
    const n = node as PlanNode;
    const isExpression = typeof n.expression_class === 'string';
    const isOperator = !isExpression && typeof n.type === 'string' && n.type.startsWith('LOGICAL_');
    // A location past the statement is in the text of a Bronze macro (bz_parse_json's own CAST … AS JSON of a column
    // argument): the shim's cast, not a coercion the statement asks for.
    const inMacro = typeof n.query_location === 'number' && n.query_location >= queryBytes && n.query_location < Number.MAX_SAFE_INTEGER;
    if (n.expression_class === 'BOUND_CAST' && !inMacro && isJson(n.return_type) && isPlainText(operandType(n.child)) && !parsesJson(n)) {
      const location = located(n);
      const what = construct(n, parent, ops[ops.length - 1], ops[ops.length - 2]);
      if (what && (location === undefined || !explicitAt(query, location))) {
        const at = location === undefined ? 0 : location + shift;
        // The VARIANT side converted to VARCHAR, as the conversion table allows, where it can be read.
        const sides = operands ? variantSidesAsText(n, location === undefined ? undefined : at, parent, key, inStatement, textCast, operands) : undefined;
        if (sides) {
          textOperands?.push(...sides);
          return;
        }
        const refusal = new UnsupportedOnDuckDb(`${what} (Snowflake's conversion table coerces the VARIANT to VARCHAR, never the VARCHAR to VARIANT; DuckDB would parse the text as JSON, and the DuckDB target cannot place the conversion here: cast the VARIANT, e.g. v::VARCHAR)`, at);
        // A set-operation column: its VARIANT branch converted when the caller can (variant-set-branches.ts).
        const column = starColumns ? setColumn(n, parent, ops) : undefined;
        if (column) {
          starColumns?.columns.push({ ...column, refusal });
          return;
        }
        found ??= refusal;
        return;
      }
    }
    // A DATE, TIME, TIMESTAMP or FLOAT DuckDB makes a VARIANT beside one: a set-operation column, a COALESCE argument,
    // a CASE result (variantMix).
    const setItem = isSetOperationItem(parent, ops[ops.length - 1], ops[ops.length - 2]);
    const result = parent?.type === 'OPERATOR_COALESCE' || (parent?.type === 'CASE_EXPR' && key !== 'when_expr');
    const mix = !inMacro && (setItem || result) ? variantMix(n) : undefined;
    if (mix) {
      const location = located(n);
      const what = setItem ? `A UNION/INTERSECT/EXCEPT column${columnName(n, ops[ops.length - 1])} that is ${mix.type} in one branch and VARIANT in another` : `COALESCE/NVL/IFNULL/CASE/IFF of a ${mix.type} and a VARIANT`;
      found ??= new UnsupportedOnDuckDb(`${what} (${mix.why}: cast it, e.g. x::VARCHAR)`, location === undefined ? 0 : location + shift);
      return;
    }
    if (n.expression_class === 'BOUND_CAST' && isPlainText(n.return_type) && isJson(operandType(n.child)) && parent?.expression_class === 'BOUND_FUNCTION' && TEXT_FUNCTIONS.has(String(parent.name))) {
      const callAt = inStatement(parent);
      const index = Array.isArray(parent.children) ? parent.children.indexOf(n) : -1;
      const unlocated = inStatement(n) === undefined && callAt !== undefined && index >= 0;
      const operand = !operands ? undefined : unlocated ? (parent.name === '||' ? operands.besideOperator(callAt, index) : operands.argumentOf(callAt, String(parent.name), index)) : variantTextOperand(n, query, shift, operands);
      if (operand && operands) textOperands?.push(...operands.inSameCalls(operand, callAt));
      // Not located, in the body of a Bronze string macro (bz_initcap(coalesce(v, w), …)): its text arguments.
      const inMacro = !operand && operands && inStatement(n) === undefined && macroAt !== undefined ? operands.macroTextArguments(macroAt) : [];
      textOperands?.push(...inMacro);
      const refusal = operand || inMacro.length ? undefined : variantAsText(n, query, shift);
      if (refusal) {
        found ??= refusal;
        return;
      }
    }
    if (n.expression_class === 'BOUND_CAST' && !inMacro) {
      const location = located(n);
      const childAt = located(n.child);
      // A string the statement writes, not a typed literal (DATE '2024-01-01', which DuckDB plans as a cast of text).
      // Its text must be the constant's: a node of a view's body carries a location in the view's own text, which
      // may fall on some other quote of this statement (a view's TRUE, planned as 't'::BOOLEAN, was refused so).
      const stringLiteral =
        childAt !== undefined &&
        /^('|\$\$)/.test(query.slice(childAt)) &&
        !/\b(date|time|timestamp\w*|interval|json)\s*$/i.test(query.slice(0, childAt)) &&
        (constantText(n.child) === undefined || literalTextAt(query, childAt) === constantText(n.child));
      const written = writtenCast(query, location, childAt, isPlainText(n.return_type));
      const compared = comparedLiteral(n, parent, stringLiteral, written);
      if (compared) {
        const at = (childAt ?? location ?? 0) + shift;
        found = 'failure' in compared ? new ConversionFailure(compared.failure, at) : new UnsupportedOnDuckDb(compared.refusal, at);
        return;
      }
      const what = written || nullBranch(n, parent, ops) ? undefined : textMix(n, key, parent, ops[ops.length - 1], ops[ops.length - 2], stringLiteral);
      if (what) {
        const refusal = new UnsupportedOnDuckDb(what, location === undefined ? 0 : location + shift);
        // A set-operation column VARCHAR beside a NUMBER: its text branch converted when the caller can
        // (variant-set-branches.ts, set-number-columns.ts).
        const from = operandType(n.child);
        const number = isSetOperationItem(parent, ops[ops.length - 1], ops[ops.length - 2]) && isPlainText(n.return_type) ? setNumberType(from?.id, from?.type_info?.width, from?.type_info?.scale) : undefined;
        const column = number && starColumns ? setColumn(n, parent, ops) : undefined;
        if (column) {
          starColumns?.columns.push({ ...column, refusal, number });
          return;
        }
        found ??= refusal;
        return;
      }
    }
    // An expression's comparison, or a join's condition (no expression: its comparison is a field, with no location).
    const comparison = isExpression ? n.type : typeof n.comparison === 'string' && 'left' in n ? n.comparison : undefined;
    // Two VARIANTs: neither a text DuckDB converts (the VARCHAR beside a VARIANT, converted above instead).
    const variant = (m: unknown): boolean => isJson(operandType(m as PlanNode | undefined)) && !textCast(m as PlanNode | undefined);
    if (operands && VALUE_COMPARISONS.has(comparison ?? '') && variant(n.left) && variant(n.right)) {
      // Without its own location the operator is read beside an operand that has one (DuckDB may swap a join's sides).
      const beside = (m: unknown): number | undefined => {
        const at = inStatement(m as PlanNode | undefined);
        return at === undefined ? undefined : (operands.operatorBeside(at, true, COMPARISONS) ?? operands.operatorBeside(at, false, COMPARISONS));
      };
      const alias = (m: unknown): string | undefined => {
        const c = m as PlanNode | undefined;
        return c?.expression_class === 'BOUND_COLUMN_REF' || c?.expression_class === 'BOUND_REF' ? (typeof c.alias === 'string' ? c.alias : undefined) : undefined;
      };
      const [leftName, rightName] = [alias(n.left), alias(n.right)];
      const opAt = inStatement(n) ?? beside(n.left) ?? beside(n.right) ?? (leftName && rightName ? operands.operatorBetweenColumns(leftName, rightName, COMPARISONS) : undefined);
      const sides = opAt === undefined ? [] : [0, 1].map((k) => operands.besideOperator(opAt, k, COMPARISONS));
      const [left, right] = sides;
      if (left && right && !written(left, VARIANT_KEY) && !written(right, VARIANT_KEY)) textOperands?.push({ ...left, wrap: VARIANT_KEY }, { ...right, wrap: VARIANT_KEY });
      else if (!left || !right) found ??= new UnsupportedOnDuckDb('A comparison (= or <>) of two VARIANTs written where the DuckDB target cannot read its operands (it would compare their JSON texts, 1 <> 1.0, where Snowflake compares values: cast them, e.g. v::NUMBER)', opAt ?? inStatement(n.left as PlanNode | undefined) ?? inStatement(n.right as PlanNode | undefined) ?? 0);
    }
    // An ordering of VARIANT values (variantOrdering), outside a Bronze macro's own text.
    const ordering = orderingFound || inMacro ? undefined : variantOrdering(n, variant);
    if (ordering) {
      const at = inStatement(n) ?? ordering.near.exec(query)?.index;
      orderingFound = new UnsupportedOnDuckDb(`${ordering.what} (${ordering.why ?? ORDER_WHY})`, at === undefined ? 0 : at + (inStatement(n) === undefined ? shift : 0));
    }
    // A grouping of VARIANT values (variantGrouping): its values checked as it runs (variant-grouping.ts), or refused.
    for (const grouping of inMacro ? [] : variantGroupings(n)) {
      if (groupingChecked(n, grouping)) continue;
      const at = inStatement(n) ?? GROUPING_NEAR[grouping].exec(query)?.index;
      if (!groupings.has(grouping)) groupings.set(grouping, at === undefined ? 0 : at + (inStatement(n) === undefined ? shift : 0));
      // The names of its VARIANT columns, for a `*` in a list it deduplicates.
      if (grouping === 'distinct' || grouping === 'set') for (const name of jsonColumnNames(n.type === 'LOGICAL_DISTINCT' ? (n.children as PlanNode[] | undefined)?.[0] : n)) starColumnNames.add(name);
      if (grouping === 'group') for (const name of jsonKeyColumns(n)) groupColumnNames.add(name);
    }
    const nextOps = isOperator ? [...ops, n] : ops;
    // A join's condition is no expression: its comparison stands as the parent of its two sides.
    const joinCondition = !isExpression && !isOperator && typeof n.comparison === 'string' && 'left' in n && 'right' in n;
    const nextParent = isExpression ? n : isOperator ? undefined : joinCondition ? { type: n.comparison as string, left: n.left, right: n.right } : parent;
    // The field each value is held in (a CASE's when_expr, then_expr, else_expr), carried down through arrays.
    const nextMacroAt = isExpression ? (operands?.macroCallAt(inStatement(n)) ?? macroAt) : isOperator ? undefined : macroAt;
    for (const [k, v] of Object.entries(n)) if (k !== 'return_type' && k !== 'value') visit(v, nextParent, nextOps, k, nextMacroAt);
  };
  visit(plan.plans, undefined, [], '');
  // The groupings whose values are not checked: checked where the statement writes them (variant-grouping.ts), if the
  // statement so checked plans and this check finds every one checked there; refused by name otherwise.
  if (left) left.unchecked = [...groupings.keys()];
  else if (groupings.size && !orderingFound) {
    // A conversion found in this pass (COALESCE(s, v) made VARCHAR) changes the text a GROUP BY copy repeats: the
    // checks are placed in the next pass, on the converted text (copied before it, `check(COALESCE(s, v))` made DuckDB
    // parse s as JSON). Refused here meanwhile: the caller converts and checks again.
    const converting = (textOperands?.length ?? 0) > 0;
    const places = operands && !converting ? variantGroupingPlaces(sql, new Set(groupings.keys()), (kind) => `${GROUPINGS[kind]} ${GROUP_CHECK_WHY}`, starColumnNames, groupColumnNames) : undefined;
    let unchecked: VariantGrouping | undefined = !places?.operands.length ? [...groupings.keys()][0] : [...places.unplaced][0];
    if (places && !unchecked) {
      const checked = castingOperands(sql, withRefusals(places.operands, () => "''"));
      const planned: StarColumns = { columns: [] };
      const left: GroupingsLeft = { unchecked: [] };
      await implicitCastRefusal(connection, checked.sql, [], planned, left);
      unchecked = !planned.planned ? [...groupings.keys()][0] : left.unchecked[0];
    }
    if (unchecked) orderingFound = new UnsupportedOnDuckDb(`${REFUSED_GROUPINGS[unchecked]} (${GROUPING_WHY})`, groupings.get(unchecked) ?? 0);
    else textOperands?.push(...(places?.operands ?? []));
  }
  // A set-operation column converted to VARCHAR (variant-set-branches.ts) is ordered as text: checked again then.
  return found ?? (starColumns?.columns.length ? undefined : orderingFound);
}
