// A generic test's `{% test %}` block may call config(): dbt applies it above the project's config and below the
// test's own YAML entry (https://docs.getdbt.com/reference/data-test-configs). dbt_project_evaluator's is_empty sets
// fail_calc = "n_records" there; Bronze ignored it and counted the one row `select count(*)` gives, so every
// is_empty test warned on an empty table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProject } from '../../client/src/run/runner';

test('config() in a generic test block sets fail_calc and severity; the YAML entry and nothing else outranks it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-test-config-'));
  try {
    mkdirSync(join(dir, 'models'), { recursive: true });
    mkdirSync(join(dir, 'tests', 'generic'), { recursive: true });
    writeFileSync(join(dir, 'dbt_project.yml'), "name: tc\nversion: '1.0.0'\nconfig-version: 2\nprofile: tc\ntests:\n  tc:\n    +severity: error\n");
    writeFileSync(join(dir, 'profiles.yml'), 'tc:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n');
    writeFileSync(
      join(dir, 'tests', 'generic', 'is_empty.sql'),
      "{% test is_empty(model) %}\n{{ config(severity='warn', fail_calc='n_records') }}\nselect count(*) as n_records from {{ model }}\n{% endtest %}\n",
    );
    writeFileSync(join(dir, 'models', 'empty_one.sql'), 'select 1 as id where false\n');
    writeFileSync(join(dir, 'models', 'full_one.sql'), 'select 1 as id union all select 2\n');
    writeFileSync(
      join(dir, 'models', 'schema.yml'),
      [
        'version: 2',
        'models:',
        '  - name: empty_one',
        '    tests: [is_empty]',
        '  - name: full_one',
        '    tests:',
        '      - is_empty',
        '      - is_empty:',
        '          name: full_one_is_empty_strict',
        '          config:',
        '            severity: error',
        '',
      ].join('\n'),
    );
    const outcome = await runProject({ projectDir: dir, command: 'build' });
    const byName = Object.fromEntries(outcome.results.filter((r) => r.resourceType === 'test').map((r) => [r.name, [r.status, r.failures]]));
    assert.deepEqual(byName, {
      // n_records = 0: passes (it warned with 1 "result" before).
      is_empty_empty_one_: ['pass', 0],
      // The block's severity (warn) beats the project's (error); fail_calc counts the 2 rows.
      is_empty_full_one_: ['warn', 2],
      // The YAML entry's severity beats the block's.
      full_one_is_empty_strict: ['fail', 2],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
