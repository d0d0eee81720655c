// dbt's parse-time render of a node's text (execute = False): ref() and source() record the call and stand in for a
// relation (resolving throws, so the renderer gives its stand-in), nothing is run, no refresh, no invocation. One
// request shape for every parse-time render of a node (its config() with computed values, its computed refs).
import type { ModelNode, TestNode } from '../core/types';
import { render, renderNodeOf, type JinjaEnvironment, type RenderOutcome, type RenderRequest } from '../template';

/** What a parse-time render of a node takes beyond the node and its text. */
export type ParseRenderContext = Pick<RenderRequest, 'target' | 'projectName' | 'vars' | 'env' | 'dispatch' | 'sqlDialect' | 'which'>;

/** Renders `text` of `node` as dbt's parse does. Throws what the render throws. */
export function renderAtParse(jinja: JinjaEnvironment, node: ModelNode | TestNode, text: string, ctx: ParseRenderContext): RenderOutcome {
  return render(jinja, {
    ...ctx,
    phase: 'parse',
    text,
    file: node.location.file,
    // No `this` at parse time: the naming macros have not run yet.
    node: renderNodeOf(node, undefined),
    resolveRef: () => {
      throw new Error('parse');
    },
    resolveSource: () => {
      throw new Error('parse');
    },
    fullRefresh: false,
    invocationId: '',
    runStartedAt: new Date(0),
    // dbt parses inside the command it runs: flags.WHICH is that command ('parse' for dbt parse and the editor).
    which: ctx.which ?? 'parse',
  });
}
