// Jinja in dbt_project.yml resource configs (`models:`, `seeds:`, `data_tests:`, `sources:`): dbt renders these
// values when it loads the project, with the project context (target, env_var, the --vars), and keeps hooks as
// written (they render when they run). Rendering is native, so `{{ target.name == 'prod' }}` is a boolean.
import path from 'node:path';
import type { Diagnostic, TargetConfig } from '../core/types';
import { JinjaEnvironment, render } from '../template';
import { isPlainObject } from '../core/plain';

const HOOK_KEYS = new Set(['pre-hook', 'post-hook', 'pre_hook', 'post_hook']);

export interface ProjectRenderContext {
  rootPackage: string;
  target: TargetConfig;
  cliVars: Record<string, unknown>;
  /** flags.WHICH (LoadOptions.which); 'parse' when unset. */
  which?: string;
  env?: Record<string, string | undefined>;
  /** The file the values come from (dbt_project.yml, or a schema.yml for sources, tests and model configs). */
  file: string;
  /** The tree's key (`models`, …), for diagnostics. */
  at: string;
  diagnostics: Diagnostic[];
}

const environments = new Map<string, JinjaEnvironment>();

const hasJinja = (s: string): boolean => s.includes('{{') || s.includes('{%');

/** Python literal_eval of the few shapes a config value renders to; anything else stays text. */
function nativeValue(text: string): unknown {
  const t = text.trim();
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^-?\d+\.\d+$/.test(t)) return Number(t);
  return text;
}

function needsRender(value: unknown, key: string | undefined): boolean {
  if (key !== undefined && HOOK_KEYS.has(key.replace(/^\+/, ''))) return false;
  if (typeof value === 'string') return hasJinja(value);
  if (Array.isArray(value)) return value.some((v) => needsRender(v, undefined));
  if (isPlainObject(value)) return Object.entries(value).some(([k, v]) => needsRender(v, k));
  return false;
}

/**
 * The tree with every Jinja string rendered (hooks excepted). Returns `tree` itself when nothing needs
 * rendering, so the common project pays one walk and keeps its objects (the node cache compares them).
 */
export function renderProjectTree(tree: unknown, ctx: ProjectRenderContext): unknown {
  if (!needsRender(tree, undefined)) return tree;
  // Only dbt's built-in macros are in scope here: one environment per root package name serves every load.
  let jinja = environments.get(ctx.rootPackage);
  if (!jinja) environments.set(ctx.rootPackage, (jinja = new JinjaEnvironment({ rootPackage: ctx.rootPackage })));
  const env = jinja;
  const renderString = (text: string, at: string): unknown => {
    try {
      const out = render(env, {
        phase: 'parse',
        text,
        file: ctx.file,
        target: ctx.target,
        projectName: ctx.rootPackage,
        vars: { cli: ctx.cliVars, project: {} },
        resolveRef: () => {
          throw new Error('ref() cannot be used in dbt_project.yml');
        },
        resolveSource: () => {
          throw new Error('source() cannot be used in dbt_project.yml');
        },
        fullRefresh: false,
        invocationId: '',
        runStartedAt: new Date(0),
        env: ctx.env,
        which: ctx.which ?? 'parse',
      });
      return nativeValue(out.sql);
    } catch (e) {
      ctx.diagnostics.push({
        file: ctx.file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'error',
        code: 'bronze/project-config-render',
        message: `${path.basename(ctx.file)} ${at}: could not render ${JSON.stringify(text)}: ${e instanceof Error ? e.message : String(e)}. Fix the expression; the value is used as written meanwhile.`,
      });
      return text;
    }
  };
  const walk = (value: unknown, key: string | undefined, at: string): unknown => {
    if (!needsRender(value, key)) return value;
    if (typeof value === 'string') return renderString(value, at);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, undefined, `${at}[${i}]`));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = walk(v, k, at ? `${at}.${k}` : k);
    return out;
  };
  return walk(tree, undefined, ctx.at);
}
