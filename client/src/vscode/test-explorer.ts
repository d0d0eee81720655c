// Test Explorer: every data test (generic and singular) of every project, under the model it is attached to.
// Running items runs those tests on the selected target through the runner; failures show the failing-row
// count and the first failing rows.
import path from 'node:path';
import * as vscode from 'vscode';
import type { NodeResult } from '../run/results';
import type { ProjectInfo } from './project-paths';
import type { Projects } from './projects';
import { loadRunner, describeError, type RunController } from './run-controller';
import { failureText, groupTests, type ListedTest } from './test-tree';

export class BronzeTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('bronze', 'Bronze data tests');
  private readonly disposables: vscode.Disposable[] = [this.controller];
  /** Test item id → the project and the test it runs. */
  private readonly index = new Map<string, { project: ProjectInfo; test?: ListedTest }>();
  private refreshing: Promise<void> | undefined;
  /** Outcome of each test item in the latest run (the integration tests read it). */
  readonly lastResults = new Map<string, 'passed' | 'failed' | 'errored' | 'skipped'>();
  /** The message shown for each failed item in the latest run. */
  readonly lastMessages = new Map<string, string>();

  constructor(
    private readonly projects: Projects,
    private readonly runs: RunController,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.refresh();
    };
    this.controller.refreshHandler = () => this.refresh();
    this.controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (req, token) => this.runTests(req, token), true);
    this.disposables.push(
      projects.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (/\.(ya?ml|sql)$/i.test(d.uri.fsPath) && projects.forFile(d.uri.fsPath)) void this.refresh();
      }),
    );
  }

  /** Re-lists the tests of every project. Concurrent calls share one listing. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const runner = await loadRunner();
    const roots: vscode.TestItem[] = [];
    this.index.clear();
    for (const project of this.projects.all) {
      const projectItem = this.controller.createTestItem(`project:${project.root}`, project.name, vscode.Uri.file(path.join(project.root, 'dbt_project.yml')));
      this.index.set(projectItem.id, { project });
      try {
        const tests = await runner.listTests(await this.runs.targetRequest(project));
        for (const group of groupTests(tests)) {
          const groupItem = this.controller.createTestItem(`group:${project.root}:${group.id}`, group.label);
          this.index.set(groupItem.id, { project });
          for (const t of group.tests) {
            const item = this.controller.createTestItem(t.uniqueId, t.name, vscode.Uri.file(t.file));
            item.range = new vscode.Range(t.line, 0, t.line, 0);
            this.index.set(item.id, { project, test: t });
            groupItem.children.add(item);
          }
          projectItem.children.add(groupItem);
        }
        projectItem.error = undefined;
      } catch (err) {
        projectItem.error = `Could not list the tests: ${describeError(err).text}`;
      }
      roots.push(projectItem);
    }
    this.controller.items.replace(roots);
  }

  private leaves(item: vscode.TestItem, out: vscode.TestItem[]): void {
    if (this.index.get(item.id)?.test) out.push(item);
    item.children.forEach((c) => this.leaves(c, out));
  }

  /** Runs the given items (or all) as the Test Explorer's Run would; resolves when the run ended. */
  runItems(items?: readonly vscode.TestItem[]): Promise<void> {
    return this.runTests(new vscode.TestRunRequest(items), new vscode.CancellationTokenSource().token);
  }

  private async runTests(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    if (this.index.size === 0) await this.refresh();
    const chosen: vscode.TestItem[] = [];
    if (request.include) for (const i of request.include) this.leaves(i, chosen);
    else this.controller.items.forEach((i) => this.leaves(i, chosen));
    const excluded = new Set<string>();
    for (const i of request.exclude ?? []) {
      const ex: vscode.TestItem[] = [];
      this.leaves(i, ex);
      for (const e of ex) excluded.add(e.id);
    }
    const byProject = new Map<string, { project: ProjectInfo; items: vscode.TestItem[] }>();
    for (const item of chosen) {
      if (excluded.has(item.id)) continue;
      const entry = this.index.get(item.id);
      if (!entry) continue;
      const g = byProject.get(entry.project.root) ?? { project: entry.project, items: [] };
      g.items.push(item);
      byProject.set(entry.project.root, g);
    }
    const run = this.controller.createTestRun(request);
    this.lastResults.clear();
    this.lastMessages.clear();
    try {
      for (const { project, items } of byProject.values()) {
        if (token.isCancellationRequested) break;
        for (const item of items) run.started(item);
        const names = [...new Set(items.map((i) => this.index.get(i.id)!.test!.name))];
        const outcome = await this.runs.run(project, { command: 'test', select: names, title: `test ${names.length === 1 ? names[0] : `${names.length} tests`}` });
        const results = new Map<string, NodeResult>((outcome?.results ?? []).map((r) => [r.uniqueId, r]));
        for (const item of items) {
          const r = results.get(item.id);
          if (!r) {
            this.lastResults.set(item.id, 'errored');
            run.errored(item, new vscode.TestMessage(outcome ? 'The run did not execute this test (was it disabled or deselected?).' : 'The run could not start; see the Bronze output.'));
            continue;
          }
          const ms = r.executionTime * 1000;
          if (r.status === 'pass' || r.status === 'warn') {
            // A warn-severity test passes the build; its failing rows still go to the test output.
            if (r.status === 'warn') run.appendOutput(`${failureText(r).replace(/\n/g, '\r\n')}\r\n`, undefined, item);
            this.lastResults.set(item.id, 'passed');
            run.passed(item, ms);
          } else if (r.status === 'skipped') {
            this.lastResults.set(item.id, 'skipped');
            run.skipped(item);
          } else {
            const text = failureText(r);
            const message = new vscode.TestMessage(text);
            if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
            this.lastMessages.set(item.id, text);
            this.lastResults.set(item.id, r.status === 'error' ? 'errored' : 'failed');
            if (r.status === 'error') run.errored(item, message, ms);
            else run.failed(item, message, ms);
          }
        }
      }
    } finally {
      run.end();
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
