// Template syntax diagnostics. Block structure (unclosed, mismatched, stray else/end tags) is checked by our own
// tag scan, which knows the opening tag's place; everything else by minijinja's parser (`addTemplate`, never a
// render) on a copy where dbt-only syntax is rewritten with the same length, so its line/column stay exact.
import { createRequire } from 'node:module';
import type { Diagnostic, Range } from '../core/types';
import { offsetToPosition } from './lexer';

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

interface Tag {
  /** `{%`, `{{` or `{#` */
  open: string;
  start: number;
  end: number;
  /** Offsets of the tag's inner text (after `{%-`, before `-%}`). */
  innerStart: number;
  innerEnd: number;
  name: string;
  nameStart: number;
}

const BLOCKS: Record<string, string> = {
  if: 'endif',
  for: 'endfor',
  macro: 'endmacro',
  call: 'endcall',
  filter: 'endfilter',
  set: 'endset',
  test: 'endtest',
  materialization: 'endmaterialization',
  docs: 'enddocs',
  snapshot: 'endsnapshot',
  with: 'endwith',
  autoescape: 'endautoescape',
  block: 'endblock',
  trans: 'endtrans',
};
const ENDS = new Set(Object.values(BLOCKS));
const DBT_BLOCKS = new Set(['test', 'materialization', 'docs', 'snapshot']);

class ScanError {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** Finds the tags of a template, skipping strings inside tags and the bodies of raw blocks. */
function scanTags(text: string): Tag[] {
  const tags: Tag[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const j = text.indexOf('{', i);
    if (j < 0 || j + 1 >= n) break;
    const c = text[j + 1];
    if (c !== '{' && c !== '%' && c !== '#') {
      i = j + 1;
      continue;
    }
    if (c === '#') {
      const k = text.indexOf('#}', j + 2);
      if (k < 0) throw new ScanError('Comment `{#` is never closed: add `#}`', j, j + 2);
      i = k + 2;
      continue;
    }
    let p = j + 2;
    if (text[p] === '-' || text[p] === '+') p++;
    const innerStart = p;
    while (p < n && /\s/.test(text[p])) p++;
    const nameStart = p;
    while (p < n && /\w/.test(text[p])) p++;
    const name = c === '%' ? text.slice(nameStart, p) : '';
    // Find the close, skipping string literals.
    const close = c === '%' ? '%}' : '}}';
    let depth = 0;
    let q = nameStart;
    let found = -1;
    while (q < n) {
      const ch = text[q];
      if (ch === "'" || ch === '"') {
        q++;
        while (q < n && text[q] !== ch) q += text[q] === '\\' ? 2 : 1;
        q++;
        continue;
      }
      if (c === '{' && ch === '{') depth++;
      else if (c === '{' && ch === '}' && depth > 0 && text[q + 1] !== '}') depth--;
      else if (c === '{' && ch === '}' && depth > 0 && text[q + 1] === '}') {
        depth--;
        q++;
        continue;
      }
      if (text.startsWith(close, q) && depth === 0) {
        found = q;
        break;
      }
      q++;
    }
    if (found < 0) {
      throw new ScanError(
        c === '%' ? `Tag \`{%${name ? ` ${name}` : ''}\` is never closed: add \`%}\`` : 'Expression `{{` is never closed: add `}}`',
        j,
        Math.max(p, j + 2),
      );
    }
    const innerEnd = text[found - 1] === '-' || text[found - 1] === '+' ? found - 1 : found;
    const tag: Tag = { open: '{' + c, start: j, end: found + 2, innerStart, innerEnd, name, nameStart };
    tags.push(tag);
    i = found + 2;
    if (name === 'raw') {
      const m = /\{%-?\s*endraw\s*-?%\}/g;
      m.lastIndex = i;
      const r = m.exec(text);
      if (!r) throw new ScanError('`{% raw %}` is never closed: add `{% endraw %}`', j, found + 2);
      i = r.index + r[0].length;
    }
  }
  return tags;
}

function isBlockSet(text: string, tag: Tag): boolean {
  return !/=/.test(text.slice(tag.nameStart + 3, tag.innerEnd).replace(/(['"])(?:\\.|(?!\1).)*\1/g, '').replace(/[=!<>]=/g, ''));
}

function blank(chars: string[], from: number, to: number): void {
  for (let k = from; k < to; k++) if (chars[k] !== '\n' && chars[k] !== '\r') chars[k] = ' ';
}
function put(chars: string[], at: number, text: string): void {
  for (let k = 0; k < text.length; k++) chars[at + k] = text[k];
}

/** Block structure check + the same-length rewrite minijinja sees. */
function analyse(text: string): { error?: ScanError; rewritten: string } {
  let tags: Tag[];
  try {
    tags = scanTags(text);
  } catch (e) {
    if (e instanceof ScanError) return { error: e, rewritten: text };
    throw e;
  }
  // split('') keeps one element per UTF-16 unit, so offsets stay aligned.
  const chars = text.split('');
  const stack: Tag[] = [];
  for (const t of tags) {
    if (t.open !== '{%') continue;
    const name = t.name;
    const opener = stack[stack.length - 1];
    if (BLOCKS[name] && !(name === 'set' && !isBlockSet(text, t))) {
      stack.push(t);
    } else if (ENDS.has(name)) {
      if (!opener) return { error: new ScanError(`\`{% ${name} %}\` has no matching opening tag: remove it`, t.start, t.end), rewritten: text };
      if (BLOCKS[opener.name] !== name) {
        const at = offsetToPosition(text, opener.start);
        return {
          error: new ScanError(
            `\`{% ${name} %}\` closes \`{% ${opener.name} %}\` (line ${at.line + 1}), which needs \`{% ${BLOCKS[opener.name]} %}\``,
            t.start,
            t.end,
          ),
          rewritten: text,
        };
      }
      stack.pop();
    } else if (name === 'elif' || name === 'else') {
      const ok = opener && (opener.name === 'if' || (name === 'else' && opener.name === 'for'));
      if (!ok) {
        return { error: new ScanError(`\`{% ${name} %}\` outside of an \`{% if %}\`${name === 'else' ? ' or `{% for %}`' : ''} block`, t.start, t.end), rewritten: text };
      }
    }
    // Same-length rewrites of what minijinja does not know.
    if (name === 'do') {
      put(chars, t.start, '{{');
      blank(chars, t.nameStart, t.nameStart + 2);
      put(chars, t.end - 2, '}}');
    } else if (name === 'break' || name === 'continue') {
      blank(chars, t.start, t.end);
    } else if (name === 'set' && /^set\s+\w+\s*,/.test(text.slice(t.nameStart, t.innerEnd))) {
      blank(chars, t.start, t.end);
    } else if (DBT_BLOCKS.has(name)) {
      blank(chars, t.innerStart, t.innerEnd);
      put(chars, t.innerStart, ' if 1');
    } else if (name.startsWith('end') && DBT_BLOCKS.has(name.slice(3))) {
      blank(chars, t.innerStart, t.innerEnd);
      put(chars, t.innerStart, 'endif');
    }
  }
  const open = stack[stack.length - 1];
  if (open) {
    return {
      error: new ScanError(`\`{% ${open.name} %}\` is never closed: add \`{% ${BLOCKS[open.name]} %}\``, open.start, open.end),
      rewritten: text,
    };
  }
  return { rewritten: chars.join('') };
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
export function checkTemplateSyntax(text: string, file: string): Diagnostic[] {
  if (!text.includes('{')) return [];
  const { error, rewritten } = analyse(text);
  if (error) {
    return [
      {
        file,
        range: { start: offsetToPosition(text, error.start), end: offsetToPosition(text, error.end) },
        severity: 'error',
        code: 'bronze/jinja-syntax',
        message: error.message,
      },
    ];
  }
  const env = miniEnv();
  try {
    env.addTemplate('t', rewritten);
  } catch (e) {
    const { message, range } = parseMiniError(e instanceof Error ? e.message : String(e), text);
    return [{ file, range, severity: 'error', code: 'bronze/jinja-syntax', message }];
  }
  return [];
}
