// A not_null test on a model column the model's own select computes by an expression that is never NULL
// (`COALESCE(tx_count, 0) AS tx_count` over a LEFT JOIN, `COUNT(DISTINCT x) AS n`) holds whatever the rows hold:
// COALESCE returns its first non-NULL argument (https://docs.snowflake.com/en/sql-reference/functions/coalesce) and
// COUNT counts rows (https://docs.snowflake.com/en/sql-reference/functions/count). flipside_algorand's
// core__fact_block LEFT JOINs per-block transaction counts and coalesces them with 0; the sampler read its not_null
// tests as "every block finds its transactions" and made the blocks' key reference the transactions' block column,
// whose values repeat (many transactions per block), so the unique test on the blocks' key failed on synthetic data.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { neverNullTopLevelItem } from '../../client/src/sample/expression-origin';

describe('neverNullTopLevelItem', () => {
  it('reads COALESCE / NVL / IFNULL with a filled argument, COUNT, COUNT_IF and ZEROIFNULL, cast or not', () => {
    assert.equal(neverNullTopLevelItem('select coalesce(tx_count, 0) as tx_count from t', 'tx_count'), true);
    assert.equal(neverNullTopLevelItem("select nvl(a.d, '1900-01-01' :: DATE) d from t a", 'd'), true);
    assert.equal(neverNullTopLevelItem('select ifnull(x, -1)::int as x from t', 'x'), true);
    assert.equal(neverNullTopLevelItem('select count(distinct y) as n from t', 'n'), true);
    assert.equal(neverNullTopLevelItem('select (zeroifnull(y)) as z from t', 'z'), true);
    assert.equal(neverNullTopLevelItem('select coalesce(a, coalesce(b, 0)) as v from t', 'v'), true);
  });

  it('anything that may be NULL is not: all-column COALESCE, NULL fallback, TRY_CAST, SUM, a plain column', () => {
    assert.equal(neverNullTopLevelItem('select coalesce(a, b) as v from t', 'v'), false);
    assert.equal(neverNullTopLevelItem('select coalesce(a, null) as v from t', 'v'), false);
    assert.equal(neverNullTopLevelItem("select try_cast(coalesce(a, 'x') as int) as v from t", 'v'), false);
    assert.equal(neverNullTopLevelItem('select sum(a) as v from t', 'v'), false);
    assert.equal(neverNullTopLevelItem('select a as v from t', 'v'), false);
    assert.equal(neverNullTopLevelItem('select coalesce(a, 0) + b as v from t', 'v'), false);
    assert.equal(neverNullTopLevelItem('select coalesce(a, 0) + abs(b) as v from t', 'v'), false);
    assert.equal(neverNullTopLevelItem('select count(a) / nullif(count(b), 0) as v from t', 'v'), false);
  });

  it('only the model’s own select list counts: a CTE’s item may be joined away, a UNION branch may be NULL', () => {
    assert.equal(neverNullTopLevelItem('with c as (select coalesce(a, 0) as v from t) select c.v from s left join c on s.k = c.k', 'v'), false);
    assert.equal(neverNullTopLevelItem('select coalesce(a, 0) as v from t union all select b as v from u', 'v'), false);
    assert.equal(neverNullTopLevelItem('select coalesce(a, 0) as v from t union all select count(*) as v from u', 'v'), true);
    // mattermost_analytics' dim_license_type: the first branch passes `name` through, the second adds 'Unknown'.
    assert.equal(neverNullTopLevelItem("select sku, name from p union select 'Unknown' as sku, 'Unknown' as name", 'name'), false);
  });
});

it('a not_null on a COALESCE with a constant over a LEFT JOIN leaves the joined keys alone, so a unique key stays unique', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-never-null-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: block_header\n      - name: txn\n',
    'models/blocks.sql': "select round as block_id, realtime as block_timestamp from {{ source('raw', 'block_header') }}\n",
    'models/transactions.sql': "select round as block_id, intra, sender, fee from {{ source('raw', 'txn') }}\n",
    'models/fact_block.sql':
      "with base as (select block_id, block_timestamp from {{ ref('blocks') }}),\n" +
      "txn as (\n  select a.block_id, count(distinct intra) as tx_count, sum(fee) as fee_total\n  from {{ ref('transactions') }} a join base b on a.block_id = b.block_id\n  group by a.block_id\n)\n" +
      'select a.block_id, coalesce(tx_count, 0) as tx_count, coalesce(fee_total, 0) as fee_total\nfrom base a left join txn b on a.block_id = b.block_id\n',
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: blocks\n    columns:\n      - name: block_id\n        tests: [not_null, unique]\n' +
      '  - name: fact_block\n    columns:\n      - name: tx_count\n        tests: [not_null]\n      - name: fee_total\n        tests: [not_null]\n',
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const round = plans.find((p) => p.sourceId === 'source.p.raw.block_header')!.columns.find((c) => c.name.toLowerCase() === 'round')!;
  assert.equal(round.unique, true);
  assert.equal(round.references, undefined, 'every block need not find a transaction: the item is 0 where none does');
});
