// Schema files that do not parse, and the names they could be declaring. A broken file loses only the
// declarations on its broken lines (yaml-dbt.ts), but what it meant to declare there is unknown: a name that the
// project cannot resolve is blamed on the broken file only when that file's text mentions it — anything else is
// reported as usual, so one broken file does not silence the rest of the project.
import path from 'node:path';
import type { ModelNode, ProjectModel } from '../core/types';

export interface BrokenSchema {
  file: string;
  text: string;
  /** 1-based line of its first syntax error. */
  line: number;
}

/** The project's schema files with YAML syntax errors, in file order. */
export function brokenSchemas(project: ProjectModel): BrokenSchema[] {
  const out = new Map<string, BrokenSchema>();
  for (const d of project.diagnostics) {
    if (d.code !== 'bronze/yaml-syntax' || out.has(d.file)) continue;
    const f = project.files.get(d.file);
    if (f?.kind !== 'schema') continue;
    out.set(d.file, { file: d.file, text: f.text, line: d.range.start.line + 1 });
  }
  return [...out.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

const wordCache = new Map<string, RegExp>();

/** True when `text` has `name` as a whole word (any case: YAML may quote or re-case it). */
export function mentions(text: string, name: string): boolean {
  if (name === '') return false;
  if (text.toLowerCase().indexOf(name.toLowerCase()) === -1) return false;
  let re = wordCache.get(name);
  if (!re) {
    if (wordCache.size > 1000) wordCache.clear();
    re = new RegExp(`(?<![\\w$])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w$])`, 'i');
    wordCache.set(name, re);
  }
  return re.test(text);
}

/** The first broken file whose text mentions every one of `names`. */
export function brokenFileNaming(broken: readonly BrokenSchema[], ...names: string[]): BrokenSchema | undefined {
  return broken.find((b) => names.every((n) => mentions(b.text, n)));
}

/**
 * The broken file that could hold `source.table`, `declaredIn` being the file that declares the source, if any:
 * a source is declared in one file, so when a file that parses declares it, a broken one cannot add the table.
 */
export function brokenFileForSource(broken: readonly BrokenSchema[], source: string, table: string, declaredIn: string | undefined): BrokenSchema | undefined {
  if (broken.length === 0) return undefined;
  if (declaredIn !== undefined && !broken.some((b) => b.file === declaredIn)) return undefined;
  return brokenFileNaming(broken, source, table);
}

/** Compile's error for an undeclared `source()` that a broken schema file may declare, or undefined. */
export function unresolvedSourceError(project: ProjectModel, source: string, table: string): string | undefined {
  const broken = brokenSchemas(project);
  if (broken.length === 0) return undefined;
  let declaredIn: string | undefined;
  for (const s of project.sources.values()) {
    if (s.sourceName !== source) continue;
    declaredIn = s.location.file;
    break;
  }
  const b = brokenFileForSource(broken, source, table, declaredIn);
  return b ? unresolvedMessage(project, [sourceCall(source, table)], b) : undefined;
}

/** `source('raw', 'users')`, the way messages name a source() call. */
export function sourceCall(source: string, table: string): string {
  return `source('${source}', '${table}')`;
}

/**
 * The broken file that could describe `model` (its columns, tests, tags): its own patch file when that is broken,
 * or, when it has none, a broken file that mentions the model.
 */
export function brokenFileForModel(broken: readonly BrokenSchema[], model: ModelNode): BrokenSchema | undefined {
  if (broken.length === 0) return undefined;
  const patch = model.patchLocation?.file;
  if (patch !== undefined) return broken.find((b) => b.file === patch);
  return brokenFileNaming(broken, model.name);
}

/** The one message for names a model uses that a broken schema file could be declaring. */
export function unresolvedMessage(project: ProjectModel, what: readonly string[], b: BrokenSchema): string {
  const rel = path.relative(project.root, b.file).split(path.sep).join('/');
  const list = what.length === 1 ? what[0] : `${what.slice(0, -1).join(', ')} and ${what[what.length - 1]}`;
  return `${list} cannot be resolved because ${rel} does not parse (YAML syntax error on line ${b.line}) and may declare ${what.length === 1 ? 'it' : 'them'}. Fix the YAML in ${rel}.`;
}
