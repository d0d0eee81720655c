// A .sql file in the project that sits outside every model/test/macro/seed/analysis/snapshot path: dbt
// ignores it silently, which surprises people who expect it to build.
import * as path from 'node:path';
import type { Diagnostic } from '../../core/types';
import { diag, type Rule, type RuleContext } from './rule';

export const modelOutsidePaths: Rule = {
  id: 'bronze/model-outside-paths',
  severity: 'warning',
  scope: 'project',
  keepsOnModelEdit: true, // reads the stray files
  description: 'A .sql file outside the model paths is never built.',
  check(ctx: RuleContext): Diagnostic[] {
    return ctx.strayFiles.map((file) =>
      diag(
        modelOutsidePaths,
        file,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        `${path.relative(ctx.project.root, file)} is outside the model paths (${ctx.project.modelPaths.join(', ')}), so it is never built. Move it under ${ctx.project.modelPaths[0] ?? 'models'}/, or add its folder to model-paths in dbt_project.yml.`,
      ),
    );
  },
};
