// Wrong argument counts for ref(), source(), var() and env_var(): the render would fail with a
// compiler error, so say it at the call.
import type { Diagnostic } from '../../core/types';
import { positional, type CallInfo } from '../template-scan';
import { diag, type Rule, type RuleContext } from './rule';

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
  description: 'ref(), source(), var() and env_var() called with the wrong number of arguments.',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const f of ctx.models) {
      for (const call of f.scan.calls) {
        const spec = RULES[call.name];
        if (!spec) continue;
        // `*args` / `**kwargs` spreading cannot be counted.
        if (call.args.some((a) => /^\*/.test(f.text.slice(a.start, a.end)))) continue;
        const n = positional(call).length;
        const badKw = call.args.find((a) => a.keyword !== undefined && !spec.kw.includes(a.keyword));
        if (n >= spec.min && n <= spec.max && !badKw) continue;
        const problem = badKw
          ? `unexpected keyword argument '${badKw.keyword}'`
          : `${n} positional argument${n === 1 ? '' : 's'} given`;
        out.push(diag(callArguments, f.file, callRange(f.lines, call), `${call.name}() takes ${describe(spec)}: ${problem}. Write ${spec.usage}.`));
      }
    }
    return out;
  },
};

function describe(spec: { min: number; max: number }): string {
  return spec.min === spec.max ? `exactly ${spec.min} arguments` : `${spec.min} or ${spec.max} arguments`;
}

function callRange(lines: { rangeOf(s: number, e: number): import('../../core/types').Range }, call: CallInfo) {
  return lines.rangeOf(call.start, call.end);
}
