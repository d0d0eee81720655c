// bronze sample --synthetic for tables no model names: event tables a model finds by listing their schema.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../../server/src/engine';
import { kindredListers, listingMacros, macroBody, modelsListingSources, namesSchema } from '../../client/src/sample/introspection';
import { planSynthetic } from '../../client/src/sample/plan';
import { columnsReadDownstreamOf } from '../../client/src/sample/usage';
import { starUnionGroups, unionKin } from '../../client/src/sample/star-union';
import { openTempProject } from '../helpers/temp-project';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'sample-listed-events');

describe('models that list a schema', () => {
  it('finds the listing macros through the macros that call them, one macro block at a time', async () => {
    const engine = await Engine.open({ projectDir: FIXTURE, cliVars: {} });
    const macros = listingMacros(engine.project);
    assert.ok(macros.has('event_tables_sql'), 'queries information_schema');
    assert.ok(macros.has('list_event_tables'), 'calls event_tables_sql');
    assert.ok(!macros.has('not_listing'), 'shares the file, lists nothing');
    assert.ok(!macros.has('union_tables'));
    const notListing = [...engine.project.macros.values()].find((m) => m.name === 'not_listing')!;
    assert.equal(macroBody(notListing).trim(), '{% macro not_listing(x) %}select {{ x }}');
  });

  it('reads a schema name, or a LIKE pattern, from a string literal', () => {
    assert.ok(namesSchema('APP_PROD', 'app_prod'));
    assert.ok(namesSchema('app_%', 'app_prod'));
    assert.ok(!namesSchema('%', 'app_prod'), 'a bare wildcard names no schema in particular');
    assert.ok(!namesSchema('app', 'app_prod'));
  });

  it('takes the listing models as readers of every table of the schema they name', async () => {
    const engine = await Engine.open({ projectDir: FIXTURE, cliVars: {} });
    const listings = modelsListingSources(engine.project, [...engine.project.sources.values()]);
    const names = (id: string) => (listings.bySource.get(id) ?? []).map((m) => m.name);
    assert.deepEqual(names('source.sample_listed_events.app.clicked'), ['base_events']);
    assert.deepEqual(names('source.sample_listed_events.app.tracks'), ['base_events'], 'what the macro filters out is not known before it runs');
    assert.deepEqual(names('source.sample_listed_events.app_qa.opened'), ['qa_events']);
    assert.deepEqual([...listings.listers.keys()].map((m) => m.name).sort(), ['base_events', 'qa_events'], 'not_listing only names the schema');
    const qa = listings.bySource.get('source.sample_listed_events.app_qa.opened')!;
    assert.deepEqual(kindredListers(listings, qa).map((m) => m.name).sort(), ['base_events', 'qa_events']);
  });

  it('reads what the union\'s consumers take from it, through dbt_utils.star, typed by use', async () => {
    const engine = await Engine.open({ projectDir: FIXTURE, cliVars: {} });
    const base = [...engine.project.models.values()].find((m) => m.name === 'base_events')!;
    assert.deepEqual(
      columnsReadDownstreamOf(engine.project, [base]).map((c) => [c.name, c.dataType ?? null]),
      [['id', null], ['event', null], ['received_at', 'TIMESTAMP_NTZ'], ['count_items', 'NUMBER(18,2)']],
    );
  });
});

describe('synthetic plan for listed tables', () => {
  it('plans every table of a listed schema with the union consumers\' columns; a union nobody reads takes its kin\'s', async () => {
    const engine = await Engine.open({ projectDir: FIXTURE, cliVars: {} });
    const skipped: string[] = [];
    const plans = planSynthetic(engine.project, { rows: 10, clean: true, onSkip: (e) => skipped.push(e.message) });
    assert.deepEqual(skipped, []);
    assert.deepEqual(plans.map((p) => p.label).sort(), ['app.clicked', 'app.signed_up', 'app.tracks', 'app_qa.opened']);
    for (const p of plans) {
      assert.deepEqual(p.columns.map((c) => [c.name, c.dataType, c.origin]), [
        ['id', 'VARCHAR', 'models'],
        ['event', 'VARCHAR', 'models'],
        ['received_at', 'TIMESTAMP_NTZ', 'models'],
        ['count_items', 'NUMBER(18,2)', 'models'],
      ], p.label);
    }
  });
});

describe('sources a model star-UNIONs', () => {
  const STAR_FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'sample-star-union');

  it('groups the sources of star() branches of a UNION, through a model that stars one source', async () => {
    const engine = await Engine.open({ projectDir: STAR_FIXTURE, cliVars: {} });
    const groups = starUnionGroups(engine.project);
    const group = ['source.star_union.hist.base_events', 'source.star_union.live.event'];
    assert.deepEqual(Object.fromEntries(groups), Object.fromEntries(group.map((id) => [id, group])));
  });

  it('gives every source of the group one column list, in one order (a UNION is by position)', async () => {
    const engine = await Engine.open({ projectDir: STAR_FIXTURE, cliVars: {} });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const columns = plans.map((p) => [p.label, p.columns.map((c) => [c.name, c.dataType])]);
    const shared = [
      ['received_at', 'TIMESTAMP_NTZ'],
      ['id', 'VARCHAR'],
      ['event_name', 'VARCHAR'],
      ['user_id', 'VARCHAR'],
    ];
    assert.deepEqual(columns, [
      ['hist.base_events', shared],
      ['live.event', shared],
    ]);
  });
});

describe('sources whose rows meet in a UNION', () => {
  // mattermost_analytics' grp_performance_events: the RC event table (columns undeclared) through its staging model,
  // UNIONed with the production one (declared) through a merge of its history and its delta.
  const files = (union: boolean): Record<string, string> => ({
    'models/sources.yml':
      'version: 2\nsources:\n  - name: rc\n    tables:\n      - name: event\n  - name: hist\n    tables:\n      - name: base_events\n' +
      '  - name: live\n    tables:\n      - name: event\n        columns:\n          - name: id\n            data_type: varchar\n' +
      '          - name: screen_density\n            data_type: number\n          - name: fresh\n            data_type: boolean\n',
    'models/delta.sql': "select {{ dbt_utils.star(from=source('live', 'event')) }} from {{ source('live', 'event') }}\n",
    'models/merged.sql':
      "select {{ dbt_utils.star(from=source('hist', 'base_events')) }} from {{ source('hist', 'base_events') }}\nunion all\n" +
      "select {{ dbt_utils.star(from=ref('delta')) }} from {{ ref('delta') }}\n",
    'models/stg_rc.sql': "select id, screen_density, fresh from {{ source('rc', 'event') }}\n",
    'models/stg_prod.sql': "select id, screen_density, fresh from {{ ref('merged') }}\n",
    // A join passes no one source's rows: the source it joins is no branch's.
    'models/with_users.sql': "select e.id, u.screen_density from {{ ref('stg_prod') }} e join {{ source('hist', 'users') }} u on u.id = e.id\n",
    'models/grp.sql': union
      ? "select 'rc' as src, {{ dbt_utils.star(ref('stg_rc')) }} from {{ ref('stg_rc') }}\nunion all\n" +
        "select 'prod' as src, {{ dbt_utils.star(ref('with_users')) }} from {{ ref('with_users') }}\nunion all\n" +
        "select 'prod' as src, {{ dbt_utils.star(ref('stg_prod')) }} from {{ ref('stg_prod') }}\n"
      : "select * from {{ ref('stg_rc') }}\n",
  });

  it('finds them through staging models, stars and a nested UNION, not through a join', async (t) => {
    const engine = await openTempProject(t, 'bronze-union-kin-', { ...files(true), 'models/users.yml': 'version: 2\nsources:\n  - name: hist\n    tables:\n      - name: users\n' });
    const kin = unionKin(engine.project);
    assert.deepEqual([...(kin.get('source.p.rc.event') ?? [])].sort(), ['source.p.hist.base_events', 'source.p.live.event']);
    assert.equal(kin.get('source.p.hist.users'), undefined);
  });

  it('types a column the models leave untyped as the declared column it meets in the UNION', async (t) => {
    const typesOf = async (union: boolean): Promise<string[][]> => {
      const engine = await openTempProject(t, 'bronze-union-kin-', files(union));
      const plans = planSynthetic(engine.project, { rows: 10, clean: true, onSkip: () => {} });
      return plans.find((p) => p.label === 'rc.event')!.columns.map((c) => [c.name, c.dataType]);
    };
    assert.deepEqual(await typesOf(true), [['id', 'varchar'], ['screen_density', 'number'], ['fresh', 'boolean']]);
    assert.deepEqual(await typesOf(false), [['id', 'VARCHAR'], ['screen_density', 'VARCHAR'], ['fresh', 'VARCHAR']], 'no UNION: typed by name alone');
  });
});

describe('tests on what a listing model or a union_relations passes through', () => {
  // mattermost's dim_events: `select distinct … event_name` over dbt_utils.union_relations of staging models, each
  // renaming event_text from a model that unions the event tables it finds by listing their schema.
  const files: Record<string, string> = {
    'macros/list.sql':
      "{% macro list_event_tables(schema) %}{%- set rows = run_query(\"select table_name from information_schema.tables where table_schema ilike '\" ~ schema ~ \"'\") -%}" +
      '{{ return(rows) }}{% endmacro %}\n' +
      '{% macro union_tables(relations) %}{% for r in relations %}select * from {{ r }}{% if not loop.last %} union all {% endif %}{% endfor %}{% endmacro %}\n',
    'models/sources.yml':
      'version: 2\nsources:\n  - name: app\n    schema: app_prod\n    tables:\n      - name: clicked\n      - name: signed_up\n' +
      '  - name: other\n    tables:\n      - name: things\n',
    'models/base_events.sql': "{{ union_tables(list_event_tables('app_prod')) }}\n",
    'models/stg_events.sql': "select id as event_id, event_text as event_name from {{ ref('base_events') }}\n",
    'models/stg_things.sql': "select id as event_id, label as event_name from {{ source('other', 'things') }}\n",
    'models/all_events.sql': "{{ dbt_utils.union_relations(relations=[ref('stg_events'), ref('stg_things')]) }}\n",
    'models/dim_events.sql': "select distinct event_id, event_name from {{ ref('all_events') }}\n",
    'models/marts.yml': 'version: 2\nmodels:\n  - name: dim_events\n    columns:\n      - name: event_name\n        tests:\n          - not_null\n',
  };

  it('binds the test to every listed table and every union_relations branch', async (t) => {
    const engine = await openTempProject(t, 'bronze-listed-tests-', files);
    const plans = planSynthetic(engine.project, { rows: 10, clean: false, onSkip: () => {} });
    const notNull = (table: string, column: string): boolean | undefined => plans.find((p) => p.label === table)?.columns.find((c) => c.name === column)?.notNull;
    assert.equal(notNull('app.clicked', 'event_text'), true);
    assert.equal(notNull('app.signed_up', 'event_text'), true);
    assert.equal(notNull('other.things', 'label'), true);
  });

  it('follows a listing model that also unions a model (mattermost base_mm_telemetry_prod__tracks), and a UNION beside a source', async (t) => {
    const engine = await openTempProject(t, 'bronze-listed-tests-', {
      ...files,
      'models/sources.yml': files['models/sources.yml'] + '  - name: hist\n    tables:\n      - name: events\n      - name: delta\n',
      'models/base_events.sql': "{{ dbt_utils.union_relations(relations=list_event_tables('app_prod') + [ref('merged')]) }}\n",
      'models/delta.sql': "select id, event_text from {{ source('hist', 'delta') }}\n",
      'models/merged.sql': "select id, event_text from {{ source('hist', 'events') }}\nunion all\nselect id, event_text from {{ ref('delta') }}\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: false, onSkip: () => {} });
    const notNull = (table: string): boolean | undefined => plans.find((p) => p.label === table)?.columns.find((c) => c.name === 'event_text')?.notNull;
    assert.deepEqual(['app.clicked', 'hist.events', 'hist.delta'].map(notNull), [true, true, true]);
  });
});
