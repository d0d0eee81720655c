// Relation names through the project's own naming macros. dbt computes every node's database, schema and
// identifier by calling `generate_database_name`, `generate_schema_name` and `generate_alias_name`: a package's
// own for its nodes, else the root project's override, else dbt's, which dispatches to `default__…` in the `dbt`
// namespace (so a package named in `dispatch:` can supply them). Without any override the built-in rule of relationFor gives the same answer
// without rendering, so only projects that define one pay for Jinja here.
import { BronzeError, type Diagnostic, type MacroNode, type ModelNode, type RelationName, type TargetConfig } from '../core/types';
import { JinjaEnvironment, render, renderNodeOf, type RenderRequest } from '../template';
import { isPlainObject } from '../core/plain';
import { lazyMacroEnvironment } from './macro-env';

const NAMING = /(^|__)generate_(schema|database|alias)_name$/;

export type NamingComponent = 'database' | 'schema' | 'alias';

/**
 * The components whose name a macro of the project could change from dbt's default rule: a
 * `generate_<c>_name` of the root project or of a package (since dbt 1.6 a package's own one names that package's
 * nodes), or a `<adapter>__generate_<c>_name` / `default__…` that dispatch may pick.
 */
export function namingOverrides(macros: ReadonlyMap<string, MacroNode>): Set<NamingComponent> {
  const out = new Set<NamingComponent>();
  for (const m of macros.values()) {
    const hit = NAMING.exec(m.name);
    if (hit && m.packageName !== 'dbt') out.add(hit[2] as NamingComponent);
  }
  return out;
}

const computed = new WeakMap<ModelNode, { signature: string; relation: RelationName }>();

function literal(v: unknown): string {
  if (v === undefined || v === null || v === '') return 'none';
  return JSON.stringify(typeof v === 'string' ? v : String(v));
}

export interface NamingInput {
  rootPackage: string;
  target: TargetConfig;
  macros: ReadonlyMap<string, MacroNode>;
  vars: { cli: Record<string, unknown>; project: Record<string, unknown> };
  dispatch: unknown;
  /** The load's macro environment, when it has one already (macro-env.ts). */
  jinja?: () => JinjaEnvironment;
  /** flags.WHICH (LoadOptions.which); 'parse' when unset. */
  which?: string;
}

/**
 * Recomputes `relation` of every model and seed through the naming macros, in dbt's order (database, then
 * schema, then alias, each call seeing the node as updated so far); `node.relation` holds the default names. A macro that fails leaves the node's
 * default name and reports where.
 */
export function applyNamingMacros(models: Iterable<ModelNode>, input: NamingInput, overridden: ReadonlySet<NamingComponent>, diagnostics: Diagnostic[]): void {
  const files = new Map<string, { pkg: string; text: string }>();
  const packageMacros = new Set<string>();
  for (const m of input.macros.values()) {
    files.set(m.location.file, { pkg: m.packageName, text: m.fileText });
    packageMacros.add(`${m.packageName}\u0000${m.name}`);
  }
  const jinja = input.jinja ?? lazyMacroEnvironment(input.macros, input.rootPackage);
  // A node reused from the previous load (same config) with the same macros, target and vars keeps its names:
  // an editor reload re-renders only the nodes it rebuilt.
  const signature = [...[...overridden].sort(), ...[...files].map(([file, f]) => `${file}\u0001${f.text}`), JSON.stringify([input.target, input.vars, input.dispatch ?? null])].join('\u0000');
  const dispatch = Array.isArray(input.dispatch)
    ? (input.dispatch.filter((d) => isPlainObject(d)) as { macro_namespace: string; search_order: string[] }[])
    : undefined;
  for (const node of models) {
    const known = computed.get(node);
    if (known && known.signature === signature) {
      node.relation = known.relation;
      continue;
    }
    const relation: RelationName = { ...node.relation };
    const call = (component: NamingComponent, custom: unknown): string => {
      // dbt calls the root project's macro (or dbt's), except for a package's node when that package defines its own.
      const own = node.packageName !== input.rootPackage && packageMacros.has(`${node.packageName}\u0000generate_${component}_name`);
      const req: RenderRequest = {
        phase: 'execute',
        text: `{{ ${own ? `${node.packageName}.` : ''}generate_${component}_name(${literal(custom)}, model) }}`,
        file: node.location.file,
        node: renderNodeOf(node, relation),
        target: input.target,
        projectName: input.rootPackage,
        vars: input.vars,
        resolveRef: () => {
          throw new BronzeError(`ref() cannot be used in generate_${component}_name.`, undefined, 'bronze/naming-macro');
        },
        resolveSource: () => {
          throw new BronzeError(`source() cannot be used in generate_${component}_name.`, undefined, 'bronze/naming-macro');
        },
        fullRefresh: false,
        invocationId: '',
        runStartedAt: new Date(0),
        dispatch,
        which: input.which ?? 'parse',
      };
      return render(jinja(), req).sql.trim();
    };
    const c = node.config;
    try {
      // A component no macro overrides keeps the default rule's name (relationFor): no render for it.
      // A legacy snapshot (target_schema) keeps its configured database and schema: dbt calls no macro for them.
      const legacy = node.resourceType === 'snapshot' && typeof c.target_schema === 'string' && c.target_schema !== '';
      if (overridden.has('database') && !legacy) relation.database = call('database', c.database);
      if (overridden.has('schema') && !legacy) relation.schema = call('schema', c.schema);
      if (overridden.has('alias')) relation.identifier = call('alias', c.alias);
      node.relation = relation;
      computed.set(node, { signature, relation });
    } catch (e) {
      diagnostics.push({
        file: node.location.file,
        range: node.location.range,
        severity: 'error',
        code: 'bronze/naming-macro',
        message: `Computing the relation name of ${node.name} through the project's generate_*_name macros failed: ${e instanceof Error ? e.message : String(e)}. Fix the macro; ${node.name} keeps the default name meanwhile.`,
      });
    }
  }
}
