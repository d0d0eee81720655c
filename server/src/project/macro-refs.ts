// The ref() and source() calls a node reaches through the macros it calls. dbt renders every node at parse time,
// so a ref written inside a macro (dbt_project_evaluator's `filter_exceptions`, `recursive_dag`) lands in the
// calling node's depends_on and orders the run. Bronze does not render while loading: it follows the macro calls
// it can read (`name(…)`, `pkg.name(…)`, `adapter.dispatch('name', 'pkg')`) and collects the literal refs and
// sources of every macro reached, and whether one calls ref()/source() with computed arguments. A node that reaches
// any is rendered as dbt's parse does (computed-refs.ts); these literal calls stand in when that render fails: a
// ref behind an `{% if %}` a render would skip is counted then, since an extra edge orders the run more strictly
// and a missing one runs a model before its input exists.
import type { RefCall, SourceCall } from '../core/types';
import { splitTemplate } from '../template/tags';
import { literalCalls } from './hook-refs';
import { hasComputedCalls } from './computed-refs';

export interface MacroText {
  packageName: string;
  name: string;
  /** The text between `{% macro … %}` and `{% endmacro %}`. */
  body: string;
}

export interface MacroRefOptions {
  rootPackage: string;
  /** Installed packages (a dispatch namespace that is installed is searched after the root project). */
  packages: ReadonlySet<string>;
  /** dbt_project.yml `dispatch:`. */
  dispatch?: readonly { macro_namespace: string; search_order: readonly string[] }[];
  /** Dispatch prefixes in order, without `default` (e.g. `['snowflake', 'duckdb']`). */
  adapters: readonly string[];
}

export interface ReachedCalls {
  refs: RefCall[];
  sources: SourceCall[];
  /** A macro reached calls ref() or source() with computed arguments: only a render says what (computed-refs.ts). */
  computed: boolean;
}

export interface MacroRefIndex {
  /** The refs and sources of every macro `text` reaches when it belongs to `packageName`. */
  reached(text: string, packageName: string): ReachedCalls;
}

type Call = { kind: 'name'; pkg?: string; name: string } | { kind: 'dispatch'; name: string; ns?: string };

const NONE: ReachedCalls = { refs: [], sources: [], computed: false };
const DISPATCH = /adapter\s*\.\s*dispatch\s*\(\s*(?:macro_name\s*=\s*)?(['"])(\w+)\1\s*(?:,\s*(?:macro_namespace\s*=\s*)?(['"])(\w+)\3)?/g;
const STRING = /'(?:[^'\\]|\\[\s\S])*'|"(?:[^"\\]|\\[\s\S])*"/g;
const CALL = /(?<![\w.])([A-Za-z_]\w*)(?:\s*\.\s*([A-Za-z_]\w*))?\s*\(/g;

// Calls of a text, by text: package macros are shared by every project a language server opens.
const callCache = new Map<string, Call[]>();

/** The macro calls Bronze can read in a template: plain and package-qualified calls and adapter.dispatch. */
export function macroCallsIn(text: string): Call[] {
  if (!text.includes('(')) return [];
  let hit = callCache.get(text);
  if (hit) return hit;
  const out: Call[] = [];
  const seen = new Set<string>();
  const add = (c: Call, key: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  // Tag boundaries from the one splitter every template reader shares (comments and raw bodies are opaque there).
  for (const tag of splitTemplate(text).tags) {
    if (tag.kind === 'comment' || tag.keyword === 'raw') continue;
    const code = text.slice(tag.innerStart, tag.innerEnd);
    for (const d of code.matchAll(DISPATCH)) add({ kind: 'dispatch', name: d[2], ...(d[4] ? { ns: d[4] } : {}) }, `d:${d[2]}:${d[4] ?? ''}`);
    for (const c of code.replace(STRING, "''").matchAll(CALL)) {
      if (c[1] === 'ref' || c[1] === 'source' || c[1] === 'config') continue;
      if (c[2] !== undefined) add({ kind: 'name', pkg: c[1], name: c[2] }, `n:${c[1]}.${c[2]}`);
      else add({ kind: 'name', name: c[1] }, `n:${c[1]}`);
    }
  }
  hit = out;
  if (callCache.size > 20_000) callCache.clear();
  callCache.set(text, hit);
  return hit;
}

/** Builds the index over the project's macros (unique id → text). */
export function macroRefIndex(macros: ReadonlyMap<string, MacroText>, opts: MacroRefOptions): MacroRefIndex {
  const prefixes = [...new Set([...opts.adapters, 'default'])].map((a) => `${a}__`);
  const byId = (pkg: string, name: string) => (macros.has(`macro.${pkg}.${name}`) ? `macro.${pkg}.${name}` : undefined);

  // The macros one call may run, as dbt resolves it from a template of package `own`.
  const resolve = (c: Call, own: string): string[] => {
    if (c.kind === 'name') {
      if (c.pkg !== undefined) {
        const id = byId(c.pkg, c.name);
        return id ? [id] : [];
      }
      const id = byId(own, c.name) ?? byId(opts.rootPackage, c.name);
      return id ? [id] : [];
    }
    const configured = c.ns ? opts.dispatch?.find((d) => d.macro_namespace === c.ns)?.search_order : undefined;
    const order = !c.ns ? [own, opts.rootPackage] : configured ?? (opts.packages.has(c.ns) ? [opts.rootPackage, c.ns] : [c.ns]);
    for (const pkg of order) {
      // Every adapter's implementation in the first package that has one: the DuckDB target may dispatch as Snowflake.
      const found = prefixes.map((p) => byId(pkg, p + c.name)).filter((id): id is string => id !== undefined);
      if (found.length > 0) return [...new Set(found)];
    }
    return [];
  };

  // Per macro: the macros it calls and its own literal refs/sources.
  const edges = new Map<string, string[]>();
  const calleesOf = (id: string): string[] => {
    let hit = edges.get(id);
    if (!hit) {
      const m = macros.get(id)!;
      hit = [...new Set(macroCallsIn(m.body).flatMap((c) => resolve(c, m.packageName)))];
      edges.set(id, hit);
    }
    return hit;
  };

  // Which macros reach a ref or source at all; most projects have none, and then nothing else is scanned.
  const reaching = new Map<string, ReachedCalls>();
  const closure = (start: string[]): ReachedCalls => {
    const refs: RefCall[] = [];
    const sources: SourceCall[] = [];
    let computed = false;
    const seen = new Set<string>();
    const stack = [...start];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const body = macros.get(id)!.body;
      const own = literalCalls(body);
      refs.push(...own.refs);
      sources.push(...own.sources);
      computed ||= hasComputedCalls(body);
      stack.push(...calleesOf(id));
    }
    return refs.length === 0 && sources.length === 0 && !computed ? NONE : { refs, sources, computed };
  };
  const reachedFrom = (id: string): ReachedCalls => {
    let hit = reaching.get(id);
    if (!hit) {
      hit = closure([id]);
      reaching.set(id, hit);
    }
    return hit;
  };
  let any = false;
  for (const m of macros.values()) {
    const own = literalCalls(m.body);
    if (own.refs.length > 0 || own.sources.length > 0 || hasComputedCalls(m.body)) any = true;
  }

  return {
    reached(text, packageName) {
      if (!any) return NONE;
      const refs: RefCall[] = [];
      const sources: SourceCall[] = [];
      let computed = false;
      const seen = new Set<string>();
      for (const c of macroCallsIn(text)) {
        for (const id of resolve(c, packageName)) {
          if (seen.has(id)) continue;
          seen.add(id);
          const r = reachedFrom(id);
          refs.push(...r.refs);
          sources.push(...r.sources);
          computed ||= r.computed;
        }
      }
      return refs.length === 0 && sources.length === 0 && !computed ? NONE : { refs, sources, computed };
    },
  };
}
