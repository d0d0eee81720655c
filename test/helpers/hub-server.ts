// A dbt Hub stand-in on 127.0.0.1 for `bronze deps` tests: it serves the index, per-package JSON and .tar.gz
// archives built at test time from fixture packages, in the shape dbt Hub answers (GitHub-style archives with a
// global pax header and one top-level folder). Requests are recorded so tests can assert what was asked for.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'yaml';

// --- a minimal tar writer ------------------------------------------------------------------------------------

function header(name: string, size: number, type: string, linkname = ''): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number): void => void h.write(s.slice(0, len), off, len, 'utf8');
  const oct = (n: number, off: number, len: number): void => put(`${n.toString(8).padStart(len - 1, '0')}\0`, off, len);
  put(name, 0, 100);
  oct(type === '5' ? 0o755 : 0o644, 100, 8);
  oct(0, 108, 8);
  oct(0, 116, 8);
  oct(size, 124, 12);
  oct(0, 136, 12);
  h.fill(0x20, 148, 156);
  put(type, 156, 1);
  put(linkname, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return h;
}

function block(name: string, data: Buffer, type: string, linkname?: string): Buffer[] {
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return [header(name, data.length, type, linkname), data, pad];
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let len = body.length + 1;
  while (`${len}${body}`.length !== len) len++;
  return Buffer.from(`${len}${body}`);
}

/** A .tar.gz holding `files` under the folder `top/`, as GitHub's archives do. Paths over 100 bytes get a pax header. */
export function tarGz(top: string, files: Record<string, string | Buffer>, extra: { raw?: { name: string; data: string; type?: string; linkname?: string }[] } = {}): Buffer {
  const parts: Buffer[] = [...block('pax_global_header', paxRecord('comment', 'fixture'), 'g'), ...block(`${top}/`, Buffer.alloc(0), '5')];
  for (const [rel, content] of Object.entries(files)) {
    const name = `${top}/${rel}`;
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    if (Buffer.byteLength(name) > 100) parts.push(...block('PaxHeader', paxRecord('path', name), 'x'));
    parts.push(...block(name.slice(0, 100), data, '0'));
  }
  for (const r of extra.raw ?? []) parts.push(...block(r.name, Buffer.from(r.data), r.type ?? '0', r.linkname));
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

// --- the hub -------------------------------------------------------------------------------------------------

export interface FixturePackage {
  /** `org/package` as on the hub. */
  id: string;
  version: string;
  /** The project name (dbt_project.yml `name`, the hub's `name`). */
  name: string;
  files: Record<string, string>;
  /** The hub's `packages` list: the package's own dependencies. */
  packages?: { package: string; version: string | string[] }[];
  requireDbtVersion?: string[];
  /** Serve this instead of the archive built from `files` (to test bad downloads). */
  archive?: Buffer;
  /** Advertise this sha1 instead of the archive's. */
  sha1?: string;
  /** The hub's `redirectnamespace`/`redirectname`: the package moved to this `org/name`. */
  movedTo?: string;
}

export interface TestHub {
  /** Base URL ending in `/`, as DBT_PACKAGE_HUB_URL. */
  url: string;
  requests: string[];
  /** Extra files served at `${url}files/<name>`. */
  files: Map<string, Buffer>;
  /** Answer HTTP 503 this many more times for a path (a flaky hub). */
  failures: Map<string, number>;
  close(): Promise<void>;
}

/** Serves `packages` (read at each request, so a test may publish a new version by pushing to it). */
export async function startHub(packages: FixturePackage[]): Promise<TestHub> {
  const files = new Map<string, Buffer>();
  const failures = new Map<string, number>();
  const requests: string[] = [];
  const built = new Map<string, Buffer>();
  const archive = (p: FixturePackage): Buffer => {
    const key = `${p.id}/${p.version}`;
    if (!built.has(key)) built.set(key, p.archive ?? tarGz(`${p.id.split('/')[1].replace(/_/g, '-')}-${p.version}`, p.files));
    return built.get(key)!;
  };
  let base = '';
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const send = (status: number, body: Buffer | string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const failing = failures.get(url) ?? 0;
    if (failing > 0) {
      failures.set(url, failing - 1);
      return send(503, 'busy', 'text/plain');
    }
    if (url === '/api/v1/index.json') return send(200, JSON.stringify([...new Set(packages.map((p) => p.id))]));
    const pkg = /^\/api\/v1\/([^/]+\/[^/]+)\.json$/.exec(url);
    if (pkg) {
      const mine = packages.filter((p) => p.id === pkg[1]);
      if (mine.length === 0) return send(404, '{"error": "not found"}');
      const versions: Record<string, unknown> = {};
      for (const p of mine) {
        versions[p.version] = {
          id: `${p.id}/${p.version}`,
          name: p.name,
          version: p.version,
          packages: p.packages ?? [],
          require_dbt_version: p.requireDbtVersion ?? [],
          works_with: [],
          downloads: { tarball: `${base}tarballs/${p.id}/${p.version}.tar.gz`, format: 'tgz', sha1: p.sha1 ?? createHash('sha1').update(archive(p)).digest('hex') },
        };
      }
      const moved = mine[0].movedTo?.split('/');
      const redirect = moved ? { redirectnamespace: moved[0], redirectname: moved[1] } : {};
      return send(200, JSON.stringify({ name: mine[0].name, namespace: pkg[1].split('/')[0], description: '', latest: mine[mine.length - 1].version, versions, ...redirect }));
    }
    const tar = /^\/tarballs\/(.+)\.tar\.gz$/.exec(url);
    const served = tar ? packages.find((p) => `${p.id}/${p.version}` === tar[1]) : undefined;
    if (served) return send(200, archive(served), 'application/gzip');
    const file = /^\/files\/(.+)$/.exec(url);
    if (file && files.has(file[1])) return send(200, files.get(file[1])!, 'application/octet-stream');
    send(404, 'not found', 'text/plain');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    requests,
    files,
    failures,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The fixture packages under `dir`, laid out as `<org>/<package>/<version>/` project folders. Like the real hub
 * (whose index is generated from each release), a version's `packages` come from its packages.yml and its
 * `require_dbt_version` from dbt_project.yml's `require-dbt-version`.
 */
export function loadFixturePackages(dir: string): FixturePackage[] {
  const out: FixturePackage[] = [];
  const walk = (folder: string, prefix = ''): Record<string, string> => {
    const files: Record<string, string> = {};
    for (const e of readdirSync(folder, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) Object.assign(files, walk(path.join(folder, e.name), rel));
      else files[rel] = readFileSync(path.join(folder, e.name), 'utf8');
    }
    return files;
  };
  for (const org of readdirSync(dir).sort()) {
    if (!statSync(path.join(dir, org)).isDirectory()) continue;
    for (const pkg of readdirSync(path.join(dir, org)).sort()) {
      for (const version of readdirSync(path.join(dir, org, pkg)).sort()) {
        const files = walk(path.join(dir, org, pkg, version));
        const project = parse(files['dbt_project.yml']) as { name: string; 'require-dbt-version'?: string | string[] };
        const deps = files['packages.yml'] ? ((parse(files['packages.yml']) as { packages?: FixturePackage['packages'] }).packages ?? []) : [];
        const req = project['require-dbt-version'];
        out.push({ id: `${org}/${pkg}`, version, name: project.name, files, packages: deps, ...(req ? { requireDbtVersion: Array.isArray(req) ? req : [req] } : {}) });
      }
    }
  }
  return out;
}
