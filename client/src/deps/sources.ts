// Fetching one pinned package into the run's downloads folder and reading what dbt reads of it: its project
// name (the folder it installs into) and its own dependencies (packages.yml or dependencies.yml; for hub
// packages the hub's `packages` list).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseDocument, isMap } from 'yaml';
import type { Env } from '../../../server/src/project/profiles';
import { HubClient, HubError, type HubVersion } from './hub';
import { depsError, parsePackagesFile, viaText, type PackageSpec, type SpecOrigin } from './spec';
import { extractSingleFolder, TarError } from './tar';

const run = promisify(execFile);

export type Pinned =
  | { kind: 'hub'; package: string; version: string; latest: string; meta: HubVersion; origin: SpecOrigin }
  | { kind: 'git'; git: string; gitRaw: string; revision: string; subdirectory?: string; warnUnpinned: boolean; origin: SpecOrigin }
  | { kind: 'local'; local: string; origin: SpecOrigin }
  | { kind: 'tarball'; tarball: string; tarballRaw: string; name: string; origin: SpecOrigin };

/** What resolution needs of a package: its name and dependencies (for hub packages, from the hub alone). */
export interface Described {
  /** The package's project name: its folder under the install path. */
  name: string;
  /** Its own dependencies. */
  packages: PackageSpec[];
  /** git: the commit checked out. */
  commit?: string;
}

export interface Fetched extends Described {
  /** The folder holding the package (for local packages: the package itself). */
  dir: string;
}

/** How a pinned package is named in messages and in `required by` chains. */
export function pinnedText(p: Pinned): string {
  switch (p.kind) {
    case 'hub':
      return `${p.package}@${p.version}`;
    case 'git':
      return `${p.gitRaw}${p.subdirectory ? `/${p.subdirectory}` : ''}@${p.revision}`;
    case 'local':
      return p.local;
    case 'tarball':
      return p.tarballRaw;
  }
}

export interface SourcesOptions {
  /** The root project folder: local paths are relative to it (as dbt resolves them, also for nested packages). */
  root: string;
  /** A scratch folder for checkouts and unpacked archives. */
  downloads: string;
  hub: HubClient;
  git?: string;
  env?: Env;
  log: (line: string) => void;
}

export class Sources {
  private readonly fetched = new Map<string, Promise<Fetched>>();
  private readonly clones = new Map<string, Promise<{ dir: string; commit: string }>>();
  private seq = 0;

  constructor(private readonly o: SourcesOptions) {}

  /** Name and dependencies; hub packages are described by the hub without downloading them (as dbt does). */
  async describe(p: Pinned): Promise<Described> {
    if (p.kind !== 'hub') return this.fetch(p);
    return { name: p.meta.name, packages: this.hubDependencies(p) };
  }

  private hubDependencies(p: Extract<Pinned, { kind: 'hub' }>): PackageSpec[] {
    const requiredBy = [pinnedText(p), ...p.origin.requiredBy];
    const file = `${this.o.hub.baseUrl}api/v1/${p.package}.json`;
    return p.meta.packages.map((entry) => parsePackagesFile(file, JSON.stringify({ packages: [entry] }), { requiredBy, reportAs: { ...p.origin, requiredBy }, ...(this.o.env ? { env: this.o.env } : {}) }).specs[0]);
  }

  /** The package on disk (downloaded, checked out or unpacked once per run), with its name and dependencies. */
  fetch(p: Pinned): Promise<Fetched> {
    const id = `${p.kind}:${pinnedText(p)}`;
    let f = this.fetched.get(id);
    if (!f) {
      f = this.fetchOnce(p);
      this.fetched.set(id, f);
    }
    return f;
  }

  /** A fresh folder in the downloads area. */
  private scratch(label: string): string {
    return path.join(this.o.downloads, `${++this.seq}-${label.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 60)}`);
  }

  private async fetchOnce(p: Pinned): Promise<Fetched> {
    const via = viaText(p.origin);
    switch (p.kind) {
      case 'local': {
        const dir = path.resolve(this.o.root, p.local);
        if (!existsSync(dir) || !(await stat(dir)).isDirectory()) {
          throw depsError(`local package ${p.local} does not exist (looked in ${dir})${via}. Fix the path; it is relative to the project folder.`, p.origin);
        }
        return { dir, ...(await this.readProject(dir, p, `local package ${p.local}`)) };
      }
      case 'git': {
        const { dir: checkout, commit } = await this.clone(p);
        const dir = p.subdirectory ? path.join(checkout, p.subdirectory) : checkout;
        // Through symbolic links too: the folder is moved into dbt_packages/ and its .git removed.
        const real = existsSync(dir) ? await realpath(dir) : dir;
        const rel = path.relative(await realpath(checkout), real);
        if (rel.startsWith('..') || path.isAbsolute(rel)) {
          throw depsError(`git package ${p.gitRaw}: subdirectory ${p.subdirectory} points outside the repository${via}. Give a folder inside it.`, p.origin);
        }
        if (p.subdirectory && !existsSync(dir)) {
          throw depsError(`git package ${p.gitRaw} has no subdirectory ${p.subdirectory} at revision ${p.revision}${via}. Fix \`subdirectory:\`.`, p.origin);
        }
        if (p.warnUnpinned && ['HEAD', 'main', 'master'].includes(p.revision)) {
          this.o.log(`Warning: git package ${p.gitRaw} is not pinned (revision ${p.revision}): it can change without warning. Pin a tag or commit, or set \`warn-unpinned: false\`.`);
        }
        const what = `git package ${p.gitRaw}${p.subdirectory ? ` (subdirectory ${p.subdirectory})` : ''}`;
        return { dir, commit, ...(await this.readProject(dir, p, what)) };
      }
      case 'tarball': {
        const dir = this.scratch(p.name);
        await this.unpack(await this.download(p, p.tarball), dir, p, `tarball ${p.tarballRaw}`);
        const project = await this.readProject(dir, p, `tarball package ${p.tarballRaw}`);
        // dbt installs a tarball under the entry's `name:`, whatever its dbt_project.yml says.
        return { dir, name: p.name, packages: project.packages };
      }
      case 'hub': {
        const dir = this.scratch(`${p.package}-${p.version}`);
        await this.unpack(await this.download(p, p.meta.tarball, p.meta.sha1), dir, p, `hub package ${p.package} ${p.version}`);
        return { dir, name: p.meta.name, packages: this.hubDependencies(p) };
      }
    }
  }

  private async download(p: Pinned, url: string, sha1?: string): Promise<Buffer> {
    try {
      return await this.o.hub.download(url, sha1);
    } catch (e) {
      if (!(e instanceof HubError)) throw e;
      const what = p.kind === 'hub' ? `hub package ${p.package} ${p.version}` : `tarball package ${url}`;
      const offline = e.unreachable ? ' The network (or that server) is not reachable from here; run `bronze deps` again when it is.' : '';
      throw depsError(`${what} could not be downloaded: ${e.message}${viaText(p.origin)}.${offline}`, p.origin);
    }
  }

  private async unpack(gz: Buffer, dir: string, p: Pinned, what: string): Promise<void> {
    try {
      const skipped = await extractSingleFolder(gz, dir);
      if (skipped.length) this.o.log(`Warning: ${what} holds links that lead outside it or are not files; left out: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}`);
    } catch (e) {
      if (!(e instanceof TarError)) throw e;
      throw depsError(`${what} is not a usable package archive: ${e.message}${viaText(p.origin)}. Nothing was installed.`, p.origin);
    }
  }

  private clone(p: Extract<Pinned, { kind: 'git' }>): Promise<{ dir: string; commit: string }> {
    const url = /^[a-z][a-z0-9+.-]*:/i.test(p.git) || path.isAbsolute(p.git) || /^[^/]+@[^/]+:/.test(p.git) ? p.git : path.resolve(this.o.root, p.git);
    const id = `${url}@${p.revision}`;
    let c = this.clones.get(id);
    if (!c) {
      c = (async () => {
        const dir = this.scratch(path.basename(url));
        await mkdir(path.dirname(dir), { recursive: true });
        try {
          await this.git(['clone', '--quiet', '--no-checkout', url, dir]);
          await this.git(p.revision === 'HEAD' ? ['checkout', '--quiet'] : ['checkout', '--quiet', p.revision], dir);
        } catch (e) {
          throw depsError(`git package ${p.gitRaw} at revision ${p.revision} could not be fetched: ${(e as Error).message}${viaText(p.origin)}. Check the URL and the revision (a tag, branch or commit).`, p.origin);
        }
        return { dir, commit: await this.git(['rev-parse', 'HEAD'], dir) };
      })();
      this.clones.set(id, c);
    }
    return c;
  }

  private async git(args: string[], cwd?: string): Promise<string> {
    try {
      const { stdout } = await run(this.o.git ?? 'git', args, {
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

  /** The project name and dependencies of a package folder. */
  private async readProject(dir: string, p: Pinned, what: string): Promise<{ name: string; packages: PackageSpec[] }> {
    const via = viaText(p.origin);
    const projectFile = path.join(dir, 'dbt_project.yml');
    const text = await readFile(projectFile, 'utf8').catch(() => undefined);
    if (text === undefined) {
      throw depsError(`${what} has no dbt_project.yml${via}. Point the entry at the folder of a dbt project (use \`subdirectory:\` for git repositories that keep it in a subfolder).`, p.origin);
    }
    const doc = parseDocument(text);
    const name = isMap(doc.contents) ? doc.contents.get('name') : undefined;
    if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw depsError(`${what}: its dbt_project.yml needs a \`name:\` made of letters, digits and underscores${via}.`, p.origin);
    }
    const requiredBy = [pinnedText(p), ...p.origin.requiredBy];
    for (const file of ['packages.yml', 'dependencies.yml']) {
      const deps = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
      if (deps === undefined) continue;
      const parsed = parsePackagesFile(path.join(dir, file), deps, { requiredBy, reportAs: { ...p.origin, requiredBy }, ...(this.o.env ? { env: this.o.env } : {}) });
      return { name, packages: parsed.specs };
    }
    return { name, packages: [] };
  }
}
