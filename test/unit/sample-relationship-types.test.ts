// `sample --synthetic` types a source column a relationships test compares with a column a model casts to a number
// (mattermost's fct_issues_daily_snapshot.project_id, `fields:project.id::integer`, against dim_projects.project_id,
// the Jira projects' id): Snowflake converts the other side to a number, and text ids ('ID-0000001') fail that.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { planSynthetic } from '../../client/src/sample/plan';
import { madeUpstream } from '../../client/src/sample/relationship-types';
import { openTempProject } from '../helpers/temp-project';

const files = (cast: string): Record<string, string> => ({
  'models/src.yml':
    'version: 2\nsources:\n  - name: jira\n    tables:\n      - name: issues\n        columns:\n          - name: id\n          - name: fields\n' +
    '      - name: projects\n        columns:\n          - name: id\n          - name: key\n',
  'models/stg_issues.sql': `select id as issue_id, fields:project.id::${cast} as project_id from {{ source('jira', 'issues') }}\n`,
  'models/stg_projects.sql': "select id as project_id, key as project_key from {{ source('jira', 'projects') }}\n",
  'models/dim_projects.sql': "select * from {{ ref('stg_projects') }}\n",
  'models/fct_issues.sql': "select i.issue_id, i.project_id from {{ ref('stg_issues') }} i\n",
  'models/marts.yml':
    'version: 2\nmodels:\n  - name: fct_issues\n    columns:\n      - name: project_id\n        tests:\n' +
    "          - relationships:\n              to: ref('dim_projects')\n              field: project_id\n",
});

const typeOf = async (t: TestContext, cast: string, table: string, column: string): Promise<string | undefined> => {
  const engine = await openTempProject(t, 'bronze-sample-rel-', files(cast));
  const plans = planSynthetic(engine.project, { rows: 10, clean: true });
  return plans.find((p) => p.label === table)?.columns.find((c) => c.name === column)?.dataType;
};

describe('relationships tests against a column a model casts', () => {
  it('finds where a model upstream makes the column, through models that pass it on', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-rel-', files('integer'));
    assert.deepEqual(madeUpstream(engine.project, 'model.p.fct_issues', 'project_id'), { converted: true, castTo: 'integer' });
    assert.deepEqual(madeUpstream(engine.project, 'model.p.dim_projects', 'project_id'), { converted: false });
  });

  it("types the other side's source column as the number it is compared with", async (t) => {
    assert.equal(await typeOf(t, 'integer', 'jira.projects', 'id'), 'INTEGER');
    // Cast to text, the comparison converts nothing: the id keeps the type its name gives.
    assert.equal(await typeOf(t, 'varchar', 'jira.projects', 'id'), 'VARCHAR');
    // The converted side's own source column is the JSON it reads a path of: not typed by the test.
    assert.notEqual(await typeOf(t, 'integer', 'jira.issues', 'fields'), 'INTEGER');
  });
});

describe('relationships tests to a model that renames its source key', () => {
  it("references the source column the model reads (`id as invoice_id`), not the model's name for it", async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-rel-', {
      'models/src.yml':
        'version: 2\nsources:\n  - name: stripe\n    tables:\n      - name: invoices\n        columns:\n          - name: id\n' +
        '      - name: invoice_line_items\n        columns:\n          - name: id\n          - name: invoice\n',
      'models/stg_invoices.sql': "select id as invoice_id from {{ source('stripe', 'invoices') }}\n",
      'models/stg_lines.sql': "select id as line_id, invoice as invoice_id from {{ source('stripe', 'invoice_line_items') }}\n",
      'models/stg.yml':
        'version: 2\nmodels:\n  - name: stg_lines\n    columns:\n      - name: invoice_id\n        tests:\n' +
        "          - relationships:\n              to: ref('stg_invoices')\n              field: invoice_id\n",
    });
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const invoice = plans.find((p) => p.label === 'stripe.invoice_line_items')?.columns.find((c) => c.name === 'invoice');
    assert.deepEqual(invoice?.references, { sourceId: 'source.p.stripe.invoices', column: 'id' });
  });
});

// A relationships test whose column a UNION makes a NUMBER (one branch a number as written, `(-1) * line_id`): Snowflake
// converts the text branch to NUMBER (https://docs.snowflake.com/en/sql-reference/operators-query), and the test then
// compares that NUMBER with the field, converting the field's text too. The field here is quoted (`'"Product ID"'`)
// and made in a CTE that joins two models on the key (both qualify `entity_id`): read through the CTE's items.
describe('relationships tests against a column a UNION makes a number', () => {
  const files: Record<string, string> = {
    'models/src.yml':
      'version: 2\nsources:\n  - name: shop\n    tables:\n      - name: items\n      - name: products\n      - name: attrs\n' +
      '  - name: wh\n    tables:\n      - name: lines\n',
    'models/stg_items.sql': "select item_id, product_id from {{ source('shop', 'items') }}\n",
    'models/stg_lines.sql': "select (-1) * line_id as id, (-1) * line_id as product_id from {{ source('wh', 'lines') }}\n",
    'models/sales.sql':
      "select i.item_id as ID, i.product_id as PRODUCT_ID from {{ ref('stg_items') }} as i\nunion all\n" +
      "select l.id, l.product_id from {{ ref('stg_lines') }} as l\n",
    'models/stg_products.sql': "select entity_id, name from {{ source('shop', 'products') }}\n",
    'models/stg_attrs.sql': "select entity_id, color from {{ source('shop', 'attrs') }}\n",
    'models/dim_product.sql':
      'with f as (\n  select p.entity_id as "Product ID", a.color\n' +
      "  from {{ ref('stg_products') }} as p left join {{ ref('stg_attrs') }} as a on p.entity_id = a.entity_id\n)\n" +
      'select f."Product ID", f.color from f\n',
    'models/marts.yml':
      'version: 2\nmodels:\n  - name: sales\n    columns:\n      - name: PRODUCT_ID\n        tests:\n' +
      "          - relationships:\n              to: ref('dim_product')\n              field: '\"Product ID\"'\n",
  };

  it("types the field's source column as a number", async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-rel-union-', files);
    const plans = planSynthetic(engine.project, { rows: 10, clean: true });
    const entity = plans.find((p) => p.label === 'shop.products')?.columns.find((c) => c.name === 'entity_id');
    assert.equal(entity?.dataType, 'NUMBER(38,0)');
  });
});
