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

// A UNION whose first branch reads its column through a chain of CTEs (renamed, joined with other models) as a
// sales model does: `z.sku as testsku` in the first CTE, read on by the next ones under their aliases, unioned beside
// another model's column. The branch is followed through the CTEs to the model it reads (column-flow.ts).
const chain = (lines: string, filter = ''): Record<string, string> => ({
  'models/src.yml':
    'version: 2\nsources:\n  - name: shop\n    tables:\n      - name: items\n      - name: orders\n      - name: products\n' +
    '  - name: wh\n    tables:\n      - name: lines\n',
  'models/stg_items.sql': "select item_id, order_id, sku from {{ source('shop', 'items') }}\n",
  'models/stg_orders.sql': "select order_id, status from {{ source('shop', 'orders') }}\n",
  'models/stg_products.sql': "select sku, weight from {{ source('shop', 'products') }}\n",
  'models/stg_lines.sql': `select (-1) * line_id as id, ${lines}, 'open' as status from {{ source('wh', 'lines') }}\n`,
  'models/sales.sql':
    'with base as (\n' +
    '  select z.item_id as id, z.order_id, z.sku as testsku, o.status, p.weight\n' +
    "  from {{ ref('stg_items') }} as z\n" +
    "  left join {{ ref('stg_orders') }} as o on z.order_id = o.order_id\n" +
    "  left join {{ ref('stg_products') }} as p on p.sku = z.sku\n" +
    '),\n' +
    `mid as (\n  select b.id as order_item_id, b.testsku, upper(b.status) as status from base as b ${filter}\n),\n` +
    'last as (\n  select m.order_item_id, m.testsku, m.status from mid as m\n)\n' +
    'select l.order_item_id as ID, l.testsku as TESTSKU, l.status as STATUS from last as l\n' +
    'union all\n' +
    "select w.id, w.part_number, w.status from {{ ref('stg_lines') }} as w\n",
});

const planOf = async (t: TestContext, files: Record<string, string>): Promise<Record<string, string | undefined>> => {
  const engine = await openTempProject(t, 'bronze-sample-union-chain-', files);
  const plan = planSynthetic(engine.project, { rows: 10, clean: true });
  return Object.fromEntries(plan.flatMap((p) => p.columns.map((c) => [`${p.label}.${c.name}`, `${c.dataType}/${c.kind}`])));
};

describe('a UNION branch read through a chain of CTEs', () => {
  it('holds digits beside a number the other branch makes: the CTEs, renames and joins are followed', async (t) => {
    const kinds = await planOf(t, chain('part_no::number(38, 0) as part_number'));
    assert.equal(kinds['shop.items.sku'], 'VARCHAR/integer');
    // Columns beside text stay as they were.
    assert.notEqual(kinds['shop.orders.status'], 'VARCHAR/integer');
  });

  it('holds digits beside a column only its name makes a number', async (t) => {
    const kinds = await planOf(t, chain('partnum as part_number'));
    assert.equal(kinds['wh.lines.partnum'], 'NUMBER(38,0)/integer');
    assert.equal(kinds['shop.items.sku'], 'VARCHAR/integer');
  });

  // A branch the model compares with words (`not ilike '%gift%'`) holds such text; Snowflake converts a UNION's text
  // branch to the other's NUMBER and fails on it (https://docs.snowflake.com/en/sql-reference/operators-query), so a
  // number only a name says is wrong there: that column is text, and the compared one keeps its words.
  for (const filter of ["where b.testsku not ilike '%gift%'", "where b.testsku in ('00-GIFT', '00-PROMO')", "where b.testsku <> 'promo'"]) {
    it(`a number only a name says yields to text compared with words: ${filter}`, async (t) => {
      const kinds = await planOf(t, chain('partnum as part_number', filter));
      assert.equal(kinds['wh.lines.partnum'], 'VARCHAR/text');
      assert.equal(kinds['shop.items.sku'], 'VARCHAR/text');
    });
  }

  it('a number as written stands beside text compared with words: that text holds digits', async (t) => {
    const kinds = await planOf(t, chain('part_no::number(38, 0) as part_number', "where b.testsku not ilike '%gift%'"));
    assert.equal(kinds['shop.items.sku'], 'VARCHAR/integer');
  });

  it('an untyped column whose name says a number stays a number beside one (no text of digits)', async (t) => {
    const files = chain('part_no::number(38, 0) as part_number');
    const kinds = await planOf(t, { ...files, 'models/stg_items.sql': "select item_id, order_id, sku_number as sku from {{ source('shop', 'items') }}\n" });
    assert.equal(kinds['shop.items.sku_number'], 'NUMBER(38,0)/integer');
  });

  it('text compared with digits only says nothing of words', async (t) => {
    const kinds = await planOf(t, chain('partnum as part_number', "where b.testsku <> '0'"));
    assert.equal(kinds['wh.lines.partnum'], 'NUMBER(38,0)/integer');
  });
});
