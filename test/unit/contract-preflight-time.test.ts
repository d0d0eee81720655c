// dbt's contract pre-flight compares type families only (size, precision and scale never count: typeFamily), so a
// contract's TIMESTAMP_NTZ(3) is described as TIMESTAMP_NTZ. The DuckDB target refuses TIMESTAMP_NTZ(3) where a value
// could lose digits; a contracted view (no DDL of its own) stopped on that refusal in the pre-flight alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptySchemaSql } from '../../server/src/compile/contract';
import { cli } from '../e2e/helpers';

test('emptySchemaSql leaves out a time type\'s fractional digits, nothing else', () => {
  const col = (name: string, dataType: string) => ({ name, dataType, quote: false, constraints: [] });
  const sql = emptySchemaSql({ columns: [col('a', 'TIMESTAMP_NTZ(3)'), col('b', 'time(0)'), col('c', 'NUMBER(10,2)'), col('d', 'varchar(36)')], constraints: [] });
  assert.equal(sql, 'select\n    cast(null as TIMESTAMP_NTZ) as a,\n    cast(null as time) as b,\n    cast(null as NUMBER(10,2)) as c,\n    cast(null as varchar(36)) as d');
});

test('build on DuckDB: a contracted view whose contract says TIMESTAMP_NTZ(3) passes the pre-flight', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-contract-time-'));
  try {
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'dbt_project.yml'), 'name: ct\nprofile: ct\n');
    writeFileSync(join(dir, 'models', 'sent.sql'), "{{ config(materialized='view', contract={'enforced': true}) }}\nselect 1 as id, timestamp '2024-01-02 03:04:05.123' as sent_on\n");
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: sent\n    columns:\n      - name: id\n        data_type: number\n      - name: sent_on\n        data_type: TIMESTAMP_NTZ(3)\n');
    const out = await cli(['build', '--project-dir', dir]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    assert.deepEqual(results.results.map((r) => [r.unique_id, r.status]), [['model.ct.sent', 'success']]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
