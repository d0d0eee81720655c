// A model whose macro refs a seed (dbt_project_evaluator's filter_exceptions pattern) runs after that seed with
// threads > 1: before, it ran first and failed with "Table with name audit_exceptions does not exist".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/packages/macro-refs');

test('build with 4 threads: a model whose macro refs a seed runs after the seed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-macro-refs-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const t = { dir };
  try {
    const out = await cli(['build', '--project-dir', t.dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const results = JSON.parse(readFileSync(join(t.dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    assert.deepEqual(results.results.filter((r) => r.status !== 'success').map((r) => r.unique_id), []);
    assert.equal(results.results.length, 6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
