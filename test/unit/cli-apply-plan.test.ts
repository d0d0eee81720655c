// The CLI's EditPlan applier: edits land at LSP positions, later edits first so earlier offsets hold, created files
// start empty, and a plan never overwrites a file it means to create.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyPlan, planResult } from '../../client/src/cli/apply-plan';

const at = (line: number, character: number) => ({ line, character });

test('planResult applies several edits to one file at their positions', () => {
  const text = 'models:\n  - name: a\n  - name: b\n';
  const r = planResult(
    {
      title: 't',
      fileOps: [],
      edits: [
        { file: 'x.yml', range: { start: at(1, 10), end: at(1, 11) }, newText: 'alpha' },
        { file: 'x.yml', range: { start: at(3, 0), end: at(3, 0) }, newText: '  - name: c\n' },
        { file: 'x.yml', range: { start: at(2, 10), end: at(2, 11) }, newText: 'beta' },
      ],
    },
    () => text,
  );
  assert.deepEqual(r.get('x.yml'), { before: text, after: 'models:\n  - name: alpha\n  - name: beta\n  - name: c\n' });
});

test('applyPlan creates files and refuses to overwrite one that exists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-apply-'));
  try {
    const file = join(dir, 'models', 'm.sql');
    const plan = { title: 't', fileOps: [{ kind: 'create' as const, file }], edits: [{ file, range: { start: at(0, 0), end: at(0, 0) }, newText: 'select 1' }] };
    assert.deepEqual(applyPlan(plan), [file]);
    assert.equal(readFileSync(file, 'utf8'), 'select 1');
    writeFileSync(file, 'select 2');
    assert.throws(() => applyPlan(plan), /exists already; not overwritten/);
    assert.equal(readFileSync(file, 'utf8'), 'select 2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
