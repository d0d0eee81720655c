// Rates a singular test bounds: a model computes, per group, a rate of one value's rows over another's
// (`count(case when event_type = 'Open' then 1 end)::float / count(case when event_type = 'Sent' then 1 end) * 100
// as open_rate_pct … group by campaign_id`), and a test returns the groups whose rate is above the whole
// (`where open_rate_pct > 100 or click_to_open_rate_pct > 100`). Such a test asks, in every group, no more rows of
// the counted value than of the one it is a rate of — a funnel: opens ≤ sends, clicks ≤ opens. Values drawn row by
// row break it in a few groups (museum_dw's assert_gold_campaign_rates_valid); the sampler deals them in each group
// in an order where every value comes after those it may not outnumber (sql.ts), which holds in every prefix of a
// group and so in every group made of whole ones.
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { blockOf, columnOf, evaluate, itemOf, matchCountOf, numberOf, orTerms } from './test-sql';

/** Per group of `groupBy`, rows holding `lesser` in `column` number no more than those holding `greater`. */
export interface RateOrder {
  column: string;
  groupBy: string[];
  pairs: Array<{ lesser: string; greater: string }>;
}

/**
 * The model columns a test's failing-row condition bounds from above (`a > n or b >= m`, a parenthesis around it):
 * each column and the least value a failing row holds (`> n`: above n; `>= m`: m itself).
 */
function boundedAbove(where: SqlToken[]): Array<{ column: string; above: number; inclusive: boolean }> | undefined {
  const split = orTerms(where);
  if (!split) return undefined;
  const out: Array<{ column: string; above: number; inclusive: boolean }> = [];
  for (const term of split.terms) {
    const at = term.findIndex((t) => t.depth === split.depth && ['>', '>=', '<', '<='].includes(t.text));
    if (at < 1) return undefined;
    const [left, right] = [term.slice(0, at), term.slice(at + 1)];
    // `col > n`, or `n < col` written the other way round.
    const forward = term[at].text.startsWith('>');
    const [subject, bound] = forward ? [left, right] : [right, left];
    const column = columnOf(subject);
    const n = numberOf(bound);
    if (!column || n === undefined) return undefined;
    out.push({ column, above: n, inclusive: term[at].text.endsWith('=') });
  }
  return out;
}

/** The spans of an expression that count one value's rows (test-sql.ts matchCountOf), each standing for a name. */
function countedSpans(expr: SqlToken[]): { tokens: SqlToken[]; counts: Array<{ name: string; column: string; value: string }> } {
  const out: SqlToken[] = [];
  const counts: Array<{ name: string; column: string; value: string }> = [];
  for (let i = 0; i < expr.length; i++) {
    const t = expr[i];
    if (/^(count|sum|count_if)$/i.test(t.text) && expr[i + 1]?.text === '(') {
      const close = expr.findIndex((c, k) => k > i + 1 && c.text === ')' && c.depth === expr[i + 1].depth);
      const m = close > 0 ? matchCountOf(expr.slice(i, close + 1)) : undefined;
      if (m) {
        const known = counts.find((c) => c.column.toLowerCase() === m.column.toLowerCase() && c.value === m.value);
        const name = known?.name ?? `bz_count_${counts.length}`;
        if (!known) counts.push({ name, ...m });
        out.push({ ...t, text: name, kind: 'ident' });
        i = close;
        continue;
      }
    }
    out.push(t);
  }
  return { tokens: out, counts };
}

/**
 * Whether `value(part, whole)` is part's rate of whole at some scale: 0 for no part, proportional to part and
 * inversely so to whole; the scale (its value where part equals whole: 1, 100) is returned.
 */
function rateScale(value: (part: number, whole: number) => number | undefined): number | undefined {
  const [zero, one, half, doubled] = [value(0, 1000), value(1000, 1000), value(500, 1000), value(1000, 2000)];
  if (zero === undefined || one === undefined || half === undefined || doubled === undefined || one <= 0) return undefined;
  const near = (a: number, b: number): boolean => Math.abs(a - b) <= Math.abs(b) * 1e-3;
  return Math.abs(zero) < 1e-9 && near(half, one / 2) && near(doubled, one / 2) ? one : undefined;
}

/**
 * What a singular test (its SQL `testCode`, reading one model whose SQL is `modelCode`) asks of the rows under the
 * model's rates: undefined unless the test returns the model's rows where rate columns exceed bounds at or above
 * their whole, each such column counting two values of one column per group of a GROUP BY of plain columns.
 */
export function rateOrderOf(testCode: string, modelCode: string): RateOrder | undefined {
  const test = tokenizeSql(testCode);
  const model = tokenizeSql(modelCode);
  if (test.problems.length > 0 || model.problems.length > 0) return undefined;
  const main = blockOf(test.tokens.filter((t) => t.text !== ';'), 0);
  if (!main?.where || main.groupBy || main.having || main.from.some((t) => t.text === ',' || /^(join|lateral)$/i.test(t.text))) return undefined;
  const bounded = boundedAbove(main.where);
  const rates = blockOf(model.tokens.filter((t) => t.text !== ';'), 0);
  if (!bounded || !rates?.groupBy) return undefined;
  const groupBy = rates.groupBy.map((g) => columnOf(g));
  if (groupBy.some((g) => g === undefined)) return undefined;
  const items = rates.items.map(itemOf);
  let column: string | undefined;
  const pairs: RateOrder['pairs'] = [];
  for (const b of bounded) {
    const item = items.find((it) => it.name?.toLowerCase() === b.column.toLowerCase());
    if (!item) return undefined;
    const { tokens, counts } = countedSpans(item.expr);
    if (counts.length !== 2 || counts[0].column.toLowerCase() !== counts[1].column.toLowerCase()) return undefined;
    if (column !== undefined && column.toLowerCase() !== counts[0].column.toLowerCase()) return undefined;
    column = counts[0].column;
    // Which count is the part: the rate is proportional to it.
    const at = (part: number, whole: number, p: number): number | undefined =>
      evaluate(tokens, new Map([[counts[p].name, part], [counts[1 - p].name, whole]]));
    const p = [0, 1].find((k) => rateScale((part, whole) => at(part, whole, k)) !== undefined);
    if (p === undefined) return undefined;
    const scale = rateScale((part, whole) => at(part, whole, p))!;
    // A failing rate lies above the bound (or at it): a part no larger than its whole passes only when the whole's
    // rate does; a bound below it asks a ratio, not an order.
    if (b.above < scale || (b.inclusive && b.above <= scale)) return undefined;
    pairs.push({ lesser: counts[p].value, greater: counts[1 - p].value });
  }
  return column !== undefined && pairs.length > 0 ? { column, groupBy: groupBy as string[], pairs } : undefined;
}

/**
 * The values in an order where each comes after every value it may not outnumber (pairs' greater before lesser),
 * then `others` not in any pair, as given; undefined when the pairs make a cycle.
 */
export function dealingOrder(pairs: RateOrder['pairs'], others: readonly string[] = []): string[] | undefined {
  const values = [...new Set(pairs.flatMap((p) => [p.greater, p.lesser]))];
  const out: string[] = [];
  const placed = new Set<string>();
  while (out.length < values.length) {
    // The first value (in the order the pairs name them) that no unplaced value must precede.
    const next = values.find((v) => !placed.has(v) && !pairs.some((p) => p.lesser === v && !placed.has(p.greater)));
    if (next === undefined) return undefined;
    out.push(next);
    placed.add(next);
  }
  return [...out, ...others.filter((v) => !placed.has(v))];
}
