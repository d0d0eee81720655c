// A unique test on a column a model makes with TRIM(col) binds the source column's uniqueness: the sampler writes
// unique values unpadded, so trimming keeps them distinct (pretium's ref_oxford_metro_cbsa:
// `TRIM(LOCATION_CODE_OXFORD) AS oxford_location_code` under unique_combination_of_columns failed on repeated codes).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { trimsOneColumn } from '../../client/src/sample/trimmed-unique';

it('recognises TRIM of one column as the item', () => {
  assert.equal(trimsOneColumn('select TRIM(s.CODE) AS code_key, x from t s', 'code_key'), true);
  assert.equal(trimsOneColumn('select ltrim("Code") code_key from t', 'code_key'), true);
  assert.equal(trimsOneColumn("select trim(a || b) as code_key from t", 'code_key'), false);
  assert.equal(trimsOneColumn('select upper(trim(code)) as code_key from t', 'code_key'), false);
});

it('a unique test past TRIM makes the source column unique and unpadded; past UPPER it does not', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-trimmed-unique-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: crosswalk\n',
    'models/ref_crosswalk.sql':
      "select trim(location_code) as location_key, upper(region_code) as region_key, trim(location_name) as location_name from {{ source('raw', 'crosswalk') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: ref_crosswalk\n    columns:\n      - name: location_key\n        tests: [unique]\n      - name: region_key\n        tests: [unique]\n',
  });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (n: string) => plan.columns.find((c) => c.name === n)!;
  assert.deepEqual([col('location_code').unique, col('location_code').dirty], [true, false]);
  assert.equal(col('region_code').unique, false);
});
