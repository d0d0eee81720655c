// What `sample --synthetic` learns from how models use an undeclared column: its type when one use converts and
// another compares, JSON objects with the keys the models' paths read, which relation a join's name belongs to,
// and which source a model test on a multi-source model binds.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../server/src/engine';
import { columnKind } from '../../client/src/sample/column-kinds';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import { renderHidingReaders } from '../../client/src/sample/rendered';

/** A temp project (removed after the test) with one source table `raw.<table>` and the given models. */
async function project(t: TestContext, tables: string[], models: Record<string, string>, yml = '', macros = ''): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-shapes-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'models', 'src.yml'), `version: 2\nsources:\n  - name: raw\n    tables:\n${tables.map((x) => `      - name: ${x}\n`).join('')}${yml}`);
  for (const [name, sql] of Object.entries(models)) await writeFile(path.join(dir, 'models', `${name}.sql`), sql);
  if (macros) {
    await mkdir(path.join(dir, 'macros'));
    await writeFile(path.join(dir, 'macros', 'macros.sql'), macros);
  }
  return Engine.open({ projectDir: dir, cliVars: {} });
}

const typesOf = (engine: Engine, table: string) =>
  columnsReadFromSource(engine.project, `source.p.raw.${table}`).map((c) => [c.name, c.dataType ?? null, c.textOf ?? null]);

describe('types from uses', () => {
  it('takes TO_DATE(x) beside a comparison with the current time as a timestamp, TRY_TO_DATE(x) as text', async (t) => {
    // mattermost's segment_webapp_events: `TO_DATE(segment.received_at) > …` and `segment.received_at <= CURRENT_TIMESTAMP`.
    const engine = await project(t, ['event', 'raw_dates'], {
      m: "select to_date(e.received_at) as d, e.id from {{ source('raw', 'event') }} e where e.received_at <= current_timestamp\n",
      n: "select to_date(day_text) as d, try_to_date(logged) as l from {{ source('raw', 'raw_dates') }} where logged <= current_date\n",
    });
    assert.deepEqual(typesOf(engine, 'event'), [['received_at', 'TIMESTAMP_NTZ', null], ['id', null, null]]);
    // TO_DATE alone still reads text holding a date; TRY_TO_DATE takes only text, whatever else is said.
    assert.deepEqual(typesOf(engine, 'raw_dates'), [['day_text', 'VARCHAR', 'date'], ['logged', 'VARCHAR', 'date']]);
  });

  it('takes every use of a column a model lists as one read through that model\'s alias downstream', async (t) => {
    // mattermost's renewal_rate_by_renewal_opportunity: `case when … then r.available_renewal else 0 end` over a
    // model that unions the sheet's columns by name. Unqualified, the same name may be another relation's.
    const engine = await project(t, ['renewals'], {
      available: "select account_id, available_renewal, note from {{ source('raw', 'renewals') }}\n",
      rate:
        "select case when x.won then r.available_renewal else 0 end as lost, case when 1 = 1 then note else 0 end as n\n" +
        "from {{ ref('available') }} as r join {{ ref('other') }} x on x.id = r.account_id\n",
      other: 'select 1 as id, true as won, 2 as note\n',
    });
    assert.deepEqual(typesOf(engine, 'renewals'), [['account_id', null, null], ['available_renewal', 'NUMBER(18,2)', null], ['note', null, null]]);
  });

  it("takes DATEADD's amount as a number and its date as a timestamp", async (t) => {
    // Flipside's bronze models: `DATEADD(ms, __HEVO__LOADED_AT, '1970-01-01')` (epoch milliseconds), named like a time.
    const engine = await project(t, ['blocks'], {
      m: "select dateadd(ms, __hevo__loaded_at, '1970-01-01') as ts, dateadd(day, 1, b.created_at) as c, timestampadd(hour, b.lag_hours, b.seen_at) as s from {{ source('raw', 'blocks') }} b\n",
    });
    assert.deepEqual(typesOf(engine, 'blocks'), [
      ['__hevo__loaded_at', 'NUMBER(38,0)', null],
      ['created_at', 'TIMESTAMP_NTZ', null],
      ['lag_hours', 'NUMBER(38,0)', null],
      ['seen_at', 'TIMESTAMP_NTZ', null],
    ]);
  });

  it('takes a column added to an integer function (ROW_NUMBER, COUNT…) as an integer, over a cast to STRING, also through a model that lists it', async (t) => {
    // Flipside's silver__transaction: `b.intra + ROW_NUMBER() over (…)` over bronze__transaction, which lists TXN's
    // columns; typed text, the twin refused the VARCHAR arithmetic (30 models skipped).
    const engine = await project(t, ['txn', 'events'], {
      bronze_txn: "select intra, txid from {{ source('raw', 'txn') }}\n",
      // A cast to text (STRING, not only VARCHAR) says less than the arithmetic, wherever it comes.
      silver_txn: "select b.intra :: string as s, b.intra + row_number() over (partition by b.txid order by b.txid) as intra from {{ ref('bronze_txn') }} b\n",
      counted: "select seq - count(*) over () as back, label || '' as l from {{ source('raw', 'events') }}\n",
    });
    assert.deepEqual(typesOf(engine, 'txn'), [['intra', 'NUMBER(38,0)', null], ['txid', null, null]]);
    assert.deepEqual(typesOf(engine, 'events'), [['seq', 'NUMBER(38,0)', null], ['label', null, null]]);
  });

  it('takes a column that a UNION two models down pairs with a number literal, under the name a model gave it, as a number', async (t) => {
    // flipside_algorand: BLOCK_HEADER.ROUND, listed by bronze__block, renamed `ROUND AS block_id` by silver__block, and
    // core__dim_block's `SELECT block_id … FROM silver__block UNION ALL SELECT -1 AS block_id` (the gap test subtracts it).
    const engine = await project(t, ['block_header'], {
      bronze_block: "select round, realtime, note from {{ source('raw', 'block_header') }}\n",
      silver_block: "select round as block_id, realtime :: timestamp as block_timestamp, note as label from {{ ref('bronze_block') }}\n",
      dim_block: "select block_id, label from {{ ref('silver_block') }}\nunion all\nselect -1 as block_id, 'x' as label\n",
      // A literal named like the column in a model that reads another relation too says nothing of it.
      other: "select block_id from {{ ref('silver_block') }} join {{ ref('bronze_block') }} on true union all select -2 as label\n",
    });
    assert.deepEqual(typesOf(engine, 'block_header'), [['round', 'NUMBER(38,0)', null], ['realtime', 'TIMESTAMP', null], ['note', null, null]]);
  });

  it('takes a JSON path on a column a model hands on by name, further down, as a VARIANT', async (t) => {
    // Flipside's bronze__block lists `header`; silver__block reads `header :gen :: STRING` from it.
    const engine = await project(t, ['block_header'], {
      bronze_block: "select round, header from {{ source('raw', 'block_header') }}\n",
      silver_block: "select round as block_id, header :gen :: string as network, header from {{ ref('bronze_block') }}\n",
    });
    const header = columnsReadFromSource(engine.project, 'source.p.raw.block_header').find((c) => c.name === 'header');
    assert.equal(header?.dataType, 'VARIANT');
    assert.deepEqual(header?.json, { fields: { gen: { leaf: 'text' } } });
  });

  it('takes a name QUALIFY reads that the select list makes with a bare alias as that alias, not a source column', async (t) => {
    // staus_analytics' stg_google_ads__campaigns: `data:id ::int campaign_id` … `qualify … partition by campaign_id`.
    const engine = await project(t, ['campaigns'], {
      m: "select data:id ::int campaign_id, loaded_at ::timestamp loaded_at from {{ source('raw', 'campaigns') }}\nqualify row_number() over (partition by campaign_id order by loaded_at desc) = 1\n",
    });
    assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.raw.campaigns').map((c) => c.name), ['data', 'loaded_at']);
  });

  it('takes a bare alias after a date-part word read as a column (`hour date`) as that alias, not a source column', async (t) => {
    // flipside_algorand's silver__hourly_pool_balances: `select hour date from {{ source('shared', 'hours') }}`. A DATE
    // column invented on the source made silver__daily_balances' `hour::date as date … group by date` bind to it, so
    // the twin failed with DuckDB's own "column HOUR must appear in the GROUP BY clause" (as Snowflake would with it).
    const engine = await project(t, ['hours'], {
      m: "select hour date from {{ source('raw', 'hours') }} where hour::date <= current_date\n",
      n: "select hour::date as date from {{ source('raw', 'hours') }} where hour::date <= current_date group by date\n",
    });
    assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.raw.hours').map((c) => c.name), ['hour']);
  });

  it("reads a column whose name a project macro is given and renders bare (pst_to_utc('date_time'))", async (t) => {
    const engine = await project(
      t,
      ['hits'],
      { m: "with h as (select * from {{ source('raw', 'hits') }})\nselect {{ pst_to_utc('date_time') }} ::timestamp hit_at, {{ quoted('page') }} as p from h\n" },
      '',
      "{% macro pst_to_utc(column_name) %}(convert_timezone('America/Vancouver', 'UTC', {{ column_name }} :: timestamp)){% endmacro %}\n{% macro quoted(x) %}'{{ x }}'{% endmacro %}\n",
    );
    // A macro that renders its argument inside a string literal does not read a column.
    assert.deepEqual(typesOf(engine, 'hits'), [['date_time', 'TIMESTAMP', null]]);
  });

  it("reads a date's formatting that a macro writes, in the rendering of a reader below a model listing the columns", async (t) => {
    // goodneighbors_gn_dw: `{{ month_key_clamp("TRY_TO_NUMBER(TO_CHAR(b.PAY_DE,'YYYYMM'))") }}` and `{{ date_sk('MAX(RQEST_DE)') }}`
    // (`TO_CHAR(MAX(RQEST_DE), 'YYYYMMDD')`) in facts two models below the sources: PAY_DE and RQEST_DE were sampled as
    // text, and the twin refused TO_CHAR of a VARCHAR with a date format.
    const engine = await project(
      t,
      ['fees', 'gifts'],
      {
        billing: "select pay_de as pay_de, rq_de, cut_de, amt from {{ source('raw', 'fees') }}\nunion all\nselect pay_de, null, null, amt from {{ source('raw', 'gifts') }}\n",
        fact:
          "with b as (select * from {{ ref('billing') }})\n" +
          "select {{ clamp(\"try_to_number(to_char(b.pay_de, 'YYYYMM'))\") }} as month_key, coalesce({{ date_key('max(rq_de)') }}, 0) as last_key,\n" +
          '  sum(amt) as amt\nfrom b group by 1\n',
        // The rendering writes the parent out as `database.schema.table`, here with an alias that qualifies the column.
        cuts: "select {{ date_key('max(f.cut_de)') }} as cut_key from {{ ref('billing') }} f\n",
      },
      '',
      '{% macro clamp(n) %}case when {{ n }} between 199101 and 203512 then {{ n }} end{% endmacro %}\n' +
        "{% macro date_key(d) %}case when {{ d }} >= '1991-01-01' then try_to_number(to_char({{ d }}, 'YYYYMMDD')) end{% endmacro %}\n",
    );
    const types = (table: string, rendered?: ReadonlyMap<string, string>) =>
      Object.fromEntries(columnsReadFromSource(engine.project, `source.p.raw.${table}`, rendered).map((c) => [c.name, c.dataType ?? null]));
    // The templates alone show no use that says a type.
    assert.deepEqual(types('fees'), { pay_de: null, rq_de: null, cut_de: null, amt: 'NUMBER(18,2)' });
    const rendered = await renderHidingReaders(engine, ['source.p.raw.fees', 'source.p.raw.gifts']);
    assert.deepEqual([...rendered.keys()].sort(), ['model.p.cuts', 'model.p.fact']);
    assert.deepEqual(types('fees', rendered), { pay_de: 'TIMESTAMP_NTZ', rq_de: 'TIMESTAMP_NTZ', cut_de: 'TIMESTAMP_NTZ', amt: 'NUMBER(18,2)' });
    assert.deepEqual(types('gifts', rendered), { pay_de: 'TIMESTAMP_NTZ', amt: 'NUMBER(18,2)' });
  });

  it('takes text a parser reads once tidied (TRIM, NULLIF with a literal) as holding what the parser reads', async (t) => {
    // goodneighbors_gn_dw: TRY_TO_NUMBER({{ clean_str('INBOUND_CALL_CNT') }}), clean_str being NULLIF(…(TRIM(x), '')…);
    // typed plain VARCHAR (TRIM's), the column's text passed to a kin table in a UNION, whose namesake the union puts
    // beside CAST(NULL AS FLOAT): the twin refused VARCHAR beside FLOAT.
    const engine = await project(t, ['calls'], {
      m:
        "select try_to_number(nullif(nullif(trim(c.inbound), ''), '-')) as inbound, try_to_date(upper(c.day)) as day, trim(c.memo) as memo,\n" +
        "  upper(c.code) as code from {{ source('raw', 'calls') }} c\n",
    });
    assert.deepEqual(typesOf(engine, 'calls'), [
      ['inbound', 'VARCHAR', 'decimal'],
      ['day', 'VARCHAR', 'date'],
      ['memo', 'VARCHAR', null],
      ['code', 'VARCHAR', null],
    ]);
  });

  it('takes both columns of a product or a quotient as numbers, through a select-list alias', async (t) => {
    // mattermost's fact_ns_billing: `inv.exchangerate as fxrate, inv.foreigntotal * fxrate as usd_amount`;
    // `+`/`-` of two columns say nothing (dates and intervals add too).
    const engine = await project(t, ['inv'], {
      m:
        "select inv.exchangerate as fxrate, inv.foreigntotal * fxrate as usd, inv.paid / inv.due as ratio, count(*) / inv.seats as per_seat,\n" +
        "  inv.start_at - inv.end_at as span\nfrom {{ source('raw', 'inv') }} inv\n",
    });
    const types = Object.fromEntries(typesOf(engine, 'inv').map(([name, type]) => [name, type]));
    assert.deepEqual(types, { exchangerate: 'NUMBER(18,2)', foreigntotal: 'NUMBER(18,2)', paid: 'NUMBER(18,2)', due: 'NUMBER(18,2)', seats: 'NUMBER(18,2)', start_at: null, end_at: null });
  });

  it('takes `not t.flag` as a BOOLEAN, qualified or not', async (t) => {
    const engine = await project(t, ['oli'], {
      m: "select o.id from {{ source('raw', 'oli') }} o where o.kind != 'x' and not o.manual_override__c\n",
    });
    assert.deepEqual(typesOf(engine, 'oli'), [['id', null, null], ['kind', 'VARCHAR', null], ['manual_override__c', 'BOOLEAN', null]]);
  });

  it("takes no BETWEEN's upper bound as a BOOLEAN, though AND precedes it; a condition after the BETWEEN still is one", async (t) => {
    // robling's `on … and to_date(s.ts) between e.eff_from_dt and e.eff_to_dt)`: eff_to_dt was made a BOOLEAN (the
    // BETWEEN's AND read as a condition's), and the twin refused the BETWEEN mixing DATE and BOOLEAN.
    const engine = await project(t, ['rates'], {
      m:
        "select r.rate from {{ source('raw', 'rates') }} r\n" +
        "where (current_date between r.eff_from_dt and r.eff_to_dt) and r.code not between r.low and r.high and r.is_open\n",
    });
    assert.deepEqual(typesOf(engine, 'rates'), [
      ['rate', null, null],
      ['eff_from_dt', null, null],
      ['eff_to_dt', null, null],
      ['code', null, null],
      ['low', null, null],
      ['high', null, null],
      ['is_open', 'BOOLEAN', null],
    ]);
  });

  it('reads Salesforce run-together date fields by name', () => {
    assert.equal(columnKind('createddate', undefined), 'timestamp');
    assert.equal(columnKind('lastmodifieddate', undefined), 'timestamp');
    assert.equal(columnKind('systemmodstamp', undefined), 'timestamp');
    assert.equal(columnKind('converteddate', undefined), 'date');
    assert.equal(columnKind('closedate', undefined), 'date');
    assert.equal(columnKind('candidate', undefined), 'text');
    // A setting about attributes is not their JSON.
    assert.equal(columnKind('version_custom_user_attributes', undefined), 'text');
    assert.equal(columnKind('custom_user_attributes', undefined), 'json');
    // mattermost's dim_daily_server_config coalesces this flag with the plugin pipeline's text column: a VARIANT
    // there was a COALESCE of VARCHAR and VARIANT, refused.
    assert.equal(columnKind('config_plugin_enable_com_mattermost_custom_attributes', undefined), 'text');
  });
});

describe('one field from two sources', () => {
  it('gives a column coalesced with another source\'s column of the same name that one\'s type', async (t) => {
    // mattermost's server_activity_details: `max(coalesce(s.posts, r.posts))` over the old and the new telemetry
    // pipeline; another model sums the old one's posts, nothing types the new one's.
    const engine = await project(t, ['old_activity', 'new_activity'], {
      details:
        "select coalesce(s.user_id, r.user_id) as server_id, max(coalesce(s.posts, r.posts)) as posts, max(coalesce(s.label, r.label)) as label\n" +
        "from (select s.* from {{ source('raw', 'old_activity') }} s) s\nfull outer join (select r.* from {{ source('raw', 'new_activity') }} r) r on s.user_id = r.user_id group by 1\n",
      totals: "select sum(posts) as posts, upper(label) as label from {{ source('raw', 'old_activity') }}\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('old_activity', 'posts').dataType, col('new_activity', 'posts').dataType], ['NUMBER(18,2)', 'NUMBER(18,2)']);
    assert.equal(col('new_activity', 'posts').kind, 'decimal');
    assert.deepEqual([col('old_activity', 'label').dataType, col('new_activity', 'label').dataType], ['VARCHAR', 'VARCHAR']);
  });

  it('gives it the type the other source\'s column takes from a companion it is coalesced with there', async (t) => {
    // mattermost's server_activity_details coalesces the pipelines' `active_users_daily`; license_daily_details reads
    // `coalesce(a.active_users_daily, a.active_users)` of the old one, and only `active_users` is typed (a sum).
    const engine = await project(t, ['old_activity', 'new_activity'], {
      details:
        "select max(coalesce(s.active_users_daily, r.active_users_daily)) as active_users_daily\n" +
        "from (select s.* from {{ source('raw', 'old_activity') }} s) s\nfull outer join (select r.* from {{ source('raw', 'new_activity') }} r) r on s.user_id = r.user_id\n",
      fact: "select max(coalesce(a.active_users_daily, a.active_users)) as active_users from {{ source('raw', 'old_activity') }} a\n",
      totals: "select sum(active_users) as active_users from {{ source('raw', 'old_activity') }}\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('old_activity', 'active_users_daily').dataType, col('new_activity', 'active_users_daily').dataType], ['NUMBER(18,2)', 'NUMBER(18,2)']);
  });
});

describe('defaults and other relations\' columns', () => {
  it('takes `coalesce(x, false)` as a BOOLEAN, through a rename downstream of a pass-through model', async (t) => {
    // mattermost's arr_transactions: `opp.license_active__c as license_active_sf` over `ref('opportunity')`, then
    // `coalesce(l.license_active_sf, false)`; NULL and FALSE are not columns coalesced with it.
    const engine = await project(t, ['opps'], {
      opportunity: "select * from {{ source('raw', 'opps') }}\n",
      arr:
        "with d as (select opp.id, opp.license_active__c as license_active_sf, coalesce(opp.note, null) as note from {{ ref('opportunity') }} opp)\n" +
        "select l.id, coalesce(l.license_active_sf, false) as active, l.note from d l\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const cols = plans.find((p) => p.label === 'raw.opps')!.columns;
    assert.deepEqual(
      cols.map((c) => [c.name, c.dataType]),
      [['id', 'VARCHAR'], ['license_active__c', 'BOOLEAN'], ['note', 'VARCHAR']],
    );
    assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.raw.opps').find((c) => c.name === 'note')?.coalescedWith, undefined);
  });

  it("does not take what a model does with another relation's column of the same name (`invoices.id as invoice_number`)", async (t) => {
    // mattermost's freemium_subscriptions: `s.*` from subscriptions_version beside stripe's unaliased `invoices`;
    // `invoices.id as invoice_number` made the subscriptions' id a NUMBER by the name it was given.
    const engine = await project(t, ['subscriptions_version', 'invoices'], {
      freemium:
        "select s.*, invoices.id as invoice_number, i2.total as amount_number\nfrom {{ source('raw', 'subscriptions_version') }} s\n" +
        "left join {{ source('raw', 'invoices') }} on invoices.subscription = s.id\nleft join {{ source('raw', 'invoices') }} i2 on i2.subscription = s.id\n",
      totals: "select s.total as sub_total_number from {{ source('raw', 'subscriptions_version') }} s\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const col = (table: string, name: string) => plans.find((p) => p.label === `raw.${table}`)!.columns.find((c) => c.name === name)!;
    assert.equal(col('subscriptions_version', 'id').dataType, 'VARCHAR');
    // The read relation's own alias still counts (`s.total as sub_total_number`), and the invoices' column is theirs.
    assert.equal(col('subscriptions_version', 'total').dataType, 'NUMBER(38,0)');
    assert.equal(col('invoices', 'id').dataType, 'NUMBER(38,0)');
  });
});

describe('hex text', () => {
  it('writes hex digits, never padded, for a column a model decodes as hex, also after a ::text rename', async (t) => {
    // flipside_algorand's silver__transaction: `b.txid :: text AS tx_id` in a CTE, then HEX_DECODE_STRING(tx_id);
    // the sampler wrote '  txid_8 ', which Snowflake's decoder refuses too.
    const engine = await project(t, ['txn'], {
      m: "with b as (select t.txid :: text as tx_id, note from {{ source('raw', 'txn') }} t)\nselect hex_decode_string(tx_id) as tx, upper(note) as n from b\n",
    });
    assert.deepEqual(typesOf(engine, 'txn'), [['txid', 'VARCHAR', 'hex'], ['note', 'VARCHAR', null]]);
    const plan = planSynthetic(engine.project, { rows: 200, clean: false })[0];
    assert.equal(plan.columns.find((c) => c.name === 'txid')?.kind, 'hex');
    const select = syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(`select count(*) filter (where not regexp_full_match(txid, '([0-9A-F]{2})+')), count(txid), min(decode(unhex(txid))) from (${select})`);
    const [bad, filled, first] = reader.getRows()[0];
    assert.equal(Number(bad), 0);
    assert.ok(Number(filled) > 150, `filled: ${filled}`);
    assert.match(String(first), /^txid_\d+$/);
  });
});

describe('text cut and cast', () => {
  it('takes text whose cut piece is cast to a number as text holding digits, and writes digits', async (t) => {
    // flipside_algorand's silver__nft_metadata_fifa: `RIGHT(LEFT(asset_name, 3), 2) :: INT AS drop_number`; the
    // sampled 'asset_name_3' cut to 'ss' is no number, on Snowflake either.
    const engine = await project(t, ['assets'], {
      m: "select right(left(asset_name, 3), 2) :: int as drop_number, substr(code, 2)::number(10,2) as c, left(label, 2) as l from {{ source('raw', 'assets') }}\n",
    });
    assert.deepEqual(typesOf(engine, 'assets'), [['asset_name', 'VARCHAR', 'integer'], ['code', 'VARCHAR', 'decimal'], ['label', 'VARCHAR', null]]);
    const plan = planSynthetic(engine.project, { rows: 100, clean: true })[0];
    const select = syntheticInsert(plan, { seed: 2, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(`select count(*) filter (where try_cast(right(left(cast(asset_name as varchar), 3), 2) as int) is null), count(*) from (${select})`);
    const [notNumbers, rows] = reader.getRows()[0].map(Number);
    assert.equal(rows, 100);
    assert.equal(notNumbers, 0);
  });
});

describe('JSON paths', () => {
  it('plans objects with the keys the paths read and arrays where FLATTEN reads, and writes JSON DuckDB parses', async (t) => {
    const engine = await project(t, ['subs'], {
      m:
        "select s.id, s.metadata:\"cws-license-id\"::varchar as license, s.metadata:seats::int as seats, s.plan:card.brand as brand, f.value as item\n" +
        "from {{ source('raw', 'subs') }} s, lateral flatten(input => s.items) f where s.metadata:sku is not null and parse_json(s.extra_text):kind = 'a'\n",
    });
    const cols = columnsReadFromSource(engine.project, 'source.p.raw.subs');
    // Keys after `:` are not columns of the source.
    assert.deepEqual(cols.map((c) => c.name), ['id', 'metadata', 'plan', 'items', 'extra_text']);
    const json = Object.fromEntries(cols.map((c) => [c.name, c.json ?? null]));
    assert.deepEqual(json.metadata, { fields: { 'cws-license-id': { leaf: 'text' }, seats: { leaf: 'integer' }, sku: {} } });
    assert.deepEqual(json.plan, { fields: { card: { fields: { brand: {} } } } });
    assert.deepEqual(json.items, { items: {} });
    assert.deepEqual(json.extra_text, { fields: { kind: {} } });

    const plan = planSynthetic(engine.project, { rows: 20, clean: true })[0];
    const insert = syntheticInsert(plan, { seed: 3, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() });
    // Run the generated values (not the twin's INSERT target) on DuckDB and read the paths back.
    const select = insert.replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `select count(*) filter (where json_extract_string(metadata::json, '$."cws-license-id"') is not null) as licenses,
              count(*) filter (where json_type(json_extract(metadata::json, '$.seats')) in ('UBIGINT', 'BIGINT', 'INTEGER')) as seats,
              count(*) filter (where json_extract_string(plan::json, '$.card.brand') is not null) as brands,
              count(*) filter (where json_array_length(items::json) = 2) as arrays,
              count(*) filter (where json_extract_string(extra_text::json, '$.kind') is not null) as kinds,
              count(distinct json_extract_string(metadata::json, '$."cws-license-id"')) as distinct_licenses
       from (${select})`,
    );
    const [licenses, seats, brands, arrays, kinds, distinct] = reader.getRows()[0].map(Number);
    assert.deepEqual([licenses, seats, brands, arrays, kinds], [20, 20, 20, 20, 20]);
    assert.ok(distinct > 5, 'an id-like key varies from row to row');
  });

  it('gives an id key one value per row (mattermost: one renewal per renewed-from subscription id)', async (t) => {
    // test_subscription__onprem_only_one_renewal_per_subscription groups by metadata:"cws-renewed-from-stripe-id"
    // and fails on any id two rows share; ids drawn at random from 1000 values repeated a few in 100 rows.
    const engine = await project(t, ['subs'], {
      m: "select id, metadata:\"cws-renewed-from-stripe-id\"::varchar as renewed_from_subscription_id, metadata:plan::varchar as plan from {{ source('raw', 'subs') }}\n",
    });
    const plan = planSynthetic(engine.project, { rows: 200, clean: true })[0];
    const select = syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `select count(distinct json_extract_string(metadata::json, '$."cws-renewed-from-stripe-id"')) as ids,
              count(distinct json_extract_string(metadata::json, '$.plan')) as plans
       from (${select})`,
    );
    const [ids, plans] = reader.getRows()[0].map(Number);
    assert.equal(ids, 200);
    // Other text keys still repeat a few values, as categories do.
    assert.ok(plans <= 5, `plans: ${plans}`);
  });

  it('leaves out of most objects a key the model keeps rows without (axelar: where data:error is null)', async (t) => {
    const engine = await project(t, ['blocks'], {
      m: "select data:block:header:time::timestamp as block_time from {{ source('raw', 'blocks') }} where data :error IS NULL and value:data:error is not null\n",
    });
    const cols = columnsReadFromSource(engine.project, 'source.p.raw.blocks');
    const json = Object.fromEntries(cols.map((c) => [c.name, c.json ?? null]));
    assert.deepEqual(json.data, { fields: { block: { fields: { header: { fields: { time: { leaf: 'timestamp' } } } } }, error: { rare: true } } });
    // IS NOT NULL keeps rows that have it: not rare.
    assert.deepEqual(json.value, { fields: { data: { fields: { error: {} } } } });
    const plan = planSynthetic(engine.project, { rows: 200, clean: true })[0];
    const select = syntheticInsert(plan, { seed: 3, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `select count(*) filter (where json_extract(data::json, '$.error') is null) as kept,
              count(*) filter (where json_extract_string(data::json, '$.block.header.time') is not null) as timed
       from (${select})`,
    );
    const [kept, timed] = reader.getRows()[0].map(Number);
    // The key is absent (not JSON null) in most rows and present in some, and the other paths are always there.
    assert.ok(kept > 150 && kept < 200, `rows without data:error: ${kept}`);
    assert.equal(timed, 200);
  });
});

describe('JSON read downstream through names for places inside a column', () => {
  it('carries paths read after FLATTEN in later models back to the source column (axelar: silver__msgs)', async (t) => {
    // flipside_axelar: silver__transactions names `data:tx_result:events AS msgs`, silver__msgs flattens it and reads
    // `msg:type`, silver__msg_attributes flattens `msg` at path 'attributes'. The source's VALUE column is not
    // `f.value`.
    const engine = await project(t, ['txs'], {
      bronze_txs: "select value, tx_hash as tx_id, data from {{ source('raw', 'txs') }} where data:error is null\n",
      txs: "select tx_id, data:tx_result:gas_used::number as gas_used, data :tx_result :events AS msgs from {{ ref('bronze_txs') }}\n",
      msgs:
        'with base as (select t.tx_id, f.value as msg, f.index::int as msg_index, msg :type :: string as msg_type,\n' +
        "  try_base64_decode_string(msg :attributes [0] :key :: string) as attribute_key\n" +
        "  from {{ ref('txs') }} t, lateral flatten(input => msgs) f)\nselect tx_id, msg_index, msg_type, msg from base\n",
      attrs:
        "select a.tx_id, b.index as attribute_index, b.value :key :: string as attribute_key, b.value:value::string as attribute_value\n" +
        "from {{ ref('msgs') }} a, lateral flatten(input => a.msg, path => 'attributes') b\n",
    });
    const cols = columnsReadFromSource(engine.project, 'source.p.raw.txs');
    const json = Object.fromEntries(cols.map((c) => [c.name, c.json ?? null]));
    // msgs decodes attributes[0]:key (base64, written encoded); attrs reads the keys as they are.
    const attribute = { fields: { key: { leaf: 'text', encoded: 'base64' }, value: { leaf: 'text' } } };
    const events = { items: { fields: { type: { leaf: 'text' }, attributes: { items: attribute } } } };
    assert.deepEqual(json.data, { fields: { error: { rare: true }, tx_result: { fields: { gas_used: { leaf: 'integer' }, events } } } });
    assert.equal(json.value, null);

    const plan = planSynthetic(engine.project, { rows: 50, clean: true })[0];
    const select = syntheticInsert(plan, { seed: 2, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `with e as (select unnest(json_extract(data::json, '$.tx_result.events[*]')) as msg from (${select}) where data is not null)
       select count(*), count(json_extract_string(msg, '$.type')), count(json_extract_string(msg, '$.attributes[0].key')) from e`,
    );
    const [elements, types, keys] = reader.getRows()[0].map(Number);
    // Every document holds an array of objects with the keys read after FLATTEN, none of them NULL.
    assert.ok(elements >= 50, `elements: ${elements}`);
    assert.deepEqual([types, keys], [elements, elements]);
  });
});

describe('JSON text parsed in one model and read in the next', () => {
  it('gives a text column the keys read through the name PARSE_JSON gives it, FLATTENed downstream (low6: sessions.tickets)', async (t) => {
    // low6_uksouth: stg_seven_days__sessions selects `parse_json(tickets) as ticket_array` (through two CTEs);
    // int_seven_days__entries flattens `s.ticket_array` and reads `t.value:id::string`. Without following the name the
    // text held no such keys, and not_null(entry_id) failed.
    const engine = await project(t, ['sessions'], {
      stg:
        "with source as (select * from {{ source('raw', 'sessions') }}),\n" +
        'cleaned as (select session_id, tickets, meta, created_at::timestamp_ntz as created_at from source),\n' +
        'fixed as (select session_id, parse_json(tickets) as ticket_array, try_parse_json(meta) as m, created_at from cleaned)\n' +
        'select * from fixed\n',
      entries:
        "with sessions as (select * from {{ ref('stg') }}),\n" +
        'entries as (select s.session_id, t.index + 1 as n, t.value:id::string as entry_id, t.value:played::boolean as is_played,\n' +
        '  t.value:prize:id::int as prize_id, s.m:kind::string as kind\n' +
        '  from sessions as s, lateral flatten(input => s.ticket_array) as t)\n' +
        'select * from entries\n',
    });
    const cols = columnsReadFromSource(engine.project, 'source.p.raw.sessions');
    const byName = Object.fromEntries(cols.map((c) => [c.name, c]));
    // Still text the models parse, now holding the keys read downstream.
    assert.equal(byName.tickets.dataType, 'VARCHAR');
    assert.equal(byName.tickets.textOf, 'json');
    assert.deepEqual(byName.tickets.json, { items: { fields: { id: { leaf: 'text' }, played: { leaf: 'boolean' }, prize: { fields: { id: { leaf: 'integer' } } } } } });
    assert.deepEqual([byName.meta.dataType, byName.meta.textOf, byName.meta.json], ['VARCHAR', 'json', { fields: { kind: { leaf: 'text' } } }]);

    const plan = planSynthetic(engine.project, { rows: 30, clean: true })[0];
    const select = syntheticInsert(plan, { seed: 4, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `with e as (select unnest(json_extract(tickets::json, '$[*]')) as ticket from (${select}) where tickets is not null)
       select count(*), count(json_extract_string(ticket, '$.id')), count(json_extract(ticket, '$.played')) from e`,
    );
    const [elements, ids, played] = reader.getRows()[0].map(Number);
    assert.ok(elements >= 30, `elements: ${elements}`);
    assert.deepEqual([ids, played], [elements, elements]);
  });
});

describe('ids inside arrays', () => {
  it('gives an id key of an array element one value per element across the table (low6: unique(entry_id) over flattened tickets)', async (t) => {
    // Drawn from 1000 values, 200 elements' ids repeated (a birthday collision is near certain), and the project's
    // unique test on the flattened entries' id failed.
    const engine = await project(t, ['sessions'], {
      entries: "select s.session_id, f.value:id::string as entry_id, f.value:items[0]:sku_id::string as sku from {{ source('raw', 'sessions') }} s, lateral flatten(input => s.tickets) f\n",
    });
    const plan = planSynthetic(engine.project, { rows: 100, clean: true })[0];
    const select = syntheticInsert(plan, { seed: 5, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `with e as (select unnest(json_extract(tickets::json, '$[*]')) as ticket from (${select}) where tickets is not null),
            skus as (select unnest(json_extract(ticket, '$.items[*]')) as item from e)
       select count(*), count(distinct json_extract_string(ticket, '$.id')), (select count(*) from skus), (select count(distinct json_extract_string(item, '$.sku_id')) from skus) from e`,
    );
    const [elements, ids, items, skus] = reader.getRows()[0].map(Number);
    assert.ok(elements >= 100, `elements: ${elements}`);
    // One id per element, and per element of an array inside an element.
    assert.deepEqual([ids, skus], [elements, items]);
  });
});

describe('which relation a name belongs to', () => {
  it('gives a name read unqualified in a join to the source when the joined derived table only filters on it', async (t) => {
    // mattermost's cloud_portal_pageview_events: the incremental branch joins `(select distinct id as join_key from
    // {{ this }} where … and path like '%cloud%') a`, and the model reads `path` unqualified.
    const engine = await project(t, ['pages'], {
      m:
        "select p.*, split_part(path, '/', 3) as step from {{ source('raw', 'pages') }} p\n" +
        "left join (select distinct id as join_key from {{ this }} where path like '%cloud%') a on p.id = a.join_key\nwhere path like '%cloud%'\n",
    });
    assert.ok(typesOf(engine, 'pages').some(([name]) => name === 'path'));
  });

  it('takes a date part\'s abbreviation after a relation as its alias (goodneighbors: `left join … mi on …`)', async (t) => {
    // goodneighbors_gn_dw's WIDE_GA_BEHAVIOR reads mi.MEMBER_NO of DIM_MEMBER_IDENTITY aliased `mi` (MI: minutes).
    const engine = await project(t, ['identity', 'facts'], {
      m:
        "select f.id, mi.MEMBER_NO as identity_member_no, dd.day_name from {{ source('raw', 'facts') }} f\n" +
        "left join {{ source('raw', 'identity') }} mi on f.identity_sk = mi.IDENTITY_SK\n" +
        "left join {{ source('raw', 'identity') }} as dd on dd.IDENTITY_SK = f.id\n",
    });
    assert.deepEqual(typesOf(engine, 'identity').map(([name]) => name).sort(), ['day_name', 'identity_sk', 'member_no']);
  });

  it('binds a test on a model reading two sources to the one whose columns it passes through', async (t) => {
    const engine = await project(
      t,
      ['invoices', 'usage_events'],
      {
        invoices_blapi:
          "with usage as (select subscription_id, max(active_users) as users from {{ source('raw', 'usage_events') }} group by 1),\n" +
          "inv as (select i.*, u.users from {{ source('raw', 'invoices') }} i left join usage u on u.subscription_id = i.subscription_id\n" +
          "  where i.updated_at > '2020-01-01' and i.id <> 'x')\n" +
          'select * from inv\n',
      },
      'models:\n  - name: invoices_blapi\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
    );
    const plan = planSynthetic(engine.project, { rows: 100, clean: false }).find((p) => p.label === 'raw.invoices')!;
    const id = plan.columns.find((c) => c.name === 'id');
    assert.deepEqual([id?.unique, id?.notNull, plan.duplicates], [true, true, 0]);
  });
});

describe('sources read through a macro', () => {
  it('reads the rendering of a model whose macro calls source(), and a path inside a function as the column\'s JSON', async (t) => {
    // willibald_datavault's loads: `{{ datavault_extension.load(…) }}` prints `TRIM(value:c1::STRING) as "KUNDEID_RAW"`
    // over an external table from YAML metadata; the model itself names neither the source nor a column.
    const engine = await project(
      t,
      ['ext_kunde'],
      { load_kunde: "{{ load_raw('ext_kunde', ['c1', 'c2']) }}\n" },
      '',
      "{% macro load_raw(table, keys) %}select trim(value::string) as raw_data, trim(filenamedate::string) as rsrc{% for k in keys %}, trim(value:{{ k }}::string) as {{ k }}_raw{% endfor %}\nfrom {{ source('raw', table) }}{% endmacro %}\n",
    );
    const id = 'source.p.raw.ext_kunde';
    assert.deepEqual(columnsReadFromSource(engine.project, id), []);
    const rendered = await renderHidingReaders(engine, [id]);
    assert.deepEqual([...rendered.keys()], ['model.p.load_kunde']);
    const cols = columnsReadFromSource(engine.project, id, rendered);
    const value = cols.find((c) => c.name.toLowerCase() === 'value');
    assert.deepEqual([value?.dataType, value?.json], ['VARIANT', { fields: { c1: { leaf: 'text' }, c2: { leaf: 'text' } } }]);
    assert.ok(cols.some((c) => c.name.toLowerCase() === 'filenamedate'));
  });
});
