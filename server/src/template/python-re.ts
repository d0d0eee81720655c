// dbt's `modules.re` is Python's re module. Templates use it with Python's pattern syntax and results
// (https://docs.python.org/3/library/re.html): inline flags (`(?ix)`), verbose patterns, `(?P<name>…)`, findall
// returning the groups, search/match returning a Match object, flags such as re.IGNORECASE. JavaScript's RegExp
// differs in each, so a pattern is translated to a RegExp that matches what Python's would (the `u` flag, with
// Python's Unicode \d \w \s \b, `.` and `$` spelled out); Python syntax with no RegExp form is an error naming it.
import { JinjaObject, strRepr } from './values';

const FLAG = { A: 256, I: 2, L: 4, M: 8, S: 16, U: 32, X: 64 } as const;
const INLINE: Record<string, number> = { a: FLAG.A, i: FLAG.I, L: FLAG.L, m: FLAG.M, s: FLAG.S, u: FLAG.U, x: FLAG.X };

const WORD = '\\p{L}\\p{N}_';
const ASCII_WORD = 'A-Za-z0-9_';
// str.isspace(): what Python's \s matches in a str pattern.
const SPACE = ' \\t\\n\\r\\f\\v\\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const ASCII_SPACE = ' \\t\\n\\r\\f\\v';
const SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));

function reError(message: string): Error {
  return new Error(`modules.re: ${message}`);
}

/** A pattern and its flags as one RegExp source and the number of groups it has. */
interface Translated {
  source: string;
  ignoreCase: boolean;
  groups: number;
  /** Each named group's number. */
  names: Map<string, number>;
  /** The flags in force: those given and the pattern's leading inline ones (`(?i)`). */
  flags: number;
}

/** Python's pattern `p` under `flags` as a JavaScript RegExp source (for the `u` flag). */
export function translatePattern(p: string, flags = 0): Translated {
  let i = 0;
  // Global inline flags lead the pattern: `(?ix)`.
  for (let m = /^\(\?([aiLmsux]+)\)/.exec(p.slice(i)); m; m = /^\(\?([aiLmsux]+)\)/.exec(p.slice(i))) {
    for (const c of m[1]) flags |= INLINE[c];
    i += m[0].length;
  }
  const ascii = (flags & FLAG.A) !== 0;
  const verbose = (flags & FLAG.X) !== 0;
  const word = ascii ? ASCII_WORD : WORD;
  const space = ascii ? ASCII_SPACE : SPACE;
  const digit = ascii ? '0-9' : '\\p{Nd}';
  let out = '';
  let groups = 0;
  const names = new Map<string, number>();
  let inClass = false;
  let classStart = 0;
  const escapeLiteral = (c: string): string => (SYNTAX.has(c) || (inClass && c === '-') ? `\\${c}` : c);
  while (i < p.length) {
    const c = p[i];
    if (inClass) {
      if (c === ']' && i > classStart) {
        inClass = false;
        out += ']';
        i++;
        continue;
      }
      if (c === '\\') {
        const [text, next] = escape(i);
        out += text;
        i = next;
        continue;
      }
      out += c === '[' || (c === ']' && i === classStart) ? `\\${c}` : c;
      i++;
      continue;
    }
    if (verbose && /\s/.test(c)) {
      i++;
      continue;
    }
    if (verbose && c === '#') {
      while (i < p.length && p[i] !== '\n') i++;
      continue;
    }
    switch (c) {
      case '\\': {
        const [text, next] = escape(i);
        out += text;
        i = next;
        continue;
      }
      case '[':
        inClass = true;
        out += '[';
        i++;
        if (p[i] === '^') {
          out += '^';
          i++;
        }
        classStart = i;
        continue;
      case '.':
        out += (flags & FLAG.S) !== 0 ? '[\\s\\S]' : '[^\\n]';
        i++;
        continue;
      case '^':
        out += (flags & FLAG.M) !== 0 ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
        i++;
        continue;
      case '$':
        // Python's `$` also matches before a newline that ends the string.
        out += (flags & FLAG.M) !== 0 ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
        i++;
        continue;
      case '{': {
        const q = /^\{(\d*)(?:(,)(\d*))?\}/.exec(p.slice(i));
        if (q && (q[1] !== '' || (q[2] && q[3] !== ''))) {
          out += q[2] ? `{${q[1] || '0'},${q[3]}}` : `{${q[1]}}`;
          i += q[0].length;
        } else {
          out += '\\{';
          i++;
        }
        continue;
      }
      case '}':
      case ']':
        out += `\\${c}`;
        i++;
        continue;
      case '(': {
        const rest = p.slice(i);
        if (rest.startsWith('(?#')) {
          const end = p.indexOf(')', i);
          if (end < 0) throw reError('missing ), unterminated comment');
          i = end + 1;
          continue;
        }
        const named = /^\(\?P<([A-Za-z_]\w*)>/.exec(rest);
        if (named) {
          groups++;
          names.set(named[1], groups);
          out += `(?<${named[1]}>`;
          i += named[0].length;
          continue;
        }
        const backref = /^\(\?P=([A-Za-z_]\w*)\)/.exec(rest);
        if (backref) {
          out += `\\k<${backref[1]}>`;
          i += backref[0].length;
          continue;
        }
        if (/^\(\?(?::|=|!|<=|<!)/.test(rest)) {
          const len = rest[2] === '<' ? 4 : 3;
          out += rest.slice(0, len);
          i += len;
          continue;
        }
        if (rest.startsWith('(?')) throw reError(`the group ${rest.slice(0, 4)}… has no JavaScript form in Bronze's re module`);
        groups++;
        out += '(';
        i++;
        continue;
      }
      default:
        out += c;
        i++;
    }
  }
  if (inClass) throw reError('unterminated character set');
  return { source: out, ignoreCase: (flags & FLAG.I) !== 0, groups, names, flags };

  /** The escape at `at` (a backslash) as RegExp text, and where the pattern continues. */
  function escape(at: number): [string, number] {
    const e = p[at + 1];
    if (e === undefined) throw reError('bad escape (end of pattern)');
    const next = at + 2;
    switch (e) {
      case 'd':
        return [inClass ? digit : `[${digit}]`, next];
      case 'D':
        if (inClass) throw reError('\\D inside a character set has no JavaScript form in Bronze\'s re module');
        return [`[^${digit}]`, next];
      case 'w':
        return [inClass ? word : `[${word}]`, next];
      case 'W':
        if (inClass) throw reError('\\W inside a character set has no JavaScript form in Bronze\'s re module');
        return [`[^${word}]`, next];
      case 's':
        return [inClass ? space : `[${space}]`, next];
      case 'S':
        if (inClass) throw reError('\\S inside a character set has no JavaScript form in Bronze\'s re module');
        return [`[^${space}]`, next];
      case 'b':
        if (inClass) return ['\\x08', next];
        return [`(?:(?<=[${word}])(?![${word}])|(?<![${word}])(?=[${word}]))`, next];
      case 'B':
        return [`(?:(?<=[${word}])(?=[${word}])|(?<![${word}])(?![${word}]))`, next];
      case 'A':
        return ['(?<![\\s\\S])', next];
      case 'Z':
        return ['(?![\\s\\S])', next];
      case 'a':
        return ['\\x07', next];
      case 'n':
      case 't':
      case 'r':
      case 'f':
      case 'v':
        return [`\\${e}`, next];
      case 'x': {
        const h = /^[0-9a-fA-F]{2}/.exec(p.slice(next));
        if (!h) throw reError('incomplete escape \\x');
        return [`\\x${h[0]}`, next + 2];
      }
      case 'u':
      case 'U': {
        const n = e === 'u' ? 4 : 8;
        const h = new RegExp(`^[0-9a-fA-F]{${n}}`).exec(p.slice(next));
        if (!h) throw reError(`incomplete escape \\${e}`);
        return [`\\u{${h[0].replace(/^0+(?=.)/, '')}}`, next + n];
      }
      case '0':
        return ['\\0', next];
    }
    if (/[1-9]/.test(e)) {
      const d = /^\d{1,2}/.exec(p.slice(at + 1))![0];
      if (inClass) throw reError(`octal escape \\${d} inside a character set has no JavaScript form in Bronze's re module`);
      return [`\\${d}`, at + 1 + d.length];
    }
    if (/[A-Za-z]/.test(e)) throw reError(`bad escape \\${e}`);
    return [escapeLiteral(e), next];
  }
}

function compile(pattern: string, flags: number, extra = '', whole = false): { re: RegExp; t: Translated } {
  const t = translatePattern(pattern, flags);
  // fullmatch: the translated pattern, which must end where the string does.
  const source = whole ? `(?:${t.source})(?![\\s\\S])` : t.source;
  try {
    return { re: new RegExp(source, `u${t.ignoreCase ? 'i' : ''}${extra}`), t };
  } catch (e) {
    throw reError(`the pattern ${JSON.stringify(pattern)} has no JavaScript form (${(e as Error).message})`);
  }
}

/** Python's Match object: group(), groups(), groupdict(), start(), end(), span(), string. */
function matchObject(m: RegExpExecArray, input: string, names: ReadonlyMap<string, number>): JinjaObject {
  const index = (g: unknown): number => {
    if (typeof g === 'string') {
      const k = names.get(g);
      if (k === undefined) throw reError(`no such group ${JSON.stringify(g)}`);
      return k;
    }
    const n = g === undefined ? 0 : Number(g);
    if (!Number.isInteger(n) || n < 0 || n >= m.length) throw reError('no such group');
    return n;
  };
  const group = (k: number): string | null => m[k] ?? null;
  const span = (k: number): [number, number] => {
    const at = m.indices?.[k];
    return at ? [at[0], at[1]] : [-1, -1];
  };
  return new JinjaObject(
    {
      string: input,
      group: (args: unknown[]) => (args.length <= 1 ? group(index(args[0])) : args.map((a) => group(index(a)))),
      groups: (args: unknown[], kw: Record<string, unknown>) => m.slice(1).map((v) => v ?? (args[0] ?? kw.default ?? null)),
      groupdict: (args: unknown[], kw: Record<string, unknown>) => Object.fromEntries([...names].map(([n, k]) => [n, m[k] ?? (args[0] ?? kw.default ?? null)])),
      start: (args: unknown[]) => span(index(args[0]))[0],
      end: (args: unknown[]) => span(index(args[0]))[1],
      span: (args: unknown[]) => span(index(args[0])),
    },
    { truthy: () => true, typeName: 're.Match' },
  );
}

const num = (v: unknown, fallback = 0): number => (v === undefined || v === null ? fallback : Number(v));

/** re.search / re.match / re.fullmatch: the first Match (anchored at the start, or spanning the string) or None. */
function find(pattern: string, input: string, flags: number, how: 'search' | 'match' | 'fullmatch'): JinjaObject | null {
  const { re, t } = compile(pattern, flags, how === 'search' ? 'd' : 'dy', how === 'fullmatch');
  const m = re.exec(input);
  return m ? matchObject(m, input, t.names) : null;
}

function findall(pattern: string, input: string, flags: number): unknown[] {
  const { re, t } = compile(pattern, flags, 'g');
  const out: unknown[] = [];
  for (const m of input.matchAll(re)) {
    if (t.groups === 0) out.push(m[0]);
    else if (t.groups === 1) out.push(m[1] ?? '');
    else out.push(m.slice(1).map((v) => v ?? ''));
  }
  return out;
}

function finditer(pattern: string, input: string, flags: number): JinjaObject[] {
  const { re, t } = compile(pattern, flags, 'gd');
  return [...input.matchAll(re)].map((m) => matchObject(m, input, t.names));
}

/** A replacement template: \1, \g<1>, \g<name> and Python's character escapes. */
function expand(template: string, m: RegExpExecArray, names: ReadonlyMap<string, number>): string {
  return template.replace(/\\(?:g<([^>]+)>|(\d{1,2})|(.))/gs, (_all, g: string | undefined, d: string | undefined, c: string | undefined) => {
    if (g !== undefined || d !== undefined) {
      const key = g ?? d!;
      const k = /^\d+$/.test(key) ? Number(key) : names.get(key);
      if (k === undefined || k >= m.length) throw reError(`invalid group reference ${key}`);
      return m[k] ?? '';
    }
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };
    if (c! in map) return map[c!];
    if (/[A-Za-z]/.test(c!)) throw reError(`bad escape \\${c} in the replacement`);
    return `\\${c}`;
  });
}

function sub(pattern: string, repl: unknown, input: string, count: number, flags: number): [string, number] {
  const { re, t } = compile(pattern, flags, 'gd');
  let n = 0;
  let out = '';
  let last = 0;
  for (const m of input.matchAll(re)) {
    if (count > 0 && n >= count) break;
    out += input.slice(last, m.index);
    out += typeof repl === 'function' ? String((repl as (x: unknown) => unknown)(matchObject(m, input, t.names)) ?? '') : expand(String(repl), m, t.names);
    last = m.index + m[0].length;
    n++;
  }
  return [out + input.slice(last), n];
}

function split(pattern: string, input: string, maxsplit: number, flags: number): (string | null)[] {
  const { re } = compile(pattern, flags, 'g');
  const out: (string | null)[] = [];
  let last = 0;
  let n = 0;
  for (const m of input.matchAll(re)) {
    if (maxsplit > 0 && n >= maxsplit) break;
    out.push(input.slice(last, m.index), ...m.slice(1).map((v) => v ?? null));
    last = m.index + m[0].length;
    n++;
  }
  out.push(input.slice(last));
  return out;
}

/** The functions shared by the module (pattern first) and a compiled Pattern (pattern bound). */
function functions(bound?: { pattern: string; flags: number }): Record<string, unknown> {
  // Module: f(pattern, string, …, flags); Pattern: f(string, …) with its own pattern and flags.
  const args = (a: unknown[]): { pattern: string; rest: unknown[] } => (bound ? { pattern: bound.pattern, rest: a } : { pattern: String(a[0]), rest: a.slice(1) });
  const flagsOf = (v: unknown): number => (bound ? bound.flags : num(v));
  return {
    search: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return find(pattern, String(rest[0]), flagsOf(rest[1] ?? kw.flags), 'search');
    },
    match: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return find(pattern, String(rest[0]), flagsOf(rest[1] ?? kw.flags), 'match');
    },
    fullmatch: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return find(pattern, String(rest[0]), flagsOf(rest[1] ?? kw.flags), 'fullmatch');
    },
    findall: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return findall(pattern, String(rest[0]), flagsOf(rest[1] ?? kw.flags));
    },
    finditer: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return finditer(pattern, String(rest[0]), flagsOf(rest[1] ?? kw.flags));
    },
    sub: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return sub(pattern, rest[0] ?? kw.repl, String(rest[1] ?? kw.string), num(rest[2] ?? kw.count), flagsOf(rest[3] ?? kw.flags))[0];
    },
    subn: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return sub(pattern, rest[0] ?? kw.repl, String(rest[1] ?? kw.string), num(rest[2] ?? kw.count), flagsOf(rest[3] ?? kw.flags));
    },
    split: (a: unknown[], kw: Record<string, unknown>) => {
      const { pattern, rest } = args(a);
      return split(pattern, String(rest[0]), num(rest[1] ?? kw.maxsplit), flagsOf(rest[2] ?? kw.flags));
    },
  };
}

/** `modules.re`. */
/** Python's repr of a compiled pattern: `re.compile('a', re.IGNORECASE)`, the pattern's repr cut to 200 characters. */
function patternRepr(pattern: string, flags: number): string {
  const names = (Object.entries(FLAG_NAMES) as [string, number][])
    .filter(([name, bit]) => (flags & bit) !== 0 && name !== 'UNICODE')
    .map(([name]) => `re.${name}`);
  return `re.compile(${strRepr(pattern).slice(0, 200)}${names.length ? `, ${names.join('|')}` : ''})`;
}

// RegexFlag's members in the order Python lists them in a repr (by value).
const FLAG_NAMES = { IGNORECASE: FLAG.I, LOCALE: FLAG.L, MULTILINE: FLAG.M, DOTALL: FLAG.S, UNICODE: FLAG.U, VERBOSE: FLAG.X, ASCII: FLAG.A };

export function reModule(): JinjaObject {
  const flags: Record<string, number> = {
    A: FLAG.A,
    ASCII: FLAG.A,
    I: FLAG.I,
    IGNORECASE: FLAG.I,
    L: FLAG.L,
    LOCALE: FLAG.L,
    M: FLAG.M,
    MULTILINE: FLAG.M,
    S: FLAG.S,
    DOTALL: FLAG.S,
    U: FLAG.U,
    UNICODE: FLAG.U,
    X: FLAG.X,
    VERBOSE: FLAG.X,
  };
  return new JinjaObject({
    ...flags,
    ...functions(),
    compile: (a: unknown[], kw: Record<string, unknown>) => {
      const pattern = String(a[0]);
      const f = num(a[1] ?? kw.flags);
      const { t } = compile(pattern, f);
      // Pattern.flags: the given and inline flags, with re.UNICODE for a str pattern that is not ASCII.
      const flags = t.flags & FLAG.A ? t.flags : t.flags | FLAG.U;
      return new JinjaObject({ pattern, flags, ...functions({ pattern, flags: f }) }, { typeName: 're.Pattern', str: () => patternRepr(pattern, flags) });
    },
    // re.purge() clears Python's pattern cache and returns None.
    purge: () => null,
    // Python 3.7+: only the characters special in a pattern are escaped.
    escape: (a: unknown[]) => String(a[0]).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, '\\$&'),
  });
}
