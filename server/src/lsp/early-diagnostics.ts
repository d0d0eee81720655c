// What the language server can tell about an opened model file from its own text, before the project has loaded
// (seconds on a big project): its Jinja and SQL syntax errors, from the same rules the full check runs. Only
// published when the full check is certain to report them too: the file is a model of the project (under its
// model paths, not a block file) and nothing can disable it (a disabled model is not checked, and the errors would
// disappear again). When in doubt, nothing is published early and the file waits for the full check.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../core/types';
import { modelTemplateSyntax } from '../analysis/rules/jinja-syntax';
import { modelSqlSyntax } from '../analysis/rules/sql-syntax';
import { findProjectRoot, SKIPPED_DIRS } from '../project/find-project';
import { LineIndex } from '../project/line-index';
import { parseYaml } from '../project/yaml-source';
import { scanJinja } from '../template/scan';

/** A `config(enabled=…)`, `+enabled:` or `enabled:` anywhere could make the model unchecked. */
const ENABLED = /\benabled\b/;
/** Files that are blocks (macros, snapshots, tests, docs, materializations) rather than a model's query. */
const BLOCK = /\{%-?\s*(macro|snapshot|test|docs|materialization)\b/;

/** What the walk of a project found (see walkProject). */
export interface ProjectWalk {
  modelPaths: string[] | undefined;
  enabled: boolean;
  /** Model files (.sql, .py) in the model paths, by name. */
  names: Map<string, number>;
}

/**
 * The opened file's own syntax diagnostics when the full check is certain to publish them as well, else
 * undefined. Reads dbt_project.yml and the project's YAML and macro files (to rule out `enabled`), not the models;
 * `walks` keeps that walk per project root for the other files opened while the project loads.
 */
export function ownTextDiagnostics(file: string, text: string, walks = new Map<string, ProjectWalk>()): Diagnostic[] | undefined {
  if (!file.endsWith('.sql') || ENABLED.test(text) || BLOCK.test(text) || /\*\*/.test(text)) return undefined;
  const root = findProjectRoot(path.dirname(file));
  if (!root) return undefined;
  let walk = walks.get(root);
  if (!walk) {
    walk = walkProject(root);
    walks.set(root, walk);
  }
  const modelPaths = walk.modelPaths;
  // A model that may be disabled, or two models of one name (the loader keeps one of them).
  if (!modelPaths || walk.enabled || (walk.names.get(path.basename(file, '.sql')) ?? 0) > 1) return undefined;
  const rel = path.relative(root, file).split(path.sep);
  if (rel[0] === '..' || path.isAbsolute(rel.join('/')) || rel.slice(0, -1).some((d) => SKIPPED_DIRS.has(d) || d.startsWith('.'))) return undefined;
  const relPath = rel.join('/');
  if (!modelPaths.some((d) => relPath.startsWith(d + '/'))) return undefined;
  const facts = { file, text, scan: scanJinja(text), lines: new LineIndex(text) };
  return [...modelTemplateSyntax(facts), ...modelSqlSyntax(facts)];
}

/** The model paths of dbt_project.yml as the loader reads them, when plain (no Jinja) and `enabled` is not set there. */
function plainModelPaths(root: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(root, 'dbt_project.yml'), 'utf8');
  } catch {
    return undefined;
  }
  if (ENABLED.test(text)) return undefined;
  const src = parseYaml(path.join(root, 'dbt_project.yml'), text);
  if (!src.ok || typeof src.value !== 'object' || src.value === null) return undefined;
  const v = (src.value as Record<string, unknown>)['model-paths'];
  const list = v === undefined ? ['models'] : typeof v === 'string' ? [v] : Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  if (!list || list.some((d) => d.includes('{') || d.includes('..') || path.isAbsolute(d))) return undefined;
  return list.map((d) => d.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''));
}

/**
 * `enabled`: whether any YAML file of the project, or any .sql file outside the model paths (macros can call
 * config()), mentions `enabled` (the models themselves are not read: only their own config() can disable them).
 */
function walkProject(root: string): ProjectWalk {
  const modelPaths = plainModelPaths(root);
  const names = new Map<string, number>();
  if (!modelPaths) return { modelPaths, enabled: true, names };
  const walk = (dir: string, rel: string): boolean => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    const inModels = modelPaths.some((d) => rel === d || rel.startsWith(d + '/'));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (SKIPPED_DIRS.has(e.name) || e.name.startsWith('.')) continue;
        if (walk(full, childRel)) return true;
      } else if (inModels && /\.(sql|py)$/.test(e.name)) {
        const name = e.name.replace(/\.(sql|py)$/, '');
        names.set(name, (names.get(name) ?? 0) + 1);
      } else if (e.isFile() && (/\.ya?ml$/.test(e.name) || (e.name.endsWith('.sql') && !inModels))) {
        try {
          if (ENABLED.test(readFileSync(full, 'utf8'))) return true;
        } catch {
          return true;
        }
      }
    }
    return false;
  };
  return { modelPaths, enabled: walk(root, ''), names };
}
