// DuckDB executes an update-every-column MERGE into a large on-disk table slowly: updates rewrite the touched
// row groups at commit (measured: 127k changed keys in a 10M-row table, MERGE 2.2 s + COMMIT 6.5 s, against
// 0.3 s for DELETE + INSERT). When the MERGE is dbt's incremental shape — every inserted column is also updated
// from the same source column — and each source row matches at most one target row, deleting the matched target
// rows and inserting every source row gives the same table. That case runs as DELETE + INSERT; any other MERGE
// runs as written. The compiled SQL, previews and target/run still show the MERGE the model means.
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { splitTopLevelCommas } from '../../../../server/src/core/sql/split';
import { duplicateRowError } from './merge-check';
import { inTransaction } from './transaction';

const SHAPE =
  /^\s*(?:\/\*[\s\S]*?\*\/\s*)*merge\s+into\s+(\S+)\s+as\s+DBT_INTERNAL_DEST\s+using\s+(\S+)\s+as\s+DBT_INTERNAL_SOURCE\s+on\s+([\s\S]+?)\s+when\s+matched\s+then\s+update\s+set\s+([\s\S]+?)\s+when\s+not\s+matched\s+then\s+insert\s*\(([\s\S]+?)\)\s*values\s*\(([\s\S]+?)\)\s*;?\s*$/i;

export interface FastMerge {
  target: string;
  source: string;
  on: string;
  columns: string[];
}

/** A list's items, trimmed: a comma inside a quoted column name (`"A,B"`) separates nothing. */
function splitList(text: string): string[] {
  return splitTopLevelCommas(text).map((s) => s.trim());
}

/** The parts of a MERGE that may run as DELETE + INSERT, or null when it must run as written. */
export function parseFastMerge(sql: string): FastMerge | null {
  const m = SHAPE.exec(sql);
  if (!m) return null;
  const [, target, source, on, sets, insertCols, values] = m;
  // A source that is a relation name only (no subquery): it is read twice.
  if (source.includes('(')) return null;
  const columns = splitList(insertCols);
  const vals = splitList(values);
  const updates = splitList(sets);
  if (columns.length === 0 || vals.length !== columns.length || updates.length !== columns.length) return null;
  const quoted = /^"[^"]+"$/;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (!quoted.test(c)) return null;
    if (vals[i] !== `DBT_INTERNAL_SOURCE.${c}`) return null;
  }
  const updated = new Set(
    updates.map((u) => {
      const eq = /^("[^"]+")\s*=\s*DBT_INTERNAL_SOURCE\.("[^"]+")$/.exec(u);
      return eq && eq[1] === eq[2] ? eq[1] : '';
    }),
  );
  if (updated.has('') || columns.some((c) => !updated.has(c)) || updated.size !== columns.length) return null;
  return { target, source, on, columns };
}

/** Per-connection temp table holding the (target row, source row) pairs of the MERGE's join. */
const PAIRS = 'temp.main.bz_merge_pairs';

/**
 * Runs a MERGE as DELETE + INSERT when that gives the same table; returns the INSERT's reader (its row count
 * is the MERGE's: every source row), or undefined when the MERGE must run as written. Throws Snowflake's
 * duplicate-row error (100090) itself, so the caller need not run the general check first.
 */
export async function runMergeAsDeleteInsert(
  connection: DuckDBConnection,
  sql: string,
  /** Filled with the number of target rows the source matched: the MERGE's updated rows (the rest were inserted). */
  counts?: { matched: number },
): Promise<DuckDBResultReader | undefined> {
  const m = parseFastMerge(sql);
  if (!m) return undefined;
  // The join is the expensive part (it reads the whole target), so it runs once: its row-id pairs answer
  // both questions — a target row matched twice is Snowflake's error 100090 (as the general check raises
  // it), and a source row matching two target rows makes DELETE + INSERT differ from the MERGE (which would
  // update both), so that case runs as written — and then say which rows to delete, by row id (measured on
  // 10M target rows: join 180-200 ms + delete by row id 50-70 ms, against a second join for DELETE … USING,
  // 180-380 ms). Row ids stay valid only within one transaction, so outside the caller's one it opens its own;
  // that also keeps a failed INSERT from leaving the target with its matched rows deleted.
  const own = !(await inTransaction(connection));
  if (own) await connection.run('BEGIN TRANSACTION');
  try {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE bz_merge_pairs AS SELECT DBT_INTERNAL_DEST.rowid AS target_row, DBT_INTERNAL_SOURCE.rowid AS source_row ` +
        `FROM ${m.target} AS DBT_INTERNAL_DEST JOIN ${m.source} AS DBT_INTERNAL_SOURCE ON ${m.on}`,
    );
    const check = await connection.runAndReadAll(
      `SELECT count(*), count(DISTINCT target_row), count(DISTINCT source_row) FROM ${PAIRS}`,
    );
    const [pairs, targets, sources] = (check.getRows()[0] ?? [0, 0, 0]).map(Number);
    if (pairs !== targets) {
      await connection.run(`DROP TABLE ${PAIRS}`);
      throw duplicateRowError(pairs - targets, m.target, sql);
    }
    let reader: DuckDBResultReader | undefined;
    if (pairs === sources) {
      await connection.run(`DELETE FROM ${m.target} WHERE rowid IN (SELECT target_row FROM ${PAIRS})`);
      const cols = m.columns.join(', ');
      reader = await connection.runAndReadAll(
        `INSERT INTO ${m.target} (${cols}) SELECT ${m.columns.map((c) => `DBT_INTERNAL_SOURCE.${c}`).join(', ')} FROM ${m.source} AS DBT_INTERNAL_SOURCE`,
      );
      if (counts) counts.matched = pairs;
    }
    await connection.run(`DROP TABLE ${PAIRS}`);
    if (own) await connection.run('COMMIT');
    return reader;
  } catch (e) {
    // The caller's own transaction is the caller's to roll back (the runner does); ours is rolled back here,
    // which also drops the pairs table.
    if (own) await connection.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
