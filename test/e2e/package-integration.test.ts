// A package tested by its own integration project (test/fixtures/packages/package-integration), as dbt packages
// are: `local: ../` in packages.yml, Jinja in test configs, and a generic test whose `compare_model: ref(...)`
// argument must reach the macro as a Relation. Each was a false error on dbt_expectations' integration project.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from './helpers';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/packages/package-integration');

function layout(): { root: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), 'bronze-pkg-it-'));
  cpSync(FIXTURE, root, { recursive: true });
  const project = join(root, 'integration_tests');
  // What `dbt deps` does with `local: ../`: the package under its own name.
  for (const f of ['dbt_project.yml', 'macros']) cpSync(join(root, f), join(project, 'dbt_packages', 'acme_expect', f), { recursive: true });
  return { root, project };
}

test('check: Jinja in test configs and a local: ../ package are not errors or warnings', async () => {
  const { root, project } = layout();
  try {
    const out = await cli(['check', '--project-dir', project]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.doesNotMatch(out.stdout + out.stderr, /schema-invalid|package-not-installed/);
    assert.match(out.stdout + out.stderr, /0 errors/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('build: configs rendered natively (enabled false drops the test, severity from Jinja), ref() arguments are Relations', async () => {
  const { root, project } = layout();
  try {
    const out = await cli(['build', '--project-dir', project]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const results = JSON.parse(readFileSync(join(project, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; failures?: number | null }[] };
    const tests = results.results.filter((r) => r.unique_id.startsWith('test.'));
    const status = (part: string) => tests.filter((r) => r.unique_id.includes(part)).map((r) => r.status);
    // wide vs wide_copy: same columns, passes; the bigquery-only test vs narrow is disabled, so it is not run.
    assert.deepEqual(status('column_count_equals_wide_ref_wide_copy_'), ['pass']);
    assert.deepEqual(status('column_count_equals_wide_ref_narrow_'), []);
    // 3 columns against 1: fails, as a warning because the severity rendered to 'warn' on target local.
    assert.deepEqual(status('wide_vs_narrow_warns'), ['warn']);
    assert.deepEqual(status('not_null_wide_id'), ['pass']);
    assert.equal(tests.length, 3);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a Jinja config that renders to a wrong value is a located error naming it', async () => {
  const { root, project } = layout();
  try {
    const { writeFileSync } = await import('node:fs');
    const yml = join(project, 'models', 'schema.yml');
    writeFileSync(yml, readFileSync(yml, 'utf8').replace("'warn' if target.name == 'local' else 'error'", "'fatal'"));
    const out = await cli(['check', '--project-dir', project]);
    assert.notEqual(out.code, 0);
    assert.match(out.stdout + out.stderr, /models\/schema\.yml:\d+:\d+: error bronze\/schema-invalid: .*column_count_equals.*severity must be "warn" or "error"/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
