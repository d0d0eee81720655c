// What one model's comparisons ask of the columns it reads, so that its filters and joins keep rows:
// - the literals it compares a column with for equality (`swap_from_asset_id IN ('31566704', '312769')`, `= '0'`):
//   some rows hold them;
// - the unit a column is truncated to where it meets another (`DATE_TRUNC('HOUR', block_timestamp) AS block_hour`
//   … `ON A.hour = C.block_hour`): an hours spine joined so holds whole hours.
// Both travel within the model along the names that carry one value: a plain select item (`x AS y`, `x y`, `x`) and
// an equality of two columns (`A.asset_id = b.asset_id`), so a literal compared with a CTE's renamed column, or with
// the column a join equates with one, reaches the column of the relation the model reads (flipside_algorand's
// silver__price_swap compares renamed asset ids, then joins its output to silver__asset on asset_id). A bare name
// none of the model's CTEs resolve is the one parent's that has such a column (as Snowflake resolves it).
import type { ModelNode, ProjectModel } from '../../../server/src/core/types';
import { comparedWith, literalValue } from './json-flow';
import { plainReference, setOperationBranches } from './column-flow';
import { modelReads, readKey, type Read } from './model-reads';
import { isColumnWord } from './usage';

export type TimeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A column a model reads and what its comparisons ask of it. */
export interface ComparedRead {
  read: Read;
  /** Literals the model compares it (or a name carrying its value) with for equality. */
  literals: Array<string | number>;
  /** The unit it meets a truncated time at (`DATE_TRUNC(unit, …)` equated with it, through names). */
  unit?: TimeUnit;
}

const UNITS: ReadonlyArray<[RegExp, TimeUnit]> = [
  [/^(seconds?|s|sec|secs)$/, 'second'],
  [/^(minutes?|m|mi|min|mins)$/, 'minute'],
  [/^(hours?|h|hh|hr|hrs)$/, 'hour'],
  [/^(days?|d|dd|dayofmonth)$/, 'day'],
  [/^(weeks?|w|wk|weekofyear|woy|wy)$/, 'week'],
  [/^(months?|mm|mon|mons)$/, 'month'],
  [/^(quarters?|q|qtr|qtrs)$/, 'quarter'],
  [/^(years?|y|yy|yyy|yyyy|yr|yrs)$/, 'year'],
];

/** The unit a DATE_TRUNC date part names (quoted or bare), as Snowflake's date part abbreviations spell it. */
export function truncUnit(part: string): TimeUnit | undefined {
  const p = part.replace(/^'(.*)'$/, '$1').toLowerCase();
  return UNITS.find(([re]) => re.test(p))?.[1];
}

/** Operators that make a name part of a larger expression (its value is not the column's). */
const EXPRESSION_OPS = /^(\+|-|\*|\/|%|\|\||::|:|\[)$/;

/** Union-find over string keys. */
class Groups {
  private readonly parent = new Map<string, string>();
  find(k: string): string {
    let p = this.parent.get(k);
    if (p === undefined) this.parent.set(k, (p = k));
    if (p !== k) {
      p = this.find(p);
      this.parent.set(k, p);
    }
    return p;
  }
  join(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(ra, rb);
  }
  keys(): string[] {
    return [...this.parent.keys()];
  }
}

/**
 * The columns of its parents `model` compares with literals, or equates with a truncated time, each with what it asks.
 * `hasColumn(relationId, column)` says whether a parent has a column of that name (a bare name's owner).
 */
export function modelComparisons(project: ProjectModel, model: ModelNode, hasColumn: (relation: string, column: string) => boolean): ComparedRead[] {
  const { tokens, flow } = modelReads(project, model);
  const groups = new Groups();
  const literals = new Map<string, Set<string | number>>();
  const units = new Map<string, TimeUnit>();
  const reads = new Map<string, Read>();
  const isName = (i: number): boolean => {
    const t = tokens[i];
    if (!t || (t.kind !== 'ident' && t.kind !== 'quoted')) return false;
    if (/^[(.]$/.test(tokens[i + 1]?.text ?? '')) return false;
    return t.kind === 'quoted' || isColumnWord(t.text) || tokens[i - 1]?.text === '.' || flow.at.has(i);
  };
  // The node of the name at token i: the parent's column the flow resolves it to, else the name in the model.
  const nodeOf = (i: number): string => {
    const read = flow.at.get(i);
    if (read) {
      const key = `R:${readKey(read)}`;
      reads.set(key, read);
      groups.find(key);
      return key;
    }
    const t = tokens[i];
    const key = `N:${t.kind === 'quoted' ? t.text : t.text.toLowerCase()}`;
    groups.find(key);
    return key;
  };
  // Where the operand naming the column at token i starts (its qualifier), and whether it stands alone there.
  const startOf = (i: number): number => (tokens[i - 1]?.text === '.' && tokens[i - 2] ? i - 2 : i);
  const alone = (i: number): boolean => {
    const before = tokens[startOf(i) - 1];
    const after = tokens[i + 1];
    return !EXPRESSION_OPS.test(before?.text ?? '') && !EXPRESSION_OPS.test(after?.text ?? '');
  };
  // The name token of an operand starting at k (`x` or `q.x`), or undefined.
  const operandAt = (k: number): number | undefined => {
    const j = tokens[k + 1]?.text === '.' ? k + 2 : k;
    return isName(j) && (j === k || tokens[k].kind === 'ident' || tokens[k].kind === 'quoted') ? j : undefined;
  };
  const mark = (node: string, unit: TimeUnit): void => void units.set(node, unit);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // DATE_TRUNC(unit, …) named (`AS y`, `y`) or equated with a column.
    if (t.kind === 'ident' && /^date_trunc$/i.test(t.text) && tokens[i + 1]?.text === '(') {
      const unit = truncUnit(tokens[i + 2]?.text ?? '');
      let close = i + 2;
      while (close < tokens.length && !(tokens[close].text === ')' && tokens[close].depth === tokens[i + 1].depth)) close++;
      if (!unit || close >= tokens.length) continue;
      const afterAs = /^as$/i.test(tokens[close + 1]?.text ?? '') ? close + 2 : close + 1;
      const named = tokens[afterAs];
      if (named && (named.kind === 'ident' || named.kind === 'quoted') && isName(afterAs) && /^(,|from|\))$/i.test(tokens[afterAs + 1]?.text ?? ')')) mark(nodeOf(afterAs), unit);
      if (tokens[close + 1]?.text === '=') {
        const j = operandAt(close + 2);
        if (j !== undefined && alone(j)) mark(nodeOf(j), unit);
      }
      if (tokens[i - 1]?.text === '=') {
        const j = tokens[i - 2]?.text !== undefined ? i - 2 : undefined;
        if (j !== undefined && isName(j) && alone(j) && tokens[startOf(j) - 1]?.text !== '=') mark(nodeOf(j), unit);
      }
      continue;
    }
    if (!isName(i) || tokens[i + 1]?.text === '.') continue;
    const start = startOf(i);
    // A literal compared for equality (either side, or IN a list of literals).
    const op = tokens[i + 1]?.text.toLowerCase();
    if ((op === '=' || op === 'in' || (tokens[start - 1]?.text === '=' && tokens[start - 2]?.kind !== 'op')) && alone(i)) {
      const values = comparedWith(tokens, start, i + 1);
      if (values.length > 0) {
        const node = nodeOf(i);
        const set = literals.get(node) ?? new Set();
        for (const v of values) set.add(v);
        literals.set(node, set);
      }
    }
    // An equality of two columns.
    if (op === '=' && alone(i)) {
      const j = operandAt(i + 2);
      if (j !== undefined && alone(j) && tokens[j + 1]?.text !== '=') groups.join(nodeOf(i), nodeOf(j));
    }
    // A plain select item: `x AS y`, `x y`, `x` (its own name) carries x's value under the name it gives.
    const before = tokens[start - 1];
    const itemStart = before !== undefined && (before.text === ',' || /^(select|distinct)$/i.test(before.text)) && before.depth === tokens[start].depth;
    if (itemStart) {
      const k = /^as$/i.test(tokens[i + 1]?.text ?? '') ? i + 2 : i + 1;
      const aliased = k !== i + 1 || (tokens[i + 1]?.kind === 'ident' && isColumnWord(tokens[i + 1].text) && !/^(from|where|as)$/i.test(tokens[i + 1].text));
      const out = aliased ? k : i;
      const end = tokens[out + 1];
      if ((tokens[out]?.kind === 'ident' || tokens[out]?.kind === 'quoted') && (end === undefined || end.text === ',' || /^from$/i.test(end.text) || end.depth < tokens[start].depth)) {
        const named = tokens[out];
        const name = `N:${named.kind === 'quoted' ? named.text : named.text.toLowerCase()}`;
        groups.find(name);
        groups.join(nodeOf(i), name);
      }
    }
  }
  // A bare name no CTE resolves: the one parent with such a column (two would be an ambiguous column in Snowflake).
  for (const key of groups.keys()) {
    if (!key.startsWith('N:')) continue;
    const name = key.slice(2);
    const having = model.dependsOn.nodes.filter((id) => hasColumn(id, name));
    if (having.length !== 1) continue;
    const read = { relation: having[0], column: name };
    const rk = `R:${readKey(read)}`;
    reads.set(rk, read);
    groups.join(key, rk);
  }
  const byGroup = new Map<string, { literals: Set<string | number>; unit?: TimeUnit }>();
  for (const [node, set] of literals) {
    const g = groups.find(node);
    const entry = byGroup.get(g) ?? { literals: new Set() };
    for (const v of set) entry.literals.add(v);
    byGroup.set(g, entry);
  }
  for (const [node, unit] of units) {
    const g = groups.find(node);
    const entry = byGroup.get(g) ?? { literals: new Set() };
    entry.unit = unit;
    byGroup.set(g, entry);
  }
  const out: ComparedRead[] = [];
  for (const [key, read] of reads) {
    const entry = byGroup.get(groups.find(key));
    if (!entry || (entry.literals.size === 0 && !entry.unit)) continue;
    out.push({ read, literals: [...entry.literals], ...(entry.unit ? { unit: entry.unit } : {}) });
  }
  return out;
}

/**
 * The literals a model's UNION puts beside a column it reads (`SELECT asset_id … FROM silver UNION ALL SELECT 0 AS
 * asset_id, 'ALGO' …`): rows of its own for those keys. The column holds none of them (flipside_algorand's
 * core__dim_asset adds ALGO's asset 0 under a primary key: silver__asset holding 0 too made it twice).
 */
export function unionedLiterals(project: ProjectModel, model: ModelNode): Array<{ read: Read; literals: Array<string | number> }> {
  const { tokens, flow } = modelReads(project, model);
  const out: Array<{ read: Read; literals: Array<string | number> }> = [];
  for (const { branches } of setOperationBranches(tokens)) {
    const width = Math.max(...branches.map((b) => b.length));
    for (let k = 0; k < width; k++) {
      const reads: Read[] = [];
      const literals: Array<string | number> = [];
      for (const items of branches) {
        const item = items[k];
        if (!item) continue;
        const ref = plainReference(tokens, item);
        const read = ref !== undefined ? flow.at.get(ref) : undefined;
        if (read) reads.push(read);
        // `0 AS asset_id`, `-1 AS asset_id`, `'x' AS name`: a literal alone.
        const negative = tokens[item[0]]?.text === '-';
        const v = literalValue(tokens[item[negative ? 1 : 0]]);
        const rest = item.slice(negative ? 2 : 1);
        if (v !== undefined && (rest.length === 0 || (rest.length <= 2 && (rest.length === 1 || /^as$/i.test(tokens[rest[0]].text))))) literals.push(negative && typeof v === 'number' ? -v : v);
      }
      if (literals.length > 0) for (const read of reads) out.push({ read, literals });
    }
  }
  return out;
}
