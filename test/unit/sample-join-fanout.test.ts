// A unique test on a model column the model joins on: a join repeats a row for each match, so the joined side's key
// must be unique too (pretium's fact_dol_onet_soc_ai_exposure: `left join occupations o using (onet_soc_code)` over a
// CTE reading a source whose codes the sampler repeated; the unique test failed and 13 models were skipped).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { fanOutKeys } from '../../client/src/sample/join-fanout';

const SOURCES =
  'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: activity\n      - name: occupations\n      - name: tasks\n      - name: wages\n      - name: regions\n';

it("makes the joined side's key unique where a unique test's column is the join key, through a CTE, USING or ON", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-join-fanout-', {
    'models/src.yml': SOURCES,
    'models/exposure.sql':
      "with occupations as (\n  select soc_code, title as occupation_title from {{ source('raw', 'occupations') }} where title is not null\n),\n" +
      // Grouped by the key: one row per code already, nothing asked of tasks.
      "task_counts as (\n  select soc_code, count(*) as n from {{ source('raw', 'tasks') }} group by soc_code\n)\n" +
      'select a.soc_code, o.occupation_title, tc.n, w.wage, r.region_name\n' +
      "from {{ source('raw', 'activity') }} a\n" +
      'left join occupations o using (soc_code)\n' +
      'left join task_counts tc using (soc_code)\n' +
      "left join {{ source('raw', 'wages') }} w on a.soc_code = w.occupation_code\n" +
      // A join on another column repeats a row per match too (a lookup: sample-lookup-joins.test.ts).
      "left join {{ source('raw', 'regions') }} r on a.region_id = r.region_id\n",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: exposure\n    columns:\n      - name: soc_code\n        tests: [unique]\n',
  });
  const model = engine.project.models.get('model.p.exposure')!;
  assert.deepEqual(
    fanOutKeys(engine.project, model.rawCode, 'soc_code').map((k) => [('sourceId' in k.relation ? k.relation.sourceId : k.relation.modelId).split('.').pop(), k.column]),
    [
      ['occupations', 'soc_code'],
      ['wages', 'occupation_code'],
    ],
  );
  const plans = planSynthetic(engine.project, { rows: 20, clean: false });
  const unique = (table: string, column: string): boolean | undefined =>
    plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name === column)?.unique;
  assert.equal(unique('activity', 'soc_code'), true);
  assert.equal(unique('occupations', 'soc_code'), true);
  assert.equal(unique('wages', 'occupation_code'), true);
  assert.equal(unique('tasks', 'soc_code'), false);
  assert.equal(unique('regions', 'region_id'), true);
});

it('asks nothing of a join whose block groups afterwards, or of a condition with more than the key', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-join-fanout-', { 'models/src.yml': SOURCES });
  const keys = (sql: string): string[] => fanOutKeys(engine.project, sql, 'k').map((k) => k.column);
  const join = "select a.k from {{ source('raw', 'activity') }} a join {{ source('raw', 'wages') }} b on a.k = b.wk";
  assert.deepEqual(keys(join), ['wk']);
  assert.deepEqual(keys(`${join} group by a.k`), []);
  assert.deepEqual(keys(`${join} and a.d = b.d`), []);
  assert.deepEqual(keys(`with x as (${join} group by a.k) select k from x`), []);
});
