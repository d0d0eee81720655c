// A package's macro file that does not parse: the project's call into it gets the error (with the package file
// and line in the message), and nothing is reported inside dbt_packages/, which nobody edits.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCheck } from '../../client/src/cli/check';
import { main } from '../../client/src/cli';
import { toLspDiagnostic } from '../../server/src/lsp/convert';

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
      // The place in the package comes along (the editor shows it as relatedInformation).
      assert.deepEqual(
        errors[0].related?.map((r) => [r.file, r.range.start.line]),
        [['dbt_packages/helper_pkg/macros/greet.sql', 1]],
      );
      const lsp = toLspDiagnostic({ ...errors[0], related: errors[0].related?.map((r) => ({ ...r, file: path.join(root, r.file) })) });
      assert.deepEqual(
        lsp.relatedInformation?.map((r) => [r.location.uri.endsWith('/dbt_packages/helper_pkg/macros/greet.sql'), r.location.range.start.line]),
        [[true, 1]],
      );
      assert.equal(r.exitCode, 1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('bronze compile names the model line first and the package macro second when a package macro raises', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bronze-pkg-errors-'));
    try {
      cpSync(FIXTURE, root, { recursive: true });
      writeFileSync(
        path.join(root, 'dbt_packages/helper_pkg/macros/greet.sql'),
        "{% macro greet() %}{{ return(helper_pkg.inner()) }}{% endmacro %}\n{% macro filter_rows() %}'f'{% endmacro %}\n",
      );
      writeFileSync(path.join(root, 'dbt_packages/helper_pkg/macros/inner.sql'), "{% macro inner() %}\n  {{ exceptions.raise_compiler_error('greet needs a name') }}\n{% endmacro %}\n");
      const err: string[] = [];
      const code = await main(['compile', '--project-dir', root, '--select', 'root_model'], { out: () => undefined, err: (t) => err.push(t) });
      assert.equal(code, 1);
      const line = err.find((t) => t.includes('greet needs a name'));
      assert.ok(line, err.join('\n'));
      assert.ok(line.startsWith(`${path.join(root, 'models/root_model.sql')}:1:8: `), line);
      assert.match(line, /\(call stack: models\/root_model\.sql:1:8 → dbt_packages\/helper_pkg\/macros\/greet\.sql:1:20 → dbt_packages\/helper_pkg\/macros\/inner\.sql:2:3\)$/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
