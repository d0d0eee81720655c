// LIKE's subject goes through bz_like_text (translate.ts likeSubjectAsText), whose body names it once per type it
// dispatches on; DuckDB copies a macro's argument into every such place. A subject that is itself a chain of macros
// (algorand's `TRY_BASE64_DECODE_STRING(tx_message:txn:apaa[0]::STRING) ILIKE 'swap'`: base64, VARCHAR cast, JSON
// text, path read) was copied hundreds of times and one model bound for 90 s. A subject holding a call now binds once
// (bind-once.ts). The plan's size is the measure: it grows with the copies, not with the machine's speed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDuckDbWarehouse, type DuckDbSession } from '../../client/src/warehouse/duckdb';
import { translateWithMap } from '../../server/src/core/sql/snowflake-on-duckdb/translate';
import type { TargetConfig } from '../../server/src/core/types';

const MEMORY: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: '', schema: 'main', path: ':memory:' };

async function planBytes(session: DuckDbSession, snowflakeSql: string): Promise<number> {
  const sql = translateWithMap(snowflakeSql, {}, { columnNames: true }).sql;
  const reader = await session.connection.runAndReadAll(`SELECT length(json_serialize_plan('${sql.replace(/'/g, "''")}'))`);
  return Number(reader.getRows()[0][0]);
}

const SUBJECT = 'TRY_BASE64_DECODE_STRING(v:txn:apaa[0]::STRING)';

test('a LIKE subject that is a chain of calls is not multiplied in the plan, and matches as before', async () => {
  const w = await createDuckDbWarehouse(MEMORY);
  try {
    const s = (await w.openSession()) as DuckDbSession;
    await s.execute(`CREATE TABLE tx (v VARIANT, d DATE, name VARCHAR)`);
    // 'c3dhcA==' is base64 for 'swap'.
    await s.execute(`INSERT INTO tx SELECT PARSE_JSON('{"txn": {"apaa": ["c3dhcA=="]}}'), '2024-03-01'::DATE, 'Swap'`);
    await s.execute(`INSERT INTO tx SELECT PARSE_JSON('{"txn": {"apaa": ["bm9wZQ=="]}}'), '2024-03-02'::DATE, 'nope'`);
    const alone = await planBytes(s, `SELECT ${SUBJECT} AS x FROM tx`);
    const filtered = await planBytes(s, `SELECT 1 AS one FROM tx WHERE ${SUBJECT} ILIKE 'swap'`);
    // The subject once more, plus the filter's own nodes (it was ~400× before).
    assert.ok(filtered < 6 * alone, `filtered ${filtered} bytes against ${alone} for the subject alone`);
    const matched = await s.execute(`SELECT ${SUBJECT} AS x FROM tx WHERE ${SUBJECT} ILIKE 'SWAP'`);
    assert.deepEqual(matched.rows, [{ X: 'swap' }]);
    // A call giving a DATE is matched by its text, a plain column as it is.
    const dated = await s.execute(`SELECT name FROM tx WHERE DATEADD(day, 1, d) LIKE '2024-03-02%' AND name NOT LIKE 'n%'`);
    assert.deepEqual(dated.rows, [{ NAME: 'Swap' }]);
    const negated = await s.execute(`SELECT name FROM tx WHERE UPPER(name) NOT ILIKE 's%'`);
    assert.deepEqual(negated.rows, [{ NAME: 'nope' }]);
  } finally {
    await w.close();
  }
});

test('a LIKE subject that is a call is bound once, a plain column keeps the folded form', () => {
  const call = translateWithMap(`SELECT 1 FROM t WHERE UPPER(a) LIKE 'X%'`, {}, { columnNames: true }).sql;
  assert.match(call, /bz_like_text_call\(/i);
  const column = translateWithMap(`SELECT 1 FROM t WHERE a LIKE 'X%'`, {}, { columnNames: true }).sql;
  assert.match(column, /bz_like_text\(/i);
  assert.doesNotMatch(column, /bz_like_text_call/i);
});
