// zod schemas for the dbt files Bronze reads (dbt-semantics.md §5), and the mapping of zod issues onto
// located-ready problems: unknown keys become `bronze/unknown-key` warnings with a did-you-mean, wrong types
// and missing keys become `bronze/schema-invalid` errors that state the expected shape.
import { z } from 'zod';
import type { Severity } from '../core/types';
import { didYouMean } from './did-you-mean';
import { formatPath, type PathSegment, type RangePart } from './yaml-source';
import { YamlFloat } from '../core/yaml-python-values';

/** A problem found in a YAML value, located by path; the loader maps it onto a file range. */
export interface SchemaIssue {
  path: PathSegment[];
  part: RangePart;
  severity: Severity;
  code: string;
  message: string;
}

// Unknown-key issues carry the object's known keys through zod's message, so the did-you-mean can be
// computed where the issue is mapped (zod's unrecognized_keys issue does not name the allowed keys).
const UNKNOWN_MARK = '\u0000known:';

/** A number schema that also takes a whole YAML float (`version: 1.0`, `threads: 4.0`) as its number. */
function yamlNumber<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v instanceof YamlFloat ? v.value : v), schema);
}

function strict<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = JSON.stringify(Object.keys(shape));
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? UNKNOWN_MARK + known : undefined),
  });
}

const str = z.string();
const stringOrList = z.union([z.string(), z.array(z.string())]);
const record = z.record(z.string(), z.unknown());
const hookEntry = z.union([z.string(), strict({ sql: z.string(), transaction: z.boolean().optional() })]);
export const hooksSchema = z.union([hookEntry, z.array(hookEntry)]);

// A Jinja string where a config wants a boolean: dbt renders it (natively) when it reads the file.
const jinjaText = z.string().regex(/\{\{|\{%/, 'expected true or false');
const flag = z.union([z.boolean(), jinjaText]);

export const modelConfigSchema = z.looseObject({
  enabled: flag.optional(),
  materialized: str.optional(),
  schema: str.nullable().optional(),
  database: str.nullable().optional(),
  alias: str.nullable().optional(),
  tags: stringOrList.optional(),
  meta: record.optional(),
  'pre-hook': hooksSchema.optional(),
  'post-hook': hooksSchema.optional(),
  pre_hook: hooksSchema.optional(),
  post_hook: hooksSchema.optional(),
  full_refresh: flag.nullable().optional(),
  unique_key: stringOrList.nullable().optional(),
  incremental_strategy: str.optional(),
  on_schema_change: str.optional(),
  incremental_predicates: z.array(str).optional(),
  merge_update_columns: z.array(str).optional(),
  merge_exclude_columns: z.array(str).optional(),
  transient: flag.optional(),
  cluster_by: stringOrList.optional(),
  secure: flag.optional(),
  copy_grants: flag.optional(),
  snowflake_warehouse: str.optional(),
  query_tag: str.optional(),
  tmp_relation_type: str.optional(),
  grants: record.optional(),
  docs: record.optional(),
  persist_docs: record.optional(),
  contract: record.optional(),
  quoting: record.optional(),
});

export const TEST_CONFIG_KEYS = [
  'severity', 'where', 'limit', 'warn_if', 'error_if', 'fail_calc', 'store_failures', 'store_failures_as',
  'tags', 'meta', 'enabled', 'alias', 'schema', 'database',
] as const;

export const testConfigSchema = z.looseObject({
  severity: z.string().regex(/^(warn|error)$/i, 'severity must be "warn" or "error"').optional(),
  where: str.nullable().optional(),
  limit: yamlNumber(z.number().int().nullable()).optional(),
  warn_if: str.optional(),
  error_if: str.optional(),
  fail_calc: str.optional(),
  store_failures: z.boolean().nullable().optional(),
  store_failures_as: z.enum(['table', 'view', 'ephemeral']).nullable().optional(),
  tags: stringOrList.optional(),
  meta: record.optional(),
  enabled: z.boolean().optional(),
  alias: str.optional(),
  schema: str.optional(),
  database: str.optional(),
});

// Test entries are validated by the test builder (their shape depends on the test), so here any value.
const tests = z.array(z.unknown());

const threshold = strict({ count: yamlNumber(z.number().int().positive()), period: z.enum(['minute', 'hour', 'day']) });
export const freshnessSchema = strict({
  warn_after: threshold.nullable().optional(),
  error_after: threshold.nullable().optional(),
  filter: str.nullable().optional(),
});

export const columnSchema = strict({
  name: str,
  description: str.nullable().optional(),
  data_type: str.nullable().optional(),
  quote: z.boolean().nullable().optional(),
  tags: stringOrList.optional(),
  meta: record.optional(),
  config: record.optional(),
  tests: tests.optional(),
  data_tests: tests.optional(),
  constraints: z.array(z.unknown()).optional(),
  policy_tags: z.array(str).optional(),
  granularity: str.optional(),
  docs: record.optional(),
});

const versionColumn = z.union([columnSchema, strict({ include: stringOrList, exclude: z.array(str).optional() })]);

export const versionSchema = strict({
  v: z.union([yamlNumber(z.number()), z.string()]),
  defined_in: str.optional(),
  description: str.optional(),
  config: modelConfigSchema.optional(),
  columns: z.array(versionColumn).optional(),
  tests: tests.optional(),
  data_tests: tests.optional(),
  docs: record.optional(),
  constraints: z.array(z.unknown()).optional(),
  deprecation_date: z.unknown().optional(),
  access: str.optional(),
  meta: record.optional(),
});

export const modelEntrySchema = strict({
  name: str,
  description: str.nullable().optional(),
  config: modelConfigSchema.optional(),
  columns: z.array(z.unknown()).optional(),
  tests: tests.optional(),
  data_tests: tests.optional(),
  versions: z.array(z.unknown()).optional(),
  latest_version: z.union([yamlNumber(z.number()), z.string()]).optional(),
  docs: record.optional(),
  meta: record.optional(),
  tags: stringOrList.optional(),
  access: str.optional(),
  group: str.optional(),
  constraints: z.array(z.unknown()).optional(),
  deprecation_date: z.unknown().optional(),
  time_spine: z.unknown().optional(),
});

export const tableEntrySchema = strict({
  name: str,
  description: str.nullable().optional(),
  identifier: str.optional(),
  loaded_at_field: z.string().min(1, 'loaded_at_field must not be empty').nullable().optional(),
  loaded_at_query: str.nullable().optional(),
  freshness: freshnessSchema.nullable().optional(),
  columns: z.array(z.unknown()).optional(),
  tests: tests.optional(),
  data_tests: tests.optional(),
  meta: record.optional(),
  tags: stringOrList.optional(),
  quoting: record.optional(),
  external: z.unknown().optional(),
  config: record.optional(),
  docs: record.optional(),
});

export const sourceEntrySchema = strict({
  name: str,
  description: str.nullable().optional(),
  database: str.nullable().optional(),
  schema: str.nullable().optional(),
  loader: str.optional(),
  meta: record.optional(),
  tags: stringOrList.optional(),
  config: record.optional(),
  quoting: record.optional(),
  freshness: freshnessSchema.nullable().optional(),
  loaded_at_field: z.string().min(1, 'loaded_at_field must not be empty').nullable().optional(),
  loaded_at_query: str.nullable().optional(),
  overrides: str.optional(),
  tables: z.array(z.unknown()).optional(),
});

const entries = z.array(z.unknown());

/** A schema.yml: entries are validated one by one so that one bad entry does not hide the others. */
export const schemaFileSchema = strict({
  // dbt 1.5+ reads any `version:` (or none); only dbt ≤ 1.4 required 2.
  version: z.unknown().optional(),
  models: entries.nullable().optional(),
  sources: entries.nullable().optional(),
  seeds: entries.nullable().optional(),
  snapshots: entries.nullable().optional(),
  macros: entries.nullable().optional(),
  analyses: entries.nullable().optional(),
  exposures: entries.nullable().optional(),
  metrics: entries.nullable().optional(),
  semantic_models: entries.nullable().optional(),
  saved_queries: entries.nullable().optional(),
  groups: entries.nullable().optional(),
  unit_tests: entries.nullable().optional(),
  data_tests: entries.nullable().optional(),
});

const paths = z.array(str);
export const projectFileSchema = strict({
  name: z.string().regex(/^[^\d\W]\w*$/u, 'name must start with a letter or _ and hold only letters, digits and _'),
  'config-version': z.literal(2).optional(),
  version: z.union([z.string(), yamlNumber(z.number())]).optional(),
  profile: str.optional(),
  'model-paths': paths.optional(),
  'macro-paths': paths.optional(),
  'seed-paths': paths.optional(),
  'test-paths': paths.optional(),
  'analysis-paths': paths.optional(),
  'snapshot-paths': paths.optional(),
  'docs-paths': paths.optional(),
  'asset-paths': paths.optional(),
  'function-paths': paths.optional(),
  'target-path': str.optional(),
  'log-path': str.optional(),
  'packages-install-path': str.optional(),
  'clean-targets': paths.optional(),
  'require-dbt-version': stringOrList.optional(),
  quoting: strict({ database: z.boolean().optional(), schema: z.boolean().optional(), identifier: z.boolean().optional() }).optional(),
  'on-run-start': stringOrList.nullable().optional(),
  'on-run-end': stringOrList.nullable().optional(),
  vars: record.nullable().optional(),
  dispatch: z.array(strict({ macro_namespace: str, search_order: z.array(str) })).optional(),
  models: record.nullable().optional(),
  seeds: record.nullable().optional(),
  snapshots: record.nullable().optional(),
  sources: record.nullable().optional(),
  data_tests: record.nullable().optional(),
  tests: record.nullable().optional(),
  analyses: record.nullable().optional(),
  exposures: record.nullable().optional(),
  metrics: record.nullable().optional(),
  'semantic-models': record.nullable().optional(),
  'saved-queries': record.nullable().optional(),
  unit_tests: record.nullable().optional(),
  flags: record.optional(),
  'query-comment': z.unknown().optional(),
  'restrict-access': z.boolean().optional(),
});
export type ProjectFileConfig = z.infer<typeof projectFileSchema>;

export const packagesFileSchema = strict({
  packages: z
    .array(
      z.union([
        strict({ local: str }),
        strict({
          git: str,
          revision: z.union([str, yamlNumber(z.number())]).optional(),
          'warn-unpinned': z.boolean().optional(),
          subdirectory: str.optional(),
        }),
        strict({ package: str, version: z.union([str, yamlNumber(z.number()), z.array(z.union([str, yamlNumber(z.number())]))]), 'install-prerelease': z.boolean().optional() }),
        strict({ private: str, revision: z.union([str, yamlNumber(z.number())]).optional(), provider: str.optional(), subdirectory: str.optional() }),
        strict({ tarball: str, name: str }),
      ]),
    )
    .nullable()
    .optional(),
});

/** profiles.yml: profile → {target, outputs}; outputs are validated per type after env_var() rendering. */
export const profileSchema = strict({ target: str.optional(), outputs: z.record(z.string(), z.unknown()) });

const num = yamlNumber(z.number());
export const duckdbOutputSchema = strict({
  type: z.literal('duckdb'),
  path: str.optional(),
  database: str.optional(),
  schema: str.optional(),
  threads: yamlNumber(z.number().int().positive()).optional(),
  extensions: z.array(z.unknown()).optional(),
  settings: record.optional(),
  secrets: z.array(record).optional(),
  attach: z
    .array(strict({ path: str, alias: str.optional(), type: str.optional(), read_only: z.boolean().optional(), options: record.optional() }))
    .optional(),
  plugins: z.array(z.unknown()).optional(),
  external_root: str.optional(),
  filesystems: z.array(z.unknown()).optional(),
  module_paths: z.array(str).optional(),
  use_credential_provider: str.optional(),
  disable_transactions: z.boolean().optional(),
  keep_open: z.boolean().optional(),
  retries: record.optional(),
  config_options: record.optional(),
});

export const SNOWFLAKE_USERLESS_AUTH = ['oauth', 'jwt', 'programmatic_access_token', 'workload_identity'];

export const snowflakeOutputSchema = strict({
  type: z.literal('snowflake'),
  account: str,
  user: str.optional(),
  password: str.optional(),
  authenticator: str.optional(),
  private_key: str.optional(),
  private_key_path: str.optional(),
  private_key_passphrase: str.optional(),
  token: str.optional(),
  oauth_client_id: str.optional(),
  oauth_client_secret: str.optional(),
  role: str.optional(),
  warehouse: str.optional(),
  database: str,
  schema: str,
  threads: yamlNumber(z.number().int().positive()).optional(),
  query_tag: str.optional(),
  client_session_keep_alive: z.boolean().optional(),
  connect_retries: num.optional(),
  connect_timeout: num.optional(),
  retry_on_database_errors: z.boolean().optional(),
  retry_all: z.boolean().optional(),
  reuse_connections: z.boolean().optional(),
  host: str.optional(),
  port: num.optional(),
  protocol: z.enum(['http', 'https']).optional(),
  insecure_mode: z.boolean().optional(),
  proxy_host: str.optional(),
  proxy_port: num.optional(),
  token_endpoint: str.optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Issue mapping

function describeExpected(expected: string): string {
  switch (expected) {
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'an integer';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return `${typeof input} ${JSON.stringify(input)}`;
}

function unionExpectations(errors: readonly (readonly z.core.$ZodIssue[])[]): string[] {
  const out = new Set<string>();
  for (const branch of errors) {
    const first = branch[0];
    if (!first) continue;
    if (first.code === 'invalid_type' && first.path.length === 0) out.add(describeExpected(first.expected));
    else if (first.code === 'invalid_value' && first.path.length === 0) out.add(first.values.map((v) => JSON.stringify(v)).join(' | '));
    else out.add(describeExpected(branchShape(branch)));
  }
  return [...out];
}

function branchShape(branch: readonly z.core.$ZodIssue[]): string {
  const keys = branch.filter((i) => i.path.length > 0).map((i) => String(i.path[0]));
  return keys.length ? `a mapping with ${[...new Set(keys)].map((k) => `\`${k}\``).join(', ')}` : 'another shape';
}

/**
 * Validate `value` against `schema`. Data is returned when the only problems are unknown keys (they are
 * warnings: the value is still usable). `prefix` is prepended to issue paths (entries validated one by one).
 */
export function validate<T>(
  schema: z.ZodType<T>,
  value: unknown,
  what: string,
  prefix: readonly PathSegment[] = [],
): { data: T | undefined; issues: SchemaIssue[] } {
  const res = schema.safeParse(value);
  if (res.success) return { data: res.data, issues: [] };
  const issues: SchemaIssue[] = [];
  let hardError = false;
  for (const iss of res.error.issues) {
    const path = [...prefix, ...(iss.path as PathSegment[])];
    if (iss.code === 'unrecognized_keys') {
      const known: string[] = iss.message.startsWith(UNKNOWN_MARK) ? JSON.parse(iss.message.slice(UNKNOWN_MARK.length)) : [];
      for (const key of iss.keys) {
        const guess = didYouMean(key, known);
        issues.push({
          path: [...path, key],
          part: 'key',
          severity: 'warning',
          code: 'bronze/unknown-key',
          message:
            `Unknown key \`${key}\` in ${what} at ${formatPath([...path, key])}; it is ignored.` +
            (guess ? ` Did you mean \`${guess}\`?` : ` Allowed keys: ${known.join(', ')}.`),
        });
      }
      continue;
    }
    hardError = true;
    issues.push({ path, part: 'value', severity: 'error', code: 'bronze/schema-invalid', message: issueMessage(iss, path, what, lookup(value, iss.path as PathSegment[])) });
  }
  // Unknown keys only: the input itself is the data (zod's strict objects refuse to return it).
  return { data: hardError ? undefined : (value as T), issues };
}

/** The input value at `path`; `missing` when the last key is absent (zod does not report inputs by default). */
function lookup(value: unknown, path: readonly PathSegment[]): { missing: boolean; input: unknown } {
  let cur: unknown = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !(String(seg) in (cur as object))) return { missing: true, input: undefined };
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return { missing: false, input: cur };
}

function issueMessage(iss: z.core.$ZodIssue, path: PathSegment[], what: string, at: { missing: boolean; input: unknown }): string {
  const where = `${what} at ${formatPath(path)}`;
  switch (iss.code) {
    case 'invalid_type': {
      const input = at.input;
      if (at.missing) {
        const key = path[path.length - 1];
        return `Missing required key \`${String(key)}\` (${describeExpected(iss.expected)}) in ${what} at ${formatPath(path.slice(0, -1))}. Add it.`;
      }
      return `Wrong type for ${where}: expected ${describeExpected(iss.expected)}, got ${describeInput(input)}. Change the value to ${describeExpected(iss.expected)}.`;
    }
    case 'invalid_union': {
      const options = unionExpectations(iss.errors);
      return `Wrong shape for ${where}: expected one of ${options.join('; ')}. Rewrite the value in one of these forms.`;
    }
    case 'invalid_value':
      return `Invalid value for ${where}: expected one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}. Use one of them.`;
    default:
      return `Invalid ${where}: ${iss.message}. Fix the value.`;
  }
}
