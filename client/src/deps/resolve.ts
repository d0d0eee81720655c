// Resolution as dbt does it: entries naming the same package (hub name, git URL with or without `.git` plus
// subdirectory, local path, tarball URL) are merged; hub version ranges are intersected and the highest
// installable version inside them is taken; each package's own dependencies join the next round, until no new
// package appears. Each pinned package's dependencies are read once, so cycles end.
import path from 'node:path';
import { BronzeError } from '../../../server/src/core/types';
import { DBT_COMPAT_RANGE, HubError, type HubClient } from './hub';
import { highestMatching, installableVersions, parseSpecifier, rangeText, reduceVersions, SemverError, VersionsNotCompatibleError, type Specifier } from './semver';
import { depsError, viaText, type PackageSpec } from './spec';
import { pinnedText, type Described, type Pinned, type Sources } from './sources';

export interface ResolvedPackage {
  pinned: Pinned;
  described: Described;
}

function keyOf(s: PackageSpec, root: string): string {
  switch (s.kind) {
    case 'hub':
      return `hub:${s.package}`;
    case 'git':
      return `git:${s.git.replace(/\.git$/, '')}${s.subdirectory ? `/${s.subdirectory}` : ''}`;
    case 'local':
      return `local:${path.resolve(root, s.local)}`;
    case 'tarball':
      return `tarball:${s.tarball}`;
  }
}

function placeText(s: PackageSpec, root: string): string {
  return s.origin.requiredBy.length ? s.origin.requiredBy[0] : `${path.relative(root, s.origin.file) || s.origin.file}:${s.origin.range.start.line + 1}`;
}

export class Resolver {
  constructor(
    private readonly root: string,
    private readonly hub: HubClient,
    private readonly sources: Sources,
    private readonly log: (line: string) => void,
  ) {}

  private hubFailure(e: unknown, s: PackageSpec): never {
    if (!(e instanceof HubError)) throw e;
    const how = e.unreachable
      ? ' dbt Hub is not reachable from here. Connect to the network and run `bronze deps` again, set DBT_PACKAGE_HUB_URL to a reachable hub mirror, or replace the entry with a `git:` or `local:` copy of the package.'
      : ' The hub (DBT_PACKAGE_HUB_URL) did not answer as dbt Hub does; check that the URL points at a dbt package hub.';
    const pkg = s.kind === 'hub' ? s.package : '';
    // Bronze runs the dbt_utils tests projects use most without the package (see compile/tests.ts).
    const builtIn = pkg === 'dbt-labs/dbt_utils' && e.unreachable ? ' Bronze already ships the dbt_utils tests most projects use (expression_is_true, accepted_range, unique_combination_of_columns), so for those alone you may remove this entry.' : '';
    throw depsError(`hub package ${pkg} cannot be resolved: ${e.message}${viaText(s.origin)}.${how}${builtIn}`, s.origin);
  }

  /** Pins the merged entries of one package (all of `specs` name the same package). */
  async pin(specs: readonly PackageSpec[]): Promise<Pinned> {
    const first = specs[0];
    switch (first.kind) {
      case 'local':
        return { kind: 'local', local: first.local, origin: first.origin };
      case 'tarball':
        return { kind: 'tarball', tarball: first.tarball, tarballRaw: String(first.raw.tarball), name: first.name, origin: first.origin };
      case 'git': {
        const revisions = [...new Set(specs.flatMap((s) => (s.kind === 'git' && s.revision !== undefined ? [s.revision] : [])))];
        if (revisions.length > 1) {
          const name = `${first.git}${first.subdirectory ? `/${first.subdirectory}` : ''}`;
          const who = specs.map((s) => `${s.kind === 'git' ? s.revision ?? 'HEAD' : ''} from ${placeText(s, this.root)}`).join('; ');
          throw depsError(`git dependencies should contain exactly one version. ${name} contains: {${revisions.map((r) => `'${r}'`).join(', ')}} (${who}). Make the entries ask for the same revision.`, first.origin);
        }
        const warnUnpinned = specs.every((s) => s.kind !== 'git' || s.warnUnpinned);
        return { kind: 'git', git: first.git, gitRaw: String(first.raw.git), revision: revisions[0] ?? 'HEAD', ...(first.subdirectory ? { subdirectory: first.subdirectory } : {}), warnUnpinned, origin: first.origin };
      }
      case 'hub':
        return this.pinHub(first.package, specs as Extract<PackageSpec, { kind: 'hub' }>[]);
    }
  }

  private async pinHub(pkg: string, specs: Extract<PackageSpec, { kind: 'hub' }>[]): Promise<Pinned> {
    const first = specs[0];
    const constraints: Specifier[] = [];
    for (const s of specs) {
      for (const v of s.versions) {
        try {
          constraints.push(parseSpecifier(v));
        } catch (e) {
          if (!(e instanceof SemverError)) throw e;
          throw depsError(`hub package ${pkg}: ${e.message}${viaText(s.origin)} Write a version like 1.2.3 or a range like [">=1.0.0", "<2.0.0"].`, s.origin);
        }
      }
    }
    try {
      if (!(await this.hub.has(pkg))) {
        throw depsError(`Package ${pkg} was not found in the package index${viaText(first.origin)}. Check the name on hub.getdbt.com (it is \`org/package\`), or use a \`git:\` entry for packages that are not on the hub.`, first.origin);
      }
    } catch (e) {
      this.hubFailure(e, first);
    }
    let range;
    try {
      range = reduceVersions(constraints);
    } catch (e) {
      if (!(e instanceof VersionsNotCompatibleError)) throw e;
      const who = specs.map((s) => `${s.versions.join(', ')} from ${placeText(s, this.root)}`).join('; ');
      throw depsError(`Version error for package ${pkg}: ${e.message}\n  Requested: ${who}.\n  Change the ranges so that one version satisfies all of them.`, first.origin);
    }
    let info;
    try {
      info = await this.hub.package(pkg);
    } catch (e) {
      this.hubFailure(e, first);
    }
    if (info.redirect && info.redirect !== pkg) {
      this.log(`Warning: hub package ${pkg} has moved to ${info.redirect}; update the entry.`);
    }
    const compatible = [...info.versions].filter(([, v]) => v.requireDbtVersion.length === 0 || satisfiesDbt(v.requireDbtVersion)).map(([k]) => k);
    // dbt: the first entry's install-prerelease decides, and naming a prerelease in a range allows them too.
    const allowPre = first.installPrerelease || constraints.some((c) => c.prerelease !== undefined);
    const installable = installableVersions(compatible, allowPre);
    const version = highestMatching(range, installable);
    if (!version) {
      const list = `[${installable.map((v) => `'${v}'`).join(', ')}]`;
      const hidden = compatible.length < info.versions.size ? `\n  Not shown: package versions whose require_dbt_version admits no dbt 1.x release (Bronze follows dbt 1.x)` : '';
      throw depsError(`Could not find a matching compatible version for package ${pkg}\n  Requested range: ${rangeText(range)}\n  Compatible versions: ${list}${hidden}\n  Adjust \`version:\`${viaText(first.origin)}.`, first.origin);
    }
    return { kind: 'hub', package: pkg, version, latest: installable[installable.length - 1], meta: info.versions.get(version)!, origin: first.origin };
  }

  /** Resolves the project's entries and everything they require. */
  async resolve(rootSpecs: readonly PackageSpec[]): Promise<ResolvedPackage[]> {
    const merged = new Map<string, PackageSpec[]>();
    const expanded = new Set<string>();
    let pending: readonly PackageSpec[] = rootSpecs;
    while (pending.length > 0) {
      const next: PackageSpec[] = [];
      for (const spec of pending) {
        const key = keyOf(spec, this.root);
        const specs = merged.get(key) ?? [];
        specs.push(spec);
        merged.set(key, specs);
        const pinned = await this.pin(specs);
        const id = `${pinned.kind}:${pinnedText(pinned)}`;
        if (expanded.has(id)) continue;
        expanded.add(id);
        next.push(...(await this.sources.describe(pinned)).packages);
      }
      pending = next;
    }
    const out: ResolvedPackage[] = [];
    for (const specs of merged.values()) {
      const pinned = await this.pin(specs);
      out.push({ pinned, described: await this.sources.describe(pinned) });
    }
    return out;
  }

  /** Pins the entries of package-lock.yml as they are: no merging beyond dbt's, no dependencies. */
  async fromLock(lockSpecs: readonly PackageSpec[]): Promise<ResolvedPackage[]> {
    const merged = new Map<string, PackageSpec[]>();
    for (const s of lockSpecs) merged.set(keyOf(s, this.root), [...(merged.get(keyOf(s, this.root)) ?? []), s]);
    const out: ResolvedPackage[] = [];
    for (const specs of merged.values()) {
      try {
        const pinned = await this.pin(specs);
        out.push({ pinned, described: await this.sources.describe(pinned) });
      } catch (e) {
        if (e instanceof BronzeError) {
          throw new BronzeError(`${e.message}\nThis entry is from package-lock.yml: run \`bronze deps --upgrade\` to resolve packages.yml again.`, e.location, e.code);
        }
        throw e;
      }
    }
    return out;
  }
}

function satisfiesDbt(required: readonly string[]): boolean {
  try {
    reduceVersions([...required, ...DBT_COMPAT_RANGE].map((r) => parseSpecifier(r.trim())));
    return true;
  } catch (e) {
    // A require_dbt_version that is not a semver range is not something dbt can check either; treat it as met.
    return e instanceof SemverError;
  }
}
