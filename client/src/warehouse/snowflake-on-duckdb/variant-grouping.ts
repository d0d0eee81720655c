// Grouping by VARIANT values. Snowflake compares VARIANTs by value: 5, 5.00 and 5.00::DOUBLE are equal, '5' is not
// (https://docs.snowflake.com/en/sql-reference/functions/array_remove), and an OBJECT is an unordered set of pairs, so
// {"b":1,"a":2} equals {"a":2,"b":1} (https://docs.snowflake.com/en/sql-reference/functions/parse_json, usage notes).
// The twin holds a VARIANT as JSON text, and DuckDB groups, deduplicates and partitions JSON by that text: 1 and 1.0
// (or 1e0) landed in two groups. Which of two equal values a group then shows (1 or 1.0) is no page's, so the twin
// does not pick one: a value keyed where the text would decide is checked when it runs (bz_variant_group) and refused
// by name if its text is not the one text of its value (a number with trailing fraction zeros or an exponent, object
// keys out of order, spacing). Equal values with that one text are equal texts, so what runs groups as Snowflake does.
// The bound plan shows where a VARIANT is grouped (variant-implicit-cast.ts); the text places the check there: PARTITION
// BY items and DISTINCT arguments wrapped, a GROUP BY item's copy added as one more key, the items of a SELECT DISTINCT
// or of a deduplicating set operator's branches wrapped (a star given REPLACE). The statement so checked is planned
// again, and a grouping the check does not reach (ROLLUP, `* EXCLUDE`, …) is refused by name before running.
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { parseSnowflakeJson, SnowflakeJsonError, SnowflakeJsonUnsupported, writeJson, type JsonNode } from './snowflake-json';
import { REFUSAL_AGAIN, type TextOperand } from './variant-text-operands';
import { hasAlias, isColumnReference, isStar, itemLexemes, selectLists } from '../../../../server/src/core/sql/snowflake-on-duckdb/column-names';

/** A plain decimal number (no exponent): the form whose value has one text once its fraction's zeros are dropped. */
const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** The one text of a number's value, or undefined for a number written with an exponent (a FLOAT in the VARIANT). */
function numberText(text: string): string | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return value === '-0' ? '0' : value;
}

/** Whether every number `node` holds has one text of its value (numberText). */
function plainNumbers(node: JsonNode): boolean {
  if (node.kind === 'number') return numberText(node.text) !== undefined;
  if (node.kind === 'array') return node.items.every(plainNumbers);
  if (node.kind === 'object') return node.entries.every(([, v]) => plainNumbers(v));
  return true;
}

/** The value's one text: writeJson with keys sorted and each number's one text; undefined when a number has none. */
const canonical = (node: JsonNode): string | undefined => (plainNumbers(node) ? writeJson(node, true, (t) => numberText(t)!) : undefined);

/**
 * The one JSON text of the value `text` holds, as the twin writes it (compact, object keys sorted, numbers without
 * fraction zeros), or undefined when no such text is settled: a number written with an exponent (a FLOAT, whose
 * equality with a NUMBER of the same digits no page gives), or text that is no JSON.
 */
export function canonicalVariantText(text: string): string | undefined {
  try {
    const node = parseSnowflakeJson(text, false);
    return node === undefined ? undefined : canonical(node);
  } catch (e) {
    if (e instanceof SnowflakeJsonError || e instanceof SnowflakeJsonUnsupported) return undefined;
    throw e;
  }
}

/** Whether `text` is the one text of its value (canonicalVariantText): keying by it keys by the value. */
export const isCanonicalVariantText = (text: string): boolean => canonicalVariantText(text) === text;

/** The check's macro (json-functions.ts): the value as it is, or the refusal given with it. */
export const VARIANT_GROUP_CHECK = 'bz_variant_group';

/** What the check says when a value fails it, after the construct's name. */
export const GROUP_CHECK_WHY =
  "holding a value whose text the DuckDB target cannot key by its value (a number written with trailing fraction zeros or an exponent, e.g. 1.0 or 1e0, an object's keys out of order): Snowflake groups VARIANTs by value, 1 with 1.0; cast it, e.g. v::NUMBER or v::VARCHAR";

/**
 * A grouping the plan shows over a VARIANT: PARTITION BY, an aggregate's DISTINCT, GROUP BY, SELECT DISTINCT, or a
 * set operator that deduplicates (UNION without ALL, INTERSECT, EXCEPT/MINUS).
 */
export type VariantGrouping = 'partition' | 'distinct-argument' | 'group' | 'distinct' | 'set';

const isPunct = (l: Lexeme | undefined, p: string): boolean => l?.kind === 'punct' && l.text === p;
const isWord = (l: Lexeme | undefined, w: string): boolean => l?.kind === 'word' && l.text.toLowerCase() === w;
const isName = (l: Lexeme | undefined): boolean => l?.kind === 'word' || l?.kind === 'quoted-identifier';

/** Words ending a window's PARTITION BY list at its depth. */
const PARTITION_ENDS = new Set(['order', 'rows', 'range', 'groups']);
/** Words ending a GROUP BY clause at its depth. */
const GROUP_ENDS = new Set(['having', 'qualify', 'order', 'limit', 'window', 'union', 'except', 'intersect', 'minus', 'fetch', 'offset']);
/** Set operators that deduplicate (UNION unless ALL follows). */
const DEDUPLICATING = new Set(['union', 'intersect', 'except', 'minus']);

/** The operands to wrap in the check, and the groupings whose every place the text does not let the check reach. */
export interface GroupingPlaces {
  operands: TextOperand[];
  unplaced: Set<VariantGrouping>;
}

/** A name's text without its quotes, upper-cased as Snowflake folds an unquoted one (for matching an alias). */
const nameKey = (l: Lexeme): string => (l.kind === 'quoted-identifier' ? l.text.slice(1, -1).replace(/""/g, '"') : l.text.toUpperCase());

/**
 * Where to check the values of the groupings `kinds` in `sql` (a translated statement): every item of every PARTITION
 * BY, every argument of COUNT(DISTINCT …) and the first of any other aggregate's DISTINCT, the expression of every
 * GROUP BY item (a copy of it added as one more grouping key, which splits no group: it is a function of the item),
 * every item of a SELECT DISTINCT's list and of every branch of a deduplicating set operator (its alias kept). The
 * check is the value itself for any type but a VARIANT (its macro chooses by type while binding), so items the plan
 * does not show as VARIANTs are checked alike; an item already checked is left. A `*` (or `t.*`) is given
 * `REPLACE (check(c) AS c, …)` for `starColumns`, the VARIANT columns the plan names, but those the list's other items
 * name (a column named by an item is that item's). A GROUP BY position falling on a `*` (or past it: the star's width is
 * the plan's) stands for a star column: a copy of each of `groupColumns`, the VARIANT grouping keys the plan names, is
 * added as one more key, written as the star is qualified (`t."C"`), and of each column named after the star. It splits
 * no group: a star's column stands bare in the select list, so it is itself a key or the statement does not bind (in
 * DuckDB as in Snowflake). A place the text does not let the check reach (a star with EXCLUDE or REPLACE, ROLLUP/CUBE/
 * GROUPING SETS, GROUP BY ALL, positions over two stars) leaves its grouping unplaced. A name that is not the star's
 * fails to bind, so the statement so checked does not plan and is refused (implicitCastRefusal plans it again and finds
 * every grouping checked or refuses). `what` names the refusal of each grouping.
 */
export function variantGroupingPlaces(
  sql: string,
  kinds: ReadonlySet<VariantGrouping>,
  what: (kind: VariantGrouping) => string,
  starColumns: ReadonlySet<string> = new Set(),
  groupColumns: ReadonlySet<string> = new Set(),
): GroupingPlaces {
  const all = lex(sql);
  const sig = all.filter((l) => !isTrivia(l));
  const out: TextOperand[] = [];
  const unplaced = new Set<VariantGrouping>();
  const end = (l: Lexeme): number => l.start + l.text.length;
  const checked = (l: Lexeme | undefined, next: Lexeme | undefined): boolean => isWord(l, VARIANT_GROUP_CHECK) && isPunct(next, '(');
  // The items from lexeme `from` (in sig) up to the first at depth 0 that `ends` (or a closing paren), split at commas.
  const items = (from: number, ends: (l: Lexeme) => boolean, first: boolean): { first: number; last: number }[] => {
    const found: { first: number; last: number }[] = [];
    let depth = 0;
    let start = from;
    for (let k = from; k <= sig.length; k++) {
      const l = sig[k];
      const closes = k === sig.length || (depth === 0 && (isPunct(l, ')') || ends(l) || isPunct(l, ';')));
      if (closes || (depth === 0 && isPunct(l, ','))) {
        if (k > start) found.push({ first: start, last: k - 1 });
        if (closes || first) return found;
        start = k + 1;
        continue;
      }
      if (isPunct(l, '(') || isPunct(l, '[')) depth++;
      else if (isPunct(l, ')') || isPunct(l, ']')) depth--;
    }
    return found;
  };
  const wrap = (kind: VariantGrouping, first: number, last: number, after?: string): void => {
    if (!checked(sig[first], sig[first + 1])) out.push({ from: sig[first].start, to: end(sig[last]), wrap: VARIANT_GROUP_CHECK, refusal: what(kind), ...(after ? { after } : {}) });
  };
  for (let k = 0; k < sig.length; k++) {
    if (kinds.has('partition') && isWord(sig[k], 'partition') && isWord(sig[k + 1], 'by')) {
      for (const i of items(k + 2, (l) => l.kind === 'word' && PARTITION_ENDS.has(l.text.toLowerCase()), false)) wrap('partition', i.first, i.last);
    }
    if (kinds.has('distinct-argument') && isPunct(sig[k], '(') && isWord(sig[k + 1], 'distinct') && sig[k - 1]?.kind === 'word') {
      for (const i of items(k + 2, (l) => isWord(l, 'order'), !isWord(sig[k - 1], 'count'))) wrap('distinct-argument', i.first, i.last);
    }
  }
  if (!kinds.has('group') && !kinds.has('distinct') && !kinds.has('set')) return { operands: out, unplaced };
  // Each lexeme's paren depth (a parenthesis at the depth outside it).
  const depth: number[] = [];
  let d = 0;
  for (const l of sig) {
    if (isPunct(l, ')') || isPunct(l, ']')) d--;
    depth.push(d);
    if (isPunct(l, '(') || isPunct(l, '[')) d++;
  }
  // Whether the query block of the SELECT at `at` goes on to `k`: no `;` between, and its depth left only by the
  // parentheses closing right before `k` (a parenthesized branch) when `closing`.
  const reaches = (at: number, k: number, closing: boolean): boolean => {
    for (let j = at; j < k; j++) {
      if (isPunct(sig[j], ';')) return false;
      if (depth[j] < depth[at]) return closing && sig.slice(j, k).every((x) => isPunct(x, ')'));
    }
    return closing || depth[k] === depth[at];
  };
  // Select lists by their SELECT's index in sig, with each item's expression (sig range) and alias.
  const index = new Map(sig.map((l, i) => [l, i]));
  const lists = selectLists(all).map((list) => ({
    ...list,
    at: index.get(all[list.select]) ?? -1,
    // Which items are stars, with EXCLUDE, RENAME, … or without (then their expression is the star's).
    stars: list.items.flatMap((item, i) => (isStar(itemLexemes(all, item)) ? [i] : [])),
    expressions: list.items.map((item) => {
      const lexemes = itemLexemes(all, item);
      const first = index.get(lexemes[0]) ?? -1;
      const last = first + lexemes.length - 1;
      if (isStar(lexemes)) return lexemes.length === 1 || (lexemes.length === 3 && isPunct(lexemes[1], '.')) ? { first, last, alias: undefined, column: false, star: true } : undefined;
      if (isColumnReference(lexemes)) return { first, last, alias: lexemes[lexemes.length - 1], column: true };
      if (!hasAlias(lexemes)) return undefined;
      let depth = 0;
      for (let j = first; j <= last; j++) {
        if (isPunct(sig[j], '(') || isPunct(sig[j], '[')) depth++;
        else if (isPunct(sig[j], ')') || isPunct(sig[j], ']')) depth--;
        else if (depth === 0 && isWord(sig[j], 'as')) return { first, last: j - 1, alias: sig[j + 1], column: false };
      }
      return { first, last: last - 1, alias: sig[last], column: false };
    }),
  }));
  const quoted = (n: string): string => `"${n.replace(/"/g, '""')}"`;
  // Every item of a list checked, its name kept (a column's own name given as its alias).
  const wrapList = (kind: VariantGrouping, list: (typeof lists)[number]): void => {
    // The names the list's other items give (DuckDB matches names case-insensitively). A star column of one of these
    // names is left unchecked, and the plan of the statement so checked refuses it (checkedColumn reads each column).
    const given = new Set(list.expressions.flatMap((e) => (e && !('star' in e) && e.alias ? [nameKey(e.alias).toUpperCase()] : [])));
    for (const e of list.expressions) {
      if (e && 'star' in e) {
        // `*` (or `t.*`) given `REPLACE (check(c) AS c, …)` for the VARIANT columns the plan names. None left but the
        // items' own: the plan of the statement so checked tells whether the star holds one.
        const names = [...starColumns].filter((n) => !given.has(n.toUpperCase())).map(quoted);
        if (!starColumns.size || isWord(sig[e.last + 1], 'replace')) unplaced.add(kind);
        else if (names.length) {
          const rest = names.slice(1).map((n) => `, ${VARIANT_GROUP_CHECK}(${n}, ${REFUSAL_AGAIN}) AS ${n}`).join('');
          out.push({ from: end(sig[e.last]), to: end(sig[e.last]), lead: ' REPLACE (', wrap: VARIANT_GROUP_CHECK, argument: names[0], refusal: what(kind), after: ` AS ${names[0]}${rest})`, at: sig[e.first].start });
        }
      } else if (!e || e.last < e.first || !e.alias) unplaced.add(kind);
      else wrap(kind, e.first, e.last, e.column ? ` AS ${e.alias.text}` : undefined);
    }
  };
  if (kinds.has('distinct')) for (const list of lists) if (list.distinct) wrapList('distinct', list);
  if (kinds.has('set')) {
    for (let k = 0; k < sig.length; k++) {
      if (!(sig[k].kind === 'word' && DEDUPLICATING.has(sig[k].text.toLowerCase())) || (isWord(sig[k], 'union') && isWord(sig[k + 1], 'all'))) continue;
      // The branch before (its list ends at the operator, or at the `)` closing it) and the one after.
      const before = lists.filter((l) => l.at < k && depth[l.at] >= depth[k] && reaches(l.at, k, true)).sort((a, b) => depth[a.at] - depth[b.at] || b.at - a.at)[0];
      const opens = isWord(sig[k + 1], 'distinct') ? k + 2 : k + 1;
      const after = lists.filter((l) => l.at >= opens && sig.slice(opens, l.at).every((x) => isPunct(x, '('))).sort((a, b) => a.at - b.at)[0];
      if (!before || !after) unplaced.add('set');
      for (const list of [before, after]) if (list) wrapList('set', list);
    }
  }
  if (kinds.has('group')) {
    for (let k = 0; k < sig.length; k++) {
      if (!isWord(sig[k], 'group') || !isWord(sig[k + 1], 'by') || isWord(sig[k - 1], 'within')) continue;
      const list = lists.filter((l) => l.at < k && depth[l.at] === depth[k] && reaches(l.at, k, false)).sort((a, b) => b.at - a.at)[0];
      const groupItems = items(k + 2, (l) => l.kind === 'word' && GROUP_ENDS.has(l.text.toLowerCase()), false);
      const last = groupItems[groupItems.length - 1];
      if (!list || !last) {
        unplaced.add('group');
        continue;
      }
      // Positions from the list's first star on fall on a star's columns, whose number the text does not give.
      let overStar: Lexeme | undefined;
      for (const item of groupItems) {
        const head = sig[item.first];
        if (checked(head, sig[item.first + 1])) continue;
        if (['rollup', 'cube', 'grouping', 'all'].some((w) => isWord(head, w))) {
          unplaced.add('group');
          continue;
        }
        // A position or a select alias stands for the select item's expression.
        const single = item.first === item.last;
        if (single && head.kind === 'number' && list.stars.length && Number(head.text) > list.stars[0]) {
          overStar ??= head;
          continue;
        }
        const byPosition = single && head.kind === 'number' && /^[1-9][0-9]*$/.test(head.text) ? list.expressions[Number(head.text) - 1] : undefined;
        const byAlias = single && isName(head) ? list.expressions.find((e) => e && !e.column && e.alias && nameKey(e.alias) === nameKey(head)) : undefined;
        if (single && head.kind === 'number' && !byPosition) {
          unplaced.add('group');
          continue;
        }
        const [from, to] = byPosition ? [byPosition.first, byPosition.last] : byAlias ? [byAlias.first, byAlias.last] : [item.first, item.last];
        const argument = sql.slice(sig[from].start, end(sig[to]));
        out.push({ from: end(sig[last.last]), to: end(sig[last.last]), lead: ', ', wrap: VARIANT_GROUP_CHECK, argument, refusal: what('group'), at: head.start });
      }
      if (!overStar) continue;
      // A copy of each VARIANT key the plan names, qualified as the star is (`t.` before `t.*`); and of each column the
      // list names after the star, a key as well (it stands bare in the list), which a position past the star may fall
      // on. Every name is copied, even one an item beside the star gives (`t.*, u.w`: t."W" does not bind, and the
      // statement is refused): a key is found checked when a copy holds it (groupingChecked), so a key left without
      // its own copy could pass for checked inside another's (check(v:a) holds v).
      const star = list.expressions[list.stars[0]];
      if (list.stars.length > 1 || !star) {
        unplaced.add('group');
        continue;
      }
      const qualifier = star.last > star.first ? sql.slice(sig[star.first].start, sig[star.last].start) : '';
      const copies = [...groupColumns].map((n) => `${qualifier}${quoted(n)}`);
      for (const e of list.expressions.slice(list.stars[0] + 1)) if (e?.column) copies.push(sql.slice(sig[e.first].start, end(sig[e.last])));
      if (!copies.length) unplaced.add('group');
      for (const argument of copies) {
        out.push({ from: end(sig[last.last]), to: end(sig[last.last]), lead: ', ', wrap: VARIANT_GROUP_CHECK, argument, refusal: what('group'), at: overStar.start });
      }
    }
  }
  return { operands: out, unplaced };
}
