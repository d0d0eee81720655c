// The rendered SQL of the models whose template hides what they read: a select list a Jinja loop prints
// (`{% for column in var('metrics') %} {{ column }} as {{ column }}`), a macro that writes the whole query and calls
// source() itself with a name it was given (pretium's `{{ zillow_research_fact_enriched('raw_rentals', …) }}`), a
// column named through `{{ adapter.quote('Year') }}`. The masked template shows no column there, so the columns
// such a model reads from its sources are read from its rendering too.
import { offlineResolver, type Engine, type RenderContextOptions } from '../../../server/src/engine';
import type { QueryResult } from '../../../server/src/template/dbt-context';
import type { ModelNode, RelationName, TestNode } from '../../../server/src/core/types';
import { scanJinja } from '../../../server/src/template/scan';

/** A `{% for … %}` loop: it may print the select list. */
const LOOP = /\{%-?\s*for\b/;
/** Calls whose `{{ … }}` prints a relation the template reading sees, or nothing (config). */
const SEEN_CALLS = new Set(['ref', 'source', 'config']);

/**
 * Whether the masked template may hide SQL the model reads: a loop, or a `{{ … }}` that prints anything but a
 * relation (`{{ ref('x') }}`, `{{ source('a', 'b') }}`), `{{ this }}` or a config.
 */
export function hidesSql(rawCode: string): boolean {
  if (LOOP.test(rawCode)) return true;
  const scan = scanJinja(rawCode);
  return scan.tags.some((tag) => {
    if (tag.kind !== 'expr' || tag.isThis) return false;
    const inner = scan.text.slice(tag.innerStart, tag.innerEnd).trim();
    return !scan.calls.some((c) => c.tag === tag && SEEN_CALLS.has(c.name) && scan.text.slice(c.start, c.end) === inner);
  });
}

/** The node of no relation: what a test attached to none, or a hook rendered outside any model, calls `this`. */
export const NO_RELATION: RelationName = { database: '', schema: '', identifier: '' };

/**
 * How the sampler renders `self` without a warehouse, as on a first build (relations exist, with no columns). A
 * query the rendering runs goes to `answer`; without it, the rendering fails (its answer is unknown here).
 */
export function offlineRenderOptions(self: RelationName, which: 'compile' | 'run', answer?: (sql: string) => QueryResult): RenderContextOptions {
  const offline = offlineResolver(self, 'first');
  return {
    invocationId: 'bronze-sample',
    runStartedAt: new Date(0),
    fullRefresh: false,
    which,
    resolve: async (request) => {
      if (request.kind !== 'query') return offline(request);
      if (!answer) throw new Error('a query while sampling');
      return answer(request.sql);
    },
  };
}

/** One model's SQL rendered without a warehouse (see `offlineRenderOptions`). */
export async function renderOffline(engine: Engine, model: ModelNode, answer?: (sql: string) => QueryResult): Promise<string> {
  // Only the model's SQL is read: a hook that asks the warehouse (dbt_external_tables' stage_external_sources in a
  // pre-hook) is left for run time, as a run leaves it, instead of failing the model's reading.
  return (await engine.compileModel(model, { ...offlineRenderOptions(model.relation, 'compile', answer), deferHooks: true })).sql;
}

/**
 * How many models down from a source a hiding template is rendered: a source's columns are read through models that
 * pass them on (`select * from {{ source(…) }}`) as far as usage.ts follows them, and a reader there may hide what it
 * takes from them as a direct reader may (a macro printing a column name: `{{ rent_column(asking) }}::DOUBLE`).
 */
const RENDER_HOPS = 4;

/**
 * Renders, without a warehouse, each enabled model reading one of `sourceIds` (by its dependencies, which the
 * parse-time render fills in for a source() call a macro makes), or reading a model within RENDER_HOPS of one, whose
 * template may hide SQL; by unique_id. A model whose rendering would run a query (its answer unknown here) or fails
 * is left out: its template still counts.
 */
export async function renderHidingReaders(engine: Engine, sourceIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const models = [...engine.project.models.values()].filter((m: ModelNode) => m.resourceType === 'model' && m.language !== 'python' && m.config.enabled !== false);
  const near = new Set<string>();
  let frontier = new Set(sourceIds);
  for (let hop = 0; hop < RENDER_HOPS && frontier.size > 0; hop++) {
    const next = new Set<string>();
    for (const m of models) if (!near.has(m.uniqueId) && m.dependsOn.nodes.some((id) => frontier.has(id))) next.add(m.uniqueId);
    for (const id of next) near.add(id);
    frontier = next;
  }
  const readers = models.filter((m) => near.has(m.uniqueId) && hidesSql(m.rawCode));
  for (const model of readers) {
    try {
      out.set(model.uniqueId, await renderOffline(engine, model));
    } catch {
      // Its template is read as it is.
    }
  }
  return out;
}

/**
 * The compiled SQL of the project's own generic tests (a `{% test %}` macro of the root project), rendered without
 * a warehouse, by unique_id; a test whose rendering fails or asks the warehouse is left out. Built-in and package
 * tests are read by their names and documented arguments instead.
 */
export async function renderOwnTests(engine: Engine): Promise<Map<string, string>> {
  const project = engine.project;
  const root = typeof project.projectConfig.name === 'string' ? project.projectConfig.name : undefined;
  const own = new Set([...project.macros.values()].filter((m) => m.packageName === root && m.name.startsWith('test_')).map((m) => m.name.slice(5)));
  const out = new Map<string, string>();
  for (const test of project.tests.values() as Iterable<TestNode>) {
    const meta = test.testMetadata;
    if (!meta || test.config.enabled === false || !own.has(meta.name) || (meta.namespace !== undefined && meta.namespace !== root)) continue;
    try {
      const attached = test.attachedNode ? project.models.get(test.attachedNode)?.relation : undefined;
      out.set(test.uniqueId, await engine.testSql(test, offlineRenderOptions(attached ?? NO_RELATION, 'compile')));
    } catch {
      // Its SQL is not read.
    }
  }
  return out;
}

/**
 * The queries each enabled SQL model asks while it renders without a warehouse, its hooks rendered in its own
 * context as a run renders them (a pre-hook's `{{ start_script('load_orders') }}` runs `select job_id from
 * ctl.batch_scripts where lower(script_name) = lower('load_orders')`): their literals are what the Jinja computed,
 * which the macro's template shows only as `'{{ script_name }}'`. Each query is answered with no rows; a rendering
 * that fails on that (a macro raising when the lookup finds nothing) still leaves the queries asked until then.
 */
export async function queriesAskedByModels(engine: Engine): Promise<string[]> {
  const asked = new Set<string>();
  const answer = (sql: string): QueryResult => {
    asked.add(sql);
    return { columns: [], rows: [] };
  };
  // Each hook of a compiled model rendered in turn: what one asked before failing is kept.
  const renderAll = async (compiled: Awaited<ReturnType<Engine['compileModel']>>): Promise<void> => {
    for (const render of [...(compiled.hookRenders?.pre?.values() ?? []), ...(compiled.hookRenders?.post?.values() ?? [])]) {
      try {
        await render();
      } catch {
        // What it asked before failing is kept.
      }
    }
  };
  const models = [...engine.project.models.values()].filter((m: ModelNode) => m.resourceType === 'model' && m.language !== 'python' && m.config.enabled !== false);
  for (const model of models) {
    try {
      await renderAll(await engine.compileModel(model, { ...offlineRenderOptions(model.relation, 'run', answer), deferHooks: true }));
    } catch {
      // What it asked before failing is kept. Its hooks still run on a warehouse that answers the model's own
      // queries (robling's dm_f_inv_meas_fact_ild prints get_business_date(), whose lookup finds no row here, and
      // its pre-hook's start_script looks its job up by name): rendered in the model's context, without its SQL
      // (its config is read already).
      try {
        const hooksOnly = await engine.compileModel({ ...model, rawCode: '' }, { ...offlineRenderOptions(model.relation, 'run', answer), deferHooks: true });
        await renderAll(hooksOnly);
      } catch {
        // What it asked before failing is kept.
      }
    }
  }
  return [...asked];
}
