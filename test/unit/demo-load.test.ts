import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'yaml';
import {
  appendRawRows,
  createDemo,
  createRawTableSql,
  demoNextBatch,
  formatDemoSummary,
  loadRawRows,
  renderRawLiteral,
} from '../../client/src/demo/load';
import { DEMO_EPOCH_MS, generateRawTable } from '../../client/src/demo/raw-data';
import { RAW_TABLES, rawTable, type RawTableName } from '../../client/src/demo/raw-tables';
import { BronzeError } from '../../server/src/core/types';

type Row = Record<string, unknown>;

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-demo-load-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function withDb<T>(file: string, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  try {
    return await fn(c);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

async function rows(c: DuckDBConnection, sql: string): Promise<Row[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

const dbOf = (dir: string): string => path.join(dir, '.bronze', 'local.duckdb');

// Variant A of zoom-raw.md, with the agreed local types (STRING→VARCHAR, NUMBER→INTEGER, NUMBER(10,2)→DECIMAL(10,2),
// TIMESTAMP_NTZ→TIMESTAMP, DATE→DATE).
const TAIL = 'load_timestamp TIMESTAMP, update_timestamp TIMESTAMP, source_system VARCHAR';
const EXPECTED_RAW: Record<string, string> = {
  users: `user_id VARCHAR, user_name VARCHAR, email VARCHAR, company VARCHAR, plan_type VARCHAR, ${TAIL}`,
  meetings: `meeting_id VARCHAR, host_id VARCHAR, meeting_topic VARCHAR, start_time TIMESTAMP, end_time TIMESTAMP, duration_minutes INTEGER, ${TAIL}`,
  participants: `participant_id VARCHAR, meeting_id VARCHAR, user_id VARCHAR, join_time TIMESTAMP, leave_time TIMESTAMP, ${TAIL}`,
  feature_usage: `usage_id VARCHAR, meeting_id VARCHAR, feature_name VARCHAR, usage_count INTEGER, usage_date DATE, ${TAIL}`,
  support_tickets: `ticket_id VARCHAR, user_id VARCHAR, ticket_type VARCHAR, resolution_status VARCHAR, open_date DATE, ${TAIL}`,
  billing_events: `event_id VARCHAR, user_id VARCHAR, event_type VARCHAR, amount DECIMAL(10,2), event_date DATE, ${TAIL}`,
  licenses: `license_id VARCHAR, license_type VARCHAR, assigned_to_user_id VARCHAR, start_date DATE, end_date DATE, ${TAIL}`,
};

// --- A stand-in for the engine, just enough to run the demo's own files on DuckDB: render the few Jinja calls the
// models use and map the Snowflake functions they use (the real engine's dialect layer does this for real).
const SNOWFLAKE_SHIMS = [
  'create or replace temp macro dateadd_day(n, ts) as ts + to_days(cast(n as integer))',
  'create or replace temp macro nvl(a, b) as coalesce(a, b)',
  'create or replace temp macro iff(c, a, b) as case when c then a else b end',
];

function render(sql: string, model: string, incremental: boolean): string {
  return sql
    .replace(/\{\{\s*config\([\s\S]*?\)\s*\}\}/, '')
    .replace(/\{% if is_incremental\(\) %\}([\s\S]*?)\{% endif %\}/, incremental ? '$1' : '')
    .replace(/\{\{ source\('raw', '(\w+)'\) \}\}/g, 'raw.$1')
    .replace(/\{\{ ref\('(\w+)'\) \}\}/g, 'bronze.$1')
    .replace(/\{\{ this \}\}/g, `bronze.${model}`)
    .replace(/\{\{ var\('lookback_days'\) \}\}/g, '1')
    .replace(/\{\{ var\('max_null_percentage'\) \}\}/g, '5')
    .replace(/dateadd\(day, /g, 'dateadd_day(')
    .replace(/::timestamp_ntz/g, '::timestamp');
}

async function modelSql(dir: string, model: string): Promise<string> {
  return readFile(path.join(dir, 'models', 'bronze', `${model}.sql`), 'utf8');
}

/** First run of every bz_* model (create table as). */
async function buildAll(c: DuckDBConnection, dir: string): Promise<void> {
  for (const s of SNOWFLAKE_SHIMS) await c.run(s);
  await c.run('create schema if not exists bronze');
  for (const t of RAW_TABLES) {
    await c.run(`create or replace table bronze.${t.model} as ${render(await modelSql(dir, t.model), t.model, false)}`);
  }
}

/** Incremental run of every bz_* model, merged on the key as delete+insert. */
async function incrementalAll(c: DuckDBConnection, dir: string): Promise<void> {
  for (const s of SNOWFLAKE_SHIMS) await c.run(s);
  for (const t of RAW_TABLES) {
    const tmp = `bronze.${t.model}__tmp`;
    await c.run(`create or replace table ${tmp} as ${render(await modelSql(dir, t.model), t.model, true)}`);
    await c.run(`delete from bronze.${t.model} where ${t.primaryKey} in (select ${t.primaryKey} from ${tmp})`);
    await c.run(`insert into bronze.${t.model} select * from ${tmp}`);
    await c.run(`drop table ${tmp}`);
  }
}

/** The data tests of schema.yml + tests/, as DuckDB SQL returning failing rows. */
async function dataTests(dir: string): Promise<{ id: string; severity: string; sql: string }[]> {
  const schema = parse(await readFile(path.join(dir, 'models', 'bronze', 'schema.yml'), 'utf8')) as {
    models: { name: string; data_tests?: unknown[]; columns?: { name: string; data_tests?: unknown[] }[] }[];
  };
  const out: { id: string; severity: string; sql: string }[] = [];
  const add = (model: string, column: string | undefined, def: unknown): void => {
    const [name, raw] = typeof def === 'string' ? [def, {}] : Object.entries(def as Row)[0];
    const args = (raw ?? {}) as Row & { config?: { severity?: string } };
    const m = `bronze.${model}`;
    const sql: Record<string, () => string> = {
      unique: () => `select ${column} from ${m} where ${column} is not null group by ${column} having count(*) > 1`,
      not_null: () => `select * from ${m} where ${column} is null`,
      accepted_values: () =>
        `select * from ${m} where ${column} not in (${(args.values as string[]).map((v) => `'${v}'`).join(', ')})`,
      relationships: () => {
        const parent = String(args.to).match(/ref\('(\w+)'\)/)![1];
        return `select c.${column} from ${m} c left join bronze.${parent} p on c.${column} = p.${args.field} where c.${column} is not null and p.${args.field} is null`;
      },
      'dbt_utils.accepted_range': () =>
        `select * from ${m} where not (${column} >= ${args.min_value} and ${column} <= ${args.max_value})`,
      'dbt_utils.expression_is_true': () => `select * from ${m} where not (${args.expression})`,
    };
    assert.ok(sql[name], `test ${name} is known`);
    out.push({ id: `${name}:${model}.${column ?? ''}`, severity: args.config?.severity ?? 'error', sql: sql[name]() });
  };
  for (const m of schema.models) {
    for (const t of m.data_tests ?? []) add(m.name, undefined, t);
    for (const c of m.columns ?? []) for (const t of c.data_tests ?? []) add(m.name, c.name, t);
  }
  for (const f of ['assert_meeting_end_after_start', 'assert_users_company_null_share']) {
    out.push({ id: `singular:${f}`, severity: 'error', sql: render(await readFile(path.join(dir, 'tests', `${f}.sql`), 'utf8'), '', false) });
  }
  return out;
}

async function failures(c: DuckDBConnection, dir: string): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const t of await dataTests(dir)) {
    const n = Number((await rows(c, `select count(*) as n from (${t.sql}) x`))[0].n);
    if (n > 0) result[`${t.severity}:${t.id}`] = n;
  }
  return result;
}

/** key → hash of the whole latest row, straight from RAW (what a correct bronze table holds). */
async function expectedBronze(c: DuckDBConnection, table: RawTableName): Promise<Map<string, string>> {
  const spec = rawTable(table);
  const cols = spec.columns.map((x) => x.name).join(', ');
  const list = await rows(
    c,
    `select ${spec.primaryKey} as k, md5(concat_ws('|', ${cols})) as h from raw.${table} where ${spec.primaryKey} is not null
     qualify row_number() over (partition by ${spec.primaryKey} order by update_timestamp desc, load_timestamp desc) = 1`,
  );
  return new Map(list.map((r) => [String(r.k), String(r.h)]));
}

async function actualBronze(c: DuckDBConnection, table: RawTableName): Promise<Map<string, string>> {
  const spec = rawTable(table);
  const cols = spec.columns.map((x) => x.name).join(', ');
  const list = await rows(c, `select ${spec.primaryKey} as k, md5(concat_ws('|', ${cols})) as h from bronze.${spec.model}`);
  return new Map(list.map((r) => [String(r.k), String(r.h)]));
}

test('createDemo writes the project, the RAW tables with zoom-raw.md types, and the state', async () => {
  await withTempDir(async (root) => {
    const dir = path.join(root, 'demo');
    const summary = await createDemo(dir, { rows: 300, seed: 5 });
    assert.equal(summary.batch, 0);
    assert.equal(summary.files.length, 20);
    assert.equal(summary.databasePath, dbOf(dir));
    assert.deepEqual(
      summary.tables.map((t) => [t.table, t.rowsInserted, t.newKeys.length, t.lateUpdateKeys.length, t.duplicateRows, t.nullKeyRows]),
      RAW_TABLES.map((t) => [t.name, 300, 282, 9, 6, 3]),
    );
    assert.deepEqual(JSON.parse(await readFile(path.join(dir, '.bronze', 'demo-state.json'), 'utf8')), {
      version: 1,
      rows: 300,
      seed: 5,
      batches: 0,
    });
    assert.ok(existsSync(path.join(dir, 'profiles.yml')));
    const text = formatDemoSummary(summary);
    assert.match(text, /users\s+300 rows {2}\(282 keys, 9 late updates, 6 duplicates, 3 NULL keys\)/);
    assert.match(text, /Next: bronze build --project-dir /);

    await withDb(dbOf(dir), async (c) => {
      assert.deepEqual(await rows(c, 'select current_database() as db'), [{ db: 'local' }]);
      const cols = await rows(
        c,
        `select table_name as t, string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position) as cols
         from information_schema.columns where table_schema = 'raw' group by table_name order by table_name`,
      );
      assert.deepEqual(
        Object.fromEntries(cols.map((r) => [r.t, r.cols])),
        // Table names as Snowflake stores the unquoted ones (USERS), so the quoted "users" misses them there too.
        Object.fromEntries(Object.entries(EXPECTED_RAW).map(([t, cols]) => [t.toUpperCase(), cols]).sort()),
      );
      const counts = await rows(c, `select count(*) as n, count(distinct user_id) as k, count(*) - count(user_id) as nulls from raw.users`);
      assert.deepEqual(counts, [{ n: '300', k: '282', nulls: '3' }]);
      const [{ ts }] = await rows(c, `select max(load_timestamp)::varchar as ts from raw.meetings`);
      assert.equal(ts, '2026-01-01 01:30:00');
    });

    // Recreating an existing demo starts from a fresh database.
    const again = await createDemo(dir, { rows: 100, seed: 5 });
    assert.equal(again.tables[0].rowsInserted, 100);
    await withDb(dbOf(dir), async (c) => assert.deepEqual(await rows(c, 'select count(*) as n from raw.licenses'), [{ n: '100' }]));
  });
});

test('the demo models and data tests pass on the generated data; the late meetings warn until the next batch', async () => {
  await withTempDir(async (dir) => {
    await createDemo(dir, { rows: 1000, seed: 8 });
    await withDb(dbOf(dir), async (c) => {
      await buildAll(c, dir);
      for (const t of RAW_TABLES) assert.deepEqual(await actualBronze(c, t.name), await expectedBronze(c, t.name), t.model);
      assert.deepEqual(await failures(c, dir), { 'warn:relationships:bz_participants.meeting_id': 5 });
    });
    await demoNextBatch(dir);
    await withDb(dbOf(dir), async (c) => {
      await incrementalAll(c, dir);
      assert.deepEqual(await failures(c, dir), {});
    });
  });
});

test('demoNextBatch appends exactly the announced new and changed keys, and incremental merges reproduce them', async () => {
  await withTempDir(async (dir) => {
    await createDemo(dir, { rows: 500, seed: 3 });
    await withDb(dbOf(dir), (c) => buildAll(c, dir));
    for (const expectedBatch of [1, 2]) {
      const before = new Map<string, Map<string, string>>();
      const distinctBefore = new Map<string, number>();
      await withDb(dbOf(dir), async (c) => {
        for (const t of RAW_TABLES) {
          before.set(t.name, await actualBronze(c, t.name));
          distinctBefore.set(t.name, Number((await rows(c, `select count(distinct ${t.primaryKey}) as n from raw.${t.name}`))[0].n));
        }
      });
      const summary = await demoNextBatch(dir);
      assert.equal(summary.batch, expectedBatch);
      assert.deepEqual(summary.files, []);
      await withDb(dbOf(dir), async (c) => {
        await incrementalAll(c, dir);
        for (const t of summary.tables) {
          const spec = rawTable(t.table);
          assert.equal(t.newKeys.length, 5);
          assert.equal(t.changedKeys.length, 5);
          assert.equal(t.rowsInserted, 11);
          const n = Number((await rows(c, `select count(distinct ${spec.primaryKey}) as n from raw.${t.table}`))[0].n);
          assert.equal(n, distinctBefore.get(t.table)! + 5, `${t.table}: distinct keys`);
          const old = before.get(t.table)!;
          const now = await actualBronze(c, t.table);
          assert.deepEqual(now, await expectedBronze(c, t.table), `${t.table}: the incremental merge equals a full rebuild`);
          const added = [...now.keys()].filter((k) => !old.has(k)).sort();
          const changed = [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k)).sort();
          assert.deepEqual(added, t.newKeys, `${t.table}: new keys`);
          assert.deepEqual(changed, t.changedKeys, `${t.table}: changed keys`);
        }
        const [{ ts }] = await rows(c, `select max(update_timestamp) as ts from raw.users`);
        assert.ok(Date.parse(`${ts}Z`) < DEMO_EPOCH_MS + (expectedBatch + 1) * 86_400_000);
      });
      assert.equal(JSON.parse(await readFile(path.join(dir, '.bronze', 'demo-state.json'), 'utf8')).batches, expectedBatch);
    }
  });
});

test('demoNextBatch explains what to do when there is no demo or the state is broken', async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(demoNextBatch(dir), (e: unknown) => {
      assert.ok(e instanceof BronzeError);
      assert.equal(e.code, 'bronze/demo-missing');
      assert.match(e.message, /Create the demo first with `bronze demo DIR`/);
      return true;
    });
    await createDemo(dir, { rows: 50, seed: 1 });
    const state = path.join(dir, '.bronze', 'demo-state.json');
    await writeFile(state, '{"version": 1, "rows": "many"}');
    await assert.rejects(demoNextBatch(dir), (e: unknown) => {
      assert.ok(e instanceof BronzeError);
      assert.equal(e.location?.file, state);
      assert.match(e.message, /demo-state\.json:1:1: expected .*bronze demo DIR --force/);
      return true;
    });
  });
});

test('createDemo rejects bad --rows before writing anything', async () => {
  await withTempDir(async (root) => {
    const dir = path.join(root, 'x');
    await assert.rejects(createDemo(dir, { rows: 3 }), /--rows must be a whole number between 10 and/);
    assert.equal(existsSync(dir), false);
  });
});

test('renderRawLiteral and loadRawRows: quoting, NULLs, typed text, batches', async () => {
  const users = rawTable('users');
  assert.equal(renderRawLiteral("O'Brien \\ co", 'string', 'snowflake'), "'O''Brien \\\\ co'");
  assert.equal(renderRawLiteral("O'Brien \\ co", 'string', 'duckdb'), "'O''Brien \\ co'");
  assert.equal(renderRawLiteral(null, 'date', 'duckdb'), 'NULL');
  assert.equal(renderRawLiteral(12.5, 'decimal', 'snowflake'), '12.50');
  assert.equal(renderRawLiteral(DEMO_EPOCH_MS + 61_000, 'timestamp', 'snowflake'), "'2026-01-01 00:01:01'");
  assert.equal(renderRawLiteral(DEMO_EPOCH_MS / 86_400_000, 'date', 'snowflake'), "'2026-01-01'");

  const statements: string[] = [];
  const sent = await loadRawRows(
    async (sql) => statements.push(sql),
    'RAW.USERS',
    users.columns,
    [
      ['U1', "Ann O'Neil", 'a@example.com', null, 'Pro', DEMO_EPOCH_MS, DEMO_EPOCH_MS, 's'],
      ['U2', 'Bo', 'b@example.com', 'Acme', 'Free', DEMO_EPOCH_MS, DEMO_EPOCH_MS + 1000, 's'],
      ['U3', 'Cy', 'c@example.com', 'Acme', 'Free', DEMO_EPOCH_MS, DEMO_EPOCH_MS, 's'],
    ],
    { batchSize: 2 },
  );
  assert.equal(sent, 3);
  assert.deepEqual(statements, [
    'insert into RAW.USERS (user_id, user_name, email, company, plan_type, load_timestamp, update_timestamp, source_system) values\n' +
      "('U1', 'Ann O''Neil', 'a@example.com', NULL, 'Pro', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 's'),\n" +
      "('U2', 'Bo', 'b@example.com', 'Acme', 'Free', '2026-01-01 00:00:00', '2026-01-01 00:00:01', 's')",
    'insert into RAW.USERS (user_id, user_name, email, company, plan_type, load_timestamp, update_timestamp, source_system) values\n' +
      "('U3', 'Cy', 'c@example.com', 'Acme', 'Free', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 's')",
  ]);
  await assert.rejects(loadRawRows(async () => 0, 't', users.columns, [], { batchSize: 20_000 }), /batchSize must be between 1 and 16384/);

  // The same statements run on a real database and read back identically to the appender's load.
  await withTempDir(async (dir) => {
    const data = generateRawTable('billing_events', 400, 2);
    await withDb(path.join(dir, 'x.duckdb'), async (c) => {
      await c.run('create schema raw');
      await c.run(createRawTableSql(data.table, { dialect: 'duckdb' }));
      await loadRawRows((sql) => c.run(sql), 'raw.billing_events', data.table.columns, data.rows, { dialect: 'duckdb', batchSize: 150 });
      await c.run(createRawTableSql(data.table, { dialect: 'duckdb', schema: 'main', replace: false }));
      await appendRawRows(c, data.table, data.rows, 'main');
      const diff = await rows(
        c,
        `select count(*) as n from ((select * from raw.billing_events except all select * from main.billing_events)
         union all (select * from main.billing_events except all select * from raw.billing_events)) d`,
      );
      assert.deepEqual(diff, [{ n: '0' }]);
      assert.deepEqual(await rows(c, 'select count(*) as n, sum(amount)::varchar as s from raw.billing_events'), [
        { n: '400', s: (data.rows.reduce((a, r) => a + Math.round((r[3] as number) * 100), 0) / 100).toFixed(2) },
      ]);
    });
  });
  assert.equal(
    createRawTableSql(rawTable('billing_events'), { dialect: 'snowflake' }),
    'create or replace table raw.billing_events (\n    event_id STRING,\n    user_id STRING,\n    event_type STRING,\n' +
      '    amount NUMBER(10,2),\n    event_date DATE,\n    load_timestamp TIMESTAMP_NTZ,\n    update_timestamp TIMESTAMP_NTZ,\n' +
      '    source_system STRING\n)',
  );
});

test('bulk load speed: appender into one RAW table (printed, not asserted)', async () => {
  const n = 200_000;
  const t0 = performance.now();
  const data = generateRawTable('participants', n, 1);
  const genMs = performance.now() - t0;
  await withTempDir(async (dir) => {
    await withDb(path.join(dir, 'speed.duckdb'), async (c) => {
      await c.run('create schema raw');
      await c.run(createRawTableSql(data.table, { dialect: 'duckdb' }));
      const t1 = performance.now();
      await appendRawRows(c, data.table, data.rows);
      const loadMs = performance.now() - t1;
      assert.deepEqual(await rows(c, 'select count(*) as n from raw.participants'), [{ n: String(n) }]);
      const rate = n / (loadMs / 1000);
      const insertRows = data.rows.slice(0, 20_000);
      await c.run('delete from raw.participants');
      const t2 = performance.now();
      await loadRawRows((sql) => c.run(sql), 'raw.participants', data.table.columns, insertRows, { dialect: 'duckdb' });
      const insertMs = performance.now() - t2;
      console.log(
        `demo bulk load: generated ${n} participants rows in ${genMs.toFixed(0)} ms; appender ${loadMs.toFixed(0)} ms = ` +
          `${Math.round(rate).toLocaleString('en-US')} rows/s (1,000,000 rows ≈ ${(1_000_000 / rate).toFixed(1)} s); ` +
          `multi-row INSERT ${insertRows.length} rows in ${insertMs.toFixed(0)} ms = ` +
          `${Math.round(insertRows.length / (insertMs / 1000)).toLocaleString('en-US')} rows/s`,
      );
    });
  });
});
