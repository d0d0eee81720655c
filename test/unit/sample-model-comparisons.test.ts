// `sample --synthetic` draws what a model's comparisons keep (model-comparisons.ts). flipside_algorand's
// silver__price_swap reads swaps through a UNION view, keeps those with a priced asset on one side (`IN ('31566704',
// '312769')` on ids renamed in its CTEs), joins the survivors to its assets on asset_id and to an hours spine on
// `DATE_TRUNC('HOUR', block_timestamp)`: drawn ids 1…100 and timestamps off the hour, it built no row.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSynthetic } from '../../client/src/sample/plan';
import { modelReads } from '../../client/src/sample/model-reads';
import { modelComparisons, truncUnit } from '../../client/src/sample/model-comparisons';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';
import { syntheticRows } from '../helpers/synthetic-rows';

const FILES: Record<string, string> = {
  'models/src.yml':
    'version: 2\nsources:\n  - name: raw\n    tables:\n' +
    '      - name: swaps_a\n        columns:\n          - {name: block_id, data_type: number}\n          - {name: from_asset, data_type: number}\n          - {name: to_asset, data_type: number}\n' +
    '          - {name: from_amount, data_type: "number(18,2)"}\n          - {name: to_amount, data_type: "number(18,2)"}\n' +
    '      - name: swaps_b\n        columns:\n          - {name: block_id, data_type: number}\n          - {name: from_asset, data_type: number}\n          - {name: to_asset, data_type: number}\n' +
    '          - {name: from_amount, data_type: "number(18,2)"}\n          - {name: to_amount, data_type: "number(18,2)"}\n' +
    '      - name: blocks\n        columns:\n          - {name: block_id, data_type: number, tests: [unique, not_null]}\n          - {name: block_timestamp, data_type: timestamp_ntz}\n' +
    '      - name: assets\n        columns:\n          - {name: asset_id, data_type: number, tests: [unique, not_null]}\n          - {name: asset_name, data_type: varchar}\n' +
    // An hours spine nothing declares the columns of, as Flipside's shared.hours.
    '  - name: shared\n    tables:\n      - name: hours\n',
  'models/swap.sql':
    "select 'a' as dex, block_id, from_asset, from_amount, to_asset, to_amount from {{ source('raw', 'swaps_a') }}\n" +
    "union all\nselect 'b' as dex, block_id, from_asset, from_amount, to_asset, to_amount from {{ source('raw', 'swaps_b') }}\n",
  'models/price.sql':
    'with swaps as (\n' +
    "  select date_trunc('HOUR', block_timestamp) as block_hour, from_asset, from_amount, to_asset, to_amount\n" +
    "  from {{ ref('swap') }} a join {{ source('raw', 'blocks') }} b on a.block_id = b.block_id\n" +
    '  where from_amount > 0 and to_amount > 0\n),\n' +
    'usd as (\n' +
    "  select block_hour, from_asset as from_id, case when from_asset in ('777', '888') then 1 else to_amount / nullif(from_amount, 0) end as from_usd,\n" +
    "    to_asset as to_id, case when to_asset in ('777', '888') then 1 else from_amount / nullif(to_amount, 0) end as to_usd\n" +
    '  from swaps\n),\n' +
    "priced as (\n  select block_hour, from_id asset_id, from_usd price from usd where to_id in ('777', '888')\n" +
    "  union all\n  select block_hour, to_id, to_usd from usd where from_id in ('777', '888')\n),\n" +
    'spine as (\n' +
    '  select hour from {{ source(\n      \'shared\',\n      \'hours\'\n  ) }} h\n' +
    '  join (select min(block_hour) as lo, max(block_hour) as hi from swaps) r on h.hour between r.lo and r.hi\n),\n' +
    'hourly as (\n  select s.hour as block_hour, p.asset_id, avg(p.price) as price\n  from spine s join priced p on s.hour = p.block_hour\n  group by 1, 2\n)\n' +
    "select h.block_hour, h.asset_id, a.asset_name, h.price\nfrom hourly h join {{ source('raw', 'assets') }} a on h.asset_id = a.asset_id\n",
  'models/price.yml':
    'version: 2\nmodels:\n  - name: price\n    tests: [has_rows]\n',
  'macros/has_rows.sql': '{% test has_rows(model) %}select 1 as empty from (select count(*) as n from {{ model }}) where n = 0{% endtest %}',
};

const column = (plans: ReturnType<typeof planSynthetic>, table: string, name: string) =>
  plans.find((p) => p.sourceId.endsWith(`.${table}`))!.columns.find((c) => c.name.toLowerCase() === name)!;

describe("a model's comparisons reach the columns it reads", () => {
  it('reads a multi-line {{ source(…) }} as one relation with its alias, and a date-part word as a column where it stands', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-cmp-flow-', FILES);
    const model = [...engine.project.models.values()].find((m) => m.name === 'price')!;
    const { tokens, flow } = modelReads(engine.project, model);
    const read = (text: string, after: string): string | undefined => {
      const i = tokens.findIndex((t, k) => t.text === text && tokens[k - 2]?.text === after);
      const r = flow.at.get(i);
      return r && `${r.relation.split('.').slice(-2).join('.')}.${r.column}`;
    };
    const bare = tokens.findIndex((t, k) => t.text === 'hour' && tokens[k - 1]?.text === 'select');
    // `select hour from …`: the spine's column, though `hour` is a date part elsewhere.
    assert.equal(flow.at.get(bare)?.column, 'hour');
    // `h.hour`: qualified by the alias after the three-line source() call.
    assert.equal(read('hour', 'h'), 'shared.hours.hour');
    assert.equal(truncUnit("'HOUR'"), 'hour');
    assert.equal(truncUnit('mm'), 'month');
    assert.equal(truncUnit("'fortnight'"), undefined);
  });

  it('carries literals through renames, a UNION view and a join equality, and the truncation unit to the spine', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-cmp-plan-', FILES);
    const model = [...engine.project.models.values()].find((m) => m.name === 'price')!;
    const found = modelComparisons(engine.project, model, () => false);
    assert.deepEqual(found.find((f) => f.read.column === 'hour')?.unit, 'hour');
    const plans = planSynthetic(engine.project, { rows: 40, clean: true });
    for (const table of ['swaps_a', 'swaps_b']) {
      assert.deepEqual(column(plans, table, 'from_asset').compared, [777, 888]);
      assert.deepEqual(column(plans, table, 'to_asset').compared, [777, 888]);
      // Nothing compares the amounts with a literal (`> 0` keeps rows by order).
      assert.equal(column(plans, table, 'from_amount').compared, undefined);
    }
    // The assets the priced rows are joined to hold them; the spine holds whole hours.
    assert.deepEqual(column(plans, 'assets', 'asset_id').compared, [777, 888]);
    assert.equal(column(plans, 'hours', 'hour').onUnit, 'hour');
    assert.equal(column(plans, 'blocks', 'block_timestamp').onUnit, undefined);

    // Drawn: some swaps hold each literal, in every combination of the two sides; each asset once; one row per hour.
    const swaps = await syntheticRows(t, plans.find((p) => p.sourceId.endsWith('.swaps_a'))!, 'select count(*) filter (where from_asset in (777, 888) and to_asset in (777, 888) and from_asset <> to_asset), count(*) filter (where from_asset in (777, 888)), count(*) from t');
    const [pairs, fromPriced, rows] = swaps[0].map(Number);
    assert.equal(rows, 40);
    assert.ok(pairs > 0 && fromPriced >= 10 && fromPriced <= 30, `pairs ${pairs}, priced from ${fromPriced}`);
    const assets = await syntheticRows(t, plans.find((p) => p.sourceId.endsWith('.assets'))!, 'select count(*), count(distinct asset_id), count(*) filter (where asset_id in (777, 888)) from t');
    assert.deepEqual(assets[0].map(Number), [40, 40, 2]);
    const hours = await syntheticRows(t, plans.find((p) => p.sourceId.endsWith('.hours'))!, "select count(distinct hour), count(*) filter (where hour <> date_trunc('hour', hour)), max(hour) from t", { now: '2026-01-01 00:30:00' });
    assert.equal(Number(hours[0][0]), 40);
    assert.equal(Number(hours[0][1]), 0);
  });

  it('a unique column drops a literal its own rows draw, and keeps the others', async (t) => {
    const files = { ...FILES, 'models/price.sql': FILES['models/price.sql'].replace(/'888'/g, "'5'") };
    const engine = await openTempProject(t, 'bronze-sample-cmp-unique-', files);
    const plans = planSynthetic(engine.project, { rows: 40, clean: true });
    const assets = await syntheticRows(t, plans.find((p) => p.sourceId.endsWith('.assets'))!, 'select count(*), count(distinct asset_id), count(*) filter (where asset_id = 777), count(*) filter (where asset_id = 5) from t');
    assert.deepEqual(assets[0].map(Number), [40, 40, 1, 1]);
  });

  it("leaves out of a column the literals a model's UNION adds rows of its own for beside it", async (t) => {
    // flipside_algorand's core__dim_asset: silver__asset's assets, then `0 AS asset_id, 'ALGO' …` under a primary key.
    const files = { ...FILES, 'models/dim_assets.sql': "select asset_id, asset_name from {{ source('raw', 'assets') }}\nunion all\nselect 777 as asset_id, 'house' as asset_name\n" };
    const plans = planSynthetic((await openTempProject(t, 'bronze-sample-cmp-reserved-', files)).project, { rows: 40, clean: true });
    assert.deepEqual(column(plans, 'assets', 'asset_id').compared, [888]);
    // Compared text is left as drawn: only numbers (ids) are held.
    const named = { ...FILES, 'models/price.sql': FILES['models/price.sql'].replace('join {{ source(\'raw\', \'assets\') }} a on h.asset_id = a.asset_id', "join {{ source('raw', 'assets') }} a on h.asset_id = a.asset_id and a.asset_name = 'usd'") };
    const plain = planSynthetic((await openTempProject(t, 'bronze-sample-cmp-text-', named)).project, { rows: 40, clean: true });
    assert.equal(column(plain, 'assets', 'asset_name').compared, undefined);
  });

  it('builds rows on the twin (sample, then build)', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-cmp-cli-', FILES);
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--clean', '--project-dir', dir, '--rows', '60', '--seed', '3', '--days', '2']);
    assert.equal(sampled.code, 0, sampled.stderr);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 0, built.stderr + built.stdout);
  });
});
