// dbt_expectations.expect_column_values_to_be_in_set on a model's column binds the source column it reads: its
// values are the set's, and (without a row_condition) none is NULL — the test's LEFT JOIN to the set misses a NULL
// and reports it. (flipside_axelar's core__dim_labels tests LABEL_TYPE in a set through a UNION of sources: the
// sampler wrote words of its own, 100 rows failed, and the three models after it were skipped.)
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

it('a set test on a model column gives the source column the set, and fills it unless a row_condition picks rows', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-in-set-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: labels\n      - name: tokens\n',
    'models/dim_labels.sql':
      "select label_type, label_subtype from {{ source('raw', 'labels') }}\nunion all\nselect label_type, 'token' as label_subtype from {{ source('raw', 'tokens') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: dim_labels\n    columns:\n' +
      '      - name: label_type\n        tests:\n          - dbt_expectations.expect_column_values_to_be_in_set:\n              value_set: [dex, cex, token]\n' +
      "      - name: label_subtype\n        tests:\n          - dbt_expectations.expect_column_values_to_be_in_set:\n              value_set: [pool, token]\n              row_condition: \"label_subtype is not null\"\n",
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (table: string, n: string) => plans.find((p) => p.sourceId.endsWith(`.${table}`))!.columns.find((c) => c.name === n)!;
  for (const table of ['labels', 'tokens']) {
    assert.deepEqual(col(table, 'label_type').accepted, ['dex', 'cex', 'token']);
    assert.equal(col(table, 'label_type').notNull, true);
  }
  assert.deepEqual(col('labels', 'label_subtype').accepted, ['pool', 'token']);
  assert.equal(col('labels', 'label_subtype').notNull, false);
});
