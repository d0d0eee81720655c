// Public API of the template engine: Jinja rendering with dbt's context, syntax diagnostics, built-in macros.
export { JinjaEnvironment } from './engine';
export type { CompiledTemplate, JinjaEnvironmentOptions, MacroInfo, MacroResolver, RenderGlobals, RenderResult } from './engine';
export { TemplateError } from './errors';
export { checkTemplateSyntax } from './syntax';
export {
  IntrospectionMiss,
  QuestionRefused,
  publicTarget,
  relationAnswers,
  relationObject,
  render,
  renderNodeOf,
  renderResolving,
  requestKey,
} from './dbt-context';
export { renderRelation } from '../core/relation-text';
export type { Introspection, IntrospectionRequest, QueryResult, RenderBatch, RenderNode, RenderOutcome, RenderRequest, RenderSequence } from './dbt-context';
export type { InvocationFlags } from './dbt-flags';
export { BUILTIN_MACRO_FILES, DBT_MACROS, DBT_UTILS_MACROS } from './builtin-macros';
export { JinjaObject, RawFunction, NOT_IMPLEMENTED } from './values';
export type { HostFunction, HostHooks } from './values';
