import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { demoProjectFiles, writeDemoProject } from '../../client/src/demo/project-files';
import { BronzeError } from '../../server/src/core/types';

type Yaml = Record<string, unknown>;
const files = demoProjectFiles();
const yamlOf = (rel: string): Yaml => parse(files[rel]) as Yaml;

const MODELS = [
  'bz_users',
  'bz_meetings',
  'bz_participants',
  'bz_feature_usage',
  'bz_support_tickets',
  'bz_billing_events',
  'bz_licenses',
];

/** Flattens a schema.yml test entry to its name and arguments. */
function testEntry(t: unknown): { name: string; args: Yaml } {
  if (typeof t === 'string') return { name: t, args: {} };
  const [name, args] = Object.entries(t as Yaml)[0];
  return { name, args: (args ?? {}) as Yaml };
}

function allTests(): { model: string; column?: string; name: string; args: Yaml }[] {
  const out: { model: string; column?: string; name: string; args: Yaml }[] = [];
  for (const m of yamlOf('models/bronze/schema.yml').models as Yaml[]) {
    for (const t of (m.data_tests as unknown[] | undefined) ?? []) out.push({ model: m.name as string, ...testEntry(t) });
    for (const c of (m.columns as Yaml[] | undefined) ?? []) {
      for (const t of (c.data_tests as unknown[] | undefined) ?? []) {
        out.push({ model: m.name as string, column: c.name as string, ...testEntry(t) });
      }
    }
  }
  return out;
}

test('the demo has exactly the agreed files', () => {
  assert.deepEqual(Object.keys(files).sort(), [
    '.gitignore',
    'README.md',
    'dbt_project.yml',
    'models/bronze/bz_billing_events.sql',
    'models/bronze/bz_data_audit.sql',
    'models/bronze/bz_feature_usage.sql',
    'models/bronze/bz_licenses.sql',
    'models/bronze/bz_meetings.sql',
    'models/bronze/bz_participants.sql',
    'models/bronze/bz_support_tickets.sql',
    'models/bronze/bz_users.sql',
    'models/bronze/schema.yml',
    'models/bronze/unit_tests.yml',
    'models/sources.yml',
    'profiles.yml',
    'seeds/plan_types.csv',
    'seeds/plan_types.yml',
    'snapshots/users_snapshot.sql',
    'tests/assert_meeting_end_after_start.sql',
    'tests/assert_users_company_null_share.sql',
  ]);
  assert.equal(files['.gitignore'], '.bronze/\ntarget/\nlogs/\n');
});

test('dbt_project.yml: name, profile, vars and the bronze folder config', () => {
  const p = yamlOf('dbt_project.yml');
  assert.equal(p.name, 'zoom_bronze');
  assert.equal(p.profile, 'zoom_bronze');
  assert.equal(p['config-version'], 2);
  assert.deepEqual(p.vars, { environment: 'dev', enable_audit_logging: true, max_null_percentage: 5, lookback_days: 1 });
  assert.deepEqual(p.models, { zoom_bronze: { bronze: { '+materialized': 'incremental', '+tags': ['bronze'] } } });
  assert.deepEqual(p['model-paths'], ['models']);
  assert.deepEqual(p['test-paths'], ['tests']);
});

test('profiles.yml: local DuckDB default and a snowflake target from env vars', () => {
  const p = yamlOf('profiles.yml').zoom_bronze as Yaml;
  assert.equal(p.target, 'local');
  const outputs = p.outputs as Record<string, Yaml>;
  assert.deepEqual(outputs.local, { type: 'duckdb', path: '.bronze/local.duckdb', schema: 'bronze', threads: 4 });
  const sf = outputs.snowflake;
  assert.equal(sf.type, 'snowflake');
  assert.equal(sf.account, "{{ env_var('SNOWFLAKE_ACCOUNT') }}");
  assert.equal(sf.user, "{{ env_var('SNOWFLAKE_USER') }}");
  assert.equal(sf.password, "{{ env_var('SNOWFLAKE_PASSWORD') }}");
  assert.equal(sf.role, "{{ env_var('SNOWFLAKE_ROLE') }}");
  assert.equal(sf.warehouse, "{{ env_var('SNOWFLAKE_WAREHOUSE', 'COMPUTE_WH') }}");
  assert.equal(sf.database, "{{ env_var('SNOWFLAKE_DATABASE', 'DB_POC_ZOOM') }}");
  assert.equal(sf.schema, 'BRONZE');
  assert.equal(sf.threads, 4);
  assert.equal(sf.host, "{{ env_var('SNOWFLAKE_HOST', '') }}");
  assert.equal(sf.port, "{{ env_var('SNOWFLAKE_PORT', '443') }}");
  assert.equal(sf.protocol, "{{ env_var('SNOWFLAKE_PROTOCOL', 'https') }}");
  // No secret is ever written literally.
  assert.doesNotMatch(files['profiles.yml'], /password:\s*[^"\s{]/);
});

test('sources.yml: source raw with freshness, loaded_at_field and the seven tables in DDL order', () => {
  const sources = yamlOf('models/sources.yml').sources as Yaml[];
  assert.equal(sources.length, 1);
  const raw = sources[0];
  assert.equal(raw.name, 'raw');
  assert.equal(raw.schema, 'raw');
  assert.equal(raw.database, undefined);
  assert.equal(raw.loaded_at_field, 'load_timestamp');
  assert.deepEqual(raw.freshness, { warn_after: { count: 24, period: 'hour' } });
  const tables = raw.tables as Yaml[];
  assert.deepEqual(
    tables.map((t) => t.name),
    ['users', 'meetings', 'participants', 'feature_usage', 'support_tickets', 'billing_events', 'licenses'],
  );
  const users = tables[0].columns as Yaml[];
  assert.deepEqual(
    users.map((c) => c.name),
    ['user_id', 'user_name', 'email', 'company', 'plan_type', 'load_timestamp', 'update_timestamp', 'source_system'],
  );
  for (const t of tables) {
    assert.equal(typeof t.description, 'string');
    for (const c of t.columns as Yaml[]) assert.ok(String(c.description).length > 5, `${t.name}.${c.name} has a description`);
  }
  const billing = (tables[5].columns as Yaml[]).find((c) => c.name === 'amount');
  assert.equal(billing?.data_type, 'NUMBER(10,2)');
});

test('PII: exactly user_name and email are tagged pii with meta, in sources and in bz_users', () => {
  const piiOf = (columns: Yaml[]): Record<string, unknown> =>
    Object.fromEntries(columns.filter((c) => (c.tags as string[] | undefined)?.includes('pii')).map((c) => [c.name, c.meta]));
  const expected = {
    user_name: { pii: true, classification: 'personal_name' },
    email: { pii: true, classification: 'contact' },
  };
  const raw = (yamlOf('models/sources.yml').sources as Yaml[])[0];
  assert.deepEqual(piiOf((raw.tables as Yaml[])[0].columns as Yaml[]), expected);
  const models = yamlOf('models/bronze/schema.yml').models as Yaml[];
  assert.deepEqual(piiOf(models[0].columns as Yaml[]), expected);
  for (const m of models.slice(1)) assert.deepEqual(piiOf((m.columns as Yaml[]) ?? []), {}, `${m.name} has no PII`);
});

test('schema.yml documents all eight models with descriptions and columns', () => {
  const models = yamlOf('models/bronze/schema.yml').models as Yaml[];
  assert.deepEqual(
    models.map((m) => m.name),
    [...MODELS, 'bz_data_audit'],
  );
  for (const m of models) {
    assert.ok(String(m.description).length > 20, `${m.name} has a description`);
    assert.ok((m.columns as Yaml[]).length >= 8);
  }
  const audit = models[7].columns as Yaml[];
  assert.deepEqual(
    audit.map((c) => c.name),
    [
      'record_id', 'source_table', 'load_timestamp', 'processed_by', 'processing_time', 'status', 'invocation_id',
      'node_id', 'node_type', 'target_name', 'rows_affected', 'started_at', 'completed_at', 'error_message',
    ],
  );
});

test('schema.yml declares at least 15 data tests of every required kind', () => {
  const tests = allTests();
  assert.equal(tests.length, 34); // 14 key tests + 20 others
  const names = new Set(tests.map((t) => t.name));
  for (const n of ['unique', 'not_null', 'accepted_values', 'relationships', 'dbt_utils.expression_is_true', 'dbt_utils.accepted_range']) {
    assert.ok(names.has(n), n);
  }
  for (const m of MODELS) {
    const keyTests = tests.filter((t) => t.model === m && (t.name === 'unique' || t.name === 'not_null'));
    assert.ok(keyTests.length >= 2, `${m} has key tests`);
  }
  const accepted = Object.fromEntries(
    tests.filter((t) => t.name === 'accepted_values').map((t) => [t.column, t.args.values]),
  );
  assert.deepEqual(accepted, {
    plan_type: ['Free', 'Basic', 'Pro', 'Business', 'Enterprise'],
    feature_name: ['screen_share', 'recording', 'chat', 'whiteboard', 'breakout_rooms'],
    ticket_type: ['Technical', 'Billing', 'Account', 'Feature Request'],
    resolution_status: ['Open', 'In Progress', 'Resolved', 'Closed'],
    event_type: ['subscription', 'usage', 'refund', 'upgrade', 'downgrade'],
    license_type: ['Basic', 'Pro', 'Enterprise', 'Education'],
  });
  const rel = tests.find((t) => t.model === 'bz_participants' && t.column === 'meeting_id');
  assert.deepEqual(rel?.args, { to: "ref('bz_meetings')", field: 'meeting_id', config: { severity: 'warn' } });
  const amount = tests.find((t) => t.name === 'dbt_utils.expression_is_true' && t.model === 'bz_billing_events');
  assert.deepEqual(amount?.args, { expression: 'amount >= 0', config: { severity: 'warn' } });
});

test('each bz_* model is incremental on its key, de-duplicated and filtered in Snowflake SQL', () => {
  const keys: Record<string, string> = {
    bz_users: 'user_id',
    bz_meetings: 'meeting_id',
    bz_participants: 'participant_id',
    bz_feature_usage: 'usage_id',
    bz_support_tickets: 'ticket_id',
    bz_billing_events: 'event_id',
    bz_licenses: 'license_id',
  };
  for (const [model, pk] of Object.entries(keys)) {
    const sql = files[`models/bronze/${model}.sql`];
    const table = model.slice(3);
    assert.match(sql, new RegExp(`materialized='incremental',\\s*unique_key='${pk}',\\s*on_schema_change='append_new_columns'`));
    assert.ok(sql.includes(`from {{ source('raw', '${table}') }}`), model);
    assert.ok(sql.includes(`where ${pk} is not null`), model);
    assert.ok(sql.includes(`partition by ${pk}\n    order by update_timestamp desc, load_timestamp desc\n) = 1`), model);
    assert.ok(
      sql.includes(
        "{% if is_incremental() %}\n      and update_timestamp > (\n          select dateadd(day, -{{ var('lookback_days') }}, " +
          "nvl(max(update_timestamp), '1900-01-01'::timestamp_ntz))\n          from {{ this }}\n      )\n    {% endif %}",
      ),
      model,
    );
  }
  const users = files['models/bronze/bz_users.sql'];
  assert.ok(
    users.includes(
      'select\n    user_id,\n    user_name,\n    email,\n    company,\n    plan_type,\n    load_timestamp,\n    update_timestamp,\n    source_system\nfrom source_rows',
    ),
  );
});

test('bz_data_audit is an incremental typed empty select with the audit columns', () => {
  const sql = files['models/bronze/bz_data_audit.sql'];
  assert.match(sql, /materialized='incremental',\s*unique_key='record_id'/);
  assert.ok(sql.trimEnd().endsWith('where 1 = 0'));
  const columns = [...sql.matchAll(/ as (\w+),?\n/g)].map((m) => m[1]);
  assert.deepEqual(columns, [
    'record_id', 'source_table', 'load_timestamp', 'processed_by', 'processing_time', 'status', 'invocation_id',
    'node_id', 'node_type', 'target_name', 'rows_affected', 'started_at', 'completed_at', 'error_message',
  ]);
  assert.ok(sql.includes('cast(null as varchar(255)) as source_table'));
  assert.ok(sql.includes('cast(null as number(38,3)) as processing_time'));
});

test('writeDemoProject writes every file, refuses a foreign non-empty dir, accepts force and earlier demos', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'bronze-demo-files-'));
  try {
    const fresh = path.join(root, 'new', 'demo');
    const written = await writeDemoProject(fresh, {});
    assert.deepEqual(written, Object.keys(files).sort());
    for (const rel of written) assert.equal(await readFile(path.join(fresh, rel), 'utf8'), files[rel]);
    // A previous demo is rewritten without --force.
    await writeFile(path.join(fresh, 'dbt_project.yml'), 'name: zoom_bronze\n');
    assert.deepEqual(await writeDemoProject(fresh, {}), written);
    assert.equal(await readFile(path.join(fresh, 'dbt_project.yml'), 'utf8'), files['dbt_project.yml']);

    const foreign = path.join(root, 'foreign');
    await mkdir(foreign);
    await writeFile(path.join(foreign, 'notes.txt'), 'mine');
    await assert.rejects(writeDemoProject(foreign, {}), (e: unknown) => {
      assert.ok(e instanceof BronzeError);
      assert.equal(e.code, 'bronze/demo-dir');
      assert.match(e.message, /foreign is not empty .*--force/);
      return true;
    });
    assert.deepEqual(await readdir(foreign), ['notes.txt']);
    await writeDemoProject(foreign, { force: true });
    assert.equal(await readFile(path.join(foreign, 'notes.txt'), 'utf8'), 'mine');
    assert.deepEqual((await readdir(foreign)).sort(), ['.gitignore', 'README.md', 'dbt_project.yml', 'models', 'notes.txt', 'profiles.yml', 'seeds', 'snapshots', 'tests']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
