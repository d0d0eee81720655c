// Extension entry: wires the project list, the one language server, runs, the compiled-SQL preview, the audit
// panel, Test Explorer, secrets and the status bar. Heavy pieces (runner, DuckDB, Snowflake driver) load on
// first use so activation stays fast.
import * as vscode from 'vscode';
import { AuditPanel } from './panel/audit-panel';
import type { PanelState } from './panel/messages';
import { registerAuthoringCommands } from './vscode/authoring-commands';
import { registerCommands } from './vscode/commands';
import { registerSeedCommands } from './vscode/seed-commands';
import { BronzeLanguageClient, type ServerTimings } from './vscode/language-client';
import { CompiledSqlPreview } from './vscode/preview';
import type { ProjectInfo } from './vscode/project-paths';
import { Projects } from './vscode/projects';
import { RunController, type FinishedRun } from './vscode/run-controller';
import { Secrets } from './vscode/secrets';
import { readSettings, TargetChoice } from './vscode/settings';
import { StatusBar } from './vscode/status-bar';
import { BronzeTests } from './vscode/test-explorer';
import { LineageView } from './vscode/lineage-view';
import { ResultsPanel } from './vscode/results-panel';

/** What activate() returns: used by the integration tests and the activation benchmark. */
export interface BronzeApi {
  activationMs: number;
  /** Resolves once projects are scanned and the language server started. */
  ready: Promise<void>;
  projects(): readonly ProjectInfo[];
  serverTimings: ServerTimings;
  whenFirstDiagnostics(): Promise<void>;
  auditState(): PanelState | undefined;
  onDidFinishRun: vscode.Event<FinishedRun>;
  refreshTests(): Promise<void>;
  testController: vscode.TestController;
  runTests(items?: readonly vscode.TestItem[]): Promise<void>;
  testResults(): ReadonlyMap<string, string>;
  testMessages(): ReadonlyMap<string, string>;
  lineage: LineageView;
}

let runs: RunController | undefined;
let client: BronzeLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): BronzeApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Bronze');
  const projects = new Projects();
  const targets = new TargetChoice(context.workspaceState);
  const secrets = new Secrets(context.secrets);
  const status = new StatusBar();
  runs = new RunController(targets, secrets, output, status);
  client = new BronzeLanguageClient(context.asAbsolutePath('dist/server.js'));
  const preview = new CompiledSqlPreview(client, readSettings().previewMode);
  const audit = new AuditPanel(context.extensionUri, projects, runs);
  const tests = new BronzeTests(projects, runs);
  const lineage = new LineageView(projects, runs);
  const results = new ResultsPanel(context.extensionUri, runs);
  context.subscriptions.push(output, projects, status, runs, client, preview, audit, tests, lineage, results);
  registerCommands(context, { projects, runs, preview, audit, secrets, targets, status, output, results });
  registerAuthoringCommands(context, client, projects, runs);
  registerSeedCommands(context, projects, runs);

  const showTarget = async (): Promise<void> => {
    const file = vscode.window.activeTextEditor?.document.uri;
    const project = (file && projects.forFile(file.fsPath)) ?? (projects.all.length === 1 ? projects.all[0] : undefined);
    if (!project) {
      status.update({ visible: projects.all.length > 0 });
      return;
    }
    status.update({ target: await runs!.targetName(project), visible: true });
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void showTarget()),
    targets.onDidChange(() => void showTarget()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bronze.previewMode')) preview.setMode(readSettings().previewMode);
      if (e.affectsConfiguration('bronze.target') || e.affectsConfiguration('bronze.profilesDir')) void showTarget();
    }),
    projects.onDidChange((list) => {
      void client!.start(list).catch((err: unknown) => output.appendLine(`error: the language server did not start: ${String(err)}`));
      void showTarget();
    }),
  );

  // Scanning and the server start run after activate() returns: VS Code waits on neither.
  const ready = (async () => {
    await projects.start();
    await client!.start(projects.all);
    await showTarget();
  })();
  ready.catch((err: unknown) => output.appendLine(`error: Bronze could not start: ${err instanceof Error ? err.message : String(err)}`));

  const activationMs = performance.now() - started;
  return {
    activationMs,
    ready,
    projects: () => projects.all,
    serverTimings: client.timings,
    whenFirstDiagnostics: () => client!.whenFirstDiagnostics(),
    auditState: () => audit.state,
    onDidFinishRun: runs.onDidFinishRun,
    refreshTests: () => tests.refresh(),
    testController: tests.controller,
    runTests: (items) => tests.runItems(items),
    testResults: () => tests.lastResults,
    testMessages: () => tests.lastMessages,
    lineage,
  };
}

export async function deactivate(): Promise<void> {
  runs?.cancelAll();
  await client?.stop();
}
