// The Snowflake conformance cases on the DuckDB target: each case must give Snowflake's documented result or fail
// with a located "not supported on the DuckDB target" error (never a silent difference, never a raw DuckDB error).
// The cases that do not yet are listed in known-differences.ts (a ratchet: the goal is an empty list and ≥ 97%).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import type { Verdict } from '../conformance/snowflake/compare';
import { loadCaseFiles, openConformanceWarehouse, runCaseOnDuckDb, summarise } from '../conformance/snowflake/run';
import { KNOWN_DUCKDB_FAILURES, RECORDED } from '../conformance/snowflake/known-differences';

const files = await loadCaseFiles();
const verdicts: Verdict[] = [];
let warehouse: DuckDbWarehouse;

before(async () => {
  warehouse = await openConformanceWarehouse();
});
after(async () => {
  await warehouse.close();
});

for (const f of files) {
  describe(`conformance on DuckDB: ${f.file}`, () => {
    for (const c of f.cases) {
      test(c.id, async () => {
        const v = await runCaseOnDuckDb(warehouse, c);
        verdicts.push(v);
        if (KNOWN_DUCKDB_FAILURES.has(c.id)) {
          assert.equal(v.outcome, 'FAIL', `${c.id} now gives the documented result: take it off KNOWN_DUCKDB_FAILURES`);
          return;
        }
        assert.notEqual(v.outcome, 'FAIL', `${c.sql}\n${v.failKind === 'silent' ? 'silent difference' : 'raw error'}: ${v.detail}`);
      });
    }
  });
}

test('conformance on DuckDB: pass rate and silent differences no worse than recorded (target: 97%, none silent)', () => {
  const s = summarise(verdicts);
  console.log(`conformance on DuckDB: ${s.pass}/${s.verdicts.length} pass (${s.passRate.toFixed(1)}%), ${s.silent} silent difference(s)`);
  assert.ok(s.silent <= RECORDED.duckdbSilent, `${s.silent} silent difference(s), recorded ${RECORDED.duckdbSilent}`);
  assert.ok(s.passRate >= RECORDED.duckdbPassRate, `pass rate ${s.passRate.toFixed(1)}% (${s.pass}/${s.verdicts.length}), recorded ${RECORDED.duckdbPassRate}%`);
});
