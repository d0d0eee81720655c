// The language server on ephemeral models: output columns resolve through them (nested), the compiled-SQL
// preview (`bronze/compiledSql`) shows the injected CTEs, and hook refs are edges of the lineage it draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workspace } from '../../server/src/analysis/workspace';
import { compiledSql } from '../../server/src/analysis/compiled-sql';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/ephemeral-hooks');

test('language server: columns through nested ephemerals, compiled SQL with the injected CTEs', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bronze-lsp-eph-'));
  try {
    cpSync(FIXTURE, root, { recursive: true });
    const ws = new Workspace({ env: {} });
    await ws.addFolder(root);
    const file = path.join(root, 'models', 'marts', 'fct_star.sql');
    const state = await ws.setText(file, "select * from {{ ref('stg_even') }}\n");
    assert.ok(state);
    const facts = state.facts('model.eph_hooks.fct_star')!;
    assert.deepEqual(facts.columns(), { columns: [{ name: 'id', quoted: false }], complete: true });

    const preview = await compiledSql(ws, file, 'first');
    assert.equal(preview.error, undefined);
    assert.match(preview.sql, /^insert into local\.main\.audit_zz_audit_log .*;\ncreate or replace table local\.marts\.fct_star as \(\n\s*with __dbt__cte__stg_base as \(\n/);
    assert.match(preview.sql, /\) select \* from __dbt__cte__stg_even/);
    assert.ok(state.graph.parents('model.eph_hooks.fct_star').includes('model.eph_hooks.zz_audit_log'), 'the folder pre-hook ref is an edge');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
