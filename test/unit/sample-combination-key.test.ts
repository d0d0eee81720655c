// A column whose text form a model parses (`TRY_TO_DATE(TO_VARCHAR(x))`, `TRY_TO_DOUBLE(TO_VARCHAR(x))`) holds a value
// of the parsed kind; and a unique combination led by a date is made unique by its next member, not by the date
// (pretium's LAUS sources: DATE_REFERENCE, first of [DATE_REFERENCE, AREA_CODE], was sampled as id text that
// TRY_TO_DATE read as NULL; month_start was NULL in every row and 9 models were skipped behind the tests on it).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { columnsReadFromSource } from '../../client/src/sample/usage';

const SOURCES =
  'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: laus\n        columns:\n          - name: date_reference\n          - name: area_code\n' +
  '        tests:\n          - dbt_utils.unique_combination_of_columns:\n              arguments:\n                combination_of_columns: [date_reference, area_code]\n';

const MODEL =
  'select date_trunc(\'month\', try_to_date(to_varchar(l.date_reference)))::date as month_start, trim(to_varchar(l.area_code)) as area_code,\n' +
  "  try_to_double(to_varchar(l.employment)) as employment, try_to_number(to_char(l.households)) as households\nfrom {{ source('raw', 'laus') }} as l\n";

it("types a column by the parse of its text form", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-combination-key-', { 'models/src.yml': SOURCES, 'models/concept.sql': MODEL });
  const used = columnsReadFromSource(engine.project, 'source.p.raw.laus').map((c) => [c.name, c.dataType ?? null]);
  assert.deepEqual(used, [
    ['date_reference', 'DATE'],
    ['area_code', null],
    ['employment', 'FLOAT'],
    ['households', 'NUMBER(18,2)'],
  ]);
});

it('makes the next member of a unique combination unique when the first is a date', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-combination-key-', { 'models/src.yml': SOURCES, 'models/concept.sql': MODEL });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (n: string) => plan.columns.find((c) => c.name === n)!;
  assert.deepEqual([col('date_reference').dataType, col('date_reference').kind, col('date_reference').unique], ['DATE', 'date', false]);
  assert.deepEqual([col('area_code').kind, col('area_code').unique], ['id', true]);
  assert.equal(plan.key, 'area_code');
});

// dbt_expectations' compound-unique test (its `column_list`) asks what dbt_utils.unique_combination_of_columns asks.
it("honours dbt_expectations.expect_compound_columns_to_be_unique as a unique combination, on a source or a model", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-combination-key-', {
    'models/src.yml':
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: visits\n        columns:\n          - name: visitor_code\n          - name: site_code\n' +
      '        tests:\n          - dbt_expectations.expect_compound_columns_to_be_unique:\n              column_list: [visitor_code, site_code]\n      - name: orders\n',
    'models/visits_used.sql': "select visitor_code, site_code from {{ source('raw', 'visits') }}\n",
    'models/stg_orders.sql': "select order_ref as order_code, line_no from {{ source('raw', 'orders') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: stg_orders\n    tests:\n      - dbt_expectations.expect_compound_columns_to_be_unique:\n          column_list: [order_code, line_no]\n',
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const unique = (table: string, column: string): boolean | undefined => plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name === column)?.unique;
  assert.equal(unique('visits', 'visitor_code'), true);
  assert.equal(unique('orders', 'order_ref'), true);
});
