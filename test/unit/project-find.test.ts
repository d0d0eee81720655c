import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findProjectRoot, findProjects } from '../../server/src/project/find-project';

test('findProjectRoot walks up to the nearest dbt_project.yml; findProjects skips package and build folders', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-find-'));
  try {
    const mk = (rel: string) => {
      mkdirSync(path.join(dir, rel), { recursive: true });
      writeFileSync(path.join(dir, rel, 'dbt_project.yml'), 'name: x\n');
    };
    mk('a');
    mk('b/inner');
    mk('a/dbt_packages/dbt_utils');
    mk('a/target/copy');
    mk('c/node_modules/pkg');
    mkdirSync(path.join(dir, 'a/models/bronze'), { recursive: true });
    writeFileSync(path.join(dir, 'a/models/bronze/m.sql'), 'select 1');
    assert.equal(findProjectRoot(path.join(dir, 'a/models/bronze/m.sql')), path.join(dir, 'a'));
    assert.equal(findProjectRoot(path.join(dir, 'a/models')), path.join(dir, 'a'));
    assert.equal(findProjectRoot(path.join(dir, 'c')), undefined);
    assert.deepEqual(await findProjects(dir), [path.join(dir, 'a'), path.join(dir, 'b/inner')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
