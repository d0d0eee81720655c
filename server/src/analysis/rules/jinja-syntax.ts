// Template syntax errors (unclosed or mismatched blocks, `{{{`, unknown tags, bad expressions) at the exact
// line and column, plus the same check inside hook strings passed to config(), whose Jinja renders later.
import type { Diagnostic } from '../../core/types';
import { checkTemplateSyntax } from '../../template/syntax';
import { inRootProject } from '../template-names';
import { diag, textRule, type ModelFacts, type Rule, type RuleContext } from './rule';

const hookCache = new Map<string, Diagnostic[]>();

export const jinjaSyntax: Rule = textRule({
  id: 'bronze/jinja-syntax',
  severity: 'error',
  description: 'Jinja syntax errors in models and in hook strings, located exactly.',
  // The model's template and the hook strings of its config() call: all in its text.
  text: { key: () => '', check: (f) => modelTemplateSyntax(f) },
});

/** The rule on one model's text: it reads nothing else (the language server also runs it before the project loads). */
export function modelTemplateSyntax(f: Pick<ModelFacts, 'file' | 'text' | 'scan' | 'lines'>): Diagnostic[] {
  const found = checkTemplateSyntax(f.text, f.file, f.scan);
  const out = found.map((d) => ({ ...d, code: jinjaSyntax.id }));
  if (found.length > 0) return out;
  for (const call of f.scan.calls) {
    if (call.name !== 'config') continue;
    for (const arg of call.args) {
      if (!arg.keyword || !/^(pre|post)[-_]hook$/.test(arg.keyword) || typeof arg.value !== 'string') continue;
      const raw = f.text.slice(arg.start + 1, arg.end - 1);
      // Offsets inside the literal map 1:1 only without escapes; otherwise point at the whole string.
      const exact = !raw.includes('\\');
      for (const d of hookSyntax(arg.value)) {
        const range = exact
          ? f.lines.rangeOf(arg.start + 1 + offsetOf(arg.value, d.range.start), arg.start + 1 + offsetOf(arg.value, d.range.end))
          : f.lines.rangeOf(arg.start, arg.end);
        out.push(diag(jinjaSyntax, f.file, range, `In the ${arg.keyword} string: ${d.message}`));
      }
    }
  }
  return out;
}

/** Hook strings repeat across models (a project-wide post_hook, a macro call): check each text once. */
function hookSyntax(sql: string): Diagnostic[] {
  let found = hookCache.get(sql);
  if (!found) {
    found = checkTemplateSyntax(sql, '');
    if (hookCache.size > 5000) hookCache.clear();
    hookCache.set(sql, found);
  }
  return found;
}

function offsetOf(text: string, pos: { line: number; character: number }): number {
  let off = 0;
  for (let l = 0; l < pos.line; l++) {
    const k = text.indexOf('\n', off);
    if (k < 0) return text.length;
    off = k + 1;
  }
  return Math.min(text.length, off + pos.character);
}

const fileCache = new Map<string, { text: string; found: Diagnostic[] }>();
let templateFiles: { files: unknown; list: { path: string; text: string }[] } | undefined;

/** The same check for macro files and singular tests (project-scoped; cached by text, so edits cost one file). */
export const jinjaSyntaxFiles: Rule = {
  id: 'bronze/jinja-syntax',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads macro files and singular tests only
  description: 'Jinja syntax errors in macro files and singular tests.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    // The list of template files changes only when the loader rebuilds `files` (a new map).
    if (!templateFiles || templateFiles.files !== ctx.project.files) {
      // Package files are nobody's to edit: a package macro that does not parse is reported where the project calls
      // it (bronze/undefined-name), not in dbt_packages/.
      templateFiles = {
        files: ctx.project.files,
        list: [...ctx.project.files.values()].filter((f) => (f.kind === 'macro' || f.kind === 'test') && inRootProject(ctx.project, f.path)),
      };
    }
    for (const file of templateFiles.list) {
      const text = ctx.fileText(file.path) ?? file.text;
      let hit = fileCache.get(file.path);
      if (!hit || hit.text !== text) {
        hit = { text, found: checkTemplateSyntax(text, file.path).map((d) => ({ ...d, code: jinjaSyntax.id })) };
        fileCache.set(file.path, hit);
      }
      out.push(...hit.found);
    }
    return out;
  },
};


/**
 * Hooks set in YAML (dbt_project.yml `+pre-hook`, schema.yml `config:`, on-run-start/end) are Jinja too and
 * render only when the model runs: check them now and point into the YAML where the string is written.
 */
export const jinjaSyntaxHooks: Rule = {
  id: 'bronze/jinja-syntax',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads hooks come from configs, vars and YAML files
  description: 'Jinja syntax errors in hooks and vars written in YAML (broken quoting, unclosed tags).',
  check(ctx: RuleContext): Diagnostic[] {
    // Hooks change only with configs, and configs only when the loader rebuilds the models map.
    if (hooksAnswer && hooksAnswer.models === ctx.project.models && hooksAnswer.texts.every(([f, t]) => (ctx.fileText(f) ?? '') === t)) return hooksAnswer.out;
    const out = checkHooks(ctx);
    const yamlFiles = [...ctx.project.files.values()].filter((f) => f.kind === 'project' || f.kind === 'schema');
    hooksAnswer = { models: ctx.project.models, texts: out.length ? yamlFiles.map((f) => [f.path, ctx.fileText(f.path) ?? '']) : [], out };
    return out;
  },
};

let hooksAnswer: { models: unknown; texts: [string, string][]; out: Diagnostic[] } | undefined;

function checkHooks(ctx: RuleContext): Diagnostic[] {
  const hooks = new Map<string, string>(); // sql → kind
  for (const m of ctx.project.models.values()) {
    for (const h of m.config['pre-hook'] ?? []) hooks.set(h.sql, 'pre-hook');
    for (const h of m.config['post-hook'] ?? []) hooks.set(h.sql, 'post-hook');
  }
  // Vars with Jinja render when var() reads them: a value that does not parse fails every model that reads it.
  const jinjaVars = (vars: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(vars)) {
      if (typeof v === 'string' && /\{[{%#]/.test(v)) hooks.set(v, `var '${prefix}${k}'`);
      else if (!prefix && v && typeof v === 'object' && !Array.isArray(v)) jinjaVars(v as Record<string, unknown>, `${k}.`);
    }
  };
  jinjaVars(ctx.project.vars ?? {}, '');
  for (const h of ctx.project.onRunStart) hooks.set(h, 'on-run-start hook');
  for (const h of ctx.project.onRunEnd) hooks.set(h, 'on-run-end hook');
  const out: Diagnostic[] = [];
  for (const [sql, kind] of hooks) {
    const found = hookSyntax(sql);
    if (found.length === 0) continue;
    const at = locateInYaml(ctx, sql);
    if (!at) continue; // written in a model's config(): bronze/jinja-syntax on the model reports it
    for (const d of found) {
      const start = at.offset + offsetOf(sql, d.range.start);
      const end = at.offset + offsetOf(sql, d.range.end);
      out.push(diag(jinjaSyntaxHooks, at.file, ctx.lines(at.file).rangeOf(start, end), `In ${/^var /.test(kind) ? kind : `a ${kind}`}: ${d.message}`));
    }
  }
  return out;
}

function locateInYaml(ctx: RuleContext, sql: string): { file: string; offset: number } | undefined {
  for (const f of ctx.project.files.values()) {
    if (f.kind !== 'project' && f.kind !== 'schema') continue;
    const text = ctx.fileText(f.path) ?? f.text;
    const i = text.indexOf(sql);
    if (i >= 0) return { file: f.path, offset: i };
  }
  return undefined;
}
