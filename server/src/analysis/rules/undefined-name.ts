// A call of a name nothing defines (`{{ no_such_macro() }}`), a call into a package that is not installed or has
// no such macro (`{{ dbt_utils.date_spine(...) }}` without dbt_utils), a dotted read of an undefined name
// (`{{ x.attr }}`), and a call of a project macro that cannot render (its file does not parse, or its body calls
// something undefined): the render fails on each, so say it where the user wrote the call. Inside an `if` or
// `for` the call may never run (dbt accepts that), so it is a warning there.
import * as path from 'node:path';
import type { Diagnostic, ProjectModel, RelatedLocation, Severity } from '../../core/types';
import { didYouMean } from '../../project/did-you-mean';
import { LineIndex } from '../../project/line-index';
import { checkTemplateSyntax } from '../../template/syntax';
import { afterFilterOrTest, boundNames, CONTEXT_NAMES, DBT_CORE_API, dottedReads, inRootProject, KEYWORDS, macrosByPackage } from '../template-names';
import { scanJinja, type Tag, type TemplateScan } from '../../template/scan';
import type { Rule, RuleContext } from './rule';

/** What the per-file checks need to know of one template file. */
export interface TemplateFile {
  file: string;
  text: string;
  scan: TemplateScan;
  lines: LineIndex;
  /** The package the file belongs to (its macros are callable unqualified). */
  packageName: string;
}

const ID = 'bronze/undefined-name';

/** What a whole project defines, rebuilt only when the loader rebuilds the macros map. */
interface Names {
  macros: Map<string, Set<string>>;
  /** Packages that only Bronze's built-in subset stands in for (not installed). */
  standIns: Set<string>;
  /** Package names packages.yml declares that are not installed (the loader's bronze/package-not-installed). */
  notInstalled: Set<string>;
  /** Macros that cannot render (root ones by name, package ones as `pkg.name`), with why and where (in `why`). */
  failing: Map<string, Failing>;
}

let cached: { macros: unknown; diagnostics: unknown; names: Names } | undefined;

function namesOf(project: ProjectModel): Names {
  if (cached && cached.macros === project.macros && cached.diagnostics === project.diagnostics) return cached.names;
  const macros = macrosByPackage(project);
  const real = new Set([...project.macros.values()].map((m) => m.packageName));
  const standIns = new Set([...macros.keys()].filter((p) => p !== 'dbt' && !real.has(p)));
  const notInstalled = new Set<string>();
  for (const d of project.diagnostics) {
    if (d.code !== 'bronze/package-not-installed') continue;
    const m = /^Package '(\w+)'/.exec(d.message);
    if (m) notInstalled.add(m[1]);
  }
  const names: Names = { macros, standIns, notInstalled, failing: new Map() };
  names.failing = failingMacros(project, names);
  cached = { macros: project.macros, diagnostics: project.diagnostics, names };
  return names;
}

const rel = (project: ProjectModel, file: string) => (file.startsWith(project.root) ? file.slice(project.root.length + 1) : file);

/**
 * Root-project macros whose render fails whenever they are called: their file does not parse, or their body
 * calls (outside any if/for) a name nothing defines or another failing macro.
 */
/** Why a macro cannot render, and where: the failing places, outermost first (model → macro → macro). */
interface Failing {
  why: string;
  at: RelatedLocation[];
}

function failingMacros(project: ProjectModel, names: Names): Map<string, Failing> {
  const out = new Map<string, Failing>();
  const calls = new Map<string, string[]>(); // macro → unqualified macro names its body calls unconditionally
  for (const f of project.files.values()) {
    if (f.kind !== 'macro') continue;
    const root = inRootProject(project, f.path);
    // A package's macro file that does not parse is reported where the user's code calls into it (as `pkg.name`).
    const pkg = root ? undefined : project.packages.find((p) => p.name !== project.name && f.path.startsWith(p.root + path.sep))?.name;
    if (!root && !pkg) continue;
    const declared = [...f.text.matchAll(/\{%-?\s*macro\s+(\w+)/g)].map((m) => m[1]);
    if (declared.length === 0) continue;
    const scan = scanJinja(f.text);
    const syntax = checkTemplateSyntax(f.text, f.path, scan);
    if (syntax.length > 0) {
      const line = syntax[0].range.start.line + 1;
      const why = `${rel(project, f.path)}:${line} does not parse (${syntax[0].message})`;
      const at = [{ file: f.path, range: syntax[0].range, message: syntax[0].message }];
      for (const name of declared) out.set(pkg ? `${pkg}.${name}` : name, { why, at });
      continue;
    }
    if (!root) continue;
    const tf: TemplateFile = { file: f.path, text: f.text, scan, lines: new LineIndex(f.text), packageName: project.name };
    for (const p of problems(tf, project, names, false)) {
      const owner = enclosingMacro(p.tag);
      if (!owner || !unconditional(p.tag, true) || out.has(owner)) continue;
      const range = tf.lines.rangeOf(p.start, p.end);
      out.set(owner, { why: `${p.message} (${rel(project, f.path)}:${range.start.line + 1})`, at: [{ file: f.path, range, message: p.message }] });
    }
    for (const c of tf.scan.calls) {
      const owner = enclosingMacro(c.tag);
      if (!owner || c.name.includes('.') || !unconditional(c.tag, true)) continue;
      const list = calls.get(owner) ?? [];
      list.push(c.name);
      calls.set(owner, list);
    }
  }
  // A macro that calls a failing macro fails too (model → macro → macro).
  for (let changed = true; changed; ) {
    changed = false;
    for (const [owner, callees] of calls) {
      if (out.has(owner)) continue;
      const bad = callees.find((c) => out.has(c));
      if (bad) {
        const callee = out.get(bad)!;
        out.set(owner, { why: `it calls ${bad}(), which fails: ${callee.why}`, at: callee.at });
        changed = true;
      }
    }
  }
  return out;
}

function enclosingMacro(tag: Tag): string | undefined {
  const b = tag.blocks.find((x) => x.keyword === 'macro');
  return b ? /macro\s+(\w+)/.exec(b.head)?.[1] : undefined;
}

/** No `if` or `for` around the tag (inside a macro body: none around it within the macro). */
function unconditional(tag: Tag, inMacro = false): boolean {
  const blocks = inMacro ? tag.blocks.slice(tag.blocks.findIndex((b) => b.keyword === 'macro') + 1) : tag.blocks;
  return !blocks.some((b) => b.keyword === 'if' || b.keyword === 'for');
}

interface Problem {
  start: number;
  end: number;
  tag: Tag;
  message: string;
  related?: RelatedLocation[];
}

const DEFINITION_TAGS = new Set(['macro', 'test', 'materialization', 'docs']);

/** Every undefined name the file calls or reads through a dot. */
function problems(f: TemplateFile, project: ProjectModel, names: Names, throughMacros: boolean): Problem[] {
  const out: Problem[] = [];
  let bound: Set<string> | undefined;
  const isBound = (n: string) => (bound ??= boundNames(f.scan)).has(n);
  const own = names.macros.get(f.packageName);
  const globalMacro = (n: string) => own?.has(n) || names.macros.get(project.name)?.has(n) || names.macros.get('dbt')?.has(n);
  const isPackage = (n: string) => names.macros.has(n) || n === project.name;
  const callStarts = new Set<number>();
  for (const call of f.scan.calls) {
    callStarts.add(call.nameStart);
    if (call.tag.kind === 'stmt' && DEFINITION_TAGS.has(call.tag.keyword)) continue;
    const dot = call.name.indexOf('.');
    const head = dot < 0 ? call.name : call.name.slice(0, dot);
    // ref/source/config/var … (most calls of a model) end here, before anything that costs.
    if (KEYWORDS.has(head) || (CONTEXT_NAMES.has(head) && !globalMacro(head))) continue;
    if (afterFilterOrTest(f.text, call.nameStart, call.tag.innerStart)) continue;
    const parts = dot < 0 ? [head] : call.name.split('.');
    const p = (message: string, related?: RelatedLocation[]) => out.push({ start: call.nameStart, end: call.nameEnd, tag: call.tag, message, related });
    if (parts.length === 1) {
      // In a macro file, or in a {% macro %} block of a model file (dbt renders that body only when it is called,
      // as it does a macro file's: robling_product's model folders hold macro files macro-paths also names).
      if ((!throughMacros || enclosingMacro(call.tag) !== undefined) && DBT_CORE_API.has(head)) continue;
      // A known macro is checked before the file's own bindings are read: that read is the costly part.
      if (globalMacro(head) && !names.failing.has(head)) continue;
      if (isBound(head)) continue;
      if (globalMacro(head)) {
        const failing = throughMacros ? names.failing.get(head) : undefined;
        if (failing) p(`${head}() cannot render: ${failing.why}.`, failing.at);
        continue;
      }
      // Declared in a macro file that does not parse: the macro is undefined because of that file.
      const broken = names.failing.get(head);
      if (broken && throughMacros) {
        p(`${head}() cannot be called: ${broken.why}.`, broken.at);
        continue;
      }
      const guess = didYouMean(head, [...(names.macros.get(project.name) ?? []), ...(names.macros.get('dbt') ?? [])]);
      p(`'${head}' is undefined: no macro, variable or context function has this name.${guess ? ` Did you mean '${guess}'?` : ''} Check the spelling, or install the package that defines it.`);
      continue;
    }
    if (parts.length > 2) continue;
    const member = parts[1];
    if (isPackage(head) && names.macros.get(head)?.has(member) && !names.failing.has(head === project.name ? member : call.name)) continue;
    if (isBound(head)) continue;
    if (isPackage(head)) {
      const pkgMacros = head === project.name ? names.macros.get(project.name) : names.macros.get(head);
      const failing = throughMacros ? names.failing.get(head === project.name ? member : call.name) : undefined;
      if (failing) {
        p(`${call.name}() cannot be called: ${failing.why}.`, failing.at);
        continue;
      }
      if (pkgMacros?.has(member)) continue;
      if (head === 'dbt' && CONTEXT_NAMES.has(member)) continue; // dbt.ref, dbt.source …
      if (head === 'dbt') {
        p(`dbt.${member}() is not among the dbt macros Bronze provides, so this call cannot compile in Bronze. Define a macro '${member}' in the project's macros, or avoid the call.`);
      } else if (names.standIns.has(head)) {
        p(`Package '${head}' is not installed, and Bronze's built-in stand-in has no macro '${member}'. Declare ${head} in packages.yml and run \`bronze deps\`.`);
      } else {
        const guess = didYouMean(member, [...(pkgMacros ?? [])]);
        p(`Package '${head}' has no macro '${member}'.${guess ? ` Did you mean '${guess}'?` : ''}`);
      }
      continue;
    }
    if (names.notInstalled.has(head)) p(`Package '${head}' is declared in packages.yml but not installed, so ${call.name}() cannot be called. Run \`bronze deps\`.`);
    else p(`'${head}' is undefined, so ${call.name}() cannot be called. If '${head}' is a package, declare it in packages.yml and run \`bronze deps\`.`);
  }
  for (const r of dottedReads(f.scan)) {
    if (callStarts.has(r.start) || CONTEXT_NAMES.has(r.name) || isPackage(r.name) || globalMacro(r.name) || isBound(r.name)) continue;
    if (names.notInstalled.has(r.name)) out.push({ ...r, message: `Package '${r.name}' is declared in packages.yml but not installed. Run \`bronze deps\`.` });
    else out.push({ ...r, message: `'${r.name}' is undefined, so reading an attribute of it fails. Define it with {% set %}, or check the spelling.` });
  }
  return out;
}

/** The diagnostics of one file: errors where the render surely reaches the call, warnings under if/for. */
export function undefinedNamesIn(f: TemplateFile, ctx: Pick<RuleContext, 'project'>, options: { inMacroFile?: boolean } = {}): Diagnostic[] {
  const names = namesOf(ctx.project);
  return problems(f, ctx.project, names, !options.inMacroFile).map((p) => {
    const severity: Severity = !options.inMacroFile && enclosingMacro(p.tag) === undefined && unconditional(p.tag) ? 'error' : 'warning';
    const d: Diagnostic = { file: f.file, range: f.lines.rangeOf(p.start, p.end), severity, code: ID, message: p.message };
    if (p.related) d.related = p.related;
    return d;
  });
}

export const undefinedName: Rule = {
  id: ID,
  severity: 'error',
  scope: 'model',
  description: 'A call or dotted read of a name nothing defines, a call into a package that is not installed, or of a macro that cannot render.',
  check(ctx: RuleContext): Diagnostic[] {
    return ctx.models.flatMap((f) => undefinedNamesIn({ ...f, packageName: f.node.packageName }, ctx));
  },
};
