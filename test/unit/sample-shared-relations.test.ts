// `sample --synthetic` writes one table for source declarations naming the same stored table (robling_product
// declares DM_MERCH.DM_F_MEAS_FACT_ILD_B as seven sources, each read for its own columns). Planned apart, each plan
// replaced the table in turn: only the last declaration's columns were left, and the models reading the others'
// failed with an invalid identifier.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { typeFamily } from '../../client/src/sample/column-kinds';

it('plans one table with every declaration’s columns when two sources name the same table', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-shared-', {
    'models/a.yml': 'version: 2\nsources:\n  - name: area_a\n    schema: mart\n    tables:\n      - name: facts\n',
    'models/b.yml':
      'version: 2\nsources:\n  - name: area_b\n    schema: mart\n    tables:\n      - name: facts\n        columns:\n          - name: fact_cde\n            data_type: varchar\n',
    'models/other.yml': 'version: 2\nsources:\n  - name: area_c\n    schema: other\n    tables:\n      - name: facts\n',
    'models/recap.sql': "select item_id, loc_id, meas_dt::date as meas_dt, val from {{ source('area_a', 'facts') }} where fact_cde = 'OH'\n",
    'models/sales.sql': "select loc_id, val + 1 as val, fact_cde from {{ source('area_b', 'facts') }}\n",
    'models/elsewhere.sql': "select other_id from {{ source('area_c', 'facts') }}\n",
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: true });
  const mart = plans.filter((p) => p.relation.schema.toLowerCase() === 'mart');
  assert.equal(mart.length, 1, plans.map((p) => p.label).join('; '));
  const columns = mart[0].columns.map((c) => c.name.toLowerCase()).sort();
  assert.deepEqual(columns, ['fact_cde', 'item_id', 'loc_id', 'meas_dt', 'val']);
  assert.match(mart[0].label, /^area_a\.facts \(also declared as area_b\.facts\)$/);
  // A column one reader types (`val + 1`) keeps that type though the first declaration's reader leaves it text.
  const val = mart[0].columns.find((c) => c.name.toLowerCase() === 'val');
  assert.notEqual(typeFamily(val!.dataType), 'text', val!.dataType);
  // Another schema's table of the same name stays its own.
  assert.deepEqual(plans.filter((p) => p.relation.schema.toLowerCase() === 'other').map((p) => p.columns.map((c) => c.name.toLowerCase())), [['other_id']]);
});

// robling declares DW_DWH_V.V_DWH_F_SLS_TXN_LN_ITM_B three times; one declaration's reader (a post-hook's
// `MAX(TO_NUMBER(VERSION_ID))`) parses VERSION_ID as a number, another's only reads it, and its name says an id. The
// merged column was the first declaration's id text ('VERSION-0000024'), which the TO_NUMBER refused.
it('keeps the text a reader parses as a number over id text when two declarations of one table plan a column', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-shared-', {
    'models/a.yml': 'version: 2\nsources:\n  - name: area_a\n    schema: mart\n    tables:\n      - name: lines\n',
    'models/b.yml': 'version: 2\nsources:\n  - name: area_b\n    schema: mart\n    tables:\n      - name: lines\n',
    'models/listed.sql': "select txn_id, version_id from {{ source('area_a', 'lines') }}\n",
    'models/latest.sql': "select txn_id, max(to_number(version_id)) as latest from {{ source('area_b', 'lines') }} group by txn_id\n",
  });
  const [mart] = planSynthetic(engine.project, { rows: 20, clean: true }).filter((p) => p.relation.schema.toLowerCase() === 'mart');
  const version = mart.columns.find((c) => c.name.toLowerCase() === 'version_id')!;
  assert.deepEqual([typeFamily(version.dataType), version.kind], ['text', 'decimal']);
});
