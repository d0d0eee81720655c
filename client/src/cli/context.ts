// What every CLI command shares: the resolved project folder, output streams, and the request for the engine.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findProjectRoot } from '../../../server/src/project';
import type { ProjectRequest } from '../run/runner';
import { UsageError, type CommonArgs } from './args';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** `--project-dir`, else the nearest dbt_project.yml upward from the working directory. */
export function projectDir(args: CommonArgs): string {
  if (args.projectDir) {
    const dir = resolve(args.projectDir);
    if (!existsSync(resolve(dir, 'dbt_project.yml'))) {
      throw new UsageError(`no dbt_project.yml in ${dir}. Pass --project-dir with the folder that holds dbt_project.yml.`);
    }
    return dir;
  }
  const found = findProjectRoot(process.cwd());
  if (!found) {
    throw new UsageError(
      `no dbt_project.yml in ${process.cwd()} or any folder above it. Run inside a dbt project, pass --project-dir DIR, or create one with 'bronze demo'.`,
    );
  }
  return found;
}

export function projectRequest(args: CommonArgs): ProjectRequest {
  // --lock-timeout reaches the DuckDB driver as a target field (connect.ts reads it).
  const targetOverrides = args.lockTimeout !== undefined ? { lock_timeout: args.lockTimeout } : undefined;
  return { projectDir: projectDir(args), profilesDir: args.profilesDir, target: args.target, vars: args.vars, ...(targetOverrides ? { targetOverrides } : {}) };
}
