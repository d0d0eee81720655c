// The two sides of the check ⊇ compile property: which nodes the engine's compile path fails on (as
// `bronze compile` and a run's compile step meet them), and which files `bronze check` reports errors in.
// In-process and offline, so hundreds of project variants fit in a CI test.
import * as path from 'node:path';
import type { CheckDiagnostic } from '../../../client/src/cli/check';
import { Workspace } from '../../../server/src/analysis/workspace';
import { Engine, offlineResolver, type PreviewMode } from '../../../server/src/engine';
import { loadProject, reloadFiles, type LoadedProject } from '../../../server/src/project';

export interface CompileFailure {
  /** unique_id (and compile mode), or `config` when the project configuration stops every command. */
  node: string;
  /** The node's file, relative to the project (forward slashes). */
  file: string;
  /** Where the error says it happened, relative, when it is located. */
  at?: string;
  message: string;
}

const rel = (root: string, file: string) => path.relative(root, file).split(path.sep).join('/');

function located(root: string, e: unknown): string | undefined {
  const loc = e && typeof e === 'object' && 'location' in e ? (e as { location?: { file: string; range: { start: { line: number } } } }).location : undefined;
  return loc?.file ? `${rel(root, loc.file)}:${loc.range.start.line + 1}` : undefined;
}

const NO_RELATION = { database: '', schema: '', identifier: '' };

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * One project under test, loaded once by the engine's loader; after a file changes on disk only that file is
 * re-read (reloadFiles), so hundreds of variants cost milliseconds instead of loads. Compile is the engine's path
 * (Engine.fromProject); check is a fresh one-shot Workspace over the same loaded project, as `bronze check` runs.
 */
export class CheckCompileHarness {
  private constructor(
    readonly root: string,
    private readonly env: Record<string, string | undefined>,
    private project: LoadedProject,
  ) {}

  static async open(root: string, env: Record<string, string | undefined>): Promise<CheckCompileHarness> {
    const full = { ...process.env, ...env };
    const project = await loadProject(root, { cliVars: {}, env: full, reloadable: true });
    return new CheckCompileHarness(root, env, project);
  }

  get loaded(): LoadedProject {
    return this.project;
  }

  /** Both sides re-read `files` (absolute) from disk. */
  async changed(files: string[]): Promise<void> {
    this.project = await reloadFiles(this.project, files);
  }

  compileFailures(): Promise<CompileFailure[]> {
    return withEnv(this.env, () => compileFailuresOf(this.root, this.project));
  }

  async checkErrors(): Promise<CheckDiagnostic[]> {
    const project = this.project;
    const ws = new Workspace({ env: { ...process.env, ...this.env }, cliVars: {}, reloadable: false, loader: { load: async () => project, reload: async () => project } });
    await ws.openProject(this.root);
    const out: CheckDiagnostic[] = [];
    for (const [file, list] of ws.allDiagnostics()) {
      for (const d of list) if (d.severity === 'error') out.push({ file: rel(this.root, file), range: d.range, severity: d.severity, code: d.code, message: d.message });
    }
    return out;
  }
}

async function withEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Every node of the root project whose compile fails: models in both compile modes, and data tests. */
async function compileFailuresOf(root: string, project: LoadedProject): Promise<CompileFailure[]> {
  let engine: Engine;
  try {
    engine = Engine.fromProject(project);
  } catch (e) {
    return [{ node: 'config', file: 'dbt_project.yml', message: messageOf(e) }];
  }
  // As the runner's openEngine: errors in dbt_project.yml or profiles.yml stop every command.
  const blocking = engine.allDiagnostics().filter((d) => d.severity === 'error' && /(dbt_project|profiles)\.ya?ml$/.test(d.file));
  if (blocking.length > 0) return blocking.map((d) => ({ node: 'config', file: rel(root, d.file), message: d.message }));
  const out: CompileFailure[] = [];
  for (const m of engine.project.models.values()) {
    if (m.packageName !== engine.project.name || m.resourceType !== 'model') continue;
    // The incremental compile differs only for incremental models (is_incremental() is false elsewhere).
    const modes: PreviewMode[] = m.config.materialized === 'incremental' ? ['first', 'incremental'] : ['first'];
    for (const mode of modes) {
      try {
        await engine.previewStatements(m, mode, { resolve: offlineResolver(m.relation, mode) });
      } catch (e) {
        out.push({ node: `${m.uniqueId} (${mode})`, file: rel(root, m.location.file), at: located(root, e), message: messageOf(e) });
        break;
      }
    }
  }
  for (const t of engine.project.tests.values()) {
    if (t.packageName !== engine.project.name) continue;
    try {
      await engine.testSql(t, { invocationId: 'x', runStartedAt: new Date(0), fullRefresh: false, which: 'test', resolve: offlineResolver(NO_RELATION, 'first') });
    } catch (e) {
      out.push({ node: t.uniqueId, file: rel(root, t.location.file), at: located(root, e), message: messageOf(e) });
    }
  }
  return out;
}

/**
 * The failures check has no ERROR for, in the node's file or in the user file the compile error is located in
 * (an ephemeral model the node reaches, a macro of the project): the places the user can act.
 */
export function uncovered(failures: readonly CompileFailure[], errors: readonly CheckDiagnostic[]): CompileFailure[] {
  const files = new Set(errors.map((d) => d.file));
  return failures.filter((f) => {
    if (files.has(f.file)) return false;
    const at = f.at?.replace(/:\d+$/, '');
    return !(at && !at.startsWith('dbt_packages/') && !at.startsWith('..') && files.has(at));
  });
}
