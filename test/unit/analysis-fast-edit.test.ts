// Typing in a model takes the workspace's fast edit path, which keeps the last results of the project rules marked
// keepsOnModelEdit instead of running them on every keystroke. Whatever the edit, the diagnostics must be the ones a
// fresh load of the same editor buffers gives: a seeded sequence of body and ref() edits over a project in which
// every project rule reports something.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/core/types';
import { RULES } from '../../server/src/analysis/rules';
import type { Rule } from '../../server/src/analysis/rules/rule';
import { Workspace, type ProjectLoader } from '../../server/src/analysis/workspace';
import { loadProject, reloadFiles } from '../../server/src/project';

const MODELS: Record<string, string> = {
  'a.sql': "select id, name from {{ source('raw', 't1') }}\n",
  'b.sql': "select id, name from {{ ref('a') }}\n",
  'c.sql': "{{ config(materialized='table') }}\nselect * from {{ ref('b') }}\n",
  'cyc1.sql': "select id from {{ ref('cyc2') }}\n",
  'cyc2.sql': "select id from {{ ref('cyc1') }}\n",
  'bad_ref.sql': "select id from {{ ref('nope') }}\n",
};

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: fe\nversion: "1.0"\nconfig-version: 2\nprofile: fe\non-run-start:\n  - "select {{ 1 + }}"\n',
  'models/schema.yml': `version: 2
sources:
  - name: raw
    tables:
      - name: t1
        columns:
          - name: id
          - name: name
models:
  - name: a
    columns:
      - name: id
        tests:
          - not_a_test
          - relationships:
              to: ref('missing_model')
              field: id
`,
  'models/py_model.py': 'def model(dbt, session):\n    dbt.source("raw", "nope")\n    return dbt.ref("missing_py")\n',
  'macros/m.sql': '{% macro m() %}{{ undefined_thing() }}{% endmacro %}\n',
  'tests/singular.sql': "select * from {{ ref('gone') }}\n",
  'seeds/s.csv': 'id,name\n1,a,extra\n',
  'scratch/stray.sql': 'select 1\n',
  ...Object.fromEntries(Object.entries(MODELS).map(([n, t]) => [`models/${n}`, t])),
};

/** What every project rule reports in the fixture: the kept results are not empty ones. */
const PROJECT_CODES = ['bronze/dag-cycle', 'bronze/jinja-syntax', 'bronze/model-outside-paths', 'bronze/seed-csv', 'bronze/test-arguments', 'bronze/undefined-name', 'bronze/unknown-generic-test', 'bronze/unknown-ref', 'bronze/unknown-source'];

function makeProject(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-fast-edit-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function diagnostics(ws: Workspace): [string, Diagnostic[]][] {
  return [...ws.allDiagnostics()].filter(([, l]) => l.length > 0).sort(([a], [b]) => (a < b ? -1 : 1));
}

async function fresh(root: string, overlay: Map<string, string>): Promise<Workspace> {
  const ws = new Workspace({ env: {} });
  for (const [f, t] of overlay) ws.overlay.set(f, t);
  await ws.openProject(root);
  return ws;
}

/** A small deterministic generator (mulberry32), so a failure names the seed that reproduces it. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An edit the fast path takes: lines before the query (every range below moves), a body change, or another ref(). */
function edit(text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  switch (pick(['lines', 'body', 'ref', 'ref'] as const)) {
    case 'lines':
      return text.includes('config(') ? text.replace('\n', `\n-- note ${Math.floor(r() * 100)}\n`) : `-- note\n${text}`;
    case 'body':
      return text.replace(/\n$/, ` where id > ${Math.floor(r() * 100)}\n`);
    case 'ref':
      return text.replace(/ref\('\w+'\)/, `ref('${pick(['a', 'b', 'c', 'cyc1', 'cyc2', 'bad_ref', 'nope', 'missing_model'])}')`);
  }
}

describe('fast edits keep the project rules that cannot change', () => {
  it('match a fresh load after every edit, without running the kept rules', async () => {
    const root = makeProject();
    try {
      const calls = { load: 0, reload: 0 };
      const loader: ProjectLoader = {
        load: (r, req) => (calls.load++, loadProject(r, req)),
        reload: (p, changed, req) => (calls.reload++, reloadFiles(p, changed, req)),
      };
      const runs = new Map<string, number>();
      const rules: Rule[] = RULES.map((rule) =>
        rule.scope === 'project'
          ? {
              ...rule,
              check: (ctx) => {
                const key = `${rule.id} ${rule.description}`;
                runs.set(key, (runs.get(key) ?? 0) + 1);
                return rule.check(ctx);
              },
            }
          : rule,
      );
      const ws = new Workspace({ env: {}, loader, rules });
      await ws.openProject(root);
      const codes = new Set(diagnostics(ws).flatMap(([, l]) => l.map((d) => d.code)));
      for (const code of PROJECT_CODES) assert.ok(codes.has(code), `the fixture reports ${code}`);
      assert.deepEqual(diagnostics(ws), diagnostics(await fresh(root, ws.overlay)));
      runs.clear();
      const r = random(15);
      const texts = new Map(Object.entries(MODELS));
      const edits = 40;
      for (let i = 0; i < edits; i++) {
        const name = [...texts.keys()][Math.floor(r() * texts.size)];
        let text = texts.get(name)!;
        while (text === texts.get(name)) text = edit(text, r);
        texts.set(name, text);
        await ws.setText(path.join(root, 'models', name), text);
        assert.deepEqual(diagnostics(ws), diagnostics(await fresh(root, ws.overlay)), `after edit ${i} of ${name}:\n${text}`);
      }
      assert.deepEqual(calls, { load: 1, reload: 0 }, 'every edit took the fast path');
      for (const rule of rules.filter((x) => x.scope === 'project')) {
        const key = `${rule.id} ${rule.description}`;
        assert.equal(runs.get(key) ?? 0, rule.keepsOnModelEdit ? 0 : edits, key);
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
