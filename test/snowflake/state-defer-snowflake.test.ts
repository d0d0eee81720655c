// State comparison and deferral on a snowflake target (real snowflake-sdk → emulator): production built in
// schema prod and its manifest.json kept; state:modified over edits of a body, a config and a contract; --defer
// runs a child in an empty dev schema reading its parent from prod; --favor-state; retry keeps the deferral.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, writeFiles } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

/** The emulator profile with a second output, `dev`, on the same account in schema dev_alice. */
function profiles(port: number): string {
  const lines = emulatorProfile('stately', port, 'prod').split('\n');
  const sf = lines.slice(4).filter(Boolean);
  return [...lines.slice(0, 4), ...sf, '    dev:', ...sf.map((l) => l.replace('schema: prod', 'schema: dev_alice')), ''].join('\n');
}

describe('--state and --defer on a snowflake target (real driver → emulator)', () => {
  const dir = emulatorProject('bronze-sf-state-', (d, port) =>
    writeFiles(d, {
      'dbt_project.yml': "name: stately\nversion: '1.0'\nprofile: stately\nmodels:\n  stately:\n    +materialized: table\n",
      'profiles.yml': profiles(port),
      'models/users.sql': "select 1 as user_id, 'ann' as name union all select 2, 'bo'\n",
      'models/user_count.sql': "select count(*) as users from {{ ref('users') }}\n",
      'models/plans.sql': "select 1 as plan_id, 'Free' as plan_name\n",
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: plans',
        '    config:',
        '      contract: {enforced: true}',
        '    columns:',
        '      - name: plan_id',
        '        data_type: integer',
        '      - name: plan_name',
        '        data_type: varchar',
        '',
      ].join('\n'),
    }),
  );
  const prod = () => join(dir(), 'prod-state');
  const base = () => ['--project-dir', dir(), '--profiles-dir', dir()];
  const names = async (...args: string[]): Promise<string[]> => {
    const r = await cli(['ls', ...base(), '--state', prod(), '--output', 'name', '--resource-type', 'model', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean).sort();
  };
  const saved = new Map<string, string>();
  const edit = (rel: string, from: string, to: string) => {
    const file = join(dir(), rel);
    const text = readFileSync(file, 'utf8');
    if (!saved.has(rel)) saved.set(rel, text);
    assert.ok(text.includes(from), `${rel} has ${from}`);
    writeFileSync(file, text.replace(from, to));
  };
  const restore = () => {
    for (const [rel, text] of saved) writeFileSync(join(dir(), rel), text);
    saved.clear();
  };
  const compiledChild = () => readFileSync(join(dir(), 'target', 'compiled', 'stately', 'models', 'user_count.sql'), 'utf8');

  it('production builds; right after, nothing is state:modified', async () => {
    const built = await cli(['build', ...base()]);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    mkdirSync(prod());
    cpSync(join(dir(), 'target', 'manifest.json'), join(prod(), 'manifest.json'));
    assert.deepEqual(await names('-s', 'state:modified'), []);
  });

  it('state:modified over edits of a body (with + its child), a config and a contract', async () => {
    edit('models/users.sql', 'select 1', 'select /* reviewed */ 1');
    try {
      assert.deepEqual(await names('-s', 'state:modified+'), ['user_count', 'users']);
      assert.deepEqual(await names('-s', 'state:modified.body'), ['users']);
      assert.deepEqual(await names('-s', 'state:modified.configs'), []);
    } finally {
      restore();
    }
    edit('models/user_count.sql', 'select count', "{{ config(materialized='view') }}\nselect count");
    try {
      assert.deepEqual(await names('-s', 'state:modified.configs'), ['user_count']);
    } finally {
      restore();
    }
    edit('models/schema.yml', 'data_type: varchar', 'data_type: text');
    try {
      assert.deepEqual(await names('-s', 'state:modified.contract'), ['plans']);
      assert.deepEqual(await names('-s', 'state:modified'), ['plans']);
    } finally {
      restore();
    }
  });

  it('--defer runs a child in the empty dev schema against prod\'s parent; a failed deferred run retries deferred', async () => {
    const plain = await cli(['run', ...base(), '--target', 'dev', '-s', 'user_count']);
    assert.equal(plain.code, 1, 'without --defer the parent is missing in dev_alice');
    const deferred = await cli(['run', ...base(), '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod()]);
    assert.equal(deferred.code, 0, deferred.stdout + deferred.stderr);
    assert.match(compiledChild(), /from analytics\.prod\.users\b/);
    assert.equal(Number((await projectRows(dir(), 'select users from analytics.dev_alice.user_count'))[0].USERS), 2);
    edit('models/user_count.sql', 'count(*)', 'count(no_such_column)');
    const broken = await cli(['run', ...base(), '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod()]);
    assert.equal(broken.code, 1);
    restore();
    const retried = await cli(['retry', ...base()]);
    assert.equal(retried.code, 0, retried.stdout + retried.stderr);
    assert.match(compiledChild(), /from analytics\.prod\.users\b/);
  });

  it('once the parent exists in dev, --defer reads it there; --favor-state reads prod', async () => {
    const parent = await cli(['run', ...base(), '--target', 'dev', '-s', 'users']);
    assert.equal(parent.code, 0, parent.stdout + parent.stderr);
    const own = await cli(['run', ...base(), '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod()]);
    assert.equal(own.code, 0, own.stdout + own.stderr);
    assert.match(compiledChild(), /from analytics\.dev_alice\.users\b/);
    const favor = await cli(['run', ...base(), '--target', 'dev', '-s', 'user_count', '--defer', '--favor-state', '--state', prod()]);
    assert.equal(favor.code, 0, favor.stdout + favor.stderr);
    assert.match(compiledChild(), /from analytics\.prod\.users\b/);
    rmSync(prod(), { recursive: true, force: true });
  });
});
