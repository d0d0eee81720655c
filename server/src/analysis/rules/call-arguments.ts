// Wrong argument counts for ref(), source(), var() and env_var(), and calls of a project or package macro with
// more positional arguments than it declares or a keyword it does not take: the render would fail with a
// compiler error (Jinja2's "takes not more than N argument(s)"), so say it at the call.
import type { Diagnostic, ProjectModel, Range } from '../../core/types';
import { signaturesIn, type MacroSignature } from '../template-names';
import { positional, type CallInfo } from '../../template/scan';
import { diag, type Rule, type RuleContext } from './rule';
import type { TemplateFile } from './undefined-name';

const RULES: Record<string, { min: number; max: number; kw: string[]; usage: string }> = {
  ref: { min: 1, max: 2, kw: ['v', 'version', 'package'], usage: "ref('model') or ref('package', 'model')" },
  source: { min: 2, max: 2, kw: [], usage: "source('source_name', 'table_name')" },
  var: { min: 1, max: 2, kw: [], usage: "var('name') or var('name', default)" },
  env_var: { min: 1, max: 2, kw: [], usage: "env_var('NAME') or env_var('NAME', 'default')" },
};

export const callArguments: Rule = {
  id: 'bronze/call-arguments',
  severity: 'error',
  scope: 'model',
  description: 'ref(), source(), var(), env_var() and macros called with arguments they do not take.',
  check(ctx: RuleContext): Diagnostic[] {
    return ctx.models.flatMap((f) => callArgumentsIn({ ...f, packageName: f.node.packageName }, ctx));
  },
};

let sigCache: { macros: unknown; byPackage: Map<string, Map<string, MacroSignature>> } | undefined;

/** Macro signatures by package, read from the macro files the project loaded. */
function signatures(project: ProjectModel): Map<string, Map<string, MacroSignature>> {
  if (sigCache && sigCache.macros === project.macros) return sigCache.byPackage;
  const byPackage = new Map<string, Map<string, MacroSignature>>();
  const seen = new Set<string>();
  for (const m of project.macros.values()) {
    const key = `${m.packageName}\0${m.location.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let pkg = byPackage.get(m.packageName);
    if (!pkg) byPackage.set(m.packageName, (pkg = new Map()));
    for (const [name, sig] of signaturesIn(m.fileText)) if (!pkg.has(name)) pkg.set(name, sig);
  }
  sigCache = { macros: project.macros, byPackage };
  return byPackage;
}

export function callArgumentsIn(f: TemplateFile, ctx: Pick<RuleContext, 'project'>): Diagnostic[] {
  const out: Diagnostic[] = [];
  let sigs: Map<string, Map<string, MacroSignature>> | undefined;
  for (const call of f.scan.calls) {
    // `*args` / `**kwargs` spreading cannot be counted.
    if (call.args.some((a) => /^\*/.test(f.text.slice(a.start, a.end)))) continue;
    // The name a `{% macro ref() %}` defines is not a call.
    if (call.tag.kind === 'stmt' && /^(macro|test|materialization)$/.test(call.tag.keyword)) continue;
    const spec = RULES[call.name];
    if (spec) {
      const n = positional(call).length;
      const badKw = call.args.find((a) => a.keyword !== undefined && !spec.kw.includes(a.keyword));
      if (n >= spec.min && n <= spec.max && !badKw) continue;
      const problem = badKw ? `unexpected keyword argument '${badKw.keyword}'` : `${n} positional argument${n === 1 ? '' : 's'} given`;
      out.push(diag(callArguments, f.file, callRange(f.lines, call), `${call.name}() takes ${describe(spec)}: ${problem}. Write ${spec.usage}.`));
      continue;
    }
    sigs ??= signatures(ctx.project);
    const sig = macroFor(sigs, ctx.project, f.packageName, call.name);
    if (!sig) continue;
    const n = positional(call).length;
    if (n > sig.params.length && !sig.varargs) {
      out.push(
        diag(callArguments, f.file, callRange(f.lines, call), `Macro '${call.name}' takes not more than ${sig.params.length} argument${sig.params.length === 1 ? '' : 's'} (${sig.params.join(', ') || 'none'}): ${n} given.`),
      );
      continue;
    }
    const badKw = call.args.find((a) => a.keyword !== undefined && a.keyword !== 'caller' && !sig.params.includes(a.keyword));
    if (badKw && !sig.kwargs) {
      out.push(diag(callArguments, f.file, callRange(f.lines, call), `Macro '${call.name}' takes no keyword argument '${badKw.keyword}'; its parameters are ${sig.params.join(', ') || 'none'}.`));
    }
  }
  return out;
}

/** The macro a call resolves to as the renderer does: the file's own package, then the root project; `pkg.name`. */
function macroFor(sigs: Map<string, Map<string, MacroSignature>>, project: ProjectModel, pkg: string, name: string): MacroSignature | undefined {
  const parts = name.split('.');
  if (parts.length === 2) return sigs.get(parts[0])?.get(parts[1]);
  if (parts.length !== 1) return undefined;
  return sigs.get(pkg)?.get(name) ?? sigs.get(project.name)?.get(name);
}

function describe(spec: { min: number; max: number }): string {
  return spec.min === spec.max ? `exactly ${spec.min} arguments` : `${spec.min} or ${spec.max} arguments`;
}

function callRange(lines: { rangeOf(s: number, e: number): Range }, call: CallInfo) {
  return lines.rangeOf(call.start, call.end);
}
