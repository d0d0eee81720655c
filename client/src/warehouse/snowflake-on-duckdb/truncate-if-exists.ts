// Snowflake's `TRUNCATE [ TABLE ] [ IF EXISTS ] <name>` (https://docs.snowflake.com/en/sql-reference/sql/truncate-table)
// on DuckDB, whose TRUNCATE has no IF EXISTS (its parser stops at the name). A pre-hook such as
// `TRUNCATE TABLE IF EXISTS {{ this }}` runs before an incremental model's first build, when the table is not there
// yet: with the table, the statement runs without the two words; without it, nothing happens, as on Snowflake.
// The `ERROR_TABLE(<base table>)` form (DML error logging) has no DuckDB counterpart and is refused by name.
import type { DuckDBConnection } from '@duckdb/node-api';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';
import { UnsupportedOnDuckDb } from '../../../../server/src/core/sql/snowflake-on-duckdb/unsupported';
import { parseDuckDbError } from '../../../../server/src/core/sql/snowflake-on-duckdb/errors';

export type TruncateIfExists = { kind: 'run'; sql: string } | { kind: 'absent' };

const isWord = (l: Lexeme | undefined, w: string): boolean => l?.kind === 'word' && l.text.toLowerCase() === w;

/**
 * For a `TRUNCATE [TABLE] IF EXISTS name` statement (`sql` translated, one statement): the statement to run (the
 * words IF EXISTS blanked, so every offset stays where it was), or `absent` when DuckDB finds no such relation.
 * Undefined for any other statement.
 */
export async function truncateIfExists(connection: DuckDBConnection, sql: string): Promise<TruncateIfExists | undefined> {
  const lx = lex(sql).filter((l) => !isTrivia(l));
  if (!isWord(lx[0], 'truncate')) return undefined;
  let k = isWord(lx[1], 'table') ? 2 : 1;
  if (isWord(lx[k], 'error_table') && lx[k + 1]?.text === '(') throw new UnsupportedOnDuckDb('TRUNCATE … ERROR_TABLE(…) (DML error logging)', lx[k].start);
  if (!(isWord(lx[k], 'if') && isWord(lx[k + 1], 'exists'))) return undefined;
  const ifAt = lx[k].start;
  const existsEnd = lx[k + 1].start + lx[k + 1].text.length;
  k += 2;
  if (isWord(lx[k], 'error_table') && lx[k + 1]?.text === '(') throw new UnsupportedOnDuckDb('TRUNCATE … ERROR_TABLE(…) (DML error logging)', lx[k].start);
  // The name: words and quoted identifiers joined by dots, then nothing but a closing semicolon.
  const first = lx[k];
  let end = k;
  while (lx[end] && (lx[end].kind === 'word' || lx[end].kind === 'quoted-identifier')) {
    if (lx[end + 1]?.text === '.') end += 2;
    else {
      end++;
      break;
    }
  }
  if (!first || end === k || lx.slice(end).some((l) => l.text !== ';')) return undefined;
  const last = lx[end - 1];
  const name = sql.slice(first.start, last.start + last.text.length);
  const run = sql.slice(0, ifAt) + ' '.repeat(existsEnd - ifAt) + sql.slice(existsEnd);
  try {
    await connection.run(`SELECT 1 FROM ${name} LIMIT 0`);
  } catch (e) {
    // Any other failure is left to the statement itself, which then reports it at its place.
    const parsed = parseDuckDbError(e instanceof Error ? e.message : String(e));
    if (parsed.type === 'Catalog' && /does not exist/.test(parsed.message)) return { kind: 'absent' };
  }
  return { kind: 'run', sql: run };
}
