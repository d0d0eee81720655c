// Which dbt project a file belongs to, and whether it is a templated SQL file (model, test, macro, snapshot or
// analysis). Pure:
// no vscode import, so it is unit-tested directly and shared by the language-assignment and command code.
import path from 'node:path';
import { parse } from 'yaml';

export interface ProjectInfo {
  /** Absolute folder holding dbt_project.yml. */
  root: string;
  name: string;
  profile: string;
  modelPaths: string[];
  testPaths: string[];
  macroPaths: string[];
  snapshotPaths: string[];
  analysisPaths: string[];
}

function stringList(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  const list = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return list.length > 0 ? list : fallback;
}

/** Reads the few dbt_project.yml keys the client needs; a broken file still yields dbt's default paths. */
export function parseProjectInfo(root: string, text: string): ProjectInfo {
  let doc: Record<string, unknown> = {};
  try {
    const value: unknown = parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) doc = value as Record<string, unknown>;
  } catch {
    // The language server reports the syntax error with its position; here defaults are enough.
  }
  const name = typeof doc.name === 'string' ? doc.name : path.basename(root);
  return {
    root,
    name,
    profile: typeof doc.profile === 'string' ? doc.profile : name,
    modelPaths: stringList(doc['model-paths'] ?? doc['source-paths'], ['models']),
    testPaths: stringList(doc['test-paths'], ['tests']),
    macroPaths: stringList(doc['macro-paths'], ['macros']),
    snapshotPaths: stringList(doc['snapshot-paths'], ['snapshots']),
    analysisPaths: stringList(doc['analysis-paths'], ['analyses']),
  };
}

function inside(parent: string, file: string): boolean {
  const rel = path.relative(parent, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The project whose root is the deepest folder containing `file` (nested projects win). */
export function projectForFile<P extends { root: string }>(projects: readonly P[], file: string): P | undefined {
  let best: P | undefined;
  for (const p of projects) {
    if ((inside(p.root, file) || p.root === file) && (!best || p.root.length > best.root.length)) best = p;
  }
  return best;
}

export type SqlRole = 'model' | 'test' | 'macro' | 'snapshot' | 'analysis';

/** The role of a .sql file in its project, or undefined for SQL the project does not template. */
export function sqlRole(project: ProjectInfo, file: string): SqlRole | undefined {
  if (!file.toLowerCase().endsWith('.sql')) return undefined;
  const under = (dirs: string[]): boolean => dirs.some((d) => inside(path.resolve(project.root, d), file));
  if (under(project.modelPaths)) return 'model';
  if (under(project.testPaths)) return 'test';
  if (under(project.macroPaths)) return 'macro';
  if (under(project.snapshotPaths)) return 'snapshot';
  if (under(project.analysisPaths)) return 'analysis';
  return undefined;
}

/** The model name of a model file (dbt names a model after its file). */
export function modelNameOf(project: ProjectInfo, file: string): string | undefined {
  return sqlRole(project, file) === 'model' ? path.basename(file).replace(/\.sql$/i, '') : undefined;
}
