// COALESCE / NVL / IFNULL with a VARIANT argument: Snowflake's result is a VARIANT and every other argument is
// converted as TO_VARIANT converts it (a string stays a string: COALESCE(v:a, '123') is the VARIANT string "123").
// DuckDB instead casts a VARCHAR to JSON by parsing it, so '123' became the number 123 and 'unknown' failed as
// malformed JSON. When an argument is a VARIANT as written (a `:` path, PARSE_JSON(…), `::variant`), the others
// go through json_quote (the translator's TO_VARIANT).
import { isPunct, isWord, type Arg, type Handler, type Template } from './template';
import { isVariantExpression } from './date-formats';

const OPERATORS = new Set(['||', '+', '-', '*', '/', '%']);

/** Whether the argument's value is a VARIANT by its text: a top-level `:` path not cast to another type, PARSE_JSON(…), `::variant`. */
function isVariantValue(a: Arg): boolean {
  if (isVariantExpression(a.sig)) return true;
  let depth = 0;
  let path = false;
  for (let i = 0; i < a.sig.length; i++) {
    const l = a.sig[i];
    if (isPunct(l, '(') || isPunct(l, '[')) depth++;
    else if (isPunct(l, ')') || isPunct(l, ']')) depth--;
    else if (depth !== 0) continue;
    else if (isPunct(l, ':')) path = true;
    // `v:a::varchar` is a VARCHAR; `v:a || 'x'`, `v:a + 1` are not VARIANTs either.
    else if (isPunct(l, '::') || OPERATORS.has(l.text) || isWord(l, 'collate')) return false;
  }
  return path;
}

const isNull = (a: Arg): boolean => a.sig.length === 1 && isWord(a.sig[0], 'null');

/** The call with its non-VARIANT arguments as VARIANTs, when one argument is a VARIANT and another is not; else null. */
export const variantCoalesce = (name: string): Handler => (args) => {
  if (args.length < 2) return null;
  const variant = args.map(isVariantValue);
  if (!variant.some(Boolean) || variant.every((v, i) => v || isNull(args[i]))) return null;
  const t: Template = [`${name}(`];
  args.forEach((a, i) => {
    if (i) t.push(', ');
    if (variant[i] || isNull(a)) t.push(i);
    else t.push('json_quote(', i, ')');
  });
  t.push(')');
  return t;
};
