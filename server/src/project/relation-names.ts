// Relation names through the project's own naming macros. dbt computes every node's database, schema and
// identifier by calling `generate_database_name`, `generate_schema_name` and `generate_alias_name` (the root
// project's override, else dbt's, which dispatches to `default__…` in the `dbt` namespace, so a package named in
// `dispatch:` can supply them). Without any override the built-in rule of relationFor gives the same answer
// without rendering, so only projects that define one pay for Jinja here.
import { BronzeError, type Diagnostic, type MacroNode, type ModelNode, type RelationName, type TargetConfig } from '../core/types';
import { JinjaEnvironment, render, type RenderRequest } from '../template';
import { isPlainObject } from '../core/plain';

const NAMING = /(^|__)generate_(schema|database|alias)_name$/;

/** Whether any macro of the project could change a relation name from dbt's default rule. */
export function hasNamingOverride(macros: ReadonlyMap<string, MacroNode>, rootPackage: string): boolean {
  for (const m of macros.values()) {
    if (!NAMING.test(m.name)) continue;
    // A package's own `generate_schema_name` is never called by dbt (only the root's and dbt's are global);
    // its `default__generate_schema_name` is, when `dispatch:` lists the package for the `dbt` namespace.
    if (m.packageName === rootPackage || m.name.includes('__')) return true;
  }
  return false;
}

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
}

/**
 * Recomputes `relation` of every model and seed through the naming macros, in dbt's order (database, then
 * schema, then alias, each call seeing the node as updated so far). A macro that fails leaves the node's
 * default name and reports where.
 */
export function applyNamingMacros(models: Iterable<ModelNode>, input: NamingInput, diagnostics: Diagnostic[]): void {
  const jinja = new JinjaEnvironment({ rootPackage: input.rootPackage });
  const files = new Map<string, { pkg: string; text: string }>();
  for (const m of input.macros.values()) files.set(m.location.file, { pkg: m.packageName, text: m.fileText });
  for (const [file, { pkg, text }] of files) {
    try {
      jinja.addMacroFile(pkg, file, text);
    } catch {
      // A macro file that does not parse is reported when the engine loads the macros.
    }
  }
  const dispatch = Array.isArray(input.dispatch)
    ? (input.dispatch.filter((d) => isPlainObject(d)) as { macro_namespace: string; search_order: string[] }[])
    : undefined;
  for (const node of models) {
    const relation: RelationName = { ...node.relation };
    const call = (component: 'database' | 'schema' | 'alias', custom: unknown): string => {
      const req: RenderRequest = {
        phase: 'execute',
        text: `{{ generate_${component}_name(${literal(custom)}, model) }}`,
        file: node.location.file,
        node: {
          uniqueId: node.uniqueId,
          name: node.name,
          packageName: node.packageName,
          resourceType: node.resourceType,
          config: node.config,
          relation,
          fqn: node.fqn,
          version: node.version,
        },
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
        which: 'parse',
      };
      return render(jinja, req).sql.trim();
    };
    const c = node.config;
    try {
      relation.database = call('database', c.database);
      relation.schema = call('schema', c.schema);
      relation.identifier = call('alias', c.alias);
      node.relation = relation;
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
