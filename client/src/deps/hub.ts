// dbt Hub client, speaking the protocol dbt's registry client uses:
//   GET {base}api/v1/index.json          → ["org/name", …]   (is the package on the hub at all?)
//   GET {base}api/v1/{org}/{name}.json   → { name, versions: { "1.2.3": { name, packages, downloads: { tarball, sha1? },
//                                            require_dbt_version?, … } }, redirectnamespace?, redirectname? }
// `base` is DBT_PACKAGE_HUB_URL or https://hub.getdbt.com/. Answers are fetched once per run.
import { createHash } from 'node:crypto';
import { isFolderName } from './spec';

export const DEFAULT_HUB_URL = 'https://hub.getdbt.com/';

/**
 * Bronze follows dbt 1.x: a hub version is skipped (as dbt skips versions that need another dbt) when its
 * require_dbt_version admits no 1.x release. Checking against one fixed 1.x version instead would refuse
 * packages that current dbt 1.x releases install (e.g. ones requiring >=1.10.5).
 */
export const DBT_COMPAT_RANGE: readonly string[] = ['>=1.0.0', '<2.0.0'];

export interface HubVersion {
  /** The package's project name: its folder under dbt_packages/. */
  name: string;
  /** Its dependencies, as packages.yml entries. */
  packages: unknown[];
  tarball: string;
  sha1?: string;
  requireDbtVersion: string[];
}

export interface HubPackage {
  name: string;
  versions: Map<string, HubVersion>;
  /** `org/name` the hub says the package moved to. */
  redirect?: string;
}

/** The hub could not be reached or answered something that is not the protocol. */
export class HubError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
    /** Worth asking again (a reset connection, a 5xx answer). */
    readonly transient = false,
  ) {
    super(message);
  }
}

export interface HubClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Index and package lookups give up after this many ms (default 10000: an offline machine fails fast); downloads get 12 times as long. */
  timeoutMs?: number;
  /** Pause before the second try (doubled before the third); default 500 ms. */
  retryDelayMs?: number;
}

export function hubBaseUrl(env: Record<string, string | undefined> = process.env): string {
  const base = env.DBT_PACKAGE_HUB_URL || DEFAULT_HUB_URL;
  // dbt appends `api/v1/…` to the value as is; a missing slash would only make every request fail.
  return base.endsWith('/') ? base : `${base}/`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class HubClient {
  readonly baseUrl: string;
  private readonly doFetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retryDelayMs: number;
  private index?: Promise<Set<string>>;
  private readonly packages = new Map<string, Promise<HubPackage>>();

  constructor(options: HubClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? hubBaseUrl();
    this.doFetch = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retryDelayMs = options.retryDelayMs ?? 500;
  }

  /** GET with dbt's patience for a flaky hub: a reset connection or a 5xx answer is tried again (3 tries in all). */
  private async get(url: string, timeoutMs = this.timeoutMs): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.getOnce(url, timeoutMs);
      } catch (e) {
        if (!(e instanceof HubError) || !e.transient || attempt >= 3) throw e;
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * attempt));
      }
    }
  }

  private async getOnce(url: string, timeoutMs: number): Promise<Response> {
    let res: Response;
    try {
      res = await this.doFetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const code = err.cause?.code;
      const cause = code ?? err.cause?.message ?? err.message;
      // Refused, unknown host, or no answer in time: the machine is offline or the URL is wrong; fail at once.
      const transient = code !== undefined && ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code);
      throw new HubError(`${url} could not be reached (${err.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : cause})`, true, transient);
    }
    if (!res.ok) throw new HubError(`${url} answered HTTP ${res.status}`, res.status >= 500, res.status >= 500);
    return res;
  }

  private async json(url: string): Promise<unknown> {
    const res = await this.get(url);
    const body = await res.text();
    try {
      return JSON.parse(body) as unknown;
    } catch {
      throw new HubError(`${url} did not answer JSON (got ${JSON.stringify(body.slice(0, 80))})`, false);
    }
  }

  /** True when `org/name` is listed in the hub's index. */
  async has(pkg: string): Promise<boolean> {
    this.index ??= (async () => {
      const url = `${this.baseUrl}api/v1/index.json`;
      const v = await this.json(url);
      if (!Array.isArray(v)) throw new HubError(`${url} did not answer a list of package names`, false);
      return new Set(v.filter((x): x is string => typeof x === 'string'));
    })();
    return (await this.index).has(pkg);
  }

  /** Every version the hub lists for `org/name`. */
  package(pkg: string): Promise<HubPackage> {
    let p = this.packages.get(pkg);
    if (!p) {
      p = this.fetchPackage(pkg);
      this.packages.set(pkg, p);
    }
    return p;
  }

  private async fetchPackage(pkg: string): Promise<HubPackage> {
    const url = `${this.baseUrl}api/v1/${pkg}.json`;
    const v = await this.json(url);
    if (!isRecord(v) || typeof v.name !== 'string' || !isRecord(v.versions)) {
      throw new HubError(`${url} did not answer a package description (with \`name\` and \`versions\`)`, false);
    }
    const versions = new Map<string, HubVersion>();
    for (const [version, info] of Object.entries(v.versions)) {
      if (!isRecord(info) || typeof info.name !== 'string' || !Array.isArray(info.packages) || !isRecord(info.downloads) || typeof info.downloads.tarball !== 'string') {
        throw new HubError(`${url}: version ${version} lacks \`name\`, \`packages\` or \`downloads.tarball\``, false);
      }
      if (!isFolderName(info.name)) throw new HubError(`${url}: version ${version} has the name ${JSON.stringify(info.name)}, which is not a folder name`, false);
      const req = info.require_dbt_version;
      versions.set(version, {
        name: info.name,
        packages: info.packages,
        tarball: info.downloads.tarball,
        ...(typeof info.downloads.sha1 === 'string' && info.downloads.sha1 ? { sha1: info.downloads.sha1.toLowerCase() } : {}),
        requireDbtVersion: Array.isArray(req) ? req.map(String) : typeof req === 'string' && req ? [req] : [],
      });
    }
    const moved = typeof v.redirectnamespace === 'string' || typeof v.redirectname === 'string';
    const ns = typeof v.redirectnamespace === 'string' ? v.redirectnamespace : typeof v.namespace === 'string' ? v.namespace : pkg.split('/')[0];
    const nm = typeof v.redirectname === 'string' ? v.redirectname : v.name;
    return { name: v.name, versions, ...(moved ? { redirect: `${ns}/${nm}` } : {}) };
  }

  /** Downloads a tarball; checks it against the hub's sha1 when the hub gives one. */
  async download(url: string, sha1?: string): Promise<Buffer> {
    const res = await this.get(url, this.timeoutMs * 12);
    let body: Buffer;
    try {
      body = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      throw new HubError(`${url}: the download broke off (${(e as Error).message})`, true);
    }
    if (sha1) {
      const got = createHash('sha1').update(body).digest('hex');
      if (got !== sha1) throw new HubError(`${url}: the download's sha1 is ${got}, but the hub lists ${sha1} (a corrupted or replaced archive)`, false);
    }
    return body;
  }
}
