// The rendered SQL of the models whose select lists Jinja loops print (`{% for column in var('metrics') %}
// {{ column }} as {{ column }}`, a macro holding a list of column names): the masked template shows no column
// there, so the columns such a model reads from its source are read from its rendering too.
import { offlineResolver, type Engine } from '../../../server/src/engine';
import type { QueryResult } from '../../../server/src/template/dbt-context';
import type { ModelNode } from '../../../server/src/core/types';

/** A `{% for … %}` loop: it may print the select list. */
const LOOP = /\{%-?\s*for\b/;

/** A `source(` call written in the template itself. */
const SOURCE_CALL = /\bsource\s*\(/;

/**
 * One model's SQL rendered without a warehouse, as on a first build (relations exist, with no columns). A query
 * the rendering runs goes to `answer`; without it, the rendering fails (its answer is unknown here).
 */
export async function renderOffline(engine: Engine, model: ModelNode, answer?: (sql: string) => QueryResult): Promise<string> {
  const offline = offlineResolver(model.relation, 'first');
  const compiled = await engine.compileModel(model, {
    invocationId: 'bronze-sample',
    runStartedAt: new Date(0),
    fullRefresh: false,
    which: 'compile',
    resolve: async (request) => {
      if (request.kind !== 'query') return offline(request);
      if (!answer) throw new Error('a query while sampling');
      return answer(request.sql);
    },
  });
  return compiled.sql;
}

/**
 * Renders, without a warehouse, each model reading one of `sourceIds` whose template holds a loop; by unique_id.
 * A model whose rendering would run a query (its answer unknown here) or fails is left out: its template still counts.
 */
export async function renderLoopingReaders(engine: Engine, sourceIds: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(sourceIds);
  const out = new Map<string, string>();
  // A model that calls no source() itself reads its source through a macro (datavault4dbt-style loads printing
  // `value:c1::string as kundeid` from YAML metadata): only its rendering shows the columns.
  const readers = [...engine.project.models.values()].filter(
    (m: ModelNode) => m.resourceType === 'model' && m.language !== 'python' && (LOOP.test(m.rawCode) || !SOURCE_CALL.test(m.rawCode)) && m.dependsOn.nodes.some((id) => wanted.has(id)),
  );
  for (const model of readers) {
    try {
      out.set(model.uniqueId, await renderOffline(engine, model));
    } catch {
      // Its template is read as it is.
    }
  }
  return out;
}
