// A failing on-run-start hook stops the run (as in dbt) with an error that names the hook and points at it in
// dbt_project.yml, instead of the warehouse's bare parser error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BronzeError } from '../../server/src/core/types';
import { runProject } from '../../client/src/run/runner';

test('on-run-start: the failing hook is named and located in dbt_project.yml', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-run-hook-'));
  try {
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(
      join(dir, 'dbt_project.yml'),
      "name: hooks\nversion: '1.0.0'\nconfig-version: 2\nprofile: hooks\nvars:\n  enable_audit_logging: false\non-run-start:\n  - \"select 1\"\n  - \"insert into no_such_audit_table values (1)\"\n",
    );
    writeFileSync(join(dir, 'profiles.yml'), 'hooks:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n');
    writeFileSync(join(dir, 'models', 'm.sql'), 'select 1 as id');
    await assert.rejects(
      runProject({ projectDir: dir, command: 'run' }),
      (err: unknown) => {
        assert.ok(err instanceof BronzeError);
        assert.equal(err.code, 'bronze/run-hook');
        assert.match(err.message, /^on-run-start hook #2 \(`insert into no_such_audit_table values \(1\)`\) failed: /);
        assert.equal(err.location?.file, join(dir, 'dbt_project.yml'));
        assert.equal(err.location?.range.start.line, 8);
        return true;
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
