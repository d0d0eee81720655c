// dbt_expectations.expect_column_value_lengths_to_equal on a model's column binds the text column it passes on:
// every value the sampler writes there is text of that length (the package's expression_is_true over
// `length(col) = value`, where a NULL fails no row). flipside_algorand's silver__pool_addresses tests ADDRESS at 58
// characters (an Algorand address) over the stand-ins of its swap models: made-up words failed it and 4 models were skipped.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';

it('a length test on a model column gives the text column it reads that length, through a UNION and a rename', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-value-lengths-', {
    'models/src.yml':
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: swaps_a\n      - name: swaps_b\n' +
      '        columns:\n          - name: pool_id\n            data_type: number\n',
    'models/pools.sql':
      "with s as (select pool_address, pool_id from {{ source('raw', 'swaps_a') }} union all select pool_address, pool_id from {{ source('raw', 'swaps_b') }})\n" +
      "select 'algorand' as blockchain, pool_address as address, pool_id::varchar as pool_key from s\n",
    'models/pools.yml':
      'version: 2\nmodels:\n  - name: pools\n    columns:\n      - name: address\n        tests:\n' +
      "          - not_null\n          - dbt_expectations.expect_column_value_lengths_to_equal:\n              value: 58\n              where: BLOCKCHAIN = 'algorand'\n" +
      '      - name: pool_key\n        tests:\n          - dbt_expectations.expect_column_value_lengths_to_equal:\n              value: 6\n',
  });
  const plans = planSynthetic(engine.project, { rows: 40, clean: false });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  for (const table of ['swaps_a', 'swaps_b']) {
    const plan = plans.find((p) => p.sourceId === `source.p.raw.${table}`)!;
    const address = plan.columns.find((c) => c.name === 'pool_address')!;
    assert.equal(address.length, 58);
    assert.equal(address.dirty, false, 'padded or re-cased spellings would change the length');
    // A number cast to text: its length is its digits', not a text the sampler draws.
    assert.equal(plan.columns.find((c) => c.name === 'pool_id')?.length, undefined);
    const insert = syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() });
    const rows = (await conn.runAndReadAll(`with t as (${insert.replace(/^INSERT INTO [^\n]*\n/, '')}) select count(*), count(distinct length(pool_address)), min(length(pool_address)) from t`)).getRows();
    assert.deepEqual(rows, [[40n, 1n, 58n]]);
  }
});
