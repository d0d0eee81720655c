// The few dbt_project.yml keys commands need without loading the project (a project whose models do not load
// can still be cleaned): the clean targets and the source folders they must never include.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from './args';

export interface ProjectPathsConfig {
  targetPath: string;
  cleanTargets: string[];
  /** model/seed/test/analysis/macro/snapshot/docs/asset paths, with dbt's defaults. */
  sourcePaths: string[];
}

const SOURCE_PATH_KEYS: Record<string, string[]> = {
  'model-paths': ['models'],
  'seed-paths': ['seeds'],
  'test-paths': ['tests'],
  'analysis-paths': ['analyses'],
  'macro-paths': ['macros'],
  'snapshot-paths': ['snapshots'],
  'docs-paths': [],
  'asset-paths': [],
};

function stringList(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : fallback;
}

export function loadProjectConfigOnly(root: string): ProjectPathsConfig {
  const file = join(root, 'dbt_project.yml');
  let doc: unknown;
  try {
    // dbt's reader keeps the later of two repeated keys; so does this one.
    doc = parse(readFileSync(file, 'utf8'), { uniqueKeys: false });
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  const cfg = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const targetPath = typeof cfg['target-path'] === 'string' ? cfg['target-path'] : 'target';
  const sourcePaths = Object.entries(SOURCE_PATH_KEYS).flatMap(([key, fallback]) => stringList(cfg[key], fallback));
  return { targetPath, cleanTargets: stringList(cfg['clean-targets'], [targetPath]), sourcePaths };
}
