// The sampler renders a project's hooks without a warehouse (hook-statements.ts, through rendered.ts's
// offlineRenderOptions): a statement a hook runs through run_query is kept (its answer is no rows), and so is the
// hook's own rendered text, in the order the hook runs them; models' hooks are read as well.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { renderedHookStatements } from '../../client/src/sample/hook-statements';

it('keeps the statements run_query is asked and the rendered hook, in order', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-hooks-', {
    'dbt_project.yml': [
      'name: p',
      'version: "1"',
      'profile: p',
      'on-run-start:',
      `  - "{% set r = run_query('insert into audit.log (a) values (1)') %}insert into audit.log (a) values ({{ r.rows | length }})"`,
      '',
    ].join('\n'),
    'models/m.sql': "{{ config(post_hook=\"insert into audit.log (a) values (2)\") }}\nselect 1 as a\n",
  });
  const statements = await renderedHookStatements(engine);
  assert.deepEqual(
    statements.map((s) => s.sql),
    ['insert into audit.log (a) values (1)', 'insert into audit.log (a) values (0)', 'insert into audit.log (a) values (2)'],
  );
});
