// profiles.yml: find it, render `{{ env_var(...) }}` in the selected output, validate it and turn it into a
// TargetConfig. A project without any profiles.yml runs on the embedded DuckDB default target.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { BronzeError, SECRET_KEYS, type Diagnostic, type Range, type TargetConfig } from '../core/types';
import { quotedNamePart } from '../core/quote-policy';
import { parseYaml, type PathSegment, type YamlSource } from './yaml-source';
import { duckdbOutputSchema, profileSchema, snowflakeOutputSchema, validate, type SchemaIssue } from './schemas';
import { parseLiteral } from './scanner';

export interface ProfileEntry {
  target?: string;
  outputs: Record<string, unknown>;
}

export interface ProfilesFile {
  path: string;
  source: YamlSource;
  profiles: Record<string, ProfileEntry>;
  /** Syntax and shape problems of the file itself. */
  diagnostics: Diagnostic[];
}

export type Env = Record<string, string | undefined>;

export function issuesToDiagnostics(source: YamlSource, issues: SchemaIssue[]): Diagnostic[] {
  return issues.map((i) => ({ file: source.file, range: source.rangeOf(i.path, i.part), severity: i.severity, code: i.code, message: i.message }));
}

/** The profiles folders dbt looks in, in order: --profiles-dir, $DBT_PROFILES_DIR, the project, ~/.dbt. */
export function profilesDirCandidates(projectRoot: string, profilesDir?: string, env: Env = process.env): string[] {
  const out: string[] = [];
  if (profilesDir) out.push(path.resolve(projectRoot, profilesDir));
  if (env.DBT_PROFILES_DIR) out.push(path.resolve(projectRoot, env.DBT_PROFILES_DIR));
  out.push(projectRoot);
  out.push(path.join(env.HOME || homedir(), '.dbt'));
  return out;
}

export type ReadText = (file: string) => Promise<string | undefined>;

const readIfExists: ReadText = async (file) => {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** Loads the first profiles.yml found in `candidates` (folders); undefined when there is none. */
export async function loadProfiles(candidates: readonly string[], read: ReadText = readIfExists): Promise<ProfilesFile | undefined> {
  for (const dir of candidates) {
    const file = path.join(dir, 'profiles.yml');
    const text = await read(file);
    if (text === undefined) continue;
    return parseProfiles(file, text);
  }
  return undefined;
}

export function parseProfiles(file: string, text: string): ProfilesFile {
  const source = parseYaml(file, text);
  const diagnostics = [...source.diagnostics];
  const profiles: Record<string, ProfileEntry> = {};
  const value = source.value;
  if (value !== undefined && value !== null) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push({ file, range: source.rangeOf([]), severity: 'error', code: 'bronze/schema-invalid', message: 'profiles.yml must be a mapping of profile names to {target, outputs}. Rewrite it in that shape.' });
    } else {
      for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
        if (name === 'config') continue; // legacy user config block
        const { data, issues } = validate(profileSchema, entry, `profile '${name}'`, [name]);
        diagnostics.push(...issuesToDiagnostics(source, issues));
        if (data) profiles[name] = data;
      }
    }
  }
  return { path: file, source, profiles, diagnostics };
}

// ---------------------------------------------------------------------------------------------------------
// env_var() rendering: a tiny evaluator for `{{ env_var('X'[, 'default']) [| filter …] }}`.

export type RenderResult = { ok: true; value: unknown } | { ok: false; message: string };

const FILTERS: Record<string, (v: unknown) => unknown> = {
  int: (v) => {
    const n = parseInt(String(v), 10);
    return Number.isNaN(n) ? 0 : n;
  },
  float: (v) => {
    const n = parseFloat(String(v));
    return Number.isNaN(n) ? 0 : n;
  },
  as_number: (v) => Number(v),
  as_bool: (v) => (typeof v === 'string' ? /^(true|1|yes)$/i.test(v.trim()) : Boolean(v)),
  as_text: (v) => String(v),
  as_native: (v) => v,
  string: (v) => String(v),
  trim: (v) => String(v).trim(),
  lower: (v) => String(v).toLowerCase(),
  upper: (v) => String(v).toUpperCase(),
};

function evalExpression(expr: string, env: Env): RenderResult {
  const parts = splitFilters(expr);
  const head = parts[0].trim();
  let value: unknown;
  const m = /^env_var\s*\(([\s\S]*)\)$/.exec(head);
  if (m) {
    // dbt's env_var(var, default=None): each argument by position or by name.
    const args: unknown[] = [];
    const named: Record<string, unknown> = {};
    let i = 0;
    const inner = m[1];
    while (i < inner.length) {
      const kw = /^\s*([A-Za-z_]\w*)\s*=(?!=)/.exec(inner.slice(i));
      if (kw) i += kw[0].length;
      const lit = parseLiteral(inner, i, inner.length);
      if (!lit || (kw && kw[1] !== 'var' && kw[1] !== 'default') || (kw && kw[1] in named) || (!kw && Object.keys(named).length > 0)) {
        return { ok: false, message: `env_var() takes string literals, got \`${head}\`. Write env_var('NAME'), env_var('NAME', 'default') or env_var('NAME', default='default').` };
      }
      if (kw) named[kw[1]] = lit.value;
      else args.push(lit.value);
      i = lit.end;
      while (i < inner.length && /\s/.test(inner[i])) i++;
      if (inner[i] === ',') i++;
      while (i < inner.length && /\s/.test(inner[i])) i++;
    }
    // Python's binding: a name given both by position and by keyword is an error.
    const twice = ('var' in named && args.length > 0) || ('default' in named && args.length > 1);
    if ('var' in named) args.unshift(named.var);
    const hasDefault = args.length === 2 || 'default' in named;
    const dflt = 'default' in named ? named.default : args[1];
    if (twice || args.length < 1 || args.length > 2 || typeof args[0] !== 'string') {
      return { ok: false, message: `env_var() takes a name and an optional default, got \`${head}\`.` };
    }
    const name = args[0];
    const set = env[name];
    if (set !== undefined) value = set;
    // A default of None is no default: the variable is then required, as in dbt.
    else if (hasDefault && dflt !== null) value = dflt;
    else return { ok: false, message: `Environment variable ${name} is not set. Set it (export ${name}=…) or give a default: env_var('${name}', 'default').` };
  } else {
    const lit = parseLiteral(head, 0, head.length);
    if (!lit || lit.end !== head.length) {
      return { ok: false, message: `Only env_var(...) and literals can be used in profiles.yml, got \`${head}\`. Replace it with env_var('NAME').` };
    }
    value = lit.value;
  }
  for (const f of parts.slice(1)) {
    const name = f.trim();
    const fn = FILTERS[name];
    if (!fn) return { ok: false, message: `Unknown filter \`${name}\` in profiles.yml. Use one of: ${Object.keys(FILTERS).join(', ')}.` };
    value = fn(value);
  }
  return { ok: true, value };
}

function splitFilters(expr: string): string[] {
  const out: string[] = [];
  let quote = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(expr.slice(start, i));
      start = i + 1;
    }
  }
  out.push(expr.slice(start));
  return out;
}

/**
 * Renders the `{{ … }}` parts of one profiles.yml string. A value that is a single expression keeps the
 * expression's type (so `| as_number` / `| int` give numbers); otherwise the parts are joined as text.
 */
export function renderProfileString(text: string, env: Env): RenderResult {
  if (text.indexOf('{{') === -1) return { ok: true, value: text };
  const re = /\{\{-?([\s\S]*?)-?\}\}/g;
  const single = /^\s*\{\{-?([\s\S]*?)-?\}\}\s*$/.exec(text);
  if (single) return evalExpression(single[1], env);
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const r = evalExpression(m[1], env);
    if (!r.ok) return r;
    out += text.slice(last, m.index) + String(r.value);
    last = m.index + m[0].length;
  }
  return { ok: true, value: out + text.slice(last) };
}

function renderValue(value: unknown, env: Env, at: PathSegment[], errors: { path: PathSegment[]; message: string }[]): unknown {
  if (typeof value === 'string') {
    const r = renderProfileString(value, env);
    if (r.ok) return r.value;
    errors.push({ path: at, message: r.message });
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => renderValue(v, env, [...at, i], errors));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, env, [...at, k], errors);
    return out;
  }
  return value;
}

const NUMERIC_KEYS = new Set(['threads', 'port', 'connect_retries', 'connect_timeout', 'proxy_port']);
const BOOLEAN_KEYS = new Set(['client_session_keep_alive', 'retry_all', 'retry_on_database_errors', 'reuse_connections', 'insecure_mode', 'keep_open', 'disable_transactions']);

// ---------------------------------------------------------------------------------------------------------
// Targets

export interface ResolveOptions {
  env?: Env;
  /** Relative duckdb paths are resolved against this folder (the project root). */
  projectRoot?: string;
  /** Warnings (unknown keys) are appended here; errors are thrown. */
  diagnostics?: Diagnostic[];
}

/**
 * The embedded default target used when a project has no profiles.yml anywhere: `.bronze/local.duckdb` (catalog
 * `local`), and like the twin a catalog under `.bronze/local/` for each other database the project names.
 */
export function defaultLocalTarget(projectRoot: string, profileName = 'default'): TargetConfig {
  const twin: TwinInfo = { dir: twinDirectory(projectRoot) };
  return {
    name: 'local',
    profileName,
    type: 'duckdb',
    path: path.join(projectRoot, '.bronze', 'local.duckdb'),
    database: 'local',
    schema: 'main',
    threads: 4,
    twin,
  };
}

/** The built-in target every project has unless its profile defines an output with this name. */
export const TWIN_TARGET_NAME = 'local';

/** Where the twin keeps one DuckDB file per Snowflake database. */
export function twinDirectory(projectRoot: string): string {
  return path.join(projectRoot, '.bronze', TWIN_TARGET_NAME);
}

/** What marks a target as the local twin (`target.twin`). */
export interface TwinInfo {
  /** Folder of the catalog files (`<DATABASE>.duckdb`). */
  dir: string;
  /** The profile output the twin is shaped like (none for the embedded default). */
  of?: string;
}

/** The twin's marker, when `target` is the local twin. */
export function twinInfo(target: TargetConfig): TwinInfo | undefined {
  const t = target.twin;
  if (!t || typeof t !== 'object') return undefined;
  const { dir, of } = t as Record<string, unknown>;
  if (typeof dir !== 'string') return undefined;
  return typeof of === 'string' ? { dir, of } : { dir };
}

/**
 * The `local` twin of a profile: the embedded DuckDB with the database and schema names of the profile's default
 * output (usually a Snowflake one), so three-part names written for Snowflake resolve offline. Only the names are
 * read from the default output: its credentials may be unset on a machine that never connects to Snowflake.
 */
function twinTarget(profiles: ProfilesFile, profileName: string, profile: ProfileEntry, options: ResolveOptions): TargetConfig {
  const env = options.env ?? process.env;
  const root = options.projectRoot ?? process.cwd();
  const of = profile.target ?? 'default';
  const raw = profile.outputs[of];
  const base = defaultLocalTarget(root, profileName);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return base;
  const at: PathSegment[] = [profileName, 'outputs', of];
  // A name that needs an unset env var falls back to the embedded default's (a warning says so): the twin must
  // work on a machine that has none of the Snowflake settings.
  const pick = (key: string, fallback: string): unknown => {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined || value === null) return undefined;
    const errors: { path: PathSegment[]; message: string }[] = [];
    const rendered = renderValue(value, env, [...at, key], errors);
    if (errors.length) {
      options.diagnostics?.push({
        file: profiles.path,
        range: profiles.source.rangeOf(errors[0].path, 'value'),
        severity: 'warning',
        code: 'bronze/env-var',
        message: `${errors[0].message} The local twin uses ${fallback} for \`${key}\` meanwhile.`,
      });
      return undefined;
    }
    return rendered;
  };
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
  const type = pick('type', 'duckdb');
  // A duckdb output without `database` is named after its file, as dbt-duckdb does.
  const filePath = type === 'duckdb' ? text(pick('path', base.path as string)) : undefined;
  const database = text(pick('database', `'${base.database}' (${base.path as string})`)) ?? (filePath && filePath !== ':memory:' ? path.basename(filePath).replace(/\.[^.]*$/, '') : undefined);
  const schema = text(pick('schema', `'${base.schema}'`)) ?? base.schema;
  const threadsValue = Number(pick('threads', String(base.threads)));
  const threads = Number.isInteger(threadsValue) && threadsValue > 0 ? threadsValue : base.threads;
  if (!database) return { ...base, schema, threads };
  const dir = twinDirectory(root);
  const twin: TwinInfo = { dir, of };
  return {
    name: TWIN_TARGET_NAME,
    profileName,
    type: 'duckdb',
    path: path.join(dir, `${twinCatalogFile(database)}`),
    database,
    schema,
    threads,
    twin,
  };
}

/**
 * The catalog a database name becomes on the twin: Snowflake folds unquoted identifiers to upper case, so `raw`
 * and `RAW` are one database (and one file).
 */
export function twinCatalogName(database: string): string {
  // A quoted name (`"Data_Store_OLIDS"`) is that database; DuckDB's catalog names fold case, so it is one catalog
  // with its upper-case spelling.
  return (quotedNamePart(database) ?? database).toUpperCase();
}

/** The file name of a database's catalog: its catalog name, with characters a file name cannot hold %-escaped. */
export function twinCatalogFile(database: string): string {
  const name = twinCatalogName(database).replace(/[^A-Z0-9_$\-]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
  return `${name}.duckdb`;
}

/**
 * Resolves `profileName`'s target (`targetName`, else the profile's `target:`) into a TargetConfig.
 * `local` is the built-in twin unless the profile defines an output of that name.
 * Throws a located BronzeError when the profile/target is missing, an env var is unset or the output is invalid.
 */
export function resolveTarget(profiles: ProfilesFile, profileName: string, targetName?: string, options: ResolveOptions = {}): TargetConfig {
  const env = options.env ?? process.env;
  const src = profiles.source;
  const loc = (p: PathSegment[], part: 'key' | 'value' = 'value') => ({ file: profiles.path, range: src.rangeOf(p, part) });
  const profile = profiles.profiles[profileName];
  // Also when the profile's own `target:` is `local` without such an output: then the twin is the embedded default.
  if ((targetName ?? profile?.target) === TWIN_TARGET_NAME && !(profile && Object.prototype.hasOwnProperty.call(profile.outputs, TWIN_TARGET_NAME))) {
    return profile ? twinTarget(profiles, profileName, profile, options) : defaultLocalTarget(options.projectRoot ?? process.cwd(), profileName);
  }
  if (!profile) {
    const names = Object.keys(profiles.profiles);
    throw new BronzeError(
      `Profile '${profileName}' is not in ${profiles.path}. Add it, or set \`profile:\` in dbt_project.yml to one of: ${names.join(', ') || '(none)'}.`,
      loc([]),
      'bronze/profile-not-found',
    );
  }
  const name = targetName ?? profile.target ?? 'default';
  const raw = profile.outputs[name];
  if (raw === undefined) {
    throw new BronzeError(
      `Target '${name}' is not an output of profile '${profileName}'. Use one of: ${Object.keys(profile.outputs).join(', ')}.`,
      loc(targetName || !profile.target ? [profileName, 'outputs'] : [profileName, 'target'], targetName || !profile.target ? 'key' : 'value'),
      'bronze/target-not-found',
    );
  }
  const at: PathSegment[] = [profileName, 'outputs', name];
  const errors: { path: PathSegment[]; message: string }[] = [];
  const rendered = renderValue(raw, env, at, errors) as Record<string, unknown>;
  if (errors.length) throw new BronzeError(errors[0].message, loc(errors[0].path), 'bronze/env-var');
  if (!rendered || typeof rendered !== 'object' || Array.isArray(rendered)) {
    throw new BronzeError(`Output '${name}' of profile '${profileName}' must be a mapping with \`type:\`.`, loc(at), 'bronze/schema-invalid');
  }
  for (const k of Object.keys(rendered)) {
    const v = rendered[k];
    if (NUMERIC_KEYS.has(k) && typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) rendered[k] = Number(v);
    if (BOOLEAN_KEYS.has(k) && typeof v === 'string' && /^(true|false)$/i.test(v.trim())) rendered[k] = v.trim().toLowerCase() === 'true';
  }
  const type = rendered.type;
  const what = `target '${name}' of profile '${profileName}'`;
  let issues: SchemaIssue[];
  let target: TargetConfig;
  if (type === 'duckdb') {
    const res = validate(duckdbOutputSchema, rendered, what, at);
    issues = res.issues;
    throwFirstError(issues, loc);
    const p = res.data?.path ?? ':memory:';
    const abs = p === ':memory:' || /^[a-z]+:\/\//i.test(p) || p.startsWith('md:') ? p : path.resolve(options.projectRoot ?? process.cwd(), p);
    const base = p === ':memory:' ? 'memory' : path.basename(p).replace(/\.[^.]*$/, '');
    target = { ...rendered, name, profileName, type: 'duckdb', path: abs, database: res.data?.database ?? base, schema: res.data?.schema ?? 'main', threads: res.data?.threads ?? 1 };
  } else if (type === 'snowflake') {
    const res = validate(snowflakeOutputSchema, rendered, what, at);
    issues = res.issues;
    throwFirstError(issues, loc);
    const d = res.data!;
    // `user` is optional and `account` may be empty here, as in dbt-snowflake's credentials: dbt reads a profile
    // without connecting (ls, parse, compile's rendering). A project written for dbt Projects on Snowflake leaves
    // both empty because it runs as the current account and user ("these can be left with an empty or arbitrary
    // string": https://docs.snowflake.com/user-guide/data-engineering/dbt-projects-on-snowflake-limitations). The
    // connection (client/src/warehouse/snowflake.ts connectionOptions) names the missing one when it is needed.
    if (d.private_key && d.private_key_path) {
      throw new BronzeError(`${what} sets both private_key and private_key_path. Keep only one.`, loc([...at, 'private_key'], 'key'), 'bronze/schema-invalid');
    }
    target = { ...rendered, name, profileName, type: 'snowflake', account: d.account.replace(/_/g, '-'), database: d.database, schema: d.schema, threads: d.threads ?? 1 };
  } else {
    throw new BronzeError(
      `Unsupported target type ${JSON.stringify(type)} in ${what}. Bronze runs on \`type: duckdb\` or \`type: snowflake\`.`,
      loc(type === undefined ? at : [...at, 'type']),
      'bronze/schema-invalid',
    );
  }
  for (const i of issues) options.diagnostics?.push({ file: profiles.path, range: src.rangeOf(i.path, i.part), severity: i.severity, code: i.code, message: i.message });
  return target;
}

function throwFirstError(issues: SchemaIssue[], loc: (p: PathSegment[], part?: 'key' | 'value') => { file: string; range: Range }): void {
  const err = issues.find((i) => i.severity === 'error');
  if (err) throw new BronzeError(err.message, loc(err.path, err.part), err.code);
}

/** A copy of `target` with every secret value replaced by '****' (for printing and logs). */
export function maskSecrets(target: TargetConfig): TargetConfig {
  const out: TargetConfig = { ...target };
  for (const k of SECRET_KEYS) if (out[k] !== undefined && out[k] !== null) out[k] = '****';
  return out;
}
