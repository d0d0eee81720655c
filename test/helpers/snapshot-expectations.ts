// What dbt's snapshot materialization leaves in each table of the scenario (snapshot-scenario.ts) after each
// batch, row by row, written out by hand from dbt's semantics. Timestamps are symbols: T1…T3 the data's
// updated_at, Sn the snapshot time of run n, 9999 dbt_valid_to_current, `-` NULL.
import assert from 'node:assert/strict';
import { Clock, md5, snapshotRows, columnTypes, type ScenarioTarget } from './snapshot-scenario';

/** users_ts: timestamp strategy on updated_at, hard_deletes: invalidate. `id name plan updated_at dbt_valid_from dbt_valid_to dbt_updated_at`. */
const TS: string[][] = [
  ['1 ann free T1 T1 - T1', '2 bob pro T1 T1 - T1', '3 cy free T1 T1 - T1'],
  [
    '1 ann free T1 T1 T2 T1', // closed at the new version's updated_at
    '1 ann2 free T2 T2 - T2',
    '2 bob pro T1 T1 S2 T1', // deleted: closed at the snapshot time
    '3 cy free T1 T1 - T1', // plan changed but updated_at did not: the timestamp strategy sees no change
    '4 dee pro T2 T2 - T2',
  ],
  [
    '1 ann free T1 T1 T2 T1',
    '1 ann2 free T2 T2 S3 T2',
    '2 bob pro T1 T1 S2 T1',
    '2 bob team T3 T3 - T3', // back after a delete: a new current version
    '3 cy free T1 T1 - T1',
    '4 dee pro T2 T2 T3 T2',
    '4 dee2 pro T3 T3 - T3',
  ],
];

/** users_check: check on name, plan; key (id, region); hard_deletes: new_record. `id region name plan dbt_valid_from dbt_valid_to dbt_updated_at dbt_is_deleted`. */
const CHECK: string[][] = [
  ['1 eu ann free S1 - S1 False', '2 us bob pro S1 - S1 False', '3 eu cy free S1 - S1 False'],
  [
    '1 eu ann free S1 S2 S1 False',
    '1 eu ann2 free S2 - S2 False',
    '2 us bob pro S1 S2 S1 False',
    '2 us bob pro S2 - S2 True', // the deletion record
    '3 eu cy free S1 S2 S1 False',
    '3 eu cy pro S2 - S2 False',
    '4 us dee pro S2 - S2 False',
  ],
  [
    '1 eu ann free S1 S2 S1 False',
    '1 eu ann2 free S2 S3 S2 False',
    '1 eu ann2 free S3 - S3 True',
    '2 us bob pro S1 S2 S1 False',
    '2 us bob pro S2 S3 S2 True', // the deletion record is closed when the key comes back
    '2 us bob team S3 - S3 False',
    '3 eu cy free S1 S2 S1 False',
    '3 eu cy pro S2 - S2 False',
    '4 us dee pro S2 S3 S2 False',
    '4 us dee2 pro S3 - S3 False',
  ],
];

/** users_all (YAML): check 'all', invalidate_hard_deletes, dbt_valid_to_current 9999-12-31, valid_from/valid_to renamed. `id name plan valid_from valid_to`. */
const ALL: string[][] = [
  ['1 ann free S1 9999', '2 bob pro S1 9999', '3 cy free S1 9999'],
  ['1 ann free S1 S2', '1 ann2 free S2 9999', '2 bob pro S1 S2', '3 cy free S1 S2', '3 cy pro S2 9999', '4 dee pro S2 9999'],
  ['1 ann free S1 S2', '1 ann2 free S2 S3', '2 bob pro S1 S2', '2 bob team S3 9999', '3 cy free S1 S2', '3 cy pro S2 9999', '4 dee pro S2 S3', '4 dee2 pro S3 9999'],
];

export interface Schemas {
  /** Where target_schema='snaps' writes (exactly `snaps`). */
  legacy: string;
  /** Where schema='snaps' writes (generate_schema_name: `<target schema>_snaps`). */
  custom: string;
}

export async function checkBatch(t: ScenarioTarget, windows: { from: number; to: number }[], batch: number, schemas: Schemas): Promise<void> {
  let clock = new Clock(windows);
  const ts = await snapshotRows(t, clock, schemas.legacy, 'users_ts', ['id', 'name', 'plan', 'updated_at', 'dbt_valid_from', 'dbt_valid_to', 'dbt_updated_at', 'dbt_scd_id'], 'id, dbt_valid_from');
  assert.deepEqual(
    ts.rows.map((r) => r.split(' ').slice(0, 7).join(' ')),
    TS[batch],
    `users_ts after batch ${batch + 1}`,
  );
  // dbt_scd_id = md5(unique_key || '|' || updated_at), the timestamp as Snowflake writes it as text.
  for (const r of ts.raw) {
    const at = clock.text(clock.sym(r.updated_at)!);
    assert.equal(r.dbt_scd_id, md5(`${String(r.id)}|${at}`), `users_ts dbt_scd_id of ${String(r.id)} at ${at}`);
  }

  clock = new Clock(windows);
  const check = await snapshotRows(t, clock, schemas.custom, 'users_check', ['id', 'region', 'name', 'plan', 'dbt_valid_from', 'dbt_valid_to', 'dbt_updated_at', 'dbt_is_deleted', 'dbt_scd_id'], 'id, dbt_valid_from, dbt_is_deleted');
  assert.deepEqual(
    check.rows.map((r) => r.split(' ').slice(0, 8).join(' ')),
    CHECK[batch],
    `users_check after batch ${batch + 1}`,
  );
  // A version's id hashes (id, region, snapshot time); a deletion record's hashes (the closed version's id, time).
  for (let i = 0; i < check.raw.length; i++) {
    const r = check.raw[i];
    const from = clock.text(check.rows[i].split(' ')[4]);
    if (r.dbt_is_deleted === 'True') {
      const prev = check.raw[i - 1];
      assert.equal(r.dbt_scd_id, md5(`${String(prev.dbt_scd_id)}|${from}`), `users_check deletion record of ${String(r.id)}`);
    } else {
      assert.equal(r.dbt_scd_id, md5(`${String(r.id)}|${String(r.region)}|${from}`), `users_check dbt_scd_id of ${String(r.id)} from ${from}`);
    }
  }

  clock = new Clock(windows);
  const all = await snapshotRows(t, clock, schemas.custom, 'users_all', ['id', 'name', 'plan', 'valid_from', 'valid_to'], 'id, valid_from');
  assert.deepEqual(all.rows, ALL[batch], `users_all after batch ${batch + 1}`);
}

/** Column types as dbt leaves them: the query's, then the meta columns (text ids and flags, timestamps). */
export async function checkTypes(t: ScenarioTarget, schemas: Schemas, timestamp: RegExp, text: RegExp): Promise<void> {
  const ts = await columnTypes(t, schemas.legacy, 'users_ts');
  assert.deepEqual([...ts.keys()], ['id', 'region', 'name', 'plan', 'updated_at', 'dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']);
  for (const c of ['dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']) assert.match(ts.get(c)!, timestamp, `users_ts.${c}`);
  assert.match(ts.get('dbt_scd_id')!, text);
  const check = await columnTypes(t, schemas.custom, 'users_check');
  assert.deepEqual([...check.keys()].slice(-5), ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to', 'dbt_is_deleted']);
  assert.match(check.get('dbt_is_deleted')!, text);
  for (const c of ['dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to']) assert.match(check.get(c)!, timestamp, `users_check.${c}`);
  const all = await columnTypes(t, schemas.custom, 'users_all');
  assert.deepEqual([...all.keys()].slice(-4), ['dbt_scd_id', 'dbt_updated_at', 'valid_from', 'valid_to']);
  assert.match(all.get('valid_to')!, timestamp);
}
