// Snowflake's temporary tables live as long as the session that created them
// (https://docs.snowflake.com/en/user-guide/tables-temp-transient). DuckDB keeps a temporary table in its own temp
// catalog only, so the twin creates a qualified one (`create temporary table db.s.t__dbt_tmp`, what dbt-snowflake's
// create_table_as(temporary=True) prints; a view likewise) as a regular one in that schema (translate.ts): the session
// records its name here and drops it when it closes, so it does not outlive the session as it would not on Snowflake.
import { isTrivia, lex } from '../../../../server/src/core/sql/tokenize';

/** A temporary table or view the twin created as a regular one: its kind and name as written. */
export interface SessionObject {
  kind: 'table' | 'view';
  name: string;
}

/** What a `CREATE [OR REPLACE] TEMPORARY|TEMP|VOLATILE TABLE|VIEW` makes a regular DuckDB object, else undefined. */
export function qualifiedTemporaryObject(sql: string): SessionObject | undefined {
  const lx = lex(sql).filter((l) => !isTrivia(l));
  const w = (i: number) => (lx[i]?.kind === 'word' ? lx[i].text.toLowerCase() : '');
  if (w(0) !== 'create') return undefined;
  let k = 1;
  if (w(k) === 'or' && w(k + 1) === 'replace') k += 2;
  if (w(k) === 'local' || w(k) === 'global') k++;
  const kind = w(k);
  if (!['temporary', 'temp', 'volatile'].includes(kind)) return undefined;
  k++;
  const object = w(k);
  if (object !== 'table' && object !== 'view') return undefined;
  k++;
  if (w(k) === 'if' && w(k + 1) === 'not' && w(k + 2) === 'exists') k += 3;
  const parts: string[] = [];
  while (lx[k] && (lx[k].kind === 'word' || lx[k].kind === 'quoted-identifier')) {
    parts.push(lx[k].text);
    if (lx[k + 1]?.kind === 'punct' && lx[k + 1].text === '.') k += 2;
    else break;
  }
  if (parts.length === 0) return undefined;
  // The translator keeps TEMP[ORARY] of an unqualified name (or one in DuckDB's temp catalog) as DuckDB's own temporary
  // table, which ends with the connection; VOLATILE (Snowflake's synonym) it drops whatever the name.
  return kind === 'volatile' || (parts.length >= 2 && parts[0].toLowerCase() !== 'temp') ? { kind: object, name: parts.join('.') } : undefined;
}
