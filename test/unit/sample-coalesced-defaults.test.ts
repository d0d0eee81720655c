// A model column that fills a LEFT JOINed column with a literal where the join misses (`COALESCE(b.block_key, '-1')
// AS block_key__created`), tested never to hold that literal (a project's own `where col = '-1'` under a `where:`
// config, or dbt_utils.not_accepted_values), passes on real data because every row finds its match (flipside_algorand's
// core__dim_account and its negative_one test). The sampler draws the other side's key from the joined relation's key,
// followed to their sources; before, its random rounds found no block and every row held '-1'.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { renderOwnTests } from '../../client/src/sample/rendered';
import { assertionOfTestSql } from '../../client/src/sample/test-sql';
import { defaultedReads } from '../../client/src/sample/coalesced-defaults';
import { tokenizeSql } from '../../server/src/core/sql/tokenize';

const M = 'ANALYTICS.CORE.dim_account';

describe('a test that returns the rows holding a literal', () => {
  const read = (sql: string) => assertionOfTestSql(sql, 'dim_account');
  it('says the column never holds it: `=`, IN, OR of equalities, on the model or on the rows its where: config keeps', () => {
    assert.deepEqual(read(`select * from ${M} where block_key = '-1'`), { kind: 'excluded', column: 'block_key', values: ['-1'] });
    assert.deepEqual(read(`select * from ${M} a where -1 = a.block_id or a.block_id in (-2, 0)`), { kind: 'excluded', column: 'block_id', values: [-1, -2, 0] });
    assert.deepEqual(
      read(`SELECT * FROM (select * from ${M} where _inserted_timestamp < (CURRENT_TIMESTAMP - INTERVAL '8 HOURS') and id not in ('-1','-2')) dbt_subquery WHERE block_key = '-1'`),
      { kind: 'excluded', column: 'block_key', values: ['-1'] },
    );
  });
  it('says nothing of other shapes', () => {
    assert.equal(read(`select * from ${M} where block_key = '-1' and id = '2'`), undefined);
    assert.equal(read(`select * from ${M} where block_key = other_key`), undefined);
    assert.equal(read(`select * from ${M} where block_key not in ('-1')`), undefined);
    assert.equal(read(`select * from ${M} where a = '-1' or b = '-1'`), undefined, 'two columns');
    assert.equal(read(`select count(*) from ${M} where block_key = '-1'`), undefined);
    assert.equal(read(`select * from (select * from ${M} where ok) s join x on x.k = s.k where block_key = '-1'`), undefined);
    // A range read within the rows a where: config keeps is no bound on all of them (as before).
    assert.equal(read(`select * from (select * from ${M} where ok) s where qty < 1`), undefined);
  });
});

describe('defaultedReads', () => {
  const reads = (sql: string, column: string, values: Array<string | number>) => defaultedReads(tokenizeSql(sql).tokens, column, values).map((r) => r.alias);
  it('finds COALESCE / NVL / IFNULL of one joined column and the excluded literal', () => {
    assert.deepEqual(reads("select coalesce(C.k, '-1') as v from a left join b C on a.x = C.y", 'v', ['-1']), ['c']);
    assert.deepEqual(reads('select nvl(b.k, -1) v from a left join b on a.x = b.y', 'v', ['-1']), ['b']);
    assert.deepEqual(reads("select ifnull(b.k, '-2') as v from a union all select '-1' as v", 'v', ['-1', '-2']), ['b']);
  });
  it('finds a bare column (no alias: plan.ts finds its relation) and a CASE of literals one of whose results is excluded', () => {
    const all = (sql: string, column: string, values: Array<string | number>) => defaultedReads(tokenizeSql(sql).tokens, column, values).map(({ alias, column }) => ({ alias, column }));
    assert.deepEqual(all("select coalesce(k, '-1') as v from a", 'v', ['-1']), [{ alias: undefined, column: 'k' }]);
    // flipside_algorand's core__fact_transaction: '-2' for application calls, '-1' for any other miss.
    const fact = "select coalesce(dim_asset_id, case when a.tx_type in ('appl', 'keyreg') then '-2' else '-1' end) as dim_asset_id from a";
    assert.deepEqual(all(fact, 'dim_asset_id', ['-1']), [{ alias: undefined, column: 'dim_asset_id' }]);
    assert.deepEqual(all("select nvl(d.k, case when x then -1 end) v from a", 'v', [-1]), [{ alias: 'd', column: 'k' }]);
  });
  it('leaves other fills alone: another literal, two columns, a CASE without the literal or with a computed result', () => {
    assert.deepEqual(reads("select coalesce(b.k, '-2') as v from a", 'v', ['-1']), []);
    assert.deepEqual(reads("select coalesce(b.k, c.k, '-1') as v from a", 'v', ['-1']), []);
    assert.deepEqual(reads("select coalesce(b.k, '-1') || 'x' as v from a", 'v', ['-1']), []);
    assert.deepEqual(reads("select coalesce(k, case when x then '-2' else '-3' end) as v from a", 'v', ['-1']), []);
    assert.deepEqual(reads("select coalesce(k, case when x then y else '-1' end) as v from a", 'v', ['-1']), []);
    assert.deepEqual(reads("select coalesce(k, case when x then '-2' else '-1' end || 'x') as v from a", 'v', ['-1']), []);
  });
});

const FILES: Record<string, string> = {
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: accounts\n      - name: blocks\n      - name: wallets\n',
  'models/dim_block.sql':
    "select md5(round::varchar) as block_key, round as block_id, realtime as block_timestamp from {{ source('raw', 'blocks') }}\n" +
    "union all\nselect '-1' as block_key, -1 as block_id, null as block_timestamp\n",
  'models/dim_account.sql':
    "select a.addr as address, coalesce(c.block_key, '-1') as block_key__created, coalesce(b.block_key, '-2') as block_key__closed,\n" +
    "  coalesce(w.wallet_key, '-1') as wallet_key, a.loaded_at\nfrom {{ source('raw', 'accounts') }} a\n" +
    "left join {{ ref('dim_block') }} b on a.closed_round = b.block_id\nleft join {{ ref('dim_block') }} c on a.created_round = c.block_id\n" +
    "left join {{ source('raw', 'wallets') }} w on a.keytype = w.wallet_type\n",
  'macros/negative_one.sql': "{% test negative_one(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} = '-1'\n{% endtest %}\n",
  'models/dim_account.yml':
    'version: 2\nmodels:\n  - name: dim_account\n    columns:\n      - name: block_key__created\n        tests:\n' +
    "          - negative_one:\n              where: \"loaded_at < current_timestamp and address not in ('-1')\"\n" +
    '      - name: block_key__closed\n        tests: [negative_one]\n',
};

describe('a column filled where a LEFT JOIN misses, tested never to hold the fill', () => {
  const plan = (plans: ReturnType<typeof planSynthetic>, table: string) => plans.find((p) => p.sourceId === `source.p.raw.${table}`)!;
  const column = (plans: ReturnType<typeof planSynthetic>, table: string, name: string) => plan(plans, table).columns.find((c) => c.name === name);

  it("draws the other side's key from the joined relation's key, followed to its source (the join by its alias)", async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-coalesced-defaults-', FILES);
    const testSql = await renderOwnTests(engine);
    const plans = planSynthetic(engine.project, { rows: 20, clean: false, testSql });
    const created = column(plans, 'accounts', 'created_round')!;
    assert.deepEqual(created.references, { sourceId: 'source.p.raw.blocks', column: 'round' });
    assert.equal(created.notNull, true);
    // block_key__closed is filled with '-2', which its test allows: the closing round may find no block.
    assert.equal(column(plans, 'accounts', 'closed_round')?.references, undefined);
    assert.equal(column(plans, 'accounts', 'keytype')?.references, undefined);
    // Without the tests' compiled SQL nothing is known of them.
    assert.equal(column(planSynthetic(engine.project, { rows: 20, clean: false }), 'accounts', 'created_round')?.references, undefined);
  });

  it('reads dbt_utils.not_accepted_values by name, quoted as it quotes', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-coalesced-defaults-nav-', {
      ...FILES,
      'macros/negative_one.sql': '',
      'macros/not_accepted_values.sql': "{% test not_accepted_values(model, column_name, values, quote=true) %}\nselect 1 from {{ model }} where false\n{% endtest %}\n",
      'models/dim_account.yml':
        'version: 2\nmodels:\n  - name: dim_account\n    columns:\n      - name: wallet_key\n        tests:\n          - not_accepted_values:\n              values: [-1]\n',
    });
    const plans = planSynthetic(engine.project, { rows: 20, clean: false });
    assert.deepEqual(column(plans, 'accounts', 'keytype')?.references, { sourceId: 'source.p.raw.wallets', column: 'wallet_type' });
    assert.equal(column(plans, 'accounts', 'created_round')?.references, undefined);
  });
});

it("a joined dimension's key from a UNION whose other branches read no relation (literal rows, a subquery of literals) is its first branch's", async (t) => {
  // flipside_algorand's core__dim_account unions its accounts with '-1' / '-2' rows and two addresses written out in
  // a subquery; core__dim_application's creator joins it on address. Before, the literal subquery's `address` was read
  // as every parent's, the key traced to three columns, and the creators drew nothing from the accounts.
  const engine = await openTempProject(t, 'bronze-sample-coalesced-defaults-union-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: accounts\n      - name: apps\n      - name: wallets\n',
    'models/dim_account.sql':
      "select md5(a.address) as account_key, a.address, w.kind from {{ source('raw', 'accounts') }} a left join {{ ref('dim_wallet') }} w on a.w = w.id\n" +
      "union all\nselect '-1' as account_key, 'unknown' as address, null as kind\n" +
      "union all\nselect md5(address) as account_key, address, 'x' as kind from (select 'XM6' as address union all select 'SQ2' as address) x\n",
    'models/dim_wallet.sql': "select id, kind, address from {{ source('raw', 'wallets') }}\n",
    'models/dim_app.sql':
      "select p.app_id, coalesce(da.account_key, '-1') as account_key__creator\nfrom {{ source('raw', 'apps') }} p\n" +
      "left join {{ ref('dim_account') }} da on p.creator = da.address\n",
    'models/dim_app.yml': 'version: 2\nmodels:\n  - name: dim_app\n    columns:\n      - name: account_key__creator\n        tests: [negative_one]\n',
    'macros/negative_one.sql': "{% test negative_one(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} = '-1'\n{% endtest %}\n",
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: false, testSql: await renderOwnTests(engine) });
  const creator = plans.find((p) => p.sourceId === 'source.p.raw.apps')!.columns.find((c) => c.name === 'creator')!;
  assert.deepEqual(creator.references, { sourceId: 'source.p.raw.accounts', column: 'address' });
});

it("a key that is a path of a JSON column is not that column's values: no reference is written into the JSON", async (t) => {
  // flipside_algorand's transactions read their sender as `txn:txn:snd::string` from the source's TXN column; the
  // reference carried there made the sampler write account addresses into a VARIANT column, and the insert failed.
  const engine = await openTempProject(t, 'bronze-sample-coalesced-defaults-json-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: accounts\n      - name: txns\n',
    'models/transactions.sql': "select id as tx_id, txn:txn:snd::string as sender, round::int as block_id from {{ source('raw', 'txns') }}\n",
    'models/dim_account.sql': "select md5(addr) as account_key, addr as address from {{ source('raw', 'accounts') }}\n",
    'models/fact_tx.sql':
      "select t.tx_id, coalesce(da.account_key, '-1') as account_key__sender\nfrom {{ ref('transactions') }} t\n" +
      "left join {{ ref('dim_account') }} da on t.sender = da.address\n",
    'models/fact_tx.yml': 'version: 2\nmodels:\n  - name: fact_tx\n    columns:\n      - name: account_key__sender\n        tests: [negative_one]\n',
    'macros/negative_one.sql': "{% test negative_one(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} = '-1'\n{% endtest %}\n",
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: false, testSql: await renderOwnTests(engine) });
  const txns = plans.find((p) => p.sourceId === 'source.p.raw.txns')!;
  assert.deepEqual(txns.columns.filter((c) => c.references).map((c) => c.name), []);
  assert.equal(txns.columns.find((c) => c.name === 'txn')?.kind, 'json');
});

it("a bare joined column filled with a CASE of literals draws the other side's key from the relation that has the column", async (t) => {
  // flipside_algorand's core__fact_transaction: `COALESCE(dim_asset_id, CASE WHEN A.tx_type IN ('appl','keyreg') THEN
  // '-2' ELSE '-1' END) AS dim_asset_id` over `LEFT JOIN core__dim_asset das ON A.asset_id = das.asset_id`, tested by
  // negative_one. Before, the bare column was read as no join's and the transactions' asset ids were drawn apart from
  // the assets': most rows held '-1' and the test skipped nine models.
  const engine = await openTempProject(t, 'bronze-sample-coalesced-defaults-bare-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: assets\n      - name: txns\n      - name: accounts\n      - name: blocks\n',
    // Its assets are the ones whose creation block is known (an inner join): a key drawn from the others finds no asset.
    'models/dim_asset.sql':
      "select md5(a.asset_id::varchar) as dim_asset_id, a.asset_id, a.asset_name, b.block_time as created_at\n" +
      "from {{ source('raw', 'assets') }} a\njoin {{ source('raw', 'blocks') }} b on a.created_round = b.round\n",
    'models/dim_account.sql': "select md5(addr) as dim_account_id, addr as address from {{ source('raw', 'accounts') }}\n",
    'models/fact_tx.sql':
      "with base as (select tx_id, asset_id, sender, tx_type from {{ source('raw', 'txns') }})\n" +
      "select a.tx_id, coalesce(dim_asset_id, case when a.tx_type in ('appl', 'keyreg') then '-2' else '-1' end) as dim_asset_id,\n" +
      "  coalesce(da.dim_account_id, '-2') as dim_account_id__sender\nfrom base a\n" +
      "left join {{ ref('dim_account') }} da on a.sender = da.address\nleft join {{ ref('dim_asset') }} das on a.asset_id = das.asset_id\n",
    'models/fact_tx.yml': 'version: 2\nmodels:\n  - name: fact_tx\n    columns:\n      - name: dim_asset_id\n        tests: [negative_one]\n',
    'macros/negative_one.sql': "{% test negative_one(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} = '-1'\n{% endtest %}\n",
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: false, testSql: await renderOwnTests(engine) });
  const txns = plans.find((p) => p.sourceId === 'source.p.raw.txns')!;
  assert.deepEqual(txns.columns.find((c) => c.name === 'asset_id')?.references, { sourceId: 'source.p.raw.assets', column: 'asset_id' });
  assert.equal(txns.columns.find((c) => c.name === 'sender')?.references, undefined);
  const assets = plans.find((p) => p.sourceId === 'source.p.raw.assets')!;
  assert.deepEqual(assets.columns.find((c) => c.name === 'created_round')?.references, { sourceId: 'source.p.raw.blocks', column: 'round' });
});

it("a key read from a model that UNIONs its sources draws every branch's key from the joined relation's", async (t) => {
  // flipside_algorand's defi__fact_swap joins core__dim_asset on silver__swap's asset ids, silver__swap a UNION of
  // each DEX's swaps: before, a key traced to several branches bound none, and each DEX drew asset ids of its own.
  const engine = await openTempProject(t, 'bronze-sample-coalesced-defaults-branches-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: assets\n      - name: swaps_a\n      - name: swaps_b\n',
    'models/dim_asset.sql': "select md5(asset_id::varchar) as dim_asset_id, asset_id from {{ source('raw', 'assets') }}\n",
    'models/swaps.sql': "select tx_id, from_asset_id from {{ source('raw', 'swaps_a') }}\nunion all\nselect tx_id, from_asset_id from {{ source('raw', 'swaps_b') }}\n",
    'models/fact_swap.sql':
      "select s.tx_id, coalesce(c.dim_asset_id, '-1') as dim_asset_id__from\nfrom {{ ref('swaps') }} s\nleft join {{ ref('dim_asset') }} c on s.from_asset_id = c.asset_id\n",
    'models/fact_swap.yml': 'version: 2\nmodels:\n  - name: fact_swap\n    columns:\n      - name: dim_asset_id__from\n        tests: [negative_one]\n',
    'macros/negative_one.sql': "{% test negative_one(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} = '-1'\n{% endtest %}\n",
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: false, testSql: await renderOwnTests(engine) });
  for (const table of ['swaps_a', 'swaps_b']) {
    const swaps = plans.find((p) => p.sourceId === `source.p.raw.${table}`)!;
    assert.deepEqual(swaps.columns.find((c) => c.name === 'from_asset_id')?.references, { sourceId: 'source.p.raw.assets', column: 'asset_id' }, table);
  }
});

it("a key read from a CTE of the model that UNIONs its parents draws every branch's key from the joined relation's", async (t) => {
  // flipside_algorand's nft__fact_nft_sales: `with base as (select 'a' as market, purchaser from {{ ref('sales_a') }}
  // union all … seven marketplaces …) select coalesce(b.dim_account_id, '-1') … from base a left join
  // {{ ref('core__dim_account') }} b on a.purchaser = b.address`, tested by negative_one. The column flow follows a set
  // operation's first branch only: the other marketplaces' purchasers were drawn apart from the accounts' addresses.
  const engine = await openTempProject(t, 'bronze-sample-coalesced-defaults-cte-union-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: accounts\n      - name: sales_a\n      - name: sales_b\n      - name: sales_c\n',
    'models/dim_account.sql': "select md5(addr) as dim_account_id, addr as address from {{ source('raw', 'accounts') }}\n",
    'models/stg_sales_b.sql': "select tx_id, buyer as purchaser from {{ source('raw', 'sales_b') }}\n",
    'models/fact_sales.sql':
      "with base as (\n  select 'a' as market, tx_id, purchaser from {{ source('raw', 'sales_a') }}\n  union all\n" +
      "  select 'b' as market, tx_id, purchaser from {{ ref('stg_sales_b') }}\n  union all\n" +
      "  select 'c' as market, tx_id, purchaser from {{ source('raw', 'sales_c') }} where tx_id not in (select tx_id from {{ ref('stg_sales_b') }})\n)\n" +
      "select a.market, a.tx_id, coalesce(b.dim_account_id, '-1') as dim_account_id__purchaser\nfrom base a\n" +
      "left join {{ ref('dim_account') }} b on a.purchaser = b.address\n",
    'models/fact_sales.yml': 'version: 2\nmodels:\n  - name: fact_sales\n    columns:\n      - name: dim_account_id__purchaser\n        tests: [negative_one]\n',
    'macros/negative_one.sql': "{% test negative_one(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} = '-1'\n{% endtest %}\n",
  });
  const plans = planSynthetic(engine.project, { rows: 20, clean: false, testSql: await renderOwnTests(engine) });
  for (const [table, column] of [['sales_a', 'purchaser'], ['sales_b', 'buyer'], ['sales_c', 'purchaser']]) {
    const sales = plans.find((p) => p.sourceId === `source.p.raw.${table}`)!;
    assert.deepEqual(sales.columns.find((c) => c.name === column)?.references, { sourceId: 'source.p.raw.accounts', column: 'addr' }, table);
  }
});
