// State comparison and deferral on the demo, as a team's CI and a developer use them: build production once and
// keep its manifest.json; `ls -s state:modified+` after edits of a body, a config, a persisted description and a
// contract; then `--defer` runs a child in an empty development schema reading its parent from production.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, makeDemo, scalar } from './helpers';

describe('--state and --defer on DuckDB', () => {
  let demo: { dir: string; cleanup(): void };
  let dir: string;
  let prod: string;
  const files = new Map<string, string>();

  /** Edits a project file for one check and puts it back afterwards. */
  function edit(rel: string, from: string | RegExp, to: string): void {
    const file = join(dir, rel);
    const text = readFileSync(file, 'utf8');
    if (!files.has(rel)) files.set(rel, text);
    const next = text.replace(from, to);
    assert.notEqual(next, text, `${rel} has ${String(from)}`);
    writeFileSync(file, next);
  }
  function restore(): void {
    for (const [rel, text] of files) writeFileSync(join(dir, rel), text);
    files.clear();
  }
  const names = async (...args: string[]): Promise<string[]> => {
    const r = await cli(['ls', '--project-dir', dir, '--state', prod, '--output', 'name', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean).sort();
  };

  before(async () => {
    demo = await makeDemo(300);
    dir = demo.dir;
    mkdirSync(join(dir, 'models', 'marts'), { recursive: true });
    // A child of a bronze model, documented with persist_docs, and a model with an enforced contract.
    writeFileSync(join(dir, 'models', 'marts', 'user_count.sql'), "{{ config(materialized='table') }}\nselect count(*) as users from {{ ref('bz_users') }}\n");
    writeFileSync(join(dir, 'models', 'marts', 'plan_catalog.sql'), "{{ config(materialized='table') }}\nselect 1 as plan_id, 'Free' as plan_name\n");
    writeFileSync(
      join(dir, 'models', 'marts', 'marts.yml'),
      [
        'version: 2',
        'models:',
        '  - name: user_count',
        '    description: "How many users bronze holds."',
        '    config:',
        '      persist_docs: {relation: true}',
        '  - name: plan_catalog',
        '    config:',
        '      contract: {enforced: true}',
        '    columns:',
        '      - name: plan_id',
        '        data_type: integer',
        '      - name: plan_name',
        '        data_type: varchar',
        '',
      ].join('\n'),
    );
    // A second target on the same file with its own, empty schema: a developer's.
    const profiles = readFileSync(join(dir, 'profiles.yml'), 'utf8');
    writeFileSync(join(dir, 'profiles.yml'), profiles.replace('    snowflake:', '    dev:\n      type: duckdb\n      path: .bronze/local.duckdb\n      schema: dev_alice\n      threads: 2\n    snowflake:'));
    const built = await cli(['build', '--project-dir', dir, '--exclude', 'plan_catalog']);
    assert.equal(built.code, 0, built.stderr);
    // Production's artifacts, kept where CI would keep them.
    prod = join(dir, 'prod-state');
    mkdirSync(prod);
    cpSync(join(dir, 'target', 'manifest.json'), join(prod, 'manifest.json'));
  });
  after(() => demo?.cleanup());

  it('nothing is modified right after the build; everything is old', async () => {
    assert.deepEqual(await names('-s', 'state:modified'), []);
    assert.deepEqual(await names('-s', 'state:new'), []);
    assert.ok((await names('-s', 'state:old', '--resource-type', 'model')).includes('user_count'));
  });

  it('a body edit selects the model and, with +, its child', async () => {
    edit('models/bronze/bz_users.sql', /^select/m, 'select /* reviewed */');
    try {
      assert.deepEqual(await names('-s', 'state:modified+', '--resource-type', 'model'), ['bz_users', 'user_count']);
      assert.deepEqual(await names('-s', 'state:modified.body', '--resource-type', 'model'), ['bz_users']);
      assert.deepEqual(await names('-s', 'state:modified.configs', '--resource-type', 'model'), []);
      // Tests of the model come along with it (eager indirect selection), as dbt's `state:modified+`.
      assert.ok((await names('-s', 'state:modified')).includes('not_null_bz_users_user_id'));
    } finally {
      restore();
    }
  });

  it('a config edit is modified.configs, not modified.body', async () => {
    edit('models/bronze/bz_meetings.sql', "on_schema_change='append_new_columns'", "on_schema_change='fail'");
    try {
      assert.deepEqual(await names('-s', 'state:modified.configs', '--resource-type', 'model'), ['bz_meetings']);
      assert.deepEqual(await names('-s', 'state:modified.body', '--resource-type', 'model'), ['bz_meetings'], 'the config() call is in the file: its text changed too');
      assert.deepEqual(await names('-s', 'state:modified', '--resource-type', 'model'), ['bz_meetings']);
    } finally {
      restore();
    }
    edit('models/bronze/schema.yml', /( {2}- name: bz_meetings\n)/, '$1    config:\n      tags: [reviewed]\n');
    try {
      assert.deepEqual(await names('-s', 'state:modified', '--resource-type', 'model'), [], 'tags are not a config change in dbt');
    } finally {
      restore();
    }
  });

  it('a description is modified only where persist_docs writes it', async () => {
    edit('models/marts/marts.yml', 'How many users bronze holds.', 'Users in bronze.');
    edit('models/bronze/schema.yml', /(- name: bz_meetings\n\s+description: ")/, '$1Edited. ');
    try {
      assert.deepEqual(await names('-s', 'state:modified', '--resource-type', 'model'), ['user_count']);
      assert.deepEqual(await names('-s', 'state:modified.persisted_descriptions', '--resource-type', 'model'), ['user_count']);
    } finally {
      restore();
    }
  });

  it('a contract column type change is modified.contract', async () => {
    edit('models/marts/marts.yml', 'data_type: varchar', 'data_type: text');
    try {
      assert.deepEqual(await names('-s', 'state:modified.contract'), ['plan_catalog']);
      assert.deepEqual(await names('-s', 'state:modified', '--resource-type', 'model'), ['plan_catalog']);
    } finally {
      restore();
    }
  });

  it('a new model is state:new and state:modified', async () => {
    writeFileSync(join(dir, 'models', 'marts', 'late_model.sql'), "select * from {{ ref('user_count') }}\n");
    try {
      assert.deepEqual(await names('-s', 'state:new'), ['late_model']);
      assert.deepEqual(await names('-s', 'state:modified', '--resource-type', 'model'), ['late_model']);
    } finally {
      const { rmSync } = await import('node:fs');
      rmSync(join(dir, 'models', 'marts', 'late_model.sql'));
    }
  });

  it('state: without --state, and --state without a manifest, are usage errors that say what to pass', async () => {
    const noState = await cli(['ls', '--project-dir', dir, '-s', 'state:modified']);
    assert.equal(noState.code, 2);
    assert.match(noState.stderr, /pass --state DIR/);
    const missing = await cli(['ls', '--project-dir', dir, '-s', 'state:modified', '--state', join(dir, 'nowhere')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--state .*nowhere: no such folder/);
    const deferAlone = await cli(['run', '--project-dir', dir, '--defer', '-s', 'user_count']);
    assert.equal(deferAlone.code, 2);
    assert.match(deferAlone.stderr, /--defer needs the manifest to defer to/);
  });

  it('--defer runs a child in an empty dev schema against the state relation of its parent', async () => {
    const plain = await cli(['run', '--project-dir', dir, '--target', 'dev', '-s', 'user_count']);
    assert.equal(plain.code, 1, 'without --defer the parent is missing in dev_alice');
    // run --dry-run reads parents the same way.
    const dryPlain = await cli(['run', '--dry-run', '--project-dir', dir, '--target', 'dev', '-s', 'user_count']);
    assert.equal(dryPlain.code, 1, 'dry run without --defer cannot read the parent');
    const dryDeferred = await cli(['run', '--dry-run', '--project-dir', dir, '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod, '--output', 'json']);
    assert.equal(dryDeferred.code, 0, dryDeferred.stdout + dryDeferred.stderr);
    assert.equal((JSON.parse(dryDeferred.stdout) as { models: Array<{ impact: { inserted: number } }> }).models[0].impact.inserted, 1);
    const deferred = await cli(['run', '--project-dir', dir, '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod]);
    assert.equal(deferred.code, 0, deferred.stderr);
    const compiled = readFileSync(join(dir, 'target', 'compiled', 'zoom_bronze', 'models', 'marts', 'user_count.sql'), 'utf8');
    assert.match(compiled, /from local\.bronze\.bz_users\b/);
    assert.equal(await scalar(dir, 'select users from dev_alice.user_count'), await scalar(dir, 'select count(*) from bronze.bz_users'));
    // A deferred run that failed is retried deferred (run_results.json keeps --state and --defer).
    edit('models/marts/user_count.sql', 'count(*)', 'count(no_such_column)');
    const broken = await cli(['run', '--project-dir', dir, '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod]);
    assert.equal(broken.code, 1);
    restore();
    const retried = await cli(['retry', '--project-dir', dir]);
    assert.equal(retried.code, 0, retried.stderr);
    // compile defers the same way.
    const c = await cli(['compile', '--project-dir', dir, '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(readFileSync(join(dir, 'target', 'compiled', 'zoom_bronze', 'models', 'marts', 'user_count.sql'), 'utf8'), /from local\.bronze\.bz_users\b/);
    // show --inline resolves its refs the same way.
    const shown = await cli(['show', '--project-dir', dir, '--target', 'dev', '--inline', "select count(*) as n from {{ ref('bz_users') }}", '--defer', '--state', prod, '--output', 'json']);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(Number((JSON.parse(shown.stdout) as Array<{ N: unknown }>)[0].N), await scalar(dir, 'select count(*) from bronze.bz_users'));
  });

  it('once the parent exists in dev, --defer reads it there; --favor-state still reads the state relation', async () => {
    const parent = await cli(['run', '--project-dir', dir, '--target', 'dev', '-s', 'bz_users']);
    assert.equal(parent.code, 0, parent.stderr);
    const compiledPath = join(dir, 'target', 'compiled', 'zoom_bronze', 'models', 'marts', 'user_count.sql');
    const own = await cli(['run', '--project-dir', dir, '--target', 'dev', '-s', 'user_count', '--defer', '--state', prod]);
    assert.equal(own.code, 0, own.stderr);
    assert.match(readFileSync(compiledPath, 'utf8'), /from local\.dev_alice\.bz_users\b/);
    const favor = await cli(['run', '--project-dir', dir, '--target', 'dev', '-s', 'user_count', '--defer', '--favor-state', '--state', prod]);
    assert.equal(favor.code, 0, favor.stderr);
    assert.match(readFileSync(compiledPath, 'utf8'), /from local\.bronze\.bz_users\b/);
    // A selected parent is built here and read here, whatever --favor-state says.
    const both = await cli(['run', '--project-dir', dir, '--target', 'dev', '-s', '+user_count', '--exclude', 'source:*', '--defer', '--favor-state', '--state', prod]);
    assert.equal(both.code, 0, both.stderr);
    assert.match(readFileSync(compiledPath, 'utf8'), /from local\.dev_alice\.bz_users\b/);
  });
});
