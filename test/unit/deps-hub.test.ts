// `bronze deps` against a dbt Hub stand-in on 127.0.0.1 (test/helpers/hub-server.ts) serving the fixture packages
// of test/fixtures/hub: version ranges, transitive dependencies, conflicts, package-lock.yml, tarballs, bad
// archives and an unreachable hub. No network beyond loopback.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../client/src/cli';
import { HubClient, HubError } from '../../client/src/deps/hub';
import { installDeps, type DepsOptions } from '../../client/src/deps/install';
import { BronzeError } from '../../server/src/core/types';
import { Engine, offlineResolver } from '../../server/src/engine';
import { loadFixturePackages, startHub, tarGz, type FixturePackage, type TestHub } from '../helpers/hub-server';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hub');
let packages: FixturePackage[];
let hub: TestHub;
let tmp: string;

before(async () => {
  packages = loadFixturePackages(FIXTURES);
  hub = await startHub(packages);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-hub-'));
  await mkdir(path.join(tmp, 'helper'));
  await writeFile(path.join(tmp, 'helper', 'dbt_project.yml'), 'name: helper_pkg\nconfig-version: 2\n');
  await mkdir(path.join(tmp, 'dup'));
  await writeFile(path.join(tmp, 'dup', 'dbt_project.yml'), 'name: acme_utils\nconfig-version: 2\n');
});
after(async () => {
  await hub.close();
  await rm(tmp, { recursive: true, force: true });
});

let seq = 0;
async function project(packagesYml: string, extra: Record<string, string> = {}): Promise<string> {
  const root = path.join(tmp, `p${++seq}`);
  const files = { 'dbt_project.yml': 'name: shop\nprofile: shop\nconfig-version: 2\n', 'packages.yml': packagesYml, ...extra };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

function opts(extra: DepsOptions = {}): DepsOptions & { logs: string[] } {
  const logs: string[] = [];
  return { env: { DBT_PACKAGE_HUB_URL: hub.url }, log: (l) => logs.push(l), logs, ...extra };
}

const version = (root: string, pkg = 'acme_utils'): Promise<string> => readFile(path.join(root, 'dbt_packages', pkg, 'macros', 'acme_version.sql'), 'utf8');

async function rejectsDeps(p: Promise<unknown>, check: (e: BronzeError) => void): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof BronzeError, String(e));
    assert.equal(e.code, 'bronze/deps');
    check(e);
    return true;
  });
}

test('a version range picks the highest release inside it; the lock records it in dbt\'s format', async () => {
  const root = await project('packages:\n  - package: acme/acme_utils\n    version: [">=1.0.0", "<2.0.0"]\n');
  const o = opts();
  hub.requests.length = 0;
  const report = await installDeps(root, o);
  assert.deepEqual(report.installed.map((p) => [p.name, p.kind, p.source, p.resolved, p.newer]), [['acme_utils', 'hub', 'acme/acme_utils', '1.1.0', '2.0.0']]);
  assert.match(await version(root), /'1\.1\.0'/);
  assert.deepEqual(hub.requests, ['/api/v1/index.json', '/api/v1/acme/acme_utils.json', '/tarballs/acme/acme_utils/1.1.0.tar.gz']);
  // dbt's hash of this entry: json.dumps of the full contract, as dbt 1.7+ computes it.
  const contract = '{"install_prerelease": false, "package": "acme/acme_utils", "unrendered": {"package": "acme/acme_utils", "version": [">=1.0.0", "<2.0.0"]}, "version": [">=1.0.0", "<2.0.0"]}';
  const hash = createHash('sha1').update(contract).digest('hex');
  assert.equal(await readFile(path.join(root, 'package-lock.yml'), 'utf8'), `packages:\n  - name: acme_utils\n    package: acme/acme_utils\n    version: 1.1.0\nsha1_hash: ${hash}\n`);
  assert.deepEqual(o.logs, ['Updated package-lock.yml (1 package).', 'Installed acme_utils (1.1.0) from acme/acme_utils; version 2.0.0 is available']);
  assert.deepEqual((await readdir(root)).filter((f) => f.startsWith('.bronze-deps-')), [], 'no scratch folder is left behind');
});

test('a current lock is installed exactly; a new release needs --upgrade; --lock writes only the lock', async () => {
  const root = await project('packages:\n  - package: acme/acme_utils\n    version: ">=1.0.0"\n');
  await writeFile(path.join(root, 'package-lock.yml'), '');
  const first = await installDeps(root, opts());
  assert.equal(first.installed[0].resolved, '2.0.0');
  const published: FixturePackage = { ...packages.find((p) => p.id === 'acme/acme_utils' && p.version === '2.0.0')!, version: '2.2.0', files: { 'dbt_project.yml': 'name: acme_utils\nconfig-version: 2\n', 'macros/acme_version.sql': "{% macro acme_version() %}'2.2.0'{% endmacro %}\n" } };
  packages.push(published);
  try {
    const again = await installDeps(root, opts());
    assert.equal(again.relocked, false);
    assert.equal(again.installed[0].resolved, '2.0.0', 'the lock wins while packages.yml is unchanged');
    assert.equal(again.installed[0].newer, '2.2.0');
    assert.match(await version(root), /'2\.0\.0'/);

    hub.requests.length = 0;
    const lockOnly = await installDeps(root, opts({ upgrade: true, lockOnly: true }));
    assert.deepEqual(hub.requests, ['/api/v1/index.json', '/api/v1/acme/acme_utils.json'], '--lock downloads nothing from the hub');
    assert.equal(lockOnly.relocked, true);
    assert.match(await readFile(path.join(root, 'package-lock.yml'), 'utf8'), /version: 2\.2\.0/);
    assert.match(await version(root), /'2\.0\.0'/, '--lock does not touch dbt_packages');

    const installed = await installDeps(root, opts());
    assert.equal(installed.relocked, false);
    assert.match(await version(root), /'2\.2\.0'/, 'then deps installs the new lock');

    // A lock written by hand (or by dbt) with the current hash pins an older release.
    const lock = await readFile(path.join(root, 'package-lock.yml'), 'utf8');
    await writeFile(path.join(root, 'package-lock.yml'), lock.replace('version: 2.2.0', 'version: 1.0.0'));
    await installDeps(root, opts());
    assert.match(await version(root), /'1\.0\.0'/);
    const upgraded = await installDeps(root, opts({ upgrade: true }));
    assert.equal(upgraded.relocked, true);
    assert.match(await version(root), /'2\.2\.0'/);
  } finally {
    packages.splice(packages.indexOf(published), 1);
  }
});

test('a lock naming a release the hub no longer has is a located error in the lock, with the way out', async () => {
  const root = await project('packages:\n  - package: acme/acme_utils\n    version: ">=1.0.0"\n');
  await installDeps(root, opts({ lockOnly: true }));
  const lockFile = path.join(root, 'package-lock.yml');
  await writeFile(lockFile, (await readFile(lockFile, 'utf8')).replace('version: 2.0.0', 'version: 9.9.9'));
  await rejectsDeps(installDeps(root, opts()), (e) => {
    assert.equal(e.location?.file, lockFile);
    assert.equal(e.location?.range.start.line, 1);
    assert.match(e.message, /^Could not find a matching compatible version for package acme\/acme_utils\n {2}Requested range: =9\.9\.9, =9\.9\.9\n/);
    assert.match(e.message, /\nThis entry is from package-lock\.yml: run `bronze deps --upgrade` to resolve packages\.yml again\.$/);
  });
  assert.equal((await installDeps(root, opts({ upgrade: true }))).installed[0].resolved, '2.0.0');
});

test('transitive dependencies install, and ranges from dependants intersect', async () => {
  const root = await project('packages:\n  - package: acme/acme_utils\n    version: ">=1.0.0"\n  - package: acme/acme_reports\n    version: 1.0.0\n');
  hub.requests.length = 0;
  const report = await installDeps(root, opts());
  assert.deepEqual(hub.requests.filter((r) => r.startsWith('/tarballs/')).sort(), ['/tarballs/acme/acme_reports/1.0.0.tar.gz', '/tarballs/acme/acme_utils/1.1.0.tar.gz'], 'hub packages are resolved from the hub\'s JSON; only what is installed is downloaded');
  assert.deepEqual(report.installed.map((p) => [p.name, p.resolved]), [['acme_utils', '1.1.0'], ['acme_reports', '1.0.0']]);
  assert.match(await version(root), /'1\.1\.0'/, '>=1.0.0 alone would give 2.0.0; acme_reports needs <2.0.0');
  const lock = await readFile(path.join(root, 'package-lock.yml'), 'utf8');
  assert.match(lock, /^packages:\n {2}- name: acme_utils\n {4}package: acme\/acme_utils\n {4}version: 1\.1\.0\n {2}- name: acme_reports\n {4}package: acme\/acme_reports\n {4}version: 1\.0\.0\nsha1_hash: [0-9a-f]{40}\n$/);

  const only = await project('packages:\n  - package: acme/acme_reports\n    version: [">=1.0.0"]\n', { 'models/report.sql': 'select {{ acme_reports.report_header() }} as header\n' });
  const r2 = await installDeps(only, opts());
  assert.deepEqual(r2.installed.map((p) => [p.name, p.resolved]), [['acme_reports', '1.0.0'], ['acme_utils', '1.1.0']]);
  // The engine loads what was installed: a root model calls a macro of acme_reports, which calls acme_utils.
  const engine = await Engine.open({ projectDir: only });
  const model = engine.findModel('report')!;
  const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, which: 'compile', resolve: offlineResolver(model.relation, 'first') };
  assert.equal((await engine.compileModel(model, ctx)).sql.trim(), "select 'report ' || '1.1.0' as header");
});

test('ranges that cannot all be met give dbt\'s conflict error, located, and leave dbt_packages as it was', async () => {
  const root = await project('packages:\n  - package: acme/acme_reports\n    version: 1.0.0\n  - package: acme/acme_modern\n    version: 1.0.0\n', { 'dbt_packages/keep/dbt_project.yml': 'name: keep\n' });
  await rejectsDeps(installDeps(root, opts()), (e) => {
    assert.equal(e.location?.file, path.join(root, 'packages.yml'));
    assert.equal(e.location?.range.start.line, 1);
    assert.match(e.message, /^Version error for package acme\/acme_utils: Could not find a satisfactory version from options: \['>=1\.0\.0', '<2\.0\.0', '>=2\.0\.0'\]\n/);
    assert.match(e.message, />=1\.0\.0, <2\.0\.0 from acme\/acme_reports@1\.0\.0; >=2\.0\.0 from acme\/acme_modern@1\.0\.0/);
  });
  assert.equal(existsSync(path.join(root, 'dbt_packages/keep/dbt_project.yml')), true);
  assert.equal(existsSync(path.join(root, 'package-lock.yml')), false);
  assert.deepEqual((await readdir(root)).filter((f) => f.startsWith('.bronze-deps-')), []);
});

test('unknown packages, versions that do not exist, invalid versions: located errors in dbt\'s words', async () => {
  const unknown = await project('packages:\n  - package: acme/acme_utils\n    version: 1.0.0\n  - package: acme/nope\n    version: 1.0.0\n');
  await rejectsDeps(installDeps(unknown, opts()), (e) => {
    assert.equal(e.location?.range.start.line, 3);
    assert.match(e.message, /^Package acme\/nope was not found in the package index\. /);
  });
  const missing = await project('packages:\n  - package: acme/acme_utils\n    version: 3.0.0\n');
  await rejectsDeps(installDeps(missing, opts()), (e) => {
    assert.equal(e.location?.range.start.line, 1);
    assert.match(e.message, /^Could not find a matching compatible version for package acme\/acme_utils\n {2}Requested range: =3\.0\.0, =3\.0\.0\n {2}Compatible versions: \['1\.0\.0', '1\.1\.0', '2\.0\.0'\]\n/);
  });
  const invalid = await project('packages:\n  - package: acme/acme_utils\n    version: "~1.0"\n');
  await rejectsDeps(installDeps(invalid, opts()), (e) => assert.match(e.message, /^hub package acme\/acme_utils: "~1\.0" is not a valid semantic version\./));
  const noVersion = await project('packages:\n  - package: acme/acme_utils\n');
  await rejectsDeps(installDeps(noVersion, opts()), (e) => assert.match(e.message, /^acme\/acme_utils is missing the version\. When installing from the Hub package index, version is a required property/));
});

test('prereleases only with install-prerelease or when a range names one; require_dbt_version is honoured', async () => {
  const stable = await project('packages:\n  - package: acme/acme_utils\n    version: ">=2.0.0"\n');
  assert.equal((await installDeps(stable, opts())).installed[0].resolved, '2.0.0');
  const pre = await project('packages:\n  - package: acme/acme_utils\n    version: ">=2.0.0"\n    install-prerelease: true\n');
  assert.equal((await installDeps(pre, opts())).installed[0].resolved, '2.1.0-rc1');
  const named = await project('packages:\n  - package: acme/acme_utils\n    version: 2.1.0-rc1\n');
  assert.equal((await installDeps(named, opts())).installed[0].resolved, '2.1.0-rc1');
  const future = await project('packages:\n  - package: acme/acme_future\n    version: ">=0.1.0"\n');
  assert.equal((await installDeps(future, opts())).installed[0].resolved, '0.9.0', '1.0.0 requires dbt >=2.0.0');
  const onlyFuture = await project('packages:\n  - package: acme/acme_future\n    version: 1.0.0\n');
  await rejectsDeps(installDeps(onlyFuture, opts()), (e) => assert.match(e.message, /Compatible versions: \['0\.9\.0'\]\n {2}Not shown: package versions whose require_dbt_version admits no dbt 1\.x release/));
});

test('tarball entries install under their `name:` and bring their own dependencies', async () => {
  hub.files.set('extra.tar.gz', tarGz('whatever-main', {
    'dbt_project.yml': 'name: acme_extra\nconfig-version: 2\n',
    'packages.yml': 'packages:\n  - package: acme/acme_utils\n    version: [">=1.0.0", "<1.1.0"]\n',
    'macros/extra.sql': '{% macro extra() %}1{% endmacro %}\n',
    [`macros/${'deep/'.repeat(25)}long.sql`]: '{% macro long_path() %}1{% endmacro %}\n',
  }));
  const root = await project(`packages:\n  - tarball: ${hub.url}files/extra.tar.gz\n    name: extra_pkg\n`);
  const report = await installDeps(root, opts());
  assert.deepEqual(report.installed.map((p) => [p.name, p.kind, p.resolved ?? null]), [['extra_pkg', 'tarball', null], ['acme_utils', 'hub', '1.0.0']]);
  assert.equal(existsSync(path.join(root, 'dbt_packages/extra_pkg/macros/extra.sql')), true);
  assert.equal(existsSync(path.join(root, `dbt_packages/extra_pkg/macros/${'deep/'.repeat(25)}long.sql`)), true, 'pax long paths are read');
  const lock = await readFile(path.join(root, 'package-lock.yml'), 'utf8');
  assert.match(lock, new RegExp(`^packages:\\n  - name: extra_pkg\\n    tarball: ${hub.url.replace(/[.]/g, '\\.')}files/extra\\.tar\\.gz\\n  - name: acme_utils\\n`));
  // Installing from that lock works the same.
  await rm(path.join(root, 'dbt_packages'), { recursive: true });
  assert.equal((await installDeps(root, opts())).relocked, false);
  assert.equal(existsSync(path.join(root, 'dbt_packages/extra_pkg/dbt_project.yml')), true);
});

test('bad archives and checksum mismatches are located errors; nothing is half-installed', async () => {
  hub.files.set('notgz.tar.gz', Buffer.from('<html>not found</html>'));
  hub.files.set('escape.tar.gz', tarGz('pkg', { 'dbt_project.yml': 'name: evil\n' }, { raw: [{ name: 'pkg/../../escaped.txt', data: 'x' }] }));
  hub.files.set('flat.tar.gz', tarGz('pkg', {}, { raw: [{ name: 'other/dbt_project.yml', data: 'name: x\n' }] }));
  const cases: [string, RegExp][] = [
    ['notgz', /is not a usable package archive: not a gzip-compressed archive/],
    ['escape', /is not a usable package archive: archive entry pkg\/\.\.\/\.\.\/escaped\.txt points outside the archive/],
    ['flat', /is not a usable package archive: the archive must hold one top-level folder/],
    ['absent', /could not be downloaded: .*answered HTTP 404/],
  ];
  for (const [name, message] of cases) {
    const root = await project(`packages:\n  - local: ../helper\n  - tarball: ${hub.url}files/${name}.tar.gz\n    name: bad\n`, { 'dbt_packages/keep/x.txt': 'kept' });
    await rejectsDeps(installDeps(root, opts()), (e) => {
      assert.match(e.message, message);
      assert.equal(e.location?.range.start.line, 2);
    });
    assert.equal(await readFile(path.join(root, 'dbt_packages/keep/x.txt'), 'utf8'), 'kept');
    assert.equal(existsSync(path.join(tmp, 'escaped.txt')), false);
    assert.equal(existsSync(path.join(root, 'escaped.txt')), false);
  }
  // A hub whose package name is a path is not believed.
  const escaping: FixturePackage = { ...packages.find((p) => p.id === 'acme/acme_utils' && p.version === '1.0.0')!, id: 'acme/acme_escape', name: '../escape' };
  packages.push(escaping);
  try {
    const root = await project('packages:\n  - package: acme/acme_escape\n    version: 1.0.0\n');
    await rejectsDeps(installDeps(root, opts()), (e) => assert.match(e.message, /acme_escape\.json: version 1\.0\.0 has the name "\.\.\/escape", which is not a folder name\. The hub \(DBT_PACKAGE_HUB_URL\) did not answer as dbt Hub does/));
  } finally {
    packages.splice(packages.indexOf(escaping), 1);
  }
  // A package the hub says has moved installs, with a warning naming the new name.
  const moved: FixturePackage = { ...packages.find((p) => p.id === 'acme/acme_utils' && p.version === '1.0.0')!, id: 'oldorg/acme_utils', movedTo: 'acme/acme_utils' };
  packages.push(moved);
  try {
    const root = await project('packages:\n  - package: oldorg/acme_utils\n    version: 1.0.0\n');
    const o = opts();
    assert.equal((await installDeps(root, o)).installed[0].resolved, '1.0.0');
    assert.ok(o.logs.includes('Warning: hub package oldorg/acme_utils has moved to acme/acme_utils; update the entry.'), o.logs.join('\n'));
  } finally {
    packages.splice(packages.indexOf(moved), 1);
  }
  // The hub's sha1 is checked.
  const tampered: FixturePackage = { ...packages.find((p) => p.id === 'acme/acme_utils' && p.version === '1.0.0')!, id: 'acme/acme_tampered', sha1: '0'.repeat(40) };
  packages.push(tampered);
  try {
    const root = await project('packages:\n  - package: acme/acme_tampered\n    version: 1.0.0\n');
    await rejectsDeps(installDeps(root, opts()), (e) => assert.match(e.message, /^hub package acme\/acme_tampered 1\.0\.0 could not be downloaded: .*the download's sha1 is [0-9a-f]{40}, but the hub lists 0{40}/));
    assert.equal(existsSync(path.join(root, 'dbt_packages')), false);
    assert.equal(existsSync(path.join(root, 'package-lock.yml')), false, 'the lock is written only once everything downloaded');
  } finally {
    packages.splice(packages.indexOf(tampered), 1);
  }
});

test('an unreachable hub fails fast with what to do; a hub that answers garbage is named as such', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const root = await project('packages:\n  - package: acme/acme_utils\n    version: 1.0.0\n');
  const started = Date.now();
  await rejectsDeps(installDeps(root, opts({ env: { DBT_PACKAGE_HUB_URL: `http://127.0.0.1:${port}` } })), (e) => {
    assert.equal(e.location?.range.start.line, 1);
    assert.match(e.message, new RegExp(`^hub package acme/acme_utils cannot be resolved: http://127\\.0\\.0\\.1:${port}/api/v1/index\\.json could not be reached \\(ECONNREFUSED\\)\\. dbt Hub is not reachable from here\\. Connect to the network`));
  });
  assert.ok(Date.now() - started < 5000);

  // A hub that takes the connection but never answers (a captive network): the lookup gives up in time.
  const silent = http.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    await rejectsDeps(installDeps(root, opts({ env: { DBT_PACKAGE_HUB_URL: silentUrl }, hubTimeoutMs: 300 })), (e) => assert.match(e.message, /index\.json could not be reached \(no answer in 300 ms\)\. dbt Hub is not reachable from here/));
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }

  hub.files.set('api/v1/index.json', Buffer.from('{"not": "a list"}'));
  await rejectsDeps(installDeps(root, opts({ env: { DBT_PACKAGE_HUB_URL: `${hub.url}files/` } })), (e) => assert.match(e.message, /did not answer a list of package names\. The hub \(DBT_PACKAGE_HUB_URL\) did not answer as dbt Hub does/));
});

test('a flaky hub (HTTP 503) is asked again, three times in all', async () => {
  const client = new HubClient({ baseUrl: hub.url, retryDelayMs: 1 });
  hub.failures.set('/api/v1/acme/acme_utils.json', 2);
  hub.failures.set('/tarballs/acme/acme_utils/1.0.0.tar.gz', 1);
  const info = await client.package('acme/acme_utils');
  assert.deepEqual([...info.versions.keys()], ['1.0.0', '1.1.0', '2.0.0', '2.1.0-rc1']);
  const v = info.versions.get('1.0.0')!;
  assert.equal(createHash('sha1').update(await client.download(v.tarball, v.sha1)).digest('hex'), v.sha1);
  hub.failures.set('/api/v1/index.json', 3);
  await assert.rejects(client.has('acme/acme_utils'), (e: unknown) => e instanceof HubError && e.transient && /index\.json answered HTTP 503$/.test(e.message));
  assert.equal(hub.failures.get('/api/v1/index.json'), 0, 'three tries were made');
});

test('duplicate project names and a package named like the root project are dbt\'s errors', async () => {
  const root = await project('packages:\n  - package: acme/acme_utils\n    version: 1.0.0\n  - local: ../dup\n');
  await rejectsDeps(installDeps(root, opts()), (e) => {
    assert.equal(e.location?.range.start.line, 3);
    assert.match(e.message, /^Found duplicate project "acme_utils"\. This occurs when a dependency has the same project name as some other dependency\./);
  });
  const self = await project('packages:\n  - local: ../dup\n');
  await writeFile(path.join(self, 'dbt_project.yml'), 'name: acme_utils\nconfig-version: 2\n');
  await rejectsDeps(installDeps(self, opts()), (e) => assert.match(e.message, /^Found a dependency with the same name as the root project "acme_utils"/));
});

test('local packages can be symlinked, as dbt does by default', async () => {
  await mkdir(path.join(tmp, 'linked'), { recursive: true });
  await writeFile(path.join(tmp, 'linked', 'dbt_project.yml'), 'name: linked_pkg\nconfig-version: 2\n');
  const root = await project('packages:\n  - local: ../linked\n');
  await installDeps(root, opts({ local: 'symlink' }));
  assert.equal(lstatSync(path.join(root, 'dbt_packages/linked_pkg')).isSymbolicLink(), true);
});

test('the CLI: --lock, --upgrade, and a located conflict with exit status 1', async () => {
  const root = await project('packages:\n  - package: acme/acme_reports\n    version: 1.0.0\n');
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
  const saved = process.env.DBT_PACKAGE_HUB_URL;
  process.env.DBT_PACKAGE_HUB_URL = hub.url;
  try {
    assert.equal(await main(['deps', '--project-dir', root, '--lock'], io), 0);
    assert.deepEqual(out, ['Resolved 2 packages into package-lock.yml.']);
    assert.equal(existsSync(path.join(root, 'dbt_packages')), false);
    assert.equal(await main(['deps', '--project-dir', root, '--upgrade'], io), 0);
    assert.equal(out[1], `Installed 2 packages into ${path.relative(process.cwd(), path.join(root, 'dbt_packages'))}.`);
    await writeFile(path.join(root, 'packages.yml'), 'packages:\n  - package: acme/acme_reports\n    version: 1.0.0\n  - package: acme/acme_utils\n    version: "2.0.0"\n');
    assert.equal(await main(['deps', '--project-dir', root], io), 1);
    assert.match(err[err.length - 1], new RegExp(`^bronze: ${path.join(root, 'packages.yml').replace(/[.]/g, '\\.')}:4:5: Version error for package acme/acme_utils`));
    assert.equal(await main(['deps', '--project-dir', root, '--frozen'], io), 2);
  } finally {
    if (saved === undefined) delete process.env.DBT_PACKAGE_HUB_URL;
    else process.env.DBT_PACKAGE_HUB_URL = saved;
  }
});
