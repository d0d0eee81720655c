// The CLI's state flags and dbt's environment variables for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../client/src/cli/args';
import { stateRequest } from '../../client/src/cli/state';

const args = (...argv: string[]) => parseArgs(argv, () => ({}));

test('no flag and no variable: no state request', () => {
  assert.equal(stateRequest(args('run'), {}), undefined);
});

test('flags: --state, --defer, --favor-state, --defer-state', () => {
  assert.deepEqual(stateRequest(args('build', '--state', 'prod', '--defer', '--favor-state'), {}), { stateDir: 'prod', deferStateDir: undefined, defer: true, favorState: true });
  assert.deepEqual(stateRequest(args('compile', '--defer', '--defer-state', 'prod'), {}), { stateDir: undefined, deferStateDir: 'prod', defer: true, favorState: false });
  assert.deepEqual(stateRequest(args('ls', '--state=prod'), {}), { stateDir: 'prod', deferStateDir: undefined, defer: false, favorState: false });
});

test('DBT_STATE, DBT_DEFER, DBT_FAVOR_STATE as dbt reads them; a flag wins over its variable', () => {
  const env = { DBT_STATE: 'ci-state', DBT_DEFER: 'True', DBT_FAVOR_STATE: '1' };
  assert.deepEqual(stateRequest(args('run'), env), { stateDir: 'ci-state', deferStateDir: undefined, defer: true, favorState: true });
  assert.deepEqual(stateRequest(args('run', '--state', 'mine', '--no-defer'), env), { stateDir: 'mine', deferStateDir: undefined, defer: false, favorState: true });
  assert.deepEqual(stateRequest(args('run', '--no-favor-state'), { DBT_STATE: 's', DBT_FAVOR_STATE: 'false' }), { stateDir: 's', deferStateDir: undefined, defer: false, favorState: false });
  assert.throws(() => stateRequest(args('run'), { DBT_STATE: 's', DBT_DEFER: 'maybe' }), /DBT_DEFER=maybe: expected true or false/);
});

test('--defer without a manifest to defer to is a usage error', () => {
  assert.throws(() => stateRequest(args('run', '--defer'), {}), (e: unknown) => e instanceof UsageError && /pass --state DIR/.test(e.message));
  assert.throws(() => stateRequest(args('run'), { DBT_DEFER: 'true' }), UsageError);
});

test('the state flags are accepted by the commands that select, and refused elsewhere', () => {
  for (const cmd of ['run', 'build', 'test', 'compile', 'ls', 'list', 'seed', 'snapshot']) assert.doesNotThrow(() => args(cmd, '--state', 'x', '--defer'));
  assert.throws(() => args('debug', '--state', 'x'), /unknown flag '--state'/);
});

test('bronze.deferManifest: a manifest.json or its folder, relative to the project or absolute', async () => {
  const { deferStateFolder } = await import('../../client/src/vscode/defer-state');
  assert.equal(deferStateFolder('', '/p'), undefined);
  assert.equal(deferStateFolder('  ', '/p'), undefined);
  assert.equal(deferStateFolder('prod/manifest.json', '/p'), '/p/prod');
  assert.equal(deferStateFolder('/ci/artifacts/manifest.json', '/p'), '/ci/artifacts');
  assert.equal(deferStateFolder('../prod-target', '/work/p'), '/work/prod-target');
});
