// A model whose `materialized` names no built-in materialization runs the `{% materialization %}` block dbt's lookup
// finds for it (template/materialization-lookup.ts; Engine.materialize runs it). When there is none, dbt stops on
// the model at run time ("No materialization … was found for adapter …"): check says so before, on the config.
import type { Diagnostic } from '../../core/types';
import { BUILT_IN_MATERIALIZATIONS } from '../../compile/materializations';
import { findMaterializationMacro, materializationNotFoundMessage } from '../../template/materialization-lookup';
import { diag, type Rule, type RuleContext } from './rule';
import { configRange } from './incremental';

/** Bronze's targets read Snowflake SQL (the twin too), so the `adapter='snowflake'` blocks run: Engine.materializationAdapter. */
const ADAPTER = 'snowflake';

export const unsupportedMaterialization: Rule = {
  id: 'bronze/unsupported-materialization',
  severity: 'error',
  scope: 'model',
  description: 'A model materialized by a name no built-in materialization and no {% materialization %} block of the project or its packages defines.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    const found = new Map<string, boolean>();
    for (const f of ctx.models) {
      const node = f.node;
      const kind = node.config.materialized;
      if (node.resourceType !== 'model' || typeof kind !== 'string' || BUILT_IN_MATERIALIZATIONS.has(kind)) continue;
      if (!found.has(kind)) found.set(kind, findMaterializationMacro(ctx.project.macros.values(), kind, ADAPTER, ctx.project.name) !== undefined);
      if (found.get(kind)) continue;
      out.push(diag(unsupportedMaterialization, f.file, configRange(f, 'materialized'), materializationNotFoundMessage(kind, ADAPTER, node.name)));
    }
    return out;
  },
};
