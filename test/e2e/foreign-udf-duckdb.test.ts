// test/fixtures/foreign-udf on DuckDB: an on-run-start hook creating a Python and a JavaScript UDF, an external
// function and a stored procedure succeeds; a model that evaluates a call (or CALLs the procedure in a post-hook)
// fails with a located error naming it; models that do not (a view over the external function too), build.
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
    assert.match(text, /models\/decoded\.sql:\d+:\d+: error decoded: Function DECODE_ADDR \(a Snowflake EXTERNAL function: .*\) is not supported on the DuckDB target .*bronze\/unsupported-on-duckdb/);
    assert.match(text, /models\/refreshed\.sql:\d+:\d+: error refreshed: Procedure REFRESH_LABELS \(a Snowflake stored procedure: .*\) is not supported on the DuckDB target/);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    const status = Object.fromEntries(results.results.map((r) => [r.unique_id.split('.').pop(), r.status]));
    assert.deepEqual(status, { plain: 'success', parsed: 'error', parsed_none: 'success', decoded: 'error', decoded_view: 'success', refreshed: 'error' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
