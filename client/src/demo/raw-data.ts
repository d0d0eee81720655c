// Deterministic synthetic Zoom RAW data. Every record is a pure function of (seed, rows, table, key index), so the
// same seed and row count give byte-identical data, later batches can re-derive any earlier record, and foreign
// keys can be drawn without keeping state. Time is anchored to 2026-01-01 (never "now").
import { BronzeError } from '../../../server/src/core/types';
import {
  EVENT_TYPES,
  FEATURE_NAMES,
  LICENSE_TYPES,
  PLAN_TYPES,
  RAW_TABLES,
  RESOLUTION_STATUSES,
  TICKET_TYPES,
  columnIndex,
  rawTable,
  type RawTableName,
  type RawTableSpec,
} from './raw-tables';

/** string | epoch ms (timestamp) | epoch days (date) | integer | decimal with 2 places | NULL. */
export type RawValue = string | number | null;
export type RawRow = RawValue[];

export interface RawTableBatch {
  table: RawTableSpec;
  /** Rows in column order, shuffled the way a feed would deliver them. */
  rows: RawRow[];
  /** Keys first delivered in this batch (sorted). */
  newKeys: string[];
  /** Existing keys re-sent in this batch with a later update_timestamp and changed values (sorted). */
  changedKeys: string[];
  /** Batch 0 only: keys delivered twice within the initial load (original + later update), sorted. */
  lateUpdateKeys: string[];
  /** Rows that are exact copies of another row of the batch. */
  duplicateRows: number;
  /** Rows whose primary key is NULL. */
  nullKeyRows: number;
}

export interface RawBatch {
  batch: number;
  rows: number;
  seed: number;
  tables: RawTableBatch[];
}

export const DEFAULT_ROWS = 10_000;
export const DEFAULT_SEED = 20260101;
export const MIN_ROWS = 10;
export const MAX_ROWS = 50_000_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 2026-01-01 00:00:00 UTC: the initial load happens on this day, batch N on day N after it. */
export const DEMO_EPOCH_MS = Date.UTC(2026, 0, 1);

/** How many rows of each kind a table of `rows` rows holds; fixed fractions so tests can assert exact counts. */
export interface BatchLayout {
  /** Distinct keys of the initial load. */
  baseKeys: number;
  duplicates: number;
  nullKeys: number;
  lateUpdates: number;
  /** New keys per later batch. */
  newPerBatch: number;
  /** Updated keys per later batch. */
  updatesPerBatch: number;
  /** Exact duplicate rows per later batch. */
  duplicatesPerBatch: number;
}

export function batchLayout(rows: number): BatchLayout {
  checkRows(rows);
  const duplicates = Math.round(rows * 0.02);
  const nullKeys = Math.round(rows * 0.01);
  const lateUpdates = Math.round(rows * 0.03);
  return {
    baseKeys: rows - duplicates - nullKeys - lateUpdates,
    duplicates,
    nullKeys,
    lateUpdates,
    newPerBatch: Math.max(1, Math.round(rows * 0.01)),
    updatesPerBatch: Math.max(1, Math.round(rows * 0.01)),
    duplicatesPerBatch: Math.round(rows * 0.002),
  };
}

function checkRows(rows: number): void {
  if (!Number.isInteger(rows) || rows < MIN_ROWS || rows > MAX_ROWS) {
    throw new BronzeError(
      `--rows must be a whole number between ${MIN_ROWS} and ${MAX_ROWS} (got ${rows}).`,
      undefined,
      'bronze/demo-rows',
    );
  }
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new BronzeError(`--seed must be a whole number between 0 and 4294967295 (got ${seed}).`, undefined, 'bronze/demo-seed');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Randomness: a 32-bit hash to derive independent streams, and mulberry32 for each stream.

function mix(parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STREAM = { base: 1, late: 2, nulls: 3, dups: 4, shuffle: 5, updates: 6, revise: 7 } as const;

function stream(seed: number, table: RawTableSpec, kind: number, ...more: number[]): Random {
  return mulberry32(mix([seed, RAW_TABLES.indexOf(table) + 1, kind, ...more]));
}

const int = (r: Random, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, values: readonly T[]): T => values[Math.floor(r() * values.length)];

function weighted<T>(r: Random, values: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (let i = 0; i < values.length; i++) {
    x -= weights[i];
    if (x < 0) return values[i];
  }
  return values[values.length - 1];
}

/** `count` distinct integers from [1, max], in draw order. */
function distinctIndices(r: Random, count: number, max: number): number[] {
  if (count > max) throw new Error(`cannot draw ${count} distinct keys from ${max}`);
  const chosen = new Set<number>();
  const out: number[] = [];
  // Rejection sampling is fast while count is a small share of max, which the layout guarantees.
  while (out.length < count) {
    const i = int(r, 1, max);
    if (!chosen.has(i)) {
      chosen.add(i);
      out.push(i);
    }
  }
  return out;
}

function shuffle<T>(r: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
  return items;
}

// ---------------------------------------------------------------------------------------------------------
// Formatting helpers (also used by the loader for SQL literals).

export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function formatDate(days: number): string {
  return new Date(days * DAY).toISOString().slice(0, 10);
}

export function keyOf(spec: RawTableSpec, index: number): string {
  return `${spec.keyPrefix}${String(index).padStart(7, '0')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Records

const FIRST_NAMES = [
  'Ava', 'Liam', 'Noah', 'Emma', 'Mia', 'Lucas', 'Sofia', 'Mateo', 'Amara', 'Kenji',
  'Priya', 'Omar', 'Chloe', 'Ivan', 'Zara', 'Diego', 'Leila', 'Tomas', 'Hana', 'Felix',
];
const LAST_NAMES = [
  'Garcia', 'Smith', 'Nguyen', 'Okafor', 'Muller', 'Rossi', 'Tanaka', 'Kowalski', 'Haddad', 'Silva',
  'Johansson', 'Patel', 'Dubois', 'Kim', 'Novak', 'Fischer', 'Moreau', 'Costa', 'Ibrahim', 'Larsen',
];
const COMPANIES = [
  'Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Media', 'Hooli',
  'Vandelay Imports', 'Soylent Foods', 'Tyrell Systems', 'Cyberdyne Labs', 'Wonka Retail',
];
const TOPICS = [
  'Weekly sync', 'Sprint planning', 'Customer onboarding', 'Quarterly review', 'Design critique',
  'Sales pipeline', 'All hands', 'Incident retro', 'Interview', 'Training session', '1:1', 'Product demo',
];
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
const PRICES = [14.99, 19.99, 149.9, 199.9, 240];

/** Everything a record generator needs to know about the run it belongs to. */
interface Context {
  seed: number;
  layout: BatchLayout;
}

/** Keys that exist once batch `batch` is loaded. */
function keysAfter(ctx: Context, batch: number): number {
  return ctx.layout.baseKeys + batch * ctx.layout.newPerBatch;
}

/** The batch in which key `index` first arrives. */
function batchOfKey(ctx: Context, index: number): number {
  return index <= ctx.layout.baseKeys ? 0 : Math.ceil((index - ctx.layout.baseKeys) / ctx.layout.newPerBatch);
}

/** update_timestamp of a record first created in `batch`: within the last month before the initial load, or early
 *  on the batch's day. load_timestamp: 01:00 on the batch's day. */
function creationTimes(r: Random, batch: number): { update: number; load: number } {
  if (batch === 0) {
    return { update: DEMO_EPOCH_MS - 30 * DAY + Math.floor(r() * 28 * DAY / 1000) * 1000, load: DEMO_EPOCH_MS + HOUR };
  }
  return updateTimes(r, batch);
}

/** Times of a re-sent record in `batch`. Later batches always get later update_timestamps. */
function updateTimes(r: Random, batch: number): { update: number; load: number } {
  const day = DEMO_EPOCH_MS + batch * DAY;
  return { update: day + Math.floor(r() * 50 * MINUTE / 1000) * 1000, load: day + (batch === 0 ? 90 * MINUTE : HOUR) };
}

interface MeetingTimes {
  start: number;
  end: number;
  duration: number;
}

/** Meeting times are whole minutes; meetings of batch N>0 happened on the day before the batch. */
function meetingTimes(r: Random, batch: number): MeetingTimes {
  const from = batch === 0 ? DEMO_EPOCH_MS - 30 * DAY : DEMO_EPOCH_MS + (batch - 1) * DAY;
  const span = batch === 0 ? 27 * DAY : 18 * HOUR;
  const start = from + Math.floor(r() * span / MINUTE) * MINUTE;
  const duration = weighted(r, [15, 30, 45, 60, 90, 120], [2, 5, 3, 4, 1, 1]) + int(r, 0, 10);
  return { start, end: start + duration * MINUTE, duration };
}

function dayOf(ms: number): number {
  return Math.floor(ms / DAY);
}

/** A foreign key drawn among the keys that exist when the referencing record is created. */
function fk(ctx: Context, r: Random, table: RawTableName, batch: number): { key: string; index: number } {
  const index = int(r, 1, keysAfter(ctx, batch));
  return { key: keyOf(rawTable(table), index), index };
}

/** The meeting's own record stream, so participants and feature usage agree with the meeting's times. */
function meetingOf(ctx: Context, index: number): MeetingTimes {
  const spec = rawTable('meetings');
  const r = stream(ctx.seed, spec, STREAM.base, index);
  r(); // host
  return meetingTimes(r, batchOfKey(ctx, index));
}

type RecordBuilder = (ctx: Context, r: Random, key: string | null, index: number, batch: number) => RawRow;

const BUILDERS: Record<RawTableName, RecordBuilder> = {
  users(_ctx, r, key, index, batch) {
    const first = pick(r, FIRST_NAMES);
    const last = pick(r, LAST_NAMES);
    const domain = pick(r, EMAIL_DOMAINS);
    const company = pick(r, COMPANIES);
    const plan = weighted(r, PLAN_TYPES, [30, 25, 25, 12, 8]);
    const t = creationTimes(r, batch);
    return [
      key,
      `${first} ${last}`,
      `${first}.${last}.${index}@${domain}`.toLowerCase(),
      // Exactly 2% of users have no company, so the null-share test (max_null_percentage: 5) passes.
      index % 50 === 7 ? null : company,
      plan,
      t.load,
      t.update,
      'user_management',
    ];
  },
  meetings(ctx, r, key, index, batch) {
    const host = fk(ctx, r, 'users', batch).key;
    const m = meetingTimes(r, batch);
    const topic = pick(r, TOPICS);
    const t = creationTimes(r, batch);
    return [key, host, index % 50 === 3 ? null : topic, m.start, m.end, m.duration, t.load, t.update, 'meeting_platform'];
  },
  participants(ctx, r, key, index, batch) {
    let meeting = fk(ctx, r, 'meetings', batch);
    // 0.5% of the initial participants reference meetings that only arrive with batch 1 (late-arriving
    // dimension); the relationships test on meeting_id is severity warn for exactly this.
    if (batch === 0 && index % 200 === 13) {
      const i = keysAfter(ctx, 0) + 1 + (index % ctx.layout.newPerBatch);
      meeting = { key: keyOf(rawTable('meetings'), i), index: i };
    }
    const user = fk(ctx, r, 'users', batch).key;
    const m = meetingOf(ctx, meeting.index);
    const join = m.start + Math.floor(r() * (m.duration / 2)) * MINUTE;
    const leave = join + Math.max(1, Math.floor(r() * ((m.end - join) / MINUTE))) * MINUTE;
    const t = creationTimes(r, batch);
    return [key, meeting.key, user, join, index % 50 === 11 ? null : leave, t.load, t.update, 'meeting_platform'];
  },
  feature_usage(ctx, r, key, _index, batch) {
    const meeting = fk(ctx, r, 'meetings', batch);
    const feature = weighted(r, FEATURE_NAMES, [30, 15, 35, 10, 10]);
    const count = int(r, 1, 40);
    const t = creationTimes(r, batch);
    return [key, meeting.key, feature, count, dayOf(meetingOf(ctx, meeting.index).start), t.load, t.update, 'analytics_service'];
  },
  support_tickets(ctx, r, key, _index, batch) {
    const user = fk(ctx, r, 'users', batch).key;
    const type = weighted(r, TICKET_TYPES, [45, 25, 20, 10]);
    const status = weighted(r, RESOLUTION_STATUSES, [25, 20, 35, 20]);
    const t = creationTimes(r, batch);
    return [key, user, type, status, dayOf(t.update), t.load, t.update, 'support_portal'];
  },
  billing_events(ctx, r, key, _index, batch) {
    const user = fk(ctx, r, 'users', batch).key;
    const type = weighted(r, EVENT_TYPES, [45, 25, 10, 12, 8]);
    const amount = type === 'subscription' ? pick(r, PRICES) : int(r, 100, 50_000) / 100;
    const t = creationTimes(r, batch);
    const system = r() < 0.7 ? 'billing_system' : 'payment_gateway';
    return [key, user, type, amount, dayOf(t.update), t.load, t.update, system];
  },
  licenses(ctx, r, key, index, batch) {
    const type = weighted(r, LICENSE_TYPES, [40, 30, 20, 10]);
    const user = fk(ctx, r, 'users', batch).key;
    const t = creationTimes(r, batch);
    const start = dayOf(t.update) - int(r, 0, 300);
    return [
      key,
      type,
      index % 33 === 5 ? null : user,
      start,
      index % 20 === 3 ? null : start + 365,
      t.load,
      t.update,
      'subscription_service',
    ];
  },
};

/**
 * A later version (`revision` ≥ 1) of a record: business values change in a way that depends on the revision, so
 * each re-send differs from the version before it.
 */
function revise(spec: RawTableSpec, row: RawRow, revision: number, r: Random): RawRow {
  const out = row.slice();
  const set = (column: string, value: RawValue): void => {
    out[columnIndex(spec, column)] = value;
  };
  const get = (column: string): RawValue => row[columnIndex(spec, column)];
  switch (spec.name) {
    case 'users': {
      const plan = PLAN_TYPES.indexOf(get('plan_type') as (typeof PLAN_TYPES)[number]);
      set('plan_type', PLAN_TYPES[(plan + revision) % PLAN_TYPES.length]);
      if (get('company') !== null && r() < 0.3) set('company', pick(r, COMPANIES));
      break;
    }
    case 'meetings': {
      set('meeting_topic', `${(get('meeting_topic') as string | null) ?? 'Untitled'} (v${revision + 1})`);
      set('end_time', (get('end_time') as number) + 5 * revision * MINUTE);
      set('duration_minutes', (get('duration_minutes') as number) + 5 * revision);
      break;
    }
    case 'participants': {
      const leave = (get('leave_time') as number | null) ?? (get('join_time') as number) + 10 * MINUTE;
      set('leave_time', leave + 5 * revision * MINUTE);
      break;
    }
    case 'feature_usage':
      set('usage_count', (get('usage_count') as number) + 3 * revision);
      break;
    case 'support_tickets': {
      const status = RESOLUTION_STATUSES.indexOf(get('resolution_status') as (typeof RESOLUTION_STATUSES)[number]);
      set('resolution_status', RESOLUTION_STATUSES[(status + revision) % RESOLUTION_STATUSES.length]);
      break;
    }
    case 'billing_events':
      set('amount', Math.round(((get('amount') as number) + 0.5 * revision) * 100) / 100);
      break;
    case 'licenses':
      set('end_date', (get('start_date') as number) + 365 * (revision + 1));
      break;
  }
  return out;
}

function baseRecord(ctx: Context, spec: RawTableSpec, index: number): RawRow {
  const r = stream(ctx.seed, spec, STREAM.base, index);
  return BUILDERS[spec.name](ctx, r, keyOf(spec, index), index, batchOfKey(ctx, index));
}

/** Version `revision` of key `index`, re-sent in `batch`. */
function revisedRecord(ctx: Context, spec: RawTableSpec, index: number, revision: number, batch: number): RawRow {
  const r = stream(ctx.seed, spec, STREAM.revise, index, revision);
  const row = revise(spec, baseRecord(ctx, spec, index), revision, r);
  const t = updateTimes(r, batch);
  row[columnIndex(spec, 'load_timestamp')] = t.load;
  row[columnIndex(spec, 'update_timestamp')] = t.update;
  return row;
}

function addDuplicates(r: Random, rows: RawRow[], count: number): void {
  const pool = rows.length;
  for (let i = 0; i < count && pool > 0; i++) rows.push(rows[Math.floor(r() * pool)].slice());
}

const sortedKeys = (spec: RawTableSpec, indices: number[]): string[] =>
  indices.slice().sort((a, b) => a - b).map((i) => keyOf(spec, i));

/** The initial RAW load of one table. */
export function generateRawTable(name: RawTableName, rows: number = DEFAULT_ROWS, seed: number = DEFAULT_SEED): RawTableBatch {
  checkSeed(seed);
  const ctx: Context = { seed, layout: batchLayout(rows) };
  const spec = rawTable(name);
  const { baseKeys, lateUpdates, nullKeys, duplicates } = ctx.layout;
  const out: RawRow[] = [];
  for (let i = 1; i <= baseKeys; i++) out.push(baseRecord(ctx, spec, i));

  const late = distinctIndices(stream(seed, spec, STREAM.late), lateUpdates, baseKeys);
  for (const i of late) out.push(revisedRecord(ctx, spec, i, 1, 0));

  // Exact re-sends of keyed rows (added before the NULL-key rows so those stay exactly `nullKeys`).
  addDuplicates(stream(seed, spec, STREAM.dups, 0), out, duplicates);

  // Records that lost their key somewhere upstream: otherwise ordinary rows from their own stream.
  for (let j = 1; j <= nullKeys; j++) {
    out.push(BUILDERS[spec.name](ctx, stream(seed, spec, STREAM.nulls, j), null, j, 0));
  }

  shuffle(stream(seed, spec, STREAM.shuffle, 0), out);
  return {
    table: spec,
    rows: out,
    newKeys: sortedKeys(spec, Array.from({ length: baseKeys }, (_, k) => k + 1)),
    changedKeys: [],
    lateUpdateKeys: sortedKeys(spec, late),
    duplicateRows: duplicates,
    nullKeyRows: nullKeys,
  };
}

/** The initial RAW load of all seven tables. */
export function generateRawData(rows: number = DEFAULT_ROWS, seed: number = DEFAULT_SEED): RawBatch {
  return { batch: 0, rows, seed, tables: RAW_TABLES.map((t) => generateRawTable(t.name, rows, seed)) };
}

/**
 * Batch `batchNumber` (≥ 1) after an initial load of `rows` rows per table: the next day's new keys, updates to
 * keys that existed before (later update_timestamp, changed values) and a few exact re-sends.
 */
export function nextBatch(batchNumber: number, rows: number = DEFAULT_ROWS, seed: number = DEFAULT_SEED): RawBatch {
  if (!Number.isInteger(batchNumber) || batchNumber < 1) {
    throw new BronzeError(`the batch number must be a whole number ≥ 1 (got ${batchNumber}).`, undefined, 'bronze/demo-batch');
  }
  checkSeed(seed);
  const ctx: Context = { seed, layout: batchLayout(rows) };
  const tables = RAW_TABLES.map((spec): RawTableBatch => {
    const out: RawRow[] = [];
    const first = keysAfter(ctx, batchNumber - 1) + 1;
    const fresh: number[] = [];
    for (let i = first; i <= keysAfter(ctx, batchNumber); i++) {
      fresh.push(i);
      out.push(baseRecord(ctx, spec, i));
    }
    const updated = distinctIndices(
      stream(seed, spec, STREAM.updates, batchNumber),
      ctx.layout.updatesPerBatch,
      keysAfter(ctx, batchNumber - 1),
    );
    // Revision = batch + 1 is later than anything sent before (the initial load's late updates are revision 1).
    for (const i of updated) out.push(revisedRecord(ctx, spec, i, batchNumber + 1, batchNumber));
    addDuplicates(stream(seed, spec, STREAM.dups, batchNumber), out, ctx.layout.duplicatesPerBatch);
    shuffle(stream(seed, spec, STREAM.shuffle, batchNumber), out);
    return {
      table: spec,
      rows: out,
      newKeys: sortedKeys(spec, fresh),
      changedKeys: sortedKeys(spec, updated),
      lateUpdateKeys: [],
      duplicateRows: ctx.layout.duplicatesPerBatch,
      nullKeyRows: 0,
    };
  });
  return { batch: batchNumber, rows, seed, tables };
}
