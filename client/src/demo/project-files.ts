// The files of the Zoom bronze demo project. Models, sources and tests are generated from RAW_TABLES and the
// generator's domain values, so the SQL, the YAML and the data agree by construction.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BronzeError } from '../../../server/src/core/types';
import { planTypesCsv, planTypesYml } from './seed-files';
import { SNAPSHOT_README, usersSnapshotSql } from './snapshot-files';
import { UNIT_TESTS_README, unitTestsYml } from './unit-test-files';
import {
  EVENT_TYPES,
  FEATURE_NAMES,
  LICENSE_TYPES,
  PLAN_TYPES,
  RAW_TABLES,
  RESOLUTION_STATUSES,
  TICKET_TYPES,
  type RawTableName,
  type RawTableSpec,
} from './raw-tables';

export const DEMO_PROJECT_NAME = 'zoom_bronze';

/** Columns holding personal data; nothing else in the RAW feed identifies a person. */
const PII_COLUMNS: Record<string, string> = { user_name: 'personal_name', email: 'contact' };

// ---------------------------------------------------------------------------------------------------------
// SQL

function modelSql(spec: RawTableSpec): string {
  const pk = spec.primaryKey;
  const cols = spec.columns.map((c) => `        ${c.name}`).join(',\n');
  const outer = spec.columns.map((c) => `    ${c.name}`).join(',\n');
  return `{{
    config(
        materialized='incremental',
        unique_key='${pk}',
        on_schema_change='append_new_columns',
        tags=['${spec.domain}']
    )
}}

-- Bronze ${spec.name}: RAW.${spec.name} as delivered (same columns, same order, no business logic), minus rows
-- without a ${pk}, with one row per ${pk}: the latest update_timestamp wins, then the latest load_timestamp.
-- Incremental runs only read rows updated within lookback_days of the newest row already in bronze.

with source_rows as (

    select
${cols}
    from {{ source('raw', '${spec.name}') }}
    where ${pk} is not null
    {% if is_incremental() %}
      and update_timestamp > (
          select dateadd(day, -{{ var('lookback_days') }}, nvl(max(update_timestamp), '1900-01-01'::timestamp_ntz))
          from {{ this }}
      )
    {% endif %}

)

select
${outer}
from source_rows
qualify row_number() over (
    partition by ${pk}
    order by update_timestamp desc, load_timestamp desc
) = 1
`;
}

const AUDIT_MODEL_SQL = `{{
    config(
        materialized='incremental',
        unique_key='record_id',
        on_schema_change='append_new_columns',
        tags=['audit']
    )
}}

-- The audit trail as a model. Bronze's runner writes one row per model and test execution into this table;
-- the select below is typed but empty, so it only creates the table and later builds merge nothing into it
-- (an incremental model is never rebuilt from scratch, so building it never wipes the history).

select
    cast(null as varchar) as record_id,
    cast(null as varchar(255)) as source_table,
    current_timestamp()::timestamp_ntz as load_timestamp,
    cast(null as varchar) as processed_by,
    cast(null as number(38,3)) as processing_time,
    cast(null as varchar) as status,
    cast(null as varchar) as invocation_id,
    cast(null as varchar) as node_id,
    cast(null as varchar) as node_type,
    cast(null as varchar) as target_name,
    cast(null as number) as rows_affected,
    cast(null as timestamp_ntz) as started_at,
    cast(null as timestamp_ntz) as completed_at,
    cast(null as varchar) as error_message
where 1 = 0
`;

const MEETING_END_TEST_SQL = `-- A meeting cannot end before it starts. Returns the offending meetings; any row fails the test.

select
    meeting_id,
    start_time,
    end_time
from {{ ref('bz_meetings') }}
where end_time < start_time
`;

const COMPANY_NULL_SHARE_TEST_SQL = `-- Data-quality gate: at most var('max_null_percentage') percent of users may lack a company.
-- Returns one row (a failure) when the share of NULL companies is above the threshold.

with shares as (
    select
        100.0 * sum(iff(company is null, 1, 0)) / nullif(count(*), 0) as null_percentage
    from {{ ref('bz_users') }}
)

select null_percentage
from shares
where null_percentage > {{ var('max_null_percentage') }}
`;

// ---------------------------------------------------------------------------------------------------------
// YAML (written by hand for readable files; the tests parse them back)

const q = (s: string): string => JSON.stringify(s);
const list = (values: readonly string[]): string => `[${values.map(q).join(', ')}]`;

const DBT_PROJECT_YML = `name: ${DEMO_PROJECT_NAME}
version: "1.0.0"
config-version: 2
profile: ${DEMO_PROJECT_NAME}

model-paths: ["models"]
test-paths: ["tests"]
target-path: "target"
clean-targets: ["target"]

# Global vars, readable with var() from any model, test or macro.
vars:
  environment: dev
  enable_audit_logging: true   # the runner writes one bz_data_audit row per model and test execution
  max_null_percentage: 5       # used by tests/assert_users_company_null_share.sql
  lookback_days: 1             # incremental models re-read rows updated this many days before their newest row

models:
  ${DEMO_PROJECT_NAME}:
    bronze:
      +materialized: incremental
      +tags: ["bronze"]

on-run-start: []
on-run-end: []
`;

const PROFILES_YML = `# Targets of the demo. \`local\` (the default) is an embedded DuckDB file inside the project; Snowflake-flavoured SQL
# runs there through Bronze's dialect layer. \`snowflake\` reads everything from environment variables:
#   SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_PASSWORD, SNOWFLAKE_ROLE (required)
#   SNOWFLAKE_WAREHOUSE (default COMPUTE_WH), SNOWFLAKE_DATABASE (default DB_POC_ZOOM)
#   SNOWFLAKE_HOST / SNOWFLAKE_PORT / SNOWFLAKE_PROTOCOL (private endpoints; empty: the account's public URL)
${DEMO_PROJECT_NAME}:
  target: local
  outputs:
    local:
      type: duckdb
      path: .bronze/local.duckdb
      schema: bronze
      threads: 4
    snowflake:
      type: snowflake
      account: "{{ env_var('SNOWFLAKE_ACCOUNT') }}"
      user: "{{ env_var('SNOWFLAKE_USER') }}"
      password: "{{ env_var('SNOWFLAKE_PASSWORD') }}"
      role: "{{ env_var('SNOWFLAKE_ROLE') }}"
      warehouse: "{{ env_var('SNOWFLAKE_WAREHOUSE', 'COMPUTE_WH') }}"
      database: "{{ env_var('SNOWFLAKE_DATABASE', 'DB_POC_ZOOM') }}"
      schema: BRONZE
      threads: 4
      host: "{{ env_var('SNOWFLAKE_HOST', '') }}"
      port: "{{ env_var('SNOWFLAKE_PORT', '443') }}"
      protocol: "{{ env_var('SNOWFLAKE_PROTOCOL', 'https') }}"
`;

function piiLines(column: string, indent: string): string {
  const classification = PII_COLUMNS[column];
  if (!classification) return '';
  return (
    `${indent}tags: ["pii"]\n` +
    `${indent}meta:\n` +
    `${indent}  pii: true\n` +
    `${indent}  classification: ${classification}\n`
  );
}

function sourcesYml(): string {
  let out = `version: 2

sources:
  - name: raw
    description: >
      The Zoom platform's RAW layer: seven feeds loaded as delivered, with duplicates, NULL keys and
      late-arriving updates. No database key: it lives in the target's database (DB_POC_ZOOM on Snowflake,
      the local DuckDB file otherwise).
    schema: raw
    loader: bronze demo
    loaded_at_field: load_timestamp
    freshness:
      warn_after: {count: 24, period: hour}
    tables:
`;
  for (const t of RAW_TABLES) {
    out += `      - name: ${t.name}\n        description: ${q(t.description)}\n        columns:\n`;
    for (const c of t.columns) {
      out += `          - name: ${c.name}\n            description: ${q(c.description)}\n            data_type: ${c.snowflakeType}\n`;
      out += piiLines(c.name, '            ');
    }
  }
  return out;
}

/** One data test as YAML lines at `indent` (a list item). */
type TestDef = { name: string; args?: Record<string, string>; severity?: 'warn' };

function testLines(tests: readonly TestDef[], indent: string): string {
  let out = '';
  for (const t of tests) {
    const args = Object.entries(t.args ?? {});
    if (args.length === 0 && !t.severity) {
      out += `${indent}- ${t.name}\n`;
      continue;
    }
    out += `${indent}- ${t.name}:\n`;
    for (const [k, v] of args) out += `${indent}    ${k}: ${v}\n`;
    if (t.severity) out += `${indent}    config:\n${indent}      severity: ${t.severity}\n`;
  }
  return out;
}

const KEY_TESTS: TestDef[] = [{ name: 'unique' }, { name: 'not_null' }];
const accepted = (values: readonly string[]): TestDef => ({ name: 'accepted_values', args: { values: list(values) } });
const refersTo = (model: string, field: string, severity?: 'warn'): TestDef => ({
  name: 'relationships',
  args: { to: q(`ref('${model}')`), field },
  severity,
});
const range = (min: number, max: number): TestDef => ({
  name: 'dbt_utils.accepted_range',
  args: { min_value: String(min), max_value: String(max), inclusive: 'true' },
});

/** Column tests per RAW table; key columns get unique + not_null. */
const COLUMN_TESTS: Record<RawTableName, Record<string, TestDef[]>> = {
  users: { email: [{ name: 'not_null' }], plan_type: [accepted(PLAN_TYPES)] },
  meetings: {
    host_id: [{ name: 'not_null' }, refersTo('bz_users', 'user_id')],
    start_time: [{ name: 'not_null' }],
    duration_minutes: [range(0, 1440)],
  },
  participants: {
    // Participants can arrive before their meeting (late-arriving dimension): warn, don't fail.
    meeting_id: [refersTo('bz_meetings', 'meeting_id', 'warn')],
    user_id: [refersTo('bz_users', 'user_id')],
  },
  feature_usage: {
    meeting_id: [refersTo('bz_meetings', 'meeting_id', 'warn')],
    feature_name: [accepted(FEATURE_NAMES)],
    usage_count: [range(0, 100000)],
  },
  support_tickets: {
    user_id: [refersTo('bz_users', 'user_id')],
    ticket_type: [accepted(TICKET_TYPES)],
    resolution_status: [accepted(RESOLUTION_STATUSES)],
  },
  billing_events: {
    user_id: [refersTo('bz_users', 'user_id')],
    event_type: [accepted(EVENT_TYPES)],
  },
  licenses: {
    license_type: [accepted(LICENSE_TYPES)],
    // A license can be assigned before the user's record reaches RAW.
    assigned_to_user_id: [refersTo('bz_users', 'user_id', 'warn')],
  },
};

/** Model-level tests. */
const MODEL_TESTS: Partial<Record<RawTableName, TestDef[]>> = {
  billing_events: [{ name: 'dbt_utils.expression_is_true', args: { expression: q('amount >= 0') }, severity: 'warn' }],
  licenses: [{ name: 'dbt_utils.expression_is_true', args: { expression: q('end_date >= start_date') } }],
};

const AUDIT_COLUMN_DOCS: [string, string][] = [
  ['record_id', 'Unique id of the audit record.'],
  ['source_table', 'The model or test the record is about.'],
  ['load_timestamp', 'When the record was written.'],
  ['processed_by', 'Who or what ran the node (tool and user).'],
  ['processing_time', 'Execution time in seconds.'],
  ['status', 'SUCCESS, FAILED, WARNING or SKIPPED.'],
  ['invocation_id', 'The run (invocation) the execution belongs to.'],
  ['node_id', 'dbt unique id of the node, e.g. model.zoom_bronze.bz_users.'],
  ['node_type', 'model or test.'],
  ['target_name', 'The profiles.yml target the run used.'],
  ['rows_affected', 'Rows inserted, merged or failing, when the warehouse reports it.'],
  ['started_at', 'When the execution started.'],
  ['completed_at', 'When the execution ended.'],
  ['error_message', 'Why the execution failed or was skipped; NULL on success.'],
];

function schemaYml(): string {
  let out = `version: 2

models:
`;
  for (const t of RAW_TABLES) {
    out += `  - name: ${t.model}\n`;
    out += `    description: ${q(`Bronze copy of raw.${t.name}: ${t.description} One row per ${t.primaryKey} (latest update wins).`)}\n`;
    const modelTests = MODEL_TESTS[t.name];
    if (modelTests) out += `    data_tests:\n${testLines(modelTests, '      ')}`;
    out += `    columns:\n`;
    for (const c of t.columns) {
      out += `      - name: ${c.name}\n        description: ${q(c.description)}\n        data_type: ${c.snowflakeType}\n`;
      out += piiLines(c.name, '        ');
      const tests = c.name === t.primaryKey ? KEY_TESTS : (COLUMN_TESTS[t.name][c.name] ?? []);
      if (tests.length > 0) out += `        data_tests:\n${testLines(tests, '          ')}`;
    }
  }
  out += `  - name: bz_data_audit
    description: >
      Audit trail: one row per model and test execution (failures and skips included), written by Bronze's
      runner while enable_audit_logging is true.
    columns:
`;
  for (const [name, description] of AUDIT_COLUMN_DOCS) {
    out += `      - name: ${name}\n        description: ${q(description)}\n`;
  }
  return out;
}

function readme(): string {
  const tables = RAW_TABLES.map((t) => `| \`raw.${t.name}\` | \`${t.model}\` | \`${t.primaryKey}\` |`).join('\n');
  return `# Zoom bronze demo

A dbt-style bronze layer for the Zoom Platform Analytics System, generated by \`bronze demo\`. Seven RAW feeds
(synthetic, deterministic data with exact duplicates, NULL keys, NULLs in optional columns and late-arriving
updates) become seven incremental \`bz_*\` models, plus the \`bz_data_audit\` audit table.

| RAW table | bronze model | key |
|---|---|---|
${tables}

Each model keeps the RAW columns as they are, drops rows without a key and keeps the latest version of each key
(\`row_number() over (partition by <key> order by update_timestamp desc, load_timestamp desc) = 1\`). Incremental
runs read only rows updated within \`lookback_days\` (a var, default 1) of the newest row already in bronze, and
merge them on the key.

## Run it

\`\`\`sh
bronze build                      # the seed, models + their tests on the local DuckDB target (.bronze/local.duckdb)
bronze build                      # again: an incremental run with nothing new to merge
bronze demo . --next-batch        # append the next day's RAW batch: new keys and updates to existing keys
bronze build                      # the incremental models merge exactly those keys
bronze audit --limit 20           # the audit trail (also in bz_data_audit)
bronze show --select bz_users --limit 5
bronze compile --print -s bz_users --mode incremental   # the exact statements an incremental run executes
bronze source freshness           # RAW freshness (warns: the demo data is anchored at 2026-01-01)
\`\`\`

Run from this folder, or pass \`--project-dir\` from elsewhere. \`bronze demo DIR --force\` recreates the project
and a fresh database.

## Tests

\`models/bronze/schema.yml\` declares unique/not_null on every key, accepted_values on the domain columns,
relationships between the models (severity warn where late-arriving data can legitimately miss its parent),
\`dbt_utils.accepted_range\` and \`dbt_utils.expression_is_true\`. \`tests/\` holds two singular tests. All pass on a
fresh build; the warn-severity relationships test on \`bz_participants.meeting_id\` warns until the next batch
delivers the late meetings.

\`seeds/plan_types.csv\` is a seed (\`bronze seed\`; \`bronze build\` loads it before whatever refs it): the subscription
plans with prices and limits, \`ref('plan_types')\` from any model; \`seeds/plan_types.yml\` tests it.

${SNAPSHOT_README}
${UNIT_TESTS_README}
\`user_name\` and \`email\` are personal data: tagged \`pii\` with \`meta: {pii: true, classification: …}\`.

## Snowflake

The \`snowflake\` target in \`profiles.yml\` reads \`SNOWFLAKE_ACCOUNT\`, \`SNOWFLAKE_USER\`, \`SNOWFLAKE_PASSWORD\`,
\`SNOWFLAKE_ROLE\` and optionally \`SNOWFLAKE_WAREHOUSE\`, \`SNOWFLAKE_DATABASE\` (default \`DB_POC_ZOOM\`),
\`SNOWFLAKE_HOST\`, \`SNOWFLAKE_PORT\`, \`SNOWFLAKE_PROTOCOL\`. The RAW tables are expected in schema \`RAW\` of that
database; run with \`bronze build --target snowflake\`.

## Vars

\`environment\` (dev), \`enable_audit_logging\` (true), \`max_null_percentage\` (5), \`lookback_days\` (1), e.g.
\`bronze build --vars '{lookback_days: 3}'\`.
`;
}

/** Every file of the demo project: relative path → content. */
export function demoProjectFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'dbt_project.yml': DBT_PROJECT_YML,
    'profiles.yml': PROFILES_YML,
    'README.md': readme(),
    '.gitignore': '.bronze/\ntarget/\nlogs/\n',
    'models/sources.yml': sourcesYml(),
    'models/bronze/schema.yml': schemaYml(),
    'models/bronze/unit_tests.yml': unitTestsYml(),
    'models/bronze/bz_data_audit.sql': AUDIT_MODEL_SQL,
    'tests/assert_meeting_end_after_start.sql': MEETING_END_TEST_SQL,
    'tests/assert_users_company_null_share.sql': COMPANY_NULL_SHARE_TEST_SQL,
    'seeds/plan_types.csv': planTypesCsv(),
    'seeds/plan_types.yml': planTypesYml(),
    'snapshots/users_snapshot.sql': usersSnapshotSql(),
  };
  for (const t of RAW_TABLES) files[`models/bronze/${t.model}.sql`] = modelSql(t);
  return files;
}

/** True when `dir` holds a project written by an earlier `bronze demo`. */
async function isPreviousDemo(dir: string): Promise<boolean> {
  if (existsSync(path.join(dir, '.bronze', 'demo-state.json'))) return true;
  const project = path.join(dir, 'dbt_project.yml');
  if (!existsSync(project)) return false;
  return new RegExp(`^name:\\s*["']?${DEMO_PROJECT_NAME}["']?\\s*$`, 'm').test(await readFile(project, 'utf8'));
}

/**
 * Writes the demo project into `dir` (created when missing) and returns the relative paths written, sorted.
 * Refuses a non-empty directory that is not a previous demo unless `force`; other files in it are left alone.
 */
export async function writeDemoProject(dir: string, options: { force?: boolean } = {}): Promise<string[]> {
  if (existsSync(dir)) {
    if (!(await stat(dir)).isDirectory()) {
      throw new BronzeError(`${dir} is a file; give \`bronze demo\` a directory.`, undefined, 'bronze/demo-dir');
    }
    const entries = await readdir(dir);
    if (entries.length > 0 && !options.force && !(await isPreviousDemo(dir))) {
      throw new BronzeError(
        `${dir} is not empty and holds no earlier Bronze demo. Choose an empty or new directory, or pass --force ` +
          'to write the demo files into it (files with the same names are overwritten, others are kept).',
        undefined,
        'bronze/demo-dir',
      );
    }
  }
  const files = demoProjectFiles();
  const written = Object.keys(files).sort();
  for (const rel of written) {
    const file = path.join(dir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, files[rel]);
  }
  return written;
}
