// ref() and source() calls whose arguments are computed in Jinja (`ref(prefix ~ postfix)` in a `{% for %}`,
// `source(var('raw'), 'orders')`). dbt learns a node's dependencies by rendering it at parse time (execute=False),
// so such calls are dependencies as much as literal ones: depends_on, run order, `+model` selection. Bronze reads
// literal calls without rendering (scanner.ts); a node with a computed call, in its body, its hooks or a macro it
// reaches, is rendered the way dbt's parse does and the calls the render records are added. So is a node calling
// macros with literal refs, which dbt records only where its render reaches them. A render that fails leaves
// computed dependencies unknown: a located warning says so, never a silent missing edge.
import { BronzeError, type Diagnostic, type ModelNode, type RefCall, type SourceCall, type TargetConfig, type TestNode } from '../core/types';
import type { JinjaEnvironment } from '../template';
import { renderAtParse } from './parse-render';
import { scanTemplate, type ScanResult, type ScannedCall } from './scanner';
import type { Env } from './profiles';
import { isPlainObject, noItems } from '../core/plain';
import type { MacroRefIndex, ReachedCalls } from './macro-refs';

/** The ref()/source() calls of a scan that are not all literals: only a render says what they name. */
export function computedCalls(scan: ScanResult): ScannedCall[] {
  // A static template has none (scanner.ts); this keeps a lean scan's calls unread on reloads.
  if (scan.static) return [];
  return scan.calls.filter((c) => (c.name === 'ref' || c.name === 'source') && !c.literal);
}

// Hooks and macros are shared by many nodes: each distinct text is scanned once.
const byText = new Map<string, boolean>();

/** Whether a template (a hook, a macro body) has a computed ref() or source() call. */
export function hasComputedCalls(text: string): boolean {
  if (!text.includes('ref') && !text.includes('source')) return false;
  let hit = byText.get(text);
  if (hit === undefined) {
    hit = computedCalls(scanTemplate(text)).length > 0;
    if (byText.size > 20_000) byText.clear();
    byText.set(text, hit);
  }
  return hit;
}

export interface ParseRenderInput {
  rootPackage: string;
  target: TargetConfig;
  /** The load's macro environment (macro-env.ts), built on first use. */
  jinja: () => JinjaEnvironment;
  cliVars: Record<string, unknown>;
  /** flags.WHICH (LoadOptions.which). */
  which?: string;
  /** dbt_project.yml `vars:` of the root project. */
  projectVars: Record<string, unknown>;
  /** A package's own `vars:`, by package name. */
  packageVars: (pkg: string) => Record<string, unknown> | undefined;
  env?: Env;
  dispatch: unknown;
}

export type ParseRenderResult = { refs: RefCall[]; sources: SourceCall[] } | { error: string };

/** Renders node texts as dbt's parse does and returns the ref() and source() calls the render made. */
export function parseRenderer(input: ParseRenderInput): (node: ModelNode | TestNode, text: string) => ParseRenderResult {
  const dispatch = Array.isArray(input.dispatch)
    ? (input.dispatch.filter((d) => isPlainObject(d)) as { macro_namespace: string; search_order: string[] }[])
    : undefined;
  return (node, text) => {
    try {
      const outcome = renderAtParse(input.jinja(), node, text, {
        target: input.target,
        projectName: input.rootPackage,
        vars: { cli: input.cliVars, project: input.projectVars, package: node.packageName === input.rootPackage ? undefined : input.packageVars(node.packageName) },
        ...(input.env ? { env: input.env } : {}),
        ...(dispatch ? { dispatch } : {}),
        which: input.which,
        // The DuckDB target reads Snowflake SQL: dispatch picks what the engine's renders pick.
        ...(input.target.type === 'duckdb' ? { sqlDialect: 'snowflake' } : {}),
      });
      return { refs: outcome.refs, sources: outcome.sources };
    } catch (e) {
      return { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
    }
  };
}

type ResolveRef = (r: RefCall, ownPkg: string) => string | undefined;
type ResolveSource = (sourceName: string, tableName: string, ownPkg: string) => string | undefined;

/** A text of a node (its SQL, a hook) whose dependencies dbt learns by rendering it. */
export interface ParseTimeText {
  text: string;
  /** For messages: `its SQL`, `its post-hook #2`. */
  what: string;
  /** The literal refs and sources of the macros it reaches, read without rendering: used when the render fails. */
  viaMacros: ReachedCalls;
  /** It has (or reaches) a computed call, so a failed render leaves dependencies unknown. */
  computed: boolean;
  /**
   * False for a generic test: its text calls the test macro with the arguments dbt passes at run time, which a
   * parse render here does not have; the macros' literal calls stand in.
   */
  render: boolean;
}

/**
 * The texts of a node that need dbt's parse render: those with a computed ref()/source() call (the body's is
 * `bodyComputed`, from the loader's scan), and those calling macros that call ref() or source(), whose refs dbt
 * records only where the render reaches them (`{% if criteria %}{{ ref('products') }}{% endif %}` with no criteria
 * is no dependency). Every other text's literal calls are all there is, and are read without rendering.
 */
export function parseTimeTexts(node: ModelNode | TestNode, index: MacroRefIndex, bodyComputed: boolean): ParseTimeText[] {
  // Called for every node of a load (20,000 generic tests in a big project), most of which need no render: nothing
  // is allocated for a text that needs none.
  let out: ParseTimeText[] | undefined;
  const generic = 'testMetadata' in node && node.testMetadata !== undefined;
  const add = (text: string, what: () => string) => {
    const viaMacros = index.reached(text, node.packageName);
    const computed = viaMacros.computed || (text === node.rawCode ? bodyComputed : hasComputedCalls(text));
    if (computed || viaMacros.refs.length > 0 || viaMacros.sources.length > 0) (out ??= []).push({ text, what: what(), viaMacros, computed, render: !generic });
  };
  // A Python model's code is not Jinja: only its hooks can call macros.
  if (!('language' in node && node.language === 'python')) add(node.rawCode, () => 'its SQL');
  for (const key of HOOK_KEYS) {
    const hooks = node.config[key];
    for (let i = 0; i < hooks.length; i++) add(hooks[i].sql, () => `its ${key} #${i + 1}`);
  }
  return out ?? NO_TEXTS;
}

const HOOK_KEYS = ['pre-hook', 'post-hook'] as const;
const NO_TEXTS: ParseTimeText[] = noItems<ParseTimeText>();

/**
 * Adds to `deps` what dbt's parse render of each text records (a macro's ref to the node itself is no edge).
 * When a render fails, the literal calls of the macros the text reaches stand in (a superset of what dbt
 * records), and a computed call's dependencies are unknown: a located warning says so. Returns the refs and
 * sources added, for the node's own lists (dbt's manifest lists them under `refs`/`sources`).
 */
export function addParseTimeDependencies(
  node: ModelNode | TestNode,
  texts: readonly ParseTimeText[],
  deps: string[],
  renderer: (node: ModelNode | TestNode, text: string) => ParseRenderResult,
  resolveRef: ResolveRef,
  resolveSource: ResolveSource,
  diagnostics: Diagnostic[],
): { refs: RefCall[]; sources: SourceCall[] } {
  const refs: RefCall[] = [];
  const sources: SourceCall[] = [];
  for (const t of texts) {
    const result: ParseRenderResult = t.render ? renderer(node, t.text) : { error: 'not rendered' };
    // Where to point: the first computed call of the node's own file, else the top of the file.
    const at = () => (t.text === node.rawCode ? computedCalls(scanTemplate(t.text))[0]?.range : undefined) ?? node.location.range;
    const found = 'error' in result ? t.viaMacros : result;
    if ('error' in result && t.computed && t.render) {
      diagnostics.push({
        file: node.location.file,
        range: at(),
        severity: 'warning',
        code: 'bronze/computed-ref',
        message:
          `${node.uniqueId}: ${t.what} calls ref() or source() with computed arguments (directly or in a macro it calls), and rendering it as dbt does at parse time failed (${result.error}). ` +
          `Those dependencies are unknown, so ${node.name} may run before them; name them in a comment, e.g. \`-- depends_on: {{ ref('upstream_model') }}\`.`,
      });
    }
    for (const r of found.refs) {
      const id = resolveRef(r, node.packageName);
      if (id === undefined) {
        // The static stand-in only adds what resolves (a macro's ref may sit behind a branch never taken).
        if ('error' in result) continue;
        const label = r.package ? `${r.package}.${r.name}` : r.name;
        diagnostics.push({
          file: node.location.file,
          range: at(),
          severity: 'error',
          code: 'bronze/unknown-ref',
          message: `${node.uniqueId} depends on a node named '${label}' which was not found: ${t.what} calls ref('${label}') when rendered as dbt does at parse time. Fix the name, or add the model.`,
        });
        continue;
      }
      if (id === node.uniqueId) continue;
      if (!refs.some((x) => x.name === r.name && x.package === r.package && x.version === r.version)) refs.push(r);
      if (!deps.includes(id)) deps.push(id);
    }
    for (const s of found.sources) {
      const id = resolveSource(s.sourceName, s.tableName, node.packageName);
      if (id === undefined) {
        if ('error' in result) continue;
        diagnostics.push({
          file: node.location.file,
          range: at(),
          severity: 'error',
          code: 'bronze/unknown-source',
          message: `${node.uniqueId} depends on a source named '${s.sourceName}.${s.tableName}' which was not found: ${t.what} calls source('${s.sourceName}', '${s.tableName}') when rendered as dbt does at parse time. Declare the source table in a schema.yml, or fix the name.`,
        });
        continue;
      }
      if (!sources.some((x) => x.sourceName === s.sourceName && x.tableName === s.tableName)) sources.push(s);
      if (!deps.includes(id)) deps.push(id);
    }
  }
  return { refs, sources };
}

type Calls = { refs: RefCall[]; sources: SourceCall[] };

// A node's refs and sources as its own file writes them, when parse-time ones were added to its lists: a reload
// starts again from these, so a call a render no longer makes does not stay.
const written = new WeakMap<object, Calls>();

/** The refs and sources the node's own file writes. */
export function writtenCalls(node: ModelNode | TestNode): Calls {
  return written.get(node) ?? node;
}

export function rememberWritten(node: ModelNode | TestNode, calls: Calls): void {
  written.set(node, { refs: calls.refs, sources: calls.sources });
}

const refKey = (r: RefCall) => `${r.package ?? ''}\0${r.name}\0${r.version ?? ''}`;
const sourceKey = (s: SourceCall) => `${s.sourceName}\0${s.tableName}`;

/** `own` with the parse-time calls it lacks appended (dbt's manifest lists every recorded call). */
export function withParseTimeCalls(own: Calls, found: Calls): Calls {
  const refs = new Set(own.refs.map(refKey));
  const sources = new Set(own.sources.map(sourceKey));
  const moreRefs = found.refs.filter((r) => !refs.has(refKey(r)));
  const moreSources = found.sources.filter((s) => !sources.has(sourceKey(s)));
  return {
    refs: moreRefs.length > 0 ? [...own.refs, ...moreRefs] : own.refs,
    sources: moreSources.length > 0 ? [...own.sources, ...moreSources] : own.sources,
  };
}

/** Whether a node's lists already are `calls` (by what they name). */
export function sameCalls(calls: Calls, node: Calls): boolean {
  if (calls.refs === node.refs && calls.sources === node.sources) return true;
  const key = (c: Calls) => JSON.stringify([c.refs.map(refKey), c.sources.map(sourceKey)]);
  return key(calls) === key(node);
}

/**
 * dbt's RefBadContextError: at run time a ref() must name a node the parse render recorded. Any model of that
 * name in the node's dependencies will do, so a difference in picking between same-named models never fails a
 * run; and only a node with a computed call can fail (for the others the loader's read is a superset of dbt's),
 * which is scanned for only when a ref is missing.
 */
export function assertInferredRef(node: ModelNode | TestNode, call: RefCall, named: readonly { uniqueId: string }[]): void {
  const dependsOn = node.dependsOn.nodes;
  if (named.length === 0 || named.some((m) => dependsOn.includes(m.uniqueId)) || !hasComputedCalls(node.rawCode)) return;
  const args = [call.package, call.name].filter((a) => a !== undefined).map((a) => `'${a}'`);
  if (call.version !== undefined) args.push(`v=${JSON.stringify(call.version)}`);
  throw new BronzeError(
    `dbt was unable to infer all dependencies for the model "${node.name}": ref(${args.join(', ')}) is computed when the model runs but was not reached when dbt rendered it at parse time (execute is false then; a ref inside {% if execute %} or after run_query is one). ` +
      `dbt stops here too. Add this hint to the top of the model: -- depends_on: {{ ref(${args.join(', ')}) }}`,
    undefined,
    'bronze/computed-ref',
  );
}
