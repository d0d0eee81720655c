import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, makeDemo, scalar } from './helpers';

describe('bronze ls, retry and clean on the demo', () => {
  let demo: { dir: string; cleanup(): void };
  before(async () => {
    demo = await makeDemo(300);
  });
  after(() => demo.cleanup());

  it('ls selects like run does and prints dbt selectors, names and JSON', async () => {
    const models = await cli(['ls', '--project-dir', demo.dir, '--resource-type', 'model']);
    assert.equal(models.code, 0, models.stderr);
    const lines = models.stdout.trim().split('\n');
    assert.equal(lines.length, 8);
    assert.ok(lines.includes('zoom_bronze.bronze.bz_users'), lines.join('\n'));
    const sources = await cli(['ls', '--project-dir', demo.dir, '-s', 'source:raw.users', '--resource-type', 'source', '-o', 'name']);
    assert.equal(sources.stdout.trim(), 'raw.users');
    const json = await cli(['ls', '--project-dir', demo.dir, '-s', 'bz_users', '--resource-type', 'model', '-o', 'json', '--output-keys', 'unique_id,resource_type']);
    assert.deepEqual(JSON.parse(json.stdout.trim()), { unique_id: 'model.zoom_bronze.bz_users', resource_type: 'model' });
  });

  it('retry re-runs exactly what failed or was skipped, and then has nothing to do', async () => {
    const model = join(demo.dir, 'models', 'bronze', 'bz_users.sql');
    const good = readFileSync(model, 'utf8');
    writeFileSync(model, good.replace(/\bfrom\b/i, 'from no_such_table_for_retry,'));
    const failed = await cli(['run', '--project-dir', demo.dir, '--threads', '2']);
    assert.equal(failed.code, 1);
    const rr = JSON.parse(readFileSync(join(demo.dir, 'target', 'run_results.json'), 'utf8')) as { results: Array<{ unique_id: string; status: string }> };
    const toRetry = rr.results.filter((r) => r.status !== 'success').map((r) => r.unique_id).sort();
    assert.ok(toRetry.includes('model.zoom_bronze.bz_users'));
    writeFileSync(model, good);
    const retried = await cli(['retry', '--project-dir', demo.dir]);
    assert.equal(retried.code, 0, retried.stderr);
    const rr2 = JSON.parse(readFileSync(join(demo.dir, 'target', 'run_results.json'), 'utf8')) as { results: Array<{ unique_id: string; status: string }> };
    assert.deepEqual(rr2.results.map((r) => r.unique_id).sort(), toRetry);
    assert.ok(rr2.results.every((r) => r.status === 'success'));
    assert.ok((await scalar(demo.dir, 'select count(*) from local.bronze.bz_users')) > 0);
    const nothing = await cli(['retry', '--project-dir', demo.dir]);
    assert.equal(nothing.code, 0);
    assert.match(nothing.stderr, /nothing to do/);
  });

  it('clean deletes target/ and keeps the models', async () => {
    assert.ok(existsSync(join(demo.dir, 'target')));
    const cleaned = await cli(['clean', '--project-dir', demo.dir]);
    assert.equal(cleaned.code, 0, cleaned.stderr);
    assert.equal(existsSync(join(demo.dir, 'target')), false);
    assert.ok(existsSync(join(demo.dir, 'models', 'bronze', 'bz_users.sql')));
    const noRun = await cli(['retry', '--project-dir', demo.dir]);
    assert.equal(noRun.code, 2);
    assert.match(noRun.stderr, /no previous run to retry/);
  });
});

describe('macros on the DuckDB target', () => {
  it('dispatch as Snowflake, whose SQL the target runs: dbt.split_part counts parts as Snowflake does', async () => {
    const demo = await makeDemo(10);
    try {
      const out = await cli(['show', '--project-dir', demo.dir, '--output', 'json', '--inline', `select {{ dbt.split_part("'a_b_c'", "'_'", 2) }} as p, {{ dbt.split_part("'a_b_c'", "'_'", -1) }} as last`]);
      assert.equal(out.code, 0, out.stderr);
      // Snowflake: SPLIT_PART('a_b_c', '_', 2) = 'b', and -1 is the last part. A duckdb__ macro read as Snowflake SQL gave 'c'.
      assert.deepEqual(JSON.parse(out.stdout), [{ P: 'b', LAST: 'c' }]);
    } finally {
      demo.cleanup();
    }
  });
});
