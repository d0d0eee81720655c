// A UNION column that one branch makes a number (`(-1) * so_item_id as id`, `x::number`, `0`) and another passes a
// source column through: Snowflake converts the text branch to NUMBER, and text that is no number fails the whole
// statement ("Numeric value '…' is not recognized": the set operators page,
// https://docs.snowflake.com/en/sql-reference/operators-query). A project that builds on its real data therefore holds
// digits there; synthetic words would fail it (ammodepot's f_sales unions Magento's item ids, untyped, with the
// negated Fishbowl ids). The general rule: such a source column, when it is text, holds digits — as text every use
// casts to a number does (usage.ts's castToNumber). A number only a column's name says yields, though, where the model
// compares another branch's column with words (`sku not ilike '%defender%'`): those words would fail the conversion
// as well, so that column is text there and the named one is text too (numberUnionedColumns).
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { outputName, plainReference, setOperationBranches, setOperationCte } from './column-flow';
import { splitTopLevelCommas } from '../../../server/src/core/sql/split';
import { unionBranches, type JoinPartner, type SourceColumn } from './join-types';
import { aliasedExpressions, aliasedItems } from './expression-origin';
import { tokenizeSql } from '../../../server/src/core/sql/tokenize';
import { comparedWith, literalValue } from './json-flow';
import { originOfModelColumn } from './model-alias';
import { modelReads, readKey as keyOf, type ModelReads, type Read } from './model-reads';


/** Types a value cast to is a number as (Snowflake's names for exact and approximate numbers). */
const NUMBER_TYPE = String.raw`(?:number|numeric|decimal|dec|int|integer|bigint|smallint|tinyint|byteint|float|float4|float8|double|real)\b`;

/** An item (without its alias) that is a number as written: a literal, arithmetic with one, a cast to a number type. */
const NUMBER_ITEM = new RegExp(
  [
    String.raw`^\(?\s*[+-]?\d+(\.\d*)?\s*\)?$`,
    // `(-1) * x`, `x * 1`, `x + 0`: arithmetic with a number literal on either side.
    String.raw`^\(?\s*[+-]?\d+(\.\d*)?\s*\)?\s*[-+*/]\s*\S`,
    String.raw`\S\s*[-+*/]\s*\(?\s*[+-]?\d+(\.\d*)?\s*\)?$`,
    String.raw`::\s*${NUMBER_TYPE}[\s\d(),]*$`,
    String.raw`^(try_)?cast\s*\([\s\S]*\bas\s+${NUMBER_TYPE}[\s\d(),]*\)$`,
    String.raw`^(try_)?to_(number|numeric|decimal|double)\s*\(`,
  ].join('|'),
  'i',
);

/**
 * Whether an item is a number as written (NUMBER_ITEM), or a COALESCE/NVL/IFNULL one of whose arguments is (its
 * result is then a NUMBER: https://docs.snowflake.com/en/sql-reference/functions/coalesce).
 */
function isNumberItem(expr: string): boolean {
  if (NUMBER_ITEM.test(expr)) return true;
  const call = /^(coalesce|nvl|ifnull)\s*\(([\s\S]*)\)$/i.exec(expr.trim());
  return call !== null && splitTopLevelCommas(call[2]).map((a) => a.trim()).some(isNumberItem);
}

/** How many models (and renames in each) a branch's column is followed up to where it is made. */
const MAX_HOPS = 6;

/** `expr [as] name` at the end of a select item: the expression and the name it hands on. */
function splitAlias(item: string): { expr: string; name: string } {
  const m = /^([\s\S]*?)\s+(?:as\s+)?("[^"]+"|[A-Za-z_][\w$]*)\s*$/i.exec(item.trim());
  if (m && !/[.(]$/.test(m[1]) && !/^(and|or|not|is|in|like|then|else|end)$/i.test(m[2])) return { expr: m[1].trim(), name: m[2].replace(/"/g, '') };
  const bare = item.trim();
  return { expr: bare, name: bare.replace(/^.*\./, '').replace(/"/g, '') };
}

/** The model a branch reads from: `{{ ref('m') }}` right after its FROM. */
function branchModel(project: ProjectModel, from: string): string | undefined {
  const name = /^\s*\{\{\s*ref\(\s*(?:['"][^'"]+['"]\s*,\s*)?['"]([^'"]+)['"]\s*\)\s*\}\}/.exec(from)?.[1];
  return name ? [...project.models.values()].find((m) => m.resourceType === 'model' && m.name === name)?.uniqueId : undefined;
}

/**
 * Whether model `modelId` makes `column` a number as written: its item for that name is one (isNumberItem), or renames
 * a column (in its own text, or the one model it reads) that is.
 */
export function madeNumber(project: ProjectModel, modelId: string, column: string): boolean {
  return madeAs(project, modelId, column, isNumberItem);
}

/** Whether model `modelId` makes `column` what `made` says of an item as written, itself or by renaming one that is. */
function madeAs(project: ProjectModel, modelId: string, column: string, made: (expr: string) => boolean, hops = 0): boolean {
  const model = project.models.get(modelId);
  if (!model || model.resourceType !== 'model' || hops > MAX_HOPS) return false;
  if (aliasedExpressions(model.rawCode, column).some(made)) return true;
  const origin = originOfModelColumn(model.rawCode, column);
  if (origin?.converted || origin?.aggregate) return false;
  const next = origin?.column ?? column;
  if (next.toLowerCase() !== column.toLowerCase() && madeAs(project, modelId, next, made, hops + 1)) return true;
  const parents = model.dependsOn.nodes.filter((id) => id.startsWith('model.'));
  return parents.length === 1 && madeAs(project, parents[0], next, made, hops + 1);
}

/** Comparison operators, whose result is a BOOLEAN. */
const COMPARISON = /^(=|==|<>|!=|<|>|<=|>=)$/;
/** Words whose operation is a BOOLEAN (`x is null`, `a and b`, `name ilike 'x%'`, `k in (…)`). */
const BOOLEAN_WORDS = /^(and|or|is|like|ilike|rlike|regexp|in|between)$/i;

/**
 * Whether an item (without its alias) is a BOOLEAN as written: TRUE or FALSE, a cast to BOOLEAN as a whole, or a
 * comparison or logical operation as a whole (`balance <= 0`, `x is not null`, `not flag`) — not one inside a CASE or
 * a call, whose result is the CASE's or the function's.
 */
export function booleanItem(expr: string): boolean {
  const trimmed = expr.trim();
  if (/^(true|false)$/i.test(trimmed)) return true;
  const cast = castTypeOfItem(trimmed);
  if (cast !== undefined) return /^bool(ean)?$/i.test(cast);
  let { tokens } = tokenizeSql(trimmed);
  // `(c <> 'd')`: parentheses around the whole item.
  while (tokens.length > 2 && tokens[0].text === '(' && tokens.findIndex((t, i) => i > 0 && t.text === ')' && t.depth === tokens[0].depth) === tokens.length - 1) tokens = tokens.slice(1, -1);
  const top = tokens.filter((t) => t.depth === tokens[0]?.depth);
  if (top.some((t) => /^case$/i.test(t.text))) return false;
  if (/^(not|exists)$/i.test(top[0]?.text ?? '')) return true;
  return top.some((t) => (t.kind === 'op' && COMPARISON.test(t.text)) || (t.kind === 'ident' && BOOLEAN_WORDS.test(t.text)));
}

/**
 * Text a read is compared with, kept or left out (`= 'x'`, `<> 'x'`, `in ('a', …)`, `not ilike '%x%'`): the values
 * the model expects the column to hold. A LIKE pattern's fixed text only (its wildcards are no part of a value).
 */
function comparedText(tokens: SqlToken[], first: number, end: number): string[] {
  const at = /^not$/i.test(tokens[end]?.text ?? '') ? end + 1 : end;
  const unequal = tokens[at]?.text === '<>' || tokens[at]?.text === '!=' ? tokens[at + 1] : tokens[first - 1]?.text === '<>' || tokens[first - 1]?.text === '!=' ? tokens[first - 2] : undefined;
  if (unequal) {
    const v = literalValue(unequal);
    return typeof v === 'string' ? [v] : [];
  }
  if (/^i?like$/i.test(tokens[at]?.text ?? '')) {
    const pattern = literalValue(tokens[at + 1]);
    return typeof pattern === 'string' ? [pattern.replace(/[%_]/g, '')] : [];
  }
  return comparedWith(tokens, first, at).filter((v): v is string => typeof v === 'string');
}

/** One branch's item at a position of a set operation. */
interface BranchItem {
  /** The item without its alias. */
  expr: string;
  /** The column the item passes on as it is (`x`, `t.x`, `x as y`), followed to the relation it reads. */
  read?: Read;
  /** Whether the item is such a name at all (plainReference): a NULL, TRUE or FALSE is one too, and reads nothing. */
  named: boolean;
  /** A NULL, TRUE or FALSE; or a name of a branch that reads no relation (readsNoRelation). */
  constant: boolean;
  /** The columns an item that computes reads (each once; no function's, type's or NULL's name), followed so too. */
  reads: Read[];
  /** The name the item gives the column (lower case; the first branch's names the set operation's). */
  name?: string;
  /** What a bare name that reads no relation stands for in the one CTE the branch reads (cteDefinition). */
  defined?: string;
  /** The branch's text from its select list on (its FROM, WHERE, …), up to the next branch's select list. */
  branch: string;
}

/**
 * Whether a branch's rows come from no relation: every FROM and JOIN in it opens a subquery and no comma joins another
 * item after one (flipside_algorand's core__dim_account: `select … address … from (select 'XM6…' as address union all
 * select 'SQ2…' as address) x`), so its names hold the constants written there.
 */
function readsNoRelation(branch: string): boolean {
  const words = [...branch.matchAll(/\b(?:from|join)\b\s*(\(?)/gi)];
  const from = branch.slice(words[0]?.index ?? branch.length);
  return words.length > 0 && words.every((w) => w[1] === '(') && !/\)\s*(?:as\s+)?[A-Za-z_]\w*\s*,/i.test(from);
}

/** One branch's item (token indexes) of a set operation, read: the expression without its alias, what it reads. */
function branchItem(tokens: SqlToken[], masked: string, flow: ModelReads['flow'], item: number[], branch: string): BranchItem {
  const ref = plainReference(tokens, item);
  // The expression's last token: before `as y`, or before a bare alias after a closing parenthesis or a literal.
  const end = tokens[item[item.length - 1]];
  const before = tokens[item[item.length - 2]];
  const aliased = item.length > 1 && (end.kind === 'ident' || end.kind === 'quoted') && before !== undefined && (before.text === ')' || before.kind === 'string' || before.kind === 'number');
  const last = ref ?? (item.length > 2 && /^as$/i.test(before?.text ?? '') ? item[item.length - 3] : aliased ? item[item.length - 2] : item[item.length - 1]);
  const expr = masked.slice(tokens[item[0]].start, tokens[last].end);
  const read = ref !== undefined ? flow.at.get(ref) : undefined;
  // Names in the expression that are no column: a function's, a type's (after `AS` in a CAST, after `::`), NULL.
  const isColumn = (i: number): boolean =>
    tokens[i + 1]?.text !== '(' && tokens[i - 1]?.text !== '::' && !/^as$/i.test(tokens[i - 1]?.text ?? '') && !/^(null|true|false)$/i.test(tokens[i].text);
  const reads =
    ref !== undefined ? [] : [...new Map(item.filter((i) => i <= last && isColumn(i)).map((i) => flow.at.get(i)).filter((r): r is Read => r !== undefined).map((r) => [keyOf(r), r])).values()];
  const name = outputName(tokens, item);
  const defined = ref !== undefined && !read ? cteDefinition(tokens, masked, item[0], tokens[ref].text) : undefined;
  return {
    expr,
    ...(defined !== undefined ? { defined } : {}),
    ...(read ? { read } : {}),
    named: ref !== undefined,
    constant: ref !== undefined && (/^(null|true|false)$/i.test(tokens[ref].text) || (!read && readsNoRelation(branch))),
    reads,
    ...(name ? { name: name.toLowerCase() } : {}),
    branch,
  };
}

/** Words after a FROM's relation (and its alias) that end the FROM clause or the query block. */
const AFTER_FROM = /^(where|group|order|qualify|having|limit|window|union|except|intersect|minus)$/i;

/**
 * The expression a bare name stands for in the one CTE the select list at token `at` reads, where that CTE computes it
 * (flipside_algorand's core__fact_account_asset: `add_algo as (select …, FALSE AS frozen from …)` read by `select …
 * frozen from add_algo`), followed through CTEs that pass it on by name. Undefined when the block joins, or the CTE is
 * itself a set operation or does not name the column.
 */
function cteDefinition(tokens: SqlToken[], masked: string, at: number, name: string, hops = 0): string | undefined {
  if (hops > MAX_HOPS) return undefined;
  const depth = tokens[at].depth;
  let from = -1;
  for (let k = at; k < tokens.length && tokens[k].depth >= depth; k++) {
    if (tokens[k].depth !== depth) continue;
    if (tokens[k].text === ';' || /^(union|except|intersect|minus)$/i.test(tokens[k].text)) return undefined;
    if (/^from$/i.test(tokens[k].text)) {
      from = k;
      break;
    }
  }
  const cte = tokens[from + 1];
  if (from < 0 || cte?.kind !== 'ident') return undefined;
  // Only the CTE, under an alias or not: nothing joined beside it.
  let end = from + 2;
  if (/^as$/i.test(tokens[end]?.text ?? '')) end++;
  if (tokens[end]?.kind === 'ident' && !AFTER_FROM.test(tokens[end].text)) end++;
  const after = tokens[end];
  if (after && after.depth >= depth && after.text !== ';' && !AFTER_FROM.test(after.text)) return undefined;
  const open = tokens.findIndex((t, j) => j < from && t.kind === 'ident' && t.text.toLowerCase() === cte.text.toLowerCase() && /^as$/i.test(tokens[j + 1]?.text ?? '') && tokens[j + 2]?.text === '(' && /^select$/i.test(tokens[j + 3]?.text ?? '')) + 2;
  if (open < 2) return undefined;
  const select = open + 1;
  const close = tokens.findIndex((t, j) => j > open && t.text === ')' && t.depth === tokens[open].depth);
  const inner = tokens[select].depth;
  if (tokens.some((t, j) => j > select && j < close && t.depth === inner && /^(union|except|intersect|minus)$/i.test(t.text))) return undefined;
  const own = [...aliasedItems(tokens, name, true)].find((r) => r.start > select && r.end < close && tokens[r.start].depth === inner);
  if (!own) {
    // The CTE passes the name on as it reads it (`select addr, frozen from base`): what it reads calls it so.
    const passes = tokens.some((t, j) => j > select && j < close && t.depth === inner && t.text.toLowerCase() === name.toLowerCase() && /^(,|from)$/i.test(tokens[j + 1]?.text ?? '') && /^(,|select|\.)$/i.test(tokens[j - 1]?.text ?? ''));
    return passes ? cteDefinition(tokens, masked, select, name, hops + 1) : undefined;
  }
  const expr = masked.slice(tokens[own.start].start, tokens[own.end - 1].end);
  const renamed = /^(?:[A-Za-z_]\w*\.)?([A-Za-z_][\w$]*)$/.exec(expr.trim());
  return renamed && !/^(true|false|null)$/i.test(renamed[1]) ? cteDefinition(tokens, masked, select, renamed[1], hops + 1) : expr;
}

/** A set operation (in a CTE or the model's final query): each branch's items, read (branchItem). */
interface SetOperationItems {
  top: boolean;
  /** The CTE whose whole body the set operation is (`base as (select … union all select …)`), lower case. */
  cte?: string;
  branches: BranchItem[][];
}

/**
 * A model's set operations (in CTEs or its final query), each as its branches' items. Each read is followed through
 * the model's CTEs, subqueries, aliases and renames to the relation it reads (model-reads.ts).
 */
function setOperationsOf(project: ProjectModel, model: ModelNode): SetOperationItems[] {
  const { masked, tokens, flow } = modelReads(project, model);
  return setOperationBranches(tokens).map(({ branches, top }) => ({
    top,
    ...setOperationCte(tokens, branches),
    branches: branches.map((items, b) => {
      const next = branches[b + 1]?.[0]?.[0];
      const branch = masked.slice(tokens[items[0][0]].start, next !== undefined ? tokens[next].start : masked.length);
      return items.map((item) => branchItem(tokens, masked, flow, item, branch));
    }),
  }));
}

/**
 * The set operation a model's final query passes `column` on from as it is: the one CTE that is a set operation,
 * which the final query selects from (`with base as (… union all …) select b.x as x, … from base b left join …`).
 */
function unionPassedOn(project: ProjectModel, model: ModelNode, operations: SetOperationItems[], column: string): SetOperationItems | undefined {
  const inner = operations.filter((op) => op.cte !== undefined);
  if (inner.length !== 1 || operations.some((op) => op.top)) return undefined;
  const { masked, tokens } = modelReads(project, model);
  const final = tokens.findLastIndex((t) => t.depth === 0 && /^select$/i.test(t.text));
  const from = tokens.findIndex((t, i) => i > final && t.depth === 0 && /^from$/i.test(t.text));
  if (final < 0 || from < 0 || tokens[from + 1]?.text.toLowerCase() !== inner[0].cte) return undefined;
  const name = column.replace(/^"(.*)"$/, '$1').replace(/[^\w$]/g, '');
  const list = masked.slice(tokens[final].end, tokens[from].start);
  // A final query that filters, groups or de-duplicates (a pivot of the union's attribute rows) makes rows of its own.
  if (tokens.some((t, i) => i > final && t.depth === 0 && /^(where|group|distinct|qualify|having)$/i.test(t.text))) return undefined;
  const passed = new RegExp(String.raw`(?:^|,)\s*(?:[A-Za-z_]\w*\.)?"?${name}"?(?:\s+(?:as\s+)?"?${name}"?)?\s*(?:,|$)`, 'i');
  return passed.test(list.trim()) ? inner[0] : undefined;
}

/** A set operation's columns by position: each branch's item there (a branch without one gives none). */
function positionsOf(operation: SetOperationItems): BranchItem[][] {
  return operation.branches[0].map((_, k) => operation.branches.flatMap((items) => (items[k] ? [items[k]] : [])));
}

/** The reads a model compares with text holding a letter (`sku not ilike '%defender%'`), by `relation|column`. */
function letteredReads(project: ProjectModel, model: ModelNode): Set<string> {
  const { tokens, flow } = modelReads(project, model);
  const lettered = new Set<string>();
  for (const [i, read] of flow.at) {
    const first = tokens[i - 1]?.text === '.' ? i - 2 : i;
    if (comparedText(tokens, first, i + 1).some((v) => /[a-z]/i.test(v))) lettered.add(keyOf(read));
  }
  return lettered;
}

/** The source columns a read passes: itself when it reads a source, else what `trace` follows it to. */
function sourcesOfRead(project: ProjectModel, trace: (modelId: string, column: string) => SourceColumn[], read: Read): SourceColumn[] {
  return project.sources.has(read.relation) ? [{ sourceId: read.relation, column: read.column }] : trace(read.relation, read.column);
}

/**
 * Every position two or more branches fill of every set operation of the project's models: the model, the position
 * (`modelId|operation|position`), whether the operation is the model's final query, and the branches' items there.
 */
function* unionedPositions(project: ProjectModel): Generator<{ model: ModelNode; position: string; top: boolean; items: BranchItem[] }> {
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model' || !/\b(union|except|intersect|minus)\b/i.test(model.rawCode)) continue;
    for (const [c, chain] of setOperationsOf(project, model).entries()) {
      for (const [k, items] of positionsOf(chain).entries()) {
        if (items.length >= 2) yield { model, position: `${model.uniqueId}|${c}|${k}`, top: chain.top, items };
      }
    }
  }
}

/** How a source column is a number to the sampler: by what is declared or read of it, or by its name alone. */
export type NumberEvidence = 'firm' | 'name';

/** The source columns a set operation puts beside a number (`digits`), and those a name alone made one (`text`). */
export interface UnionedColumns {
  /** Text there holds digits: Snowflake converts it to the other branch's NUMBER. */
  digits: Set<string>;
  /**
   * Columns typed a number by their name alone, beside a column the model compares with text holding a letter: the
   * name yields, they are text (a NUMBER there would fail the statement on such text).
   */
  text: Set<string>;
  /** Model columns (`modelId|column`, lower case) a set operation in the model's final query makes a NUMBER. */
  numbers: Set<string>;
}

/**
 * The source columns (`sourceId|column`, lower case) a model's UNION puts beside a column another branch makes a
 * number: as written (madeNumber), or by passing through a source column `numberBy` says is one (its declared or
 * used type, or the type its name gives it when nothing else does). `trace` gives the source columns a model column
 * is passed through from (through every branch of a union). Each branch's column is followed through the model's
 * CTEs, joins and renames to the model or source it reads (setOperationsOf), then up the models by `trace`.
 *
 * A number that only a name says yields to text the same column holds in another branch: a model that compares that
 * branch's column with text holding a letter (`= 'abc'`, `not ilike '%abc%'`, `in ('00-X', …)`) expects such values,
 * which Snowflake's conversion to NUMBER would reject (https://docs.snowflake.com/en/sql-reference/operators-query):
 * the named column is text there (`text`), and the other stays as it is.
 */
export function numberUnionedColumns(
  project: ProjectModel,
  trace: (modelId: string, column: string) => SourceColumn[],
  numberBy: (sourceId: string, column: string) => NumberEvidence | undefined = () => undefined,
): UnionedColumns {
  const digits = new Set<string>();
  const text = new Set<string>();
  // Positions (`model|chain|column`) whose words made a name's number yield: no digits there.
  const worded = new Set<string>();
  const numbers = new Set<string>();
  const letteredBy = new Map<ModelNode, Set<string>>();
  for (const { model, position: n, top, items } of unionedPositions(project)) {
    let lettered = letteredBy.get(model);
    if (!lettered) letteredBy.set(model, (lettered = letteredReads(project, model)));
    const sources = items.map((item) => (item.read ? sourcesOfRead(project, trace, item.read) : []));
    const firm = items.some((item) => isNumberItem(item.defined ?? item.expr) || (item.read !== undefined && project.models.has(item.read.relation) && madeNumber(project, item.read.relation, item.read.column)));
    const evidence = sources.map((list) => list.map((c) => ({ c, by: numberBy(c.sourceId, c.column) })));
    const firmSource = evidence.some((list) => list.some((e) => e.by === 'firm'));
    const named = evidence.flatMap((list) => list.filter((e) => e.by === 'name').map((e) => e.c));
    const letters = items.some((item, b) => (item.read !== undefined && lettered.has(keyOf(item.read))) || sources[b].some((c) => lettered.has(keyOf({ relation: c.sourceId, column: c.column }))));
    if (!firm && !firmSource && named.length > 0 && letters) {
      for (const c of named) text.add(`${c.sourceId}|${c.column.toLowerCase()}`);
      worded.add(n);
      continue;
    }
    if (!firm && !firmSource && named.length === 0) continue;
    for (const c of sources.flat()) digits.add(`${c.sourceId}|${c.column.toLowerCase()}`);
    if (top && items[0].name) numbers.add(`${model.uniqueId}|${items[0].name}`);
  }
  // The first UNION chain as its template writes it, branch by branch (a branch reading a model right after FROM), for
  // what the token reading does not follow: a bare name in a branch that joins.
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model' || !/\bunion\b/i.test(model.rawCode)) continue;
    const branches = unionBranches(model.rawCode);
    if (branches.length < 2) continue;
    const first = branches[0].items.map(splitAlias);
    first.forEach(({ name }, k) => {
      const number = branches.some((b) => {
        const item = b.items[k] === undefined ? undefined : splitAlias(b.items[k]);
        if (!item) return false;
        if (isNumberItem(item.expr)) return true;
        const read = branchModel(project, b.from);
        if (read === undefined || !/^(?:[A-Za-z_]\w*\.)?"?[A-Za-z_][\w$]*"?$/.test(item.expr)) return false;
        const column = item.expr.replace(/^.*\./, '').replace(/"/g, '');
        return madeNumber(project, read, column) || trace(read, column).some((c) => numberBy(c.sourceId, c.column) !== undefined);
      });
      if (!number || worded.has(`${model.uniqueId}|0|${k}`)) return;
      for (const c of trace(model.uniqueId, name)) {
        const key = `${c.sourceId}|${c.column.toLowerCase()}`;
        if (!text.has(key)) digits.add(key);
      }
    });
  }
  return { digits, text, numbers };
}

/** The type an item (without its alias) is cast to as a whole: `CAST(x AS FLOAT)`, `NULL::DATE`, `TRY_CAST(x AS DATE)`. */
export function castTypeOfItem(expr: string): string | undefined {
  const t = expr.trim();
  const cast = /^(?:try_)?cast\s*\([\s\S]+\bas\s+([A-Za-z_]\w*(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)\s*\)$/i.exec(t);
  if (cast) return cast[1].replace(/\s+/g, '').toUpperCase();
  const colons = /::\s*([A-Za-z_]\w*(?:\s*\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)$/.exec(t);
  // Only a cast of the whole item: `a::date` or `null::float`, not `x + y::float`.
  return colons && /^(?:[A-Za-z_][\w$]*\.)?(?:"[^"]+"|[A-Za-z_][\w$]*)\s*::|^null\s*::/i.test(t) ? colons[1].replace(/\s+/g, '').toUpperCase() : undefined;
}

/**
 * What each source column a set operation passes through stands beside at its position, in the other branches: the
 * source columns they pass (`relation|column` keys of `trace`'s answers) and the types they cast to as a whole
 * (`CAST(NULL AS FLOAT)`), by `sourceId|column` (lower case). A set operation's column is one type to Snowflake, which
 * documents converting text only to a NUMBER there (https://docs.snowflake.com/en/sql-reference/operators-query):
 * a column the sampler would type by nothing but its default (text) takes another branch's type (plan.ts).
 */
export function unionPartners(project: ProjectModel, trace: (modelId: string, column: string) => SourceColumn[]): Map<string, JoinPartner[]> {
  const out = new Map<string, JoinPartner[]>();
  for (const { items } of unionedPositions(project)) {
    const sides = items.map((item): JoinPartner[] => {
      // `FALSE AS asset_deleted` (flipside_algorand's core__dim_asset) is a BOOLEAN as written; so is a comparison, a
      // CTE's `FALSE AS frozen` the branch names (core__fact_account_asset), a model's `balance > 0 AS funded`.
      const expr = item.defined ?? item.expr;
      const type = booleanItem(expr) ? 'BOOLEAN' : castTypeOfItem(expr);
      if (type) return [{ type }];
      if (item.read && project.models.has(item.read.relation) && madeAs(project, item.read.relation, item.read.column, booleanItem)) return [{ type: 'BOOLEAN' }];
      return item.read ? sourcesOfRead(project, trace, item.read) : [];
    });
    sides.forEach((side, b) => {
      const others = sides.filter((_, o) => o !== b).flat();
      for (const p of side) {
        if ('type' in p) continue;
        const key = `${p.sourceId}|${p.column.toLowerCase()}`;
        const list = out.get(key) ?? [];
        for (const other of others) if (!list.some((x) => JSON.stringify(x) === JSON.stringify(other))) list.push(other);
        out.set(key, list);
      }
    });
  }
  return out;
}

/** What one branch of a UNION gives a column at its position: the column it reads, and whether it passes it as it is. */
export interface BranchRead {
  read: Read;
  /** The item is the column (`x`, `t.x`, `x as y`); else an expression of it alone (`NULLIF(TRIM(x), '')`). */
  plain: boolean;
  /** The item without its alias. */
  expr: string;
  /** The branch's text from its select list on (its FROM, WHERE, …), up to the next branch's select list. */
  branch: string;
}

/**
 * The columns each branch of a model's final UNION (no EXCEPT, INTERSECT or MINUS: a UNION's rows are every
 * branch's) gives its output `column`, by position — a UNION matches its branches' columns by position, not by name
 * (https://docs.snowflake.com/en/sql-reference/operators-query): `CAST(NULL AS VARCHAR) AS PSTMTR_PRCS_STAT_CD` in the
 * first branch, `NULLIF(TRIM(PRCS_STAT_CD), '')` in the third. A branch that reads no column there (a literal, a NULL)
 * gives nothing; undefined when the model has no such UNION, or a branch's item reads several columns.
 */
export function unionPositionReads(project: ProjectModel, model: ModelNode, column: string): BranchRead[] | undefined {
  if (!/\bunion\b/i.test(model.rawCode) || /\b(except|intersect|minus)\b/i.test(model.rawCode)) return undefined;
  const operations = setOperationsOf(project, model);
  const top = operations.find((op) => op.top) ?? unionPassedOn(project, model, operations, column);
  if (!top || top.branches.length < 2) return undefined;
  const want = column.replace(/^"(.*)"$/, '$1').toLowerCase();
  const k = top.branches[0].findIndex((item) => item.name?.replace(/^"(.*)"$/, '$1') === want);
  if (k < 0) return undefined;
  const out: BranchRead[] = [];
  for (const items of top.branches) {
    const item = items[k];
    if (!item) return undefined;
    if (item.constant) continue;
    if (item.named) {
      if (!item.read) return undefined;
      out.push({ read: item.read, plain: true, expr: item.expr, branch: item.branch });
      continue;
    }
    if (item.reads.length > 1) return undefined;
    if (item.reads.length === 1) out.push({ read: item.reads[0], plain: false, expr: item.expr, branch: item.branch });
  }
  return out.length > 0 ? out : undefined;
}
