// The shape of the JSON a VARIANT (or JSON-holding text) column must have for the models' paths to find values:
// `metadata:"cws-license-id"::varchar` reads a key of an object, `payload:card.brand` a nested one, `items[0]` and
// FLATTEN(input => items) an array. Values generated without these keys make every path read NULL, and a model that
// filters on one (`where metadata:plan is not null`) drops every row.
import type { SqlToken } from '../../../server/src/core/sql/tokenize';
import { kindFromName, namesAnId, type ValueKind } from './column-kinds';
import { dateTextSql, type DateText } from './date-templates';

export interface JsonShape {
  /** An object with these keys (case kept: Snowflake's element names are case-sensitive). */
  fields?: Record<string, JsonShape>;
  /** An array of elements of this shape. */
  items?: JsonShape;
  /** A scalar: the kind a cast after the path asks for (`::timestamp`), else the key's name suggests. */
  leaf?: ValueKind;
  /**
   * An integer leaf a timestamp parser reads (`to_timestamp(v:k::int)`): a Unix time, in units of 1/epoch second
   * (1: seconds; 1000: `to_timestamp(v:k::int / 1000)` reads milliseconds).
   */
  epoch?: number;
  /**
   * A key a model keeps rows without (`where data:error is null`, Flipside's failed API calls): present in one object
   * in ten, absent from the rest (absent, not JSON null, which Snowflake's IS NULL does not take for NULL).
   */
  rare?: boolean;
  /** A time leaf a recency test guards: within this many seconds before the run's clock, not the anchor. */
  recent?: number;
  /**
   * Literals the models compare the leaf's text with (`msg_type = 'link'`, `IN (…)`, `LIKE '%validator'`, a key read
   * from an OBJECT_AGG of it), after any decoding (`encoded`): json-flow.ts follows the names for the leaf through
   * renames and FLATTENs down to the comparisons. Every document holds each in turn (jsonSql).
   */
  values?: Array<string | number>;
  /**
   * One of `values` the leaf's first instance in a document holds: a model numbers groups of elements by a running
   * count of the elements whose leaf holds it (`CONDITIONAL_TRUE_EVENT(is_action) OVER (PARTITION BY tx ORDER BY
   * index)`, Flipside's msg_group), and elements before the first such one belong to no group (json-flow.ts).
   */
  first?: string | number;
  /** Text the models decode before reading it (TRY_BASE64_DECODE_STRING, HEX_DECODE_STRING): written encoded. */
  encoded?: Encoding;
  /** Text the models cut a date out of (dates-in-text.ts): the template printed for the leaf's time. */
  dateText?: DateText;
  /**
   * On an array's element: keys an OBJECT_AGG reads together from an array inside the element, for the elements
   * whose leaf `sibling` holds one of `values` (json-flow.ts aggregateTies). An element holding a tied literal there
   * holds each of its keys once, one per element of that inner array, and nothing else (jsonSql): drawn keys beside
   * them could repeat one, and OBJECT_AGG fails on a key twice in a group.
   */
  ties?: JsonTie[];
  /**
   * On an array's element: kinds of element a model joins with each other (json-flow.ts joinedKinds), which every
   * other document holds together after its drawn elements, one element of each in this order (jsonSql).
   */
  together?: JsonTogether[];
}

/**
 * Elements one document holds together: each with its leaf `sibling` (object keys from the element) holding `value`
 * and, when `keyPath` leads to a key leaf in an inner array, that array holding `keys` (besides any tied to the value).
 */
export interface JsonTogether {
  sibling: string[];
  keyPath?: PathStep[];
  /**
   * `texts`: in the inner element holding `key`, the leaf `field` holds `text` (a pattern's match: regex-text.ts).
   * `equal`: the value beside `key` (the inner element's other leaf) is the one every member naming `slot` holds.
   */
  members: Array<{ value: string | number; keys: string[]; texts?: Array<{ key: string; field: string; text: string }>; equal?: Array<{ key: string; slot: number }> }>;
  /**
   * The last member's kind is written only in these documents, not drawn elsewhere: a model LEFT JOINs its rows to
   * the first member's (a vote to the message naming its voter), and a real document never holds it alone. Not
   * when the kind leads another set (it is then a context itself).
   */
  only?: true;
}

/** Keys wanted together in the elements whose leaf `sibling` (object keys from the element) holds one of `values`. */
export interface JsonTie {
  sibling: string[];
  values: Array<string | number>;
  /** From the element to the key leaf: object keys to an array, its element, object keys to the leaf. */
  keyPath: PathStep[];
  keys: string[];
}

/** How a leaf's text is encoded for a decoding function to read it back. */
export type Encoding = 'base64' | 'hex';

/** The functions that decode text a JSON leaf holds, and the encoding each reads. */
const DECODERS: ReadonlyMap<string, Encoding> = new Map([
  ['base64_decode_string', 'base64'],
  ['try_base64_decode_string', 'base64'],
  ['hex_decode_string', 'hex'],
  ['try_hex_decode_string', 'hex'],
]);

/** The encoding a function (by name, any case) decodes, when it is one of DECODERS. */
export function decoderOf(name: string | undefined): Encoding | undefined {
  return name === undefined ? undefined : DECODERS.get(name.toLowerCase());
}

export const TIME_KINDS: ReadonlySet<ValueKind> = new Set(['date', 'timestamp', 'timestamp_tz']);

/**
 * What two reads of one key say together. A Unix time read as an integer also reads as one (`v:k::int > 0` beside
 * `to_timestamp(v:k::int)`), and text Snowflake parses as a timestamp may hold one (`try_to_timestamp(v:k::varchar)`
 * beside `v:k::int`: only digits satisfy both); a timestamp text is also text.
 */
function mergeLeaf(into: JsonShape, from: JsonShape): void {
  if (from.rare) into.rare = true;
  if (from.encoded) into.encoded = from.encoded;
  if (from.first !== undefined) into.first = from.first;
  if (from.values) into.values = [...new Set([...(into.values ?? []), ...from.values])].sort((a, b) => String(a).localeCompare(String(b)));
  if (from.recent !== undefined) into.recent = Math.min(into.recent ?? Infinity, from.recent);
  if (!from.leaf) return;
  if (!into.leaf) {
    into.leaf = from.leaf;
    if (from.epoch) into.epoch = from.epoch;
    return;
  }
  if (into.epoch) return;
  if (from.epoch) {
    into.leaf = 'integer';
    into.epoch = from.epoch;
  } else if ((into.leaf === 'integer' && TIME_KINDS.has(from.leaf)) || (from.leaf === 'integer' && TIME_KINDS.has(into.leaf))) {
    into.leaf = 'integer';
    into.epoch = 1;
  } else if (into.leaf === 'text' && (TIME_KINDS.has(from.leaf) || NUMBER_KINDS.has(from.leaf))) into.leaf = from.leaf;
}

/** Numbers a leaf read as text also holds (`attribute_value::string`, and downstream `proposal_id::number`). */
const NUMBER_KINDS: ReadonlySet<ValueKind> = new Set(['integer', 'decimal', 'float']);

/** One step of a path: an object key, or `[]` for an array element. */
export type PathStep = { key: string } | { index: true };

/**
 * The path that follows a column at token `at` (the token after the column: `:` or `[`), and the index of the
 * first token after it. `col:a.b`, `col:"a-b"`, `col['a']`, `col[0]:c`.
 */
export function pathAfter(tokens: SqlToken[], at: number): { steps: PathStep[]; end: number } {
  const steps: PathStep[] = [];
  let i = at;
  for (;;) {
    const t = tokens[i];
    const key = tokens[i + 1];
    if ((t?.text === ':' || (t?.text === '.' && steps.length > 0)) && key && (key.kind === 'ident' || key.kind === 'quoted')) {
      steps.push({ key: key.text });
      i += 2;
    } else if (t?.text === '[' && tokens[i + 2]?.text === ']' && (key?.kind === 'number' || key?.kind === 'string')) {
      steps.push(key.kind === 'number' ? { index: true } : { key: key.text.slice(1, -1).replace(/''/g, "'") });
      i += 3;
    } else break;
  }
  return { steps, end: i };
}

/** Adds a path (and what its end holds) to a shape. */
export function addPath(shape: JsonShape, steps: readonly PathStep[], end: JsonShape): void {
  let node = shape;
  for (const step of steps) {
    if ('index' in step) node = node.items ??= {};
    else node = (node.fields ??= {})[step.key] ??= {};
  }
  if (end.items) node.items ??= end.items;
  if ((end.leaf || end.rare || end.values || end.encoded || end.first !== undefined) && !node.fields && !node.items) mergeLeaf(node, end);
}

/** The leaf at `steps` of a copy of a shape, when it is text the models only read (no literals, decoding or Unix time). */
function textLeafAt(shape: JsonShape, steps: readonly PathStep[]): { copy: JsonShape; leaf?: JsonShape } {
  const copy = structuredClone(shape);
  let node: JsonShape | undefined = copy;
  for (const step of steps) node = 'index' in step ? node?.items : node?.fields?.[step.key];
  return node && !node.fields && !node.items && !node.values && !node.encoded && !node.epoch ? { copy, leaf: node } : { copy };
}

/** A copy of a shape whose text leaf at `steps` holds dates as the models parse them (dates-in-text.ts). */
export function withDateText(shape: JsonShape, steps: readonly PathStep[], text: DateText): JsonShape {
  const { copy, leaf } = textLeafAt(shape, steps);
  if (leaf) leaf.dateText = text;
  return copy;
}

/** A copy of a shape whose text leaf at `steps` holds numbers of `kind`, which the models convert it to (numbers-in-text.ts). */
export function withNumberLeaf(shape: JsonShape, steps: readonly PathStep[], kind: 'integer' | 'decimal' | 'float'): JsonShape {
  const { copy, leaf } = textLeafAt(shape, steps);
  if (leaf && (!leaf.leaf || leaf.leaf === 'text')) leaf.leaf = kind;
  return copy;
}

/** A copy of a shape whose leaves at these paths are recent (test-windows.ts); a path to an object or array is not. */
export function markRecent(shape: JsonShape, paths: readonly PathStep[][], seconds: number): JsonShape {
  const copy = structuredClone(shape);
  for (const steps of paths) {
    addPath(copy, steps, {});
    let node: JsonShape | undefined = copy;
    for (const step of steps) node = 'index' in step ? node?.items : node?.fields?.[step.key];
    if (!node || node.fields || node.items) continue;
    node.recent = Math.min(node.recent ?? Infinity, seconds);
    // The test casts the value to a timestamp: a leaf read only as text holds one.
    if (!node.epoch && !(node.leaf && TIME_KINDS.has(node.leaf))) node.leaf = 'timestamp';
  }
  return copy;
}

/** One shape holding every path of the given ones (the first leaf kind said of a key wins). */
export function mergeShapes(shapes: ReadonlyArray<JsonShape | undefined>): JsonShape | undefined {
  let out: JsonShape | undefined;
  const into = (a: JsonShape, b: JsonShape): void => {
    for (const [k, v] of Object.entries(b.fields ?? {})) into(((a.fields ??= {})[k] ??= {}), v);
    if (b.items) into((a.items ??= {}), b.items);
    for (const tie of b.ties ?? []) if (!a.ties?.some((t) => JSON.stringify(t) === JSON.stringify(tie))) (a.ties ??= []).push(tie);
    for (const set of b.together ?? []) if (!a.together?.some((t) => JSON.stringify(t) === JSON.stringify(set))) (a.together ??= []).push(set);
    mergeLeaf(a, b);
  };
  for (const s of shapes) if (s) into((out ??= {}), s);
  return out;
}

/** A leaf key most objects leave out. */
const isRare = (s: JsonShape): boolean => s.rare === true && !s.fields && !s.items;

/** The paths (object keys only) of the rare keys a shape's objects mostly leave out. */
export function rarePaths(shape: JsonShape, at: readonly string[] = []): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(shape.fields ?? {})) {
    if (isRare(v)) out.push([...at, k]);
    else out.push(...rarePaths(v, [...at, k]));
  }
  return out;
}

/** Whether a shape says anything beyond "some JSON". */
export function hasShape(shape: JsonShape | undefined): shape is JsonShape {
  return shape !== undefined && (shape.fields !== undefined || shape.items !== undefined);
}

/**
 * A DuckDB expression building JSON of this shape for one row; `hash(n)` is a non-negative BIGINT expression
 * that differs for each n (the row's own hash under another salt), so every leaf varies from row to row; `row` is
 * the row's number (an integer expression), which an id key outside arrays holds.
 */
export function jsonSql(shape: JsonShape, hash: (n: number) => string, anchor: string, days: number, now: string = anchor, row?: string): string {
  let next = 0;
  // A leaf drawn from the literals compared with it takes, in one document, one of them or a generated value in turn:
  // the k-th instance takes choice (start + k · stride) mod p, p the least prime above the literals' count (choices
  // from the count on are generated values), start and stride hashed per leaf and document. A prime's every stride
  // visits each choice once, so the elements of an array hold different ones, as the attributes of one event have
  // different keys (OBJECT_AGG fails on a key twice in a group); the stride keeps literals one IN list names side by
  // side (`msg_type IN ('create_validator', 'delegate', …)`) from meeting in one document more than chance has them.
  const documentHash = new Map<JsonShape, [string, string]>();
  const ordinal = new Map<JsonShape, number>();
  // A leaf's value as last built (before encoding): a tied array beside it tests the choice (tiedArray).
  const raw = new Map<JsonShape, string>();
  // Key leaves that hold one tied literal (as SQL) while a tied element is built, instead of a drawn choice.
  const forced = new Map<JsonShape, string>();
  const build = (s: JsonShape, key: string, inArray = false): string => {
    if (s.fields) {
      const fields = Object.entries(s.fields);
      const ties = usableTies(s);
      // The leaves ties read are built first, so the tied arrays beside them can test their choice.
      const built = new Map<string, string>();
      for (const [k, v] of fields) if (ties.some((t) => t.sibling[0] === k)) built.set(k, build(v, k, inArray));
      const parts = fields.map(([k, v]) => `${sqlString(k)}, ${overridden.get(v) ?? built.get(k) ?? tiedArray(s, k, v, ties) ?? build(v, k, inArray)}`);
      const all = `json_object(${parts.join(', ')})`;
      const usual = parts.filter((_, i) => !isRare(fields[i][1]));
      if (usual.length === parts.length) return all;
      return `(CASE WHEN ${hash(next++)} % 10 = 0 THEN ${all} ELSE json_object(${usual.join(', ')}) END)`;
    }
    // Two elements: enough for FLATTEN to give each row more than one, and for `[1]` to find one.
    if (s.items) {
      const sets = usableTogether(s.items);
      const leaders = new Set(sets.map((set) => set.members[0].value));
      for (const set of sets) {
        const last = set.members[set.members.length - 1].value;
        if (!set.only || leaders.has(last)) continue;
        const kind = s.items.fields![set.sibling[0]];
        withheld.set(kind, new Set([...(withheld.get(kind) ?? []), last]));
      }
      // Built first, so a group's opener (`first`) stays with the first element of a drawn document.
      const drawn = [build(s.items, key, true), build(s.items, key, true)];
      if (sets.length === 0) return `json_array(${drawn.join(', ')})`;
      // Every other document holds, after its drawn elements, each set's kinds together (each set opening a group of
      // its own): the drawn elements are kept as they are, so what other models find in them does not thin out.
      const members = sets.flatMap((set) => {
        slots.clear();
        return set.members.map((m, n) => memberSql(s.items!, key, set, m, n === 0));
      });
      return `(CASE WHEN ${hash(next++)} % 2 = 0 THEN json_array(${[...drawn, ...members].join(', ')}) ELSE json_array(${drawn.join(', ')}) END)`;
    }
    const h = hash(next++);
    // An element (or document) nothing reads into: an object, as a JSON column without paths gets.
    if (!s.leaf && key === '') return `json_object('id', CAST(${h} % 100000 AS INTEGER), 'value', CAST(${h} % 1000 AS INTEGER))`;
    const generated = leafSql(s, key, h, inArray);
    const literals = comparedLiterals(s, key);
    // A kind written only beside another (`only`) is not drawn: its turn takes generated text instead (the other
    // literals keep their turns, so what drawn elements hold is as it was).
    const skipped = literals.flatMap((v, i) => (withheld.get(s)?.has(v) ? [i] : []));
    let value = generated;
    const literal = forced.get(s);
    if (literal !== undefined) value = literal;
    else if (literals.length > 0) {
      let doc = documentHash.get(s);
      if (doc === undefined) documentHash.set(s, (doc = [hash(next++), hash(next++)]));
      const [start, strideHash] = doc;
      const k = ordinal.get(s) ?? 0;
      ordinal.set(s, k + 1);
      const p = primeAbove(literals.length);
      const turn = `((${start} % ${p} + ${k} * (1 + ${strideHash} % ${p - 1})) % ${p})`;
      // Text choices past the literals are named for their turn: they too differ within a document.
      const other = typeof literals[0] === 'string' ? `${sqlString(`${key}_`)} || CAST(${turn} AS VARCHAR)` : generated;
      value = `(CASE WHEN ${[`${turn} >= ${literals.length}`, ...skipped.map((i) => `${turn} = ${i}`)].join(' OR ')} THEN ${other} ELSE [${literals.map(literalSql).join(', ')}][1 + ${turn}] END)`;
      // The document's first instance opens the first group (`first`): the literal that starts one.
      if (k === 0 && s.first !== undefined && literals.includes(s.first)) value = literalSql(s.first);
    }
    raw.set(s, value);
    if (s.encoded === 'base64') return `to_base64(encode(CAST(${value} AS VARCHAR)))`;
    if (s.encoded === 'hex') return `hex(CAST(${value} AS VARCHAR))`;
    return value;
  };

  /** The ties of an element whose leaf and array this builder can place: a leaf field, an array field of objects. */
  const usableTies = (s: JsonShape): JsonTie[] =>
    (s.ties ?? []).filter((t) => {
      const leaf = t.sibling.length === 1 ? s.fields?.[t.sibling[0]] : undefined;
      const [first, index, ...rest] = t.keyPath;
      const array = first && 'key' in first ? s.fields?.[first.key] : undefined;
      return leaf !== undefined && !leaf.fields && !leaf.items && comparedLiterals(leaf, t.sibling[0]).length > 0 && index !== undefined && 'index' in index && rest.length > 0 && rest.every((r) => 'key' in r) && tiedLeaf(array, rest) !== undefined;
    });
  /** The key leaf at `rest` (object keys) inside the elements of `array`. */
  const tiedLeaf = (array: JsonShape | undefined, rest: readonly PathStep[]): JsonShape | undefined => {
    let node = array?.items;
    for (const r of rest) node = 'key' in r ? node?.fields?.[r.key] : undefined;
    return node && !node.fields && !node.items ? node : undefined;
  };
  /**
   * The field `k` (shape `v`) of element `s` when ties name it: where the tied leaf holds a tied literal, an array
   * holding each key tied to that literal once (in one element each, the rest of the element as usual); else the
   * array as it would be.
   */
  const tiedArray = (s: JsonShape, k: string, v: JsonShape, ties: readonly JsonTie[]): string | undefined => {
    const mine = ties.filter((t) => 'key' in t.keyPath[0] && t.keyPath[0].key === k);
    if (mine.length === 0 || !v.items) return undefined;
    const items = v.items;
    // Per tied leaf and literal, the keys wanted (a literal several ties name wants all their keys).
    const cases: string[] = [];
    for (const sibling of [...new Set(mine.map((t) => t.sibling[0]))]) {
      const choice = raw.get(s.fields![sibling]);
      if (choice === undefined) continue;
      const byValue = new Map<string | number, { leaf: JsonShape; keys: Set<string> }>();
      for (const t of mine.filter((m) => m.sibling[0] === sibling)) {
        const leaf = tiedLeaf(v, t.keyPath.slice(2))!;
        for (const value of t.values) {
          const entry = byValue.get(value) ?? { leaf, keys: new Set<string>() };
          if (entry.leaf !== leaf) continue;
          for (const key of t.keys) entry.keys.add(key);
          byValue.set(value, entry);
        }
      }
      for (const [value, { leaf, keys }] of byValue) {
        const elements = [...keys].sort().map((key) => {
          forced.set(leaf, sqlString(key));
          try {
            return build(items, k, true);
          } finally {
            forced.delete(leaf);
          }
        });
        cases.push(`WHEN ${choice} = ${literalSql(value)} THEN json_array(${elements.join(', ')})`);
      }
    }
    const usual = build(v, k, true);
    return cases.length > 0 ? `(CASE ${cases.join(' ')} ELSE ${usual} END)` : usual;
  };

  // Fields of an element built once for a member of a `together` set (memberSql) instead of as drawn.
  const overridden = new Map<JsonShape, string>();
  // Literals of a kind leaf that drawn elements do not take (JsonTogether `only`).
  const withheld = new Map<JsonShape, Set<string | number>>();
  // A together document's equal values (JsonTogether `equal`), by slot: SQL of the value before encoding.
  const slots = new Map<number, string>();

  /** The `together` sets of an element this builder can place: a leaf field, and an inner array of objects if a key path is given. */
  const usableTogether = (s: JsonShape): JsonTogether[] =>
    (s.together ?? []).flatMap((set) => {
      const leaf = set.sibling.length === 1 ? s.fields?.[set.sibling[0]] : undefined;
      if (!leaf || leaf.fields || leaf.items) return [];
      // No side filters on a key: the key leaf a tie of one of the kinds names (the keys an OBJECT_AGG reads).
      const keyPath = set.keyPath ?? usableTies(s).find((t) => t.sibling[0] === set.sibling[0] && set.members.some((m) => t.values.includes(m.value)))?.keyPath;
      if (keyedPlace(s, keyPath)) return [{ ...set, keyPath }];
      const { keyPath: _unusable, ...rest } = set;
      return [rest];
    });
  /** The inner array (by field name) and its key leaf a key path leads to in element `s`. */
  const keyedPlace = (s: JsonShape, keyPath: readonly PathStep[] | undefined): { field: string; array: JsonShape; leaf: JsonShape } | undefined => {
    const [first, index, ...rest] = keyPath ?? [];
    const array = first && 'key' in first ? s.fields?.[first.key] : undefined;
    const leaf = index && 'index' in index && rest.length > 0 && rest.every((r) => 'key' in r) ? tiedLeaf(array, rest) : undefined;
    return array?.items && leaf && first && 'key' in first ? { field: first.key, array, leaf } : undefined;
  };
  /**
   * One element of a `together` document: its kind leaf holds the member's literal and its inner array exactly the
   * member's keys and those tied to the literal, each once; the first element's array opens the document's first
   * group (`first`), later ones none (an opener there would start another group).
   */
  const memberSql = (items: JsonShape, key: string, set: JsonTogether, member: JsonTogether['members'][number], first: boolean): string => {
    const kind = items.fields![set.sibling[0]];
    const place = keyedPlace(items, set.keyPath);
    forced.set(kind, literalSql(member.value));
    try {
      if (place) {
        const tied = usableTies(items)
          .filter((t) => t.sibling[0] === set.sibling[0] && JSON.stringify(t.keyPath) === JSON.stringify(set.keyPath) && t.values.includes(member.value))
          .flatMap((t) => t.keys);
        const opener = first && place.leaf.first !== undefined ? [String(place.leaf.first)] : [];
        const keys = [...new Set([...opener, ...member.keys, ...tied])];
        if (keys.length > 0) {
          const elements = keys.map((k) => {
            forced.set(place.leaf, sqlString(k));
            const text = member.texts?.find((t) => t.key === k);
            const slot = member.equal?.find((e) => e.key === k)?.slot;
            // The value beside the key: the inner element's one other leaf.
            const others = Object.entries(place.array.items!.fields ?? {}).filter(([, f]) => f !== place.leaf && !f.fields && !f.items);
            const beside = text ? place.array.items!.fields?.[text.field] : slot !== undefined && others.length === 1 ? others[0][1] : undefined;
            if (beside && !beside.fields && !beside.items && text) forced.set(beside, sqlString(text.text));
            else if (beside && slot !== undefined) {
              // The slot's value as the first member drew it (unencoded), reused by the others.
              if (!slots.has(slot)) {
                build(beside, others[0][0], true);
                slots.set(slot, raw.get(beside)!);
              }
              forced.set(beside, slots.get(slot)!);
            }
            try {
              return build(place.array.items!, place.field, true);
            } finally {
              forced.delete(place.leaf);
              if (beside) forced.delete(beside);
            }
          });
          overridden.set(place.array, `json_array(${elements.join(', ')})`);
        }
      }
      return build(items, key, true);
    } finally {
      forced.delete(kind);
      if (place) overridden.delete(place.array);
    }
  };

  /** How many elements of one document have been built for leaf `s` before this one. */
  const elementCount = new Map<JsonShape, number>();
  const elementOrdinal = (s: JsonShape): number => {
    const k = elementCount.get(s) ?? 0;
    elementCount.set(s, k + 1);
    return k;
  };

  /** A scalar of the leaf's kind, varying with `h`. */
  const leafSql = (s: JsonShape, key: string, h: string, inArray: boolean): string => {
    // A start lies in the older half of the window, an end in the newer one: an end is never before its start,
    // whichever keys a model pairs (`license-start-date` with `cws-license-end-date`).
    const half = Math.max(1, Math.floor((days * 86400) / 2));
    const ago =
      s.recent !== undefined
        ? `(${h} % ${Math.max(1, s.recent)})`
        : START_KEY.test(key)
          ? `(${half} + ${h} % ${half})`
          : END_KEY.test(key)
            ? `(${h} % ${half})`
            : `(${h} % ${Math.max(1, days * 86400)})`;
    const time = `(TIMESTAMP '${s.recent !== undefined ? now : anchor}' - to_seconds(CAST(${ago} AS BIGINT)))`;
    if (s.epoch) return `(CAST(epoch(${time}) AS BIGINT) * ${s.epoch})`;
    if (s.dateText) return dateTextSql(s.dateText, time);
    switch (s.leaf ?? kindFromName(key)) {
      case 'integer':
        return `CAST(${h} % 1000 AS INTEGER)`;
      case 'decimal':
      case 'float':
        return `ROUND((${h} % 1000000) / 100.0, 2)`;
      case 'boolean':
        return `(${h} % 2 = 0)`;
      case 'date':
        return `strftime(${time}, '%Y-%m-%d')`;
      case 'timestamp':
      case 'timestamp_tz':
        return `strftime(${time}, '%Y-%m-%d %H:%M:%S')`;
      case 'version':
        return `CAST(5 + ${h} % 6 AS VARCHAR) || '.' || CAST((${h} >> 4) % 11 AS VARCHAR) || '.0'`;
      default:
        // An id names one thing per document, as a key column does: drawn at random, 100 rows repeated a few of
        // 1000 values, and a test that one subscription is renewed at most once (`group by metadata:"…-id" having
        // count(*) > 1`) failed. Other text repeats a few values, as categories do.
        // An id in an array's elements names one thing per element (low6's tickets: `t.value:id` is an entry's
        // unique id): the k-th element built for the leaf in a document takes row · 1000 + k + 1, as drawn ones
        // repeated across 200 elements (a unique test on the entries failed).
        // By its words, not its last letters: `paid`, `valid` or `void` is no id (namesAnId).
        if (namesAnId(key)) return `${sqlString(`${key}_`)} || CAST(${row === undefined ? `${h} % 1000` : inArray ? `${row} * ${ELEMENT_IDS} + ${elementOrdinal(s)} + 1` : `${row} + 1`} AS VARCHAR)`;
        return `${sqlString(`${key}_`)} || CAST(${h} % 5 AS VARCHAR)`;
    }
  };
  return build(shape, '');
}

/** Element ids a document may hold per leaf before the next row's begin (a leaf two arrays deep is built 4 times). */
const ELEMENT_IDS = 1000;

/** A literal as SQL. */
function literalSql(v: string | number): string {
  return typeof v === 'number' ? String(v) : sqlString(v);
}

/** The least prime above n. */
function primeAbove(n: number): number {
  for (let p = Math.max(2, n + 1); ; p++) if (Array.from({ length: Math.floor(Math.sqrt(p)) - 1 }, (_, i) => i + 2).every((d) => p % d !== 0)) return p;
}

/**
 * The literals a leaf is drawn from besides its generated values: those of its kind (numbers for a number leaf, text
 * for a text one; none for times and flags, whose text a comparison would not hold).
 */
function comparedLiterals(s: JsonShape, key: string): Array<string | number> {
  if (!s.values || s.epoch) return [];
  const kind = s.leaf ?? kindFromName(key);
  if (kind === 'integer' || kind === 'decimal' || kind === 'float') {
    return s.values.flatMap((v) => (typeof v === 'number' ? [v] : /^-?\d+(\.\d+)?$/.test(v) ? [Number(v)] : []));
  }
  if (TIME_KINDS.has(kind) || kind === 'boolean') return [];
  return s.values.map(String);
}

/** Keys named for the start or the end of a span (`license-start-date`, `trial_end`, `expires_at`). */
const START_KEY = /(^|[-_])(start|started|begin|from|opened|created)([-_]|$)/i;
const END_KEY = /(^|[-_])(end|ended|expire|expires|expiry|expiration|finish|finished|closed|until)([-_]|$)/i;

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
