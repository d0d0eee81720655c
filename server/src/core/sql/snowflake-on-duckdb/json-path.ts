// Snowflake semi-structured paths (`v:a.b[0]`, `v:"Key"`, GET_PATH(v, 'a.b')) as DuckDB JSONPath ('$.a.b[0]').
// Keys are case-sensitive in both. A path followed by a cast to a scalar type reads the value as text first
// (DuckDB's ->>), so `v:name::string` is `abc`, not `"abc"`, as in Snowflake.
import type { Lexeme } from '../tokenize';

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keyStep(key: string): string {
  return SIMPLE_KEY.test(key) ? `.${key}` : `."${key.replace(/"/g, '\\"')}"`;
}

/**
 * Reads the path after a `:` at `lx[i]` (i is the first lexeme after the colon). Returns the JSONPath and the index
 * after the path, or undefined when the text there is not a path.
 */
export function readColonPath(lx: Lexeme[], i: number, to: number): { path: string; next: number } | undefined {
  let path = '$';
  let k = i;
  const first = lx[k];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted-identifier')) return undefined;
  path += keyStep(first.kind === 'word' ? first.text : first.text.slice(1, -1).replace(/""/g, '"'));
  k++;
  const isKey = (x: Lexeme | undefined): x is Lexeme => x?.kind === 'word' || x?.kind === 'quoted-identifier';
  while (k < to) {
    // Steps may stand apart (`msg :attributes [0] :key`, Flipside's style), as Snowflake reads them.
    let s = k;
    while (s < to && (lx[s].kind === 'ws' || lx[s].kind === 'comment')) s++;
    const l = lx[s];
    if (!l) break;
    if (l.kind === 'punct' && l.text === '.' && isKey(lx[s + 1]) && s === k) {
      const n = lx[s + 1];
      path += keyStep(n.kind === 'word' ? n.text : n.text.slice(1, -1).replace(/""/g, '"'));
      k = s + 2;
    } else if (l.kind === 'punct' && l.text === ':' ) {
      // `a[0]:key`: a `:` after the first step is one more key.
      let n = s + 1;
      while (n < to && lx[n].kind === 'ws') n++;
      const key = lx[n];
      if (!isKey(key)) break;
      path += keyStep(key.kind === 'word' ? key.text : key.text.slice(1, -1).replace(/""/g, '"'));
      k = n + 1;
    } else if (l.kind === 'punct' && l.text === '[' && lx[s + 2]?.kind === 'punct' && lx[s + 2].text === ']') {
      const n = lx[s + 1];
      if (n.kind === 'number' && /^\d+$/.test(n.text)) path += `[${n.text}]`;
      else if (n.kind === 'string') path += keyStep(n.text.slice(1, -1).replace(/''/g, "'"));
      else return { path, next: k };
      k = s + 3;
    } else break;
  }
  return { path, next: k };
}

/** GET_PATH's path string ('a.b[0]', '"Key".c') → JSONPath. */
export function getPathToJsonPath(text: string): string | undefined {
  let path = '$';
  // A step separator is `.` or `:` (GET_PATH(v, 'a:b') reads as v:a.b).
  const re = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][A-Za-z0-9_$]*)|\[(\d+)\]|\['((?:[^']|'')*)'\]|([.:]))/y;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < text.length && (m = re.exec(text)) !== null) {
    pos = re.lastIndex;
    if (m[5]) {
      expectKey = true;
      continue;
    }
    if (m[3] !== undefined) path += `[${m[3]}]`;
    else if (m[4] !== undefined) path += keyStep(m[4].replace(/''/g, "'"));
    else if (expectKey) path += keyStep(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
    else return undefined;
    expectKey = false;
  }
  return pos === text.length ? path : undefined;
}

/**
 * Reads `[0]`, `['key']`, `.key` and `:key` steps from the `[` at `lx[i]` (0-based array indexes, as in Snowflake). Undefined
 * when the first step is not a literal index or key (e.g. `arr[i]`).
 */
export function readBracketPath(lx: Lexeme[], i: number, to: number): { path: string; next: number } | undefined {
  let path = '$';
  let k = i;
  let steps = 0;
  const isKey = (x: Lexeme | undefined): x is Lexeme => x?.kind === 'word' || x?.kind === 'quoted-identifier';
  const keyText = (n: Lexeme): string => (n.kind === 'word' ? n.text : n.text.slice(1, -1).replace(/""/g, '"'));
  while (k < to) {
    // After the first step, steps may stand apart (`raw_metadata [0] :aliases [0]`, Flipside's style).
    let s = k;
    if (steps > 0) while (s < to && (lx[s].kind === 'ws' || lx[s].kind === 'comment')) s++;
    const l = lx[s];
    if (!l) break;
    if (l.kind === 'punct' && l.text === '[' && lx[s + 2]?.kind === 'punct' && lx[s + 2].text === ']') {
      const n = lx[s + 1];
      if (n.kind === 'number' && /^\d+$/.test(n.text)) path += `[${n.text}]`;
      else if (n.kind === 'string') path += keyStep(n.text.slice(1, -1).replace(/''/g, "'"));
      else break;
      k = s + 3;
      steps++;
    } else if (steps > 0 && s === k && l.kind === 'punct' && l.text === '.' && isKey(lx[s + 1])) {
      path += keyStep(keyText(lx[s + 1]));
      k = s + 2;
    } else if (steps > 0 && l.kind === 'punct' && l.text === ':') {
      // `a[0]:key`: a `:` after an element is one more key, as after a key.
      let n = s + 1;
      while (n < to && lx[n].kind === 'ws') n++;
      if (!isKey(lx[n])) break;
      path += keyStep(keyText(lx[n]));
      k = n + 1;
    } else break;
  }
  return steps ? { path, next: k } : undefined;
}
