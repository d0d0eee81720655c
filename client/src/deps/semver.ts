// Package version constraints with dbt's rules (dbt-common's semver): `1.2.3`, `=1.2.3`, `>=1.0.0`, `<2.0.0`,
// prereleases as `1.0.0-rc1` or `1.0.0rc1`. Two dbt-specific rules that differ from plain semver matter here:
// `<2.0.0` also excludes 2.0.0's prereleases, and prerelease tags compare part by part (numbers before words),
// then by length. Error texts follow dbt's so users can search them.

export type Matcher = '=' | '>' | '>=' | '<' | '<=';

export interface Specifier {
  matcher: Matcher;
  major: number;
  minor: number;
  patch: number;
  prerelease?: string;
  build?: string;
}

const PRE_PART = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SPECIFIER = new RegExp(
  `^(>=|>|<=|<|=)?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-?(${PRE_PART}(?:\\.${PRE_PART})*))?(?:\\+([0-9A-Za-z-]*(?:\\.[0-9A-Za-z-]*)*))?$`,
);

export class SemverError extends Error {}

/** Parses one constraint; throws SemverError with dbt's wording when it is not a version. */
export function parseSpecifier(text: string): Specifier {
  const m = SPECIFIER.exec(text);
  if (!m) throw new SemverError(`"${text}" is not a valid semantic version.`);
  return {
    matcher: (m[1] as Matcher | undefined) ?? '=',
    major: Number(m[2]),
    minor: Number(m[3]),
    patch: Number(m[4]),
    ...(m[5] ? { prerelease: m[5] } : {}),
    ...(m[6] ? { build: m[6] } : {}),
  };
}

export function isVersion(text: string): boolean {
  const m = SPECIFIER.exec(text);
  return m !== null && m[1] === undefined;
}

/** How dbt prints a constraint: the matcher (`=` for an exact version) then the version. */
export function specifierText(s: Specifier, withMatcher = true): string {
  return `${withMatcher ? s.matcher : ''}${s.major}.${s.minor}.${s.patch}${s.prerelease ? `-${s.prerelease}` : ''}${s.build ? `+${s.build}` : ''}`;
}

const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

function comparePrerelease(a: string, b: string): number {
  const parts = (s: string): (string | number)[] => s.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return sign(x - y);
    } else if (typeof x === 'number') return -1;
    else if (typeof y === 'number') return 1;
    else if (x !== y) return x < y ? -1 : 1;
  }
  // All shared parts equal: dbt compares the lengths of the whole tags.
  return sign(a.length - b.length);
}

const isLower = (s: Specifier): boolean => s.matcher === '>' || s.matcher === '>=';
const isUpper = (s: Specifier): boolean => s.matcher === '<' || s.matcher === '<=';

/**
 * Orders two constraints as dbt does: by version, then, for equal versions, by what the matchers admit
 * (`>1.0.0` is above `>=1.0.0`, an upper bound is below a lower bound of the same version).
 */
export function compareSpecifiers(a: Specifier, b: Specifier): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return sign(a[k] - b[k]);
  if (a.prerelease !== undefined || b.prerelease !== undefined) {
    if (a.prerelease === undefined) return a.matcher === '<' ? -1 : 1;
    if (b.prerelease === undefined) return -1;
    const c = comparePrerelease(a.prerelease, b.prerelease);
    if (c !== 0) return c;
  }
  const m = [a.matcher, b.matcher].join(' ');
  if (m === '>= <=' || m === '<= >=') return 0;
  if (m === '< <=' || m === '>= >' || (isUpper(a) && isLower(b))) return -1;
  if (m === '<= <' || m === '> >=' || (isLower(a) && isUpper(b))) return 1;
  return 0;
}

/** The intersection of constraints: open ends are undefined; `exact` set when one version is required. */
export interface VersionRange {
  lower?: Specifier;
  upper?: Specifier;
  exact?: Specifier;
}

export class VersionsNotCompatibleError extends Error {}

function tryReduce(specs: readonly Specifier[]): VersionRange | undefined {
  let lower: Specifier | undefined;
  let upper: Specifier | undefined;
  let exact: Specifier | undefined;
  // dbt folds from the last constraint, then the others in order; ties between a prerelease bound and a plain
  // one (each compares below the other) go to whichever comes first in that order.
  for (const s of specs.length > 1 ? [specs[specs.length - 1], ...specs.slice(0, -1)] : specs) {
    if (s.matcher === '=') {
      if (exact && compareSpecifiers(exact, s) !== 0) return undefined;
      exact ??= s;
    } else if (isLower(s)) {
      if (!lower || compareSpecifiers(lower, s) < 0) lower = s;
    } else if (!upper || compareSpecifiers(upper, s) > 0) upper = s;
  }
  if (exact) {
    if (lower) {
      const c = compareSpecifiers(lower, exact);
      if (!(c < 0 || (c === 0 && lower.matcher === '>='))) return undefined;
    }
    if (upper) {
      const c = compareSpecifiers(upper, exact);
      if (!(c > 0 || (c === 0 && upper.matcher === '<='))) return undefined;
    }
    return { exact };
  }
  if (lower && upper && compareSpecifiers(lower, upper) > 0) return undefined;
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** Intersects constraints; throws VersionsNotCompatibleError with dbt's message when nothing can satisfy all. */
export function reduceVersions(specs: readonly Specifier[]): VersionRange {
  const r = tryReduce(specs);
  if (!r) {
    const listed = specs.map((s) => `'${specifierText(s)}'`).join(', ');
    throw new VersionsNotCompatibleError(`Could not find a satisfactory version from options: [${listed}]`);
  }
  return r;
}

/** dbt's text for a range: `ANY`, or its bounds joined by `, ` (an exact version shows as both ends). */
export function rangeText(r: VersionRange): string {
  if (r.exact) return `${specifierText(r.exact)}, ${specifierText(r.exact)}`;
  const parts = [r.lower, r.upper].filter((s): s is Specifier => s !== undefined).map((s) => specifierText(s));
  return parts.length === 0 ? 'ANY' : parts.join(', ');
}

function inRange(version: Specifier, r: VersionRange): boolean {
  const bounds = [r.exact, r.lower, r.upper].filter((s): s is Specifier => s !== undefined);
  return tryReduce([version, ...bounds]) !== undefined;
}

/** True when `version` satisfies every constraint. Invalid texts never satisfy. */
export function satisfies(version: string, constraints: readonly string[]): boolean {
  try {
    return inRange(parseSpecifier(version), reduceVersions(constraints.map(parseSpecifier)));
  } catch {
    return false;
  }
}

/** The versions that may be installed, oldest first: prereleases only when allowed. Invalid versions are left out. */
export function installableVersions(versions: readonly string[], allowPrerelease: boolean): string[] {
  const parsed: { text: string; spec: Specifier }[] = [];
  for (const text of versions) {
    if (!isVersion(text)) continue;
    const spec = parseSpecifier(text);
    if (allowPrerelease || spec.prerelease === undefined) parsed.push({ text, spec });
  }
  return parsed.sort((a, b) => compareSpecifiers(a.spec, b.spec)).map((p) => p.text);
}

/** The highest of `versions` inside the range, as written in `versions`; undefined when none is. */
export function highestMatching(r: VersionRange, versions: readonly string[]): string | undefined {
  let best: { text: string; spec: Specifier } | undefined;
  for (const text of versions) {
    if (!isVersion(text)) continue;
    const spec = parseSpecifier(text);
    if (inRange(spec, r) && (!best || compareSpecifiers(best.spec, spec) < 0)) best = { text, spec };
  }
  return best?.text;
}
