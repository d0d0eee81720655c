// Where translated SQL still holds Snowflake's VARIANT path operator `x:key` (DuckDB reads `a:b` as `b AS a`, a
// silent wrong answer): sqlcheck.ts reports each. A lambda's parameter list (`lambda x: …`, `lambda k, i: …`, which
// the translator writes) ends in the same `name:` and is no path.
import { lex, type Lexeme } from '../../server/src/core/sql/tokenize';

const isName = (l: Lexeme | undefined): boolean => !!l && (l.kind === 'word' || l.kind === 'quoted-identifier');

/** Whether the name at `k` of `lx` ends the parameter list of a `lambda` (names separated by commas after it). */
function endsLambdaParameters(lx: Lexeme[], k: number): boolean {
  let j = k;
  while (lx[j - 1]?.kind === 'punct' && lx[j - 1].text === ',' && isName(lx[j - 2])) j -= 2;
  return lx[j - 1]?.kind === 'word' && lx[j - 1].text.toLowerCase() === 'lambda';
}

/** Offsets of `ident:` followed by a name, outside strings and comments, that is not `::` nor a lambda's `x:`. */
export function variantPaths(sql: string): number[] {
  const lx = lex(sql).filter((l) => l.kind !== 'ws' && l.kind !== 'comment');
  const at: number[] = [];
  for (let i = 1; i + 1 < lx.length; i++) {
    const [prev, cur, next] = [lx[i - 1], lx[i], lx[i + 1]];
    if (cur.kind !== 'punct' || cur.text !== ':') continue;
    const prevOk = isName(prev) || (prev.kind === 'punct' && prev.text === ']');
    // `$1:key` and `:bind` placeholders are not paths; a word right before ':' with no gap is.
    if (prevOk && isName(next) && prev.start + prev.text.length === cur.start && !endsLambdaParameters(lx, i - 1)) at.push(prev.start);
  }
  return at;
}
