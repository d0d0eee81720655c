// Preview data: a model, one of its CTEs, a selection and unsaved text run on the project's DuckDB with the row
// cap; export writes the whole result (NULL apart from the string 'NULL'); compare finds row and column
// differences by key and by whole rows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cteQuery } from '../../client/src/preview/cte';
import { compareResults } from '../../client/src/preview/compare';
import { exportPreview, runPreview, writeRows } from '../../client/src/preview/data';

test('cteQuery keeps the WITH clause up to the CTE and selects from it', () => {
  const sql = "with a as (select 1 as x), \"B\" as (select x + 1 as y from a where ')' <> '(' ), c as (select * from \"B\")\nselect * from c";
  assert.equal(cteQuery(sql, 'a'), 'with a as (select 1 as x)\nselect * from a');
  assert.equal(cteQuery(sql, 'b'), "with a as (select 1 as x), \"B\" as (select x + 1 as y from a where ')' <> '(' )\nselect * from \"B\"");
  assert.equal(cteQuery(sql, 'missing'), undefined);
  assert.equal(cteQuery('select * from (with z as (select 1) select * from z)', 'z'), undefined, 'a nested WITH is not the model’s');
});

test('compareResults by key: changed values, rows on one side only, columns and types', () => {
  const c = compareResults(
    { label: 'local', columns: [{ name: 'id', type: 'INTEGER' }, { name: 'v', type: 'VARCHAR' }, { name: 'old', type: 'INTEGER' }], rows: [{ id: 1, v: 'a', old: 1 }, { id: 2, v: null, old: 2 }, { id: 3, v: 'c', old: 3 }] },
    { label: 'prod', columns: [{ name: 'ID', type: 'VARCHAR' }, { name: 'V', type: 'VARCHAR' }, { name: 'NEW', type: 'INTEGER' }], rows: [{ ID: 1, V: 'a', NEW: 0 }, { ID: 2, V: 'NULL', NEW: 0 }, { ID: 4, V: 'd', NEW: 0 }] },
    ['id'],
  );
  assert.deepEqual(c.key, ['id']);
  assert.deepEqual(c.columnsOnlyLeft, ['old']);
  assert.deepEqual(c.columnsOnlyRight, ['NEW']);
  assert.deepEqual(c.typeChanges, { id: ['INTEGER', 'VARCHAR'] });
  assert.equal(c.same, 1);
  assert.deepEqual(c.changed, [{ key: { id: 2 }, changes: { v: [null, 'NULL'] } }], "NULL and the string 'NULL' differ");
  assert.deepEqual(c.onlyLeft.map((r) => r.id), [3]);
  assert.deepEqual(c.onlyRight.map((r) => r.ID), [4]);
  assert.deepEqual(c.counts, { onlyLeft: 1, onlyRight: 1, changed: 1 });
});

test("compareResults: the twin's DuckDB type names equal the Snowflake types they stand for; other differences stay", () => {
  const side = (label: string, types: string[]) => ({ label, columns: types.map((type, i) => ({ name: `c${i}`, type })), rows: [] });
  const c = compareResults(
    side('local', ['TIMESTAMP', 'BIGINT', 'INTEGER', 'DOUBLE', 'VARCHAR', 'DECIMAL(18,2)', 'TIMESTAMP WITH TIME ZONE', 'DATE', 'TIMESTAMP']),
    side('snowflake', ['TIMESTAMP_NTZ', 'NUMBER(38,0)', 'NUMBER(38,0)', 'FLOAT', 'TEXT', 'NUMBER(18,2)', 'TIMESTAMP_LTZ', 'TIMESTAMP_NTZ', 'TIMESTAMP_TZ']),
  );
  assert.deepEqual(c.typeChanges, { c7: ['DATE', 'TIMESTAMP_NTZ'], c8: ['TIMESTAMP', 'TIMESTAMP_TZ'] });
});

test('compareResults without a key counts whole rows as multisets', () => {
  const cols = [{ name: 'x', type: 'INTEGER' }];
  const c = compareResults({ label: 'a', columns: cols, rows: [{ x: 1 }, { x: 1 }, { x: 2 }] }, { label: 'b', columns: cols, rows: [{ x: 1 }, { x: 3 }], truncated: true });
  assert.equal(c.key, null);
  assert.equal(c.same, 1);
  assert.deepEqual(c.onlyLeft, [{ x: 1 }, { x: 2 }]);
  assert.deepEqual(c.onlyRight, [{ x: 3 }]);
  assert.equal(c.partial, true);
});

describe('previews on a DuckDB project', () => {
  let root = '';
  let dir = '';
  const req = () => ({ projectDir: dir });
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-preview-'));
    dir = join(root, 'p');
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'dbt_project.yml'), "name: pv\nversion: '1.0.0'\nconfig-version: 2\nprofile: pv\nvars:\n  enable_audit_logging: false\n");
    writeFileSync(join(dir, 'profiles.yml'), 'pv:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n      threads: 1\n');
    writeFileSync(
      join(dir, 'models', 'numbers.sql'),
      "with base as (select range as n from range(1000)),\nlabelled as (select n, case when n % 10 = 0 then null when n % 10 = 1 then 'NULL' else 'v' || n end as label from base)\nselect * from labelled order by n desc limit 700\n",
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('a model: the cap stops the fetch, its ORDER BY and LIMIT keep their meaning', async () => {
    const r = await runPreview({ ...req(), source: { kind: 'model', model: 'numbers' }, maxRows: 500 });
    assert.equal(r.rows.length, 500);
    assert.equal(r.truncated, true);
    assert.equal(Number(r.rows[0].N), 999, 'ORDER BY n desc is kept');
    assert.deepEqual(r.columns.map((c) => c.name), ['N', 'LABEL']);
    assert.equal(r.target, 'local');
    const all = await runPreview({ ...req(), source: { kind: 'model', model: 'numbers' }, maxRows: 5000 });
    assert.equal(all.rows.length, 700, "the model's LIMIT 700 is kept, not replaced by the cap");
    assert.equal(all.truncated, false);
  });

  test('a CTE of the model, a selection and the unsaved text', async () => {
    const cte = await runPreview({ ...req(), source: { kind: 'model', model: 'numbers', cte: 'base' }, maxRows: 2000 });
    assert.equal(cte.rows.length, 1000);
    assert.equal(cte.title, 'numbers › base');
    const sel = await runPreview({ ...req(), source: { kind: 'sql', sql: "select count(*) as c from {{ ref('numbers') }}" }, maxRows: 10 }).catch((e: Error) => e);
    // The model is not built: the selection names its relation, which does not exist yet.
    assert.ok(sel instanceof Error && /numbers/i.test(sel.message), String(sel));
    const edited = await runPreview({ ...req(), source: { kind: 'model', model: 'numbers', text: 'select 42 as answer' }, maxRows: 10 });
    assert.deepEqual(edited.rows.map((x) => Number(x.ANSWER)), [42]);
     // A WITH clause with no query after it is named at the model (dangling-with.ts), not with DuckDB's syntax error.
    const dangling = await runPreview({ ...req(), source: { kind: 'model', model: 'numbers', text: 'with a as (select 1 as x),\n' }, maxRows: 10 }).catch((e: Error) => e);
    assert.ok(dangling instanceof Error && /^Model numbers compiled to a WITH clause with no query after it \(WITH at line 1 of its compiled SQL\): its template .*End the WITH clause with the query that reads its CTEs\.$/.test(dangling.message), String(dangling));
  });

  test('export writes the whole result, NULL apart from the string NULL', async () => {
    const csv = join(root, 'out.csv');
    const n = await exportPreview({ ...req(), source: { kind: 'model', model: 'numbers' } }, csv, 'csv');
    assert.equal(n, 700);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 701);
    assert.equal(lines[0], 'N,LABEL');
    assert.ok(lines.includes('990,'), 'NULL is an empty field');
    assert.ok(lines.includes('991,NULL'), "the string 'NULL' is written as is");
    const json = join(root, 'out.json');
    await exportPreview({ ...req(), source: { kind: 'model', model: 'numbers' } }, json, 'json');
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as { N: number; LABEL: string | null }[];
    assert.equal(parsed.length, 700);
    assert.deepEqual(parsed.find((r) => r.N === 990), { N: 990, LABEL: null });
    assert.deepEqual(parsed.find((r) => r.N === 991), { N: 991, LABEL: 'NULL' });
  });

  test('writeRows with no rows writes a header / an empty array', async () => {
    const f = join(root, 'empty.json');
    await writeRows(f, 'json', ['a'], []);
    assert.deepEqual(JSON.parse(readFileSync(f, 'utf8')), []);
    await writeRows(f, 'csv', ['a', 'b'], []);
    assert.equal(readFileSync(f, 'utf8'), 'a,b\n');
  });
});
