// `bronze deps` as dbt 1.7+ runs it: with a current package-lock.yml (its sha1_hash matches packages.yml) the
// lock is installed exactly; otherwise (or with `upgrade`) the entries are resolved and the lock rewritten;
// `lockOnly` stops after writing the lock. Everything is fetched and laid out in a scratch folder beside the
// install path first and swapped in at the end, so a failure leaves the previous dbt_packages/ untouched.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';
import { BronzeError } from '../../../server/src/core/types';
import type { Env } from '../../../server/src/project/profiles';
import { addPackage, type AddRequest } from './add';
import { HubClient, hubBaseUrl } from './hub';
import { lockEntry, readLock, writeLock } from './lock';
import { Resolver, type ResolvedPackage } from './resolve';
import { Sources } from './sources';
import { depsError, parsePackagesFile, viaText } from './spec';

export interface InstalledPackage {
  /** The package's project name (its folder under the install path). */
  name: string;
  kind: 'local' | 'git' | 'hub' | 'tarball';
  /** The path, URL or hub name as written. */
  source: string;
  /** git: the commit checked out; hub: the version installed. */
  resolved?: string;
  /** hub: the newest installable version, when newer than `resolved`. */
  newer?: string;
  /** Absolute folder the package was installed into (planned folder with `lockOnly`). */
  dir: string;
}

export interface DepsReport {
  packagesFile: string | undefined;
  installDir: string;
  installed: InstalledPackage[];
  /** Absolute path of package-lock.yml (undefined when there is nothing to install). */
  lockFile?: string;
  /** True when this run resolved the entries and rewrote the lock; false when it installed an existing lock. */
  relocked: boolean;
}

export interface DepsOptions {
  /** `symlink` links local packages instead of copying them (dbt's default); copies survive moving the project. */
  local?: 'copy' | 'symlink';
  /** git executable (default `git` on PATH). */
  git?: string;
  /** For hub and tarball downloads (default: global fetch). */
  fetch?: typeof fetch;
  /** Hub base URL (default DBT_PACKAGE_HUB_URL, else https://hub.getdbt.com/). */
  hubUrl?: string;
  /** Hub lookups give up after this many ms (default 10000), downloads after 12 times as long. */
  hubTimeoutMs?: number;
  /** Environment for env_var() in packages.yml and DBT_PACKAGE_HUB_URL (default process.env). */
  env?: Env;
  /** Re-resolve even when the lock is current (`bronze deps --upgrade`). */
  upgrade?: boolean;
  /** Only resolve and write the lock (`bronze deps --lock`). */
  lockOnly?: boolean;
  /** Add this entry to the packages file first (`bronze deps --add-package NAME@VERSION --source S`). */
  add?: AddRequest;
  log?: (line: string) => void;
}

async function projectInfo(root: string): Promise<{ name?: string; installDir: string }> {
  const text = await readFile(path.join(root, 'dbt_project.yml'), 'utf8').catch(() => undefined);
  if (text === undefined) throw depsError(`no dbt_project.yml in ${root}. Run \`bronze deps\` in a dbt project (or pass --project-dir).`);
  const doc = parseDocument(text);
  const v = isMap(doc.contents) ? (doc.toJSON() as Record<string, unknown>) : {};
  const p = typeof v['packages-install-path'] === 'string' ? v['packages-install-path'] : 'dbt_packages';
  return { ...(typeof v.name === 'string' ? { name: v.name } : {}), installDir: path.resolve(root, p) };
}

function kindOf(r: ResolvedPackage): InstalledPackage {
  const p = r.pinned;
  const base = { name: r.described.name, kind: p.kind, dir: '' };
  switch (p.kind) {
    case 'hub':
      return { ...base, source: p.package, resolved: p.version, ...(p.latest !== p.version ? { newer: p.latest } : {}) };
    case 'git':
      return { ...base, source: p.gitRaw, resolved: r.described.commit! };
    case 'local':
      return { ...base, source: p.local };
    case 'tarball':
      return { ...base, source: p.tarballRaw };
  }
}

/** dbt's checks: two packages may not install into one folder, nor take the root project's name. */
function checkNames(resolved: readonly ResolvedPackage[], rootName: string | undefined): void {
  const seen = new Map<string, ResolvedPackage>();
  for (const r of resolved) {
    const name = r.described.name;
    const o = r.pinned.origin;
    if (name === rootName) {
      throw depsError(`Found a dependency with the same name as the root project "${name}". Package names must be unique in a project. Please rename one of these packages.${viaText(o)}`, o);
    }
    const other = seen.get(name);
    if (other) {
      throw depsError(`Found duplicate project "${name}". This occurs when a dependency has the same project name as some other dependency.${viaText(o)} Keep one of the entries that install it.`, o);
    }
    seen.set(name, r);
  }
}

/** Fetches the packages (hub downloads happen here) and lays them out under `dest`. */
async function stage(resolved: readonly ResolvedPackage[], sources: Sources, dest: string, options: DepsOptions): Promise<void> {
  await mkdir(dest, { recursive: true });
  const dirs: string[] = [];
  for (const r of resolved) dirs.push((await sources.fetch(r.pinned)).dir);
  const within = (a: string, b: string): boolean => a === b || a.startsWith(b + path.sep);
  for (const [i, r] of resolved.entries()) {
    const from = dirs[i];
    // Two packages from one checkout where one folder holds the other (a repository and its subdirectory): copy.
    const overlaps = dirs.some((o, j) => j !== i && (within(o, from) || within(from, o)));
    const to = path.join(dest, r.described.name);
    if (r.pinned.kind === 'local' || overlaps) {
      if (r.pinned.kind === 'local' && options.local === 'symlink') await symlink(from, to, 'junction');
      else await cp(from, to, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
    } else {
      // Downloads live in the same scratch folder, so moving them is cheap (copying hundreds of files is not).
      await rename(from, to);
      await rm(path.join(to, '.git'), { recursive: true, force: true });
    }
  }
}

/** dbt's choice: dependencies.yml when it has a `packages:` key, else packages.yml; both having one is an error. */
async function choosePackagesFile(root: string): Promise<string | undefined> {
  const read = async (name: string): Promise<{ file: string; key?: { line: number } } | undefined> => {
    const file = path.join(root, name);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc });
    const pair = isMap(doc.contents) ? doc.contents.items.find((i) => isScalar(i.key) && i.key.value === 'packages') : undefined;
    const at = pair && isScalar(pair.key) && pair.key.range ? lc.linePos(pair.key.range[0]).line - 1 : undefined;
    return { file, ...(pair ? { key: { line: at ?? 0 } } : {}) };
  };
  const packages = await read('packages.yml');
  const dependencies = await read('dependencies.yml');
  if (packages?.key && dependencies?.key) {
    const line = dependencies.key.line;
    throw depsError("The 'packages' key cannot be specified in both packages.yml and dependencies.yml. Keep the entries in one of them.", { file: dependencies.file, range: { start: { line, character: 0 }, end: { line, character: 0 } } });
  }
  return dependencies?.key ? dependencies.file : packages?.file;
}

/**
 * Installs packages.yml (or dependencies.yml) and what it requires into the install path, through
 * package-lock.yml as dbt does. Throws a located BronzeError, and then leaves the install path as it was.
 */
export async function installDeps(projectDir: string, options: DepsOptions = {}): Promise<DepsReport> {
  const root = path.resolve(projectDir);
  const log = options.log ?? (() => undefined);
  const env = options.env ?? process.env;
  const { name: rootName, installDir } = await projectInfo(root);
  if (options.add) await addPackage((await choosePackagesFile(root)) ?? path.join(root, 'packages.yml'), options.add, log);
  const packagesFile = await choosePackagesFile(root);
  if (!packagesFile) {
    log('No packages.yml: nothing to install.');
    return { packagesFile: undefined, installDir, installed: [], relocked: false };
  }
  const parsed = parsePackagesFile(packagesFile, await readFile(packagesFile, 'utf8'), { env });
  if (parsed.specs.length === 0) {
    log(`No packages in ${path.basename(packagesFile)}: nothing to install.`);
    return { packagesFile, installDir, installed: [], relocked: false };
  }
  const lockFile = path.join(root, 'package-lock.yml');
  let lock;
  try {
    lock = options.upgrade ? undefined : await readLock(lockFile, env);
  } catch (e) {
    // A lock that cannot be read (say, with merge-conflict markers) is as good as none: resolve again and rewrite it.
    if (!(e instanceof BronzeError)) throw e;
    const at = e.location ? `:${e.location.range.start.line + 1}` : '';
    log(`Warning: package-lock.yml${at} cannot be read (${e.message.split('\n')[0]}); resolving ${path.basename(packagesFile)} again.`);
  }
  const relock = !lock || lock.lockHash !== parsed.hash;
  if (!relock && options.lockOnly) {
    log('package-lock.yml is up to date with packages.yml; nothing to do (use --upgrade to re-resolve).');
    return { packagesFile, installDir, installed: [], lockFile, relocked: false };
  }

  await mkdir(path.dirname(installDir), { recursive: true });
  const work = await mkdtemp(path.join(path.dirname(installDir), '.bronze-deps-'));
  try {
    const hub = new HubClient({ baseUrl: options.hubUrl ?? hubBaseUrl(env), ...(options.fetch ? { fetch: options.fetch } : {}), ...(options.hubTimeoutMs ? { timeoutMs: options.hubTimeoutMs } : {}) });
    const downloads = path.join(work, 'downloads');
    await mkdir(downloads);
    const sources = new Sources({ root, downloads, hub, log, env, ...(options.git ? { git: options.git } : {}) });
    const resolver = new Resolver(root, hub, sources, log);
    const resolved = relock ? await resolver.resolve(parsed.specs) : await resolver.fromLock(lock!.specs);
    checkNames(resolved, rootName);
    const installed = resolved.map((r) => ({ ...kindOf(r), dir: path.join(installDir, r.described.name) }));
    const relocking = async (): Promise<void> => {
      if (!relock) return;
      await writeLock(lockFile, resolved.map(lockEntry), parsed.hash);
      log(`Updated package-lock.yml (${resolved.length} package${resolved.length === 1 ? '' : 's'}).`);
    };
    if (options.lockOnly) {
      await relocking();
      return { packagesFile, installDir, installed, lockFile, relocked: relock };
    }
    // Everything is downloaded and laid out before the lock or dbt_packages/ change, so a failed download
    // leaves both as they were.
    const staged = path.join(work, 'install');
    await stage(resolved, sources, staged, options);
    await relocking();
    if (existsSync(installDir)) await rename(installDir, path.join(work, 'previous'));
    await rename(staged, installDir);
    for (const p of installed) {
      log(`Installed ${p.name}${p.resolved ? ` (${p.kind === 'git' ? p.resolved.slice(0, 12) : p.resolved})` : ''} from ${p.source}${p.newer ? `; version ${p.newer} is available` : ''}`);
    }
    return { packagesFile, installDir, installed, lockFile, relocked: relock };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
