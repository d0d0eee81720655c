import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  DEMO_EPOCH_MS,
  batchLayout,
  formatDate,
  formatTimestamp,
  generateRawData,
  generateRawTable,
  mulberry32,
  nextBatch,
  type RawBatch,
  type RawRow,
} from '../../client/src/demo/raw-data';
import { RAW_TABLES, columnIndex, rawTable, type RawTableSpec } from '../../client/src/demo/raw-tables';
import { BronzeError } from '../../server/src/core/types';

const hashOf = (batch: RawBatch): string => {
  const h = createHash('sha256');
  for (const t of batch.tables) h.update(t.table.name + JSON.stringify(t.rows));
  return h.digest('hex');
};

const rowKey = (row: RawRow): string => JSON.stringify(row);

test('mulberry32 is a fixed sequence', () => {
  const r = mulberry32(42);
  const values = [r(), r(), r()].map((v) => v.toFixed(10));
  const again = mulberry32(42);
  assert.deepEqual([again(), again(), again()].map((v) => v.toFixed(10)), values);
  assert.ok(values.every((v) => Number(v) >= 0 && Number(v) < 1));
  assert.notEqual(mulberry32(43)().toFixed(10), values[0]);
});

test('the same seed and rows give byte-identical data; another seed gives other data', () => {
  const a = hashOf(generateRawData(500, 7));
  assert.equal(hashOf(generateRawData(500, 7)), a);
  assert.notEqual(hashOf(generateRawData(500, 8)), a);
  assert.notEqual(hashOf(generateRawData(501, 7)), a);
  assert.equal(hashOf(nextBatch(2, 500, 7)), hashOf(nextBatch(2, 500, 7)));
  assert.notEqual(hashOf(nextBatch(2, 500, 7)), hashOf(nextBatch(3, 500, 7)));
});

test('layout: fixed shares of duplicates, NULL keys and late updates', () => {
  assert.deepEqual(batchLayout(10_000), {
    baseKeys: 9400,
    duplicates: 200,
    nullKeys: 100,
    lateUpdates: 300,
    newPerBatch: 100,
    updatesPerBatch: 100,
    duplicatesPerBatch: 20,
  });
  assert.throws(() => batchLayout(5), (e: unknown) => e instanceof BronzeError && /--rows must be a whole number between 10/.test(e.message));
  assert.throws(() => nextBatch(0, 100, 1), /batch number must be a whole number ≥ 1/);
  assert.throws(() => generateRawData(100, -1), /--seed must be/);
});

for (const spec of RAW_TABLES) {
  test(`${spec.name}: ~2% exact duplicates, ~1% NULL keys, ~3% late updates that change values`, () => {
    const rows = 2000;
    const t = generateRawTable(spec.name, rows, 99);
    assert.equal(t.rows.length, rows);
    const pk = columnIndex(spec, spec.primaryKey);
    const upd = columnIndex(spec, 'update_timestamp');
    const load = columnIndex(spec, 'load_timestamp');

    const distinct = new Set(t.rows.map(rowKey));
    assert.equal(rows - distinct.size, 40, 'exact duplicate rows');
    assert.equal(t.duplicateRows, 40);
    assert.equal(t.rows.filter((r) => r[pk] === null).length, 20, 'NULL keys');
    assert.equal(t.nullKeyRows, 20);

    // Versions per key, ignoring exact duplicates.
    const versions = new Map<string, RawRow[]>();
    for (const key of distinct) {
      const row = JSON.parse(key) as RawRow;
      if (row[pk] === null) continue;
      const list = versions.get(row[pk] as string) ?? [];
      list.push(row);
      versions.set(row[pk] as string, list);
    }
    assert.equal(versions.size, 1880, 'distinct keys');
    assert.deepEqual(t.newKeys.length, 1880);
    const late = [...versions].filter(([, v]) => v.length > 1);
    assert.equal(late.length, 60, 'late-updated keys');
    assert.deepEqual(late.map(([k]) => k).sort(), t.lateUpdateKeys);
    for (const [key, [a, b]] of late) {
      const [older, newer] = (a[upd] as number) < (b[upd] as number) ? [a, b] : [b, a];
      assert.ok((newer[upd] as number) > (older[upd] as number), `${key}: later update_timestamp`);
      assert.ok((newer[load] as number) > (older[load] as number), `${key}: later load_timestamp`);
      const business = spec.columns
        .map((c, i) => i)
        .filter((i) => !['update_timestamp', 'load_timestamp', 'source_system'].includes(spec.columns[i].name));
      assert.ok(business.some((i) => older[i] !== newer[i]), `${key}: a business value changed`);
    }
    // Timestamps are anchored on the demo epoch, never on the clock.
    const maxLoad = Math.max(...t.rows.map((r) => r[load] as number));
    assert.equal(formatTimestamp(maxLoad), '2026-01-01 01:30:00');
  });
}

test('values stay inside the domains the tests accept, and nullable columns have some NULLs', () => {
  const data = generateRawData(3000, 5);
  const domains: Record<string, string[]> = {
    plan_type: ['Free', 'Basic', 'Pro', 'Business', 'Enterprise'],
    feature_name: ['screen_share', 'recording', 'chat', 'whiteboard', 'breakout_rooms'],
    ticket_type: ['Technical', 'Billing', 'Account', 'Feature Request'],
    resolution_status: ['Open', 'In Progress', 'Resolved', 'Closed'],
    event_type: ['subscription', 'usage', 'refund', 'upgrade', 'downgrade'],
    license_type: ['Basic', 'Pro', 'Enterprise', 'Education'],
  };
  const nulls: Record<string, number> = {};
  for (const t of data.tables) {
    t.table.columns.forEach((c, i) => {
      const values = t.rows.map((r) => r[i]);
      if (domains[c.name]) {
        assert.deepEqual([...new Set(values)].sort(), [...domains[c.name]].sort(), `${t.table.name}.${c.name}`);
      }
      nulls[`${t.table.name}.${c.name}`] = values.filter((v) => v === null).length;
    });
    const amount = t.table.name === 'billing_events' ? columnIndex(t.table, 'amount') : -1;
    if (amount >= 0) assert.ok(t.rows.every((r) => (r[amount] as number) >= 0 && Number.isInteger(Math.round((r[amount] as number) * 100))));
  }
  for (const col of ['users.company', 'meetings.meeting_topic', 'participants.leave_time', 'licenses.assigned_to_user_id', 'licenses.end_date']) {
    assert.ok(nulls[col] > 0, `${col} has NULLs`);
  }
  for (const col of ['users.email', 'users.plan_type', 'meetings.start_time', 'billing_events.amount', 'feature_usage.usage_count']) {
    assert.equal(nulls[col], 0, `${col} has no NULLs`);
  }
});

test('meetings end after they start, with whole-minute durations that match', () => {
  const t = generateRawTable('meetings', 2000, 3);
  const [s, e, d] = ['start_time', 'end_time', 'duration_minutes'].map((c) => columnIndex(t.table, c));
  for (const r of t.rows) {
    assert.ok((r[e] as number) > (r[s] as number));
    assert.equal(((r[e] as number) - (r[s] as number)) / 60_000, r[d]);
  }
});

function keysOf(spec: RawTableSpec, batches: RawBatch[]): Set<string> {
  const pk = columnIndex(spec, spec.primaryKey);
  const keys = new Set<string>();
  for (const b of batches) for (const r of b.tables.find((t) => t.table === spec)!.rows) if (r[pk] !== null) keys.add(r[pk] as string);
  return keys;
}

test('foreign keys point at keys that exist, except the late-arriving participant meetings', () => {
  const rows = 1000;
  const b0 = generateRawData(rows, 11);
  const b1 = nextBatch(1, rows, 11);
  const users0 = keysOf(rawTable('users'), [b0]);
  const meetings0 = keysOf(rawTable('meetings'), [b0]);
  const meetings1 = keysOf(rawTable('meetings'), [b0, b1]);
  const fkValues = (table: string, column: string, batch: RawBatch): string[] => {
    const t = batch.tables.find((x) => x.table.name === table)!;
    const i = columnIndex(t.table, column);
    return t.rows.map((r) => r[i]).filter((v): v is string => v !== null);
  };
  for (const [table, column] of [
    ['meetings', 'host_id'],
    ['participants', 'user_id'],
    ['support_tickets', 'user_id'],
    ['billing_events', 'user_id'],
    ['licenses', 'assigned_to_user_id'],
  ]) {
    assert.ok(fkValues(table, column, b0).every((k) => users0.has(k)), `${table}.${column}`);
  }
  assert.ok(fkValues('feature_usage', 'meeting_id', b0).every((k) => meetings0.has(k)));
  const orphans = fkValues('participants', 'meeting_id', b0).filter((k) => !meetings0.has(k));
  assert.ok(orphans.length >= 4 && orphans.length <= 8, `late-arriving participants: ${orphans.length}`);
  // The next batch delivers those meetings.
  assert.ok(orphans.every((k) => meetings1.has(k)));
  assert.ok(fkValues('participants', 'meeting_id', b1).every((k) => meetings1.has(k)));
});

test('nextBatch: the announced new keys are new, the changed keys existed and come back later and different', () => {
  const rows = 1000;
  const b0 = generateRawData(rows, 21);
  const b1 = nextBatch(1, rows, 21);
  const b2 = nextBatch(2, rows, 21);
  for (const spec of RAW_TABLES) {
    const before = keysOf(spec, [b0]);
    const t1 = b1.tables.find((t) => t.table === spec)!;
    assert.equal(t1.newKeys.length, 10);
    assert.equal(t1.changedKeys.length, 10);
    assert.equal(t1.rows.length, 10 + 10 + 2);
    assert.deepEqual([...keysOf(spec, [b1])].sort(), [...t1.newKeys, ...t1.changedKeys].sort());
    assert.ok(t1.newKeys.every((k) => !before.has(k)));
    assert.ok(t1.changedKeys.every((k) => before.has(k)));
    const upd = columnIndex(spec, 'update_timestamp');
    const pk = columnIndex(spec, spec.primaryKey);
    for (const r of t1.rows) {
      assert.ok((r[upd] as number) >= DEMO_EPOCH_MS + 86_400_000, 'batch 1 rows are updated on 2026-01-02');
      assert.ok((r[upd] as number) < DEMO_EPOCH_MS + 2 * 86_400_000);
    }
    const t2 = b2.tables.find((t) => t.table === spec)!;
    const known = keysOf(spec, [b0, b1]);
    assert.ok(t2.newKeys.every((k) => !known.has(k)));
    assert.ok(t2.changedKeys.every((k) => known.has(k)));
    assert.equal(t2.newKeys[0], `${spec.keyPrefix}${String(940 + 10 + 1).padStart(7, '0')}`);
    // Changed keys carry a value other than their newest earlier version (beyond the timestamps).
    const latest = new Map<string, RawRow>();
    for (const r of [...b0.tables, ...b1.tables].filter((t) => t.table === spec).flatMap((t) => t.rows)) {
      if (r[pk] === null) continue;
      const prev = latest.get(r[pk] as string);
      if (!prev || (r[upd] as number) > (prev[upd] as number)) latest.set(r[pk] as string, r);
    }
    const business = spec.columns.map((_, i) => i).filter((i) => !['update_timestamp', 'load_timestamp', 'source_system'].includes(spec.columns[i].name));
    for (const r of t2.rows) {
      if (!t2.changedKeys.includes(r[pk] as string)) continue;
      const prev = latest.get(r[pk] as string)!;
      assert.ok((r[upd] as number) > (prev[upd] as number));
      assert.ok(business.some((i) => r[i] !== prev[i]), `${spec.name} ${r[pk]} changed`);
    }
  }
});

test('formatters render UTC text', () => {
  assert.equal(formatTimestamp(DEMO_EPOCH_MS + 3_723_000), '2026-01-01 01:02:03');
  assert.equal(formatDate(DEMO_EPOCH_MS / 86_400_000 + 31), '2026-02-01');
});
