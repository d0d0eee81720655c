// The pieces of `bronze deps` that must match dbt exactly: version ranges (dbt-common's semver rules),
// package-lock.yml's sha1_hash, and the tar reader's refusal of unsafe archives.
import assert from 'node:assert/strict';
import { existsSync, lstatSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { test } from 'node:test';
import { highestMatching, installableVersions, parseSpecifier, rangeText, reduceVersions, satisfies } from '../../client/src/deps/semver';
import { dbtHash, parsePackagesFile, pythonJson } from '../../client/src/deps/spec';
import { extractSingleFolder, readTarGz, TarError } from '../../client/src/deps/tar';
import { tarGz } from '../helpers/hub-server';

const range = (...specs: string[]): string => rangeText(reduceVersions(specs.map(parseSpecifier)));

test('version ranges intersect as dbt intersects them', () => {
  assert.equal(range('>=1.0.0', '<2.0.0'), '>=1.0.0, <2.0.0');
  assert.equal(range('>=1.0.0', '<2.0.0', '>=1.2.0', '<1.5.0'), '>=1.2.0, <1.5.0');
  assert.equal(range('>1.0.0', '>=1.0.0'), '>1.0.0');
  assert.equal(range('1.2.3', '>=1.0.0', '<2.0.0'), '=1.2.3, =1.2.3');
  assert.equal(range('>=1.0.0', '<=1.0.0'), '>=1.0.0, <=1.0.0');
  assert.equal(range(), 'ANY');
  assert.throws(() => range('>=1.0.0', '<1.0.0'), /^Error: Could not find a satisfactory version from options: \['>=1\.0\.0', '<1\.0\.0'\]$/);
  assert.throws(() => range('1.0.0', '1.1.0'), /options: \['=1\.0\.0', '=1\.1\.0'\]/);
  assert.throws(() => range('2.0.0', '<2.0.0'), /satisfactory/);
  assert.throws(() => parseSpecifier('v1.0.0'), /^Error: "v1\.0\.0" is not a valid semantic version\.$/);
  assert.throws(() => parseSpecifier('1.0'), /not a valid semantic version/);
  assert.throws(() => parseSpecifier('01.0.0'), /not a valid semantic version/);
});

test('the highest installable version inside a range, with dbt\'s prerelease rules', () => {
  const hub = ['0.9.0', '1.0.0', '1.10.0', '1.2.0', '2.0.0-rc1', '2.0.0', 'not-a-version'];
  assert.deepEqual(installableVersions(hub, false), ['0.9.0', '1.0.0', '1.2.0', '1.10.0', '2.0.0']);
  assert.deepEqual(installableVersions(hub, true), ['0.9.0', '1.0.0', '1.2.0', '1.10.0', '2.0.0-rc1', '2.0.0']);
  assert.equal(highestMatching(reduceVersions(['>=1.0.0', '<2.0.0'].map(parseSpecifier)), installableVersions(hub, true)), '1.10.0', '<2.0.0 excludes 2.0.0\'s prereleases in dbt');
  assert.equal(highestMatching(reduceVersions(['<=2.0.0-rc1'].map(parseSpecifier)), installableVersions(hub, true)), '2.0.0-rc1');
  assert.equal(highestMatching(reduceVersions(['>=3.0.0'].map(parseSpecifier)), hub), undefined);
  // Prerelease tags compare part by part, numbers below words, then by length.
  assert.deepEqual(installableVersions(['1.0.0-rc.10', '1.0.0-rc.2', '1.0.0-beta', '1.0.0-rc', '1.0.0-1', '1.0.0'], true), ['1.0.0-1', '1.0.0-beta', '1.0.0-rc', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0']);
  assert.equal(satisfies('1.3.0', ['>=1.0.0', '<2.0.0']), true);
  assert.equal(satisfies('2.0.0', ['>=1.0.0', '<2.0.0']), false);
  assert.equal(satisfies('1.1.1', ['1.1.1']), true);
  assert.equal(satisfies('1.1.2', ['=1.1.1']), false);
  assert.equal(satisfies('1.1', []), false);
  assert.equal(satisfies('1.0.0a2', ['>=1.0.0-a1']), true, 'a prerelease may follow the patch without a hyphen');
});

test('sha1_hash is dbt\'s: the values dbt\'s own tests expect', () => {
  // dbt-core's functional tests pin these two hashes for these packages.yml contents.
  const hub = parsePackagesFile('/p/packages.yml', 'packages:\n  - package: fivetran/fivetran_utils\n    version: 0.4.7\n');
  assert.equal(hub.hash, '71304bca2138cf8004070b3573a1e17183c0c1a8');
  const git = parsePackagesFile(
    '/p/packages.yml',
    'packages:\n  - git: https://github.com/dbt-labs/dbt-multipe-packages.git\n    subdirectory: dbt-utils-main\n    revision: v0.1.0\n  - git: https://github.com/dbt-labs/dbt-multipe-packages.git\n    subdirectory: dbt-date-main\n    revision: v0.1.0\n',
  );
  assert.equal(git.hash, 'b9c8042f29446c55a33f9f211737f445a640c7a1');
  // Order of entries and of keys, comments and quoting do not change it; values do.
  const reordered = parsePackagesFile('/p/packages.yml', '# deps\npackages:\n  - revision: "v0.1.0"\n    subdirectory: dbt-date-main\n    git: https://github.com/dbt-labs/dbt-multipe-packages.git\n  - {git: "https://github.com/dbt-labs/dbt-multipe-packages.git", subdirectory: dbt-utils-main, revision: v0.1.0}\n');
  assert.equal(reordered.hash, git.hash);
  assert.notEqual(parsePackagesFile('/p/packages.yml', 'packages:\n  - package: fivetran/fivetran_utils\n    version: 0.4.8\n').hash, hub.hash);
  assert.equal(dbtHash([]), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
  // dbt hashes the rendered values beside the entry as written.
  const secret = parsePackagesFile('/p/packages.yml', "packages:\n  - git: \"https://{{ env_var('TOKEN') }}@example.invalid/r.git\"\n", { env: { TOKEN: 'secret' } });
  assert.equal(secret.hash, '75c8a1853a463a81ba36ba13eb5d1a87af037a65');
  // A float revision is Python's float: text "1.0", JSON 1.0.
  const float = parsePackagesFile('/p/packages.yml', 'packages:\n  - git: https://x.invalid/r.git\n    revision: 1.0\n');
  assert.equal(float.specs[0].kind === 'git' && float.specs[0].revision, '1.0');
  assert.equal(float.hash, 'd8efae9fcb282aaf01b479242a7270e5fe4689c5');
  assert.equal(pythonJson({ b: [1, true, null], a: 'é"' }), '{"a": "\\u00e9\\"", "b": [1, true, null]}');
});

test('packages.yml entries: every kind, env_var() rendering, and dbt\'s validation messages', () => {
  const file = '/p/packages.yml';
  const { specs } = parsePackagesFile(
    file,
    "packages:\n  - package: a/b\n    version: [\">=1.0.0\", \"<2.0.0\"]\n    install-prerelease: true\n  - git: \"https://{{ env_var('TOKEN') }}@example.invalid/r.git\"\n    revision: 1.0\n    warn-unpinned: false\n  - local: ../x\n  - tarball: https://example.invalid/p.tgz\n    name: p\n",
    { env: { TOKEN: 'secret' } },
  );
  assert.deepEqual(specs.map((s) => ({ ...s, origin: s.origin.range.start.line, raw: undefined, rendered: undefined })), [
    { kind: 'hub', package: 'a/b', versions: ['>=1.0.0', '<2.0.0'], installPrerelease: true, origin: 1, raw: undefined, rendered: undefined },
    { kind: 'git', git: 'https://secret@example.invalid/r.git', revision: '1.0', warnUnpinned: false, origin: 4, raw: undefined, rendered: undefined },
    { kind: 'local', local: '../x', origin: 7, raw: undefined, rendered: undefined },
    { kind: 'tarball', tarball: 'https://example.invalid/p.tgz', name: 'p', origin: 8, raw: undefined, rendered: undefined },
  ]);
  assert.equal(specs[1].raw.git, "https://{{ env_var('TOKEN') }}@example.invalid/r.git", 'the unrendered URL is kept for the lock');
  const err = (text: string): RegExp => {
    try {
      parsePackagesFile(file, text);
    } catch (e) {
      return new RegExp((e as Error).message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    throw new Error('expected an error');
  };
  assert.ok(err('packages:\n  - package: dbt_utils\n    version: 1.0.0\n').test('dbt_utils was not found in the package index. Packages on the index require a namespace, e.g dbt-labs/dbt_utils.'));
  assert.ok(err('packages:\n  - tarball: https://x.invalid/a.tgz\n').test('A tarball package needs `name:` (the folder it installs into), e.g.\n  - tarball: https://example.com/pkg.tar.gz\n    name: my_package'));
  assert.ok(err('packages:\n  - tarball: https://x.invalid/a.tgz\n    name: ../../outside\n').test('`name: ../../outside` of a tarball package is the folder it installs into under dbt_packages/; use a plain name such as my_package.'));
  assert.ok(err('packages:\n  - private: org/repo\n').test('Cannot resolve private package org/repo because git provider integration is missing. Please use a "git" package instead.'));
  assert.ok(err('packages:\n  - git: ""\n').test('A git package is missing the value. It is a required property.'));
  assert.ok(err("packages:\n  - git: \"{{ env_var('NOPE_NOT_SET_X') }}\"\n").source.includes('Environment variable NOPE_NOT_SET_X is not set'));
});

test('links in archives: inside the package they are kept, leading out of it they are left out and reported', async (t) => {
  const dest = await mkdtemp(path.join(os.tmpdir(), 'bronze-tar-'));
  t.after(() => rm(dest, { recursive: true, force: true }));
  const gz = tarGz('top', { 'macros/a.sql': 'select 1' }, {
    raw: [
      { name: 'top/macros/b.sql', data: '', type: '2', linkname: 'a.sql' },
      { name: 'top/macros/c.sql', data: '', type: '1', linkname: 'top/macros/a.sql' },
      { name: 'top/escape', data: '', type: '2', linkname: '../../outside' },
      { name: 'top/passwd', data: '', type: '2', linkname: '/etc/passwd' },
    ],
  });
  const skipped = await extractSingleFolder(gz, path.join(dest, 'pkg'));
  assert.deepEqual(skipped, ['top/escape -> ../../outside', 'top/passwd -> /etc/passwd']);
  assert.equal(await readFile(path.join(dest, 'pkg/macros/b.sql'), 'utf8'), 'select 1');
  assert.equal(lstatSync(path.join(dest, 'pkg/macros/b.sql')).isSymbolicLink(), true);
  assert.equal(await readFile(path.join(dest, 'pkg/macros/c.sql'), 'utf8'), 'select 1');
  assert.equal(existsSync(path.join(dest, 'pkg/escape')), false);
  assert.equal(existsSync(path.join(dest, 'pkg/passwd')), false);
});

test('the tar reader refuses what is not a safe tar.gz', () => {
  assert.throws(() => readTarGz(Buffer.from('plain text')), (e: unknown) => e instanceof TarError && /^not a gzip-compressed archive/.test(e.message));
  assert.throws(() => readTarGz(gzipSync(Buffer.alloc(512, 7))), (e: unknown) => e instanceof TarError && /bad header checksum/.test(e.message));
  const ok = tarGz('top', { 'a.txt': 'hello' });
  assert.deepEqual(readTarGz(ok).map((e) => [e.name, e.type, e.data.toString()]), [['top/', 'dir', ''], ['top/a.txt', 'file', 'hello']]);
  assert.deepEqual(readTarGz(gunzipSync(ok)).map((e) => e.name), ['top/', 'top/a.txt'], 'a tar already unpacked by Content-Encoding: gzip');
  const truncated = gzipSync(gunzipSync(ok).subarray(0, 1024 + 100));
  assert.throws(() => readTarGz(truncated), (e: unknown) => e instanceof TarError && /truncated/.test(e.message));
});
