// Numeric bounds a dbt_utils.expression_is_true test puts on a column, NULLs allowed (`(x is null) or (x >= 0)`), and
// the type they give a column nothing else types (pretium's LAUS `employment`: read downstream only through
// `TRY_TO_DOUBLE(TO_VARCHAR(l.EMPLOYMENT))`, sampled as text; the test's `employment >= 0` was refused on the twin as
// a VARCHAR compared with a NUMBER and 11 models were skipped).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { boundsOfExpression, numberIfBounded } from '../../client/src/sample/expression-bounds';

it('reads bounds behind a NULL test and across ANDs of one column', () => {
  assert.deepEqual(boundsOfExpression('(employment is null) or (employment >= 0)', undefined), { column: 'employment', min: 0 });
  assert.deepEqual(boundsOfExpression('(rate is null) or (rate >= 0 and rate <= 100)', undefined), { column: 'rate', min: 0, max: 100 });
  assert.deepEqual(boundsOfExpression('x is null or x between 1 and 5', undefined), { column: 'x', min: 1, max: 5 });
  assert.deepEqual(boundsOfExpression('(seats >= 1)', undefined), { column: 'seats', min: 1 });
  // Another column's NULL, or bounds of two columns: nothing a generator can take.
  assert.equal(boundsOfExpression('(a is null) or (b >= 0)', undefined), undefined);
  assert.equal(boundsOfExpression('a >= 0 and b <= 1', undefined), undefined);
  assert.equal(boundsOfExpression('a >= 0 or a <= -5', undefined), undefined);
});

it('a number where the name alone said text', () => {
  assert.equal(numberIfBounded('text', { min: 0 }), 'integer');
  assert.equal(numberIfBounded('text', { max: 0.5 }), 'decimal');
  assert.equal(numberIfBounded('text', {}), 'text');
  assert.equal(numberIfBounded('timestamp', { min: 0 }), 'timestamp');
});

it('samples a column an expression_is_true test bounds as a number, through a select * model', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-expression-bounds-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: laus\n',
    'models/fact_laus.sql': "select src.*, 'cbsa' as geo_level_code from {{ source('raw', 'laus') }} as src\n",
    // A use that says no type (pretium's TRY_TO_DOUBLE(TO_VARCHAR(x)) now says one: sample-combination-key.test.ts).
    'models/concept.sql': "select l.area_code, l.employment as employment_value from {{ ref('fact_laus') }} l where l.employment is not null\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: fact_laus\n    tests:\n      - dbt_utils.expression_is_true:\n          arguments:\n            expression: "(employment is null) or (employment >= 0)"\n',
  });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  const employment = plan.columns.find((c) => c.name === 'employment')!;
  assert.deepEqual([employment.dataType, employment.kind, employment.min], ['NUMBER(38,0)', 'integer', 0]);
  assert.equal(plan.columns.find((c) => c.name === 'area_code')!.dataType, 'VARCHAR');
});
