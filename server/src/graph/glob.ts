// Shell-style pattern matching for selector values. Two flavours, as dbt uses them:
// - `fnmatch`: Python's fnmatch (`*` and `?` cross every character, `[abc]` / `[!abc]` classes), used by
//   fqn, tag, file, package, source and test_name;
// - `pathGlob`: pathlib's glob (`*` and `?` stay inside one folder, `**` spans folders), used by `path:`.

const fnmatchCache = new Map<string, RegExp>();
const pathGlobCache = new Map<string, RegExp>();

export function hasGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function escapeRegex(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

/** Translates a `[...]` class starting at `i`; returns the regex text and the index after `]`, or null. */
function charClass(pattern: string, i: number): { re: string; next: number } | null {
  let j = i + 1;
  let negate = false;
  if (pattern[j] === '!') {
    negate = true;
    j++;
  }
  // A `]` right after `[` or `[!` is a literal member, as in fnmatch.
  if (pattern[j] === ']') j++;
  while (j < pattern.length && pattern[j] !== ']') j++;
  if (j >= pattern.length) return null;
  const body = pattern
    .slice(i + 1 + (negate ? 1 : 0), j)
    .replace(/\\/g, '\\\\')
    .replace(/\^/g, '\\^');
  return { re: `[${negate ? '^' : ''}${body}]`, next: j + 1 };
}

function translate(pattern: string, star: string, one: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; ) {
    const ch = pattern[i];
    if (ch === '*') {
      out += star;
      i++;
    } else if (ch === '?') {
      out += one;
      i++;
    } else if (ch === '[') {
      const cls = charClass(pattern, i);
      if (cls) {
        out += cls.re;
        i = cls.next;
      } else {
        out += '\\[';
        i++;
      }
    } else {
      out += escapeRegex(ch);
      i++;
    }
  }
  return out;
}

/** Python fnmatch semantics (case-sensitive, as on POSIX). */
export function fnmatch(text: string, pattern: string): boolean {
  let re = fnmatchCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${translate(pattern, '[\\s\\S]*', '[\\s\\S]')}$`);
    fnmatchCache.set(pattern, re);
  }
  return re.test(text);
}

/** Compiles a relative path glob; `**` as a whole segment matches zero or more folders. */
export function compilePathGlob(pattern: string): RegExp {
  let re = pathGlobCache.get(pattern);
  if (re) return re;
  const segments = pattern.split('/');
  let out = '';
  segments.forEach((seg, idx) => {
    const last = idx === segments.length - 1;
    if (seg === '**') {
      out += last ? '.*' : '(?:[^/]+/)*';
    } else {
      out += translate(seg, '[^/]*', '[^/]') + (last ? '' : '/');
    }
  });
  re = new RegExp(`^${out}$`);
  pathGlobCache.set(pattern, re);
  return re;
}
