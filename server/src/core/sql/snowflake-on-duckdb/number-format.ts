// TO_CHAR / TO_VARCHAR of a number with a literal format model ('$9,999.00', 'S000.0', 'MI99', '0XXX', 'TM9'),
// compiled once per call into a DuckDB expression, by the rules of https://docs.snowflake.com/en/sql-reference/sql-format-models
// ("Fixed-position numeric formats"): 9 is a digit position whose leading zeros (integer part) and trailing zeros
// (fraction) print as blanks, except that a zero integer part prints one 0 (none after B); 0 is a digit position whose
// zero is printed; `,` / G prints only with digits on both sides of it; `.` / D is the point, always printed; the sign
// takes a blank position of its own before the number unless S or MI place it; `$` floats against the first digit; a
// value with more integer digits than the model (or a FLOAT's infinity or NaN) prints every digit as `#`. FM toggles
// fill mode to compact mode, where every blank the number elements produce is removed. X digits are hexadecimal (x:
// lowercase; two's complement for a negative value without S). `.` and `,` not after 0, 9 or X, and ; : - = / ( ), are
// literals printed as they are; `_` prints nothing. TM9/TME are the text-minimal forms (TME: bz_text_minimal_e in
// NUMBER_FORMAT_MACROS). What the page leaves open (a 9 after a 0 in the integer part or a 0 after a 9 in the
// fraction, FM or B between number elements, the EE exponents, whose page example prints no sign position) refuses
// with a located error naming it.
import type { Template } from './template';
import { refusalCast } from './errors';

export interface NumberFormat {
  /** The model compiled to a template over the value (argument 0). */
  template: Template;
}

type Token =
  | { kind: 'literal'; text: string }
  | { kind: 'fm' }
  | { kind: 'blank' }
  | { kind: 'percent' }
  | { kind: 'digits'; int: string; frac: string; point: boolean }
  | { kind: 'hex'; digits: number; zero: boolean; lower: boolean }
  | { kind: 'sign'; mode: 'S' | 'MI' }
  | { kind: 'dollar' }
  | { kind: 'tm'; form: '9' | 'E'; lower: boolean };

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Symbols a model prints as they are (the page's "Format literals" table); `.` and `,` only where no digit precedes. */
const SYMBOL_LITERALS = ';:-=/()';

/** Splits a format into elements; undefined when it is not a number format (a date format, say). */
function tokenize(fmt: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  const upper = fmt.toUpperCase();
  const afterDigit = (at: number): boolean => at > 0 && /[09X]/.test(upper[at - 1]);
  while (i < fmt.length) {
    const c = upper[i];
    if (fmt[i] === '"') {
      // A double quote inside a quoted literal is written as two.
      let text = '';
      let j = i + 1;
      for (;;) {
        const end = fmt.indexOf('"', j);
        if (end < 0) return undefined;
        text += fmt.slice(j, end);
        if (fmt[end + 1] !== '"') {
          j = end + 1;
          break;
        }
        text += '"';
        j = end + 2;
      }
      tokens.push({ kind: 'literal', text });
      i = j;
    } else if (upper.startsWith('FM', i)) {
      tokens.push({ kind: 'fm' });
      i += 2;
    } else if (upper.startsWith('TM9', i) || upper.startsWith('TME', i)) {
      tokens.push({ kind: 'tm', form: upper[i + 2] as '9' | 'E', lower: fmt[i] === 't' });
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
      tokens.push({ kind: 'blank' });
      i++;
    } else if (c === '_') {
      i++;
    } else if (c === '%') {
      tokens.push({ kind: 'percent' });
      i++;
    } else if (SYMBOL_LITERALS.includes(c) || ((c === '.' || c === ',') && !afterDigit(i))) {
      tokens.push({ kind: 'literal', text: c });
      i++;
    } else if (c === 'X' || (c === '0' && upper[i + 1] === 'X')) {
      let j = i;
      const zero = c === '0';
      while (upper[j] === 'X' || upper[j] === '0') j++;
      // X prints uppercase digits and x lowercase; the 0 elements take the case of the X after them.
      const letters = fmt.slice(i, j).replace(/0/g, '');
      if (letters !== letters.toUpperCase() && letters !== letters.toLowerCase()) return undefined;
      tokens.push({ kind: 'hex', digits: j - i, zero, lower: letters === letters.toLowerCase() });
      i = j;
    } else if (c === '9' || c === '0' || c === 'D' || c === 'G' || c === '.' || c === ',') {
      let j = i;
      let int = '';
      let frac = '';
      let point = false;
      // `.` and `,` are elements only right after a digit element; otherwise the run ends and they are literals.
      while (j < fmt.length && /[90,.DG]/.test(upper[j]) && !((upper[j] === '.' || upper[j] === ',') && !afterDigit(j))) {
        const d = upper[j] === 'G' ? ',' : upper[j] === 'D' ? '.' : upper[j];
        if (d === '.') {
          if (point) return undefined;
          point = true;
        } else if (point) {
          if (d === ',') return undefined;
          frac += d;
        } else int += d;
        j++;
      }
      if (j === i) return undefined;
      tokens.push({ kind: 'digits', int, frac, point });
      i = j;
    } else return undefined;
  }
  // 'D' alone (a date's day of week) or 'MI' (minutes) are not number formats: a digit element must be there.
  const numeric = tokens.some((t) => (t.kind === 'digits' && (/[90]/.test(t.int) || t.frac.length > 0)) || t.kind === 'hex' || t.kind === 'tm');
  return numeric ? tokens : undefined;
}

/**
 * The compiled format, undefined when `fmt` is not a number format, or a string naming the element that has no
 * translation (for the located refusal).
 */
export function compileNumberFormat(fmt: string): NumberFormat | string | undefined {
  const all = tokenize(fmt);
  if (!all) return undefined;
  // FM toggles fill and compact mode for the elements after it: one mode must hold for every number element.
  let compact = false;
  const modes = new Set<boolean>();
  const tokens: Token[] = [];
  for (const t of all) {
    if (t.kind === 'fm') compact = !compact;
    else {
      if (t.kind !== 'literal') modes.add(compact);
      tokens.push(t);
    }
  }
  if (modes.size > 1) return 'FM between number elements';
  // % multiplies by 100, but the page's one example (TO_CHAR(0.25, 'TM9%') is 25%) leaves the scale the product prints with open.
  if (tokens.some((t) => t.kind === 'percent')) return '% (percentage)';
  const fm = modes.has(true);
  const literal = (t: Token): string => (t.kind === 'literal' ? q(t.text) : '');
  const before: string[] = [];
  const after: string[] = [];
  let k = 0;
  while (k < tokens.length && tokens[k].kind === 'literal') before.push(literal(tokens[k++]));
  let e = tokens.length;
  while (e > k && tokens[e - 1].kind === 'literal') after.unshift(literal(tokens[--e]));
  const core = tokens.slice(k, e);
  if (core.some((t) => t.kind === 'literal')) return 'a literal between number elements';
  const blankAt = core.findIndex((t) => t.kind === 'blank');
  const blankZero = blankAt >= 0;
  if (core.filter((t) => t.kind === 'blank').length > 1) return 'B more than once';
  const body = core.filter((t) => t.kind !== 'blank');
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
    if (body[0].form === 'E') return withText(bind(body[0].lower ? "replace(bz_text_minimal_e(v), 'E', 'e')" : 'bz_text_minimal_e(v)'));
    return withText(bind('bz_varchar(v)'));
  }

  const sign = body.filter((t) => t.kind === 'sign');
  const digits = body.filter((t) => t.kind === 'digits');
  const hex = body.filter((t) => t.kind === 'hex');
  const dollar = body.some((t) => t.kind === 'dollar');
  if (sign.length > 1 || digits.length + hex.length !== 1 || body.some((t) => t.kind === 'tm')) return 'this combination of elements';
  const numberAt = body.findIndex((t) => t.kind === 'digits' || t.kind === 'hex');
  if (blankZero && blankAt > core.findIndex((t) => t.kind === 'digits' || t.kind === 'hex')) return 'B after the digits';
  const signAt = sign.length ? body.indexOf(sign[0]) : -1;
  const leadingSign = signAt === 0;
  const trailingSign = signAt === body.length - 1 && signAt > 0;
  if (sign.length && !leadingSign && !trailingSign) return 'a sign element inside the number';
  const mode = sign[0]?.kind === 'sign' ? sign[0].mode : undefined;
  // Compact mode removes every blank the number elements print (the page's "Printing numbers using fixed-position
  // formats and the fill mode modifier"); literals keep theirs (they are joined outside).
  const compactIf = (expr: string): string => (fm ? `replace(${expr}, ' ', '')` : expr);
  // A FLOAT's infinity or NaN is reported as overflow (DuckDB orders NaN above infinity).
  const special = "(typeof(v) IN ('FLOAT', 'DOUBLE') AND abs(TRY_CAST(v AS DOUBLE)) >= CAST('inf' AS DOUBLE))";

  if (hex.length) {
    const h = hex[0];
    if (h.kind !== 'hex' || dollar || blankZero || mode === 'MI' || trailingSign) return 'this hexadecimal format';
    const n = h.digits;
    const pad = h.zero ? "'0'" : "' '";
    const r = 'CAST(round(v) AS HUGEINT)';
    const value = mode === 'S' ? `abs(${r})` : `CASE WHEN ${r} < 0 THEN ${r} + CAST(${16n ** BigInt(n)} AS HUGEINT) ELSE ${r} END`;
    const text = h.lower ? `lower(hex(${value}))` : `hex(${value})`;
    const hashes = q('#'.repeat(n));
    const digitsText = `CASE WHEN length(${text}) > ${n} OR ${value} < 0 THEN ${hashes} ELSE lpad(${text}, ${n}, ${pad}) END`;
    const signed = mode === 'S' ? `(CASE WHEN ${r} < 0 THEN '-' ELSE '+' END || ${digitsText})` : digitsText;
    return withText(bind(`CASE WHEN ${special} THEN ${hashes} ELSE ${compactIf(signed)} END`));
  }

  const d = digits[0];
  if (d.kind !== 'digits') return 'this format';
  if (dollar && body.findIndex((t) => t.kind === 'dollar') > numberAt) return '$ after the digits';
  const intPattern = d.int.replace(/,/g, '');
  // The page says which positions print their zeros, not how a 9 after a 0 (integer part) or a 0 after a 9 (fraction) does.
  if (/0.*9/.test(intPattern)) return 'a 9 after a 0 in the integer part';
  if (/9.*0/.test(d.frac)) return 'a 0 after a 9 in the fraction';
  const positions = intPattern.length;
  const minDigits = (intPattern.match(/0/g) ?? []).length;
  const f = d.frac.length;
  const fracZeros = (d.frac.match(/0/g) ?? []).length;
  const rounded = `CAST(abs(v) AS DECIMAL(38,${f}))`;
  const ip = `split_part(CAST(${rounded} AS VARCHAR), '.', 1)`;
  const fp = `split_part(CAST(${rounded} AS VARCHAR), '.', 2)`;
  // The integer digits to show: a zero integer part is shown as one 0 unless B blanks it; 0 elements pad with zeros.
  const intText = `CASE WHEN ${ip} = '0' THEN ${blankZero ? "''" : "'0'"} ELSE ${ip} END`;
  const shown = minDigits ? `lpad(${intText}, CAST(greatest(length(${intText}), ${minDigits}) AS INTEGER), '0')` : intText;
  // The fraction: trailing zeros in 9 positions print as blanks, the 0 positions keep theirs.
  const trimmed = `rtrim(${fp}, '0')`;
  const fracDigits = fracZeros ? `CASE WHEN length(${trimmed}) >= ${fracZeros} THEN ${trimmed} ELSE left(${fp}, ${fracZeros}) END` : trimmed;
  const fracText = f ? `rpad(${fracDigits}, ${f}, ' ')` : "''";
  const negative = `(v < 0 AND ${rounded} <> 0)`;
  const point = d.point ? `'.' || ${fracText}` : "''";
  const field = `ltrim(bz_number_field(${shown}, ${q(d.int)}))`;
  const hashes = q((dollar ? '$' : '') + '#'.repeat(positions) + (d.point ? '.' + '#'.repeat(f) : ''));
  const width = (mode ? 0 : 1) + (dollar ? 1 : 0) + d.int.length + (d.point ? 1 + f : 0) + (mode === 'S' ? 1 : 0);
  const signChar = mode === 'S' ? `CASE WHEN ${negative} THEN '-' ELSE '+' END` : `CASE WHEN ${negative} THEN '-' ELSE '' END`;
  const number = `${dollar ? "'$' || " : ''}${field} || ${point}`;
  let expr: string;
  if (mode === 'MI') {
    const mi = `CASE WHEN ${negative} THEN '-' ELSE ' ' END`;
    const padded = `lpad(${number}, ${width}, ' ')`;
    expr = leadingSign ? `${mi} || ${padded}` : `${padded} || ${mi}`;
  } else if (trailingSign) {
    expr = `lpad(${number}, ${width - 1}, ' ') || ${signChar}`;
  } else {
    expr = `lpad(${signChar} || ${number}, ${width}, ' ')`;
  }
  // Infinity, NaN and a FLOAT past the digit positions are tested first: the digits below cannot be computed for them
  // (a large FLOAT does not fit the DECIMAL they are read from).
  const floatOverflow = `(typeof(v) IN ('FLOAT', 'DOUBLE') AND abs(TRY_CAST(v AS DOUBLE)) >= 1e${positions})`;
  const overflow = `length(${ip}) > ${positions} AND ${ip} <> '0'`;
  const overflowText = fm ? hashes : `lpad(${hashes}, ${width}, ' ')`;
  return withText(bind(`CASE WHEN ${special} OR ${floatOverflow} THEN ${overflowText} WHEN ${overflow} THEN ${overflowText} ELSE ${compactIf(expr)} END`));
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
