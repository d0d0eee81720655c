// `sample --synthetic`: a source column a UNION puts beside a column another branch makes a number holds digits.
// Snowflake converts the text branch to NUMBER and fails on text that is no number (the set operators page,
// https://docs.snowflake.com/en/sql-reference/operators-query, "Use the UNION operator and cast mismatched data
// types"), so a project that builds on its real data holds digits there (ammodepot's f_sales: Magento's untyped item
// ids unioned with the negated Fishbowl ids).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { planSynthetic } from '../../client/src/sample/plan';
import { madeNumber } from '../../client/src/sample/union-numbers';
import { openTempProject } from '../helpers/temp-project';

const files = (numberItem: string): Record<string, string> => ({
  'models/src.yml':
    'version: 2\nsources:\n  - name: shop\n    tables:\n      - name: items\n        columns:\n          - name: note\n            data_type: varchar\n' +
    '      - name: other_items\n',
  'models/stg_items.sql': "select item_id, note, label from {{ source('shop', 'items') }}\n",
  'models/stg_other.sql': `select ${numberItem} as id, so_note as note, so_label as label from {{ source('shop', 'other_items') }}\n`,
  'models/all_items.sql':
    "with s as (select item_id, note, label from {{ ref('stg_items') }})\nselect s.item_id as ID, s.note as NOTE, s.label as LABEL from s\n" +
    "union all\nselect o.id, o.note, o.label from {{ ref('stg_other') }} as o\n",
});

const kinds = async (t: TestContext, numberItem: string): Promise<Record<string, string | undefined>> => {
  const engine = await openTempProject(t, 'bronze-sample-union-', files(numberItem));
  const plan = planSynthetic(engine.project, { rows: 10, clean: true }).find((p) => p.label === 'shop.items');
  return Object.fromEntries((plan?.columns ?? []).map((c) => [c.name, `${c.dataType}/${c.kind}`]));
};

describe('source columns a UNION puts beside a number', () => {
  it('finds where a branch makes the column a number: arithmetic with a literal, a cast, through renames', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-union-', files('(-1) * so_item_id'));
    assert.equal(madeNumber(engine.project, 'model.p.stg_other', 'id'), true);
    assert.equal(madeNumber(engine.project, 'model.p.stg_other', 'note'), false);
  });

  it('holds digits where text, untyped or declared; the columns beside text stay as they were', async (t) => {
    const negated = await kinds(t, '(-1) * so_item_id');
    assert.equal(negated.item_id, 'VARCHAR/integer');
    assert.notEqual(negated.label, 'VARCHAR/integer');
    assert.equal((await kinds(t, 'so_item_id::number(38, 0)')).item_id, 'VARCHAR/integer');
    // COALESCE of a number and anything is a number (ammodepot's `coalesce(cast(pm.x as number), (-1) * si.product_id)`).
    assert.equal((await kinds(t, 'coalesce(cast(so_ref as number), (-1) * so_item_id)')).item_id, 'VARCHAR/integer');
    // Beside text the column is whatever else says it is.
    assert.notEqual((await kinds(t, "so_item_id || ''")).item_id, 'VARCHAR/integer');
  });

  it("a branch passing a source column typed as a number (declared, used, or by its name) makes the column a number", async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-union-', {
      ...files('so_item_id'),
      'models/src.yml':
        'version: 2\nsources:\n  - name: shop\n    tables:\n      - name: items\n' +
        '      - name: other_items\n        columns:\n          - name: so_item_id\n            data_type: number(38, 0)\n',
    });
    const plan = planSynthetic(engine.project, { rows: 10, clean: true }).find((p) => p.label === 'shop.items');
    const item = plan?.columns.find((c) => c.name === 'item_id');
    assert.deepEqual([item?.dataType, item?.kind], ['VARCHAR', 'integer']);
  });

  it('a declared text column a UNION puts beside a number holds digits', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-union-', {
      ...files('(-1) * so_item_id'),
      'models/stg_other.sql': "select (-1) * so_item_id as id, 0 as note, so_label as label from {{ source('shop', 'other_items') }}\n",
    });
    const plan = planSynthetic(engine.project, { rows: 10, clean: true }).find((p) => p.label === 'shop.items');
    const note = plan?.columns.find((c) => c.name === 'note');
    assert.deepEqual([note?.dataType, note?.kind], ['varchar', 'integer']);
  });
});
