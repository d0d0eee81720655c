// Jinja in schema.yml configs, which dbt renders natively when it reads the file: a model's `enabled`,
// `materialized` and tags, and a test's `enabled`/`severity` (dbt_expectations' integration project does both).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../server/src/engine';

function project(schema: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-yaml-jinja-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'dbt_project.yml'), 'name: p\nprofile: p\n');
  writeFileSync(join(dir, 'models', 'a.sql'), 'select 1 as id\n');
  writeFileSync(join(dir, 'models', 'b.sql'), 'select 2 as id\n');
  writeFileSync(join(dir, 'models', 'schema.yml'), schema);
  return dir;
}

test('model configs in schema.yml: Jinja rendered natively, not a wrong-type error', async () => {
  const dir = project(`version: 2
models:
  - name: a
    config:
      enabled: "{{ target.name == 'prod' }}"
  - name: b
    config:
      materialized: "{{ 'table' if target.name == 'local' else 'view' }}"
      transient: "{{ target.name != 'local' }}"
      tags: ["{{ target.name }}"]
    columns:
      - name: id
        tests:
          - not_null:
              config:
                severity: "{{ 'warn' if target.name == 'local' else 'error' }}"
          - unique:
              config:
                enabled: "{{ target.name == 'prod' }}"
`);
  try {
    const engine = await Engine.open({ projectDir: dir });
    assert.deepEqual(engine.allDiagnostics().filter((d) => d.severity === 'error'), []);
    assert.equal(engine.project.models.get('model.p.a')?.config.enabled, false);
    const b = engine.project.models.get('model.p.b')!.config;
    assert.equal(b.materialized, 'table');
    assert.equal(b.transient, false);
    assert.deepEqual(b.tags, ['local']);
    const tests = [...engine.project.tests.values()];
    assert.equal(tests.find((t) => t.name.startsWith('not_null'))?.config.severity, 'WARN');
    assert.equal(tests.find((t) => t.name.startsWith('unique'))?.config.enabled, false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong type written as a plain value is still an error', async () => {
  const dir = project('version: 2\nmodels:\n  - name: a\n    config:\n      enabled: maybe\n');
  try {
    const engine = await Engine.open({ projectDir: dir });
    assert.ok(engine.allDiagnostics().some((d) => d.code === 'bronze/schema-invalid' && /enabled/.test(d.message)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a test config that cannot render is an error in the schema file that names it', async () => {
  const dir = project(`version: 2
models:
  - name: a
    columns:
      - name: id
        tests:
          - not_null:
              config:
                severity: "{{ no_such_macro() }}"
`);
  try {
    const engine = await Engine.open({ projectDir: dir });
    const d = engine.allDiagnostics().find((x) => x.code === 'bronze/project-config-render');
    assert.ok(d, 'an error for the config that does not render');
    assert.match(d.file, /schema\.yml$/);
    assert.match(d.message, /^schema\.yml test not_null config\.severity: could not render/);
    assert.equal(d.range.start.line, 6);
    // One error for one cause: the unrendered text is not also reported as a wrong severity.
    assert.equal(engine.allDiagnostics().filter((x) => x.severity === 'error').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
