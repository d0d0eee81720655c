// A column a UNION puts beside a NUMBER holds digits (Snowflake converts the text branch to the NUMBER:
// https://docs.snowflake.com/en/sql-reference/operators-query). When a relationships test also makes it reference
// another source's key, it takes that key's values: a key of lettered text ('ENTITY-0000019') made the union's
// conversion fail (ammodepot's f_sales: "Numeric value 'ENTITY-0000019' is not recognized"). The referenced key
// follows: it holds digits. A referenced row key (written as lettered text) cannot follow: the reference is dropped.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';

const SOURCES =
  'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: lines\n      - name: headers\n      - name: other_lines\n' +
  '        columns:\n          - name: ord_no\n            data_type: number(38,0)\n          - name: acct_no\n            data_type: number(38,0)\n' +
  '      - name: accounts\n';

it("makes a referenced text key hold digits where the referencing column is a UNION's number", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-reference-digits-', {
    'models/src.yml': SOURCES,
    'models/stg_headers.sql': "select entity_id as header_id, note from {{ source('raw', 'headers') }}\n",
    'models/stg_accounts.sql': "select account_id, label from {{ source('raw', 'accounts') }}\n",
    'models/stg_lines.sql': "select header_id, account_id, amount from {{ source('raw', 'lines') }}\n",
    'models/all_lines.sql':
      "select header_id, account_id, amount from {{ ref('stg_lines') }}\nunion all\n" +
      "select ord_no, acct_no, 0 from {{ source('raw', 'other_lines') }}\n",
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: stg_lines\n    columns:\n      - name: header_id\n        tests:\n' +
      "          - relationships:\n              to: ref('stg_headers')\n              field: header_id\n" +
      '      - name: account_id\n        tests:\n' +
      "          - relationships:\n              to: ref('stg_accounts')\n              field: account_id\n" +
      '  - name: stg_accounts\n    columns:\n      - name: account_id\n        tests: [unique]\n',
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const column = (table: string, name: string) =>
    plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name.toLowerCase() === name);
  const header = column('lines', 'header_id');
  assert.equal(header?.kind, 'integer', 'the UNION beside a NUMBER makes the text digits');
  assert.equal(header?.references?.column.toLowerCase(), 'entity_id');
  assert.equal(column('headers', 'entity_id')?.dataType, 'VARCHAR');
  assert.equal(column('headers', 'entity_id')?.kind, 'integer', 'the referenced text key holds digits too');
  // accounts' account_id is its row key (unique): written as lettered text, it cannot follow; the reference goes.
  assert.equal(plans.find((p) => p.relation.identifier.toLowerCase() === 'accounts')?.key?.toLowerCase(), 'account_id');
  assert.equal(column('lines', 'account_id')?.kind, 'integer');
  assert.equal(column('lines', 'account_id')?.references, undefined);
});
