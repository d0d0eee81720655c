import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { installDeps } from '../../client/src/deps/install';
import { parsePackagesFile } from '../../client/src/deps/spec';
import { BronzeError } from '../../server/src/core/types';
import { Engine, offlineResolver } from '../../server/src/engine';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Bronze Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** A git repository holding a dbt package in `pkg/`: a macro and a generic test. */
async function gitPackage(base: string): Promise<{ repo: string; first: string }> {
  const repo = path.join(base, 'checks-repo');
  await write(repo, {
    'README.md': 'not a package\n',
    'pkg/dbt_project.yml': 'name: bronze_checks\nversion: "1.0.0"\nconfig-version: 2\nmacro-paths: ["macros"]\n',
    'pkg/macros/cents.sql': '{% macro to_cents(col) %}({{ col }} * 100)::bigint{% endmacro %}\n',
    'pkg/macros/is_positive.sql': '{% test is_positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n',
  });
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'v1');
  git(repo, 'tag', 'v1.0.0');
  return { repo, first: git(repo, 'rev-parse', 'HEAD') };
}

async function project(base: string, packagesYml: string): Promise<string> {
  const root = path.join(base, 'proj');
  await write(root, {
    'dbt_project.yml': 'name: shop\nprofile: shop\nconfig-version: 2\nmodel-paths: ["models"]\n',
    'packages.yml': packagesYml,
    'models/orders.sql': "select 1 as order_id, {{ bronze_checks.to_cents('2.5') }} as amount_cents, {{ local_helpers.shout('x') }} as s\n",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: amount_cents\n        data_tests:\n          - bronze_checks.is_positive\n',
  });
  await write(base, {
    'helpers/dbt_project.yml': 'name: local_helpers\nconfig-version: 2\n',
    'helpers/macros/shout.sql': "{% macro shout(s) %}upper('{{ s }}'){% endmacro %}\n",
  });
  return root;
}

test('bronze deps: a local package and a git package (subdirectory, tag) install, lock, and load as packages', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const { repo, first } = await gitPackage(base);
  const root = await project(base, `packages:\n  - local: ../helpers\n  - git: "file://${repo}"\n    revision: v1.0.0\n    subdirectory: pkg\n`);
  const logs: string[] = [];
  const report = await installDeps(root, { log: (l) => logs.push(l) });
  assert.deepEqual(
    report.installed.map((p) => [p.name, p.kind, p.resolved ?? null, path.relative(root, p.dir)]),
    [
      ['local_helpers', 'local', null, 'dbt_packages/local_helpers'],
      ['bronze_checks', 'git', first, 'dbt_packages/bronze_checks'],
    ],
  );
  assert.deepEqual(logs, ['Updated package-lock.yml (2 packages).', 'Installed local_helpers from ../helpers', `Installed bronze_checks (${first.slice(0, 12)}) from file://${repo}`]);
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/macros/is_positive.sql')), true);
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/.git')), false);
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/README.md')), false, 'only the subdirectory is installed');
  assert.equal(lstatSync(path.join(root, 'dbt_packages/local_helpers')).isSymbolicLink(), false);
  const lock = parse(await readFile(path.join(root, 'package-lock.yml'), 'utf8'));
  assert.deepEqual(lock.packages, [
    { local: '../helpers', name: 'local_helpers' },
    { git: `file://${repo}`, revision: first, subdirectory: 'pkg', name: 'bronze_checks' },
  ]);
  assert.match(lock.sha1_hash, /^[0-9a-f]{40}$/);

  // The loader picks the packages up: their macros render in the model, their generic test runs as a test.
  const engine = await Engine.open({ projectDir: root });
  assert.deepEqual(engine.project.packages.map((p) => p.name).sort(), ['bronze_checks', 'local_helpers', 'shop']);
  const errors = engine.allDiagnostics().filter((d) => d.severity === 'error');
  assert.deepEqual(errors, []);
  const orders = engine.findModel('orders')!;
  const ctx = { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, which: 'compile', resolve: offlineResolver(orders.relation, 'first') };
  assert.equal((await engine.compileModel(orders, ctx)).sql.trim(), "select 1 as order_id, (2.5 * 100)::bigint as amount_cents, upper('x') as s");
  const tests = [...engine.project.tests.values()];
  assert.equal(tests.length, 1);
  assert.deepEqual(tests[0].testMetadata && { name: tests[0].testMetadata.name, namespace: tests[0].testMetadata.namespace }, { name: 'is_positive', namespace: 'bronze_checks' });
  const sql = await engine.testSql(tests[0], ctx);
  // The test macro's output as dbt's compiled_code keeps it: the newlines around the body are not trimmed.
  assert.match(sql, /^\nselect \* from .*orders.* where amount_cents <= 0\n$/);
});

test('bronze deps: the lock pins git packages while packages.yml is unchanged', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-lock-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const { repo, first } = await gitPackage(base);
  const root = await project(base, `packages:\n  - git: "${repo}"\n    subdirectory: pkg\n`);
  await installDeps(root);
  await write(repo, { 'pkg/macros/new.sql': '{% macro added() %}1{% endmacro %}\n' });
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'v2');
  const second = git(repo, 'rev-parse', 'HEAD');
  const again = await installDeps(root);
  assert.equal(again.installed[0].resolved, first);
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/macros/new.sql')), false);
  // Changing packages.yml (here: a comment-free reformat that adds revision) re-resolves.
  await writeFile(path.join(root, 'packages.yml'), `packages:\n  - git: "${repo}"\n    subdirectory: pkg\n    revision: main\n`);
  const moved = await installDeps(root);
  assert.equal(moved.installed[0].resolved, second);
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/macros/new.sql')), true);
});

test('bronze deps: hub packages fail fast offline, naming the package and the way out', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-hub-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const root = await project(base, 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n');
  const started = Date.now();
  const offline = (async () => {
    throw new TypeError('fetch failed');
  }) as unknown as typeof fetch;
  await assert.rejects(installDeps(root, { fetch: offline, env: {} }), (e: unknown) => {
    assert.ok(e instanceof BronzeError);
    assert.equal(e.code, 'bronze/deps');
    assert.equal(e.location?.file, path.join(root, 'packages.yml'));
    assert.equal(e.location?.range.start.line, 1);
    assert.match(e.message, /^hub package dbt-labs\/dbt_utils cannot be resolved: https:\/\/hub\.getdbt\.com\/api\/v1\/index\.json could not be reached \(fetch failed\)\./);
    assert.match(e.message, /Connect to the network and run `bronze deps` again, set DBT_PACKAGE_HUB_URL/);
    assert.match(e.message, /Bronze already ships the dbt_utils tests/);
    return true;
  });
  assert.ok(Date.now() - started < 2000);
  assert.equal(existsSync(path.join(root, 'package-lock.yml')), false);
  assert.equal(existsSync(path.join(root, 'dbt_packages')), false);
  assert.deepEqual((await readdir(root)).filter((f) => f.startsWith('.bronze-deps-')), [], 'the scratch folder is removed');
});

test('bronze deps: located errors for a bad entry, a missing local path and an unknown git revision', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-err-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const file = path.join(base, 'packages.yml');
  assert.throws(() => parsePackagesFile(file, 'packages:\n  - local: ../a\n  - revision: v1\n'), (e: unknown) =>
    e instanceof BronzeError && e.location?.range.start.line === 2 && /none of `package:`, `git:`, `local:` or `tarball:`/.test(e.message));
  assert.throws(() => parsePackagesFile(file, 'packages: [unclosed\n'), (e: unknown) => e instanceof BronzeError && /is not valid YAML/.test(e.message));
  assert.deepEqual(parsePackagesFile(file, '').specs, []);

  const missing = await project(base, 'packages:\n  - local: ../nowhere\n');
  await assert.rejects(installDeps(missing), (e: unknown) => e instanceof BronzeError && /^local package \.\.\/nowhere does not exist \(looked in .*nowhere\)\. Fix the path/.test(e.message));

  const { repo } = await gitPackage(base);
  await writeFile(path.join(missing, 'packages.yml'), `packages:\n  - git: "${repo}"\n    revision: v9.9.9\n    subdirectory: pkg\n`);
  await assert.rejects(installDeps(missing), (e: unknown) => e instanceof BronzeError && e.location?.range.start.line === 1 && /^git package .* at revision v9\.9\.9 could not be fetched: .*Check the URL and the revision/.test(e.message));
  // A subdirectory outside the checkout is refused (it would otherwise be moved into dbt_packages/).
  await writeFile(path.join(missing, 'packages.yml'), `packages:\n  - git: "${repo}"\n    subdirectory: ../../../../helpers\n`);
  await assert.rejects(installDeps(missing), (e: unknown) => e instanceof BronzeError && /subdirectory (\.\.\/){4}helpers points outside the repository/.test(e.message));
  assert.equal(existsSync(path.join(base, 'helpers', 'dbt_project.yml')), true);
  // So is one that leads outside through a symbolic link committed to the repository.
  symlinkSync(path.join(base, 'helpers'), path.join(repo, 'linked'));
  git(repo, 'add', 'linked');
  git(repo, 'commit', '--quiet', '-m', 'link');
  await writeFile(path.join(missing, 'packages.yml'), `packages:\n  - git: "${repo}"\n    subdirectory: linked\n`);
  await assert.rejects(installDeps(missing), (e: unknown) => e instanceof BronzeError && /subdirectory linked points outside the repository/.test(e.message));
  assert.equal(existsSync(path.join(base, 'helpers', 'dbt_project.yml')), true);
});

test('bronze deps: git revision as branch or commit, transitive entries of a git package, and conflicting revisions', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-rev-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const { repo, first } = await gitPackage(base);
  // A second commit on a branch: the package now needs local_helpers (resolved, as dbt does, from the root project).
  git(repo, 'checkout', '--quiet', '-b', 'feature');
  await write(repo, { 'pkg/packages.yml': 'packages:\n  - local: ../helpers\n', 'pkg/macros/new.sql': '{% macro added() %}1{% endmacro %}\n' });
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'feature');
  const second = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '--quiet', 'main');

  const root = await project(base, `packages:\n  - git: "${repo}"\n    revision: feature\n    subdirectory: pkg\n`);
  const logs: string[] = [];
  const branch = await installDeps(root, { log: (l) => logs.push(l) });
  assert.deepEqual(branch.installed.map((p) => [p.name, p.resolved ?? null]), [['bronze_checks', second], ['local_helpers', null]]);
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/macros/new.sql')), true);
  const lock = parse(await readFile(path.join(root, 'package-lock.yml'), 'utf8'));
  assert.deepEqual(lock.packages, [
    { git: repo, revision: second, subdirectory: 'pkg', name: 'bronze_checks' },
    { local: '../helpers', name: 'local_helpers' },
  ]);

  await writeFile(path.join(root, 'packages.yml'), `packages:\n  - git: "${repo}"\n    revision: ${first}\n    subdirectory: pkg\n`);
  const commit = await installDeps(root);
  assert.deepEqual(commit.installed.map((p) => [p.name, p.resolved ?? null]), [['bronze_checks', first]]);
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/macros/new.sql')), false);
  assert.equal(existsSync(path.join(root, 'dbt_packages/local_helpers')), false, 'a package no longer required is removed, as dbt clears the install path');

  // The same repository asked for at two revisions (here: the project and a local package) is dbt's error.
  await write(base, { 'helpers/packages.yml': `packages:\n  - git: "${repo}"\n    subdirectory: pkg\n    revision: feature\n` });
  await writeFile(path.join(root, 'packages.yml'), `packages:\n  - git: "${repo}"\n    revision: v1.0.0\n    subdirectory: pkg\n  - local: ../helpers\n`);
  await assert.rejects(installDeps(root), (e: unknown) => {
    assert.ok(e instanceof BronzeError);
    assert.equal(e.location?.range.start.line, 1);
    assert.equal(e.message, `git dependencies should contain exactly one version. ${repo}/pkg contains: {'v1.0.0', 'feature'} (v1.0.0 from packages.yml:2; feature from ../helpers). Make the entries ask for the same revision.`);
    return true;
  });
  assert.equal(existsSync(path.join(root, 'dbt_packages/bronze_checks/macros/cents.sql')), true, 'the previous install is untouched');
});

test('bronze deps: two packages from subdirectories of one repository share one checkout, as in dbt\'s multi-package repos', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-multi-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const repo = path.join(base, 'multi');
  await write(repo, {
    'dbt_project.yml': 'name: multi_root\nconfig-version: 2\n',
    'utils-main/dbt_project.yml': 'name: multi_utils\nconfig-version: 2\n',
    'utils-main/macros/u.sql': '{% macro u() %}1{% endmacro %}\n',
    'date-main/dbt_project.yml': 'name: multi_date\nconfig-version: 2\n',
  });
  git(repo, 'init', '--quiet', '--initial-branch=main');
  git(repo, 'add', '.');
  git(repo, 'commit', '--quiet', '-m', 'v1');
  git(repo, 'tag', 'v0.1.0');
  const sha = git(repo, 'rev-parse', 'HEAD');
  const root = await project(base, `packages:\n  - git: "${repo}"\n    subdirectory: utils-main\n    revision: v0.1.0\n  - git: "${repo}"\n    subdirectory: date-main\n    revision: v0.1.0\n  - git: "${repo}"\n    revision: v0.1.0\n`);
  const report = await installDeps(root);
  assert.deepEqual(report.installed.map((p) => [p.name, p.resolved]), [['multi_utils', sha], ['multi_date', sha], ['multi_root', sha]]);
  assert.equal(existsSync(path.join(root, 'dbt_packages/multi_utils/macros/u.sql')), true);
  assert.equal(existsSync(path.join(root, 'dbt_packages/multi_root/utils-main/macros/u.sql')), true, 'the whole repository keeps its subfolders');
  assert.equal(existsSync(path.join(root, 'dbt_packages/multi_root/.git')), false);
});

test('bronze deps: dependencies.yml is read when it has `packages:`; both files having it is dbt\'s error', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-depsyml-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const root = await project(base, '# nothing here yet\n');
  await writeFile(path.join(root, 'dependencies.yml'), 'projects:\n  - name: upstream\npackages:\n  - local: ../helpers\n');
  const report = await installDeps(root);
  assert.equal(report.packagesFile, path.join(root, 'dependencies.yml'));
  assert.deepEqual(report.installed.map((p) => p.name), ['local_helpers']);
  await writeFile(path.join(root, 'packages.yml'), 'packages:\n  - local: ../helpers\n');
  await assert.rejects(installDeps(root), (e: unknown) => {
    assert.ok(e instanceof BronzeError);
    assert.equal(e.location?.file, path.join(root, 'dependencies.yml'));
    assert.equal(e.location?.range.start.line, 2);
    assert.match(e.message, /^The 'packages' key cannot be specified in both packages\.yml and dependencies\.yml\./);
    return true;
  });
});

test('bronze deps: a broken packages.yml inside a package is reported at the entry that brought the package in', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-nested-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const root = await project(base, 'packages:\n  - local: ../helpers\n');
  await write(base, { 'helpers/packages.yml': 'packages:\n  - revision: v1\n' });
  await assert.rejects(installDeps(root), (e: unknown) => {
    assert.ok(e instanceof BronzeError);
    assert.equal(e.location?.file, path.join(root, 'packages.yml'));
    assert.equal(e.location?.range.start.line, 1);
    assert.equal(e.message, 'This entry of packages.yml of ../helpers has none of `package:`, `git:`, `local:` or `tarball:`; add one (e.g. `- package: dbt-labs/dbt_utils` with `version:`). (required by ../helpers)');
    return true;
  });
  await write(base, { 'helpers/packages.yml': 'packages: [unclosed\n' });
  await assert.rejects(installDeps(root), (e: unknown) => e instanceof BronzeError && e.location?.range.start.line === 1 && /^packages\.yml of \.\.\/helpers is not valid YAML/.test(e.message));
});

test('bronze deps: a package-lock.yml with merge-conflict markers is resolved again and rewritten, with a warning', async (t) => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-conflict-'));
  t.after(() => rm(base, { recursive: true, force: true }));
  const root = await project(base, 'packages:\n  - local: ../helpers\n');
  await writeFile(path.join(root, 'package-lock.yml'), 'packages:\n<<<<<<< HEAD\n  - local: ../helpers\n=======\n  - local: ../other\n>>>>>>> branch\nsha1_hash: x\n');
  const logs: string[] = [];
  const report = await installDeps(root, { log: (l) => logs.push(l) });
  assert.equal(report.relocked, true);
  assert.match(logs[0], /^Warning: package-lock\.yml:\d+ cannot be read \(package-lock\.yml is not valid YAML: .*\); resolving packages\.yml again\.$/);
  assert.deepEqual(parse(await readFile(path.join(root, 'package-lock.yml'), 'utf8')).packages, [{ local: '../helpers', name: 'local_helpers' }]);
});
