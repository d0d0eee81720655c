import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { formatCheck, runCheck } from '../../client/src/cli/check';
import { LSP_FIXTURES } from '../lsp/fixture-project';

function project(overlay?: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-check-'));
  cpSync(path.join(LSP_FIXTURES, 'base'), root, { recursive: true });
  if (overlay) cpSync(path.join(LSP_FIXTURES, 'rules', overlay), root, { recursive: true });
  return root;
}

describe('bronze check', () => {
  it('a singular test that refs a missing model gets the unknown-ref error at the name', async () => {
    const root = project();
    try {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(path.join(root, 'tests'), { recursive: true });
      writeFileSync(path.join(root, 'tests', 'assert_nothing.sql'), "select *\nfrom {{ ref('bz_userz') }}\nwhere 1 = 0\n");
      const r = await runCheck({ projectDir: root, env: {} });
      const found = r.diagnostics.filter((d) => d.file === 'tests/assert_nothing.sql');
      assert.deepEqual(found.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [['bronze/unknown-ref', 'error', 1, 12]]);
      assert.match(found[0].message, /model 'bz_userz', which does not exist/);
      assert.equal(r.exitCode, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a profile that profiles.yml lacks is a warning naming the fallback, and the exit status follows the diagnostics', async () => {
    const root = project();
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path.join(root, 'profiles.yml'), 'someone_else:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: x.duckdb\n');
      const r = await runCheck({ projectDir: root, env: {} });
      const profile = r.diagnostics.filter((d) => d.code === 'bronze/profile-not-found');
      assert.equal(profile.length, 1);
      assert.equal(profile[0].severity, 'warning');
      assert.match(profile[0].message, /using the embedded DuckDB target/);
      assert.equal(r.error, undefined);
      assert.equal(r.exitCode, 0);
      // Asked for by name, a target that cannot be had is a configuration error (exit 2).
      const named = await runCheck({ projectDir: root, target: 'nope', env: {} });
      assert.equal(named.exitCode, 2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 0 on a clean project and prints a summary', async () => {
    const root = project();
    try {
      const r = await runCheck({ cwd: path.join(root, 'models/bronze'), env: {} });
      assert.equal(r.exitCode, 0);
      assert.equal(r.projectDir, root);
      assert.equal(formatCheck(r, 'text'), '0 errors, 0 warnings, 0 info\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('prints path:line:col: severity rule-id: message and exits 1 on an error', async () => {
    const root = project('unknown-ref');
    try {
      const r = await runCheck({ projectDir: root, env: {} });
      assert.equal(r.exitCode, 1);
      assert.equal(
        formatCheck(r, 'text'),
        "models/bronze/bz_meetings.sql:11:13: error bronze/unknown-ref: ref() points to model 'bz_user', which does not exist. Did you mean 'bz_users'?\n1 error, 0 warnings, 0 info\n",
      );
      assert.deepEqual(JSON.parse(formatCheck(r, 'json')), [
        {
          file: 'models/bronze/bz_meetings.sql',
          range: { start: { line: 10, character: 12 }, end: { line: 10, character: 21 } },
          severity: 'error',
          code: 'bronze/unknown-ref',
          message: "ref() points to model 'bz_user', which does not exist. Did you mean 'bz_users'?",
        },
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 0 with warnings only', async () => {
    const root = project('unique-key-no-effect');
    try {
      const r = await runCheck({ projectDir: root, env: {} });
      assert.equal(r.exitCode, 0);
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['bronze/unique-key-no-effect']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 2 with a message when there is no project', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bronze-noproj-'));
    try {
      const r = await runCheck({ cwd: dir, env: {} });
      assert.equal(r.exitCode, 2);
      assert.equal(r.error, `No dbt_project.yml found in ${dir} or any folder above it. Run bronze check inside a dbt project, or pass --project-dir DIR.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
