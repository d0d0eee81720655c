// The Snowflake conformance cases through the real snowflake-sdk against the emulator (which runs them on DuckDB
// through the same snowflake-on-duckdb layer): each must give Snowflake's documented result or a located "not
// supported on the DuckDB target" error; a silent difference or a raw engine error fails.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSnowflakeWarehouse } from '../../client/src/warehouse/snowflake';
import type { Warehouse } from '../../client/src/warehouse/warehouse';
import type { Emulator } from '../snowflake-emulator/server';
import type { Cell, ConformanceCase } from '../conformance/snowflake/case';
import { canonicalFromDriver, compareRows, snowflakeColumnOfDriver, type Verdict } from '../conformance/snowflake/compare';
import { judgeError, loadCaseFiles } from '../conformance/snowflake/run';
import { emulator, target } from './helpers';
import { KNOWN_EMULATOR_FAILURES } from '../conformance/snowflake/known-differences';

const files = await loadCaseFiles();
let emu: Emulator;
let wh: Warehouse;
let schemaNo = 0;

before(async () => {
  emu = await emulator();
  wh = createSnowflakeWarehouse(target(emu));
});
after(async () => {
  await wh.close();
  await emu.close();
});

async function runCase(c: ConformanceCase): Promise<Verdict> {
  const s = await wh.openSession();
  try {
    const schema = `conformance_${++schemaNo}`;
    await s.execute(`create schema ${schema}`);
    await s.execute(`use schema ${schema}`);
    try {
      for (const [k, v] of Object.entries(c.session ?? {})) await s.execute(`alter session set ${k} = '${v}'`);
      for (const stmt of c.setup ?? []) await s.execute(stmt);
    } catch (e) {
      return judgeError(c, e);
    }
    let result;
    try {
      result = await s.execute(c.sql);
    } catch (e) {
      return judgeError(c, e);
    }
    if ('error' in c.expect) {
      return { id: c.id, construct: c.construct, outcome: 'FAIL', failKind: 'silent', detail: 'Snowflake rejects this statement; the emulator ran it' };
    }
    // The session's time zone as Snowflake tells it (CURRENT_SETTING is DuckDB's, which the emulator refuses as Snowflake does).
    const shown = (await s.execute("show parameters like 'TIMEZONE' in session")).rows[0] as Record<string, unknown> | undefined;
    const tz = String(shown?.value ?? 'UTC');
    const columns = result.columns.map((col) => ({ ...snowflakeColumnOfDriver(col.type), name: col.name }));
    const keys = result.columns.map((col) => col.name);
    const rows: Cell[][] = result.rows.map((r) => Object.values(r).map((v, i) => canonicalFromDriver(v, columns[i], tz)));
    if (keys.length !== new Set(keys).size && rows.some((r) => r.length !== keys.length)) {
      return { id: c.id, construct: c.construct, outcome: 'FAIL', failKind: 'silent', detail: 'duplicate column names collapsed by the driver' };
    }
    const diff = compareRows(c, c.expect, { columns, rows });
    return diff === undefined
      ? { id: c.id, construct: c.construct, outcome: 'PASS' }
      : { id: c.id, construct: c.construct, outcome: 'FAIL', failKind: 'silent', detail: diff };
  } finally {
    await s.close();
  }
}

for (const f of files) {
  describe(`conformance through the emulator: ${f.file}`, () => {
    for (const c of f.cases) {
      test(c.id, async () => {
        const v = await runCase(c);
        if (KNOWN_EMULATOR_FAILURES.has(c.id)) {
          assert.equal(v.outcome, 'FAIL', `${c.id} now gives the documented result: take it off KNOWN_EMULATOR_FAILURES`);
          return;
        }
        assert.notEqual(v.outcome, 'FAIL', `${c.sql}\n${v.failKind === 'silent' ? 'silent difference' : 'raw error'}: ${v.detail}`);
      });
    }
  });
}

test('a construct the emulator cannot run exactly reaches the driver as a located compilation error naming it', async () => {
  const s = await wh.openSession();
  try {
    await assert.rejects(
      s.execute("select 1 as a,\n  regexp_instr('ab', 'a|(b)', 1, 1, 0, 'e') as b"),
      (e: Error & { details?: { line?: number; column?: number } }) => {
        assert.match(e.message, /REGEXP_INSTR of a group inside another group or an alternation is not supported on the DuckDB target line 2 at position 2/);
        assert.deepEqual([e.details?.line, e.details?.column], [2, 3]);
        return true;
      },
    );
  } finally {
    await s.close();
  }
});
