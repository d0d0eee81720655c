// The options' environment variables the CLI reads into its own flags (click's envvar: the command line first, an
// empty variable unset, a value click refuses a usage error), as dbt-core's core/dbt/cli/params.py declares them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError, flagState } from '../../client/src/cli/args';
import { parseVars } from '../../client/src/cli/vars';
import { applyFlagEnv } from '../../client/src/cli/flag-env';

const read = (argv: string[], env: Record<string, string>) => {
  const args = parseArgs(argv, parseVars);
  applyFlagEnv(args, env);
  return args;
};

test('DBT_FULL_REFRESH, DBT_WARN_ERROR, DBT_FAIL_FAST, DBT_STORE_FAILURES, DBT_EMPTY where the command has the option', () => {
  const env = { DBT_FULL_REFRESH: 'yes', DBT_WARN_ERROR: 'false', DBT_FAIL_FAST: '1', DBT_STORE_FAILURES: 'TRUE', DBT_EMPTY: 'on' };
  const build = read(['build'], env);
  assert.deepEqual([build.fullRefresh, flagState(build, '--warn-error'), flagState(build, '--fail-fast'), build.flags.get('--store-failures'), build.flags.get('--empty')], [true, false, true, true, true]);
  // dbt test has neither --full-refresh nor --empty; run has no --store-failures.
  const t = read(['test'], env);
  assert.deepEqual([t.fullRefresh, t.flags.has('--empty'), t.flags.get('--store-failures')], [false, false, true]);
  assert.equal(read(['run'], env).flags.has('--store-failures'), false);
  // The command line wins; an empty variable is unset.
  assert.equal(flagState(read(['run', '--warn-error'], env), '--warn-error'), true);
  assert.equal(flagState(read(['run'], { DBT_WARN_ERROR: '' }), '--warn-error'), undefined);
});

test('DBT_PROJECT_DIR and DBT_TARGET stand for --project-dir and --target', () => {
  const args = read(['run'], { DBT_PROJECT_DIR: '/p', DBT_TARGET: 'prod' });
  assert.deepEqual([args.projectDir, args.target], ['/p', 'prod']);
  const given = read(['run', '--project-dir', '/q', '-t', 'dev'], { DBT_PROJECT_DIR: '/p', DBT_TARGET: 'prod' });
  assert.deepEqual([given.projectDir, given.target], ['/q', 'dev']);
});

test('a value click refuses is a usage error naming the variable', () => {
  assert.throws(() => read(['run'], { DBT_FAIL_FAST: 'sometimes' }), (e: unknown) => e instanceof UsageError && /DBT_FAIL_FAST: Invalid value for '--fail-fast': 'sometimes' is not a valid boolean\./.test(e.message));
  // `bronze --help` reads none.
  assert.doesNotThrow(() => read(['--help'], { DBT_FAIL_FAST: 'sometimes' }));
});
