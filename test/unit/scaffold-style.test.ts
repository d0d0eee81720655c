// Scaffolding follows the project's own bronze style: a new model copies the config its bronze models add (tags,
// hooks), renamed for the new table, their materialization, and the metadata columns their final SELECT adds.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planGenerateModel } from '../../server/src/analysis/scaffold';
import { Workspace } from '../../server/src/analysis/workspace';

const USERS = `-- Bronze users
{{ config(
    materialized='table',
    tags=['bronze', 'users'],
    pre_hook="insert into {{ ref('bz_audit_log') }} (source_table, status) select 'BZ_USERS', 'STARTED'",
    post_hook="insert into {{ ref('bz_audit_log') }} (source_table, status) select 'bz_users', 'SUCCESS'"
) }}

with src as (
    select user_id, email, update_timestamp
    from {{ source('raw', 'users') }}
)

select
    user_id,
    email,
    update_timestamp,
    current_timestamp() as dbt_loaded_at, -- when bronze saw it
    '{{ var("environment", "dev") }}' as environment,
    'n/a -- none' /* a comment */ as load_note
from src
qualify row_number() over (partition by user_id order by update_timestamp desc) = 1
`;

const AUDIT = `{{ config(materialized='incremental') }}
select cast(null as varchar) as source_table, cast(null as varchar) as status where false
`;

const SOURCES = `version: 2
sources:
  - name: raw
    tables:
      - name: users
        columns:
          - name: user_id
          - name: email
          - name: update_timestamp
      - name: meetings
        columns:
          - name: meeting_id
          - name: host_id
          - name: update_timestamp
`;

describe('scaffolding in the project style', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bronze-style-'));
    mkdirSync(path.join(root, 'models', 'bronze'), { recursive: true });
    writeFileSync(path.join(root, 'dbt_project.yml'), "name: styled\nversion: '1.0'\nprofile: styled\nmodel-paths: ['models']\n");
    writeFileSync(path.join(root, 'models', 'sources.yml'), SOURCES);
    writeFileSync(path.join(root, 'models', 'bronze', 'bz_users.sql'), USERS);
    writeFileSync(path.join(root, 'models', 'bronze', 'bz_audit_log.sql'), AUDIT);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('copies tags and hooks (renamed), the materialization and the metadata columns of the bronze models', async () => {
    const ws = new Workspace({ env: {} });
    await ws.openProject(root);
    const r = planGenerateModel(ws, path.join(root, 'dbt_project.yml'), { source: 'raw.meetings' });
    assert.ok(r.ok, r.ok ? '' : r.message);
    const sql = r.plan.edits.find((e) => e.file === r.file)!.newText;
    assert.match(sql, /materialized='table'/, 'the project builds its bronze models as tables, not incrementally');
    assert.doesNotMatch(sql, /is_incremental/);
    assert.match(sql, /tags=\['bronze', 'meetings'\]/);
    assert.match(sql, /pre_hook="insert into \{\{ ref\('bz_audit_log'\) \}\} \(source_table, status\) select 'BZ_MEETINGS', 'STARTED'"/);
    assert.match(sql, /post_hook="insert into \{\{ ref\('bz_audit_log'\) \}\} \(source_table, status\) select 'bz_meetings', 'SUCCESS'"/);
    assert.match(sql, /\n {4}update_timestamp,\n {4}current_timestamp\(\) as dbt_loaded_at,\n {4}'\{\{ var\("environment", "dev"\) \}\}' as environment,\n {4}'n\/a -- none' as load_note\nfrom source_rows/, 'a -- inside a string stays, a comment goes');
    const yaml = r.plan.edits.filter((e) => e.file !== r.file).map((e) => e.newText).join('\n');
    assert.match(yaml, /name: dbt_loaded_at/);
    assert.match(yaml, /name: environment/);
  });

  it('an explicit materialization wins over the style, and the copied config stays', async () => {
    const ws = new Workspace({ env: {} });
    await ws.openProject(root);
    const r = planGenerateModel(ws, path.join(root, 'dbt_project.yml'), { source: 'raw.meetings', materialized: 'incremental' });
    assert.ok(r.ok, r.ok ? '' : r.message);
    const sql = r.plan.edits.find((e) => e.file === r.file)!.newText;
    assert.match(sql, /materialized='incremental',\n {8}unique_key='meeting_id',\n {8}on_schema_change='append_new_columns',\n {8}tags=\['bronze', 'meetings'\]/);
    assert.match(sql, /is_incremental\(\)/);
  });
});
