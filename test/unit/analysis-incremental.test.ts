// Edits that change only a model's ref()/source() calls are patched into the project and the DAG without the
// loader; the result must equal a fresh load of the same buffers. Old projects must not stay reachable
// after a reload (the language server runs for hours).
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Diagnostic, ProjectModel } from '../../server/src/core/types';
import { Workspace, type ProjectLoader } from '../../server/src/analysis/workspace';
import { buildGraph, type Graph } from '../../server/src/graph';
import { loadProject, reloadFiles } from '../../server/src/project';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

const SCHEMA = `version: 2
sources:
  - name: raw
    tables:
      - name: t1
      - name: t2
models:
  - name: off
    config:
      enabled: false
`;

function makeProject(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-incr-'));
  mkdirSync(path.join(root, 'models'), { recursive: true });
  writeFileSync(path.join(root, 'dbt_project.yml'), 'name: incr\nversion: "1.0"\nconfig-version: 2\nprofile: incr\n');
  const files: Record<string, string> = {
    'schema.yml': SCHEMA,
    'a.sql': "select id from {{ source('raw', 't1') }}\n",
    'b.sql': "select id from {{ ref('a') }}\n",
    'c.sql': "{{ config(materialized='table') }}\nselect id from {{ ref('b') }}\n",
    'd.sql': "select a.id from {{ ref('a') }} a join {{ source('raw', 't1') }} s on s.id = a.id\n",
    'off.sql': 'select 1 as id\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, 'models', name), text);
  return root;
}

/** The real loader, counting how often each entry point runs. */
function countingLoader(): { loader: ProjectLoader; calls: { load: number; reload: number } } {
  const calls = { load: 0, reload: 0 };
  return {
    calls,
    loader: {
      load: (root, req) => (calls.load++, loadProject(root, req)),
      reload: (project, changed, req) => (calls.reload++, reloadFiles(project, changed, req)),
    },
  };
}

function graphShape(g: Graph): unknown {
  const ids = g.nodeIds();
  return { ids, parents: ids.map((id) => g.parents(id)), missing: g.missing, cycles: g.findCycles() };
}

function deps(p: ProjectModel): Record<string, string[]> {
  return Object.fromEntries([...p.models.values()].map((m) => [m.uniqueId, m.dependsOn.nodes]));
}

function diagnostics(ws: Workspace): [string, Diagnostic[]][] {
  return [...ws.allDiagnostics()].filter(([, l]) => l.length > 0).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** What a fresh load of the same editor buffers gives. */
async function fresh(root: string, overlay: Map<string, string>): Promise<Workspace> {
  const ws = new Workspace({ env: {} });
  for (const [f, t] of overlay) ws.overlay.set(f, t);
  await ws.openProject(root);
  return ws;
}

describe('incremental ref edits', () => {
  it('patch the model and the DAG without the loader, matching a fresh load after every edit', async () => {
    const root = makeProject();
    try {
      const { loader, calls } = countingLoader();
      const ws = new Workspace({ env: {}, loader });
      await ws.openProject(root);
      const file = (n: string) => path.join(root, 'models', n);
      const edits: [string, string, string[]][] = [
        // file, new text, the diagnostic codes expected in that file afterwards
        ['c.sql', "{{ config(materialized='table') }}\nselect id from {{ ref('a') }}\n", []],
        ['c.sql', "{{ config(materialized='table') }}\nselect id from {{ ref('nope') }}\n", ['bronze/unknown-ref']],
        ['c.sql', "{{ config(materialized='table') }}\nselect id from {{ ref('off') }}\n", []], // disabled: a 'disabled' missing edge
        ['d.sql', "select a.id from {{ ref('a') }} a join {{ source('raw', 't2') }} s on s.id = a.id\n", []],
        ['c.sql', "{{ config(materialized='table') }}\nselect id from {{ ref('b') }}\n", []],
        ['a.sql', "select id from {{ source('raw', 't1') }} join {{ ref('c') }} using (id)\n", ['bronze/dag-cycle']],
        ['a.sql', "select id from {{ source('raw', 't1') }}\n", []],
      ];
      for (const [name, text, codes] of edits) {
        await ws.setText(file(name), text);
        const state = ws.projectFor(file(name))!;
        const expected = await fresh(root, ws.overlay);
        const want = expected.projectFor(file(name))!;
        assert.deepEqual(deps(state.project), deps(want.project), `dependsOn after editing ${name}`);
        assert.deepEqual(graphShape(state.graph), graphShape(buildGraph(want.project)), `DAG after editing ${name}`);
        assert.deepEqual(diagnostics(ws), diagnostics(expected), `diagnostics after editing ${name}`);
        assert.deepEqual([...new Set(ws.diagnosticsFor(file(name)).map((d) => d.code))], codes, `codes after editing ${name}: ${text}`);
      }
      assert.deepEqual(calls, { load: 1, reload: 0 });
      // A config change still goes through the loader, which also rebuilds the files patched so far.
      await ws.setText(file('c.sql'), "{{ config(materialized='view') }}\nselect id from {{ ref('b') }}\n");
      assert.equal(calls.reload, 1);
      const state = ws.projectFor(file('c.sql'))!;
      assert.equal(state.project.models.get('model.incr.c')!.config.materialized, 'view');
      const want = (await fresh(root, ws.overlay)).projectFor(file('c.sql'))!;
      assert.deepEqual(deps(state.project), deps(want.project));
      assert.deepEqual(graphShape(state.graph), graphShape(buildGraph(want.project)));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('memory across reloads', () => {
  it('reloadFiles keeps no earlier project reachable', async () => {
    const root = makeProject();
    try {
      const c = path.join(root, 'models', 'c.sql');
      const overlay = new Map<string, string>();
      let project: ProjectModel = await loadProject(root, { overlay });
      const old: WeakRef<ProjectModel>[] = [];
      for (let i = 0; i < 6; i++) {
        old.push(new WeakRef(project));
        overlay.set(c, `select id from {{ ref('${i % 2 === 0 ? 'a' : 'b'}') }}\n-- ${i}\n`);
        project = await reloadFiles(project, [c], { overlay });
      }
      assert.deepEqual(project.models.get('model.incr.c')!.dependsOn.nodes, ['model.incr.b']);
      await tick(); // WeakRef targets are kept until the current job ends
      gc();
      assert.deepEqual(old.map((r) => r.deref() !== undefined), [false, false, false, false, false, false]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the workspace keeps only its current project across loader reloads and patched edits', async () => {
    const root = makeProject();
    try {
      const ws = new Workspace({ env: {} });
      await ws.openProject(root);
      const schema = path.join(root, 'models', 'schema.yml');
      const b = path.join(root, 'models', 'b.sql');
      const state = ws.projectFor(schema)!;
      const old: WeakRef<ProjectModel>[] = [];
      for (let i = 0; i < 4; i++) {
        old.push(new WeakRef(state.project));
        await ws.setText(schema, `${SCHEMA}  - name: a\n    description: edit ${i}\n`); // the loader path
        old.push(new WeakRef(state.project));
        await ws.setText(b, `select id from {{ ref('${i % 2 === 0 ? 'd' : 'a'}') }}\n`); // the patch path
      }
      assert.equal(state.project.models.get('model.incr.a')!.description, 'edit 3');
      await tick();
      gc();
      // Only the loader's last result stays: the patched project is a copy of it, and the next reload
      // builds on it.
      assert.deepEqual(
        old.map((r) => r.deref() !== undefined),
        [false, false, false, false, false, false, false, true],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('macro edits reach their callers', () => {
  it('a model calling a macro is re-checked when the macro file stops parsing, and again when it is fixed', async () => {
    const { fixtureProject } = await import('../lsp/fixture-project');
    const p = await fixtureProject();
    try {
      const macro = p.file('macros/money.sql');
      const good = "{% macro cents_to_dollars(column_name, scale=2) %}\n    ({{ column_name }} / 100)::numeric(16, {{ scale }})\n{% endmacro %}\n";
      const calls = () => p.diagnostics().filter((d) => d.file === 'models/bronze/bz_meetings.sql' && d.message.includes('cents_to_dollars'));
      assert.deepEqual(calls(), []);
      // The macro file loses its endmacro: the call in bz_meetings.sql cannot render (as `bronze check` says).
      await p.ws.setText(macro, good.replace('{% endmacro %}\n', ''));
      assert.equal(calls().length, 1, 'the caller was not re-checked after its macro file broke');
      assert.match(calls()[0].message, /does not parse/);
      await p.ws.setText(macro, good);
      assert.deepEqual(calls(), [], 'the caller kept a stale error after its macro file was fixed');
    } finally {
      p.cleanup();
    }
  });

  it("an undefined name's \"Did you mean\" follows macro names that come and go in another file", async () => {
    const { fixtureProject } = await import('../lsp/fixture-project');
    const p = await fixtureProject();
    try {
      const macro = p.file('macros/money.sql');
      const undefinedCall = () => p.diagnostics().find((d) => d.file === 'models/bronze/bz_meetings.sql' && d.code === 'bronze/undefined-name')?.message;
      await p.ws.setText(macro, '{% macro cents_tdollars(column_name, scale=2) %}\n 1\n{% endmacro %}\n');
      assert.match(undefinedCall() ?? '', /Did you mean 'cents_tdollars'\?/);
      // The file stops declaring that macro (here: it no longer parses); bronze check then offers nothing.
      await p.ws.setText(macro, '{% m');
      assert.ok(undefinedCall() !== undefined && !/Did you mean/.test(undefinedCall()!), undefinedCall());
    } finally {
      p.cleanup();
    }
  });
});
