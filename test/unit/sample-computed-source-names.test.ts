// A model whose source name the template computes (`source(src_name, 'sizes')`, src_name picked by a macro or a var:
// robling_product's staging views switch between a landing schema and its change schema) reads the source the parse
// resolved it to. A unique test on such a model bound no source column (the aliases were read from literal source()
// calls only), so the key was sampled with repeats: robling's V_STG_D_PRD_SIZE_LU fanned the item dimension out
// 15-fold, and DWH_F_INV_IL_B's MERGE (33 models behind it) failed with "Duplicate row detected".
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { fanOutKeys } from '../../client/src/sample/join-fanout';

const SOURCES =
  'version: 2\nsources:\n' +
  '  - name: lnd\n    tables:\n      - name: sizes\n      - name: size_sort\n' +
  '  - name: lnd_chg\n    tables:\n      - name: sizes\n      - name: size_sort\n';

const MODEL =
  "{% set src_name = var('landing', 'lnd') %}\n" +
  'select\n' +
  '   trim(siz.size_id) as size_id\n' +
  '  ,trim(siz.size_desc) as size_desc\n' +
  '  ,coalesce(trim(sort_lu.size_sort_num), trim(siz.size_id)) as size_sort_num\n' +
  "from {{ source(src_name, 'sizes') }} siz\n" +
  // The join condition names the other source's size_id too: the select item says whose the tested column is.
  "left join {{ source(src_name, 'size_sort') }} sort_lu on trim(siz.size_id) = trim(sort_lu.size_id)\n";

it('binds a unique test to the source a computed source() name resolves to, and its join key through TRIM', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-computed-source-', {
    'models/src.yml': SOURCES,
    'models/stg_sizes.sql': MODEL,
    'models/schema.yml': 'version: 2\nmodels:\n  - name: stg_sizes\n    columns:\n      - name: size_id\n        tests: [unique, not_null]\n',
  });
  const model = engine.project.models.get('model.p.stg_sizes')!;
  assert.deepEqual(model.dependsOn.nodes.filter((id) => id.startsWith('source.')).sort(), ['source.p.lnd.size_sort', 'source.p.lnd.sizes']);
  assert.deepEqual(
    fanOutKeys(engine.project, model.rawCode, 'size_id', model).map((k) => ['sourceId' in k.relation ? k.relation.sourceId : k.relation.modelId, k.column]),
    [['source.p.lnd.size_sort', 'size_id']],
  );
  const plans = planSynthetic(engine.project, { rows: 40, clean: false, sourceIds: ['source.p.lnd.sizes', 'source.p.lnd.size_sort'] });
  const column = (table: string, name: string) => plans.find((p) => p.sourceId === `source.p.lnd.${table}`)?.columns.find((c) => c.name.toLowerCase() === name);
  assert.equal(column('sizes', 'size_id')?.unique, true);
  assert.equal(column('sizes', 'size_id')?.notNull, true);
  // The joined side's key: one row per size, or the join repeats the tested row.
  assert.equal(column('size_sort', 'size_id')?.unique, true);
});

it('reads a bare-column join on a computed source as before, and a literal source() still by its names', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-computed-source-', { 'models/src.yml': SOURCES });
  const keys = (sql: string): string[] => fanOutKeys(engine.project, sql, 'k').map((k) => k.column);
  const join = "select a.k from {{ source('lnd', 'sizes') }} a join {{ source('lnd', 'size_sort') }} b";
  assert.deepEqual(keys(`${join} on a.k = b.sk`), ['sk']);
  assert.deepEqual(keys(`${join} on trim(a.k) = upper(b.sk)`), ['sk']);
  // A function of more than the column is not read as the key (it may map distinct keys to one value).
  assert.deepEqual(keys(`${join} on a.k = left(b.sk, 2)`), []);
  // A computed name without the reader's resolved sources names no relation.
  assert.deepEqual(keys("select a.k from {{ source('lnd', 'sizes') }} a join {{ source(src, 'size_sort') }} b on a.k = b.sk"), []);
});
