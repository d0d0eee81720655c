// A schema file that does not parse costs only what it declares (issue #15): the rest of the project is checked
// as usual, a name is blamed on the broken file only when its text mentions it (one error per model), and
// compile says the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workspace } from '../../server/src/analysis/workspace';
import type { Diagnostic } from '../../server/src/core/types';
import { Engine } from '../../server/src/engine';
import { loadProject } from '../../server/src/project';
import { LSP_FIXTURES } from '../lsp/fixture-project';

function project(files: Record<string, string>): { root: string; done(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-broken-yaml-'));
  cpSync(path.join(LSP_FIXTURES, 'base'), root, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return { root, done: () => rmSync(root, { recursive: true, force: true }) };
}

async function check(root: string): Promise<[string, number, string, string][]> {
  const ws = new Workspace({ env: {} });
  await ws.addFolder(root);
  const out: [string, number, string, string][] = [];
  for (const [file, list] of ws.allDiagnostics()) {
    for (const d of list as Diagnostic[]) out.push([path.relative(root, file).split(path.sep).join('/'), d.range.start.line, d.code, d.message]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
}

// A file whose only job is to describe another model, with an unclosed quote.
const BROKEN_OTHER = `version: 2
models:
  - name: bz_other
    description: "The other model
    columns:
      - name: other_id
`;

// bz_licenses reads a table raw does not declare, outputs an untagged e-mail and is tested on a column it lacks.
const LICENSES = {
  'models/bronze/bz_licenses.sql': "select license_id, billing_email from {{ source('raw', 'licenses') }}\n",
  'models/bronze/licenses.yml': `version: 2
models:
  - name: bz_licenses
    columns:
      - name: license_id
      - name: billing_email
      - name: seats
`,
  'models/other/bz_other.sql': 'select 1 as other_id\n',
};

test('a broken schema file describing another model switches off no rule for the rest of the project', async () => {
  const p = project({ ...LICENSES, 'models/other/schema.yml': BROKEN_OTHER });
  try {
    const got = await check(p.root);
    const codes = got.map(([f, line, code]) => `${f}:${line} ${code}`);
    assert.deepEqual(codes, [
      'models/bronze/bz_licenses.sql:0 bronze/unknown-source',
      'models/bronze/licenses.yml:5 bronze/pii-untagged',
      'models/bronze/licenses.yml:6 bronze/missing-column',
      'models/other/schema.yml:3 bronze/yaml-syntax',
    ]);
    assert.match(got[3][3], /^YAML syntax error: Missing closing "quote\. dbt cannot read this file/);
  } finally {
    p.done();
  }
});

test('a name the broken file mentions gives the model ONE error naming the file; compile fails with the same message', async () => {
  const p = project({
    'models/bronze/bz_licenses.sql': "select * from {{ source('ext', 'licenses') }} join {{ source('ext', 'refunds') }} using (id) join {{ source('ext', 'seats') }} using (id)\n",
    // The source ext is declared only here, and the line after its first table does not parse.
    'models/bronze/ext.yml': `version: 2
sources:
  - name: ext
    tables:
      - name: accounts
      - name: licenses, description: "x
      - name: seats
        description: [
      - name: refunds: x
`,
  });
  try {
    const got = await check(p.root);
    const blamed = got.filter((d) => d[2] === 'bronze/yaml-unresolved');
    assert.deepEqual(blamed, [
      [
        'models/bronze/bz_licenses.sql',
        0,
        'bronze/yaml-unresolved',
        "source('ext', 'licenses') and source('ext', 'refunds') cannot be resolved because models/bronze/ext.yml does not parse (YAML syntax error on line 6) and may declare them. Fix the YAML in models/bronze/ext.yml.",
      ],
    ]);
    assert.equal(got.filter((d) => d[2] === 'bronze/unknown-source').length, 0);
    // The broken file shows its syntax errors only, not what the blanked lines left behind (null values, cut lists).
    assert.deepEqual(
      got.filter((d) => d[0] === 'models/bronze/ext.yml').map((d) => `${d[1]} ${d[2]}`),
      ['5 bronze/yaml-syntax'],
    );
    // The tables on the lines that still read are declared.
    const loaded = await loadProject(p.root, { env: {} });
    const ext = [...loaded.sources.values()].filter((s) => s.sourceName === 'ext').map((s) => s.name);
    assert.deepEqual(ext.sort(), ['accounts', 'seats']);
    const engine = Engine.fromProject(loaded);
    const model = loaded.models.get('model.lsp_demo.bz_licenses')!;
    await assert.rejects(
      engine.compileModel(model, { fullRefresh: false, invocationId: 'x', runStartedAt: new Date(0) } as Parameters<Engine['compileModel']>[1]),
      (err: Error) => err.message.includes("source('ext', 'licenses') cannot be resolved because models/bronze/ext.yml does not parse (YAML syntax error on line 6) and may declare it."),
    );
  } finally {
    p.done();
  }
});

test('a broken file keeps the declarations that still read: models after the broken line keep columns and tags', async () => {
  const p = project({
    'models/other/bz_other.sql': 'select 1 as other_id, 2 as contact_email\n',
    'models/other/bz_third.sql': 'select 1 as third_id\n',
    'models/other/schema.yml': `version: 2
models:
  - name: bz_other
    description: "The other model
    columns:
      - name: other_id
      - name: contact_email
        tags: [pii]
  - name: bz_third
    columns:
      - name: third_id
        tests: [unique]
`,
  });
  try {
    const loaded = await loadProject(p.root, { env: {} });
    const other = loaded.models.get('model.lsp_demo.bz_other')!;
    assert.deepEqual(Object.keys(other.columns), ['other_id', 'contact_email']);
    assert.deepEqual(other.columns.contact_email.tags, ['pii']);
    assert.ok([...loaded.tests.values()].some((t) => t.attachedNode === 'model.lsp_demo.bz_third'));
    const got = await check(p.root);
    assert.deepEqual(
      got.map(([f, line, code]) => `${f}:${line} ${code}`),
      ['models/other/schema.yml:3 bronze/yaml-syntax'],
    );
  } finally {
    p.done();
  }
});

test('lost indentation is one YAML error for the area, not one per line', async () => {
  const lines = ['version: 2', 'models:', '  - name: bz_other', '    columns:'];
  for (let i = 0; i < 30; i++) lines.push(`   - name: col_${i}`, `  description: column ${i}`);
  const p = project({ 'models/other/bz_other.sql': 'select 1 as other_id\n', 'models/other/schema.yml': lines.join('\n') + '\n' });
  try {
    const loaded = await loadProject(p.root, { env: {} });
    const errors = loaded.diagnostics.filter((d) => d.code === 'bronze/yaml-syntax');
    assert.equal(errors.length, 1, errors.map((e) => `${e.range.start.line}: ${e.message}`).join('\n'));
    assert.match(errors[0].message, /^YAML syntax error: .* \(60 problems on lines 4–62\)\. dbt cannot read this file/);
  } finally {
    p.done();
  }
});

test('duplicate keys: a warning naming both lines, the later value wins and the file loads', async () => {
  const p = project({
    'models/bronze/ext.yml': `version: 2
sources:
  - name: ext
    schema: first
    tables:
      - name: licenses
    schema: second
`,
    'models/bronze/bz_licenses.sql': "select * from {{ source('ext', 'licenses') }}\n",
  });
  try {
    const loaded = await loadProject(p.root, { env: {} });
    const dup = loaded.diagnostics.filter((d) => path.basename(d.file) === 'ext.yml');
    assert.deepEqual(
      dup.map((d) => [d.range.start.line, d.severity, d.code, d.message]),
      [[6, 'warning', 'bronze/yaml-duplicate-key', "Key 'schema' appears twice in this mapping (lines 4 and 7); dbt keeps the later value (line 7). Remove one of them."]],
    );
    const src = [...loaded.sources.values()].find((s) => s.sourceName === 'ext')!;
    assert.equal(src.relation.schema.toLowerCase(), 'second');
  } finally {
    p.done();
  }
});

test('YAML 1.1 booleans in a schema file read as dbt reads them', async () => {
  const p = project({
    'models/other/bz_other.sql': 'select 1 as other_id\n',
    'models/other/schema.yml': 'version: 2\nmodels:\n  - name: bz_other\n    config:\n      enabled: no\n',
  });
  try {
    const loaded = await loadProject(p.root, { env: {} });
    assert.equal(loaded.models.get('model.lsp_demo.bz_other')?.config.enabled, false);
    assert.deepEqual(loaded.diagnostics.filter((d) => d.file.endsWith('schema.yml') && d.file.includes('other')), []);
  } finally {
    p.done();
  }
});
