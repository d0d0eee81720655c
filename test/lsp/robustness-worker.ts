// The mutation loop of the robustness test, run in a child process so that the test's watchdog can stop a hang
// (a synchronous infinite loop would otherwise freeze the test runner). It sends a heartbeat before every step.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { codeActions } from '../../server/src/analysis/code-actions';
import { codeLenses } from '../../server/src/analysis/code-lens';
import { compiledSql } from '../../server/src/analysis/compiled-sql';
import { complete } from '../../server/src/analysis/completion';
import { definition, references } from '../../server/src/analysis/definition';
import { hover } from '../../server/src/analysis/hover';
import { documentSymbols, type DocumentSymbol } from '../../server/src/analysis/symbols';
import type { Range } from '../../server/src/core/types';
import { LineIndex } from '../../server/src/project/line-index';
import { fixtureProject } from './fixture-project';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['{', '}', '{{', '}}', '{%', '%}', '{#', '%', "'", '"', '\t', '(', ')', ',', '\n', '-', ':', '[', ']', '{{ this }}', "ref('", 'source(', '* ', '--', '/*', '$$', '\\', '  - name: x\n', 'é', '😀'];

function mutate(text: string, r: () => number): string {
  const pos = Math.floor(r() * (text.length + 1));
  switch (Math.floor(r() * 6)) {
    case 0:
      return text.slice(0, pos); // truncation
    case 1:
      return text.slice(0, pos) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(pos);
    case 2: {
      const lines = text.split('\n');
      lines.splice(Math.floor(r() * lines.length), 1); // deleted line
      return lines.join('\n');
    }
    case 3: {
      const end = Math.min(text.length, pos + Math.floor(r() * 12));
      return text.slice(0, pos) + text.slice(end); // deleted span
    }
    case 4: {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      lines.splice(Math.floor(r() * lines.length), 0, lines[i] ?? ''); // duplicated line
      return lines.join('\n');
    }
    default:
      return text.slice(0, pos) + INSERTS[Math.floor(r() * INSERTS.length)] + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(pos);
  }
}

function inside(range: Range, text: string, what: string): void {
  const li = new LineIndex(text);
  const lines = text.split('\n');
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < Math.max(1, lines.length) + (text.endsWith('\n') ? 1 : 0), `${what}: line ${p.line} outside ${lines.length} lines`);
    const lineText = lines[p.line] ?? '';
    assert.ok(p.character >= 0 && p.character <= lineText.length, `${what}: character ${p.character} outside line ${p.line} (${lineText.length} chars)`);
  }
  assert.ok(li.offsetAt(range.start) <= li.offsetAt(range.end), `${what}: range ends before it starts`);
}


/** Sent first, so the parent can remove the fixture copy if it has to kill a hung run. */
export interface Started {
  kind: 'started';
  root: string;
}
export interface Heartbeat {
  kind: 'step';
  step: string;
  text: string;
}
export interface Done {
  kind: 'done';
  ms: number;
  mutations: number;
  /** Edits after which the loader threw and the workspace kept the last good project. */
  loadFailures: string[];
}
export interface Failed {
  kind: 'failed';
  message: string;
}

async function run(seed: number, n: number): Promise<void> {
  const port = { postMessage: (m: Started | Heartbeat | Done | Failed) => process.send!(m) };
  const p = await fixtureProject();
  port.postMessage({ kind: 'started', root: p.root } satisfies Started);
  const started = Date.now();
  const loadFailures: string[] = [];
  try {
    const files = ['models/bronze/bz_users.sql', 'models/bronze/bz_meetings.sql', 'models/bronze/schema.yml', 'macros/money.sql', 'dbt_project.yml'].map((f) => p.file(f));
    const pristine = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    const current = new Map(pristine);
    const r = rng(seed);
    for (let i = 0; i < n; i++) {
      // dbt_project.yml reloads the whole project: mutate it rarely.
      const file = r() < 0.02 ? files[4] : files[Math.floor(r() * 4)];
      const base = r() < 0.15 ? pristine.get(file)! : current.get(file)!;
      const text = mutate(base, r);
      current.set(file, text);
      const step = `mutation ${i} of ${path.basename(file)}`;
      port.postMessage({ kind: 'step', step, text } satisfies Heartbeat);
      await p.ws.setText(file, text);
      for (const [f, list] of p.ws.allDiagnostics()) {
        const t = current.get(f) ?? readFileSync(f, 'utf8');
        for (const d of list) {
          if (d.code === 'bronze/load-failed') loadFailures.push(`${step}: ${d.message}`);
          inside(d.range, t, `${step}: ${d.code} in ${path.basename(f)}`);
          for (const fix of d.fixes ?? []) for (const e of fix.edits) inside(e.range, current.get(e.file) ?? readFileSync(e.file, 'utf8'), `${step}: fix of ${d.code}`);
        }
      }
      const li = new LineIndex(text);
      const pos = li.positionAt(Math.floor(r() * (text.length + 1)));
      const h = hover(p.ws, file, pos);
      if (h?.range) inside(h.range, text, `${step}: hover`);
      complete(p.ws, file, pos);
      for (const loc of [...definition(p.ws, file, pos), ...references(p.ws, file, pos)]) inside(loc.range, current.get(loc.file) ?? readFileSync(loc.file, 'utf8'), `${step}: definition`);
      const walk = (s: DocumentSymbol[]) => s.forEach((x) => (inside(x.range, text, `${step}: symbol ${x.name}`), inside(x.selectionRange, text, `${step}: symbol`), walk(x.children)));
      walk(documentSymbols(p.ws, file));
      for (const l of codeLenses(p.ws, file)) inside(l.range, text, `${step}: lens`);
      codeActions(p.ws, file, { start: pos, end: pos });
      if (i % 50 === 0 && file.endsWith('.sql') && file.includes('models')) {
        const res = await compiledSql(p.ws, file, i % 100 === 0 ? 'first' : 'incremental');
        assert.ok(res.error !== undefined || res.statements.length > 0, `${step}: compiledSql returned neither statements nor an error`);
      }
    }
    port.postMessage({ kind: 'done', ms: Date.now() - started, mutations: n, loadFailures } satisfies Done);
  } catch (err) {
    port.postMessage({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Failed);
  } finally {
    p.cleanup();
  }
}

void run(Number(process.argv[2]), Number(process.argv[3]));
