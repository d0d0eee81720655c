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
  setValue,
  casefold,
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
function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  if (chars === undefined) {
    if (left) s = s.replace(/^\s+/, '');
    if (right) s = s.replace(/\s+$/, '');
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
    let rest = s.replace(/^\s+/, '');
    while (rest.length) {
      if (maxsplit >= 0 && out.length >= maxsplit) {
        out.push(rest);
        break;
      }
      const m = /\s+/.exec(rest);
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

const STR_METHODS: Record<string, Method> = {
  upper: (v) => str(S(v).toUpperCase()),
  lower: (v) => str(S(v).toLowerCase()),
  casefold: (v) => str(casefold(S(v))),
  title: (v) => str(S(v).toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase())),
  capitalize: (v) => str(S(v).charAt(0).toUpperCase() + S(v).slice(1).toLowerCase()),
  swapcase: (v) => str([...S(v)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')),
  strip: (v, a) => str(stripChars(S(v), strArg(a[0], 'chars'), true, true)),
  lstrip: (v, a) => str(stripChars(S(v), strArg(a[0], 'chars'), true, false)),
  rstrip: (v, a) => str(stripChars(S(v), strArg(a[0], 'chars'), false, true)),
  split: (v, a, k) =>
    new ArrayValue(pySplit(S(v), strArg(a[0] ?? k.get('sep'), 'sep'), intArg(a[1] ?? k.get('maxsplit'), -1)).map(str)),
  rsplit: (v, a, k) => {
    const sep = strArg(a[0] ?? k.get('sep'), 'sep');
    const max = intArg(a[1] ?? k.get('maxsplit'), -1);
    if (max < 0 || sep === undefined) return new ArrayValue(pySplit(S(v), sep, max).map(str));
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
  startswith: (v, a) => bool(prefixTest(S(v), a[0], (p) => S(v).startsWith(p))),
  endswith: (v, a) => bool(prefixTest(S(v), a[0], (p) => S(v).endsWith(p))),
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
  // Python counts the empty string once per gap: len(s) + 1.
  count: (v, a) => {
    const sub = strArg(a[0], 'sub') ?? '';
    return new IntegerValue(sub === '' ? [...S(v)].length + 1 : S(v).split(sub).length - 1);
  },
  find: (v, a) => new IntegerValue(S(v).indexOf(strArg(a[0], 'sub') ?? '', intArg(a[1], 0))),
  rfind: (v, a) => new IntegerValue(S(v).lastIndexOf(strArg(a[0], 'sub') ?? '')),
  index: (v, a) => {
    const i = S(v).indexOf(strArg(a[0], 'sub') ?? '', intArg(a[1], 0));
    if (i < 0) throw new Error('substring not found');
    return new IntegerValue(i);
  },
  rindex: (v, a) => {
    const i = S(v).lastIndexOf(strArg(a[0], 'sub') ?? '');
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
  istitle: (v) => {
    // Every cased run starts upper case and continues lower case, and there is at least one cased character.
    const words = S(v).match(/[A-Za-z]+/g) ?? [];
    return bool(words.length > 0 && words.every((w) => /^[A-Z][a-z]*$/.test(w)));
  },
  isdigit: (v) => bool(/^\d+$/.test(S(v))),
  isnumeric: (v) => bool(/^\d+$/.test(S(v))),
  isdecimal: (v) => bool(/^\d+$/.test(S(v))),
  isalpha: (v) => bool(/^[A-Za-z]+$/.test(S(v))),
  isalnum: (v) => bool(/^[A-Za-z0-9]+$/.test(S(v))),
  isspace: (v) => bool(/^\s+$/.test(S(v))),
  isupper: (v) => bool(/[A-Z]/.test(S(v)) && S(v) === S(v).toUpperCase()),
  islower: (v) => bool(/[a-z]/.test(S(v)) && S(v) === S(v).toLowerCase()),
  isidentifier: (v) => bool(/^[A-Za-z_]\w*$/.test(S(v))),
  zfill: (v, a) => {
    const s = S(v);
    const w = intArg(a[0], 0);
    const sign = /^[+-]/.test(s) ? s[0] : '';
    return str(sign + s.slice(sign.length).padStart(w - sign.length, '0'));
  },
  ljust: (v, a) => str(S(v).padEnd(intArg(a[0], 0), strArg(a[1], 'fillchar') ?? ' ')),
  rjust: (v, a) => str(S(v).padStart(intArg(a[0], 0), strArg(a[1], 'fillchar') ?? ' ')),
  center: (v, a) => {
    const s = S(v);
    const w = intArg(a[0], 0);
    const fill = strArg(a[1], 'fillchar') ?? ' ';
    const gap = Math.max(0, w - s.length);
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
    const i = listItems(v).findIndex((x) => pyEq(x, a[0]));
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
  items: (v) => new ArrayValue([...dictMap(v)].map(([k, x]) => new TupleValue([dictKeyValue(dictMap(v), k), x]))),
  keys: (v) => new ArrayValue([...dictMap(v).keys()].map((k) => dictKeyValue(dictMap(v), k))),
  values: (v) => new ArrayValue([...dictMap(v).values()]),
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
  else if (v instanceof ArrayValue) table = isSet(v) ? SET_METHODS : LIST_METHODS;
  else if (v instanceof ObjectValue) table = DICT_METHODS;
  const m = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!m) return undefined;
  return makeFunction((args) => {
    const [pos, kw] = splitKwargs(args);
    return m(v, pos, kw);
  }, name);
}
