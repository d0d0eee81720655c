// `DESC[RIBE] TABLE|VIEW name` on DuckDB with Snowflake's result: one row per column with name, type, kind, null?,
// default, primary key, unique key, check, expression, comment, policy name, privacy domain. Types are named through
// the INFORMATION_SCHEMA mapping (information-schema.ts) with the parameters Snowflake's DESC shows: NUMBER(p,s), and
// (9) on timestamps and times (Snowflake's default precision; DuckDB keeps microseconds whatever was declared) unless
// a lower precision was ever declared on the target, when they are refused (time-precision.ts). A
// column whose Snowflake type DuckDB does not keep (a VARCHAR's length, an integer's NUMBER precision, a BINARY's
// length) or whose DEFAULT text DuckDB rewrites fails with a located refusal naming it, never a guessed type.
import { TIMESTAMP_TZ_DATA_TYPE } from './timestamp-tz';
import type { Lexeme } from '../tokenize';
import { SNOWFLAKE_DATA_TYPE } from './information-schema';
import { isPunct, isWord } from './template';
import { UnsupportedOnDuckDb } from './unsupported';
import { TIME_PRECISION_TABLE } from './name-case';

/** Whether any catalog holds the record of a declared time precision below 9. */
const LOWER_PRECISION_DECLARED = `EXISTS (SELECT 1 FROM duckdb_tables() p WHERE p.schema_name = 'main' AND p.table_name = '${TIME_PRECISION_TABLE}')`;

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const refuse = (at: number, why: string): string => `error(${sqlString(`bz_unsupported@${at}: DESCRIBE TABLE of ${why}`)})`;

/** The name parts (quotes removed) of the object named from lexeme `i`, and the index after the name. */
function nameParts(lx: Lexeme[], i: number, to: number): { parts: string[]; next: number } {
  const parts: string[] = [];
  let j = i;
  while (j < to && (lx[j].kind === 'word' || lx[j].kind === 'quoted-identifier')) {
    parts.push(lx[j].kind === 'quoted-identifier' ? lx[j].text.slice(1, -1).replace(/""/g, '"') : lx[j].text);
    if (!isPunct(lx[j + 1], '.')) return { parts, next: j + 1 };
    j += 2;
  }
  return { parts, next: j };
}

/**
 * The DuckDB query for `DESC[RIBE] TABLE|VIEW …` whose object name starts at lexeme `nameAt` (statement lexemes end
 * at `to`).
 */
export function describeTableStatement(lx: Lexeme[], kindAt: number, nameAt: number, to: number): string {
  const at = lx[kindAt].start;
  const { parts, next } = nameParts(lx, nameAt, to);
  if (parts.length === 0 || parts.length > 3) throw new UnsupportedOnDuckDb('DESCRIBE TABLE of this name', at);
  // `TYPE = COLUMNS` is the default; `TYPE = STAGE` lists stage properties DuckDB has no notion of.
  const rest = lx.slice(next, to).filter((l) => l.kind !== 'ws' && l.kind !== 'comment');
  const restWords = rest.map((l) => l.text.toLowerCase()).join(' ');
  if (restWords && restWords !== 'type = columns') throw new UnsupportedOnDuckDb(`DESCRIBE TABLE … ${rest.map((l) => l.text).join(' ')}`, rest[0].start);
  const [table, schema, database] = [...parts].reverse();
  const is = (col: string, value: string): string => `lower(${col}) = lower(${sqlString(value)})`;
  const where = [is('c.table_name', table)];
  if (schema !== undefined) where.push(is('c.schema_name', schema));
  if (database !== undefined) where.push(is('c.database_name', database));
  // An unqualified name is the session's schema, or a temporary table (which hides a permanent one of that name).
  if (schema === undefined) {
    const temp = `EXISTS (SELECT 1 FROM duckdb_columns() t WHERE t.database_name = 'temp' AND ${is('t.table_name', table)})`;
    where.push(`CASE WHEN ${temp} THEN c.database_name = 'temp' ELSE c.database_name = current_database() AND c.schema_name = current_schema() END`);
  } else if (database === undefined) where.push('c.database_name = current_database()');
  const constraint = (type: string): string =>
    `CASE WHEN EXISTS (SELECT 1 FROM duckdb_constraints() k WHERE k.constraint_type = '${type}' AND k.database_name = c.database_name ` +
    `AND k.schema_name = c.schema_name AND k.table_name = c.table_name AND list_contains(k.constraint_column_names, c.column_name)) THEN 'Y' ELSE 'N' END`;
  const integers = "('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT')";
  const type = [
    "CASE WHEN c.data_type LIKE 'DECIMAL%' THEN 'NUMBER(' || c.numeric_precision || ',' || c.numeric_scale || ')'",
    `WHEN c.data_type = 'VARCHAR' THEN ${refuse(at, 'a VARCHAR column (DuckDB keeps no VARCHAR length)')}`,
    `WHEN c.data_type IN ${integers} THEN ${refuse(at, 'an integer column (Snowflake keeps the NUMBER precision it was created with, DuckDB does not)')}`,
    `WHEN c.data_type = 'BLOB' THEN ${refuse(at, 'a BINARY column (DuckDB keeps no BINARY length)')}`,
    // (9) unless a lower precision was ever declared on the target (time-precision.ts): then it may be that one.
    `WHEN c.data_type IN ('TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIME', '${TIMESTAMP_TZ_DATA_TYPE}') THEN CASE WHEN ${LOWER_PRECISION_DECLARED} ` +
      `THEN ${refuse(at, 'a TIMESTAMP/TIME column once a precision below 9 was declared on the DuckDB target (DuckDB keeps microseconds, not the declared precision DESC shows)')} ` +
      `ELSE (${SNOWFLAKE_DATA_TYPE}END) || '(9)' END`,
    `ELSE coalesce(${SNOWFLAKE_DATA_TYPE}END, ${refuse(at, 'a column of a DuckDB type with no Snowflake name')}) END`,
  ].join(' ');
  const columns = [
    // As stored: an unquoted name upper-case, a quoted one as written (as a SELECT returns them).
    'c.column_name AS "name"',
    `${type} AS "type"`,
    "'COLUMN' AS \"kind\"",
    "CASE WHEN c.is_nullable THEN 'Y' ELSE 'N' END AS \"null?\"",
    `CASE WHEN c.column_default IS NULL THEN NULL::VARCHAR ELSE ${refuse(at, 'a column with a DEFAULT (DuckDB keeps its own text of the expression)')} END AS "default"`,
    `${constraint('PRIMARY KEY')} AS "primary key"`,
    `${constraint('UNIQUE')} AS "unique key"`,
    'NULL::VARCHAR AS "check"',
    'NULL::VARCHAR AS "expression"',
    'c.comment AS "comment"',
    'NULL::VARCHAR AS "policy name"',
    'NULL::VARCHAR AS "privacy domain"',
  ];
  const object = parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
  // Binding the empty read of the object raises DuckDB's "does not exist" for a missing one.
  where.push(`(SELECT count(*) FROM (SELECT * FROM ${object} LIMIT 0)) = 0`);
  return `SELECT ${columns.join(', ')} FROM duckdb_columns() c WHERE NOT c.internal AND ${where.join(' AND ')} ORDER BY c.column_index`;
}

/** Whether the statement's first words are `DESC|DESCRIBE TABLE|VIEW`. */
export const isDescribeTable = (first: Lexeme | undefined, second: Lexeme | undefined): boolean =>
  (isWord(first, 'desc') || isWord(first, 'describe')) && (isWord(second, 'table') || isWord(second, 'view'));
