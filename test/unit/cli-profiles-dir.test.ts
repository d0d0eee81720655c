// `--profiles-dir` as dbt reads it. dbt declares the option `click.Path(exists=True)`: a relative folder is read from the
// working directory, and one that does not exist is a usage error. Bronze read a relative folder from the project
// and, finding no profiles.yml there, went on silently with the embedded DuckDB default: `bronze test --project-dir p
// --profiles-dir prof` ran pretium_semantic_layer's schema-contract test against `local.main` instead of the
// profile's ANALYTICS.DBT_DEV, with no word said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../client/src/cli';

async function layout(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-profiles-dir-'));
  await mkdir(path.join(dir, 'p', 'models'), { recursive: true });
  await mkdir(path.join(dir, 'prof'));
  await writeFile(path.join(dir, 'p', 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'p', 'models', 'one.sql'), 'select 1 as id\n');
  await writeFile(path.join(dir, 'prof', 'profiles.yml'), 'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dev_from_prof.duckdb\n      schema: from_prof\n');
  return dir;
}

async function run(cwd: string, argv: string[]): Promise<{ code: number; text: string }> {
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const lines: string[] = [];
    const code = await main(argv, { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) });
    return { code, text: lines.join('\n') };
  } finally {
    process.chdir(before);
  }
}

test('a relative --profiles-dir is read from the working directory, as dbt reads it', async (t) => {
  const dir = await layout();
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { code, text } = await run(dir, ['debug', '--project-dir', 'p', '--profiles-dir', 'prof']);
  assert.equal(code, 0, text);
  assert.ok(text.includes(`profiles:  ${path.join(dir, 'prof', 'profiles.yml')}`), text);
  assert.match(text, /schema: from_prof/, text);
});

test('a --profiles-dir that does not exist is a usage error (exit 2), not a silent run on the default target', async (t) => {
  const dir = await layout();
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const command of [['ls'], ['check'], ['generate', 'yaml', '-s', 'one']]) {
    const { code, text } = await run(dir, [...command, '--project-dir', 'p', '--profiles-dir', 'nowhere']);
    assert.equal(code, 2, `${command[0]}: ${text}`);
    assert.ok(text.includes(`--profiles-dir nowhere: the folder ${path.join(dir, 'nowhere')} does not exist`), `${command[0]}: ${text}`);
  }
});

test('DBT_PROFILES_DIR is the same option: relative to the working directory, and a missing folder is a usage error', async (t) => {
  const dir = await layout();
  const before = process.env.DBT_PROFILES_DIR;
  t.after(async () => {
    if (before === undefined) delete process.env.DBT_PROFILES_DIR;
    else process.env.DBT_PROFILES_DIR = before;
    await rm(dir, { recursive: true, force: true });
  });
  process.env.DBT_PROFILES_DIR = 'prof';
  const found = await run(dir, ['debug', '--project-dir', 'p']);
  assert.equal(found.code, 0, found.text);
  assert.match(found.text, /schema: from_prof/, found.text);
  process.env.DBT_PROFILES_DIR = 'nowhere';
  const missing = await run(dir, ['ls', '--project-dir', 'p']);
  assert.equal(missing.code, 2, missing.text);
  assert.ok(missing.text.includes(`DBT_PROFILES_DIR=nowhere: the folder ${path.join(dir, 'nowhere')} does not exist`), missing.text);
  // --profiles-dir wins over the variable.
  const flag = await run(dir, ['debug', '--project-dir', 'p', '--profiles-dir', 'prof']);
  assert.equal(flag.code, 0, flag.text);
});

test("profiles.yml's env_var('X', default=…) is read as dbt reads it: the default by name", async (t) => {
  const dir = await layout();
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    path.join(dir, 'prof', 'profiles.yml'),
    "p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dev_from_prof.duckdb\n      schema: \"{{ env_var('BRONZE_TEST_UNSET_SCHEMA', default='kw_default') }}\"\n      threads: \"{{ env_var(var='BRONZE_TEST_UNSET_THREADS', default=3) }}\"\n",
  );
  const { code, text } = await run(dir, ['debug', '--project-dir', 'p', '--profiles-dir', 'prof']);
  assert.equal(code, 0, text);
  assert.match(text, /schema: kw_default/, text);
  assert.match(text, /threads: 3/, text);
});
