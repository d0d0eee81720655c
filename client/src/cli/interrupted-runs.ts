// Before any command on a project: a run a killed process left unfinished is recorded (run_results.json, and the
// audit trail at the next warehouse connection) and reported, so nobody reads the previous results as complete.
import { isAbsolute, join } from 'node:path';
import { describeInterrupted, reconcileInterruptedRuns } from '../run/interrupted';
import type { CommonArgs } from './args';
import { projectDir, type Io } from './context';
import { loadProjectConfigOnly } from './project-config';

export function reportInterruptedRuns(args: CommonArgs, io: Io): void {
  let root: string;
  let targetPath: string;
  try {
    root = projectDir(args);
    targetPath = loadProjectConfigOnly(root).targetPath;
  } catch {
    // No project here (help, demo) or an unreadable dbt_project.yml: the command itself says so.
    return;
  }
  for (const run of reconcileInterruptedRuns(isAbsolute(targetPath) ? targetPath : join(root, targetPath))) io.err(describeInterrupted(run));
}
