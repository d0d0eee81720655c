// Which column of which relation a model reads where: its template tokenized, each `{{ ref() }}` / `{{ source() }}` it
// reads followed through its CTEs, subqueries, aliases and renames (column-flow.ts). The relations' column lists are
// not read here: any name qualified by a relation's alias is that relation's, and a bare name is one relation's only
// where nothing else is read beside it.
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { scanJinja } from '../../../server/src/template/scan';
import { AnyColumns, followColumns, outputName, plainReference, setOperationBranches, setOperationCte, type ColumnFlow } from './column-flow';
import { isColumnWord, refSites, sourceSites } from './usage';

/** A column of a relation a model reads: the `model.…` or `source.…` id, and the column's name there. */
export type Read = { relation: string; column: string };


/** `relation|column`, the column in lower case. */
export const readKey = (r: Read): string => `${r.relation}|${r.column.toLowerCase()}`;

export type ModelReads = { masked: string; tokens: SqlToken[]; flow: ColumnFlow<Read> };

/**
 * Each model's reads, once per model object: the sampler follows tests through the same models many times, one hop
 * at a time (a model object is its project's: its parents' names do not change under it). Callers only read them.
 */
const readsOf = new WeakMap<ModelNode, ModelReads>();

/** A model's masked template, its tokens, and the column each token reads (by token index) and its output hands on. */
export function modelReads(project: ProjectModel, model: ModelNode): ModelReads {
  let reads = readsOf.get(model);
  if (!reads) readsOf.set(model, (reads = readModel(project, model)));
  return reads;
}

function readModel(project: ProjectModel, model: ModelNode): ModelReads {
  const scan = scanJinja(model.rawCode);
  const masked = oneTokenExpressions(scan);
  const { tokens } = tokenizeSql(masked);
  const inbound = model.dependsOn.nodes.flatMap((id) => {
    const parent = project.models.get(id);
    const source = project.sources.get(id);
    const sites = parent ? refSites(tokens, scan.calls, parent.name) : source ? sourceSites(tokens, scan.calls, source, model) : [];
    return sites.map((site) => ({ at: site.at, columns: new AnyColumns<Read>((column) => ({ relation: id, column })) }));
  });
  return { masked, tokens, flow: followColumns(tokens, inbound, isColumnWord) };
}

/**
 * The masked template with each `{{ … }}` one token: the scan keeps an expression's line breaks (`{{ source(\n'shared',\n
 * 'hours'\n) }}` masks to three runs of `_`), and the runs after the first read as the relation's alias and more.
 */
function oneTokenExpressions(scan: ReturnType<typeof scanJinja>): string {
  const masked = scan.masked;
  const spans = scan.split.filter((t) => t.kind === 'expr' && /[\r\n]/.test(masked.slice(t.start, t.end)));
  if (spans.length === 0) return masked;
  let out = '';
  let pos = 0;
  for (const t of spans) {
    out += masked.slice(pos, t.start) + masked.slice(t.start, t.end).replace(/[\r\n]/g, '_');
    pos = t.end;
  }
  return out + masked.slice(pos);
}

/**
 * The relation's column a model's output column passes on as it is (`fb.entity_id as "Product ID"` through a CTE
 * that joins four models on entity_id): undefined when the model computes it or the reading is ambiguous.
 */
export function passedThrough(project: ProjectModel, model: ModelNode, column: string): Read | undefined {
  const { handed } = modelReads(project, model).flow;
  return handed.get(column.toLowerCase()) ?? handed.get(column) ?? handed.get(`"${column}"`);
}

/** A LEFT JOIN's key: the joined relation's column, and the column of the other side it is compared with. */
export interface LeftJoinedKey {
  joined: Read;
  other: Read;
  /** The name the join gives the joined relation (its alias, else the relation's name), lower case. */
  alias: string;
  /**
   * Every branch's column where the other side reads a CTE that is a UNION (`base as (select … purchaser from a union
   * all select … purchaser from b …)`): `other` is the first branch's only, as the flow follows a set operation.
   */
  others?: Read[];
}

/** Words after which a join's ON condition has ended. */
const CONDITION_ENDS = /^(join|left|right|inner|full|cross|natural|where|group|order|qualify|having|limit|union|except|intersect|minus|window)$/i;

/**
 * The keys of each `left [outer] join <relation> [as] alias on a.x = alias.y` of a model (one equality, both sides
 * qualified), each side followed through the model's CTEs to the column of the relation it reads (a CTE `contests`
 * over `{{ ref('stg_contests') }}`, the other side through CTEs that group and number the rows). A joined CTE that
 * filters its rows (WHERE, QUALIFY, HAVING, LIMIT) is left out: its keys are not all the relation's.
 */
export function leftJoinedKeys(project: ProjectModel, model: ModelNode): LeftJoinedKey[] {
  return joinedKeys(project, model, (before, twoBefore) => before === 'left' || (before === 'outer' && twoBefore === 'left'));
}

/** Words before JOIN that make it other than an inner join. */
const NOT_INNER = new Set(['left', 'right', 'full', 'outer', 'cross', 'natural', 'lateral', 'asof']);

/**
 * The keys of each `[inner] join <relation> [as] alias on a.x = alias.y` of a model, read as leftJoinedKeys reads a
 * LEFT JOIN's: a row of the other side reaches the model's output only where its key finds the joined relation's.
 */
export function innerJoinedKeys(project: ProjectModel, model: ModelNode): LeftJoinedKey[] {
  return joinedKeys(project, model, (before) => !NOT_INNER.has(before));
}

function joinedKeys(project: ProjectModel, model: ModelNode, kind: (before: string, twoBefore: string) => boolean): LeftJoinedKey[] {
  const { tokens, flow } = modelReads(project, model);
  const word = (i: number): string => tokens[i]?.text.toLowerCase() ?? '';
  const out: LeftJoinedKey[] = [];
  for (let i = 1; i < tokens.length; i++) {
    if (word(i) !== 'join' || !kind(word(i - 1), word(i - 2))) continue;
    const relation = i + 1;
    let on = relation + 1;
    if (word(on) === 'as') on++;
    const alias = word(on) !== 'on' ? word(on++) : word(relation);
    if (word(on) !== 'on') continue;
    const depth = tokens[on].depth;
    let end = on + 1;
    while (end < tokens.length && tokens[end].depth >= depth && !(tokens[end].depth === depth && (CONDITION_ENDS.test(tokens[end].text) || tokens[end].text === ';'))) end++;
    const cond = tokens.slice(on + 1, end);
    if (cond.length !== 7 || cond[1].text !== '.' || cond[3].text !== '=' || cond[5].text !== '.') continue;
    const [left, right] = [cond[0].text.toLowerCase(), cond[4].text.toLowerCase()];
    if ((left === alias) === (right === alias)) continue;
    const [joinedAt, otherAt] = left === alias ? [on + 3, on + 7] : [on + 7, on + 3];
    const joined = flow.at.get(joinedAt);
    const other = flow.at.get(otherAt);
    if (!joined || !other || joined.relation === other.relation || filtersCte(tokens, word(relation))) continue;
    const others = unionCteReads(tokens, flow, relationOf(tokens, word(otherAt - 2)), tokens[otherAt].text);
    out.push({ joined, other, alias, ...(others ? { others } : {}) });
  }
  return out;
}

/** The relation a FROM or JOIN names under `qualifier` (`from base a` → base; `from base` → base), lower case. */
function relationOf(tokens: SqlToken[], qualifier: string): string | undefined {
  const named = tokens.flatMap((t, k) => {
    if (!/^(from|join)$/i.test(t.text) || tokens[k + 1]?.kind !== 'ident') return [];
    const name = tokens[k + 1].text.toLowerCase();
    const alias = /^as$/i.test(tokens[k + 2]?.text ?? '') ? tokens[k + 3] : tokens[k + 2];
    return (alias?.kind === 'ident' && alias.text.toLowerCase() === qualifier) || name === qualifier ? [name] : [];
  });
  return new Set(named).size === 1 ? named[0] : undefined;
}

/**
 * The column each branch of the model's CTE `cte`, a set operation, gives at the position its first branch names
 * `column`, each followed by the flow to the relation it reads (a NULL or TRUE/FALSE branch gives none): undefined when
 * `cte` is no such CTE, or a branch computes the column.
 */
function unionCteReads(tokens: SqlToken[], flow: ColumnFlow<Read>, cte: string | undefined, column: string): Read[] | undefined {
  if (cte === undefined) return undefined;
  const op = setOperationBranches(tokens).find(({ branches }) => setOperationCte(tokens, branches).cte === cte);
  if (!op) return undefined;
  const k = op.branches[0].findIndex((item) => outputName(tokens, item)?.toLowerCase() === column.toLowerCase());
  if (k < 0) return undefined;
  const reads: Read[] = [];
  for (const items of op.branches) {
    const ref = items[k] ? plainReference(tokens, items[k]) : undefined;
    if (ref === undefined) return undefined;
    const read = flow.at.get(ref);
    if (read) reads.push(read);
    else if (!/^(null|true|false)$/i.test(tokens[ref].text)) return undefined;
  }
  return reads;
}

/** Whether the model's CTE `name` (if it is one) filters the rows it reads at its own level. */
function filtersCte(tokens: SqlToken[], name: string): boolean {
  const at = tokens.findIndex((t, k) => t.text.toLowerCase() === name && tokens[k + 1]?.text.toLowerCase() === 'as' && tokens[k + 2]?.text === '(');
  if (at < 0) return false;
  const depth = tokens[at + 2].depth;
  for (let k = at + 3; k < tokens.length && !(tokens[k].text === ')' && tokens[k].depth === depth); k++) {
    if (tokens[k].depth === depth + 1 && /^(where|qualify|having|limit)$/i.test(tokens[k].text)) return true;
  }
  return false;
}
