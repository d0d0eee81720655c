// The targets a project's profile offers (for "Select target", secrets and the status bar), read with the
// engine's own profiles.yml loader so the extension and the CLI agree on which file and which default. The
// built-in `local` (the embedded DuckDB; with a profile, its offline twin) is always offered.
import { loadProfiles, profilesDirCandidates, TWIN_TARGET_NAME } from '../../../server/src/project/profiles';
import type { ProjectInfo } from './project-paths';

export interface TargetEntry {
  name: string;
  type: string;
  /** The built-in `local` target, not an output of profiles.yml. */
  builtIn?: boolean;
}

export interface ProfileTargets {
  /** The profiles.yml used, or undefined when the project runs on the embedded default. */
  file: string | undefined;
  defaultTarget: string | undefined;
  targets: TargetEntry[];
}

const BUILT_IN_LOCAL: TargetEntry = { name: TWIN_TARGET_NAME, type: 'duckdb', builtIn: true };

export async function profileTargets(project: ProjectInfo, profilesDir?: string): Promise<ProfileTargets> {
  const profiles = await loadProfiles(profilesDirCandidates(project.root, profilesDir));
  const entry = profiles?.profiles[project.profile];
  // Without the profile the engine runs on the embedded DuckDB, which is `local`.
  if (!profiles || !entry) return { file: profiles?.path, defaultTarget: TWIN_TARGET_NAME, targets: [BUILT_IN_LOCAL] };
  const targets: TargetEntry[] = Object.entries(entry.outputs).map(([name, out]) => ({
    name,
    type: out && typeof out === 'object' && typeof (out as { type?: unknown }).type === 'string' ? (out as { type: string }).type : 'unknown',
  }));
  const defaultTarget = entry.target ?? targets[0]?.name ?? TWIN_TARGET_NAME;
  // A profile's own `local` output replaces the built-in one, as it does in the engine.
  if (!targets.some((t) => t.name === TWIN_TARGET_NAME)) targets.push(BUILT_IN_LOCAL);
  return { file: profiles.path, defaultTarget, targets };
}
