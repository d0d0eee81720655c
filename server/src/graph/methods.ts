// What each selection method matches, following dbt's selector methods. A criterion is compiled once into
// a predicate over graph nodes, then run over every node.

import { YamlFloat } from '../core/yaml-python-values';
import { BronzeError } from '../core/types';
import type { GraphNode } from './dag';
import { compilePathGlob, fnmatch, hasGlob } from './glob';
import type { SelectorCriterion } from './selector';
import type { StateComparison, StateSelector } from './state';

export interface MatchContext {
  /** The root project's name (`package:this`). */
  projectName: string;
  /** Absolute path of the project root, to make absolute `path:` values and schema.yml paths relative. */
  projectRoot: string;
  /** The comparison with the saved manifest of `--state DIR`; `state:` selectors need it. */
  state?: StateComparison;
}

export type NodePredicate = (node: GraphNode) => boolean;

export function compileMatcher(c: SelectorCriterion, ctx: MatchContext): NodePredicate {
  const v = c.value;
  switch (c.method) {
    case 'fqn':
      return (n) => fqnMatches(n, v);
    case 'tag':
      return (n) => nodeTags(n).some((t) => fnmatch(t, v));
    case 'path':
      return pathMatcher(v, ctx);
    case 'file':
      return (n) => {
        const base = n.originalFilePath.slice(n.originalFilePath.lastIndexOf('/') + 1);
        const dot = base.lastIndexOf('.');
        return fnmatch(base, v) || (dot > 0 && fnmatch(base.slice(0, dot), v));
      };
    case 'package': {
      const pkg = v === 'this' ? ctx.projectName : v;
      return (n) => fnmatch(n.packageName, pkg);
    }
    case 'source':
      return sourceMatcher(v);
    case 'resource_type':
      return (n) => n.resourceType === v;
    case 'test_type':
      return testTypeMatcher(v);
    case 'test_name':
      return (n) => {
        if (n.resourceType !== 'test' || !n.testMetadata) return false;
        const { name, namespace } = n.testMetadata;
        return fnmatch(name, v) || (namespace !== undefined && fnmatch(`${namespace}.${name}`, v));
      };
    case 'config':
      return configMatcher(c.methodArgs, v);
    case 'state': {
      const state = ctx.state;
      if (!state) {
        throw new BronzeError(
          `the selector '${c.raw}' compares with a saved manifest: pass --state DIR (the folder holding that manifest.json), or set DBT_STATE.`,
          undefined,
          'bronze/state-selector-without-state',
        );
      }
      const which = v as StateSelector;
      return (n) => state.matches(n.uniqueId, which);
    }
  }
}

/** A node's tags: its own plus its config's (dbt merges them; loaders may keep either). */
function nodeTags(n: GraphNode): string[] {
  const fromConfig = Array.isArray(n.config.tags) ? (n.config.tags as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  return fromConfig.length === 0 ? n.tags : [...n.tags, ...fromConfig];
}

/**
 * dbt's fqn method, with globs: the value matches the node name alone (`stg_users`, `stg_*`), the whole
 * fqn joined by dots (`my_project.staging.stg_users`, `*.staging.*`), a leading part of the fqn segment by
 * segment (`my_project.staging` selects the folder), or the package-qualified name (`my_project.stg_users`);
 * a versioned model also by `name.v2` or `name_v2`.
 */
export function fqnMatches(n: GraphNode, pattern: string): boolean {
  if (pattern === '*') return true;
  if (fnmatch(n.name, pattern)) return true;
  const flat = n.fqn.flatMap((s) => s.split('.'));
  // A versioned model's fqn ends in its version: `orders.v2` and `orders_v2` both name it, as in dbt.
  if (n.resourceType === 'model' && n.version !== undefined && n.fqn.slice(-2).join('_') === pattern.split('.').slice(-2).join('_')) return true;
  if (fnmatch(flat.join('.'), pattern)) return true;
  if (fnmatch(`${n.packageName}.${n.name}`, pattern)) return true;
  const parts = pattern.split('.');
  if (parts.length > flat.length) return false;
  for (let i = 0; i < parts.length; i++) {
    // A trailing lone `*` matches everything below (dbt's SELECTOR_GLOB); elsewhere it is one segment.
    if (parts[i] === '*' && i === parts.length - 1) return true;
    if (!fnmatch(flat[i], parts[i])) return false;
  }
  return true;
}

function normalisePath(value: string, root: string): string {
  let p = value.replace(/\\/g, '/');
  const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
  if (r !== '' && p.startsWith(`${r}/`)) p = p.slice(r.length + 1);
  while (p.startsWith('./')) p = p.slice(2);
  return p.replace(/\/+$/, '').replace(/\/{2,}/g, '/');
}

/**
 * dbt's path method: the value (a folder or file, relative to the project root; globs allowed) selects the
 * nodes whose file is that path or lies under it. A model is also selected by its schema.yml's path.
 */
function pathMatcher(value: string, ctx: MatchContext): NodePredicate {
  const target = normalisePath(value, ctx.projectRoot);
  const glob = hasGlob(target) ? compilePathGlob(target) : null;
  const same = (p: string): boolean => (glob ? glob.test(p) : p === target);
  const hit = (file: string): boolean => {
    if (target === '' || target === '.') return true;
    if (same(file)) return true;
    for (let i = file.lastIndexOf('/'); i > 0; i = file.lastIndexOf('/', i - 1)) {
      if (same(file.slice(0, i))) return true;
    }
    return false;
  };
  return (n) => {
    if (hit(n.originalFilePath)) return true;
    if ('patchLocation' in n && n.patchLocation) {
      const yml = normalisePath(n.patchLocation.file, ctx.projectRoot);
      if (same(yml)) return true;
    }
    return false;
  };
}

/** `source:raw`, `source:raw.users`, `source:my_project.raw.users`; each part may be a glob. */
function sourceMatcher(value: string): NodePredicate {
  const parts = value.split('.');
  return (n) => {
    if (n.resourceType !== 'source') return false;
    if (parts.length === 1) return fnmatch(n.sourceName, parts[0]);
    if (parts.length === 2) return fnmatch(n.sourceName, parts[0]) && fnmatch(n.name, parts[1]);
    return fnmatch(n.packageName, parts[0]) && fnmatch(n.sourceName, parts[1]) && fnmatch(n.name, parts[2]);
  };
}

function testTypeMatcher(value: string): NodePredicate {
  const kind = value === 'data' ? 'singular' : value === 'schema' ? 'generic' : value;
  return (n) => {
    if (kind === 'unit') return n.resourceType === 'unit_test';
    if (n.resourceType !== 'test') return false;
    if (kind === 'generic') return n.testMetadata !== undefined;
    if (kind === 'singular') return n.testMetadata === undefined;
    return false;
  };
}

/**
 * dbt's config method: walks `config.<a>.<b>` and compares the value as text; a list matches when any
 * element does; `true`/`false` match booleans in any case. `severity` compares case-insensitively.
 */
function configMatcher(keys: string[], selector: string): NodePredicate {
  const insensitive = keys.length === 1 && keys[0] === 'severity';
  const eq = (value: unknown): boolean => {
    if (typeof value === 'boolean') return selector.toLowerCase() === String(value);
    if (typeof value === 'string') return insensitive ? value.toLowerCase() === selector.toLowerCase() : value === selector;
    if (typeof value === 'number' || typeof value === 'bigint') return String(value) === selector;
    // Python's str() of a whole YAML float is '5.0'.
    if (value instanceof YamlFloat) return String(value) === selector;
    return false;
  };
  return (n) => {
    let cur: unknown = n.config;
    for (const k of keys) {
      if (cur === null || typeof cur !== 'object' || !(k in cur)) return false;
      cur = (cur as Record<string, unknown>)[k];
    }
    return Array.isArray(cur) ? cur.some(eq) : eq(cur);
  };
}
