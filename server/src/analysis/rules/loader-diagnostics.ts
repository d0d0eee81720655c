// Problems the loader found while reading the project (YAML syntax, schema errors with did-you-mean,
// duplicates, schema.yml entries for missing models, dynamic configs). They are located already; this rule
// hands them on so the editor and `bronze check` show one list.
import type { Diagnostic } from '../../core/types';
import type { Rule, RuleContext } from './rule';

export const loaderDiagnostics: Rule = {
  id: 'bronze/load',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads the loader's list; the fast path is taken only for files without loader problems
  description: 'YAML syntax, schema (unknown keys, wrong types, missing keys), duplicates and dangling schema.yml entries, as found by the loader.',
  check(ctx: RuleContext): Diagnostic[] {
    // Template syntax is checked per file by bronze/jinja-syntax (it follows the editor buffer).
    // Template syntax in models is checked by bronze/jinja-syntax (it follows the editor buffer); the
    // loader's scanner reports unclosed tags too, so keep its report only for files those rules do not see.
    return ctx.project.diagnostics.filter(
      (d) => !(d.code === 'bronze/jinja-syntax' || (d.code === 'bronze/jinja-unclosed' && ['model', 'test', 'macro'].includes(ctx.project.files.get(d.file)?.kind ?? ''))),
    );
  },
};
