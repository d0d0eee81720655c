// Every .sql file of the fixtures and deterministic mutated variants of each: the inputs of the Jinja scanner's
// differential test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MUTATIONS } from './project-mutations';

export function sqlFiles(dir: string): string[] {
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

export function variants(text: string, seed: number): string[] {
  const out = [text];
  for (const m of MUTATIONS) {
    if (m.kind === 'yaml') continue;
    const v = m.apply(text, { macros: [{ name: 'some_macro', params: 1 }] });
    if (v !== undefined) out.push(v);
  }
  out.push(...charVariants(text, seed, 24));
  return out;
}

