// A UNION matches its branches' columns by position, not by name (https://docs.snowflake.com/en/sql-reference/operators-query).
// A test on a UNION model's column binds what each branch gives at that position: goodneighbors_gn_dw's CRM_SEND_REQUEST
// names PSTMTR_PRCS_STAT_CD with `CAST(NULL AS VARCHAR)` in its first branch and reads `NULLIF(TRIM(PRCS_STAT_CD),'')`
// in its third; its accepted_values ['0', '1'] were looked for on a source column of the output's name, found
// nothing, and the test failed on generated words.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { unionPositionReads } from '../../client/src/sample/union-numbers';

const SOURCES = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: email_sends\n      - name: post_sends\n      - name: other_sends\n';

const MODEL =
  "select send_key as send_key, cast(null as varchar) as post_status_cd, 'EMAIL' as channel from {{ source('raw', 'email_sends') }} where send_key is not null\n" +
  'union all\n' +
  "select send_key, nullif(trim(prcs_stat_cd), ''), 'POST' from {{ source('raw', 'post_sends') }}\n" +
  'union all\n' +
  "select seq_no, null, 'OTHER' from {{ source('raw', 'other_sends') }}\n";

it("binds a test on a UNION's column to each branch's item at its position", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-union-positions-', {
    'models/src.yml': SOURCES,
    'models/send_request.sql': MODEL,
    'models/schema.yml':
      'version: 2\nmodels:\n  - name: send_request\n    columns:\n      - name: post_status_cd\n        tests:\n          - accepted_values:\n              values: [0, 1]\n' +
      '      - name: send_key\n        tests: [not_null]\n',
  });
  const model = engine.project.models.get('model.p.send_request')!;
  assert.deepEqual(
    unionPositionReads(engine.project, model, 'post_status_cd')?.map((b) => [b.read.relation.split('.').pop(), b.read.column, b.plain]),
    [['post_sends', 'prcs_stat_cd', false]],
  );
  assert.deepEqual(
    unionPositionReads(engine.project, model, 'send_key')?.map((b) => [b.read.relation.split('.').pop(), b.read.column, b.plain]),
    [
      ['email_sends', 'send_key', true],
      ['post_sends', 'send_key', true],
      ['other_sends', 'seq_no', true],
    ],
  );
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const col = (table: string, column: string) => plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name.toLowerCase() === column);
  assert.deepEqual(col('post_sends', 'prcs_stat_cd')?.accepted, ['0', '1']);
  // not_null reaches each branch's key under its own name, except where the branch keeps only filled keys.
  assert.equal(col('other_sends', 'seq_no')?.notNull, true);
  assert.equal(col('post_sends', 'send_key')?.notNull, true);
  assert.equal(col('email_sends', 'send_key')?.notNull, false);
});

// goodneighbors_gn_dw's CRM_MEMBER: `NULLIF(TRIM(TO_VARCHAR(f.TSTM_DIV_CD)),'') AS TSTM_DIV_CD` in each branch, accepted
// ['0', '1', '2', '3']: an expression of the output's own column name binds the test as that column does.
it("binds a UNION branch's expression of a column of the output's own name as that column", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-union-positions-', {
    'models/src.yml': SOURCES,
    'models/members.sql':
      "select nullif(trim(to_varchar(e.div_cd)), '') as div_cd from {{ source('raw', 'email_sends') }} e\nunion all\n" +
      "select nullif(trim(to_varchar(p.div_cd)), '') from {{ source('raw', 'post_sends') }} p\n",
    'models/schema.yml':
      "version: 2\nmodels:\n  - name: members\n    columns:\n      - name: div_cd\n        tests:\n          - accepted_values:\n              values: ['0', '1', '2', '3']\n",
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false, sourceIds: ['source.p.raw.email_sends', 'source.p.raw.post_sends'] });
  const col = (table: string, column: string) => plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name.toLowerCase() === column);
  assert.deepEqual(col('email_sends', 'div_cd')?.accepted, ['0', '1', '2', '3']);
  assert.deepEqual(col('post_sends', 'div_cd')?.accepted, ['0', '1', '2', '3']);
});
