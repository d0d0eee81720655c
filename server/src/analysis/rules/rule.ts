// The rule framework: a rule is an id, a default severity and a pure check over a RuleContext. Model-scoped
// rules look only at `ctx.models` (the edited files and their dependents on an incremental pass);
// project-scoped rules look at the whole project and must stay linear, because they run on every pass.
import type { Diagnostic, ModelNode, ProjectModel, Range, Severity, SourceLocation } from '../../core/types';
import type { Graph } from '../../graph';
import type { BrokenSchema } from '../../project/broken-yaml';
import type { LineIndex } from '../../project/line-index';
import type { InferredColumns } from '../columns';
import type { ProjectIndex } from '../project-index';
import type { TemplateScan } from '../../template/scan';

/** What the rules know about one model file, built once per text and cached by the workspace. */
export interface ModelFacts {
  node: ModelNode;
  file: string;
  text: string;
  scan: TemplateScan;
  lines: LineIndex;
  /** The model's output columns (lazy; `*` over refs/sources expands through the project). */
  columns(): InferredColumns;
}

/**
 * What a text rule reads of a model: its text (and what is derived from it alone), its file, and the node's name and
 * resource type (a message names the model). A ModelFacts is one; so is what text-rules-worker.ts makes of a file.
 */
export interface TextFacts extends Pick<ModelFacts, 'file' | 'text' | 'scan' | 'lines'> {
  node: Pick<ModelNode, 'name' | 'resourceType' | 'language'>;
}

export interface TextCheck {
  /** What the rule's results depend on besides the model: a function of the target's type (undefined: none known). */
  key(targetType: string | undefined): string;
  /** The rule on one model; `key` is what key() returned for this pass. */
  check(f: TextFacts, key: string): Diagnostic[];
}

/** The loaded project carries its resolved target (project/load.ts); injected test projects may not. */
export function targetTypeOf(project: ProjectModel): string | undefined {
  return (project as { target?: { type?: string } }).target?.type;
}

/** A model rule with a text check: `check` runs it on every model of the pass. */
export function textRule(rule: Omit<Rule, 'check' | 'scope' | 'text'> & { text: TextCheck }): Rule {
  const text = rule.text;
  return {
    ...rule,
    scope: 'model',
    check: (ctx) => {
      const key = text.key(targetTypeOf(ctx.project));
      return ctx.models.flatMap((f) => text.check(f, key));
    },
  };
}

export interface RuleContext {
  project: ProjectModel;
  graph: Graph;
  index: ProjectIndex;
  /** The models to check on this pass. */
  models: readonly ModelFacts[];
  /** Facts for any model of the project (used to look across a ref). */
  facts(uniqueId: string): ModelFacts | undefined;
  /** The text of a project file (YAML included), from the editor buffer when open. */
  fileText(file: string): string | undefined;
  lines(file: string): LineIndex;
  /** Environment for env_var(); CLI vars for var(). */
  env: Record<string, string | undefined>;
  cliVars: Record<string, unknown>;
  /** .sql files under the project root that no path of dbt_project.yml covers. */
  strayFiles: readonly string[];
  /** Schema files that do not parse: what their broken lines declare is unknown (project/broken-yaml.ts). */
  brokenSchemas: readonly BrokenSchema[];
  /**
   * Instead of a diagnostic about `what` (`source('raw', 'x')`, `column 'email'`) that `broken` may declare: the
   * workspace reports these as one error per model, at the first `at`.
   */
  unresolved(f: ModelFacts, what: string, broken: BrokenSchema, at: SourceLocation): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  scope: 'model' | 'project';
  /** One line for documentation and `bronze check --list-rules`. */
  description: string;
  check(ctx: RuleContext): Diagnostic[];
  /**
   * Only for a model rule whose diagnostics depend on nothing but a model's TextFacts and the project's target type
   * (no macros, vars, YAML or other files; every diagnostic in the model's own file, without fixes): that check,
   * which `check` runs on each model. Its results are cached on disk by a hash of the facts and `key`'s answer
   * (analysis/rule-cache.ts), and a cold `bronze check` computes them on a second thread (text-rules-ahead.ts).
   */
  text?: TextCheck;
  /**
   * Only for a project rule whose results cannot change when one SQL model's text changes and its name and config
   * stay (the workspace's fast edit path; its ref()/source() calls may change): it reads no SQL model's text, refs,
   * sources or dependencies, and not the DAG. The workspace keeps its last results on such an edit instead of
   * running it again on every keystroke.
   */
  keepsOnModelEdit?: boolean;
}

export function diag(rule: Pick<Rule, 'id' | 'severity'>, file: string, range: Range, message: string, fixes?: Diagnostic['fixes']): Diagnostic {
  const d: Diagnostic = { file, range, severity: rule.severity, code: rule.id, message };
  if (fixes && fixes.length > 0) d.fixes = fixes;
  return d;
}

/** Range in the model file of offsets [start, end). */
export function rangeIn(f: ModelFacts, start: number, end: number): Range {
  return f.lines.rangeOf(start, end);
}
