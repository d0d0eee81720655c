// Snowflake's higher-order functions over arrays: TRANSFORM, FILTER and REDUCE take a lambda (`x -> …`,
// `(acc, val) -> …`, optionally typed: `a INT -> …`) (https://docs.snowflake.com/en/sql-reference/functions/transform,
// https://docs.snowflake.com/en/sql-reference/functions/filter, https://docs.snowflake.com/en/sql-reference/functions/reduce).
// DuckDB has list_transform, list_filter and list_reduce, which take the same arrow lambda; its own FILTER and REDUCE
// have other rules (REDUCE failed with a raw binder error). A lambda argument without a type is the array's element as
// the twin holds it (a semi-structured array's elements are VARIANTs there too); a typed one (the element coerced to
// the type first) is refused by name, as is a TRANSFORM whose lambda gives NULL (whether the element is then a JSON
// null or an undefined slot is not on the page).
import { isPunct, isWord, quote, type Arg, type Handler, type HandlerContext, type Piece } from './template';
import { UnsupportedOnDuckDb } from './unsupported';
import { storeRefusal } from './variant-float';

interface Lambda {
  /** The parameter list as DuckDB's arrow lambda takes it: `x` or `(acc, val)`. */
  params: string;
  /** The translated body, after the arrow. */
  body: Piece[];
  /** The parameters' names, as written. */
  names: string[];
}

/** The lambda argument `name -> body` / `(a, b) -> body` with `arity` untyped parameters, or a refusal. */
function lambdaOf(arg: Arg, arity: number, fn: string, ctx: HandlerContext): Lambda {
  const arrow = arg.sig.findIndex((l) => isPunct(l, '->'));
  if (arrow < 0) throw new UnsupportedOnDuckDb(`${fn} without a lambda argument (x -> …)`, ctx.at);
  const head = arg.sig.slice(0, arrow);
  const inner = isPunct(head[0], '(') && isPunct(head[head.length - 1], ')') ? head.slice(1, -1) : head;
  const names: string[] = [];
  for (let k = 0; k < inner.length; k += 2) {
    const name = inner[k];
    if ((name.kind !== 'word' && name.kind !== 'quoted-identifier') || (k + 1 < inner.length && !isPunct(inner[k + 1], ','))) {
      throw new UnsupportedOnDuckDb(`${fn} with a typed lambda argument (the element coerced to the type first)`, name.start ?? ctx.at);
    }
    names.push(name.text);
  }
  if (names.length !== arity) throw new UnsupportedOnDuckDb(`${fn} with a lambda of ${names.length} argument(s)`, ctx.at);
  const at = arg.pieces.findIndex((p) => p.exact && p.text === '->' && p.src === arg.sig[arrow].start);
  if (at < 0) throw new UnsupportedOnDuckDb(`${fn} with this lambda`, ctx.at);
  const body = arg.pieces.slice(at + 1);
  while (body.length && body[0].text.trim() === '') body.shift();
  return { params: arity === 1 ? names[0] : `(${names.join(', ')})`, body, names };
}

/** A runtime refusal by name where the call is, of DuckDB type `type`. */
const refusal = (what: string, type: string, ctx: HandlerContext): string => `CAST(error(${quote(`bz_unsupported@${ctx.at}: ${what}`)}) AS ${type})`;

/**
 * TRANSFORM(array, x -> expr): an array of the lambda's results, each a VARIANT as TO_VARIANT gives it (bz_to_variant,
 * as ARRAY_CONSTRUCT's elements); NULL when an argument is NULL.
 */
const transform: Handler = (a, ctx) => {
  if (a.length !== 2) return null;
  const l = lambdaOf(a[1], 1, 'TRANSFORM', ctx);
  const onNull = refusal('TRANSFORM whose lambda gives NULL (a JSON null or an undefined element is not documented)', 'JSON', ctx);
  return ['CAST(list_transform(', 0, `, ${l.params} -> coalesce(bz_to_variant(`, l.body, `, ${quote(storeRefusal('TRANSFORM', ctx.at))}), ${onNull})) AS JSON[])`];
};

/** FILTER(array, x -> condition): the elements whose condition is TRUE (NULL drops the element), the array's type. */
const filter: Handler = (a, ctx) => {
  // `COUNT(*) FILTER (WHERE …)`: an aggregate's filter clause, not the function.
  if (isWord(a[0]?.sig[0], 'where')) return null;
  if (a.length !== 2) return null;
  const l = lambdaOf(a[1], 1, 'FILTER', ctx);
  return ['list_filter(', 0, `, ${l.params} -> `, l.body, ')'];
};

/** `[]` or `ARRAY_CONSTRUCT()`. */
function isEmptyArray(arg: Arg): boolean {
  const t = arg.sig.map((l) => l.text.toLowerCase()).join(' ');
  return t === '[ ]' || t === 'array_construct ( )';
}

/**
 * REDUCE(array, init, (acc, val) -> expr): the accumulator after every element, `init` for an empty array, NULL when the
 * array or `init` is NULL or when the lambda returns NULL (the page's Returns). DuckDB's list_reduce keeps its
 * accumulator in the list's element type, so `REDUCE(['a', 'b'], '', (acc, val) -> acc || val)` (a VARCHAR accumulator
 * over VARIANT elements, the page's "Generate string values") failed reading '' as JSON; and it goes on with a NULL
 * accumulator (`coalesce(acc, 0) + val` would recover). Here the list reduced is of (acc, val) pairs, `init`'s pair
 * first, so the accumulator keeps `init`'s type; the lambda's parameters are bound by one-element list_transforms
 * (DuckDB has no LET), a NULL accumulator stays NULL, and a NULL array is NULL.
 */
const reduce: Handler = (a, ctx) => {
  if (a.length !== 3) return null;
  const l = lambdaOf(a[2], 2, 'REDUCE', ctx);
  const [acc, val] = l.names;
  // An empty ARRAY as `init` (`[]`, ARRAY_CONSTRUCT()): an ARRAY as the twin holds one, not DuckDB's untyped empty list,
  // so that the lambda's arrays (ARRAY_PREPEND's, the page's "Use an array for the accumulator") are of its type.
  const init = isEmptyArray(a[1]) ? 'CAST(list_value() AS JSON[])' : 1;
  return [
    'CASE WHEN (', 0, ') IS NULL THEN NULL ELSE list_reduce(list_concat(list_value(struct_pack(acc := ', init, ', val := NULL)), ',
    'list_transform(', 0, ', bz_rv -> struct_pack(acc := NULL, val := bz_rv))), (bz_rs, bz_re) -> struct_pack(acc := ',
    `list_extract(list_transform(list_value(bz_rs.acc), ${acc} -> list_extract(list_transform(list_value(bz_re.val), ${val} -> `,
    `CASE WHEN ${acc} IS NULL THEN NULL ELSE (`, l.body, ') END), 1)), 1), val := NULL)).acc END',
  ];
};

export const HIGHER_ORDER_HANDLERS: Record<string, Handler> = { transform, filter, reduce };
