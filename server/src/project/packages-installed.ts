// packages.yml entries with no installed package under the install path: one warning per entry, on the entry, saying
// to run `bronze deps` (compile fails on calls into such a package, so the user should hear why before that).
import path from 'node:path';
import type { Diagnostic } from '../core/types';
import { readTextFile } from './input-log';
import type { YamlSource } from './yaml-source';

/** A `local:` package installs under the name its own dbt_project.yml gives (`local: ../` is a common form). */
export function localPackageName(projectDir: string, local: string): string | undefined {
  const text = readTextFile(path.join(path.resolve(projectDir, local), 'dbt_project.yml'));
  return text === undefined ? undefined : /^name:\s*["']?([A-Za-z_][\w]*)/m.exec(text)?.[1];
}

/** The package name an entry most likely installs as: the last path segment, `-` read as `_` (dbt's convention). */
export function expectedPackageName(entry: Record<string, unknown>): string | undefined {
  const spec = [entry.package, entry.git, entry.local, entry.tarball].find((v): v is string => typeof v === 'string');
  if (typeof entry.name === 'string') return entry.name;
  if (!spec) return undefined;
  const last = spec.replace(/\.git$/, '').replace(/[\\/]+$/, '').split(/[\\/:]/).pop() ?? '';
  const name = last.toLowerCase().replace(/-/g, '_');
  // `local: ../` whose folder cannot be read names no package: nothing to warn about by name.
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : undefined;
}

export function missingPackages(src: YamlSource, value: unknown, installedNames: readonly string[], installDir: string, projectDir?: string): Diagnostic[] {
  const list = value && typeof value === 'object' && Array.isArray((value as { packages?: unknown }).packages) ? ((value as { packages: unknown[] }).packages) : [];
  const have = new Set(installedNames.map((n) => n.toLowerCase().replace(/-/g, '_')));
  const out: Diagnostic[] = [];
  list.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object') return;
    const local = (entry as Record<string, unknown>).local;
    const name = (typeof local === 'string' && projectDir !== undefined ? localPackageName(projectDir, local) : undefined) ?? expectedPackageName(entry as Record<string, unknown>);
    if (!name || have.has(name)) return;
    // A git repository may install under another name than its URL says: only say so when nothing is installed.
    if ((entry as Record<string, unknown>).git !== undefined && have.size > 0) return;
    out.push({
      file: src.file,
      range: src.rangeOf(['packages', i], 'value'),
      severity: 'warning',
      code: 'bronze/package-not-installed',
      message: `Package '${name}' is declared here but not installed in ${installDir}/: calls into it cannot compile. Run \`bronze deps\`.`,
    });
  });
  return out;
}
