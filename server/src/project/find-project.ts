// Locating dbt projects: the nearest dbt_project.yml above a file (one project), and every project under a
// folder (multi-root workspaces, monorepos).
import { existsSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const PROJECT_FILE = 'dbt_project.yml';

/** Folders never searched for projects: installed packages, build output, VCS and node internals. */
export const SKIPPED_DIRS = new Set(['node_modules', 'dbt_packages', 'dbt_modules', 'target', '.git', '.bronze', 'logs']);

/** The folder holding the nearest dbt_project.yml at or above `start` (a file or folder), or undefined. */
export function findProjectRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  if (!existsSync(dir) || !isDirSync(dir)) dir = path.dirname(dir);
  for (;;) {
    if (existsSync(path.join(dir, PROJECT_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isDirSync(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Every folder under `root` (inclusive) holding a dbt_project.yml, sorted; skips SKIPPED_DIRS. */
export async function findProjects(root: string, maxDepth = 8): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === PROJECT_FILE)) found.push(dir);
    if (depth >= maxDepth) return;
    await Promise.all(
      entries
        .filter((e) => e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.'))
        .map((e) => walk(path.join(dir, e.name), depth + 1)),
    );
  }
  const s = await stat(root).catch(() => undefined);
  if (!s?.isDirectory()) return [];
  await walk(path.resolve(root), 0);
  return found.sort();
}
