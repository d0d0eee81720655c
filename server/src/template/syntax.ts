// Template syntax diagnostics. Block structure (unclosed, mismatched, stray else/end tags) is checked by our own
// tag scan, which knows the opening tag's place; everything else by minijinja's parser (`addTemplate`, never a
// render) on a copy where dbt-only syntax is rewritten with the same length, so its line/column stay exact.
import { createRequire } from 'node:module';
import type { Diagnostic, Range } from '../core/types';
import { LineIndex } from '../project/line-index';
import { decodeJinjaString, isNamedEscapeFailure } from './string-escapes';
import { scanJinja, type JinjaScan } from './scan';
import type { TemplateTag } from './tags';
import { COLON_BODY_TAGS } from './lexer';

type MiniJinja = typeof import('minijinja-js');

let mini: InstanceType<MiniJinja['Environment']> | undefined;
function miniEnv(): InstanceType<MiniJinja['Environment']> {
  if (!mini) {
    const req = createRequire(import.meta.url);
    const { Environment } = req('minijinja-js') as MiniJinja;
    mini = new Environment();
  }
  return mini;
}

const DBT_BLOCKS = new Set(['test', 'materialization', 'docs', 'snapshot']);

class ScanError {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** A same-length replacement of part of one tag: what minijinja sees instead of dbt-only syntax. */
interface Rewrite {
  start: number;
  end: number;
  text: string;
}

/** `from`..`to` blanked (line breaks kept), with `head` written at `from`. */
function rewrite(text: string, from: number, to: number, head = ''): Rewrite {
  let out = head;
  for (let k = from + head.length; k < to; k++) out += text[k] === '\n' || text[k] === '\r' ? text[k] : ' ';
  return { start: from, end: to, text: out };
}

interface Analysis {
  error?: ScanError;
  tags: TemplateTag[];
  /** Non-overlapping, in text order; each lies inside one tag. */
  rewrites: Rewrite[];
}

/**
 * String literals minijinja reads differently from Jinja2: any literal with a backslash escape (Jinja2 decodes
 * Python's escapes, `\\<newline>` included) and runs of adjacent literals (`'a' 'b'`, which Jinja2 joins).
 * Each such run becomes one plain literal of the same length; a bad escape is Jinja2's error at its place.
 */
function literalRewrites(text: string, from: number, to: number): Rewrite[] | ScanError {
  const out: Rewrite[] = [];
  let p = from;
  while (p < to) {
    const q = text[p];
    if (q !== "'" && q !== '"') {
      p++;
      continue;
    }
    const runStart = p;
    let literals = 0;
    let escaped = false;
    let runEnd = p;
    for (;;) {
      const quote = text[p];
      let e = p + 1;
      while (e < to && text[e] !== quote) e += text[e] === '\\' ? 2 : 1;
      if (e >= to) return out; // unterminated: minijinja reports it
      const body = text.slice(p + 1, e);
      if (body.includes('\\')) {
        escaped = true;
        const decoded = decodeJinjaString(body);
        if (!decoded.ok && !isNamedEscapeFailure(decoded)) return new ScanError(`Jinja syntax error: ${decoded.message}`, p + 1 + decoded.offset, p + 1 + decoded.end);
      }
      literals++;
      runEnd = e + 1;
      let k = runEnd;
      while (k < to && /\s/.test(text[k])) k++;
      if (text[k] !== "'" && text[k] !== '"') break;
      p = k;
    }
    if (escaped || literals > 1) {
      const blank = rewrite(text, runStart + 1, runEnd - 1).text;
      out.push({ start: runStart, end: runEnd, text: `'${blank}'` });
    }
    p = runEnd;
  }
  return out;
}

/**
 * The offset of the one colon Jinja2 skips before `%}` in a tag whose body follows (`{% if x: %}`; the lexer's
 * COLON_BODY_TAGS), which minijinja does not: blanked for it. A block `set` only; a doubled colon stays an error.
 */
function bodyColon(text: string, t: TemplateTag): number | undefined {
  if (!COLON_BODY_TAGS.has(t.keyword)) return undefined;
  let p = t.innerEnd - 1;
  while (p > t.innerStart && /\s/.test(text[p])) p--;
  if (text[p] !== ':' || text[p - 1] === ':') return undefined;
  if (t.keyword === 'set' && /=/.test(text.slice(t.keywordStart + 3, p).replace(/(['"])(?:\\.|(?!\1).)*\1/g, '').replace(/[=!<>]=/g, ''))) return undefined;
  return p;
}

/** The scan's first error (tag boundaries, then block structure, in text order) + the same-length rewrites minijinja needs. */
function analyse(text: string, scan: JinjaScan): Analysis {
  const tags = scan.split;
  if (scan.problem) return { error: new ScanError(scan.problem.message, scan.problem.start, scan.problem.end), tags: [], rewrites: [] };
  const rewrites: Rewrite[] = [];
  const fail = (error: ScanError): Analysis => ({ error, tags, rewrites });
  const structure = scan.structure;
  const stop = structure ? structure.tag : tags.length;
  for (let ti = 0; ti < stop; ti++) {
    const t = tags[ti];
    if (t.kind === 'comment' || t.raw) continue;
    const literals = literalRewrites(text, t.innerStart, t.innerEnd);
    if (literals instanceof ScanError) return fail(literals);
    if (t.kind !== 'stmt') {
      rewrites.push(...literals);
      continue;
    }
    const name = t.keyword;
    // Same-length rewrites of what minijinja does not know.
    if (name === 'do') {
      rewrites.push({ start: t.start, end: t.start + 2, text: '{{' }, rewrite(text, t.keywordStart, t.keywordStart + 2), ...literals, { start: t.end - 2, end: t.end, text: '}}' });
    } else if (name === 'break' || name === 'continue') {
      rewrites.push(rewrite(text, t.start, t.end));
    } else if (name === 'set' && /^set\s+\w+\s*,/.test(text.slice(t.keywordStart, t.innerEnd))) {
      rewrites.push(rewrite(text, t.start, t.end));
    } else if (DBT_BLOCKS.has(name) || (name.startsWith('end') && DBT_BLOCKS.has(name.slice(3)))) {
      rewrites.push(rewrite(text, t.innerStart, t.innerEnd, DBT_BLOCKS.has(name) ? ' if 1' : 'endif'));
    } else {
      rewrites.push(...literals);
      const colon = bodyColon(text, t);
      if (colon !== undefined) rewrites.push(rewrite(text, colon, colon + 1));
    }
  }
  if (structure) {
    // A bad escape inside the failing tag comes first, as Jinja2 reads the tag before checking its place.
    const t = tags[structure.tag];
    if (t && t.kind !== 'comment' && !t.raw) {
      const literals = literalRewrites(text, t.innerStart, t.innerEnd);
      if (literals instanceof ScanError) return fail(literals);
    }
    return fail(new ScanError(structure.message, structure.start, structure.end));
  }
  return { tags, rewrites };
}

/** `text` from `from` to `to` with the rewrites that fall inside applied (`next` walks the sorted list). */
function patched(text: string, from: number, to: number, rewrites: Rewrite[], next: { i: number }): string {
  let out = '';
  let at = from;
  while (next.i < rewrites.length && rewrites[next.i].start < to) {
    const r = rewrites[next.i++];
    if (r.start < at) continue;
    out += text.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + text.slice(at, to);
}

/** The whole template as minijinja sees it: same length, so its line/column are ours. */
function rewritten(text: string, a: Analysis): string {
  return patched(text, 0, text.length, a.rewrites, { i: 0 });
}

/**
 * The template reduced to what minijinja's parser can object to: its tags (rewritten) and raw blocks, in
 * order, without the SQL between them or comments, and with plain string literals emptied. Text outside tags
 * is data to the parser and string contents are never parsed, so the skeleton parses exactly when the
 * template does; and models written from one pattern share one skeleton, which is parsed once.
 */
function skeleton(text: string, a: Analysis): string {
  let out = '';
  const next = { i: 0 };
  for (const t of a.tags) {
    if (t.kind === 'comment') continue;
    if (t.raw) {
      out += text.slice(t.start, t.raw.end);
      continue;
    }
    out += emptyStrings(patched(text, t.start, t.end, a.rewrites, next));
  }
  return out;
}

/** `'abc'` → `''` for literals without escapes (an escape could be invalid, so those stay as written). */
function emptyStrings(tag: string): string {
  if (!tag.includes("'") && !tag.includes('"')) return tag;
  let out = '';
  let at = 0;
  for (let i = 0; i < tag.length; i++) {
    const q = tag[i];
    if (q !== "'" && q !== '"') continue;
    let j = i + 1;
    let escaped = false;
    while (j < tag.length && tag[j] !== q) {
      if (tag[j] === '\\') {
        escaped = true;
        j++;
      }
      j++;
    }
    if (j >= tag.length) break;
    if (!escaped) {
      out += tag.slice(at, i + 1) + q;
      at = j + 1;
    }
    i = j;
  }
  return out + tag.slice(at);
}

/** Skeletons minijinja accepted (bounded: a project has a few patterns, an editing session many texts). */
const parsedSkeletons = new Set<string>();
const SKELETONS_KEPT = 4096;

/** Counts minijinja parses (tests: templates of one pattern must cost one). */
export const syntaxCheckStats = { miniParses: 0 };

function miniParses(source: string): boolean {
  syntaxCheckStats.miniParses++;
  try {
    miniEnv().addTemplate('t', source);
    return true;
  } catch {
    return false;
  }
}

function parseMiniError(message: string, text: string): { message: string; range: Range } {
  const first = message.split('\n')[0];
  const m = /^(?:syntax error: )?(.*?)(?: \(in [^:]*:(\d+)\))?$/.exec(first)!;
  const what = m[1];
  const line = m[2] ? Number(m[2]) - 1 : 0;
  const lines = message.split('\n');
  const lineText = text.split('\n')[line] ?? '';
  let start = 0;
  let end = lineText.length;
  const marker = lines.find((l) => new RegExp(`^\\s*${line + 1} > `).test(l));
  const caret = lines.find((l) => /^\s+i\s+\^/.test(l) || /^\s+i \s*\^/.test(l));
  if (marker && caret) {
    const prefix = marker.indexOf('> ') + 2;
    const a = caret.indexOf('^');
    const b = caret.lastIndexOf('^') + 1;
    start = Math.max(0, a - prefix);
    end = Math.max(start + 1, b - prefix);
  }
  return {
    message: `Jinja syntax error: ${what}`,
    range: { start: { line, character: start }, end: { line, character: end } },
  };
}

/** Syntax diagnostics for a dbt template (model, macro, test or hook text). */
export function checkTemplateSyntax(text: string, file: string, scan?: JinjaScan): Diagnostic[] {
  if (!text.includes('{')) return [];
  const a = analyse(text, scan ?? scanJinja(text));
  if (a.error) {
    return [
      {
        file,
        range: new LineIndex(text).rangeOf(a.error.start, a.error.end),
        severity: 'error',
        code: 'bronze/jinja-syntax',
        message: a.error.message,
      },
    ];
  }
  const skel = skeleton(text, a);
  if (parsedSkeletons.has(skel)) return [];
  if (miniParses(skel)) {
    if (parsedSkeletons.size >= SKELETONS_KEPT) parsedSkeletons.clear();
    parsedSkeletons.add(skel);
    return [];
  }
  // Something is wrong: the whole template, for minijinja's line and column.
  syntaxCheckStats.miniParses++;
  try {
    miniEnv().addTemplate('t', rewritten(text, a));
  } catch (e) {
    const { message, range } = parseMiniError(e instanceof Error ? e.message : String(e), text);
    return [{ file, range, severity: 'error', code: 'bronze/jinja-syntax', message }];
  }
  return [];
}
