// Unit tests of a versioned model on a snowflake target (real snowflake-sdk → emulator): every version's copy
// of a test runs that version's SQL; one that holds for v2 only fails on v1 with the row diff.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { VERSIONED_FILES } from '../helpers/versioned-unit-tests';
import { cli, writeFiles } from '../e2e/helpers';
import { emulatorProfile, emulatorProject } from './helpers';

describe('unit tests of a versioned model on a snowflake target (real driver → emulator)', () => {
  const project = emulatorProject('bronze-sf-unit-versions-', (d, port) => writeFiles(d, { ...VERSIONED_FILES, 'profiles.yml': emulatorProfile('verso', port, 'marts') }));
  const statuses = () =>
    Object.fromEntries(
      (JSON.parse(readFileSync(join(project(), 'target', 'run_results.json'), 'utf8')) as { results: Array<{ unique_id: string; status: string }> }).results.map((r) => [r.unique_id.replace('unit_test.verso.customers.', ''), r.status]),
    );
  const test = (...args: string[]) => cli(['test', '--project-dir', project(), '--profiles-dir', project(), ...args]);

  it('each version\'s copy runs, include/exclude choose; a test true of v2 only fails on v1', async () => {
    const r = await test('-s', 'test_type:unit');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(statuses(), { keeps_ids_v1: 'pass', keeps_ids_v2: 'pass', upper_names_v2: 'pass', plain_names_v1: 'pass' });
    const yml = join(project(), 'models', 'unit_tests.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace('    versions: {include: [2]}\n', ''));
    const both = await test('-s', 'upper_names');
    assert.equal(both.code, 1);
    assert.deepEqual(statuses(), { upper_names_v1: 'fail', upper_names_v2: 'pass' });
    assert.match(both.stdout + both.stderr, /actual differs from expected/);
  });
});
