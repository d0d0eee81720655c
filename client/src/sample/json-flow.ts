// JSON a model reads through a name that stands for a place inside a source's JSON column, not for the column:
// Flipside's silver__transactions selects `DATA:tx_result:events AS msgs`; silver__msgs flattens it
// (`LATERAL FLATTEN(input => msgs) f`), names an element `f.value AS msg` and reads `msg:type::STRING`;
// silver__msg_attributes flattens `msg` again at `path => 'attributes'` and reads `b.value:key`. Each of those reads
// is a read of the source column at the place the name stands for (`data:tx_result:events[]:type`): without it the
// sampler writes `events` as a text leaf, FLATTEN yields one row with a NULL index and every key reads NULL.
// A name for a leaf (`msg:type::STRING AS msg_type`, `TRY_BASE64_DECODE_STRING(b.value:key::STRING) AS attribute_key`)
// is followed the same way to the literals it is compared with (`msg_type = 'link'`), which the leaf then holds.
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { decoderOf, pathAfter, type JsonShape, type PathStep } from './json-shape';

/** A place inside a JSON column: the column (as the caller keys it) and the path from the column to the place. */
export interface JsonPlace {
  column: string;
  steps: PathStep[];
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
  /** What the model reads at each place, as the shape the place's column needs. */
  reads: Array<{ column: string; shape: JsonShape }>;
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
export function followJsonNames(tokens: SqlToken[], bound: ReadonlyMap<string, JsonPlace>, foreign: ReadonlySet<string>, readAt: (tokens: SqlToken[], at: number) => JsonShape): JsonFlow {
  const names = new Map(bound);
  const elements = new Map<string, JsonPlace>();
  const reads: JsonFlow['reads'] = [];
  const flattens = flattenCalls(tokens);
  const aliases = new Set(flattens.flatMap((call) => (call.alias ? [call.alias] : [])));
  /** Names of OBJECT_AGGs keyed by a place's text, and the place. */
  const keyed = new Map<string, JsonPlace>();

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

  /** One pass over the model; `collect` records the reads (the last pass, once every name is bound). */
  const pass = (collect: boolean): boolean => {
    let changed = false;
    for (const call of flattens) {
      if (!call.alias || elements.has(call.alias)) continue;
      const ref = referenceAt(call.input[0]);
      if (!ref) continue;
      const path = pathAfter(tokens, ref.end);
      if (path.end !== call.input[1]) continue;
      elements.set(call.alias, { column: ref.place.column, steps: [...ref.place.steps, ...path.steps, ...call.path, { index: true }] });
      changed = true;
    }
    if (collect) {
      for (const call of flattens) {
        const ref = referenceAt(call.input[0]);
        const path = ref ? pathAfter(tokens, ref.end) : undefined;
        if (ref && path && path.end === call.input[1]) reads.push({ column: ref.place.column, shape: nestUnder([...ref.place.steps, ...path.steps, ...call.path], { items: {} }) });
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
        if (path.steps.length > 0 || (steps.length > 0 && tokens[path.end]?.text === '::')) reads.push({ column: ref.place.column, shape: nestUnder(ref.place.steps, readAt(tokens, ref.end)) });
        const values = steps.length > 0 ? comparedWith(tokens, read.first, read.end) : [];
        if (values.length > 0) reads.push({ column: ref.place.column, shape: nestUnder(steps, { values }) });
      }
      // `OBJECT_AGG(attribute_key::string, …) AS j`: a key read from j (`j:acc_seq`) is a value of the place.
      const call = tokens[read.first - 2];
      if (steps.length > 0 && tokens[read.first - 1]?.text === '(' && /^object_agg$/i.test(call?.text ?? '') && tokens[read.end]?.text === ',') {
        const close = tokens.findIndex((t, k) => k > read.end && t.text === ')' && t.depth === tokens[read.first - 1].depth);
        let k = close + 1;
        if (/^as$/i.test(tokens[k]?.text ?? '')) k++;
        const alias = close > 0 ? tokens[k] : undefined;
        if (alias && (alias.kind === 'ident' || alias.kind === 'quoted') && !NOT_ALIASES.has(alias.text.toLowerCase())) keyed.set(alias.text.toLowerCase(), { column: ref.place.column, steps });
      }
      // A select item that is the reference (its path, a cast, a decoding) alone, named: the name stands for the
      // same place (a leaf's, when cast or decoded: its text).
      const before = tokens[read.first - 1];
      const whole = before !== undefined && (before.text === ',' || /^(select|distinct)$/i.test(before.text));
      let k = read.end;
      if (/^as$/i.test(tokens[k]?.text ?? '')) k++;
      const alias = tokens[k];
      const named = alias !== undefined && (alias.kind === 'ident' || alias.kind === 'quoted') && (k > read.end || /^(,|from)$/i.test(tokens[k + 1]?.text ?? ''));
      if (whole && named && !(alias.kind === 'ident' && NOT_ALIASES.has(alias.text.toLowerCase()))) {
        const name = alias.text.toLowerCase();
        if (!names.has(name)) {
          names.set(name, { column: ref.place.column, steps });
          changed = true;
        }
      }
      i = Math.max(i, path.end - 1);
    }
    if (collect) {
      for (let i = 0; i < tokens.length; i++) {
        const place = keyed.get(tokens[i].text.toLowerCase());
        const prev = tokens[i - 1]?.text;
        if (!place || tokens[i].kind !== 'ident' || prev === '.' || prev === ':' || prev === '::' || !/^[:[]$/.test(tokens[i + 1]?.text ?? '')) continue;
        const first = pathAfter(tokens, i + 1).steps[0];
        if (first && 'key' in first) reads.push({ column: place.column, shape: nestUnder(place.steps, { values: [first.key] }) });
      }
    }
    return changed;
  };
  // A FLATTEN's alias is read in the select list before the FROM that makes it: pass again until nothing new is bound.
  for (let n = 0; n < 8 && pass(false); n++);
  pass(true);
  return { reads, bound: names };
}
