// Snowflake refuses a MERGE whose matched clause would touch one target row from several source rows
// ("Duplicate row detected during DML action", error 100090); DuckDB silently picks one. This check runs the
// MERGE's own join first and raises the Snowflake error when any target row has more than one partner.
import type { DuckDBConnection } from '@duckdb/node-api';
import { WarehouseError } from '../warehouse';
import { isTrivia, lex, type Lexeme } from '../../../../server/src/core/sql/tokenize';

export interface MergeParts {
  /** Target relation text, with its alias if any (e.g. `db.s.t as DBT_INTERNAL_DEST`). */
  target: string;
  /** How the target is referred to in the ON clause (its alias, else its last name part). */
  targetRef: string;
  /** Source text: a relation or `( subquery )`, with its alias. */
  source: string;
  on: string;
  /** Whether a `WHEN MATCHED` clause exists (only those can hit the nondeterminism). */
  hasMatchedClause: boolean;
}

/** Splits a MERGE statement into its parts; null when the text is not a MERGE. */
export function parseMerge(sql: string): MergeParts | null {
  const lx = lex(sql);
  const sig: number[] = [];
  let depth = 0;
  for (let i = 0; i < lx.length; i++) {
    const l = lx[i];
    if (isTrivia(l)) continue;
    if (l.kind === 'punct' && l.text === '(') {
      if (depth === 0) sig.push(i);
      depth++;
    } else if (l.kind === 'punct' && l.text === ')') depth--;
    else if (depth === 0) sig.push(i);
  }
  const w = (k: number): string => (lx[sig[k]]?.kind === 'word' ? lx[sig[k]].text.toLowerCase() : '');
  if (w(0) !== 'merge' || w(1) !== 'into') return null;
  const find = (word: string, from: number): number => {
    for (let k = from; k < sig.length; k++) if (w(k) === word) return k;
    return -1;
  };
  const using = find('using', 2);
  const on = using < 0 ? -1 : find('on', using + 1);
  const when = on < 0 ? -1 : find('when', on + 1);
  if (using < 0 || on < 0 || when < 0) return null;
  const text = (a: number, b: number): string => lx.slice(a, b).map((l: Lexeme) => l.text).join('').trim();

  const targetSig = sig.slice(2, using).map((i) => lx[i]);
  // Name parts are word/quoted lexemes joined by dots; what follows (after an optional AS) is the alias.
  let k = 0;
  let last = targetSig[0]?.text ?? '';
  while (k < targetSig.length && (targetSig[k].kind === 'word' || targetSig[k].kind === 'quoted-identifier')) {
    last = targetSig[k].text;
    if (targetSig[k + 1]?.text === '.') k += 2;
    else {
      k++;
      break;
    }
  }
  if (targetSig[k]?.kind === 'word' && targetSig[k].text.toLowerCase() === 'as') k++;
  const alias = targetSig[k]?.text;

  let hasMatchedClause = false;
  for (let q = when; q < sig.length; q++) if (w(q) === 'when' && w(q + 1) === 'matched') hasMatchedClause = true;

  return {
    target: text(sig[1] + 1, sig[using]),
    targetRef: alias ?? last,
    source: text(sig[using] + 1, sig[on]),
    on: text(sig[on] + 1, sig[when]),
    hasMatchedClause,
  };
}

/** The query that counts target rows matched by more than one source row. */
export function mergeDuplicateQuery(parts: MergeParts): string {
  return (
    `SELECT count(*) AS bz_rows FROM (SELECT 1 FROM ${parts.target} JOIN ${parts.source} ON ${parts.on} ` +
    `GROUP BY ${parts.targetRef}.rowid HAVING count(*) > 1) AS bz_merge_dups`
  );
}

/**
 * Throws WarehouseError (code 100090) when `duckdbSql` is a MERGE with a WHEN MATCHED clause and some target
 * row joins more than one source row. An error while checking is the MERGE's own error (its source or ON
 * clause fails), so it is raised as is: swallowing it would leave an open transaction aborted, and the MERGE
 * would then report "Current transaction is aborted" instead of the cause.
 */
export async function checkMergeSourceDuplicates(connection: DuckDBConnection, duckdbSql: string): Promise<void> {
  const parts = parseMerge(duckdbSql);
  if (!parts || !parts.hasMatchedClause) return;
  const reader = await connection.runAndReadAll(mergeDuplicateQuery(parts));
  const duplicates = Number(reader.getRows()[0]?.[0] ?? 0);
  if (duplicates > 0) throw duplicateRowError(duplicates, parts.target, duckdbSql);
}

/** Snowflake's error for a MERGE that would update one target row from several source rows. */
export function duplicateRowError(rows: number, target: string, sql: string): WarehouseError {
  return new WarehouseError(
    `Duplicate row detected during DML action: ${rows} target row(s) of ${target} match more than one ` +
      `source row in this MERGE. Make the source unique on the merge key (e.g. QUALIFY row_number() OVER ` +
      `(PARTITION BY <key> ORDER BY <loaded_at> DESC) = 1).`,
    { code: '100090', sqlState: '42P18', sql },
  );
}
