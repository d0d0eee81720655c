// Python ordering for runtime values (`<`, sort, min/max).
import { type RV, ArrayValue, HostValue, StringValue, compareText, isNumeric, num, toJs, typeName } from './values';

export function compareValues(a: RV, b: RV): number {
  if (isNumeric(a) && isNumeric(b)) return Math.sign(num(a) - num(b));
  if (a instanceof StringValue && b instanceof StringValue) return compareText(a.value, b.value);
  if (a instanceof ArrayValue && b instanceof ArrayValue) {
    for (let i = 0; i < Math.min(a.value.length, b.value.length); i++) {
      const c = compareValues(a.value[i], b.value[i]);
      if (c !== 0) return c;
    }
    return Math.sign(a.value.length - b.value.length);
  }
  if (a instanceof HostValue && a.host.hooks.binary) {
    const lt = a.host.hooks.binary('<', toJs(b), false);
    const gt = a.host.hooks.binary('>', toJs(b), false);
    if (typeof lt === 'boolean' && typeof gt === 'boolean') return lt ? -1 : gt ? 1 : 0;
  }
  throw new Error(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}
