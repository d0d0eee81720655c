// Attribute and item access with Jinja2's rules: `a.b` tries the attribute (methods) first and the item second;
// `a['b']` the other way round. A miss yields an Undefined that remembers why, so using it further can say so.
import { pythonMethod } from './methods';
import { namedField } from './named-tuple';
import {
  type RV,
  ArrayValue,
  HostValue,
  IntegerValue,
  NamespaceValue,
  ObjectValue,
  StringValue,
  UndefinedValue,
  BooleanValue,
  FunctionValue,
  macroAttribute,
  fromJs,
  pyRepr,
  dictKey,
  toJs,
  typeName,
  isPositional,
} from './values';

/** Why an Undefined is undefined: Jinja2's message for using it. */
export const undefinedHints = new WeakMap<RV, string>();

export function missing(hint: string): RV {
  const u = new UndefinedValue(undefined);
  undefinedHints.set(u, hint);
  return u;
}

export function undefinedMessage(v: RV, fallback = 'value is undefined'): string {
  return undefinedHints.get(v) ?? fallback;
}

function objectLabel(v: RV): string {
  const t = typeName(v);
  return t === 'dict' || t === 'list' || t === 'str' ? `${t} object` : t === 'Undefined' ? 'Undefined' : `${t} object`;
}

function itemOf(obj: RV, key: RV): RV | undefined {
  if (obj instanceof HostValue) {
    if (key instanceof StringValue && obj.value.has(key.value)) return obj.value.get(key.value);
    if (obj.host.hooks.getItem) {
      const got = obj.host.hooks.getItem(toJs(key));
      return got === undefined ? undefined : fromJs(got);
    }
    return undefined;
  }
  if (obj instanceof ObjectValue || obj instanceof NamespaceValue) return obj.value.get(dictKey(key));
  // A set or dict view is not subscriptable: Jinja2's getitem gives Undefined for it, as for a missing element.
  if (isPositional(obj) && (key instanceof IntegerValue || key instanceof BooleanValue)) {
    const n = Number(key.value);
    if (obj instanceof StringValue) {
      // By code point, as Python indexes a str (an emoji is one character).
      const c = (/[\ud800-\udfff]/.test(obj.value) ? Array.from(obj.value) : obj.value).at(n);
      return c === undefined ? undefined : new StringValue(c);
    }
    return (obj.value as RV[]).at(n);
  }
  return undefined;
}

function attrOf(obj: RV, name: string): RV | undefined {
  if (obj instanceof HostValue) return obj.value.get(name);
  if (obj instanceof NamespaceValue) return obj.value.get(name);
  if (obj instanceof FunctionValue) return macroAttribute(obj, name);
  return namedField(obj, name) ?? pythonMethod(obj, name);
}

/** Python's getattr(obj, name) alone (Jinja2's attr filter): a dict's keys are not attributes. */
export function attributeOf(obj: RV, name: string): RV {
  if (obj instanceof UndefinedValue) throw new Error(undefinedMessage(obj));
  return attrOf(obj, name) ?? missing(`'${objectLabel(obj)}' has no attribute '${name}'`);
}

/** `obj.name` */
export function getAttr(obj: RV, name: string): RV {
  if (obj instanceof UndefinedValue) throw new Error(undefinedMessage(obj));
  const v = attrOf(obj, name) ?? itemOf(obj, new StringValue(name));
  return v ?? missing(`'${objectLabel(obj)}' has no attribute '${name}'`);
}

/** `obj[key]` */
export function getItem(obj: RV, key: RV): RV {
  if (obj instanceof UndefinedValue) throw new Error(undefinedMessage(obj));
  const v = itemOf(obj, key) ?? (key instanceof StringValue ? attrOf(obj, key.value) : undefined);
  if (v) return v;
  if ((obj instanceof ArrayValue || obj instanceof StringValue) && !isPositional(obj)) return missing(`'${typeName(obj)}' object is not subscriptable`);
  if (obj instanceof ArrayValue || obj instanceof StringValue) {
    return missing(`${obj instanceof StringValue ? 'str' : 'list'} object has no element ${pyRepr(key)}`);
  }
  return missing(`'${objectLabel(obj)}' has no attribute ${pyRepr(key)}`);
}

/** Jinja's `attribute='a.b'` paths (map, sort, selectattr…): dotted, integers index lists. */
export function getPath(obj: RV, path: string): RV {
  let v = obj;
  for (const part of path.split('.')) {
    if (v instanceof UndefinedValue) return v;
    v = /^\d+$/.test(part) && v instanceof ArrayValue ? getItem(v, new IntegerValue(Number(part))) : getItem(v, new StringValue(part));
  }
  return v;
}

