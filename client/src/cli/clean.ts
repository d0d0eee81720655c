// `bronze clean`: deletes the project's `clean-targets` (dbt's default: the target path). Like dbt it refuses
// paths outside the project and the project's own source folders, so a typo cannot delete models.
import { existsSync, rmSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadProjectConfigOnly } from './project-config';
import { UsageError, type CommonArgs } from './args';
import { projectDir, type Io } from './context';

export interface CleanPlan {
  /** Absolute paths to delete, in the order the project lists them. */
  remove: string[];
  /** Why a listed path is refused (outside the project, or one of its source folders). */
  refused: string[];
}

/** Decides what `clean` may delete; pure, so the refusals are tested without touching the disk. */
export function planClean(root: string, targets: readonly string[], protectedPaths: readonly string[]): CleanPlan {
  const plan: CleanPlan = { remove: [], refused: [] };
  const guarded = new Set(protectedPaths.map((p) => resolve(root, p)));
  guarded.add(resolve(root));
  for (const t of targets) {
    const abs = resolve(root, t);
    const rel = relative(root, abs);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      plan.refused.push(`${t}: outside the project (or the project itself); bronze clean deletes only folders inside ${root}`);
    } else if ([...guarded].some((g) => g === abs || relative(abs, g).split(/[\\/]/)[0] !== '..')) {
      plan.refused.push(`${t}: it is (or holds) one of the project's source folders; remove it from clean-targets`);
    } else {
      plan.remove.push(abs);
    }
  }
  return plan;
}

export async function cleanCommand(args: CommonArgs, io: Io): Promise<number> {
  const root = projectDir(args);
  const config = loadProjectConfigOnly(root);
  const plan = planClean(root, config.cleanTargets, config.sourcePaths);
  if (plan.refused.length > 0) throw new UsageError(`bronze clean: not cleaning:\n  ${plan.refused.join('\n  ')}`);
  for (const abs of plan.remove) {
    const rel = relative(root, abs);
    if (!existsSync(abs)) {
      io.err(`  ${rel}/ does not exist`);
      continue;
    }
    rmSync(abs, { recursive: true, force: true });
    io.err(`  cleaned ${rel}/`);
  }
  io.err('bronze clean: finished.');
  return 0;
}
