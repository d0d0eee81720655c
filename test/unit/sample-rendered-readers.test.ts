// `sample --synthetic` reads a model's rendering where its template hides what it reads: a macro that writes the
// query and calls source() with a name it was given (pretium's `{{ zillow_research_fact_enriched('raw_rentals', …) }}`:
// 150 of its sources were left unsampled, 23 models failed on tables that do not exist), and columns named through
// `{{ adapter.quote('Year') }}` (created under exactly that name, as Snowflake holds a quoted identifier).
import assert from 'node:assert/strict';
import { it, type TestContext } from 'node:test';
import type { Engine } from '../../server/src/engine';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import { hidesSql, renderHidingReaders } from '../../client/src/sample/rendered';
import { singleColumnItem } from '../../client/src/sample/expression-origin';

const SOURCES =
  'version: 2\nsources:\n  - name: z\n    database: raw\n    schema: zillow\n    tables:\n      - name: raw_rentals\n      - name: raw_sales\n' +
  '  - name: ox\n    database: raw\n    schema: oxford\n    tables:\n      - name: wdmarco\n';

const project = (t: TestContext): Promise<Engine> =>
  openTempProject(t, 'bronze-sample-rendered-', {
    'models/src.yml': SOURCES,
    'macros/long.sql':
      "{% macro long_rows(raw_table, slug) %}\nwith src as (\n  select region_id, file_name, loaded_at from {{ source('z', raw_table) }}\n)\n" +
      "select region_id, upper(file_name) as metric_id, '{{ slug }}' as slug, loaded_at::date as batch_date from src where loaded_at is not null\n{% endmacro %}\n",
    'models/fact_rentals.sql': "{{ config(materialized='view') }}\n{{ long_rows('raw_rentals', 'rentals') }}\n",
    'models/fact_wdmarco.sql':
      "select try_cast({{ adapter.quote('Year') }} as int) as year_n, trim({{ adapter.quote('Indicator_code') }}) as code\n" +
      "from {{ source('ox', 'wdmarco') }}\nwhere {{ adapter.quote('Year') }} is not null\n",
    'models/plain.sql': "{{ config(materialized='table') }}\nselect region_id from {{ source('z', 'raw_sales') }} where {{ this }} is not null\n",
  });

it('says which templates may hide what they read', () => {
  assert.equal(hidesSql("{{ config(materialized='view') }}\nselect a from {{ source('x', 'y') }} join {{ ref('m') }} using (a) where {{ this }} is null"), false);
  assert.equal(hidesSql("{{ long_rows('raw_rentals', 'rentals') }}"), true);
  assert.equal(hidesSql("select {{ adapter.quote('Year') }} from {{ source('x', 'y') }}"), true);
  assert.equal(hidesSql("select {% for c in cols %}{{ c }}{% endfor %} from t"), true);
});

it("samples a source a macro reads with the name it was given, and a column read through adapter.quote under its own case", async (t) => {
  const engine = await project(t);
  const ids = ['source.p.z.raw_rentals', 'source.p.z.raw_sales', 'source.p.ox.wdmarco'];
  // The macro's source() call is a dependency of the model (dbt's parse-time render records it).
  assert.ok(engine.project.models.get('model.p.fact_rentals')!.dependsOn.nodes.includes('source.p.z.raw_rentals'));
  const rendered = await renderHidingReaders(engine, ids);
  // `plain` shows all it reads: not rendered.
  assert.deepEqual([...rendered.keys()].sort(), ['model.p.fact_rentals', 'model.p.fact_wdmarco']);
  // Without the rendering, nothing says what raw_rentals holds.
  assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.z.raw_rentals'), []);
  const skipped: string[] = [];
  const plans = planSynthetic(engine.project, { rows: 10, clean: true, sourceIds: ids, rendered, onSkip: (e) => skipped.push(e.message) });
  assert.deepEqual(skipped, []);
  const columns = (table: string) => plans.find((p) => p.relation.identifier.toLowerCase() === table)!.columns.map((c) => [c.name, c.quoted]);
  assert.deepEqual(columns('raw_rentals'), [['region_id', false], ['file_name', false], ['loaded_at', false]]);
  assert.deepEqual(columns('wdmarco'), [['Year', true], ['Indicator_code', true]]);
  const loaded = plans.find((p) => p.relation.identifier.toLowerCase() === 'raw_rentals')!.columns.find((c) => c.name === 'loaded_at')!;
  assert.equal(loaded.dataType, 'TIMESTAMP_NTZ');
});

it('a not_null on a model column binds the source column the final select renames, past a CTE item a macro prints under that name', async (t) => {
  // pretium's geography_index: `{{ normalize_cybersyn_geo_id('s.geo_id_raw') }} as geo_id` in a CTE, then
  // `geo_id as GEO_ID` (tested not_null): the masked macro call was taken for the column, the test bound nothing, the
  // source's geo_id got NULLs and 35 models downstream were skipped.
  assert.deepEqual(singleColumnItem("with j as (select {{ norm('s.raw_id') }} as geo_id from s) select geo_id as GEO_ID from j", 'GEO_ID'), { column: 'geo_id', paths: [], bare: true });
  const engine = await openTempProject(t, 'bronze-sample-rendered-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: cy\n    tables:\n      - name: geography_index\n',
    'macros/norm.sql': "{% macro norm(col) %}trim(case when {{ col }} ilike 'geoId/%' then replace({{ col }}, 'geoId/', '') else trim({{ col }}) end){% endmacro %}\n",
    'models/geography_index.sql':
      "with src as (select trim(src.geo_id) as geo_id_raw, trim(src.geo_name) as geo_name from {{ source('cy', 'geography_index') }} as src),\n" +
      "joined as (select {{ norm('s.geo_id_raw') }} as geo_id, s.geo_name from src as s)\nselect geo_id as GEO_ID, geo_name as GEO_NAME from joined\n",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: geography_index\n    columns:\n      - name: GEO_ID\n        tests: [not_null]\n',
  });
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: false });
  assert.deepEqual(plan.columns.map((c) => [c.name, c.notNull]), [['geo_id', true], ['geo_name', false]]);
});

it("a rendered join settles an unqualified name as a template's does: a column the other relation declares is not the source's", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-rendered-', {
    'models/src.yml':
      'version: 2\nsources:\n  - name: z\n    tables:\n      - name: raw_a\n      - name: raw_b\n        columns:\n          - name: region_id\n          - name: status\n            data_type: varchar\n',
    'macros/joined.sql': "{% macro joined(raw) %}select a.region_id, a.size_rank, status from {{ source('z', raw) }} a join {{ source('z', 'raw_b') }} b on a.region_id = b.region_id{% endmacro %}\n",
    'models/m.sql': "{{ joined('raw_a') }}\n",
  });
  const ids = ['source.p.z.raw_a', 'source.p.z.raw_b'];
  const rendered = await renderHidingReaders(engine, ids);
  assert.deepEqual([...rendered.keys()], ['model.p.m']);
  // STATUS is raw_b's: given to raw_a too, DuckDB would find it ambiguous where Snowflake finds one.
  assert.deepEqual(columnsReadFromSource(engine.project, 'source.p.z.raw_a', rendered).map((c) => c.name).sort(), ['region_id', 'size_rank']);
});

it("a rendering adds the columns the template hides, not its macro's uses of those it shows (museum's hashdiff CASTs each column to VARCHAR)", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-rendered-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: sessions\n',
    'macros/hashdiff.sql': "{% macro hashdiff(columns) %}md5(concat_ws('||', {% for c in columns %}coalesce(cast({{ c }} as varchar), '^'){{ ',' if not loop.last }}{% endfor %})){% endmacro %}\n",
    'models/stg_sessions.sql': "select session_id, event_count + 0 as event_count, is_new_user, {{ hashdiff(['session_id', 'event_count', 'is_new_user', 'page_path']) }} as hashdiff\nfrom {{ source('raw', 'sessions') }}\n",
  });
  const id = 'source.p.raw.sessions';
  const rendered = await renderHidingReaders(engine, [id]);
  assert.deepEqual([...rendered.keys()], ['model.p.stg_sessions']);
  const types = Object.fromEntries(columnsReadFromSource(engine.project, id, rendered).map((c) => [c.name, c.dataType]));
  // event_count's arithmetic types it, is_new_user's name will; page_path only the hashing macro reads (a new column).
  assert.deepEqual(Object.keys(types).sort(), ['event_count', 'is_new_user', 'page_path', 'session_id']);
  assert.notEqual(types.event_count, 'VARCHAR');
  assert.equal(types.is_new_user, undefined);
});
