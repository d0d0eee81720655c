// Snowflake's INFORMATION_SCHEMA.TABLES and .COLUMNS on the DuckDB target: one database's relations with Snowflake's
// columns and values (upper-case names, exact ROW_COUNT, TABLE_TYPE, NUMBER/TEXT/TIMESTAMP_NTZ data types), and the
// columns DuckDB cannot know (BYTES, CREATED, LAST_ALTERED …) refused by name where a query reads them.
// mattermost_analytics' get_event_relations filters `row_count >= 100` over `<db>.information_schema.tables`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import type { TargetConfig } from '../../server/src/core/types';

async function withAnalytics(fn: (s: DuckDbSession) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-infoschema-'));
  const target: TargetConfig = {
    name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'analytics', schema: 'bronze',
    path: join(dir, 'analytics.duckdb'),
  };
  const wh = await createDuckDbWarehouse(target);
  try {
    const s = await wh.openSession();
    await s.execute("attach ':memory:' as other; create table other.main.elsewhere as select 1 as x");
    await s.execute('create schema if not exists analytics.raw');
    await s.execute('create or replace table analytics.raw.tracks as select range::number(38,0) as id, \'e\' || range as event, current_timestamp()::timestamp_ntz as ts from range(150)');
    // DuckDB's own estimate keeps counting deleted rows; Snowflake's ROW_COUNT does not.
    await s.execute('delete from analytics.raw.tracks where id < 20');
    await s.execute('create or replace table analytics.raw.pages as select 1 as id');
    await s.execute('create or replace view analytics.raw.v_pages as select * from analytics.raw.pages');
    await fn(s);
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const refused = (column: string) => (e: unknown): boolean =>
  e instanceof WarehouseError && new RegExp(`INFORMATION_SCHEMA\\.\\w+\\.${column} \\(.*\\) is not supported on the DuckDB target \\(line 1, column \\d+\\)`).test(e.message);

test('TABLES lists one database with upper-case names, TABLE_TYPE and an exact ROW_COUNT (NULL for views)', async () => {
  await withAnalytics(async (s) => {
    const r = await s.execute(
      "select table_catalog, table_schema, table_name, table_type, row_count, is_transient from analytics.information_schema.tables where table_schema ilike 'raw' order by table_name",
    );
    assert.deepEqual(r.rows, [
      { TABLE_CATALOG: 'ANALYTICS', TABLE_SCHEMA: 'RAW', TABLE_NAME: 'PAGES', TABLE_TYPE: 'BASE TABLE', ROW_COUNT: 1, IS_TRANSIENT: 'NO' },
      { TABLE_CATALOG: 'ANALYTICS', TABLE_SCHEMA: 'RAW', TABLE_NAME: 'TRACKS', TABLE_TYPE: 'BASE TABLE', ROW_COUNT: 130, IS_TRANSIENT: 'NO' },
      { TABLE_CATALOG: 'ANALYTICS', TABLE_SCHEMA: 'RAW', TABLE_NAME: 'V_PAGES', TABLE_TYPE: 'VIEW', ROW_COUNT: null, IS_TRANSIENT: 'NO' },
    ]);
    // The pattern of mattermost_analytics' get_potential_event_tables.
    const events = await s.execute("SELECT DISTINCT table_schema, table_name FROM analytics.information_schema.tables WHERE table_schema ILIKE 'raw' AND row_count >= 100");
    assert.deepEqual(events.rows, [{ TABLE_SCHEMA: 'RAW', TABLE_NAME: 'TRACKS' }]);
    // Another attached catalog's tables are not in this database's information_schema.
    const all = await s.execute('select table_name from analytics.information_schema.tables');
    assert.ok(!all.rows.some((row) => row.TABLE_NAME === 'ELSEWHERE'));
    const other = await s.execute('select table_name from other.information_schema.tables');
    assert.deepEqual(other.rows, [{ TABLE_NAME: 'ELSEWHERE' }]);
    // Unqualified: the current database.
    const current = await s.execute("select count(*) as n from information_schema.tables where table_name = 'TRACKS'");
    assert.deepEqual(current.rows, [{ N: 1 }]);
  });
});

test('TABLES columns DuckDB cannot know are refused by name, only when read', async () => {
  await withAnalytics(async (s) => {
    for (const column of ['bytes', 'created', 'last_altered', 'table_owner', 'last_ddl_by', 'self_referencing_column_name', 'is_insertable_into', 'commit_action']) {
      await assert.rejects(s.execute(`select table_name, ${column} from analytics.information_schema.tables`), refused(column));
    }
    await assert.rejects(s.execute('select * from analytics.information_schema.tables'), refused('\\w+'));
  });
});

test('COLUMNS: Snowflake data types, exact DECIMAL precision, integer precision and VARCHAR length refused', async () => {
  await withAnalytics(async (s) => {
    const r = await s.execute(
      "select column_name, ordinal_position, data_type, is_nullable, numeric_scale from analytics.information_schema.columns where table_schema = 'RAW' and table_name = 'TRACKS' order by ordinal_position",
    );
    assert.deepEqual(r.rows, [
      { COLUMN_NAME: 'ID', ORDINAL_POSITION: 1, DATA_TYPE: 'NUMBER', IS_NULLABLE: 'YES', NUMERIC_SCALE: 0 },
      { COLUMN_NAME: 'EVENT', ORDINAL_POSITION: 2, DATA_TYPE: 'TEXT', IS_NULLABLE: 'YES', NUMERIC_SCALE: null },
      { COLUMN_NAME: 'TS', ORDINAL_POSITION: 3, DATA_TYPE: 'TIMESTAMP_NTZ', IS_NULLABLE: 'YES', NUMERIC_SCALE: null },
    ]);
    const p = await s.execute("select numeric_precision from analytics.information_schema.columns where table_name = 'TRACKS' and column_name = 'ID'");
    assert.deepEqual(p.rows, [{ NUMERIC_PRECISION: 38 }]);
    await assert.rejects(s.execute("select numeric_precision from analytics.information_schema.columns where table_name = 'PAGES'"), refused('numeric_precision'));
    await assert.rejects(s.execute("select character_maximum_length from analytics.information_schema.columns where table_name = 'TRACKS'"), refused('character_maximum_length'));
    // Columns Snowflake has and documents as not applicable: refused by name when read, not "column not found".
    await assert.rejects(s.execute("select column_name, datetime_precision from analytics.information_schema.columns where table_name = 'TRACKS'"), refused('datetime_precision'));
    await assert.rejects(s.execute("select interval_type from analytics.information_schema.columns where table_name = 'TRACKS'"), refused('interval_type'));
    // Every other column Snowflake lists, "not applicable" ones included: refused by name, never "column not found"
    // (mattermost's raw_warehouse_columns_hist stopped at MAXIMUM_CARDINALITY).
    for (const column of ['maximum_cardinality', 'character_set_name', 'collation_name', 'udt_name', 'scope_name', 'dtd_identifier', 'is_identity', 'identity_ordered', 'schema_evolution_record']) {
      await assert.rejects(s.execute(`select column_name, ${column} from analytics.information_schema.columns where table_name = 'TRACKS'`), refused(column));
    }
  });
});

test('any other INFORMATION_SCHEMA view is refused by name, located: DuckDB would answer with its own view or a raw error', async () => {
  await withAnalytics(async (s) => {
    // goodneighbors_gn_dw's warn_gold_view_comment_coverage reads VIEWS.COMMENT (DuckDB's VIEWS has no COMMENT column,
    // and lists every catalog's views); DATABASES, FUNCTIONS, TABLE_PRIVILEGES: DuckDB has no such view.
    for (const [sql, view] of [
      ['select table_name, comment from analytics.information_schema.views', 'VIEWS'],
      ['select count(*) from information_schema.databases', 'DATABASES'],
      ['select *\nfrom ANALYTICS.INFORMATION_SCHEMA.TABLE_PRIVILEGES', 'TABLE_PRIVILEGES'],
    ] as const) {
      await assert.rejects(s.execute(sql), (e: unknown) => {
        assert.ok(e instanceof WarehouseError, String(e));
        assert.match(e.message, new RegExp(`^INFORMATION_SCHEMA\\.${view} \\(the DuckDB target has Snowflake's TABLES and COLUMNS views only\\) is not supported on the DuckDB target`));
        const lines = sql.slice(0, sql.search(/(analytics\.)?information_schema/i)).split('\n');
        assert.deepEqual([e.details.line, e.details.column], [lines.length, lines[lines.length - 1].length + 1]);
        return true;
      });
    }
    // SCHEMATA (dbt's check_schema_exists) and the table functions are not refused.
    assert.ok((await s.execute("select count(*) as n from analytics.information_schema.schemata where schema_name ilike 'raw'")).rows.length === 1);
  });
});
