// What a project's own generic test asserts, read from its compiled SQL by what the SQL means, not by the test's
// name: a data test returns the rows that break it, so a test that selects the rows of its model where a column
// compares outside constants asks every value inside them; one that counts the model's rows per value of a column
// (or its distinct values) and returns the counts outside constants asks every count inside them. Any project whose
// test is written with these shapes is read alike, whatever its macro is called and whatever defaults it has (the
// arguments are rendered in); a test of any other shape says nothing to the sampler. The published packages' tests
// are read by name elsewhere (test-counts.ts, test-windows.ts, plan.ts).
import { splitLexemesAtCommas } from '../../../server/src/core/sql/split';
import { tokenizeSql, type SqlToken } from '../../../server/src/core/sql/tokenize';
import { literalValue } from './json-flow';

export interface TestSqlBounds {
  min?: number;
  max?: number;
}

export type TestSqlAssertion =
  /** Every non-NULL value of the column lies within the bounds (a failing row: `col < min or col > max`). */
  | { kind: 'range'; column: string; bounds: TestSqlBounds }
  /** Every group of the model's rows by the column holds a number of rows within the bounds. */
  | { kind: 'rowsPerValue'; column: string; bounds: TestSqlBounds }
  /** The column holds a number of distinct non-NULL values within the bounds. */
  | { kind: 'distinctCount'; column: string; bounds: TestSqlBounds }
  /** The share of all the model's rows (NULLs counted) whose column equals `value`, in percent, within the bounds. */
  | { kind: 'valueShare'; column: string; value: string; bounds: TestSqlBounds }
  /**
   * No row of the model (or of those its `where:` config keeps) holds one of these literal values in the column (a
   * failing row: `col = 'v'`, `col in ('v', 'w')`, or an OR of such equalities).
   */
  | { kind: 'excluded'; column: string; values: Array<string | number> };

/** One SELECT block's clauses, as token ranges [start, end) at the block's depth. */
export interface Block {
  items: SqlToken[][];
  from: SqlToken[];
  where?: SqlToken[];
  groupBy?: SqlToken[][];
  having?: SqlToken[];
}

const CLAUSES = new Set(['select', 'from', 'where', 'group', 'having', 'qualify', 'order', 'limit', 'union', 'intersect', 'except', 'minus', 'window']);

const lower = (t: SqlToken | undefined): string => (t && t.kind === 'ident' ? t.text.toLowerCase() : '');

/** The clauses of one SELECT made of `tokens`, all at `depth` or deeper; undefined for set operations, QUALIFY, … */
export function blockOf(tokens: SqlToken[], depth: number): Block | undefined {
  if (lower(tokens[0]) !== 'select' || tokens[0].depth !== depth) return undefined;
  const parts = new Map<string, SqlToken[]>();
  let current = 'select';
  parts.set(current, []);
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i];
    const word = t.depth === depth ? lower(t) : '';
    if (CLAUSES.has(word)) {
      if (word === 'group' || word === 'order') {
        if (lower(tokens[i + 1]) !== 'by') return undefined;
        i++;
      }
      if (parts.has(word)) return undefined;
      current = word;
      parts.set(current, []);
      continue;
    }
    parts.get(current)!.push(t);
  }
  for (const k of parts.keys()) if (!['select', 'from', 'where', 'group', 'having', 'order'].includes(k)) return undefined;
  const select = parts.get('select')!;
  if (lower(select[0]) === 'distinct' || lower(select[0]) === 'top') return undefined;
  const from = parts.get('from');
  if (!from) return undefined;
  return {
    items: splitLexemesAtCommas(select),
    from,
    where: parts.get('where'),
    groupBy: parts.has('group') ? splitLexemesAtCommas(parts.get('group')!) : undefined,
    having: parts.get('having'),
  };
}

/** A select item's expression and its output name (its alias, or the column it names). */
export function itemOf(tokens: SqlToken[]): { expr: SqlToken[]; name?: string } {
  const n = tokens.length;
  if (n >= 3 && lower(tokens[n - 2]) === 'as' && (tokens[n - 1].kind === 'ident' || tokens[n - 1].kind === 'quoted')) return { expr: tokens.slice(0, n - 2), name: tokens[n - 1].text };
  const col = columnOf(tokens);
  if (col) return { expr: tokens, name: col };
  // `expr alias` without AS.
  if (n >= 2 && (tokens[n - 1].kind === 'ident' || tokens[n - 1].kind === 'quoted') && (tokens[n - 2].text === ')' || tokens[n - 2].kind !== 'ident')) {
    return { expr: tokens.slice(0, n - 1), name: tokens[n - 1].text };
  }
  return { expr: tokens };
}

/** `col`, `t.col` or `"col"`: the column's name; undefined for any other expression. */
export function columnOf(tokens: SqlToken[]): string | undefined {
  const names = tokens.filter((_, i) => i % 2 === 0);
  const dots = tokens.filter((_, i) => i % 2 === 1);
  if (tokens.length === 0 || tokens.length > 3 || !names.every((t) => t.kind === 'ident' || t.kind === 'quoted') || !dots.every((t) => t.text === '.')) return undefined;
  const last = names[names.length - 1];
  return last.kind === 'ident' && (CLAUSES.has(last.text.toLowerCase()) || /^(null|true|false)$/i.test(last.text)) ? undefined : last.text;
}

/** The relation a FROM names, as its parts, when it names one relation (an alias allowed) and nothing else. */
function relationOf(from: SqlToken[]): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  for (; i < from.length; i += 2) {
    const t = from[i];
    if (t.kind !== 'ident' && t.kind !== 'quoted') return undefined;
    parts.push(t.text);
    if (from[i + 1]?.text !== '.') {
      i++;
      break;
    }
  }
  const rest = from.slice(i);
  if (rest.length > 2 || (rest.length === 2 && lower(rest[0]) !== 'as') || (rest.length === 1 && rest[0].kind !== 'ident' && rest[0].kind !== 'quoted')) return undefined;
  if (rest.some((t) => ['join', 'on', 'lateral'].includes(lower(t)))) return undefined;
  return parts.length > 0 && parts.length <= 3 ? parts : undefined;
}

/** An aggregate a count test compares: `count(*)` (or count(1)), or `count(distinct col)`. */
function countOf(expr: SqlToken[]): { distinct?: string } | undefined {
  if (expr.length < 4 || lower(expr[0]) !== 'count' || expr[1].text !== '(' || expr[expr.length - 1].text !== ')') return undefined;
  const inner = expr.slice(2, -1);
  if (inner.length === 1 && (inner[0].text === '*' || inner[0].text === '1')) return {};
  if (lower(inner[0]) === 'distinct') {
    const col = columnOf(inner.slice(1));
    return col ? { distinct: col } : undefined;
  }
  return undefined;
}

/** A number literal, with a leading minus. */
export function numberOf(tokens: SqlToken[]): number | undefined {
  const text = tokens.length === 2 && tokens[0].text === '-' && tokens[1].kind === 'number' ? `-${tokens[1].text}` : tokens.length === 1 && tokens[0].kind === 'number' ? tokens[0].text : undefined;
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A condition's terms joined by OR at its top level (outer parentheses dropped), with that level's depth; undefined
 * when empty or an AND joins them.
 */
export function orTerms(tokens: SqlToken[]): { terms: SqlToken[][]; depth: number } | undefined {
  let cond = tokens;
  while (cond.length >= 2 && cond[0].text === '(' && cond[cond.length - 1].text === ')' && cond.slice(1, -1).every((t) => t.depth > cond[0].depth)) cond = cond.slice(1, -1);
  if (cond.length === 0) return undefined;
  const depth = cond[0].depth;
  const terms: SqlToken[][] = [[]];
  for (const t of cond) {
    if (t.depth === depth && lower(t) === 'or') terms.push([]);
    else if (t.depth === depth && lower(t) === 'and') return undefined;
    else terms[terms.length - 1].push(t);
  }
  return { terms, depth };
}

/**
 * A failing-row condition `x < a OR x > b` (either side alone, `a > x` written the other way round, a parenthesis
 * around it): what `x` is (its tokens) and the bounds a passing row keeps. `x <= a` fails at a, so a passing value
 * is above a: for a count that is a + 1 (`integral`); for other values that bound is not inclusive and not read.
 */
function failingOutside(tokens: SqlToken[], integral: boolean): { subject: SqlToken[]; bounds: TestSqlBounds } | undefined {
  const split = orTerms(tokens);
  if (!split) return undefined;
  const { terms, depth } = split;
  let subject: SqlToken[] | undefined;
  const bounds: TestSqlBounds = {};
  for (const term of terms) {
    const at = term.findIndex((t) => t.depth === depth && ['<', '>', '<=', '>='].includes(t.text));
    if (at < 1) return undefined;
    let [left, op, right] = [term.slice(0, at), term[at].text, term.slice(at + 1)];
    let n = numberOf(right);
    if (n === undefined) {
      // `a > x` is `x < a`.
      n = numberOf(left);
      if (n === undefined) return undefined;
      [left, right] = [right, left];
      op = { '<': '>', '>': '<', '<=': '>=', '>=': '<=' }[op]!;
    }
    const key = left.map((t) => t.text.toLowerCase()).join(' ');
    if (subject && subject.map((t) => t.text.toLowerCase()).join(' ') !== key) return undefined;
    subject = left;
    if (op === '<') bounds.min = Math.max(bounds.min ?? -Infinity, n);
    else if (op === '>') bounds.max = Math.min(bounds.max ?? Infinity, n);
    else if (!integral) return undefined;
    else if (op === '<=') bounds.min = Math.max(bounds.min ?? -Infinity, Math.floor(n) + 1);
    else bounds.max = Math.min(bounds.max ?? Infinity, Math.ceil(n) - 1);
  }
  if (!subject || (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max)) return undefined;
  return { subject, bounds };
}

/** `select *` (or `select alias.*`). */
function isStar(items: SqlToken[][]): boolean {
  const [item] = items;
  return items.length === 1 && (item.length === 1 ? item[0].text === '*' : item.length === 3 && item[1].text === '.' && item[2].text === '*');
}

/** The tokens of the subquery a FROM names alone (`(select …) alias`), inside its parentheses. */
function keptRowsOf(from: SqlToken[]): SqlToken[] | undefined {
  if (from[0]?.text !== '(') return undefined;
  const close = from.findIndex((t, i) => i > 0 && t.text === ')' && t.depth === from[0].depth);
  const rest = from.slice(close + 1);
  const aliased = rest.length === 0 || (rest.length === 1 && rest[0].kind === 'ident') || (rest.length === 2 && lower(rest[0]) === 'as');
  return close > 1 && aliased && !rest.some((t) => CLAUSES.has(lower(t)) || ['join', 'on', 'lateral'].includes(lower(t))) ? from.slice(1, close) : undefined;
}

/** A literal, with a leading minus on a number. */
function literalOf(tokens: SqlToken[]): string | number | undefined {
  if (tokens.length === 2 && tokens[0].text === '-' && tokens[1].kind === 'number') {
    const n = literalValue(tokens[1]);
    return typeof n === 'number' ? -n : undefined;
  }
  return tokens.length === 1 ? literalValue(tokens[0]) : undefined;
}

/**
 * A failing-row condition of equalities of one column with literals (`x = 'a'`, `'a' = x`, `x in ('a', 'b')`, joined
 * by OR, a parenthesis around it): the column and the values no passing row holds in it.
 */
function failingEquals(tokens: SqlToken[]): { column: string; values: Array<string | number> } | undefined {
  const split = orTerms(tokens);
  if (!split) return undefined;
  const { terms, depth } = split;
  let column: string | undefined;
  const values: Array<string | number> = [];
  for (const term of terms) {
    const eq = term.findIndex((t) => t.depth === depth && t.text === '=');
    const inAt = term.findIndex((t) => t.depth === depth && lower(t) === 'in');
    let subject: SqlToken[];
    let found: Array<string | number | undefined>;
    if (eq > 0) {
      const [left, right] = [term.slice(0, eq), term.slice(eq + 1)];
      const [l, r] = [literalOf(left), literalOf(right)];
      if ((l === undefined) === (r === undefined)) return undefined;
      [subject, found] = l === undefined ? [left, [r]] : [right, [l]];
    } else if (inAt > 0 && term[inAt + 1]?.text === '(' && term[term.length - 1].text === ')' && lower(term[inAt - 1]) !== 'not') {
      subject = term.slice(0, inAt);
      found = splitLexemesAtCommas(term.slice(inAt + 2, -1)).map(literalOf);
    } else return undefined;
    const named = columnOf(subject);
    if (!named || found.some((v) => v === undefined) || (column !== undefined && column.toLowerCase() !== named.toLowerCase())) return undefined;
    column = named;
    values.push(...(found as Array<string | number>));
  }
  return column !== undefined && values.length > 0 ? { column, values } : undefined;
}

/** Splits `with a as (…), b as (…) select …` into its CTE bodies by name and the final SELECT, at depth 0. */
function withParts(tokens: SqlToken[]): { ctes: Map<string, SqlToken[]>; main: SqlToken[] } | undefined {
  const ctes = new Map<string, SqlToken[]>();
  if (lower(tokens[0]) !== 'with') return { ctes, main: tokens };
  let i = 1;
  for (;;) {
    const name = tokens[i];
    if (!name || (name.kind !== 'ident' && name.kind !== 'quoted') || lower(tokens[i + 1]) !== 'as' || tokens[i + 2]?.text !== '(') return undefined;
    const open = i + 2;
    let close = open + 1;
    while (close < tokens.length && !(tokens[close].text === ')' && tokens[close].depth === 0)) close++;
    if (close >= tokens.length) return undefined;
    ctes.set(name.text.toLowerCase(), tokens.slice(open + 1, close));
    i = close + 1;
    if (tokens[i]?.text === ',') {
      i++;
      continue;
    }
    return { ctes, main: tokens.slice(i) };
  }
}

/** The grouped column of a block grouped by one column (`group by col` or `group by 1` naming a select item). */
function groupedColumn(block: Block): string | undefined {
  if (!block.groupBy || block.groupBy.length !== 1) return undefined;
  const g = block.groupBy[0];
  const position = g.length === 1 && g[0].kind === 'number' ? Number(g[0].text) : undefined;
  if (position !== undefined) {
    const item = block.items[position - 1];
    return item ? columnOf(item) ?? columnOf(itemOf(item).expr) : undefined;
  }
  return columnOf(g);
}

/**
 * What a test's compiled SQL asserts of the model it reads, `relation` (its identifier: the last part of the name
 * the SQL reads), or undefined when the SQL has none of the shapes read here.
 */
export function assertionOfTestSql(sql: string, relation: string): TestSqlAssertion | undefined {
  const lexed = tokenizeSql(sql);
  if (lexed.problems.length > 0) return undefined;
  const tokens = lexed.tokens.filter((t, i, all) => !(t.text === ';' && t.depth === 0 && i === all.length - 1));
  if (tokens.some((t) => t.text === ';')) return undefined;
  const parts = withParts(tokens);
  const main = parts ? blockOf(parts.main, 0) : undefined;
  if (!parts || !main) return undefined;
  const readsModel = (b: Block): boolean => {
    const rel = relationOf(b.from);
    return rel !== undefined && rel[rel.length - 1].toLowerCase() === relation.toLowerCase() && !(rel.length === 1 && parts.ctes.has(rel[0].toLowerCase()));
  };
  // The rows of the model a test's `where:` config keeps (dbt reads `(select * from model where …) dbt_subquery`), no
  // row of which holds a value: held by all the model's rows, it holds of those.
  const kept = keptRowsOf(main.from);
  if (kept && main.where && main.groupBy === undefined && main.having === undefined) {
    const inner = blockOf(kept, kept[0].depth);
    if (inner && readsModel(inner) && inner.where && inner.groupBy === undefined && inner.having === undefined && isStar(inner.items)) {
      const excluded = failingEquals(main.where);
      if (excluded) return { kind: 'excluded', ...excluded };
    }
    return undefined;
  }
  // The rows of the model itself, filtered: a range on one column, or values it never holds.
  if (readsModel(main)) {
    if (main.groupBy === undefined && main.having === undefined && main.where) {
      const found = failingOutside(main.where, false);
      const column = found ? columnOf(found.subject) : undefined;
      const aggregated = main.items.some((it) => it.some((t) => lower(t) === 'count' || lower(t) === 'over'));
      if (found && column && !aggregated) return { kind: 'range', column, bounds: found.bounds };
      const excluded = aggregated ? undefined : failingEquals(main.where);
      return excluded ? { kind: 'excluded', ...excluded } : undefined;
    }
    // `select col, count(*) from model group by col having count(*) < a or …`
    if (main.having && !main.where) return countAssertion(main, main.having);
    return undefined;
  }
  // Counts made in one CTE over the model, compared outside: `with c as (select …, count(*) as n from model group by 1)
  // select … from c where n < a or n > b`.
  const from = relationOf(main.from);
  const body = from && from.length === 1 ? parts.ctes.get(from[0].toLowerCase()) : undefined;
  const inner = body ? blockOf(body, body[0]?.depth ?? 1) : undefined;
  if (!inner || !readsModel(inner) || inner.where || inner.having || !main.where || main.groupBy || main.having) return undefined;
  return countAssertion(inner, main.where);
}

/** A count over `block` (which reads the model) that `condition` bounds: by its alias, or written out. */
function countAssertion(block: Block, condition: SqlToken[]): TestSqlAssertion | undefined {
  const share = block.groupBy ? undefined : shareAssertion(block, condition);
  if (share) return share;
  const found = failingOutside(condition, true);
  if (!found) return undefined;
  const named = columnOf(found.subject);
  const item = block.items.map(itemOf).find((it) => (named !== undefined && it.name?.toLowerCase() === named.toLowerCase() && countOf(it.expr)) || (named === undefined && sameTokens(it.expr, found.subject)));
  const count = item ? countOf(item.expr) : countOf(found.subject);
  if (!count) return undefined;
  if (count.distinct !== undefined) return block.groupBy ? undefined : { kind: 'distinctCount', column: count.distinct, bounds: found.bounds };
  const column = groupedColumn(block);
  return column ? { kind: 'rowsPerValue', column, bounds: found.bounds } : undefined;
}

function sameTokens(a: SqlToken[], b: SqlToken[]): boolean {
  return a.length === b.length && a.every((t, i) => t.text.toLowerCase() === b[i].text.toLowerCase());
}

/**
 * `count(case when col = 'v' then 1 end)` (also `sum(case when … then 1 else 0 end)`, `count_if(col = 'v')`): the
 * rows whose column equals one text value.
 */
export function matchCountOf(expr: SqlToken[]): { column: string; value: string } | undefined {
  const text = expr.map((t) => (t.kind === 'string' ? t.text : t.kind === 'quoted' ? `"${t.text}"` : t.text.toLowerCase())).join(' ');
  const NAME = '((?:[a-z_][\\w$]* \\. )?(?:[a-z_][\\w$]*|"[^"]+"))';
  const m =
    new RegExp(`^count \\( case when ${NAME} = ('(?:[^']|'')*') then 1 end \\)$`).exec(text) ??
    new RegExp(`^sum \\( case when ${NAME} = ('(?:[^']|'')*') then 1 else 0 end \\)$`).exec(text) ??
    new RegExp(`^count_if \\( ${NAME} = ('(?:[^']|'')*') \\)$`).exec(text);
  if (!m) return undefined;
  const column = m[1].split(' . ').pop()!.replace(/^"(.*)"$/, '$1');
  return { column, value: m[2].slice(1, -1).replace(/''/g, "'") };
}

/**
 * A value's share: the block counts all rows (`count(*)`) and those holding one value, and the condition compares
 * an arithmetic of the two (`round(part::float / nullif(total, 0) * 100, 2)`) with constants. The arithmetic is
 * evaluated, so the share's scale (a fraction, a percent) is the test's; it must be a multiple of part / total.
 */
function shareAssertion(block: Block, condition: SqlToken[]): TestSqlAssertion | undefined {
  const found = failingOutside(condition, false);
  if (!found) return undefined;
  const items = block.items.map(itemOf);
  const total = items.find((it) => it.name && countOf(it.expr) && countOf(it.expr)!.distinct === undefined);
  const parts = items.flatMap((it) => {
    const m = it.name ? matchCountOf(it.expr) : undefined;
    return m ? [{ name: it.name!, ...m }] : [];
  });
  if (!total || parts.length !== 1) return undefined;
  const part = parts[0];
  const at = (p: number, t: number): number | undefined => evaluate(found.subject, new Map([[part.name.toLowerCase(), p], [total.name!.toLowerCase(), t]]));
  const [zero, whole, half] = [at(0, 1000), at(1000, 1000), at(500, 1000)];
  if (zero === undefined || whole === undefined || half === undefined || Math.abs(zero) > 1e-9 || whole <= 0 || Math.abs(half - whole / 2) > whole * 1e-3) return undefined;
  const toPercent = (x: number | undefined) => (x === undefined ? undefined : (x / whole) * 100);
  const lo = Math.max(0, toPercent(found.bounds.min) ?? 0);
  const hi = Math.min(100, toPercent(found.bounds.max) ?? 100);
  return lo <= hi ? { kind: 'valueShare', column: part.column, value: part.value, bounds: { min: lo, max: hi } } : undefined;
}

/**
 * The value of an arithmetic of names, numbers, + - * /, parentheses, casts (`::float`, `cast(x as float)`),
 * round / nullif / coalesce and a searched CASE of comparisons (`case when n > 0 then a / n else 0 end`, the guard a
 * rate is written with), with `names` bound; undefined for anything else or a NULL (a division by NULLIF's NULL).
 */
export function evaluate(tokens: SqlToken[], names: ReadonlyMap<string, number>): number | undefined {
  let i = 0;
  const FAIL = Symbol('fail');
  type V = number | null;
  const peek = (): SqlToken | undefined => tokens[i];
  const expect = (text: string): void => {
    if (peek()?.text.toLowerCase() !== text) throw FAIL;
    i++;
  };
  const typeName = (): void => {
    if (peek()?.kind !== 'ident') throw FAIL;
    i++;
    if (peek()?.text === '(') {
      while (i < tokens.length && peek()!.text !== ')') i++;
      expect(')');
    }
  };
  const args = (): V[] => {
    expect('(');
    const out = [sum()];
    while (peek()?.text === ',') {
      i++;
      out.push(sum());
    }
    expect(')');
    return out;
  };
  const primary = (): V => {
    const t = peek();
    if (!t) throw FAIL;
    if (t.kind === 'number') {
      i++;
      return Number(t.text);
    }
    if (t.text === '(') {
      i++;
      const v = sum();
      expect(')');
      return v;
    }
    if (t.kind !== 'ident' && t.kind !== 'quoted') throw FAIL;
    const word = t.text.toLowerCase();
    i++;
    if (t.kind === 'ident' && word === 'case') return searchedCase();
    if (peek()?.text !== '(') {
      if (t.kind === 'ident' && word === 'null') return null;
      const v = names.get(word);
      if (v === undefined) throw FAIL;
      return v;
    }
    if (word === 'cast' || word === 'try_cast') {
      expect('(');
      const v = sum();
      expect('as');
      typeName();
      expect(')');
      return v;
    }
    const a = args();
    if (word === 'round' && (a.length === 1 || a.length === 2)) {
      if (a[0] === null || a[1] === null) return null;
      const f = 10 ** (a[1] ?? 0);
      return Math.round(a[0] * f) / f;
    }
    if (word === 'nullif' && a.length === 2) return a[0] === a[1] ? null : a[0];
    if ((word === 'coalesce' || word === 'ifnull' || word === 'nvl') && a.length >= 2) return a.find((v) => v !== null) ?? null;
    throw FAIL;
  };
  // `case when a <op> b then x … [else y] end`: the first branch whose comparison holds (NULL holds none).
  const COMPARE: Record<string, (a: number, b: number) => boolean> = {
    '>': (a, b) => a > b,
    '>=': (a, b) => a >= b,
    '<': (a, b) => a < b,
    '<=': (a, b) => a <= b,
    '=': (a, b) => a === b,
    '<>': (a, b) => a !== b,
    '!=': (a, b) => a !== b,
  };
  const searchedCase = (): V => {
    let out: V | undefined;
    while (peek()?.text.toLowerCase() === 'when') {
      i++;
      const left = sum();
      const op = COMPARE[peek()?.text ?? ''];
      if (!op) throw FAIL;
      i++;
      const right = sum();
      expect('then');
      const v = sum();
      if (out === undefined && left !== null && right !== null && op(left, right)) out = v;
    }
    if (peek()?.text.toLowerCase() === 'else') {
      i++;
      const v = sum();
      if (out === undefined) out = v;
    }
    expect('end');
    return out === undefined ? null : out;
  };
  const postfix = (): V => {
    const v = primary();
    while (peek()?.text === '::') {
      i++;
      typeName();
    }
    return v;
  };
  const unary = (): V => {
    if (peek()?.text === '-') {
      i++;
      const v = unary();
      return v === null ? null : -v;
    }
    return postfix();
  };
  const product = (): V => {
    let v = unary();
    while (peek()?.text === '*' || peek()?.text === '/') {
      const op = tokens[i++].text;
      const r = unary();
      v = v === null || r === null ? null : op === '*' ? v * r : r === 0 ? null : v / r;
    }
    return v;
  };
  function sum(): V {
    let v = product();
    while (peek()?.text === '+' || peek()?.text === '-') {
      const op = tokens[i++].text;
      const r = product();
      v = v === null || r === null ? null : op === '+' ? v + r : v - r;
    }
    return v;
  }
  try {
    const v = sum();
    return i === tokens.length && v !== null && Number.isFinite(v) ? v : undefined;
  } catch (e) {
    if (e === FAIL) return undefined;
    throw e;
  }
}
