// JSON a model reads through a name that stands for a place inside a source's JSON column, not for the column:
// Flipside's silver__transactions selects `DATA:tx_result:events AS msgs`; silver__msgs flattens it
// (`LATERAL FLATTEN(input => msgs) f`), names an element `f.value AS msg` and reads `msg:type::STRING`;
// silver__msg_attributes flattens `msg` again at `path => 'attributes'` and reads `b.value:key`. Each of those reads
// is a read of the source column at the place the name stands for (`data:tx_result:events[]:type`): without it the
// sampler writes `events` as a text leaf, FLATTEN yields one row with a NULL index and every key reads NULL.
// A name for a leaf (`msg:type::STRING AS msg_type`, `TRY_BASE64_DECODE_STRING(b.value:key::STRING) AS attribute_key`)
// is followed the same way to the literals it is compared with (`msg_type = 'link'`), which the leaf then holds.
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { decoderOf, pathAfter, type JsonShape, type JsonTogether, type PathStep } from './json-shape';

/**
 * A place inside a JSON column: the column (as the caller keys it) and the path from the column to the place;
 * `parsed` when the column holds the JSON as text and the place was reached through a PARSE_JSON of it.
 */
export interface JsonPlace {
  column: string;
  steps: PathStep[];
  parsed?: true;
}

/** Calls that read JSON out of the text they are given. */
const JSON_PARSERS = /^(try_)?parse_json$/i;

/** What a model reads at `place`, as the shape its column needs. */
function readOf(place: JsonPlace, shape: JsonShape): JsonFlow['reads'][number] {
  return { column: place.column, shape, ...(place.parsed ? { parsed: true as const } : {}) };
}

/** A place below `place` at `steps` further, reached the way `place` was. */
function below(place: JsonPlace, steps: readonly PathStep[]): JsonPlace {
  return { column: place.column, steps: [...place.steps, ...steps], ...(place.parsed ? { parsed: true as const } : {}) };
}

/** The shape a document needs for `shape` to hold at `steps` below its root. */
export function nestUnder(steps: readonly PathStep[], shape: JsonShape): JsonShape {
  let out = shape;
  for (let k = steps.length - 1; k >= 0; k--) {
    const step = steps[k];
    out = 'index' in step ? { items: out } : { fields: { [step.key]: out } };
  }
  return out;
}

/** Words that end a FROM item rather than alias it. */
const NOT_ALIASES = new Set(
  'where on join left right inner outer full cross lateral natural using group order qualify having limit union except minus intersect window as select from'.split(' '),
);

/** FLATTEN's `path => 'a.b[0]'` as steps; undefined when it is anything but plain keys and indexes. */
function flattenPath(literal: string): PathStep[] | undefined {
  const text = literal.slice(1, -1);
  if (text === '') return [];
  const steps: PathStep[] = [];
  for (const part of text.split('.')) {
    const m = /^([A-Za-z_$][\w$]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    steps.push({ key: m[1] });
    for (let n = (m[2].match(/\[/g) ?? []).length; n > 0; n--) steps.push({ index: true });
  }
  return steps;
}

/** A FLATTEN call: the token range of its input expression, its `path` argument's steps, and the alias it takes. */
interface FlattenCall {
  input: [number, number];
  path: PathStep[];
  alias?: string;
}

/** The FLATTEN call whose name is at `at` (`(` follows), when its arguments are ones we can follow. */
function flattenCall(tokens: SqlToken[], at: number): FlattenCall | undefined {
  const open = at + 1;
  const depth = tokens[open].depth;
  const close = tokens.findIndex((t, k) => k > open && t.text === ')' && t.depth === depth);
  if (close < 0) return undefined;
  const args: Array<[number, number]> = [];
  let start = open + 1;
  for (let k = open + 1; k <= close; k++) {
    if (k === close || (tokens[k].text === ',' && tokens[k].depth === depth + 1)) {
      args.push([start, k]);
      start = k + 1;
    }
  }
  let input: [number, number] | undefined;
  let path: PathStep[] | undefined = [];
  for (const [n, [s, e]] of args.entries()) {
    const named = tokens[s + 1]?.text === '=>' ? tokens[s].text.toLowerCase() : n === 0 ? 'input' : n === 1 ? 'path' : '';
    const value: [number, number] = tokens[s + 1]?.text === '=>' ? [s + 2, e] : [s, e];
    if (named === 'input') input = value;
    else if (named === 'path') path = value[1] - value[0] === 1 && tokens[value[0]].kind === 'string' ? flattenPath(tokens[value[0]].text) : undefined;
    // A recursive FLATTEN yields every level, an OBJECT one an object's values: neither is one array's elements.
    else if (named === 'recursive' && /^true$/i.test(tokens[value[0]]?.text ?? '')) return undefined;
    else if (named === 'mode' && /^'object'$/i.test(tokens[value[0]]?.text ?? '')) return undefined;
  }
  if (!input || !path) return undefined;
  // `table(flatten(…)) f`, `lateral flatten(…) as f`.
  let k = tokens[at - 1]?.text === '(' && /^table$/i.test(tokens[at - 2]?.text ?? '') && tokens[close + 1]?.text === ')' ? close + 2 : close + 1;
  if (/^as$/i.test(tokens[k]?.text ?? '')) k++;
  const alias = tokens[k]?.kind === 'ident' && !NOT_ALIASES.has(tokens[k].text.toLowerCase()) ? tokens[k].text.toLowerCase() : undefined;
  return { input, path, ...(alias ? { alias } : {}) };
}

/** The FLATTEN calls of a model that we can follow. */
function flattenCalls(tokens: SqlToken[]): FlattenCall[] {
  const out: FlattenCall[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!/^flatten$/i.test(tokens[i].text) || tokens[i + 1].text !== '(') continue;
    const call = flattenCall(tokens, i);
    if (call) out.push(call);
  }
  return out;
}

/** The names of the FLATTEN aliases in a model: `f.value` there is an element of the flattened array, not a column. */
export function flattenAliases(tokens: SqlToken[]): Set<string> {
  return new Set(flattenCalls(tokens).flatMap((call) => (call.alias ? [call.alias] : [])));
}

/** The index after a cast's type at `at` (`string`, `number(10, 2)`). */
function afterCastType(tokens: SqlToken[], at: number): number {
  if (tokens[at + 1]?.text !== '(') return at + 1;
  const close = tokens.findIndex((t, k) => k > at + 1 && t.text === ')' && t.depth === tokens[at + 1].depth);
  return close > at ? close + 1 : at + 1;
}

/**
 * The whole of a read that starts at token `first` and whose path ends before `end`: with a cast after it
 * (`msg:type::string`), a decoding call around that (`try_base64_decode_string(msg:attributes[0]:key::string)`) and
 * a cast after the call. The comparisons around it are with the (decoded) text.
 */
function leafRead(tokens: SqlToken[], first: number, end: number): { first: number; end: number } {
  let k = tokens[end]?.text === '::' ? afterCastType(tokens, end + 1) : end;
  let start = first;
  if (tokens[start - 1]?.text === '(' && decoderOf(tokens[start - 2]?.text) !== undefined && tokens[k]?.text === ')') {
    start -= 2;
    k++;
    if (tokens[k]?.text === '::') k = afterCastType(tokens, k + 1);
  }
  return { first: start, end: k };
}

/** A literal's value: text unquoted, a number as a number; undefined for anything else. */
export function literalValue(t: SqlToken | undefined): string | number | undefined {
  if (t?.kind === 'number' && Number.isFinite(Number(t.text))) return Number(t.text);
  // Escapes (`'a\'b'`) aside: the text is what the quotes hold.
  if (t?.kind === 'string' && t.text.startsWith("'") && !t.text.includes('\\')) return t.text.slice(1, -1).replace(/''/g, "'");
  return undefined;
}

/**
 * The literals the read spanning tokens [first, end) is compared with so that rows holding them are kept: `= 'x'`
 * (either side), `IN ('a', 'b')`, `LIKE '%validator'` (the pattern's fixed text), `CASE x WHEN 'a' … WHEN 'b'`.
 * A negation keeps other rows and says nothing.
 */
export function comparedWith(tokens: SqlToken[], first: number, end: number): Array<string | number> {
  const after = tokens[end];
  const word = after?.text.toLowerCase();
  if (after?.text === '=') {
    const v = literalValue(tokens[end + 1]);
    return v === undefined ? [] : [v];
  }
  if (tokens[first - 1]?.text === '=' && !/^(!|<|>)$/.test(tokens[first - 2]?.text ?? '')) {
    const v = literalValue(tokens[first - 2]);
    return v === undefined ? [] : [v];
  }
  if (word === 'in' && tokens[end + 1]?.text === '(') {
    const out: Array<string | number> = [];
    for (let k = end + 2; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.text === ')' && t.depth === tokens[end + 1].depth) return out;
      if (t.text === ',') continue;
      const v = literalValue(t);
      // A subquery or an expression: not a list of literals.
      if (v === undefined) return [];
      out.push(v);
    }
    return [];
  }
  if ((word === 'like' || word === 'ilike') && tokens[end + 1]?.kind === 'string') {
    const pattern = literalValue(tokens[end + 1]);
    const text = typeof pattern === 'string' ? pattern.replace(/%/g, '').replace(/_/g, 'x') : '';
    return text === '' ? [] : [text];
  }
  if (/^case$/i.test(tokens[first - 1]?.text ?? '')) {
    const depth = tokens[first - 1].depth;
    const out: Array<string | number> = [];
    let nested = 0;
    for (let k = end; k < tokens.length && tokens[k].depth >= depth; k++) {
      if (tokens[k].depth !== depth) continue;
      const w = tokens[k].text.toLowerCase();
      if (w === 'case') nested++;
      else if (w === 'end' && nested-- === 0) break;
      else if (w === 'when' && nested === 0) {
        const v = literalValue(tokens[k + 1]);
        if (v !== undefined && /^then$/i.test(tokens[k + 2]?.text ?? '')) out.push(v);
      }
    }
    return out;
  }
  return [];
}

export interface JsonFlow {
  /** What the model reads at each place, as the shape the place's column needs (`parsed`: text holding it). */
  reads: Array<{ column: string; shape: JsonShape; parsed?: true }>;
  /** Every name bound to a place once the model is read: the inherited ones and those it gives (`x:a AS name`). */
  bound: Map<string, JsonPlace>;
}

/**
 * Follows the names bound to JSON places (`bound`, lower case) through one model's tokens: a path read after such a
 * name (`msg:type::string`), a FLATTEN of one (its alias's `value` stands for an element), and a select item that
 * names one, or a path of one, anew (`f.value AS msg`, `data:tx_result:events AS msgs`). A name qualified by one of
 * `foreign` (another relation's alias) is that relation's. `readAt(tokens, at)` is the shape the path starting at
 * token `at` (`:` or `[`) reads, leaf kind included.
 */
export function followJsonNames(
  tokens: SqlToken[],
  bound: ReadonlyMap<string, JsonPlace>,
  foreign: ReadonlySet<string>,
  readAt: (tokens: SqlToken[], at: number) => JsonShape,
  /** Text the model's output columns must hold (lower-case name → text: regex-text.ts), for joinedKinds. */
  texts: ReadonlyMap<string, string> = new Map(),
): JsonFlow {
  const names = new Map(bound);
  const elements = new Map<string, JsonPlace>();
  const reads: JsonFlow['reads'] = [];
  const flattens = flattenCalls(tokens);
  const aliases = new Set(flattens.flatMap((call) => (call.alias ? [call.alias] : [])));
  const counted = runningCounts(tokens);
  /** Names of OBJECT_AGGs keyed by a place's text: the place, and where the aggregate is called. */
  const keyed = new Map<string, Array<JsonPlace & { call: number }>>();

  /** The place a reference starting at token i stands for, and the token after the reference (before any path). */
  const referenceAt = (i: number): { place: JsonPlace; end: number } | undefined => {
    const t = tokens[i];
    if (t.kind !== 'ident' && t.kind !== 'quoted') return undefined;
    if (tokens[i + 1]?.text === '.' && t.kind === 'ident') {
      const qualifier = t.text.toLowerCase();
      // `f.value`: an element of what f flattens (when that is a place); `f.index`, `f.this`…: no place.
      if (aliases.has(qualifier)) {
        const element = elements.get(qualifier);
        return element && /^value$/i.test(tokens[i + 2]?.text ?? '') ? { place: element, end: i + 3 } : undefined;
      }
      if (foreign.has(qualifier)) return undefined;
      const name = tokens[i + 2];
      const place = name && (name.kind === 'ident' || name.kind === 'quoted') ? names.get(name.text.toLowerCase()) : undefined;
      return place && tokens[i + 3]?.text !== '(' ? { place, end: i + 3 } : undefined;
    }
    const prev = tokens[i - 1];
    if (prev && (prev.text === '.' || prev.text === ':' || prev.text === '::' || /^as$/i.test(prev.text))) return undefined;
    if (tokens[i + 1]?.text === '(' || tokens[i + 1]?.text === '=>') return undefined;
    const place = names.get(t.text.toLowerCase());
    return place ? { place, end: i + 1 } : undefined;
  };

  /** The place a reference at token `at` reads (its path included) and the literals it is compared with there. */
  const comparedPlaceAt = (at: number): { place: JsonPlace; values: Array<string | number> } | undefined => {
    const ref = referenceAt(at);
    if (!ref) return undefined;
    const path = pathAfter(tokens, ref.end);
    const read = leafRead(tokens, at, path.end);
    const values = comparedWith(tokens, read.first, read.end);
    return values.length > 0 ? { place: below(ref.place, path.steps), values } : undefined;
  };

  /** Binds the name a select item spanning `read` alone is given (`… AS name`, `… name`) to `place`; false when none or known. */
  const nameSelectItem = (read: { first: number; end: number }, place: JsonPlace): boolean => {
    const before = tokens[read.first - 1];
    const whole = before !== undefined && (before.text === ',' || /^(select|distinct)$/i.test(before.text));
    let k = read.end;
    if (/^as$/i.test(tokens[k]?.text ?? '')) k++;
    const alias = tokens[k];
    const named = alias !== undefined && (alias.kind === 'ident' || alias.kind === 'quoted') && (k > read.end || /^(,|from)$/i.test(tokens[k + 1]?.text ?? ''));
    if (!whole || !named || (alias.kind === 'ident' && NOT_ALIASES.has(alias.text.toLowerCase()))) return false;
    const name = alias.text.toLowerCase();
    if (names.has(name)) return false;
    names.set(name, place);
    return true;
  };

  /** One pass over the model; `collect` records the reads (the last pass, once every name is bound). */
  const pass = (collect: boolean): boolean => {
    let changed = false;
    for (const call of flattens) {
      if (!call.alias || elements.has(call.alias)) continue;
      const ref = referenceAt(call.input[0]);
      if (!ref) continue;
      const path = pathAfter(tokens, ref.end);
      if (path.end !== call.input[1]) continue;
      elements.set(call.alias, below(ref.place, [...path.steps, ...call.path, { index: true }]));
      changed = true;
    }
    if (collect) {
      for (const call of flattens) {
        const ref = referenceAt(call.input[0]);
        const path = ref ? pathAfter(tokens, ref.end) : undefined;
        if (ref && path && path.end === call.input[1]) reads.push(readOf(ref.place, nestUnder([...ref.place.steps, ...path.steps, ...call.path], { items: {} })));
      }
    }
    for (let i = 0; i < tokens.length; i++) {
      const ref = referenceAt(i);
      if (!ref) continue;
      const path = pathAfter(tokens, ref.end);
      const steps = [...ref.place.steps, ...path.steps];
      const read = leafRead(tokens, i, path.end);
      if (collect) {
        // A path read, or a cast of a name for a place (`p.proposal_id::number`, named from `attribute_value`).
        if (path.steps.length > 0 || (steps.length > 0 && tokens[path.end]?.text === '::')) reads.push(readOf(ref.place, nestUnder(ref.place.steps, readAt(tokens, ref.end))));
        const values = steps.length > 0 ? comparedWith(tokens, read.first, read.end) : [];
        if (values.length > 0) reads.push(readOf(ref.place, nestUnder(steps, { values })));
        const opens = steps.length > 0 ? groupOpener(tokens, read, counted) : undefined;
        if (opens !== undefined) reads.push(readOf(ref.place, nestUnder(steps, { values: [opens], first: opens })));
      }
      // `OBJECT_AGG(attribute_key::string, …) AS j`: a key read from j (`j:acc_seq`) is a value of the place.
      const call = tokens[read.first - 2];
      if (steps.length > 0 && tokens[read.first - 1]?.text === '(' && /^object_agg$/i.test(call?.text ?? '') && tokens[read.end]?.text === ',') {
        const close = tokens.findIndex((t, k) => k > read.end && t.text === ')' && t.depth === tokens[read.first - 1].depth);
        let k = close + 1;
        if (/^as$/i.test(tokens[k]?.text ?? '')) k++;
        const alias = close > 0 ? tokens[k] : undefined;
        if (alias && (alias.kind === 'ident' || alias.kind === 'quoted') && !NOT_ALIASES.has(alias.text.toLowerCase())) {
          const list = keyed.get(alias.text.toLowerCase()) ?? [];
          if (!list.some((p) => p.call === read.first - 2)) list.push({ ...below(ref.place, path.steps), call: read.first - 2 });
          keyed.set(alias.text.toLowerCase(), list);
        }
      }
      // A select item that is the reference (its path, a cast, a decoding) alone, named: the name stands for the
      // same place (a leaf's, when cast or decoded: its text).
      if (nameSelectItem(read, below(ref.place, path.steps))) changed = true;
      // `parse_json(tickets) AS ticket_array` (a path after the call too): the name stands for the column's own
      // place, which the column holds as JSON text; models reading the name (paths, FLATTEN) read that text's JSON.
      const open = tokens[i - 1];
      if (ref.place.steps.length === 0 && !ref.place.parsed && open?.text === '(' && JSON_PARSERS.test(tokens[i - 2]?.text ?? '') && tokens[ref.end]?.text === ')' && tokens[ref.end].depth === open.depth) {
        const parsedPath = pathAfter(tokens, ref.end + 1);
        if (nameSelectItem(leafRead(tokens, i - 2, parsedPath.end), { column: ref.place.column, steps: parsedPath.steps, parsed: true })) changed = true;
      }
      i = Math.max(i, path.end - 1);
    }
    if (collect) {
      /** The keys read from each OBJECT_AGG (by its call's index). */
      const keysRead = new Map<JsonPlace & { call: number }, Set<string>>();
      for (let i = 0; i < tokens.length; i++) {
        const aggregates = keyed.get(tokens[i].text.toLowerCase());
        const prev = tokens[i - 1]?.text;
        if (!aggregates || tokens[i].kind !== 'ident' || prev === '.' || prev === ':' || prev === '::' || !/^[:[]$/.test(tokens[i + 1]?.text ?? '')) continue;
        const first = pathAfter(tokens, i + 1).steps[0];
        if (!first || !('key' in first)) continue;
        // The aggregate of that name in the read's own SELECT block, else the only one of that name.
        const block = enclosingBlock(tokens, i);
        const own = aggregates.find((a) => block !== undefined && a.call > block.start && a.call < block.end) ?? (aggregates.length === 1 ? aggregates[0] : undefined);
        reads.push(readOf(own ?? aggregates[0], nestUnder((own ?? aggregates[0]).steps, { values: [first.key] })));
        if (!own) continue;
        let keys = keysRead.get(own);
        if (!keys) keysRead.set(own, (keys = new Set()));
        keys.add(first.key);
      }
      for (const [place, keys] of keysRead) {
        for (const tie of aggregateTies(tokens, place, [...keys].sort(), (at) => comparedPlaceAt(at))) reads.push(readOf(place, tie));
      }
      for (const { column, shape } of joinedKinds(tokens, (at) => comparedPlaceAt(at), (name) => names.get(name), texts)) reads.push(readOf({ column, steps: [] }, shape));
    }
    return changed;
  };
  // A FLATTEN's alias is read in the select list before the FROM that makes it: pass again until nothing new is bound.
  for (let n = 0; n < 8 && pass(false); n++);
  pass(true);
  return { reads, bound: names };
}

/** The names a CONDITIONAL_TRUE_EVENT counts (`conditional_true_event(is_action) over (…)`), lower case. */
function runningCounts(tokens: SqlToken[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 3 < tokens.length; i++) {
    const name = tokens[i + 2];
    if (/^conditional_true_event$/i.test(tokens[i].text) && tokens[i + 1].text === '(' && (name.kind === 'ident' || name.kind === 'quoted') && tokens[i + 3].text === ')') out.add(name.text.toLowerCase());
  }
  return out;
}

/**
 * The literal a read (tokens [first, end), its decoding and cast included) opens a group with: the read is compared
 * with it in a select item that a CONDITIONAL_TRUE_EVENT counts (`counted`), written `read = 'lit' AS name` or
 * `IFF(read = 'lit', TRUE, FALSE) AS name`. A row before the first such one is in no group (the count less one,
 * NULLIF'd), so a document's first element holds it (json-shape.ts `first`).
 */
function groupOpener(tokens: SqlToken[], read: { first: number; end: number }, counted: ReadonlySet<string>): string | number | undefined {
  if (counted.size === 0 || tokens[read.end]?.text !== '=') return undefined;
  const literal = literalValue(tokens[read.end + 1]);
  if (literal === undefined) return undefined;
  let k = read.end + 2;
  const iff = /^iff$/i.test(tokens[read.first - 2]?.text ?? '') && tokens[read.first - 1]?.text === '(';
  if (iff) {
    const rest = tokens.slice(k, k + 5).map((t) => t.text.toLowerCase()).join(' ');
    if (rest !== ', true , false )') return undefined;
    k += 5;
  } else if (!/^(,|select|distinct)$/i.test(tokens[read.first - 1]?.text ?? '')) return undefined;
  if (/^as$/i.test(tokens[k]?.text ?? '')) k++;
  const alias = tokens[k];
  return alias && (alias.kind === 'ident' || alias.kind === 'quoted') && counted.has(alias.text.toLowerCase()) ? literal : undefined;
}

/** Set operators: a block beside one holds only part of the rows. */
const SET_OPERATOR = /^(union|except|minus|intersect)$/i;

/** Words that end a FROM list or a WHERE at its depth. */
const CLAUSE_END = new Set('where group order qualify having limit window union except minus intersect'.split(' '));

/** The SELECT block holding token `at` at its depth: the SELECT's index and the index after the block. */
function selectBlock(tokens: SqlToken[], at: number): { start: number; end: number } | undefined {
  const depth = tokens[at].depth;
  let start = at;
  while (start >= 0 && !(tokens[start].depth === depth && /^select$/i.test(tokens[start].text))) {
    if (tokens[start].depth < depth) return undefined;
    start--;
  }
  if (start < 0) return undefined;
  let end = at;
  while (end < tokens.length && tokens[end].depth >= depth && !(tokens[end].depth === depth && (SET_OPERATOR.test(tokens[end].text) || tokens[end].text === ';'))) end++;
  // A branch of a set operation: the relation's rows are not only this block's.
  const before = /^(all|distinct)$/i.test(tokens[start - 1]?.text ?? '') ? tokens[start - 2] : tokens[start - 1];
  if ((end < tokens.length && SET_OPERATOR.test(tokens[end].text)) || (before && SET_OPERATOR.test(before.text))) return undefined;
  return { start, end };
}

/** The innermost SELECT block around token `at`, which may be inside calls' parentheses in it. */
function enclosingBlock(tokens: SqlToken[], at: number): { start: number; end: number } | undefined {
  let depth = tokens[at].depth;
  for (let k = at; k >= 0; k--) {
    if (tokens[k].depth < depth) depth = tokens[k].depth;
    else if (tokens[k].depth === depth && /^select$/i.test(tokens[k].text)) return selectBlock(tokens, k);
  }
  return undefined;
}

/** The token range after a block's `word` (FROM or WHERE) at the block's depth, up to the next clause. */
function clauseRange(tokens: SqlToken[], block: { start: number; end: number }, word: string): [number, number] | undefined {
  const depth = tokens[block.start].depth;
  let at = block.start + 1;
  while (at < block.end && !(tokens[at].depth === depth && tokens[at].text.toLowerCase() === word)) at++;
  if (at >= block.end) return undefined;
  let end = at + 1;
  while (end < block.end && !(tokens[end].depth === depth && CLAUSE_END.has(tokens[end].text.toLowerCase()))) end++;
  return [at + 1, end];
}

/** The CTEs of a statement: each name (lower case) and the index of the SELECT that opens its body. */
function cteBodies(tokens: SqlToken[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 1; k + 3 < tokens.length; k++) {
    const t = tokens[k];
    if ((t.kind !== 'ident' && t.kind !== 'quoted') || !/^as$/i.test(tokens[k + 1].text) || tokens[k + 2].text !== '(' || !/^(with|recursive|,)$/i.test(tokens[k - 1].text)) continue;
    if (/^select$/i.test(tokens[k + 3].text)) out.set(t.text.toLowerCase(), k + 3);
  }
  return out;
}

/** A place a block's rows are filtered on, and the literals a kept row holds there (one of them). */
type RowFilter = { place: JsonPlace; values: Array<string | number> };

/**
 * The filters every row of a block passes: comparisons with literals in its WHERE, when the WHERE is a conjunction
 * (an OR at its depth keeps other rows too; a parenthesised or negated comparison is not read), and those of the
 * CTEs its FROM list reads, followed the same way.
 */
function rowFilters(tokens: SqlToken[], block: { start: number; end: number }, ctes: ReadonlyMap<string, number>, comparedAt: (at: number) => RowFilter | undefined, seen: Set<string>): RowFilter[] {
  const out: RowFilter[] = [];
  const depth = tokens[block.start].depth;
  const where = clauseRange(tokens, block, 'where');
  if (where && !tokens.slice(where[0], where[1]).some((t) => t.depth === depth && /^or$/i.test(t.text))) {
    for (let k = where[0]; k < where[1]; k++) {
      if (tokens[k].depth !== depth || /^not$/i.test(tokens[k - 1]?.text ?? '')) continue;
      const filter = comparedAt(k);
      if (filter) out.push(filter);
    }
  }
  const from = clauseRange(tokens, block, 'from');
  for (let k = from?.[0] ?? 0; from && k < from[1]; k++) {
    const t = tokens[k];
    const name = t.text.toLowerCase();
    const body = ctes.get(name);
    if (t.depth !== depth || body === undefined || seen.has(name) || tokens[k - 1]?.text === '.' || tokens[k + 1]?.text === '.') continue;
    seen.add(name);
    const inner = selectBlock(tokens, body);
    if (inner) out.push(...rowFilters(tokens, inner, ctes, comparedAt, seen));
  }
  return out;
}

const sameStep = (a: PathStep, b: PathStep): boolean => ('index' in a ? 'index' in b : 'key' in b && a.key === b.key);

/**
 * Where a filtered place stands beside an aggregated key: the array element holding both (the steps to it, ending
 * in an element), the object keys from the element to the filtered leaf, and the steps from the element to the key.
 */
function besideKey(keySteps: readonly PathStep[], filtered: readonly PathStep[]): { element: PathStep[]; sibling: string[]; keyPath: PathStep[] } | undefined {
  let common = 0;
  while (common < keySteps.length && common < filtered.length && sameStep(keySteps[common], filtered[common])) common++;
  let last = common - 1;
  while (last >= 0 && !('index' in keySteps[last])) last--;
  if (last < 0) return undefined;
  const rest = filtered.slice(last + 1);
  const keyPath = keySteps.slice(last + 1);
  if (rest.length === 0 || keyPath.length === 0 || rest.some((s) => 'index' in s) || JSON.stringify(rest) === JSON.stringify(keyPath)) return undefined;
  return { element: keySteps.slice(0, last + 1), sibling: rest.map((s) => ('key' in s ? s.key : '')), keyPath };
}

/**
 * `OBJECT_AGG(attribute_key, attribute_value) AS j … j:module` over rows kept by `msg_type = 'link'` (in its block's
 * WHERE or a CTE's it reads): the keys read from j are wanted together in the elements whose leaf beside the keys'
 * array holds that literal (an event of type 'link' carries the attributes module, depositAddress…). As the shape
 * of the element: a tie (json-shape.ts) from the filtered leaf's literal to the keys. A read of j is the aggregate's
 * of that name in the read's own SELECT block, else of the only aggregate of that name in the model.
 */
export function aggregateTies(tokens: SqlToken[], place: JsonPlace & { call: number }, keys: readonly string[], comparedAt: (at: number) => RowFilter | undefined): JsonShape[] {
  const block = selectBlock(tokens, place.call);
  if (!block) return [];
  const bySibling = new Map<string, { element: PathStep[]; sibling: string[]; keyPath: PathStep[]; values: Array<string | number> }>();
  for (const filter of rowFilters(tokens, block, cteBodies(tokens), comparedAt, new Set())) {
    if (filter.place.column !== place.column) continue;
    const beside = besideKey(place.steps, filter.place.steps);
    if (!beside) continue;
    const id = JSON.stringify([beside.element, beside.sibling]);
    const known = bySibling.get(id);
    // Two filters on one leaf: the rows hold a literal both name.
    if (known) known.values = known.values.filter((v) => filter.values.includes(v));
    else bySibling.set(id, { ...beside, values: [...filter.values] });
  }
  // One literal only: rows kept by `msg_type IN ('delegate', 'message', …)` read their keys from some of those kinds
  // of element, which the filter does not say (a sender in message events, a validator in delegate events); tying
  // every key to every kind also fans a document's rows out where models join consecutive elements.
  return [...bySibling.values()]
    .filter((t) => t.values.length === 1)
    .map((t) => nestUnder(t.element, { ties: [{ sibling: t.sibling, values: t.values, keyPath: t.keyPath, keys: [...keys] }] }));
}

/**
 * The relations a block's FROM list reads (CTE names, subqueries), as the SELECT blocks that make their rows, each
 * with whether a LEFT JOIN brings it in (the relations before it keep their rows without a match).
 */
function fromRelations(tokens: SqlToken[], block: { start: number; end: number }, ctes: ReadonlyMap<string, number>): Array<{ start: number; end: number; left: boolean; alias?: string }> {
  const from = clauseRange(tokens, block, 'from');
  if (!from) return [];
  const depth = tokens[block.start].depth;
  const out: Array<{ start: number; end: number; left: boolean; alias?: string }> = [];
  for (let k = from[0]; k < from[1]; k++) {
    const t = tokens[k];
    if (t.depth !== depth) continue;
    let inner: { start: number; end: number } | undefined;
    if (t.text === '(' && /^select$/i.test(tokens[k + 1]?.text ?? '')) inner = selectBlock(tokens, k + 1);
    else if (t.kind === 'ident' && tokens[k - 1]?.text !== '.' && tokens[k + 1]?.text !== '.') {
      const body = ctes.get(t.text.toLowerCase());
      inner = body === undefined ? undefined : selectBlock(tokens, body);
    }
    const join = /^join$/i.test(tokens[k - 1]?.text ?? '') ? (/^outer$/i.test(tokens[k - 2]?.text ?? '') ? tokens[k - 3] : tokens[k - 2]) : undefined;
    // The alias after the CTE's name or the subquery's closing parenthesis, else the CTE's own name.
    let after = t.text === '(' ? tokens.findIndex((x, n) => n > k && x.text === ')' && x.depth === depth) + 1 : k + 1;
    if (/^as$/i.test(tokens[after]?.text ?? '')) after++;
    const named = tokens[after]?.kind === 'ident' && !NOT_ALIASES.has(tokens[after].text.toLowerCase()) ? tokens[after].text.toLowerCase() : t.kind === 'ident' ? t.text.toLowerCase() : undefined;
    if (inner) out.push({ ...inner, left: /^left$/i.test(join?.text ?? ''), ...(named ? { alias: named } : {}) });
  }
  return out;
}

/**
 * `FROM fin a LEFT JOIN (SELECT … FROM base_atts WHERE msg_type = 'message' AND attribute_key = 'sender') b ON
 * a.tx_id = b.tx_id AND a.msg_group = b.msg_group` where fin keeps `msg_type = 'proposal_vote'` (flipside_axelar's
 * silver__governance_votes): a join of two relations whose rows are kept to different kinds of one array's elements
 * (one literal each, on the same leaf) pairs elements of one document, so some documents must hold one element of
 * each kind — with the keys each side's filter names in the element's inner array (`attribute_key = 'sender'`).
 * Drawn independently, a proposal_vote and a message holding a sender rarely meet in one transaction and group, and
 * the joined column (the voter) is NULL. As the shape of the element: `together` (json-shape.ts), the kinds in the
 * order the join reads them, last first (the joined side is the context its rows are looked up in); for a LEFT JOIN
 * of the first relation with a later one, the first's kind `only` beside the later's. Values the ON clause equates
 * (`r.receiver = snd.receiver`, each side's item reading one key of its OBJECT_AGG: `j:recipient`) are one value in
 * both elements (`equal`).
 */
export function joinedKinds(
  tokens: SqlToken[],
  comparedAt: (at: number) => RowFilter | undefined,
  placeOf: (name: string) => JsonPlace | undefined = () => undefined,
  texts: ReadonlyMap<string, string> = new Map(),
): Array<{ column: string; shape: JsonShape }> {
  const ctes = cteBodies(tokens);
  const out: Array<{ column: string; shape: JsonShape }> = [];
  const seenShapes = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    if (!/^select$/i.test(tokens[k].text)) continue;
    const block = selectBlock(tokens, k);
    if (!block || !tokens.slice(block.start, block.end).some((t) => t.depth === tokens[block.start].depth && /^join$/i.test(t.text))) continue;
    const relations = fromRelations(tokens, block, ctes);
    const sides = relations.map((inner) => rowFilters(tokens, inner, ctes, comparedAt, new Set()));
    if (sides.length < 2) continue;
    // The kind leaf: a one-literal filter on the same place in two sides, with different literals.
    for (let a = 0; a < sides.length; a++) {
      for (let b = a + 1; b < sides.length; b++) {
        for (const fa of sides[a]) {
          const fb = sides[b].find((f) => f.place.column === fa.place.column && JSON.stringify(f.place.steps) === JSON.stringify(fa.place.steps));
          if (!fb || fa.values.length !== 1 || fb.values.length !== 1 || fa.values[0] === fb.values[0]) continue;
          const element = elementOf(fa.place.steps);
          // Elements of an array inside another's (an event's attributes) pair within one outer element, which the
          // builder does not correlate: the rows of one document are what a join on the document's id pairs.
          if (!element || element.filter((s) => 'index' in s).length !== 1) continue;
          const sibling = fa.place.steps.slice(element.length).map((s) => ('key' in s ? s.key : ''));
          // Keys each side keeps in the element's inner array: one-literal filters on a leaf below an array in it.
          const keysOf = (side: RowFilter[]): { keyPath?: PathStep[]; keys: string[] } => {
            const inner = side.filter((f) => f.place.column === fa.place.column && f.values.length === 1 && typeof f.values[0] === 'string' && f.place.steps.length > element.length && element.every((s, n) => sameStep(s, f.place.steps[n])) && f.place.steps.slice(element.length).some((s) => 'index' in s));
            return inner.length === 0 ? { keys: [] } : { keyPath: inner[0].place.steps.slice(element.length), keys: inner.filter((f) => JSON.stringify(f.place.steps) === JSON.stringify(inner[0].place.steps)).map((f) => String(f.values[0])) };
          };
          const ka = keysOf(sides[a]);
          const kb = keysOf(sides[b]);
          const keyPath = kb.keyPath ?? ka.keyPath;
          const keysAt = (k: { keyPath?: PathStep[]; keys: string[] }): string[] => (k.keyPath && keyPath && JSON.stringify(k.keyPath) === JSON.stringify(keyPath) ? k.keys : []);
          // `attribute_value AS voter` in a side kept to `attribute_key = 'sender'`, the model's voter tested against a
          // pattern: the leaf beside that key holds text the pattern finds.
          const textsOf = (side: number, keys: string[]): Array<{ key: string; field: string; text: string }> => {
            const inner = keyPath?.slice(0, -1);
            const last = keyPath?.[keyPath.length - 1];
            if (!inner || !last || !('key' in last) || keys.length !== 1) return [];
            const out: Array<{ key: string; field: string; text: string }> = [];
            for (const [name, text] of texts) {
              const place = placeOf(name);
              const at = place && place.column === fa.place.column ? [...element, ...inner] : undefined;
              const rest = at && place!.steps.length === at.length + 1 && at.every((st, n) => sameStep(st, place!.steps[n])) ? place!.steps[at.length] : undefined;
              if (!rest || !('key' in rest) || rest.key === last.key || !namedIn(tokens, relations[side], name)) continue;
              out.push({ key: keys[0], field: rest.key, text });
            }
            return out;
          };
          const equalities = onEqualities(tokens, block, relations[a].alias, relations[b].alias);
          const member = (side: number, value: string | number, keys: string[]): JsonTogether['members'][number] => {
            const t = textsOf(side, keys);
            const equal = equalities.flatMap(([ca, cb], slot) => {
              const key = keyReadBy(tokens, relations[side], side === a ? ca : cb);
              return key === undefined ? [] : [{ key, slot }];
            });
            // A slot only one side reads a key for equates nothing.
            return { value, keys, ...(t.length > 0 ? { texts: t } : {}), ...(equal.length > 0 ? { equal } : {}) };
          };
          // `FROM a LEFT JOIN b`: every row of a's kind is looked up in b's (a NULL there is no row of b's kind in its
          // document), as a vote's voter in its message event: a's kind is written only beside b's.
          const only = a === 0 && relations[b].left;
          const together: JsonTogether = {
            sibling,
            ...(keyPath ? { keyPath } : {}),
            ...(only ? { only: true as const } : {}),
            members: pairedSlots([member(b, fb.values[0], keysAt(kb)), member(a, fa.values[0], keysAt(ka))]),
          };
          const shape = nestUnder(element, { together: [together] });
          // Joined either way round, the same kinds are one set.
          const id = JSON.stringify([fa.place.column, element, sibling, [fa.values[0], fb.values[0]].map(String).sort()]);
          if (seenShapes.has(id)) continue;
          seenShapes.add(id);
          out.push({ column: fa.place.column, shape });
        }
      }
    }
  }
  return out;
}

/** The steps to the array element a leaf is in (ending in the element), when the rest are object keys. */
function elementOf(steps: readonly PathStep[]): PathStep[] | undefined {
  let last = steps.length - 1;
  while (last >= 0 && !('index' in steps[last])) last--;
  return last < 0 || last === steps.length - 1 ? undefined : steps.slice(0, last + 1);
}

/** Whether a block names a select item `name` (`… AS name`). */
function namedIn(tokens: SqlToken[], block: { start: number; end: number }, name: string): boolean {
  for (let k = block.start + 1; k < block.end; k++) {
    if (tokens[k].depth === tokens[block.start].depth && /^as$/i.test(tokens[k - 1].text) && tokens[k].text.toLowerCase() === name) return true;
  }
  return false;
}

/** The column pairs a block's ON clauses equate between the relations aliased `a` and `b` (`a.x = b.y`: [x, y]). */
function onEqualities(tokens: SqlToken[], block: { start: number; end: number }, a: string | undefined, b: string | undefined): Array<[string, string]> {
  if (!a || !b) return [];
  const depth = tokens[block.start].depth;
  const out: Array<[string, string]> = [];
  for (let k = block.start + 3; k + 3 < block.end; k++) {
    if (tokens[k].text !== '=' || tokens[k].depth !== depth || tokens[k - 2]?.text !== '.' || tokens[k + 2]?.text !== '.') continue;
    const left = tokens[k - 3].text.toLowerCase();
    const right = tokens[k + 1].text.toLowerCase();
    const lc = tokens[k - 1].text.toLowerCase();
    const rc = tokens[k + 3].text.toLowerCase();
    // Not `a.x + 1 = b.y` nor `a.x = b.y + 1`: an operator beside the names changes the value.
    if (/^[-+*/|%]/.test(tokens[k + 4]?.text ?? '') || /^[-+*/|%]/.test(tokens[k - 4]?.text ?? '')) continue;
    if (left === a && right === b) out.push([lc, rc]);
    else if (left === b && right === a) out.push([rc, lc]);
  }
  return out;
}

/**
 * The key a relation's select item `column` reads first from an aggregate of keyed values (`j:recipient` in
 * `REPLACE(COALESCE(j:recipient, j:receipient), '"')::STRING AS receiver`), when its item reads one.
 */
function keyReadBy(tokens: SqlToken[], block: { start: number; end: number }, column: string): string | undefined {
  const depth = tokens[block.start].depth;
  const ends = (t: SqlToken): boolean => t.depth === depth && (t.text === ',' || /^(select|distinct)$/i.test(t.text));
  for (let k = block.start + 1; k < block.end; k++) {
    if (tokens[k].depth !== depth || !/^as$/i.test(tokens[k].text) || tokens[k + 1]?.text.toLowerCase() !== column) continue;
    let first = k - 1;
    while (first > block.start && !ends(tokens[first - 1])) first--;
    for (let j = first; j < k; j++) {
      if (tokens[j].text !== ':' || tokens[j - 1]?.kind !== 'ident' || tokens[j - 2]?.text === ':' || tokens[j - 2]?.text === '.') continue;
      const step = pathAfter(tokens, j).steps[0];
      return step && 'key' in step ? step.key : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** Members whose `equal` slots the others share: a slot one member alone names is dropped. */
function pairedSlots(members: JsonTogether['members']): JsonTogether['members'] {
  const count = new Map<number, number>();
  for (const m of members) for (const e of m.equal ?? []) count.set(e.slot, (count.get(e.slot) ?? 0) + 1);
  return members.map((m) => {
    const equal = (m.equal ?? []).filter((e) => (count.get(e.slot) ?? 0) > 1);
    const { equal: _all, ...rest } = m;
    return equal.length > 0 ? { ...rest, equal } : rest;
  });
}
