// `bronze.deferManifest` as the folder the runner's `--state` takes. Pure (no vscode import), so it is unit-tested
// and the settings module stays light at activation.
import { basename, dirname, isAbsolute, resolve } from 'node:path';

/** A manifest.json file or its folder, relative to the project root or absolute; blank means no deferral. */
export function deferStateFolder(setting: string, projectRoot: string): string | undefined {
  const value = setting.trim();
  if (value === '') return undefined;
  const full = isAbsolute(value) ? value : resolve(projectRoot, value);
  return basename(full).toLowerCase().endsWith('.json') ? dirname(full) : full;
}
