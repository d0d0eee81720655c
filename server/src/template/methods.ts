// Python methods of str, list and dict as templates call them (`cols.append(c)`, `d.update(x)`, `'{}'.format(a)`).
// Lists and dicts are mutated in place, as in Python.
import { strFormat } from './pyformat';
import { splitLines } from './textwrap';
import {
  type RV,
  ArrayValue,
  BooleanValue,
  IntegerValue,
  NullValue,
  HostValue,
  ObjectValue,
  StringValue,
  TupleValue,
  iterate,
  makeFunction,
  NONE,
  pyEq,
  pyStr,
  splitKwargs,
  str,
  typeName,
  copyDictEntries,
  dictKeyValue,
  setDictEntry,
  dictKey,
  pyRepr,
  isHashable,
  isSet,
  dictView,
  dictViewKind,
  setValue,
  casefold,
  strLength,
} from './values';
import { compareValues } from './compare';

type Method = (self: RV, args: RV[], kwargs: Map<string, RV>) => RV;

function strArg(v: RV | undefined, what: string): string | undefined {
  if (v === undefined || v instanceof NullValue) return undefined;
  if (!(v instanceof StringValue)) throw new Error(`${what} must be str, not ${typeName(v)}`);
  return v.value;
}
function intArg(v: RV | undefined, dflt: number): number {
  if (v === undefined || v instanceof NullValue) return dflt;
  if (!(v instanceof IntegerValue)) throw new Error(`an integer is required, not ${typeName(v)}`);
  return v.value;
}
/**
 * Python's whitespace (str.isspace, and what strip()/split() remove without an argument): bidi types WS, B, S and
 * category Zs. Unlike JavaScript's \s it has \x1c-\x1f and \x85 and lacks U+FEFF.
 */
const PY_SPACE = '[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const LEADING_SPACE = new RegExp(`^${PY_SPACE}+`);
const TRAILING_SPACE = new RegExp(`${PY_SPACE}+$`);
const SPACE_RUN = new RegExp(`${PY_SPACE}+`);
const ALL_SPACE = new RegExp(`^${PY_SPACE}+$`);

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  if (chars === undefined) {
    if (left) s = s.replace(LEADING_SPACE, '');
    if (right) s = s.replace(TRAILING_SPACE, '');
    return s;
  }
  let a = 0;
  let b = s.length;
  if (left) while (a < b && chars.includes(s[a])) a++;
  if (right) while (b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}
function prefixTest(self: string, arg: RV, test: (p: string) => boolean): boolean {
  if (arg instanceof StringValue) return test(arg.value);
  if (arg instanceof ArrayValue) return arg.value.some((x) => x instanceof StringValue && test(x.value));
  throw new Error(`startswith/endswith first arg must be str or a tuple of str, not ${typeName(arg)}`);
}
function pySplit(s: string, sep: string | undefined, maxsplit: number): string[] {
  if (sep === undefined) {
    const out: string[] = [];
    let rest = s.replace(LEADING_SPACE, '');
    while (rest.length) {
      if (maxsplit >= 0 && out.length >= maxsplit) {
        out.push(rest);
        break;
      }
      const m = SPACE_RUN.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  if (sep === '') throw new Error('empty separator');
  const parts = s.split(sep);
  if (maxsplit >= 0 && parts.length > maxsplit + 1) return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(sep)];
  return parts;
}
const S = (v: RV) => v.value as string;
const bool = (b: boolean) => new BooleanValue(b);

/**
 * Python's `s[start:end]` window for find/count/startswith… (indices in code points, negative from the end), with
 * the window's offset, so a match's position comes back in code points as Python counts them.
 */
function window(s: string, start: RV | undefined, end: RV | undefined): { text: string; offset: number; outside: boolean } {
  const cps = Array.from(s);
  const n = cps.length;
  const at = (v: RV | undefined, dflt: number) => {
    let i = intArg(v, dflt);
    if (i < 0) i = Math.max(0, i + n);
    return Math.min(i, n);
  };
  const a = at(start, 0);
  const b = at(end, n);
  // Python finds nothing, not even '', when the start is past the end of the string.
  const outside = intArg(start, 0) > n;
  return { text: b > a ? cps.slice(a, b).join('') : '', offset: a, outside };
}
/** A UTF-16 index in `text` as a code-point count. */
const codePoints = (text: string, utf16: number) => Array.from(text.slice(0, utf16)).length;

function findIn(v: RV, a: RV[], last: boolean): number {
  const sub = strArg(a[0], 'sub') ?? '';
  const w = window(S(v), a[1], a[2]);
  if (w.outside) return -1;
  const i = last ? w.text.lastIndexOf(sub) : w.text.indexOf(sub);
  return i < 0 ? -1 : w.offset + codePoints(w.text, i);
}

// Python's character classes, by Unicode property (CPython's unicodectype flags).
const isUpperChar = (c: string) => /\p{Uppercase}/u.test(c);
const isLowerChar = (c: string) => /\p{Lowercase}/u.test(c);
const isTitleChar = (c: string) => /\p{Lt}/u.test(c);
/** str.islower / str.isupper: no character of the other case (or titlecase), and at least one of this case. */
function allCased(s: string, lower: boolean): boolean {
  let cased = false;
  for (const c of s) {
    if (isTitleChar(c) || (lower ? isUpperChar(c) : isLowerChar(c))) return false;
    if (lower ? isLowerChar(c) : isUpperChar(c)) cased = true;
  }
  return cased;
}
/** str.istitle: uppercase/titlecase only after an uncased character, lowercase only after a cased one. */
function isTitle(s: string): boolean {
  let cased = false;
  let previousCased = false;
  for (const c of s) {
    if (isUpperChar(c) || isTitleChar(c)) {
      if (previousCased) return false;
      previousCased = cased = true;
    } else if (isLowerChar(c)) {
      if (!previousCased) return false;
      previousCased = cased = true;
    } else previousCased = false;
  }
  return cased;
}
/** Python's titlecase of one character: the digraphs have a titlecase form of their own; ß is 'Ss', ﬁ 'Fi'. */
const TITLE_FORMS: Record<string, string> = { Ǆ: 'ǅ', ǅ: 'ǅ', ǆ: 'ǅ', Ǉ: 'ǈ', ǈ: 'ǈ', ǉ: 'ǈ', Ǌ: 'ǋ', ǋ: 'ǋ', ǌ: 'ǋ', Ǳ: 'ǲ', ǲ: 'ǲ', ǳ: 'ǲ' };
function titleChar(c: string): string {
  if (TITLE_FORMS[c]) return TITLE_FORMS[c];
  const upper = c.toUpperCase();
  const first = String.fromCodePoint(upper.codePointAt(0)!);
  return first + upper.slice(first.length).toLowerCase();
}
/** str.title: a cased character after a cased one is lower-cased, any other cased one title-cased. */
function pyTitle(s: string): string {
  let out = '';
  let previousCased = false;
  for (const c of s) {
    const cased = /\p{Cased}/u.test(c);
    out += cased ? (previousCased ? c.toLowerCase() : titleChar(c)) : c;
    previousCased = cased;
  }
  return out;
}
/**
 * str.isdigit / str.isnumeric: decimal digits (Nd) always count; letters and symbols never do. Other numeric
 * characters (², ½, Ⅻ, and the Han numerals 一二三 that are letters) depend on Unicode's Numeric_Type, which
 * JavaScript cannot read: Bronze refuses to guess those.
 */
function numericTest(s: string, method: 'isdigit' | 'isnumeric'): boolean {
  if (/^\p{Nd}+$/u.test(s)) return true;
  if (s === '' || [...s].some((c) => !/[\p{N}\p{sc=Han}]/u.test(c))) return false;
  if (method === 'isnumeric' && /^\p{N}+$/u.test(s)) return true;
  throw new Error(`str.${method}() of ${pyRepr(str(s))}: whether Python counts its characters depends on Unicode's Numeric_Type, which Bronze cannot read: Bronze does not support it`);
}

const STR_METHODS: Record<string, Method> = {
  upper: (v) => str(S(v).toUpperCase()),
  lower: (v) => str(S(v).toLowerCase()),
  casefold: (v) => str(casefold(S(v))),
  title: (v) => str(pyTitle(S(v))),
  // The first character title-cased (Python 3.8), the rest lower-cased.
  capitalize: (v) => {
    const [first = '', ...rest] = Array.from(S(v));
    return str((first ? titleChar(first) : '') + rest.join('').toLowerCase());
  },
  swapcase: (v) => str([...S(v)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')),
  strip: (v, a) => str(stripChars(S(v), strArg(a[0], 'chars'), true, true)),
  lstrip: (v, a) => str(stripChars(S(v), strArg(a[0], 'chars'), true, false)),
  rstrip: (v, a) => str(stripChars(S(v), strArg(a[0], 'chars'), false, true)),
  split: (v, a, k) =>
    new ArrayValue(pySplit(S(v), strArg(a[0] ?? k.get('sep'), 'sep'), intArg(a[1] ?? k.get('maxsplit'), -1)).map(str)),
  rsplit: (v, a, k) => {
    const sep = strArg(a[0] ?? k.get('sep'), 'sep');
    const max = intArg(a[1] ?? k.get('maxsplit'), -1);
    if (max < 0) return new ArrayValue(pySplit(S(v), sep, max).map(str));
    if (sep === undefined) {
      // rsplit(None, n): words split off from the right; once n are split, the rest stays whole (its leading
      // whitespace kept), and whitespace ending the rest is dropped at each step.
      const space = new RegExp(PY_SPACE);
      let rest = S(v).replace(TRAILING_SPACE, '');
      const tail: string[] = [];
      while (rest) {
        let end = rest.length;
        while (end > 0 && !space.test(rest[end - 1])) end--;
        if (tail.length === max || end === 0) {
          tail.unshift(rest);
          break;
        }
        tail.unshift(rest.slice(end));
        rest = rest.slice(0, end).replace(TRAILING_SPACE, '');
      }
      return new ArrayValue(tail.map(str));
    }
    const parts = S(v).split(sep);
    const head = parts.length > max + 1 ? [parts.slice(0, parts.length - max).join(sep)] : parts.slice(0, parts.length - max);
    return new ArrayValue([...head, ...parts.slice(Math.max(parts.length - max, 1))].map(str));
  },
  splitlines: (v, a, k) => new ArrayValue(splitLines(S(v), (a[0] ?? k.get('keepends'))?.__bool__().value ?? false).map(str)),
  replace: (v, a, k) => {
    const from = strArg(a[0], 'old') ?? '';
    const to = strArg(a[1], 'new') ?? '';
    let count = intArg(a[2] ?? k.get('count'), -1);
    // An empty `old` matches before every character and at the end ('abc'.replace('', '-') is '-a-b-c-').
    const parts = from === '' ? ['', ...S(v), ''] : S(v).split(from);
    if (count < 0) return str(parts.join(to));
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) out += (count-- > 0 ? to : from) + parts[i];
    return str(out);
  },
  startswith: (v, a) => {
    const w = window(S(v), a[1], a[2]);
    return bool(!w.outside && prefixTest(w.text, a[0], (p) => w.text.startsWith(p)));
  },
  endswith: (v, a) => {
    const w = window(S(v), a[1], a[2]);
    return bool(!w.outside && prefixTest(w.text, a[0], (p) => w.text.endsWith(p)));
  },
  join: (v, a) => {
    const items = a[0] ? iterate(a[0]) : null;
    if (!items) throw new Error('can only join an iterable');
    return str(
      items
        .map((x) => {
          if (!(x instanceof StringValue)) throw new Error(`sequence item: expected str instance, ${typeName(x)} found`);
          return x.value;
        })
        .join(S(v)),
    );
  },
  format: (v, a, k) => str(strFormat(S(v), a, k)),
  // format_map(mapping): the fields by name from the mapping.
  format_map: (v, a) => {
    if (!(a[0] instanceof ObjectValue)) throw new Error(`format_map() argument must be a mapping, not ${a[0] ? typeName(a[0]) : 'nothing'}`);
    const fields = new Map<string, RV>();
    for (const [k, x] of a[0].value) fields.set(k, x);
    return str(strFormat(S(v), [], fields));
  },
  // Python counts the empty string once per gap: len(s) + 1.
  count: (v, a) => {
    const sub = strArg(a[0], 'sub') ?? '';
    const w = window(S(v), a[1], a[2]);
    if (w.outside) return new IntegerValue(0);
    return new IntegerValue(sub === '' ? [...w.text].length + 1 : w.text.split(sub).length - 1);
  },
  // Positions in code points within s[start:end], as Python counts them.
  find: (v, a) => new IntegerValue(findIn(v, a, false)),
  rfind: (v, a) => new IntegerValue(findIn(v, a, true)),
  index: (v, a) => {
    const i = findIn(v, a, false);
    if (i < 0) throw new Error('substring not found');
    return new IntegerValue(i);
  },
  rindex: (v, a) => {
    const i = findIn(v, a, true);
    if (i < 0) throw new Error('substring not found');
    return new IntegerValue(i);
  },
  expandtabs: (v, a, k) => {
    // Tabs advance to the next multiple of tabsize, counted from the last newline (Python's str.expandtabs).
    const size = intArg(a[0] ?? k.get('tabsize'), 8);
    let out = '';
    let column = 0;
    for (const c of S(v)) {
      if (c === '\t') {
        const pad = size > 0 ? size - (column % size) : 0;
        out += ' '.repeat(pad);
        column += pad;
      } else {
        out += c;
        column = c === '\n' || c === '\r' ? 0 : column + 1;
      }
    }
    return str(out);
  },
  isascii: (v) => bool(/^[\x00-\x7f]*$/.test(S(v))),
  istitle: (v) => bool(isTitle(S(v))),
  isdigit: (v) => bool(numericTest(S(v), 'isdigit')),
  isnumeric: (v) => bool(numericTest(S(v), 'isnumeric')),
  isdecimal: (v) => bool(/^\p{Nd}+$/u.test(S(v))),
  // Letters are categories L*; isalnum adds every numeric character (all of category N, and the Han numerals, letters).
  isalpha: (v) => bool(/^\p{L}+$/u.test(S(v))),
  isalnum: (v) => bool(/^[\p{L}\p{N}]+$/u.test(S(v))),
  isspace: (v) => bool(ALL_SPACE.test(S(v))),
  isupper: (v) => bool(allCased(S(v), false)),
  islower: (v) => bool(allCased(S(v), true)),
  isidentifier: (v) => bool(/^[\p{XID_Start}_]\p{XID_Continue}*$/u.test(S(v))),
  // Not printable: categories C* and Z* other than the space itself.
  isprintable: (v) => bool(/^(?:[^\p{C}\p{Z}]| )*$/u.test(S(v))),
  zfill: (v, a) => {
    const s = S(v);
    const w = intArg(a[0], 0);
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return str(sign + '0'.repeat(Math.max(0, w - strLength(s))) + s.slice(sign.length));
  },
  // Widths count code points, as Python's len() does.
  ljust: (v, a) => str(S(v) + (strArg(a[1], 'fillchar') ?? ' ').repeat(Math.max(0, intArg(a[0], 0) - strLength(S(v))))),
  rjust: (v, a) => str((strArg(a[1], 'fillchar') ?? ' ').repeat(Math.max(0, intArg(a[0], 0) - strLength(S(v)))) + S(v)),
  center: (v, a) => {
    const s = S(v);
    const w = intArg(a[0], 0);
    const fill = strArg(a[1], 'fillchar') ?? ' ';
    const gap = Math.max(0, w - strLength(s));
    const left = Math.floor(gap / 2) + (gap % 2 && w % 2 ? 1 : 0);
    return str(fill.repeat(left) + s + fill.repeat(gap - left));
  },
  partition: (v, a) => {
    const sep = strArg(a[0], 'sep') ?? '';
    if (sep === '') throw new Error('empty separator');
    const i = S(v).indexOf(sep);
    const parts = i < 0 ? [S(v), '', ''] : [S(v).slice(0, i), sep, S(v).slice(i + sep.length)];
    return new TupleValue(parts.map(str));
  },
  rpartition: (v, a) => {
    const sep = strArg(a[0], 'sep') ?? '';
    if (sep === '') throw new Error('empty separator');
    const i = S(v).lastIndexOf(sep);
    const parts = i < 0 ? ['', '', S(v)] : [S(v).slice(0, i), sep, S(v).slice(i + sep.length)];
    return new TupleValue(parts.map(str));
  },
  removeprefix: (v, a) => {
    const p = strArg(a[0], 'prefix') ?? '';
    return str(S(v).startsWith(p) ? S(v).slice(p.length) : S(v));
  },
  removesuffix: (v, a) => {
    const p = strArg(a[0], 'suffix') ?? '';
    return str(p && S(v).endsWith(p) ? S(v).slice(0, -p.length) : S(v));
  },
};

function listItems(v: RV): RV[] {
  return v.value as RV[];
}
function indexArg(len: number, v: RV | undefined, dflt: number): number {
  let i = intArg(v, dflt);
  if (i < 0) i += len;
  return i;
}

const LIST_METHODS: Record<string, Method> = {
  append: (v, a) => (listItems(v).push(a[0] ?? NONE()), NONE()),
  extend: (v, a) => {
    const items = a[0] ? iterate(a[0]) : null;
    if (!items) throw new Error(`'${a[0] ? typeName(a[0]) : 'NoneType'}' object is not iterable`);
    listItems(v).push(...items);
    return NONE();
  },
  insert: (v, a) => {
    const items = listItems(v);
    const i = Math.min(Math.max(indexArg(items.length, a[0], 0), 0), items.length);
    items.splice(i, 0, a[1] ?? NONE());
    return NONE();
  },
  pop: (v, a) => {
    const items = listItems(v);
    if (items.length === 0) throw new Error('pop from empty list');
    const i = indexArg(items.length, a[0], items.length - 1);
    if (i < 0 || i >= items.length) throw new Error('pop index out of range');
    return items.splice(i, 1)[0];
  },
  remove: (v, a) => {
    const items = listItems(v);
    const i = items.findIndex((x) => pyEq(x, a[0]));
    if (i < 0) throw new Error('list.remove(x): x not in list');
    items.splice(i, 1);
    return NONE();
  },
  index: (v, a) => {
    // list.index(x, start, end): searched in items[start:end], the position counted from the list's start.
    const items = listItems(v);
    const bound = (b: RV | undefined, dflt: number) => Math.min(Math.max(indexArg(items.length, b, dflt), 0), items.length);
    const start = bound(a[1], 0);
    const found = items.slice(start, bound(a[2], items.length)).findIndex((x) => pyEq(x, a[0]));
    const i = found < 0 ? -1 : start + found;
    if (i < 0) throw new Error(`${pyStr(a[0])} is not in list`);
    return new IntegerValue(i);
  },
  count: (v, a) => new IntegerValue(listItems(v).filter((x) => pyEq(x, a[0])).length),
  reverse: (v) => (listItems(v).reverse(), NONE()),
  sort: (v, _a, k) => {
    const rev = k.get('reverse')?.__bool__().value ?? false;
    listItems(v).sort((x, y) => (rev ? -1 : 1) * compareValues(x, y));
    return NONE();
  },
  copy: (v) => new ArrayValue(listItems(v).slice()),
  clear: (v) => (listItems(v).splice(0), NONE()),
};

function dictMap(v: RV): Map<string, RV> {
  return v.value as Map<string, RV>;
}
function keyArg(v: RV | undefined): string {
  if (v === undefined) throw new Error('expected at least 1 argument, got 0');
  if (!isHashable(v)) throw new Error(`unhashable type: '${typeName(v)}'`);
  return dictKey(v);
}

const DICT_METHODS: Record<string, Method> = {
  get: (v, a) => dictMap(v).get(keyArg(a[0])) ?? a[1] ?? NONE(),
  items: (v) => dictView('dict_items', [...dictMap(v)].map(([k, x]) => new TupleValue([dictKeyValue(dictMap(v), k), x]))),
  keys: (v) => dictView('dict_keys', [...dictMap(v).keys()].map((k) => dictKeyValue(dictMap(v), k))),
  values: (v) => dictView('dict_values', [...dictMap(v).values()]),
  update: (v, a, k) => {
    const m = dictMap(v);
    const other = a[0];
    if (other instanceof ObjectValue) copyDictEntries(m, other.value);
    else if (other instanceof ArrayValue) {
      for (const pair of other.value) {
        const kv = pair.value as RV[];
        setDictEntry(m, kv[0], kv[1]);
      }
    } else if (other !== undefined && !(other instanceof NullValue)) {
      throw new Error(`'${typeName(other)}' object is not iterable`);
    }
    for (const [key, x] of k) m.set(key, x);
    return NONE();
  },
  pop: (v, a) => {
    const m = dictMap(v);
    const key = keyArg(a[0]);
    const got = m.get(key);
    if (got !== undefined) {
      m.delete(key);
      return got;
    }
    if (a[1] !== undefined) return a[1];
    throw new Error(`KeyError: ${pyRepr(a[0])}`);
  },
  setdefault: (v, a) => {
    const m = dictMap(v);
    const key = keyArg(a[0]);
    const got = m.get(key);
    if (got !== undefined) return got;
    const d = a[1] ?? NONE();
    setDictEntry(m, a[0], d);
    return d;
  },
  copy: (v) => {
    const m = new Map<string, RV>();
    copyDictEntries(m, dictMap(v));
    return new ObjectValue(m);
  },
  clear: (v) => (dictMap(v).clear(), NONE()),
  // The last entry, removed.
  popitem: (v) => {
    const m = dictMap(v);
    const last = [...m.keys()].pop();
    if (last === undefined) throw new Error("KeyError: 'popitem(): dictionary is empty'");
    const item = new TupleValue([dictKeyValue(m, last), m.get(last)!]);
    m.delete(last);
    return item;
  },
};

function hashable(x: RV | undefined): RV {
  if (x === undefined) throw new Error('expected 1 argument, got 0');
  if (!isHashable(x)) throw new Error(`unhashable type: '${typeName(x)}'`);
  return x;
}
function others(args: RV[]): RV[][] {
  return args.map((a) => {
    const items = iterate(a);
    if (!items) throw new Error(`'${typeName(a)}' object is not iterable`);
    items.forEach(hashable);
    return items;
  });
}
const has = (items: RV[], x: RV) => items.some((y) => pyEq(x, y));

/** Python's set methods (a set is a list marked as a set: its items stay unique). */
const SET_METHODS: Record<string, Method> = {
  add: (v, a) => {
    const x = hashable(a[0]);
    if (!has(listItems(v), x)) listItems(v).push(x);
    return NONE();
  },
  update: (v, a) => {
    for (const items of others(a)) for (const x of items) if (!has(listItems(v), x)) listItems(v).push(x);
    return NONE();
  },
  discard: (v, a) => {
    const items = listItems(v);
    const i = items.findIndex((y) => pyEq(hashable(a[0]), y));
    if (i >= 0) items.splice(i, 1);
    return NONE();
  },
  remove: (v, a) => {
    const items = listItems(v);
    const i = items.findIndex((y) => pyEq(hashable(a[0]), y));
    if (i < 0) throw new Error(`KeyError: ${pyStr(a[0])}`);
    items.splice(i, 1);
    return NONE();
  },
  pop: (v) => {
    const items = listItems(v);
    if (!items.length) throw new Error("'pop from an empty set'");
    return items.shift()!;
  },
  clear: (v) => (listItems(v).splice(0), NONE()),
  copy: (v) => setValue(listItems(v)),
  union: (v, a) => setValue([...listItems(v), ...others(a).flat()]),
  intersection: (v, a) => setValue(listItems(v).filter((x) => others(a).every((items) => has(items, x)))),
  difference: (v, a) => setValue(listItems(v).filter((x) => !others(a).some((items) => has(items, x)))),
  symmetric_difference: (v, a) => {
    const [other] = others(a);
    return setValue([...listItems(v).filter((x) => !has(other, x)), ...other.filter((x) => !has(listItems(v), x))]);
  },
  issubset: (v, a) => new BooleanValue(listItems(v).every((x) => has(others(a)[0], x))),
  issuperset: (v, a) => new BooleanValue(others(a)[0].every((x) => has(listItems(v), x))),
  isdisjoint: (v, a) => new BooleanValue(!listItems(v).some((x) => has(others(a)[0], x))),
};

/** The bound Python method `name` of a str, list or dict value, or undefined. */
export function pythonMethod(v: RV, name: string): RV | undefined {
  let table: Record<string, Method> | undefined;
  if (v instanceof StringValue) table = STR_METHODS;
  else if (v instanceof TupleValue) table = name === 'index' || name === 'count' ? LIST_METHODS : undefined;
  // A dict view has no list methods; dict_keys and dict_items have the set's isdisjoint.
  else if (v instanceof ArrayValue) {
    const view = dictViewKind(v);
    table = isSet(v) ? SET_METHODS : view === undefined ? LIST_METHODS : view !== 'dict_values' && name === 'isdisjoint' ? SET_METHODS : undefined;
  }
  else if (v instanceof ObjectValue) table = DICT_METHODS;
  const m = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!m) return undefined;
  return makeFunction((args) => {
    const [pos, kw] = splitKwargs(args);
    return m(v, pos, kw);
  }, name);
}
