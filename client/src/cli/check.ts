// `bronze check`: the language server's diagnostics for a whole project, headless. Same engine, same rules
// (server/src/analysis), so the CLI and the editor always agree.
import * as path from 'node:path';
import { Workspace, type ProjectState } from '../../../server/src/analysis/workspace';
import type { Diagnostic, RelatedLocation, Severity } from '../../../server/src/core/types';
import { findProjectRoot } from '../../../server/src/project/find-project';
import { InputLog, inputLogActive, recordingEnv, withInputLog } from '../../../server/src/project/input-log';
import { parseCacheTuning } from '../../../server/src/project/parse-cache';
import { checkCacheStats, storeCheckResult, storedCheckResult, type CheckCacheKey } from './check-cache';

export interface CheckOptions {
  /** Folder holding dbt_project.yml; default: the nearest one upward from `cwd`. */
  projectDir?: string;
  cwd?: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  /** Drop diagnostics below this severity (default: keep all). */
  minSeverity?: Severity;
  /**
   * Reuse the last check's result when nothing it read has changed, and keep this one's (check-cache.ts; default
   * true). Like the parse cache, only projects of parseCacheTuning.minFiles files or more are kept.
   */
  resultCache?: boolean;
}

/** A diagnostic as `bronze check --output json` prints it: `file` relative to the project, 0-based range. */
export interface CheckDiagnostic {
  file: string;
  range: Diagnostic['range'];
  severity: Severity;
  code: string;
  message: string;
  /** Places inside packages the message speaks of, `file` relative to the project. */
  related?: RelatedLocation[];
}

export interface CheckResult {
  /** The project root that was checked (absolute); undefined when none was found. */
  projectDir?: string;
  diagnostics: CheckDiagnostic[];
  /** 0 clean (warnings/info allowed), 1 an error diagnostic exists, 2 no project / configuration error. */
  exitCode: 0 | 1 | 2;
  /** For exit code 2: what to fix. */
  error?: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export async function runCheck(options: CheckOptions = {}): Promise<CheckResult> {
  return (await runCheckSized(options)).result;
}

/**
 * runCheck, and whether the project is large: parseCacheTuning.minFiles files or more (the size from which the caches
 * are kept and a plain `bronze check` starts a daemon; daemon-start.ts). A stored result answers only large projects.
 */
export async function runCheckSized(options: CheckOptions = {}): Promise<{ result: CheckResult; large: boolean }> {
  const found = checkRoot(options);
  if ('error' in found) return { result: found.error, large: false };
  const root = found.root;
  const env = options.env ?? process.env;
  const key = checkKey(root, options);
  const useCache = options.resultCache !== false && !inputLogActive();
  let all = useCache ? storedCheckResult<CheckDiagnostic[]>(key, env) : undefined;
  let large = true;
  if (all) checkCacheStats.hits++;
  else if (useCache) {
    checkCacheStats.misses++;
    const log = new InputLog();
    const recorded = recordingEnv(env);
    const { diagnostics, files } = await withInputLog(log, () => checkProject(root, options, recorded.env));
    all = diagnostics;
    large = files >= parseCacheTuning.minFiles;
    if (large) storeCheckResult(key, all, log.list(), { seen: recorded.seen, all: recorded.all(), values: env });
  } else {
    const { diagnostics, files } = await checkProject(root, options, env);
    all = diagnostics;
    large = files >= parseCacheTuning.minFiles;
  }
  return { result: checkResultOf(root, all, options.minSeverity), large };
}

/** The project root a check of `options` reads, or the result that says none was found. */
export function checkRoot(options: CheckOptions): { root: string } | { error: CheckResult } {
  const cwd = options.cwd ?? process.cwd();
  const root = options.projectDir ? path.resolve(cwd, options.projectDir) : findProjectRoot(cwd);
  if (!root) {
    return { error: { diagnostics: [], exitCode: 2, error: `No dbt_project.yml found in ${cwd} or any folder above it. Run bronze check inside a dbt project, or pass --project-dir DIR.` } };
  }
  if (options.projectDir && findProjectRoot(root) !== root) {
    return { error: { diagnostics: [], exitCode: 2, error: `${root} has no dbt_project.yml. Pass --project-dir pointing to the folder that holds dbt_project.yml.` } };
  }
  return { root };
}

/** What decides a check's result besides the project's inputs (the result store's key, the daemon's identity). */
export function checkKey(root: string, options: Pick<CheckOptions, 'profilesDir' | 'target' | 'vars'>): CheckCacheKey {
  return { root, profilesDir: options.profilesDir === undefined ? undefined : path.resolve(root, options.profilesDir), target: options.target, vars: options.vars ?? {} };
}

/** The printed result of a check whose unfiltered, sorted diagnostics are `all`. */
export function checkResultOf(root: string, all: CheckDiagnostic[], minSeverity: Severity | undefined): CheckResult {
  const min = minSeverity ? RANK[minSeverity] : RANK.info;
  const out = min === RANK.info ? all : all.filter((d) => RANK[d.severity] <= min);
  // A missing profile or target is a warning when Bronze fell back to the embedded target and checked everything
  // (exit status by the diagnostics); it stops the command only as an error (a --target that does not exist).
  const fatal = out.find(
    (d) => d.code === 'bronze/no-project' || ((d.code === 'bronze/profile-not-found' || d.code === 'bronze/target-not-found') && d.severity === 'error'),
  );
  if (fatal) return { projectDir: root, diagnostics: out, exitCode: 2, error: `${fatal.file}:${fatal.range.start.line + 1}:${fatal.range.start.character + 1}: ${fatal.message}` };
  return { projectDir: root, diagnostics: out, exitCode: out.some((d) => d.severity === 'error') ? 1 : 0 };
}

/** Every diagnostic of the project at `root`, in output order (unfiltered), and how many files it has. */
async function checkProject(root: string, options: CheckOptions, env: Record<string, string | undefined>): Promise<{ diagnostics: CheckDiagnostic[]; files: number }> {
  // One pass over a project nobody edits: no reload state.
  const ws = new Workspace({ target: options.target, profilesDir: options.profilesDir, cliVars: options.vars ?? {}, env, reloadable: false });
  const state = await ws.openProject(root);
  return { diagnostics: stateDiagnostics(root, state), files: state.project.files.size };
}

/** A loaded project's diagnostics as `bronze check` prints them: files relative to `root`, in output order. */
export function stateDiagnostics(root: string, state: ProjectState): CheckDiagnostic[] {
  const out: CheckDiagnostic[] = [];
  for (const [file, list] of state.diagnosticsByFile()) {
    const rel = relativeTo(root, file);
    for (const d of list) {
      const shown: CheckDiagnostic = { file: rel, range: d.range, severity: d.severity, code: d.code, message: d.message };
      if (d.related) shown.related = d.related.map((r) => ({ ...r, file: relativeTo(root, r.file) }));
      out.push(shown);
    }
  }
  out.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return out;
}

function relativeTo(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** One diagnostic as text: `path:line:col: severity rule-id: message` (1-based; `file` as given). */
export function diagnosticLine(d: Pick<CheckDiagnostic, 'file' | 'range' | 'severity' | 'code' | 'message'>): string {
  return `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`;
}

/** Text: one `diagnosticLine` per diagnostic, then a summary line. JSON: the array, 0-based. */
export function formatCheck(result: CheckResult, format: 'text' | 'json'): string {
  if (format === 'json') return JSON.stringify(result.diagnostics, null, 2) + '\n';
  const lines = result.diagnostics.map(diagnosticLine);
  const count = (s: Severity) => result.diagnostics.filter((d) => d.severity === s).length;
  const e = count('error');
  const w = count('warning');
  const i = count('info');
  lines.push(`${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${i} info`);
  return lines.join('\n') + '\n';
}
