// accepted_values on a code a model cleans with TRIM / NULLIF(…, '') binds the source column's values: both give a
// value of the set unchanged (goodneighbors_gn_dw: `NULLIF(TRIM(PRCS_STAT_CD),'') AS MBRFEE_PRCS_STAT_CD`, accepted
// ['F', 'R', 'S'], failed on made-up words and skipped the models after it). UPPER changes values: not followed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { keepsAcceptedValues } from '../../client/src/sample/trimmed-unique';

it('recognises TRIM, NULLIF(TRIM(col), \'\') and NULLIF(col, \'\') of one column; not when a value has edge spaces or is empty', () => {
  assert.equal(keepsAcceptedValues("select NULLIF(TRIM(b.PRCS_STAT_CD),'') AS MBRFEE_PRCS_STAT_CD from t b", 'MBRFEE_PRCS_STAT_CD', ['F', 'R']), true);
  assert.equal(keepsAcceptedValues("select nullif(code, '') code_key from t", 'code_key', ['A']), true);
  assert.equal(keepsAcceptedValues('select rtrim(code) as code_key from t', 'code_key', ['A']), true);
  assert.equal(keepsAcceptedValues('select upper(trim(code)) as code_key from t', 'code_key', ['A']), false);
  assert.equal(keepsAcceptedValues('select trim(code) as code_key from t', 'code_key', [' A']), false);
  assert.equal(keepsAcceptedValues("select nullif(trim(code), '') as code_key from t", 'code_key', ['']), false);
});

it('an accepted_values test past NULLIF(TRIM(…), \'\') gives the source column those values; past UPPER it does not', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-accepted-trim-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: billing\n',
    'models/billing.sql':
      "select nullif(trim(prcs_stat_cd), '') as fee_status, upper(div_cd) as fee_div from {{ source('raw', 'billing') }}\n",
    'models/schema.yml':
      "version: 2\nmodels:\n  - name: billing\n    columns:\n      - name: fee_status\n        tests:\n          - accepted_values:\n              values: ['F', 'R', 'S']\n      - name: fee_div\n        tests:\n          - accepted_values:\n              values: ['E', 'G']\n",
  });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (n: string) => plan.columns.find((c) => c.name === n)!;
  assert.deepEqual(col('prcs_stat_cd').accepted, ['F', 'R', 'S']);
  assert.equal(col('div_cd').accepted, undefined);
});
