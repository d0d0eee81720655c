import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { Engine } from '../../server/src/engine';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { columnKind, twinType, typeFamily } from '../../client/src/sample/column-kinds';
import { SamplePlanError, boundsOfExpression, planSynthetic, singular, startOf } from '../../client/src/sample/plan';
import { idPrefix, syntheticCreate, syntheticInsert } from '../../client/src/sample/sql';
import { columnsReadFromSource } from '../../client/src/sample/usage';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'sample-undeclared');

/** A temp project (removed after the test) with a dbt_project.yml and an empty models/ folder. */
async function smallProject(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  return dir;
}

describe('column kinds', () => {
  it('reads Snowflake type names into families', () => {
    assert.equal(typeFamily('NUMBER(38,0)'), 'integer');
    assert.equal(typeFamily('number(10, 2)'), 'decimal');
    assert.equal(typeFamily('STRING'), 'text');
    assert.equal(typeFamily('TIMESTAMP_NTZ(9)'), 'timestamp');
    assert.equal(typeFamily('timestamp_ltz'), 'timestamp_tz');
    assert.equal(typeFamily('VARIANT'), 'json');
    assert.equal(typeFamily('GEOGRAPHY'), undefined);
  });

  it('lets the name choose the flavour of text and the family otherwise', () => {
    assert.equal(columnKind('email', 'VARCHAR'), 'email');
    assert.equal(columnKind('user_id', undefined), 'id');
    assert.equal(columnKind('user_id', 'NUMBER'), 'id');
    assert.equal(columnKind('created_at', undefined), 'timestamp');
    assert.equal(columnKind('created_at', 'VARCHAR'), 'text');
    assert.equal(columnKind('amount', undefined), 'decimal');
    assert.equal(columnKind('is_active', undefined), 'boolean');
    assert.equal(columnKind('isdeleted', undefined), 'boolean');
    assert.equal(columnKind('join_time', undefined), 'timestamp');
    assert.equal(columnKind('hasoptedoutofemail', undefined), 'boolean');
    assert.equal(columnKind('issue_key', undefined), 'id');
    assert.equal(columnKind('feature_name', undefined), 'text');
    assert.equal(columnKind('user_name', undefined), 'person');
    assert.equal(columnKind('plan_type', undefined), 'category');
    // Salesforce custom fields: the name before `__c` decides.
    assert.equal(columnKind('health_score__c', undefined), 'integer');
    assert.equal(columnKind('start_date__c', undefined), 'date');
    assert.equal(columnKind('status__c', undefined), 'category');
  });

  it('names keys, starts and bounds', () => {
    assert.equal(singular('users'), 'user');
    assert.equal(singular('activities'), 'activity');
    assert.equal(singular('addresses'), 'address');
    assert.equal(startOf('end_time', ['start_time', 'end_time']), 'start_time');
    assert.equal(startOf('valid_to', ['valid_from', 'valid_to']), 'valid_from');
    assert.equal(startOf('end_time', ['end_time']), undefined);
    assert.deepEqual(boundsOfExpression('amount >= 0', undefined), { column: 'amount', min: 0 });
    assert.deepEqual(boundsOfExpression('> 5', 'seats'), { column: 'seats', min: 6 });
    assert.deepEqual(boundsOfExpression('seats between 1 and 50', undefined), { column: 'seats', min: 1, max: 50 });
    assert.equal(boundsOfExpression('a = b or c', 'x'), undefined);
    assert.equal(idPrefix('user_id'), 'USER');
    assert.equal(idPrefix('id'), 'ID');
  });
});

describe('columns a source must have, read from the models', () => {
  it('takes names and the types their uses imply, and only columns of that source', async () => {
    const engine = await Engine.open({ projectDir: FIXTURE, cliVars: {} });
    const events = columnsReadFromSource(engine.project, 'source.sample_undeclared.raw.events');
    assert.deepEqual(
      events.map((c) => [c.name, c.dataType ?? null, c.textOf ?? null]),
      [
        ['event_id', null, null],
        ['account_id', null, null],
        ['event_ts', 'VARCHAR', 'timestamp'],
        ['amount_text', 'VARCHAR', 'decimal'],
        ['event_type', 'VARCHAR', null],
        ['updated_at', 'TIMESTAMP_NTZ', null],
      ],
    );
    const accounts = columnsReadFromSource(engine.project, 'source.sample_undeclared.raw.accounts');
    assert.deepEqual(accounts.map((c) => [c.name, c.dataType ?? null]), [['account_id', null], ['account_name', null], ['seats', 'NUMBER(18,2)']]);
  });
});

describe('columns of a source read through select *', () => {
  it('follows CTEs, macro-wrapped sources and the models downstream of a pass-through', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-star-');
    await mkdir(path.join(dir, 'macros'));
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n      - name: accounts\n      - name: groups\n      - name: purchases\n      - name: targets\n      - name: visits\n        columns:\n          - name: seen_at\n            data_type: timestamp_tz\n',
    );
    await writeFile(path.join(dir, 'macros', 'latest.sql'), '{% macro latest(rel) %}select *, id as account_key from {{ rel }} qualify row_number() over (partition by id order by _loaded desc) = 1{% endmacro %}\n');
    // The dbt staging pattern: the source is read with select * in a CTE, renamed in the next one.
    await writeFile(
      path.join(dir, 'models', 'stg_orders.sql'),
      "with source as (select * from {{ source('raw', 'orders') }}),\n" +
        'renamed as (select id, timestamp::date as ordered_on, total * 1 as total, customer_ref from source where not is_deleted)\n' +
        'select * from renamed\n',
    );
    await writeFile(path.join(dir, 'models', 'fct_orders.sql'), "select o.customer_ref, o.paid from {{ ref('stg_orders') }} o where o.paid = true and o.ordered_on > date '2020-01-01'\n");
    // A macro receives the source: its columns are what the macro's SQL reads and what the models downstream do.
    await writeFile(path.join(dir, 'models', 'accounts.sql'), "{{ latest(source('raw', 'accounts')) }}\nwhere not is_archived\n");
    await writeFile(path.join(dir, 'models', 'dim_accounts.sql'), "select a.account_name, a.account_key, a.seats + 1 as seats, region, current_date as d from {{ ref('accounts') }} a join {{ ref('stg_orders') }} o on a.account_name = o.customer_ref where a.is_active = true\n");
    await writeFile(
      path.join(dir, 'models', 'visits.sql'),
      "with v as (select seen_at, \"Height\", dept, isdel as is_del from {{ source('raw', 'visits') }})\n" +
        "select * from v where not is_del and (startswith(dept, '0') or dept::int > 5)\n",
    );
    // A derived table hands the source's columns on under its alias.
    await writeFile(
      path.join(dir, 'models', 'group_events.sql'),
      "select r.uuid_ts, coalesce(r.event, 'x') as event, datediff('minute', r.joined, r.left_at) as stay from (select r.* from {{ source('raw', 'groups') }} r where r.user_id is not null) r\n",
    );
    // A staging model that lists its columns hands them on by name: a mart's casts type them.
    await writeFile(path.join(dir, 'models', 'stg_purchases.sql'), "select department, amount from {{ source('raw', 'purchases') }}\n");
    await writeFile(
      path.join(dir, 'models', 'purchases_by_branch.sql'),
      "select case when startswith(department, '0') then 'a' when department::int > 5 then 'b' end as branch, amount = 'x' as odd from {{ ref('stg_purchases') }} join {{ ref('tva') }} t on t.qtr = department\n",
    );
    // Without an alias, the table's own name qualifies its columns.
    await writeFile(
      path.join(dir, 'models', 'tva.sql'),
      "select targets.qtr, targets.goal, o.amount from {{ source('raw', 'targets') }} left join {{ ref('stg_orders') }} o on o.ordered_on = targets.qtr\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.raw.targets').map((c) => c.name), ['qtr', 'goal']);
    assert.deepEqual(
      columnsReadFromSource(engine.project, 'source.p.raw.purchases').map((c) => [c.name, c.dataType ?? null, c.textOf ?? null]),
      [['department', 'VARCHAR', 'integer'], ['amount', null, null]],
      'a comparison downstream is not taken where the model joins another relation (it may be about its column of that name)',
    );
    assert.deepEqual(
      columnsReadFromSource(engine.project, 'source.p.raw.groups').map((c) => [c.name, c.dataType ?? null]),
      // `coalesce(r.event, 'x')`: beside a text default, a text.
      [['user_id', null], ['uuid_ts', null], ['event', 'VARCHAR'], ['joined', 'TIMESTAMP_NTZ'], ['left_at', 'TIMESTAMP_NTZ']],
      'qualified arguments of DATEDIFF are timestamps',
    );
    const orders = columnsReadFromSource(engine.project, 'source.p.raw.orders');
    assert.deepEqual(
      orders.map((c) => [c.name, c.dataType ?? null]),
      [
        ['id', null],
        ['timestamp', 'TIMESTAMP_NTZ'],
        ['total', 'NUMBER(18,2)'],
        ['customer_ref', null],
        ['is_deleted', 'BOOLEAN'],
      ],
      'stg_orders names its columns in renamed: what fct_orders reads from it are its own names, not the source\'s',
    );
    // Downstream of the pass-through, in a join, an unqualified name is the first FROM item's when the joined
    // model is known not to have it (`region`: stg_orders names its columns); CURRENT_DATE is a function, never a
    // column; account_key is the macro's own.
    const accounts = columnsReadFromSource(engine.project, 'source.p.raw.accounts');
    assert.deepEqual(accounts.map((c) => [c.name, c.dataType ?? null]), [['id', null], ['_loaded', null], ['is_archived', 'BOOLEAN'], ['account_name', null], ['seats', 'NUMBER(18,2)'], ['region', null], ['is_active', 'BOOLEAN']]);
    // A renamed column's later uses type it (not is_del); text that is also cast to a number holds digits.
    const visitCols = columnsReadFromSource(engine.project, 'source.p.raw.visits');
    assert.deepEqual(
      visitCols.map((c) => [c.name, c.dataType ?? null, c.textOf ?? null]),
      [['seen_at', null, null], ['Height', null, null], ['dept', 'VARCHAR', 'integer'], ['isdel', 'BOOLEAN', null]],
    );
    // A declared TIMESTAMP_TZ is held as TIMESTAMP_LTZ on the twin (DuckDB keeps the instant, not the offset).
    const visits = planSynthetic(engine.project, { rows: 10, clean: true, sourceIds: ['source.p.raw.visits'] })[0];
    // Names as Snowflake stores them: the models' quoted "Height" exactly, the unquoted ones upper-case.
    assert.deepEqual(visitCols.map((c) => c.quoted ?? false), [false, true, false, false]);
    assert.match(syntheticCreate(visits), /"SEEN_AT" TIMESTAMP_LTZ, "Height" VARCHAR, "DEPT" VARCHAR, "ISDEL" BOOLEAN\)/, 'a quoted column keeps its exact name');
    assert.equal(twinType('timestamp_tz(9)'), 'TIMESTAMP_LTZ');
    assert.equal(twinType('TIMESTAMP_LTZ(9)'), 'TIMESTAMP_LTZ');
  });
});

describe('columns read unqualified in a join', () => {
  it('go to no source when a joined relation has them, else to the first source joined alone', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-join-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: subs\n      - name: invoices\n      - name: items\n      - name: orgs\n        columns:\n          - name: id\n          - name: region\n',
    );
    // stg_items passes items through; a mart reads start_date from it, so items has start_date.
    await writeFile(path.join(dir, 'models', 'stg_items.sql'), "select * from {{ source('raw', 'items') }}\n");
    await writeFile(path.join(dir, 'models', 'mart_items.sql'), "select i.start_date from {{ ref('stg_items') }} i\n");
    await writeFile(
      path.join(dir, 'models', 'health.sql'),
      'select min(start_date) as started, charge, region, s.id\n' +
        "from {{ source('raw', 'subs') }} s\njoin {{ source('raw', 'invoices') }} i on i.sub_id = s.id\n" +
        "left join {{ ref('stg_items') }} on 1 = 1\nleft join {{ source('raw', 'orgs') }} o on o.id = s.org_id\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const names = (table: string) => columnsReadFromSource(engine.project, `source.p.raw.${table}`).map((c) => c.name).sort();
    // start_date: stg_items has it (from items); region: orgs declares it; charge: nobody is known to, so the
    // first source joined (subs) takes it and invoices does not — both would make `charge` ambiguous.
    assert.deepEqual(names('subs'), ['charge', 'id', 'org_id']);
    assert.deepEqual(names('invoices'), ['sub_id']);
    assert.deepEqual(names('items'), ['start_date']);
  });

  it('downstream of a pass-through model, give the first FROM item an unqualified name no joined CTE or model has', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-joinstrict-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: opp\n      - name: lines\n' +
        'models:\n  - name: owners\n    columns:\n      - name: owner_name\n',
    );
    await writeFile(path.join(dir, 'models', 'opportunity.sql'), "select * from {{ source('raw', 'opp') }} where not isdeleted\n");
    await writeFile(path.join(dir, 'models', 'owners.sql'), 'select 1 as id, 2 as owner_name\n');
    await writeFile(
      path.join(dir, 'models', 'snap.sql'),
      "with totals as (select opportunityid, sum(amount) as new from {{ source('raw', 'lines') }} group by 1)\n" +
        'select opportunity.sfid, probability, new, opportunityid, owner_name\n' +
        "from {{ ref('opportunity') }}\nleft join totals on opportunity.sfid = totals.opportunityid\nleft join {{ ref('owners') }} o on o.id = opportunity.ownerid\n",
    );
    // Only the first FROM item takes unqualified names: here a later one reads the same pass-through.
    await writeFile(path.join(dir, 'models', 'later.sql'), "select stage from {{ ref('owners') }} o join {{ ref('opportunity') }} on o.id = 1\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const names = columnsReadFromSource(engine.project, 'source.p.raw.opp').map((c) => c.name).sort();
    // probability: nobody else in the join names it; new and opportunityid: the CTE does; owner_name: owners declares it.
    assert.deepEqual(names, ['isdeleted', 'ownerid', 'probability', 'sfid']);
  });

  it('downstream of a pass-through model, give a later FROM item an unqualified name when only CTEs that lack it join it', async (t) => {
    // mattermost's incident_daily_details: `from dates d join {{ ref('incident_response_events') }} events join
    // active_users … count(case when event = 'playbook' …)`, dates and active_users CTEs with their select lists.
    const dir = await smallProject(t, 'bronze-sample-joincte-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: ev\n      - name: days\n');
    await writeFile(path.join(dir, 'models', 'events.sql'), "select * from {{ source('raw', 'ev') }}\n");
    await writeFile(
      path.join(dir, 'models', 'daily.sql'),
      "with dates as (select day, server_id from {{ source('raw', 'days') }}), users as (select day, count(*) as n from dates group by 1)\n" +
        "select d.day, count(case when event = 'playbook' then e.id end) as playbooks, max(n) as n\n" +
        "from dates d join {{ ref('events') }} e on e.server_id = d.server_id join users on users.day = d.day group by 1\n",
    );
    // Beside another model, the same read stays unattributed: that model may have it.
    await writeFile(path.join(dir, 'models', 'other.sql'), 'select 1 as server_id\n');
    await writeFile(path.join(dir, 'models', 'mixed.sql'), "select action from {{ ref('other') }} o join {{ ref('events') }} e on e.server_id = o.server_id\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const names = columnsReadFromSource(engine.project, 'source.p.raw.ev').map((c) => c.name).sort();
    assert.deepEqual(names, ['event', 'id', 'server_id']);
  });

  it('give an unqualified name read over two joined derived tables to the first one only', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-derived-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: old\n    tables:\n      - name: plugins\n  - name: new\n    tables:\n      - name: plugins\n');
    // Both sides select *: `icebreaker` may be either's, and on both it would be ambiguous.
    await writeFile(
      path.join(dir, 'models', 'details.sql'),
      'select s.user_id, max(coalesce(p.version_a, icebreaker)) as v\n' +
        "from (select s.* from {{ source('old', 'plugins') }} s) s\n" +
        "full outer join (select r.* from {{ source('new', 'plugins') }} r) p on s.user_id = p.user_id\ngroup by 1\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const names = (src: string) => columnsReadFromSource(engine.project, `source.p.${src}.plugins`).map((c) => c.name).sort();
    assert.deepEqual(names('old'), ['icebreaker', 'user_id']);
    assert.deepEqual(names('new'), ['user_id', 'version_a']);
  });

  it('takes date-part words and IGNORE as columns outside their keyword places', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-words-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: targets\n');
    await writeFile(
      path.join(dir, 'models', 'm.sql'),
      'select month, goal, date_trunc(month, current_date) as m, extract(day from month::date) as d, dateadd(day, 1, goal_at) as g,\n' +
        "  first_value(goal) ignore nulls over (order by goal_at) as f, current_date - interval '1' day as y, (select min(day) from {{ source('raw', 'targets') }}) as first_day\n" +
        "from {{ source('raw', 'targets') }} where not ignore\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    assert.deepEqual(
      columnsReadFromSource(engine.project, 'source.p.raw.targets').map((c) => [c.name, c.dataType ?? null]),
      [['day', null], ['month', 'TIMESTAMP_NTZ'], ['goal', null], ['goal_at', 'TIMESTAMP_NTZ'], ['ignore', 'BOOLEAN']],
    );
  });

  it('types a column formatted with a date format, or compared with a date string or the current time, as a timestamp; epoch arithmetic and a CASE or COALESCE beside a number as a number', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-fmt-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: subs\n');
    await writeFile(
      path.join(dir, 'models', 'm.sql'),
      "select to_varchar(s.began, 'yyyy-mm-dd\"T\"hh24:mi:ss\"Z\"') as b, to_char(price, '999.00') as p, to_varchar(code) as c, to_timestamp(s.expiresat/1000) as e, to_timestamp(issued) as i,\n" +
        "  case when plan = 'pro' then s.total else 0 end as t, case when x then 0 else refund end as r, coalesce(seats, 0) as n\n" +
        "from {{ source('raw', 'subs') }} s where changed >= '2020-01-01' and plan = 'pro' and seen <= current_timestamp()\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    assert.deepEqual(
      columnsReadFromSource(engine.project, 'source.p.raw.subs').map((c) => [c.name, c.dataType ?? null]),
      [['began', 'TIMESTAMP_NTZ'], ['price', 'NUMBER(18,2)'], ['code', null], ['expiresat', 'NUMBER(18,2)'], ['issued', 'VARCHAR'], ['plan', 'VARCHAR'], ['total', 'NUMBER(18,2)'], ['x', 'BOOLEAN'], ['refund', 'NUMBER(18,2)'], ['seats', 'NUMBER(18,2)'], ['changed', 'TIMESTAMP_NTZ'], ['seen', 'TIMESTAMP_NTZ']],
    );
  });

  it('types a column bounded BETWEEN date strings as a date or time, also where a later model reads it through TO_DATE', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-between-dates-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: lnd\n    tables:\n      - name: rtv\n');
    await writeFile(path.join(dir, 'models', 'stg.sql'), "select r.txn_dt, r.qty from {{ source('lnd', 'rtv') }} r where r.txn_dt between '2022-01-30' and '2021-12-28' and r.qty between 1 and 9\n");
    await writeFile(path.join(dir, 'models', 'm.sql'), "select to_date(s.txn_dt) as txn_dt from {{ ref('stg') }} s\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 10, clean: true })[0];
    assert.deepEqual(
      plan.columns.map((c) => [c.name, c.dataType]),
      [['txn_dt', 'DATE'], ['qty', 'NUMBER(38,0)']],
    );
  });

  it("types DECODE's first argument a number where it is searched for numbers", async (t) => {
    const dir = await smallProject(t, 'bronze-sample-decode-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: lnd\n    tables:\n      - name: sls\n');
    await writeFile(path.join(dir, 'models', 'stg.sql'), "select sum(decode(s.rtrn_flg, 1, -1, 1) * s.qty) as qty, decode(kind, 'A', 1, 0) as a from {{ source('lnd', 'sls') }} s\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    assert.deepEqual(
      columnsReadFromSource(engine.project, 'source.p.lnd.sls').map((c) => [c.name, c.dataType ?? null]),
      [['rtrn_flg', 'NUMBER(38,0)'], ['qty', 'NUMBER(18,2)'], ['kind', null]],
    );
  });

  it('writes JSON text for a column parsed as JSON, also behind a default; an empty JSON array for one cast to ARRAY', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-json-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: tracks\n');
    await writeFile(
      path.join(dir, 'models', 'm.sql'),
      "select parse_json(coalesce(context_feature_skus, '[]'))::array as skus, try_parse_json(nvl(props, '{}')) as p, parse_json(raw_items)::array as items\nfrom {{ source('raw', 'tracks') }}\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    assert.deepEqual(
      columnsReadFromSource(engine.project, 'source.p.raw.tracks').map((c) => [c.name, c.dataType, c.textOf]),
      [['context_feature_skus', 'VARCHAR', 'json_array'], ['props', 'VARCHAR', 'json'], ['raw_items', 'VARCHAR', 'json_array']],
    );
    const plan = planSynthetic(engine.project, { rows: 10, clean: true })[0];
    assert.match(syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }), /'\[\]'/);
  });

  it('gives a column COALESCE reads with another the other one\'s kind when only its name made it text', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-coalesce-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: activity\n');
    await writeFile(
      path.join(dir, 'models', 'm.sql'),
      "select coalesce(active_users_daily, a.active_users) as dau, nvl(label, other_label) as l\nfrom {{ source('raw', 'activity') }} a\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 10, clean: true })[0];
    const kinds = Object.fromEntries(plan.columns.map((c) => [c.name, [c.kind, c.dataType]]));
    assert.deepEqual(kinds.active_users_daily, kinds.active_users);
    assert.equal(kinds.active_users[0], 'integer');
    // Both text by name: nothing to take.
    assert.deepEqual([kinds.label[0], kinds.other_label[0]], ['text', 'text']);
  });

  it('keeps one of two spellings DuckDB cannot tell apart ("ContactName" and contactname)', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-case-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: customers\n');
    await writeFile(path.join(dir, 'models', 'a.sql'), "select \"ContactName\", id from {{ source('raw', 'customers') }}\n");
    await writeFile(path.join(dir, 'models', 'b.sql'), "select contactname from {{ source('raw', 'customers') }}\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 5, clean: true })[0];
    assert.deepEqual(plan.columns.map((c) => [c.name, c.quoted]), [['ContactName', true], ['id', false]]);
    assert.match(syntheticCreate(plan), /"ContactName" VARCHAR, "ID" VARCHAR\)/);
  });
});

describe('synthetic plan', () => {
  it('writes a source under the name Snowflake stores for it: upper-case unless `quoting:` quotes the part', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-names-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: raw\n    database: land\n    schema: crm\n    tables:\n      - name: customers\n        columns: [{ name: id, data_type: number }]\n      - name: events\n        columns: [{ name: id, data_type: number }]\n        quoting:\n          identifier: true\n',
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plans = planSynthetic(engine.project, { rows: 5, clean: true });
    assert.deepEqual(
      plans.map((p) => p.relation),
      [
        { database: 'LAND', schema: 'CRM', identifier: 'CUSTOMERS' },
        { database: 'LAND', schema: 'CRM', identifier: 'events' },
      ],
    );
  });

  it('plans the demo from its declarations and tests', async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-plan-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeDemoProject(dir);
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plans = planSynthetic(engine.project, { rows: 1000, clean: false });
    assert.equal(plans.length, 7);
    const order = plans.map((p) => p.label);
    assert.ok(order.indexOf('raw.users') < order.indexOf('raw.meetings'), 'users before the meetings that reference them');
    assert.ok(order.indexOf('raw.meetings') < order.indexOf('raw.participants'));
    const users = plans.find((p) => p.label === 'raw.users')!;
    assert.deepEqual([users.key, users.updatedAt, users.loadedAt], ['user_id', 'update_timestamp', 'load_timestamp']);
    assert.equal(users.duplicates, 50, 'bz_users de-duplicates, so raw.users may repeat keys');
    assert.equal(users.nullKeys, 10, 'bz_users drops NULL user_ids');
    assert.deepEqual(users.columns.find((c) => c.name === 'plan_type')?.accepted, ['Free', 'Basic', 'Pro', 'Business', 'Enterprise']);
    assert.equal(users.columns.find((c) => c.name === 'email')?.kind, 'email');
    const meetings = plans.find((p) => p.label === 'raw.meetings')!;
    assert.deepEqual(meetings.columns.find((c) => c.name === 'host_id')?.references, { sourceId: 'source.zoom_bronze.raw.users', column: 'user_id' });
    assert.equal(meetings.columns.find((c) => c.name === 'end_time')?.notBefore, 'start_time');
    assert.equal(meetings.columns.find((c) => c.name === 'duration_minutes')?.max, 1440);
    const clean = planSynthetic(engine.project, { rows: 1000, clean: true });
    assert.ok(clean.every((p) => p.duplicates === 0 && p.nullKeys === 0 && !p.sparseNulls && p.columns.every((c) => !c.dirty)));
    // Same plan, same statement: the rows are a function of the seed.
    assert.equal(syntheticInsert(users, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }), syntheticInsert(users, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }));
  });

  it('carries a model test to the source column the model renames or aggregates', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-alias-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: usage\n        columns:\n          - name: account\n          - name: usage_date\n          - name: credits\n          - name: bytes\n          - name: tier\n' +
        'models:\n  - name: daily\n    columns:\n      - name: credits_used\n        data_tests: [not_null, unique]\n      - name: plan\n        data_tests:\n          - not_null\n          - accepted_values:\n              values: [a, b]\n',
    );
    // sum(credits) is NULL for a day whose credits are all NULL, so the test needs filled credits; a sum says
    // nothing of the source's uniqueness. tier is renamed: every test on plan holds for tier.
    await writeFile(
      path.join(dir, 'models', 'daily.sql'),
      "with source as (select account, usage_date, credits, tier from {{ source('raw', 'usage') }})\n" +
        'select account, usage_date, SUM(credits) AS credits_used, avg(bytes) as bytes, tier as plan\nfrom source\ngroup by all\n',
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 10, clean: false })[0];
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('credits').notNull, col('credits').unique], [true, false]);
    assert.deepEqual([col('tier').notNull, col('tier').accepted], [true, ['a', 'b']]);
    assert.equal(col('bytes').notNull, false, 'no test on bytes');
    assert.equal(col('account').notNull, false);
  });

  it('carries a not_null test through a cast written with spaces around the colons', async (t) => {
    // Flipside's silver__block: `realtime :: DATE AS block_date` under a not_null test; `header :gen :: STRING`.
    const dir = await smallProject(t, 'bronze-sample-spaced-cast-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: blocks\n' +
        'models:\n  - name: block\n    columns:\n      - name: BLOCK_DATE\n        data_tests: [not_null]\n      - name: NETWORK\n        data_tests: [not_null]\n',
    );
    await writeFile(
      path.join(dir, 'models', 'block.sql'),
      "select realtime :: DATE AS block_date, HOUR(realtime) AS block_hour, header :gen :: STRING AS network, note from {{ source('raw', 'blocks') }}\n",
    );
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 10, clean: false })[0];
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('realtime').notNull, col('header').notNull, col('note').notNull], [true, true, false]);
  });

  it('follows a model test up a chain of single-parent models to the source', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-chain-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: cases\n        columns:\n          - name: CASES\n          - name: REPORTED\n          - name: REGION\n' +
        'models:\n  - name: base_cases\n    columns:\n      - name: case_count\n        data_tests: [not_null]\n      - name: region\n        data_tests: [not_null]\n',
    );
    await writeFile(path.join(dir, 'models', 'stg_cases.sql'), 'select "CASES" as cases, "REPORTED" as reported, "REGION" as region from {{ source(\'raw\', \'cases\') }}\n');
    // region's NULLs are dropped on the way, so its test asks nothing of the source.
    await writeFile(path.join(dir, 'models', 'base_cases.sql'), "select *, cases as case_count from {{ ref('stg_cases') }} where region is not null\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 10, clean: false })[0];
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('CASES').notNull, col('REPORTED').notNull, col('REGION').notNull], [true, false, false]);
  });

  it('makes the first column of a unique_combination_of_columns test unique, so the combination is', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-combination-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: cws\n    tables:\n      - name: trials\n        columns:\n          - name: licenseid\n          - name: trialrequestid\n          - name: note\n' +
        '        tests:\n          - dbt_utils.unique_combination_of_columns:\n              combination_of_columns: [licenseid, trialrequestid]\n',
    );
    await writeFile(path.join(dir, 'models', 'm.sql'), "select licenseid, trialrequestid, note from {{ source('cws', 'trials') }}\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 10, clean: false })[0];
    const col = (name: string) => plan.columns.find((c) => c.name === name)!;
    assert.deepEqual([col('licenseid').unique, col('trialrequestid').unique, col('note').unique], [true, false, false]);
  });

  it('honours the tests of a column declared quote: true (they name it "org_cd")', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-quoted-');
    await writeFile(
      path.join(dir, 'models', 'src.yml'),
      'version: 2\nsources:\n  - name: fin\n    tables:\n      - name: budgets\n        columns:\n          - name: org_cd\n            quote: true\n            data_tests: [not_null, unique]\n          - name: note\n',
    );
    await writeFile(path.join(dir, 'models', 'm.sql'), "select \"org_cd\", note from {{ source('fin', 'budgets') }}\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    const plan = planSynthetic(engine.project, { rows: 10, clean: false })[0];
    const col = (name: string) => plan.columns.find((c) => c.name.toLowerCase() === name)!;
    assert.deepEqual([col('org_cd').notNull, col('org_cd').unique, col('note').unique], [true, true, false]);
  });

  it('says where to declare columns when nothing names any', async (t) => {
    const dir = await smallProject(t, 'bronze-sample-none-');
    await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: things\n');
    await writeFile(path.join(dir, 'models', 'm.sql'), "select * from {{ source('raw', 'things') }}\n");
    const engine = await Engine.open({ projectDir: dir, cliVars: {} });
    assert.throws(() => planSynthetic(engine.project, { rows: 10, clean: false }), (e: unknown) => {
      assert.ok(e instanceof SamplePlanError);
      assert.match(e.message, /source raw\.things declares no columns and no model names any column of it: declare its columns .* in models\/src\.yml/);
      return true;
    });
    const skipped: SamplePlanError[] = [];
    assert.deepEqual(planSynthetic(engine.project, { rows: 10, clean: false, onSkip: (e) => skipped.push(e) }), []);
    assert.equal(skipped.length, 1, 'with onSkip the source is reported and left out');
  });
});
