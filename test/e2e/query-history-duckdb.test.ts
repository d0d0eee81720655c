// A fixture project on the local twin whose post-hooks read QUERY_HISTORY_BY_SESSION and RESULT_SCAN of the statement
// their model ran, as robling_product's log_dml_audit does (macros/log_dml.sql below). Built twice: the first build
// creates every table (CREATE_TABLE_AS_SELECT, ROWS_INSERTED = its rows); the second merges 3 batch rows into `merged`
// (1 matched and updated, 2 inserted: "number of rows inserted" + "number of rows updated" = 3) and appends them to
// `appended` (INSERT: 3 inserted). https://docs.snowflake.com/en/sql-reference/functions/query_history,
// https://docs.snowflake.com/en/sql-reference/functions/result_scan, https://docs.snowflake.com/en/sql-reference/sql/merge
// (The project is written here rather than under test/fixtures: its .sql files would join the Jinja scanner's
// differential record, template-scan-differential.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, query, tempProject } from './helpers';

const dir = tempProject('bronze-query-history-', {
  'dbt_project.yml': `name: query_history
version: '1.0.0'
config-version: 2
profile: query_history

# As robling_product's log_dml_audit: a post-hook reads the session's query history for the statement the model ran,
# then RESULT_SCAN of it for the rows that statement inserted and updated, and records them.
on-run-start:
  - "create table if not exists {{ target.schema }}.dml_audit (model varchar, query_type varchar, rows_inserted number, activity number)"
`,
  'profiles.yml': `query_history:
  target: local
  outputs:
    local:
      type: duckdb
      path: .bronze/local.duckdb
      schema: analytics
`,
  'macros/log_dml.sql': `{% macro log_dml(activity_type) %}
  {% set history_query %}
    select query_id, rows_inserted, rows_written_to_result, query_type
    from table(information_schema.query_history_by_session())
    where query_type = '{{ activity_type }}'
    order by end_time desc
    limit 1
  {% endset %}
  {% set last = run_query(history_query) %}
  {% if execute %}
    {% set query_id = last.columns[0].values()[0] %}
    {% set rows_inserted = last.columns[1].values()[0] %}
    {% if activity_type == 'MERGE' %}
      {% set counted = run_query("select coalesce(\\"number of rows inserted\\", 0) + coalesce(\\"number of rows updated\\", 0) as activity from table(result_scan('" ~ query_id ~ "'))") %}
      {% set activity = counted.rows[0]['ACTIVITY'] %}
    {% elif activity_type == 'INSERT' %}
      {% set counted = run_query("select \\"number of rows inserted\\" as activity from table(result_scan('" ~ query_id ~ "'))") %}
      {% set activity = counted.rows[0]['ACTIVITY'] %}
    {% else %}
      {% set activity = rows_inserted %}
    {% endif %}
    {% do run_query("insert into " ~ target.schema ~ ".dml_audit values ('" ~ this.identifier ~ "', '" ~ activity_type ~ "', " ~ rows_inserted ~ ", " ~ activity ~ ")") %}
  {% endif %}
{% endmacro %}
`,
  'models/batch.sql': `{{ config(materialized='table', post_hook="{{ log_dml('CREATE_TABLE_AS_SELECT') }}") }}
{% if var('batch', 1) == 1 %}
select 1 as id, 'a' as v union all select 2, 'b'
{% else %}
select 2 as id, 'b2' as v union all select 3, 'c' union all select 4, 'd'
{% endif %}
`,
  'models/merged.sql': `{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge',
          post_hook="{{ log_dml('MERGE' if is_incremental() else 'CREATE_TABLE_AS_SELECT') }}") }}
select id, v from {{ ref('batch') }}
`,
  'models/appended.sql': `{{ config(materialized='incremental', incremental_strategy='append',
          post_hook="{{ log_dml('INSERT' if is_incremental() else 'CREATE_TABLE_AS_SELECT') }}") }}
select id, v from {{ ref('batch') }}
`,
});

test('post-hooks read the session query history and RESULT_SCAN: CTAS, then the incremental MERGE (inserted vs updated) and INSERT', async () => {
  const first = await cli(['build', '--project-dir', dir()]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  const second = await cli(['build', '--project-dir', dir(), '--vars', 'batch: 2']);
  assert.equal(second.code, 0, second.stdout + second.stderr);
  const rows = await query(dir(), 'select model, query_type, rows_inserted, activity from analytics.dml_audit');
  const seen = rows.map((r) => `${String(r.MODEL)} ${String(r.QUERY_TYPE)} ${Number(r.ROWS_INSERTED)} ${Number(r.ACTIVITY)}`).sort();
  assert.deepEqual(seen, [
    'appended CREATE_TABLE_AS_SELECT 2 2',
    'appended INSERT 3 3',
    'batch CREATE_TABLE_AS_SELECT 2 2',
    'batch CREATE_TABLE_AS_SELECT 3 3',
    'merged CREATE_TABLE_AS_SELECT 2 2',
    // 2 rows inserted (ids 3, 4) and 1 updated (id 2): ROWS_INSERTED 2, inserted + updated 3.
    'merged MERGE 2 3',
  ]);
});
