// What `bronze sample --synthetic` writes for each declared source, decided from the project alone: the columns
// (declared, else what the models read), their types and kinds, the constraints the tests put on them (on the
// source, and on models built straight from it), the key, the update/load timestamps, and how much of the dirt
// bronze models exist to clean (repeated keys with later updates, NULL keys) the models can take.
import type { ModelNode, ProjectModel, RelationName, SourceNode, TestNode } from '../../../server/src/core/types';
import { snowflakeStoredRelation } from '../../../server/src/core/quote-policy';
import { DEFAULT_TYPE, columnKind, kindFromName, typeFamily, type ValueKind } from './column-kinds';
import { kindredListers, modelsListingSources } from './introspection';
import type { JsonShape } from './json-shape';
import { recencyOf, sequenceStepOf, singularSequence } from './test-windows';
import { distinctCountOf, rowsPerDayOf, sharedDays, type CountBounds, type DayBounds } from './test-counts';
import { aliasedExpressions, aliasedItems, distinctWith, neverNullTopLevelItem, nullPropagatingColumns, singleColumnItem, valuesMakingCaseNonNull } from './expression-origin';
import { expressionColumns, fanOutKeys, lookupJoinKeys, type FanOutKey } from './join-fanout';
import { concatenatesOneColumn, keepsAcceptedValues, keepsDistinct, trimsOneColumn } from './trimmed-unique';
import { uniqueOffTimes } from './combination-key';
import { objectAggKeys } from './object-agg-keys';
import { boundsOfExpression, numberIfBounded } from './expression-bounds';

export { boundsOfExpression };
import { TIME_KINDS, markRecent, withDateText, withNumberLeaf, type PathStep } from './json-shape';
import { originOfModelColumn, type ModelColumnOrigin } from './model-alias';
import { functionalDependencyOf, sourceColumnsOfModelColumn } from './pairing';
import { pivotedValues, printedColumnNames } from './printed';
import { columnsReadDownstreamOf, columnsReadFromSource, relationParts, sourceSites, type UsedColumn } from './usage';
import { scanJinja } from '../../../server/src/template/scan';
import { tokenizeSql } from '../../../server/src/core/sql/tokenize';
import { joinedColumns, withoutComments, type JoinPartner, type SourceColumn } from './join-types';
import { numberUnionedColumns, unionPartners, unionPositionReads, type UnionedColumns } from './union-numbers';
import { unionBranchModels } from './union-branch-models';
import { innerJoinedKeys, leftJoinedKeys, modelReads, passedThrough, type LeftJoinedKey, type Read } from './model-reads';
import { defaultedReads } from './coalesced-defaults';
import { typesDeclaredDownstream } from './model-column-types';
import { starUnionGroups, unionKin } from './star-union';
import { seedColumnValues, seedCoveredColumns, seedMembershipOf } from './seed-coverage';
import { writtenNamesOf } from './literal-tables';
import { numbersForRelationship } from './relationship-types';
import { referencedKeysFollowNumbers } from './reference-digits';
import { asStored } from './sql';
import { datesInText } from './dates-in-text';
import { numbersInText } from './numbers-in-text';
import type { DateText } from './date-templates';
import { externalFilesOf } from './external-names';
import { assertionOfTestSql } from './test-sql';
import { dealingOrder, rateOrderOf, type RateOrder } from './count-order';
import { mergeSharedRelations } from './shared-relations';
import { oneValueReads, type WrittenRelation } from './scalar-subqueries';
import { macroSqlTexts, outsideMacroBlocks, testArgumentTexts } from './macro-sql';
import { modelComparisons, unionedLiterals, type TimeUnit } from './model-comparisons';

export interface ColumnPlan {
  name: string;
  /**
   * Whether Snowflake holds the column under exactly `name` (declared with `quote: true`, or read quoted by the
   * models); otherwise it holds it upper-case, as an unquoted name.
   */
  quoted: boolean;
  /** The Snowflake type the twin's table gets. */
  dataType: string;
  kind: ValueKind;
  notNull: boolean;
  unique: boolean;
  /** accepted_values of a test on this column (or on the same column of a model built from the source). */
  accepted?: Array<string | number | boolean>;
  /** Inclusive bounds from accepted_range / between tests / simple `col >= n` expressions. */
  min?: number;
  max?: number;
  /** relationships: values are drawn from this column of another sampled source. */
  references?: { sourceId: string; column: string };
  /** relationships to another column of the same source: each row holds that column's value. */
  sameAs?: string;
  /** Values are never below this other column's (an end after its start), from names or `a >= b` tests. */
  notBefore?: string;
  /**
   * A recency test guards the column: its values lie within this many seconds before the sampling run's clock
   * (`SqlContext.now`) instead of before the fixed anchor. On a JSON column the guarded paths carry it instead.
   */
  recent?: number;
  /** A test asks consecutive values (sequence_gaps, dbt_utils.sequential_values): one per key, this far apart. */
  step?: number;
  /**
   * Where the values of a unique key, id or text column start (sql.ts adds it to the row's index): a unique test on a
   * UNION holds only when no two branches share a value, and each branch's source numbers its own rows from 0.
   */
  offset?: number;
  /** A test bounds the rows per day of this (date or timestamp) column (test-counts.ts). */
  perDay?: DayBounds;
  /** A test bounds the number of distinct values of this column (test-counts.ts). */
  distinct?: CountBounds;
  /** A test bounds the share of rows (in percent, NULLs counted) holding `value` (test-sql.ts). */
  share?: { value: string; min: number; max: number };
  /**
   * A test bounds rates of one value's rows over another's per group (count-order.ts): within each group of the
   * `groupBy` columns the rows hold `order`'s values dealt in turn, a value never before those it may not outnumber.
   */
  dealtInGroups?: { order: string[]; groupBy: string[] };
  /** Whether padded / mixed-case spellings may be mixed in (free text only). */
  dirty: boolean;
  /** Where the column came from: the source's declaration, or what the models read from it. */
  origin: 'declared' | 'models';
  /** JSON columns: the keys and arrays the models' paths read, which every value holds. */
  json?: JsonShape;
  /**
   * A singular test asks one value of this column per value of another (pairing.ts): the columns of a group take
   * their values from one index per key; `as` names the value (columns coalesced into one model column share it).
   */
  pairing?: { group: number; as: string };
  /** A singular test asks every row of a seed to have a match (seed-coverage.ts): row i holds this list's i-th value (cyclically). */
  seedValues?: Array<string | null>;
  /** A number holding a Unix time in 1/epoch seconds (`to_timestamp(x, 3)`): the time its kind draws, as that number. */
  epoch?: number;
  /** Text the models cut a date out of (dates-in-text.ts): each value is this template printed for a drawn time. */
  dateText?: DateText;
  /** A column only the project's own statements write (materialization-writes.ts): NULL in every sampled row. */
  unfilled?: true;
  /**
   * A query uses the column as one value (scalar-subqueries.ts: `= (SELECT DISTINCT col FROM t)`): every row holds
   * the same value, a time the window's newest day (its first instant).
   */
  oneValue?: true;
  /**
   * Compared with `=` to a one-valued time column (a day dimension's key looked up by a landing table's day): each
   * day of the window in turn from the newest (row i the i-th day back), so the one day has its rows.
   */
  everyDay?: true;
  /**
   * A day dimension's period column (`MTH_START_DT`, `WK_END_DT` beside an everyDay key): the first or last day of the
   * key's week, month, quarter or year, as a calendar holds them.
   */
  periodOf?: { day: string; unit: PeriodUnit; edge: 'start' | 'end' };
  /** A test asks every value to be text of this many characters: the drawn value padded (or cut) to it, never dirty. */
  length?: number;
  /**
   * Literals a model compares the column with for equality (model-comparisons.ts): some rows hold each (a unique
   * column's first rows, one each), the others are drawn as before.
   */
  compared?: Array<string | number>;
  /**
   * A time a model equates with a time truncated to this unit (model-comparisons.ts: an hours spine joined on
   * `DATE_TRUNC('hour', …)`): row i holds the i-th whole unit back from the newest, each once.
   */
  onUnit?: TimeUnit;
}

export type PeriodUnit = 'week' | 'month' | 'quarter' | 'year';

/** The period a column's name says it bounds, by its words (`MTH_START_DT`, `fiscal_week_end_date`), or undefined. */
export function periodOfName(name: string): { unit: PeriodUnit; edge: 'start' | 'end' } | undefined {
  const words = name.toLowerCase().split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])/).filter(Boolean);
  const unit = words.some((w) => ['mth', 'mnth', 'month'].includes(w))
    ? 'month'
    : words.some((w) => ['wk', 'week'].includes(w))
      ? 'week'
      : words.some((w) => ['qtr', 'quarter'].includes(w))
        ? 'quarter'
        : words.some((w) => ['yr', 'year'].includes(w))
          ? 'year'
          : undefined;
  const edge = words.some((w) => ['start', 'strt', 'begin', 'first'].includes(w)) ? 'start' : words.some((w) => ['end', 'last'].includes(w)) ? 'end' : undefined;
  return unit && edge ? { unit, edge } : undefined;
}

export interface TablePlan {
  sourceId: string;
  /** `source_name.table_name`, for messages. */
  label: string;
  relation: RelationName;
  rows: number;
  columns: ColumnPlan[];
  key?: string;
  updatedAt?: string;
  loadedAt?: string;
  /** Rows that repeat an earlier key with a later update timestamp (0 with --clean or when no model de-duplicates). */
  duplicates: number;
  /** Rows whose key is NULL (only when every model reading the source drops them). */
  nullKeys: number;
  /** A few NULLs in columns nothing requires to be filled (false with --clean). */
  sparseNulls: boolean;
}

export interface SyntheticOptions {
  rows: number;
  clean: boolean;
  /** Source unique_ids to sample; all enabled sources when absent. */
  sourceIds?: readonly string[];
  /** Given: a source that cannot be planned is reported here and left out (else planning throws). */
  onSkip?: (error: SamplePlanError) => void;
  /** Rendered SQL of the models whose templates hide what they read (loops, macros), by unique_id (rendered.ts). */
  rendered?: ReadonlyMap<string, string>;
  /** The queries the models and their hooks ask while rendering (rendered.ts): the lookups they make by name. */
  asked?: readonly string[];
  /** Compiled SQL of the project's own generic tests, by unique_id (test-sql.ts reads what it asserts). */
  testSql?: ReadonlyMap<string, string>;
  /** Tables only the project's macros read (literal-tables.ts macroOnlyTables), by source id: written clean. */
  templateOnly?: ReadonlySet<string>;
  /**
   * Tables a model builds over its own rows (literal-tables.ts builtBy), by source id: the model's unique_key columns,
   * which hold one row per key there, as the model's MERGE keeps them (Snowflake refuses a MERGE whose source matches
   * a target row twice, and a lookup by key must find one row).
   */
  ownKeys?: ReadonlyMap<string, readonly string[]>;
}

export class SamplePlanError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'SamplePlanError';
  }
}

const UPDATED_AT = /^(update_timestamp|updated_at|updated_timestamp|last_updated(_at)?|modified_at|last_modified(_at)?|modified_timestamp|_updated_at|updated_ts|update_ts|record_updated_at)$/i;
const LOADED_AT = /^(load_timestamp|loaded_at|_loaded_at|load_ts|ingested_at|_ingested_at|etl_loaded_at|insert_timestamp|_fivetran_synced|_airbyte_emitted_at|created_at)$/i;
const DEDUP = /\brow_number\s*\(|\bqualify\b|\bselect\s+distinct\b|\bgroup\s+by\b/i;

interface Constraint {
  notBefore?: string;
  notNull?: boolean;
  unique?: boolean;
  accepted?: Array<string | number | boolean>;
  min?: number;
  max?: number;
  references?: { sourceId: string; column: string; traced?: true };
  /** A recency window in seconds, and the JSON paths of the column it guards (none: the column itself). */
  recent?: { seconds: number; paths?: PathStep[][] };
  step?: number;
  /** The column is one branch (this index) of a UNION a unique test is on: its values are kept apart from the others'. */
  unionBranch?: number;
  perDay?: CountBounds;
  distinct?: CountBounds;
  share?: { value: string; min: number; max: number };
  /** Per group of these (source) columns, rows holding each pair's lesser value number no more than its greater's (count-order.ts). */
  countOrder?: { pairs: RateOrder['pairs']; groupBy: string[] };
  /**
   * Columns of the same source that must hold one value per value of this one: a unique test past `GROUP BY this,
   * those` (museum_dw's fct_campaign_performance groups by campaign_id, campaign_name; dim_campaign tests campaign_id unique).
   */
  pairedWith?: string[];
  /** The other members of a unique combination this column leads (combination-key.ts). */
  combinedWith?: string[];
  /** A member of a unique combination (or of an expression a unique test is on): no padded or re-cased spellings. */
  keyMember?: true;
  /** A query uses the column as one value (scalar-subqueries.ts): held through joins and functions of it alone. */
  oneValue?: true;
  /** Every value is text of this many characters (dbt_expectations.expect_column_value_lengths_to_equal). */
  length?: number;
  /** Literals a model compares the column with for equality (model-comparisons.ts). */
  compared?: Array<string | number>;
  /** A model equates the column with a time truncated to this unit (model-comparisons.ts). */
  onUnit?: TimeUnit;
  /** Literals a model's UNION adds rows of its own for beside the column (model-comparisons.ts unionedLiterals): never compared ones. */
  reserved?: Array<string | number>;
}

/** A constraint without what counts rows (per day, distinct values, a value's share, an order of counts): a union or a join changes the rows. */
function withoutCounts(c: Constraint): Constraint {
  const { perDay: _perDay, distinct: _distinct, share: _share, countOrder: _countOrder, ...rest } = c;
  return rest;
}

/** A joined relation's id: its source's or its model's. */
function relationId(relation: FanOutKey['relation']): string {
  return 'sourceId' in relation ? relation.sourceId : relation.modelId;
}

/**
 * Whether the window whose PARTITION BY ends at `at` (past its `)` when `closed`) keeps one row per partition: in a
 * QUALIFY, or as an item whose alias the SQL compares with 1 (`where rn = 1`). An item no filter reads keeps every
 * row — flipside_axelar's silver__validators lists `RANK() over (PARTITION BY address …) AS rank` and keeps each
 * address's rows, so a unique test there still needs the address unique upstream. An alias not read here (the
 * window's own text unparsed) is taken to keep one, as before.
 */
function windowKeepsOne(sql: string, at: number, closed: boolean): boolean {
  if (/\bqualify\b/i.test(sql)) return true;
  let i = at;
  for (let depth = closed ? 0 : 1; depth > 0 && i < sql.length; i++) {
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')') depth--;
  }
  const alias = /^\s*(?:as\s+)?"?([A-Za-z_]\w*)"?/i.exec(sql.slice(i))?.[1];
  if (!alias || /^(as|from|where|and|or|then|else|end)$/i.test(alias)) return true;
  return new RegExp(`\\b${alias}"?\\s*(?:<?=\\s*1|<\\s*2)\\b|\\b1\\s*=\\s*"?${alias}\\b`, 'i').test(sql);
}

/**
 * Whether SQL keeps one row per value of `column`: a row_number()/QUALIFY partitioned by it, a GROUP BY of it
 * alone, or a SELECT DISTINCT of it alone (museum_dw's dim_gate). `select distinct a, b` or `group by a, b` does
 * not: rows with one `a` and two `b`s both stay, so a unique test on `a` there needs `a` unique upstream.
 */
function dedupsBy(sql: string, column: string): boolean {
  const name = `(?:[A-Za-z_]\\w*\\.)?"?${column.replace(/[^\w$]/g, '')}"?`;
  return (
    [...sql.matchAll(new RegExp(`\\bpartition\\s+by\\s+${name}\\s*(?:\\)|order\\b)`, 'gi'))].some((m) => windowKeepsOne(sql, m.index + m[0].length, m[0].endsWith(')'))) ||
    new RegExp(`\\bgroup\\s+by\\s+${name}\\s*(?:$|\\)|;|having\\b|qualify\\b|order\\b|limit\\b|union\\b)`, 'i').test(sql) ||
    new RegExp(`\\bselect\\s+distinct\\s+${name}\\s+from\\b`, 'i').test(sql)
  );
}

/**
 * The other columns of a `GROUP BY column, b, …` of plain column names (qualified or not) in SQL, or undefined
 * when no such GROUP BY names `column` (an ordinal or an expression in the list says nothing here).
 */
export function groupedWith(sql: string, column: string): string[] | undefined {
  const want = column.replace(/"/g, '').toLowerCase();
  for (const m of sql.matchAll(/\bgroup\s+by\s+([\s\S]*?)\s*(?:$|\)|;|\bhaving\b|\bqualify\b|\border\b|\blimit\b|\bunion\b|\bwindow\b)/gi)) {
    const items = m[1].split(',').map((x) => x.trim());
    if (!items.every((x) => /^(?:[A-Za-z_]\w*\.)?"?[A-Za-z_]\w*"?$/.test(x))) continue;
    const names = items.map((x) => x.replace(/^[A-Za-z_]\w*\./, '').replace(/"/g, ''));
    if (names.length > 1 && names.some((n) => n.toLowerCase() === want)) return names.filter((n) => n.toLowerCase() !== want);
  }
  return undefined;
}

/** The models that select straight from a source (its children that are models). */
function readersOf(project: ProjectModel, sourceId: string): ModelNode[] {
  return [...project.models.values()].filter((m) => m.resourceType === 'model' && m.dependsOn.nodes.includes(sourceId));
}

/** `source('a', 'b')` or `ref('m')` in a relationships test's `to:`, as the source column `field` lands on. */
function referencedSource(project: ProjectModel, to: unknown, field: string): { sourceId: string; column: string; traced?: true } | undefined {
  const text = String(to ?? '');
  const src = /source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/.exec(text);
  if (src) {
    const sourceId = [...project.sources.values()].find((s) => s.sourceName === src[1] && s.name === src[2])?.uniqueId;
    return sourceId ? { sourceId, column: field } : undefined;
  }
  const ref = /ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]/.exec(text);
  if (!ref) return undefined;
  const model = [...project.models.values()].find((m) => m.name === ref[1]);
  // A bronze model passes its source's columns through: the key it is tested on is the source's, under the name
  // it reads there (`id as invoice_id`: Stripe's invoices).
  const from = model?.dependsOn.nodes.filter((id) => id.startsWith('source.')) ?? [];
  if (model && from.length !== 1 && model.resourceType === 'model') {
    // A model further from its source (museum_dw's dim_product: `SELECT DISTINCT item_sku AS product_id` over
    // silver_pos_retail), or one over several sources (a campaign joined to its lookups): the field followed back to
    // the one source column it passes.
    // A fact's key tested against a dimension over another source's staging model holds on real data because the
    // fact's source column holds that source's keys: the trace is the reference. It does not displace a pairing (a
    // "one b per a" test on the column: plan, `paired`), which the reference's values would break.
    const traced = sourceColumnsOfModelTest(project, model.uniqueId, field, {});
    return traced.length === 1 ? { sourceId: traced[0].sourceId, column: traced[0].column, traced: true } : undefined;
  }
  if (from.length !== 1 || !new RegExp(`\\b${field}\\b`, 'i').test(model!.rawCode)) return undefined;
  const origin = originOfModelColumn(model!.rawCode, field);
  return { sourceId: from[0], column: origin && !origin.aggregate && (!origin.converted || castsToText(origin)) ? origin.column : field };
}

/**
 * The values dbt's accepted_values test compares a column with. Quoted (the default) each is Jinja's `'{{ value }}'`:
 * Python's str, so YAML's `true` is 'True'. A null in the list adds nothing: `NULL NOT IN (…)` is never true, so
 * NULLs always pass, and the value rendered for it ('None') is not one a generator should write.
 */
export function comparedValues(values: readonly unknown[], quote: boolean): Array<string | number | boolean> {
  const kept = values.filter((v): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  return quote ? kept.map((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v))) : kept;
}

function numberOrUndefined(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** What one test says about a column, or undefined when it says nothing a generator can honour. */
function constraintOf(project: ProjectModel, test: TestNode): { column: string; c: Constraint } | undefined {
  const meta = test.testMetadata;
  if (!meta) return undefined;
  const kw = meta.kwargs;
  const named = test.columnName ?? (typeof kw.column_name === 'string' ? kw.column_name : undefined);
  // A column declared `quote: true` reaches its tests quoted (`"org_cd"`); its constraints are the column org_cd's.
  const column = named !== undefined && /^".+"$/.test(named) ? named.slice(1, -1).replace(/""/g, '"') : named;
  switch (meta.name) {
    case 'not_null':
      return column ? { column, c: { notNull: true } } : undefined;
    case 'unique':
      return column ? { column, c: { unique: true, notNull: false } } : undefined;
    case 'accepted_values':
      return column && Array.isArray(kw.values) ? { column, c: { accepted: comparedValues(kw.values, kw.quote !== false) } } : undefined;
    case 'expect_column_values_to_be_in_set':
      // dbt_expectations' set test left-joins the column's values to the set and fails each one the join misses:
      // a NULL misses too (unlike accepted_values' NOT IN), so the column is filled as well — unless a
      // row_condition picks the rows it reads (`x is not null` is the usual one); the set still holds there.
      return column && Array.isArray(kw.value_set)
        ? { column, c: { accepted: comparedValues(kw.value_set, kw.quote_values !== false), ...(kw.row_condition ? {} : { notNull: true }) } }
        : undefined;
    case 'expect_column_value_lengths_to_equal': {
      // The package's expression_is_true over `length(col) = value`: a NULL compares to NULL, which fails no row.
      // A row_condition or where: config picks some rows; all of them holding the length meets it too.
      const length = numberOrUndefined(kw.value);
      return column && length !== undefined && Number.isInteger(length) && length > 0 ? { column, c: { length } } : undefined;
    }
    case 'relationships': {
      const field = typeof kw.field === 'string' ? kw.field : undefined;
      const to = field ? referencedSource(project, kw.to, field) : undefined;
      return column && to ? { column, c: { references: to } } : undefined;
    }
    case 'accepted_range':
    case 'expect_column_values_to_be_between': {
      const min = numberOrUndefined(kw.min_value);
      const max = numberOrUndefined(kw.max_value);
      return column && (min !== undefined || max !== undefined) ? { column, c: { min, max } } : undefined;
    }
    case 'unique_combination_of_columns':
    case 'expect_compound_columns_to_be_unique': {
      // The combination is unique when one of its columns is: the first, if it is a plain column name. dbt_utils
      // names the members `combination_of_columns`, dbt_expectations `column_list`.
      const members = meta.name === 'unique_combination_of_columns' ? kw.combination_of_columns : kw.column_list;
      if (!Array.isArray(members)) return undefined;
      const first: unknown = members[0];
      const rest = (members as unknown[]).slice(1).filter((m): m is string => typeof m === 'string' && /^[A-Za-z_]\w*$/.test(m));
      return typeof first === 'string' && /^[A-Za-z_]\w*$/.test(first) ? { column: first, c: { unique: true, notNull: false, ...(rest.length ? { combinedWith: rest } : {}) } } : undefined;
    }
    case 'expression_is_true': {
      const order = typeof kw.expression === 'string' ? /^\s*([A-Za-z_]\w*)\s*>=?\s*([A-Za-z_]\w*)\s*$/.exec(kw.expression) : null;
      if (order) return { column: order[1], c: { notBefore: order[2] } };
      const b = typeof kw.expression === 'string' ? boundsOfExpression(kw.expression, column) : undefined;
      return b?.column ? { column: b.column, c: { min: b.min, max: b.max } } : undefined;
    }
    default: {
      // A NULL day is a group of its own, with fewer rows than the test asks of a day.
      const perDay = rowsPerDayOf(meta.name, kw);
      if (perDay) return { column: perDay.column, c: { perDay: perDay.bounds, notNull: true } };
      const distinct = column ? distinctCountOf(meta.name, kw) : undefined;
      if (column && distinct) return { column, c: { distinct } };
      const recent = recencyOf(meta.name, kw, column);
      if (recent) return { column: recent.column, c: { recent: { seconds: recent.seconds } } };
      const step = column ? sequenceStepOf(meta.name, kw) : undefined;
      // A NULL where an id should be is a missing id to the model's rows: a gap the test would report.
      return column && step !== undefined ? { column, c: { step, notNull: true } } : undefined;
    }
  }
}

/** What a project's own generic test asserts, read from its compiled SQL (test-sql.ts), as a constraint. */
function ownTestConstraint(project: ProjectModel, test: TestNode, compiled: ReadonlyMap<string, string> | undefined): { column: string; c: Constraint } | undefined {
  const sql = compiled?.get(test.uniqueId);
  const attached = test.attachedNode ? project.models.get(test.attachedNode) ?? project.sources.get(test.attachedNode) : undefined;
  const a = sql && attached ? assertionOfTestSql(sql, attached.relation.identifier) : undefined;
  if (!a) return undefined;
  if (a.kind === 'range') return { column: a.column, c: { min: a.bounds.min, max: a.bounds.max } };
  // A NULL value is a group of its own, as for dbt_expectations' per-day count.
  if (a.kind === 'rowsPerValue') return { column: a.column, c: { perDay: a.bounds, notNull: true } };
  if (a.kind === 'valueShare') return { column: a.column, c: { share: { value: a.value, min: a.bounds.min ?? 0, max: a.bounds.max ?? 100 } } };
  // Values never held bind a source column only through a join's default (defaultedJoinMatches).
  if (a.kind === 'excluded') return undefined;
  return { column: a.column, c: { distinct: a.bounds } };
}

/**
 * Values a test says its model's column never holds: dbt_utils.not_accepted_values' (quoted as accepted_values
 * quotes them), or a project's own test whose SQL returns the rows holding them (test-sql.ts).
 */
function excludedValuesOf(test: TestNode, model: ModelNode, compiled: ReadonlyMap<string, string> | undefined): { column: string; values: Array<string | number> } | undefined {
  const meta = test.testMetadata;
  if (meta?.name === 'not_accepted_values' && test.columnName && Array.isArray(meta.kwargs.values)) {
    const values = comparedValues(meta.kwargs.values, meta.kwargs.quote !== false).filter((v): v is string | number => typeof v !== 'boolean');
    return values.length > 0 ? { column: test.columnName, values } : undefined;
  }
  const sql = compiled?.get(test.uniqueId);
  const a = sql ? assertionOfTestSql(sql, model.relation.identifier) : undefined;
  return a?.kind === 'excluded' ? { column: a.column, values: a.values } : undefined;
}

/**
 * The matches a test asks of LEFT JOINs when it says a column never holds the literal the model fills a joined
 * column with where the join misses (coalesced-defaults.ts): for each such join, the other side's key references the
 * joined key, as for a not_null on a joined column (joinMatch).
 */
function defaultedJoinMatches(
  project: ProjectModel,
  model: ModelNode,
  column: string,
  values: ReadonlyArray<string | number>,
  listed: ReadonlyMap<string, readonly string[]>,
): Array<{ sourceId: string; column: string; c: Constraint }> {
  const { tokens, flow } = modelReads(project, model);
  const keys = leftJoinedKeys(project, model);
  return defaultedReads(tokens, column, values).flatMap(({ alias, column: read, at }) => {
    const joins = alias !== undefined ? keys.filter((k) => k.alias === alias && k.joined.relation === flow.at.get(at)?.relation) : bareJoin(project, model, keys, read);
    return joins.length === 1 ? keyMatch(project, joins[0], 0, listed) : [];
  });
}

/**
 * The LEFT JOIN a bare column (`COALESCE(dim_asset_id, …)` over `… LEFT JOIN {{ ref('dim_asset') }} das ON …`) is read
 * from: Snowflake resolves a bare name to the one relation in scope that has it (two would be an ambiguous column), so
 * it is the joined relation that has the column while no other relation the model reads does. None when that is not
 * known: a relation joined twice, or the column found in no parent or in several.
 */
function bareJoin(project: ProjectModel, model: ModelNode, keys: readonly LeftJoinedKey[], column: string): LeftJoinedKey[] {
  const having = model.dependsOn.nodes.filter((id) => hasColumn(project, id, column));
  if (having.length !== 1) return [];
  return keys.filter((k) => k.joined.relation === having[0]);
}

/** Whether a relation has the column: a source's or a model's YAML declares it, or a model's select list names it. */
function hasColumn(project: ProjectModel, id: string, column: string): boolean {
  const want = column.toLowerCase();
  const node = project.models.get(id) ?? project.sources.get(id);
  if (!node) return false;
  if (Object.keys(node.columns).some((n) => n.replace(/^"|"$/g, '').toLowerCase() === want)) return true;
  if (node.resourceType !== 'model') return false;
  const { tokens } = modelReads(project, node);
  return !aliasedItems(tokens, column, true).next().done || passedThrough(project, node, column) !== undefined;
}

/**
 * What of a constraint holds on the column a model computes the tested column from (a cast, a JSON path, a function
 * of it alone): its NULL-ness, and a recency window, which moves to the JSON paths the model reads (`paths`).
 */
/**
 * Whether a model's item is its column cast to text (`id::varchar as tenant_id`), no path read: the text of distinct
 * values is distinct, so a unique test on the item binds the column (the sampler made a tenants table's ids from a
 * shared pool of keys, and the staging model's unique test on `id::varchar` failed), and texts are equal only when the
 * values are, so a relationships test from or to it binds the columns (`pickem_id::varchar as contest_id` referencing
 * `id::varchar as contest_id`: the key was looked up under the item's name, which the source does not have).
 */
function castsToText(origin: ModelColumnOrigin | undefined): boolean {
  return !!origin?.converted && !origin.aggregate && typeFamily(origin.castTo ?? '') === 'text' && !origin.path;
}

function throughConversion(c: Constraint, paths: PathStep[][] = []): Constraint {
  const out: Constraint = c.notNull ? { notNull: true } : {};
  // A function of one value is one value.
  if (c.oneValue) out.oneValue = true;
  // The day of a timestamp (DATE_TRUNC('day', ts), ts::DATE) falls on the timestamp's day: its rows per day are the column's.
  if (c.perDay && paths.length === 0) out.perDay = c.perDay;
  // Paths of paths (a model reading a path of a column another model made from a path) are not followed.
  if (c.recent && !(c.recent.paths && paths.length > 0)) out.recent = paths.length > 0 ? { seconds: c.recent.seconds, paths } : c.recent;
  return out;
}

function merge(into: Constraint, c: Constraint): void {
  if (c.notNull) into.notNull = true;
  if (c.unique) into.unique = true;
  if (c.accepted) into.accepted = c.accepted;
  if (c.min !== undefined) into.min = into.min === undefined ? c.min : Math.max(into.min, c.min);
  if (c.max !== undefined) into.max = into.max === undefined ? c.max : Math.min(into.max, c.max);
  // A reference traced through models gives way to a pairing (below: `traced`); it does not replace one the test
  // names directly (low6's selections: the staging contests key, then the same key through the contests dimension).
  if (c.references && !(c.references.traced && into.references && !into.references.traced)) into.references = c.references;
  if (c.notBefore) into.notBefore = c.notBefore;
  if (c.step !== undefined) into.step = c.step;
  if (c.unionBranch !== undefined) into.unionBranch = Math.max(into.unionBranch ?? 0, c.unionBranch);
  if (c.perDay) into.perDay = narrowed(into.perDay, c.perDay);
  if (c.distinct) into.distinct = narrowed(into.distinct, c.distinct);
  if (c.combinedWith) into.combinedWith = c.combinedWith;
  if (c.keyMember) into.keyMember = true;
  if (c.oneValue) into.oneValue = true;
  if (c.share) into.share = c.share;
  if (c.countOrder) {
    const pairs = [...(into.countOrder?.pairs ?? []), ...c.countOrder.pairs.filter((p) => !into.countOrder?.pairs.some((q) => q.lesser === p.lesser && q.greater === p.greater))];
    into.countOrder = { pairs, groupBy: [...new Set([...(into.countOrder?.groupBy ?? []), ...c.countOrder.groupBy])] };
  }
  if (c.length !== undefined) into.length = c.length;
  if (c.compared) into.compared = [...new Set([...(into.compared ?? []), ...c.compared])];
  if (c.onUnit) into.onUnit = c.onUnit;
  if (c.reserved) into.reserved = [...new Set([...(into.reserved ?? []), ...c.reserved])];
  if (c.pairedWith) into.pairedWith = [...new Set([...(into.pairedWith ?? []), ...c.pairedWith])];
  if (c.recent) {
    const paths = into.recent?.paths || c.recent.paths ? [...(into.recent?.paths ?? []), ...(c.recent.paths ?? [])] : undefined;
    into.recent = { seconds: Math.min(into.recent?.seconds ?? Infinity, c.recent.seconds), ...(paths ? { paths } : {}) };
  }
}

/**
 * What a model's comparisons ask of a column (model-comparisons.ts), where nothing else decides its values: the
 * literals as the column's type holds them (within a test's bounds and length), on a column drawn freely (no accepted
 * values, reference, count, share or order a test asks, no value of its own); the unit on a time drawn freely.
 */
function comparedOf(c: Constraint, kind: ValueKind, dataType: string, ownValues: boolean): Pick<ColumnPlan, 'compared' | 'onUnit'> {
  if (ownValues || c.oneValue || c.step !== undefined || c.perDay || c.distinct || c.share || c.countOrder) return {};
  if (c.onUnit && TIME_KINDS.has(kind) && !c.notBefore && !c.references && !(kind === 'date' && ['second', 'minute', 'hour'].includes(c.onUnit))) return { onUnit: c.onUnit };
  const family = typeFamily(dataType);
  // Numbers only (ids a model keeps rows by): text a model compares (a type, a chain's name) is left as it was drawn.
  if (!c.compared || c.accepted || TIME_KINDS.has(kind) || ['boolean', 'json', 'json_array'].includes(kind) || !['integer', 'decimal', 'float'].includes(family ?? '')) return {};
  const reserved = new Set(asStored(c.reserved ?? [], dataType).map(String));
  const text = family === 'text';
  const stored = [...new Set(asStored(c.compared, dataType).map((v) => (text && typeof v === 'number' ? String(v) : v)))];
  const values = stored.filter(
    (v): v is string | number =>
      typeof v !== 'boolean' &&
      !reserved.has(String(v)) &&
      (typeof v !== 'number' || ((c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max))) &&
      (c.length === undefined || String(v).length === c.length),
  );
  return values.length > 0 ? { compared: values } : {};
}

/**
 * The order a column's values are dealt in per group (count-order.ts): the pairs' values, each after those it may
 * not outnumber, then its other accepted values. None when the pairs make a cycle or name a value accepted_values
 * leaves out (holding it would fail that test).
 */
function dealtInGroupsOf(order: NonNullable<Constraint['countOrder']>, accepted: Constraint['accepted']): Pick<ColumnPlan, 'dealtInGroups'> {
  const allowed = accepted?.map(String);
  if (allowed && order.pairs.some((p) => !allowed.includes(p.lesser) || !allowed.includes(p.greater))) return {};
  const values = dealingOrder(order.pairs, allowed ?? []);
  return values ? { dealtInGroups: { order: values, groupBy: order.groupBy } } : {};
}

/** Both bounds at once: the larger minimum, the smaller maximum. */
function narrowed(a: CountBounds | undefined, b: CountBounds): CountBounds {
  const min = Math.max(a?.min ?? -Infinity, b.min ?? -Infinity);
  const max = Math.min(a?.max ?? Infinity, b.max ?? Infinity);
  return { ...(Number.isFinite(min) ? { min } : {}), ...(Number.isFinite(max) ? { max } : {}) };
}

/** `end_time` → `start_time`, `valid_to` → `valid_from`, `ended_at` → `started_at`: the column an end follows. */
export function startOf(column: string, names: readonly string[]): string | undefined {
  const pairs: Array<[RegExp, string]> = [
    [/end/i, 'start'],
    [/ended/i, 'started'],
    [/_to$/i, '_from'],
    [/finish/i, 'start'],
    [/closed/i, 'opened'],
    [/resolved/i, 'opened'],
    [/resolved/i, 'created'],
    [/close/i, 'open'],
  ];
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  for (const [re, start] of pairs) {
    if (!re.test(column)) continue;
    const candidate = column.toLowerCase().replace(re, start);
    if (candidate !== column.toLowerCase() && lower.has(candidate)) return lower.get(candidate);
  }
  return undefined;
}

/** The singular of a table name, for `<singular>_id` keys: users → user, activities → activity, addresses → address. */
export function singular(table: string): string {
  const t = table.toLowerCase().replace(/^(raw_|src_|stg_)/, '');
  if (/ies$/.test(t)) return t.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(t)) return t;
  if (/(sses|xes|ches|shes|zes)$/.test(t)) return t.slice(0, -2);
  if (/s$/.test(t)) return t.slice(0, -1);
  return t;
}

function pickKey(source: SourceNode, names: string[], constraints: Map<string, Constraint>): string | undefined {
  const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const unique = names.find((n) => constraints.get(n.toLowerCase())?.unique);
  if (unique) return unique;
  for (const candidate of [`${singular(source.identifier)}_id`, `${singular(source.name)}_id`, 'id']) {
    if (lower.has(candidate)) return lower.get(candidate);
  }
  return undefined;
}

/** How far a model test is followed up a chain of single-parent models (stg → base → mart) to its source. */
const MAX_MODEL_HOPS = 6;

/**
 * The source columns a test on a model column binds, and what of the test still holds there: the model passes the
 * column through, renames it (`x as y`) or aggregates it (`sum(x) as y`: only not_null carries over), from the one
 * source it selects from or from the one model it is built on, followed the same way; a model that UNIONs the models
 * it is built on passes the column through each branch, so each parent is followed (all of the test but unique
 * carries over: every branch's rows are rows of the union). A unique test past a de-duplicating model, and a
 * not_null past a model that drops the NULLs, say nothing about the source's rows.
 */
function sourceColumnsOfModelTest(
  project: ProjectModel,
  modelId: string,
  column: string,
  constraint: Constraint,
  hops = 0,
  listed: ReadonlyMap<string, readonly string[]> = NO_LISTINGS,
  /** Tracing a type (a join's, a declared one), not a test: a CASE of literal results does not hold its column's values. */
  values = false,
  /** The model to start from in place of `modelId`'s (one branch of its final UNION: union-branch-models.ts). */
  start?: ModelNode,
): Array<{ sourceId: string; column: string; c: Constraint }> {
  let c: Constraint = { ...constraint };
  let name = column;
  let model = start ?? project.models.get(modelId);
  for (let hop = hops; model && model.resourceType === 'model' && hop < MAX_MODEL_HOPS; hop++) {
    // An output item that is never NULL (`COALESCE(tx_count, 0) AS tx_count`, `COUNT(x) AS n`) meets a not_null test
    // by itself: the test asks nothing of what the item reads (nor that a LEFT JOIN behind it finds its match).
    if (c.notNull && neverNullTopLevelItem(model.rawCode, name)) {
      const { notNull: _filledAnyway, ...rest } = c;
      c = rest;
    }
    // A model whose output is a UNION: each branch's item at the column's position, followed to what it reads (all
    // of the test but unique carries over, as below; an expression of another column keeps what throughConversion
    // keeps, and accepted values through TRIM / NULLIF). A type is followed through the plain items only.
    const positional = unionPositionReads(project, model, name);
    if (positional) {
      const { unique: _acrossBranches, ...branch } = withoutCounts(c);
      // Branches apart only where each reads a relation of its own (two reading one table cannot be kept apart), and
      // the test is on the column itself (a combination's first member stands for the combination, which the other
      // members may keep unique across branches).
      // Nor where a branch keeps only some literal values of the column (`where blockchain = 'algorand'`).
      const filtered = (p: (typeof positional)[number]): boolean => new RegExp(`\\b${p.read.column.replace(/[^\w$]/g, '')}\\s*(?:=|\\bin\\s*\\()\\s*'`, 'i').test(p.branch);
      const apart = c.unique && !c.combinedWith && !branch.accepted && new Set(positional.map((p) => p.read.relation)).size === positional.length && !positional.some(filtered);
      return positional.flatMap(({ read, plain, expr, branch: code }, b) => {
        if (!plain && values) return [];
        // An expression of a column of the output's own name is read as that column, as below (renamedOrPath).
        const kept: Constraint = plain || read.column.toLowerCase() === name.toLowerCase() ? { ...branch } : { ...throughConversion(branch), ...(branch.accepted && keepsAcceptedValues(`${expr} AS x`, 'x', branch.accepted) ? { accepted: branch.accepted } : {}) };
        // A unique test on a UNION holds on real data when each branch's values are unique and no two branches share
        // one (keys of different tables kept apart): each branch's column is unique, its values apart (`unionBranch`),
        // where the item keeps distinct values distinct. Accepted values cannot be unique; they stay as they are.
        if (apart && (plain || keepsDistinct(expr))) Object.assign(kept, { unique: true, unionBranch: b });
        // A branch that keeps only the rows where the column is filled (`WHERE x IS NOT NULL`) asks nothing of its NULLs.
        if (kept.notNull && new RegExp(`\\b${read.column.replace(/[^\w$]/g, '')}\\s+is\\s+not\\s+null\\b`, 'i').test(code)) delete kept.notNull;
        return project.sources.has(read.relation) ? [{ sourceId: read.relation, column: read.column, c: kept }] : sourceColumnsOfModelTest(project, read.relation, read.column, kept, hop + 1, listed, values);
      });
    }
    // A final UNION whose branches the position reading does not follow (each computes the column in CTEs of its
    // own): each branch is followed as a model of its own, with all of the test but unique, as for a UNION above.
    const branches = unionBranchModels(project, model);
    if (branches) {
      const { unique: _acrossBranches, ...branch } = withoutCounts(c);
      return branches.flatMap((b) => sourceColumnsOfModelTest(project, b.uniqueId, name, branch, hop, listed, values, b));
    }
    const origin = originOfModelColumn(model.rawCode, name);
    // An item computed from one column alone (COALESCE of its JSON paths, a function of it) is NULL when it is.
    const item = origin ? undefined : singleColumnItem(model.rawCode, name, values);
    // An item of several columns that is NULL when one is (`first_name || ' ' || last_name as full_name`): a
    // not_null on it needs each filled, followed from this model on (the hop bounds `a || b as a`).
    const several = !origin && !item && c.notNull ? nullPropagatingColumns(model.rawCode, name) : undefined;
    if (several) return several.flatMap((col) => sourceColumnsOfModelTest(project, model!.uniqueId, col, { notNull: true }, hop + 1, listed, values));
    // An item that keeps its column's name (`a.seats * 1 as seats`) is read as that column, as before items were
    // traced: the test's range or values still bind the source column.
    const renamedOrPath = item !== undefined && (item.paths.length > 0 || item.column.toLowerCase() !== name.toLowerCase());
    if (origin?.aggregate) c = c.notNull ? { notNull: true } : {};
    else if (origin?.converted || (item && !item.bare && renamedOrPath)) {
      c = {
        ...throughConversion(c, item?.paths),
        ...(c.unique && (trimsOneColumn(model.rawCode, name) || castsToText(origin) || concatenatesOneColumn(model.rawCode, name)) ? { unique: true } : {}),
        // Text of a key equals text of a key only when the keys are equal: the key it references is the column's. So
        // does a trimmed key (`NULLIF(TRIM(cd), '')`): a referenced key has no edge spaces and is not empty.
        ...(c.references && (castsToText(origin) || keepsAcceptedValues(model.rawCode, name, [])) ? { references: c.references } : {}),
        ...(c.accepted && keepsAcceptedValues(model.rawCode, name, c.accepted) ? { accepted: c.accepted } : {}),
      };
      // A CASE of literals that is NULL unless its column is one its WHENs name: a not_null test holds where it is.
      const matched = c.notNull && item ? valuesMakingCaseNonNull(model.rawCode, name) : undefined;
      if (matched && matched.column === item!.column.toLowerCase()) c.accepted = matched.values;
    }
    const output = name;
    name = origin?.column ?? item?.column ?? name;
    // A rename of an item the model itself computes (`contests.contest_date as date_day` in one CTE over
    // `cast(convert_timezone(…, starts_at) as date) as contest_date` in another), a name no parent model has: followed
    // within the model.
    const parentNames = (id: string): boolean => new RegExp(`\\b${name.replace(/[^\w$]/g, '')}\\b`, 'i').test(project.models.get(id)?.rawCode ?? '');
    const onlyHere = model.dependsOn.nodes.every((id) => id.startsWith('model.') && !parentNames(id));
    if (!values && name.toLowerCase() !== output.toLowerCase() && origin && !origin.converted && !origin.aggregate && !item && onlyHere && computedHere(model.rawCode, name, values)) continue;
    const sources = model.dependsOn.nodes.filter((id) => id.startsWith('source.'));
    const parents = model.dependsOn.nodes;
    // One source beside model parents: the column may be a parent model's (flipside_algorand's silver__asset reads
    // asset_id and created_at from bronze__asset, and only FLATTENs a source of NFT uploads): followed there.
    const besides = sources.length === 1 ? modelParentPassing(project, model, name, output) : undefined;
    if (besides) {
      name = besides.column;
      model = project.models.get(besides.modelId);
      continue;
    }
    const from = sources.length === 1 ? { sourceId: sources[0], block: model.rawCode } : sources.length > 1 ? passingSource(project, model, name, output) : undefined;
    if (c.unique && (dedupsBy(from?.block ?? model.rawCode, name) || dedupsBy(from?.block ?? model.rawCode, output))) delete c.unique;
    // `GROUP BY name, b, …` or `SELECT DISTINCT name, b, …`: one row per name when each b is one value per name; the
    // source's column need not be unique (a unique one would hold as many distinct values as rows, past what other
    // tests allow: a cardinality bound, accepted values).
    const others = c.unique ? (groupedWith(from?.block ?? model.rawCode, name) ?? distinctWith(from?.block ?? model.rawCode, name)) : undefined;
    if (others) {
      const { unique: _grouped, ...rest } = c;
      const mine = sourceColumnsOfModelTest(project, model.uniqueId, output, rest, hop, listed, values);
      const parent = parents.length === 1 ? parents[0] : undefined;
      const theirs = others.map((o) =>
        from ? [{ sourceId: from.sourceId, column: o }] : parent?.startsWith('model.') ? sourceColumnsOfModelTest(project, parent, o, {}, hop + 1, listed, values) : [],
      );
      if (mine.length === 1 && theirs.every((t) => t.length === 1 && t[0].sourceId === mine[0].sourceId)) {
        return [{ ...mine[0], c: { ...mine[0].c, pairedWith: theirs.map((t) => t[0].column) } }];
      }
    }
    if (c.notNull && new RegExp(`\\b${name}\\s+is\\s+not\\s+null\\b`, 'i').test(model.rawCode)) delete c.notNull;
    // A model that UNIONs what it reads (written out, dbt_utils.union_relations, or the tables it finds by listing a
    // schema: introspection.ts) passes the column through each branch: sources, listed tables and models alike.
    const listedHere = listed.get(model.uniqueId) ?? [];
    // A rename after the last UNION renames the union's column (museum_dw's dim_payment_method: a CTE unions two
    // models' payment_method, the final select says `payment_method AS payment_method_id`); one inside a branch does not.
    const renamesUnion = origin !== undefined && !origin.aggregate && !origin.converted && renamedAfterUnion(model.rawCode, name, output);
    // (A UNION in a comment is none: `-- shaped to be UNION'd in` made every parent a branch.)
    const unionOfParents = (!origin || renamesUnion) && UNION.test(withoutComments(model.rawCode)) && parents.length + listedHere.length > 1;
    if (listedHere.length > 0 || unionOfParents) {
      const { unique: _acrossBranches, ...branch } = withoutCounts(c);
      const direct = [...(unionOfParents ? sources : []), ...listedHere].map((sourceId) => ({ sourceId, column: name, c: branch }));
      const models = unionOfParents ? parents.filter((id) => id.startsWith('model.')) : [];
      return [...direct, ...models.flatMap((id) => sourceColumnsOfModelTest(project, id, name, branch, hop + 1, listed, values))];
    }
    if (from) return [{ sourceId: from.sourceId, column: name, c }];
    if (sources.length > 1) return [];
    if (parents.length > 1 && parents.every((id) => id.startsWith('model.'))) {
      // A join of models: the column comes from the one parent that names it (flipside_axelar's silver__transactions
      // reads tx_id from bronze__transactions, block_timestamp from silver__blocks). A unique test carries over: a
      // join that repeats no row (LEFT JOINs to one row per key: museum_dw's fct_ticket_sales) keeps the parent's
      // values once each only when they are unique there.
      const mentioning = parents.filter((id) => new RegExp(`\\b${name.replace(/[^\w$]/g, '')}\\b`, 'i').test(project.models.get(id)?.rawCode ?? ''));
      // Several parents have such a column: the one whose alias qualifies it (`FROM {{ ref('silver_pos_tickets') }} t`
      // … `t.ticket_type`: museum_dw's fct_ticket_sales, whose scans have a ticket_type too).
      const naming = mentioning.length > 1 ? qualifyingParents(project, model.rawCode, mentioning, name) : mentioning;
      if (naming.length !== 1) {
        // Several qualify a column of that name (a CTE joining them on it): the one the output item reads, followed
        // through the CTEs (model-reads.ts: `fb.entity_id as "Product ID"` from `… as fb join … on fb.entity_id = …`).
        const read = passedThrough(project, model, output);
        if (!read || !parents.includes(read.relation)) return [];
        c = withoutCounts(c);
        const matched = c.notNull ? joinMatch(project, model, read.relation, hop, listed) : [];
        if (matched.length > 0) return [...matched, ...sourceColumnsOfModelTest(project, read.relation, read.column, c, hop + 1, listed, values)];
        name = read.column;
        model = project.models.get(read.relation);
        continue;
      }
      const joined = withoutCounts(c);
      const matched = c.notNull ? joinMatch(project, model, naming[0], hop, listed) : [];
      if (matched.length > 0) return [...matched, ...sourceColumnsOfModelTest(project, naming[0], name, joined, hop + 1, listed, values)];
      c = joined;
      model = project.models.get(naming[0]);
      continue;
    }
    if (parents.length !== 1) return [];
    model = project.models.get(parents[0]);
  }
  return [];
}

/**
 * The model parent a model reading one source beside models passes the column on from, when it is surely not the
 * source's: the source's alias does not qualify it, and the model's output takes it from a model parent (model-reads.ts
 * followed through the CTEs), or — the reading ambiguous (a bare name over several FROM items) — exactly one model
 * parent names it (qualified by its alias, where several do). Undefined keeps the source (no model parent names it).
 */
function modelParentPassing(project: ProjectModel, model: ModelNode, name: string, output: string): { modelId: string; column: string } | undefined {
  const models = model.dependsOn.nodes.filter((id) => id.startsWith('model.'));
  if (models.length === 0 || passingSource(project, model, name)) return undefined;
  const read = passedThrough(project, model, output);
  if (read) return models.includes(read.relation) ? { modelId: read.relation, column: read.column } : undefined;
  const mentioning = models.filter((id) => new RegExp(`\\b${name.replace(/[^\w$]/g, '')}\\b`, 'i').test(project.models.get(id)?.rawCode ?? ''));
  const naming = mentioning.length > 1 ? qualifyingParents(project, model.rawCode, mentioning, name) : mentioning;
  return naming.length === 1 ? { modelId: naming[0], column: name } : undefined;
}

/** Whether SQL computes a select item aliased `column` itself: a conversion, an aggregate, or an expression of one column. */
function computedHere(sql: string, column: string, values: boolean): boolean {
  const origin = originOfModelColumn(sql, column);
  if (origin) return origin.converted || origin.aggregate;
  const item = singleColumnItem(sql, column, values);
  return item !== undefined && !item.bare;
}

/** The parents among `ids` whose `{{ ref('…') }} alias` qualifies `column` in SQL (`alias.column`). */
function qualifyingParents(project: ProjectModel, sql: string, ids: readonly string[], column: string): string[] {
  return ids.filter((id) => {
    const name = project.models.get(id)?.name;
    if (!name) return false;
    const alias = new RegExp(`\\{\\{\\s*ref\\s*\\(\\s*['"]${name}['"]\\s*\\)\\s*\\}\\}\\s+(?:as\\s+)?([A-Za-z_]\\w*)`, 'i').exec(sql)?.[1];
    return alias !== undefined && !/^(where|join|left|right|inner|full|cross|on|group|order|union|limit|qualify)$/i.test(alias) && new RegExp(`\\b${alias}\\.${column.replace(/[^\w$]/g, '')}\\b`, 'i').test(sql);
  });
}

/** Whether the only `column AS alias` of SQL comes after its last UNION (the select that reads the union). */
function renamedAfterUnion(sql: string, column: string, alias: string): boolean {
  const renames = [...sql.matchAll(new RegExp(`\\b${column.replace(/[^\w$]/g, '')}\\s+as\\s+"?${alias.replace(/[^\w$]/g, '')}"?(?![\\w"])`, 'gi'))];
  const lastUnion = Math.max(...[...sql.matchAll(/\bunion\b/gi)].map((m) => m.index));
  return renames.length === 1 && renames[0].index > lastUnion;
}

/** A UNION written out, or dbt_utils.union_relations' (mattermost's int_events_aggregated_to_date). */
const UNION = /\bunion\b|\bunion_relations\s*\(/i;

const NO_LISTINGS: ReadonlyMap<string, readonly string[]> = new Map();

/**
 * A not_null on a column `model` LEFT JOINs from `joinedId` holds only where every row finds its match: the other
 * side's key, traced to its source column, references the joined model's key, traced to its own (model-reads.ts:
 * the join written on the model's ref or on a CTE over it, each key followed through the CTEs).
 */
function joinMatch(
  project: ProjectModel,
  model: ModelNode,
  joinedId: string,
  hop: number,
  listed: ReadonlyMap<string, readonly string[]>,
): Array<{ sourceId: string; column: string; c: Constraint }> {
  const keys = leftJoinedKeys(project, model).filter((k) => k.joined.relation === joinedId);
  return keys.length === 1 ? keyMatch(project, keys[0], hop, listed) : [];
}

/** Every row finds its match in a LEFT JOIN: the other side's key references the joined key, each traced to its source column. */
function keyMatch(project: ProjectModel, key: LeftJoinedKey, hop: number, listed: ReadonlyMap<string, readonly string[]>): Array<{ sourceId: string; column: string; c: Constraint }> {
  // Each key followed to the source column whose values it is, as a relationships test is (a path of a JSON column, a
  // number made of text, are not the column's values: a reference carried that far would write keys into JSON).
  const marker = { sourceId: '', column: '' };
  const traced = (r: Read): Array<{ sourceId: string; column: string }> =>
    project.sources.has(r.relation)
      ? [{ sourceId: r.relation, column: r.column }]
      : sourceColumnsOfModelTest(project, r.relation, r.column, { references: marker }, hop + 1, listed).filter((b) => b.c.references === marker);
  // Two branches of a UNION reading one column are one key (flipside_algorand's core__dim_asset reads silver__asset's
  // asset_id in its first branch and again in one that adds the transactions' assets silver__asset lacks).
  const once = (bs: Array<{ sourceId: string; column: string }>) => [...new Map(bs.map((b) => [`${b.sourceId}|${b.column.toLowerCase()}`, b])).values()];
  const to = once(traced(key.joined));
  // The other side may be a UNION: every branch's rows are the join's rows, each must find its match.
  // So may a CTE of the model (key.others: each branch's column).
  const from = once((key.others ?? [key.other]).flatMap(traced));
  if (to.length !== 1 || from.length === 0 || from.some((f) => f.sourceId === to[0].sourceId)) return [];
  // A NULL key matches nothing either.
  const matched = from.map((f) => ({ sourceId: f.sourceId, column: f.column, c: { notNull: true, references: { sourceId: to[0].sourceId, column: to[0].column } } }));
  // The joined model's rows are its source's only where they pass its inner joins (flipside_algorand's core__dim_asset
  // joins silver__asset to its blocks on created_at and to its accounts on creator_address): a key drawn from rows that
  // find no block is no key of the model. So the rows the key is drawn from match each of those joins too.
  const joinedModel = project.models.get(key.joined.relation);
  const passing = joinedModel && hop < MAX_MODEL_HOPS
    ? innerJoinedKeys(project, joinedModel).filter((k) => {
        const rows = once(traced(k.other));
        return rows.length === 1 && rows[0].sourceId === to[0].sourceId;
      })
    : [];
  return [...matched, ...passing.flatMap((k) => keyMatch(project, k, hop + 1, listed))];
}

/** The key pairs of every model's INNER JOINs, each as keyMatch binds a LEFT JOIN's: the other side's key references the joined one. */
function innerJoinMatches(project: ProjectModel, listed: ReadonlyMap<string, readonly string[]>): Array<{ sourceId: string; column: string; c: Constraint }> {
  const out: Array<{ sourceId: string; column: string; c: Constraint }> = [];
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model' || model.config.enabled === false) continue;
    for (const key of innerJoinedKeys(project, model)) out.push(...keyMatch(project, key, 0, listed));
  }
  return out;
}

/** Whether pickKey takes the column for its source's key by its name alone (`order_id` of orders, `id`). */
function namedKey(source: SourceNode, column: string): boolean {
  const lower = column.toLowerCase();
  return [`${singular(source.identifier)}_id`, `${singular(source.name)}_id`, 'id'].includes(lower);
}

/**
 * The source a model (or a chain of single-parent models) passes through whole: its only parent is that source and
 * its SQL is `SELECT * FROM …` (the Jinja config and a WHERE aside), so a column tested on the model is the source's.
 */
function starPassthroughSource(project: ProjectModel, modelId: string): string | undefined {
  let model = project.models.get(modelId);
  for (let hop = 0; model && model.resourceType === 'model' && hop < MAX_MODEL_HOPS; hop++) {
    const body = model.rawCode.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|--[^\n]*/g, ' ');
    if (!/^\s*select\s+\*\s+from\s+\S*\s*(?:(?:as\s+)?\w+\s*)?(?:where\b[\s\S]*)?;?\s*$/i.test(body.replace(/\s+/g, ' ')) || model.dependsOn.nodes.length !== 1) return undefined;
    const parent = model.dependsOn.nodes[0];
    if (parent.startsWith('source.')) return parent;
    model = project.models.get(parent);
  }
  return undefined;
}

/** The sources a model's SQL reads under an alias (`{{ source('a', 'b') }} s`), where it names them. */
function sourceAliases(project: ProjectModel, model: ModelNode): Array<{ sourceId: string; alias: string; at: number }> {
  // The sites the column reader finds (usage.ts sourceSites): a source() call with literal names, or one whose source
  // name the template computes (`source(src_name, 'LND_D_PRD_SIZE_LU')`, src_name picked by a macro), which is the
  // source the parse resolved it to. A literal-only reading missed robling's staging views, so a unique test on one
  // (V_STG_D_PRD_SIZE_LU.SIZE_ID) bound no source column and its key was sampled with repeats.
  const scan = scanJinja(model.rawCode);
  const { tokens } = tokenizeSql(scan.masked);
  const read: Array<{ sourceId: string; alias: string; at: number }> = [];
  for (const id of model.dependsOn.nodes) {
    const source = project.sources.get(id);
    if (!source) continue;
    for (const site of sourceSites(tokens, scan.calls, source, model)) {
      let next = site.at + 1;
      while (next < tokens.length && tokens[next].start < site.end) next++;
      if (/^as$/i.test(tokens[next]?.text ?? '')) next++;
      const alias = tokens[next];
      if (alias?.kind === 'ident' && !/^(where|join|left|right|inner|full|cross|on|group|order|union|limit|qualify)$/i.test(alias.text)) read.push({ sourceId: id, alias: alias.text, at: site.start });
    }
  }
  return read.sort((a, b) => a.at - b.at);
}

/**
 * Columns of two sources a model coalesces under one name (`coalesce(s.posts, r.posts)`, mattermost's telemetry
 * read from its old and its new pipeline): one field, so one type. By `sourceId|column`, the other sources.
 */
function coalescedFields(project: ProjectModel): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const model of project.models.values()) {
    if (model.dependsOn.nodes.filter((id) => id.startsWith('source.')).length < 2) continue;
    const aliases = sourceAliases(project, model);
    const sourceOf = (alias: string): string | undefined => {
      const ids = new Set(aliases.filter((a) => a.alias.toLowerCase() === alias.toLowerCase()).map((a) => a.sourceId));
      return ids.size === 1 ? [...ids][0] : undefined;
    };
    for (const m of model.rawCode.matchAll(/\b(?:coalesce|nvl|ifnull)\s*\(\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*[,)]/gi)) {
      const [a, b] = [sourceOf(m[1]), sourceOf(m[3])];
      if (!a || !b || a === b || m[2].toLowerCase() !== m[4].toLowerCase()) continue;
      const column = m[2].toLowerCase();
      for (const [x, y] of [[a, b], [b, a]]) {
        const key = `${x}|${column}`;
        if (!out.has(key)) out.set(key, new Set());
        out.get(key)!.add(y);
      }
    }
  }
  return out;
}

/**
 * In a model reading several sources, the one a column comes from: the only source whose alias qualifies the
 * column (`i.id`) or, failing that, the only one whose columns the model passes through (`select i.*`); with the
 * query block that reads it (from its SELECT to the next one), where a de-duplication would apply to its rows.
 */
function passingSource(project: ProjectModel, model: ModelNode, column: string, output = column): { sourceId: string; block: string } | undefined {
  const code = model.rawCode;
  const read = sourceAliases(project, model);
  const pick = (test: (alias: string) => RegExp, text = code): (typeof read)[number] | undefined => {
    const hits = read.filter((r) => test(r.alias).test(text));
    return new Set(hits.map((h) => h.sourceId)).size === 1 ? hits[0] : undefined;
  };
  const qualified = (a: string): RegExp => new RegExp(`\\b${a}\\.${column}\\b`, 'i');
  // The select item that makes the column says whose it is (`TRIM(SIZ.SIZE_ID) AS SIZE_ID`), where a join condition
  // names the other source's column of that name too (`ON TRIM(SIZ.SIZE_ID) = TRIM(SORT_LU.SIZE_ID)`).
  const items = aliasedExpressions(code, output).join('\n');
  const hit = (items ? pick(qualified, items) : undefined) ?? pick(qualified) ?? pick((a) => new RegExp(`\\b${a}\\.\\*`, 'i'));
  if (!hit) return undefined;
  const start = code.slice(0, hit.at).search(/\bselect\b(?![\s\S]*\bselect\b)/i);
  const after = code.slice(hit.at).search(/\bselect\b/i);
  return { sourceId: hit.sourceId, block: code.slice(Math.max(0, start), after < 0 ? code.length : hit.at + after) };
}

/**
 * Columns one COALESCE/NVL/IFNULL reads together are one type to Snowflake. A column only its name types as text
 * takes the kind of a companion its uses, its declaration or its name type otherwise (`coalesce(active_users_daily,
 * active_users)`: a count, not text), so the twin's COALESCE does not mix VARCHAR and NUMBER.
 */
function unifyCoalesced(columns: ColumnPlan[], used: readonly UsedColumn[]): void {
  const index = new Map(columns.map((c, i) => [c.name.toLowerCase(), i]));
  const nameTypedText = (i: number): boolean => columns[i].kind === 'text' && used[i].dataType === undefined && used[i].textOf === undefined;
  for (let i = 0; i < columns.length; i++) {
    for (const other of used[i].coalescedWith ?? []) {
      const j = index.get(other);
      if (j === undefined || j === i) continue;
      const [to, from] = nameTypedText(i) && !nameTypedText(j) ? [i, j] : nameTypedText(j) && !nameTypedText(i) ? [j, i] : [];
      if (to === undefined || from === undefined || columns[from].kind === 'text') continue;
      columns[to].kind = columns[from].kind;
      columns[to].dataType = columns[from].dataType;
      columns[to].dirty = false;
    }
  }
}

/**
 * The columns of each source that "one b per a" singular tests pair (on the source, or on a model selecting from it
 * alone): source id → lower-case column → its group (columns paired with each other, transitively) and the name its
 * value is made under (the tested column's, so `coalesce(a, b) as c` writes a and b alike).
 */
function pairedColumns(project: ProjectModel): Map<string, Map<string, { group: number; as: string }>> {
  const out = new Map<string, Map<string, { group: number; as: string }>>();
  let groups = 0;
  for (const test of project.tests.values()) {
    if (test.config.enabled === false || test.testMetadata) continue;
    const fd = functionalDependencyOf(test.rawCode);
    if (!fd) continue;
    let sourceId: string | undefined;
    let columnsOf = (column: string): string[] | undefined => [column];
    if (fd.source) {
      sourceId = [...project.sources.values()].find((s) => s.sourceName === fd.source!.sourceName && s.name === fd.source!.table)?.uniqueId;
    } else {
      const model = [...project.models.values()].find((m) => m.resourceType === 'model' && m.name === fd.model);
      const from = model?.dependsOn.nodes.filter((id) => id.startsWith('source.')) ?? [];
      if (!model || from.length !== 1) continue;
      sourceId = from[0];
      columnsOf = (column) => sourceColumnsOfModelColumn(model.rawCode, column);
    }
    const [by, counted] = [columnsOf(fd.by), columnsOf(fd.counted)];
    if (!sourceId || !by || !counted) continue;
    let bySource = out.get(sourceId);
    if (!bySource) out.set(sourceId, (bySource = new Map()));
    const members = [...by.map((c) => ({ c, as: fd.by })), ...counted.map((c) => ({ c, as: fd.counted }))];
    // Joining groups: every column already in one of them moves to the new group.
    const group = groups++;
    const merged = new Set(members.map((m) => bySource!.get(m.c.toLowerCase())?.group).filter((g) => g !== undefined));
    for (const [name, p] of bySource) if (merged.has(p.group)) bySource.set(name, { group, as: p.as });
    for (const m of members) if (!bySource.has(m.c.toLowerCase()) || merged.has(bySource.get(m.c.toLowerCase())!.group)) bySource.set(m.c.toLowerCase(), { group, as: bySource.get(m.c.toLowerCase())?.as ?? m.as });
  }
  return out;
}

/** Plans every selected source; a source it can say nothing of is a SamplePlanError (thrown, or given to onSkip). */
export function planSynthetic(project: ProjectModel, options: SyntheticOptions): TablePlan[] {
  const wanted = options.sourceIds ? new Set(options.sourceIds) : undefined;
  const sources = [...project.sources.values()]
    .filter((s) => s.config.enabled !== false && (!wanted || wanted.has(s.uniqueId)))
    .sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
  const constraintsBySource = new Map<string, Map<string, Constraint>>();
  const addConstraint = (sourceId: string, column: string, c: Constraint): void => {
    let m = constraintsBySource.get(sourceId);
    if (!m) constraintsBySource.set(sourceId, (m = new Map()));
    let cur = m.get(column.toLowerCase());
    if (!cur) m.set(column.toLowerCase(), (cur = {}));
    merge(cur, c);
  };
  const dedupBy = new Map<string, boolean>();
  for (const s of sources) {
    const readers = readersOf(project, s.uniqueId);
    dedupBy.set(s.uniqueId, readers.length > 0 && readers.every((m) => DEDUP.test(m.rawCode)));
  }
  // The sources each listing model unions (introspection.ts), for tests on what it passes through.
  const listings = modelsListingSources(project, sources);
  const listedSources = new Map<string, string[]>();
  for (const [sourceId, models] of listings.bySource) for (const m of models) listedSources.set(m.uniqueId, [...(listedSources.get(m.uniqueId) ?? []), sourceId]);
  // Columns a test names that must exist in the source though no model names them: tested on the source itself,
  // or on a model that passes the source through with `SELECT *` (starPassthroughSource).
  const tested = new Map<string, Set<string>>();
  const mustExist = (sourceId: string, column: string): void => {
    let set = tested.get(sourceId);
    if (!set) tested.set(sourceId, (set = new Set()));
    set.add(column);
  };
  // Joins beside a unique test's column that look a value up on another key: their keys, made unique below.
  const lookups: FanOutKey[] = [];
  // A relation's column that must hold each value once (a join's key, an OBJECT_AGG key): the source columns it is
  // passed from, with what of the uniqueness holds there.
  const uniqueKeyOf = (relation: string, column: string): Array<{ sourceId: string; column: string; c: Constraint }> =>
    project.sources.has(relation) ? [{ sourceId: relation, column, c: { unique: true } }] : sourceColumnsOfModelTest(project, relation, column, { unique: true }, 1, listedSources);
  for (const test of project.tests.values()) {
    if (test.config.enabled === false) continue;
    const found = constraintOf(project, test) ?? ownTestConstraint(project, test, options.testSql);
    if (!found || !test.attachedNode) continue;
    // The members of a unique key (a combination's, or the columns of an expression a unique test is on) hold no
    // padded or re-cased spellings, as a unique column holds none: a model that de-duplicates by a member's spelling
    // and trims it after (goodneighbors' CRM_EVENT_PARTICIPATION: QUALIFY … PARTITION BY EVENT_CD, MBER_NO,
    // PARTCPT_SEQ, then NULLIF(TRIM(MBER_NO), '')) would make two rows it keeps one key.
    const members = found.c.unique ? [...(found.c.combinedWith ?? []), ...(expressionColumns(found.column) ?? [])] : [];
    if (test.attachedNode.startsWith('source.')) {
      addConstraint(test.attachedNode, found.column, found.c);
      mustExist(test.attachedNode, found.column);
      for (const member of members) addConstraint(test.attachedNode, member, { keyMember: true });
      continue;
    }
    for (const member of members) for (const bound of sourceColumnsOfModelTest(project, test.attachedNode, member, { keyMember: true }, 0, listedSources)) addConstraint(bound.sourceId, bound.column, bound.c);
    for (const bound of sourceColumnsOfModelTest(project, test.attachedNode, found.column, found.c, 0, listedSources)) addConstraint(bound.sourceId, bound.column, bound.c);
    // A join on the tested column repeats rows unless the joined side's key is unique (join-fanout.ts).
    const attached = found.c.unique ? project.models.get(test.attachedNode) : undefined;
    if (attached) lookups.push(...lookupJoinKeys(project, attached.rawCode, found.column, attached));
    for (const key of attached ? fanOutKeys(project, attached.rawCode, found.column, attached) : []) {
      for (const bound of uniqueKeyOf(relationId(key.relation), key.column)) addConstraint(bound.sourceId, bound.column, bound.c);
    }
    const through = starPassthroughSource(project, test.attachedNode);
    if (through) mustExist(through, found.column);
  }
  for (const [sourceId, keys] of options.ownKeys ?? []) {
    if (keys.length > 0) addConstraint(sourceId, keys[0], { unique: true, ...(keys.length > 1 ? { combinedWith: keys.slice(1) } : {}) });
  }
  // A model's unique_key (the key its MERGE or delete+insert matches rows by) is filled where the model does not drop
  // NULLs itself: a NULL key matches no row, so each run inserts its row again (robling's custom_merge of the inventory
  // snapshot kept a NULL ITM_ID twice, and the reconciliation of the next step found one row more than its staging).
  for (const model of project.models.values()) {
    const key = model.resourceType === 'model' && model.config.enabled !== false ? model.config.unique_key : undefined;
    const columns = typeof key === 'string' ? [key] : Array.isArray(key) ? key.filter((k): k is string => typeof k === 'string') : [];
    for (const column of columns.filter((c) => /^[A-Za-z_]\w*$/.test(c))) {
      for (const bound of sourceColumnsOfModelTest(project, model.uniqueId, column, { notNull: true }, 0, listedSources)) if (bound.c.notNull) addConstraint(bound.sourceId, bound.column, { notNull: true });
    }
  }
  // The source columns a model's read of a relation lands on: the source's own, or those a model passes on.
  const sourcesRead = (read: { relation: string; column: string }, c: Constraint) =>
    project.sources.has(read.relation) ? [{ sourceId: read.relation, column: read.column, c }] : sourceColumnsOfModelTest(project, read.relation, read.column, c, 0, listedSources);
  // What each model's comparisons ask of the columns it reads (model-comparisons.ts): the literals it keeps rows by,
  // the unit of a truncated time it joins on; carried to the source columns (a stand-in's among them) they are read from.
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model' || model.config.enabled === false) continue;
    for (const { read, literals, unit } of modelComparisons(project, model, (id, column) => hasColumn(project, id, column))) {
      const c: Constraint = { ...(literals.length > 0 ? { compared: literals } : {}), ...(unit ? { onUnit: unit } : {}) };
      for (const b of sourcesRead(read, c)) if (b.c.compared || b.c.onUnit) addConstraint(b.sourceId, b.column, b.c);
    }
    for (const { read, literals } of unionedLiterals(project, model)) {
      for (const b of sourcesRead(read, { reserved: literals })) if (b.c.reserved) addConstraint(b.sourceId, b.column, b.c);
    }
  }
  // A column filled with a default where a LEFT JOIN misses, which a test says it never holds: every row finds its match.
  for (const test of project.tests.values()) {
    const model = test.config.enabled === false || !test.attachedNode ? undefined : project.models.get(test.attachedNode);
    const excluded = model && model.resourceType === 'model' ? excludedValuesOf(test, model, options.testSql) : undefined;
    if (!model || !excluded) continue;
    for (const bound of defaultedJoinMatches(project, model, excluded.column, excluded.values, listedSources)) addConstraint(bound.sourceId, bound.column, bound.c);
  }
  for (const test of project.tests.values()) {
    const sequence = test.config.enabled === false || test.testMetadata ? undefined : singularSequence(test.rawCode);
    const model = sequence ? [...project.models.values()].find((m) => m.resourceType === 'model' && m.name === sequence.model) : undefined;
    if (!sequence || !model) continue;
    for (const bound of sourceColumnsOfModelTest(project, model.uniqueId, sequence.column, { step: 1, notNull: true }, 0, listedSources)) addConstraint(bound.sourceId, bound.column, bound.c);
  }
  // Singular tests that bound a model's per-group rates of one value's rows over another's (count-order.ts): the
  // counted column of the source, dealt in each group of the source columns the model groups by.
  for (const test of project.tests.values()) {
    const parents = test.config.enabled === false || test.testMetadata ? [] : test.dependsOn.nodes;
    const model = parents.length === 1 ? project.models.get(parents[0]) : undefined;
    const order = model && model.resourceType === 'model' ? rateOrderOf(test.rawCode, model.rawCode) : undefined;
    if (!model || !order) continue;
    const trace = (column: string) => sourceColumnsOfModelTest(project, model.uniqueId, column, {}, 0, listedSources);
    const groups = order.groupBy.flatMap(trace);
    for (const bound of trace(order.column)) {
      const groupBy = groups.filter((g) => g.sourceId === bound.sourceId).map((g) => g.column);
      // Grouped by nothing the source holds: the order cannot be dealt per group.
      if (groupBy.length === 0) continue;
      addConstraint(bound.sourceId, bound.column, { countOrder: { pairs: order.pairs, groupBy } });
    }
  }
  // Singular tests that every value of a model column is a row of a seed (seed-coverage.ts): the seed's values.
  const byName = new Map([...project.models.values()].map((m) => [m.name, m]));
  for (const test of project.tests.values()) {
    if (test.config.enabled === false || test.testMetadata) continue;
    const member = seedMembershipOf(test.rawCode, (name) => byName.get(name)?.resourceType === 'seed');
    const model = member ? byName.get(member.model) : undefined;
    const values = member ? seedColumnValues(byName.get(member.seed)!, member.seedColumn) : undefined;
    if (!member || !model || model.resourceType !== 'model' || !values || values.length === 0) continue;
    for (const bound of sourceColumnsOfModelTest(project, model.uniqueId, member.modelColumn, { accepted: values }, 0, listedSources)) addConstraint(bound.sourceId, bound.column, bound.c);
  }
  // So does a join that looks a value up beside the tested column on another key (join-fanout.ts); and the columns
  // models pass as OBJECT_AGG's key (object-agg-keys.ts) are unique, so no group holds a key twice. A column whose
  // values the tests list (accepted values) cannot be unique; it keeps them.
  for (const key of [...lookups.map((k) => ({ relation: relationId(k.relation), column: k.column })), ...objectAggKeys(project)]) {
    for (const b of uniqueKeyOf(key.relation, key.column)) if (b.c.unique && !constraintsBySource.get(b.sourceId)?.get(b.column.toLowerCase())?.accepted) addConstraint(b.sourceId, b.column, { unique: true });
  }

  // A column a query uses as one value (scalar-subqueries.ts) holds one value in its source, through the models that
  // pass it on; the column compared with it (a dimension's key) holds each day of the window (applied to the plans).
  const everyDay = oneValueColumns(project, options.asked ?? [], listedSources, addConstraint);

  // Source columns a relationships test compares with a column a model casts to a number, or a UNION makes one
  // (relationship-types.ts). Computed once the UNIONs are read (unionedColumns, below).
  let numbersCache: Map<string, string> | undefined;
  const numbers = {
    get: (key: string): string | undefined => {
      if (!numbersCache) {
        numbersCache = new Map();
        for (const test of project.tests.values()) {
          if (test.config.enabled === false) continue;
          const trace = (id: string, column: string): SourceColumn[] => sourceColumnsOfModelTest(project, id, column, {}, 0, listedSources);
          const unionNumber = (id: string, column: string): boolean => unionedColumns().numbers.has(`${id}|${column.toLowerCase()}`);
          for (const n of numbersForRelationship(project, test, trace, unionNumber)) numbersCache.set(`${n.sourceId}|${n.column.toLowerCase()}`, n.dataType);
        }
      }
      return numbersCache.get(key);
    },
  };

  // Source columns models join for equality (join-types.ts): a type on one side (not text) types an untyped other side.
  const joined = joinedColumns(project, (id, column) => sourceColumnsOfModelTest(project, id, column, {}, 0, listedSources, true));
  // Source columns a UNION puts beside a column another branch makes a number (union-numbers.ts): text there holds digits.
  // Computed once the source columns' own types can be read (typeIn, below): a branch passing a source column the
  // sampler makes a number makes the union's column a number too.
  let unionedCache: UnionedColumns | undefined;
  const unionedColumns = (): UnionedColumns =>
    (unionedCache ??= numberUnionedColumns(
      project,
      (id, column) => sourceColumnsOfModelTest(project, id, column, {}, 0, listedSources),
      (sourceId, column) => {
        const declared = Object.values(project.sources.get(sourceId)?.columns ?? {}).some((c) => c.name.toLowerCase() === column.toLowerCase() && c.dataType);
        const byName = !declared && readFrom(sourceId).find((c) => c.name.toLowerCase() === column.toLowerCase())?.typeByName === true;
        const type = typeIn(sourceId, column.toLowerCase());
        const kind = type !== undefined ? typeFamily(type) : columnKind(column, undefined);
        if (kind !== 'integer' && kind !== 'decimal') return undefined;
        return type !== undefined && !byName ? 'firm' : 'name';
      },
    ));
  const unionedWithNumbers = { has: (key: string): boolean => unionedColumns().digits.has(key) };
  // A number only a name says, beside text a model compares with words in a UNION (union-numbers.ts): text.
  const unionedWithText = { has: (key: string): boolean => unionedColumns().text.has(key) };
  // Source columns a model passes straight through to a column its schema.yml types (model-column-types.ts).
  const declaredDownstream = typesDeclaredDownstream(project, (id, column) => sourceColumnsOfModelTest(project, id, column, {}, 0, listedSources, true));

  const listedBy = listings.bySource;
  const covered = seedCoveredColumns(project, listings);
  const unionCache = new Map<string, UsedColumn[]>();
  const readDownstream = (models: readonly ModelNode[]): UsedColumn[] => {
    const key = models.map((m) => m.uniqueId).join(',');
    let cols = unionCache.get(key);
    if (!cols) unionCache.set(key, (cols = columnsReadDownstreamOf(project, models)));
    return cols;
  };
  // When no model reads from this union, the unions made by the same listing macro elsewhere in the project
  // say what such tables hold (Rudderstack event tables share their columns).
  const unionColumns = (models: readonly ModelNode[]): UsedColumn[] => {
    const own = readDownstream(models);
    return own.length > 0 ? own : readDownstream(kindredListers(listings, models));
  };
  const readCache = new Map<string, UsedColumn[]>();
  let testTextsMemo: string[] | undefined;
  const testTexts = (): string[] => (testTextsMemo ??= testArgumentTexts(project));
  const readFrom = (sourceId: string): UsedColumn[] => {
    let cols = readCache.get(sourceId);
    // (The project's own tests read such tables too, in the SQL their YAML hands a macro: a `where_condition` bounding a
    // fact by `(SELECT CURR_MTH_START_DT FROM DW_DWH.DWH_D_CURR_TIM_LU)`.)
    if (!cols) readCache.set(sourceId, (cols = columnsReadFromSource(project, sourceId, options.rendered, [...(options.asked ?? []), ...testTexts()])));
    return cols;
  };
  const coalesced = coalescedFields(project);
  const paired = pairedColumns(project);
  // Columns a unique test past a GROUP BY pairs (sourceColumnsOfModelTest): a group each, unless a singular test's
  // pairing already holds one of them.
  const uniqueGroups = new Map<string, string>();
  let nextGroup = 1 + Math.max(-1, ...[...paired.values()].flatMap((m) => [...m.values()].map((p) => p.group)));
  for (const [sourceId, byColumn] of constraintsBySource) {
    for (const [column, c] of byColumn) {
      if (!c.pairedWith) continue;
      // Only where a unique column cannot meet the project's other tests (a count bound, accepted values): else
      // the column is unique, which meets the unique test alone.
      if (!c.distinct && !c.accepted) {
        c.unique = true;
        continue;
      }
      let bySource = paired.get(sourceId);
      if (!bySource) paired.set(sourceId, (bySource = new Map()));
      const members = [column, ...c.pairedWith.map((x) => x.toLowerCase())];
      // Already in a singular test's pairing: the unique test asks the column unique, as before GROUP BYs paired.
      if (members.some((m) => bySource!.has(m))) {
        c.unique = true;
        continue;
      }
      const group = nextGroup++;
      for (const m of members) bySource.set(m, { group, as: m });
      uniqueGroups.set(`${sourceId}|${group}`, column);
    }
  }
  // A model's INNER JOIN keeps only the rows whose key finds its match, as every row does on real data: the other side's
  // key draws from the joined key (keyMatch), as for a LEFT JOIN a test asks to match — robling's customer-order
  // lines joined to their headers on CO_ID, the line's CO_ID and the header's CUS_ORD_OMS_ID drawn apart, left the
  // join empty and its reconciliation found every line missing. Last, and only where nothing else binds the column:
  // a test's reference, a unique key (a key drawn from another table's repeats values: so is one named as the
  // table's own, pickKey) or listed values say more of it.
  for (const bound of innerJoinMatches(project, listedSources)) {
    const source = project.sources.get(bound.sourceId);
    const had = constraintsBySource.get(bound.sourceId)?.get(bound.column.toLowerCase());
    if (!source || had?.references || had?.unique || had?.accepted || had?.pairedWith || namedKey(source, bound.column)) continue;
    addConstraint(bound.sourceId, bound.column, bound.c);
  }
  const printed = printedColumnNames(project);
  // Values a model prints into SQL (printed.ts) are written as they are: no padded or re-cased spellings.
  const isPrinted = (c: UsedColumn): boolean => printed.has(c.name.toLowerCase()) || (c.givenNames ?? []).some((n) => printed.has(n));
  // Values a model pivots into columns it then reads by name (printed.ts): the column holds those values.
  const pivoted = pivotedValues(project);
  const pivotedOf = (c: UsedColumn): string[] | undefined => [c.name.toLowerCase(), ...(c.givenNames ?? [])].map((n) => pivoted.get(n)).find((v) => v !== undefined);
  // A column nothing types, coalesced with one of another source (or UNIONed with it) that its uses or its
  // declaration type.
  const typeIn = (sourceId: string, column: string): string | undefined => {
    const declared = Object.values(project.sources.get(sourceId)?.columns ?? {}).find((c) => c.name.toLowerCase() === column)?.dataType;
    const used = readFrom(sourceId).find((c) => c.name.toLowerCase() === column);
    return declared ?? (used?.textOf ? undefined : used?.dataType);
  };
  const joinedType = (sourceId: string, column: string): string | undefined =>
    (joined.get(`${sourceId}|${column.toLowerCase()}`) ?? [])
      .map((p) => ('type' in p ? p.type : (typeIn(p.sourceId, p.column) ?? partnerType(p.sourceId, p.column) ?? numbers.get(`${p.sourceId}|${p.column}`))))
      .find((t) => t !== undefined && !['text', 'json', undefined].includes(typeFamily(t)));
  // Sources whose rows meet in a UNION (star-union.ts): a column one of them types is that type in the others.
  const kin = unionKin(project);
  const partnerType = (sourceId: string, column: string): string | undefined => {
    for (const other of [...(coalesced.get(`${sourceId}|${column.toLowerCase()}`) ?? []), ...(kin.get(sourceId) ?? [])]) {
      // Untyped there too, it may take a companion's type in its own table (unifyCoalesced): `coalesce(r.x, s.y,
      // s.x)` with s.y a number makes s.x, and so r.x, a number.
      const companions = readFrom(other).find((c) => c.name.toLowerCase() === column.toLowerCase())?.coalescedWith ?? [];
      const type = typeIn(other, column.toLowerCase()) ?? companions.map((c) => typeIn(other, c)).find((t) => t !== undefined && t !== 'VARCHAR');
      if (type) return type;
    }
    return undefined;
  };
  // A read column a UNION puts beside a number (union-numbers.ts), typed as text or not at all: text holding digits,
  // unless its uses already say what its text holds. Untyped, a name that says a number makes it one already.
  const numberNamed = (c: UsedColumn): boolean => c.dataType === undefined && ['integer', 'decimal'].includes(columnKind(c.name, undefined));
  const unionedDigits = (sourceId: string, c: UsedColumn): UsedColumn | undefined =>
    unionedWithNumbers.has(`${sourceId}|${c.name.toLowerCase()}`) && !c.textOf && !numberNamed(c) && (c.dataType === undefined || typeFamily(c.dataType) === 'text')
      ? { ...c, dataType: c.dataType ?? 'VARCHAR', textOf: 'integer' }
      : undefined;
  // A column nothing types but its default (text), beside another branch's column of a type the twin cannot put
  // beside text in a set operation (a FLOAT, a time, a BOOLEAN: Snowflake documents converting text to a NUMBER
  // only), takes that type (union-numbers.ts unionPartners): as written (`CAST(NULL AS FLOAT)`), declared or used,
  // or as the other column's name says (`sndng_dt` a DATE beside `sndng_de`). A NUMBER there is union-numbers.ts's
  // digits rule.
  let partnersCache: Map<string, JoinPartner[]> | undefined;
  const UNION_TYPED = new Set(['float', 'date', 'timestamp', 'timestamp_tz', 'time', 'boolean']);
  const unionedType = (sourceId: string, column: string): string | undefined => {
    if (kindFromName(column) !== 'text') return undefined;
    partnersCache ??= unionPartners(project, (id, col) => sourceColumnsOfModelTest(project, id, col, {}, 0, listedSources, true));
    for (const p of partnersCache.get(`${sourceId}|${column.toLowerCase()}`) ?? []) {
      const own = 'type' in p ? p.type : typeIn(p.sourceId, p.column.toLowerCase());
      const named = 'type' in p || own !== undefined ? undefined : kindFromName(p.column);
      const type = own ?? (named !== undefined && UNION_TYPED.has(named) ? DEFAULT_TYPE[named] : undefined);
      if (type !== undefined && UNION_TYPED.has(typeFamily(type) ?? 'text')) return type;
    }
    return undefined;
  };
  // One source's columns: declared first, then any column the models read that the declaration leaves out.
  const columnsOf = (s: SourceNode): { declared: UsedColumn[]; used: UsedColumn[]; listers: readonly ModelNode[] | undefined } => {
    const declaredColumns = Object.values(s.columns);
    const known = new Set(declaredColumns.map((c) => c.name.toLowerCase()));
    const read = readFrom(s.uniqueId).map((c): UsedColumn => {
      // A time a joined column is cast to (`d::date = t.x`) says x holds a time, not which: a name that says a date or
      // timestamp keeps its own (Snowflake compares a DATE with a TIMESTAMP by converting the DATE).
      const joinedTime = (t: string | undefined): string | undefined =>
        t !== undefined && TIME_KINDS.has(typeFamily(t) ?? 'text') && TIME_KINDS.has(columnKind(c.name, undefined)) ? undefined : t;
      const type = c.dataType
        ? undefined
        : (partnerType(s.uniqueId, c.name) ??
          numbers.get(`${s.uniqueId}|${c.name.toLowerCase()}`) ??
          declaredDownstream.get(`${s.uniqueId}|${c.name.toLowerCase()}`) ??
          joinedTime(joinedType(s.uniqueId, c.name)) ??
          unionedType(s.uniqueId, c.name));
      // Text its uses say (a cast to VARCHAR takes anything) yields to the type of a column it is joined with.
      const text = (type ?? c.dataType) !== undefined && typeFamily(type ?? c.dataType!) === 'text' && !c.textOf;
      const dataType = (text ? joinedType(s.uniqueId, c.name) : undefined) ?? type;
      const typed = dataType ? { ...c, dataType } : c;
      // A number its name alone says, beside text with words in a UNION (union-numbers.ts), is text.
      if ((c.typeByName || (c.dataType === undefined && dataType === undefined)) && unionedWithText.has(`${s.uniqueId}|${c.name.toLowerCase()}`)) {
        const { typeByName: _name, ...rest } = c;
        return { ...rest, dataType: 'VARCHAR' };
      }
      // Text a UNION converts to NUMBER (union-numbers.ts) holds digits.
      return unionedDigits(s.uniqueId, typed) ?? typed;
    });
    // Nothing names a column of it, but a model lists its schema and unions what it finds: it holds what the
    // union's consumers read (columns of the same name in every table of the schema, as event tables have).
    const listers = declaredColumns.length === 0 && read.length === 0 ? listedBy.get(s.uniqueId) : undefined;
    const used: UsedColumn[] = listers ? unionColumns(listers) : read.filter((c) => !known.has(c.name.toLowerCase()));
    // A declared column without a data_type takes the type its uses imply (SUM(x) means a number).
    const usedAs = new Map(read.map((c) => [c.name.toLowerCase(), c]));
    const declared = declaredColumns.map((c): UsedColumn => {
      const use = usedAs.get(c.name.toLowerCase());
      const quoted = c.quote === true || use?.quoted === true ? { quoted: true } : {};
      const json = use?.json ? { json: use.json } : {};
      const given = use?.givenNames ? { givenNames: use.givenNames } : {};
      // Declared as text and cast to a number wherever a model says its type: text holding digits.
      // So is text a UNION puts beside a number (union-numbers.ts).
      const unioned = typeFamily(c.dataType ?? '') === 'text' && unionedWithNumbers.has(`${s.uniqueId}|${c.name.toLowerCase()}`) ? 'integer' : undefined;
      const castTo = use?.castToNumber ?? unioned;
      const digits = castTo && typeFamily(c.dataType ?? '') === 'text' ? { textOf: castTo } : {};
      return c.dataType ? { name: c.name, dataType: c.dataType, ...quoted, ...json, ...given, ...digits } : { ...(use ?? {}), name: c.name, ...quoted };
    });
    return { declared, used, listers };
  };
  // Sources a model star-UNIONs share one column list (star-union.ts), the same for each: the group's in id order.
  const starGroups = starUnionGroups(project);
  const plans: TablePlan[] = [];
  for (const s of sources) {
    if (s.relation.schema.toLowerCase() === 'information_schema') {
      // The twin answers INFORMATION_SCHEMA itself, from the tables it holds.
      const error = new SamplePlanError(`source ${s.sourceName}.${s.name} is ${s.relation.database}.INFORMATION_SCHEMA.${s.relation.identifier.toUpperCase()}, which the twin answers from the tables it holds: not sampled.`, s.location.file);
      if (!options.onSkip) throw error;
      options.onSkip(error);
      continue;
    }
    const own = columnsOf(s);
    const group = starGroups.get(s.uniqueId);
    const { declared, listers } = own;
    const used = group
      ? group.flatMap((id) => {
          const member = id === s.uniqueId ? own : columnsOf(project.sources.get(id)!);
          return [...member.declared, ...member.used];
        })
      : own.used;
    if (declared.length === 0 && used.length === 0 && writtenNamesOf(s)) {
      const error = new SamplePlanError(`table ${s.sourceName}.${s.name}, which the models read by name and nothing in the project creates, has no column any model names: not sampled (create it on the twin, or declare it as a source with its columns).`, s.location.file);
      if (!options.onSkip) throw error;
      options.onSkip(error);
      continue;
    }
    if (declared.length === 0 && used.length === 0) {
      const error = new SamplePlanError(
        `source ${s.sourceName}.${s.name} declares no columns and no model names any column of it${listers ? ` (nor any model downstream of ${listers.map((m) => m.name).join(', ')}, which list${listers.length === 1 ? 's' : ''} its schema)` : ''}: declare its columns (name and data_type) in ${s.originalFilePath}, or sample it from Snowflake with --from TARGET.`,
        s.location.file,
      );
      if (!options.onSkip) throw error;
      options.onSkip(error);
      continue;
    }
    const constraints = constraintsBySource.get(s.uniqueId) ?? new Map<string, Constraint>();
    // `"ContactFirstName"` and `contactfirstname` are two columns on Snowflake but one name to DuckDB, which
    // binds either spelling to whichever the table has: the first is kept.
    const seen = new Set<string>();
    const all = (group ? used : [...declared, ...used]).filter((c) => !seen.has(c.name.toLowerCase()) && seen.add(c.name.toLowerCase()));
    for (const column of tested.get(s.uniqueId) ?? []) if (!seen.has(column.toLowerCase()) && seen.add(column.toLowerCase())) all.push({ name: column });
    const names = all.map((c) => c.name);
    uniqueOffTimes(constraints, all, () => ({}));
    const key = pickKey(s, names, constraints);
    const updatedAt = names.find((n) => UPDATED_AT.test(n)) ?? names.find((n) => s.loadedAtField && n.toLowerCase() === s.loadedAtField.toLowerCase());
    const loadedAt = names.find((n) => n !== updatedAt && ((s.loadedAtField && n.toLowerCase() === s.loadedAtField.toLowerCase()) || LOADED_AT.test(n)));
    const notBefore = (name: string, c: Constraint): string | undefined => {
      const start = c.notBefore ? names.find((n) => n.toLowerCase() === c.notBefore!.toLowerCase()) : startOf(name, names);
      return start && start !== key && start !== name ? start : undefined;
    };
    // The column of this source a relationships test names, when it is another column than the tested one.
    const sameSourceColumn = (column: string, tested: string): string | undefined => {
      const found = names.find((n) => n.toLowerCase() === column.toLowerCase());
      return found && found.toLowerCase() !== tested.toLowerCase() ? found : undefined;
    };
    const seedValuesOf = (name: string): Array<string | null> | undefined => covered.get(s.uniqueId)?.get(name.toLowerCase());
    const columns: ColumnPlan[] = names.map((name, i) => {
      const tested = constraints.get(name.toLowerCase()) ?? {};
      // (A macro's lookup key in a table nothing declares holds the values it looks up: usage.ts.)
      const pivots = tested.accepted ? undefined : (pivotedOf(all[i]) ?? all[i].lookedUp);
      const c: Constraint = pivots ? { ...tested, accepted: pivots } : tested;
      const declaredType = all[i].dataType;
      const isTime = name === updatedAt || name === loadedAt;
      // Text that the models parse (TRY_TO_TIMESTAMP(x)) holds values of the parsed kind, written as text.
      const textOf = all[i].textOf;
      // A sequence test subtracts one value from the next: a column only the models type is a number (algorand's ROUND).
      const stepped = c.step !== undefined && !declared.includes(all[i]) && !/^(NUMBER|NUMERIC|DECIMAL|INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT|FLOAT|DOUBLE|REAL)\b/i.test(declaredType ?? '');
      const kind: ValueKind = stepped
        ? 'integer'
        : c.accepted
        ? 'category'
        : name === key
          ? // A key whose text must be digits (cast to a number, or beside one in a UNION) holds digits still.
            textOf === 'integer'
            ? 'integer'
            : columnKind(name, declaredType) === 'version' || columnKind(name, declaredType) === 'ip'
            ? columnKind(name, declaredType)
            : 'id'
          : (textOf ?? ((isTime && !declaredType) || all[i].epoch || (c.onUnit && !declaredType) ? 'timestamp' : declaredType ? columnKind(name, declaredType) : numberIfBounded(columnKind(name, undefined), c)));
      return {
        name,
        quoted: all[i].quoted === true,
        dataType: stepped ? DEFAULT_TYPE.integer : (declaredType ?? DEFAULT_TYPE[kind]),
        kind,
        // Software reports its own version: a telemetry row without one is not dirt the models expect (mattermost
        // counts the versions a server reported each day and tests the count is at least 1).
        notNull: c.notNull === true || name === updatedAt || kind === 'version',
        unique: c.unique === true,
        ...(c.accepted ? { accepted: c.accepted } : {}),
        ...(c.min !== undefined ? { min: c.min } : {}),
        ...(c.max !== undefined ? { max: c.max } : {}),
        ...(c.references && c.references.sourceId !== s.uniqueId && !(c.references.traced && paired.get(s.uniqueId)?.has(name.toLowerCase())) ? { references: { sourceId: c.references.sourceId, column: c.references.column } } : {}),
        ...(c.references && c.references.sourceId === s.uniqueId && sameSourceColumn(c.references.column, name) ? { sameAs: sameSourceColumn(c.references.column, name) } : {}),
        ...(notBefore(name, c) ? { notBefore: notBefore(name, c) } : {}),
        ...(c.recent && !c.recent.paths ? { recent: c.recent.seconds } : {}),
        ...(c.step !== undefined ? { step: c.step } : {}),
        // A length is a text's (a number's digits are its printing's); a key drawn from another table keeps that table's values.
        ...(c.length !== undefined && typeFamily(declaredType ?? DEFAULT_TYPE[kind]) === 'text' && !c.accepted && !c.references ? { length: c.length } : {}),
        // Branch b of a UNION a unique test is on starts its values b strides on (a stride past any table's row count).
        ...(c.unionBranch && c.unique && !c.accepted && c.min === undefined && c.max === undefined ? { offset: c.unionBranch * 10 ** Math.max(6, String(options.rows * 10).length) } : {}),
        // Rows per value of a column that is no day (a text's values) are not the days the per-day tables share.
        ...(c.perDay && ['date', 'timestamp', 'timestamp_tz'].includes(kind) ? { perDay: c.perDay } : {}),
        ...(c.distinct && !c.unique ? { distinct: c.distinct } : {}),
        // A share of a value the column's accepted_values leave out cannot be met without failing that test.
        ...(c.share && !c.unique && (!c.accepted || c.accepted.some((v) => String(v) === c.share!.value)) ? { share: c.share } : {}),
        // Padded and re-cased spellings are more distinct values, and not the value a share counts.
        dirty: !options.clean && ['text', 'person', 'company'].includes(kind) && !c.unique && !c.keyMember && !c.references && !isPrinted(all[i]) && !c.distinct && !c.share && !c.countOrder && c.length === undefined,
        ...(c.countOrder && !c.unique && typeFamily(declaredType ?? DEFAULT_TYPE[kind]) === 'text' ? dealtInGroupsOf(c.countOrder, c.accepted) : {}),
        origin: declared.includes(all[i]) ? 'declared' : 'models',
        ...(kind === 'json' && all[i].json ? { json: c.recent?.paths ? markRecent(all[i].json!, c.recent.paths, c.recent.seconds) : all[i].json } : {}),
        // A key a macro looks rows up by holds each value looked up, row i the i-th in turn, as a seed's values are held.
        ...(seedValuesOf(name) ? { seedValues: seedValuesOf(name), dirty: false } : all[i].lookedUp && !tested.accepted ? { seedValues: all[i].lookedUp, dirty: false } : {}),
        ...(all[i].epoch && kind === 'timestamp' ? { epoch: all[i].epoch } : {}),
        // One value, always there: a NULL or a re-spelled one beside it is a second row of `SELECT DISTINCT`.
        ...(c.oneValue && !c.unique ? { oneValue: true, notNull: true, dirty: false, distinct: { min: 1, max: 1 } } : {}),
        ...comparedOf(c, kind, declaredType ?? DEFAULT_TYPE[kind], name === updatedAt || name === loadedAt || seedValuesOf(name) !== undefined || (all[i].lookedUp !== undefined && !tested.accepted)),
      };
    });
    // Paired columns hold the pairing in every row: no padded or re-cased spellings that would count as other values,
    // and no stray NULLs (the NULLs of the grouped column are one group of their own, with many partners).
    for (const column of columns) {
      const p = paired.get(s.uniqueId)?.get(column.name.toLowerCase());
      // Accepted values pair as the values themselves (sql.ts: the group has no more indexes than values).
      const acceptedPairs = column.accepted !== undefined && column.kind === 'category' && column.name !== key && asStored(column.accepted, column.dataType).length > 0;
      if (!p || (column.accepted && !acceptedPairs) || column.references || (column.unique && column.name !== key) || !['id', 'text', 'integer', 'decimal', 'float', 'person', 'company', 'category'].includes(column.kind)) continue;
      column.pairing = p;
      column.dirty = false;
      column.notNull = true;
    }
    // A unique test's pairing (GROUP BY / SELECT DISTINCT) holds only when every member pairs (a timestamp does not):
    // else the tested column is unique, which meets the test alone.
    for (const [at, owner] of uniqueGroups) {
      const [sourceId, g] = [at.slice(0, at.lastIndexOf('|')), Number(at.slice(at.lastIndexOf('|') + 1))];
      if (sourceId !== s.uniqueId) continue;
      const members = [...(paired.get(sourceId) ?? [])].filter(([, p]) => p.group === g).map(([name]) => name);
      if (members.every((m) => columns.some((c) => c.name.toLowerCase() === m && c.pairing?.group === g))) continue;
      for (const column of columns) {
        if (column.pairing?.group === g) delete column.pairing;
        if (column.name.toLowerCase() === owner) column.unique = true;
      }
    }
    // Text the models convert to a number under another name (numbers-in-text.ts): digits.
    const plain = (column: ColumnPlan): boolean =>
      typeFamily(column.dataType) === 'text' && !column.accepted && !column.references && !column.sameAs && !column.seedValues && !column.pairing && !column.unique && column.name !== key;
    for (const n of numbersInText(project, s, names, options.rendered)) {
      const column = columns.find((c) => c.name.toLowerCase() === n.column.toLowerCase());
      if (column?.json && n.path.length > 0) column.json = withNumberLeaf(column.json, n.path, n.kind);
      else if (column && n.path.length === 0 && column.kind === 'text' && plain(column)) {
        column.kind = n.kind;
        column.dirty = false;
      }
    }
    // Text the models cut a date out of (dates-in-text.ts): its cut piece holds a date in the format they parse.
    for (const dated of datesInText(project, s, names, options.rendered)) {
      const column = columns.find((c) => c.name.toLowerCase() === dated.column.toLowerCase());
      if (!column) continue;
      if (dated.path.length > 0) {
        if (column.json) column.json = withDateText(column.json, dated.path, dated.text);
        continue;
      }
      if (!plain(column)) continue;
      column.dateText = dated.text;
      column.dirty = false;
    }
    // An external table's file name (a partition computed from METADATA$FILENAME) is never NULL nor dirty: Snowflake
    // fills it from the file each row came from (external-names.ts).
    const external = externalFilesOf(project, s);
    for (const column of columns) {
      if (external?.fileColumns.has(column.name.toLowerCase())) {
        column.notNull = true;
        column.dirty = false;
      }
    }
    unifyCoalesced(columns, all);
    // A table only the project's macros read: its rows reach templates through run_query, and no model cleans them
    // (the dirt below is for the models to clean), so none is written (robling's checkpoint table: a NULL
    // SRC_SYSTEM became a None key beside text ones, which `tojson` cannot sort).
    const clean = options.clean || options.templateOnly?.has(s.uniqueId) === true;
    if (clean) for (const column of columns) column.dirty = false;
    const keyPlan = columns.find((c) => c.name === key);
    const lookedUp = (c: ColumnPlan): boolean => all.some((a) => a.name === c.name && a.lookedUp !== undefined && a.lookedUp.length > 0);
    // A control table only the project's macros read, looked up by a literal key (`WHERE PARAM_NAME = 'CURR_DAY'`, then
    // `values()[0]`): a parameter table, one row per parameter; 100 rows of CURR_DAY made the business day whichever
    // the first row held, and robling's facts filtered against it kept a random part of the window. A date it holds (the
    // business day, a watermark) is the window's newest day, the day the sampled facts run up to.
    const parameterKey = options.templateOnly?.has(s.uniqueId) ? columns.find((c) => lookedUp(c) && c.seedValues !== undefined && c.seedValues.length > 0 && !c.references) : undefined;
    if (parameterKey) {
      parameterKey.unique = true;
      for (const c of columns) {
        if (c === parameterKey || c.references || c.sameAs || c.accepted || c.seedValues || !(TIME_KINDS.has(c.kind) || c.dateText)) continue;
        c.oneValue = true;
        c.notNull = true;
        c.dirty = false;
      }
    }
    const uniqueSeeded = columns.find((c) => c.unique && lookedUp(c) && c.seedValues !== undefined && c.seedValues.length > 0 && new Set(c.seedValues).size === c.seedValues.length);
    const readers = readersOf(project, s.uniqueId);
    const dropsNullKeys = key !== undefined && readers.length > 0 && readers.every((m) => new RegExp(`\\b${key}\\s+is\\s+not\\s+null\\b`, 'i').test(m.rawCode));
    const canRepeat = !options.clean && key !== undefined && updatedAt !== undefined && dedupBy.get(s.uniqueId) === true && !keyPlan?.unique;
    plans.push({
      sourceId: s.uniqueId,
      label: `${s.sourceName}.${s.name}`,
      relation: snowflakeStoredRelation(s.relation, s.quoting),
      // Enough rows for every seed row a test asks for (seed-coverage.ts); a unique column held to the values looked up
      // by it holds each once (a control table keyed by PARAM_NAME: one row per name the models ask for).
      rows: uniqueSeeded ? uniqueSeeded.seedValues!.length : Math.max(options.rows, ...columns.map((c) => c.seedValues?.length ?? 0)),
      columns,
      ...(key ? { key } : {}),
      ...(updatedAt ? { updatedAt } : {}),
      ...(loadedAt ? { loadedAt } : {}),
      duplicates: canRepeat ? Math.floor(options.rows * 0.05) : 0,
      nullKeys: !clean && dropsNullKeys && !keyPlan?.notNull ? Math.floor(options.rows * 0.01) : 0,
      sparseNulls: !clean,
    });
  }
  dayPartners(plans, everyDay);
  // Per-day tests share their days where each one's bounds allow (test-counts.ts).
  const perDay = plans.flatMap((p) => p.columns.filter((c) => c.perDay).map((c) => ({ rows: p.rows, perDay: c.perDay!, c })));
  const days = sharedDays(perDay);
  if (days !== undefined) {
    for (const { rows, c } of perDay) if (c.perDay!.max === undefined || Math.ceil(rows / days) <= c.perDay!.max) c.perDay = { ...c.perDay!, days };
  }
  // Declarations of one stored table are one table on the twin (shared-relations.ts).
  const merged = mergeSharedRelations(plans);
  // A referenced key of lettered text beside a referencing column of numbers holds digits (reference-digits.ts).
  referencedKeysFollowNumbers(merged);
  comparedReferences(merged);
  return orderByReferences(merged);
}

/**
 * A column drawn from the values of another (a relationships test, a join every row must match) holds the literals a
 * model compares it with only where that column holds them too (its own comparisons, model-comparisons.ts): a key
 * sampled from silver__asset's ids holds the asset ids silver__price_swap keeps only once silver__asset holds them.
 */
function comparedReferences(plans: readonly TablePlan[]): void {
  const byId = new Map(plans.map((p) => [p.sourceId, p]));
  for (const p of plans) {
    for (const c of p.columns) {
      if (!c.compared || !c.references) continue;
      const to = byId.get(c.references.sourceId)?.columns.find((x) => x.name.toLowerCase() === c.references!.column.toLowerCase());
      const held = new Set((to?.compared ?? []).map(String));
      const kept = c.compared.filter((v) => held.has(String(v)));
      if (kept.length > 0) c.compared = kept;
      else delete c.compared;
    }
  }
}

/** A relation a query writes, as the project's node it is: a source (declared, or a table planned as one) or a model. */
function writtenNode(project: ProjectModel, written: WrittenRelation): { sourceId: string } | { modelId: string } | undefined {
  if ('ref' in written) {
    const model = [...project.models.values()].find((m) => m.name === written.ref);
    return model ? { modelId: model.uniqueId } : undefined;
  }
  if ('source' in written) {
    const source = [...project.sources.values()].find((s) => s.sourceName === written.source[0] && s.name === written.source[1]);
    return source ? { sourceId: source.uniqueId } : undefined;
  }
  // A one-part name may be a CTE's: only a schema-qualified name is read as a table.
  if (written.parts.length < 2) return undefined;
  const want = written.parts.join('.');
  const spelled = (r: RelationName): string[] => {
    const full = relationParts(r);
    return [full.join('.'), full.slice(1).join('.')];
  };
  const found: Array<{ sourceId: string } | { modelId: string }> = [];
  for (const s of project.sources.values()) {
    const names = [...(writtenNamesOf(s)?.map((p) => p.join('.')) ?? []), ...spelled(s.relation)];
    if (names.includes(want.toLowerCase())) found.push({ sourceId: s.uniqueId });
  }
  for (const m of project.models.values()) if (m.config.enabled !== false && spelled(m.relation).includes(want.toLowerCase())) found.push({ modelId: m.uniqueId });
  return found.length === 1 ? found[0] : undefined;
}

/** A source column a query uses as a value and a source column compared with it (plan.ts `dayPartners`). */
interface DayPartner {
  one: SourceColumn;
  partner: SourceColumn;
  /** Compared for equality (a lookup by the value), not for order. */
  equal: boolean;
}

/** What the project's queries say of the values they read as one (scalar-subqueries.ts). */
interface OneValues {
  partners: DayPartner[];
  /** Sources read whole as a value (`(SELECT col FROM t)`, no DISTINCT): one row, or the query fails. */
  oneRow: Set<string>;
}

/**
 * The columns the project's queries use as one value (scalar-subqueries.ts) — in the models' SQL, the queries their
 * templates asked while rendering (`asked`), and the project's macros — constrained to one value in their sources
 * through `add`; returned, the source columns compared with each, for `dayPartners`.
 */
function oneValueColumns(
  project: ProjectModel,
  asked: readonly string[],
  listed: ReadonlyMap<string, readonly string[]>,
  add: (sourceId: string, column: string, c: Constraint) => void,
): OneValues {
  const texts = [
    ...[...project.models.values()].filter((m) => m.resourceType === 'model' && m.config.enabled !== false && m.language !== 'python').map((m) => outsideMacroBlocks(m.rawCode)),
    ...macroSqlTexts(project).map((p) => p.text),
    ...asked,
  ];
  const traced = (node: { sourceId: string } | { modelId: string }, column: string, c: Constraint): Array<{ sourceId: string; column: string; c: Constraint }> =>
    'sourceId' in node ? [{ sourceId: node.sourceId, column, c }] : sourceColumnsOfModelTest(project, node.modelId, column, c, 0, listed, true);
  const out: OneValues = { partners: [], oneRow: new Set() };
  const seen = new Set<string>();
  for (const read of texts.flatMap((t) => (/\(\s*select\b/i.test(t) ? oneValueReads(t) : []))) {
    const node = writtenNode(project, read.relation);
    if (!node) continue;
    // Without DISTINCT, a table (not a model, whose rows its SQL decides) holds one row.
    if (!read.distinct && 'sourceId' in node) out.oneRow.add(node.sourceId);
    const ones = read.distinct
      ? traced(node, read.column, { oneValue: true, notNull: true }).filter((b) => b.c.oneValue)
      : 'sourceId' in node
        ? [{ sourceId: node.sourceId, column: read.column, c: {} }]
        : [];
    if (read.distinct) for (const b of ones) add(b.sourceId, b.column, { oneValue: true, notNull: true });
    const other = read.partner ? writtenNode(project, read.partner.relation) : undefined;
    if (!other || ones.length !== 1) continue;
    for (const p of traced(other, read.partner!.column, {})) {
      const equal = read.partner!.op === '=';
      const key = `${ones[0].sourceId}|${ones[0].column}|${p.sourceId}|${p.column}|${equal}`.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.partners.push({ one: { sourceId: ones[0].sourceId, column: ones[0].column }, partner: { sourceId: p.sourceId, column: p.column }, equal });
    }
  }
  return out;
}

/**
 * A column compared with a time a query reads as one value is a time too, typed as it when only the models' uses
 * typed it (robling's DAY_KEY, an id's text by its name, beside `>= (SELECT TY_START_DT FROM …CURR_TIM_LU)`). Compared
 * with `=` to one value (one-valued, or of a one-row table), it holds every day of the window, the one day among
 * them (robling's `DAY_KEY = (SELECT DISTINCT EFF_START_DT FROM …)`: the day dimension must hold the landing file's day).
 */
function dayPartners(plans: readonly TablePlan[], { partners, oneRow }: OneValues): void {
  for (const plan of plans) {
    if (!oneRow.has(plan.sourceId)) continue;
    // One row: no repeated key, no stray NULL in the value read.
    plan.rows = 1;
    plan.duplicates = 0;
    plan.nullKeys = 0;
    plan.sparseNulls = false;
  }
  const tableOf = (c: SourceColumn): TablePlan | undefined => plans.find((p) => p.sourceId === c.sourceId);
  const columnOf = (c: SourceColumn): ColumnPlan | undefined => tableOf(c)?.columns.find((x) => x.name.toLowerCase() === c.column.toLowerCase());
  for (const { one, partner, equal } of partners) {
    const [o, p] = [columnOf(one), columnOf(partner)];
    if (!o || !p || o === p || !TIME_KINDS.has(o.kind)) continue;
    if (p.origin === 'models' && !p.accepted && !p.seedValues && p.kind !== o.kind) {
      p.kind = o.kind;
      p.dataType = o.dataType;
    }
    // (A unique column holds a day once, not each day in turn.)
    if (!equal || !(o.oneValue || tableOf(one)?.rows === 1)) continue;
    if (p.references || p.sameAs || p.accepted || p.seedValues || p.oneValue || p.unique) continue;
    if (p.kind !== o.kind) continue;
    p.everyDay = true;
    p.dirty = false;
    p.notNull = true;
    if (o.recent !== undefined && o.oneValue) p.recent = o.recent;
    delete p.perDay;
    // The calendar's period columns bound the key's day (a lookup of the day reads its month's first and last day).
    const table = plans.find((t) => t.columns.includes(p))!;
    for (const c of table.columns) {
      const period = c !== p && TIME_KINDS.has(c.kind) && !c.references && !c.sameAs && !c.accepted && !c.seedValues && !c.unique ? periodOfName(c.name) : undefined;
      if (!period) continue;
      c.periodOf = { day: p.name, ...period };
      c.notNull = true;
      delete c.notBefore;
    }
  }
}

/** Referenced tables first, so a relationship's values exist when the referencing table is written. */
function orderByReferences(plans: TablePlan[]): TablePlan[] {
  const byId = new Map(plans.map((p) => [p.sourceId, p]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: TablePlan[] = [];
  const visit = (p: TablePlan): void => {
    if (done.has(p.sourceId) || visiting.has(p.sourceId)) return;
    visiting.add(p.sourceId);
    for (const c of p.columns) {
      const dep = c.references ? byId.get(c.references.sourceId) : undefined;
      if (dep) visit(dep);
    }
    visiting.delete(p.sourceId);
    done.add(p.sourceId);
    out.push(p);
  };
  for (const p of plans) visit(p);
  return out;
}
