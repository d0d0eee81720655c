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
