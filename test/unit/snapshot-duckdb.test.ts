// `bronze snapshot` on the embedded DuckDB target: three batches of changes checked row by row for the timestamp
// and check strategies (snapshot-expectations.ts), snapshots in `build` with a downstream ref, run_results and
// manifest entries, and a failing run that leaves the snapshot as it was.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBatch, query, runSnapshots, writeSnapshotProject, type ScenarioTarget } from '../helpers/snapshot-scenario';
import { checkBatch, checkTypes } from '../helpers/snapshot-expectations';
import { main } from '../../client/src/cli';
import { loadProject } from '../../server/src/project';

let root = '';
let t: ScenarioTarget;
const SCHEMAS = { legacy: 'snaps', custom: 'main_snaps' };

before(() => {
  root = mkdtempSync(join(tmpdir(), 'bronze-snap-'));
  writeSnapshotProject(root);
  t = { projectDir: root, target: 'dev' };
});
after(() => rmSync(root, { recursive: true, force: true }));

test('the loader reads snapshot blocks and YAML snapshots with their configs and relations', async () => {
  const p = await loadProject(root);
  const snaps = [...p.models.values()].filter((m) => m.resourceType === 'snapshot').map((m) => `${m.uniqueId} ${m.relation.schema}.${m.relation.identifier}`);
  assert.deepEqual(snaps.sort(), ['snapshot.snapdemo.users_all main_snaps.users_all', 'snapshot.snapdemo.users_check main_snaps.users_check', 'snapshot.snapdemo.users_ts snaps.users_ts']);
  assert.deepEqual(p.models.get('model.snapdemo.current_users')?.dependsOn.nodes, ['snapshot.snapdemo.users_ts']);
  assert.deepEqual(p.models.get('snapshot.snapdemo.users_all')?.dependsOn.nodes, ['source.snapdemo.raw.users']);
  assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
  // A YAML entry without relation: gives a block snapshot its description and data tests.
  assert.equal(p.models.get('snapshot.snapdemo.users_ts')?.description, 'Users, one row per version.');
  const tests = [...p.tests.values()].filter((x) => x.attachedNode === 'snapshot.snapdemo.users_ts').map((x) => `${x.name} ${x.dependsOn.nodes.join(',')}`);
  assert.deepEqual(tests.sort(), ['not_null_users_ts_dbt_scd_id snapshot.snapdemo.users_ts', 'unique_users_ts_dbt_scd_id snapshot.snapdemo.users_ts']);
});

test('three batches: new, changed, deleted and returning keys, row by row, both strategies', async () => {
  const windows: { from: number; to: number }[] = [];
  for (let batch = 0; batch < 3; batch++) {
    await loadBatch(t, batch);
    const run = await runSnapshots(t);
    windows.push({ from: run.from, to: run.to });
    assert.equal(run.outcome.exitCode, 0, JSON.stringify(run.outcome.results.map((r) => r.message)));
    assert.deepEqual(run.outcome.results.map((r) => `${r.resourceType} ${r.name} ${r.status}`).sort(), ['snapshot users_all success', 'snapshot users_check success', 'snapshot users_ts success']);
    await checkBatch(t, windows, batch, SCHEMAS);
  }
  await checkTypes(t, SCHEMAS, /^TIMESTAMP/, /^VARCHAR/);
  const results = JSON.parse(readFileSync(join(root, 'target', 'run_results.json'), 'utf8')) as { args: { which: string }; results: { unique_id: string; status: string; adapter_response: { rows_affected?: number } }[] };
  assert.equal(results.args.which, 'snapshot');
  // Batch 3 on users_ts: 2 new versions (2, 4) + 2 closed (1 deleted, 4 changed).
  assert.equal(results.results.find((r) => r.unique_id === 'snapshot.snapdemo.users_ts')?.adapter_response.rows_affected, 4);
  const audit = await query(t, "select node_id, node_type, status from main.bz_data_audit where node_type = 'snapshot' order by load_timestamp");
  assert.equal(audit.length, 9);
  assert.ok(audit.every((a) => a.status === 'SUCCESS'));
});

test('build runs snapshots in the DAG: a model refs a snapshot', async () => {
  const run = await runSnapshots(t, 'build');
  assert.equal(run.outcome.exitCode, 0, JSON.stringify(run.outcome.results.map((r) => r.message)));
  const order = run.outcome.results.map((r) => r.name);
  assert.ok(order.indexOf('users_ts') < order.indexOf('current_users'), order.join(', '));
  // The snapshot's data tests run in build, after it.
  assert.ok(order.indexOf('users_ts') < order.indexOf('unique_users_ts_dbt_scd_id'), order.join(', '));
  assert.equal(run.outcome.results.find((r) => r.name === 'unique_users_ts_dbt_scd_id')?.status, 'pass');
  const current = await query(t, 'select id, name from main.current_users order by id');
  assert.deepEqual(current.map((r) => `${String(r.id)} ${String(r.name)}`), ['2 bob', '3 cy', '4 dee2']);
});

test('compile writes the snapshot\'s SQL and --print shows the statements its next run executes', async () => {
  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
  assert.equal(await main(['compile', '--project-dir', root, '-s', 'users_ts', '--print'], io), 0, lines.join('\n'));
  const printed = lines.join('\n');
  assert.match(printed, /create or replace temp table temp\.main\.users_ts__dbt_tmp as \(\n    with snapshot_query as/);
  assert.match(printed, /merge into dev\.snaps\.users_ts as DBT_INTERNAL_DEST\nusing temp\.main\.users_ts__dbt_tmp as DBT_INTERNAL_SOURCE\non DBT_INTERNAL_SOURCE\.dbt_scd_id = DBT_INTERNAL_DEST\.dbt_scd_id/);
  assert.match(readFileSync(join(root, 'target', 'compiled', 'snapdemo', 'snapshots', 'users_ts.sql'), 'utf8'), /select \* from dev\.raw\.users/);
  const manifest = JSON.parse(readFileSync(join(root, 'target', 'manifest.json'), 'utf8')) as { nodes: Record<string, { resource_type: string; raw_code: string; depends_on: { nodes: string[] } }> };
  const node = manifest.nodes['snapshot.snapdemo.users_ts'];
  assert.equal(node.resource_type, 'snapshot');
  assert.match(node.raw_code, /^\{\{ config\(unique_key='id', strategy='timestamp'[^\n]*\n+select \* from \{\{ source\('raw', 'users'\) \}\}$/);
  assert.deepEqual(node.depends_on.nodes, ['source.snapdemo.raw.users']);
});

test('a column the source gains is added to every snapshot; check_cols: all then versions every current row', async () => {
  await query(t, "alter table raw.users add column email varchar");
  await query(t, "update raw.users set email = name || '@example.com'");
  const run = await runSnapshots(t);
  assert.equal(run.outcome.exitCode, 0, JSON.stringify(run.outcome.results.map((r) => r.message)));
  const ts = await query(t, 'select id, email, dbt_valid_to from snaps.users_ts order by id, dbt_valid_from');
  // The timestamp strategy sees no new updated_at: no new versions, the column is there, empty.
  assert.deepEqual(ts.map((r) => `${String(r.id)} ${String(r.email)}`), ['1 null', '1 null', '2 null', '2 null', '3 null', '4 null', '4 null']);
  const all = await query(t, "select id, email, valid_to = to_timestamp_ntz('9999-12-31 00:00:00') as current from main_snaps.users_all order by id, valid_from");
  assert.deepEqual(
    all.map((r) => `${String(r.id)} ${String(r.email)} ${String(r.current)}`),
    ['1 null false', '1 null false', '2 null false', '2 null false', '2 bob@example.com true', '3 null false', '3 null false', '3 cy@example.com true', '4 null false', '4 null false', '4 dee2@example.com true'],
  );
  const check = await query(t, 'select count(*) as n, count(email) as e from main_snaps.users_check');
  assert.deepEqual([Number(check[0].n), Number(check[0].e)], [10, 0]);
});

test('a snapshot run that fails leaves the table as it was; the CLI says where', async () => {
  const before = await query(t, 'select * from snaps.users_ts order by id, dbt_valid_from');
  // The next batch repeats key 3 with a new updated_at (and changes 4): the MERGE would close version 3 twice,
  // which Snowflake refuses (error 100090): the statement fails as a whole, so the new versions are not written either.
  await query(t, "delete from raw.users where id = 3");
  await query(t, "insert into raw.users (id, region, name, plan, updated_at) values (3, 'eu', 'cy', 'gold', '2024-01-04 00:00:00'::timestamp_ntz), (3, 'eu', 'cy', 'team', '2024-01-04 00:00:00'::timestamp_ntz)");
  await query(t, "update raw.users set name = 'dee3', updated_at = '2024-01-04 00:00:00'::timestamp_ntz where id = 4");
  const lines: string[] = [];
  const code = await main(['snapshot', '--project-dir', root, '--select', 'users_ts'], { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) });
  assert.equal(code, 1, lines.join('\n'));
  assert.match(lines.join('\n'), /users_ts.*(100090|[Dd]uplicate)/);
  const afterRows = await query(t, 'select * from snaps.users_ts order by id, dbt_valid_from');
  assert.deepEqual(afterRows, before);
  // Once the source is fixed, `bronze retry` re-runs the failed snapshot (and only it).
  await query(t, "delete from raw.users where id = 3 and plan = 'team'");
  lines.length = 0;
  assert.equal(await main(['retry', '--project-dir', root], { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }), 0, lines.join('\n'));
  assert.match(lines.join('\n'), /re-running 1 node\(s\) of the last snapshot/);
  const versions = await query(t, "select name, plan, dbt_valid_to is null as current from snaps.users_ts where id = 3 order by dbt_valid_from");
  assert.deepEqual(versions.map((r) => `${String(r.name)} ${String(r.plan)} ${String(r.current)}`), ['cy free false', 'cy gold true']);
});

test('an incomplete snapshot config is a located error when loading and when running', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-snap-bad-'));
  try {
    writeSnapshotProject(dir);
    writeFileSync(join(dir, 'snapshots', 'users_ts.sql'), "{% snapshot users_ts %}\n{{ config(unique_key='id', strategy='timestamp') }}\nselect 1 as id\n{% endsnapshot %}\n");
    const p = await loadProject(dir);
    const d = p.diagnostics.find((x) => x.code === 'bronze/snapshot-config');
    assert.ok(d, 'a bronze/snapshot-config diagnostic');
    assert.equal(d.range.start.line, 0);
    assert.match(d.message, /updated_at/);
    const run = await runSnapshots({ projectDir: dir, target: 'dev' });
    const r = run.outcome.results.find((x) => x.name === 'users_ts');
    assert.equal(r?.status, 'error');
    assert.match(r?.message ?? '', /updated_at/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('switching an existing snapshot to hard_deletes: new_record adds dbt_is_deleted and records the next delete', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-snap-switch-'));
  try {
    writeSnapshotProject(dir);
    const u = { projectDir: dir, target: 'dev' };
    await loadBatch(u, 0);
    assert.equal((await runSnapshots(u)).outcome.exitCode, 0);
    const file = join(dir, 'snapshots', 'users_ts.sql');
    writeFileSync(file, readFileSync(file, 'utf8').replace("hard_deletes='invalidate'", "hard_deletes='new_record'"));
    await query(u, 'delete from raw.users where id = 2');
    const run = await runSnapshots(u);
    assert.equal(run.outcome.exitCode, 0, JSON.stringify(run.outcome.results.map((r) => r.message)));
    const rows = await query(u, 'select id, dbt_is_deleted, dbt_valid_to is null as current from snaps.users_ts order by id, dbt_valid_from');
    assert.deepEqual(rows.map((r) => `${String(r.id)} ${String(r.dbt_is_deleted)} ${String(r.current)}`), ['1 False true', '2 False false', '2 True true', '3 False true']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('snapshot --empty creates each snapshot table with its columns and no rows', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-snap-empty-'));
  try {
    writeSnapshotProject(dir);
    const u = { projectDir: dir, target: 'dev' };
    await loadBatch(u, 0);
    const lines: string[] = [];
    assert.equal(await main(['snapshot', '--project-dir', dir, '--empty'], { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }), 0, lines.join('\n'));
    const rows = await query(u, 'select count(*) as n from snaps.users_ts');
    assert.equal(Number(rows[0].n), 0);
    // As on Snowflake, information_schema names unquoted identifiers in upper case.
    const cols = await query(u, "select column_name from information_schema.columns where table_schema = 'SNAPS' and table_name = 'USERS_TS' order by ordinal_position");
    assert.deepEqual(cols.map((c) => c.column_name), ['ID', 'REGION', 'NAME', 'PLAN', 'UPDATED_AT', 'DBT_SCD_ID', 'DBT_UPDATED_AT', 'DBT_VALID_FROM', 'DBT_VALID_TO']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
