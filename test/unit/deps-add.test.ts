// `bronze deps --add-package NAME@VERSION [--source hub|git|local]`: dbt's entry shape and duplicate removal, with
// the packages file's comments kept; then deps runs (here against the hub stand-in of test/helpers/hub-server.ts).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { main } from '../../client/src/cli';
import { addEntry, addPackage, namesSamePackage, parseAddPackage } from '../../client/src/deps/add';
import { BronzeError } from '../../server/src/core/types';
import { loadFixturePackages, startHub } from '../helpers/hub-server';

test('--add-package values and entries as dbt reads and writes them', () => {
  assert.deepEqual(parseAddPackage('dbt-labs/dbt_utils@1.1.1', 'hub'), { name: 'dbt-labs/dbt_utils', version: '1.1.1', source: 'hub' });
  assert.deepEqual(parseAddPackage('../pkg', 'local'), { name: '../pkg', source: 'local' });
  assert.deepEqual(addEntry({ name: 'a/b', version: '>=1.0.0,<2.0.0', source: 'hub' }), { package: 'a/b', version: ['>=1.0.0', '<2.0.0'] });
  assert.deepEqual(addEntry({ name: 'https://x.invalid/r.git', version: 'v1', source: 'git' }), { git: 'https://x.invalid/r.git', revision: 'v1' });
  assert.deepEqual(addEntry({ name: '../pkg', source: 'local' }), { local: '../pkg' });
  // Same package across sources and spellings; whole words only.
  assert.equal(namesSamePackage('https://github.com/dbt-labs/dbt-utils.git', 'dbt-labs/dbt_utils'), true);
  assert.equal(namesSamePackage('dbt-labs/dbt_utils', 'dbt-labs/dbt_utils'), true);
  assert.equal(namesSamePackage('dbt-labs/dbt_utils_extra', 'dbt-labs/dbt_utils'), false);
  assert.equal(namesSamePackage('https://github.com/dbt-labs/dbt-core-utils.git', 'dbt-labs/dbt-core'), false);
});

test('--add-package edits packages.yml (keeping comments), replaces the same package, creates the file, then installs', async (t) => {
  const hub = await startHub(loadFixturePackages(path.resolve(import.meta.dirname, '../fixtures/hub')));
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-add-'));
  t.after(async () => {
    await hub.close();
    await rm(base, { recursive: true, force: true });
  });
  const root = path.join(base, 'proj');
  await mkdir(root);
  await writeFile(path.join(root, 'dbt_project.yml'), 'name: shop\nconfig-version: 2\n');
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) };
  const saved = process.env.DBT_PACKAGE_HUB_URL;
  process.env.DBT_PACKAGE_HUB_URL = hub.url;
  try {
    assert.equal(await main(['deps', '--project-dir', root, '--add-package', 'acme/acme_utils@1.0.0'], io), 0);
    assert.equal(await readFile(path.join(root, 'packages.yml'), 'utf8'), 'packages:\n  - package: acme/acme_utils\n    version: 1.0.0\n');
    assert.deepEqual(err.slice(0, 2), ['Created packages.yml', `Added new package acme/acme_utils@1.0.0 to ${path.join(root, 'packages.yml')}`]);
    assert.match(await readFile(path.join(root, 'dbt_packages/acme_utils/macros/acme_version.sql'), 'utf8'), /'1\.0\.0'/);

    await writeFile(path.join(root, 'packages.yml'), '# our packages\npackages:\n  - git: https://github.com/acme/acme-utils.git # pinned\n    revision: v0.1\n  - package: acme/acme_reports\n    version: 1.0.0\n');
    err.length = 0;
    assert.equal(await main(['deps', '--project-dir', root, '--add-package', 'acme/acme_utils@>=1.0.0,<2.0.0', '--lock'], io), 0);
    assert.equal(await readFile(path.join(root, 'packages.yml'), 'utf8'), '# our packages\npackages:\n  - package: acme/acme_reports\n    version: 1.0.0\n  - package: acme/acme_utils\n    version:\n      - ">=1.0.0"\n      - <2.0.0\n');
    assert.equal(err[0], 'Found duplicate package in packages.yml, removing: {"git":"https://github.com/acme/acme-utils.git","revision":"v0.1"}');
    assert.match(await readFile(path.join(root, 'package-lock.yml'), 'utf8'), /package: acme\/acme_utils\n {4}version: 1\.1\.0/);

    assert.equal(await main(['deps', '--project-dir', root, '--add-package', 'acme/acme_modern'], io), 2);
    assert.match(err[err.length - 1], /^bronze: Version is required in --add-package when a package when source is hub/);
    assert.equal(await main(['deps', '--project-dir', root, '--add-package', 'x@1', '--source', 'svn'], io), 2);
    assert.equal(await main(['deps', '--project-dir', root, '--source', 'git'], io), 2);
  } finally {
    if (saved === undefined) delete process.env.DBT_PACKAGE_HUB_URL;
    else process.env.DBT_PACKAGE_HUB_URL = saved;
  }
  assert.equal(existsSync(path.join(root, 'dbt_packages/acme_modern')), false);
});

test('--add-package refuses a packages file it cannot edit, with its name', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-add-bad-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const file = path.join(base, 'packages.yml');
  await writeFile(file, 'packages: {not: a list}\n');
  await assert.rejects(addPackage(file, { name: 'a/b', version: '1.0.0', source: 'hub' }, () => undefined), (e: unknown) => e instanceof BronzeError && e.location?.file === file && /^`packages:` in packages\.yml must be a list/.test(e.message));
  assert.equal(await readFile(file, 'utf8'), 'packages: {not: a list}\n');
});
