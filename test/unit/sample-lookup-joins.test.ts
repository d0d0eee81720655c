// A unique test on a model column holds only when every join beside it matches at most one row: a join repeats the
// tested row once per match whatever key it joins on. goodneighbors_gn_dw's CRM_CAMPAIGN looks a brand, a marketing
// campaign and four code labels up beside the campaign code (`left join brands b on c.brnd_id = b.brnd_id`,
// `on to_varchar(c.mktg_cd) = m.mk_cd`, `on code.cd_id = 'MM294' and try_to_number(code.dtl_cd_id) = c.ctgr_cd`);
// sampled with repeated lookup keys, its unique test failed (86 of 100 rows). A join of the tested column's own
// relation, a condition with OR, a self-join (pairing rows of one table) and a block that groups afterwards ask nothing.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { lookupJoinKeys } from '../../client/src/sample/join-fanout';

const FILES: Record<string, string> = {
  'models/src.yml':
    'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: campaigns\n      - name: brands\n      - name: mktg\n      - name: codes\n      - name: notes\n',
  'models/codes.sql': "select nullif(trim(cd_id), '') as cd_id, nullif(trim(dtl_cd_id), '') as dtl_cd_id, dtl_cd_nm from {{ source('raw', 'codes') }}\n",
  'models/campaign.sql':
    "select nullif(trim(c.cmpgn_cd), '') as cmpgn_cd, b.brnd_nm, m.mk_nm, ctgr.dtl_cd_nm as ctgr_nm, n.note\n" +
    "from {{ source('raw', 'campaigns') }} c\n" +
    "left join {{ source('raw', 'brands') }} b on c.brnd_id = b.brnd_id\n" +
    "left join {{ source('raw', 'mktg') }} m on to_varchar(c.mktg_cd) = m.mk_cd\n" +
    "left join {{ ref('codes') }} ctgr on ctgr.cd_id = 'MM294' and try_to_number(ctgr.dtl_cd_id) = c.ctgr_cd\n" +
    "left join {{ source('raw', 'notes') }} n on n.cmpgn_cd = c.cmpgn_cd or n.alt_cd = c.cmpgn_cd\n" +
    "left join {{ source('raw', 'campaigns') }} c2 on c2.src = c.src and c2.src_id = c.src_id\n" +
    "left join {{ source('raw', 'notes') }} n2 on n2.src = c.src and n2.src_id = c.src_id\n" +
    'where c.cmpgn_cd is not null\n',
  'models/schema.yml': 'version: 2\nmodels:\n  - name: campaign\n    columns:\n      - name: cmpgn_cd\n        tests: [unique]\n',
};

it('makes the keys of the joins that look values up beside a unique column unique', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-lookup-joins-', FILES);
  const model = engine.project.models.get('model.p.campaign')!;
  const name = (k: { relation: { sourceId: string } | { modelId: string }; column: string }) => [('sourceId' in k.relation ? k.relation.sourceId : k.relation.modelId).split('.').pop(), k.column];
  assert.deepEqual(lookupJoinKeys(engine.project, model.rawCode, 'cmpgn_cd').map(name), [
    ['brands', 'brnd_id'],
    ['mktg', 'mk_cd'],
    ['codes', 'dtl_cd_id'],
    // A composite key: one member unique makes the combination unique.
    ['notes', 'src'],
  ]);
  // Grouped afterwards: one row per code whatever the joins match.
  assert.deepEqual(lookupJoinKeys(engine.project, `${model.rawCode} group by 1, 2, 3, 4, 5`, 'cmpgn_cd'), []);
  const plans = planSynthetic(engine.project, { rows: 20, clean: false });
  const unique = (table: string, column: string): boolean | undefined => plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name === column)?.unique;
  assert.equal(unique('brands', 'brnd_id'), true);
  assert.equal(unique('mktg', 'mk_cd'), true);
  assert.equal(unique('codes', 'dtl_cd_id'), true);
  assert.notEqual(unique('notes', 'cmpgn_cd'), true);
  assert.equal(unique('notes', 'src'), true);
  assert.notEqual(unique('campaigns', 'src'), true);
  assert.notEqual(unique('campaigns', 'src_id'), true);
});

// A unique test on an expression of the model's columns (a YAML column entry naming one: goodneighbors'
// FACT_EVENT_PARTICIPATION tests `EVENT_BK || '|' || MEMBER_DK || '|' || PARTCPT_SEQ`) is repeated by a join as a plain
// column is: the joined DIM_EVENT stand-in repeated its EVENT_BK, each participation matched twice, the test failed.
// A join of a relation one of the expression's columns is read from is left alone (its matches may differ there).
it('makes the keys of the joins beside every column of a unique expression unique', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-lookup-joins-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: participation\n      - name: events\n      - name: members\n',
    'models/fact.sql':
      'select p.event_key as event_bk, p.mber_no as member_dk, p.seq as partcpt_seq, coalesce(e.event_sk, 0) as event_sk, m.grade\n' +
      "from {{ source('raw', 'participation') }} p\n" +
      "left join {{ source('raw', 'events') }} e on e.event_bk = p.event_key\n" +
      "left join {{ source('raw', 'members') }} m on m.member_id = p.member_ref\n",
    'models/schema.yml': `version: 2\nmodels:\n  - name: fact\n    columns:\n      - name: "EVENT_BK || '|' || MEMBER_DK || '|' || PARTCPT_SEQ"\n        tests: [unique]\n`,
  });
  const model = engine.project.models.get('model.p.fact')!;
  const name = (k: { relation: { sourceId: string } | { modelId: string }; column: string }) => [('sourceId' in k.relation ? k.relation.sourceId : k.relation.modelId).split('.').pop(), k.column];
  assert.deepEqual(lookupJoinKeys(engine.project, model.rawCode, "EVENT_BK || '|' || MEMBER_DK || '|' || PARTCPT_SEQ").map(name), [
    ['events', 'event_bk'],
    ['members', 'member_id'],
  ]);
  // An expression reading the joined relation's column too: that join is not a lookup beside it.
  assert.deepEqual(lookupJoinKeys(engine.project, model.rawCode, "member_dk || '|' || grade").map(name), [['events', 'event_bk']]);
  const plans = planSynthetic(engine.project, { rows: 20, clean: false });
  assert.equal(plans.find((p) => p.relation.identifier.toLowerCase() === 'events')?.columns.find((c) => c.name === 'event_bk')?.unique, true);
});
