// dbt's toyaml(): PyYAML's safe_dump(value, sort_keys=…) with its defaults (block style, indent 2, width 80, no
// unicode). Scalars take PyYAML's style: plain where it reads back as the same string, single-quoted where a plain
// scalar would read as another type or holds an indicator, double-quoted with escapes for characters PyYAML does not
// print as they are. Text PyYAML would fold over several lines (long lines with spaces, line breaks) and values whose
// dump Bronze does not reproduce exactly (datetimes) are refused by name rather than dumped differently.
import { resolvePlain } from '../project/yaml-dbt';
import { floatRepr } from '../core/yaml-python-values';
import { type RV, ArrayValue, BooleanValue, FloatValue, HostValue, IntegerValue, NullValue, ObjectValue, StringValue, UndefinedValue, dictKeyValue } from './values';
import { PyDateTime } from './pydatetime';

/** Raised where PyYAML could not represent the value: dbt's toyaml then returns its default. */
export class NotRepresentable extends Error {}

const WIDTH = 80;

interface Scalar {
  text: string;
  plain: boolean;
}

/** The YAML text PyYAML's safe_dump gives for `value`. Throws NotRepresentable, or Error for what Bronze refuses. */
export function pyyamlDump(value: RV, sortKeys: boolean): string {
  if (isMapping(value) || isSequence(value)) {
    const lines: string[] = [];
    if (isEmpty(value)) return `${isMapping(value) ? '{}' : '[]'}\n`;
    if (isMapping(value)) mapping(value, 0, lines, sortKeys);
    else sequence(value, 0, lines, sortKeys);
    return lines.join('\n') + '\n';
  }
  const s = scalar(value, 0);
  // A plain scalar at the root is open-ended: PyYAML ends the document with `...`.
  return s.plain ? `${s.text}\n...\n` : `${s.text}\n`;
}

type Mapping = RV & { value: Map<string, RV> };
type Sequence = RV & { value: RV[] };

function isMapping(v: RV): v is Mapping {
  return v instanceof ObjectValue && !(v instanceof HostValue);
}
function isSequence(v: RV): v is Sequence {
  return v instanceof ArrayValue;
}
function isEmpty(v: RV): boolean {
  return isMapping(v) ? v.value.size === 0 : isSequence(v) ? v.value.length === 0 : false;
}

function entries(m: Mapping, sortKeys: boolean): [RV, RV][] {
  const out: [RV, RV][] = [...m.value].map(([k, v]) => [dictKeyValue(m.value, k), v]);
  if (sortKeys) out.sort(([a], [b]) => (keyText(a) < keyText(b) ? -1 : keyText(a) > keyText(b) ? 1 : 0));
  return out;
}
function keyText(k: RV): string {
  return k instanceof StringValue ? k.value : String(k.value);
}

function mapping(m: Mapping, indent: number, lines: string[], sortKeys: boolean, firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  for (const [i, [k, v]] of entries(m, sortKeys).entries()) {
    if (isMapping(k) || isSequence(k)) throw new Error('toyaml: a mapping key that is itself a list or mapping is not supported by Bronze');
    const key = scalar(k, indent);
    if (k instanceof StringValue && k.value === '') throw new Error("toyaml: an empty mapping key (PyYAML writes it as a complex key, `? ''`) is not supported by Bronze");
    if (key.text.length > 128) throw new Error('toyaml: a mapping key longer than 128 characters (PyYAML writes it as a complex key) is not supported by Bronze');
    const head = `${i === 0 && firstPrefix !== undefined ? firstPrefix : pad}${key.text}:`;
    if (isEmpty(v)) lines.push(`${head} ${isMapping(v) ? '{}' : '[]'}`);
    else if (isMapping(v)) {
      lines.push(head);
      mapping(v, indent + 2, lines, sortKeys);
    } else if (isSequence(v)) {
      lines.push(head);
      sequence(v, indent, lines, sortKeys); // PyYAML does not indent a sequence under a mapping key
    } else lines.push(`${head} ${scalar(v, head.length + 1).text}`);
  }
}

function sequence(a: Sequence, indent: number, lines: string[], sortKeys: boolean, firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  for (const [i, v] of a.value.entries()) {
    const dash = `${i === 0 && firstPrefix !== undefined ? firstPrefix : pad}- `;
    if (isEmpty(v)) lines.push(`${dash}${isMapping(v) ? '{}' : '[]'}`);
    else if (isMapping(v)) mapping(v, indent + 2, lines, sortKeys, dash);
    else if (isSequence(v)) sequence(v, indent + 2, lines, sortKeys, dash);
    else lines.push(`${dash}${scalar(v, dash.length).text}`);
  }
}

function scalar(v: RV, column: number): Scalar {
  if (v instanceof NullValue || v instanceof UndefinedValue) return { text: 'null', plain: true };
  if (v instanceof BooleanValue) return { text: v.value ? 'true' : 'false', plain: true };
  if (v instanceof IntegerValue) return { text: String(v.value), plain: true };
  if (v instanceof FloatValue) return { text: floatText(v.value), plain: true };
  if (v instanceof StringValue) return stringScalar(v.value, column);
  if (v instanceof HostValue) {
    const py = (v.host.attrs as { __py?: unknown }).__py;
    if (py instanceof PyDateTime && py.kind === 'date') return { text: py.isoformat(), plain: true };
    if (py instanceof PyDateTime) throw new Error('toyaml: a datetime is not supported by Bronze (its PyYAML form is not reproduced exactly)');
  }
  throw new NotRepresentable(`cannot represent an object: ${String(v.type)}`);
}

/** PyYAML's represent_float. */
function floatText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  const r = floatRepr(n).toLowerCase();
  return !r.includes('.') && r.includes('e') ? r.replace('e', '.0e') : r;
}

const LEADING_INDICATORS = '#,[]{}&*!|>\'"%@`';

function stringScalar(s: string, column: number): Scalar {
  if (/[\n\r\u0085\u2028\u2029]/.test(s)) throw new Error('toyaml: a string holding a line break is not supported by Bronze (PyYAML folds it over several lines)');
  // PyYAML prints printable ASCII as it is (allow_unicode is off); anything else forces double quotes with escapes.
  if (/[^\x20-\x7e]/.test(s)) return checkWidth({ text: doubleQuoted(s), plain: false }, column, s);
  const plain =
    s !== '' &&
    typeof resolvePlain(s) === 'string' &&
    s !== '=' && // PyYAML's value and merge-key resolvers claim these two
    s !== '<<' &&
    !LEADING_INDICATORS.includes(s[0]) &&
    !(/^[-?:]/.test(s) && (s.length === 1 || s[1] === ' ')) &&
    !s.includes(': ') &&
    !s.includes(' #') &&
    !s.endsWith(':') &&
    !/^(?:---|\.\.\.)(?:\s|$)/.test(s) &&
    s[0] !== ' ' &&
    !s.endsWith(' ');
  return checkWidth(plain ? { text: s, plain: true } : { text: `'${s.replace(/'/g, "''")}'`, plain: false }, column, s);
}

/** PyYAML breaks a plain or quoted scalar at a space once its line passes the width: not reproduced. */
function checkWidth(sc: Scalar, column: number, s: string): Scalar {
  if (column + sc.text.length > WIDTH && s.includes(' ')) {
    throw new Error(`toyaml: a string that reaches past column ${WIDTH} with spaces in it is not supported by Bronze (PyYAML folds it over several lines)`);
  }
  return sc;
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const named: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 11: 'v', 12: 'f', 27: 'e', 34: '"', 92: '\\', 0x85: 'N', 0xa0: '_' };
    if (named[c] !== undefined) out += `\\${named[c]}`;
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c <= 0xff) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (c <= 0xffff) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
  }
  return `${out}"`;
}
