// `bronze check`'s stored result (client/src/cli/check-cache.ts): served only while everything the check read reads
// the same. Each kind of edit must invalidate it, and what the check then prints must equal a from-scratch check.
import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatCheck, runCheck, type CheckOptions, type CheckResult } from '../../client/src/cli/check';
import { checkCachePath, checkCacheStats } from '../../client/src/cli/check-cache';
import { ruleCachePath } from '../../server/src/analysis/rule-cache';
import { flushParseCacheSaves, parseCacheTuning } from '../../server/src/project/parse-cache';

const PROJECT: Record<string, string> = {
  'dbt_project.yml': "name: cache_demo\nversion: '1.0.0'\nconfig-version: 2\nprofile: cache_demo\nmodels:\n  cache_demo:\n    +materialized: view\n    +schema: \"{{ env_var('CACHE_DEMO_SCHEMA', 'plain') }}\"\n",
  'models/a.sql': 'select 1 as id, 2 as amount\n',
  'models/b.sql': "select id from {{ ref('a') }}\n",
  'models/c.sql': "select * from {{ ref('missing_one') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique, not_null]\n',
  'seeds/s.csv': 'id,name\n1,x\n',
};
const PROFILES = 'cache_demo:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: x.duckdb\n';

let work: string;
let minFiles: number;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'bronze-check-cache-'));
  // The fixture is small; the cache is kept for projects of parseCacheTuning.minFiles files or more.
  minFiles = parseCacheTuning.minFiles;
  parseCacheTuning.minFiles = 0;
});
after(() => {
  parseCacheTuning.minFiles = minFiles;
  rmSync(work, { recursive: true, force: true });
});

let n = 0;
function project(): { root: string; profiles: string } {
  const root = path.join(work, `p${n++}`);
  for (const [rel, text] of Object.entries(PROJECT)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  const profiles = `${root}-profiles`;
  mkdirSync(profiles, { recursive: true });
  writeFileSync(path.join(profiles, 'profiles.yml'), PROFILES);
  return { root, profiles };
}

/** The check's output as the CLI prints it (JSON and exit status). */
function shown(r: CheckResult): string {
  return `${formatCheck(r, 'json')}exit ${r.exitCode}\n${r.error ?? ''}`;
}

/** One check, and whether the stored result answered it. */
async function check(opts: CheckOptions): Promise<{ out: string; hit: boolean }> {
  const hits = checkCacheStats.hits;
  const r = await runCheck(opts);
  return { out: shown(r), hit: checkCacheStats.hits > hits };
}

/** A check of a copy of the project as it is now, with no cache of any kind. */
async function fromScratch(root: string, opts: CheckOptions): Promise<string> {
  const copy = `${root}-scratch${n++}`;
  cpSync(root, copy, { recursive: true, filter: (src) => !src.startsWith(path.join(root, 'target')) && !src.startsWith(path.join(root, '.bronze')) });
  const out = shown(await runCheck({ ...opts, projectDir: copy, resultCache: false }));
  rmSync(copy, { recursive: true, force: true });
  return out.split(copy).join(root);
}

/** Cold check, a warm hit, `edit`, then the check after it: a miss that prints what a from-scratch check prints. */
async function invalidatedBy(edit: (root: string, profiles: string) => void, opts: (root: string, profiles: string) => CheckOptions = (root, profiles) => ({ projectDir: root, profilesDir: profiles, env: {} })): Promise<{ before: string; after: string }> {
  const { root, profiles } = project();
  const o = opts(root, profiles);
  const cold = await check(o);
  assert.equal(cold.hit, false);
  const warm = await check(o);
  assert.equal(warm.hit, true, 'an unchanged project is answered from the stored result');
  assert.equal(warm.out, cold.out);
  edit(root, profiles);
  const next = await check(opts(root, profiles));
  assert.equal(next.hit, false, 'the edit invalidates the stored result');
  assert.equal(next.out, await fromScratch(root, opts(root, profiles)));
  const again = await check(opts(root, profiles));
  assert.equal(again.hit, true, 'the new result is stored');
  assert.equal(again.out, next.out);
  return { before: cold.out, after: next.out };
}

describe('bronze check: the stored result', () => {
  it('an unchanged project is answered from it, byte for byte', async () => {
    const { root, profiles } = project();
    const cold = await check({ projectDir: root, profilesDir: profiles, env: {} });
    assert.match(cold.out, /bronze\/unknown-ref/);
    const warm = await check({ projectDir: root, profilesDir: profiles, env: {} });
    assert.equal(warm.hit, true);
    assert.equal(warm.out, cold.out);
    // The store's folder tells git to ignore it.
    assert.equal(readFileSync(path.join(path.dirname(checkCachePath(root)), '.gitignore'), 'utf8').split('\n').includes('*'), true);
    // The severity filter applies to the stored (unfiltered) list.
    const errors = await runCheck({ projectDir: root, profilesDir: profiles, env: {}, minSeverity: 'error' });
    assert.equal(shown(errors), shown(await runCheck({ projectDir: root, profilesDir: profiles, env: {}, minSeverity: 'error', resultCache: false })));
  });

  it('a model edit invalidates it (the fix of an unknown ref disappears from the output)', async () => {
    const r = await invalidatedBy((root) => writeFileSync(path.join(root, 'models', 'c.sql'), "select * from {{ ref('a') }}\n"));
    assert.match(r.before, /missing_one/);
    assert.doesNotMatch(r.after, /missing_one/);
  });

  it('a schema.yml edit invalidates it', async () => {
    const r = await invalidatedBy((root) => appendFileSync(path.join(root, 'models', 'schema.yml'), "  - name: not_a_model\n    description: x\n"));
    assert.notEqual(r.after, r.before);
  });

  it('a new model file invalidates it (the listing changed)', async () => {
    await invalidatedBy((root) => writeFileSync(path.join(root, 'models', 'd.sql'), "select * from {{ ref('also_missing') }}\n"));
  });

  it('a deleted model file invalidates it', async () => {
    const r = await invalidatedBy((root) => unlinkSync(path.join(root, 'models', 'c.sql')));
    assert.doesNotMatch(r.after, /missing_one/);
  });

  it('a stray .sql file outside the model paths invalidates it', async () => {
    await invalidatedBy((root) => writeFileSync(path.join(root, 'stray.sql'), 'select 1\n'));
  });

  it('a seed edit invalidates it', async () => {
    await invalidatedBy((root) => writeFileSync(path.join(root, 'seeds', 's.csv'), 'id,name\n1,x,extra\n'));
  });

  it('a profiles.yml outside the project invalidates it', async () => {
    const r = await invalidatedBy((_root, profiles) => writeFileSync(path.join(profiles, 'profiles.yml'), PROFILES.replace('target: dev', 'target: nope')));
    assert.notEqual(r.after, r.before);
  });

  it('an installed package appearing invalidates it', async () => {
    await invalidatedBy((root) => {
      mkdirSync(path.join(root, 'dbt_packages', 'pkg', 'macros'), { recursive: true });
      writeFileSync(path.join(root, 'dbt_packages', 'pkg', 'dbt_project.yml'), "name: pkg\nversion: '1.0.0'\nconfig-version: 2\n");
      writeFileSync(path.join(root, 'dbt_packages', 'pkg', 'macros', 'm.sql'), '{% macro m() %}1{% endmacro %}\n');
    });
  });

  it('an environment variable the check read invalidates it; another does not', async () => {
    const { root, profiles } = project();
    const env: Record<string, string | undefined> = { UNRELATED: 'one' };
    const opts = () => ({ projectDir: root, profilesDir: profiles, env: { ...env } });
    const cold = await check(opts());
    assert.equal((await check(opts())).hit, true);
    env.UNRELATED = 'two';
    assert.equal((await check(opts())).hit, true, 'a variable nothing read is no dependency');
    env.CACHE_DEMO_SCHEMA = 'secret-value-1';
    const changed = await check(opts());
    assert.equal(changed.hit, false, 'env_var() read CACHE_DEMO_SCHEMA');
    assert.equal(changed.out, cold.out);
    // Values are never written: the store keeps salted hashes.
    assert.doesNotMatch(readFileSync(checkCachePath(root), 'utf8'), /secret-value-1/);
    assert.equal((await check(opts())).hit, true);
  });

  it('other options (--vars, --target) do not reuse it', async () => {
    const { root, profiles } = project();
    await check({ projectDir: root, profilesDir: profiles, env: {} });
    assert.equal((await check({ projectDir: root, profilesDir: profiles, env: {}, vars: { x: 1 } })).hit, false);
    assert.equal((await check({ projectDir: root, profilesDir: profiles, env: {}, target: 'dev' })).hit, false);
  });

  it('a corrupt or truncated store is ignored and replaced', async () => {
    const { root, profiles } = project();
    const opts = { projectDir: root, profilesDir: profiles, env: {} };
    const cold = await check(opts);
    const file = checkCachePath(root);
    const text = readFileSync(file, 'utf8');
    for (const bad of ['not json', text.slice(0, Math.floor(text.length / 2)), text.replace('"inputs":[', '"inputs":[{"k":"read","p":7},'), '{}', 'null']) {
      writeFileSync(file, bad);
      const r = await check(opts);
      assert.equal(r.hit, false);
      assert.equal(r.out, cold.out);
      assert.equal((await check(opts)).hit, true, 'rewritten after the full check');
    }
  });

  it('a check writes nothing into the project after it returns (its rule cache is saved before)', async () => {
    // The rule cache's save was deferred (as a language server's is): it landed after runCheck had returned,
    // recreating the target folder of a project the caller had just deleted, or racing its rmSync (ENOTEMPTY).
    const { root, profiles } = project();
    const delay = parseCacheTuning.saveDelayMs;
    parseCacheTuning.saveDelayMs = 60_000;
    try {
      await runCheck({ projectDir: root, profilesDir: profiles, env: {}, resultCache: false });
      assert.equal(existsSync(ruleCachePath(root, 'target')), true, 'the rule cache is on disk when the check returns');
    } finally {
      flushParseCacheSaves();
      parseCacheTuning.saveDelayMs = delay;
    }
  });

  it('the stored inputs are the files the check read: a file nothing reads is no dependency', async () => {
    const { root, profiles } = project();
    const opts = { projectDir: root, profilesDir: profiles, env: {} };
    await check(opts);
    writeFileSync(path.join(root, 'README.md'), 'notes\n');
    mkdirSync(path.join(root, 'target', 'run'), { recursive: true });
    writeFileSync(path.join(root, 'target', 'run', 'x.sql'), 'select 1\n');
    assert.equal((await check(opts)).hit, false, 'a new file in the project root changes its listing');
    assert.equal((await check(opts)).hit, true);
    writeFileSync(path.join(root, 'target', 'run', 'x.sql'), 'select 2\n');
    assert.equal((await check(opts)).hit, true, 'target/ is not read');
  });
});
