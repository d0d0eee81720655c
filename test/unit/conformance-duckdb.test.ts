// The Snowflake conformance cases on the DuckDB target: each case must give Snowflake's documented result or fail
// with a located "not supported on the DuckDB target" error (never a silent difference, never a raw DuckDB error),
// and at least 97% must pass outright.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import type { Verdict } from '../conformance/snowflake/compare';
import { loadCaseFiles, openConformanceWarehouse, runCaseOnDuckDb, summarise } from '../conformance/snowflake/run';

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
        assert.notEqual(v.outcome, 'FAIL', `${c.sql}\n${v.failKind === 'silent' ? 'silent difference' : 'raw error'}: ${v.detail}`);
      });
    }
  });
}

test('conformance on DuckDB: no silent differences and at least 97% pass', () => {
  const s = summarise(verdicts);
  assert.equal(s.silent, 0, `${s.silent} silent difference(s)`);
  assert.ok(s.passRate >= 97, `pass rate ${s.passRate.toFixed(1)}% (${s.pass}/${s.verdicts.length})`);
});
