// Which models find their tables by listing a schema instead of naming them: a model that calls a macro which
// queries information_schema or lists relations (dbt_utils.get_relations_by_pattern, a project's own
// get_event_relations) with a literal schema name reads every table of that schema — typically event tables
// declared as sources that no model names, unioned by dbt_utils.union_relations.
import type { MacroNode, ModelNode, ProjectModel, SourceNode } from '../../../server/src/core/types';
import { scanJinja } from '../../../server/src/template/scan';

/** SQL or Jinja that lists a database's relations. */
const LISTS_RELATIONS = /\binformation_schema\b|\blist_relations_without_caching\b|\bget_relations_by_(pattern|prefix)\b|\bshow\s+(terse\s+)?(tables|objects)\b/i;

/** The text of one macro's `{% macro name(…) %} … {% endmacro %}` block (a file may hold several). */
export function macroBody(macro: MacroNode): string {
  const open = new RegExp(`\\{%-?\\s*macro\\s+${macro.name}\\s*\\(`).exec(macro.fileText);
  if (!open) return macro.fileText;
  const close = /\{%-?\s*endmacro\b/.exec(macro.fileText.slice(open.index));
  return macro.fileText.slice(open.index, close ? open.index + close.index : undefined);
}

/** Names of the macros that list relations themselves or through macros they call, to a fixpoint. */
export function listingMacros(project: ProjectModel): Set<string> {
  const bodies = [...project.macros.values()].map((m) => ({ name: m.name, body: macroBody(m) }));
  const out = new Set(bodies.filter((m) => LISTS_RELATIONS.test(m.body)).map((m) => m.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of bodies) {
      if (out.has(m.name)) continue;
      if (scanJinja(m.body).calls.some((c) => out.has(lastPart(c.name)))) {
        out.add(m.name);
        grew = true;
      }
    }
  }
  return out;
}

function lastPart(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** Whether a string literal names a schema: equal to it ignoring case, or a LIKE pattern with `%` matching it. */
export function namesSchema(literal: string, schema: string): boolean {
  if (literal.toLowerCase() === schema.toLowerCase()) return true;
  if (!literal.includes('%') || !/[A-Za-z0-9]/.test(literal)) return false;
  const pattern = literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${pattern}$`, 'i').test(schema);
}

/** The string literals of a model's Jinja that are not the arguments of source(), ref() or config(). */
function jinjaLiterals(model: ModelNode): string[] {
  const scan = scanJinja(model.rawCode);
  const skip = scan.calls.filter((c) => c.name === 'source' || c.name === 'ref' || c.name === 'config').map((c) => [c.start, c.end] as const);
  const out: string[] = [];
  for (const tag of scan.tags) {
    if (tag.kind === 'comment') continue;
    const inner = scan.text.slice(tag.innerStart, tag.innerEnd);
    for (const m of inner.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)) {
      const at = tag.innerStart + m.index;
      if (skip.some(([s, e]) => at >= s && at < e)) continue;
      out.push(m[1] ?? m[2]);
    }
  }
  return out;
}

/** Tables planned for a listing (listed-tables.ts): the models whose rendered listing keeps them. */
const listedBy = new WeakMap<SourceNode, ModelNode[]>();

/** Records that `models` list `source` (found by running their listing, not by a literal naming its schema). */
export function markListedBy(source: SourceNode, models: readonly ModelNode[]): void {
  listedBy.set(source, [...models]);
}

export interface Listings {
  /** For each source that some model lists by schema, those models. */
  bySource: Map<string, ModelNode[]>;
  /** Every listing model with the listing macros it calls (`information_schema` when it queries that itself). */
  listers: Map<ModelNode, Set<string>>;
}

/**
 * The models that list sources' schemas. A model counts when it calls a listing macro (or queries
 * information_schema itself) and a string literal of its Jinja names the source's schema.
 */
export function modelsListingSources(project: ProjectModel, sources: readonly SourceNode[]): Listings {
  const macros = listingMacros(project);
  const listers = new Map<ModelNode, Set<string>>();
  const literals = new Map<ModelNode, string[]>();
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model') continue;
    const via = new Set(scanJinja(model.rawCode).calls.map((c) => lastPart(c.name)).filter((n) => macros.has(n)));
    if (/\binformation_schema\b/i.test(model.rawCode)) via.add('information_schema');
    if (via.size === 0) continue;
    listers.set(model, via);
    literals.set(model, jinjaLiterals(model));
  }
  const bySource = new Map<string, ModelNode[]>();
  for (const s of sources) {
    const models = listedBy.get(s) ?? [...literals].filter(([, lits]) => lits.some((lit) => namesSchema(lit, s.relation.schema))).map(([m]) => m);
    if (models.length > 0) bySource.set(s.uniqueId, models);
  }
  return { bySource, listers };
}

/** The listing models that call one of the listing macros `models` call: they list tables of the same kind. */
export function kindredListers(listings: Listings, models: readonly ModelNode[]): ModelNode[] {
  const via = new Set(models.flatMap((m) => [...(listings.listers.get(m) ?? [])]));
  return [...listings.listers].filter(([, v]) => [...v].some((n) => via.has(n))).map(([m]) => m);
}
