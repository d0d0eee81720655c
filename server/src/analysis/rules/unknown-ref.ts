// ref() to a model that does not exist, with did-you-mean and a quick fix that replaces the name.
import type { Diagnostic } from '../../core/types';
import { didYouMean } from '../../project/did-you-mean';
import { resolveRef } from '../project-index';
import { positional } from '../../template/scan';
import { diag, type Rule, type RuleContext } from './rule';

export const unknownRef: Rule = {
  id: 'bronze/unknown-ref',
  severity: 'error',
  scope: 'model',
  description: 'ref() names a model that does not exist.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      for (const call of f.scan.calls) {
        if (call.name !== 'ref') continue;
        const args = positional(call);
        if (args.length < 1 || args.length > 2 || !args.every((a) => a.literal && typeof a.value === 'string')) continue;
        const nameArg = args[args.length - 1];
        const name = nameArg.value as string;
        const pkg = args.length === 2 ? (args[0].value as string) : undefined;
        if (resolveRef(ctx.index, name, pkg)) continue;
        const candidates = [...ctx.index.modelsByName.keys()];
        const guess = didYouMean(name, candidates);
        const range = f.lines.rangeOf(nameArg.start, nameArg.end);
        const quote = f.text[nameArg.start];
        const what = pkg ? `model '${name}' in package '${pkg}'` : `model '${name}'`;
        const message =
          `ref() points to ${what}, which does not exist.` +
          (guess ? ` Did you mean '${guess}'?` : ' Create the model, or fix the name.');
        const fixes = guess ? [{ title: `Change to ref('${guess}')`, edits: [{ file: f.file, range, newText: `${quote}${guess}${quote}` }] }] : undefined;
        out.push(diag(unknownRef, f.file, range, message, fixes));
      }
    }
    return out;
  },
};

/**
 * The same for singular tests under test-paths (a test that refs a missing model fails to compile too) and for
 * Python models (no template scan: their dbt.ref calls, at the call).
 */
export const unknownRefInTest: Rule = {
  id: 'bronze/unknown-ref',
  severity: 'error',
  scope: 'project',
  keepsOnModelEdit: true, // reads singular tests and Python models; SQL models only by name
  description: 'A singular test or a Python model refs a model that does not exist.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    const candidates = [...ctx.index.modelsByName.keys()];
    const python = [...ctx.project.models.values()].filter((m) => m.language === 'python' && m.packageName === ctx.project.name);
    for (const t of [...ctx.project.tests.values(), ...python]) {
      if ('testMetadata' in t && t.testMetadata) continue; // generic tests are checked where they are declared
      for (const r of t.refs) {
        const range = r.nameRange ?? (t.resourceType === 'model' ? (r.range ?? t.location.range) : undefined);
        if (!range || resolveRef(ctx.index, r.name, r.package)) continue;
        const guess = didYouMean(r.name, candidates);
        const what = r.package ? `model '${r.name}' in package '${r.package}'` : `model '${r.name}'`;
        out.push(
          diag(unknownRefInTest, t.location.file, range, `ref() points to ${what}, which does not exist.` + (guess ? ` Did you mean '${guess}'?` : ' Create the model, or fix the name.')),
        );
      }
    }
    return out;
  },
};
