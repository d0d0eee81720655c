// Columns whose values a model prints into its own SQL: `dbt_utils.get_column_values(ref('m'), 'feature_name')`
// fetches them while compiling, and `dbt_utils.pivot(…, prefix='count_')` or `count_{{ val }}` makes each one part of
// a column name. Real data holds identifier-like values there; a padded or re-cased spelling of the sampler's dirt
// (`'  feature_3 '`, `FEATURE_3` beside `feature_3`) would be a syntax error or a duplicate column, on Snowflake too.
import type { ProjectModel } from '../../../server/src/core/types';

/** `get_column_values(` up to the column argument: positional after the relation, or `column=` anywhere. */
const CALL = /\bget_column_values\s*\(/g;
const POSITIONAL = /^\s*(?:table\s*=\s*)?\w+\s*\([^()]*\)\s*,\s*['"]([A-Za-z_]\w*)['"]/;
const KEYWORD = /\bcolumn\s*=\s*['"]([A-Za-z_]\w*)['"]/;

/**
 * The (lower-case) column names that the project's own models and macros read with get_column_values (a package's
 * are left out: their comments show examples).
 */
export function printedColumnNames(project: ProjectModel): Set<string> {
  const out = new Set<string>();
  const own = (n: { packageName: string }): boolean => n.packageName === project.name;
  const texts = [...[...project.models.values()].filter(own).map((m) => m.rawCode), ...[...project.macros.values()].filter(own).map((m) => m.fileText)];
  for (const text of new Set(texts)) {
    for (const call of text.matchAll(CALL)) {
      // The call's arguments, to its closing parenthesis (a relation argument holds one pair of its own).
      const rest = text.slice(call.index + call[0].length, call.index + call[0].length + 400);
      const args = /^(?:[^()]|\([^()]*\))*/.exec(rest)?.[0] ?? '';
      const column = POSITIONAL.exec(args)?.[1] ?? KEYWORD.exec(args)?.[1];
      if (column) out.add(column.toLowerCase());
    }
  }
  return out;
}

/** `dbt_utils.pivot('col', …)` up to its closing parenthesis (one level of nested calls, as get_column_values is). */
const PIVOT = /\bpivot\s*\(\s*['"]([A-Za-z_]\w*)['"]((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)/g;
const quotedArg = (args: string, name: string): string => new RegExp(`\\b${name}\\s*=\\s*['"]([^'"]*)['"]`).exec(args)?.[1] ?? '';

/**
 * The values a model reads back from the columns it pivots a column into: `dbt_utils.pivot('user_role', …,
 * prefix='count_', suffix='_promoters_daily')` makes one column per value present, and a later
 * `count_team_admin_promoters_daily` names the value `team_admin`, which the data must hold (else that column does
 * not exist). By the pivoted column's lower-case name; only pivots with a prefix or a suffix say which names are
 * theirs.
 */
export function pivotedValues(project: ProjectModel): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const m of project.models.values()) {
    if (m.packageName !== project.name) continue;
    const calls = [...m.rawCode.matchAll(PIVOT)];
    if (calls.length === 0) continue;
    // The names the model reads outside its pivot calls (the calls' own text names no output column): not those it
    // defines itself (`… as count_total`, read again later), nor functions.
    let rest = m.rawCode.replace(/--[^\n]*/g, ' ');
    for (const c of calls) rest = rest.replace(c[0], ' ');
    const words = [...rest.matchAll(/(\bas\s+)?\b([A-Za-z_]\w*)(?!\w|\s*\()/gi)];
    const defined = new Set(words.filter((w) => w[1]).map((w) => w[2].toLowerCase()));
    const names = new Set(words.filter((w) => !defined.has(w[2].toLowerCase())).map((w) => w[2]));
    for (const c of calls) {
      const [prefix, suffix] = [quotedArg(c[2], 'prefix'), quotedArg(c[2], 'suffix')];
      if (!prefix && !suffix) continue;
      for (const name of names) {
        if (name.length <= prefix.length + suffix.length || !name.toLowerCase().startsWith(prefix.toLowerCase()) || !name.toLowerCase().endsWith(suffix.toLowerCase())) continue;
        const value = name.slice(prefix.length, name.length - suffix.length);
        const values = out.get(c[1].toLowerCase()) ?? new Set<string>();
        out.set(c[1].toLowerCase(), values.add(value));
      }
    }
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
