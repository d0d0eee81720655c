// The language server on a project with a dbt Python model: no Jinja/SQL rule reads the .py file; its one
// diagnostic says run/build will fail it; editor features on the file answer without crashing.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { documentView } from '../../server/src/analysis/document';
import { hover } from '../../server/src/analysis/hover';
import { fixtureProject } from '../lsp/fixture-project';

test('a Python model gets the runner warning and nothing from the Jinja/SQL rules', async () => {
  const p = await fixtureProject('python-model');
  try {
    const ds = p.diagnostics().filter((d) => d.file.endsWith('.py')).map((d) => [d.file, d.severity, d.code, d.message]);
    assert.deepEqual(ds, [
      [
        'models/bronze/users_py.py',
        'warning',
        'bronze/python-model-not-run',
        "Python model 'users_py': Python models are not supported by Bronze's runner on the DuckDB target. It loads and compiles (bronze compile writes its code); run it with dbt, or rewrite it as SQL.",
      ],
    ]);
    const file = p.file('models/bronze/users_py.py');
    const project = p.ws.projectFor(file)!;
    assert.equal(project.project.models.get('model.lsp_demo.users_py')?.language, 'python');
    assert.equal(project.facts('model.lsp_demo.users_py'), undefined);
    // Editing the file re-checks it the same way.
    await p.ws.setText(file, readFileSync(file, 'utf8') + '\n# {{ still not jinja\n');
    assert.equal(p.diagnostics().filter((d) => d.file.endsWith('.py')).length, 1);
    // A ref to a missing model is the same error as in SQL, on the file (dbt fails the parse on it).
    await p.ws.setText(file, readFileSync(file, 'utf8').replace('dbt.ref("bz_users")', 'dbt.ref("bz_userz")'));
    assert.deepEqual(
      p.diagnostics().filter((d) => d.file.endsWith('.py')).map((d) => [d.code, d.message]),
      [
        ['bronze/python-model-not-run', "Python model 'users_py': Python models are not supported by Bronze's runner on the DuckDB target. It loads and compiles (bronze compile writes its code); run it with dbt, or rewrite it as SQL."],
        ['bronze/unknown-ref', "ref() points to model 'bz_userz', which does not exist. Did you mean 'bz_users'?"],
      ].sort(),
    );
    // At the call, as for SQL: line 4 of the file, `dbt.ref("bz_userz")`.
    assert.deepEqual(p.diagnostics().find((d) => d.code === 'bronze/unknown-ref')?.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 31 } });
    // So is a dbt.source of a table no schema.yml declares (compile and run fail on it).
    await p.ws.setText(file, readFileSync(file, 'utf8').replace('users = dbt.ref("bz_users")', 'users = dbt.source("raw", "userz")'));
    assert.deepEqual(
      p.diagnostics().filter((d) => d.file.endsWith('.py') && d.code === 'bronze/unknown-source').map((d) => [d.severity, d.message, d.range]),
      [['error', "Source 'raw' has no table 'userz'. Did you mean 'users'? Declare it under sources › raw › tables in schema.yml.", { start: { line: 3, character: 12 }, end: { line: 3, character: 38 } }]],
    );
    await p.ws.setText(file, readFileSync(file, 'utf8').replace('users = dbt.ref("bz_users")', 'users = dbt.source("rwa", "users")'));
    assert.deepEqual(
      p.diagnostics().filter((d) => d.file.endsWith('.py') && d.code === 'bronze/unknown-source').map((d) => d.message),
      ["Source 'rwa' is not declared. Did you mean 'raw'? Declare it with table 'users' under sources: in a schema.yml."],
    );
    const view = documentView(p.ws, file)!;
    assert.equal(view.kind, 'other');
    assert.equal(hover(p.ws, file, { line: 3, character: 16 }), undefined);
  } finally {
    p.cleanup();
  }
});
