// Which CSV files are seeds: under the project's `seed-paths` (dbt's default `seeds`). Pure, no vscode import.
import path from 'node:path';
import { parse } from 'yaml';

/** The `seed-paths` of a dbt_project.yml text; dbt's default when absent or unreadable. */
export function seedPathsOf(projectYaml: string): string[] {
  try {
    const doc: unknown = parse(projectYaml);
    const v = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>)['seed-paths'] : undefined;
    const list = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
    return list.length > 0 ? list : ['seeds'];
  } catch {
    return ['seeds'];
  }
}

/** The seed name of `file` (dbt names a seed after its CSV file), or undefined when it is not a seed. */
export function seedNameOf(root: string, seedPaths: readonly string[], file: string): string | undefined {
  if (!file.toLowerCase().endsWith('.csv')) return undefined;
  const inSeeds = seedPaths.some((d) => {
    const rel = path.relative(path.resolve(root, d), file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
  return inSeeds ? path.basename(file).replace(/\.csv$/i, '') : undefined;
}
