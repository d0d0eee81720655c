// One WITH list defining a name twice with the same definition (mattermost's `marketing_funnel` repeats its
// `marketing_spend` CTE word for word). Snowflake documents no rule for which definition a reference reads, but when
// the definitions are the same text and read nothing whose meaning could depend on where they stand, every rule gives
// the same rows — so the repeats are dropped before DuckDB (which refuses any repeat: "Duplicate CTE name") sees the
// statement. Repeats that differ stay refused by name (duckdb-errors.ts duplicateCte).
import { isTrivia, type Lexeme } from '../tokenize';
import { isPunct, isWord } from './template';
import { identifierName, namePart } from './name-case';

export interface Definition {
  /** Snowflake's name: an unquoted name in upper case, a quoted one as written. */
  name: string;
  /** Index (in `lx`) of the name's lexeme, of the AS before the body, and of the `)` closing the body. */
  nameAt: number;
  asAt: number;
  close: number;
  /** Index of the `,` before the definition (none for the first). */
  comma: number | undefined;
}

/** `lx` (one or more statements) without the later copies of a CTE a WITH list defines more than once alike. */
export function withoutRepeatedCtes(lx: Lexeme[]): Lexeme[] {
  const sig: number[] = [];
  for (let i = 0; i < lx.length; i++) if (!isTrivia(lx[i])) sig.push(i);
  const close = matchingParens(lx, sig);
  const drop: [number, number][] = [];
  for (let k = 0; k < sig.length; k++) {
    if (!isWord(lx[sig[k]], 'with')) continue;
    const list = withList(lx, sig, close, isWord(lx[sig[k + 1]], 'recursive') ? k + 2 : k + 1);
    if (list.length > 1) drop.push(...repeats(lx, list));
  }
  if (!drop.length) return lx;
  const gone = new Set<number>();
  for (const [a, b] of drop) for (let i = a; i <= b; i++) gone.add(i);
  return lx.filter((_, i) => !gone.has(i));
}

/**
 * The definitions of the WITH list whose first name is the `k`th significant lexeme (none if it is not one); `sig`:
 * the indexes of `lx`'s significant lexemes, `close`: matchingParens's map.
 */
export function withList(lx: Lexeme[], sig: number[], close: Map<number, number>, k: number): Definition[] {
  const out: Definition[] = [];
  let comma: number | undefined;
  for (;;) {
    const name = lx[sig[k]];
    if (!name || (name.kind !== 'word' && name.kind !== 'quoted-identifier')) return out;
    let j = k + 1;
    // `name (a, b) AS (…)`: an optional column list.
    if (isPunct(lx[sig[j]], '(')) j = sig.indexOf(close.get(sig[j]) ?? -1, j) + 1;
    if (j <= 0 || !isWord(lx[sig[j]], 'as') || !isPunct(lx[sig[j + 1]], '(')) return out;
    const end = close.get(sig[j + 1]);
    if (end === undefined) return out;
    out.push({ name: identifierName(name), nameAt: sig[k], asAt: sig[j], close: end, comma });
    const after = sig.indexOf(end, j + 1) + 1;
    if (!isPunct(lx[sig[after]], ',')) return out;
    comma = sig[after];
    k = after + 1;
  }
}

/** The lexeme ranges [comma, close] of the later copies of each name `list` defines more than once alike. */
function repeats(lx: Lexeme[], list: Definition[]): [number, number][] {
  const out: [number, number][] = [];
  const seen = new Map<string, number>();
  list.forEach((d, n) => {
    const first = seen.get(d.name);
    if (first === undefined) return void seen.set(d.name, n);
    const original = list[first];
    if (d.comma === undefined || text(lx, d) !== text(lx, original)) return;
    // A body naming this CTE or one defined between the copies could read a different relation at each place.
    const between = new Set(list.slice(first, n + 1).map((x) => x.name.toLowerCase()));
    if (mentions(lx, original, between)) return;
    out.push([d.comma, d.close]);
  });
  return out;
}

/** A definition's text from its name to its closing `)`, without trivia and with words in upper case. */
function text(lx: Lexeme[], d: Definition): string {
  const parts: string[] = [];
  for (let i = d.nameAt; i <= d.close; i++) {
    const l = lx[i];
    if (!isTrivia(l)) parts.push(l.kind === 'word' ? l.text.toUpperCase() : l.text);
  }
  return parts.join(' ');
}

/**
 * Whether a definition's body (after its name) may read one of `names` (compared in any case): any word or quoted name
 * equal to one, except one that an AS gives (an alias) or that follows a dot (a column, a schema's table).
 */
function mentions(lx: Lexeme[], d: Definition, names: Set<string>): boolean {
  let prev: Lexeme | undefined;
  for (let i = d.nameAt + 1; i <= d.close; i++) {
    const l = lx[i];
    if (isTrivia(l)) continue;
    const part = namePart(l);
    const named = part !== undefined && names.has(part.text.toLowerCase());
    if (named && !isWord(prev, 'as') && !isPunct(prev, '.')) return true;
    prev = l;
  }
  return false;
}

/** Each `(`'s matching `)`, by lexeme index (`sig`: the indexes of the significant lexemes). */
export function matchingParens(lx: Lexeme[], sig: number[]): Map<number, number> {
  const out = new Map<number, number>();
  const open: number[] = [];
  for (const i of sig) {
    if (isPunct(lx[i], '(')) open.push(i);
    else if (isPunct(lx[i], ')')) {
      const o = open.pop();
      if (o !== undefined) out.set(o, i);
    }
  }
  return out;
}
