// test/fixtures/foreign-udf on DuckDB: an on-run-start hook creating a Python and a JavaScript UDF succeeds; a model
// that evaluates a call fails with a located error naming the function; models that do not, build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/foreign-udf');

test('build: the UDF hook runs, a call fails by name at the model, the rest builds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-foreign-udf-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const out = await cli(['build', '--project-dir', dir]);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const text = out.stdout + out.stderr;
    assert.match(text, /models\/parsed\.sql:\d+:\d+: error parsed: Function PARSE_QS \(a Snowflake PYTHON UDF: .*\) is not supported on the DuckDB target .*bronze\/unsupported-on-duckdb/);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    const status = Object.fromEntries(results.results.map((r) => [r.unique_id.split('.').pop(), r.status]));
    assert.deepEqual(status, { plain: 'success', parsed: 'error', parsed_none: 'success' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
