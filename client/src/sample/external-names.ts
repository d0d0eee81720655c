// The file names an external table reads, for the sampler to write its rows' file names within them. A source declared
// with dbt_external_tables' `external:` properties (location `@stage[/path]`, `pattern`, and partitions computed from
// `metadata$filename`) is an external table on Snowflake, whose rows come only from files under that path whose whole
// name matches PATTERN (https://docs.snowflake.com/en/sql-reference/sql/create-external-table). The twin re-creates
// such a table from the sampled rows and refuses when one holds a file name the table would not read
// (external-table-run.ts), so the names written must be ones it reads. The same table may be declared twice (one
// source with `external:`, another without, as projects list raw tables for their loads): the declaration of the
// same relation that has the properties counts.
import type { ProjectModel, SourceNode } from '../../../server/src/core/types';

export interface ExternalFiles {
  /** The path after the stage in LOCATION ('' for the whole stage). */
  path: string;
  /** PATTERN, as written. */
  pattern?: string;
  /** The source's columns that are the file name: partitions whose expression is METADATA$FILENAME (lower-case). */
  fileColumns: Set<string>;
}

const same = (a: string | undefined, b: string | undefined): boolean => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** The external-table properties declared for `source`'s relation, when any declaration of it has them. */
export function externalFilesOf(project: ProjectModel, source: SourceNode): ExternalFiles | undefined {
  const r = source.relation;
  const declared = [source, ...project.sources.values()].find(
    (s) => s.external && same(s.relation.database, r.database) && same(s.relation.schema, r.schema) && same(s.relation.identifier, r.identifier),
  )?.external;
  const location = typeof declared?.location === 'string' ? declared.location.trim() : undefined;
  if (!declared || !location?.startsWith('@')) return undefined;
  const slash = location.indexOf('/');
  const path = slash < 0 ? '' : location.slice(slash + 1);
  const partitions = Array.isArray(declared.partitions) ? (declared.partitions as unknown[]) : [];
  const fileColumns = new Set(
    partitions.flatMap((p) => {
      const { name, expression } = (p ?? {}) as { name?: unknown; expression?: unknown };
      return typeof name === 'string' && typeof expression === 'string' && expression.replace(/[\s()]/g, '').toLowerCase() === 'metadata$filename' ? [name.toLowerCase()] : [];
    }),
  );
  return { path, ...(typeof declared.pattern === 'string' ? { pattern: declared.pattern } : {}), fileColumns };
}

/**
 * The text every name PATTERN matches starts with, read up to its first element that is not one fixed character
 * (a quantifier, an alternation, a group, a class of several characters): `V1.0/kunde/kunde_.*[.]csv` →
 * `V1.0/kunde/kunde_` (an unescaped `.` stands for itself, one character it matches).
 */
export function patternPrefix(pattern: string): string {
  let out = '';
  let i = 0;
  const quantified = (k: number): boolean => ['*', '+', '?', '{'].includes(pattern[k]);
  while (i < pattern.length) {
    const c = pattern[i];
    let one: string | undefined;
    let next = i + 1;
    if (c === '\\' && i + 1 < pattern.length && !/[A-Za-z0-9]/.test(pattern[i + 1])) {
      one = pattern[i + 1];
      next = i + 2;
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      const body = close < 0 ? '' : pattern.slice(i + 1, close);
      if (body.length === 1 && body !== '^') one = body;
      next = close + 1;
    } else if (!'()|^$*+?{}\\'.includes(c)) one = c;
    if (one === undefined || quantified(next)) break;
    out += one;
    i = next;
  }
  return out;
}

/** Whether `name` is one the table reads: under its path, and wholly matched by its PATTERN. */
export function readsFile(files: ExternalFiles, name: string): boolean {
  if (!name.startsWith(files.path)) return false;
  if (files.pattern === undefined) return true;
  try {
    return new RegExp(`^(?:${files.pattern})$`).test(name);
  } catch {
    return false;
  }
}

/** The text a file name starts with so the table reads it: its path, then PATTERN's fixed start. */
export function fileNameStart(files: ExternalFiles): string {
  const prefix = files.pattern === undefined ? '' : patternPrefix(files.pattern);
  return prefix.startsWith(files.path) ? prefix : `${files.path}${prefix}`;
}
