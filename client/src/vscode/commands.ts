// The "Bronze:" commands. Model commands act on the model given by a code lens argument, else the active
// editor's model, else one the user picks.
import path from 'node:path';
import * as vscode from 'vscode';
import type { AuditPanel } from '../panel/audit-panel';
import type { CompiledSqlPreview } from './preview';
import { modelNameOf, type ProjectInfo } from './project-paths';
import type { Projects } from './projects';
import { describeError, loadRunner, type RunController, type RunOptions } from './run-controller';
import { SECRET_LABELS, type SecretKind, type Secrets } from './secrets';
import { readSettings, type TargetChoice } from './settings';
import type { StatusBar } from './status-bar';
import { registerResultsCommands } from './results-commands';
import type { ResultsPanel } from './results-panel';

export interface CommandDeps {
  projects: Projects;
  runs: RunController;
  preview: CompiledSqlPreview;
  audit: AuditPanel;
  secrets: Secrets;
  targets: TargetChoice;
  status: StatusBar;
  output: vscode.OutputChannel;
  results: ResultsPanel;
}

interface ModelTarget {
  project: ProjectInfo;
  name: string;
  uri?: vscode.Uri;
}

/** What a command argument points at: a Uri, a URI/path string, a model name, or `{ uri | model | name }`. */
export function argumentUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') {
    if (/^[a-z][\w+.-]*:\/\//i.test(arg)) return vscode.Uri.parse(arg);
    if (path.isAbsolute(arg)) return vscode.Uri.file(arg);
    return undefined;
  }
  if (arg && typeof arg === 'object') {
    const o = arg as { uri?: unknown; file?: unknown };
    return argumentUri(o.uri) ?? argumentUri(o.file);
  }
  return undefined;
}

function argumentModelName(arg: unknown): string | undefined {
  if (typeof arg === 'string' && !argumentUri(arg)) return arg;
  if (arg && typeof arg === 'object' && !(arg instanceof vscode.Uri)) {
    const o = arg as { model?: unknown; name?: unknown; uniqueId?: unknown };
    if (typeof o.model === 'string') return o.model;
    if (typeof o.name === 'string') return o.name;
    if (typeof o.uniqueId === 'string' && o.uniqueId.startsWith('model.')) return o.uniqueId.split('.').slice(2).join('.');
  }
  return undefined;
}

function argumentTargetName(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { target?: unknown }).target === 'string') return (arg as { target: string }).target;
  return undefined;
}

function secretArgument(arg: unknown): { target?: string; secret?: SecretKind; value?: string } {
  if (!arg || typeof arg !== 'object') return {};
  const o = arg as { target?: unknown; secret?: unknown; value?: unknown };
  return {
    target: typeof o.target === 'string' ? o.target : undefined,
    secret: typeof o.secret === 'string' && o.secret in SECRET_LABELS ? (o.secret as SecretKind) : undefined,
    value: typeof o.value === 'string' ? o.value : undefined,
  };
}

export function registerCommands(context: vscode.ExtensionContext, d: CommandDeps): void {
  async function resolveModel(arg: unknown, verb: string): Promise<ModelTarget | undefined> {
    const uri = argumentUri(arg) ?? (arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined);
    if (uri?.scheme === 'file') {
      const project = d.projects.forFile(uri.fsPath);
      const name = project && modelNameOf(project, uri.fsPath);
      if (project && name) return { project, name, uri };
    }
    const project = await d.projects.pick(uri);
    if (!project) return undefined;
    const named = argumentModelName(arg);
    if (named) return { project, name: named, uri: await d.projects.modelFile(project, named) };
    const models = await d.projects.modelNames(project);
    if (models.length === 0) {
      void vscode.window.showWarningMessage(`Bronze: ${project.name} has no models under ${project.modelPaths.join(', ')}.`);
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      models.map((m) => ({ label: m.name, description: vscode.workspace.asRelativePath(m.uri), model: m })),
      { placeHolder: `Model to ${verb}`, matchOnDescription: true },
    );
    return pick && { project, name: pick.model.name, uri: pick.model.uri };
  }

  async function saveDirty(project: ProjectInfo): Promise<void> {
    // Runs read files from disk: save the project's edited files first, as a build task would.
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.isDirty && doc.uri.scheme === 'file' && d.projects.forFile(doc.uri.fsPath)?.root === project.root) await doc.save();
    }
  }

  function modelCommand(verb: string, options: (name: string) => RunOptions) {
    return async (arg?: unknown) => {
      const m = await resolveModel(arg, verb);
      if (!m) return undefined;
      await saveDirty(m.project);
      // With bronze.deferManifest set, unbuilt parents are read from production's relations.
      return d.runs.run(m.project, { ...options(m.name), defer: true });
    };
  }

  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };

  registerResultsCommands(register, resolveModel, d);

  register('bronze.runModel', modelCommand('run', (n) => ({ command: 'run', select: [n], title: `run ${n}` })));
  register('bronze.runModelDownstream', modelCommand('run with its downstream models', (n) => ({ command: 'run', select: [`${n}+`], title: `run ${n}+` })));
  register('bronze.buildModel', modelCommand('build', (n) => ({ command: 'build', select: [n], title: `build ${n}` })));
  register('bronze.testModel', modelCommand('test', (n) => ({ command: 'test', select: [n], title: `test ${n}` })));
  register('bronze.fullRefreshModel', modelCommand('full-refresh', (n) => ({ command: 'run', select: [n], fullRefresh: true, title: `full-refresh ${n}` })));

  register('bronze.previewCompiledSql', async (arg?: unknown) => {
    const uri = argumentUri(arg) ?? vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === 'file' && d.projects.forFile(uri.fsPath)) return d.preview.open(uri);
    const m = await resolveModel(arg, 'preview');
    if (m?.uri) return d.preview.open(m.uri);
    return undefined;
  });

  register('bronze.togglePreviewMode', () => {
    const next = d.preview.mode === 'incremental' ? 'first' : 'incremental';
    d.preview.setMode(next);
    vscode.window.setStatusBarMessage(`Bronze: compiled SQL preview shows the ${next === 'first' ? 'first run' : 'incremental run'}`, 4000);
    return next;
  });

  register('bronze.showAuditPanel', async (arg?: unknown) => {
    const project = await d.projects.pick(argumentUri(arg));
    if (project) await d.audit.show(project);
    return d.audit.state;
  });

  // An optional target name (or `{ target }`) skips the quick pick, so keybindings and the integration tests can
  // switch targets without UI; it must name one of the profile's outputs.
  register('bronze.selectTarget', async (arg?: unknown) => {
    const project = await d.projects.pick();
    if (!project) return undefined;
    const { profileTargets } = await import('./targets');
    const found = await profileTargets(project, readSettings(project).profilesDir);
    if (found.targets.length === 0) {
      void vscode.window.showInformationMessage(
        found.file
          ? `Bronze: ${found.file} has no outputs for profile '${project.profile}'. Add the profile, or rename dbt_project.yml's profile: to match.`
          : `Bronze: ${project.name} has no profiles.yml, so it runs on the embedded DuckDB (.bronze/local.duckdb). Add a profiles.yml to define other targets.`,
      );
      return undefined;
    }
    const current = await d.runs.targetName(project);
    const named = argumentTargetName(arg);
    if (named !== undefined && !found.targets.some((t) => t.name === named)) {
      void vscode.window.showErrorMessage(
        `Bronze: ${found.file ?? 'profiles.yml'} has no target '${named}' in profile '${project.profile}'. Pick one of: ${found.targets.map((t) => t.name).join(', ')}.`,
      );
      return undefined;
    }
    const pick = named !== undefined ? { label: named } : await vscode.window.showQuickPick(
      found.targets.map((t) => ({
        label: t.name,
        description: `${t.type}${t.builtIn ? ' · built-in (offline, .bronze/)' : ''}${t.name === found.defaultTarget ? ' · profile default' : ''}`,
        picked: t.name === current,
        detail: t.name === current ? 'current' : undefined,
      })),
      { placeHolder: `Target for ${project.name} (now: ${current})` },
    );
    if (!pick) return undefined;
    await d.targets.set(project, pick.label === found.defaultTarget && !readSettings(project).target ? undefined : pick.label);
    d.status.update({ target: pick.label });
    return pick.label;
  });

  // Optional `{ target, secret, value }` answers the prompts (for the integration tests, which cannot type into an
  // input box); the value only ever goes to SecretStorage. A value passed as an argument is taken only when the
  // extension runs in development or test mode: in a user's editor another extension must not be able to replace
  // the secret without the user typing it.
  register('bronze.setSnowflakePassword', async (arg?: unknown) => {
    const given = secretArgument(arg);
    if (context.extensionMode === vscode.ExtensionMode.Production) given.value = undefined;
    const project = await d.projects.pick();
    if (!project) return;
    const { profileTargets } = await import('./targets');
    const found = await profileTargets(project, readSettings(project).profilesDir);
    const snowflake = found.targets.filter((t) => t.type === 'snowflake');
    const current = await d.runs.targetName(project);
    let target = current;
    if (given.target !== undefined) {
      if (!snowflake.some((t) => t.name === given.target)) {
        void vscode.window.showErrorMessage(`Bronze: '${given.target}' is not a Snowflake target of profile '${project.profile}'. Snowflake targets: ${snowflake.map((t) => t.name).join(', ') || 'none'}.`);
        return;
      }
      target = given.target;
    } else if (snowflake.length > 1 || (snowflake.length === 1 && snowflake[0].name !== current)) {
      const pick = await vscode.window.showQuickPick(snowflake.map((t) => ({ label: t.name, description: t.name === current ? 'current target' : undefined })), {
        placeHolder: 'Snowflake target the secret is for',
      });
      if (!pick) return;
      target = pick.label;
    }
    const chosen = given.secret
      ? { label: SECRET_LABELS[given.secret], secret: given.secret }
      : await vscode.window.showQuickPick(
          (Object.keys(SECRET_LABELS) as SecretKind[]).map((k) => ({ label: SECRET_LABELS[k], secret: k })),
          { placeHolder: `Which secret for target '${target}'?` },
        );
    if (!chosen) return;
    const value = given.value ?? await vscode.window.showInputBox({
      prompt: `${chosen.label} for target '${target}' of ${project.name}. Stored in the OS keychain (SecretStorage), never in settings. Leave empty to remove it.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return;
    const scope = { projectRoot: project.root, profile: project.profile, target };
    if (value === '') {
      await d.secrets.clear(scope, chosen.secret);
      void vscode.window.showInformationMessage(`Bronze: removed the stored ${chosen.label.toLowerCase()} for target '${target}'.`);
    } else {
      await d.secrets.set(scope, chosen.secret, value);
      void vscode.window.showInformationMessage(`Bronze: stored the ${chosen.label.toLowerCase()} for target '${target}'. Runs use it instead of profiles.yml.`);
    }
  });

  register('bronze.testConnection', async () => {
    const project = await d.projects.pick();
    if (!project) return undefined;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Bronze: testing the connection of ${project.name}…` },
      async () => (await loadRunner()).testConnection(await d.runs.targetRequest(project)),
    );
    d.output.appendLine(`${result.ok ? 'ok' : 'error'}: ${result.message}`);
    if (result.ok) void vscode.window.showInformationMessage(`Bronze: ${result.message}`);
    else void vscode.window.showErrorMessage(`Bronze: ${result.message}`);
    return result;
  });

  // Arguments (for tests and other extensions): { rows: number, from?: string } skips the questions.
  register('bronze.sampleSources', async (arg?: unknown) => {
    const project = await d.projects.pick();
    if (!project) return undefined;
    const given = arg && typeof arg === 'object' && typeof (arg as { rows?: unknown }).rows === 'number' ? (arg as { rows: number; from?: string }) : undefined;
    const { sampleSources } = await import('./sample-command');
    const code = await sampleSources(project, d.output, given && { rows: given.rows, from: typeof given.from === 'string' ? given.from : undefined });
    return code;
  });

  register('bronze.createDemoProject', async (arg?: unknown) => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const given = argumentUri(arg)?.fsPath;
    const dir =
      given ??
      (await vscode.window.showInputBox({
        prompt: 'Folder for the Bronze demo project (the Zoom bronze layer on a local DuckDB with synthetic RAW data)',
        value: folder ? path.join(folder.uri.fsPath, 'bronze-demo') : path.join(process.env.HOME ?? '', 'bronze-demo'),
        ignoreFocusOut: true,
        validateInput: (v) => (path.isAbsolute(v.trim()) ? undefined : 'Enter an absolute folder path'),
      }));
    if (!dir) return undefined;
    const target = path.resolve(dir.trim());
    try {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Bronze: creating the demo project in ${target}…` },
        async () => (await import('../demo/load')).createDemo(target, {}),
      );
      d.output.appendLine(`demo: wrote ${summary.files.length} files and ${summary.rows} RAW rows per table into ${target}`);
      const inside = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(target));
      if (!inside) vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: vscode.Uri.file(target) });
      await d.projects.rescan();
      await vscode.window.showTextDocument(vscode.Uri.file(path.join(target, 'models', 'bronze', 'bz_users.sql')));
      void vscode.window.showInformationMessage('Bronze: demo project created. Run "Bronze: Run bronze model" on a model, then "Bronze: Show audit panel".');
      return summary.dir;
    } catch (err) {
      void vscode.window.showErrorMessage(`Bronze: could not create the demo project: ${describeError(err).text}`);
      return undefined;
    }
  });

  register('bronze.showLineage', async (arg?: unknown) => {
    const m = await resolveModel(arg, 'show the lineage of');
    if (!m) return undefined;
    const runner = await loadRunner();
    const engine = await runner.openEngine(await d.runs.targetRequest(m.project));
    const models = engine.project.models;
    const id = [...models.values()].find((x) => x.name === m.name)?.uniqueId;
    if (!id) {
      void vscode.window.showWarningMessage(`Bronze: ${m.name} is not a model of ${m.project.name} (is it disabled?).`);
      return undefined;
    }
    const walk = (start: string, next: (n: string) => string[]): string[] => {
      const seen = new Set<string>();
      const stack = [...next(start)];
      while (stack.length) {
        const n = stack.pop()!;
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(...next(n));
      }
      return [...seen].sort();
    };
    const parents = (n: string): string[] => models.get(n)?.dependsOn.nodes ?? [];
    const children = (n: string): string[] => [...models.values()].filter((x) => x.dependsOn.nodes.includes(n)).map((x) => x.uniqueId);
    const item = (n: string) => {
      const node = models.get(n) ?? engine.project.sources.get(n);
      return { label: node?.name ?? n, description: n.split('.')[0], file: node?.location.file };
    };
    const up = walk(id, parents).map(item);
    const down = walk(id, children).map(item);
    const sep = (label: string) => ({ label, kind: vscode.QuickPickItemKind.Separator, file: undefined });
    const pick = await vscode.window.showQuickPick([sep(`Upstream (${up.length})`), ...up, sep(`Downstream (${down.length})`), ...down], {
      placeHolder: `Lineage of ${m.name}: pick a node to open it`,
    });
    if (pick?.file) await vscode.window.showTextDocument(vscode.Uri.file(pick.file));
    return { upstream: up.map((u) => u.label), downstream: down.map((u) => u.label) };
  });
}
