// "Bronze: Sample sources into the local target": the CLI's `bronze sample` (synthetic rows from the project, or rows
// copied from a Snowflake target of the profile) with a cancellable progress notification; every line it prints
// goes to the Bronze output channel.
import * as vscode from 'vscode';
import type { ProjectInfo } from './project-paths';
import { readSettings } from './settings';

export interface SampleChoice {
  /** undefined: synthetic rows; else the profile target rows are copied from. */
  from?: string;
  rows: number;
}

/** Arguments of `bronze sample` for a choice (the destination is always the embedded target `local`). */
export function sampleArgv(project: ProjectInfo, choice: SampleChoice, profilesDir?: string): string[] {
  const argv = ['sample', '--project-dir', project.root, '--target', 'local', '--rows', String(choice.rows)];
  if (profilesDir) argv.push('--profiles-dir', profilesDir);
  if (choice.from) argv.push('--from', choice.from);
  else argv.push('--synthetic');
  return argv;
}

/** Asks what to sample (unless given) and runs it; resolves to the command's exit status, or undefined if dismissed. */
export async function sampleSources(project: ProjectInfo, output: vscode.OutputChannel, given?: SampleChoice): Promise<number | undefined> {
  const profilesDir = readSettings(project).profilesDir;
  let choice = given;
  if (!choice) {
    const { profileTargets } = await import('./targets');
    const found = await profileTargets(project, profilesDir);
    const picks: Array<vscode.QuickPickItem & { from?: string }> = [
      { label: 'Synthetic rows', description: 'made from the project: declared columns, tests, relationships' },
      ...found.targets.filter((t) => t.type === 'snowflake').map((t) => ({ label: `Copy from ${t.name}`, description: 'newest rows of each source, through snowflake-sdk', from: t.name })),
    ];
    const pick = await vscode.window.showQuickPick(picks, { placeHolder: `Fill the local target of ${project.name} with RAW rows` });
    if (!pick) return undefined;
    const rows = await vscode.window.showInputBox({
      prompt: 'Rows per source table',
      value: '10000',
      validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? undefined : 'A whole number above 0'),
    });
    if (!rows) return undefined;
    choice = { from: pick.from, rows: Number(rows) };
  }
  const argv = sampleArgv(project, choice, profilesDir);
  const [{ parseArgs }, { sampleCommand }] = await Promise.all([import('../cli/args'), import('../cli/sample')]);
  const args = parseArgs(argv, () => ({}));
  output.appendLine(`bronze ${argv.join(' ')}`);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Bronze: sampling sources of ${project.name} into local`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const io = {
        out: (t: string) => output.appendLine(t),
        err: (t: string) => {
          output.appendLine(t);
          progress.report({ message: t.replace(/\s+/g, ' ').slice(0, 120) });
        },
      };
      try {
        const code = await sampleCommand(args, io, controller.signal);
        if (code === 0) void vscode.window.showInformationMessage(`Bronze: sampled the sources of ${project.name} into the local target.`);
        else void vscode.window.showWarningMessage('Bronze: some sources were left out of the sample; the Bronze output says which and why.');
        return code;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        output.appendLine(`error: ${message}`);
        void vscode.window.showErrorMessage(`Bronze: sampling failed: ${message}`);
        return 2;
      }
    },
  );
}
