// Per-connection helpers the translated SQL relies on, plus fallbacks so that Snowflake functions still work
// in SQL that did not go through the translator. They are TEMP objects: plain macros and types live in the
// default catalog and disappear from view after `USE other_db.schema`.
import type { DuckDBConnection } from '@duckdb/node-api';

/** Temp type aliases for Snowflake type names used without parameters (e.g. in column lists). */
const TYPES: [string, string][] = [
  ['timestamp_ntz', 'TIMESTAMP'],
  ['timestamp_ltz', 'TIMESTAMPTZ'],
  ['timestamp_tz', 'TIMESTAMPTZ'],
  ['number', 'DECIMAL(38,0)'],
  ['object', 'JSON'],
];

// Epoch numbers: Snowflake reads seconds, milliseconds, microseconds or nanoseconds by magnitude.
const EPOCH_MICROS = (v: string): string =>
  `CAST(CAST(${v} AS DOUBLE) * (CASE WHEN abs(CAST(${v} AS DOUBLE)) < 31536000000 THEN 1000000 ` +
  `WHEN abs(CAST(${v} AS DOUBLE)) < 31536000000000 THEN 1000 ` +
  `WHEN abs(CAST(${v} AS DOUBLE)) < 31536000000000000 THEN 1 ELSE 0.001 END) AS BIGINT)`;

const toTimestampBody = (cast: 'CAST' | 'TRY_CAST'): string => {
  const v = 'CAST(x AS VARCHAR)';
  return (
    `(x) AS CASE WHEN regexp_full_match(${v}, '\\s*-?[0-9]+(\\.[0-9]*)?\\s*') ` +
    `THEN make_timestamp(${EPOCH_MICROS(v)}) ELSE ${cast}(${v} AS TIMESTAMP) END`
  );
};

const MACROS: string[] = [
  // DATEADD/TIMEADD. Typed overloads for DATE and TIMESTAMP make DuckDB's binder give up ("multiple overloads
  // match") when the argument's type is only known after binding, e.g. `dateadd(day, -1, max(ts))`, so only
  // strings get their own overload. A DATE therefore comes back as a TIMESTAMP (Snowflake keeps a DATE).
  `bz_dateadd(x, i) AS x + i, (x VARCHAR, i INTERVAL) AS CAST(x AS TIMESTAMP) + i`,
  `bz_timeadd(x, i) AS x + i, (x VARCHAR, i INTERVAL) AS CAST(x AS TIMESTAMP) + i`,
  `bz_to_timestamp${toTimestampBody('CAST')}`,
  `bz_try_to_timestamp${toTimestampBody('TRY_CAST')}`,
  // Fallbacks for untranslated Snowflake SQL.
  `iff(c, a, b) AS CASE WHEN c THEN a ELSE b END`,
  `nvl(a, b) AS coalesce(a, b)`,
  `nvl2(a, b, c) AS CASE WHEN a IS NOT NULL THEN b ELSE c END`,
  `zeroifnull(a) AS coalesce(a, 0)`,
  `nullifzero(a) AS nullif(a, 0)`,
  `equal_null(a, b) AS a IS NOT DISTINCT FROM b`,
  `div0(a, b) AS CASE WHEN b = 0 THEN 0 ELSE a / b END`,
  `regexp_like(s, p) AS regexp_full_match(s, p)`,
  `to_varchar(x) AS CAST(x AS VARCHAR), (x, f) AS strftime(x, f)`,
  `try_to_number(x) AS TRY_CAST(x AS DECIMAL(38,0))`,
  `to_number(x) AS CAST(x AS DECIMAL(38,0))`,
  `try_to_date(x) AS TRY_CAST(x AS DATE)`,
  `to_date(x) AS CAST(x AS DATE)`,
  `try_to_boolean(x) AS TRY_CAST(x AS BOOLEAN)`,
  `to_timestamp_ntz(x) AS bz_to_timestamp(x)`,
  `try_to_timestamp_ntz(x) AS bz_try_to_timestamp(x)`,
  `try_to_timestamp(x) AS bz_try_to_timestamp(x)`,
  `parse_json(x) AS CAST(x AS JSON)`,
  `try_parse_json(x) AS TRY_CAST(x AS JSON)`,
  `sysdate() AS CAST(timezone('UTC', now()) AS TIMESTAMP)`,
  `getdate() AS current_timestamp`,
  `uuid_string() AS CAST(uuid() AS VARCHAR)`,
  `dateadd(p, n, x) AS CAST(x AS TIMESTAMP) + CASE lower(p) ` +
    `WHEN 'year' THEN to_years(CAST(n AS INTEGER)) WHEN 'month' THEN to_months(CAST(n AS INTEGER)) ` +
    `WHEN 'week' THEN to_weeks(CAST(n AS INTEGER)) WHEN 'day' THEN to_days(CAST(n AS INTEGER)) ` +
    `WHEN 'hour' THEN to_hours(CAST(n AS BIGINT)) WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT)) ` +
    `WHEN 'second' THEN to_seconds(CAST(n AS DOUBLE)) ELSE NULL END`,
];

/** The statements `installSnowflakeShims` runs (exposed for tests and for the emulator's diagnostics). */
export function shimStatements(): string[] {
  return MACROS.map((m) => `CREATE OR REPLACE TEMP MACRO ${m}`);
}

/** Creates the temp macros and types on this connection. Safe to call more than once. */
export async function installSnowflakeShims(connection: DuckDBConnection): Promise<void> {
  const existing = await connection.runAndReadAll(
    "SELECT type_name FROM duckdb_types() WHERE database_name = 'temp'",
  );
  const have = new Set(existing.getRows().map((r) => String(r[0]).toLowerCase()));
  for (const [name, target] of TYPES) {
    if (!have.has(name)) await connection.run(`CREATE TEMP TYPE ${name} AS ${target}`);
  }
  await connection.run(shimStatements().join(';\n'));
}
