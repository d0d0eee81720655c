// The structure of a regular expression (RE2 syntax, shared by Snowflake and DuckDB) that REGEXP_INSTR and
// REGEXP_REPLACE need to compute match positions with DuckDB's regexp_extract_all: where each capturing group
// opens, at what nesting depth, and whether the pattern has a top-level alternation.

export interface CaptureGroup {
  /** Offset of the group's `(` in the pattern. */
  at: number;
  /** Number of groups (capturing or not) enclosing it. */
  depth: number;
  /** Offset just after the group's opening syntax (`(`, `(?P<name>`, `(?<name>`). */
  bodyAt: number;
}

export interface PatternShape {
  groups: CaptureGroup[];
  /** A `|` outside every group. */
  topLevelAlternation: boolean;
}

/** The capturing groups of `pattern` in their number order (group 1 first). */
export function patternShape(pattern: string): PatternShape {
  const groups: CaptureGroup[] = [];
  let depth = 0;
  let topLevelAlternation = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      // \Q…\E quotes everything up to \E.
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
      } else i++;
    } else if (ch === '[') i = classEnd(pattern, i);
    else if (ch === '(') {
      const named = /^\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/.exec(pattern.slice(i));
      if (named) groups.push({ at: i, depth, bodyAt: i + named[0].length });
      else if (pattern[i + 1] !== '?') groups.push({ at: i, depth, bodyAt: i + 1 });
      depth++;
    } else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === '|' && depth === 0) topLevelAlternation = true;
  }
  return { groups, topLevelAlternation };
}

/** Offset of the `]` closing the class opened at `open` (a `]` first in the class, or after `^`, is literal). */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end >= 0) i = end + 1;
    } else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}

/** `pattern` with every capturing group made non-capturing (same matches, no group numbers). */
export function withoutCaptures(pattern: string): string {
  const { groups } = patternShape(pattern);
  let out = '';
  let from = 0;
  for (const g of groups) {
    out += pattern.slice(from, g.at) + '(?:';
    from = g.bodyAt;
  }
  return out + pattern.slice(from);
}

/**
 * The first two adjacent repetition operators in `pattern` (`**`, `+*`, `*{2}`, `{2}+`), outside classes and escapes,
 * or undefined. A `?` after one is RE2's non-greedy form, not counted here. POSIX ERE, whose syntax Snowflake's
 * patterns follow (docs.snowflake.com/en/sql-reference/functions-regexp), leaves such a pair undefined; RE2 rejects it.
 */
export function adjacentRepetitions(pattern: string): string | undefined {
  let previous = ''; // the repetition operator just read, if the last token was one
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const interval = ch === '{' ? /^\{\d+(,\d*)?\}/.exec(pattern.slice(i))?.[0] : undefined;
    const op = ch === '*' || ch === '+' ? ch : interval;
    if (op && previous) return `${previous}${op}`;
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(pattern, i);
    if (op) {
      previous = op;
      i += op.length - 1;
    } else previous = ch === '?' && !previous ? '?' : '';
  }
  return undefined;
}
