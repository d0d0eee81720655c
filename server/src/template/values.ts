// The runtime value model of @huggingface/jinja, reached at load time (its classes are not exported), plus the
// bridge between JS values and runtime values and Python-style printing/equality. Pinned to 0.5.11.
import { Environment, Interpreter, parse, tokenize } from '@huggingface/jinja';
import { YamlFloat, YamlTimestamp, floatRepr, yamlKeys } from '../core/yaml-python-values';

export { floatRepr };
import { yamlTimestampValue } from './pydatetime';

export interface RV {
  type: string;
  value: unknown;
  __bool__(): RVOf<boolean>;
  toString(): string;
  readonly builtins: ReadonlyMap<string, RV>;
}
export interface RVOf<V> extends RV {
  value: V;
}
/** Compile-time brand so that instanceof checks narrow between value classes (absent at run time). */
type Branded<V, B> = RVOf<V> & { readonly __brand: B };
export type JFunction = (args: RV[], scope: Environment) => RV;
interface Ctor<V, B = unknown> {
  new (value: V): Branded<V, B>;
  prototype: Branded<V, B>;
}

function bootstrap() {
  const probe = new Environment();
  const samples: Record<string, unknown> = { i: 1, f: 1.5, s: '', b: true, n: null, u: undefined, a: [], o: {}, fn: () => 0 };
  for (const [k, v] of Object.entries(samples)) probe.set(k, v);
  const ctorOf = (k: string) => (probe.variables.get(k) as object).constructor;
  const Fn = ctorOf('fn') as Ctor<JFunction, { fn: true }>;
  let captured: RV[] = [];
  probe.variables.set('cap', new Fn((args) => ((captured = captured.concat(args)), new (ctorOf('n') as Ctor<null>)(null))) as never);
  new Interpreter(probe).run(parse(tokenize('{{ cap((1, 2), k=1) }}', {})));
  const ns = (probe.variables.get('namespace') as unknown as RVOf<JFunction>).value([], probe);
  const base = Object.getPrototypeOf((ctorOf('i') as { prototype: object }).prototype).constructor as Ctor<unknown>;
  return {
    Integer: ctorOf('i') as Ctor<number, { int: true }>,
    Float: ctorOf('f') as Ctor<number, { float: true }>,
    String: ctorOf('s') as Ctor<string, { str: true }>,
    Boolean: ctorOf('b') as Ctor<boolean, { bool: true }>,
    Null: ctorOf('n') as Ctor<null, { none: true }>,
    Undefined: ctorOf('u') as Ctor<undefined, { undef: true }>,
    Array: ctorOf('a') as Ctor<RV[], { list: true }>,
    Object: ctorOf('o') as Ctor<Map<string, RV>, { dict: true }>,
    Function: Fn,
    Namespace: ns.constructor as Ctor<Map<string, RV>, { ns: true }>,
    Tuple: captured[0].constructor as Ctor<RV[], { list: true; tuple: true }>,
    Kwargs: captured[1].constructor as Ctor<Map<string, RV>, { dict: true; kwargs: true }>,
    Base: base,
  };
}
const C = bootstrap();

/**
 * A constructor for the values Bronze makes of a library class: same prototype (instanceof either way), same `type`
 * and `value`. The library's classes set both as class fields; once a render has made values of more than a few
 * classes, V8 (Node 20) defines such fields through a slow generic path, about 1 µs a value, which was most of the
 * time a union macro over many relations took to render. Assigning them in a plain constructor function is not.
 */
function plainConstructor<V, B>(cls: Ctor<V, B>): Ctor<V, B> {
  const type = new cls(undefined as V).type;
  function Value(this: { type: string; value: V }, value: V) {
    this.type = type;
    this.value = value;
  }
  Value.prototype = cls.prototype;
  return Value as unknown as Ctor<V, B>;
}

export const IntegerValue = plainConstructor(C.Integer);
export const FloatValue = plainConstructor(C.Float);
export const StringValue = plainConstructor(C.String);
export const BooleanValue = plainConstructor(C.Boolean);
export const NullValue = plainConstructor(C.Null);
export const UndefinedValue = plainConstructor(C.Undefined);
export const ArrayValue = plainConstructor(C.Array);
export const TupleValue = plainConstructor(C.Tuple);
export const ObjectValue = plainConstructor(C.Object);
export const KeywordArgumentsValue = plainConstructor(C.Kwargs);
export const NamespaceValue = plainConstructor(C.Namespace);
export const FunctionValue = plainConstructor(C.Function);
const RuntimeValueBase = C.Base;

export function isRV(x: unknown): x is RV {
  return x instanceof RuntimeValueBase;
}

// ---------------------------------------------------------------------------------------------------------
// Host objects: JS objects with attributes and Python-ish behaviour (relations, config, agate tables, datetimes)

/** Host function: positional args and kwargs arrive as JS values; the result is converted back. */
export type HostFunction = (args: unknown[], kwargs: Record<string, unknown>) => unknown;

export const NOT_IMPLEMENTED = Symbol('NotImplemented');

export interface HostHooks {
  /** Python `str()` of the object (what `{{ obj }}` prints). */
  str?: () => string;
  /** Makes the object callable, e.g. `config(...)` next to `config.get(...)`. */
  call?: HostFunction;
  /** Callable with the template's own values (no conversion to JS and back, which loses tuples and whole floats). */
  rawCall?: JFunction;
  /** Subscript fallback: `obj[0]`, `row['col']`. */
  getItem?: (key: unknown) => unknown;
  /** Iteration in `for` loops and filters. */
  iter?: () => unknown[];
  length?: () => number;
  truthy?: () => boolean;
  equals?: (other: unknown) => boolean;
  /** Binary operators (`+`, `-`, `<`, …); return NOT_IMPLEMENTED to fall through. */
  binary?: (op: string, other: unknown, reflected: boolean) => unknown;
  /** Name used in error messages, e.g. `Relation`. */
  typeName?: string;
}

/** A JS object exposed to templates with attributes (plain values or HostFunctions) and optional hooks. */
export class JinjaObject {
  constructor(
    readonly attrs: Record<string, unknown>,
    readonly hooks: HostHooks = {},
  ) {}
}

/** A function the bridge passes through unchanged: it receives the raw runtime values and its scope. */
export class RawFunction {
  constructor(
    readonly fn: JFunction,
    readonly name = 'function',
  ) {}
}

export class HostValue extends ObjectValue {
  constructor(readonly host: JinjaObject) {
    super(EMPTY_MAP);
    // Attributes are converted on first use: contexts hold many host objects that a template never touches.
    Object.defineProperty(this, 'value', {
      configurable: true,
      enumerable: true,
      get: () => {
        const attrs = new Map<string, RV>();
        for (const [k, v] of Object.entries(host.attrs)) attrs.set(k, fromJs(v, k));
        Object.defineProperty(this, 'value', { value: attrs, writable: true, configurable: true, enumerable: true });
        return attrs;
      },
    });
  }
  override __bool__(): RVOf<boolean> {
    const h = this.host.hooks;
    return new BooleanValue(h.truthy ? h.truthy() : h.length ? h.length() > 0 : true);
  }
  override toString(): string {
    return pyStr(this);
  }
}

const EMPTY_MAP = new Map<string, RV>();
const FUNCTION_NAME = Symbol('bronze.functionName');

/** The name of a function value, for `<Macro 'x'>`-style printing. */
export function functionName(f: RV): string {
  return (f as { [FUNCTION_NAME]?: string })[FUNCTION_NAME] ?? 'function';
}

const macroAttributes = new WeakMap<RV, Map<string, RV>>();

/** A macro's attributes (name, arguments, catch_kwargs, catch_varargs, caller), as `m.name` reads them. */
export function setMacroAttributes(f: RV, attrs: Map<string, RV>): void {
  macroAttributes.set(f, attrs);
}
export function macroAttribute(f: RV, name: string): RV | undefined {
  return macroAttributes.get(f)?.get(name);
}

export function makeFunction(fn: JFunction, name: string): RVOf<JFunction> {
  const f = new FunctionValue(fn);
  (f as { [FUNCTION_NAME]?: string })[FUNCTION_NAME] = name;
  return f;
}

const RANGE_BOUNDS = Symbol('bronze.rangeBounds');

/**
 * Python 3's range(start, stop, step): an immutable sequence (a tuple's methods, index and count) that prints as
 * `range(0, 3)` and equals only another range, not the list or tuple of its items.
 */
export function rangeValue(start: number, stop: number, step: number): RVOf<RV[]> {
  const items: RV[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) items.push(new IntegerValue(i));
  else for (let i = start; i > stop; i += step) items.push(new IntegerValue(i));
  const v = new TupleValue(items);
  (v as { [RANGE_BOUNDS]?: readonly [number, number, number] })[RANGE_BOUNDS] = [start, stop, step];
  return v;
}

/** A range's start, stop and step, or undefined for any other value. */
export function rangeBounds(v: RV): readonly [number, number, number] | undefined {
  return (v as { [RANGE_BOUNDS]?: readonly [number, number, number] })[RANGE_BOUNDS];
}

const SET_MARK = Symbol('bronze.set');

/**
 * Python's set, as dbt's set() and set_strict() return it: unique items, printed `{1, 2}` (`set()` when empty),
 * equal to another set with the same items in any order, never to a list. Its items keep their insertion order, one
 * of the orders Python may give (CPython orders strings by a per-process random hash).
 */
export function setValue(items: RV[]): RVOf<RV[]> {
  const unique: RV[] = [];
  for (const x of items) if (!unique.some((y) => pyEq(x, y))) unique.push(x);
  const v = new ArrayValue(unique);
  (v as { [SET_MARK]?: true })[SET_MARK] = true;
  return v;
}

export function isSet(v: RV): boolean {
  return (v as { [SET_MARK]?: true })[SET_MARK] === true;
}

const VIEW_KIND = Symbol('bronze.dictView');

/** Python's dict views, what a dict's keys(), values() and items() return. */
export type DictViewKind = 'dict_keys' | 'dict_values' | 'dict_items';

/**
 * A dict view as Python's dict.keys()/values()/items() return it (https://docs.python.org/3/library/stdtypes.html#dict-views):
 * printed `dict_keys(['a'])`, not subscriptable, keys and items equal to a set or view of the same members (never to
 * a list), values equal only to themselves. Its items are the dict's at the call (Python's view stays live: a later
 * change of the dict is not seen here, as in a template the view is almost always consumed at once).
 */
export function dictView(kind: DictViewKind, items: RV[]): RVOf<RV[]> {
  const v = new ArrayValue(items);
  (v as { [VIEW_KIND]?: DictViewKind })[VIEW_KIND] = kind;
  return v;
}

export function dictViewKind(v: RV): DictViewKind | undefined {
  return (v as { [VIEW_KIND]?: DictViewKind })[VIEW_KIND];
}

/** Whether Python indexes and slices the value by position: a list, tuple, range or str, not a set or a dict view. */
export function isPositional(v: RV): boolean {
  return v instanceof StringValue || (v instanceof ArrayValue && !isSet(v) && dictViewKind(v) === undefined);
}

/** Whether Python can hash the value (a set's item, a dict's key): not a list, dict or set, nor a tuple holding one. */
export function isHashable(v: RV): boolean {
  if (v instanceof TupleValue) return v.value.every(isHashable);
  if (v instanceof ArrayValue) return false;
  if (v instanceof HostValue) return true;
  return !(v instanceof ObjectValue);
}

export function splitKwargs(args: RV[]): [RV[], Map<string, RV>] {
  const last = args[args.length - 1];
  if (last instanceof KeywordArgumentsValue) return [args.slice(0, -1), last.value];
  return [args, new Map()];
}

function hostFunctionValue(fn: HostFunction, name: string): RVOf<JFunction> {
  return makeFunction((args) => {
    const [pos, kw] = splitKwargs(args);
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of kw) kwargs[k] = toJs(v);
    return fromJs(fn(pos.map(toJs), kwargs), name);
  }, name);
}

/** JS → runtime value. Integers become IntegerValue, other numbers FloatValue; Maps and plain objects dicts. */
export function fromJs(v: unknown, name = 'function'): RV {
  if (isRV(v)) return v;
  switch (typeof v) {
    case 'undefined':
      return new UndefinedValue(undefined);
    case 'string':
      return new StringValue(v);
    case 'number':
      return Number.isInteger(v) ? new IntegerValue(v) : new FloatValue(v);
    case 'bigint':
      return new IntegerValue(Number(v));
    case 'boolean':
      return new BooleanValue(v);
    case 'function':
      return hostFunctionValue(v as HostFunction, name);
    case 'object': {
      if (v === null) return new NullValue(null);
      if (v instanceof JinjaObject) return new HostValue(v);
      if (v instanceof RawFunction) return makeFunction(v.fn, v.name);
      if (Array.isArray(v)) return new ArrayValue(v.map((x) => fromJs(x)));
      if (v instanceof Map) {
        // A key that is not a string keeps its type (a YAML mapping's `1:` is the int 1, as in Python).
        const m = new Map<string, RV>();
        for (const [k, x] of v) {
          if (typeof k === 'string') m.set(k, fromJs(x, k));
          else setDictEntry(m, fromJs(k), fromJs(x, String(k)));
        }
        return new ObjectValue(m);
      }
      if (v instanceof Date) return fromJs(v.toISOString());
      // PyYAML's whole floats, dates and datetimes (a var, a meta value, a test argument), as dbt's templates see them.
      if (v instanceof YamlFloat) return new FloatValue(v.value);
      if (v instanceof YamlTimestamp) return yamlTimestampValue(v);
      const m = new Map<string, RV>();
      // A YAML mapping whose keys JavaScript changed (`1:`, written order): PyYAML's keys, in the written order.
      const keys = yamlKeys(v);
      if (keys) {
        for (const [k, prop] of keys) setDictEntry(m, fromJs(k), fromJs((v as Record<string, unknown>)[prop], prop));
        return new ObjectValue(m);
      }
      for (const [k, x] of Object.entries(v)) m.set(k, fromJs(x, k));
      return new ObjectValue(m);
    }
    default:
      return new StringValue(String(v));
  }
}

/** Runtime → JS value. Dicts become plain objects (insertion order kept); host objects return their JinjaObject. */
export function toJs(v: RV): unknown {
  if (v instanceof HostValue) return v.host;
  if (v instanceof ArrayValue) return v.value.map(toJs);
  if (v instanceof ObjectValue || v instanceof NamespaceValue) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.value) o[dictKeyText(v.value, k)] = toJs(x);
    return o;
  }
  if (v instanceof FunctionValue) {
    const fn = v.value;
    return (...args: unknown[]) => toJs(fn(args.map((a) => fromJs(a)), new Environment()));
  }
  if (v instanceof UndefinedValue) return undefined;
  return v.value;
}

// ---------------------------------------------------------------------------------------------------------
// Python-style printing and comparison

/** How Python's repr writes a character that is not printable (categories C* and Z* other than the space). */
function pyEscape(c: number): string {
  const hex = c.toString(16);
  return c <= 0xff ? `\\x${hex.padStart(2, '0')}` : c <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
}

export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === q) out += '\\' + q;
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) out += pyEscape(ch.codePointAt(0)!);
    else out += ch;
  }
  return q + out + q;
}

/** Python `str(v)`, as `{{ v }}` prints it. */
export function pyStr(v: RV): string {
  if (v instanceof StringValue) return v.value;
  if (v instanceof HostValue) return v.host.hooks.str ? v.host.hooks.str() : dictRepr(v.value);
  return pyRepr(v);
}

function dictRepr(m: Map<string, RV>): string {
  const parts: string[] = [];
  for (const [k, x] of m) parts.push(`${pyRepr(dictKeyValue(m, k))}: ${pyRepr(x)}`);
  return `{${parts.join(', ')}}`;
}

/** Python `repr(v)`, used inside containers. */
export function pyRepr(v: RV): string {
  if (v instanceof StringValue) return strRepr(v.value);
  if (v instanceof UndefinedValue) return '';
  if (v instanceof NullValue) return 'None';
  if (v instanceof BooleanValue) return v.value ? 'True' : 'False';
  if (v instanceof FloatValue) return floatRepr(v.value);
  // An integer past 2**53 is one a double holds exactly (others are refused): all its digits, as Python prints it.
  if (v instanceof IntegerValue) return Number.isSafeInteger(v.value) || !Number.isFinite(v.value) ? String(v.value) : BigInt(v.value).toString();
  if (v instanceof TupleValue) {
    const range = rangeBounds(v);
    if (range) return range[2] === 1 ? `range(${range[0]}, ${range[1]})` : `range(${range.join(', ')})`;
    const items = v.value.map(pyRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (v instanceof ArrayValue) {
    if (isSet(v)) return v.value.length ? `{${v.value.map(pyRepr).join(', ')}}` : 'set()';
    const view = dictViewKind(v);
    if (view) return `${view}([${v.value.map(pyRepr).join(', ')}])`;
    return `[${v.value.map(pyRepr).join(', ')}]`;
  }
  if (v instanceof HostValue) return v.host.hooks.str ? v.host.hooks.str() : dictRepr(v.value);
  if (v instanceof NamespaceValue) return `<Namespace ${dictRepr(v.value)}>`;
  if (v instanceof ObjectValue) return dictRepr(v.value);
  if (v instanceof FunctionValue) return `<Macro '${functionName(v)}'>`;
  return String(v.value);
}

export function isNumeric(v: RV): v is RVOf<number> | RVOf<boolean> {
  return v instanceof IntegerValue || v instanceof FloatValue || v instanceof BooleanValue;
}
export function num(v: RV): number {
  return typeof v.value === 'boolean' ? Number(v.value) : (v.value as number);
}

export function pyEq(a: RV, b: RV): boolean {
  if (a === b) return true;
  if (a instanceof HostValue && a.host.hooks.equals) return a.host.hooks.equals(toJs(b));
  if (b instanceof HostValue && b.host.hooks.equals) return b.host.hooks.equals(toJs(a));
  if (isNumeric(a) && isNumeric(b)) return num(a) === num(b);
  if (a instanceof StringValue && b instanceof StringValue) return a.value === b.value;
  if (a instanceof NullValue && b instanceof NullValue) return true;
  if (a instanceof UndefinedValue && b instanceof UndefinedValue) return true;
  if (dictViewKind(a) !== undefined || dictViewKind(b) !== undefined) {
    // dict_values equals only itself (a === b above); dict_keys and dict_items compare as sets, with sets and views.
    const setLike = (x: RV) => x instanceof ArrayValue && (isSet(x) || dictViewKind(x) === 'dict_keys' || dictViewKind(x) === 'dict_items');
    if (!setLike(a) || !setLike(b)) return false;
    const [xs, ys] = [a.value as RV[], b.value as RV[]];
    return xs.length === ys.length && xs.every((x) => ys.some((y) => pyEq(x, y)));
  }
  if (a instanceof ArrayValue && b instanceof ArrayValue) {
    if (a instanceof TupleValue !== b instanceof TupleValue || a.value.length !== b.value.length) return false;
    if ((rangeBounds(a) === undefined) !== (rangeBounds(b) === undefined)) return false;
    if (isSet(a) !== isSet(b)) return false;
    if (isSet(a)) return a.value.every((x) => b.value.some((y) => pyEq(x, y)));
    return a.value.every((x, i) => pyEq(x, b.value[i]));
  }
  if (a instanceof HostValue || b instanceof HostValue) return false;
  if (a instanceof ObjectValue && b instanceof ObjectValue) {
    if (a.value.size !== b.value.size) return false;
    for (const [k, x] of a.value) {
      const y = b.value.get(k);
      if (!y || !pyEq(x, y)) return false;
    }
    return true;
  }
  return false;
}

const baseBool = (RuntimeValueBase.prototype as RV).__bool__;

/** Python truthiness: the value's `__bool__`, read without making the BooleanValue the library's returns. */
export function pyBool(v: RV): boolean {
  if (v instanceof HostValue) return v.__bool__().value;
  if (v.__bool__ === baseBool) return !!v.value;
  if (v instanceof ObjectValue) return (v.value as Map<string, RV>).size > 0;
  if (v instanceof ArrayValue) return (v.value as RV[]).length > 0;
  return v.__bool__().value;
}

/** Python type names for error messages. */
export function typeName(v: RV): string {
  if (v instanceof HostValue) return v.host.hooks.typeName ?? 'object';
  if (v instanceof StringValue) return 'str';
  if (v instanceof BooleanValue) return 'bool';
  if (v instanceof IntegerValue) return 'int';
  if (v instanceof FloatValue) return 'float';
  if (v instanceof NullValue) return 'NoneType';
  if (v instanceof UndefinedValue) return 'Undefined';
  if (v instanceof TupleValue) return rangeBounds(v) ? 'range' : 'tuple';
  if (v instanceof ArrayValue) return isSet(v) ? 'set' : (dictViewKind(v) ?? 'list');
  if (v instanceof NamespaceValue) return 'Namespace';
  if (v instanceof ObjectValue) return 'dict';
  if (v instanceof FunctionValue) return 'function';
  return v.type;
}

/** Items a value yields when iterated, as Python would (dict → keys, str → characters). */
/**
 * Dicts are keyed by text; a non-string key (a Relation, as dbt_utils.union_relations and `{ref('a'): …}` use, or
 * a number) is stored under a text no string key can have and remembered here, so keys(), items() and iteration
 * give it back: `{'1': 'a', 1: 'b'}` has two entries, as in Python, and 1, 1.0 and True are one key.
 */
const keyObjects = new WeakMap<Map<string, RV>, Map<string, RV>>();

const KEY_MARK = '\u0000';

/** The text a dict stores `key` under: a string as itself, another key marked (keys Python finds equal alike). */
export function dictKey(key: RV): string {
  if (key instanceof StringValue) return key.value;
  if (isNumeric(key)) return `${KEY_MARK}${num(key)}`;
  if (key instanceof TupleValue) return `${KEY_MARK}(${key.value.map(dictKey).join('\u0001')})`;
  return `${KEY_MARK}${typeName(key)}:${pyStr(key)}`;
}

/** The text of a dict's stored key as str() gives it (what JS sees, where the key object cannot go). */
export function dictKeyText(m: Map<string, RV>, k: string): string {
  return k.startsWith(KEY_MARK) ? pyStr(dictKeyValue(m, k)) : k;
}

/** `m[key] = value`, remembering a non-string key. */
export function setDictEntry(m: Map<string, RV>, key: RV, value: RV): void {
  const k = dictKey(key);
  const present = m.has(k);
  m.set(k, value);
  if (key instanceof StringValue) return;
  let objs = keyObjects.get(m);
  if (!objs) keyObjects.set(m, (objs = new Map()));
  // Python keeps the key an entry was made with: {1: 'a', True: 'b'} is {1: 'b'}.
  if (!present || !objs.has(k)) objs.set(k, key);
}

/** The key a dict entry was stored with. */
export function dictKeyValue(m: Map<string, RV>, k: string): RV {
  return keyObjects.get(m)?.get(k) ?? new StringValue(k);
}

/** Copies `from`'s entries into `to`, key objects included (dict.update). */
export function copyDictEntries(to: Map<string, RV>, from: Map<string, RV>): void {
  for (const [k, v] of from) setDictEntry(to, dictKeyValue(from, k), v);
}

export function iterate(v: RV): RV[] | null {
  if (v instanceof HostValue) {
    if (v.host.hooks.iter) return v.host.hooks.iter().map((x) => fromJs(x));
    return [...v.value.keys()].map((k) => new StringValue(k));
  }
  if (v instanceof ArrayValue) return v.value;
  if (v instanceof ObjectValue) return [...v.value.keys()].map((k) => dictKeyValue(v.value, k));
  if (v instanceof StringValue) return Array.from(v.value, (c) => new StringValue(c));
  if (v instanceof UndefinedValue) return [];
  return null;
}

export function str(s: string): RVOf<string> {
  return new StringValue(s);
}
export const NONE = (): RVOf<null> => new NullValue(null);
export const UNDEF = (): RVOf<undefined> => new UndefinedValue(undefined);

/** Python's len() of a str: code points, so a character outside the BMP (an emoji) counts once, not twice. */
export function strLength(s: string): number {
  return /[\ud800-\udfff]/.test(s) ? Array.from(s).length : s.length;
}

/** Python's s[start:end] for non-negative bounds: by code point (an emoji is one character). */
export function strSlice(s: string, start: number, end?: number): string {
  return /[\ud800-\udfff]/.test(s) ? Array.from(s).slice(start, end).join('') : s.slice(start, end);
}

/** Python's str ordering: by code point (JavaScript's < compares UTF-16 units, putting an emoji before U+FFFF). */
export function compareText(a: string, b: string): number {
  if (!/[\ud800-\udfff]/.test(a) && !/[\ud800-\udfff]/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return Math.sign(x.length - y.length);
}

/**
 * Python's str.casefold, closely: upper- then lower-casing folds ß to ss; JavaScript's lower-casing writes a word's
 * last sigma as ς, which casefold folds to σ.
 */
export const casefold = (s: string): string => s.toUpperCase().toLowerCase().replace(/ς/g, 'σ');
