// A UNION column that one branch makes a number (`(-1) * so_item_id as id`, `x::number`, `0`) and another passes a
// source column through: Snowflake converts the text branch to NUMBER, and text that is no number fails the whole
// statement ("Numeric value '…' is not recognized": the set operators page,
// https://docs.snowflake.com/en/sql-reference/operators-query). A project that builds on its real data therefore holds
// digits there; synthetic words would fail it (ammodepot's f_sales unions Magento's item ids, untyped, with the
// negated Fishbowl ids). The general rule: such a source column, when it is text, holds digits — as text every use
// casts to a number does (usage.ts's castToNumber).
import type { ProjectModel } from '../../../server/src/core/types';
import { splitTopLevelCommas } from '../../../server/src/core/sql/split';
import { unionBranches } from './join-types';
import { aliasedExpressions } from './expression-origin';
import { originOfModelColumn } from './model-alias';

export type SourceColumn = { sourceId: string; column: string };

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
export function madeNumber(project: ProjectModel, modelId: string, column: string, hops = 0): boolean {
  const model = project.models.get(modelId);
  if (!model || model.resourceType !== 'model' || hops > MAX_HOPS) return false;
  if (aliasedExpressions(model.rawCode, column).some(isNumberItem)) return true;
  const origin = originOfModelColumn(model.rawCode, column);
  if (origin?.converted || origin?.aggregate) return false;
  const next = origin?.column ?? column;
  if (next.toLowerCase() !== column.toLowerCase() && madeNumber(project, modelId, next, hops + 1)) return true;
  const parents = model.dependsOn.nodes.filter((id) => id.startsWith('model.'));
  return parents.length === 1 && madeNumber(project, parents[0], next, hops + 1);
}

/**
 * The source columns (`sourceId|column`, lower case) a model's UNION puts beside a column another branch makes a
 * number: as written (madeNumber), or by passing through a source column `isNumber` says is one (its declared or
 * used type, or the type its name gives it when nothing else does). `trace` gives the source columns a model column
 * is passed through from (through every branch of a union).
 */
export function numberUnionedColumns(
  project: ProjectModel,
  trace: (modelId: string, column: string) => SourceColumn[],
  isNumber: (sourceId: string, column: string) => boolean = () => false,
): Set<string> {
  const out = new Set<string>();
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
        return madeNumber(project, read, column) || trace(read, column).some((c) => isNumber(c.sourceId, c.column));
      });
      if (!number) return;
      for (const c of trace(model.uniqueId, name)) out.add(`${c.sourceId}|${c.column.toLowerCase()}`);
    });
  }
  return out;
}
