// `sample --synthetic`: the word UNION in a model's comment (`-- shaped to be UNION'd into the sales model`) is no
// union. Read as one, the sampler followed a tested column into every parent as if each were a branch, and dropped
// the unique test as a union's branches do (ammodepot's int_fishbowl_gunbroker_sales, whose header comment says it
// is "UNION ALL'd in": every Fishbowl source was given its columns).
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { planSynthetic } from '../../client/src/sample/plan';
import { openTempProject } from '../helpers/temp-project';

const files = (comment: string): Record<string, string> => ({
  'models/src.yml': 'version: 2\nsources:\n  - name: s\n    tables:\n      - name: one\n      - name: two\n',
  'models/a.sql': "select id, amount from {{ source('s', 'one') }}\n",
  'models/b.sql': "select id, label from {{ source('s', 'two') }}\n",
  'models/j.sql': `${comment}select a.id, a.amount, b.label from {{ ref('a') }} a join {{ ref('b') }} b on a.id = b.id\n`,
  'models/j.yml': 'version: 2\nmodels:\n  - name: j\n    columns:\n      - name: amount\n        tests: [not_null, unique]\n',
});

const planned = async (t: TestContext, comment: string): Promise<string> => {
  const engine = await openTempProject(t, 'bronze-sample-union-comment-', files(comment));
  const plan = planSynthetic(engine.project, { rows: 10, clean: true });
  return JSON.stringify(plan.map((p) => [p.label, p.columns.map((c) => [c.name, c.dataType, c.kind, c.notNull === true, c.unique === true])]));
};

describe('a UNION in a comment', () => {
  for (const comment of ["-- shaped so that it can be UNION'd with the others\n", "{# UNION ALL'd into the sales model #}\n", '/* union of nothing */\n']) {
    it(`is no union: ${JSON.stringify(comment.trim())}`, async (t) => {
      const plan = await planned(t, comment);
      assert.equal(plan, await planned(t, ''));
      // The join's tested column stays unique in its one source.
      assert.match(plan, /"amount","[^"]+","[^"]+",true,true/);
    });
  }
});
