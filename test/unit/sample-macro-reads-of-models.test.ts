// A macro's SQL that reads a model's view through a source declared on it (robling's update_current_flg post-hook:
// `SELECT MAX(TO_NUMBER(VERSION_ID)) FROM {{ source('SLS_UPD_SRC_DWH', 'V_DWH_F_SLS_TXN_LN_ITM_B') }}`) uses the
// column the models hand on from the landing table (REVISION_NO AS VERSION_ID, then `src.*` and `*` down to that
// view). The use types the landing column; unseen, REVISION_NO was sampled as id text ('VERSION-0000024') and the
// post-hook's TO_NUMBER failed on the twin.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import { planSynthetic } from '../../client/src/sample/plan';

it("types a source column by a macro's use of it in a model it flows into, read through a source on that model", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-macro-reads-of-models-', {
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: lnd',
      '    tables:',
      '      - name: sales_lines',
      '  - name: upd_src',
      '    schema: "{{ target.schema }}"',
      '    tables:',
      '      - name: v_lines',
      '',
    ].join('\n'),
    'models/stg_lines.sql': "select s.txn_id as txn_id, s.revision_no as version_id, s.qty as qty\nfrom {{ source('lnd', 'sales_lines') }} s\n",
    'models/tmp_lines.sql': "select src.*, 1 as is_current\nfrom {{ ref('stg_lines') }} src\n",
    'models/v_lines.sql': "{{ config(materialized='view', post_hook=['{{ mark_current() }}']) }}\nselect src.* from {{ ref('tmp_lines') }} src\n",
    'macros/mark_current.sql': [
      '{% macro mark_current() %}',
      '  {% set q %}',
      '    update {{ this }} tgt set tgt.is_current = 0',
      '    where tgt.version_id <> (select max(to_number(version_id)) from {{ source(\'upd_src\', \'v_lines\') }} where txn_id = tgt.txn_id)',
      '  {% endset %}',
      '  {% do run_query(q) %}',
      '{% endmacro %}',
      '',
    ].join('\n'),
  });
  const used = new Map(columnsReadFromSource(engine.project, 'source.p.lnd.sales_lines').map((c) => [c.name, c]));
  const revision = used.get('revision_no');
  assert.ok(revision, 'revision_no is read');
  // TO_NUMBER reads text holding a number: the column is sampled as such text (or a number), never as id text.
  assert.deepEqual([revision.dataType ?? null, revision.textOf ?? null], ['VARCHAR', 'decimal']);
});

// robling's RTV reconciliation: a macro's YAML step sums SRC.F_RTV_CST_LCL from the recon view (a source declared on
// the model that lists it from the landing table). Sampled as text, the landing column failed TMP_F_INV_RTV_SUP_ILD_B's
// `F_RTV_CST_LCL * EXCRT.EXCH_RATE`, where the name is unqualified in a join and says nothing on its own.
it("types a source column by a macro's use of it in the model that reads the source directly", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-macro-reads-of-models-', {
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: lnd',
      '    tables:',
      '      - name: rtv',
      '  - name: recon_src',
      '    schema: "{{ target.schema }}"',
      '    tables:',
      '      - name: v_recon_rtv',
      '',
    ].join('\n'),
    'models/v_recon_rtv.sql': "select r.loc_id as loc_id, r.f_rtv_cst_lcl as f_rtv_cst_lcl\nfrom {{ source('lnd', 'rtv') }} r\n",
    'macros/recon_steps.sql': [
      '{% macro recon_steps() %}',
      '  {% set steps %}',
      '  - recon_step: 1',
      '    sql: |',
      "      select src.loc_id, sum(src.f_rtv_cst_lcl) as fact_cst_lcl from {{ source('recon_src', 'v_recon_rtv') }} src group by src.loc_id",
      '  {% endset %}',
      '  {{ return(fromyaml(steps)) }}',
      '{% endmacro %}',
      '',
    ].join('\n'),
  });
  const cost = columnsReadFromSource(engine.project, 'source.p.lnd.rtv').find((c) => c.name === 'f_rtv_cst_lcl');
  assert.ok(cost, 'f_rtv_cst_lcl is read');
  assert.equal(cost.dataType, 'NUMBER(18,2)');
});

// robling's inventory recon macro reads `TO_DATE(EFF_START_DT)` from the staging view that renames the landing DAY_ID:
// TO_DATE takes a DATE as is, and the name the view gives says a date, so the column stays a DATE. Typed as text of
// dates, it failed TMP_F_INV_ILD_B's `SRC.EFF_START_DT BETWEEN EXCRT.EFF_FROM_DT AND EXCRT.EFF_TO_DT`.
it('leaves a column a name says is a date a DATE where a conversion to a date reads it', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-macro-reads-of-models-', {
    'models/sources.yml': 'version: 2\nsources:\n  - name: lnd\n    tables:\n      - name: inv\n',
    'models/stg_inv.sql': "select i.day_id as eff_start_dt, i.qty as qty from {{ source('lnd', 'inv') }} i\n",
    'models/recon.sql': "select to_date(s.eff_start_dt) as load_dt, sum(s.qty) as qty from {{ ref('stg_inv') }} s group by 1\n",
  });
  const day = columnsReadFromSource(engine.project, 'source.p.lnd.inv').find((c) => c.name === 'day_id');
  assert.ok(day, 'day_id is read');
  assert.deepEqual([day.dataType, day.textOf ?? null], ['DATE', null]);
});

// goodneighbors_gn_dw's GA4_BASIC: `TO_DATE(EVENT_DATE, 'YYYYMMDD')` — a format is only for text, so the column is text
// holding dates whatever its name says (typed DATE, the twin refused STRPTIME of a DATE and the model failed).
it('keeps a column a formatted conversion parses as text, though its name says the conversion\'s kind', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-macro-reads-of-models-', {
    'models/sources.yml': 'version: 2\nsources:\n  - name: ga4\n    tables:\n      - name: events\n',
    'models/ga4_basic.sql': "select event_date, to_date(event_date, 'YYYYMMDD') as event_dt from {{ source('ga4', 'events') }}\n",
  });
  const date = columnsReadFromSource(engine.project, 'source.p.ga4.events').find((c) => c.name === 'event_date');
  assert.ok(date, 'event_date is read');
  assert.deepEqual([date.dataType, date.textOf ?? null], ['VARCHAR', 'date']);
});

// robling's inventory-transaction reconciliation steps (YAML in a macro) filter `WHERE SRC.POST_DT = '${CURR_DAY}'`, a
// placeholder reconciliation_check replaces with the business date before running the step. Read as a text value,
// it made the landing POST_DT text ('POST_DT_9'): dm_f_inv_txn_meas_fact_ild's MERGE then failed to put it in the
// fact table's DATE POST_DT. The placeholder says nothing; the name (a date) decides.
it('takes no type from a comparison with a placeholder the project fills in (`= \'${CURR_DAY}\'`)', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-macro-reads-of-models-', {
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: lnd',
      '    tables:',
      '      - name: inv_txn',
      '  - name: recon_src',
      '    schema: "{{ target.schema }}"',
      '    tables:',
      '      - name: v_recon_txn',
      '',
    ].join('\n'),
    'models/v_recon_txn.sql': "select t.post_dt as post_dt, t.txn_code as txn_code, t.qty as qty\nfrom {{ source('lnd', 'inv_txn') }} t\n",
    'macros/recon_steps.sql': [
      '{% macro recon_steps() %}',
      '  {% set steps %}',
      '  - recon_step: 0',
      '    sql: |',
      "      select sum(src.qty) as qty from {{ source('recon_src', 'v_recon_txn') }} src",
      "      where src.post_dt = '${CURR_DAY}' and src.txn_code = 'TSF'",
      '  {% endset %}',
      "  {% set config = fromyaml(steps) %}",
      "  {{ return(config | replace('${CURR_DAY}', '2024-01-31')) }}",
      '{% endmacro %}',
      '',
    ].join('\n'),
  });
  const used = new Map(columnsReadFromSource(engine.project, 'source.p.lnd.inv_txn').map((c) => [c.name, c]));
  assert.equal(used.get('post_dt')?.dataType, undefined, 'the placeholder says no type');
  // A real text literal still says text.
  assert.equal(used.get('txn_code')?.dataType, 'VARCHAR');
  const [plan] = planSynthetic(engine.project, { rows: 10, clean: true, sourceIds: ['source.p.lnd.inv_txn'] });
  assert.equal(plan.columns.find((c) => c.name === 'post_dt')?.dataType, 'DATE');
});
