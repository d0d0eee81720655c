// TO_CHAR / TO_VARCHAR of a number with a literal format model ('$9,999.00', 'S000.0', 'MI99', '0XXX', 'TM9'),
// compiled once per call into a DuckDB expression. The fixed-position rules are Snowflake's: 9 is a digit shown
// blank when it is a leading zero, 0 a digit shown as 0 from there on, `,` a separator shown only after a shown
// digit, `.` the point; the sign takes a position of its own before the number unless S or MI place it; `$` floats
// against the first digit; B blanks a zero integer part; FM drops the padding; a value with more integer digits than
// the format has shows every digit as `#`. X digits are hexadecimal (two's complement for a negative value without S).
// TM9/TME are the text-minimal forms (TME: bz_text_minimal_e in NUMBER_FORMAT_MACROS). Elements outside these refuse with a located error.
import type { Template } from './template';
import { refusalCast } from './errors';

export interface NumberFormat {
  /** The model compiled to a template over the value (argument 0). */
  template: Template;
}

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'digits'; int: string; frac: number; point: boolean }
  | { kind: 'hex'; digits: number; zero: boolean }
  | { kind: 'sign'; mode: 'S' | 'MI' }
  | { kind: 'dollar' }
  | { kind: 'tm'; form: '9' | 'E' };

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Splits a format into elements; undefined when it is not a number format (a date format, say). */
function tokenize(fmt: string): { tokens: Token[]; fm: boolean; blankZero: boolean } | undefined {
  const tokens: Token[] = [];
  let fm = false;
  let blankZero = false;
  let i = 0;
  const upper = fmt.toUpperCase();
  while (i < fmt.length) {
    const c = upper[i];
    if (fmt[i] === '"') {
      const end = fmt.indexOf('"', i + 1);
      if (end < 0) return undefined;
      tokens.push({ kind: 'literal', text: fmt.slice(i + 1, end) });
      i = end + 1;
    } else if (upper.startsWith('FM', i)) {
      fm = true;
      i += 2;
    } else if (upper.startsWith('TM9', i) || upper.startsWith('TME', i)) {
      tokens.push({ kind: 'tm', form: upper[i + 2] as '9' | 'E' });
      i += 3;
    } else if (upper.startsWith('MI', i)) {
      tokens.push({ kind: 'sign', mode: 'MI' });
      i += 2;
    } else if (c === 'S') {
      tokens.push({ kind: 'sign', mode: 'S' });
      i++;
    } else if (c === '$') {
      tokens.push({ kind: 'dollar' });
      i++;
    } else if (c === 'B') {
      blankZero = true;
      i++;
    } else if (c === 'X' || (c === '0' && upper[i + 1] === 'X')) {
      let j = i;
      const zero = c === '0';
      while (upper[j] === 'X' || upper[j] === '0') j++;
      tokens.push({ kind: 'hex', digits: j - i, zero });
      i = j;
    } else if (c === '9' || c === '0' || c === ',' || c === '.' || c === 'D' || c === 'G') {
      let j = i;
      let int = '';
      let frac = 0;
      let point = false;
      while (j < fmt.length && /[90,.DG]/.test(upper[j])) {
        const d = upper[j] === 'G' ? ',' : upper[j] === 'D' ? '.' : upper[j];
        if (d === '.') {
          if (point) return undefined;
          point = true;
        } else if (point) {
          if (d === ',') return undefined;
          frac++;
        } else int += d;
        j++;
      }
      tokens.push({ kind: 'digits', int, frac, point });
      i = j;
    } else return undefined;
  }
  // 'D' alone (a date's day of week) or 'MI' (minutes) are not number formats: a digit element must be there.
  const numeric = tokens.some((t) => (t.kind === 'digits' && (/[90]/.test(t.int) || t.frac > 0)) || t.kind === 'hex' || t.kind === 'tm');
  return numeric ? { tokens, fm, blankZero } : undefined;
}

/**
 * The compiled format, undefined when `fmt` is not a number format, or a string naming the element that has no
 * translation (for the located refusal).
 */
export function compileNumberFormat(fmt: string): NumberFormat | string | undefined {
  const parsed = tokenize(fmt);
  if (!parsed) return undefined;
  const { tokens, fm, blankZero } = parsed;
  const body = tokens.filter((t) => t.kind !== 'literal');
  const literal = (t: Token): string => (t.kind === 'literal' ? q(t.text) : '');
  const before: string[] = [];
  const after: string[] = [];
  let k = 0;
  while (k < tokens.length && tokens[k].kind === 'literal') before.push(literal(tokens[k++]));
  let e = tokens.length;
  while (e > k && tokens[e - 1].kind === 'literal') after.unshift(literal(tokens[--e]));
  const core = tokens.slice(k, e);
  if (core.some((t) => t.kind === 'literal')) return 'a quoted text between number elements';
  // The value is bound once through a one-element list and a lambda: `v` below.
  const bind = (expr: string): NumberFormat => ({
    template: ['list_transform([', 0, `], v -> CASE WHEN v IS NULL THEN NULL ELSE ${expr} END)[1]`],
  });
  const withText = (f: NumberFormat): NumberFormat => {
    if (!before.length && !after.length) return f;
    return { template: ['(', ...[...before].flatMap((b) => [b, ' || ']), ...f.template, ...after.flatMap((a) => [' || ', a]), ')'] };
  };

  if (body.length === 1 && body[0].kind === 'tm') {
    if (fm || blankZero) return `FM or B with TM${body[0].form}`;
    return withText(bind(body[0].form === 'E' ? 'bz_text_minimal_e(v)' : 'bz_varchar(v)'));
  }

  const sign = body.filter((t) => t.kind === 'sign');
  const digits = body.filter((t) => t.kind === 'digits');
  const hex = body.filter((t) => t.kind === 'hex');
  const dollar = body.some((t) => t.kind === 'dollar');
  if (sign.length > 1 || digits.length + hex.length !== 1 || body.some((t) => t.kind === 'tm')) return 'this combination of elements';
  const signAt = sign.length ? body.indexOf(sign[0]) : -1;
  const leadingSign = signAt === 0;
  const trailingSign = signAt === body.length - 1 && signAt > 0;
  if (sign.length && !leadingSign && !trailingSign) return 'a sign element inside the number';
  const mode = sign[0]?.kind === 'sign' ? sign[0].mode : undefined;

  if (hex.length) {
    const h = hex[0];
    if (h.kind !== 'hex' || dollar || blankZero || fm || mode === 'MI' || trailingSign) return 'this hexadecimal format';
    const n = h.digits;
    const pad = h.zero ? "'0'" : "' '";
    const r = 'CAST(round(v) AS HUGEINT)';
    const value = mode === 'S' ? `abs(${r})` : `CASE WHEN ${r} < 0 THEN ${r} + CAST(${16n ** BigInt(n)} AS HUGEINT) ELSE ${r} END`;
    const text = `hex(${value})`;
    const body = `CASE WHEN length(${text}) > ${n} OR ${value} < 0 THEN ${q('#'.repeat(n))} ELSE lpad(${text}, ${n}, ${pad}) END`;
    const signed = mode === 'S' ? `(CASE WHEN ${r} < 0 THEN '-' ELSE '+' END || ${body})` : body;
    return withText(bind(signed));
  }

  const d = digits[0];
  if (d.kind !== 'digits') return 'this format';
  if (dollar && body.findIndex((t) => t.kind === 'dollar') > body.findIndex((t) => t.kind === 'digits')) return '$ after the digits';
  if (fm && d.frac > 0) return 'FM with decimals';
  const positions = d.int.replace(/,/g, '').length;
  const firstZero = d.int.replace(/,/g, '').indexOf('0');
  const minDigits = firstZero < 0 ? 0 : positions - firstZero;
  const f = d.frac;
  const rounded = `CAST(abs(v) AS DECIMAL(38,${f}))`;
  const ip = `split_part(CAST(${rounded} AS VARCHAR), '.', 1)`;
  const fp = f ? `split_part(CAST(${rounded} AS VARCHAR), '.', 2)` : "''";
  // The integer digits to show: a zero integer part is shown as one 0 unless B blanks it; 0 elements pad with zeros.
  const intText = `CASE WHEN ${ip} = '0' THEN ${blankZero ? "''" : "'0'"} ELSE ${ip} END`;
  const shown = minDigits ? `lpad(${intText}, CAST(greatest(length(${intText}), ${minDigits}) AS INTEGER), '0')` : intText;
  const negative = `(v < 0 AND ${rounded} <> 0)`;
  const point = d.point ? `'.' || ${fp}` : "''";
  const field = `ltrim(bz_number_field(${shown}, ${q(d.int)}))`;
  const hashes = q((dollar ? '$' : '') + '#'.repeat(positions) + (d.point ? '.' + '#'.repeat(f) : ''));
  const width = (mode ? 0 : 1) + (dollar ? 1 : 0) + d.int.length + (d.point ? 1 + f : 0) + (mode === 'S' ? 1 : 0);
  const signChar = mode === 'S' ? `CASE WHEN ${negative} THEN '-' ELSE '+' END` : `CASE WHEN ${negative} THEN '-' ELSE '' END`;
  const number = `${dollar ? "'$' || " : ''}${field} || ${point}`;
  let expr: string;
  if (mode === 'MI') {
    const mi = `CASE WHEN ${negative} THEN '-' ELSE ' ' END`;
    const padded = fm ? number : `lpad(${number}, ${width}, ' ')`;
    expr = leadingSign ? `${mi} || ${padded}` : `${padded} || ${mi}`;
  } else if (trailingSign) {
    const padded = fm ? number : `lpad(${number}, ${width - 1}, ' ')`;
    expr = `${padded} || ${signChar}`;
  } else {
    expr = fm ? `${signChar} || ${number}` : `lpad(${signChar} || ${number}, ${width}, ' ')`;
  }
  const overflow = `length(${ip}) > ${positions} AND ${ip} <> '0'`;
  const overflowText = fm ? hashes : `lpad(${hashes}, ${width}, ' ')`;
  return withText(bind(`CASE WHEN ${overflow} THEN ${overflowText} ELSE ${expr} END`));
}

// TME of an exact number: its significant digits as d[.ddd]E<exponent> ('-1.2391E1', '0E0', '1E-2'), read from the
// number's fixed-point text. A FLOAT's digits are not known to match Snowflake's rendering, so it is refused.
const MANTISSA = "ltrim(replace(CAST(abs(x) AS VARCHAR), '.', ''), '0')";
const INT_DIGITS = "coalesce(nullif(strpos(CAST(abs(x) AS VARCHAR), '.'), 0) - 1, length(CAST(abs(x) AS VARCHAR)))";
const LEADING_ZEROS = `(length(replace(CAST(abs(x) AS VARCHAR), '.', '')) - length(${MANTISSA}))`;
export const NUMBER_FORMAT_MACROS: string[] = [
  `bz_text_minimal_e(x) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') ` +
    `THEN CAST(${refusalCast("'TO_CHAR of a FLOAT with the TME format is not supported on the DuckDB target'", 'INTEGER')} AS VARCHAR) ` +
    `WHEN x = 0 THEN '0E0' ELSE (CASE WHEN x < 0 THEN '-' ELSE '' END) || left(rtrim(${MANTISSA}, '0'), 1) || ` +
    `CASE WHEN length(rtrim(${MANTISSA}, '0')) > 1 THEN '.' || substr(rtrim(${MANTISSA}, '0'), 2) ELSE '' END || ` +
    `'E' || CAST(${INT_DIGITS} - ${LEADING_ZEROS} - 1 AS VARCHAR) END`,
];
