// `sample --synthetic` writes rows that pass dbt_expectations' counting tests on a model built from a source (the
// shape of museum_dw's silver_ticket_scans): rows per group of a day column within bounds (the day of a timestamp),
// a number of distinct values; and a unique test past `SELECT DISTINCT col` says nothing of the source's rows.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Engine } from '../../server/src/engine';
import { openTempProject } from '../helpers/temp-project';
import { syntheticRows } from '../helpers/synthetic-rows';
import { groupedWith, planSynthetic, type TablePlan } from '../../client/src/sample/plan';
import { distinctWith } from '../../client/src/sample/expression-origin';
import { seedMembershipOf } from '../../client/src/sample/seed-coverage';
import { daysForRowsPerDay, distinctCountOf, distinctValuesFor, rowsPerDayOf } from '../../client/src/sample/test-counts';

const project = (t: TestContext, files: Record<string, string>): Promise<Engine> => openTempProject(t, 'bronze-sample-counts-', files);

const rows = (t: TestContext, plan: TablePlan, query: string, days = 30): Promise<unknown[][]> => syntheticRows(t, plan, query, { days });

// The tests as a project writes them, with macros of our own under dbt_expectations' names and arguments (the package
// is not installed in a fixture); a project's own macro of another name is not read.
const SCANS = {
  'models/src.yml':
    'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: scans\n        columns:\n' +
    '          - name: scan_id\n            tests: [not_null, unique]\n          - name: scan_timestamp\n          - name: gate_id\n' +
    "          - name: scan_result\n            tests:\n              - accepted_values:\n                  values: ['VALID', 'EXPIRED', 'INVALID']\n",
  'models/silver_scans.sql':
    "select scan_id, date_trunc('day', scan_timestamp) as scan_date, gate_id, scan_result\nfrom {{ source('raw', 'scans') }}",
  'models/silver_scans.yml':
    'version: 2\nmodels:\n  - name: silver_scans\n    tests:\n' +
    '      - expect_table_row_count_to_be_between:\n          group_by: [scan_date]\n          min_value: 20\n          max_value: 1000\n' +
    '      - expect_column_distinct_count_to_be_between:\n          column_name: gate_id\n          min_value: 2\n          max_value: 10\n' +
    '      - daily_volume_bounds:\n          date_column: scan_result\n          min_rows_per_day: 90\n',
  'models/dim_gate.sql': "select gate_id, 'gate' as kind from (select distinct gate_id from {{ ref('silver_scans') }}) g",
  'models/dim_gate.yml': 'version: 2\nmodels:\n  - name: dim_gate\n    columns:\n      - name: gate_id\n        tests: [unique, not_null]\n',
  'macros/count_tests.sql':
    '{% test expect_table_row_count_to_be_between(model, min_value=none, max_value=none, group_by=none) %}' +
    "select {{ group_by | join(', ') }}, count(*) from {{ model }} group by {{ group_by | join(', ') }} having count(*) not between {{ min_value }} and {{ max_value }}{% endtest %}\n" +
    '{% test expect_column_distinct_count_to_be_between(model, column_name, min_value=none, max_value=none) %}' +
    'select n from (select count(distinct {{ column_name }}) n from {{ model }}) c where n not between {{ min_value }} and {{ max_value }}{% endtest %}\n' +
    '{% test daily_volume_bounds(model, date_column, min_rows_per_day=1) %}' +
    'select {{ date_column }}, count(*) from {{ model }} group by 1 having count(*) < {{ min_rows_per_day }}{% endtest %}\n',
};

describe('counting tests the synthetic rows pass', () => {
  it("reads the bounds dbt_expectations' tests state, and no project's own test by its name", () => {
    const perDay = (kw: Record<string, unknown>) => rowsPerDayOf('expect_table_row_count_to_be_between', kw);
    assert.deepEqual(perDay({ group_by: ['d'], min_value: 5 }), { column: 'd', bounds: { min: 5 } });
    assert.equal(perDay({ group_by: ['date_trunc(d)'], min_value: 5 }), undefined);
    // Not a count per day: the whole table, two groups, or a condition on the rows counted.
    assert.equal(perDay({ min_value: 5 }), undefined);
    assert.equal(perDay({ group_by: ['d', 'e'], min_value: 5 }), undefined);
    assert.equal(perDay({ group_by: ['d'], min_value: 5, row_condition: 'e > 0' }), undefined);
    assert.deepEqual(distinctCountOf('expect_column_distinct_count_to_be_between', { max_value: 10 }), { max: 10 });
    assert.deepEqual(distinctCountOf('expect_column_unique_value_count_to_be_between', { min_value: 3 }), { min: 3 });
    assert.equal(distinctCountOf('expect_column_distinct_count_to_be_between', { max_value: 10, group_by: ['d'] }), undefined);
    assert.equal(distinctCountOf('not_null', {}), undefined);
    // A project's own macros, whatever they are named, are its SQL: not read.
    assert.equal(rowsPerDayOf('daily_volume_bounds', { date_column: 'd', min_rows_per_day: 5 }), undefined);
    assert.equal(distinctCountOf('cardinality_change', { max_expected: 10 }), undefined);
  });

  it('spreads rows over as many days as the bounds allow, or says none does', () => {
    // 100 rows, at least 20 a day: 5 days of 20; at least 5 a day: 20 days of 5; --days 7 caps it.
    assert.equal(daysForRowsPerDay(100, 30, { min: 20, max: 1000 }), 5);
    assert.equal(daysForRowsPerDay(100, 30, { min: 5, max: 500 }), 20);
    assert.equal(daysForRowsPerDay(100, 7, { min: 5 }), 7);
    // At most 3 a day needs 34 days: 30 are too few.
    assert.equal(daysForRowsPerDay(100, 30, { max: 3 }), undefined);
    assert.equal(daysForRowsPerDay(10, 30, { min: 20 }), undefined);
    assert.equal(distinctValuesFor(25, 100, { min: 2, max: 10 }), 10);
    assert.equal(distinctValuesFor(5, 100, { min: 8 }), 8);
    assert.equal(distinctValuesFor(25, 6, { min: 8 }), 6);
  });

  it('writes rows per day and distinct values within the bounds of tests on a model', async (t) => {
    const engine = await project(t, SCANS);
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.scans')!;
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual(col('scan_timestamp').perDay, { min: 20, max: 1000, days: 5 });
    assert.equal(col('scan_timestamp').notNull, true);
    assert.deepEqual(col('gate_id').distinct, { min: 2, max: 10 });
    // The project's own daily_volume_bounds on scan_result is not read.
    assert.equal(col('scan_result').perDay, undefined);
    // dim_gate's unique test is on `select distinct gate_id`: the source's gate_id need not be unique.
    assert.equal(col('gate_id').unique, false);
    const [[days, fewest, most, nullDays]] = await rows(
      t,
      plan,
      "select count(*), min(n), max(n), count(*) filter (where d is null) from (select date_trunc('day', scan_timestamp) d, count(*) n from t group by 1)",
    );
    assert.deepEqual([days, fewest, most, nullDays].map(Number), [5, 20, 20, 0]);
    const [[gates, others]] = await rows(
      t,
      plan,
      "select count(distinct gate_id), count(*) filter (where scan_result not in ('VALID', 'EXPIRED', 'INVALID')) from t",
    );
    assert.equal(Number(gates), 10);
    assert.equal(Number(others), 0);
  });

  it('keeps to --days when it allows fewer days than the rows could fill', async (t) => {
    const engine = await project(t, SCANS);
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.scans')!;
    const [[days, fewest]] = await rows(t, plan, "select count(*), min(n) from (select date_trunc('day', scan_timestamp) d, count(*) n from t group by 1)", 3);
    assert.deepEqual([days, fewest].map(Number), [3, 33]);
  });

  it('pairs the columns a unique test past GROUP BY a, b needs one b per a, instead of a unique a (museum_dw dim_campaign)', async (t) => {
    const engine = await project(t, {
      'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n        columns:\n          - name: event_id\n            tests: [unique]\n',
      'models/silver_events.sql': "select event_id, campaign_id, trim(campaign_name) as campaign_name from {{ source('raw', 'events') }}",
      'models/silver_events.yml':
        'version: 2\nmodels:\n  - name: silver_events\n    tests:\n      - expect_column_distinct_count_to_be_between:\n          column_name: campaign_id\n          max_value: 50\n',
      'models/fct_campaigns.sql': "select campaign_id, campaign_name, count(*) as events\nfrom {{ ref('silver_events') }}\ngroup by campaign_id, campaign_name",
      'models/fct_campaigns.yml': 'version: 2\nmodels:\n  - name: fct_campaigns\n    columns:\n      - name: campaign_id\n        tests: [unique]\n',
      'macros/count_tests.sql': SCANS['macros/count_tests.sql'],
    });
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.events')!;
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.equal(col('campaign_id').unique, false);
    assert.equal(col('campaign_id').pairing?.group, col('campaign_name').pairing?.group);
    assert.notEqual(col('campaign_id').pairing, undefined);
    const [[campaigns, namesPerCampaign]] = await rows(
      t,
      plan,
      'select count(distinct campaign_id), max(n) from (select campaign_id, count(distinct campaign_name) n from t group by 1)',
    );
    assert.ok(Number(campaigns) > 1 && Number(campaigns) <= 50, String(campaigns));
    assert.equal(Number(namesPerCampaign), 1);
    assert.deepEqual(groupedWith('select a, b from t group by t.a, "b"', 'a'), ['b']);
    assert.equal(groupedWith('select a, b from t group by a', 'a'), undefined);
    assert.equal(groupedWith('select a, b from t group by 1, 2', 'a'), undefined);
  });

  it('carries a unique and a not_null test through a join of models and a rename after a UNION (museum_dw fct_ticket_sales, dim_payment_method)', async (t) => {
    const engine = await project(t, {
      'models/src.yml':
        'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: tickets\n        columns:\n          - name: transaction_id\n            tests: [unique]\n' +
        '      - name: retail\n        columns:\n          - name: transaction_id\n            tests: [unique]\n',
      'models/silver_tickets.sql': "select transaction_id, ticket_number, payment_method from {{ source('raw', 'tickets') }}",
      'models/silver_retail.sql': "select transaction_id, payment_method from {{ source('raw', 'retail') }}",
      'models/fct_sales.sql':
        "with t as (select transaction_id, ticket_number from {{ ref('silver_tickets') }}),\n" +
        "r as (select transaction_id, 1 as n from {{ ref('silver_retail') }})\n" +
        'select t.ticket_number, r.n from t left join r on t.transaction_id = r.transaction_id',
      'models/dim_payment.sql':
        "with methods as (select distinct payment_method from {{ ref('silver_tickets') }} union select distinct payment_method from {{ ref('silver_retail') }})\n" +
        'select payment_method as payment_method_id from methods',
      'models/gold.yml':
        'version: 2\nmodels:\n  - name: fct_sales\n    columns:\n      - name: ticket_number\n        tests: [unique, not_null]\n' +
        '  - name: dim_payment\n    columns:\n      - name: payment_method_id\n        tests: [not_null]\n',
    });
    const plans = planSynthetic(engine.project, { rows: 50, clean: false });
    const col = (table: string, name: string) => plans.find((p) => p.label === table)!.columns.find((c) => c.name === name)!;
    assert.equal(col('raw.tickets', 'ticket_number').unique, true);
    assert.deepEqual([col('raw.tickets', 'payment_method').notNull, col('raw.retail', 'payment_method').notNull], [true, true]);
  });

  it('spreads the per-day tables of a project over the same days (museum_dw daily operations: no day the tickets lack)', async (t) => {
    const engine = await project(t, {
      ...SCANS,
      'models/src.yml':
        SCANS['models/src.yml'] + '      - name: sales\n        columns:\n          - name: sold_at\n            data_type: timestamp_ntz\n          - name: sold_on\n            data_type: date\n',
      'models/silver_sales.sql': "select sold_at::date as sale_date, sold_on from {{ source('raw', 'sales') }}",
      'models/silver_sales.yml':
        'version: 2\nmodels:\n  - name: silver_sales\n    tests:\n      - expect_table_row_count_to_be_between:\n          group_by: [sale_date]\n          min_value: 5\n' +
        '      - expect_table_row_count_to_be_between:\n          group_by: [sold_on]\n          min_value: 2\n',
    });
    const plans = planSynthetic(engine.project, { rows: 100, clean: false });
    const sales = plans.find((p) => p.label === 'raw.sales')!;
    const scans = plans.find((p) => p.label === 'raw.scans')!;
    // 5 days is the most the scans (20 a day) can fill: the sales, which could fill 20 or 50, keep to them.
    assert.deepEqual(sales.columns.map((c) => c.perDay?.days), [5, 5]);
    const [[salesDays]] = await rows(t, sales, 'select string_agg(distinct d::varchar, \',\' order by d::varchar) from (select sold_at::date d from t union select sold_on from t)');
    const [[scanDays]] = await rows(t, scans, "select string_agg(distinct scan_timestamp::date::varchar, ',' order by scan_timestamp::date::varchar) from t");
    assert.equal(salesDays, scanDays);
    assert.equal(String(scanDays).split(',').length, 5);
  });

  it("holds a row's own value of the column a relationships test names in the same source, through a model further away (museum_dw dim_product)", async (t) => {
    const engine = await project(t, {
      'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: retail\n        columns:\n          - name: item_sku\n          - name: product_id\n',
      'models/silver_retail.sql': "select item_sku, product_id from {{ source('raw', 'retail') }}",
      'models/dim_product.sql': "select distinct item_sku as product_id from {{ ref('silver_retail') }}",
      'models/fct_lines.sql': "select product_id from {{ ref('silver_retail') }}",
      'models/gold.yml':
        "version: 2\nmodels:\n  - name: fct_lines\n    columns:\n      - name: product_id\n        tests:\n          - relationships:\n              to: ref('dim_product')\n              field: product_id\n",
    });
    const plan = planSynthetic(engine.project, { rows: 60, clean: false })[0];
    assert.equal(plan.columns.find((c) => c.name === 'product_id')?.sameAs, 'item_sku');
    const [[orphans]] = await rows(t, plan, 'select count(*) from t where product_id is not null and product_id not in (select item_sku from t where item_sku is not null)');
    assert.equal(Number(orphans), 0);
  });

  it('writes only seed values where a singular test asks every value to be in a seed, paired with what a SELECT DISTINCT keeps beside it (museum_dw ticket types)', async (t) => {
    const engine = await project(t, {
      'models/src.yml':
        'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: tickets\n        columns:\n          - name: transaction_id\n            tests: [unique]\n' +
        '          - name: ticket_type\n          - name: unit_price\n            data_type: number(10,2)\n      - name: scans\n        columns:\n          - name: ticket_type\n',
      'seeds/ref_ticket_types.csv': 'ticket_type_id,price\nAdult,28\nChild,18\nSenior,20\n',
      'models/silver_tickets.sql':
        "select transaction_id, ticket_type, case when ticket_type like '%Child%' then 'Child' else 'Adult' end as visitor_category, unit_price from {{ source('raw', 'tickets') }}",
      'models/silver_scans.sql': "select ticket_type from {{ source('raw', 'scans') }}",
      'models/fct_sales.sql':
        "with t as (select t.transaction_id, t.ticket_type from {{ ref('silver_tickets') }} t), s as (select ticket_type from {{ ref('silver_scans') }})\n" +
        'select t.ticket_type, t.transaction_id from t left join s on t.ticket_type = s.ticket_type',
      'models/dim_ticket_type.sql':
        "select distinct ticket_type as ticket_type_id, visitor_category, unit_price as standard_price, case when unit_price = 0 then true else false end as is_free\nfrom {{ ref('silver_tickets') }}",
      'models/dim.yml': 'version: 2\nmodels:\n  - name: dim_ticket_type\n    columns:\n      - name: ticket_type_id\n        tests: [unique]\n',
      'tests/assert_ticket_types_match_seed.sql':
        "select distinct t.ticket_type\nfrom {{ ref('fct_sales') }} t\nleft join {{ ref('ref_ticket_types') }} r on t.ticket_type = r.ticket_type_id\nwhere r.ticket_type_id is null\n  and t.ticket_type is not null\n",
    });
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.tickets')!;
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual(col('ticket_type').accepted, ['Adult', 'Child', 'Senior']);
    assert.equal(col('ticket_type').unique, false);
    assert.equal(col('ticket_type').pairing?.group, col('unit_price').pairing?.group);
    const [[types, outside, pricesPerType]] = await rows(
      t,
      plan,
      "select count(distinct ticket_type), count(*) filter (where ticket_type not in ('Adult', 'Child', 'Senior')), (select max(n) from (select ticket_type, count(distinct unit_price) n from t group by 1)) from t",
    );
    assert.deepEqual([types, outside, pricesPerType].map(Number), [3, 0, 1]);
    assert.deepEqual(distinctWith("select distinct a as x, b, case when c = 0 then 1 end as d, current_timestamp() as e from t", 'a'), ['b', 'c']);
    assert.equal(distinctWith('select distinct a from t', 'a'), undefined);
    assert.deepEqual(
      seedMembershipOf("select t.a from {{ ref('m') }} t left join {{ ref('s') }} r on t.a = r.b where r.b is null", (n) => n === 's'),
      { seed: 's', model: 'm', modelColumn: 'a', seedColumn: 'b' },
    );
    // The other direction (every seed row has a match) is seed coverage, not membership.
    assert.equal(seedMembershipOf("select r.b from {{ ref('s') }} r left join {{ ref('m') }} t on t.a = r.b where t.a is null", (n) => n === 's'), undefined);
  });
});
