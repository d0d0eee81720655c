// on-run-end hooks see dbt's `results` (node, status, message, execution_time, adapter_response), `schemas` and
// `database_schemas`: a hook that writes the run's results into a table, as projects do for run logging.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, tempProject, query } from './helpers';

const PROJECT = `name: runlog
version: '1.0'
profile: runlog
on-run-start:
  - "create table if not exists {{ target.schema }}.run_log (unique_id varchar, status varchar, rows_affected bigint, execution_time double, message varchar, run_tag varchar, invocation_id varchar)"
on-run-end:
  - "{% if results %}insert into {{ target.schema }}.run_log values {% for r in results %}('{{ r.node.unique_id }}', '{{ r.status }}', {{ r.adapter_response.rows_affected or 0 }}, {{ r.execution_time }}, '{{ r.message | replace(\\"'\\", \\"''\\") }}', '{{ var('run_tag', 'none') }}', '{{ invocation_id }}'){{ ',' if not loop.last }}{% endfor %}{% endif %}"
  - "create or replace table {{ target.schema }}.run_schemas as select '{{ schemas | join(',') }}' as schemas, '{{ database_schemas | map('join', '.') | join(',') }}' as database_schemas"
  - "create or replace table {{ target.schema }}.run_meta as select '{% for r in results if r.node.meta.owner %}{{ r.node.name }}:{{ r.node.meta.owner }}{% endfor %}' as owners"
`;

describe('on-run-end results on DuckDB', () => {
  const dir = tempProject('bronze-runend-', {
    'dbt_project.yml': PROJECT,
    'models/good.sql': "{{ config(materialized='table', meta={'owner': 'ann'}) }}\nselect 1 as id union all select 2\n",
    'models/bad.sql': "select no_such_column from {{ ref('good') }}\n",
    'models/after_bad.sql': "select * from {{ ref('bad') }}\n",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: good\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
  });

  it('writes one row per result with dbt\'s statuses, rows and messages', async () => {
    const r = await cli(['build', '--project-dir', dir(), '--vars', '{run_tag: nightly}']);
    assert.equal(r.code, 1, 'bad fails');
    const rows = await query(dir(), 'select unique_id, status, rows_affected, execution_time, message, run_tag, invocation_id from run_log order by unique_id');
    assert.deepEqual(
      rows.map((x) => [String(x.UNIQUE_ID).replace(/\.[0-9a-f]{10}$/, ''), x.STATUS, x.RUN_TAG]),
      [
        ['model.runlog.after_bad', 'skipped', 'nightly'],
        ['model.runlog.bad', 'error', 'nightly'],
        ['model.runlog.good', 'success', 'nightly'],
        ['test.runlog.not_null_good_id', 'pass', 'nightly'],
      ],
    );
    assert.equal(Number(rows[2].ROWS_AFFECTED), 2);
    assert.ok(Number(rows[2].EXECUTION_TIME) >= 0);
    assert.match(String(rows[1].MESSAGE), /no_such_column/i);
    assert.equal(new Set(rows.map((x) => x.INVOCATION_ID)).size, 1);
    const schemas = await query(dir(), 'select schemas, database_schemas from run_schemas');
    assert.deepEqual(schemas, [{ SCHEMAS: 'main', DATABASE_SCHEMAS: 'local.main' }]);
    // Each result's node carries its meta (a node without any has an empty one).
    assert.deepEqual(await query(dir(), 'select owners from run_meta'), [{ OWNERS: 'good:ann' }]);
  });
});
