// Tables a project's own macros read by a written-out name that nothing in the project creates: a batch framework's
// control tables (robling_product's `get_business_date()` runs `select to_date(param_value) … from
// DW_DWH_V.V_DWH_C_PARAM where param_name = 'CURR_DAY'` and takes `values()[0]`; every staging view calls it). On
// Snowflake they exist in the warehouse; `bronze sample --synthetic` writes them as it writes a table a model reads by
// name (literal-tables.ts), with the columns the macros' queries read, and the key a macro looks a row up by among
// the key column's values. And a source() whose source name the template computes (`source(src_name, 'orders')`) is
// read as the source the parse resolved it to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { literalTableReads, macroOnlyTables, undeclaredTableSources } from '../../client/src/sample/literal-tables';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import { queriesAskedByModels } from '../../client/src/sample/rendered';
import type { ProjectModel, SourceNode } from '../../server/src/core/types';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';

const FILES: Record<string, string> = {
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: orders\n  - name: raw_chg\n    schema: raw_chg\n    tables:\n      - name: orders\n',
  'macros/control.sql': `{% macro business_day() %}
  {% set query %}
    -- the day the batch loads
    select to_date(param_value) as curr_day from ctl_v.params where param_name = 'CURR_DAY'
  {% endset %}
  {% set result = run_query(query) %}
  {% if execute %}{{ return(result.columns[0].values()[0]) }}{% endif %}
{% endmacro %}

{% macro job_id(name) %}
  {% set result = run_query("select job_id from ctl_v.jobs where lower(job_name) = lower('" ~ name ~ "') and status = '{{ name }}'") %}
  {% set q %}select job_id from ctl_v.jobs where job_name = '{{ name }}'{% endset %}
{% endmacro %}

{% macro make_audit() %}
  {% set q %}create table if not exists ctl.audit (x int){% endset %}
  {% set r %}select x from ctl.audit{% endset %}
  {% set t %}select y from {{ target.database }}.ctl.jinja_named{% endset %}
{% endmacro %}
`,
  // The source name is chosen by a macro of the project: the parse resolves it to raw (no warehouse: not the day).
  'models/orders.sql': `{% set day = business_day() | string %}
{% set src = 'raw_chg' if day == '2023-12-28' else 'raw' %}
select trim(o.order_id) as order_id, o.amount * 2 as doubled, '{{ day }}' as loaded_for from {{ source(src, 'orders') }} o`,
};

function withTables(p: ProjectModel): { project: ProjectModel; nodes: SourceNode[] } {
  const nodes = undeclaredTableSources(p, literalTableReads(p, { database: 'local', schema: 'main' }));
  return { project: { ...p, sources: new Map([...p.sources, ...nodes.map((n): [string, SourceNode] => [n.uniqueId, n])]) }, nodes };
}

describe("tables the project's macros read by name", () => {
  it('are found in the SQL the macros print, and not when a macro creates them or Jinja names them', async (t) => {
    const p = (await openTempProject(t, 'bronze-macro-tables-', FILES)).project;
    const tables = literalTableReads(p, { database: 'local', schema: 'main' });
    assert.deepEqual(
      tables.map((x) => [x.name, Object.values(x.relation).join('.'), x.readers]),
      [
        ['ctl_v.jobs', 'LOCAL.CTL_V.JOBS', ['macro.p.job_id']],
        ['ctl_v.params', 'LOCAL.CTL_V.PARAMS', ['macro.p.business_day']],
      ],
    );
  });

  it('are planned with the columns the queries read, the looked-up key holding the literal it is compared with', async (t) => {
    const { project: p, nodes } = withTables((await openTempProject(t, 'bronze-macro-tables-', FILES)).project);
    const params = nodes.find((n) => n.name === 'params')!;
    assert.deepEqual(
      columnsReadFromSource(p, params.uniqueId).map((c) => [c.name, c.textOf ?? c.dataType ?? null, c.lookedUp ?? null]),
      [
        ['param_value', 'date', null],
        ['param_name', 'VARCHAR', ['CURR_DAY']],
      ],
    );
    // A masked Jinja literal (`'{{ name }}'`) says nothing of the values.
    const jobs = nodes.find((n) => n.name === 'jobs')!;
    assert.deepEqual(
      columnsReadFromSource(p, jobs.uniqueId).map((c) => [c.name, c.lookedUp ?? null]),
      [
        ['job_id', null],
        ['job_name', null],
      ],
    );
    const plans = planSynthetic(p, { rows: 10, clean: true, sourceIds: nodes.map((n) => n.uniqueId) });
    const planned = plans.find((x) => x.label === 'ctl_v.params')!;
    assert.deepEqual(planned.columns.find((c) => c.name === 'param_name')?.accepted, ['CURR_DAY']);
  });

  it('a parameter table only macros read, looked up by name, holds one row per name, its date the newest day of the window', async (t) => {
    const original = (await openTempProject(t, 'bronze-macro-tables-', FILES)).project;
    const { project: p, nodes } = withTables(original);
    const templateOnly = macroOnlyTables(literalTableReads(original, { database: 'local', schema: 'main' }), nodes);
    const plans = planSynthetic(p, { rows: 10, clean: true, sourceIds: nodes.map((n) => n.uniqueId), templateOnly });
    const params = plans.find((x) => x.label === 'ctl_v.params')!;
    assert.equal(params.rows, 1);
    const [value, name] = ['param_value', 'param_name'].map((n) => params.columns.find((c) => c.name === n)!);
    assert.equal(name.unique, true);
    assert.equal(value.oneValue, true);
    // The day it prints as text is the anchor's, which date columns of the facts hold too (sql.ts).
    const insert = syntheticInsert(params, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() });
    assert.match(insert, /DATE '2026-01-01'/);
    // A table looked up by no literal (`'{{ name }}'` is masked) is no parameter table: its rows stay as many as asked.
    const jobs = plans.find((x) => x.label === 'ctl_v.jobs')!;
    assert.equal(jobs.rows, 10);
  });

  it('sample: the business day a macro reads as values()[0] is the one day the parameter table holds', async (t) => {
    const engine = await openTempProject(t, 'bronze-macro-params-cli-', { 'models/sources.yml': FILES['models/sources.yml'], 'macros/control.sql': FILES['macros/control.sql'], 'models/orders.sql': FILES['models/orders.sql'] });
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '20', '--seed', '3', '--anchor', '2026-03-01']);
    assert.match(sampled.stderr, /sampled ctl_v\.params → .*: 1 rows/, sampled.stderr);
    const shown = await cli(['show', '--project-dir', dir, '--inline', "select count(*) as n, min(to_date(param_value)) as d from ctl_v.params where param_name = 'CURR_DAY'", '--output', 'json']);
    assert.match(shown.stdout, /"N": 1\b/i, shown.stdout + shown.stderr);
    assert.match(shown.stdout, /"D": "2026-03-01/i, shown.stdout + shown.stderr);
  });

  it("hold the columns the project's own tests read from them, in SQL a test's YAML config hands its macro", async (t) => {
    // robling's run_custom_sql_checks bounds a fact by `EFF_START_DT BETWEEN (SELECT CURR_MTH_START_DT FROM
    // DW_DWH.DWH_D_CURR_TIM_LU) AND …`, a where_condition in a model's YAML; a macro reads the table for another column.
    const engine = await openTempProject(t, 'bronze-macro-tables-tests-', {
      'macros/calendar.sql': [
        "{% macro curr_day() %}{% set q %}select curr_day from ctl.curr_tim{% endset %}{% if execute %}{% set r = run_query(q) %}{{ return(r.columns[0].values()[0] if r.rows | length > 0 else '2026-01-01') }}{% endif %}{% endmacro %}",
        // A test whose rendering asks the warehouse first (offline: no compiled SQL to read), its condition in config.
        '{% test rows_in_period(model) %}',
        '{% set d = curr_day() %}',
        "select * from {{ model }} where {{ config.get('where_condition') }} and eff_start_dt <= '{{ d }}' and 1 = 0",
        '{% endtest %}',
        '',
      ].join('\n'),
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: stock\n',
      'models/days.sql': "select to_date('{{ curr_day() }}') as eff_start_dt, s.qty from {{ source('raw', 'stock') }} s\n",
      'models/days.yml': [
        'version: 2',
        'models:',
        '  - name: days',
        '    data_tests:',
        '      - rows_in_period:',
        '          config:',
        '            where_condition: eff_start_dt between (select curr_mth_start_dt from ctl.curr_tim) and (select curr_mth_end_dt from ctl.curr_tim)',
        '',
      ].join('\n'),
    });
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '5', '--seed', '1']);
    assert.match(sampled.stderr, /sampled ctl\.curr_tim/, sampled.stderr);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 0, built.stderr + built.stdout);
  });

  it("do not take a name a subquery reads from its own FROM", async (t) => {
    // robling's DWH_F_INV_ILD_B asks `SELECT DISTINCT MTH_START_DT, MTH_END_DT, DAY_KEY FROM DW_DWH.DWH_D_TIM_DAY_LU
    // WHERE DAY_KEY = (SELECT DISTINCT EFF_START_DT FROM DW_TMP.TMP_F_INV_ILD_B)`: the day dimension was sampled with
    // EFF_START_DT, and a compression check joining it beside the inventory table found EFF_START_DT ambiguous.
    const files = {
      'macros/check.sql': [
        '{% macro month_of_load() %}',
        '{% set m %}select distinct mth_start_dt, day_key from ctl.days d where day_key = (select distinct eff_start_dt from dw.tmp_inv)',
        '  and d.mth_key in (select k.mth_key from ctl.keys k where k.flag = d.flag){% endset %}',
        '{% endmacro %}',
        '',
      ].join('\n'),
    };
    const { project: p, nodes } = withTables((await openTempProject(t, 'bronze-macro-tables-nested-', files)).project);
    const days = nodes.find((n) => n.name === 'days')!;
    // (Its own alias qualifies what a correlated subquery reads of it: d.flag.)
    assert.deepEqual(columnsReadFromSource(p, days.uniqueId).map((c) => c.name).sort(), ['day_key', 'flag', 'mth_key', 'mth_start_dt']);
  });

  it("read a computed source name's columns from the source the parse resolved", async (t) => {
    const p = (await openTempProject(t, 'bronze-macro-tables-', FILES)).project;
    const orders = [...p.sources.values()].find((s) => s.sourceName === 'raw' && s.name === 'orders')!;
    assert.deepEqual(
      columnsReadFromSource(p, orders.uniqueId).map((c) => c.name).sort(),
      ['amount', 'order_id'],
    );
  });

  it('are written by bronze sample --synthetic, and the model whose macro reads them builds', async (t) => {
    const engine = await openTempProject(t, 'bronze-macro-tables-cli-', { 'models/sources.yml': FILES['models/sources.yml'], 'macros/control.sql': FILES['macros/control.sql'], 'models/orders.sql': FILES['models/orders.sql'] });
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '20', '--seed', '3']);
    assert.match(sampled.stderr, /table ctl_v\.params \(LOCAL\.CTL_V\.PARAMS\) is read by macro business_day and created by nothing in the project/);
    const built = await cli(['build', '--project-dir', dir, '-s', 'orders']);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', "select count(*) as n, count(distinct loaded_for) as days from orders where loaded_for <> 'None'", '--output', 'json']);
    assert.match(shown.stdout, /"N": 20|"n": 20/i, shown.stdout + shown.stderr);
  });

  it('hold the keys the hooks look up, as their rendering computed them, and a log table a macro inserts into is made', async (t) => {
    const engine = await openTempProject(t, 'bronze-macro-lookups-', {
      'models/sources.yml': FILES['models/sources.yml'],
      // A batch framework: each model's pre-hook finds its job by a name the hook passes, raising when there is none
      // (robling_product's start_script / get_job_detail), reads the last batch, and logs the run.
      'macros/jobs.sql': `{% macro start_job(name) %}
  {% if execute %}
  {% set q %}select job_id from ctl_v.jobs where lower(job_name) = lower('{{ name }}'){% endset %}
  {% set found = run_query(q) %}
  {% if found | length == 0 %}{{ exceptions.raise_compiler_error('no job ' ~ name) }}{% endif %}
  {% set q %}select coalesce(max(batch_id), 0) as batch_id from ctl_v.batch_log{% endset %}
  {% set batch = run_query(q).columns[0].values()[0] %}
  {% set q %}
    -- log the run
    insert into ctl.run_log (job_name, batch_id, started_at) select '{{ name }}', {{ batch }} + 1, current_timestamp()
  {% endset %}
  {% do run_query(q) %}
  {% endif %}
{% endmacro %}
`,
      'models/orders.sql': "{{ config(pre_hook=\"{{ start_job('Load_Orders') }}\") }}\nselect order_id from {{ source('raw', 'orders') }}",
      'models/refunds.sql': "{{ config(pre_hook=\"{{ start_job('load_refunds') }}\") }}\nselect order_id from {{ source('raw', 'orders') }}",
    });
    const { project: p, nodes } = withTables(engine.project);
    const asked = await queriesAskedByModels(engine);
    assert.deepEqual(asked.filter((q) => /ctl_v\.jobs/.test(q)).sort(), [
      "select job_id from ctl_v.jobs where lower(job_name) = lower('Load_Orders')",
      "select job_id from ctl_v.jobs where lower(job_name) = lower('load_refunds')",
    ]);
    const jobs = nodes.find((n) => n.name === 'jobs')!;
    // Compared through LOWER on both sides: the value a row must hold is the folded one.
    assert.deepEqual(columnsReadFromSource(p, jobs.uniqueId, undefined, asked).find((c) => c.name === 'job_name')?.lookedUp, ['load_orders', 'load_refunds']);
    // MAX keeps its argument's type, which the numeric default makes a number.
    const log = nodes.find((n) => n.name === 'batch_log')!;
    assert.deepEqual(columnsReadFromSource(p, log.uniqueId).map((c) => [c.name, c.dataType]), [['batch_id', 'NUMBER(18,2)']]);
    const planned = planSynthetic(p, { rows: 10, clean: true, sourceIds: nodes.map((n) => n.uniqueId), asked }).find((x) => x.label === 'ctl_v.jobs')!;
    assert.deepEqual(planned.columns.find((c) => c.name === 'job_name')?.seedValues, ['load_orders', 'load_refunds']);

    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '20', '--seed', '3']);
    // (A SELECT list says no types here, as for a hook: hook-tables.ts types VALUES only.)
    assert.match(sampled.stderr, /table LOCAL\.CTL\.RUN_LOG is written by the project's hooks and created by nothing in the project: created empty on the twin with the INSERT's columns \(job_name VARCHAR, batch_id VARCHAR, started_at TIMESTAMP_LTZ\)/);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', 'select count(*) as n from ctl.run_log', '--output', 'json']);
    assert.match(shown.stdout, /"N": 2|"n": 2/i, shown.stdout + shown.stderr);
  });
  it('in a YAML document a macro parses with fromyaml, are read from its string values, its keys being no columns', async (t) => {
    // robling's reconciliation steps: `{% set recon_yaml %}` holding `fact_typ: Inventory Transactions` beside
    // `sql: |` INSERT … SELECT, parsed by fromyaml(recon_yaml). Read as SQL, the keys made FACT_TYP a JSON path (a
    // VARIANT column), and the INSERT of 'Inventory Transactions' into it failed as malformed JSON. The file is in a
    // folder both model-paths and macro-paths name, so it is also a model (compiled to nothing) whose macro block is
    // no query of its own.
    const p = (
      await openTempProject(t, 'bronze-macro-yaml-', {
        'dbt_project.yml': 'name: p\nversion: "1"\nprofile: p\nmacro-paths: ["macros", "models/recon"]\n',
        'models/recon/recon_steps.sql': `{% macro recon_steps() %}
{%- set recon_yaml -%}
Inventory:
    {# a comment inside the document: the YAML goes on after it #}
    delete_filter : load_dt IN (SELECT DISTINCT post_dt FROM {{ source('raw', 'orders') }})
    steps:
      - step: 0
        fact_typ: Inventory Transactions
        sql: |
            INSERT INTO ctl.recon_ld (fact_typ, load_dt, fact_qty)
            SELECT 'Inventory Transactions', '\${CURR_DAY}', SUM(s.qty) FROM {{ source('raw', 'orders') }} s
{%- endset -%}
{% set config = fromyaml(recon_yaml) %}
{{ return(config) }}
{% endmacro %}

{% macro recon_check() %}
  {% set q %}select fact_typ, fact_qty from ctl.recon_ld where load_dt = '2024-01-01'{% endset %}
  {% do run_query(q) %}
{% endmacro %}
`,
        'models/sources.yml': FILES['models/sources.yml'],
      })
    ).project;
    const { project, nodes } = withTables(p);
    const recon = nodes.find((n) => n.name === 'recon_ld')!;
    const columns = columnsReadFromSource(project, recon.uniqueId).map((c) => [c.name.toLowerCase(), c.dataType ?? null]);
    assert.deepEqual(columns.map(([name]) => name).sort(), ['fact_qty', 'fact_typ', 'load_dt']);
    assert.ok(columns.every(([, type]) => type !== 'VARIANT'), JSON.stringify(columns));
  });
  it('only the macros read are written without dirt (no NULLs, no re-spelled text); one a model reads keeps it', async (t) => {
    // robling's get_recon_checkpoint: `{% do checkpoint.update({row[0]: row[1]}) %}` over `select src_system, chkpnt
    // from …recon_chkpnt_lu`, then `checkpoint | tojson`; a sampled NULL src_system became a None key beside text
    // ones, which tojson's sorted keys cannot order. No model cleans what only templates read.
    const p = (
      await openTempProject(t, 'bronze-macro-clean-', {
        'macros/ckpt.sql': `{% macro checkpoints() %}
  {% set q %}select src_system, chkpnt from ctl.recon_chkpnt{% endset %}
  {% set r = run_query(q) %}
{% endmacro %}
`,
        'models/uses_lookup.sql': 'select l.code, l.label from ctl.lookup l\n',
      })
    ).project;
    const tables = literalTableReads(p, { database: 'local', schema: 'main' });
    const nodes = undeclaredTableSources(p, tables);
    const project = { ...p, sources: new Map([...p.sources, ...nodes.map((n): [string, SourceNode] => [n.uniqueId, n])]) };
    const templateOnly = macroOnlyTables(tables, nodes);
    const plans = planSynthetic(project, { rows: 10, clean: false, sourceIds: nodes.map((n) => n.uniqueId), templateOnly });
    const dirt = (label: string) => {
      const plan = plans.find((x) => x.label === label)!;
      return [plan.sparseNulls, plan.nullKeys > 0, plan.columns.some((c) => c.dirty)];
    };
    assert.deepEqual(dirt('ctl.recon_chkpnt'), [false, false, false]);
    assert.deepEqual(dirt('ctl.lookup'), [true, false, true]);
  });
});
