// package-lock.yml as dbt 1.7+ writes it: every installed package (the project's entries, then what they
// require) with what was resolved — hub `version`, git `revision` (the commit) — and its project `name`, keys
// sorted, then `sha1_hash` of the packages.yml entries it was resolved from.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { ResolvedPackage } from './resolve';
import { parsePackagesFile, type ParsedPackages } from './spec';
import type { Env } from '../../../server/src/project/profiles';

export type LockEntry = Record<string, string>;

export function lockEntry({ pinned: p, described }: ResolvedPackage): LockEntry {
  switch (p.kind) {
    case 'hub':
      return { package: p.package, version: p.version, name: described.name };
    case 'git':
      // The URL as written (an `{{ env_var() }}` token stays a reference, never the secret).
      return { git: p.gitRaw, revision: described.commit!, ...(p.subdirectory ? { subdirectory: p.subdirectory } : {}), name: described.name };
    case 'local':
      return { local: p.local, name: described.name };
    case 'tarball':
      return { tarball: p.tarballRaw, name: described.name };
  }
}

export function lockText(entries: readonly LockEntry[], hash: string): string {
  return stringify({ packages: entries, sha1_hash: hash }, { sortMapEntries: true, lineWidth: 0, singleQuote: true, indentSeq: true });
}

/** Writes the lock through a temporary file, so a failed write never leaves half a lock. */
export async function writeLock(file: string, entries: readonly LockEntry[], hash: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, lockText(entries, hash));
  await rename(tmp, file);
}

/** The lock's entries and recorded hash; undefined when there is no lock. Throws a located error for a broken one. */
export async function readLock(file: string, env?: Env): Promise<ParsedPackages | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  return parsePackagesFile(file, text, env ? { env } : {});
}
