// Snowflake's `[<db>.]INFORMATION_SCHEMA.TABLES` and `.COLUMNS` on DuckDB. DuckDB has one information_schema over
// every attached catalog, with its own column set; Snowflake's lists one database, names unquoted identifiers in
// upper case and has columns DuckDB lacks (ROW_COUNT, BYTES, CREATED …). Each is read here as a subquery with
// Snowflake's columns: the values DuckDB knows exactly (names, TABLE_TYPE, ROW_COUNT counted, DATA_TYPE by
// Snowflake's names), and for the rest an error() that duckdb-errors.ts turns into a located refusal naming the
// column — raised only when a query reads that column, since DuckDB drops the subquery columns no one reads.
// Column names are DuckDB's as stored: the target stores unquoted names upper-case and quoted ones as written, as
// Snowflake does (identifier-case.ts). Database, schema and table names are upper-cased, since Bronze itself
// creates some of them quoted as written (a profile's schema, the twin's catalogs); a table or view the target
// recorded as created from a quoted lower-case name (`"orders"`, name-case.ts) keeps its case, as on Snowflake.
import { notQuotedNamesTable } from './name-case';
import { TIMESTAMP_TZ_DATA_TYPE } from './timestamp-tz';

/** The temporary table of exact row counts the subquery for TABLES joins; DuckDbSession fills it before the query. */
export const ROW_COUNTS_TABLE = 'bz_information_schema_row_counts';

/**
 * The temporary table (database_name, schema_name, table_name) of the tables and views created from a quoted
 * lower-case name (name-case.ts), whose TABLE_NAME keeps its case; DuckDbSession fills it before the query.
 */
export const QUOTED_NAMES_VIEW_TABLE = 'bz_information_schema_quoted_names';

/** TABLE_NAME of `alias`'s table: upper-case (unquoted names and Bronze's own) unless recorded as created quoted. */
const tableNameOf = (alias: string): string =>
  `CASE WHEN qn.table_name IS NULL THEN upper(${alias}.table_name) ELSE ${alias}.table_name END AS table_name`;
const joinQuotedNames = (alias: string): string =>
  `LEFT JOIN temp.main.${QUOTED_NAMES_VIEW_TABLE} qn ON qn.database_name = ${alias}.database_name AND qn.schema_name = ${alias}.schema_name AND qn.table_name = ${alias}.table_name`;

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const refuse = (view: string, column: string, why: string, at: number): string =>
  `error(${sqlString(`bz_unsupported@${at}: INFORMATION_SCHEMA.${view}.${column} (${why})`)})`;

/** The catalog filter: the named database (DuckDB binds names case-insensitively), else the session's. */
const catalogIs = (col: string, database: string | undefined): string =>
  database === undefined ? `${col} = current_database()` : `lower(${col}) = lower(${sqlString(database)})`;

// TABLES columns of the SQL standard's that Snowflake lists and documents as not applicable.
const TABLES_NOT_APPLICABLE = [
  'self_referencing_column_name', 'reference_generation',
  'user_defined_type_catalog', 'user_defined_type_schema', 'user_defined_type_name',
  'is_insertable_into', 'is_typed', 'commit_action',
];

/** `database` as written before `.information_schema` (quotes removed), or undefined for the current one. */
export function informationSchemaTables(database: string | undefined, at: number): string {
  const no = (column: string, why: string) => `${refuse('TABLES', column, why, at)} AS ${column}`;
  return [
    `(SELECT upper(t.database_name) AS table_catalog, upper(t.schema_name) AS table_schema, ${tableNameOf('t')},`,
    `${no('table_owner', 'DuckDB has no roles')},`,
    "CASE WHEN t.kind = 'VIEW' THEN 'VIEW' WHEN t.temporary THEN 'TEMPORARY TABLE' ELSE 'BASE TABLE' END AS table_type,",
    "'NO' AS is_transient, NULL::VARCHAR AS clustering_key,",
    `CASE WHEN t.kind = 'VIEW' THEN NULL::BIGINT ELSE rc.row_count END AS row_count,`,
    `${no('bytes', 'DuckDB keeps no per-table storage size')},`,
    `${no('retention_time', 'DuckDB has no Time Travel')},`,
    ...TABLES_NOT_APPLICABLE.map((column) => `${no(column, 'Snowflake documents no value for it')},`),
    `${no('created', 'DuckDB keeps no creation time')},`,
    `${no('last_altered', 'DuckDB keeps no modification time')},`,
    `${no('last_ddl', 'DuckDB keeps no DDL time')},`,
    `${no('last_ddl_by', 'DuckDB has no roles')},`,
    "'NO' AS auto_clustering_on, t.comment AS comment,",
    "CASE WHEN t.temporary THEN 'YES' ELSE 'NO' END AS is_temporary",
    // duckdb_tables()/duckdb_views() rather than information_schema: a second translation pass leaves them alone.
    "FROM (SELECT database_name, schema_name, table_name, comment, temporary, 'TABLE' AS kind FROM duckdb_tables() UNION ALL",
    "SELECT database_name, schema_name, view_name, comment, temporary, 'VIEW' FROM duckdb_views() WHERE NOT internal) t",
    `LEFT JOIN temp.main.${ROW_COUNTS_TABLE} rc ON rc.table_catalog = t.database_name AND rc.table_schema = t.schema_name AND rc.table_name = t.table_name`,
    joinQuotedNames('t'),
    `WHERE ${catalogIs('t.database_name', database)} AND ${notQuotedNamesTable('t.schema_name', 't.table_name')})`,
  ].join(' ');
}

/**
 * Snowflake's DATA_TYPE for a DuckDB column type (`c.data_type`), as INFORMATION_SCHEMA.COLUMNS names it: an open
 * CASE for the caller to close. A TIMESTAMP WITH TIME ZONE column is TIMESTAMP_LTZ; the TIMESTAMP_TZ struct is TIMESTAMP_TZ.
 */
export const SNOWFLAKE_DATA_TYPE =
  "CASE WHEN c.data_type = 'VARCHAR' THEN 'TEXT' " +
  "WHEN c.data_type LIKE 'DECIMAL%' OR c.data_type IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT') THEN 'NUMBER' " +
  "WHEN c.data_type IN ('DOUBLE', 'FLOAT', 'REAL') THEN 'FLOAT' " +
  "WHEN c.data_type = 'BOOLEAN' THEN 'BOOLEAN' WHEN c.data_type = 'DATE' THEN 'DATE' WHEN c.data_type = 'TIME' THEN 'TIME' " +
  "WHEN c.data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ' WHEN c.data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' " +
  `WHEN c.data_type = '${TIMESTAMP_TZ_DATA_TYPE}' THEN 'TIMESTAMP_TZ' ` +
  "WHEN c.data_type = 'JSON' THEN 'VARIANT' WHEN c.data_type = 'BLOB' THEN 'BINARY' " +
  "WHEN c.data_type LIKE 'MAP(%' OR c.data_type LIKE 'STRUCT(%' THEN 'OBJECT' WHEN c.data_type LIKE '%[]' THEN 'ARRAY' ";

// Snowflake documents these COLUMNS columns as "not applicable" without saying what they hold, so no value here
// can be trusted; they exist so that a query listing them (mattermost's raw_warehouse_columns_hist) is refused by name.
const COLUMNS_NOT_APPLICABLE = [
  'datetime_precision', 'interval_type', 'interval_precision',
  'character_set_catalog', 'character_set_schema', 'character_set_name',
  'collation_catalog', 'collation_schema', 'collation_name',
  'domain_catalog', 'domain_schema', 'domain_name',
  'udt_catalog', 'udt_schema', 'udt_name',
  'scope_catalog', 'scope_schema', 'scope_name',
  'maximum_cardinality', 'dtd_identifier', 'is_self_referencing',
];
const COLUMNS_IDENTITY = [
  'is_identity', 'identity_generation', 'identity_start', 'identity_increment',
  'identity_maximum', 'identity_minimum', 'identity_cycle', 'identity_ordered',
];

export function informationSchemaColumns(database: string | undefined, at: number): string {
  const no = (column: string, why: string) => refuse('COLUMNS', column, why, at);
  const decimal = "c.data_type LIKE 'DECIMAL%'";
  return [
    `(SELECT upper(c.database_name) AS table_catalog, upper(c.schema_name) AS table_schema, ${tableNameOf('c')},`,
    'c.column_name AS column_name, c.column_index AS ordinal_position, c.column_default AS column_default,',
    "CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END AS is_nullable,",
    `${SNOWFLAKE_DATA_TYPE}ELSE ${refuse('COLUMNS', 'data_type', 'a DuckDB type with no Snowflake name', at)} END AS data_type,`,
    // Exact only for DECIMAL(p,s); an integer column's precision on Snowflake depends on how it was created.
    `CASE WHEN ${decimal} THEN c.numeric_precision WHEN c.data_type IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT') THEN ${no('numeric_precision', 'an integer column: Snowflake keeps the NUMBER precision it was created with, DuckDB does not')} ELSE NULL END AS numeric_precision,`,
    `CASE WHEN ${decimal} OR c.data_type IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT') THEN 10 ELSE NULL END AS numeric_precision_radix,`,
    `CASE WHEN ${decimal} THEN c.numeric_scale WHEN c.data_type IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT') THEN 0 ELSE NULL END AS numeric_scale,`,
    `CASE WHEN c.data_type = 'VARCHAR' THEN ${no('character_maximum_length', 'DuckDB keeps no VARCHAR length')} ELSE NULL END AS character_maximum_length,`,
    `CASE WHEN c.data_type = 'VARCHAR' THEN ${no('character_octet_length', 'DuckDB keeps no VARCHAR length')} ELSE NULL END AS character_octet_length,`,
    ...COLUMNS_NOT_APPLICABLE.map((column) => `${no(column, 'Snowflake documents no value for it')} AS ${column},`),
    ...COLUMNS_IDENTITY.map((column) => `${no(column, 'DuckDB keeps no identity column settings')} AS ${column},`),
    `${no('schema_evolution_record', 'DuckDB has no schema evolution')} AS schema_evolution_record,`,
    'c.comment AS comment',
    'FROM duckdb_columns() c',
    joinQuotedNames('c'),
    `WHERE NOT c.internal AND ${catalogIs('c.database_name', database)} AND ${notQuotedNamesTable('c.schema_name', 'c.table_name')})`,
  ].join(' ');
}

const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** The statement that fills ROW_COUNTS_TABLE from `tables` (catalog, schema, name of each base table). */
export function rowCountsStatement(tables: readonly { catalog: string; schema: string; name: string }[]): string {
  const head = `CREATE OR REPLACE TEMP TABLE ${ROW_COUNTS_TABLE} AS `;
  if (tables.length === 0) return `${head}SELECT NULL::VARCHAR AS table_catalog, NULL::VARCHAR AS table_schema, NULL::VARCHAR AS table_name, NULL::BIGINT AS row_count WHERE false`;
  return (
    head +
    tables
      .map(
        (t) =>
          `SELECT ${sqlString(t.catalog)} AS table_catalog, ${sqlString(t.schema)} AS table_schema, ${sqlString(t.name)} AS table_name, ` +
          `(SELECT count(*) FROM ${ident(t.catalog)}.${ident(t.schema)}.${ident(t.name)}) AS row_count`,
      )
      .join(' UNION ALL ')
  );
}

/** The base tables whose rows ROW_COUNTS_TABLE counts (every attached catalog but DuckDB's own). */
export const BASE_TABLES_QUERY = `SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE NOT internal AND NOT temporary AND ${notQuotedNamesTable('schema_name', 'table_name')}`;
