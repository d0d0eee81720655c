// Node selection as dbt evaluates it: each criterion collects its matching nodes, adds its graph operators'
// neighbours, then (unless indirect selection is `empty`) the tests that hang off the result; criteria
// combine by union / intersection; `--exclude` is evaluated the same way and subtracted; cautious mode
// finally re-admits tests whose parents all ended up selected. Tests only enter through the graph, so a
// disabled node (absent from the graph) is never selected.

import type { ProjectModel, ResourceType } from '../core/types';
import type { Graph } from './dag';
import type { StateComparison } from './state';
import { compileMatcher, type MatchContext } from './methods';
import { parseSelectors, type SelectorCriterion, type SelectorExpression } from './selector';

export type IndirectSelection = 'eager' | 'cautious' | 'empty';

export interface SelectOptions {
  /** `--select` arguments; each may hold several space-separated criteria. */
  select?: readonly string[];
  /** `--exclude` arguments. */
  exclude?: readonly string[];
  /** Keep only these resource types in the result (a command's node types). All when omitted. */
  resourceTypes?: readonly ResourceType[];
  /** dbt's `--indirect-selection`; `eager` by default. */
  indirectSelection?: IndirectSelection;
  /** What to select when `select` is empty. Default: `resource_type:model` (every enabled model). */
  defaultSelect?: readonly string[];
  /** The saved manifest to compare with (`--state`), for `state:` selectors. */
  state?: StateComparison;
}

/** dbt's defaults per command: what an empty `--select` means and which node types the command runs. */
export const COMMAND_SELECTION: Record<'run' | 'test' | 'build' | 'compile' | 'list' | 'show' | 'seed' | 'snapshot', Pick<SelectOptions, 'defaultSelect' | 'resourceTypes'>> = {
  run: { defaultSelect: ['resource_type:model'], resourceTypes: ['model'] },
  compile: { defaultSelect: ['resource_type:model'], resourceTypes: ['model', 'test', 'analysis'] },
  show: { defaultSelect: ['resource_type:model'], resourceTypes: ['model'] },
  test: { defaultSelect: ['resource_type:test', 'resource_type:unit_test'], resourceTypes: ['test', 'unit_test'] },
  build: { defaultSelect: ['fqn:*'], resourceTypes: ['model', 'test', 'unit_test', 'seed', 'snapshot'] },
  list: { defaultSelect: ['fqn:*'], resourceTypes: ['model', 'test', 'unit_test', 'source', 'seed', 'snapshot', 'analysis'] },
  seed: { defaultSelect: ['resource_type:seed'], resourceTypes: ['seed'] },
  snapshot: { defaultSelect: ['resource_type:snapshot'], resourceTypes: ['snapshot'] },
};

interface Selected {
  direct: Set<string>;
  /** Tests reached by cautious indirect selection that still wait for all their parents. */
  indirect: Set<string>;
}

/**
 * Selects nodes; returns their unique_ids in topological order (ties by unique_id). Throws SelectorError
 * for a malformed selector and GraphCycleError when the selection cannot be ordered.
 */
export function selectNodes(
  project: Pick<ProjectModel, 'name' | 'root'>,
  graph: Graph,
  options: SelectOptions = {},
): string[] {
  const mode = options.indirectSelection ?? 'eager';
  const ctx: MatchContext = { projectName: project.name, projectRoot: project.root, state: options.state };
  const selectExpr = parseSelectors(options.select ?? []) ?? parseSelectors(options.defaultSelect ?? ['resource_type:model']);
  const excludeExpr = parseSelectors(options.exclude ?? []);

  const evaluator = new Evaluator(graph, ctx, mode);
  const chosen = selectExpr ? evaluator.evaluate(selectExpr) : { direct: new Set<string>(), indirect: new Set<string>() };
  if (excludeExpr) {
    const out = evaluator.evaluate(excludeExpr);
    for (const id of out.direct) chosen.direct.delete(id);
    for (const id of out.indirect) chosen.indirect.delete(id);
  }
  const result = evaluator.incorporateIndirect(chosen);
  const types = options.resourceTypes ? new Set<string>(options.resourceTypes) : null;
  const kept = types ? [...result].filter((id) => types.has(graph.node(id)!.resourceType)) : [...result];
  return graph.topologicalOrder(kept);
}

/** The nodes one criterion matches by its method alone (no graph operators, no indirect tests). */
export function matchCriterion(project: Pick<ProjectModel, 'name' | 'root'>, graph: Graph, criterion: SelectorCriterion): Set<string> {
  const match = compileMatcher(criterion, { projectName: project.name, projectRoot: project.root });
  const out = new Set<string>();
  for (const node of graph.allNodes()) if (match(node)) out.add(node.uniqueId);
  return out;
}

class Evaluator {
  constructor(
    private readonly graph: Graph,
    private readonly ctx: MatchContext,
    private readonly mode: IndirectSelection,
  ) {}

  evaluate(expr: SelectorExpression): Selected {
    switch (expr.kind) {
      case 'criterion':
        return this.criterion(expr);
      case 'union': {
        const parts = expr.items.map((e) => this.evaluate(e));
        return {
          direct: new Set(parts.flatMap((p) => [...p.direct])),
          indirect: new Set(parts.flatMap((p) => [...p.indirect])),
        };
      }
      case 'intersection': {
        const parts = expr.items.map((e) => this.evaluate(e));
        const [first, ...rest] = parts;
        return {
          direct: new Set([...first.direct].filter((id) => rest.every((p) => p.direct.has(id)))),
          indirect: new Set([...first.indirect].filter((id) => rest.every((p) => p.indirect.has(id)))),
        };
      }
    }
  }

  /** Cautious mode: a test held back becomes selected once every parent of it is selected. */
  incorporateIndirect(sel: Selected): Set<string> {
    const out = new Set(sel.direct);
    if (this.mode !== 'cautious') return out;
    for (const id of sel.indirect) {
      if (this.graph.parents(id).every((p) => sel.direct.has(p))) out.add(id);
    }
    return out;
  }

  private criterion(c: SelectorCriterion): Selected {
    const collected = new Set<string>();
    const match = compileMatcher(c, this.ctx);
    for (const node of this.graph.allNodes()) if (match(node)) collected.add(node.uniqueId);

    const selected = new Set(collected);
    if (c.childrensParents) {
      const down = new Set([...collected, ...this.graph.descendantsOf(collected)]);
      for (const id of down) selected.add(id);
      for (const id of this.graph.ancestorsOf(down)) selected.add(id);
    } else {
      if (c.parents) for (const id of this.graph.ancestorsOf(collected, c.parentsDepth)) selected.add(id);
    }
    if (c.children) for (const id of this.graph.descendantsOf(collected, c.childrenDepth)) selected.add(id);

    if (this.mode === 'empty') return { direct: selected, indirect: new Set() };
    return this.expandTests(selected);
  }

  /** dbt's expand_selection: tests that are direct children of the selection. */
  private expandTests(selected: Set<string>): Selected {
    const direct = new Set(selected);
    const indirect = new Set<string>();
    for (const id of selected) {
      for (const child of this.graph.children(id)) {
        if (direct.has(child) || indirect.has(child)) continue;
        const type = this.graph.node(child)?.resourceType;
        if (type !== 'test' && type !== 'unit_test') continue;
        if (this.mode === 'eager' || this.graph.parents(child).every((p) => selected.has(p))) direct.add(child);
        else indirect.add(child);
      }
    }
    return { direct, indirect };
  }
}
