// JSON a model reads through a name that stands for a place inside a source's JSON column, not for the column:
// Flipside's silver__transactions selects `DATA:tx_result:events AS msgs`; silver__msgs flattens it
// (`LATERAL FLATTEN(input => msgs) f`), names an element `f.value AS msg` and reads `msg:type::STRING`;
// silver__msg_attributes flattens `msg` again at `path => 'attributes'` and reads `b.value:key`. Each of those reads
// is a read of the source column at the place the name stands for (`data:tx_result:events[]:type`): without it the
// sampler writes `events` as a text leaf, FLATTEN yields one row with a NULL index and every key reads NULL.
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { pathAfter, type JsonShape, type PathStep } from './json-shape';

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
      if (collect && path.steps.length > 0) reads.push({ column: ref.place.column, shape: nestUnder(ref.place.steps, readAt(tokens, ref.end)) });
      // A select item that is the reference (and its path) alone, named: the name stands for the same place.
      const before = tokens[i - 1];
      const whole = before !== undefined && (before.text === ',' || /^(select|distinct)$/i.test(before.text));
      let k = path.end;
      if (/^as$/i.test(tokens[k]?.text ?? '')) k++;
      const alias = tokens[k];
      const named = alias !== undefined && (alias.kind === 'ident' || alias.kind === 'quoted') && (k > path.end || /^(,|from)$/i.test(tokens[k + 1]?.text ?? ''));
      if (whole && named && !(alias.kind === 'ident' && NOT_ALIASES.has(alias.text.toLowerCase()))) {
        const name = alias.text.toLowerCase();
        if (!names.has(name)) {
          names.set(name, { column: ref.place.column, steps: [...ref.place.steps, ...path.steps] });
          changed = true;
        }
      }
      i = Math.max(i, path.end - 1);
    }
    return changed;
  };
  // A FLATTEN's alias is read in the select list before the FROM that makes it: pass again until nothing new is bound.
  for (let n = 0; n < 8 && pass(false); n++);
  pass(true);
  return { reads, bound: names };
}
