import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError, intFlag, invocationCommand } from '../../client/src/cli/args';
import { dbtWhich } from '../../client/src/cli/context';

const vars = (text: string) => JSON.parse(text) as Record<string, unknown>;

test('parses common and command flags, dbt style', () => {
  const a = parseArgs(['run', '-s', 'bz_users+', 'tag:pii', '--exclude', 'bz_licenses', '--threads', '4', '--full-refresh', '--target=local', '--vars', '{"lookback_days": 3}'], vars);
  assert.equal(a.command, 'run');
  assert.deepEqual(a.select, ['bz_users+', 'tag:pii']);
  assert.deepEqual(a.exclude, ['bz_licenses']);
  assert.equal(a.threads, 4);
  assert.equal(a.fullRefresh, true);
  assert.equal(a.target, 'local');
  assert.deepEqual(a.vars, { lookback_days: 3 });
});

test('positionals and command flags', () => {
  const a = parseArgs(['demo', 'out', '--rows', '500', '--next-batch'], vars);
  assert.deepEqual(a.positionals, ['out']);
  assert.equal(intFlag(a, '--rows', 10000, 1), 500);
  assert.equal(a.flags.get('--next-batch'), true);
});

test('usage errors name the problem', () => {
  assert.throws(() => parseArgs(['frobnicate'], vars), (e: unknown) => e instanceof UsageError && /unknown command 'frobnicate'/.test(e.message));
  assert.throws(() => parseArgs(['run', '--rows', '3'], vars), /unknown flag '--rows' for 'bronze run'/);
  assert.throws(() => parseArgs(['run', '--threads', 'x'], vars), /--threads takes a whole number/);
  assert.throws(() => parseArgs(['run', '--output', 'xml'], vars), /--output for 'bronze run' takes 'text', 'json', got 'xml'/);
  assert.throws(() => parseArgs(['show', '--limit'], vars), /needs a value/);
  const a = parseArgs(['show', '--limit', '-3'], vars);
  assert.throws(() => intFlag(a, '--limit', 10, 0), /--limit takes a whole number from 0/);
});

test("dbt's flags.INVOCATION_COMMAND is `dbt ` and the words after the program, as given (core/dbt/cli/flags.py)", () => {
  const args = parseArgs(['run', '-s', 'a', 'b', '--full-refresh', '--vars', '{x: 1}'], () => ({ x: 1 }));
  assert.equal(invocationCommand(args), 'dbt run -s a b --full-refresh --vars {x: 1}');
});

test("dbt's flags.WHICH per command: the command's name, a group's subcommand (docs generate, source freshness), parse for check and Bronze's own", () => {
  const which = (argv: string[]) => dbtWhich(parseArgs(argv, () => ({})));
  assert.deepEqual(
    [which(['run']), which(['build']), which(['run-operation', 'm']), which(['docs', 'generate']), which(['source', 'freshness']), which(['check']), which(['sample', '--synthetic']), which(['ls'])],
    ['run', 'build', 'run-operation', 'generate', 'freshness', 'parse', 'parse', 'ls'],
  );
});
