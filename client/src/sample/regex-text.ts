// Text a regular expression finds: the value a column tested with dbt_expectations' expect_column_values_to_match_regex
// (`regex: axelar1[0-9a-z]{38,38}`) must hold for the test to pass. The test searches (REGEXP_INSTR > 0), so the
// text is one match of the pattern. Only plain patterns are read: literal characters, escapes of punctuation,
// classes of characters and ranges, `.`, the quantifiers ? * + {n} {n,m}, anchors; a group, an alternative or a
// negated class is left alone (undefined), and the sampler writes what it did before.
import type { ProjectModel } from '../../../server/src/core/types';

/** One match of `pattern`, or undefined when the pattern is not a plain one. */
export function textMatching(pattern: string): string | undefined {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    let piece: string | undefined;
    if (c === '^' || c === '$') {
      i++;
      continue;
    } else if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return undefined;
      piece = e === 'd' ? '0' : e === 'w' ? 'a' : e === 's' ? ' ' : /[^A-Za-z0-9]/.test(e) ? e : undefined;
      if (piece === undefined) return undefined;
      i += 2;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0 || pattern[i + 1] === '^') return undefined;
      const body = pattern.slice(i + 1, close);
      if (/\\|\[/.test(body)) return undefined;
      // The class's first member (a range's first character).
      piece = body[0];
      i = close + 1;
    } else if (c === '.') {
      piece = 'a';
      i++;
    } else if (/[()|?*+{}\]]/.test(c)) {
      return undefined;
    } else {
      piece = c;
      i++;
    }
    // A quantifier after the piece: the fewest repeats it allows, at least one for `+`.
    const q = pattern.slice(i);
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(q);
    if (braces) {
      out += piece.repeat(Number(braces[1]));
      i += braces[0].length;
    } else if (q[0] === '?' || q[0] === '*') {
      i++;
    } else if (q[0] === '+') {
      out += piece;
      i++;
    } else out += piece;
    if (/^[?*+{]/.test(pattern.slice(i))) return undefined;
  }
  return out === '' ? undefined : out;
}

/**
 * The text each column of a model tested with expect_column_values_to_match_regex must hold (lower-case column name →
 * one match of its pattern), for the columns whose pattern is a plain one.
 */
export function matchedTexts(project: ProjectModel, modelId: string): Map<string, string> {
  return matchedTextsByModel(project).get(modelId) ?? new Map();
}

// One pass over the project's tests, kept per project: the JSON reader asks once per model and hop.
const byProject = new WeakMap<ProjectModel, Map<string, Map<string, string>>>();

function matchedTextsByModel(project: ProjectModel): Map<string, Map<string, string>> {
  let found = byProject.get(project);
  if (found) return found;
  found = new Map();
  for (const test of project.tests.values()) {
    const meta = test.testMetadata;
    if (!test.attachedNode || test.config.enabled === false || meta?.name !== 'expect_column_values_to_match_regex') continue;
    const column = test.columnName ?? (typeof meta.kwargs.column_name === 'string' ? meta.kwargs.column_name : undefined);
    const text = typeof meta.kwargs.regex === 'string' ? textMatching(meta.kwargs.regex) : undefined;
    if (!column || !text) continue;
    let own = found.get(test.attachedNode);
    if (!own) found.set(test.attachedNode, (own = new Map()));
    own.set(column.replace(/^"|"$/g, '').toLowerCase(), text);
  }
  byProject.set(project, found);
  return found;
}
