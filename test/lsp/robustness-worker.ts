// The mutation loop of the robustness test, run in a child process so that the test's watchdog can stop a hang
// (a synchronous infinite loop would otherwise freeze the test runner). It sends a heartbeat before every step.
// One worker takes a list of fixture projects (lsp/base with a rules overlay) and mutates each in turn in one
// loaded workspace (loading is the expensive part). Every `diffEvery` mutations it writes the edited texts to a
// copy on disk and runs `bronze check` there: the language server's incrementally updated diagnostics must be
// exactly the check's. After each project's share it restores every file: the diagnostics must be the first ones
// again (none lost, none stale).
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
import { runCheck } from '../../client/src/cli/check';
import { fixtureProject, LSP_FIXTURES, type FixtureProject } from './fixture-project';

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

// Most ranges checked in a step are in the same few texts: split each text once.
const indexed = new Map<string, { li: LineIndex; lines: string[] }>();
function inside(range: Range, text: string, what: string): void {
  let ix = indexed.get(text);
  if (!ix) {
    if (indexed.size > 32) indexed.clear();
    indexed.set(text, (ix = { li: new LineIndex(text), lines: text.split('\n') }));
  }
  const { li, lines } = ix;
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
  /** Mutated states compared with `bronze check` of the same texts. */
  compared: number;
  /** Edits after which the loader threw and the workspace kept the last good project. */
  loadFailures: string[];
}
export interface Failed {
  kind: 'failed';
  message: string;
}

/** The files of fixture `overlay` the mutations edit: the base's models, schema, macro and project file, and the overlay's own. */
function filesOf(p: FixtureProject, overlay: string): string[] {
  const base = ['models/bronze/bz_users.sql', 'models/bronze/bz_meetings.sql', 'models/bronze/schema.yml', 'macros/money.sql'];
  const own: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else if (/\.(sql|ya?ml)$/.test(e.name) && r !== 'dbt_project.yml' && !base.includes(r)) own.push(r);
    }
  };
  if (overlay) walk(path.join(LSP_FIXTURES, 'rules', overlay), '');
  return [...base, ...own, 'dbt_project.yml'].map((f) => p.file(f));
}

/** A diagnostic as both sides print it: project-relative file, range, severity, rule and message. */
function shown(root: string, file: string, d: { range: Range; severity: string; code: string; message: string }): string {
  return JSON.stringify([path.relative(root, file).split(path.sep).join('/'), d.range, d.severity, d.code, d.message]);
}

function serverView(p: FixtureProject): string[] {
  const out: string[] = [];
  for (const [f, list] of p.ws.allDiagnostics()) for (const d of list) out.push(shown(p.root, f, d));
  return out.sort();
}

/** A state the server shows differently from a fresh load by design: a schema file being edited that does not parse
 * (it keeps the last good declarations), or a load it could not finish (it keeps the last good project). */
function held(shownDiagnostic: string): boolean {
  return shownDiagnostic.includes('"bronze/yaml-syntax"') || shownDiagnostic.includes('"bronze/load-failed"');
}

/** Differences between two sorted lists, for the failure message. */
function difference(a: string[], b: string[]): string {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((x) => !sb.has(x)).map((x) => `  server only: ${x}`), ...b.filter((x) => !sa.has(x)).map((x) => `  check only:  ${x}`)].slice(0, 10).join('\n');
}

async function run(seed: number, n: number, overlays: string[], diffEvery: number): Promise<void> {
  const port = { postMessage: (m: Started | Heartbeat | Done | Failed) => process.send!(m) };
  const scratch = mkdtempSync(path.join(tmpdir(), 'bronze-fuzz-'));
  port.postMessage({ kind: 'started', root: scratch } satisfies Started);
  const started = Date.now();
  const loadFailures: string[] = [];
  let done = 0;
  let compared = 0;
  try {
    const r = rng(seed);
    for (let k = 0; k < overlays.length; k++) {
      const overlay = overlays[k];
      const share = Math.floor(n / overlays.length) + (k < n % overlays.length ? 1 : 0);
      port.postMessage({ kind: 'step', step: `loading fixture ${overlay || 'base'}`, text: '' } satisfies Heartbeat);
      const p = await fixtureProject(overlay || undefined);
      // The check runs on a copy of the same files, rewritten before each comparison.
      const shadow = path.join(scratch, `check-${k}`);
      cpSync(p.root, shadow, { recursive: true });
      try {
        const files = filesOf(p, overlay);
        const pristine = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
        const current = new Map(pristine);
        const first = serverView(p);
        for (let i = 0; i < share; i++, done++) {
          // dbt_project.yml reloads the whole project: mutate it rarely.
          const file = r() < 0.02 ? files[files.length - 1] : files[Math.floor(r() * (files.length - 1))];
          const base = r() < 0.15 ? pristine.get(file)! : current.get(file)!;
          const text = mutate(base, r);
          current.set(file, text);
          const step = `${overlay || 'base'}: mutation ${i} of ${path.relative(p.root, file)}`;
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
          if (diffEvery > 0 && (i + 1) % diffEvery === 0) {
            const server = serverView(p);
            // A schema file broken while being edited keeps its last good declarations in the server (by design), and
            // a load the server could not finish keeps the last good project: there the two legitimately differ.
            if (server.some(held)) continue;
            port.postMessage({ kind: 'step', step: `${step}: bronze check of the same texts`, text } satisfies Heartbeat);
            for (const [f, t] of current) writeFileSync(path.join(shadow, path.relative(p.root, f)), t);
            const checked = await runCheck({ projectDir: shadow, env: {} });
            const viaCheck = checked.diagnostics.map((d) => shown(shadow, path.join(shadow, d.file), d)).sort();
            assert.deepEqual(server, viaCheck, `${step}: the language server and bronze check disagree:\n${difference(server, viaCheck)}`);
            compared++;
          }
        }
        // Every file back as it was: the first diagnostics, all of them, and nothing left over from the edits (unless
        // the fixture's own schema file does not parse: the server then keeps the last version of it that did).
        for (const [f, t] of pristine) await p.ws.setText(f, t);
        const restored = serverView(p);
        if (!first.some(held)) assert.deepEqual(restored, first, `${overlay || 'base'}: after restoring every file the diagnostics differ from the first ones:\n${difference(restored, first)}`);
      } finally {
        p.cleanup();
      }
    }
    port.postMessage({ kind: 'done', ms: Date.now() - started, mutations: done, compared, loadFailures } satisfies Done);
  } catch (err) {
    port.postMessage({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Failed);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void run(Number(process.argv[2]), Number(process.argv[3]), (process.argv[4] ?? '').split(','), Number(process.argv[5] ?? 0));
