// Editing schema.yml through the yaml package's Document API (comments, key order and quoting stay as the
// user wrote them) and turning the result into one minimal text edit: only the lines that changed.
import { parseDocument, Scalar, type Document } from 'yaml';
import type { TextEdit } from '../core/types';

export interface YamlStyle {
  indent: number;
  indentSeq: boolean;
}

/** The indentation the file uses: the first indented line's width, and whether `- ` items sit under their key. */
export function yamlStyle(text: string): YamlStyle {
  const lines = text.split('\n');
  let indent = 2;
  let indentSeq = true;
  for (let i = 1; i < lines.length; i++) {
    const m = /^( +)\S/.exec(lines[i]);
    if (!m) continue;
    if (/^\S[^#]*:\s*(#.*)?$/.test(lines[i - 1])) {
      indent = m[1].length;
      break;
    }
  }
  for (let i = 0; i + 1 < lines.length; i++) {
    const key = /^(\s*)[\w-]+\s*:\s*(#.*)?$/.exec(lines[i]);
    const item = /^(\s*)- /.exec(lines[i + 1]);
    if (key && item) {
      indentSeq = item[1].length > key[1].length;
      break;
    }
  }
  return { indent, indentSeq };
}

export function parseYaml(text: string): Document.Parsed {
  return parseDocument(text);
}

export function printYaml(doc: Document, style: YamlStyle): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false, indent: style.indent, indentSeq: style.indentSeq });
}

/** A single-quoted scalar (the style the quick fixes write tags in). */
export function quoted(value: string): Scalar<string> {
  const s = new Scalar(value);
  s.type = 'QUOTE_SINGLE';
  return s;
}

interface Hunk {
  /** Lines [from, to) of the old text… */
  from: number;
  to: number;
  /** …become these. */
  lines: string[];
}

/** Line hunks turning `a` into `b`: common prefix and suffix trimmed, an LCS over the rest when it is small. */
function hunks(a: string[], b: string[]): Hunk[] {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (s < a.length - p && s < b.length - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  const ma = a.slice(p, a.length - s);
  const mb = b.slice(p, b.length - s);
  if (ma.length === 0 && mb.length === 0) return [];
  if (ma.length * mb.length > 4_000_000) return [{ from: p, to: a.length - s, lines: mb }];
  // lcs[i][j]: LCS length of ma[i..] and mb[j..]
  const lcs: Uint32Array[] = Array.from({ length: ma.length + 1 }, () => new Uint32Array(mb.length + 1));
  for (let i = ma.length - 1; i >= 0; i--) for (let j = mb.length - 1; j >= 0; j--) lcs[i][j] = ma[i] === mb[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: Hunk | undefined;
  const close = () => {
    if (open) out.push(open);
    open = undefined;
  };
  while (i < ma.length || j < mb.length) {
    if (i < ma.length && j < mb.length && ma[i] === mb[j]) {
      close();
      i++;
      j++;
    } else if (j < mb.length && (i === ma.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      open ??= { from: p + i, to: p + i, lines: [] };
      open.lines.push(mb[j++]);
    } else {
      open ??= { from: p + i, to: p + i, lines: [] };
      open.to = p + ++i;
    }
  }
  close();
  return out;
}

/**
 * Change hunks taken between two printouts (`r`: the unchanged document's, line numbers in it), placed on the
 * original lines `a` that the printer reformatted into `r` (a folded block joined into one line, …): lines the
 * printer only reformatted stay as written unless a change touches them.
 */
function onOriginal(a: string[], r: string[], changes: Hunk[]): Hunk[] {
  let delta = 0;
  const reformatted = hunks(a, r).map((h) => {
    const span = { aFrom: h.from, aTo: h.to, rFrom: h.from + delta, rTo: h.from + delta + h.lines.length };
    delta += h.lines.length - (h.to - h.from);
    return span;
  });
  /** The original line of printout line `x`, which is outside every reformatted span or on its edge. */
  const aOf = (x: number): number => x - reformatted.filter((sp) => sp.rTo <= x).reduce((n, sp) => n + (sp.rTo - sp.rFrom) - (sp.aTo - sp.aFrom), 0);
  return changes.map((c) => {
    let from = c.from;
    let to = c.to;
    for (const sp of reformatted) {
      const touches = c.from === c.to ? sp.rFrom < c.from && c.from < sp.rTo : sp.rFrom < c.to && c.from < sp.rTo;
      if (!touches) continue;
      from = Math.min(from, sp.rFrom);
      to = Math.max(to, sp.rTo);
    }
    // A change inside reformatted lines rewrites them as printed (there is no original to keep).
    return { from: aOf(from), to: aOf(to), lines: [...r.slice(from, c.from), ...c.lines, ...r.slice(c.to, to)] };
  });
}

/**
 * The edits that turn `before` into the printed `after`, touching only the lines the change is about. The
 * printer may respace lines it did not change (`name: x   # note`); when it keeps the line count, the diff is
 * taken against the printout of the unchanged document and applied to the original lines, so those keep
 * their spacing.
 */
export function yamlEdits(file: string, before: string, unchanged: string, after: string): TextEdit[] {
  const crlf = before.includes('\r\n');
  // The printer ends with a line break; a file without one keeps it that way.
  const finalBreak = /\n$/.test(before);
  const norm = (t: string) => {
    const u = finalBreak ? t : t.replace(/\n$/, '');
    return crlf ? u.replace(/\r?\n/g, '\r\n') : u;
  };
  const a = before.split('\n');
  const r = norm(unchanged).split('\n');
  const b = norm(after).split('\n');
  const out: TextEdit[] = [];
  for (const h of r.length === a.length ? hunks(r, b) : onOriginal(a, r, hunks(r, b))) {
    if (h.to < a.length) {
      out.push({ file, range: { start: { line: h.from, character: 0 }, end: { line: h.to, character: 0 } }, newText: h.lines.map((l) => l + '\n').join('') });
      continue;
    }
    // The hunk reaches the last line (no line break after it to anchor on).
    const start = h.from > 0 ? { line: h.from - 1, character: a[h.from - 1].length } : { line: 0, character: 0 };
    const end = { line: a.length - 1, character: a[a.length - 1].length };
    const text = h.lines.join('\n');
    out.push({ file, range: { start, end }, newText: h.lines.length === 0 ? '' : h.from > 0 ? '\n' + text : text });
  }
  return out;
}
