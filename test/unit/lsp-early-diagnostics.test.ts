// The language server's early answer for a file opened while its project loads (server/src/lsp/early-diagnostics.ts):
// the file's own Jinja/SQL syntax errors, only when the full check reports them too — never one it takes back.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Workspace } from '../../server/src/analysis/workspace';
import { ownTextDiagnostics } from '../../server/src/lsp/early-diagnostics';

/** Jinja and SQL syntax errors in one model: an expression cut short and two commas in a row. */
const BROKEN = 'select 1 as id,, {{ 1 + }} as b\n';

describe('early diagnostics of an opened model', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  };
  /** The full check's diagnostics of `rel` (what the server publishes once the project is loaded). */
  const full = async (rel: string) => {
    const ws = new Workspace({ env: {} });
    await ws.openProject(root);
    return ws.diagnosticsFor(join(root, rel));
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-early-'));
    write('dbt_project.yml', "name: early\nversion: '1.0'\nprofile: early\n");
    write('models/a.sql', BROKEN);
    write('models/b.sql', "select * from {{ ref('a') }}\n");
    write('models/schema.yml', 'version: 2\nmodels:\n  - name: b\n    description: B\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("publishes the model's own syntax errors, each of which the full check reports too", async () => {
    const early = ownTextDiagnostics(join(root, 'models/a.sql'), BROKEN);
    assert.deepEqual(early?.map((d) => d.code).sort(), ['bronze/jinja-syntax', 'bronze/sql-syntax']);
    const final = (await full('models/a.sql')).map((d) => JSON.stringify(d));
    for (const d of early!) assert.ok(final.includes(JSON.stringify(d)), `taken back: ${JSON.stringify(d)}`);
    assert.deepEqual(ownTextDiagnostics(join(root, 'models/b.sql'), "select * from {{ ref('a') }}\n"), []);
  });

  it('follows model-paths from dbt_project.yml', () => {
    write('dbt_project.yml', "name: early\nversion: '1.0'\nprofile: early\nmodel-paths: ['src']\n");
    write('src/a.sql', BROKEN);
    assert.equal(ownTextDiagnostics(join(root, 'src/a.sql'), BROKEN)?.length, 2);
    assert.equal(ownTextDiagnostics(join(root, 'models/a.sql'), BROKEN), undefined);
  });

  it('says nothing early when the model may be disabled (the full check would then not report its errors)', async () => {
    write('dbt_project.yml', "name: early\nversion: '1.0'\nprofile: early\nmodels:\n  early:\n    +enabled: false\n");
    assert.equal(ownTextDiagnostics(join(root, 'models/a.sql'), BROKEN), undefined);
    assert.deepEqual(await full('models/a.sql'), []);
    write('dbt_project.yml', "name: early\nversion: '1.0'\nprofile: early\n");
    write('models/schema.yml', 'version: 2\nmodels:\n  - name: a\n    config:\n      enabled: false\n');
    assert.equal(ownTextDiagnostics(join(root, 'models/a.sql'), BROKEN), undefined);
    assert.deepEqual(await full('models/a.sql'), []);
    write('models/schema.yml', 'version: 2\n');
    const disabledHere = `{{ config(enabled=false) }}\n${BROKEN}`;
    assert.equal(ownTextDiagnostics(join(root, 'models/a.sql'), disabledHere), undefined);
  });

  it('says nothing early for files that are not certainly a model of the project', () => {
    write('analyses/x.sql', BROKEN);
    assert.equal(ownTextDiagnostics(join(root, 'analyses/x.sql'), BROKEN), undefined);
    write('models/dbt_packages/p/a2.sql', BROKEN);
    assert.equal(ownTextDiagnostics(join(root, 'models/dbt_packages/p/a2.sql'), BROKEN), undefined);
    // A second a.sql: the loader keeps one of the two models.
    write('models/sub/a.sql', 'select 1 as id\n');
    assert.equal(ownTextDiagnostics(join(root, 'models/a.sql'), BROKEN), undefined);
    const block = '{% snapshot s %}\nselect 1,, 2\n{% endsnapshot %}\n';
    assert.equal(ownTextDiagnostics(join(root, 'models/b.sql'), block), undefined);
  });
});
