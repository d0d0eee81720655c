// The one Jinja scanner replaced three readers (the loader's scanner, the analysis scan and the syntax check's
// tag walk). This test pins what those readers produced, before the merge, on every .sql file of the fixtures
// and on mutated variants of each (the project mutations plus seeded character edits around Jinja delimiters):
// the merged scanner must give the same loader facts, analysis scan, syntax diagnostics and renderer tokens.
// The recorded digests live in test/unit/data/template-scan-differential.json, keyed by the text's digest.
// Regenerate only for an intended change: BRONZE_WRITE_SCAN_DIGESTS=1 node --import tsx --test <this file>.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { scanJinja } from '../../server/src/analysis/template-scan';
import { scanTemplate } from '../../server/src/project/scanner';
import { lex } from '../../server/src/template/lexer';
import { checkTemplateSyntax } from '../../server/src/template/syntax';
import { MUTATIONS } from './helpers/project-mutations';

const ROOT = path.resolve(import.meta.dirname, '..', 'fixtures');
const DIGESTS = path.resolve(import.meta.dirname, 'data', 'template-scan-differential.json');

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'target' && e.name !== 'node_modules' && e.name !== '.bronze') out.push(...sqlFiles(p));
    } else if (e.name.endsWith('.sql')) out.push(p);
  }
  return out.sort();
}

/** A small seeded generator, so the variants are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['{', '}', '%', '#', "'", '"', '(', ')', '[', ']', ',', '=', '.', '-', '\n', ' ', '\\', '{{', '}}', '{%', '%}', 'endif', 'ref(', "'x'"];

/** Character edits near Jinja delimiters and calls, where the readers make their decisions. */
function charVariants(text: string, seed: number, count: number): string[] {
  const next = random(seed);
  const spots: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '}' || c === '%' || c === '(' || c === ')' || c === "'" || c === ',') spots.push(i);
  }
  if (spots.length === 0) return [];
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const at = Math.min(text.length, Math.max(0, spots[Math.floor(next() * spots.length)] + Math.floor(next() * 5) - 2));
    const op = next();
    if (op < 0.35) out.push(text.slice(0, at) + text.slice(at + 1));
    else out.push(text.slice(0, at) + INSERTS[Math.floor(next() * INSERTS.length)] + text.slice(at));
  }
  return out;
}

function variants(text: string, seed: number): string[] {
  const out = [text];
  for (const m of MUTATIONS) {
    if (m.kind === 'yaml') continue;
    const v = m.apply(text, { macros: [{ name: 'some_macro', params: 1 }] });
    if (v !== undefined) out.push(v);
  }
  out.push(...charVariants(text, seed, 24));
  return out;
}

const digest = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 16);

/** What each former reader produced for `text`, as one JSON document. */
function outputs(text: string): Record<string, unknown> {
  const analysis = scanJinja(text);
  const tagIndex = new Map(analysis.tags.map((t, i) => [t, i]));
  let lexed: unknown;
  try {
    lexed = lex(text);
  } catch (e) {
    lexed = { error: e instanceof Error ? e.message : String(e), at: (e as { offset?: number }).offset, end: (e as { endOffset?: number }).endOffset };
  }
  return {
    loader: JSON.parse(JSON.stringify(scanTemplate(text))) as unknown,
    analysis: {
      tags: analysis.tags,
      calls: analysis.calls.map(({ tag, ...c }) => ({ ...c, tag: tagIndex.get(tag) })),
      masked: analysis.masked,
      truncated: analysis.truncated,
    },
    syntax: checkTemplateSyntax(text, 'f.sql'),
    lexed,
  };
}

describe('one Jinja scanner: differential against the former readers', () => {
  it('gives the recorded outputs on every fixture .sql file and its mutated variants', () => {
    const files = sqlFiles(ROOT);
    assert.ok(files.length > 50, `expected the fixtures' .sql files, found ${files.length}`);
    const recorded = fs.existsSync(DIGESTS) ? (JSON.parse(fs.readFileSync(DIGESTS, 'utf8')) as Record<string, string>) : {};
    const now: Record<string, string> = {};
    const mismatches: string[] = [];
    let checked = 0;
    files.forEach((file, n) => {
      for (const [v, text] of variants(fs.readFileSync(file, 'utf8'), n + 1).entries()) {
        const key = digest(text);
        const got = digest(JSON.stringify(outputs(text)));
        now[key] = got;
        if (recorded[key] === undefined) continue;
        checked++;
        if (recorded[key] !== got && mismatches.length < 10) mismatches.push(`${path.relative(ROOT, file)} variant ${v}: ${JSON.stringify(outputs(text)).slice(0, 400)}`);
      }
    });
    if (process.env.BRONZE_WRITE_SCAN_DIGESTS) {
      fs.writeFileSync(DIGESTS, `${JSON.stringify(now, null, 0)}\n`);
      return;
    }
    assert.deepEqual(mismatches, []);
    // Fixtures change over time; most texts must still have a recorded answer or the test checks nothing.
    const total = Object.keys(now).length;
    assert.ok(checked >= total * 0.9, `only ${checked} of ${total} texts have recorded outputs: regenerate the digests (see the header)`);
  });
});
