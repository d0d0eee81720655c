// dbt's Relation and Column objects as templates see them: `ref()`, `source()`, `this`, `adapter.get_relation`,
// `api.Relation.create` and `adapter.get_columns_in_relation` return these. A Relation is a mapping (dbt_utils
// checks `obj is mapping and obj.get('metadata').get('type').endswith('Relation')`) with dbt's attributes and
// methods; it prints as `database.schema.identifier` with dbt's include and quote policies applied.
import type { ColumnDef, RelationName, RelationType } from '../core/types';
import { TemplateError } from './errors';
import { JinjaObject } from './values';

type Part = 'database' | 'schema' | 'identifier';
const PARTS: readonly Part[] = ['database', 'schema', 'identifier'];
type Policy = Record<Part, boolean>;

/** dbt's relation types; Bronze's warehouse knows tables and views, packages also name these. */
export type AnyRelationType = RelationType | 'cte' | 'materialized_view' | 'dynamic_table' | 'external' | null;

export interface RelationSpec {
  path: Partial<RelationName>;
  type?: AnyRelationType;
  include?: Partial<Policy>;
  quote?: Partial<Policy>;
  /** The target's adapter type: names the Python class (`SnowflakeRelation`) that packages test for. */
  adapterType?: string;
  /**
   * dbt's `limit` (set by `--empty` on refs and sources): the relation prints as a subquery of at most that many
   * rows (`(select * from x where false limit 0)`), while `render()` stays the plain name.
   */
  limit?: number | null;
  /**
   * dbt's `event_time_filter` (a microbatch model's batch, on an input configured with `event_time`): the relation
   * prints as `(select * from x where <field> >= '<start>' and <field> < '<end>')` around any limit subquery, with no
   * alias (dbt-snowflake's require_alias is False), while `render()` stays the plain name (dbt's opt-out).
   */
  eventTimeFilter?: EventTimeFilter;
}

/** dbt's EventTimeFilter: the column and the bounds as their `str()` texts (`2024-09-17 00:00:00+00:00`). */
export interface EventTimeFilter {
  field: string;
  start?: string;
  end?: string;
}

/** dbt's BaseRelation._render_event_time_filtered: the WHERE condition, '' when neither bound is set. */
export function eventTimeCondition(f: EventTimeFilter): string {
  if (f.start && f.end) return `${f.field} >= '${f.start}' and ${f.field} < '${f.end}'`;
  if (f.start) return `${f.field} >= '${f.start}'`;
  if (f.end) return `${f.field} < '${f.end}'`;
  return '';
}

const ADAPTER_CLASS: Record<string, string> = { snowflake: 'Snowflake', duckdb: 'DuckDB', postgres: 'Postgres', bigquery: 'BigQuery' };
const adapterClass = (t: string | undefined) => (t ? (ADAPTER_CLASS[t] ?? '') : '');

/** Python-style positional-or-keyword arguments. */
function named(args: unknown[], kwargs: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  names.forEach((n, i) => {
    if (Object.hasOwn(kwargs, n)) out[n] = kwargs[n];
    else if (i < args.length) out[n] = args[i];
  });
  return out;
}

function policyArgs(args: unknown[], kwargs: Record<string, unknown>): Partial<Policy> {
  const k = named(args, kwargs, PARTS as string[]);
  const out: Partial<Policy> = {};
  for (const p of PARTS) if (k[p] !== undefined && k[p] !== null) out[p] = Boolean(k[p]);
  return out;
}

function isRelation(v: unknown): v is JinjaObject {
  return v instanceof JinjaObject && v.hooks.typeName === 'Relation';
}

/** The path of any relation value (Relation object, or a mapping with database/schema/identifier). */
export function relationPath(v: unknown): RelationName | undefined {
  if (!(v instanceof JinjaObject) || !isRelation(v)) return undefined;
  const { database, schema, identifier } = v.attrs as Record<string, unknown>;
  return { database: String(database ?? ''), schema: String(schema ?? ''), identifier: String(identifier ?? '') };
}

/** A relation's name as dbt prints it under a quote policy (every part included): manifest.json's relation_name. */
export function quotedRelationName(path: RelationName, quote: Partial<Policy> = {}): string {
  return renderParts(path, { database: true, schema: true, identifier: true }, { database: false, schema: false, identifier: false, ...quote });
}

/** Renders a relation: included parts, joined by dots, quoted where the quote policy says so. */
function renderParts(path: Partial<RelationName>, include: Policy, quote: Policy): string {
  const out: string[] = [];
  for (const p of PARTS) {
    const v = path[p];
    if (!include[p] || v === undefined || v === null || v === '') continue;
    out.push(quote[p] ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  }
  return out.join('.');
}

/** A dbt Relation object. */
export function makeRelation(spec: RelationSpec): JinjaObject {
  const path = { ...spec.path };
  const type = spec.type ?? null;
  const include: Policy = { database: true, schema: true, identifier: true, ...spec.include };
  const quote: Policy = { database: false, schema: false, identifier: false, ...spec.quote };
  const text = renderParts(path, include, quote);
  const limit = spec.limit ?? null;
  const limited = limit === null ? text : limit === 0 ? `(select * from ${text} where false limit 0)` : `(select * from ${text} limit ${limit})`;
  // The limit subquery is wrapped by the event-time filter, not the other way around (dbt's __str__).
  const condition = spec.eventTimeFilter ? eventTimeCondition(spec.eventTimeFilter) : '';
  const printed = condition ? `(select * from ${limited} where ${condition})` : limited;
  const with_ = (change: Partial<RelationSpec>) =>
    makeRelation({ type, include, quote, adapterType: spec.adapterType, limit, eventTimeFilter: spec.eventTimeFilter, ...change, path: { ...path, ...change.path } });
  const className = `${adapterClass(spec.adapterType)}Relation`;
  const asDict = (): Record<string, unknown> => ({
    path: { database: path.database ?? null, schema: path.schema ?? null, identifier: path.identifier ?? null },
    type,
    quote_policy: { ...quote },
    include_policy: { ...include },
    quote_character: '"',
    metadata: { type: className },
    database: path.database ?? null,
    schema: path.schema ?? null,
    identifier: path.identifier ?? null,
  });
  const attrs: Record<string, unknown> = {
    database: path.database ?? null,
    schema: path.schema ?? null,
    identifier: path.identifier ?? null,
    name: path.identifier ?? null,
    table: path.identifier ?? null,
    type,
    path: { database: path.database ?? null, schema: path.schema ?? null, identifier: path.identifier ?? null },
    quote_policy: { ...quote },
    include_policy: { ...include },
    quote_character: '"',
    metadata: { type: className },
    is_table: type === 'table',
    is_view: type === 'view',
    is_cte: type === 'cte',
    is_materialized_view: type === 'materialized_view',
    is_dynamic_table: type === 'dynamic_table',
    // dbt-snowflake's table_format: Bronze's relations are Snowflake's own tables (Iceberg ones are refused where built).
    is_iceberg_format: false,
    get_ddl_prefix_for_alter: () => '',
    can_exchange: false,
    limit,
    render: () => text,
    render_limited: () => limited,
    get: (args: unknown[], kwargs: Record<string, unknown>) => {
      const k = named(args, kwargs, ['key', 'default']);
      const d = asDict();
      const key = String(k.key);
      return Object.hasOwn(d, key) ? d[key] : (k.default ?? null);
    },
    to_dict: () => asDict(),
    incorporate: (args: unknown[], kwargs: Record<string, unknown>) => {
      const k = named(args, kwargs, ['path', 'type']);
      const p = (k.path ?? {}) as Partial<RelationName>;
      return with_({ path: p, type: k.type === undefined ? type : (k.type as AnyRelationType) });
    },
    include: (args: unknown[], kwargs: Record<string, unknown>) => with_({ include: { ...include, ...policyArgs(args, kwargs) } }),
    quote: (args: unknown[], kwargs: Record<string, unknown>) => with_({ quote: { ...quote, ...policyArgs(args, kwargs) } }),
    replace_path: (args: unknown[], kwargs: Record<string, unknown>) => with_({ path: named(args, kwargs, PARTS as string[]) as Partial<RelationName> }),
    without_identifier: () => with_({ include: { ...include, identifier: false } }),
    information_schema: (args: unknown[]) => {
      const view = args[0] === undefined || args[0] === null ? undefined : String(args[0]);
      return makeRelation({
        path: { database: path.database, schema: 'information_schema', identifier: view },
        include: { database: true, schema: true, identifier: view !== undefined },
        adapterType: spec.adapterType,
      });
    },
  };
  return new JinjaObject(attrs, {
    str: () => printed,
    typeName: 'Relation',
    getItem: (key) => asDict()[String(key)],
    // Keys of the mapping (dbt's Relation iterates like its dict form).
    iter: () => Object.keys(asDict()),
    length: () => Object.keys(asDict()).length,
    truthy: () => true,
    equals: (other) => isRelation(other) && other.hooks.str?.() === text,
  });
}

/**
 * `api.Relation`: `create(database=, schema=, identifier=, type=)`. As dbt's RelationProxy does, the project's
 * `quoting:` is the quote policy a `quote_policy=` argument overrides part by part.
 */
export function relationApi(adapterType: string, quoting: Partial<Policy> = {}): JinjaObject {
  return new JinjaObject({
    create: (args: unknown[], kwargs: Record<string, unknown>) => {
      const k = named(args, kwargs, ['database', 'schema', 'identifier', 'type']);
      const path: Partial<RelationName> = {};
      for (const p of PARTS) if (k[p] !== undefined && k[p] !== null) path[p] = String(k[p]);
      const quotePolicy = kwargs.quote_policy as Partial<Policy> | undefined;
      const includePolicy = kwargs.include_policy as Partial<Policy> | undefined;
      return makeRelation({ path, type: (k.type as AnyRelationType) ?? null, quote: { ...quoting, ...quotePolicy }, include: includePolicy, adapterType });
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Columns

const STRING_TYPES = ['text', 'character varying', 'character', 'varchar', 'string', 'char'];
const FLOAT_TYPES = ['real', 'float', 'float4', 'float8', 'double', 'double precision'];
const INTEGER_TYPES = ['tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'int1', 'int2', 'int4', 'int8', 'byteint'];
const NUMERIC_TYPES = ['numeric', 'decimal', 'number'];

/** dbt's `Column.translate_type`: the one label it maps is STRING → TEXT. */
export function translateType(dtype: string): string {
  return dtype.toUpperCase() === 'STRING' ? 'TEXT' : dtype;
}

export function numericType(dtype: string, precision: unknown, scale: unknown): string {
  return precision === null || precision === undefined || scale === null || scale === undefined ? dtype : `${dtype}(${String(precision)},${String(scale)})`;
}

/**
 * Splits `VARCHAR(16777216)` / `NUMBER(38,0)` into base type and size, as dbt's Column.from_description does: one
 * number is a char_size whatever the type (`TIMESTAMP_NTZ(9)` too), two a precision and scale; ARRAY, OBJECT and
 * MAP texts stay whole (dbt-snowflake's SnowflakeColumn).
 */
function describe(raw: string): { dtype: string; charSize: number | null; precision: number | null; scale: number | null } {
  if (/^(array|object|map)/i.test(raw.trim())) return { dtype: raw.trim(), charSize: null, precision: null, scale: null };
  const m = /^([^(]+)(?:\(([^)]*)\))?/.exec(raw.trim());
  const dtype = (m?.[1] ?? raw).trim();
  const size = m?.[2]?.split(',').map((s) => Number(s.trim()));
  if (!size || size.some((n) => Number.isNaN(n))) return { dtype, charSize: null, precision: null, scale: null };
  if (size.length === 1) return { dtype, charSize: size[0], precision: null, scale: null };
  return { dtype, charSize: null, precision: size[0] ?? null, scale: size[1] ?? 0 };
}

/** Snowflake's COLLATE clause in a described text type (dbt-snowflake's SnowflakeColumn.from_description). */
const COLLATE = /collate\s+'([^']+)'(\s*rtrim)?/i;

/** A dbt Column (name, dtype, data_type, quoted, is_string() …) for a warehouse column of the given adapter. */
export function makeColumn(c: ColumnDef, adapterType: string): JinjaObject {
  const snowflake = adapterType === 'snowflake';
  // Snowflake's `describe table` type text is split into type and size (dbt's from_description), its collation apart;
  // other adapters read information_schema, whose data_type keeps the whole text (DuckDB: `DECIMAL(3,1)`).
  const collation = snowflake && /^(varchar|character varying|character|text)/i.test(c.dataType.trim()) ? (COLLATE.exec(c.dataType)?.[1] ?? null) : null;
  const d = snowflake ? describe(c.dataType.replace(COLLATE, '').trim()) : { dtype: c.dataType, charSize: null, precision: null, scale: null };
  const lower = d.dtype.toLowerCase();
  const isString = STRING_TYPES.includes(lower);
  const isFloat = FLOAT_TYPES.includes(lower);
  // Snowflake stores every integer as NUMBER(38,0): dbt's Snowflake column calls them numeric, never integer.
  const isInteger = !snowflake && INTEGER_TYPES.includes(lower);
  const isNumeric = snowflake ? [...NUMERIC_TYPES, ...INTEGER_TYPES].includes(lower) : NUMERIC_TYPES.includes(lower);
  const stringSize = () => {
    if (!isString) throw new TemplateError(`Called string_size() on non-string field! (column ${c.name}, ${c.dataType})`);
    return lower === 'text' || d.charSize === null ? (snowflake ? 16777216 : 256) : d.charSize;
  };
  // dbt's Column.data_type: any other type is its dtype (`TIMESTAMP_NTZ`, not the described `TIMESTAMP_NTZ(9)`).
  const dataType = isString ? `character varying(${stringSize()})` : isNumeric ? numericType(d.dtype, d.precision, d.scale) : d.dtype;
  const column: JinjaObject = new JinjaObject(
    {
      name: c.name,
      column: c.name,
      dtype: d.dtype,
      data_type: dataType,
      // dbt-snowflake's expanded_data_type: a text type with its collation (what a schema change compares and adds).
      expanded_data_type: collation !== null && isString ? `${dataType} collate '${collation}'` : dataType,
      char_size: d.charSize,
      numeric_precision: d.precision,
      numeric_scale: d.scale,
      ...(snowflake ? { collation } : {}),
      quoted: `"${c.name}"`,
      is_string: () => isString,
      is_number: () => isInteger || isNumeric || isFloat,
      is_float: () => isFloat,
      is_integer: () => isInteger,
      is_numeric: () => isNumeric,
      string_size: () => stringSize(),
      // dbt's Column.can_expand_to: both are text and the other is longer.
      can_expand_to: (args: unknown[], kwargs: Record<string, unknown>) => {
        const other = args[0] ?? kwargs.other_column;
        if (!isString || !(other instanceof JinjaObject) || typeof other.attrs.is_string !== 'function' || !(other.attrs.is_string as () => boolean)()) return false;
        return (other.attrs.string_size as () => number)() > stringSize();
      },
      literal: (args: unknown[]) => `${String(args[0])}::${dataType}`,
    },
    { str: () => `<Column ${c.name} (${c.dataType})>`, typeName: 'Column' },
  );
  return column;
}

/** `api.Column`: translate_type, numeric_type, string_type, create. */
export function columnApi(adapterType: string): JinjaObject {
  return new JinjaObject({
    translate_type: (args: unknown[]) => translateType(String(args[0])),
    numeric_type: (args: unknown[]) => numericType(String(args[0]), args[1], args[2]),
    string_type: (args: unknown[]) => `character varying(${String(args[0])})`,
    create: (args: unknown[], kwargs: Record<string, unknown>) => {
      const k = named(args, kwargs, ['name', 'label_or_dtype']);
      return makeColumn({ name: String(k.name), dataType: translateType(String(k.label_or_dtype)) }, adapterType);
    },
  });
}
