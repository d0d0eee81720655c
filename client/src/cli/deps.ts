// `bronze deps`: installs packages.yml (or dependencies.yml) entries into the packages install path
// (dbt_packages/ by default) and records what was resolved in package-lock.yml, as dbt 1.7+ does.
//   local:   copied (or symlinked) from a path relative to the project
//   git:     cloned with the system git into a temp folder; the tree at `revision` (or `subdirectory` of it)
//            is copied without .git
//   package: dbt Hub packages, resolved through hub.getdbt.com when the network allows; otherwise the command
//            stops at once and names the package, suggesting a git or local entry instead.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, symlink, writeFile, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { LineCounter, parseDocument, stringify, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { BronzeError, type Range } from '../../../server/src/core/types';
import { projectDir as resolveProjectDir, type Io } from './context';
import type { CommonArgs } from './args';

const run = promisify(execFile);

export type PackageSpec =
  | { kind: 'local'; local: string; range: Range }
  | { kind: 'git'; git: string; revision?: string; subdirectory?: string; range: Range }
  | { kind: 'hub'; package: string; version?: string | string[]; range: Range };

export interface InstalledPackage {
  /** The package's project name (its folder under the install path). */
  name: string;
  kind: PackageSpec['kind'];
  /** The path, URL or hub name as written in packages.yml. */
  source: string;
  /** git: the commit checked out; hub: the version installed. */
  resolved?: string;
  /** Absolute folder the package was installed into. */
  dir: string;
}

export interface DepsReport {
  packagesFile: string | undefined;
  installDir: string;
  installed: InstalledPackage[];
  /** Absolute path of package-lock.yml (not written when there is nothing to install). */
  lockFile?: string;
}

export interface DepsOptions {
  /** `symlink` links local packages instead of copying them (dbt's default); copies survive moving the project. */
  local?: 'copy' | 'symlink';
  /** git executable (default `git` on PATH). */
  git?: string;
  /** For hub lookups (default: global fetch). */
  fetch?: typeof fetch;
  /** Hub lookups give up after this many ms (default 5000), so offline machines fail fast. */
  hubTimeoutMs?: number;
  log?: (line: string) => void;
}

export const HUB_API = 'https://hub.getdbt.com/api/v1';

function fail(message: string, file: string, range?: Range): never {
  throw new BronzeError(message, { file, range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, 'bronze/deps');
}

function rangeOf(node: YamlNode | null | undefined, lc: LineCounter): Range {
  const r = node?.range;
  if (!r) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const a = lc.linePos(r[0]);
  const b = lc.linePos(r[1]);
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

/** The package entries of packages.yml text, each with its place in the file. Throws a located BronzeError. */
export function parsePackagesFile(file: string, text: string): { specs: PackageSpec[]; hash: string } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const p = lc.linePos(e.pos[0]);
    fail(`${path.basename(file)} is not valid YAML: ${e.message.split('\n')[0]}`, file, { start: { line: p.line - 1, character: p.col - 1 }, end: { line: p.line - 1, character: p.col - 1 } });
  }
  const root = doc.contents;
  if (root === null || root === undefined) return { specs: [], hash: sha1('') };
  const list = isMap(root) ? root.get('packages', true) : undefined;
  if (!isMap(root) || (list !== undefined && list !== null && !isSeq(list))) {
    fail(`${path.basename(file)} must hold a \`packages:\` list, e.g.\npackages:\n  - git: https://github.com/org/repo.git\n    revision: v1.0.0`, file, rangeOf(root as YamlNode, lc));
  }
  const specs: PackageSpec[] = [];
  for (const item of isSeq(list) ? list.items : []) {
    const range = rangeOf(item as YamlNode, lc);
    const v = (item as YamlNode & { toJSON(): unknown }).toJSON() as Record<string, unknown> | null;
    if (!v || typeof v !== 'object' || Array.isArray(v)) fail('Each package entry must be a mapping with `local`, `git` or `package`.', file, range);
    const str = (k: string): string | undefined => {
      const x = v[k];
      if (x === undefined || x === null) return undefined;
      if (typeof x === 'string' || typeof x === 'number') return String(x);
      fail(`\`${k}\` of a package entry must be a string.`, file, range);
    };
    if (v.local !== undefined) specs.push({ kind: 'local', local: str('local')!, range });
    else if (v.git !== undefined) {
      const revision = str('revision');
      const subdirectory = str('subdirectory');
      specs.push({ kind: 'git', git: str('git')!, ...(revision ? { revision } : {}), ...(subdirectory ? { subdirectory } : {}), range });
    } else if (v.package !== undefined) {
      const version = Array.isArray(v.version) ? v.version.map(String) : str('version');
      specs.push({ kind: 'hub', package: str('package')!, ...(version ? { version } : {}), range });
    } else {
      fail('This package entry has none of `local:`, `git:` or `package:`; add one (e.g. `- local: ../my_package`).', file, range);
    }
  }
  // The lock is current while the entries are unchanged (whitespace and comments do not matter).
  return { specs, hash: sha1(JSON.stringify(specs.map(({ range: _r, ...s }) => s))) };
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

async function readProjectName(dir: string, what: string, file: string, range: Range): Promise<string> {
  const projectFile = path.join(dir, 'dbt_project.yml');
  let text: string;
  try {
    text = await readFile(projectFile, 'utf8');
  } catch {
    fail(`${what} has no dbt_project.yml at ${dir}. Point the entry at the folder of a dbt project (use \`subdirectory:\` for git repositories that keep it in a subfolder).`, file, range);
  }
  const doc = parseDocument(text);
  const name = isMap(doc.contents) ? doc.contents.get('name') : undefined;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    fail(`${what}: ${projectFile} needs a \`name:\` made of letters, digits and underscores.`, file, range);
  }
  return name;
}

async function copyTree(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(path.dirname(to), { recursive: true });
  await cp(from, to, { recursive: true, filter: (src) => path.basename(src) !== '.git' });
}

async function git(options: DepsOptions, args: string[], cwd?: string): Promise<string> {
  try {
    const { stdout } = await run(options.git ?? 'git', args, {
      cwd,
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
      // Never wait for a password prompt: a private repository must fail with git's message instead.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    });
    return stdout.trim();
  } catch (e) {
    const err = e as { code?: string; stderr?: string; message: string };
    if (err.code === 'ENOENT') throw new Error('git is not installed or not on PATH; install git to use `git:` packages');
    throw new Error((err.stderr || err.message).trim().split('\n').slice(-3).join(' '));
  }
}

async function installGit(spec: Extract<PackageSpec, { kind: 'git' }>, lockedRevision: string | undefined, installDir: string, file: string, options: DepsOptions): Promise<InstalledPackage> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bronze-deps-'));
  try {
    const checkout = path.join(tmp, 'repo');
    const url = /^[a-z][a-z0-9+.-]*:/i.test(spec.git) || path.isAbsolute(spec.git) || spec.git.startsWith('git@') ? spec.git : path.resolve(path.dirname(file), spec.git);
    const revision = lockedRevision ?? spec.revision;
    try {
      await git(options, ['clone', '--quiet', '--no-checkout', url, checkout]);
      if (revision) await git(options, ['checkout', '--quiet', revision], checkout);
      else await git(options, ['checkout', '--quiet'], checkout);
    } catch (e) {
      fail(`git package ${spec.git}${revision ? ` at revision ${revision}` : ''} could not be fetched: ${(e as Error).message}. Check the URL and the revision (a tag, branch or commit).`, file, spec.range);
    }
    const sha = await git(options, ['rev-parse', 'HEAD'], checkout);
    const tree = spec.subdirectory ? path.join(checkout, spec.subdirectory) : checkout;
    const name = await readProjectName(tree, `git package ${spec.git}${spec.subdirectory ? ` (subdirectory ${spec.subdirectory})` : ''}`, file, spec.range);
    const dir = path.join(installDir, name);
    await copyTree(tree, dir);
    return { name, kind: 'git', source: spec.git, resolved: sha, dir };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function installLocal(spec: Extract<PackageSpec, { kind: 'local' }>, root: string, installDir: string, file: string, options: DepsOptions): Promise<InstalledPackage> {
  const from = path.resolve(root, spec.local);
  if (!existsSync(from)) fail(`local package ${spec.local} does not exist (looked in ${from}). Fix the path; it is relative to the project folder.`, file, spec.range);
  const name = await readProjectName(from, `local package ${spec.local}`, file, spec.range);
  const dir = path.join(installDir, name);
  if (options.local === 'symlink') {
    await rm(dir, { recursive: true, force: true });
    await mkdir(installDir, { recursive: true });
    await symlink(from, dir, 'junction');
  } else {
    await copyTree(from, dir);
  }
  return { name, kind: 'local', source: spec.local, dir };
}

// --- dbt Hub ---------------------------------------------------------------------------------------------

function parseVersion(v: string): number[] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function cmp(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** True when `version` satisfies every constraint (`1.2.3`, `>=1.0.0`, `<2.0.0`, …). */
export function satisfies(version: string, constraints: readonly string[]): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  return constraints.every((c) => {
    const m = /^\s*(>=|<=|>|<|=|==)?\s*(.+)$/.exec(c);
    const target = m ? parseVersion(m[2]) : undefined;
    if (!m || !target) return false;
    const d = cmp(v, target);
    switch (m[1]) {
      case '>=': return d >= 0;
      case '<=': return d <= 0;
      case '>': return d > 0;
      case '<': return d < 0;
      default: return d === 0;
    }
  });
}

function hubAdvice(spec: Extract<PackageSpec, { kind: 'hub' }>): string {
  const repo = spec.package.split('/')[1] ?? spec.package;
  const builtIn = spec.package === 'dbt-labs/dbt_utils'
    ? ' Bronze already ships the dbt_utils macros and tests bronze projects use (expression_is_true, accepted_range, unique_combination_of_columns), so you may simply remove this entry.'
    : '';
  return `Replace it with a git entry (e.g. \`- git: https://github.com/${spec.package}.git\` with \`revision:\` a tag) or a \`local:\` copy of the package.${builtIn}`;
}

async function installHub(spec: Extract<PackageSpec, { kind: 'hub' }>, installDir: string, file: string, options: DepsOptions): Promise<InstalledPackage> {
  const doFetch = options.fetch ?? fetch;
  const timeout = options.hubTimeoutMs ?? 5000;
  const get = async (url: string): Promise<Response> => {
    const res = await doFetch(url, { signal: AbortSignal.timeout(timeout) });
    if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
    return res;
  };
  let index: { versions?: Record<string, { downloads?: { tarball?: string } }> };
  try {
    index = (await (await get(`${HUB_API}/${spec.package}.json`)).json()) as typeof index;
  } catch (e) {
    fail(`hub package ${spec.package} cannot be resolved: dbt Hub (hub.getdbt.com) is not reachable from here (${(e as Error).message}). ${hubAdvice(spec)}`, file, spec.range);
  }
  const constraints = spec.version === undefined ? [] : Array.isArray(spec.version) ? spec.version : [spec.version];
  const candidates = Object.keys(index.versions ?? {})
    .filter((v) => parseVersion(v) && satisfies(v, constraints))
    .sort((a, b) => cmp(parseVersion(b)!, parseVersion(a)!));
  const version = candidates[0];
  const tarball = version ? index.versions![version].downloads?.tarball : undefined;
  if (!version || !tarball) {
    fail(`hub package ${spec.package} has no version matching ${constraints.length ? constraints.join(', ') : 'any'}. Adjust \`version:\` in ${path.basename(file)}.`, file, spec.range);
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bronze-hub-'));
  try {
    const archive = path.join(tmp, 'package.tar.gz');
    try {
      await writeFile(archive, Buffer.from(await (await get(tarball)).arrayBuffer()));
      await run('tar', ['-xzf', archive, '-C', tmp], { timeout: 120_000 });
    } catch (e) {
      fail(`hub package ${spec.package} ${version} could not be downloaded or unpacked: ${(e as Error).message}. ${hubAdvice(spec)}`, file, spec.range);
    }
    // Hub tarballs hold one top-level folder (GitHub's `<repo>-<tag>/`).
    const top = (await readdir(tmp, { withFileTypes: true })).filter((d) => d.isDirectory());
    const tree = top.length === 1 ? path.join(tmp, top[0].name) : tmp;
    const name = await readProjectName(tree, `hub package ${spec.package} ${version}`, file, spec.range);
    const dir = path.join(installDir, name);
    await copyTree(tree, dir);
    return { name, kind: 'hub', source: spec.package, resolved: version, dir };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

// --- lock file and entry point ------------------------------------------------------------------------------

interface LockEntry {
  local?: string;
  git?: string;
  revision?: string;
  subdirectory?: string;
  package?: string;
  version?: string;
  name: string;
}

async function readLock(file: string): Promise<{ hash?: string; entries: LockEntry[] }> {
  try {
    const v = parseDocument(await readFile(file, 'utf8')).toJSON() as { sha1_hash?: unknown; packages?: unknown } | null;
    return { hash: typeof v?.sha1_hash === 'string' ? v.sha1_hash : undefined, entries: Array.isArray(v?.packages) ? (v!.packages as LockEntry[]) : [] };
  } catch {
    return { entries: [] };
  }
}

function lockEntry(spec: PackageSpec, p: InstalledPackage): LockEntry {
  if (spec.kind === 'local') return { local: spec.local, name: p.name };
  if (spec.kind === 'git') return { git: spec.git, revision: p.resolved!, ...(spec.subdirectory ? { subdirectory: spec.subdirectory } : {}), name: p.name };
  return { package: spec.package, version: p.resolved!, name: p.name };
}

async function installPathOf(root: string): Promise<string> {
  const text = await readFile(path.join(root, 'dbt_project.yml'), 'utf8').catch(() => undefined);
  if (text === undefined) throw new BronzeError(`no dbt_project.yml in ${root}. Run \`bronze deps\` in a dbt project (or pass --project-dir).`, undefined, 'bronze/deps');
  const v = parseDocument(text).toJSON() as Record<string, unknown> | null;
  const p = v && typeof v['packages-install-path'] === 'string' ? (v['packages-install-path'] as string) : 'dbt_packages';
  return path.resolve(root, p);
}

/**
 * Installs every packages.yml (or dependencies.yml) entry into the install path and writes package-lock.yml.
 * While packages.yml is unchanged, git packages are installed at the commits the lock recorded.
 */
export async function installDeps(projectDir: string, options: DepsOptions = {}): Promise<DepsReport> {
  const root = path.resolve(projectDir);
  const log = options.log ?? (() => undefined);
  const installDir = await installPathOf(root);
  const packagesFile = ['packages.yml', 'dependencies.yml'].map((f) => path.join(root, f)).find((f) => existsSync(f));
  if (!packagesFile) {
    log('No packages.yml: nothing to install.');
    return { packagesFile: undefined, installDir, installed: [] };
  }
  const { specs, hash } = parsePackagesFile(packagesFile, await readFile(packagesFile, 'utf8'));
  const lockFile = path.join(root, 'package-lock.yml');
  const lock = await readLock(lockFile);
  const locked = lock.hash === hash ? lock.entries : [];

  const installed: InstalledPackage[] = [];
  const entries: LockEntry[] = [];
  const seen = new Map<string, PackageSpec>();
  for (const spec of specs) {
    let p: InstalledPackage;
    if (spec.kind === 'local') p = await installLocal(spec, root, installDir, packagesFile, options);
    else if (spec.kind === 'git') {
      const pin = locked.find((e) => e.git === spec.git && (e.subdirectory ?? undefined) === spec.subdirectory)?.revision;
      p = await installGit(spec, pin, installDir, packagesFile, options);
    } else p = await installHub(spec, installDir, packagesFile, options);
    if (seen.has(p.name)) {
      fail(`Two entries install a package named '${p.name}'; keep one of them.`, packagesFile, spec.range);
    }
    seen.set(p.name, spec);
    installed.push(p);
    entries.push(lockEntry(spec, p));
    log(`Installed ${p.name}${p.resolved ? ` (${p.kind === 'git' ? p.resolved.slice(0, 12) : p.resolved})` : ''} from ${p.source}`);
  }
  await writeFile(lockFile, stringify({ packages: entries, sha1_hash: hash }));
  return { packagesFile, installDir, installed, lockFile };
}

/** `bronze deps`: exit status 0 when every package installed. */
export async function depsCommand(args: CommonArgs, io: Io): Promise<number> {
  const report = await installDeps(resolveProjectDir(args), { log: (l) => io.err(l) });
  if (args.output === 'json') {
    io.out(JSON.stringify(report.installed.map((p) => ({ name: p.name, kind: p.kind, source: p.source, resolved: p.resolved ?? null, dir: p.dir }))));
  } else if (report.installed.length > 0) {
    io.out(`Installed ${report.installed.length} package${report.installed.length === 1 ? '' : 's'} into ${path.relative(process.cwd(), report.installDir) || report.installDir}.`);
  }
  return 0;
}
