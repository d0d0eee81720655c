// A model that builds its refs in a Jinja loop (staus_analytics' fct_attribution) runs after them with threads > 1:
// before, Bronze missed those refs and ran it first ("Table with name ... does not exist"). A ref computed only
// when executing fails the model as dbt does, naming the hint that fixes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/computed-refs');

test('build with 4 threads: loop-built refs order the run; an execute-only ref fails with the depends_on hint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-computed-refs-'));
  cpSync(FIXTURE, dir, { recursive: true });
  try {
    // events_by_var reads a source (a table no node builds first): not part of this run.
    const out = await cli(['build', '--project-dir', dir, '--exclude', 'events_by_var']);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; message?: string }[] };
    const status = Object.fromEntries(results.results.map((r) => [r.unique_id, r.status]));
    assert.deepEqual(status, {
      'model.computed_refs.all_clicks': 'success',
      'model.computed_refs.clicks_14d': 'success',
      'model.computed_refs.clicks_30d': 'success',
      'model.computed_refs.hinted_ref': 'success',
      'model.computed_refs.late_ref': 'error',
    });
    const late = results.results.find((r) => r.unique_id === 'model.computed_refs.late_ref')!;
    assert.match(late.message ?? '', /unable to infer all dependencies for the model "late_ref"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
