// COALESCE/NVL/IFNULL/NVL2/IFF/DECODE mixing a VARIANT with other values: Snowflake's result is a VARIANT and each
// other value is converted as TO_VARIANT converts it, so a VARCHAR '123' stays the string "123". DuckDB's json
// extension casts a VARCHAR to JSON implicitly by PARSING it ('123' → the number 123, 'abc' → a conversion error), a
// silent difference. When one result argument is a VARIANT as written, the others are wrapped the way `x::VARIANT` is
// translated (json_quote, which leaves a JSON value as it is).
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord, type Arg, type Template } from './template';
import { caseResults } from './case-results';

/** Calls that return one of their arguments: the indexes of those arguments, by argument count. */
const RESULT_ARGS: Record<string, (n: number) => number[]> = {
  coalesce: (n) => [...Array(n).keys()],
  nvl: (n) => [...Array(n).keys()],
  ifnull: (n) => [...Array(n).keys()],
  nvl2: (n) => (n === 3 ? [1, 2] : []),
  iff: (n) => (n === 3 ? [1, 2] : []),
  // DECODE(expr, search1, result1, …, [default]).
  decode: (n) => (n < 3 ? [] : [...Array(n).keys()].filter((k) => k >= 2 && (k % 2 === 0 || k === n - 1))),
};

/** Functions whose call is a VARIANT: PARSE_JSON(…), GET(…), … (their result is JSON in the translation too). */
const VARIANT_CALLS = new Set(['parse_json', 'try_parse_json', 'to_variant', 'get', 'get_path', 'get_ignore_case', 'bz_parse_json', 'bz_try_parse_json']);

const isName = (l: Lexeme | undefined): boolean => !!l && (l.kind === 'word' || l.kind === 'quoted-identifier');

/** The index after the group opened at `open` (its matching `)` or `]`), or -1. */
function afterGroup(sig: Lexeme[], open: number): number {
  let depth = 0;
  for (let k = open; k < sig.length; k++) {
    if (isPunct(sig[k], '(') || isPunct(sig[k], '[')) depth++;
    else if (isPunct(sig[k], ')') || isPunct(sig[k], ']')) {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}

/**
 * Whether an argument's text makes it a VARIANT: `x::VARIANT`, CAST(x AS VARIANT), a VARIANT-returning call, or a
 * `:`/`[]` path read (`c.metadata:"id"`, `v['k'][0]`) with no cast or operator after it.
 */
export function isVariantArgument(sig: Lexeme[]): boolean {
  const n = sig.length;
  if (n === 0) return false;
  if (n > 2 && isPunct(sig[n - 2], '::')) return isWord(sig[n - 1], 'variant');
  const head = sig[0].kind === 'word' ? sig[0].text.toLowerCase() : '';
  if (isPunct(sig[1], '(')) {
    const end = afterGroup(sig, 1);
    if (end === n) return VARIANT_CALLS.has(head) || (head === 'cast' && isWord(sig[n - 2], 'variant') && isWord(sig[n - 3], 'as'));
    if (end < 0 || !VARIANT_CALLS.has(head)) return false;
    return pathFrom(sig, end, true);
  }
  // A (dotted) column name, then path steps.
  if (!isName(sig[0])) return false;
  let k = 1;
  while (isPunct(sig[k], '.') && isName(sig[k + 1])) k += 2;
  return pathFrom(sig, k, false);
}

/** Whether sig[k…] is path steps to the end (`:name`, `."name"`, `[…]`), at least one unless `already` read. */
function pathFrom(sig: Lexeme[], k: number, already: boolean): boolean {
  let steps = already ? 1 : 0;
  while (k < sig.length) {
    if ((isPunct(sig[k], ':') || isPunct(sig[k], '.')) && (isName(sig[k + 1]) || sig[k + 1]?.kind === 'string')) k += 2;
    else if (isPunct(sig[k], '[')) {
      k = afterGroup(sig, k);
      if (k < 0) return false;
    } else return false;
    steps++;
  }
  return steps > 0;
}

/** Already converted (a second translation pass) or a VARIANT's own conversion. */
const isQuoted = (a: Arg): boolean => isWord(a.sig[0], 'json_quote') && isPunct(a.sig[1], '(') && afterGroup(a.sig, 1) === a.sig.length;

/**
 * The arguments of `fn` with its other result arguments converted to VARIANT when one of them is a VARIANT as written;
 * the arguments as they are otherwise.
 */
export function variantResultArgs(fn: string, args: Arg[]): Arg[] {
  const results = RESULT_ARGS[fn]?.(args.length);
  if (!results || results.length < 2 || !results.some((k) => isVariantArgument(args[k].sig))) return args;
  return args.map((a, k) => {
    if (!results.includes(k) || isVariantArgument(a.sig) || isQuoted(a)) return a;
    const src = a.sig[0]?.start ?? 0;
    return { ...a, pieces: [{ text: 'json_quote(', src, exact: false }, ...a.pieces, { text: ')', src, exact: false }] };
  });
}

/** COALESCE/NVL/IFNULL of converted arguments, for when no other rewrite of the call applies. */
export function variantCoalesce(fn: string, args: Arg[]): Template | null {
  if (fn !== 'coalesce' && fn !== 'nvl' && fn !== 'ifnull') return null;
  return ['coalesce(', ...args.flatMap((_, k): Template => (k ? [', ', k] : [k])), ')'];
}

/**
 * CASE … THEN a … ELSE b END with a VARIANT result as written: the other results converted as `x::VARIANT` is, by
 * edits of the THEN/ELSE keywords that open them and the WHEN/ELSE/END keywords that close them.
 */
export function variantCaseEdits(lx: Lexeme[], from: number, to: number, edits: Map<number, string>): void {
  for (let i = from; i < to; i++) {
    if (!isWord(lx[i], 'case') || edits.has(i)) continue;
    const parts = caseResults(lx, i, to);
    if (!parts) continue;
    const { keys, results } = parts;
    const sigOf = (r: { open: number; close: number }): Lexeme[] => lx.slice(r.open + 1, r.close).filter((l) => !isTrivia(l));
    if (results.length < 2 || !results.some((r) => isVariantArgument(sigOf(r)))) continue;
    if (keys.some((k) => edits.has(k))) continue;
    const opens = new Set<number>();
    const closes = new Set<number>();
    for (const r of results) {
      const sig = sigOf(r);
      if (isVariantArgument(sig) || (sig.length === 1 && isWord(sig[0], 'null'))) continue;
      opens.add(r.open);
      closes.add(r.close);
    }
    for (const k of keys) {
      if (opens.has(k) || closes.has(k)) edits.set(k, `${closes.has(k) ? ') ' : ''}${lx[k].text}${opens.has(k) ? ' json_quote(' : ''}`);
    }
  }
}
