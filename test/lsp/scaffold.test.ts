// Scaffolding over the real protocol: "Generate bronze model from source" as a code action and as
// workspace/executeCommand (the server asks the editor to apply the edit), the generated model checked
// clean by the server once on disk, and "Generate YAML for model".
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { AUTHORING_COMMANDS, type GenerateAnswer } from '../../server/src/lsp/authoring-protocol';
import { applyEdits, type LspTextEdit } from './apply-edit';
import { startServer, type TestServer } from './harness';

const SCHEMA = 'models/bronze/schema.yml';
const PLANS = 'models/bronze/bz_plans.sql';

type Change = { kind: 'create'; uri: string } | { textDocument: { uri: string }; edits: LspTextEdit[] };
interface WorkspaceEdit {
  changes?: Record<string, LspTextEdit[]>;
  documentChanges?: Change[];
}

const EXPECTED_LICENSES = `{{
    config(
        materialized='incremental',
        unique_key='license_id',
        on_schema_change='append_new_columns'
    )
}}

-- Bronze licenses: raw.licenses as delivered (same columns, same order), minus rows without a license_id,
-- with one row per license_id: the latest update_timestamp wins, then the latest load_timestamp.

with source_rows as (

    select
        license_id,
        license_type,
        assigned_to_user_id,
        assignee_email,
        update_timestamp,
        load_timestamp
    from {{ source('raw', 'licenses') }}
    where license_id is not null
    {% if is_incremental() %}
      and update_timestamp > (
          select dateadd(day, -{{ var('lookback_days') }}, nvl(max(update_timestamp), '1900-01-01'::timestamp_ntz))
          from {{ this }}
      )
    {% endif %}

)

select
    license_id,
    license_type,
    assigned_to_user_id,
    assignee_email,
    update_timestamp,
    load_timestamp
from source_rows
qualify row_number() over (
    partition by license_id
    order by update_timestamp desc, load_timestamp desc
) = 1
`;

const EXPECTED_LICENSES_YAML = `  - name: bz_licenses
    description: "Bronze copy of raw.licenses: Licences as the billing system exports them."
    columns:
      - name: license_id
        data_type: number
        description: ""
        tests:
          - unique
          - not_null
      - name: license_type
        data_type: varchar
        description: ""
      - name: assigned_to_user_id
        data_type: number
        description: ""
      - name: assignee_email
        data_type: varchar
        description: ""
        tags: ['pii']
      - name: update_timestamp
        data_type: timestamp_ntz
        description: ""
      - name: load_timestamp
        data_type: timestamp_ntz
        description: ""
`;

describe('scaffolding: bronze model from a source, YAML for a model', () => {
  let s: TestServer;
  let version = 1;
  const text = (rel: string) => readFileSync(s.file(rel), 'utf8');
  /** Edits the server asked the editor to apply, answered with `applied`. */
  const appliedEdits: WorkspaceEdit[] = [];
  let accept = true;
  const execute = async (command: string, arg: object) => (await s.conn.sendRequest('workspace/executeCommand', { command, arguments: [arg] })) as GenerateAnswer;
  /** Writes a workspace edit to disk as the editor would, returning the files it touched (relative). */
  const writeEdit = (edit: WorkspaceEdit): string[] => {
    const touched: string[] = [];
    for (const c of edit.documentChanges ?? []) {
      if ('kind' in c) {
        const f = fileURLToPath(c.uri);
        mkdirSync(path.dirname(f), { recursive: true });
        writeFileSync(f, '');
        continue;
      }
      const f = fileURLToPath(c.textDocument.uri);
      writeFileSync(f, applyEdits(readFileSync(f, 'utf8'), c.edits));
      touched.push(path.relative(s.root, f));
    }
    return touched;
  };

  before(async () => {
    s = await startServer(['authoring'], { BRONZE_TEST: '1' });
    s.conn.onRequest('workspace/applyEdit', (p: { edit: WorkspaceEdit }) => {
      appliedEdits.push(p.edit);
      return { applied: accept };
    });
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: s.uri(PLANS), languageId: 'jinja-sql', version: version++, text: text(PLANS) } });
    await s.waitForDiagnostics(s.uri(PLANS), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it("offers 'Generate bronze model' on a source table's YAML entry: the model file and its schema.yml entry in one edit", async () => {
    const line = text(SCHEMA).split('\n').findIndex((l) => l.includes('- name: licenses'));
    const actions = (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: s.uri(SCHEMA) },
      range: { start: { line, character: 10 }, end: { line, character: 10 } },
      context: { diagnostics: [] },
    })) as { title: string; kind: string; edit: WorkspaceEdit }[];
    const gen = actions.find((a) => a.kind === 'refactor');
    assert.equal(gen?.title, 'Generate models/bronze/bz_licenses.sql from source raw.licenses');
    const changes = gen!.edit.documentChanges!;
    assert.deepEqual(changes[0], { kind: 'create', uri: s.uri('models/bronze/bz_licenses.sql'), options: { overwrite: false, ignoreIfExists: false } });
    const sqlEdit = changes.find((c) => !('kind' in c) && c.textDocument.uri === s.uri('models/bronze/bz_licenses.sql')) as { edits: LspTextEdit[] };
    assert.equal(sqlEdit.edits[0].newText, EXPECTED_LICENSES);
  });

  it('generates bz_licenses.sql (key <singular>_id, incremental on update_timestamp with the lookback var, ROW_NUMBER dedup) and its typed YAML entry; the server then checks it clean', async () => {
    const answer = await execute(AUTHORING_COMMANDS.generateModel, { uri: s.uri(SCHEMA), source: 'raw.licenses' });
    // Its assigned_to_user_id is bz_users' unique key by name: the answer suggests the relationships test.
    assert.deepEqual(answer, {
      ok: true,
      applied: true,
      title: 'Generate models/bronze/bz_licenses.sql from source raw.licenses',
      uri: s.uri('models/bronze/bz_licenses.sql'),
      model: 'bz_licenses',
      suggestions: ['assigned_to_user_id → bz_users.user_id'],
    });
    const edit = appliedEdits.at(-1)!;
    const before = text(SCHEMA);
    const touched = writeEdit(edit);
    assert.deepEqual(touched.sort(), ['models/bronze/bz_licenses.sql', 'models/bronze/schema.yml']);
    assert.equal(text('models/bronze/bz_licenses.sql'), EXPECTED_LICENSES);
    assert.equal(text(SCHEMA), before + EXPECTED_LICENSES_YAML);
    await s.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: s.uri('models/bronze/bz_licenses.sql'), type: 1 },
        { uri: s.uri(SCHEMA), type: 2 },
      ],
    });
    const uri = s.uri('models/bronze/bz_licenses.sql');
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jinja-sql', version: version++, text: EXPECTED_LICENSES } });
    const d = await s.waitForDiagnostics(uri, () => true);
    assert.deepEqual(d, []);
    // Its assigned_to_user_id is bz_users' unique key by name: a relationships test is offered on its entry.
    const line = text(SCHEMA).split('\n').findIndex((l) => l.includes('- name: assigned_to_user_id') && !l.startsWith('          '));
    const suggested = (await s.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: s.uri(SCHEMA) },
      range: { start: { line, character: 12 }, end: { line, character: 12 } },
      context: { diagnostics: [] },
    })) as { title: string; kind: string; edit: WorkspaceEdit }[];
    assert.deepEqual(suggested.map((a) => `${a.kind}:${a.title}`), ['quickfix:Add relationships test: assigned_to_user_id → bz_users.user_id (schema.yml)']);
    assert.equal(
      applyEdits(text(SCHEMA), suggested[0].edit.changes![s.uri(SCHEMA)]),
      text(SCHEMA).replace(
        '      - name: assigned_to_user_id\n        data_type: number\n        description: ""\n',
        '      - name: assigned_to_user_id\n        data_type: number\n        description: ""\n        tests:\n          - relationships:\n              to: ref(\'bz_users\')\n              field: user_id\n',
      ),
    );
    // "Add relationships tests" (the editor's button on the suggestion) adds the same test through a command.
    const added = await execute(AUTHORING_COMMANDS.addRelationships, { uri: s.uri(SCHEMA), model: 'bz_licenses' });
    assert.deepEqual(added, { ok: true, applied: true, title: 'Add 1 relationships test to bz_licenses' });
    assert.equal(applyEdits(text(SCHEMA), appliedEdits.at(-1)!.changes![s.uri(SCHEMA)]), applyEdits(text(SCHEMA), suggested[0].edit.changes![s.uri(SCHEMA)]));
    // Now it exists: generating again is refused with the reason.
    const again = await execute(AUTHORING_COMMANDS.generateModel, { uri: s.uri(SCHEMA), source: 'raw.licenses' });
    assert.deepEqual(again, { ok: false, message: "Model 'bz_licenses' already exists (models/bronze/bz_licenses.sql)." });
  });

  it("takes the key from the source's unique test, and asks for one (listing the columns) when nothing names it", async () => {
    const before = appliedEdits.length;
    accept = false;
    const events = await execute(AUTHORING_COMMANDS.generateModel, { uri: s.uri(SCHEMA), source: 'raw.events' });
    accept = true;
    assert.deepEqual(events, { ok: false, message: 'The editor did not apply the edit.' });
    const sql = appliedEdits[before].documentChanges!.flatMap((c) => ('kind' in c ? [] : c.edits.map((e) => e.newText)))[0];
    assert.match(sql, /unique_key='event_key'/);
    assert.match(sql, /partition by event_key\n    order by updated_at desc\n\) = 1/);
    const none = await execute(AUTHORING_COMMANDS.generateModel, { uri: s.uri(SCHEMA), source: 'raw.plan_catalog' });
    assert.deepEqual(none, { ok: false, message: 'Which column identifies a row of raw.plan_catalog? No unique test on the source and no plan_catalog_id column.', keyChoices: ['code', 'label'] });
    const listed = await execute(AUTHORING_COMMANDS.generateModel, { uri: s.uri(SCHEMA) });
    assert.deepEqual(listed, { ok: false, message: 'Pick a source table.', sourceChoices: ['raw.events', 'raw.licenses', 'raw.meetings', 'raw.plan_catalog', 'raw.users'] });
    // With the key given, a table without an update timestamp becomes a table model deduplicated by key.
    await execute(AUTHORING_COMMANDS.generateModel, { uri: s.uri(SCHEMA), source: 'raw.plan_catalog', key: 'code' });
    const plan = appliedEdits.at(-1)!.documentChanges!.flatMap((c) => ('kind' in c ? [] : c.edits.map((e) => e.newText)))[0];
    assert.match(plan, /^\{\{ config\(materialized='table'\) \}\}\n/);
    assert.match(plan, /partition by code\n    order by code\n\) = 1\n$/);
  });

  it("generates the YAML of an undocumented model with its output columns", async () => {
    const answer = await execute(AUTHORING_COMMANDS.generateYaml, { uri: s.uri(PLANS) });
    assert.deepEqual(answer, { ok: true, applied: true, title: "Add model 'bz_plans' to models/bronze/schema.yml", uri: s.uri(SCHEMA) });
    const edit = appliedEdits.at(-1)!;
    const yml = applyEdits(text(SCHEMA), edit.changes![s.uri(SCHEMA)]);
    assert.ok(yml.endsWith('  - name: bz_plans\n    description: ""\n    columns:\n      - name: plan_type\n        description: ""\n      - name: user_count\n        description: ""\n'));
  });

  it('takes the data_types the client typed on its target (by lower-cased column name) over what the SQL text says', async () => {
    const answer = await execute(AUTHORING_COMMANDS.generateYaml, { uri: s.uri(PLANS), types: { plan_type: 'VARCHAR', user_count: 'NUMBER(38,0)' } });
    assert.equal(answer?.ok, true);
    const yml = applyEdits(text(SCHEMA), appliedEdits.at(-1)!.changes![s.uri(SCHEMA)]);
    assert.ok(
      yml.endsWith('  - name: bz_plans\n    description: ""\n    columns:\n      - name: plan_type\n        data_type: VARCHAR\n        description: ""\n      - name: user_count\n        data_type: NUMBER(38,0)\n        description: ""\n'),
      yml.slice(-300),
    );
  });
});
