// "Select target" offers the built-in `local` target always: alone without a profile, after the profile's
// outputs otherwise, and not twice when the profile has its own `local`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profileTargets } from '../../client/src/vscode/targets';
import type { ProjectInfo } from '../../client/src/vscode/project-paths';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/twin-two-databases');

function project(root: string, profile: string): ProjectInfo {
  return { root, name: profile, profile, modelPaths: ['models'], testPaths: ['tests'], macroPaths: ['macros'], snapshotPaths: ['snapshots'], analysisPaths: ['analyses'] };
}

test('a Snowflake-only profile lists its outputs and then the built-in local', async () => {
  const found = await profileTargets(project(FIXTURE, 'twin_two_databases'));
  assert.equal(found.file, path.join(FIXTURE, 'profiles.yml'));
  assert.equal(found.defaultTarget, 'prod');
  assert.deepEqual(found.targets, [
    { name: 'prod', type: 'snowflake' },
    { name: 'local', type: 'duckdb', builtIn: true },
  ]);
});

test('without profiles.yml (or without the profile) local is the one target and the default', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-twin-targets-'));
  const home = process.env.HOME;
  const profilesDir = process.env.DBT_PROFILES_DIR;
  process.env.HOME = dir;
  delete process.env.DBT_PROFILES_DIR;
  try {
    assert.deepEqual(await profileTargets(project(dir, 'bare')), { file: undefined, defaultTarget: 'local', targets: [{ name: 'local', type: 'duckdb', builtIn: true }] });
    const other = await profileTargets(project(FIXTURE, 'not_in_the_file'));
    assert.deepEqual(other.targets, [{ name: 'local', type: 'duckdb', builtIn: true }]);
    assert.equal(other.defaultTarget, 'local');
  } finally {
    process.env.HOME = home;
    if (profilesDir !== undefined) process.env.DBT_PROFILES_DIR = profilesDir;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a profile's own local output is listed once, as the profile's", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-twin-targets-'));
  try {
    writeFileSync(path.join(dir, 'profiles.yml'), 'p:\n  target: local\n  outputs:\n    local: {type: duckdb, path: x.duckdb}\n    sf: {type: snowflake}\n');
    const found = await profileTargets(project(dir, 'p'), dir);
    assert.deepEqual(found.targets, [
      { name: 'local', type: 'duckdb' },
      { name: 'sf', type: 'snowflake' },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
