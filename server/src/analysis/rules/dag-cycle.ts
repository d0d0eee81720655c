// Cycles in the DAG, reported at the ref() that closes each step of the cycle, with the whole path.
import type { Diagnostic, ModelNode } from '../../core/types';
import { positional } from '../../template/scan';
import { diag, type Rule, type RuleContext } from './rule';

export const dagCycle: Rule = {
  id: 'bronze/dag-cycle',
  severity: 'error',
  scope: 'project',
  description: 'Models that depend on themselves through ref().',
  check(ctx: RuleContext): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const cycle of ctx.graph.findCycles()) {
      const names = cycle.map((id) => ctx.project.models.get(id)?.name ?? id);
      const path = names.join(' → ');
      for (let i = 0; i + 1 < cycle.length; i++) {
        const model = ctx.project.models.get(cycle[i]);
        const next = ctx.project.models.get(cycle[i + 1]);
        if (!model) continue;
        // An edge parent → child: the child holds the ref to the parent.
        const child = next;
        const parent = model;
        if (!child) continue;
        out.push(
          diag(dagCycle, child.location.file, refRange(ctx, child, parent.name), `This ref() closes a cycle: ${path}. Remove one ref() in the cycle so that no model depends on itself.`),
        );
      }
    }
    return out;
  },
};

function refRange(ctx: RuleContext, child: ModelNode, parentName: string) {
  const f = ctx.facts(child.uniqueId);
  if (f) {
    for (const c of f.scan.calls) {
      const a = positional(c);
      if (c.name === 'ref' && a.length > 0 && a[a.length - 1].value === parentName) return f.lines.rangeOf(c.start, c.end);
    }
  }
  const r = child.refs.find((x) => x.name === parentName);
  return r?.range ?? child.location.range;
}
