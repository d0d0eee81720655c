// The template-call checks of models, run over the project's singular tests too (a test's compile fails the same
// way), and the undefined-name check over the project's macro files (as warnings: a macro renders only when
// called, and the call site gets the error). Project-scoped and cached by text, so an edit costs one file.
import type { Diagnostic, ProjectFile } from '../../core/types';
import { LineIndex } from '../../project/line-index';
import { inRootProject } from '../template-names';
import { scanJinja } from '../../template/scan';
import { callArgumentsIn } from './call-arguments';
import type { Rule, RuleContext } from './rule';
import { undefinedNamesIn, type TemplateFile } from './undefined-name';
import { secretEnvVarIn, undefinedVarIn, unsetEnvVarIn } from './vars';

const facts = new Map<string, TemplateFile>();

function fileFacts(ctx: RuleContext, f: ProjectFile, packageName: string): TemplateFile {
  const text = ctx.fileText(f.path) ?? f.text;
  let hit = facts.get(f.path);
  if (!hit || hit.text !== text || hit.packageName !== packageName) {
    hit = { file: f.path, text, scan: scanJinja(text), lines: new LineIndex(text), packageName };
    if (facts.size > 5000) facts.clear();
    facts.set(f.path, hit);
  }
  return hit;
}

export const templateFiles: Rule = {
  id: 'bronze/undefined-name',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads singular tests and macro files, macros, vars, env
  description: 'Calls, vars and env vars in singular tests; undefined names in macro files.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const t of ctx.project.tests.values()) {
      if (t.testMetadata || t.packageName !== ctx.project.name) continue;
      const file = ctx.project.files.get(t.location.file);
      if (!file) continue;
      const f = fileFacts(ctx, file, t.packageName);
      out.push(...callArgumentsIn(f, ctx), ...undefinedVarIn(f, ctx), ...unsetEnvVarIn(f, ctx), ...secretEnvVarIn(f), ...undefinedNamesIn(f, ctx));
    }
    for (const file of ctx.project.files.values()) {
      if (file.kind !== 'macro' || !inRootProject(ctx.project, file.path)) continue;
      const f = fileFacts(ctx, file, ctx.project.name);
      out.push(...undefinedNamesIn(f, ctx, { inMacroFile: true }), ...callArgumentsIn(f, ctx).map((d) => ({ ...d, severity: 'warning' as const })));
    }
    return out;
  },
};
