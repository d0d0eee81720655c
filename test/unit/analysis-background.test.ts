// Background whole-project checks (the language server's mode): the project rules and the open files'
// models are checked before openProject returns, the other models afterwards in slices, and the end result
// is exactly what a one-shot check gives — also when edits arrive while the background pass runs.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backgroundTuning, Workspace, type ProjectLoader } from '../../server/src/analysis/workspace';
import type { Diagnostic } from '../../server/src/core/types';
import { loadProject, reloadFiles } from '../../server/src/project';
import { generateProject } from '../../bench/gen-project';

let root = '';
const model = (folder: number, i: number) => path.join(root, 'models', `f${folder}`, `bz_f${folder}_m${i}.sql`);

/** Every diagnostic as `relative/file:line:col code`, sorted. */
function summary(ws: Workspace): string[] {
  const out: string[] = [];
  for (const [file, list] of ws.allDiagnostics()) {
    for (const d of list) out.push(`${path.relative(root, file).split(path.sep).join('/')}:${d.range.start.line}:${d.range.start.character} ${d.code}`);
  }
  return out.sort();
}

function codes(list: Diagnostic[]): string[] {
  return list.map((d) => d.code);
}

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'bronze-background-'));
  await generateProject(root, 300);
  // Mistakes spread over the project: an unknown ref, an unclosed block, a bad expression.
  const edit = (file: string, fn: (t: string) => string) => writeFileSync(file, fn(readFileSync(file, 'utf8')));
  edit(model(0, 10), (t) => t.replace("ref('bz_f0_m9')", "ref('bz_f0_m9x')"));
  edit(model(1, 50), (t) => t.replace('{% endif %}', ''));
  edit(model(2, 99), (t) => t.replace('where rn = 1', 'where rn = {{ 1 + }}'));
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('background whole-project checks', () => {
  it('checks open files first, the rest later, and ends with the one-shot result', async () => {
    const oneShot = new Workspace({ env: {} });
    await oneShot.openProject(root);
    const expected = summary(oneShot);
    assert.deepEqual(expected, [
      'models/f0/bz_f0_m10.sql:13:21 bronze/unknown-ref',
      'models/f1/bz_f1_m50.sql:14:4 bronze/jinja-syntax',
      'models/f2/bz_f2_m99.sql:20:18 bronze/jinja-syntax',
    ]);

    const saved = backgroundTuning.sliceMs;
    backgroundTuning.sliceMs = 0; // one model per slice: many slices
    try {
      const ws = new Workspace({ env: {}, background: true });
      ws.openFiles.add(model(1, 50));
      const state = await ws.openProject(root);
      // Ready: the open file is checked, most of the project is not yet.
      assert.deepEqual(codes(ws.diagnosticsFor(model(1, 50))), ['bronze/jinja-syntax']);
      assert.ok(state.pendingCount > 250, `pending ${state.pendingCount}`);
      // Requests wait for queued mutations only, not for the whole background pass.
      await ws.idle();
      assert.ok(state.pendingCount > 0, 'idle() waited for the whole background pass');
      await ws.settled();
      assert.equal(state.pendingCount, 0);
      assert.deepEqual(summary(ws), expected);
    } finally {
      backgroundTuning.sliceMs = saved;
    }
  });

  it('takes edits in the middle of the background pass', async () => {
    const saved = backgroundTuning.sliceMs;
    backgroundTuning.sliceMs = 0;
    try {
      const ws = new Workspace({ env: {}, background: true });
      const state = await ws.openProject(root);
      assert.ok(state.pendingCount > 0);
      // Fix one mistake, make another, while most models are unchecked.
      const fixed = readFileSync(model(0, 10), 'utf8').replace("ref('bz_f0_m9x')", "ref('bz_f0_m9')");
      await ws.setText(model(0, 10), fixed);
      await ws.setText(model(0, 20), readFileSync(model(0, 20), 'utf8').replace("ref('bz_f0_m19')", "ref('nope')"));
      assert.ok(state.pendingCount > 0, 'the edits ran the whole pass');
      await ws.settled();
      assert.deepEqual(summary(ws), [
        'models/f0/bz_f0_m20.sql:13:21 bronze/unknown-ref',
        'models/f1/bz_f1_m50.sql:14:4 bronze/jinja-syntax',
        'models/f2/bz_f2_m99.sql:20:18 bronze/jinja-syntax',
      ]);
    } finally {
      backgroundTuning.sliceMs = saved;
    }
  });

  it('takes no background slice while prioritized work (an edit being answered) is in flight', async () => {
    const saved = backgroundTuning.sliceMs;
    backgroundTuning.sliceMs = 0;
    try {
      const ws = new Workspace({ env: {}, background: true });
      const state = await ws.openProject(root);
      // The background pass has not taken its first slice yet (it waits for a turn of the event loop).
      let answered!: () => void;
      ws.prioritize(new Promise<void>((resolve) => (answered = resolve)));
      // An edit is still checked at once (it and its child leave the pending set): only the background waits.
      await ws.setText(model(0, 20), readFileSync(model(0, 20), 'utf8').replace("ref('bz_f0_m19')", "ref('nope')"));
      assert.deepEqual(codes(ws.diagnosticsFor(model(0, 20))), ['bronze/unknown-ref']);
      const pending = state.pendingCount;
      assert.ok(pending > 250, `pending ${pending}`);
      for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(state.pendingCount, pending, 'a background slice ran before the prioritized work was done');
      answered();
      await ws.settled();
      assert.equal(state.pendingCount, 0);
    } finally {
      backgroundTuning.sliceMs = saved;
    }
  });

  it('takes no background slice while the editor text keeps changing', async () => {
    const saved = { ...backgroundTuning };
    backgroundTuning.sliceMs = 0;
    backgroundTuning.typingPauseMs = 60_000; // typing that never pauses
    try {
      const ws = new Workspace({ env: {}, background: true });
      const state = await ws.openProject(root);
      // Before the background pass's first slice (it waits for a turn of the event loop), the user types.
      await ws.setText(model(0, 20), readFileSync(model(0, 20), 'utf8').replace("ref('bz_f0_m19')", "ref('nope')"));
      assert.deepEqual(codes(ws.diagnosticsFor(model(0, 20))), ['bronze/unknown-ref']);
      const pending = state.pendingCount;
      assert.ok(pending > 250, `pending ${pending}`);
      for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      await new Promise<void>((resolve) => setTimeout(resolve, 30));
      assert.equal(state.pendingCount, pending, 'a background slice ran while the text kept changing');
      // The typing pauses: the background pass resumes and completes.
      backgroundTuning.typingPauseMs = 0;
      await ws.settled();
      assert.equal(state.pendingCount, 0);
    } finally {
      Object.assign(backgroundTuning, saved);
    }
  });

  it('does not reload the project when the editor opens a file as it is on disk', async () => {
    let reloads = 0;
    const loader: ProjectLoader = {
      load: (r, req) => loadProject(r, req),
      reload: (p, changed, req) => {
        reloads++;
        return Promise.resolve(reloadFiles(p, changed, req));
      },
    };
    const ws = new Workspace({ env: {}, loader, background: true });
    await ws.openProject(root);
    await ws.setText(model(2, 99), readFileSync(model(2, 99), 'utf8'));
    assert.equal(reloads, 0);
    assert.deepEqual(codes(ws.diagnosticsFor(model(2, 99))), ['bronze/jinja-syntax']);
    // A real change still goes through the usual paths and is checked.
    await ws.setText(model(2, 99), readFileSync(model(2, 99), 'utf8').replace('{{ 1 + }}', '1'));
    assert.deepEqual(ws.diagnosticsFor(model(2, 99)), []);
    await ws.settled();
    assert.deepEqual(codes(ws.diagnosticsFor(model(1, 50))), ['bronze/jinja-syntax']);
  });

  it('keeps no per-model facts after a whole-project check, except those of open files', async () => {
    const ws = new Workspace({ env: {} });
    ws.openFiles.add(model(0, 5));
    const state = await ws.openProject(root);
    assert.equal(state.factsCached, 1);
  });
});
