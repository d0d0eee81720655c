// The entries of packages.yml / dependencies.yml / package-lock.yml, each with the place it was written, and
// dbt's `sha1_hash` of them (the same value dbt writes, so a lock written by dbt stays current for Bronze).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { BronzeError, type Range } from '../../../server/src/core/types';
import { renderProfileString, type Env } from '../../../server/src/project/profiles';

/** Where an entry was written, and the chain of packages that required it (empty for the project's own). */
export interface SpecOrigin {
  file: string;
  range: Range;
  requiredBy: string[];
}

interface Common {
  origin: SpecOrigin;
  /** The entry as written (before `{{ env_var() }}` rendering): hashed, and written back to the lock. */
  raw: Record<string, unknown>;
  /** The entry with its strings rendered (what dbt hashes beside `unrendered`). */
  rendered: Record<string, unknown>;
}

export type PackageSpec =
  | (Common & { kind: 'local'; local: string })
  | (Common & { kind: 'git'; git: string; revision?: string; subdirectory?: string; warnUnpinned: boolean })
  | (Common & { kind: 'hub'; package: string; versions: string[]; installPrerelease: boolean })
  | (Common & { kind: 'tarball'; tarball: string; name: string });

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function depsError(message: string, origin?: { file: string; range?: Range }): BronzeError {
  return new BronzeError(message, origin ? { file: origin.file, range: origin.range ?? ZERO } : undefined, 'bronze/deps');
}

/** `in acme/acme_reports (required by …)` for entries that came from a package, '' for the project's own. */
export function viaText(origin: SpecOrigin): string {
  return origin.requiredBy.length ? ` (required by ${origin.requiredBy.join(' <- ')})` : '';
}

function rangeOf(node: YamlNode | null | undefined, lc: LineCounter): Range {
  const r = node?.range;
  if (!r) return ZERO;
  const a = lc.linePos(r[0]);
  const b = lc.linePos(r[1]);
  return { start: { line: a.line - 1, character: a.col - 1 }, end: { line: b.line - 1, character: b.col - 1 } };
}

export interface ParsedPackages {
  specs: PackageSpec[];
  /** dbt's sha1_hash of the entries. */
  hash: string;
  /** package-lock.yml's recorded sha1_hash (only when parsing a lock). */
  lockHash?: string;
}

export interface ParseOptions {
  /** The packages that required this file's entries (for messages). */
  requiredBy?: string[];
  /** Environment for `{{ env_var('X') }}` in values (default process.env). */
  env?: Env;
  /** The origin to report instead of this file (a fetched package's file lives in a temporary folder). */
  reportAs?: SpecOrigin;
}

/** The package entries of packages.yml (or dependencies.yml, or package-lock.yml) text. Throws a located BronzeError. */
export function parsePackagesFile(file: string, text: string, options: ParseOptions = {}): ParsedPackages {
  const base = path.basename(file);
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const where = (range: Range): { file: string; range: Range } => options.reportAs ?? { file, range };
  const nested = options.reportAs ? ` of ${options.requiredBy?.[0] ?? 'a package'}` : '';
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const p = lc.linePos(e.pos[0]);
    const at = { start: { line: p.line - 1, character: p.col - 1 }, end: { line: p.line - 1, character: p.col - 1 } };
    throw depsError(`${base}${nested} is not valid YAML: ${e.message.split('\n')[0]}`, where(at));
  }
  const root = doc.contents;
  if (root === null || root === undefined) return { specs: [], hash: dbtHash([]) };
  const list = isMap(root) ? root.get('packages', true) : undefined;
  if (!isMap(root) || (list !== undefined && list !== null && !isSeq(list))) {
    throw depsError(`${base}${nested} must hold a \`packages:\` list, e.g.\npackages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]`, where(rangeOf(root as YamlNode, lc)));
  }
  const lockHashValue = root.get('sha1_hash');
  const specs: PackageSpec[] = [];
  for (const item of isSeq(list) ? list.items : []) {
    const range = rangeOf(item as YamlNode, lc);
    const origin: SpecOrigin = { ...where(range), requiredBy: options.requiredBy ?? [] };
    const raw = plain(item);
    specs.push(entryToSpec(raw, origin, options.env ?? process.env, `${base}${nested}`));
  }
  return { specs, hash: dbtHash(specs), ...(typeof lockHashValue === 'string' ? { lockHash: lockHashValue } : {}) };
}

/**
 * A YAML float as dbt (Python) reads it: `revision: 1.0` is the text "1.0" and hashes as 1.0, where a JavaScript
 * number would print "1". Integers stay numbers.
 */
export class PyFloat {
  constructor(readonly value: number) {}
  toString(): string {
    return Number.isInteger(this.value) && Math.abs(this.value) < 1e16 ? `${this.value}.0` : String(this.value);
  }
}

/** The value of a YAML node, with floats as PyFloat. */
function plain(node: unknown): unknown {
  if (isScalar(node)) {
    const src = (node as { source?: unknown }).source;
    return typeof node.value === 'number' && typeof src === 'string' && /[.eE]/.test(src) && Number.isFinite(node.value) ? new PyFloat(node.value) : node.value;
  }
  if (isSeq(node)) return node.items.map(plain);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) out[String(isScalar(pair.key) ? pair.key.value : pair.key)] = plain(pair.value);
    return out;
  }
  return (node as { toJSON?: () => unknown } | null)?.toJSON?.() ?? node;
}

function entryToSpec(raw: unknown, origin: SpecOrigin, env: Env, fileText: string): PackageSpec {
  const fail = (message: string): never => {
    throw depsError(message + viaText(origin), origin);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(`Each entry of ${fileText} must be a mapping with \`package:\`, \`git:\`, \`local:\` or \`tarball:\`.`);
  const v = raw as Record<string, unknown>;
  const str = (k: string, required = false): string | undefined => {
    const x = v[k];
    if (x === undefined || x === null) {
      if (required) fail(`A ${kindWord(v)} package is missing the \`${k}:\` value. It is a required property.`);
      return undefined;
    }
    if (typeof x !== 'string' && typeof x !== 'number' && !(x instanceof PyFloat)) fail(`\`${k}:\` of a package entry must be a string, got ${JSON.stringify(x)}.`);
    const r = renderProfileString(String(x), env);
    // The renderer is profiles.yml's (env_var() and literals, as dbt's package renderer allows); name this file.
    if (!r.ok) return fail(`\`${k}:\` of a package entry: ${r.message.replace(/profiles\.yml/g, fileText)}`);
    const s = String(r.value);
    if (s === '' && required) fail(`A ${kindWord(v)} package is missing the value. It is a required property.`);
    return s;
  };
  const bool = (...keys: string[]): boolean | undefined => {
    for (const k of keys) {
      const x = v[k];
      if (x === undefined || x === null) continue;
      if (typeof x === 'boolean') return x;
      const r = renderProfileString(String(x), env);
      const s = r.ok ? String(r.value) : String(x);
      if (/^(true|false)$/i.test(s)) return /^true$/i.test(s);
      fail(`\`${k}:\` of a package entry must be true or false, got ${JSON.stringify(x)}.`);
    }
    return undefined;
  };
  if (v.private !== undefined) fail(`Cannot resolve private package ${String(v.private)} because git provider integration is missing. Please use a "git" package instead.`);
  if (v.package !== undefined) {
    const pkg = str('package', true)!;
    const version = v.version;
    if (version === undefined || version === null || version === '' || (Array.isArray(version) && version.length === 0)) {
      fail(`${pkg} is missing the version. When installing from the Hub package index, version is a required property.`);
    }
    if (!pkg.includes('/')) fail(`${pkg} was not found in the package index. Packages on the index require a namespace, e.g dbt-labs/dbt_utils.`);
    const versions = (Array.isArray(version) ? version : [version]).map((x) => {
      const r = renderProfileString(String(x), env);
      return r.ok ? String(r.value) : String(x);
    });
    return { kind: 'hub', package: pkg, versions, installPrerelease: bool('install-prerelease', 'install_prerelease') ?? false, origin, raw: v, rendered: renderStrings(v, env) };
  }
  if (v.git !== undefined) {
    const revision = str('revision');
    const subdirectory = str('subdirectory');
    return { kind: 'git', git: str('git', true)!, ...(revision !== undefined ? { revision } : {}), ...(subdirectory ? { subdirectory } : {}), warnUnpinned: bool('warn-unpinned', 'warn_unpinned') !== false, origin, raw: v, rendered: renderStrings(v, env) };
  }
  if (v.local !== undefined) return { kind: 'local', local: str('local', true)!, origin, raw: v, rendered: renderStrings(v, env) };
  if (v.tarball !== undefined) {
    const name = str('name');
    if (!name) fail('A tarball package needs `name:` (the folder it installs into), e.g.\n  - tarball: https://example.com/pkg.tar.gz\n    name: my_package');
    if (!isFolderName(name!)) fail(`\`name: ${name}\` of a tarball package is the folder it installs into under dbt_packages/; use a plain name such as my_package.`);
    return { kind: 'tarball', tarball: str('tarball', true)!, name: name!, origin, raw: v, rendered: renderStrings(v, env) };
  }
  return fail(`This entry of ${fileText} has none of \`package:\`, \`git:\`, \`local:\` or \`tarball:\`; add one (e.g. \`- package: dbt-labs/dbt_utils\` with \`version:\`).`);
}

/** A single folder name: no separators, not `.` or `..` (a package must not install outside dbt_packages/). */
export function isFolderName(name: string): boolean {
  return /^[^/\\\0]+$/.test(name) && name !== '.' && name !== '..';
}

function kindWord(v: Record<string, unknown>): string {
  return v.package !== undefined ? 'hub' : v.git !== undefined ? 'git' : v.tarball !== undefined ? 'tarball' : 'local';
}

// --- dbt's sha1_hash ----------------------------------------------------------------------------------------
// dbt hashes each entry's full contract (every field, unset ones as null, plus `unrendered`: the entry as
// written), serialised as Python's json.dumps(sort_keys=True), sorts those lines and hashes them joined by \n.

/** `value` with every string rendered (`{{ env_var() }}`); strings that do not render stay as written. */
function renderStrings(value: Record<string, unknown>, env: Env): Record<string, unknown> {
  const one = (x: unknown): unknown => {
    if (typeof x === 'string') {
      const r = renderProfileString(x, env);
      return r.ok ? r.value : x;
    }
    if (Array.isArray(x)) return x.map(one);
    if (x instanceof PyFloat || x === null || typeof x !== 'object') return x;
    return renderStrings(x as Record<string, unknown>, env);
  };
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, one(x)]));
}

function contract(s: PackageSpec): Record<string, unknown> {
  const v = s.rendered;
  const opt = (k: string): unknown => (v[k] === undefined ? null : v[k]);
  const name = v.name === undefined || v.name === null ? {} : { name: v.name };
  switch (s.kind) {
    case 'local':
      return { local: v.local, unrendered: s.raw, ...name };
    case 'tarball':
      return { tarball: v.tarball, name: v.name, unrendered: s.raw };
    case 'git':
      return { git: v.git, revision: opt('revision'), 'warn-unpinned': opt('warn-unpinned'), subdirectory: opt('subdirectory'), unrendered: s.raw, ...name };
    case 'hub':
      return { package: v.package, version: v.version, install_prerelease: v.install_prerelease ?? false, unrendered: s.raw, ...name };
  }
}

/** Python's json.dumps(value, sort_keys=True): `, ` and `: ` separators, non-ASCII escaped. */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || value instanceof PyFloat) return String(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const o = value as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${pythonJson(k)}: ${pythonJson(o[k])}`).join(', ')}}`;
}

export function dbtHash(specs: readonly PackageSpec[]): string {
  const lines = specs.map((s) => pythonJson(contract(s))).sort();
  return createHash('sha1').update(lines.join('\n'), 'utf8').digest('hex');
}
