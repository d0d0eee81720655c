// Jinja2's filters and tests (plus dbt's as_text/as_bool/as_number/as_native), with Python semantics.
import { attributeOf, getPath, undefinedMessage } from './access';
import { compareValues } from './compare';
import { namedTuple } from './named-tuple';
import { percentFormat } from './pyformat';
import { binaryOp } from './interpreter';
import { parsePythonJson } from './python-json';
import { splitLines, textWrap } from './textwrap';
import { htmlUnescape } from './html-unescape';
import { pformat } from './pprint';
import { urlize } from './urlize';
import { checkArguments } from './filter-signatures';
import { parsePythonFloat, parsePythonInt, roundFloat } from './pynumbers';
import {
  type RV,
  ArrayValue,
  BooleanValue,
  FloatValue,
  FunctionValue,
  HostValue,
  IntegerValue,
  NullValue,
  ObjectValue,
  StringValue,
  TupleValue,
  UndefinedValue,
  fromJs,
  isNumeric,
  iterate,
  num,
  pyBool,
  pyEq,
  pyRepr,
  pyStr,
  str,
  typeName,
  NONE,
  floatRepr,
  dictKeyText,
  dictKeyValue,
  isSet,
  dictViewKind,
  isPositional,
  isHashable,
  rangeBounds,
  strLength,
  strSlice,
} from './values';

export type FilterFn = (v: RV, args: RV[], kwargs: Map<string, RV>) => RV;
export type TestFn = (v: RV, args: RV[]) => boolean;

function items(v: RV, what: string): RV[] {
  const out = iterate(v);
  if (!out) throw new Error(`${what}: '${typeName(v)}' object is not iterable`);
  return out;
}
function arg(args: RV[], kwargs: Map<string, RV>, i: number, name: string): RV | undefined {
  return args[i] ?? kwargs.get(name);
}
function flag(args: RV[], kwargs: Map<string, RV>, i: number, name: string): boolean {
  const v = arg(args, kwargs, i, name);
  return v ? pyBool(v) : false;
}
function foldCase(v: RV, caseSensitive: boolean): RV {
  return !caseSensitive && v instanceof StringValue ? new StringValue(v.value.toLowerCase()) : v;
}
function length(v: RV): number {
  if (v instanceof HostValue && v.host.hooks.length) return v.host.hooks.length();
  if (v instanceof StringValue) return strLength(v.value);
  if (v instanceof ArrayValue) return v.value.length;
  if (v instanceof ObjectValue) return v.value.size;
  if (v instanceof UndefinedValue) return 0;
  throw new Error(`object of type '${typeName(v)}' has no len()`);
}

/** Python `json.dumps` (default separators, ensure_ascii). */
export function pyJson(v: RV, sortKeys = false, indent?: number, depth = 0): string {
  const nl = indent !== undefined ? '\n' + ' '.repeat(indent * (depth + 1)) : '';
  const end = indent !== undefined ? '\n' + ' '.repeat(indent * depth) : '';
  const sep = indent !== undefined ? ',' : ', ';
  if (v instanceof StringValue) return JSON.stringify(v.value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (v instanceof NullValue || v instanceof UndefinedValue) return 'null';
  if (v instanceof BooleanValue) return v.value ? 'true' : 'false';
  if (v instanceof FloatValue) return floatRepr(v.value).replace(/^inf$/, 'Infinity').replace(/^-inf$/, '-Infinity').replace(/^nan$/, 'NaN');
  if (v instanceof IntegerValue) return String(v.value);
  if (v instanceof ArrayValue) {
    if (isSet(v) || rangeBounds(v) || dictViewKind(v)) throw new Error(`Object of type ${typeName(v)} is not JSON serializable`);
    if (v.value.length === 0) return '[]';
    return '[' + nl + v.value.map((x) => pyJson(x, sortKeys, indent, depth + 1)).join(sep + nl) + end + ']';
  }
  if (v instanceof HostValue) return JSON.stringify(pyStr(v));
  if (v instanceof ObjectValue) {
    // json.dumps writes an int, float, bool or None key as its JSON text, in quotes.
    let pairs = [...v.value].map(([k, x]): [RV, RV] => [dictKeyValue(v.value, k), x]);
    if (pairs.length === 0) return '{}';
    // sort_keys orders the key objects themselves: a str key and an int key do not compare.
    if (sortKeys) pairs = pairs.sort(([a], [b]) => compareValues(a, b));
    const entries = pairs.map(([k, x]): [string, RV] => [jsonKey(k), x]);
    return '{' + nl + entries.map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x, sortKeys, indent, depth + 1)}`).join(sep + nl) + end + '}';
  }
  throw new Error(`Object of type ${typeName(v)} is not JSON serializable`);
}

function jsonKey(k: RV): string {
  if (k instanceof StringValue) return k.value;
  if (k instanceof NullValue || k instanceof BooleanValue || k instanceof IntegerValue || k instanceof FloatValue) return pyJson(k);
  throw new Error(`keys must be str, int, float, bool or None, not ${typeName(k)}`);
}

/** JSON text → runtime value (dbt's fromjson). */
export function fromJson(text: string): RV {
  return parsePythonJson(text);
}

function roundHalfEven(x: number, precision: number): number {
  const f = 10 ** precision;
  const y = x * f;
  const r = Math.round(y);
  const isHalf = Math.abs(y % 1) === 0.5;
  return (isHalf && r % 2 !== 0 ? r - 1 : r) / f;
}

/** dbt's as_native / as_bool / as_number: Python literal_eval of simple literals. */
function literal(v: RV): RV {
  if (!(v instanceof StringValue)) return v;
  const s = v.value.trim();
  if (s === 'True' || s === 'true') return new BooleanValue(true);
  if (s === 'False' || s === 'false') return new BooleanValue(false);
  if (s === 'None') return NONE();
  if (/^[+-]?\d+$/.test(s)) return new IntegerValue(Number(s));
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(s)) return new FloatValue(Number(s));
  if (/^[[{]/.test(s)) {
    try {
      return fromJs(JSON.parse(s.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null')));
    } catch {
      return v;
    }
  }
  return v;
}

const isCased = (s: string) => s.toLowerCase() !== s.toUpperCase();

export const TESTS: Record<string, TestFn> = {
  defined: (v) => !(v instanceof UndefinedValue),
  undefined: (v) => v instanceof UndefinedValue,
  none: (v) => v instanceof NullValue,
  boolean: (v) => v instanceof BooleanValue,
  true: (v) => v instanceof BooleanValue && v.value,
  false: (v) => v instanceof BooleanValue && !v.value,
  integer: (v) => v instanceof IntegerValue,
  float: (v) => v instanceof FloatValue,
  number: (v) => v instanceof IntegerValue || v instanceof FloatValue || v instanceof BooleanValue,
  string: (v) => v instanceof StringValue,
  mapping: (v) => v instanceof ObjectValue,
  iterable: (v) => v instanceof ArrayValue || v instanceof ObjectValue || v instanceof StringValue,
  sequence: (v) => (v instanceof ArrayValue && isPositional(v)) || v instanceof ObjectValue || v instanceof StringValue,
  callable: (v) => v instanceof FunctionValue || (v instanceof HostValue && !!v.host.hooks.call),
  odd: (v) => num(v) % 2 !== 0,
  even: (v) => num(v) % 2 === 0,
  divisibleby: (v, a) => num(v) % num(a[0]) === 0,
  eq: (v, a) => pyEq(v, a[0]),
  equalto: (v, a) => pyEq(v, a[0]),
  '==': (v, a) => pyEq(v, a[0]),
  ne: (v, a) => !pyEq(v, a[0]),
  '!=': (v, a) => !pyEq(v, a[0]),
  lt: (v, a) => compareValues(v, a[0]) < 0,
  lessthan: (v, a) => compareValues(v, a[0]) < 0,
  '<': (v, a) => compareValues(v, a[0]) < 0,
  le: (v, a) => compareValues(v, a[0]) <= 0,
  '<=': (v, a) => compareValues(v, a[0]) <= 0,
  gt: (v, a) => compareValues(v, a[0]) > 0,
  greaterthan: (v, a) => compareValues(v, a[0]) > 0,
  '>': (v, a) => compareValues(v, a[0]) > 0,
  ge: (v, a) => compareValues(v, a[0]) >= 0,
  '>=': (v, a) => compareValues(v, a[0]) >= 0,
  in: (v, a) => (iterate(a[0]) ?? []).some((x) => pyEq(x, v)) || (v instanceof StringValue && a[0] instanceof StringValue && a[0].value.includes(v.value)),
  // Python's str(value).islower() / isupper(): at least one cased character, none of the other case.
  lower: (v) => isCased(pyStr(v)) && pyStr(v) === pyStr(v).toLowerCase(),
  upper: (v) => isCased(pyStr(v)) && pyStr(v) === pyStr(v).toUpperCase(),
  // Whether a filter or a test of that name exists (Jinja2 3.0).
  filter: (v) => v instanceof StringValue && Object.prototype.hasOwnProperty.call(FILTERS, v.value) && !v.value.startsWith('__'),
  test: (v) => v instanceof StringValue && Object.prototype.hasOwnProperty.call(TESTS, v.value),
  // Python identity: containers by object; constants (None, booleans, numbers, strings) are one object per value.
  sameas: (v, a) =>
    v === a[0] ||
    (a[0] !== undefined &&
      v.constructor === a[0].constructor &&
      v.value === a[0].value &&
      [NullValue, BooleanValue, IntegerValue, FloatValue, StringValue].some((t) => v instanceof t)),
  escaped: () => false,
};

export function runTest(name: string, v: RV, args: RV[], kwargs: ReadonlyMap<string, RV> = new Map()): boolean {
  const t = TESTS[name];
  if (!t) throw new Error(`No test named '${name}'.`);
  // Tests read their arguments by position: one given by name (`divisibleby(num=3)`) is put in its place.
  const bound = checkArguments('test', name, args, kwargs);
  return t(v, bound as RV[]);
}

// The test gets the filter's keyword arguments too, as Jinja2's call_test passes them.
function selectOrReject(select: boolean): FilterFn {
  return (v, args, kwargs) => {
    const [test, ...rest] = args;
    return new ArrayValue(
      items(v, 'select').filter((x) => (test ? runTest(pyStr(test), x, rest, kwargs) : pyBool(x)) === select),
    );
  };
}
function selectOrRejectAttr(select: boolean): FilterFn {
  return (v, args, kwargs) => {
    const [attr, test, ...rest] = args;
    return new ArrayValue(
      items(v, 'selectattr').filter((x) => {
        const a = getPath(x, pyStr(attr));
        return (test ? runTest(pyStr(test), a, rest, kwargs) : pyBool(a)) === select;
      }),
    );
  };
}

function sortKey(attribute: RV | undefined, caseSensitive: boolean) {
  return (x: RV) => foldCase(attribute && !(attribute instanceof NullValue) ? getPath(x, pyStr(attribute)) : x, caseSensitive);
}

export const FILTERS: Record<string, FilterFn> = {
  abs: (v) => (v instanceof FloatValue ? new FloatValue(Math.abs(v.value)) : new IntegerValue(Math.abs(num(v)))),
  // getattr only: a dict's items are not its attributes.
  attr: (v, a) => attributeOf(v, pyStr(a[0])),
  // Jinja2's do_batch, step by step (a size of 0 or less gives what Python's loop gives, not a hang).
  batch: (v, a, k) => {
    const size = num(arg(a, k, 0, 'linecount') ?? new IntegerValue(0));
    const fill = arg(a, k, 1, 'fill_with');
    const out: RV[] = [];
    let chunk: RV[] = [];
    for (const x of items(v, 'batch')) {
      if (chunk.length === size) {
        out.push(new ArrayValue(chunk));
        chunk = [];
      }
      chunk.push(x);
    }
    if (chunk.length) {
      if (fill && !(fill instanceof NullValue)) while (chunk.length < size) chunk.push(fill);
      out.push(new ArrayValue(chunk));
    }
    return new ArrayValue(out);
  },
  capitalize: (v) => str(pyStr(v).charAt(0).toUpperCase() + pyStr(v).slice(1).toLowerCase()),
  center: (v, a, k) => {
    const s = pyStr(v);
    const width = arg(a, k, 0, 'width');
    const w = width ? num(width) : 80;
    const gap = Math.max(0, w - strLength(s));
    const left = Math.floor(gap / 2) + (gap % 2 && w % 2 ? 1 : 0);
    return str(' '.repeat(left) + s + ' '.repeat(gap - left));
  },
  count: (v) => new IntegerValue(length(v)),
  default: (v, a, k) => {
    const dflt = arg(a, k, 0, 'default_value') ?? str('');
    if (v instanceof UndefinedValue || (flag(a, k, 1, 'boolean') && !pyBool(v))) return dflt;
    return v;
  },
  dictsort: (v, a, k) => {
    if (!(v instanceof ObjectValue)) throw new Error('dictsort: value is not a dict');
    const cs = flag(a, k, 0, 'case_sensitive');
    const by = pyStr(arg(a, k, 1, 'by') ?? str('key'));
    if (by !== 'key' && by !== 'value') throw new Error('You can only sort by either "key" or "value"');
    const byValue = by === 'value';
    const rev = flag(a, k, 2, 'reverse');
    const entries = [...v.value].map(([key, x]) => new TupleValue([dictKeyValue(v.value, key), x]));
    entries.sort((x, y) => (rev ? -1 : 1) * compareValues(foldCase(x.value[byValue ? 1 : 0], cs), foldCase(y.value[byValue ? 1 : 0], cs)));
    return new ArrayValue(entries);
  },
  escape: (v) => str(htmlEscape(pyStr(v))),
  first: (v) => items(v, 'first')[0] ?? new UndefinedValue(undefined),
  float: (v, a, k) => {
    if (isNumeric(v)) return new FloatValue(num(v));
    const n = v instanceof StringValue ? parsePythonFloat(v.value) : undefined;
    return n !== undefined ? new FloatValue(n) : (arg(a, k, 0, 'default') ?? new FloatValue(0));
  },
  format: (v, a, k) => str(percentFormat(pyStr(v), k.size ? new ObjectValue(k) : new TupleValue(a))),
  // Jinja2's do_groupby: sorted by the attribute (lower-cased unless case_sensitive), equal neighbours grouped; the
  // grouper is the first item's own value.
  groupby: (v, a, k) => {
    const attribute = pyStr(arg(a, k, 0, 'attribute')!);
    const dflt = arg(a, k, 1, 'default');
    const caseSensitive = flag(a, k, 2, 'case_sensitive');
    const get = (x: RV) => {
      const got = getPath(x, attribute);
      return got instanceof UndefinedValue && dflt && !(dflt instanceof NullValue) ? dflt : got;
    };
    const key = (x: RV) => foldCase(get(x), caseSensitive);
    const sorted = items(v, 'groupby').slice().sort((x, y) => compareValues(key(x), key(y)));
    const groups: RV[][] = [];
    for (const x of sorted) {
      const last = groups[groups.length - 1];
      if (last && pyEq(key(last[0]), key(x))) last.push(x);
      else groups.push([x]);
    }
    return new ArrayValue(groups.map((list) => namedTuple(['grouper', 'list'], [get(list[0]), new ArrayValue(list)])));
  },
  // Jinja2's do_indent: the text (plus a newline) split on Python's line boundaries; without `blank` a line that is
  // empty (not one of spaces) stays unindented.
  indent: (v, a, k) => {
    const w = arg(a, k, 0, 'width');
    const pad = w instanceof StringValue ? w.value : ' '.repeat(w ? num(w) : 4);
    const lines = splitLines(pyStr(v) + '\n');
    let out = flag(a, k, 2, 'blank')
      ? lines.join('\n' + pad)
      : lines[0] + (lines.length > 1 ? '\n' + lines.slice(1).map((line) => (line ? pad + line : line)).join('\n') : '');
    if (flag(a, k, 1, 'first')) out = pad + out;
    return str(out);
  },
  // Jinja2's do_int: int(text, base) for a string, else int(value); failing that int(float(value)); else default.
  int: (v, a, k) => {
    const dflt = () => arg(a, k, 0, 'default') ?? new IntegerValue(0);
    if (isNumeric(v)) return Number.isFinite(num(v)) ? new IntegerValue(Math.trunc(num(v))) : dflt();
    if (!(v instanceof StringValue)) return dflt();
    const base = arg(a, k, 1, 'base');
    const n = parsePythonInt(v.value, base ? num(base) : 10) ?? parsePythonFloat(v.value);
    return n !== undefined && Number.isFinite(n) ? new IntegerValue(Math.trunc(n)) : dflt();
  },
  items: (v) => {
    if (v instanceof UndefinedValue) return new ArrayValue([]);
    if (!(v instanceof ObjectValue)) throw new Error(`Can only get item pairs from a mapping, not ${typeName(v)}`);
    return new ArrayValue([...v.value].map(([key, x]) => new TupleValue([dictKeyValue(v.value, key), x])));
  },
  join: (v, a, k) => {
    const sep = arg(a, k, 0, 'd');
    const attribute = arg(a, k, 1, 'attribute');
    const by = attribute && !(attribute instanceof NullValue) ? attribute : undefined;
    return str(
      items(v, 'join')
        .map((x) => pyStr(by ? getPath(x, pyStr(by)) : x))
        .join(sep ? pyStr(sep) : ''),
    );
  },
  last: (v) => {
    const all = items(v, 'last');
    return all[all.length - 1] ?? new UndefinedValue(undefined);
  },
  length: (v) => new IntegerValue(length(v)),
  list: (v) => new ArrayValue(items(v, 'list').slice()),
  lower: (v) => str(pyStr(v).toLowerCase()),
  map: (v, a, k) => {
    const all = items(v, 'map');
    const attribute = k.get('attribute');
    if (attribute) {
      const dflt = k.get('default');
      // Jinja2's prepare_map: attribute= takes default= and nothing else.
      const other = [...k.keys()].find((key) => key !== 'attribute' && key !== 'default');
      if (other !== undefined) throw new Error(`Unexpected keyword argument '${other}'`);
      return new ArrayValue(
        all.map((x) => {
          const got = getPath(x, pyStr(attribute));
          return got instanceof UndefinedValue && dflt ? dflt : got;
        }),
      );
    }
    if (!a[0]) throw new Error('map: expected a filter name or attribute=');
    const name = pyStr(a[0]);
    const f = FILTERS[name];
    if (!f) throw new Error(`No filter named '${name}'.`);
    const rest = a.slice(1);
    const kw = new Map(k);
    checkArguments('filter', name, rest, kw);
    return new ArrayValue(all.map((x) => f(x, rest, kw)));
  },
  max: (v, a, k) => {
    const all = items(v, 'max');
    if (!all.length) return new UndefinedValue(undefined);
    const key = sortKey(arg(a, k, 1, 'attribute'), flag(a, k, 0, 'case_sensitive'));
    return all.reduce((best, x) => (compareValues(key(x), key(best)) > 0 ? x : best));
  },
  min: (v, a, k) => {
    const all = items(v, 'min');
    if (!all.length) return new UndefinedValue(undefined);
    const key = sortKey(arg(a, k, 1, 'attribute'), flag(a, k, 0, 'case_sensitive'));
    return all.reduce((best, x) => (compareValues(key(x), key(best)) < 0 ? x : best));
  },
  pprint: (v) => str(pformat(v)),
  reject: selectOrReject(false),
  rejectattr: selectOrRejectAttr(false),
  replace: (v, a, k) => {
    const s = pyStr(v);
    const from = pyStr(arg(a, k, 0, 'old')!);
    const to = pyStr(arg(a, k, 1, 'new')!);
    const countArg = arg(a, k, 2, 'count');
    let count = !countArg || countArg instanceof NullValue ? Infinity : num(countArg);
    if (count < 0) count = Infinity;
    if (from === '') {
      // Python puts `to` before every character and at the end when `from` is empty.
      const chars = Array.from(s);
      let out = '';
      for (let i = 0; i <= chars.length; i++) out += (count-- > 0 ? to : '') + (chars[i] ?? '');
      return str(out);
    }
    const parts = s.split(from);
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) out += (count-- > 0 ? to : from) + parts[i];
    return str(out);
  },
  reverse: (v) => (v instanceof StringValue ? str([...v.value].reverse().join('')) : new ArrayValue(items(v, 'reverse').slice().reverse())),
  round: (v, a, k) => {
    const precision = num(arg(a, k, 0, 'precision') ?? new IntegerValue(0));
    const method = pyStr(arg(a, k, 1, 'method') ?? str('common'));
    if (method !== 'common' && method !== 'ceil' && method !== 'floor') throw new Error('method must be common, ceil or floor');
    const x = num(v);
    const f = 10 ** precision;
    if (method === 'ceil') return new FloatValue(Math.ceil(x * f) / f);
    if (method === 'floor') return new FloatValue(Math.floor(x * f) / f);
    // Python's round of an int is an int.
    if (!(v instanceof FloatValue)) return new IntegerValue(precision >= 0 ? x : roundFloat(x, precision));
    return new FloatValue(roundFloat(x, precision));
  },
  safe: (v) => v,
  // `x is [not] name arg` (a test with arguments), which the lexer rewrites to these two.
  __test__: (v, args, k) => new BooleanValue(runTest(pyStr(args[0]), v, args.slice(1), k)),
  __test_not__: (v, args, k) => new BooleanValue(!runTest(pyStr(args[0]), v, args.slice(1), k)),
  select: selectOrReject(true),
  selectattr: selectOrRejectAttr(true),
  slice: (v, a, k) => {
    // Jinja2's do_slice: `n` columns, the first `len % n` one item longer; fill_with pads the shorter ones.
    const seq = items(v, 'slice');
    const n = num(arg(a, k, 0, 'slices') ?? new IntegerValue(1));
    const fill = arg(a, k, 1, 'fill_with');
    const per = Math.floor(seq.length / n);
    const extra = seq.length % n;
    const out: RV[] = [];
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const start = offset + i * per;
      if (i < extra) offset++;
      const chunk = seq.slice(start, offset + (i + 1) * per);
      if (fill && !(fill instanceof NullValue) && i >= extra) chunk.push(fill);
      out.push(new ArrayValue(chunk));
    }
    return new ArrayValue(out);
  },
  filesizeformat: (v, a, k) => {
    const bytes = num(v instanceof StringValue ? new FloatValue(Number(v.value)) : v);
    const binary = pyBool(arg(a, k, 0, 'binary') ?? new BooleanValue(false));
    const base = binary ? 1024 : 1000;
    const prefixes = binary ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return str('1 Byte');
    if (bytes < base) return str(`${Math.trunc(bytes)} Bytes`);
    let i = 0;
    while (i < prefixes.length - 1 && bytes >= base ** (i + 2)) i++;
    return str(percentFormat(`%.1f ${prefixes[i]}`, new FloatValue((base * bytes) / base ** (i + 2))));
  },
  urlencode: (v) => {
    // Jinja2: a string is quoted keeping '/', a dict or pairs become a query string (spaces as '+').
    if (v instanceof StringValue || iterate(v) === null) return str(urlQuote(pyStr(v), false));
    const pairs = v instanceof ObjectValue ? [...v.value].map(([key, x]) => [dictKeyValue(v.value, key), x] as const) : items(v, 'urlencode').map((p) => (iterate(p) ?? []) as RV[]).map((p) => [p[0], p[1]] as const);
    return str(pairs.map(([key, x]) => `${urlQuote(pyStr(key), true)}=${urlQuote(pyStr(x), true)}`).join('&'));
  },
  random: (v) => {
    const seq = items(v, 'random');
    if (!seq.length) throw new Error('Cannot choose from an empty sequence');
    return seq[Math.floor(Math.random() * seq.length)];
  },
  sort: (v, a, k) => {
    const rev = flag(a, k, 0, 'reverse');
    // Jinja2 sorts by several attributes given as "a,b" (make_multi_attrgetter).
    const attribute = arg(a, k, 2, 'attribute');
    const keys = (attribute instanceof StringValue ? attribute.value.split(',').map(str) : [attribute]).map((x) => sortKey(x, flag(a, k, 1, 'case_sensitive')));
    const order = (x: RV, y: RV) => {
      for (const key of keys) {
        const c = compareValues(key(x), key(y));
        if (c) return c;
      }
      return 0;
    };
    return new ArrayValue(items(v, 'sort').slice().sort((x, y) => (rev ? -1 : 1) * order(x, y)));
  },
  string: (v) => str(pyStr(v)),
  striptags: (v) => str(stripTags(pyStr(v))),
  sum: (v, a, k) => {
    const attribute = arg(a, k, 0, 'attribute');
    let total: RV = arg(a, k, 1, 'start') ?? new IntegerValue(0);
    if (total instanceof StringValue) throw new Error("sum() can't sum strings [use ''.join(seq) instead]");
    // Python's sum adds with `+`, so a list start concatenates lists (`sum(start=[])`).
    for (const x of items(v, 'sum')) total = binaryOp('+', total, attribute && !(attribute instanceof NullValue) ? getPath(x, pyStr(attribute)) : x);
    return total;
  },
  // Jinja2's do_title: a word starts after whitespace, '-', '(', '{', '[' or '<'; its first character upper, the rest lower.
  title: (v) =>
    str(
      pyStr(v)
        .split(/([-\s({[<]+)/u)
        .map((w) => (w ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w))
        .join(''),
    ),
  tojson: (v, a, k) => {
    const indent = arg(a, k, 0, 'indent');
    return str(
      pyJson(v, true, indent && !(indent instanceof NullValue) ? num(indent) : undefined)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/'/g, '\\u0027'),
    );
  },
  trim: (v, a, k) => {
    const given = arg(a, k, 0, 'chars');
    const chars = given && !(given instanceof NullValue) ? pyStr(given) : undefined;
    const s = pyStr(v);
    if (chars === undefined) return str(s.trim());
    let i = 0;
    let j = s.length;
    while (i < j && chars.includes(s[i])) i++;
    while (j > i && chars.includes(s[j - 1])) j--;
    return str(s.slice(i, j));
  },
  truncate: (v, a, k) => {
    const s = pyStr(v);
    const len = num(arg(a, k, 0, 'length') ?? new IntegerValue(255));
    const killwords = flag(a, k, 1, 'killwords');
    const end = pyStr(arg(a, k, 2, 'end') ?? str('...'));
    const leeway = num(arg(a, k, 3, 'leeway') ?? new IntegerValue(5));
    if (len < end.length) throw new Error(`expected length >= ${end.length}, got ${len}`);
    if (leeway < 0) throw new Error(`expected leeway >= 0, got ${leeway}`);
    // Lengths in code points, as Python counts them.
    if (strLength(s) <= len + leeway) return str(s);
    if (killwords) return str(strSlice(s, 0, len - end.length) + end);
    const cut = strSlice(s, 0, len - end.length);
    const sp = cut.lastIndexOf(' ');
    return str((sp >= 0 ? cut.slice(0, sp) : cut) + end);
  },
  unique: (v, a, k) => {
    const key = sortKey(arg(a, k, 1, 'attribute'), flag(a, k, 0, 'case_sensitive'));
    const seen: RV[] = [];
    const out: RV[] = [];
    for (const x of items(v, 'unique')) {
      const kx = key(x);
      if (!isHashable(kx)) throw new Error(`unhashable type: '${typeName(kx)}'`);
      if (!seen.some((s) => pyEq(s, kx))) {
        seen.push(kx);
        out.push(x);
      }
    }
    return new ArrayValue(out);
  },
  upper: (v) => str(pyStr(v).toUpperCase()),
  // Jinja2's wordwrap: each line of the text wrapped on its own (Python's textwrap), lines joined by `wrapstring`.
  wordwrap: (v, a, k) => {
    if (!(v instanceof StringValue)) throw new Error(`'${typeName(v)}' object has no attribute 'splitlines'`);
    const width = arg(a, k, 0, 'width');
    const options = {
      width: width ? num(width) : 79,
      breakLongWords: pyBool(arg(a, k, 1, 'break_long_words') ?? new BooleanValue(true)),
      breakOnHyphens: pyBool(arg(a, k, 3, 'break_on_hyphens') ?? new BooleanValue(true)),
    };
    const wrapstring = arg(a, k, 2, 'wrapstring');
    const nl = wrapstring && !(wrapstring instanceof NullValue) ? pyStr(wrapstring) : '\n';
    return str(
      splitLines(pyStr(v))
        .map((line) => textWrap(line, options).join(nl))
        .join(nl),
    );
  },
  // Jinja2's do_urlize(value, trim_url_limit, nofollow, target, rel, extra_schemes); rel always has the
  // environment's "noopener".
  urlize: (v, a, k) => {
    const limit = arg(a, k, 0, 'trim_url_limit');
    const target = arg(a, k, 2, 'target');
    const rel = arg(a, k, 3, 'rel');
    const schemes = arg(a, k, 4, 'extra_schemes');
    const relParts = new Set([...(rel && !(rel instanceof NullValue) ? pyStr(rel).split(/\s+/).filter(Boolean) : []), 'noopener']);
    if (flag(a, k, 1, 'nofollow')) relParts.add('nofollow');
    return str(
      urlize(pyStr(v), {
        trimUrlLimit: limit && !(limit instanceof NullValue) ? num(limit) : undefined,
        rel: [...relParts].sort().join(' '),
        target: target && !(target instanceof NullValue) ? pyStr(target) : undefined,
        extraSchemes: schemes && !(schemes instanceof NullValue) ? items(schemes, 'urlize').map(pyStr) : undefined,
      }),
    );
  },
  // Python's \w is Unicode's letters and digits and '_'.
  wordcount: (v) => new IntegerValue((pyStr(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  // Jinja2's do_xmlattr: ` key="value"` for each entry whose value is not None or undefined, both escaped.
  xmlattr: (v, a, k) => {
    if (!(v instanceof ObjectValue)) throw new Error(`'${typeName(v)}' object has no attribute 'items'`);
    const parts: string[] = [];
    for (const [k, x] of v.value) {
      if (x instanceof NullValue || x instanceof UndefinedValue) continue;
      const key = dictKeyText(v.value, k);
      if (/[\s/>=]/.test(key.replace(/[^\x00-\x7f]/g, ''))) throw new Error(`Invalid character in attribute name: ${pyRepr(str(key))}`);
      parts.push(`${htmlEscape(key)}="${htmlEscape(pyStr(x))}"`);
    }
    const out = parts.join(' ');
    return str(out && pyBool(arg(a, k, 0, 'autospace') ?? new BooleanValue(true)) ? ' ' + out : out);
  },
  // dbt's native-type filters
  as_text: (v) => str(pyStr(v)),
  as_bool: (v) => literal(v),
  as_number: (v) => literal(v),
  as_native: (v) => literal(v),
};
FILTERS.d = FILTERS.default;
FILTERS.e = FILTERS.escape;
FILTERS.forceescape = FILTERS.escape;

/** markupsafe's Markup.striptags: comments, then tags removed, whitespace runs made one space, then HTML unescaped. */
function stripTags(text: string): string {
  let s = text;
  for (let start = s.indexOf('<!--'); start !== -1; start = s.indexOf('<!--')) {
    const end = s.indexOf('-->', start);
    if (end === -1) break;
    s = s.slice(0, start) + s.slice(end + 3);
  }
  for (let start = s.indexOf('<'); start !== -1; start = s.indexOf('<')) {
    const end = s.indexOf('>', start);
    if (end === -1) break;
    s = s.slice(0, start) + s.slice(end + 1);
  }
  return htmlUnescape(s.split(/[\s\x1c-\x1f\x85]+/u).filter(Boolean).join(' '));
}

/** markupsafe's escape. */
function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

/** Python's urllib quote of the UTF-8 bytes: letters, digits and `_.-~` kept (and `/` outside a query string). */
function urlQuote(s: string, forQuery: boolean): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.\-~]/.test(c) || (!forQuery && c === '/') ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQuery ? out.replace(/%20/g, '+') : out;
}

export function runFilter(name: string, v: RV, args: RV[], kwargs: Map<string, RV>): RV {
  const f = FILTERS[name];
  if (!f) throw new Error(`No filter named '${name}'.`);
  checkArguments('filter', name, args, kwargs);
  if (v instanceof UndefinedValue && !['__test__', '__test_not__', 'default', 'd', 'length', 'count', 'list', 'string', 'join', 'items', 'first', 'last', 'select', 'reject', 'map', 'as_text', 'tojson', 'unique', 'sort', 'batch', 'selectattr', 'rejectattr', 'trim', 'lower', 'upper', 'replace', 'safe', 'escape', 'e', 'int', 'float', 'format', 'indent', 'pprint'].includes(name)) {
    throw new Error(undefinedMessage(v));
  }
  return f(v, args, kwargs);
}
