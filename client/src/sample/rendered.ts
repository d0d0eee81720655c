// The rendered SQL of the models whose select lists Jinja loops print (`{% for column in var('metrics') %}
// {{ column }} as {{ column }}`, a macro holding a list of column names): the masked template shows no column
// there, so the columns such a model reads from its source are read from its rendering too.
import { offlineResolver, type Engine } from '../../../server/src/engine';
import type { ModelNode } from '../../../server/src/core/types';

/** A `{% for … %}` loop: it may print the select list. */
const LOOP = /\{%-?\s*for\b/;

/**
 * Renders, without a warehouse, each model reading one of `sourceIds` whose template holds a loop; by unique_id.
 * A model whose rendering would run a query (its answer unknown here) or fails is left out: its template still counts.
 */
export async function renderLoopingReaders(engine: Engine, sourceIds: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(sourceIds);
  const out = new Map<string, string>();
  const readers = [...engine.project.models.values()].filter((m: ModelNode) => m.resourceType === 'model' && m.language !== 'python' && LOOP.test(m.rawCode) && m.dependsOn.nodes.some((id) => wanted.has(id)));
  for (const model of readers) {
    const offline = offlineResolver(model.relation, 'first');
    try {
      const compiled = await engine.compileModel(model, {
        invocationId: 'bronze-sample',
        runStartedAt: new Date(0),
        fullRefresh: false,
        which: 'compile',
        resolve: async (request) => {
          if (request.kind === 'query') throw new Error('a query while sampling');
          return offline(request);
        },
      });
      out.set(model.uniqueId, compiled.sql);
    } catch {
      // Its template is read as it is.
    }
  }
  return out;
}
