// Runs in the extension host through the shared runner: a cancellable progress notification (cancel aborts the
// running statements), one output line per node in the "Bronze" channel, the status bar, and an event other
// views (audit panel, Test Explorer) refresh on. The runner is loaded on first use to keep activation fast.
import path from 'node:path';
import * as vscode from 'vscode';
import { BronzeError } from '../../../server/src/core/types';
import type { NodeResult } from '../run/results';
import type { RunOutcome, RunRequest } from '../run/runner';
import type { ProjectInfo } from './project-paths';
import type { Secrets } from './secrets';
import { readSettings, type TargetChoice } from './settings';
import type { StatusBar } from './status-bar';

export type RunCommand = RunRequest['command'];

export interface RunOptions {
  command: RunCommand;
  select?: string[];
  fullRefresh?: boolean;
  /** Run with `--defer --state` when `bronze.deferManifest` is set (the model commands). */
  defer?: boolean;
  /** Shown in the progress notification, e.g. "run bz_users". */
  title: string;
}

export interface FinishedRun {
  project: ProjectInfo;
  outcome: RunOutcome;
}

/** The connection part of every runner request for a project: dirs, target, secrets (in memory only). */
export interface TargetRequest {
  projectDir: string;
  profilesDir?: string;
  target?: string;
  targetOverrides?: Record<string, unknown>;
}

export type RunnerModule = typeof import('../run/runner');

let runnerModule: Promise<RunnerModule> | undefined;
export function loadRunner(): Promise<RunnerModule> {
  runnerModule ??= import('../run/runner');
  return runnerModule;
}

/** "path:line:col: message" for errors that carry a location, so the user sees where to fix. */
export function describeError(err: unknown): { text: string; location?: { file: string; line: number; character: number } } {
  if (err instanceof BronzeError && err.location) {
    const { file, range } = err.location;
    return {
      text: `${file}:${range.start.line + 1}:${range.start.character + 1}: ${err.message}`,
      location: { file, line: range.start.line, character: range.start.character },
    };
  }
  return { text: err instanceof Error ? err.message : String(err) };
}

export class RunController implements vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<FinishedRun>();
  readonly onDidFinishRun = this.finished.event;
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly targets: TargetChoice,
    private readonly secrets: Secrets,
    private readonly output: vscode.OutputChannel,
    private readonly status: StatusBar,
  ) {}

  /** Target name for a project: the user's choice, else the profile's default (read from profiles.yml). */
  async targetName(project: ProjectInfo): Promise<string> {
    const chosen = this.targets.get(project);
    if (chosen) return chosen;
    const { profileTargets } = await import('./targets');
    const found = await profileTargets(project, readSettings(project).profilesDir).catch(() => undefined);
    return found?.defaultTarget ?? 'local';
  }

  async targetRequest(project: ProjectInfo): Promise<TargetRequest> {
    const settings = readSettings(project);
    const target = await this.targetName(project);
    const overrides = await this.secrets.overrides({ projectRoot: project.root, profile: project.profile, target });
    return {
      projectDir: project.root,
      profilesDir: settings.profilesDir,
      target: this.targets.get(project),
      targetOverrides: Object.keys(overrides).length > 0 ? overrides : undefined,
    };
  }

  isRunning(project: ProjectInfo): boolean {
    return this.active.has(project.root);
  }

  async run(project: ProjectInfo, opts: RunOptions): Promise<RunOutcome | undefined> {
    if (this.active.has(project.root)) {
      void vscode.window.showWarningMessage(`Bronze: a run is already going on in ${project.name}. Wait for it or cancel it from its notification.`);
      return undefined;
    }
    const abort = new AbortController();
    this.active.set(project.root, abort);
    const targetName = await this.targetName(project);
    this.status.update({ target: targetName, running: true });
    const describe = new Map<string, string>();
    const deferState = opts.defer ? readSettings(project).deferState : undefined;
    const flags = [opts.select?.length ? `--select ${opts.select.join(' ')}` : '', opts.fullRefresh ? '--full-refresh' : '', deferState ? `--defer --state ${deferState}` : ''].filter(Boolean).join(' ');
    this.output.appendLine('');
    this.output.appendLine(`${new Date().toISOString().slice(11, 19)}  bronze ${opts.command} ${flags} (project ${project.name}, target ${targetName})`.replace(/\s+\(/, ' ('));
    try {
      const runner = await loadRunner();
      const { formatNodeLine, formatSummary } = await import('../run/progress');
      const base = await this.targetRequest(project);
      const settings = readSettings(project);
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Bronze: ${opts.title}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          return runner.runProject({
            ...base,
            command: opts.command,
            select: opts.select,
            fullRefresh: opts.fullRefresh,
            threads: settings.threads,
            auditTable: settings.auditTable,
            state: deferState ? { stateDir: deferState, defer: true } : undefined,
            signal: abort.signal,
            listener: {
              nodeStarted: (info) => {
                describe.set(info.uniqueId, info.description);
                progress.report({ message: `${info.index} of ${info.total}: ${info.name}` });
              },
              nodeFinished: (result: NodeResult, index, total) => {
                this.output.appendLine(formatNodeLine(result, index, total, describe.get(result.uniqueId) ?? result.name));
                // A microbatch model's partial success lists its failed batches after the count, as the CLI prints them.
                if ((result.status === 'error' || result.status === 'fail' || result.status === 'partial success') && result.message) {
                  for (const line of result.message.split('\n').slice(result.status === 'partial success' ? 1 : 0)) this.output.appendLine(`    ${line}`);
                }
                const step = (100 * index) / total - reported;
                reported += step;
                progress.report({ increment: step });
              },
              runFinished: (summary, elapsed) => {
                this.output.appendLine(formatSummary(summary, elapsed));
              },
              log: (line) => this.output.appendLine(line),
              waiting: (line) => {
                // Another process (a terminal `bronze run`) holds the DuckDB file: say so where the user is looking.
                this.output.appendLine(line);
                progress.report({ message: line });
              },
            },
          });
        },
      );
      const s = outcome.summary;
      const cancelled = abort.signal.aborted;
      this.status.update({
        running: false,
        last: { command: opts.command, ok: outcome.exitCode === 0, pass: s.pass, warn: s.warn, error: s.error, skip: s.skip, elapsedSeconds: outcome.elapsedSeconds, cancelled },
      });
      if (cancelled) void vscode.window.showInformationMessage(`Bronze: ${opts.title} was cancelled.`);
      else if (outcome.exitCode !== 0) void this.reportFailure(opts.title, outcome);
      else vscode.window.setStatusBarMessage(`Bronze: ${opts.title} — PASS=${s.pass}${s.warn ? ` WARN=${s.warn}` : ''} in ${outcome.elapsedSeconds.toFixed(1)}s`, 5000);
      this.finished.fire({ project, outcome });
      return outcome;
    } catch (err) {
      this.status.update({ running: false });
      const { text, location } = describeError(err);
      this.output.appendLine(`error: ${text}`);
      void this.showError(`Bronze: ${opts.title} failed: ${text}`, location);
      return undefined;
    } finally {
      this.active.delete(project.root);
    }
  }

  private async reportFailure(title: string, outcome: RunOutcome): Promise<void> {
    const failed = outcome.results.filter((r) => r.status === 'error' || r.status === 'fail' || r.status === 'partial success');
    const first = failed[0];
    const where = first?.errorLocation ? ` (${path.basename(first.errorLocation.file)}:${first.errorLocation.line}:${first.errorLocation.column})` : '';
    const text = `Bronze: ${title}: ${failed.length} failed${first ? ` — ${first.name}${where}: ${first.message.split('\n')[0]}` : ''}`;
    const pick = await vscode.window.showErrorMessage(text, 'Show output', 'Show audit panel');
    if (pick === 'Show output') this.output.show(true);
    if (pick === 'Show audit panel') void vscode.commands.executeCommand('bronze.showAuditPanel');
  }

  async showError(text: string, location?: { file: string; line: number; character: number }): Promise<void> {
    const pick = await vscode.window.showErrorMessage(text, ...(location ? ['Open'] : []), 'Show output');
    if (pick === 'Open' && location) {
      const pos = new vscode.Position(location.line, location.character);
      await vscode.window.showTextDocument(vscode.Uri.file(location.file), { selection: new vscode.Range(pos, pos) });
    }
    if (pick === 'Show output') this.output.show(true);
  }

  /** Cancels every running run (used on deactivate). */
  cancelAll(): void {
    for (const a of this.active.values()) a.abort();
  }

  dispose(): void {
    this.cancelAll();
    this.finished.dispose();
  }
}
