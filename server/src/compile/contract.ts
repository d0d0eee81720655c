// Model contracts (`contract: {enforced: true}`): the declared columns with their types and constraints, dbt's
// pre-flight comparison of the model's columns against them, and the DDL a contracted table is built with.
// Snowflake enforces only NOT NULL; primary_key, unique and foreign_key are metadata there and check is not
// supported. DuckDB would enforce all of them, so on DuckDB only NOT NULL is written: the same rows load on both.
import { BronzeError, type ModelNode, type NodeConfig, type RelationName, type SourceLocation, type TargetType } from '../core/types';
import { isPlainObject } from '../core/plain';
import { renderRelation } from './sql-text';
import { tokenizeSql } from '../core/sql/tokenize';
import { isTimestampTzStruct } from '../core/sql/snowflake-on-duckdb/timestamp-tz';

export type ConstraintType = 'not_null' | 'primary_key' | 'unique' | 'foreign_key' | 'check' | 'custom';

export interface Constraint {
  type: ConstraintType;
  name?: string;
  expression?: string;
  /** Model-level constraints: the columns they cover. */
  columns: string[];
  /** foreign_key: `ref('x')` / `source('s', 't')` text, and the referenced columns. */
  to?: string;
  toColumns: string[];
  warnUnenforced: boolean;
  warnUnsupported: boolean;
}

export interface ContractColumn {
  name: string;
  dataType: string;
  quote: boolean;
  constraints: Constraint[];
}

export interface Contract {
  columns: ContractColumn[];
  constraints: Constraint[];
}

const TYPES: readonly ConstraintType[] = ['not_null', 'primary_key', 'unique', 'foreign_key', 'check', 'custom'];

/** dbt-snowflake's CONSTRAINT_SUPPORT. */
const SNOWFLAKE_SUPPORT: Record<ConstraintType, 'enforced' | 'not_enforced' | 'not_supported'> = {
  not_null: 'enforced',
  primary_key: 'not_enforced',
  unique: 'not_enforced',
  foreign_key: 'not_enforced',
  check: 'not_supported',
  custom: 'not_enforced',
};

/** The config asks for an enforced contract (whether the materialization honours it or not). */
export function contractConfigured(config: NodeConfig): boolean {
  const c = config.contract;
  return isPlainObject(c) && c.enforced === true;
}

/**
 * Whether the build checks the model's contract. dbt-snowflake does not implement contracts for dynamic tables
 * (https://docs.getdbt.com/reference/resource-configs/snowflake-configs, dynamic tables' limitations: "Model
 * contracts" is among the dbt features not supported): its dynamic_table materialization creates the table from
 * the SQL as written, with no pre-flight comparison and no column list, so a dynamic_table's `enforced: true`
 * checks nothing there and Bronze checks nothing either.
 */
export function contractEnforced(config: NodeConfig): boolean {
  return contractConfigured(config) && config.materialized !== 'dynamic_table';
}

/** A dynamic_table whose config says `contract: {enforced: true}`, which dbt-snowflake leaves unchecked. */
export function contractIgnoredOnDynamicTable(config: NodeConfig): boolean {
  return contractConfigured(config) && config.materialized === 'dynamic_table';
}

function parseConstraint(raw: unknown, where: string, location: SourceLocation | undefined): Constraint {
  if (!isPlainObject(raw) || typeof raw.type !== 'string' || !(TYPES as readonly string[]).includes(raw.type)) {
    throw new BronzeError(
      `Invalid constraint ${JSON.stringify(raw)} on ${where}: each constraint needs a type, one of ${TYPES.join(', ')}.`,
      location,
      'bronze/contract-constraint',
    );
  }
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  const c: Constraint = {
    type: raw.type as ConstraintType,
    columns: strings(raw.columns),
    toColumns: strings(raw.to_columns),
    warnUnenforced: raw.warn_unenforced !== false,
    warnUnsupported: raw.warn_unsupported !== false,
  };
  if (typeof raw.name === 'string' && raw.name !== '') c.name = raw.name;
  if (typeof raw.expression === 'string' && raw.expression !== '') c.expression = raw.expression;
  if (typeof raw.to === 'string' && raw.to !== '') c.to = raw.to;
  if ((c.type === 'check' || c.type === 'custom') && !c.expression) {
    throw new BronzeError(`The ${c.type} constraint on ${where} needs an expression.`, location, 'bronze/contract-constraint');
  }
  return c;
}

/**
 * dbt supports contracts on table, view and incremental models only: an ephemeral model is a CTE inside its
 * children, with no relation whose columns could be created or checked, and dbt refuses the contract. An
 * incremental model must add columns (or fail) on a schema change: dropping or retyping columns of a contracted
 * table (sync_all_columns), or ignoring new ones, would break the contract — dbt refuses it while parsing.
 */
export function assertContractSupported(model: ModelNode): void {
  if (!contractEnforced(model.config)) return;
  if (model.config.materialized === 'ephemeral') {
    throw new BronzeError(
      `Model ${model.name} is materialized as ephemeral and has an enforced contract: dbt does not support contracts on ephemeral models. Materialize it as a table, view or incremental model, or set contract: {enforced: false}.`,
      model.location,
      'bronze/contract-ephemeral',
    );
  }
  const onSchemaChange = model.config.on_schema_change ?? 'ignore';
  if (model.config.materialized === 'incremental' && onSchemaChange !== 'append_new_columns' && onSchemaChange !== 'fail') {
    throw new BronzeError(
      `Invalid value for on_schema_change: ${onSchemaChange}. Models materialized as incremental with contracts enabled must set on_schema_change to 'append_new_columns' or 'fail'`,
      model.location,
      'bronze/contract-on-schema-change',
    );
  }
}

/**
 * The model's contract from its schema.yml columns, with dbt's errors for a contract that cannot be checked:
 * no columns declared, or a column without data_type.
 */
export function contractOf(model: ModelNode): Contract {
  assertContractSupported(model);
  const location = model.patchLocation ?? model.location;
  const declared = Object.values(model.columns);
  if (declared.length === 0) {
    throw new BronzeError(
      `This model has an enforced contract, and its 'columns' specification is missing. Declare every column of ${model.name} with its data_type in a schema.yml.`,
      location,
      'bronze/contract-columns-missing',
    );
  }
  const untyped = declared.filter((c) => !c.dataType || c.dataType.trim() === '').map((c) => c.name);
  if (untyped.length > 0) {
    throw new BronzeError(
      `Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the [${untyped.map((n) => `'${n}'`).join(', ')}] column(s).`,
      declared.find((c) => untyped.includes(c.name))?.location ?? location,
      'bronze/contract-data-type',
    );
  }
  return {
    columns: declared.map((c) => ({
      name: c.name,
      dataType: c.dataType!.trim(),
      quote: c.quote === true,
      constraints: (c.constraints ?? []).map((r) => parseConstraint(r, `column ${c.name}`, c.location ?? location)),
    })),
    constraints: (model.constraints ?? []).map((r) => parseConstraint(r, `model ${model.name}`, location)),
  };
}

/** The materializations whose DDL carries a contract's constraints (dbt's create table as with a column list). */
const CONSTRAINT_MATERIALIZATIONS: ReadonlySet<string> = new Set(['table', 'incremental']);

/** dbt's warnings for constraints Snowflake keeps as metadata or ignores (the DuckDB target says the same). */
export function constraintWarnings(contract: Contract, materialized: string): string[] {
  const all = [...contract.columns.flatMap((c) => c.constraints), ...contract.constraints];
  // Constraints go into the DDL of a table only (table, incremental). For any other materialization (a view, a
  // dynamic_table) dbt-core ignores them and warns once while parsing (its UnsupportedConstraintMaterialization
  // event, text as dbt's), not per constraint: nothing is rendered, so nothing is "included in the DDL".
  if (!CONSTRAINT_MATERIALIZATIONS.has(materialized)) {
    return all.some((c) => c.warnUnsupported)
      ? [`Constraint types are not supported for ${materialized} materializations and will be ignored.  Set 'warn_unsupported: false' on this constraint to ignore this warning.`]
      : [];
  }
  const out: string[] = [];
  for (const c of all) {
    const support = SNOWFLAKE_SUPPORT[c.type];
    if (support === 'not_enforced' && c.warnUnenforced && c.type !== 'custom') {
      out.push(
        `The constraint type ${c.type} is not enforced by snowflake. The constraint will be included in this model's DDL statement, but it will not guarantee anything about the underlying data. Set 'warn_unenforced: false' on this constraint to ignore this warning. (The DuckDB target leaves it out of the DDL, so the same rows load as on Snowflake.)`,
      );
    } else if (support === 'not_supported' && c.warnUnsupported) {
      out.push(`The constraint type ${c.type} is not supported by snowflake, and will be ignored. Set 'warn_unsupported: false' on this constraint to ignore this warning.`);
    }
  }
  return [...new Set(out)];
}

// -------------------------------------------------------------------------------------------------------
// The pre-flight check

export interface DescribedColumn {
  name: string;
  /** The warehouse's type name. */
  type: string;
}

/**
 * The type a Snowflake cursor reports for a column (dbt-snowflake compares these, so size, precision and scale
 * never count): NUMBER(10,2) and INT are both FIXED, VARCHAR(10) and STRING both TEXT. DuckDB's names map onto
 * the Snowflake type the snowflake-on-duckdb layer stands in for. This reads a type a warehouse reports; a type as a
 * user writes it in Snowflake SQL or a contract's data_type is knownFamily's.
 */
export function typeFamily(type: string): string {
  // The DuckDB target holds a TIMESTAMP_TZ as a struct (snowflake-on-duckdb/timestamp-tz.ts).
  if (isTimestampTzStruct(type)) return 'TIMESTAMP_TZ';
  const t = type.trim().toUpperCase().replace(/\s*\(.*$/s, '');
  if (/\[\]$/.test(type.trim()) || /^(ARRAY|LIST)\b/.test(t)) return 'ARRAY';
  if (/^(NUMBER|DECIMAL|NUMERIC|DEC|FIXED|INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|UHUGEINT|INT\d+)$/.test(t)) return 'FIXED';
  if (/^(FLOAT|FLOAT4|FLOAT8|DOUBLE|DOUBLE PRECISION|REAL)$/.test(t)) return 'REAL';
  if (/^(VARCHAR|TEXT|STRING|CHAR|CHARACTER|NCHAR|NVARCHAR|NVARCHAR2|CHAR VARYING|NCHAR VARYING|CHARACTER VARYING|BPCHAR)$/.test(t)) return 'TEXT';
  if (/^(BOOLEAN|BOOL)$/.test(t)) return 'BOOLEAN';
  if (t === 'DATE') return 'DATE';
  if (/^(TIME|TIME WITHOUT TIME ZONE)$/.test(t)) return 'TIME';
  if (/^(TIMESTAMP_NTZ|DATETIME|TIMESTAMP|TIMESTAMP WITHOUT TIME ZONE)$/.test(t)) return 'TIMESTAMP_NTZ';
  // DuckDB reports its TIMESTAMPTZ, what the DuckDB target makes of TIMESTAMP_LTZ (an instant), as TIMESTAMP WITH
  // TIME ZONE. (Written in Snowflake SQL, that name and TIMESTAMPTZ are TIMESTAMP_TZ: knownFamily.)
  if (/^(TIMESTAMP_LTZ|TIMESTAMP WITH TIME ZONE)$/.test(t)) return 'TIMESTAMP_LTZ';
  if (t === 'TIMESTAMP_TZ') return 'TIMESTAMP_TZ';
  if (/^(BINARY|VARBINARY|BLOB|BYTEA)$/.test(t)) return 'BINARY';
  if (/^(VARIANT|JSON)$/.test(t)) return 'VARIANT';
  if (/^(OBJECT|STRUCT|MAP)$/.test(t)) return 'OBJECT';
  return t;
}

const KNOWN_FAMILIES = new Set(['FIXED', 'REAL', 'TEXT', 'BOOLEAN', 'DATE', 'TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ', 'BINARY', 'VARIANT', 'OBJECT', 'ARRAY']);

/**
 * Snowflake's other spellings of its timestamp variations, as a user writes a type
 * (https://docs.snowflake.com/en/sql-reference/data-types-datetime). TIMESTAMP WITH TIME ZONE among them is
 * TIMESTAMP_TZ, though DuckDB reports its own instant type, TIMESTAMP_LTZ on the DuckDB target, by that name.
 */
const WRITTEN_TIMESTAMP_SYNONYMS: Readonly<Record<string, string>> = {
  TIMESTAMPTZ: 'TIMESTAMP_TZ',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP_TZ',
  TIMESTAMPLTZ: 'TIMESTAMP_LTZ',
  'TIMESTAMP WITH LOCAL TIME ZONE': 'TIMESTAMP_LTZ',
  TIMESTAMPNTZ: 'TIMESTAMP_NTZ',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP_NTZ',
};

/**
 * The family of a type as a user writes it (a contract's data_type, a cast in the model's SQL), when both sides of a
 * comparison can be trusted on it (a data_type Bronze does not know is left to the build).
 */
export function knownFamily(type: string): string | undefined {
  const written = WRITTEN_TIMESTAMP_SYNONYMS[type.trim().toUpperCase().replace(/\s+/g, ' ').replace(/\s*\(\s*\d*\s*\)/, '')];
  const f = written ?? typeFamily(type);
  return KNOWN_FAMILIES.has(f) ? f : undefined;
}

/** Index of the parenthesis closing the one at `open` (strings, quoted names and comments read as such); -1 when unbalanced. */
function closing(text: string, open: number): number {
  const toks = tokenizeSql(text).tokens;
  const k = toks.findIndex((t) => t.start === open);
  if (k < 0 || toks[k].text !== '(') return -1;
  for (let j = k + 1; j < toks.length; j++) if (toks[j].text === ')' && toks[j].depth === toks[k].depth) return toks[j].start;
  return -1;
}

/**
 * The Snowflake type of a select-list expression when its text alone says it: a literal (`'a'` VARCHAR, `1.50`
 * NUMBER(3,2) as Snowflake types it, `1e3` FLOAT, `true`, `date '…'`), a whole `cast(… as T)` / `try_cast`, or
 * a trailing `::T` (T as written, when Bronze knows its family). Undefined for anything else.
 */
export function expressionType(expression: string): string | undefined {
  const e = expression.trim();
  if (/^'(?:[^']|'')*'$/.test(e)) return 'VARCHAR';
  const decimal = /^-?(\d+)(?:\.(\d*))?$/.exec(e);
  if (decimal) {
    const int = decimal[1].replace(/^0+(?=\d)/, '');
    const frac = decimal[2] ?? '';
    return `NUMBER(${Math.max(1, (int === '0' && frac ? 0 : int.length) + frac.length)},${frac.length})`;
  }
  if (/^-?\d+(\.\d+)?e[+-]?\d+$/i.test(e)) return 'FLOAT';
  if (/^(true|false)$/i.test(e)) return 'BOOLEAN';
  if (/^date\s+'[^']*'$/i.test(e)) return 'DATE';
  const known = (t: string): string | undefined => (knownFamily(t) ? t.toUpperCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1') : undefined);
  const cast = /^(try_)?cast\s*\(/i.exec(e);
  if (cast) {
    const open = cast[0].length - 1;
    if (closing(e, open) !== e.length - 1) return undefined;
    const as = /\sas\s+([a-z_][\w ]*?(\(\s*\d+(\s*,\s*\d+)?\s*\))?)\s*\)$/i.exec(e);
    return as ? known(as[1]) : undefined;
  }
  const colons = /::\s*([a-z_][\w]*(\s*\(\s*\d+(\s*,\s*\d+)?\s*\))?)$/i.exec(e);
  if (colons) {
    // Only when `::` binds the whole expression: an identifier path or a parenthesised group before it.
    const before = e.slice(0, colons.index).trim();
    if (/^[\w.$"]+$/.test(before) || (before.startsWith('(') && closing(before, 0) === before.length - 1)) return known(colons[1]);
  }
  return undefined;
}

/** The Snowflake type family of a select-list expression when its text alone says it (see expressionType). */
export function expressionFamily(expression: string): string | undefined {
  const t = expressionType(expression);
  return t === undefined ? undefined : knownFamily(t);
}

export interface ContractMismatch {
  column: string;
  definitionType: string;
  contractType: string;
  reason: 'data type mismatch' | 'missing in contract' | 'missing in definition';
}

/** A name as Snowflake reports it: unquoted identifiers fold to upper case. */
function reported(name: string, quoted: boolean): string {
  return quoted ? name : name.toUpperCase();
}

/**
 * dbt's assert_columns_equivalent: the model's columns (from its SQL, described) against the contract's
 * (`cast(null as <data_type>)`, described), by name and type. Empty when they agree.
 */
export function contractMismatches(sqlColumns: DescribedColumn[], contractColumns: DescribedColumn[]): ContractMismatch[] {
  const sql = sqlColumns.map((c) => ({ name: reported(c.name, false), type: typeFamily(c.type) }));
  const yaml = contractColumns.map((c) => ({ name: reported(c.name, false), type: typeFamily(c.type) }));
  const out: ContractMismatch[] = [];
  const sqlNames = new Set(sql.map((c) => c.name));
  for (const s of sql) {
    const y = yaml.find((c) => c.name === s.name);
    if (!y) out.push({ column: s.name, definitionType: s.type, contractType: '', reason: 'missing in contract' });
    else if (y.type !== s.type) out.push({ column: s.name, definitionType: s.type, contractType: y.type, reason: 'data type mismatch' });
  }
  for (const y of yaml) if (!sqlNames.has(y.name)) out.push({ column: y.name, definitionType: '', contractType: y.type, reason: 'missing in definition' });
  return out.sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

/** dbt's ContractError text, with the mismatch table as agate prints it. */
export function contractErrorMessage(mismatches: ContractMismatch[]): string {
  const header = ['column_name', 'definition_type', 'contract_type', 'mismatch_reason'];
  const rows = mismatches.map((m) => [m.column, m.definitionType, m.contractType, m.reason]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const table = [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
  return (
    'This model has an enforced contract that failed.\n' +
    "Please ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n\n" +
    table
  );
}

function ident(c: ContractColumn): string {
  return c.quote ? `"${c.name.replace(/"/g, '""')}"` : c.name;
}

/**
 * dbt's get_empty_schema_sql: one row of typed nulls, described to learn the types the warehouse gives them. A time
 * type's fractional-second digits are left out (TIMESTAMP_NTZ(3) → TIMESTAMP_NTZ): only the family is compared
 * (typeFamily), and the DuckDB target, whose time types keep six digits, refuses fewer where a value could change.
 */
export function emptySchemaSql(contract: Contract): string {
  const family = (t: string): string => t.replace(/^\s*(TIMESTAMP_NTZ|TIMESTAMP_LTZ|TIMESTAMP_TZ|TIMESTAMP|DATETIME|TIME)\s*\(\s*\d+\s*\)\s*$/i, '$1');
  return `select\n${contract.columns.map((c) => `    cast(null as ${family(c.dataType)}) as ${ident(c)}`).join(',\n')}`;
}

/** dbt's get_column_schema_from_query: the model's columns without reading a row. */
export function columnSchemaSql(sql: string): string {
  return `select * from (\n${sql}\n) as __dbt_sbq\nwhere false\nlimit 0`;
}

// -------------------------------------------------------------------------------------------------------
// DDL

/** Resolves a foreign key's `to: ref('x')` to the relation it names. */
export type ConstraintTarget = (to: string) => RelationName;

function renderConstraint(c: Constraint, target: TargetType, resolve: ConstraintTarget, columnLevel: boolean): string | null {
  // DuckDB would enforce what Snowflake only records: the DuckDB target keeps Snowflake's behaviour (NOT NULL only).
  if (target !== 'snowflake' && c.type !== 'not_null') return null;
  if (SNOWFLAKE_SUPPORT[c.type] === 'not_supported') return null;
  const cols = columnLevel ? '' : ` (${c.columns.join(', ')})`;
  let body: string;
  switch (c.type) {
    case 'not_null':
      if (!columnLevel) return null;
      body = 'not null';
      break;
    case 'primary_key':
      body = `primary key${cols}`;
      break;
    case 'unique':
      body = `unique${cols}`;
      break;
    case 'foreign_key': {
      const ref = c.to ? `${renderRelation(resolve(c.to))}${c.toColumns.length ? ` (${c.toColumns.join(', ')})` : ''}` : c.expression;
      if (!ref) return null;
      body = columnLevel ? `references ${ref}` : `foreign key${cols} references ${ref}`;
      break;
    }
    default:
      body = c.expression ?? '';
  }
  return c.name ? `constraint ${c.name} ${body}` : body;
}

/** dbt's get_table_columns_and_constraints: `(name type [constraints], …, [model constraints])`. */
export function columnsAndConstraints(contract: Contract, target: TargetType, resolve: ConstraintTarget): string {
  const cols = contract.columns.map((c) => {
    const rendered = c.constraints.map((k) => renderConstraint(k, target, resolve, true)).filter((x): x is string => x !== null);
    return `    ${ident(c)} ${c.dataType}${rendered.length ? ' ' + rendered.join(' ') : ''}`;
  });
  const model = contract.constraints.map((k) => renderConstraint(k, target, resolve, false)).filter((x): x is string => x !== null);
  return `(\n${[...cols, ...model.map((m) => `    ${m}`)].join(',\n')}\n)`;
}

/** dbt's get_select_subquery: the model's rows with the contract's columns in the contract's order. */
export function selectSubquery(contract: Contract, sql: string): string {
  return `select ${contract.columns.map(ident).join(', ')}\nfrom (\n${sql}\n) as model_subq`;
}
