// The window's project list as plain state, apart from VS Code's APIs so it can be unit tested: scans may overlap
// (watcher events, folder changes, commands), and only the newest scan may set the list; a project whose
// dbt_project.yml is gone leaves the list even when no watcher reported the deletion.
import type { ProjectInfo } from './project-paths';

export class ProjectList {
  private list: ProjectInfo[] = [];
  private started = 0;
  private applied = 0;

  get all(): readonly ProjectInfo[] {
    return this.list;
  }

  /**
   * Runs one scan and applies its result unless a newer scan has been applied already (an older scan can finish
   * after a newer one and would bring back a deleted project). Resolves to whether the list changed.
   */
  async scan(find: () => Promise<ProjectInfo[]>): Promise<boolean> {
    const generation = ++this.started;
    const found = await find();
    if (generation < this.applied) return false;
    this.applied = generation;
    return this.replace(found);
  }

  /** Drops the projects whose dbt_project.yml no longer exists; resolves to whether the list changed. */
  async prune(exists: (root: string) => Promise<boolean>): Promise<boolean> {
    const present = await Promise.all(this.list.map((p) => exists(p.root)));
    if (present.every(Boolean)) return false;
    return this.replace(this.list.filter((_, i) => present[i]));
  }

  private replace(found: ProjectInfo[]): boolean {
    const sorted = [...found].sort((a, b) => a.root.localeCompare(b.root));
    if (JSON.stringify(sorted) === JSON.stringify(this.list)) return false;
    this.list = sorted;
    return true;
  }
}
