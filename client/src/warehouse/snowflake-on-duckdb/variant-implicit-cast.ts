// A VARCHAR that DuckDB converts to VARIANT (JSON) on its own: its json extension PARSES the text ('123' becomes the
// number 123, 'abc' fails), where Snowflake keeps a VARIANT holding the string, as TO_VARIANT does. The translator
// converts what the text shows (variant-coercion.ts); what only the types show (a VARIANT column beside a VARCHAR
// column in COALESCE or CASE, UNION branches of the two types, a VARCHAR compared with a VARIANT) is found here in
// the bound plan before the statement runs (json_serialize_plan lists each cast DuckDB added, with its source type)
// and refused by name rather than answered differently.
import type { DuckDBConnection } from '@duckdb/node-api';
import { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';

/** A node of DuckDB's serialized plan: operators and expressions alike. */
interface PlanNode {
  type?: string;
  expression_class?: string;
  query_location?: number;
  return_type?: { id?: string; type_info?: { alias?: string } | null };
  child?: PlanNode;
  [key: string]: unknown;
}

/** Statements that hold a query DuckDB can plan (a SELECT somewhere in them). */
const HAS_QUERY = /\bselect\b/i;

/** `CREATE [OR REPLACE] [TEMP…] VIEW name [(…)] AS` before a view's query: planned without it. */
const VIEW_HEAD = /^\s*create\s+(or\s+replace\s+)?((temp|temporary|secure|recursive)\s+)*view\s+[\s\S]*?\bas\b/i;

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

const SET_OPERATIONS = new Set(['LOGICAL_UNION', 'LOGICAL_EXCEPT', 'LOGICAL_INTERSECT']);

/** The construct to name for an implicit cast under `parent` (an expression) in `operator` (a plan node), if any. */
function construct(cast: PlanNode, parent: PlanNode | undefined, operator: PlanNode | undefined, grand: PlanNode | undefined): string | undefined {
  if (!parent && operator?.type === 'LOGICAL_PROJECTION' && SET_OPERATIONS.has(grand?.type ?? '')) {
    // Named: a branch that is `SELECT *` gives the cast no place in the text (mattermost's license_overview).
    const name = typeof cast.alias === 'string' && cast.alias !== '' ? ` (${cast.alias.toUpperCase()})` : '';
    return `A UNION/INTERSECT/EXCEPT column${name} that is VARCHAR in one branch and VARIANT in another`;
  }
  const t = parent?.type ?? '';
  if (t === 'OPERATOR_COALESCE') return 'COALESCE/NVL/IFNULL of a VARCHAR and a VARIANT';
  if (t === 'CASE_EXPR') return 'CASE/IFF/NVL2/DECODE returning a VARCHAR or a VARIANT';
  if (t.startsWith('COMPARE_')) return 'A VARCHAR compared with a VARIANT';
  // Elsewhere (a function's argument: the shims' own json_type(CAST(x AS JSON))) the cast is not Snowflake's coercion.
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

/** UTF-16 offset in `text` of UTF-8 byte `byte` (DuckDB's locations count bytes). */
function offsetOfByte(text: string, byte: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byte).toString('utf8').length;
}

/**
 * The first VARCHAR DuckDB would convert to VARIANT by itself in `sql` (a translated statement), as a refusal located
 * in `sql`; undefined when there is none or the statement does not plan (running it reports why).
 */
export async function implicitVariantCast(connection: DuckDBConnection, sql: string): Promise<UnsupportedOnDuckDb | undefined> {
  if (!HAS_QUERY.test(sql)) return undefined;
  const head = VIEW_HEAD.exec(sql);
  const query = head ? sql.slice(head[0].length) : sql;
  const shift = head ? head[0].length : 0;
  let plan: PlanNode;
  try {
    const reader = await connection.runAndReadAll(`SELECT json_serialize_plan('${withStandIns(query).replace(/'/g, "''")}', skip_null := true, skip_empty := true)`);
    plan = JSON.parse(String(reader.getRows()[0]?.[0] ?? '{}')) as PlanNode;
  } catch {
    return undefined;
  }
  if (plan.error) return undefined;
  let found: UnsupportedOnDuckDb | undefined;
  // `parent`: the expression holding this node (none at an operator's top level); `ops`: the operators above it.
  const visit = (node: unknown, parent: PlanNode | undefined, ops: PlanNode[]): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, parent, ops);
      return;
    }
    const n = node as PlanNode;
    const isExpression = typeof n.expression_class === 'string';
    const isOperator = !isExpression && typeof n.type === 'string' && n.type.startsWith('LOGICAL_');
    if (n.expression_class === 'BOUND_CAST' && isJson(n.return_type) && isPlainText(operandType(n.child))) {
      const location = typeof n.query_location === 'number' && n.query_location < Number.MAX_SAFE_INTEGER ? offsetOfByte(query, n.query_location) : undefined;
      const what = construct(n, parent, ops[ops.length - 1], ops[ops.length - 2]);
      if (what && (location === undefined || !explicitAt(query, location))) {
        const at = location === undefined ? 0 : location + shift;
        found = new UnsupportedOnDuckDb(`${what} (DuckDB would parse the text as JSON; convert it with TO_VARIANT or ::VARIANT)`, at);
        return;
      }
    }
    const nextOps = isOperator ? [...ops, n] : ops;
    const nextParent = isExpression ? n : isOperator ? undefined : parent;
    for (const [key, v] of Object.entries(n)) if (key !== 'return_type' && key !== 'value') visit(v, nextParent, nextOps);
  };
  visit(plan.plans, undefined, []);
  return found;
}
