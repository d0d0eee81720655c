// The columns a project's custom materializations write into a table it also declares as a source
// (materialization-writes.ts): robling's custom_merge MERGEs each model into DM_MERCH.DM_F_MEAS_FACT_ILD_B (its
// `target_table` config), whose readers read only some columns, so the sampled table lacked TXN_ID and CO_ID and the
// MERGE failed with `invalid identifier 'TGT.TXN_ID'`. The written columns join the plan, NULL in every sampled row.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { addWrittenColumns, customMaterializationStatements, writtenTable } from '../../client/src/sample/materialization-writes';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { cli } from '../e2e/helpers';

const current = { database: 'DB', schema: 'MAIN' };

it('reads the table and columns of a MERGE (INSERT lists, UPDATE SET targets) and of an INSERT', () => {
  const merge = writtenTable(
    'MERGE INTO db.mart.facts AS TGT USING (SELECT 1 AS txn_id) AS SRC ON (tgt.txn_id = src.txn_id) ' +
      'WHEN MATCHED AND (HASH(TGT.qty) <> HASH(SRC.qty)) THEN UPDATE SET TGT.qty = SRC.qty, TGT.upd_ts = CURRENT_TIMESTAMP::TIMESTAMP_NTZ ' +
      'WHEN NOT MATCHED THEN INSERT (txn_id, qty, "Note", ins_ts) VALUES (SRC.txn_id, SRC.qty, SRC.note, CAST(CURRENT_TIMESTAMP AS TIMESTAMP_NTZ))',
    current,
  );
  assert.deepEqual(merge, {
    name: 'db.mart.facts',
    resolved: ['DB', 'MART', 'FACTS'],
    columns: [
      { name: 'qty', quoted: false },
      { name: 'upd_ts', quoted: false, dataType: 'TIMESTAMP_NTZ' },
      { name: 'txn_id', quoted: false },
      { name: 'Note', quoted: true },
      { name: 'ins_ts', quoted: false, dataType: 'TIMESTAMP_NTZ' },
    ],
  });
  assert.deepEqual(writtenTable("insert into log (a, b) values ('x', 1::NUMBER)", current), {
    name: 'log',
    resolved: ['DB', 'MAIN', 'LOG'],
    columns: [
      { name: 'a', quoted: false, dataType: 'VARCHAR' },
      { name: 'b', quoted: false, dataType: 'NUMBER' },
    ],
  });
  // A statement that names no column it writes, and any other statement, say nothing.
  assert.equal(writtenTable('insert into log select * from x', current), undefined);
  assert.equal(writtenTable('delete from log where a = 1', current), undefined);
  assert.equal(writtenTable('MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', current), undefined);
});

it("renders a custom materialization without a warehouse, its hooks left out, and keeps the MERGE it sends", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-mat-writes-', {
    'macros/custom_merge.sql': [
      "{% materialization custom_merge, adapter='snowflake' %}",
      "  {% set target = adapter.Relation.create(database=this.database, schema=config.get('schema'), identifier=config.get('target_table')) %}",
      '  {{ run_hooks(pre_hooks) }}',
      "  {% call statement('main') %}MERGE INTO {{ target }} AS TGT USING ({{ sql }}) AS SRC ON (TGT.id = SRC.id)",
      '  WHEN MATCHED THEN UPDATE SET TGT.qty = SRC.qty WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (SRC.id, SRC.qty){% endcall %}',
      "  {{ return({'relations': [target]}) }}",
      '{% endmaterialization %}',
      '',
    ].join('\n'),
    // A pre-hook that fails when its lookup finds no row (robling's start_script): the materialization still renders.
    'macros/start.sql': "{% macro start() %}{% if execute %}{% set r = run_query('select 1') %}{% if r.rows | length == 0 %}{{ exceptions.raise_compiler_error('no job') }}{% endif %}{% endif %}select 1{% endmacro %}\n",
    'models/m.sql': "{{ config(materialized='custom_merge', schema='mart', target_table='facts', pre_hook=['{{ start() }}']) }}\nselect 1 as id, 2 as qty\n",
    'models/v.sql': 'select 1 as a\n',
  });
  const statements = await customMaterializationStatements(engine);
  const merges = statements.filter((s) => /^\s*MERGE INTO/i.test(s));
  assert.equal(merges.length, 1);
  const written = writtenTable(merges[0], current);
  assert.deepEqual(written?.columns.map((c) => c.name), ['qty', 'id']);
  assert.equal(written?.resolved[2], 'FACTS');
});

it('adds the written columns a sampled table lacks, NULL in every row, and leaves the ones it has', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-mat-plan-', {
    'models/sources.yml': 'version: 2\nsources:\n  - name: dm\n    schema: mart\n    tables:\n      - name: facts\n',
    'models/reader.sql': "select fact_cde, sum(qty) as qty from {{ source('dm', 'facts') }} group by fact_cde\n",
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: true });
  const plan = plans[0];
  const before = plan.columns.map((c) => c.name.toUpperCase());
  assert.ok(before.includes('QTY') && !before.includes('TXN_ID'), before.join());
  const { database, schema, identifier } = plan.relation;
  const notes = addWrittenColumns(plans, [
    {
      name: 'mart.facts',
      resolved: [database.toLowerCase(), schema, identifier.toLowerCase()],
      columns: [
        { name: 'QTY', quoted: false },
        { name: 'TXN_ID', quoted: false },
        { name: 'RCD_INS_TS', quoted: false, dataType: 'TIMESTAMP_NTZ' },
      ],
    },
  ]);
  assert.deepEqual(
    plan.columns.filter((c) => c.unfilled).map((c) => `${c.name} ${c.dataType}`),
    ['TXN_ID VARCHAR', 'RCD_INS_TS TIMESTAMP_NTZ'],
  );
  assert.equal(plan.columns.filter((c) => c.name.toUpperCase() === 'QTY').length, 1);
  assert.equal(notes.length, 1);
  assert.match(notes[0], /TXN_ID VARCHAR, RCD_INS_TS TIMESTAMP_NTZ/);
  const insert = syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() });
  assert.match(insert, /NULL AS "TXN_ID"/);
  assert.match(insert, /NULL AS "RCD_INS_TS"/);
});

it('sample then build: the MERGE into the declared table runs, and a source on an incremental model\'s table is that model\'s', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-mat-build-', {
    'macros/custom_merge.sql': [
      "{% materialization custom_merge, adapter='snowflake' %}",
      "  {% set target = adapter.Relation.create(database=this.database, schema=config.get('schema'), identifier=config.get('target_table')) %}",
      "  {% call statement('main') %}MERGE INTO {{ target }} AS TGT USING ({{ sql }}) AS SRC ON (TGT.txn_id = SRC.txn_id)",
      '  WHEN MATCHED THEN UPDATE SET TGT.qty = SRC.qty WHEN NOT MATCHED THEN INSERT (fact_cde, txn_id, qty, rcd_ins_ts) VALUES (SRC.fact_cde, SRC.txn_id, SRC.qty, CURRENT_TIMESTAMP::TIMESTAMP_NTZ){% endcall %}',
      "  {{ return({'relations': [target]}) }}",
      '{% endmaterialization %}',
      '',
    ].join('\n'),
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: dm',
      '    schema: mart',
      '    tables:',
      '      - name: facts',
      '  - name: own',
      '    schema: "{{ target.schema }}"',
      '    tables:',
      '      - name: hist',
      '',
    ].join('\n'),
    'models/load_facts.sql': "{{ config(materialized='custom_merge', schema='mart', target_table='facts') }}\nselect 'F' as fact_cde, 'T-1' as txn_id, 2 as qty\n",
    'models/fact_totals.sql': "select fact_cde, sum(qty) as qty from {{ source('dm', 'facts') }} group by fact_cde\n",
    'models/hist.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect 1 as id, 5 as amount\n",
    'models/hist_check.sql': "select count(*) as n from {{ source('own', 'hist') }} where id in (select id from {{ ref('hist') }})\n",
  });
  const dir = engine.project.root;
  const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '10', '--seed', '1']);
  assert.match(sampled.stderr, /the project's materializations, hooks or macros write columns its readers do not read; added, NULL in the sampled rows: .*TXN_ID VARCHAR/i, sampled.stderr);
  assert.match(sampled.stderr, /source own\.hist names .*HIST, the table model hist builds \(incremental, keeping the rows it finds\): not sampled/i, sampled.stderr);
  const built = await cli(['build', '--project-dir', dir]);
  assert.equal(built.code, 0, built.stderr + built.stdout);
  const shown = await cli(['show', '--project-dir', dir, '--inline', "select (select count(*) from mart.facts where txn_id = 'T-1') as merged, (select count(*) from hist) as hist_rows", '--output', 'json']);
  assert.match(shown.stdout, /"MERGED": 1/i, shown.stdout + shown.stderr);
  assert.match(shown.stdout, /"HIST_ROWS": 1/i, shown.stdout + shown.stderr);
});
