// The DAG and dbt's node selection, for the runner, the CLI and the analysis rules.

export { buildGraph, Graph, GraphCycleError, isEnabled } from './dag';
export type { BuildGraphOptions, GraphNode, MissingDependency } from './dag';
export {
  parseSelector,
  parseSelectors,
  SelectorError,
  SELECTOR_FORMS,
  SUPPORTED_METHODS,
  SELECTABLE_RESOURCE_TYPES,
  TEST_TYPES,
} from './selector';
export type { SelectorCriterion, SelectorExpression, SelectorIntersection, SelectorMethod, SelectorUnion, Span } from './selector';
export { COMMAND_SELECTION, matchCriterion, selectNodes } from './select';
export type { IndirectSelection, SelectOptions } from './select';
export { compileMatcher, fqnMatches } from './methods';
export type { MatchContext, NodePredicate } from './methods';
export { fnmatch, compilePathGlob, hasGlob } from './glob';
export { StateComparison, STATE_SELECTORS, contractState } from './state';
export type { ManifestDocument, StateSelector } from './state';
