// The members of a unique key hold no padded or re-cased spellings, as a unique column holds none (plan.ts `dirty`):
// goodneighbors' CRM_EVENT_PARTICIPATION keeps one row per (EVENT_CD, MBER_NO, PARTCPT_SEQ) spelling
// (`QUALIFY ROW_NUMBER() OVER (PARTITION BY …) = 1`) and trims MBER_NO after, so '  mber_no_7 ' and 'mber_no_7' became
// one member twice and FACT_EVENT_PARTICIPATION's unique test on `EVENT_BK || '|' || MEMBER_DK || '|' || PARTCPT_SEQ`
// failed on the twin (WIDE_EVENT_PARTICIPATION skipped). A unique_combination_of_columns' members are members too.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

it("writes a unique key's member columns without padded or re-cased spellings, through the models", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-key-members-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: prtcpnt\n      - name: visits\n',
    'models/participation.sql':
      "select 'EVENT_' || event_cd as event_key, nullif(trim(mber_no), '') as mber_no, partcpt_seq, nullif(trim(remark), '') as remark\n" +
      "from {{ source('raw', 'prtcpnt') }}\nqualify row_number() over (partition by event_cd, mber_no, partcpt_seq order by partcpt_dt desc) = 1\n",
    'models/fact.sql': "select p.event_key as event_bk, p.mber_no as member_dk, p.partcpt_seq, p.remark from {{ ref('participation') }} p\n",
    'models/visits.sql': "select nullif(trim(site), '') as site, nullif(trim(visitor), '') as visitor, note from {{ source('raw', 'visits') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: fact\n    columns:\n' +
      `      - name: "EVENT_BK || '|' || MEMBER_DK || '|' || PARTCPT_SEQ"\n        tests: [unique]\n` +
      '  - name: visits\n    tests:\n      - dbt_utils.unique_combination_of_columns:\n          combination_of_columns: [site, visitor]\n',
  });
  const plans = planSynthetic(engine.project, { rows: 50, clean: false });
  const column = (table: string, name: string) => plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name === name);
  assert.equal(column('prtcpnt', 'mber_no')?.dirty, false);
  // Not a member: its padded spellings stay, for the models' trimming to clean.
  assert.equal(column('prtcpnt', 'remark')?.dirty, true);
  assert.equal(column('visits', 'visitor')?.dirty, false);
  assert.equal(column('visits', 'note')?.dirty, true);
});
