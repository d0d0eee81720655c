// One snapshot scenario run on any target: three batches of RAW users (new, changed and deleted keys, a key
// that comes back) snapshotted by a timestamp, a check and a YAML check-'all' snapshot, and the tables checked
// row by row against the rows dbt's snapshot materialization writes. Used by the DuckDB and the emulator suites.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEngine, runProject, type RunOutcome } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';

export const T1 = '2024-01-01 00:00:00';
export const T2 = '2024-01-02 00:00:00';
export const T3 = '2024-01-03 00:00:00';

export function writeSnapshotProject(dir: string): void {
  const files: Record<string, string> = {
    'dbt_project.yml': 'name: snapdemo\nprofile: snapdemo\nconfig-version: 2\n',
    'profiles.yml': [
      'snapdemo:',
      '  target: dev',
      '  outputs:',
      '    dev:',
      '      type: duckdb',
      '      path: .bronze/dev.duckdb',
      '      schema: main',
      '    sf:',
      '      type: snowflake',
      '      account: emu_account',
      '      user: ann',
      '      database: analytics',
      '      schema: dev',
      '      warehouse: transforming',
      '      threads: 2',
      '',
    ].join('\n'),
    'models/sources.yml': 'sources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: users\n',
    'models/current_users.sql': "select id, name from {{ ref('users_ts') }} where dbt_valid_to is null\n",
    'snapshots/users_ts.sql': [
      '{% snapshot users_ts %}',
      "{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', target_schema='snaps', hard_deletes='invalidate') }}",
      "select * from {{ source('raw', 'users') }}",
      '{% endsnapshot %}',
      '',
    ].join('\n'),
    'snapshots/users_check.sql': [
      '{% snapshot users_check %}',
      "{{ config(unique_key=['id', 'region'], strategy='check', check_cols=['name', 'plan'], schema='snaps', hard_deletes='new_record') }}",
      "select * from {{ source('raw', 'users') }}",
      '{% endsnapshot %}',
      '',
    ].join('\n'),
    'snapshots/snapshots.yml': [
      'snapshots:',
      '  - name: users_all',
      "    relation: source('raw', 'users')",
      '    config:',
      '      schema: snaps',
      '      unique_key: id',
      '      strategy: check',
      '      check_cols: all',
      '      invalidate_hard_deletes: true',
      "      dbt_valid_to_current: \"to_timestamp_ntz('9999-12-31 00:00:00')\"",
      '      snapshot_meta_column_names:',
      '        dbt_valid_from: valid_from',
      '        dbt_valid_to: valid_to',
      // Properties (and a data test) for a snapshot defined by a block.
      '  - name: users_ts',
      '    description: Users, one row per version.',
      '    columns:',
      '      - name: dbt_scd_id',
      '        data_tests: [not_null, unique]',
      '',
    ].join('\n'),
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

type UserRow = [id: number, region: string, name: string, plan: string, updatedAt: string];

export const BATCHES: UserRow[][] = [
  [
    [1, 'eu', 'ann', 'free', T1],
    [2, 'us', 'bob', 'pro', T1],
    [3, 'eu', 'cy', 'free', T1],
  ],
  // 1 changes (and its updated_at), 2 is deleted, 3 changes plan without a new updated_at, 4 is new.
  [
    [1, 'eu', 'ann2', 'free', T2],
    [3, 'eu', 'cy', 'pro', T1],
    [4, 'us', 'dee', 'pro', T2],
  ],
  // 1 is deleted, 2 comes back, 4 changes, 3 stays.
  [
    [2, 'us', 'bob', 'team', T3],
    [3, 'eu', 'cy', 'pro', T1],
    [4, 'us', 'dee2', 'pro', T3],
  ],
];

export interface ScenarioTarget {
  projectDir: string;
  target: string;
  targetOverrides?: Record<string, unknown>;
}

async function withSession<T>(t: ScenarioTarget, fn: (exec: (sql: string) => Promise<Record<string, unknown>[]>, describe: (schema: string, table: string) => Promise<Map<string, string>>) => Promise<T>): Promise<T> {
  const engine = await openEngine({ projectDir: t.projectDir, target: t.target, targetOverrides: t.targetOverrides });
  const wh = await openWarehouse(engine.target, t.projectDir);
  try {
    const s = await wh.openSession();
    try {
      const exec = async (sql: string) => (await s.execute(sql)).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
      const describe = async (schema: string, table: string) =>
        new Map((await s.describe({ database: engine.target.database, schema, identifier: table })).map((c) => [c.name.toLowerCase(), c.dataType.toUpperCase()]));
      return await fn(exec, describe);
    } finally {
      await s.close();
    }
  } finally {
    await wh.close();
  }
}

export async function loadBatch(t: ScenarioTarget, batch: number): Promise<void> {
  const values = BATCHES[batch].map(([id, region, name, plan, at]) => `(${id}, '${region}', '${name}', '${plan}', '${at}'::timestamp_ntz)`).join(', ');
  await withSession(t, async (exec) => {
    await exec('create schema if not exists raw');
    await exec('create or replace table raw.users (id integer, region varchar, name varchar, plan varchar, updated_at timestamp_ntz)');
    await exec(`insert into raw.users (id, region, name, plan, updated_at) values ${values}`);
  });
}

export async function runSnapshots(t: ScenarioTarget, command: 'snapshot' | 'build' = 'snapshot'): Promise<{ outcome: RunOutcome; from: number; to: number }> {
  const from = Date.now();
  const outcome = await runProject({ projectDir: t.projectDir, target: t.target, targetOverrides: t.targetOverrides, command, threads: 2 });
  const to = Date.now();
  return { outcome, from, to };
}

/** A timestamp value as epoch ms (DuckDB gives Dates; the Snowflake driver gives Dates or text without a zone, UTC). */
function ms(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  const s = String(v);
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

/** Snowflake's text of a TIMESTAMP_NTZ (TIMESTAMP_OUTPUT_FORMAT `YYYY-MM-DD HH24:MI:SS.FF3`), which dbt_scd_id hashes. */
function sfText(epoch: number): string {
  return new Date(epoch).toISOString().replace('T', ' ').replace('Z', '');
}

export function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/**
 * Turns a timestamp into a symbol: T1…T3 (the data's), S1…Sn (the snapshot time of run n, whose window is
 * known), `9999` (dbt_valid_to_current) or null. One clock per table: each Sn must be one instant in it, as dbt
 * computes the snapshot time once per statement.
 */
export class Clock {
  readonly seen = new Map<number, number>();
  /** The runs' time windows, shared by the clocks of several tables. */
  constructor(readonly windows: { from: number; to: number }[] = []) {}
  sym(v: unknown): string | null {
    const t = ms(v);
    if (t === null) return null;
    for (const [name, at] of [['T1', T1], ['T2', T2], ['T3', T3], ['9999', '9999-12-31 00:00:00']] as const) if (t === Date.parse(`${at.replace(' ', 'T')}Z`)) return name;
    // The run whose window holds the time; else the nearest within a second (clock granularity). Windows of
    // consecutive runs can lie less than a second apart, so the exact match must win over the tolerance.
    let run = this.windows.findIndex((w) => t >= w.from && t <= w.to);
    if (run < 0) {
      const gap = (w: { from: number; to: number }) => (t < w.from ? w.from - t : t - w.to);
      const near = this.windows.map((w, i) => ({ i, d: gap(w) })).filter((x) => x.d <= 1000).sort((a, b) => a.d - b.d)[0];
      run = near ? near.i : -1;
    }
    assert.ok(run >= 0, `timestamp ${new Date(t).toISOString()} is neither the data's nor inside a snapshot run`);
    const prev = this.seen.get(run);
    if (prev === undefined) this.seen.set(run, t);
    else assert.equal(t, prev, `run ${run + 1} wrote two different snapshot times`);
    return `S${run + 1}`;
  }
  text(sym: string): string {
    if (sym.startsWith('T')) return `${{ T1, T2, T3 }[sym as 'T1' | 'T2' | 'T3']}.000`;
    const at = this.seen.get(Number(sym.slice(1)) - 1);
    assert.ok(at !== undefined, `no time seen for ${sym}`);
    return sfText(at);
  }
}

export async function snapshotRows(t: ScenarioTarget, clock: Clock, schema: string, table: string, cols: string[], order: string): Promise<{ rows: string[]; raw: Record<string, unknown>[] }> {
  return withSession(t, async (exec) => {
    const raw = await exec(`select ${cols.join(', ')} from ${schema}.${table} order by ${order}`);
    const rows = raw.map((r) =>
      cols
        .map((c) => {
          const v = r[c];
          if (/valid|updated_at/.test(c)) return clock.sym(v) ?? '-';
          return v === null ? '-' : String(v);
        })
        .join(' '),
    );
    return { rows, raw };
  });
}

export async function columnTypes(t: ScenarioTarget, schema: string, table: string): Promise<Map<string, string>> {
  return withSession(t, (_exec, describe) => describe(schema, table));
}

export async function query(t: ScenarioTarget, sql: string): Promise<Record<string, unknown>[]> {
  return withSession(t, (exec) => exec(sql));
}
