// Python string formatting: `'%s' % x`, `str.format()` and the `format` filter, on runtime values.
import { formatFixed } from './pynumbers';
import {
  type RV,
  IntegerValue,
  ObjectValue,
  StringValue,
  TupleValue,
  BooleanValue,
  floatRepr,
  isNumeric,
  num,
  pyRepr,
  pyStr,
  strLength,
  strSlice,
  typeName,
} from './values';

function pad(s: string, width: number, align: string, fill: string): string {
  // Widths count code points, as Python's len() does.
  const length = strLength(s);
  if (length >= width) return s;
  const gap = width - length;
  if (align === '<') return s + fill.repeat(gap);
  if (align === '^') return fill.repeat(Math.floor(gap / 2)) + s + fill.repeat(gap - Math.floor(gap / 2));
  if (align === '=') {
    const sign = /^[+\- ]/.test(s) ? s[0] : '';
    return sign + fill.repeat(gap) + s.slice(sign.length);
  }
  return fill.repeat(gap) + s;
}

function group(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function numberText(n: number, type: string, precision: number | undefined, alt: boolean): string {
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
      return formatFixed(Math.abs(Math.trunc(n)), 0);
    case 'f':
    case 'F':
      return formatFixed(Math.abs(n), precision ?? 6);
    case 'e':
    case 'E': {
      const t = Math.abs(n).toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return type === 'E' ? t.toUpperCase() : t;
    }
    case 'g':
    case 'G': {
      const p = precision === 0 ? 1 : (precision ?? 6);
      const a = Math.abs(n);
      const exp = a === 0 ? 0 : Math.floor(Math.log10(a));
      let t = exp < -4 || exp >= p ? a.toExponential(p - 1).replace(/e([+-])(\d)$/, 'e$10$2') : a.toFixed(Math.max(0, p - 1 - exp));
      if (!alt) t = t.replace(/\.?0+(?=e|$)/, '');
      return type === 'G' ? t.toUpperCase() : t;
    }
    case 'x':
    case 'X': {
      const t = Math.abs(Math.trunc(n)).toString(16);
      return (alt ? '0x' : '') + (type === 'X' ? t.toUpperCase() : t);
    }
    case 'o':
      return (alt ? '0o' : '') + Math.abs(Math.trunc(n)).toString(8);
    case 'b':
      return (alt ? '0b' : '') + Math.abs(Math.trunc(n)).toString(2);
    case '%':
      return formatFixed(Math.abs(n) * 100, precision ?? 6) + '%';
    default:
      return floatRepr(Math.abs(n));
  }
}

/** `format(value, spec)` for the format mini-language subset templates use. */
export function formatSpec(v: RV, spec: string): string {
  const m = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) throw new Error(`Invalid format specifier '${spec}'`);
  const [, fillRaw, alignRaw, sign = '-', alt, zero, widthRaw, groupSep, precRaw, type = ''] = m;
  const width = widthRaw ? Number(widthRaw) : 0;
  const precision = precRaw !== undefined ? Number(precRaw) : undefined;
  let fill = fillRaw ?? (zero && !alignRaw ? '0' : ' ');
  let align = alignRaw ?? (zero ? '=' : '');
  if (isNumeric(v) && type !== 's') {
    const n = num(v);
    let t: string;
    if ((type === '' || type === 'n') && v instanceof IntegerValue) t = String(Math.abs(n));
    else if (type === 'n') t = numberText(n, 'g', precision, false);
    else if (type === '' && v instanceof BooleanValue) t = v.value ? 'True' : 'False';
    else if (type === '' && precision !== undefined) t = numberText(n, 'g', precision, false);
    else t = numberText(n, type || 'r', precision, !!alt);
    if (groupSep) {
      const [ip, ...rest] = t.split('.');
      t = [group(ip, groupSep), ...rest].join('.');
    }
    const signText = n < 0 || Object.is(n, -0) ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
    if (!align) align = '>';
    return pad(signText + t, width, align, fill);
  }
  if (type && type !== 's') throw new Error(`Unknown format code '${type}' for object of type '${typeName(v)}'`);
  let s = pyStr(v);
  if (precision !== undefined) s = strSlice(s, 0, precision);
  if (!align) align = '<';
  if (align === '=') fill = ' ';
  return pad(s, width, align, fill);
}

/** Python `%` operator on a string. */
export function percentFormat(template: string, arg: RV): string {
  const positional = arg instanceof TupleValue ? arg.value : [arg];
  const mapping = arg instanceof ObjectValue && !(arg instanceof TupleValue) ? arg.value : null;
  let k = 0;
  const re = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;
  const out = template.replace(re, (whole, key: string | undefined, flags: string, widthRaw, precRaw, type: string) => {
    if (type === '%' && whole === '%%') return '%';
    const take = (): RV => {
      if (k >= positional.length) throw new Error('not enough arguments for format string');
      return positional[k++];
    };
    let width = widthRaw === '*' ? num(take()) : widthRaw ? Number(widthRaw) : 0;
    const precision = precRaw === '*' ? num(take()) : precRaw !== undefined ? Number(precRaw) : undefined;
    let v: RV;
    if (key !== undefined) {
      if (!mapping) throw new Error('format requires a mapping');
      const got = mapping.get(key);
      if (!got) throw new Error(`KeyError: '${key}'`);
      v = got;
    } else v = take();
    const left = flags.includes('-');
    let s: string;
    if (type === 's' || type === 'r' || type === 'a') {
      s = type === 's' ? pyStr(v) : type === 'a' ? asciiRepr(v) : pyRepr(v);
      if (precision !== undefined) s = strSlice(s, 0, precision);
    } else if (type === 'c') {
      s = v instanceof StringValue ? v.value : String.fromCharCode(num(v));
    } else {
      if (!isNumeric(v)) throw new Error(`%${type} format: a real number is required, not ${typeName(v)}`);
      const n = num(v);
      s = numberText(n, type === 'F' ? 'f' : type, precision, flags.includes('#'));
      const sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      if (flags.includes('0') && !left && width > s.length + sign.length) {
        s = '0'.repeat(width - s.length - sign.length) + s;
        width = 0;
      }
      s = sign + s;
    }
    return pad(s, width, left ? '<' : '>', ' ');
  });
  if (!mapping && arg instanceof TupleValue && k < positional.length) {
    throw new Error('not all arguments converted during string formatting');
  }
  return out;
}

/** Python's ascii(v): repr with every non-ASCII character escaped. */
function asciiRepr(v: RV): string {
  return Array.from(pyRepr(v), (ch) => {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) return ch;
    const hex = c.toString(16);
    return c <= 0xff ? `\\x${hex.padStart(2, '0')}` : c <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\U${hex.padStart(8, '0')}`;
  }).join('');
}

function resolveField(field: string, args: RV[], kwargs: Map<string, RV>, auto: { i: number }): RV {
  const m = /^([^.[]*)(.*)$/.exec(field)!;
  const head = m[1];
  let v: RV | undefined;
  if (head === '') v = args[auto.i++];
  else if (/^\d+$/.test(head)) v = args[Number(head)];
  else v = kwargs.get(head);
  if (v === undefined) throw new Error(head === '' || /^\d+$/.test(head) ? 'Replacement index out of range' : `KeyError: '${head}'`);
  const rest = /\.(\w+)|\[([^\]]+)\]/g;
  let r: RegExpExecArray | null;
  while ((r = rest.exec(m[2]))) {
    const key = r[1] ?? r[2];
    if (v instanceof ObjectValue) v = v.value.get(key);
    else if (Array.isArray(v?.value) && /^\d+$/.test(key)) v = (v!.value as RV[])[Number(key)];
    else v = undefined;
    if (v === undefined) throw new Error(`KeyError: '${key}'`);
  }
  return v;
}

/** Python `str.format(*args, **kwargs)`. */
export function strFormat(template: string, args: RV[], kwargs: Map<string, RV>): string {
  const auto = { i: 0 };
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') {
        out += '{';
        i += 2;
        continue;
      }
      // The field ends at its matching '}': a format spec may hold fields of its own ('{:{width}.{p}f}').
      let close = i + 1;
      for (let depth = 1; close < template.length; close++) {
        if (template[close] === '{') depth++;
        else if (template[close] === '}' && --depth === 0) break;
      }
      if (close >= template.length) throw new Error("expected '}' before end of string");
      const inner = template.slice(i + 1, close);
      const m = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(inner)!;
      let v = resolveField(m[1], args, kwargs, auto);
      if (m[2]) v = new StringValue(m[2] === 's' ? pyStr(v) : m[2] === 'a' ? asciiRepr(v) : pyRepr(v));
      const spec = m[3]?.replace(/\{([^{}]*)\}/g, (_, field: string) => pyStr(resolveField(field, args, kwargs, auto)));
      out += spec ? formatSpec(v, spec) : pyStr(v);
      i = close + 1;
    } else if (c === '}') {
      if (template[i + 1] !== '}') throw new Error("Single '}' encountered in format string");
      out += '}';
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
