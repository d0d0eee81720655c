// A model whose final query is a UNION of branches that each read their own CTEs: low6_uksouth's
// agg_low6__cohort_retention_weekly unions nine games, each `select …, activity_week, … from game_x`, where game_x's
// CTE chain computes `date_trunc('week', cast(convert_timezone(…, <its own timestamp>) as date)) as activity_week`
// from its own model (entered_at, joined_at, spun_at, created_at, attempted_at). Read as one text, the column's first
// definition (entered_at) was taken for every branch, so the not_null test on activity_week bound entered_at in
// models that have none and left joined_at unbound: the fantasy game's entries kept NULL join times and the test
// failed. Each branch is read as a model of its own instead: the branch's select with only the CTEs it reads
// (transitively), its parents the relations those name.
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { scanJinja } from '../../../server/src/template/scan';
import { scanTemplate, type ScanResult } from '../../../server/src/project/scanner';

interface Cte {
  name: string;
  /** Offsets of `name … as ( … )` in the template. */
  start: number;
  end: number;
}

/** The CTEs of a top-level WITH and where the final query starts (token index); undefined without a WITH. */
function withClause(tokens: SqlToken[]): { ctes: Cte[]; final: number } | undefined {
  if (!/^with$/i.test(tokens[0]?.text ?? '')) return undefined;
  const ctes: Cte[] = [];
  let i = /^recursive$/i.test(tokens[1]?.text ?? '') ? 2 : 1;
  for (;;) {
    const name = tokens[i];
    if (!name || (name.kind !== 'ident' && name.kind !== 'quoted')) return undefined;
    let k = i + 1;
    // A column list (`name (a, b) as (…)`).
    if (tokens[k]?.text === '(') {
      while (k < tokens.length && !(tokens[k].text === ')' && tokens[k].depth === 0)) k++;
      k++;
    }
    if (!/^as$/i.test(tokens[k]?.text ?? '') || tokens[k + 1]?.text !== '(') return undefined;
    let close = k + 2;
    while (close < tokens.length && !(tokens[close].text === ')' && tokens[close].depth === 0)) close++;
    if (close === tokens.length) return undefined;
    ctes.push({ name: name.text.toLowerCase(), start: name.start, end: tokens[close].end });
    if (tokens[close + 1]?.text !== ',') return { ctes, final: close + 1 };
    i = close + 2;
  }
}

/** Each model's branch models, once per model object (the trace asks for them at every hop through it). */
const branchesOf = new WeakMap<ModelNode, ModelNode[] | null>();

/**
 * The branches of `model`'s final UNION, each as a model: the branch's text after the CTEs it reads (transitively),
 * depending on the relations those name. Undefined when the final query is no UNION of two or more branches, or
 * combines them otherwise too (EXCEPT, INTERSECT, MINUS: not every branch's rows are the output's).
 */
export function unionBranchModels(project: ProjectModel, model: ModelNode): ModelNode[] | undefined {
  let found = branchesOf.get(model);
  if (found === undefined) branchesOf.set(model, (found = readBranches(project, model) ?? null));
  return found ?? undefined;
}

function readBranches(project: ProjectModel, model: ModelNode): ModelNode[] | undefined {
  const code = model.rawCode;
  // A masked `{{ config(…) }}` before the query is underscores (scan.ts): no SQL.
  const all = tokenizeSql(scanJinja(code).masked).tokens;
  const tokens = all.slice(Math.max(0, all.findIndex((t) => !(t.kind === 'ident' && /^_+$/.test(t.text)))));
  const head = withClause(tokens);
  const final = head?.final ?? 0;
  const cuts: Array<{ from: number; to: number }> = [];
  let from = final;
  for (let i = final; i < tokens.length; i++) {
    if (tokens[i].depth !== 0) continue;
    if (/^(except|intersect|minus)$/i.test(tokens[i].text)) return undefined;
    if (!/^union$/i.test(tokens[i].text)) continue;
    cuts.push({ from, to: i });
    from = /^(all|distinct)$/i.test(tokens[i + 1]?.text ?? '') ? i + 2 : i + 1;
  }
  if (cuts.length === 0 || from >= tokens.length) return undefined;
  cuts.push({ from, to: tokens.length });
  const ctes = head?.ctes ?? [];
  const byName = new Map(ctes.map((c) => [c.name, c]));
  const wordsIn = (start: number, end: number): string[] =>
    tokens.filter((t) => t.start >= start && t.end <= end && (t.kind === 'ident' || t.kind === 'quoted')).map((t) => t.text.toLowerCase());
  return cuts.map(({ from: a, to: b }) => {
    const text = code.slice(tokens[a].start, b < tokens.length ? tokens[b].start : code.length).replace(/;\s*$/, '');
    // The CTEs the branch reads, and those they read, in the order the WITH defines them.
    const read = new Set<string>();
    const pending = wordsIn(tokens[a].start, b < tokens.length ? tokens[b].start : code.length);
    while (pending.length > 0) {
      const word = pending.pop()!;
      const cte = byName.get(word);
      if (!cte || read.has(word)) continue;
      read.add(word);
      pending.push(...wordsIn(cte.start, cte.end).filter((w) => w !== word));
    }
    const kept = ctes.filter((c) => read.has(c.name));
    const sql = kept.length > 0 ? `with ${kept.map((c) => code.slice(c.start, c.end)).join(',\n')}\n${text}` : text;
    const calls = scanTemplate(sql);
    return { ...model, rawCode: sql, dependsOn: { ...model.dependsOn, nodes: model.dependsOn.nodes.filter((id) => reads(project, id, calls)) } };
  });
}

/**
 * Whether the template text `sql` reads the relation `id` (a model by ref(), a source by source()), as the project's
 * loader reads a template's calls (scanner.ts); other nodes stay.
 */
function reads(project: ProjectModel, id: string, calls: ScanResult): boolean {
  const model = project.models.get(id);
  if (model) return calls.refs.some((r) => r.name === model.name);
  const source = project.sources.get(id);
  if (source) return calls.sources.some((c) => c.sourceName === source.sourceName && c.tableName === source.name);
  return true;
}
