// Tables a model finds by listing a schema that the project declares nowhere (mattermost's Rudderstack unions:
// the listing leaves out the declared tracks/users, or keeps only a table it names). `bronze sample --synthetic`
// writes a table the listing keeps, with the columns read downstream of the union, and says so; a listing whose
// own filters keep no name stays empty, and the build names the bare WITH the union renders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SAMPLED_TABLE_NAME, comparedLiterals, tablesListingsNeed } from '../../client/src/sample/listed-tables';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';

const FILES: Record<string, string> = {
  // The project's own listing macro: every table of a schema but the Rudderstack ones it never unions, less or only
  // the names a model passes; then a union of what it found (nothing found: a bare WITH, as mattermost's renders).
  'macros/events.sql': `{% macro event_relations(schema, database='raw', exclusions='', inclusions='') %}
  {%- call statement('tables', fetch_result=True) -%}
    select table_schema, table_name from {% if database %}{{ database }}.{% endif %}information_schema.tables
    where table_schema ilike '{{ schema }}'
      and table_name not in ('TRACKS', 'USERS')
      {%- if exclusions %} and lower(table_name) not in ({{ exclusions }}){% endif %}
      {%- if inclusions %} and lower(table_name) in ({{ inclusions }}){% endif %}
  {%- endcall -%}
  {%- set found = [] -%}
  {%- for row in load_result('tables')['table'] -%}
    {%- do found.append(api.Relation.create(database=database, schema=row[0], identifier=row[1])) -%}
  {%- endfor -%}
  {{ return(found) }}
{% endmacro %}

{% macro union_events(relations) %}
with
{% for r in relations %}t{{ loop.index }} as (select '{{ r.identifier }}' as event_table, * from {{ r }}){% if not loop.last %},{% endif %}
{% endfor %}
{% for r in relations %}select * from t{{ loop.index }}{% if not loop.last %} union all {% endif %}{% endfor %}
{% endmacro %}
`,
  'models/sources.yml': `version: 2
sources:
  - name: app_mobile
    database: raw
    tables:
      - name: tracks
      - name: users
  - name: app_docs
    database: raw
    tables:
      - name: tracks
  - name: app_web
    database: raw
    tables:
      - name: tracks
  - name: app_ios
    tables:
      - name: users
`,
  // Keeps any name but the declared ones and api_ping: the sampler names the table.
  'models/mobile_events.sql': "{{ union_events(event_relations('app_mobile', exclusions=\"'api_ping'\")) }}\n",
  'models/mobile_daily.sql':
    "select user_id, cast(received_at as date) as day, count(*) as events, sum(amount) as amount\nfrom {{ ref('mobile_events') }}\nwhere amount > 0\ngroup by 1, 2\n",
  // Lists the session's database (INFORMATION_SCHEMA named alone).
  'models/ios_events.sql': "{{ union_events(event_relations('app_ios', database=none)) }}\nwhere amount > 0\n",
  // Keeps only the table it names.
  'models/docs_feedback.sql': "{{ union_events(event_relations('app_docs', inclusions=\"'feedback_submitted'\")) }}\n",
  'models/docs_scores.sql': "select event_table, rating * 2 as doubled from {{ ref('docs_feedback') }}\n",
  // Keeps no name at all: it finds nothing on Snowflake too.
  'models/web_events.sql': "{{ union_events(event_relations('app_web', inclusions=\"'pageview'\", exclusions=\"'pageview'\")) }}\n",
  // Lists the schema another target builds a model into (dbt's default generate_schema_name: main_web_out here).
  'models/page_events.sql': "{{ config(schema='web_out') }}\nselect 1 as page_id\n",
  'models/all_pages.sql': "{{ union_events(event_relations('web_out', database=target.database, inclusions=\"'page_events'\")) }}\n",
  // Lists the schema the project builds into: its own output, never filled.
  'models/own_tables.sql': "{{ union_events(event_relations(target.schema, database=target.database, inclusions=\"'made_by_hand'\")) }}\n",
};

describe('tables a listing keeps where it keeps none the project declares', () => {
  it('reads the literals a query compares a column with', () => {
    const sql = "where table_schema ilike 'app' and lower(table_name) not in ('a', 'b''c') and table_name like 'EV_%' and t.table_name = 'x' and table_type = 'BASE TABLE'";
    assert.deepEqual(comparedLiterals(sql, 'table_name'), ['a', "b'c", 'EV_%', 'x']);
    assert.deepEqual(comparedLiterals(sql, 'table_schema'), ['app']);
  });

  it('runs each listing on the declared tables, then on the names its filters give or the sampler\'s', async (t) => {
    const engine = await openTempProject(t, 'bronze-listing-gaps-', FILES);
    const found = await tablesListingsNeed(engine, [...engine.project.sources.values()], 20);
    assert.deepEqual(
      found.map((x) => [Object.values(x.relation).join('.'), x.listers.map((id) => id.split('.').pop()), x.named, x.leftOut]),
      [
        [`LOCAL.APP_IOS.${SAMPLED_TABLE_NAME}`, ['ios_events'], false, ['USERS']],
        ['LOCAL.WEB_OUT.PAGE_EVENTS', ['all_pages'], true, []],
        ['RAW.APP_DOCS.FEEDBACK_SUBMITTED', ['docs_feedback'], true, ['TRACKS']],
        [`RAW.APP_MOBILE.${SAMPLED_TABLE_NAME}`, ['mobile_events'], false, ['TRACKS', 'USERS']],
      ],
    );
  });

  it('are written by bronze sample --synthetic, which says so; the unions and their consumers build, the empty listing still fails by name', async (t) => {
    const engine = await openTempProject(t, 'bronze-listing-gaps-cli-', FILES);
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '20', '--seed', '3']);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /table RAW\.APP_MOBILE\.BRONZE_SYNTHETIC \(a name the sampler chose; its filters keep it\) stands for the tables mobile_events finds by listing RAW\.APP_MOBILE, where it leaves out the 2 the project declares there \(TRACKS, USERS\)/);
    assert.match(sampled.stderr, /table RAW\.APP_DOCS\.FEEDBACK_SUBMITTED \(a name its filters keep\) stands for the tables docs_feedback finds by listing RAW\.APP_DOCS/);
    assert.match(sampled.stderr, /table LOCAL\.WEB_OUT\.PAGE_EVENTS \(a name its filters keep: model page_events's table as another target builds it\) stands for the tables all_pages finds by listing LOCAL\.WEB_OUT, where the project declares no table there/);
    assert.match(sampled.stderr, /sampled app_mobile\.bronze_synthetic → "RAW"\."APP_MOBILE"\."BRONZE_SYNTHETIC": 20 rows/);
    assert.doesNotMatch(sampled.stderr, /APP_WEB\.(?!TRACKS)|own_tables/);
    const built = await cli(['build', '--project-dir', dir, '--output', 'json']);
    const results = new Map<string, string>();
    for (const r of (JSON.parse(built.stdout) as { results: Array<{ unique_id: string; status: string; message?: string }> }).results) results.set(r.unique_id.split('.').pop()!, `${r.status} ${r.message ?? ''}`);
    for (const ok of ['mobile_events', 'mobile_daily', 'docs_feedback', 'docs_scores', 'ios_events']) assert.match(results.get(ok) ?? '', /^success/, `${ok}: ${results.get(ok)}`);
    assert.match(results.get('web_events') ?? '', /^error .*compiled to a WITH clause with no query after it/);
    assert.match(results.get('own_tables') ?? '', /^error .*compiled to a WITH clause with no query after it/);
    const shown = await cli(['show', '--project-dir', dir, '--inline', 'select count(*) as n, min(event_table) as t from docs_feedback', '--output', 'json']);
    assert.match(shown.stdout, /"N": 20/i, shown.stdout + shown.stderr);
    assert.match(shown.stdout, /FEEDBACK_SUBMITTED/, shown.stdout);
  });
});
