// Python's int(text, base), float(text) and round(x, ndigits) on floats, as Jinja2's int, float and round filters
// call them.

/** Python's int(text, base): surrounding whitespace, a sign, the base's 0x/0o/0b prefix, `_` between digits. */
export function parsePythonInt(text: string, base: number): number | undefined {
  let s = text.trim();
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  const prefix = /^0([xob])/i.exec(s)?.[1].toLowerCase();
  const prefixBase = prefix === 'x' ? 16 : prefix === 'o' ? 8 : prefix === 'b' ? 2 : undefined;
  let radix = base;
  if (prefixBase !== undefined && (base === 0 || base === prefixBase)) {
    radix = prefixBase;
    // After a prefix an underscore may come first: 0x_1f.
    s = s.slice(2).replace(/^_/, '');
  } else if (base === 0) {
    radix = 10;
    // Base 0 reads a literal: no leading zeros in a non-zero decimal.
    if (/^0+_?[1-9]/.test(s.replace(/_/g, ''))) return undefined;
  }
  if (radix < 2 || radix > 36) return undefined;
  const digit = `[0-9a-z]`;
  if (!new RegExp(`^${digit}+(_${digit}+)*$`, 'i').test(s)) return undefined;
  const digits = s.replace(/_/g, '').toLowerCase();
  if ([...digits].some((c) => parseInt(c, 36) >= radix)) return undefined;
  return sign * parseInt(digits, radix);
}

/** Python's float(text): a decimal literal with `_` between digits, or inf/infinity/nan in any case. */
export function parsePythonFloat(text: string): number | undefined {
  const s = text.trim();
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(s);
  if (special) return special[2].toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  const digits = '\\d+(?:_\\d+)*';
  if (!new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`).test(s)) return undefined;
  return Number(s.replace(/_/g, ''));
}

/**
 * Python's fixed-point text of a non-negative float ('%.2f', round): the exact binary value rounded to `digits`
 * decimals, an exact tie going to the even digit ('%.1f' % 0.25 is 0.2, where JS's toFixed gives 0.3), and every
 * digit of a large value (1e100 is 1 followed by Python's 100 digits of the double, not 1e+100).
 */
export function formatFixed(a: number, digits: number): string {
  if (!Number.isFinite(a)) return Number.isNaN(a) ? 'nan' : 'inf';
  if (a >= 1e21) return BigInt(a).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  if (digits > 100) return a.toFixed(100) + '0'.repeat(digits - 100);
  // A double that is an exact tie has at most digits + 1 decimals, so 40 more digits tell a tie from a near one.
  const extra = Math.min(100, digits + 40) - digits;
  if (extra > 0) {
    const longer = a.toFixed(digits + extra);
    if (/^50*$/.test(longer.slice(-extra))) {
      const truncated = longer.slice(0, -extra).replace(/\.$/, '');
      if (Number(truncated.slice(-1)) % 2 === 0) return truncated;
    }
  }
  return a.toFixed(digits);
}

/** Python's round(x, ndigits) of a float: round(2.675, 2) is 2.67 (the double is just below), round(0.125, 2) 0.12. */
export function roundFloat(x: number, ndigits: number): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits < 0) {
    const f = 10 ** -ndigits;
    const y = x / f;
    const r = Math.round(y);
    return (Math.abs(y % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r) * f;
  }
  if (ndigits > 99 || Math.abs(x) >= 1e21) return x;
  const text = formatFixed(Math.abs(x), ndigits);
  return x < 0 || Object.is(x, -0) ? -Number(text) : Number(text);
}
