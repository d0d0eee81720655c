// Unit tests of a versioned model (dbt 1.8): a test without `versions:` runs on every version, `include` and
// `exclude` choose among them, each copy named `<test>_v<version>` and run against that version's SQL; a version
// that does not exist, or include with exclude, is a located error.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { VERSIONED_FILES } from '../helpers/versioned-unit-tests';
import { cli, tempProject } from './helpers';

interface Result {
  unique_id: string;
  status: string;
  message: string | null;
}

describe('unit tests of a versioned model on DuckDB', () => {
  const project = tempProject('bronze-unit-versions-', VERSIONED_FILES);
  const yml = () => join(project(), 'models', 'unit_tests.yml');
  const results = (): Result[] => (JSON.parse(readFileSync(join(project(), 'target', 'run_results.json'), 'utf8')) as { results: Result[] }).results;
  const test = (...args: string[]) => cli(['test', '--project-dir', project(), ...args]);
  const statuses = () => Object.fromEntries(results().map((r) => [r.unique_id.replace('unit_test.verso.customers.', ''), r.status]));

  it('a test runs on every version unless versions: include/exclude chooses; each copy runs its version', async () => {
    const r = await test('-s', 'test_type:unit');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(statuses(), { keeps_ids_v1: 'pass', keeps_ids_v2: 'pass', upper_names_v2: 'pass', plain_names_v1: 'pass' });
    const listed = await cli(['ls', '--project-dir', project(), '--resource-type', 'unit_test', '--output', 'json']);
    assert.equal(listed.code, 0, listed.stderr);
    const nodes = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { unique_id: string; depends_on: { nodes: string[] } });
    const dependsOn = Object.fromEntries(nodes.map((n) => [n.unique_id.replace('unit_test.verso.customers.', ''), n.depends_on.nodes]));
    assert.deepEqual(dependsOn.upper_names_v2, ['model.verso.customers.v2']);
    assert.deepEqual(dependsOn.keeps_ids_v1, ['model.verso.customers.v1']);
    const manifest = JSON.parse(readFileSync(join(project(), 'target', 'manifest.json'), 'utf8')) as { unit_tests: Record<string, { name: string; version: number | null }> };
    assert.deepEqual(manifest.unit_tests['unit_test.verso.customers.upper_names_v2'], { ...manifest.unit_tests['unit_test.verso.customers.upper_names_v2'], name: 'upper_names', version: 2 });
  });

  it('selecting one version selects its unit tests only', async () => {
    const r = await test('-s', 'customers.v2');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(statuses(), { keeps_ids_v2: 'pass', upper_names_v2: 'pass' });
  });

  it('a test that holds for one version only fails on the other with the row diff', async () => {
    const original = readFileSync(yml(), 'utf8');
    writeFileSync(yml(), original.replace('    versions: {include: [2]}\n', ''));
    try {
      const r = await test('-s', 'upper_names');
      assert.equal(r.code, 1);
      assert.deepEqual(statuses(), { upper_names_v1: 'fail', upper_names_v2: 'pass' });
      assert.match(results()[0].message ?? results()[1].message ?? '', /actual differs from expected:[\s\S]*\| ANN/);
    } finally {
      writeFileSync(yml(), original);
    }
  });

  it('a version that does not exist, and include with exclude, are errors at versions: (bronze check)', async () => {
    const original = readFileSync(yml(), 'utf8');
    const check = () => cli(['check', '--project-dir', project()]);
    try {
      writeFileSync(yml(), original.replace('{include: [2]}', '{include: [3]}'));
      const missing = await check();
      assert.equal(missing.code, 1);
      assert.match(missing.stdout, /unit_tests\.yml:12:15: error bronze\/unit-test-invalid: Unit test 'upper_names' referenced a version of 'customers' which was not found \(its versions: 1, 2\)/);
      writeFileSync(yml(), original.replace('{include: [2]}', '{include: [2], exclude: [1]}'));
      const both = await check();
      assert.equal(both.code, 1);
      assert.match(both.stdout, /unit_tests\.yml:12:15: error bronze\/unit-test-invalid: Unit test 'upper_names' has both versions: include and exclude/);
      writeFileSync(join(project(), 'models', 'plain.sql'), 'select 1 as id\n');
      writeFileSync(yml(), original.replace('model: customers\n    versions: {include: [2]}', 'model: plain\n    versions: {include: [2]}'));
      const unversioned = await check();
      assert.match(unversioned.stdout, /error bronze\/unit-test-invalid: Unit test 'upper_names' should not have a versions include or exclude when referencing non-versioned model 'plain'/);
    } finally {
      writeFileSync(yml(), original);
      rmSync(join(project(), 'models', 'plain.sql'), { force: true });
    }
  });
});
