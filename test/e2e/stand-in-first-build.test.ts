// A model the twin refuses by name whose config says `full_refresh: false`, built over the stand-in `bronze sample
// --synthetic` wrote: the build is its first (on Snowflake the relation would not exist, so is_incremental() is false),
// so it fails with its own refusal, not in an incremental branch that reads a table no build wrote; its child runs on
// the stand-in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from './helpers';

const dir = tempProject('bronze-stand-in-first-', {
  'dbt_project.yml': "name: first_build\nversion: '1.0.0'\nconfig-version: 2\nprofile: first_build\n",
  'profiles.yml': 'first_build:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: .bronze/local.duckdb\n      schema: analytics\n',
  'models/sources.yml': [
    'version: 2',
    'sources:',
    '  - name: raw',
    '    tables:',
    '      - name: blocks',
    '        columns:',
    '          - name: block_id',
    '            data_type: number',
    '            tests: [unique, not_null]',
    '',
  ].join('\n'),
  // HASH is refused by name on the twin; the incremental branch reads a relation nothing in the project builds.
  'models/block_calls.sql': [
    "{{ config(materialized='incremental', full_refresh=false) }}",
    'select block_id, hash(block_id) as call_key',
    "from {{ source('raw', 'blocks') }}",
    '{% if is_incremental() %}',
    'where block_id not in (select block_id from other_schema.never_built)',
    '{% endif %}',
    '',
  ].join('\n'),
  'models/block_keys.sql': "{{ config(materialized='table') }}\nselect block_id, call_key from {{ ref('block_calls') }}\n",
});

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

describe('a stand-in replaced by a model with full_refresh: false', () => {
  test('builds as a first run: the model fails by its refusal, its child runs on the stand-in', async () => {
    const sampled = await cli(['sample', '--synthetic', '--rows', '20', '--project-dir', dir()]);
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stderr, /sampled stand-in for model block_calls \(the twin refuses HASH/);

    const built = await cli(['build', '--project-dir', dir()]);
    assert.equal(built.code, 1, built.stderr);
    assert.doesNotMatch(built.stderr, /never_built|Catalog Error/i);
    const results = new Map(
      (JSON.parse(readFileSync(join(dir(), 'target', 'run_results.json'), 'utf8')) as { results: Result[] }).results.map((r) => [r.unique_id.split('.').slice(2).join('.'), r]),
    );
    const calls = results.get('block_calls');
    assert.equal(calls?.status, 'error');
    assert.match(calls?.message ?? '', /HASH \(Snowflake's 64-bit hash differs from DuckDB's\) is not supported on the DuckDB target/);
    assert.equal(results.get('block_keys')?.status, 'success', JSON.stringify(results.get('block_keys')));
  });
});
