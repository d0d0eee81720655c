// `bronze check` on macro files that call dbt-adapters' global macros (custom materializations and hooks): dbt has
// them, so no undefined-name warning; and a macro defined in a model folder that macro-paths names is found.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCheck } from '../../client/src/cli/check';

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: mat\nmacro-paths: ["macros", "models/area/macros"]\n',
  'macros/materializations/upsert.sql': [
    "{% materialization upsert, adapter='snowflake' %}",
    "  {%- set target_relation = this.incorporate(type='table') -%}",
    '  {%- set cols = get_columns_in_query(sql) -%}',
    "  {%- set csv = get_quoted_csv(cols) -%}",
    '  {%- set merge = mat.merge_into(target_relation, csv) -%}',
    "  {% call statement('main') %}{{ get_create_sql(target_relation, sql) }}{% endcall %}",
    "  {{ return({'relations': [target_relation]}) }}",
    '{% endmaterialization %}',
    '{% materialization checked, default %}',
    "  {% call statement('main') %}{{ get_test_sql(sql, 'count(*)', '!= 0', '!= 0', none) }}{% endcall %}",
    '{% endmaterialization %}',
  ].join('\n'),
  'models/area/macros/area_helpers.sql': [
    '{% macro merge_into(rel, csv) %}merge into {{ rel }} using x on 1 = 1{% endmacro %}',
    '{% macro add_new_columns(src, tgt) %}',
    "  {% set missing = check_for_schema_changes(src, tgt)['source_not_in_target'] %}",
    '  {% do alter_relation_add_remove_columns(tgt, missing, none) %}',
    '{% endmacro %}',
  ].join('\n'),
  'models/area/m.sql': "{{ config(materialized='view') }}select 1 as a",
};

test('dbt-adapters macros a custom materialization or a hook macro calls are known; a model-folder macro file is a macro file', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-adapter-macros-'));
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    const r = await runCheck({ projectDir: root, env: { HOME: path.join(root, '.home') } });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'bronze/undefined-name').map((d) => `${d.file}: ${d.message}`),
      [],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('bronze check names a model that is INSERT/DELETE statements, or only macro blocks, where the run would refuse it', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-not-a-query-'));
  try {
    const files: Record<string, string> = {
      ...FILES,
      'models/seed_script.sql': "{{ config(tags=['install']) }}\n/* install */\nDELETE FROM cfg WHERE k = 'a';\nINSERT INTO cfg (k) VALUES ('a');\n",
      'models/guarded.sql': "{% if var('install', false) %}insert into cfg values (1){% else %}select 1 as a{% endif %}\n",
      'models/fine.sql': "{{ config(materialized='table') }}\n-- a query\nwith a as (select 1 as x) select * from a\n",
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    const r = await runCheck({ projectDir: root, env: { HOME: path.join(root, '.home') } });
    const found = r.diagnostics.filter((d) => d.code === 'bronze/incomplete-sql').map((d) => [d.file, d.range.start.line, d.severity, d.message.slice(0, 60)]);
    assert.deepEqual(found, [
      ['models/area/macros/area_helpers.sql', 0, 'error', 'Model area_helpers has no SQL (only {% macro %} blocks, whit'],
      ['models/seed_script.sql', 2, 'error', 'Model seed_script is a DELETE statement, not a query: a mode'],
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
