// A query used as a value, `(SELECT DISTINCT col FROM t)` with nothing else, returns one row or fails (Snowflake:
// "If a scalar subquery returns more than one row, a runtime error is generated", Working with Subqueries): col holds
// one value in t. robling_product's inventory snapshot loads one business day's landing file, and DWH_F_INV_ILD_B's
// run_query looks that day up in the day dimension (`WHERE DAY_KEY = (SELECT DISTINCT EFF_START_DT FROM
// DW_TMP.TMP_F_INV_ILD_B)`), then reads `values()[0]` of the answer. `bronze sample --synthetic` spread the landing
// day over the window (the subquery failed), and DAY_KEY's name made it an id's text (no day to find).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneValueReads } from '../../client/src/sample/scalar-subqueries';
import { literalTableReads, undeclaredTableSources } from '../../client/src/sample/literal-tables';
import { planSynthetic } from '../../client/src/sample/plan';
import { queriesAskedByModels } from '../../client/src/sample/rendered';
import { kindFromName } from '../../client/src/sample/column-kinds';
import type { SourceNode } from '../../server/src/core/types';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';

describe('a query used as one value', () => {
  it('is read where a value stands, with the column compared with it, and not as a set or a table', () => {
    assert.deepEqual(oneValueReads('select a, b from dw.d_day where day_key = (select distinct eff_start_dt from tmp.inv)'), [
      { relation: { parts: ['tmp', 'inv'] }, column: 'eff_start_dt', distinct: true, partner: { relation: { parts: ['dw', 'd_day'] }, column: 'day_key', op: '=' } },
    ]);
    // Qualified by an alias; a ref() call; a function's argument; a comment says nothing.
    assert.deepEqual(
      oneValueReads("select * from {{ ref('f') }} as src join dw.d_day d on d.x = src.x where src.day = (select distinct t.d from {{ ref('tmp') }} t) -- (select distinct z from a.b)"),
      [{ relation: { ref: 'tmp' }, column: 'd', distinct: true, partner: { relation: { ref: 'f' }, column: 'day', op: '=' } }],
    );
    assert.deepEqual(oneValueReads('select to_date((select distinct v from ctl.params)) as d'), [{ relation: { parts: ['ctl', 'params'] }, column: 'v', distinct: true }]);
    // Without DISTINCT: the table holds one row (a current-period lookup), compared for order here.
    assert.deepEqual(oneValueReads('select * from dw.days t where t.day_key >= (select ty_start_dt from dw.curr_tim)'), [
      { relation: { parts: ['dw', 'curr_tim'] }, column: 'ty_start_dt', distinct: false, partner: { relation: { parts: ['dw', 'days'] }, column: 'day_key', op: '>=' } },
    ]);
    // Sets and tables: IN, EXISTS, a derived table, a CTE; and a subquery that picks its rows (WHERE) asks nothing of the table.
    for (const sql of [
      'select * from a.t where x in (select distinct y from s.u)',
      'select * from a.t where exists (select distinct y from s.u)',
      'select * from (select distinct y from s.u) q',
      'with q as (select distinct y from s.u) select * from q',
      'select * from a.t where x = (select distinct y from s.u where z = 1)',
    ]) {
      assert.deepEqual(oneValueReads(sql), [], sql);
    }
    // Unqualified beside a join: whose column it is is not read.
    assert.deepEqual(oneValueReads('select * from a.t join a.v on t.k = v.k where d = (select distinct y from s.u)'), [{ relation: { parts: ['s', 'u'] }, column: 'y', distinct: true }]);
    // A table's column list is no function's argument.
    assert.deepEqual(oneValueReads('insert into a.t (select y from s.u)'), []);
  });

  const FILES: Record<string, string> = {
    // Custom schemas are used as they are named (robling's generate_schema_name).
    'macros/schema.sql': '{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}\n',
    'models/sources.yml': 'version: 2\nsources:\n  - name: lnd\n    schema: lnd\n    tables:\n      - name: inv_file\n',
    // A staging view over the landing table (one business day's file), and a table over it.
    'models/stg_inv.sql': "{{ config(materialized='view', schema='stg') }}\nselect trim(il.itm_id) as itm_id, il.day_id as eff_start_dt, il.oh_qty as oh_qty\nfrom {{ source('lnd', 'inv_file') }} il",
    'models/tmp_inv.sql': "{{ config(materialized='table', schema='tmp') }}\nselect src.*, src.oh_qty * 2 as oh_double from {{ ref('stg_inv') }} src",
    // The day dimension is the warehouse's (nothing in the project makes it); another model reads it too.
    'models/month_days.sql': 'select day_key, mth_start_dt, mth_end_dt from dw.d_day',
    // A current-period lookup read whole as a value, beside a calendar view whose key only its name typed; days
    // subtracted from a week's start that DATEADD also reads.
    'models/recent_days.sql': 'select t.day_key, dateadd(day, -28, t.wk_start_dt) as lag_day, t.wk_start_dt - 1 as last_wk_end_dt from dw_v.d_day t where t.day_key >= (select ty_start_dt from dw_v.curr_tim)',
    // The month of the day the file holds, looked up in the dimension; the rows of that day.
    'models/f_inv.sql': `{% if execute %}
{% set mth = run_query("SELECT DISTINCT MTH_START_DT, DAY_KEY FROM DW.D_DAY WHERE DAY_KEY = (SELECT DISTINCT EFF_START_DT FROM TMP.TMP_INV)") %}
{% set mth_start = mth.columns[0].values()[0] %}
{% set curr_dt = mth.columns[1].values()[0] %}
{% set mth_end = run_query("SELECT DISTINCT MTH_END_DT FROM DW.D_DAY WHERE DAY_KEY = '" ~ curr_dt ~ "'").columns[0].values()[0] %}
{% endif %}
select src.*, to_date('{{ mth_start }}') as mth_start_dt, to_date('{{ mth_end }}') as mth_end_dt, to_date('{{ curr_dt }}') as curr_dt
from {{ ref('tmp_inv') }} src
where src.eff_start_dt = (select distinct eff_start_dt from tmp.tmp_inv)`,
  };

  it('holds one value in the source the table passes on, and the compared key holds each day of the window', async (t) => {
    const engine = await openTempProject(t, 'bronze-scalar-plan-', FILES);
    const p = engine.project;
    const nodes = undeclaredTableSources(p, literalTableReads(p, { database: 'local', schema: 'main' }));
    const project = { ...p, sources: new Map([...p.sources, ...nodes.map((n): [string, SourceNode] => [n.uniqueId, n])]) };
    const asked = await queriesAskedByModels(engine);
    const plans = planSynthetic(project, { rows: 40, clean: false, sourceIds: [...project.sources.keys()], asked });
    const day = plans.find((x) => x.label === 'lnd.inv_file')!.columns.find((c) => c.name.toLowerCase() === 'day_id')!;
    assert.deepEqual([day.kind, day.oneValue, day.notNull, day.dirty], ['date', true, true, false]);
    const dim = plans.find((x) => x.label === 'dw.d_day')!;
    const key = dim.columns.find((c) => c.name.toLowerCase() === 'day_key')!;
    assert.deepEqual([key.kind, key.dataType, key.everyDay], ['date', day.dataType, true]);
    // The calendar's month of the day: its first and last day.
    assert.deepEqual(
      dim.columns.filter((c) => c.periodOf).map((c) => [c.name.toLowerCase(), c.periodOf]),
      [
        ['mth_start_dt', { day: key.name, unit: 'month', edge: 'start' }],
        ['mth_end_dt', { day: key.name, unit: 'month', edge: 'end' }],
      ],
    );
    // Read whole as a value: one row; the key compared with it takes its type (not an id's text), and holds no
    // particular day (compared for order).
    const curr = plans.find((x) => x.label === 'dw_v.curr_tim')!;
    assert.equal(curr.rows, 1);
    const view = plans.find((x) => x.label === 'dw_v.d_day')!;
    const viewKey = view.columns.find((c) => c.name.toLowerCase() === 'day_key')!;
    assert.deepEqual([viewKey.kind, viewKey.everyDay], ['date', undefined]);
    // Days subtracted make the week's start a DATE, DATEADD's reading notwithstanding.
    assert.equal(view.columns.find((c) => c.name.toLowerCase() === 'wk_start_dt')?.dataType, 'DATE');
  });

  it("fills a model's unique_key in its source, unless the model drops the NULLs itself", async (t) => {
    const p = (
      await openTempProject(t, 'bronze-unique-key-', {
        'models/sources.yml': 'version: 2\nsources:\n  - name: lnd\n    schema: lnd\n    tables:\n      - name: items\n      - name: stores\n',
        'models/stg_items.sql': "select trim(i.item_id) as item_id, i.qty as qty from {{ source('lnd', 'items') }} i",
        'models/items.sql': "{{ config(materialized='incremental', unique_key=['item_id']) }}\nselect * from {{ ref('stg_items') }}",
        'models/stores.sql': "{{ config(materialized='incremental', unique_key='store_id') }}\nselect store_id, name from {{ source('lnd', 'stores') }} where store_id is not null",
      })
    ).project;
    const plans = planSynthetic(p, { rows: 20, clean: false });
    const column = (label: string, name: string) => plans.find((x) => x.label === label)!.columns.find((c) => c.name.toLowerCase() === name)!;
    assert.equal(column('lnd.items', 'item_id').notNull, true);
    assert.equal(column('lnd.stores', 'store_id').notNull, false);
  });

  it('asks the queries of the hooks of a model whose own SQL fails to render without a warehouse', async (t) => {
    const engine = await openTempProject(t, 'bronze-hooks-after-failure-', {
      'macros/batch.sql': `{% macro business_day() %}{{ return(run_query("select to_date(param_value) from ctl.params where param_name = 'CURR_DAY'").columns[0].values()[0]) }}{% endmacro %}
{% macro start_job(name) %}{% if execute %}{% set found = run_query("select job_id from ctl.jobs where script_name = '" ~ name ~ "'") %}{% endif %}{% endmacro %}`,
      'models/sources.yml': 'version: 2\nsources:\n  - name: lnd\n    schema: lnd\n    tables:\n      - name: items\n',
      'models/daily.sql': "{{ config(pre_hook=\"{{ start_job('daily_load') }}\") }}\nselect * from {{ source('lnd', 'items') }} where day = '{{ business_day() }}'",
    });
    const asked = await queriesAskedByModels(engine);
    assert.ok(asked.includes("select job_id from ctl.jobs where script_name = 'daily_load'"), JSON.stringify(asked));
  });

  it('reads a numbered measure or time by its stem', () => {
    assert.deepEqual(['F_FACT_QTY1', 'F_FACT_AMT10', 'ship_dt2', 'address1', 'utm_source2', 'id2'].map(kindFromName), ['integer', 'decimal', 'date', 'text', 'text', 'text']);
  });

  it('lets the run_query find its day: the model builds after bronze sample --synthetic', async (t) => {
    const engine = await openTempProject(t, 'bronze-scalar-cli-', FILES);
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '40', '--seed', '5']);
    assert.equal(sampled.code, 0, sampled.stderr);
    const built = await cli(['build', '--project-dir', dir, '-s', '+f_inv']);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli([
      'show', '--project-dir', dir, '--inline',
      "select count(*) as n, count(distinct curr_dt) as days, min(curr_dt = eff_start_dt) as same, min(mth_start_dt = date_trunc('month', curr_dt) and mth_end_dt = last_day(curr_dt)) as month from f_inv",
      '--output', 'json',
    ]);
    assert.match(shown.stdout, /"n": 40/i, shown.stdout + shown.stderr);
    assert.match(shown.stdout, /"days": 1/i, shown.stdout);
    assert.match(shown.stdout, /"same": true/i, shown.stdout);
    assert.match(shown.stdout, /"month": true/i, shown.stdout);
    const recent = await cli(['build', '--project-dir', dir, '-s', 'recent_days']);
    assert.equal(recent.code, 0, recent.stderr + recent.stdout);
  });
});
