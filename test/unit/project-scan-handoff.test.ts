// One Jinja scan per model per load: the loader's scan rides on the model node until the analysis builds the
// model's facts from it, and neither keeps it afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../server/src/project';
import { takeScan } from '../../server/src/project/scan-handoff';
import { Workspace } from '../../server/src/analysis/workspace';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/ephemeral-hooks');

function copy(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'bronze-scan-handoff-'));
  cpSync(FIXTURE, root, { recursive: true });
  return root;
}

test('a loaded model node carries the loader scan of its text, once', async () => {
  const root = copy();
  try {
    const p = await loadProject(root, { env: {} });
    const models = [...p.models.values()];
    assert.ok(models.length >= 3);
    let calls = 0;
    for (const m of models) {
      const scan = takeScan(m, m.rawCode);
      assert.ok(scan, `${m.uniqueId} carries its scan`);
      assert.equal(scan.text, m.rawCode);
      calls += scan.calls.length;
      assert.equal(takeScan(m, m.rawCode), undefined, 'taken once, then the node lets go of it');
    }
    assert.ok(calls > 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the analysis builds a model's facts from the loader's scan and the node lets go of it", async () => {
  const root = copy();
  try {
    const ws = new Workspace({ env: {} });
    await ws.addFolder(root);
    const state = ws.projectFor(path.join(root, 'models', 'marts', 'fct_all.sql'))!;
    assert.ok(state);
    const node = state.project.models.get('model.eph_hooks.fct_all')!;
    const facts = state.facts(node.uniqueId)!;
    assert.equal(facts.scan.text, node.rawCode);
    assert.equal(takeScan(node, node.rawCode), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
