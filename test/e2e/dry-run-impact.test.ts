// `bronze run --dry-run` counts what a run would do without writing: on a small project (merge, delete+insert,
// append, table), and on the demo after `--next-batch`, the dry run's numbers equal what the following real run
// reports (rows_affected) and what the tables then hold.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, makeDemo, scalar } from './helpers';
import { demoNextBatch } from '../../client/src/demo/load';
import type { RunImpact } from '../../client/src/preview/impact';

async function sql(dir: string, text: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, 'local.duckdb'));
  try {
    const conn = await instance.connect();
    try {
      return (await conn.runAndReadAll(text)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      conn.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

const INC = (strategy: string, key: string | null): string =>
  `{{ config(materialized='incremental', incremental_strategy='${strategy}'${key ? `, unique_key='${key}'` : ''}) }}
select id, name, amount, batch from {{ source('raw', 'events') }}
{% if is_incremental() %} where batch > (select max(batch) from {{ this }}) {% endif %}`;

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), "name: impact\nversion: '1.0.0'\nconfig-version: 2\nprofile: impact\nvars:\n  enable_audit_logging: false\n");
  writeFileSync(join(dir, 'profiles.yml'), 'impact:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n      threads: 1\n');
  writeFileSync(join(dir, 'models', 'sources.yml'), 'version: 2\nsources:\n  - name: raw\n    schema: main\n    tables:\n      - name: events\n');
  writeFileSync(join(dir, 'models', 'inc_merge.sql'), INC('merge', 'id'));
  writeFileSync(join(dir, 'models', 'inc_delins.sql'), INC('delete+insert', 'id'));
  writeFileSync(join(dir, 'models', 'inc_append.sql'), INC('append', null));
  writeFileSync(
    join(dir, 'models', 'latest.sql'),
    "{{ config(materialized='table', unique_key='id') }}\nselect id, name, amount, batch from {{ source('raw', 'events') }} qualify row_number() over (partition by id order by batch desc) = 1",
  );
}

async function dryRun(dir: string, select: string[] = []): Promise<{ code: number; impacts: Map<string, RunImpact>; stderr: string }> {
  const res = await cli(['run', '--dry-run', '--project-dir', dir, '--output', 'json', ...select]);
  const parsed = JSON.parse(res.stdout) as { models: { model: string; impact?: RunImpact; error?: string }[] };
  for (const m of parsed.models) assert.ok(m.impact, `${m.model}: ${m.error}`);
  return { code: res.code, impacts: new Map(parsed.models.map((m) => [m.model, m.impact!])), stderr: res.stderr };
}

async function runAffected(dir: string): Promise<{ code: number; rows: Map<string, number | null>; messages: Map<string, string> }> {
  const res = await cli(['run', '--project-dir', dir, '--output', 'json']);
  const parsed = JSON.parse(res.stdout) as { results: { name: string; rows_affected: number | null; message: string }[] };
  return { code: res.code, rows: new Map(parsed.results.map((r) => [r.name, r.rows_affected])), messages: new Map(parsed.results.map((r) => [r.name, r.message])) };
}

/** Every table's rows, to prove the dry run wrote nothing (tmp relations included). */
async function snapshot(dir: string): Promise<string> {
  const tables = await sql(dir, "select table_schema, table_name from information_schema.tables where table_catalog = 'local' order by all");
  const parts: string[] = [JSON.stringify(tables)];
  for (const t of tables) parts.push(JSON.stringify(await sql(dir, `select * from "${t.table_schema}"."${t.table_name}" order by all`)));
  return parts.join('\n');
}

describe('run --dry-run on a small project', () => {
  let dir = '';
  before(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'bronze-dry-run-')), 'p');
    writeProject(dir);
    await sql(dir, "create table main.events as select * from (values (1, 'a', 10, 1), (2, 'b', 20, 1), (3, 'c', 30, 1), (4, 'd', 40, 1), (5, 'e', 50, 1)) v(id, name, amount, batch)");
    const first = await cli(['run', '--project-dir', dir]);
    assert.equal(first.code, 0, first.stderr);
  });
  after(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  test('a second batch: the dry run counts, writes nothing, and the real run agrees', async () => {
    // Key 4 changes its amount, key 5 comes again with the same values (only its batch differs), 6 and 7 are new.
    await sql(dir, "insert into main.events values (4, 'd', 41, 2), (5, 'e', 50, 2), (6, 'f', 60, 2), (7, 'g', 70, 2)");
    const before = await snapshot(dir);
    const { code, impacts } = await dryRun(dir);
    assert.equal(code, 0);
    assert.equal(await snapshot(dir), before, 'the dry run changed the database');

    const merge = impacts.get('inc_merge')!;
    assert.deepEqual(
      [merge.mode, merge.strategy, merge.sourceRows, merge.targetRows, merge.inserted, merge.updated, merge.deleted, merge.unchanged, merge.rowsAffected],
      ['incremental', 'merge', 4, 5, 2, 2, 0, 3, 4],
    );
    assert.equal(merge.changedRows, 2);
    assert.deepEqual(merge.changedColumns, [{ column: 'amount', rows: 1 }, { column: 'batch', rows: 2 }]);
    const four = merge.samples.find((s) => Number(s.key.id) === 4)!;
    assert.deepEqual([four.before.amount, four.after.amount].map(Number), [40, 41]);
    assert.equal(merge.wouldFail, undefined);
    assert.equal(merge.duplicateKeys.keys, 0);

    const delins = impacts.get('inc_delins')!;
    assert.deepEqual([delins.strategy, delins.inserted, delins.deleted, delins.unchanged], ['delete+insert', 4, 2, 3]);
    const append = impacts.get('inc_append')!;
    assert.deepEqual([append.strategy, append.inserted, append.deleted, append.unchanged], ['append', 4, 0, 5]);
    const latest = impacts.get('latest')!;
    assert.deepEqual([latest.mode, latest.sourceRows, latest.inserted, latest.deleted, latest.updated, latest.unchanged], ['replace', 7, 2, 0, 2, 3]);

    const run = await runAffected(dir);
    assert.equal(run.code, 0);
    assert.equal(run.rows.get('inc_merge'), merge.rowsAffected);
    assert.equal(run.rows.get('latest'), latest.rowsAffected);
    assert.equal(run.rows.get('inc_append'), append.rowsAffected);
    const held = async (t: string): Promise<number> => Number((await sql(dir, `select count(*)::int as n from main.${t}`))[0].n);
    assert.equal(await held('inc_merge'), merge.targetRows! + merge.inserted);
    assert.equal(await held('inc_delins'), delins.targetRows! - delins.deleted + delins.inserted);
    assert.equal(await held('inc_append'), append.targetRows! + append.inserted);
    assert.equal(await held('latest'), latest.sourceRows);
  });

  test('a batch that repeats a key the table holds: the dry run says the MERGE would fail, and it does', async () => {
    await sql(dir, "insert into main.events values (1, 'a', 11, 3), (1, 'a', 12, 3), (8, 'h', 80, 3), (8, 'h', 81, 3)");
    const { code, impacts } = await dryRun(dir, ['-s', 'inc_merge']);
    assert.equal(code, 1);
    const merge = impacts.get('inc_merge')!;
    assert.equal(merge.duplicateKeys.keys, 2);
    assert.match(merge.wouldFail ?? '', /100090/);
    const run = await runAffected(dir);
    assert.equal(run.code, 1);
    assert.match(run.messages.get('inc_merge') ?? '', /Duplicate row detected/);
  });
});

describe('run --dry-run on the demo after --next-batch', () => {
  let dir = '';
  let cleanup = () => {};
  before(async () => {
    ({ dir, cleanup } = await makeDemo(1000));
    const build = await cli(['run', '--project-dir', dir]);
    assert.equal(build.code, 0, build.stderr);
  });
  after(() => cleanup());

  test("the dry run's inserted/updated equal the real run's rows_affected and the new row counts", async () => {
    const batch = await demoNextBatch(dir);
    const { code, impacts } = await dryRun(dir);
    assert.equal(code, 0);
    const run = await runAffected(dir);
    assert.equal(run.code, 0);
    for (const t of batch.tables) {
      const name = `bz_${t.table}`;
      const impact = impacts.get(name)!;
      assert.equal(impact.mode, 'incremental', name);
      assert.equal(impact.inserted, t.newKeys.length, `${name}: inserted = the batch's new keys`);
      assert.ok(impact.changedRows >= t.changedKeys.length, `${name}: every changed key is a changed row`);
      assert.equal(impact.inserted + impact.updated, run.rows.get(name), `${name}: rows_affected`);
      assert.equal(await scalar(dir, `select count(*) from local.bronze.${name}`), impact.targetRows! + impact.inserted, `${name}: rows held`);
    }
  });
});
