// The real-world corpus layout (test/realworld/layout.mjs) picks package versions the way `dbt deps` does and reads
// packages.yml / package-lock.yml; a wrong pick would measure Bronze against packages the projects never use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingBlobs, parsePackageList, pickTag } from '../realworld/layout.mjs';

const DBT_UTILS_TAGS = ['0.8.4', '0.8.5', '0.9.6', '1.0.0-b1', '1.0.0', '1.1.1', '1.2.0-rc1', '1.3.0', '1.3.3', '1.4.0-b1'];

test('an exact pin picks that tag', () => {
  assert.equal(pickTag(DBT_UTILS_TAGS, ['0.8.4'], 'dbt_utils'), '0.8.4');
});

test('a range picks the highest release inside it, skipping pre-releases', () => {
  assert.equal(pickTag(DBT_UTILS_TAGS, ['>=0.8.0', '<2.0.0'], 'dbt_utils'), '1.3.3');
  assert.equal(pickTag(DBT_UTILS_TAGS, ['>=1.0.0', '<1.3.0'], 'dbt_utils'), '1.1.1');
});

test('constraints from several packages are intersected', () => {
  // the project pins 1.1.1; audit_helper asks for >=0.9.0,<2.0.0
  assert.equal(pickTag(DBT_UTILS_TAGS, ['1.1.1', '>=0.9.0', '<2.0.0'], 'dbt_utils'), '1.1.1');
  assert.throws(() => pickTag(DBT_UTILS_TAGS, ['0.8.4', '>=1.0.0'], 'dbt_utils'), /no tag of dbt_utils satisfies 0\.8\.4, >=1\.0\.0/);
});

test("a leading 'v' is ignored, and the unprefixed tag wins a tie", () => {
  assert.equal(pickTag(['v0.14.2', 'v0.14.3', 'v1.0.0'], ['0.14.3'], 'evaluator'), 'v0.14.3');
  assert.equal(pickTag(['v0.11.0', '0.11.0', '0.10.0'], ['>=0.10.0', '<0.12.0'], 'audit_helper'), '0.11.0');
});

test('a pre-release is taken only when pinned exactly', () => {
  assert.equal(pickTag(DBT_UTILS_TAGS, ['1.0.0-b1'], 'dbt_utils'), '1.0.0-b1');
});

test('packages.yml: hub entries with scalar, flow-list and block-list versions, git and local entries, comments', () => {
  const text = [
    'packages:',
    '  - package: dbt-labs/dbt_utils',
    '    version: 1.3.0 # pinned',
    '  - package: get-select/dbt_snowflake_query_tags',
    '    version: [">=2.0.0", "<3.0.0"]',
    '  - package: calogica/dbt_expectations',
    '    version:',
    '      - ">=0.10.0"',
    "      - '<0.11.0'",
    '  # - package: dbt-labs/audit_helper',
    '  - git: "https://github.com/dbt-labs/dbt-codegen.git"',
    '    revision: 0.13.1',
    '  - local: ../shared',
  ].join('\n');
  assert.deepEqual(parsePackageList(text, 'packages.yml'), [
    { package: 'dbt-labs/dbt_utils', version: '1.3.0' },
    { package: 'get-select/dbt_snowflake_query_tags', version: ['>=2.0.0', '<3.0.0'] },
    { package: 'calogica/dbt_expectations', version: ['>=0.10.0', '<0.11.0'] },
    { git: 'https://github.com/dbt-labs/dbt-codegen.git', revision: '0.13.1' },
    { local: '../shared' },
  ]);
});

test('package-lock.yml: the entries, without the trailing sha1_hash', () => {
  const text = 'packages:\n  - name: dbt_utils\n    package: dbt-labs/dbt_utils\n    version: 1.3.3\nsha1_hash: c22f502b\n';
  assert.deepEqual(parsePackageList(text, 'package-lock.yml'), [{ name: 'dbt_utils', package: 'dbt-labs/dbt_utils', version: '1.3.3' }]);
});

test('package-lock.yml whose list items sit at the key\'s own indentation (valid YAML, as dbt deps may write it)', () => {
  const text = 'packages:\n- package: dbt-labs/dbt_utils\n  name: dbt_utils\n  version: 1.3.0\n- git: https://github.com/x/y.git\n  revision: abc\nsha1_hash: 8067dd74\n';
  assert.deepEqual(parsePackageList(text, 'package-lock.yml'), [
    { package: 'dbt-labs/dbt_utils', name: 'dbt_utils', version: '1.3.0' },
    { git: 'https://github.com/x/y.git', revision: 'abc' },
  ]);
});

test('Jinja in a packages file is refused, not misread', () => {
  assert.throws(() => parsePackageList("packages:\n  - package: x/y\n    version: \"{{ env_var('V') }}\"\n", 'packages.yml'), /Jinja/);
});

test('files whose content the mirror lacks are named, so the layout can leave them out instead of failing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layout-missing-'));
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    writeFileSync(join(dir, 'kept.sql'), 'select 1');
    writeFileSync(join(dir, 'big file.bin'), 'pretend this is 4 MiB');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'c');
    const gitDir = join(dir, '.git');
    assert.deepEqual(missingBlobs(gitDir, 'HEAD'), []);
    const sha = git('rev-parse', 'HEAD:big file.bin');
    rmSync(join(gitDir, 'objects', sha.slice(0, 2), sha.slice(2)));
    assert.deepEqual(missingBlobs(gitDir, 'HEAD'), ['big file.bin']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
