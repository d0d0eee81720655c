// One status bar item: the active project's target and the last run's result; clicking it selects a target.
import * as vscode from 'vscode';
import { statusText, type LastRun } from './status-text';

export type { LastRun };

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('bronze.status', vscode.StatusBarAlignment.Left, 50);
  private target = '';
  private last: LastRun | undefined;
  private running = false;

  constructor() {
    this.item.name = 'Bronze';
    this.item.command = 'bronze.selectTarget';
  }

  update(opts: { target?: string; last?: LastRun; running?: boolean; visible?: boolean }): void {
    if (opts.target !== undefined) this.target = opts.target;
    if (opts.last !== undefined) this.last = opts.last;
    if (opts.running !== undefined) this.running = opts.running;
    this.item.text = statusText(this.target, this.last, this.running);
    const lastLine = this.last
      ? `Last ${this.last.command}: PASS=${this.last.pass} WARN=${this.last.warn} ERROR=${this.last.error} SKIP=${this.last.skip} in ${this.last.elapsedSeconds.toFixed(1)}s`
      : 'No run yet in this window';
    this.item.tooltip = `Bronze target: ${this.target}\n${lastLine}\nClick to select another target.`;
    this.item.backgroundColor = this.last && !this.last.ok && !this.last.cancelled && !this.running ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (opts.visible === false) this.item.hide();
    else if (opts.visible === true || this.target) this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
