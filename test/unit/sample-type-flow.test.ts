// What `sample --synthetic` learns of an undeclared source column from uses that are not next to the source: a
// var() compared with it, a timestamp parser's scale, a rename a model or two further down, a model column's
// declared data_type, casts to a number of text columns (ammodepot's and museum_dw's sources declare no types).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../server/src/engine';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { columnsReadFromSource } from '../../client/src/sample/usage';

/** A temp project (removed after the test) with source tables `raw.<table>`, the given models and dbt_project.yml lines. */
async function project(t: TestContext, tables: string[], models: Record<string, string>, yml = '', projectYml = ''): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-flow-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), `name: p\nversion: "1"\nprofile: p\n${projectYml}`);
  await writeFile(path.join(dir, 'models', 'src.yml'), `version: 2\nsources:\n  - name: raw\n    tables:\n${tables.map((x) => `      - name: ${x}\n`).join('')}${yml}`);
  for (const [name, sql] of Object.entries(models)) await writeFile(path.join(dir, 'models', `${name}.sql`), sql);
  return Engine.open({ projectDir: dir, cliVars: {} });
}

const typeOf = (engine: Engine, table: string, column: string): string | null =>
  columnsReadFromSource(engine.project, `source.p.raw.${table}`).find((c) => c.name === column)?.dataType ?? null;

describe('types from vars and timestamp scales', () => {
  it('reads a var() compared with a column as the literal its value is', async (t) => {
    // ammodepot: `where store_id = {{ var('ammodepot_default_store_id') }}` (0), `uom.to_uom_id = {{ var(…) }}` (1);
    // sampled as text ('STORE-0000015', 'touomid_6'), Snowflake's comparison with the number rejected them.
    const engine = await project(
      t,
      ['items'],
      {
        m:
          "select entity_id, value from {{ source('raw', 'items') }}\n" +
          "where store_id = {{ var('default_store') }} and price >= {{ var('threshold', 9.5) }} and region = {{ var('home') }}\n" +
          // Inside a string literal the var prints into the string: no column `EU` is read.
          "and label <> '{{ var(\"home\") }}'\n",
      },
      '',
      "vars:\n  default_store: 0\n  p:\n    home: EU\n",
    );
    assert.equal(typeOf(engine, 'items', 'store_id'), 'NUMBER(38,0)');
    // A var's default counts when no vars: entry sets it; a text value compares as text.
    assert.equal(typeOf(engine, 'items', 'price'), 'NUMBER(18,2)');
    assert.equal(typeOf(engine, 'items', 'region'), 'VARCHAR');
    assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.raw.items').map((c) => c.name).sort(), ['entity_id', 'label', 'price', 'region', 'store_id', 'value']);
  });

  it('takes TO_TIMESTAMP(x, scale) as a Unix time of that scale, holding plausible times', async (t) => {
    // ammodepot's Airbyte staging: `to_timestamp(_airbyte_extracted_at, 3)`; sampled as timestamp text, Snowflake's
    // numeric form rejected it ("Numeric value '2025-12-06 08:17:51' is not recognized").
    const engine = await project(t, ['events'], {
      m: "select id, to_timestamp(_airbyte_extracted_at, 3) as extracted_at, to_timestamp(sent, 'YYYY-MM-DD') as s from {{ source('raw', 'events') }}\n",
    });
    const used = columnsReadFromSource(engine.project, 'source.p.raw.events');
    assert.deepEqual(
      used.map((c) => [c.name, c.dataType ?? null, c.textOf ?? null, c.epoch ?? null]),
      [['id', null, null, null], ['_airbyte_extracted_at', 'NUMBER(38,0)', null, 1000], ['sent', 'VARCHAR', 'timestamp', null]],
    );
    const plan = planSynthetic(engine.project, { rows: 50, clean: false })[0];
    const column = plan.columns.find((c) => c.name === '_airbyte_extracted_at')!;
    assert.deepEqual([column.dataType, column.epoch], ['NUMBER(38,0)', 1000]);
    const select = syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    // Milliseconds since the epoch within the sampled window (the 30 days before the anchor).
    const reader = await conn.runAndReadAll(
      `select count(*) filter (where _airbyte_extracted_at not between epoch_ms(TIMESTAMP '2025-12-01') and epoch_ms(TIMESTAMP '2026-01-01')), count(_airbyte_extracted_at) from (${select})`,
    );
    const [outside, filled] = reader.getRows()[0];
    assert.equal(Number(outside), 0);
    assert.ok(Number(filled) > 40, `filled: ${filled}`);
  });
});

describe('types through renames, CTEs and models downstream', () => {
  it('follows a renamed column into the models that subtract it, through their CTEs and a second rename', async (t) => {
    // ammodepot: fishbowl_tag lists `qty` in a CTE and hands it on as `quantity_on_tag`; inventory_qtynotavailable
    // subtracts `t.quantity_committed_on_tag`; the allocation models list `poi.quantity_fulfilled` in a CTE and
    // subtract it bare. Sampled as text, every subtraction was refused.
    const engine = await project(t, ['tag'], {
      stg_tag:
        "with source_data as (select id, qty, qtycommitted, statusid, cost, discount, reserve, datecreated, datescheduled, label from {{ source('raw', 'tag') }})\n" +
        'select id as tag_id, qty as quantity_on_tag, qtycommitted as quantity_committed_on_tag, statusid as status_id, cost as unit_cost,\n' +
        '  discount, reserve as held, datecreated as created_at, datescheduled as scheduled_date, label as tag_label\nfrom source_data\n',
      // The reader itself: qualified by its alias.
      free: "select t.tag_id, t.quantity_on_tag - t.quantity_committed_on_tag as free from {{ ref('stg_tag') }} as t where t.status_id between 20 and 55\n",
      // Through the reader's CTE (which joins another model), read bare: `unit_cost - discount`, `scheduled_date - created_at`.
      allocations:
        "with a as (select t.tag_id, t.unit_cost, t.discount, t.held, t.created_at, t.scheduled_date, o.unit_cost as list_cost\n" +
        "  from {{ ref('stg_tag') }} t join {{ ref('owners') }} o on o.tag_id = t.tag_id)\n" +
        'select tag_id, unit_cost - discount as net, held, scheduled_date - created_at as wait from a\n',
      owners: "select 1 as tag_id, 'x' as unit_cost\n",
      // Two models down: `held` as allocations hands it on.
      report: "select r.tag_id, r.held + r.net as total from {{ ref('allocations') }} r\n",
    });
    const types = Object.fromEntries(columnsReadFromSource(engine.project, 'source.p.raw.tag').map((c) => [c.name, c.dataType ?? null]));
    assert.deepEqual(
      [types.qty, types.qtycommitted, types.statusid, types.cost, types.discount, types.reserve],
      ['NUMBER(18,2)', 'NUMBER(18,2)', 'NUMBER(38,0)', 'NUMBER(18,2)', 'NUMBER(18,2)', 'NUMBER(18,2)'],
    );
    // A difference of dates is a number too: names that say date decide (the names a model gives count).
    assert.notEqual(types.datescheduled, 'NUMBER(18,2)');
    assert.notEqual(types.datecreated, 'NUMBER(18,2)');
    // A column nothing does arithmetic on stays as its name says.
    assert.equal(types.label, null);
  });

  it('does not take a bare name in a join as the followed column when another relation may have it', async (t) => {
    const engine = await project(t, ['orders'], {
      stg: "select id as order_id, amount as order_amount, note from {{ source('raw', 'orders') }}\n",
      other: 'select 1 as order_id, 2 as note\n',
      // `note - 1`-like arithmetic on a name both relations could hold says nothing of the source's note.
      joined: "select s.order_id, note - order_amount as x from {{ ref('stg') }} s join {{ ref('other') }} o on o.order_id = s.order_id\n",
    });
    const types = Object.fromEntries(columnsReadFromSource(engine.project, 'source.p.raw.orders').map((c) => [c.name, c.dataType ?? null]));
    assert.equal(types.note, null);
  });
});

describe('days added to a date, and a COALESCE with a timestamp', () => {
  it('takes a column a whole number of days is subtracted from as the DATE a name a model gives it says', async (t) => {
    // robling_product: LND_F_INV_IL_B.DAY_ID is handed on as EFF_START_DT, then LAST_EFF_START_DT, and a macro file
    // ends the previous version at `src.last_eff_start_dt - 1`. Sampled NUMBER(18,2) for that subtraction, every
    // `eff_start_dt between excrt.eff_from_dt and excrt.eff_to_dt` (DATEs) was refused, and 34 models behind it.
    const engine = await project(t, ['il'], {
      stg: "select il.day_id as eff_start_dt, il.qty, il.seq, il.bonus, il.rate, il.ship_ts from {{ source('raw', 'il') }} il\n",
      cur: "select s.eff_start_dt as last_eff_start_dt, s.qty, s.seq, s.bonus, s.rate, s.ship_ts from {{ ref('stg') }} s\n",
      upd:
        'select c.last_eff_start_dt - 1 as eff_end_dt, c.qty - 1 as q, 10 - seq as s, c.bonus + 0.5 as b, c.rate * 2 as r, c.ship_ts + 1 as next_day\n' +
        "from {{ ref('cur') }} c\n",
    });
    const types = Object.fromEntries(columnsReadFromSource(engine.project, 'source.p.raw.il').map((c) => [c.name, c.dataType ?? null]));
    assert.equal(types.day_id, 'DATE');
    // Snowflake adds days to no timestamp: a column its name calls one, days added, is a DATE.
    assert.equal(types.ship_ts, 'DATE');
    // Without a date-like name it stays a number; subtracted from a number, added a fraction or multiplied, a number for sure.
    assert.equal(types.qty, 'NUMBER(18,2)');
    assert.equal(types.seq, 'NUMBER(18,2)');
    assert.equal(types.bonus, 'NUMBER(18,2)');
    assert.equal(types.rate, 'NUMBER(18,2)');
  });

  it('takes a column coalesced with TO_TIMESTAMP(…) as a timestamp, though TO_DATE reads it elsewhere', async (t) => {
    // robling_product's fulfilment models: `to_date(src.do_created_ts)` made DO_CREATED_TS text holding dates, and the
    // twin refused `coalesce(src.do_created_ts, to_timestamp('9999-12-31 00:00:00', 'yyyy-mm-dd hh24:mi:ss'))`.
    const engine = await project(t, ['hdr'], {
      stg: "select src.do_id, src.do_created_ts, src.shipped_ts, src.noted from {{ source('raw', 'hdr') }} src where to_date(src.do_created_ts) >= '2022-01-30'\n",
      tmp:
        'select to_date(s.do_created_ts) as do_created_dt, to_date(s.shipped_ts) as shipped_dt,\n' +
        "  hour(coalesce(s.do_created_ts, to_timestamp('9999-12-31 00:00:00', 'yyyy-mm-dd hh24:mi:ss'))) as h,\n" +
        // A call that is only part of an argument says nothing of the column.
        "  coalesce(s.noted, to_timestamp('2020-01-01') || 'x') as n\n" +
        "from {{ ref('stg') }} s\n",
    });
    const used = Object.fromEntries(columnsReadFromSource(engine.project, 'source.p.raw.hdr').map((c) => [c.name, c]));
    assert.equal(used.do_created_ts?.dataType, 'TIMESTAMP_NTZ');
    assert.equal(used.do_created_ts?.textOf, undefined);
    // TO_DATE alone still reads text holding dates.
    assert.deepEqual([used.shipped_ts?.dataType, used.shipped_ts?.textOf], ['VARCHAR', 'date']);
    assert.notEqual(used.noted?.dataType, 'TIMESTAMP_NTZ');
  });
});

describe('columns an UPDATE reads from a relation', () => {
  it("takes the names the FROM relation's alias qualifies in the SET as its columns, and not the SET's targets", async (t) => {
    // robling_product's mac_f_co_sql_cmd.sql (a macro file under model-paths): `update … set f_co_unit_cst_lcl =
    // inv.f_unit_wac_cst_lcl, … from {{ source(…) }} inv where …`. The SET was not read: the sampled table had only
    // the WHERE's columns, and the post-hook failed on `invalid identifier 'INV.F_UNIT_WAC_CST_LCL'`.
    const engine = await project(t, ['inv'], {
      mac_upd:
        '{% macro update_cst() %}\n' +
        '  update tmp_lines src\n' +
        '  set f_unit_cst = inv.f_unit_wac_cst, f_ord_cst = src.qty * inv.f_unit_wac_cst_lcl, stts = inv.itmloc_stts_cde, note = other_col\n' +
        "  from {{ source('raw', 'inv') }} inv\n" +
        '  where src.itm_id = inv.itm_id and src.ord_dt - 1 between inv.eff_start_dt and inv.eff_end_dt\n' +
        '{% endmacro %}\n',
    });
    const used = columnsReadFromSource(engine.project, 'source.p.raw.inv');
    assert.deepEqual(used.map((c) => c.name).sort(), ['eff_end_dt', 'eff_start_dt', 'f_unit_wac_cst', 'f_unit_wac_cst_lcl', 'itm_id', 'itmloc_stts_cde']);
    assert.equal(used.find((c) => c.name === 'f_unit_wac_cst_lcl')?.dataType, 'NUMBER(18,2)');
  });
});

describe('types from the columns a column meets', () => {
  it('takes a column coalesced with text and cast to a number elsewhere as text holding digits', async (t) => {
    // ammodepot: `coalesce(nullif(<json text>, ''), p.channel_id)` and `cast(pm.magento_product_id as number)`:
    // a NUMBER column made the COALESCE mix types, a text word failed the cast.
    const engine = await project(t, ['plugininfo'], {
      stg: "select id as plugin_id, channelid as channel_id, label from {{ source('raw', 'plugininfo') }}\n",
      costs: "select coalesce(nullif(p.label, ''), p.channel_id) as product_id from {{ ref('stg') }} p join {{ ref('other') }} o on o.plugin_id = p.plugin_id\n",
      sales: "select cast(s.channel_id as number) as product_id from {{ ref('stg') }} s\n",
      other: 'select 1 as plugin_id\n',
    });
    const used = columnsReadFromSource(engine.project, 'source.p.raw.plugininfo').find((c) => c.name === 'channelid');
    assert.deepEqual([used?.dataType, used?.textOf], ['VARCHAR', 'integer']);
  });

  it('gives a column joined with a number the number type, through the models that rename both', async (t) => {
    // ammodepot's f_shippment: `on s.shipment_id = sc.shipment_id`, ship.id a number, shipcarton.shipid untyped.
    const engine = await project(
      t,
      ['shipcarton', 'ship'],
      {
        stg_ship: "select id as shipment_id, num from {{ source('raw', 'ship') }}\n",
        stg_carton: "select id as carton_id, shipid as shipment_id, note from {{ source('raw', 'shipcarton') }}\n",
        shipments: "select s.shipment_id, c.carton_id from {{ ref('stg_ship') }} as s left join {{ ref('stg_carton') }} as c on s.shipment_id = c.shipment_id\n",
      },
      // (The declaration is the last table's: ship's.)
      '        columns:\n          - name: id\n            data_type: number\n',
    );
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.equal(col('ship', 'id').dataType.toUpperCase(), 'NUMBER');
    assert.equal(col('shipcarton', 'shipid').dataType.toUpperCase(), 'NUMBER');
    // Columns not joined keep what they had.
    assert.equal(col('shipcarton', 'note').dataType, 'VARCHAR');
  });
  it('follows a column of a model reading one source beside models to the model parent it comes from, and an alias a later branch reuses', async (t) => {
    // flipside_algorand's silver__asset reads created_at and closed_at from bronze__asset (a model) and FLATTENs a
    // source of NFT uploads; core__dim_asset joins them with core__dim_block's block_id (a number), the second as `b`,
    // an alias a later UNION branch gives silver__asset. Traced to the uploads source, the asset columns were typed
    // by name (timestamps), and the twin refused comparing a TIMESTAMP with a NUMBER.
    const engine = await project(
      t,
      ['asset', 'uploads', 'block'],
      {
        stg_asset: "select index, created_at, closed_at from {{ source('raw', 'asset') }}\n",
        stg_block: "select round as block_id from {{ source('raw', 'block') }}\n",
        other: 'select 1 as asset_id, 2 as nft_asset_id\n',
        assets:
          "with pre as (select a.index as asset_id, created_at, closed_at from {{ ref('stg_asset') }} a),\n" +
          "up as (select value:asset::number as nft from {{ source('raw', 'uploads') }}, lateral flatten(input => record_content))\n" +
          "select p.asset_id, created_at, closed_at from pre p left join up on p.asset_id = up.nft left join {{ ref('other') }} o on p.asset_id = o.nft_asset_id\n",
        dim:
          "select a.asset_id, c.block_id from {{ ref('assets') }} a join {{ ref('stg_block') }} c on a.created_at = c.block_id\n" +
          "left join {{ ref('stg_block') }} b on a.closed_at = b.block_id\n" +
          "union all select x.asset_id, null from {{ ref('other') }} x left join {{ ref('assets') }} b on x.asset_id = b.asset_id\n",
      },
      // (The declaration is the last table's: block's.)
      '        columns:\n          - name: round\n            data_type: number\n',
    );
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.equal(col('asset', 'created_at').dataType.toUpperCase(), 'NUMBER');
    assert.equal(col('asset', 'closed_at').dataType.toUpperCase(), 'NUMBER');
  });

  it('gives a column joined with a number the number type through a CTE that UNIONs two CTEs, each over a model', async (t) => {
    // flipside_algorand's core__fact_account_asset: `base as (select … closed_at from {{ ref('silver__account_asset') }}),
    // add_algo as (select … closed_at from {{ ref('silver__account') }}), both as (select … from base union all select …
    // from add_algo)`, then `left join {{ ref('core__dim_block') }} b on a.closed_at = b.block_id`. The UNION CTE reads
    // no ref itself and was not followed: the asset holdings' closed_at stayed the timestamp its name says, the twin
    // refused the UNION of a TIMESTAMP with the accounts' NUMBER.
    const engine = await project(
      t,
      ['holding', 'account', 'block'],
      {
        stg_holding: "select addr, closed_at, memo from {{ source('raw', 'holding') }}\n",
        stg_account: "select addr, closed_at, memo from {{ source('raw', 'account') }}\n",
        stg_block: "select round as block_id from {{ source('raw', 'block') }}\n",
        holdings:
          "with base as (select addr, closed_at, memo from {{ ref('stg_holding') }}),\n" +
          "add_native as (select addr, closed_at, memo from {{ ref('stg_account') }}),\n" +
          'both_kinds as (select addr, closed_at, memo from base union all select addr, closed_at, memo from add_native)\n' +
          "select a.addr, b.block_id, a.memo from both_kinds a left join {{ ref('stg_block') }} b on a.closed_at = b.block_id\n",
      },
      // (The declaration is the last table's: block's.)
      '        columns:\n          - name: round\n            data_type: number\n',
    );
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.equal(col('holding', 'closed_at').dataType.toUpperCase(), 'NUMBER');
    assert.equal(col('account', 'closed_at').dataType.toUpperCase(), 'NUMBER');
    assert.equal(col('holding', 'memo').dataType, 'VARCHAR');
  });

  it('does not give a column the type of a join on a CASE of literals its WHENs test it in', async (t) => {
    // low6's stg_seven_days__sessions: `case when site = 'https://…' then 1 … else null end as site_id`, joined with a
    // numeric site_id: the join's number is the CASE's, never the site's text, which then failed to convert.
    const engine = await project(
      t,
      ['session', 'game'],
      {
        stg_session: "select id, case when site = 'https://a.example' then 1 when site = 'https://b.example' then 2 else null end as site_id from {{ source('raw', 'session') }}\n",
        stg_game: "select id as game_id, site_id from {{ source('raw', 'game') }}\n",
        entries: "select s.id, g.game_id from {{ ref('stg_session') }} as s join {{ ref('stg_game') }} as g on s.site_id = g.site_id\n",
      },
      '        columns:\n          - name: site_id\n            data_type: number\n',
    );
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.equal(col('session', 'site').dataType, 'VARCHAR');
    assert.equal(col('game', 'site_id').dataType.toUpperCase(), 'NUMBER');
  });
  it('gives a column joined through CTEs with one a model casts to TIME the TIME type', async (t) => {
    // museum_dw's silver_ticket_inventory: `capacity c … join reservations r on c.entry_window_start =
    // r.entry_window_start`, the reservations' side `entry_time_purchased::TIME AS entry_window_start` in a staging model.
    const engine = await project(t, ['capacity', 'tickets'], {
      stg_capacity: "select capacity_date, entry_window_start, seats from {{ source('raw', 'capacity') }}\n",
      stg_tickets: "select id, entry_time_purchased::TIME as entry_window_start from {{ source('raw', 'tickets') }}\n",
      inventory:
        "with capacity as (select capacity_date as entry_date, entry_window_start, seats from {{ ref('stg_capacity') }}),\n" +
        "reservations as (select entry_window_start, count(*) as sold from {{ ref('stg_tickets') }} group by 1)\n" +
        'select c.entry_date, c.seats from capacity c left join reservations r on c.entry_window_start = r.entry_window_start\n',
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const column = plans.find((p) => p.label === 'raw.capacity')!.columns.find((c) => c.name === 'entry_window_start')!;
    assert.deepEqual([column.dataType, column.kind], ['TIME', 'time']);
  });
  it('follows a column through a UNION of CTEs that select * from two models', async (t) => {
    // museum_dw's ml_ad_creative_features: `combined as (select * from google union all select * from meta)`, then
    // `(ctr - avg_ctr_7d)`; meta's ctr passed straight through from its source, sampled as text.
    const engine = await project(t, ['google', 'meta'], {
      stg_google: "select ad_id, clicks / impressions as ctr from {{ source('raw', 'google') }}\n",
      stg_meta: "select ad_id, ctr from {{ source('raw', 'meta') }}\n",
      features:
        "with g as (select ad_id, ctr from {{ ref('stg_google') }}), m as (select ad_id, ctr from {{ ref('stg_meta') }}),\n" +
        'combined as (select * from g union all select * from m)\n' +
        'select ad_id, ctr - lag(ctr) over (order by ad_id) as change, ctr - ad_id as gap from combined\n',
    });
    assert.equal(typeOf(engine, 'meta', 'ctr'), 'NUMBER(18,2)');
  });
  it('lets a join with a number overrule a cast to VARCHAR, through a CTE that keeps its ref\'s alias', async (t) => {
    // ammodepot's int_fishbowl_gunbroker_sales: `gunbroker_items as (… from {{ ref('fishbowl_soitem') }} as si)`, read as
    // `gunbroker_items as si … on si.sales_order_id = o.sales_order_id`; another model casts the column to varchar.
    const engine = await project(
      t,
      ['soitem', 'ship', 'so'],
      {
        stg_so: "select id as sales_order_id from {{ source('raw', 'so') }}\n",
        stg_soitem: "select id as so_item_id, soid as sales_order_id from {{ source('raw', 'soitem') }}\n",
        text_ids: "select cast(i.sales_order_id as varchar) as order_key from {{ ref('stg_soitem') }} i\n",
        sales:
          "with items as (select si.so_item_id, si.sales_order_id from {{ ref('stg_soitem') }} as si)\n" +
          "select si.so_item_id from items as si join {{ ref('stg_so') }} o on si.sales_order_id = o.sales_order_id\n",
        stg_ship: "select id as shipment_id, soid as sales_order_id from {{ source('raw', 'ship') }}\n",
        // A CTE over two relations: `fs.sales_order_id` is the ship's.
        freight:
          "with order_freight as (select fs.sales_order_id, count(i.so_item_id) as n from {{ ref('stg_ship') }} as fs join {{ ref('stg_soitem') }} i on i.so_item_id = fs.shipment_id group by fs.sales_order_id)\n" +
          "select o.sales_order_id, fr.n from {{ ref('stg_so') }} o left join order_freight as fr on o.sales_order_id = fr.sales_order_id\n",
      },
      '        columns:\n          - name: id\n            data_type: number\n',
    );
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const column = plans.find((p) => p.label === 'raw.soitem')!.columns.find((c) => c.name === 'soid')!;
    assert.equal(column.dataType.toUpperCase(), 'NUMBER');
    assert.equal(plans.find((p) => p.label === 'raw.ship')!.columns.find((c) => c.name === 'soid')!.dataType.toUpperCase(), 'NUMBER');
  });
  it('gives the branches of a UNION one type for a column each hands on under one name', async (t) => {
    // ammodepot's inventory_qtyallocated: `select part_id, location_group_id … from {{ ref('…so') }} union all select …
    // from {{ ref('…tosend') }}`; one side's source column a number (compared with numbers), the other's untyped.
    const engine = await project(t, ['so', 'xo'], {
      stg_so: "select id, locationgroupid as location_group_id from {{ source('raw', 'so') }} where locationgroupid in (1, 2)\n",
      stg_xo: "select id, fromlgid as location_group_id, note from {{ source('raw', 'xo') }}\n",
      allocated:
        "with combined as (\n  select 'SO' as kind, location_group_id -- from so\n  from {{ ref('stg_so') }}\n  union all\n" +
        "  select 'XO' as kind, x.location_group_id as location_group_id\n  from {{ ref('stg_xo') }} x\n)\nselect * from combined\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.equal(col('so', 'locationgroupid').dataType, 'NUMBER(38,0)');
    assert.equal(col('xo', 'fromlgid').dataType, 'NUMBER(38,0)');
    assert.equal(col('xo', 'note').dataType, 'VARCHAR');
  });
  it('gives a column compared with IS DISTINCT FROM the type of a CASE result read from a UNION of two sources', async (t) => {
    // mattermost_snowflake_dbt's opportunity_update_available_renewals: `where (opportunity.available_renewal__c) is
    // distinct from (updates.available_renewal)`, the CTE's column `case when … then null else renewals.avail_ren end`
    // and `renewals` a UNION renaming two sheets' `available_renewal` (a sum elsewhere: a number). Sampled as text,
    // the comparison's conversion failed ("Numeric value 'available_renewal__c_1' is not recognized"), as Snowflake's
    // would: a comparison converts text to the other side's number
    // (https://docs.snowflake.com/en/sql-reference/data-type-conversion).
    const engine = await project(t, ['deals', 'plan_a', 'plan_b'], {
      stg_deals: "select id, renewal__c, note from {{ source('raw', 'deals') }}\n",
      plan_totals: "select sum(renewal) as total from {{ source('raw', 'plan_a') }}\n",
      updates:
        "with plans as (\n  select deal_id, renewal as planned from {{ source('raw', 'plan_a') }}\n  union all\n" +
        "  select deal_id, renewal as planned from {{ source('raw', 'plan_b') }}\n), changed as (\n" +
        '  select stg_deals.id, case when plans.deal_id is null then null else plans.planned end as renewal\n' +
        "  from {{ ref('stg_deals') }}\n  left join plans on plans.deal_id = stg_deals.id\n)\n" +
        "select changed.* from changed\njoin {{ ref('stg_deals') }} on stg_deals.id = changed.id\n" +
        'where (stg_deals.renewal__c) is distinct from (changed.renewal) and stg_deals.note <> changed.id\n',
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.equal(col('plan_a', 'renewal').dataType, 'NUMBER(18,2)');
    assert.equal(col('deals', 'renewal__c').dataType, 'NUMBER(18,2)');
    assert.equal(col('deals', 'note').dataType, 'VARCHAR', 'compared with a column nothing types, it stays text');
  });
  it('keeps the timestamp a name says for a column joined with a CTE column cast to DATE', async (t) => {
    // mattermost_analytics' int_feature_daily_spine: `spine.activity_date = features.activity_date`, the spine CTE's
    // `all_days.date_day::date as activity_date`: a time, which a timestamp compared with a DATE is too.
    const engine = await project(t, ['days', 'events'], {
      stg_events: "select id, timestamp from {{ source('raw', 'events') }}\n",
      spined:
        "with spine as (select d.day::date as timestamp from {{ source('raw', 'days') }} d)\n" +
        "select spine.timestamp, e.id from spine left join {{ ref('stg_events') }} e on spine.timestamp = e.timestamp\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    assert.equal(plans.find((p) => p.label === 'raw.events')!.columns.find((c) => c.name === 'timestamp')!.dataType, 'TIMESTAMP_NTZ');
  });
});

describe('types a model declares', () => {
  it('gives a source column the data_type its schema.yml declares for the model column it passes straight through', async (t) => {
    // ammodepot's d_customer: `_AB_CDC_CURSOR` declared NUMBER, passed through from the Airbyte source untyped.
    const engine = await project(
      t,
      ['customer'],
      {
        stg: "select id as customer_id, _ab_cdc_cursor as cursor_value, code::varchar as code_text from {{ source('raw', 'customer') }}\n",
        d_customer: "select customer_id, cursor_value, code_text from {{ ref('stg') }}\n",
      },
      'models:\n  - name: d_customer\n    columns:\n      - name: cursor_value\n        data_type: number(38,0)\n      - name: code_text\n        data_type: number\n',
    );
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (name: string) => plans.find((p) => p.label === 'raw.customer')!.columns.find((c) => c.name === name)!;
    assert.equal(col('_ab_cdc_cursor').dataType, 'NUMBER(38,0)');
    // A column the model casts is not passed straight through: its declared type says nothing of the source's.
    assert.notEqual(col('code').dataType, 'NUMBER');
  });
  it('fills a column declared as text with digits when every use that says a type casts it to a number', async (t) => {
    // ammodepot-style ids held as text (`'STORE-0000015'`) that every model casts to NUMBER: words fail the cast.
    const engine = await project(
      t,
      ['stores'],
      {
        a: "select cast(store_code as number) as store_id, region_code::int as region from {{ source('raw', 'stores') }}\n",
        b: "select s.store_code::number(10,0) as store_key from {{ source('raw', 'stores') }} s where s.region_code = 'EU'\n",
      },
      '        columns:\n          - name: store_code\n            data_type: varchar\n          - name: region_code\n            data_type: varchar\n',
    );
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (name: string) => plans.find((p) => p.label === 'raw.stores')!.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('store_code').dataType, col('store_code').kind], ['varchar', 'integer']);
    // Also compared with text: only then is it not all digits.
    assert.notEqual(col('region_code').kind, 'integer');
  });
});
