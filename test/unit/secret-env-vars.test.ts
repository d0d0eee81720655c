// DBT_ENV_SECRET_* variables as dbt treats them: env_var() of one anywhere but profiles.yml and packages.yml fails at
// parse (dbt-core SecretEnvVarLocationError, core/dbt/exceptions.py), and their values are scrubbed from output
// (dbt-core env_secrets()/scrub_secrets). Bronze returned the value: `select '{{ env_var("DBT_ENV_SECRET_TOKEN") }}'`
// put the token into compiled SQL, target/ and the terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../client/src/cli';
import { secretScrubber } from '../../server/src/core/secrets';

const TOKEN = 'tok-9f3c1e77-secret';

async function layout(modelSql: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-secret-env-'));
  await mkdir(path.join(dir, 'models'), { recursive: true });
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\n');
  await writeFile(path.join(dir, 'models', 'leaky.sql'), modelSql);
  await writeFile(path.join(dir, 'models', 'fine.sql'), 'select 1 as id\n');
  return dir;
}

async function run(argv: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await main(argv, { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) });
  return { code, text: lines.join('\n') };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath ?? dir, e.name));
  return out;
}

test('env_var() of a DBT_ENV_SECRET_ variable in a model fails as dbt fails it, in compile and in check, and the value is written nowhere', async (t) => {
  const dir = await layout(`select '{{ env_var("DBT_ENV_SECRET_TOKEN") }}' as token\n`);
  process.env.DBT_ENV_SECRET_TOKEN = TOKEN;
  t.after(async () => {
    delete process.env.DBT_ENV_SECRET_TOKEN;
    await rm(dir, { recursive: true, force: true });
  });
  const message = "Secret env vars are allowed only in profiles.yml or packages.yml. Found 'DBT_ENV_SECRET_TOKEN' referenced elsewhere.";
  const compiled = await run(['compile', '--project-dir', dir]);
  assert.notEqual(compiled.code, 0, compiled.text);
  assert.ok(compiled.text.includes(message), compiled.text);
  const checked = await run(['check', '--project-dir', dir, '--no-daemon']);
  assert.notEqual(checked.code, 0, checked.text);
  assert.ok(checked.text.includes(message), checked.text);
  assert.match(checked.text, /leaky\.sql/, checked.text);
  for (const { text } of [compiled, checked]) assert.ok(!text.includes(TOKEN), text);
  for (const file of await filesUnder(dir)) assert.ok(!(await readFile(file, 'utf8')).includes(TOKEN), file);
});

test('a plain env_var() still reads its variable (only the secret prefix is refused)', async (t) => {
  const dir = await layout(`select '{{ env_var("BRONZE_TEST_PLAIN_VAR") }}' as v\n`);
  process.env.BRONZE_TEST_PLAIN_VAR = 'plain-value';
  t.after(async () => {
    delete process.env.BRONZE_TEST_PLAIN_VAR;
    await rm(dir, { recursive: true, force: true });
  });
  const compiled = await run(['compile', '--project-dir', dir, '--select', 'leaky']);
  assert.equal(compiled.code, 0, compiled.text);
  const [file] = (await filesUnder(path.join(dir, 'target', 'compiled'))).filter((f) => f.endsWith('leaky.sql'));
  assert.match(await readFile(file, 'utf8'), /'plain-value' as v/);
});

test('the scrubber masks the target secrets (a numeric password too) and every DBT_ENV_SECRET_ value, longest first', () => {
  const scrub = secretScrubber(
    { password: 123456, token: 'abc', user: 'alice' },
    { DBT_ENV_SECRET_GIT: 'ghp_longtoken', DBT_ENV_SECRET_SHORT: 'ghp_long', DBT_ENV_SECRET_BLANK: '  ', OTHER: 'visible' },
  );
  assert.equal(scrub('p=123456 t=abc git=https://ghp_longtoken@host s=ghp_long u=alice o=visible'), 'p=**** t=**** git=https://****@host s=**** u=alice o=visible');
  assert.equal(secretScrubber(undefined, {})('nothing to hide'), 'nothing to hide');
});
