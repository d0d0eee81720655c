// A run names what did not load (and so is left out of it) instead of silently running the rest.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, tempProject } from './helpers';

const project = (name: string): Record<string, string> => ({
  'dbt_project.yml': `name: ${name}\nversion: '1.0'\nprofile: ${name}\n`,
  'models/orders.sql': 'select 1 as order_id\n',
});

describe('build of a project with a load error', () => {
  const dir = tempProject('bronze-load-errors-', {
    ...project('loaderr'),
    'models/schema.yml':
      'version: 2\nunit_tests:\n  - name: orders_one_row\n    model: no_such_model\n    given: []\n    expect:\n      rows:\n        - {order_id: 1}\n',
  });

  it('prints each load error, located, and says what it means for the run', async () => {
    const r = await cli(['build', '--project-dir', dir()]);
    assert.match(r.stderr, /^models\/schema\.yml:\d+:\d+: error bronze\/[\w-]+: .*no_such_model/m, r.stderr);
    assert.match(r.stderr, /the project loaded with 1 error: what they concern is left out of this run/);
  });
});

describe('build of a project that loads cleanly', () => {
  const dir = tempProject('bronze-load-clean-', project('loadok'));

  it('prints no load-error line', async () => {
    const r = await cli(['build', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /loaded with/);
  });
});
