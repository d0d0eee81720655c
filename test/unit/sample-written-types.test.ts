// A table only the project's own statements write (a reconciliation log a hook's INSERT … SELECT fills, made on
// Snowflake by an install script) holds what they write: robling's DWH_F_RECON_LD was created (or sampled) with
// text columns, its readers' `LOAD_DT = '{{ curr_day }}'` the only use seen, so the hook's own
// `DELETE … WHERE LOAD_DT IN (SELECT DISTINCT POST_DT FROM …)` was refused as a VARCHAR beside DATEs. Each written
// column is typed by the value the INSERTs write into it (materialization-writes.ts writtenValueType), on both paths:
// a table the sampler creates for the hooks (hook-tables.ts) and one it samples (addWrittenColumns).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { writtenTable } from '../../client/src/sample/materialization-writes';
import { hookInsertTables } from '../../client/src/sample/hook-tables';
import { cli } from '../e2e/helpers';

const current = { database: 'DB', schema: 'MAIN' };

it("types an INSERT … SELECT's columns by its select list, WITH and aliases read", () => {
  const w = writtenTable(
    [
      'INSERT INTO audit.recon (fact_typ, load_dt, txn_dt, loc_id, qty, n, note, ins_ts, amt)',
      'WITH x AS (SELECT 1 AS y FROM t)',
      "SELECT DISTINCT 'RTV' AS fact_typ, src.post_dt AS load_dt, TO_DATE(src.txn_dt) txn_dt, src.loc_id, SUM(src.qty) AS qty,",
      '  COUNT(*) AS n, NULL AS note, CURRENT_TIMESTAMP() AS ins_ts, CAST(src.amt AS NUMBER(18, 2))',
      'FROM src_table src GROUP BY 2, 3, 4',
    ].join('\n'),
    current,
  );
  assert.deepEqual(
    w?.columns.map((c) => `${c.name} ${c.dataType ?? '-'}`),
    ['fact_typ VARCHAR', 'load_dt DATE', 'txn_dt DATE', 'loc_id -', 'qty -', 'n NUMBER(38, 0)', 'note -', 'ins_ts TIMESTAMP_LTZ', 'amt NUMBER(18, 2)'],
  );
});

it("a hook table's column takes the first type an INSERT into it says (a later one may cast what the first leaves NULL), a string literal's VARCHAR last", () => {
  const tables = hookInsertTables(
    [
      { sql: "insert into audit.recon (fact_typ, load_dt, qty) select 'A', NULL, 1 from t" },
      { sql: "insert into audit.recon (fact_typ, load_dt, qty) select 'B', '2025-12-31', 2 from t" },
      { sql: "insert into audit.recon (fact_typ, load_dt, qty) select 'C', to_date(d), 3 from t" },
    ],
    current,
  );
  assert.deepEqual(tables, [
    {
      name: 'audit.recon',
      resolved: ['DB', 'AUDIT', 'RECON'],
      columns: [
        { name: 'fact_typ', type: 'VARCHAR' },
        { name: 'load_dt', type: 'DATE' },
        { name: 'qty', type: 'NUMBER(38, 0)' },
      ],
    },
  ]);
});

/** A project whose model's post-hook reconciles into audit.recon, which nothing in the project creates. */
function reconProject(hookReadsAValue: boolean): Record<string, string> {
  return {
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: stg',
      '    schema: stg',
      '    tables:',
      '      - name: moves',
      '        columns:',
      '          - name: post_dt',
      '            data_type: date',
      '          - name: qty',
      '            data_type: number(18, 2)',
      '',
    ].join('\n'),
    'macros/recon.sql': [
      '{% macro recon() %}',
      '{% if execute %}',
      // The business day, read as one value: offline (no rows) the hook fails to render, as robling's does.
      ...(hookReadsAValue ? ["{% set day = run_query(\"select max(post_dt) from \" ~ source('stg', 'moves')).columns[0].values()[0] %}"] : ["{% set day = '2025-12-31' %}"]),
      '{% set del %}',
      "DELETE FROM audit.recon WHERE fact_typ = 'M' AND load_dt IN (SELECT DISTINCT post_dt FROM {{ source('stg', 'moves') }})",
      '{% endset %}',
      '{% do run_query(del) %}',
      '{% set ins %}',
      'INSERT INTO audit.recon (fact_typ, load_dt, qty)',
      "SELECT 'M' AS fact_typ, src.post_dt AS load_dt, SUM(src.qty) AS qty FROM {{ source('stg', 'moves') }} src GROUP BY src.post_dt",
      '{% endset %}',
      '{% do run_query(ins) %}',
      '{% set chk %}',
      "SELECT COUNT(*) AS n FROM audit.recon WHERE fact_typ = 'M' AND load_dt = '{{ day }}'",
      '{% endset %}',
      '{% do run_query(chk) %}',
      '{% endif %}',
      '{% endmacro %}',
      '',
    ].join('\n'),
    'models/moves_v.sql': "{{ config(materialized='view', post_hook=\"{{ recon() }}\") }}\nselect post_dt, qty from {{ source('stg', 'moves') }}\n",
  };
}

for (const [label, hookReadsAValue, note] of [
  ['a table the hooks insert into, created by the sampler', false, /AUDIT\.RECON is written by the project's hooks .*\(fact_typ VARCHAR, load_dt DATE, qty /i],
  ['a table only macros read and write, sampled', true, /columns its readers' uses typed as text, typed as the project's own statements write into them: LOAD_DT DATE/i],
] as const) {
  it(`sample then build: ${label}, holds the DATE its INSERT writes, and the hook's IN (SELECT DISTINCT post_dt …) runs`, async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-written-types-', reconProject(hookReadsAValue));
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '10', '--seed', '1']);
    assert.match(sampled.stderr, note, sampled.stderr);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', "select data_type as t from information_schema.columns where table_schema = 'AUDIT' and table_name = 'RECON' and column_name = 'LOAD_DT'", '--output', 'json']);
    assert.match(shown.stdout, /"T": "DATE"/i, shown.stdout + shown.stderr);
  });
}
