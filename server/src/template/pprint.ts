// Python's pprint.pformat(value) as Jinja2's pprint filter calls it (width 80, indent 1, dict keys sorted): a value
// whose repr fits on its line is written as repr writes it; a dict, list, tuple or str that does not fit is split
// over lines, one item (or one run of words) a line, indented under its opening bracket.
import { compareValues } from './compare';
import { splitLines } from './textwrap';
import { type RV, ArrayValue, HostValue, NamespaceValue, ObjectValue, StringValue, TupleValue, dictKeyValue, pyRepr, rangeBounds, typeName } from './values';

const WIDTH = 80;

/** Python's code-point length. */
const len = (s: string) => Array.from(s).length;

const isDict = (v: RV) => v instanceof ObjectValue && !(v instanceof HostValue) && !(v instanceof NamespaceValue);
const isTuple = (v: RV) => v instanceof TupleValue && !rangeBounds(v);
const isList = (v: RV) => v instanceof ArrayValue && !(v instanceof TupleValue);

/** pprint's _safe_key: keys in their order, keys that do not compare by their type's name. */
function keyOrder(a: RV, b: RV): number {
  try {
    return compareValues(a, b);
  } catch {
    const ta = typeName(a);
    const tb = typeName(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  }
}

function sortedItems(v: RV): [RV, RV][] {
  const m = v.value as Map<string, RV>;
  return [...m].map(([k, x]) => [dictKeyValue(m, k), x] as [RV, RV]).sort(([a], [b]) => keyOrder(a, b));
}

/** pprint's repr: repr with every dict's keys sorted. */
function sortedRepr(v: RV): string {
  if (isDict(v)) return `{${sortedItems(v).map(([k, x]) => `${sortedRepr(k)}: ${sortedRepr(x)}`).join(', ')}}`;
  if (isList(v)) return `[${(v.value as RV[]).map(sortedRepr).join(', ')}]`;
  if (isTuple(v)) {
    const items = (v.value as RV[]).map(sortedRepr);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  return pyRepr(v);
}

export function pformat(v: RV): string {
  const out: string[] = [];
  format(v, out, 0, 0, 0);
  return out.join('');
}

function format(v: RV, out: string[], indent: number, allowance: number, level: number): void {
  const rep = sortedRepr(v);
  if (len(rep) > WIDTH - indent - allowance) {
    if (isDict(v)) {
      out.push('{');
      const items = sortedItems(v);
      if (items.length) formatDictItems(items, out, indent, allowance + 1, level + 1);
      out.push('}');
      return;
    }
    if (isList(v)) {
      out.push('[');
      formatItems(v.value as RV[], out, indent, allowance + 1, level + 1);
      out.push(']');
      return;
    }
    if (isTuple(v)) {
      const end = (v.value as RV[]).length === 1 ? ',)' : ')';
      out.push('(');
      formatItems(v.value as RV[], out, indent, allowance + end.length, level + 1);
      out.push(end);
      return;
    }
    if (v instanceof StringValue) return formatStr(v.value, out, indent, allowance, level + 1);
  }
  out.push(rep);
}

function formatDictItems(items: [RV, RV][], out: string[], indent: number, allowance: number, level: number): void {
  const inner = indent + 1;
  items.forEach(([k, x], i) => {
    const last = i === items.length - 1;
    const rep = sortedRepr(k);
    out.push(rep, ': ');
    format(x, out, inner + len(rep) + 2, last ? allowance : 1, level);
    if (!last) out.push(',\n' + ' '.repeat(inner));
  });
}

function formatItems(items: RV[], out: string[], indent: number, allowance: number, level: number): void {
  const inner = indent + 1;
  items.forEach((x, i) => {
    if (i > 0) out.push(',\n' + ' '.repeat(inner));
    format(x, out, inner, i === items.length - 1 ? allowance : 1, level);
  });
}

/** pprint's _pprint_str: a long string as adjacent literals, each line (or run of words) fitting the width. */
function formatStr(s: string, out: string[], indent: number, allowance: number, level: number): void {
  if (!s.length) {
    out.push(pyRepr(new StringValue(s)));
    return;
  }
  const repr = (x: string) => pyRepr(new StringValue(x));
  const chunks: string[] = [];
  const lines = splitLines(s, true);
  if (level === 1) {
    indent += 1;
    allowance += 1;
  }
  const maxWidth = WIDTH - indent;
  let maxWidth1 = maxWidth;
  let rep = '';
  lines.forEach((line, i) => {
    rep = repr(line);
    if (i === lines.length - 1) maxWidth1 -= allowance;
    if (len(rep) <= maxWidth1) {
      chunks.push(rep);
      return;
    }
    // Alternating runs of non-space then space, as re.findall(r'\S*\s*') gives them without the final empty one.
    const parts = line.match(/[^\s]*\s*/gu)!.filter((x, j, all) => x !== '' || j < all.length - 1);
    let maxWidth2 = maxWidth;
    let current = '';
    parts.forEach((part, j) => {
      const candidate = current + part;
      if (j === parts.length - 1 && i === lines.length - 1) maxWidth2 -= allowance;
      if (len(repr(candidate)) > maxWidth2) {
        if (current) chunks.push(repr(current));
        current = part;
      } else current = candidate;
    });
    if (current) chunks.push(repr(current));
  });
  if (chunks.length === 1) {
    out.push(rep);
    return;
  }
  if (level === 1) out.push('(');
  chunks.forEach((c, i) => out.push((i > 0 ? '\n' + ' '.repeat(indent) : '') + c));
  if (level === 1) out.push(')');
}
