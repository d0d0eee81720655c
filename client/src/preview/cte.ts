// One CTE of a compiled query as a query of its own: the WITH clause up to and including that CTE, then
// `select * from <name>`. Later CTEs and the final SELECT are dropped; the CTE keeps every CTE it can see.
import { isKeyword, tokenizeSql } from '../../../server/src/core/sql/tokenize';

/** `undefined` when `sql` has no top-level CTE of that name (names compare case-insensitively, unquoted). */
export function cteQuery(sql: string, name: string): string | undefined {
  const toks = tokenizeSql(sql).tokens;
  const want = name.replace(/^"(.*)"$/, '$1').toLowerCase();
  let seen = 0;
  for (let i = 0; i + 2 < toks.length; i++) {
    const t = toks[i];
    if (t.depth !== 0 || (t.kind !== 'ident' && t.kind !== 'quoted')) continue;
    const prev = toks[i - 1];
    if (!(isKeyword(prev, 'with', 'recursive') || (prev?.text === ',' && seen > 0))) continue;
    if (!isKeyword(toks[i + 1], 'as') || toks[i + 2]?.text !== '(') continue;
    let close = i + 3;
    while (close < toks.length && !(toks[close].text === ')' && toks[close].depth === 0)) close++;
    if (close >= toks.length) return undefined;
    seen++;
    if (sql.slice(t.start, t.end).replace(/^"(.*)"$/, '$1').toLowerCase() === want) {
      // The name as written (a quoted name keeps its quotes and case).
      return `${sql.slice(0, toks[close].end)}\nselect * from ${sql.slice(t.start, t.end)}`;
    }
    i = close;
  }
  return undefined;
}
