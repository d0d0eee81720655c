// What manifest.json says about macros for state comparison: each macro's own text (`macro_sql`) and, for nodes
// and macros alike, the macros their Jinja calls (`depends_on.macros`), so `state:modified.macros` can tell which
// nodes a changed macro reaches.
import type { MacroNode, ProjectModel } from '../core/types';
import { LineIndex } from '../project/line-index';
import { scanJinja, type ArgInfo } from '../template/scan';
import { macrosByPackage } from '../analysis/template-names';

/** The text of the `{% macro %}…{% endmacro %}` block (dbt's `macro_sql`). */
export function macroSql(macro: MacroNode): string {
  const lines = new LineIndex(macro.fileText);
  return macro.fileText.slice(lines.offsetAt(macro.location.range.start), lines.offsetAt(macro.location.range.end));
}

/**
 * Resolves the macro calls in a template to unique_ids as dbt's macro resolution does: `pkg.name(…)` names the
 * package; a bare name is the calling package's own macro, else the root project's, else dbt's.
 */
export class MacroDependencies {
  private readonly byPackage: Map<string, Set<string>>;

  constructor(private readonly project: Pick<ProjectModel, 'name' | 'macros'>) {
    this.byPackage = macrosByPackage(project);
  }

  of(text: string, packageName: string): string[] {
    if (!text.includes('{')) return [];
    const out: string[] = [];
    const add = (pkg: string, name: string): boolean => {
      if (!this.byPackage.get(pkg)?.has(name)) return false;
      const id = `macro.${pkg}.${name}`;
      if (!out.includes(id)) out.push(id);
      return true;
    };
    for (const call of scanJinja(text).calls) {
      // `{% macro name(…) %}` defines, it does not call.
      if (call.tag.keyword === 'macro' || call.tag.keyword === 'test') continue;
      if (call.name === 'adapter.dispatch') {
        this.dispatched(call.args, add);
        continue;
      }
      const parts = call.name.split('.');
      if (parts.length === 2) add(parts[0], parts[1]);
      else if (parts.length === 1) {
        // `ref`, `source`, `config` and the like are context members, not macros: they resolve to nothing here.
        void (add(packageName, call.name) || add(this.project.name, call.name) || add('dbt', call.name));
      }
    }
    return out.sort();
  }

  /** `adapter.dispatch('name', 'pkg')` may reach any `<adapter>__name` of that package (or of any, unnamed). */
  private dispatched(args: readonly ArgInfo[], add: (pkg: string, name: string) => boolean): void {
    const [name, namespace] = args.filter((a) => a.keyword === undefined || a.keyword === 'macro_name' || a.keyword === 'macro_namespace');
    if (typeof name?.value !== 'string') return;
    const suffix = `__${name.value}`;
    for (const [pkg, names] of this.byPackage) {
      if (typeof namespace?.value === 'string' && namespace.value !== pkg) continue;
      for (const n of names) if (n.endsWith(suffix)) add(pkg, n);
    }
  }
}
