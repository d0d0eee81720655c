// A unique test on a column a model makes with TRIM(col) binds the source column's uniqueness: the sampler writes
// unique values unpadded, so trimming keeps them distinct (pretium's ref_oxford_metro_cbsa:
// `TRIM(LOCATION_CODE_OXFORD) AS oxford_location_code` under unique_combination_of_columns failed on repeated codes).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { concatenatesOneColumn, trimsOneColumn } from '../../client/src/sample/trimmed-unique';

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

it('recognises a concatenation of one column with constants, an earlier literal item alias among them', () => {
  const sql = "select address, 'flipside' as creator, 'axelar' blockchain, concat_ws('-', address, creator, blockchain) as unique_key, " +
    "'v_' || v.id || '_' || 1 as vkey, concat(a, b) as two, concat_ws(sep, a) as by_column, upper(a) || 'x' as upper_key from t v";
  assert.equal(concatenatesOneColumn(sql, 'unique_key'), true);
  assert.equal(concatenatesOneColumn(sql, 'vkey'), true);
  assert.equal(concatenatesOneColumn(sql, 'two'), false);
  assert.equal(concatenatesOneColumn(sql, 'by_column'), false);
  assert.equal(concatenatesOneColumn(sql, 'upper_key'), false);
  // A literal item of another SELECT (a CTE's) is no alias this list can name.
  assert.equal(concatenatesOneColumn("with c as (select 'x' as creator from t) select concat_ws('-', address, creator) as k from c", 'k'), false);
});

it('a unique test on CONCAT_WS of a column and literal items makes the source column unique', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-concat-unique-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: validators\n',
    'models/validators.sql':
      "select address, 'flipside' as creator, 'axelar' as blockchain, concat_ws('-', address, creator, blockchain) as unique_key, " +
      "concat_ws('-', operator, moniker) as pair_key from {{ source('raw', 'validators') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: validators\n    columns:\n      - name: unique_key\n        tests: [unique, not_null]\n      - name: pair_key\n        tests: [unique]\n',
  });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (n: string) => plan.columns.find((c) => c.name === n)!;
  assert.deepEqual([col('address').unique, col('address').notNull], [true, true]);
  // Two columns joined: neither alone need be unique (the combination is read elsewhere, not as one column).
  assert.equal(col('operator').unique, false);
  assert.equal(plan.columns.some((c) => c.name === 'creator' || c.name === 'blockchain'), false);
});

it('a window partitioned by the column in a select item no filter reads keeps every row: the unique test reaches the source', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-window-item-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: validators\n      - name: versions\n',
    // RANK() as an item: every row of an address stays.
    'models/ranked.sql': "select address, rank() over (partition by address order by shares desc) as rank from {{ source('raw', 'validators') }}\n",
    // ROW_NUMBER() filtered to 1 in the next CTE: one row per id is kept, the source's ids need not be unique.
    'models/latest.sql':
      "with n as (select id, row_number() over (partition by id order by loaded_at desc) as rn from {{ source('raw', 'versions') }})\nselect id from n where rn = 1\n",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: ranked\n    columns:\n      - name: address\n        tests: [unique]\n  - name: latest\n    columns:\n      - name: id\n        tests: [unique]\n',
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (table: string, n: string) => plans.find((p) => p.sourceId.endsWith(`.${table}`))!.columns.find((c) => c.name === n)!;
  assert.equal(col('validators', 'address').unique, true);
  assert.equal(col('versions', 'id').unique, false);
});
