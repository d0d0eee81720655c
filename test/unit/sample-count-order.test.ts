// `sample --synthetic` writes rows that pass a singular test bounding a model's per-group rates of one value's rows
// over another's (the shape of museum_dw's assert_gold_campaign_rates_valid over fct_campaign_performance): in every
// campaign, no more opens than sends and no more clicks than opens.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Engine } from '../../server/src/engine';
import { openTempProject } from '../helpers/temp-project';
import { syntheticRows } from '../helpers/synthetic-rows';
import { planSynthetic, type TablePlan } from '../../client/src/sample/plan';
import { dealingOrder, rateOrderOf } from '../../client/src/sample/count-order';

const project = (t: TestContext, files: Record<string, string>): Promise<Engine> => openTempProject(t, 'bronze-sample-count-order-', files);

const rows = (t: TestContext, plan: TablePlan, query: string): Promise<unknown[][]> => syntheticRows(t, plan, query);

const rate = (part: string, whole: string, scale = ' * 100'): string =>
  `round(case when count(case when kind = '${whole}' then 1 end) > 0 then count(case when kind = '${part}' then 1 end)::float / count(case when kind = '${whole}' then 1 end)${scale} else 0 end, 2)`;

const RATES = `select campaign_id, ${rate('Open', 'Sent')} as open_pct, ${rate('Click', 'Open')} as click_pct, ${rate('Bounce', 'Sent')} as bounce_pct\nfrom {{ ref('silver_events') }}\ngroup by campaign_id`;

const FILES = {
  'models/src.yml':
    'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n        columns:\n          - name: event_id\n            tests: [unique]\n' +
    "          - name: campaign_id\n            tests: [not_null]\n          - name: kind\n            tests:\n              - accepted_values:\n                  values: ['Sent', 'Open', 'Click', 'Bounce', 'Spam']\n",
  'models/silver_events.sql': "select event_id, campaign_id, trim(kind) as kind from {{ source('raw', 'events') }}",
  'models/fct_campaigns.sql': RATES,
  'tests/assert_rates_valid.sql': "select campaign_id\nfrom {{ ref('fct_campaigns') }}\nwhere open_pct > 100 or click_pct > 100\n   or bounce_pct > 100",
};

/** Campaigns (of the sampled rows) with more opens than sends, clicks than opens, or bounces than sends. */
const BROKEN =
  "select count(*) from (select campaign_id, count_if(kind = 'Sent') s, count_if(kind = 'Open') o, count_if(kind = 'Click') c, count_if(kind = 'Bounce') b from t group by 1) where o > s or c > o or b > s";

describe('rates of one value over another that a test bounds per group', () => {
  it('reads the pairs a rate test asks from the model and the test, and nothing of other shapes', () => {
    const test = 'select campaign_id from {{ ref(\'m\') }} where open_pct > 100 or click_pct > 100';
    assert.deepEqual(rateOrderOf(test, RATES), {
      column: 'kind',
      groupBy: ['campaign_id'],
      pairs: [
        { lesser: 'Open', greater: 'Sent' },
        { lesser: 'Click', greater: 'Open' },
      ],
    });
    // A rate as a fraction, its whole written first, bounded at or above its whole (`100 < x` the other way round).
    const fraction = `select c, count(case when kind = 'b' then 1 end) / nullif(count(case when kind = 'a' then 1 end), 0) as r from x group by c`;
    assert.deepEqual(rateOrderOf('select c from m where r > 1', fraction)?.pairs, [{ lesser: 'b', greater: 'a' }]);
    assert.deepEqual(rateOrderOf('select c from m where 1.5 < r', fraction)?.pairs, [{ lesser: 'b', greater: 'a' }]);
    // A bound below the whole asks a ratio, not an order; `>= 100` fails a part equal to its whole.
    assert.equal(rateOrderOf('select c from m where r > 0.5', fraction), undefined);
    assert.equal(rateOrderOf('select c from m where r >= 1', fraction), undefined);
    // Not a rate: a count alone, a product, counts of two columns; a test with AND; a model without GROUP BY.
    assert.equal(rateOrderOf('select c from m where n > 100', "select c, count(case when kind = 'a' then 1 end) as n from x group by c"), undefined);
    assert.equal(rateOrderOf('select c from m where r > 1', "select c, count(case when kind = 'a' then 1 end) * count(case when kind = 'b' then 1 end) as r from x group by c"), undefined);
    assert.equal(rateOrderOf('select c from m where r > 1', "select c, count(case when k1 = 'a' then 1 end) / count(case when k2 = 'b' then 1 end) as r from x group by c"), undefined);
    assert.equal(rateOrderOf('select c from m where r > 1 and c is not null', fraction), undefined);
    assert.equal(rateOrderOf('select c from m where r > 1', "select count(case when kind = 'b' then 1 end) / count(case when kind = 'a' then 1 end) as r from x"), undefined);
  });

  it('orders the values so each comes after those it may not outnumber, and gives up on a cycle', () => {
    assert.deepEqual(
      dealingOrder(
        [
          { lesser: 'Click', greater: 'Open' },
          { lesser: 'Open', greater: 'Sent' },
        ],
        ['Sent', 'Spam', 'Open'],
      ),
      ['Sent', 'Open', 'Click', 'Spam'],
    );
    assert.equal(
      dealingOrder([
        { lesser: 'a', greater: 'b' },
        { lesser: 'b', greater: 'a' },
      ]),
      undefined,
    );
  });

  it('deals the counted source column in each campaign so that no rate exceeds its whole (museum_dw assert_gold_campaign_rates_valid)', async (t) => {
    const engine = await project(t, FILES);
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.events')!;
    const kind = plan.columns.find((c) => c.name === 'kind')!;
    assert.deepEqual(kind.dealtInGroups, { order: ['Sent', 'Open', 'Click', 'Bounce', 'Spam'], groupBy: ['campaign_id'] });
    assert.equal(kind.dirty, false);
    const [[broken, campaigns, kinds]] = await rows(t, plan, `select (${BROKEN}), count(distinct campaign_id), count(distinct kind) from t`);
    assert.equal(Number(broken), 0);
    assert.ok(Number(campaigns) > 5, String(campaigns));
    assert.ok(Number(kinds) >= 4, String(kinds));
    // A share test on the first value (museum_dw's distribution_shift of Sent, 20–70 %) is dealt within the groups:
    // both hold.
    const shared: TablePlan = { ...plan, columns: plan.columns.map((c) => (c === kind ? { ...c, share: { value: 'Sent', min: 20, max: 70 } } : c)) };
    const [[broken2, sent]] = await rows(t, shared, `select (${BROKEN}), count_if(kind = 'Sent') * 100.0 / count(*) from t`);
    assert.equal(Number(broken2), 0);
    assert.ok(Number(sent) >= 20 && Number(sent) <= 70, String(sent));
  });

  it('leaves a column alone when a rate names a value its accepted_values leave out', async (t) => {
    const engine = await project(t, { ...FILES, 'models/src.yml': FILES['models/src.yml'].replace("'Bounce', ", '') });
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.events')!;
    assert.equal(plan.columns.find((c) => c.name === 'kind')!.dealtInGroups, undefined);
  });
});
