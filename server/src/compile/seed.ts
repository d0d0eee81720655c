// The seed materialization as dbt runs it: create the table from the CSV's columns (inferred types, or the
// `column_types` config), or — when it exists and no full refresh is asked — empty it with `truncate`; then
// insert the rows in batches. Pure text: the runner executes the steps (client/src/run/seed-runner.ts).
import { BronzeError, type ColumnDef, type NodeConfig, type RelationName, type RelationType, type SourceLocation } from '../core/types';
import type { Dialect } from './dialect';
import { grantSteps, hookStep, persistDocsSteps, type DeferredHooks, type Step, type SqlStep } from './materializations';
import type { SeedColumn, SeedTable, SeedValue } from './seed-csv';
import { renderRelation, stringLiteral } from './sql-text';

/** dbt's default `get_batch_size()`: rows per INSERT statement. */
export const SEED_BATCH_ROWS = 10000;
/** Statements stay well under Snowflake's 1 MB statement text limit. */
const SEED_BATCH_CHARS = 512 * 1024;

/**
 * The SQL type of an inferred column. On Snowflake these are dbt's texts (SQLAdapter.convert_*_type); the DuckDB
 * target reads Snowflake SQL, where `integer` is NUMBER(38,0) — written out so DuckDB does not take a 32-bit INTEGER.
 */
export function seedColumnType(col: SeedColumn, d: Dialect): string {
  if (col.override !== undefined) return col.override;
  const snowflake = d.name === 'snowflake';
  switch (col.kind) {
    case 'integer':
      return snowflake ? 'integer' : 'number(38,0)';
    case 'float':
      return 'float8';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamp without time zone';
    case 'boolean':
      return 'boolean';
    case 'text':
      return snowflake ? 'text' : 'varchar';
  }
}

/** dbt-snowflake's `quote_seed_column`: unquoted unless `quote_columns: true`. */
export function seedColumnName(name: string, config: NodeConfig, d: Dialect): string {
  const q = config.quote_columns;
  if (q !== undefined && q !== null && typeof q !== 'boolean') {
    throw new BronzeError(`The seed configuration value of "quote_columns" has an invalid type (${typeof q}); use true or false.`, undefined, 'bronze/seed-config');
  }
  return q === true ? d.quote(name) : name;
}

function literal(v: SeedValue, d: Dialect): string {
  if (v === null) return 'NULL';
  switch (v.kind) {
    case 'number':
      return v.text;
    case 'boolean':
      return v.value ? 'TRUE' : 'FALSE';
    case 'date':
    case 'datetime':
      return stringLiteral(v.text);
    case 'text':
      // Snowflake reads a backslash inside quotes as an escape; DuckDB does not.
      return stringLiteral(d.name === 'snowflake' ? v.value.replace(/\\/g, '\\\\') : v.value);
  }
}

export interface SeedPlanInput {
  relation: RelationName;
  table: SeedTable;
  config: NodeConfig;
  /** What exists at `relation` now. */
  existing: RelationType | null;
  /** `--full-refresh`, after the seed's own `full_refresh` config. */
  fullRefresh: boolean;
  location: SourceLocation;
  /** Rendered hooks. */
  preHooks: string[];
  postHooks: string[];
  /** Hooks rendered only when they run (CompiledModel.hookRenders): a post-hook after the load. */
  hookRenders?: DeferredHooks;
  /** `--empty`: the table is created (types inferred from every row) and no row is inserted. */
  empty?: boolean;
  /**
   * DuckDB only: a file holding `seedRowsCsv(table)`. The rows are then read from it in one INSERT … SELECT
   * (DuckDB parses a long VALUES list at about a quarter millisecond a row; its CSV reader is vectorised).
   */
  rowsFile?: string;
}

export interface SeedPlan {
  steps: Step[];
  /** dbt's adapter response code: CREATE on a full refresh, else INSERT. */
  code: 'CREATE' | 'INSERT';
  /** Rows the seed loads (dbt's `rows_affected`). */
  rows: number;
  /** The create-table text (dbt's `create_table_sql`), or the truncate. */
  createSql: string;
}

function step(sql: string, label: string): SqlStep {
  return { kind: 'sql', sql, statements: [sql], label };
}

/** The CREATE TABLE dbt's `create_csv_table` writes. */
export function createSeedTableSql(d: Dialect, relation: RelationName, table: SeedTable, config: NodeConfig): string {
  const cols = table.columns.map((c) => `${seedColumnName(c.name, config, d)} ${seedColumnType(c, d)}`);
  return `create table ${renderRelation(relation)} (${cols.join(', ')})`;
}

/** The INSERT statements of `load_csv_rows`, batched. */
export function seedInsertSql(d: Dialect, relation: RelationName, table: SeedTable, config: NodeConfig): string[] {
  const head = `insert into ${renderRelation(relation)} (${table.columns.map((c) => seedColumnName(c.name, config, d)).join(', ')}) values\n`;
  const out: string[] = [];
  let batch: string[] = [];
  let size = head.length;
  for (const row of table.rows) {
    const tuple = `(${row.map((v) => literal(v, d)).join(', ')})`;
    if (batch.length > 0 && (batch.length >= SEED_BATCH_ROWS || size + tuple.length > SEED_BATCH_CHARS)) {
      out.push(head + batch.join(',\n'));
      batch = [];
      size = head.length;
    }
    batch.push(tuple);
    size += tuple.length + 2;
  }
  if (batch.length > 0) out.push(head + batch.join(',\n'));
  return out;
}

/**
 * The seed's cells, already cast as agate casts them, as a CSV every column of which DuckDB reads as VARCHAR: each
 * value quoted, NULL an empty unquoted field (agate never yields an empty or blank text), no header.
 */
export function seedRowsCsv(table: SeedTable): string {
  const cell = (v: SeedValue): string => {
    if (v === null) return '';
    const text = v.kind === 'boolean' ? (v.value ? 'TRUE' : 'FALSE') : v.kind === 'text' ? v.value : v.text;
    return `"${text.replace(/"/g, '""')}"`;
  };
  return table.rows.map((r) => r.map(cell).join(',')).join('\n') + (table.rows.length ? '\n' : '');
}

/** DuckDB's INSERT … SELECT from the file `seedRowsCsv` wrote; the target columns cast the text as they would a literal. */
function duckdbInsertFromFile(d: Dialect, relation: RelationName, table: SeedTable, config: NodeConfig, file: string): string {
  const cols = table.columns.map((c) => seedColumnName(c.name, config, d)).join(', ');
  const spec = table.columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const read =
    `read_csv(${stringLiteral(file)}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', ` +
    `new_line = '\\n', nullstr = '', allow_quoted_nulls = false, columns = {${spec}})`;
  return `insert into ${renderRelation(relation)} (${cols}) select ${table.columns.map((_, i) => `c${i}`).join(', ')} from ${read}`;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Checks that an existing table can take the seed's rows after `truncate`: every CSV column must exist in it.
 * dbt would truncate and then fail on the insert; this says what to do before anything is touched. Table columns
 * the CSV no longer has are left NULL, as dbt's insert (which names the CSV's columns) leaves them.
 */
export function checkSeedColumns(seedName: string, table: SeedTable, existing: ColumnDef[], location: SourceLocation): void {
  const missing = table.columns.filter((c) => !existing.some((e) => sameName(e.name, c.name))).map((c) => c.name);
  if (missing.length === 0) return;
  throw new BronzeError(
    `Seed '${seedName}' no longer matches its table: the CSV has ${missing.join(', ')} which the table lacks. Run \`bronze seed --full-refresh --select ${seedName}\` to recreate the table.`,
    location,
    'bronze/seed-columns-changed',
  );
}

function hookSteps(hooks: string[], renders: DeferredHooks['pre'], label: string): Step[] {
  return hooks.flatMap((sql, i) => hookStep(sql, renders?.get(i), label, (text) => step(text, label)) ?? []);
}

/** The steps of one seed load, in dbt's order. */
export function planSeed(d: Dialect, seedName: string, input: SeedPlanInput): SeedPlan {
  const rel = input.relation;
  if (input.existing === 'view') {
    throw new BronzeError(`Cannot seed to '${renderRelation(rel)}', it is a view. Drop the view or give the seed another alias.`, input.location, 'bronze/seed-target-is-view');
  }
  const table: SeedTable = input.empty ? { columns: input.table.columns, rows: [] } : input.table;
  const steps: Step[] = [step(d.createSchema(rel.database, rel.schema), 'create schema')];
  steps.push(...hookSteps(input.preHooks, input.hookRenders?.pre, 'pre-hook'));
  const inserts =
    d.name === 'duckdb' && input.rowsFile && table.rows.length > 0
      ? [duckdbInsertFromFile(d, rel, table, input.config, input.rowsFile)]
      : seedInsertSql(d, rel, table, input.config);
  // The rows are plain literals that mean the same in DuckDB's own SQL: no translation of long VALUES lists.
  const load = (first: Step[]): Step[] => [step('begin', 'main'), ...first, ...inserts.map((s) => ({ ...step(s, 'main'), native: true })), step('commit', 'main')];
  let createSql: string;
  if (input.existing === 'table' && !input.fullRefresh) {
    createSql = `truncate table ${renderRelation(rel)}`;
    steps.push({ kind: 'describe', relation: rel, into: 'target' });
    steps.push({
      kind: 'expand',
      label: 'truncate and insert',
      build: (described) => {
        checkSeedColumns(seedName, table, described.target, input.location);
        return load([step(createSql, 'main')]);
      },
    });
  } else {
    if (input.existing !== null) steps.push(step(d.drop(rel, input.existing), 'drop existing'));
    createSql = createSeedTableSql(d, rel, table, input.config);
    steps.push(step(createSql, 'create table'));
    steps.push(...load([]));
  }
  // dbt's seed materialization: grants (should_revoke(old_relation, full_refresh_mode)) and persist_docs before the post-hooks.
  steps.push(...grantSteps(d, input.config, 'table', input.existing !== null, input.fullRefresh), ...persistDocsSteps(input.config, 'table'));
  steps.push(...hookSteps(input.postHooks, input.hookRenders?.post, 'post-hook'));
  return { steps, code: input.fullRefresh ? 'CREATE' : 'INSERT', rows: table.rows.length, createSql };
}
