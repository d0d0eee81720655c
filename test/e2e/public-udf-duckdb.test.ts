// A UDF an on-run-start hook creates in the database's PUBLIC schema, called unqualified (Snowflake's SEARCH_PATH,
// `$current, $public`, https://docs.snowflake.com/en/sql-reference/name-resolution): a query on the twin (`bronze
// show --inline`, a singular test) finds it; a table model, whose CTAS the documentation resolves in the current
// schema, is refused by name at the call, and the same model calling PUBLIC.DOUBLE_IT builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, query, writeFiles } from './helpers';

test('PUBLIC UDFs on the twin: queries resolve them unqualified; a CTAS is refused by name, qualified it builds', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-public-udf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFiles(dir, {
    'dbt_project.yml':
      'name: public_udf\nversion: "1"\nconfig-version: 2\non-run-start:\n' +
      '  - "create schema if not exists {{ target.database }}.public"\n' +
      '  - "create or replace function {{ target.database }}.public.double_it(x number) returns number as $$ x * 2 $$"\n',
    'models/unqualified.sql': "{{ config(materialized='table') }}\nselect double_it(21) as v\n",
    'models/qualified.sql': "{{ config(materialized='table') }}\nselect public.double_it(21) as v\n",
    'tests/doubles.sql': 'select v from {{ ref("qualified") }} where v <> double_it(21)\n',
  });
  const build = await cli(['build', '--project-dir', dir]);
  assert.equal(build.code, 1, build.stdout + build.stderr);
  assert.match(build.stderr, /models\/unqualified\.sql:\d+:\d+: error unqualified: An unqualified call of DOUBLE_IT, which only the PUBLIC schema defines, in a CREATE statement .* is not supported on the DuckDB target \(line 3, column 8\)/);
  assert.deepEqual(await query(dir, 'select v::int as v from main.qualified'), [{ v: 42 }]);
  const results = await cli(['build', '--project-dir', dir, '-s', 'qualified', '--output', 'json']);
  const status = (JSON.parse(results.stdout) as { results: { name: string; status: string }[] }).results.map((r) => [r.name, r.status]);
  assert.deepEqual(status, [['qualified', 'success'], ['doubles', 'pass']]);
  const shown = await cli(['show', '--project-dir', dir, '--inline', 'select double_it(5) as v']);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /\| 10 \|/);
});
