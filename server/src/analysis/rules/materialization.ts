// A model whose `materialized` Bronze cannot build: compile and build stop on it with
// bronze/unsupported-materialization (compile/materializations.ts planModel), so check says so before. A custom
// materialization the project or a package defines (`{% materialization name, adapter=… %}`) is one dbt runs: a
// warning that Bronze does not. A name nothing defines is dbt's own run-time error ("No materialization … was found").
import * as path from 'node:path';
import type { Diagnostic, ProjectModel } from '../../core/types';
import { diag, type Rule, type RuleContext } from './rule';

/** The materializations Bronze plans for a model (planModel), and ephemeral, which is inlined where it is read. */
const BUILT_IN: ReadonlySet<string> = new Set(['view', 'table', 'incremental', 'dynamic_table', 'ephemeral']);

/** The file defining `{% materialization <name> … %}`, if any macro file (the project's or a package's) does. */
function definedIn(project: ProjectModel, name: string): string | undefined {
  const block = new RegExp(`\\{%-?\\s*materialization\\s+${name.replace(/[^\w]/g, '')}\\s*[,%-]`, 'i');
  const texts = new Map<string, string>();
  for (const f of project.files.values()) if (f.kind === 'macro') texts.set(f.path, f.text);
  for (const m of project.macros.values()) if (!texts.has(m.location.file)) texts.set(m.location.file, m.fileText);
  for (const [file, text] of texts) if (block.test(text)) return path.relative(project.root, file);
  return undefined;
}

export const unsupportedMaterialization: Rule = {
  id: 'bronze/unsupported-materialization',
  severity: 'warning',
  scope: 'model',
  description: 'A model materialized in a way Bronze does not build (a custom materialization, or one nothing defines).',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    const seen = new Map<string, string | undefined>();
    for (const f of ctx.models) {
      const node = f.node;
      const kind = node.config.materialized;
      if (node.resourceType !== 'model' || typeof kind !== 'string' || BUILT_IN.has(kind)) continue;
      if (!seen.has(kind)) seen.set(kind, definedIn(ctx.project, kind));
      const file = seen.get(kind);
      const loc = node.location;
      if (file) {
        out.push(
          diag(
            unsupportedMaterialization,
            loc.file,
            loc.range,
            `Model '${node.name}' uses the custom materialization '${kind}' (defined in ${file}): dbt runs it, Bronze does not run custom materializations, so compile and build stop on this model. Materialize it as a view, table, incremental or dynamic_table to build it with Bronze.`,
          ),
        );
      } else {
        out.push(
          diag(
            { id: unsupportedMaterialization.id, severity: 'error' },
            loc.file,
            loc.range,
            `No materialization '${kind}' was found for model '${node.name}': no macro file defines it ({% materialization ${kind}, adapter=… %}), so dbt stops on this model at run time. Use view, table, incremental, ephemeral or dynamic_table.`,
          ),
        );
      }
    }
    return out;
  },
};
