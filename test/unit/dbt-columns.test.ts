// A node's schema.yml columns are one dict of dbt's ColumnInfo fields: manifest.json writes it (constraints included,
// as dbt writes them, which the contract's state comparison reads) and a template reads it as `model.columns`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../server/src/project';
import { Engine, buildManifest, offlineResolver } from '../../server/src/engine';

test('manifest.json and model.columns give the same columns, constraints included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-dbt-columns-'));
  try {
    const files: Record<string, string> = {
      'dbt_project.yml': 'name: p\nprofile: p\n',
      'models/m.sql': "select 1 as id, 'a' as label -- {{ model.columns | tojson }} -- {% for k in model.columns %}{{ k }},{% endfor %}\n",
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: m',
        '    columns:',
        '      - name: label',
        '        description: the label',
        '        data_type: varchar',
        '      - name: id',
        '        constraints:',
        '          - type: not_null',
        '',
      ].join('\n'),
    };
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const project = await loadProject(dir, { env: {} });
    const manifest = buildManifest(project, { targetName: 'dev', adapterType: 'duckdb' });
    const columns = (manifest.nodes as Record<string, { columns: Record<string, unknown> }>)['model.p.m'].columns;
    assert.deepEqual(columns, {
      id: { name: 'id', description: '', meta: {}, data_type: null, constraints: [{ type: 'not_null' }], quote: null, tags: [] },
      label: { name: 'label', description: 'the label', meta: {}, data_type: 'varchar', constraints: [], quote: null, tags: [] },
    });
    const engine = await Engine.open({ projectDir: dir });
    const model = engine.findModel('m')!;
    const compiled = await engine.compileModel(model, { invocationId: 'i', runStartedAt: new Date(0), fullRefresh: false, existing: null, resolve: offlineResolver(model.relation, 'first') });
    // The template sees them in declared order; the manifest sorts them by name.
    const [, json, order] = compiled.sql.split(' -- ');
    assert.deepEqual(JSON.parse(json), columns);
    assert.equal(order.trim(), 'label,id,');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
