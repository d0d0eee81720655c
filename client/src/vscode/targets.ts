// The targets a project's profile offers (for "Select target", secrets and the status bar), read with the
// engine's own profiles.yml loader so the extension and the CLI agree on which file and which default.
import { loadProfiles, profilesDirCandidates } from '../../../server/src/project/profiles';
import type { ProjectInfo } from './project-paths';

export interface TargetEntry {
  name: string;
  type: string;
}

export interface ProfileTargets {
  /** The profiles.yml used, or undefined when the project runs on the embedded default. */
  file: string | undefined;
  defaultTarget: string | undefined;
  targets: TargetEntry[];
}

export async function profileTargets(project: ProjectInfo, profilesDir?: string): Promise<ProfileTargets> {
  const profiles = await loadProfiles(profilesDirCandidates(project.root, profilesDir));
  const entry = profiles?.profiles[project.profile];
  if (!profiles || !entry) return { file: profiles?.path, defaultTarget: undefined, targets: [] };
  const targets = Object.entries(entry.outputs).map(([name, out]) => ({
    name,
    type: out && typeof out === 'object' && typeof (out as { type?: unknown }).type === 'string' ? (out as { type: string }).type : 'unknown',
  }));
  return { file: profiles.path, defaultTarget: entry.target ?? targets[0]?.name, targets };
}
