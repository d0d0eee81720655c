// Snowflake converts a string to a NUMBER where a number is expected: COALESCE/NVL/IFNULL mixing string and number
// literals take the numeric type, and unary `+'5'` is the number 5. DuckDB refuses both ("Cannot mix values of type
// VARCHAR and INTEGER_LITERAL", "Could not choose a best candidate function"). The string literal becomes a
// DECIMAL whose scale is the number of digits it writes after the point, so no digit is lost or invented; text
// that is not a number fails the cast, as Snowflake's conversion does.
import type { Lexeme } from '../tokenize';
import { literalScale } from './number-scale';
import { snowflakeStringValue } from './string-literals';
import type { Arg, Handler, Template } from './template';

/** `CAST('<value>' AS DECIMAL(38, s))` for a string literal, with s read from its text (0 when it is not a number). */
export function stringAsNumber(l: Lexeme): string {
  const value = snowflakeStringValue(l.text).trim();
  const digits = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? literalScale(value.replace(/^[+-]/, '')) ?? 0 : 0;
  return `CAST(${l.text} AS DECIMAL(38,${digits}))`;
}

const isNull = (a: Arg): boolean => a.sig.length === 1 && a.sig[0].kind === 'word' && a.sig[0].text.toLowerCase() === 'null';
const isString = (a: Arg): boolean => a.sig.length === 1 && a.sig[0].kind === 'string';
const isNumber = (a: Arg): boolean =>
  (a.sig.length === 1 && a.sig[0].kind === 'number') || (a.sig.length === 2 && a.sig[0].text === '-' && a.sig[1].kind === 'number');

/** COALESCE/NVL/IFNULL over literals only, mixing strings and numbers: the strings as numbers. */
export const coalesceLiterals = (name: string): Handler => (args) => {
  if (args.length < 2 || !args.every((a) => isNull(a) || isString(a) || isNumber(a))) return null;
  if (!args.some(isString) || !args.some(isNumber)) return null;
  const t: Template = [`${name}(`];
  args.forEach((a, i) => {
    if (i) t.push(', ');
    t.push(isString(a) ? stringAsNumber(a.sig[0]) : i);
  });
  t.push(')');
  return t;
};
