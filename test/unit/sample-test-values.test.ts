// `sample --synthetic` writes values the project's tests on its sources accept: accepted_values as dbt's test
// renders them (Python's str inside quotes; a null in the list is no value), Unix times and timestamp text where a
// model parses a JSON key as one, a span's start before its end, and the type a model's name for a column says.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../server/src/engine';
import { comparedValues, planSynthetic, type TablePlan } from '../../client/src/sample/plan';
import { asStored, syntheticInsert } from '../../client/src/sample/sql';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import { renderHidingReaders } from '../../client/src/sample/rendered';
import { syntheticRows } from '../helpers/synthetic-rows';

/** A temp project (removed after the test) with the given source YAML (under `sources:`) and models. */
async function project(t: TestContext, sourcesYml: string, models: Record<string, string>): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-values-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'models', 'src.yml'), `version: 2\nsources:\n${sourcesYml}`);
  for (const [name, sql] of Object.entries(models)) await writeFile(path.join(dir, 'models', `${name}.sql`), sql);
  return Engine.open({ projectDir: dir, cliVars: {} });
}

/** Rows of `query` (a SELECT, or `, more CTEs … SELECT`) over the values a plan generates (its INSERT's SELECT, as `t`). */
const overValues = (t: TestContext, plan: TablePlan, query: string): Promise<unknown[][]> => syntheticRows(t, plan, query, { seed: 7, days: 365 });

describe('accepted_values as the test compares them', () => {
  it('renders YAML values as dbt quotes them and drops a null', () => {
    assert.deepEqual(comparedValues(['true', 'false', null], true), ['true', 'false']);
    assert.deepEqual(comparedValues([true, false], true), ['True', 'False']);
    assert.deepEqual(comparedValues([1, 2.5, 'x'], true), ['1', '2.5', 'x']);
    assert.deepEqual(comparedValues([true, 3, null], false), [true, 3]);
    // As a column of each type holds them: Snowflake casts the quoted text to the column's type to compare.
    assert.deepEqual(asStored(['True', 'False'], 'BOOLEAN'), [true, false]);
    assert.deepEqual(asStored(['1', '2.5', 'x'], 'NUMBER(10,2)'), [1, 2.5]);
    assert.deepEqual(asStored(['True', 'a'], 'VARCHAR'), ['True', 'a']);
  });

  it('writes no value outside the list, the null in it included (mattermost2 server.edition)', async (t) => {
    // `values: ['true', 'false', null]` renders `not in ('true','false','None')`: a written 'null' fails it, as did
    // the sampler's text of the mixed list.
    const engine = await project(
      t,
      '  - name: raw\n    tables:\n      - name: server\n        columns:\n' +
        "          - name: edition\n            data_type: varchar\n            tests:\n              - accepted_values:\n                  values: ['true', 'false', null]\n" +
        '          - name: licensed\n            data_type: varchar\n            tests:\n              - accepted_values:\n                  values: [true, false]\n' +
        '          - name: flag\n            data_type: boolean\n            tests:\n              - accepted_values:\n                  values: [true, false]\n',
      {},
    );
    const plan = planSynthetic(engine.project, { rows: 200, clean: false })[0];
    const [row] = await overValues(
      t,
      plan,
      "select count(*) filter (where edition not in ('true', 'false', 'None')), count(*) filter (where licensed not in ('True', 'False')), " +
        'count(distinct edition), count(distinct licensed), count(distinct flag) from t',
    );
    assert.deepEqual(row.map(Number), [0, 0, 2, 2, 2]);
  });
});

describe('JSON keys a model parses as times', () => {
  it('writes Unix seconds, milliseconds and timestamp text where the parser reads them, starts before ends', async (t) => {
    // mattermost's stg_stripe__subscriptions: license dates as Unix times in the metadata, set by hand as text
    // ('2024-05-22'), and the test `license_start_at <= license_end_at` across keys of both kinds.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: subs\n', {
      m:
        'select\n' +
        '  TO_TIMESTAMP_NTZ(metadata:"sfdc-original-start-date"::varchar) as migrated_start,\n' +
        '  TO_TIMESTAMP_NTZ(metadata:"renewal-date"::int / 1000) as renewal_at,\n' +
        '  case when metadata:"license-start-date"::varchar != \'\' then TRY_TO_TIMESTAMP_NTZ(metadata:"license-start-date"::varchar) end as start_at,\n' +
        '  case when metadata:"cws-license-end-date"::int > 0 then TRY_TO_TIMESTAMP_NTZ(metadata:"cws-license-end-date"::varchar)\n' +
        '       else TO_TIMESTAMP_NTZ(metadata:"cws-license-end-date"::int) end as end_at\n' +
        "from {{ source('raw', 'subs') }}\n",
    });
    const [metadata] = columnsReadFromSource(engine.project, 'source.p.raw.subs');
    assert.deepEqual(metadata.json, {
      fields: {
        'sfdc-original-start-date': { leaf: 'timestamp' },
        'renewal-date': { leaf: 'integer', epoch: 1000 },
        'license-start-date': { leaf: 'date' },
        'cws-license-end-date': { leaf: 'integer', epoch: 1 },
      },
    });
    const plan = planSynthetic(engine.project, { rows: 100, clean: true })[0];
    const [row] = await overValues(
      t,
      plan,
      `, v as (select metadata::json as j from t),
       d as (select cast(j->>'$."sfdc-original-start-date"' as timestamp) as migrated, to_timestamp(cast(j->>'$."renewal-date"' as bigint) / 1000) as renewal,
                    cast(j->>'$."license-start-date"' as date) as start_date, to_timestamp(cast(j->>'$."cws-license-end-date"' as bigint)) as end_time from v)
       select count(*) filter (where migrated >= '2025-01-01' and renewal >= '2025-01-01' and start_date >= '2025-01-01' and end_time >= '2025-01-01'),
              count(*) filter (where migrated <= end_time and start_date <= end_time) from d`,
    );
    assert.deepEqual(row.map(Number), [100, 100]);
  });
});

describe('names a model gives source columns', () => {
  it('types a column by the name a model renames it to, and takes no lateral alias for a source column', async (t) => {
    // stripe's `current_period_end as current_period_end_at`; `… as license_id, case when license_id is not null`
    // reads the alias (a column of that name in the source would shadow it).
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: subs\n        columns:\n          - name: current_period_end\n          - name: note\n', {
      m:
        'with s as (select * from {{ source(\'raw\', \'subs\') }})\n' +
        'select current_period_end as current_period_end_at, note as note_text, licensed as is_licensed, code::varchar as license_id,\n' +
        '  coalesce(enable_o365, enable_o_365) as is_o365_enabled,\n' +
        '  case when license_id is not null then current_period_end_at end as license_end_at\nfrom s\n',
    });
    const cols = columnsReadFromSource(engine.project, 'source.p.raw.subs').map((c) => [c.name, c.dataType ?? null]);
    assert.deepEqual(cols, [['current_period_end', 'TIMESTAMP_NTZ'], ['note', null], ['licensed', 'BOOLEAN'], ['code', 'VARCHAR'], ['enable_o365', 'BOOLEAN'], ['enable_o_365', 'BOOLEAN']]);
  });

  it('types a column renamed count_<thing> as a number (mattermost2 activity: public_channels as count_public_channels)', async (t) => {
    // The marts add and COALESCE these with 0 two models further down; as text, Snowflake's (and the twin's) cast
    // of a sampled 'public_channels_3' failed.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: activity\n', {
      m: "select public_channels as count_public_channels, teams as count_teams, event_text as event_name from {{ source('raw', 'activity') }}\n",
    });
    const cols = columnsReadFromSource(engine.project, 'source.p.raw.activity').map((c) => [c.name, c.dataType ?? null]);
    assert.deepEqual(cols, [['public_channels', 'NUMBER(38,0)'], ['teams', 'NUMBER(38,0)'], ['event_text', null]]);
  });
});

describe('tests on what a model reads from a JSON column', () => {
  it('fills the column a not_null test on one of its paths needs (jira issues: fields:project.id)', async (t) => {
    const engine = await project(
      t,
      '  - name: raw\n    tables:\n      - name: issues\n' +
        'models:\n  - name: stg_issues\n    columns:\n      - name: project_id\n        tests: [not_null, unique]\n      - name: summary\n        tests: [not_null]\n',
      {
        stg_issues:
          "with issues as (select * from {{ source('raw', 'issues') }})\n" +
          'select id as issue_id, fields:project.id::integer AS project_id, fields:summary::VARCHAR as summary, fields:labels as labels from issues\n',
      },
    );
    const plan = planSynthetic(engine.project, { rows: 200, clean: false })[0];
    const fields = plan.columns.find((c) => c.name === 'fields')!;
    // Not unique: a path's values need not be, and the VARIANT as a whole is not what the test compares.
    assert.deepEqual([fields.notNull, fields.unique], [true, false]);
    const [row] = await overValues(t, plan, "select count(*) filter (where fields is null or json_extract(fields::json, '$.project.id') is null or json_extract_string(fields::json, '$.summary') is null) from t");
    assert.equal(Number(row[0]), 0);
  });

  it('follows a not_null test on a union of models into each branch (staus dim_campaigns: data:id::int campaign_id)', async (t) => {
    const stg = (src: string): string =>
      `with c as (select * from {{ source('${src}', 'campaigns') }})\nselect data:id::int campaign_id, data:name::string campaign_name, loaded_at::timestamp loaded_at from c\n`;
    const engine = await project(
      t,
      '  - name: fb\n    tables:\n      - name: campaigns\n  - name: gg\n    tables:\n      - name: campaigns\n' +
        'models:\n  - name: dim_campaigns\n    columns:\n      - name: campaign_id\n        tests: [not_null]\n',
      {
        stg_fb: stg('fb'),
        stg_gg: stg('gg'),
        dim_campaigns:
          "with u as (select 'fb' channel, * from {{ ref('stg_fb') }} union all select 'gg' channel, * from {{ ref('stg_gg') }})\n" +
          "select concat_ws(':', campaign_id, channel) campaign_sid, * from u\n",
      },
    );
    const plans = planSynthetic(engine.project, { rows: 200, clean: false });
    assert.equal(plans.length, 2);
    for (const plan of plans) {
      const data = plan.columns.find((c) => c.name === 'data')!;
      assert.equal(data.notNull, true, plan.relation.identifier);
      const [row] = await overValues(t, plan, "select count(*) filter (where data is null or json_extract(data::json, '$.id') is null) from t");
      assert.equal(Number(row[0]), 0);
    }
  });
});

describe('a unique column that references another table', () => {
  it('takes each referenced value once (cws trialrequestlicenses: relationships on licenseid, unique with trialrequestid)', async (t) => {
    const engine = await project(
      t,
      '  - name: raw\n    tables:\n      - name: license\n        columns:\n          - name: id\n            tests: [unique, not_null]\n' +
        '      - name: trial_licenses\n        columns:\n          - name: licenseid\n            tests:\n              - relationships:\n                  to: source(\'raw\', \'license\')\n                  field: id\n' +
        '          - name: note\n        tests:\n          - dbt_utils.unique_combination_of_columns:\n              combination_of_columns: [licenseid, note]\n',
      {},
    );
    const plans = planSynthetic(engine.project, { rows: 50, clean: false });
    const license = plans.find((p) => p.label === 'raw.license')!;
    const trial = plans.find((p) => p.label === 'raw.trial_licenses')!;
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const ctx = { seed: 7, days: 365, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() };
    await conn.run(`create table license as ${syntheticInsert(license, ctx).replace(/^INSERT INTO [^\n]*\n/, '')}`);
    const relation = { database: 'memory', schema: 'main', identifier: 'license' };
    ctx.references.set(`${license.sourceId}|id`, { relation, count: 50 });
    const reader = await conn.runAndReadAll(
      `with t as (${syntheticInsert(trial, ctx).replace(/^INSERT INTO [^\n]*\n/, '')})
       select count(distinct licenseid), count(*) filter (where licenseid not in (select id from license)) from t`,
    );
    assert.deepEqual(reader.getRows()[0].map(Number), [50, 0]);
  });
});

describe('uses downstream of a staging model that lists its columns', () => {
  it('takes every use in a model reading only that model, under the names it gives, and reads each reader once per parent', async (t) => {
    // mattermost's push_proxy logs: `requesttime as request_at` then `date_trunc(hour, request_at)` and
    // `elb_status_code = 200` in a model over the staging model alone; salesforce account's `arr_current__c` is
    // `coalesce(a.arr_current__c, 0)` in a mart that another reader of the staging model reaches first.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: logs\n      - name: account\n', {
      stg_logs: "with source as (select * from {{ source('raw', 'logs') }})\nselect requesttime as request_at, elb_status_code, split_part(request, ' ', 1) as http_method from source\n",
      hourly: "select date_trunc(hour, request_at) as h, count_if(http_method = 'POST') as posts from {{ ref('stg_logs') }} where elb_status_code = 200 group by 1\n",
      stg_account: "select id as account_id, arr_current__c, parentid as parent_id from {{ source('raw', 'account') }}\n",
      a_arr: "select account_id, 1 as n from {{ ref('stg_account') }}\n",
      sync_arr: "select a.account_id, coalesce(a.arr_current__c, 0) as arr from {{ ref('stg_account') }} a join {{ ref('a_arr') }} x on x.account_id = a.account_id\n",
    });
    const types = (table: string) => columnsReadFromSource(engine.project, `source.p.raw.${table}`).map((c) => [c.name, c.dataType ?? null]);
    assert.deepEqual(types('logs'), [['requesttime', 'TIMESTAMP_NTZ'], ['elb_status_code', 'NUMBER(38,0)'], ['request', 'VARCHAR']]);
    assert.deepEqual(types('account'), [['id', null], ['arr_current__c', 'NUMBER(18,2)'], ['parentid', null]]);
  });
});

describe('release versions', () => {
  it('writes dotted versions where a column is named version, distinct when it is unique', async (t) => {
    // mattermost's version_release_dates: `'v' || regexp_substr(version, '^\\d+\\.\\d+')` is tested not_null.
    const engine = await project(
      t,
      '  - name: raw\n    tables:\n      - name: releases\n        columns:\n          - name: version\n            tests: [unique, not_null]\n          - name: server_version\n',
      { m: "select 'v' || regexp_substr(version, '^\\\\d+\\\\.\\\\d+') as short_version, split_part(server_version, '.', 1) as major from {{ source('raw', 'releases') }}\n" },
    );
    const plan = planSynthetic(engine.project, { rows: 150, clean: false })[0];
    assert.deepEqual(plan.columns.map((c) => [c.name, c.kind]), [['version', 'version'], ['server_version', 'version']]);
    const [row] = await overValues(
      t,
      plan,
      "select count(distinct version), count(*) filter (where regexp_full_match(version, '\\d+\\.\\d+\\.\\d+')), count(*) filter (where server_version is null or regexp_full_match(server_version, '\\d+\\.\\d+\\.\\d+')) from t",
    );
    assert.deepEqual(row.map(Number), [150, 150, 150]);
  });
});

describe('unique tests past a de-duplicating model', () => {
  it('binds a unique test through select distinct of several columns, not through a row_number() by the column', async (t) => {
    // mattermost's int_legacy_licenses_deduped: `select distinct license_id, issued_at, expire_at` keeps two rows of
    // one license with two issue dates, so its unique test needs licenseid unique in the source.
    const engine = await project(
      t,
      '  - name: raw\n    tables:\n      - name: licenses\n      - name: orders\n' +
        'models:\n  - name: legacy_deduped\n    columns:\n      - name: license_id\n        tests: [unique]\n' +
        '  - name: latest_orders\n    columns:\n      - name: order_id\n        tests: [unique]\n',
      {
        stg_licenses: "select licenseid as license_id, issuedat as issued_at, updated_at from {{ source('raw', 'licenses') }}\n",
        legacy_deduped: "select distinct license_id, issued_at from {{ ref('stg_licenses') }} where license_id is not null\n",
        latest_orders: "select id as order_id, updated_at from {{ source('raw', 'orders') }} qualify row_number() over (partition by id order by updated_at desc) = 1\n",
      },
    );
    const plans = planSynthetic(engine.project, { rows: 100, clean: false });
    const unique = (label: string, column: string) => plans.find((p) => p.label === label)!.columns.find((c) => c.name === column)!.unique;
    assert.equal(unique('raw.licenses', 'licenseid'), true);
    assert.equal(unique('raw.orders', 'id'), false, 'the model keeps one row per id: repeated ids are its to clean');
  });
});

describe('arrays', () => {
  it('types a column an array function takes as an ARRAY and writes elements in it', async (t) => {
    // mattermost_snowflake_dbt's custom_ticket_fields: `ARRAY_TO_STRING(custom_fields, ',')` split on '},{'.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: tickets\n', {
      m: "select tickets.id as ticket_id, array_to_string(custom_fields, ',') as string, array_size(tags) as n from {{ source('raw', 'tickets') }}\n",
    });
    const plan = planSynthetic(engine.project, { rows: 20, clean: true })[0];
    assert.deepEqual(plan.columns.map((c) => [c.name, c.dataType]), [['id', 'VARCHAR'], ['custom_fields', 'ARRAY'], ['tags', 'VARIANT']]);
    const [row] = await overValues(t, plan, "select count(*) filter (where json_array_length(custom_fields::json) = 2 and json_extract(custom_fields::json, '$[0].id') is not null) from t");
    assert.equal(Number(row[0]), 20);
  });
});

describe('arrays read as text too', () => {
  it('types a column an array function takes and LIKE reads a VARIANT holding an array', async (t) => {
    // mattermost_snowflake_dbt's zendesk_ticket_details: `tickets.tags LIKE '%premsupport%'` beside
    // `array_to_string(tickets.tags, ', ')`. Snowflake documents a VARIANT's conversion to text (LIKE) and takes a
    // VARIANT holding an array in its array functions (https://docs.snowflake.com/en/sql-reference/data-type-conversion,
    // https://docs.snowflake.com/en/sql-reference/functions/array_to_string); it documents no conversion of an ARRAY
    // to text, so an ARRAY column would leave the LIKE refused. Only a VARIANT holding an array serves both uses.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: tickets\n', {
      m:
        "select tickets.id as ticket_id, case when tickets.tags like '%vip%' then true else false end as vip,\n" +
        "  array_to_string(tickets.tags, ', ') as tags, array_to_string(custom_fields, ',') as fields\n" +
        "from {{ source('raw', 'tickets') }} tickets\n",
    });
    const plan = planSynthetic(engine.project, { rows: 20, clean: true })[0];
    const types = Object.fromEntries(plan.columns.map((c) => [c.name, c.dataType]));
    assert.equal(types.tags, 'VARIANT');
    assert.equal(types.custom_fields, 'ARRAY', 'a column only array functions read stays an ARRAY');
    const [row] = await overValues(t, plan, "select count(*) filter (where json_array_length(tags::json) = 2) from t");
    assert.equal(Number(row[0]), 20);
  });
});

describe('columns a loop prints', () => {
  it('reads the rendered select list of a model whose template prints its columns in a loop', async (t) => {
    // mattermost's stg_mm_telemetry_rc__performance_events: `{{ get_rudderstack_columns() }}` (a macro looping over
    // a list of names) and `{% for column in var('performance_metrics_properties') %}`.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: event\n', {
      perf:
        'with e as (select {{ rudder_columns() }}, {% for c in var(\'metrics\') %}{{ c }} as {{ c }}{% if not loop.last %}, {% endif %}{% endfor %},\n' +
        "  received_at::date as received_date from {{ source('raw', 'event') }} where category = 'performance')\nselect * from e\n",
    });
    await mkdir(path.join(engine.project.root, 'macros'));
    await writeFile(path.join(engine.project.root, 'macros', 'cols.sql'), "{% macro rudder_columns() %}{% for c in ['id', 'anonymous_id', 'sent_at'] %}{{ c }} as {{ c }}{% if not loop.last %}, {% endif %}{% endfor %}{% endmacro %}\n");
    await writeFile(path.join(engine.project.root, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\nvars:\n  metrics: [total_duration, num_high, first]\n');
    const reopened = await Engine.open({ projectDir: engine.project.root, cliVars: {} });
    const id = 'source.p.raw.event';
    const rendered = await renderHidingReaders(reopened, [id]);
    assert.deepEqual([...rendered.keys()], ['model.p.perf']);
    const names = (cols: ReturnType<typeof columnsReadFromSource>) => cols.map((c) => c.name).sort();
    assert.deepEqual(names(columnsReadFromSource(reopened.project, id)), ['category', 'received_at']);
    assert.deepEqual(names(columnsReadFromSource(reopened.project, id, rendered)), ['anonymous_id', 'category', 'first', 'id', 'num_high', 'received_at', 'sent_at', 'total_duration']);
  });
});

describe('sources the twin answers itself', () => {
  it('leaves a source in INFORMATION_SCHEMA out, saying why', async (t) => {
    // mattermost_snowflake_dbt declares RAW.INFORMATION_SCHEMA.COLUMNS as a source (raw_warehouse_columns_hist).
    const engine = await project(t, '  - name: information_schema\n    tables:\n      - name: columns\n        columns:\n          - name: table_name\n', {});
    const skipped: string[] = [];
    assert.deepEqual(planSynthetic(engine.project, { rows: 10, clean: true, onSkip: (e) => skipped.push(e.message) }), []);
    assert.match(skipped[0], /INFORMATION_SCHEMA\.COLUMNS, which the twin answers from the tables it holds: not sampled/);
  });
});

describe('values a model prints into its SQL', () => {
  it('writes no padded or re-cased spellings of a column get_column_values reads (mattermost feature pivot)', async (t) => {
    // int_feature_daily_usage_per_user pivots `feature_name` values into column names (`count_{{ val }}`): the
    // sampler's '  x_3 ' made `count_  x_3` (a syntax error) and 'X_3' beside 'x_3' the same column twice.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: tracks\n', {
      stg: "select coalesce(context_feature, 'none') as feature_name, note from {{ source('raw', 'tracks') }}\n",
      usage:
        "{%- set values = dbt_utils.get_column_values(ref('stg'), 'feature_name') -%}\n" +
        "select {% for v in values %}{% if not loop.first %} + {% endif %}count_{{ v }}{% endfor %} as total from {{ ref('stg') }}\n",
    });
    const plan = planSynthetic(engine.project, { rows: 300, clean: false })[0];
    assert.deepEqual(
      plan.columns.map((c) => [c.name, c.dirty]),
      [['context_feature', false], ['note', true]],
    );
    const [row] = await overValues(t, plan, "select count(*) filter (where not regexp_matches(context_feature, '^[a-z_0-9]+$')) from t");
    assert.equal(Number(row[0]), 0);
  });

  it('writes the values a model reads back from the columns it pivots them into (mattermost fct_nps_score)', async (t) => {
    // fct_nps_score pivots user_role (prefix count_, suffix _promoters_daily) and then reads
    // count_team_admin_promoters_daily: a column that exists only if 'team_admin' is a value; sampled 'user_role_3'
    // made DuckDB's "does not have a column named COUNT_USER_PROMOTERS_DAILY". Names it defines are not values.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: nps\n        columns:\n          - name: user_role\n            data_type: varchar\n', {
      stg: "select user_role, score from {{ source('raw', 'nps') }}\n",
      fct:
        "with m as (select {{ dbt_utils.pivot('user_role', dbt_utils.get_column_values(ref('stg'), 'user_role'), agg='sum', " +
        "then_value='score', prefix='count_', suffix='_promoters_daily') }}, sum(score) as count_all_promoters_daily from {{ ref('stg') }})\n" +
        'select count_user_promoters_daily, count_team_admin_promoters_daily, count_all_promoters_daily from m\n',
    });
    const plan = planSynthetic(engine.project, { rows: 200, clean: true })[0];
    const role = plan.columns.find((c) => c.name === 'user_role')!;
    assert.deepEqual(role.accepted, ['team_admin', 'user']);
    const rows = await overValues(t, plan, 'select distinct user_role from t order by 1');
    assert.deepEqual(rows.map((r) => r[0]), ['team_admin', 'user']);
  });

  it('writes IPv4 addresses and CIDR networks where the name says so (mattermost geolite network)', async (t) => {
    // stg_geolite__ipv4_to_country reads `cast(split_part(network, '/', 2) as int)` and PARSE_IP(network, 'INET'):
    // 'network_3' was '' to a number (a failed cast) and no address for PARSE_IP.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: country_ipv4\n        columns:\n          - name: network\n            tests: [not_null, unique]\n', {
      stg: "select network, cast(split_part(network, '/', 2) as int) as size, server_ip from {{ source('raw', 'country_ipv4') }}\n",
    });
    const plan = planSynthetic(engine.project, { rows: 200, clean: false })[0];
    assert.deepEqual(plan.columns.map((c) => [c.name, c.kind, c.dirty]), [['network', 'ip', false], ['server_ip', 'ip', false]]);
    const octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
    const [row] = await overValues(
      t,
      plan,
      `select count(*) filter (where not regexp_full_match(network, '${octet}(\\.${octet}){3}/(3[0-2]|[12]?[0-9])')),
              min(cast(split_part(network, '/', 2) as int)),
              count(*) filter (where not regexp_full_match(server_ip, '${octet}(\\.${octet}){3}'))
              , count(distinct network) - count(*)
       from t where server_ip is not null`,
    );
    // Every network well-formed and distinct (the key), every address too.
    assert.deepEqual(row.map(Number), [0, 8, 0, 0]);
  });

  it('writes a version in every row (mattermost: count_reported_versions >= 1 per server-day)', async (t) => {
    // dim_daily_server_info's accepted_range on count(distinct version_full) failed on server-days whose one
    // telemetry row had a sampled NULL version.
    const engine = await project(t, '  - name: raw\n    tables:\n      - name: server\n', {
      stg: "select user_id as server_id, split_part(version, '-', 1) as version_full, edition from {{ source('raw', 'server') }}\n",
    });
    const plan = planSynthetic(engine.project, { rows: 500, clean: false })[0];
    assert.ok(plan.sparseNulls);
    const [row] = await overValues(t, plan, 'select count(*) - count(version), count(*) - count(edition) from t');
    assert.equal(Number(row[0]), 0);
    // Other columns nothing requires keep their few NULLs.
    assert.ok(Number(row[1]) > 0);
  });
});
