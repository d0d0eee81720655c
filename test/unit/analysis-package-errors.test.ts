// A package's macro file that does not parse: the project's call into it gets the error (with the package file
// and line in the message), and nothing is reported inside dbt_packages/, which nobody edits.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCheck } from '../../client/src/cli/check';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/packages/dispatch-chain');

describe('errors inside packages', () => {
  it('a package macro file that does not parse is an error at the call in the model, none in dbt_packages/', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bronze-pkg-errors-'));
    try {
      cpSync(FIXTURE, root, { recursive: true });
      writeFileSync(
        path.join(root, 'dbt_packages/helper_pkg/macros/greet.sql'),
        "{% macro greet() %}{{ return(adapter.dispatch('greet', 'helper_pkg')()) }}{% endmacro %}\n{% macro filter_rows() %}{% if %}{% endmacro %}\n",
      );
      const r = await runCheck({ projectDir: root, env: {} });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(
        errors.map((d) => [d.file, d.range.start.line, d.range.start.character, d.code]),
        [['models/root_model.sql', 0, 10, 'bronze/undefined-name']],
      );
      assert.match(errors[0].message, /^helper_pkg\.greet\(\) cannot be called: dbt_packages\/helper_pkg\/macros\/greet\.sql:2 does not parse/);
      assert.equal(r.exitCode, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
