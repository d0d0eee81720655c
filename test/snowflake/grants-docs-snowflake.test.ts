// Grants and persist_docs of the built-in table materialization on a snowflake target, through the real snowflake-sdk
// and the emulator: what dbt-snowflake's table materialization sends after the model's statements (apply_grants with
// should_revoke(existing_relation, True), then persist_docs), and what Snowflake holds afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

function config(grants: string, copyGrants: boolean): string {
  return `{{ config(materialized='table', grants={'select': [${grants}]}, copy_grants=${copyGrants ? 'true' : 'false'}) }}\nselect 1 as id, 'a' as label\n`;
}

function writeProject(dir: string, port: number): void {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(join(dir, 'dbt_project.yml'), "name: granted\nversion: '1.0'\nprofile: granted\nmodels:\n  granted:\n    +persist_docs:\n      relation: true\n      columns: true\n");
  writeFileSync(join(dir, 'profiles.yml'), emulatorProfile('granted', port, 'marts'));
  writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: items\n    description: the items\n    columns:\n      - name: id\n        description: the id\n');
  writeFileSync(join(dir, 'models', 'items.sql'), config("'reporter'", false));
}

describe('grants and persist_docs on a snowflake target (real driver → emulator)', () => {
  const project = emulatorProject('bronze-sf-grants-', writeProject);
  const run = async () => {
    const r = await cli(['run', '--project-dir', project(), '--profiles-dir', project()]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    // target/run holds the statements sent, whitespace runs shown as one space here.
    return readFileSync(join(project(), 'target', 'run', 'granted', 'models', 'items.sql'), 'utf8')
      .split(/;\n/)
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => s !== '');
  };
  const grantees = async () =>
    (await projectRows(project(), 'show grants on analytics.marts.items')).filter((r) => r.privilege === 'SELECT').map((r) => r.grantee_name);

  test('a new table is granted without SHOW GRANTS, then commented; the comments are on the table', async () => {
    const sent = await run();
    const create = sent.findIndex((s) => s.startsWith('create or replace transient table analytics.marts.items'));
    assert.ok(create >= 0, sent.join('\n'));
    assert.deepEqual(sent.slice(create + 1), [
      'grant select on analytics.marts.items to reporter',
      'comment on table analytics.marts.items IS $$the items$$',
      'alter table analytics.marts.items alter "ID" COMMENT $$the id$$, "LABEL" COMMENT $$$$',
    ]);
    assert.deepEqual(await grantees(), ['REPORTER']);
    const comments = await projectRows(project(), "select column_name, comment from analytics.information_schema.columns where table_name = 'ITEMS' order by ordinal_position");
    assert.deepEqual(comments.map((r) => [r.COLUMN_NAME, r.COMMENT]), [['ID', 'the id'], ['LABEL', '']]);
    const table = await projectRows(project(), "select comment from analytics.information_schema.tables where table_name = 'ITEMS'");
    assert.deepEqual(table.map((r) => r.COMMENT), ['the items']);
  });

  test('copy_grants keeps the old grants: SHOW GRANTS, then only what differs is revoked and granted', async () => {
    writeFileSync(join(project(), 'models', 'items.sql'), config("'reporter'", true));
    let sent = await run();
    assert.ok(sent.some((s) => /^create or replace transient table analytics\.marts\.items copy grants as/.test(s)), sent.join('\n'));
    assert.deepEqual(sent.filter((s) => /^(show grants|grant|revoke)/.test(s)), ['show grants on analytics.marts.items']);
    assert.deepEqual(await grantees(), ['REPORTER']);

    writeFileSync(join(project(), 'models', 'items.sql'), config("'analyst'", true));
    sent = await run();
    assert.deepEqual(sent.filter((s) => /^(show grants|grant|revoke)/.test(s)), [
      'show grants on analytics.marts.items',
      'revoke SELECT on analytics.marts.items from REPORTER',
      'grant select on analytics.marts.items to analyst',
    ]);
    assert.deepEqual(await grantees(), ['ANALYST']);
  });

  test('compile --print shows them as a run sends them: a new table granted, a replaced one with copy_grants compared first', async () => {
    const print = async (mode: string) => {
      const r = await cli(['compile', '--print', '--mode', mode, '-s', 'items', '--project-dir', project(), '--profiles-dir', project()]);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      return r.stdout.split(/;\n/).map((x) => x.replace(/\s+/g, ' ').trim()).filter((x) => /^(show grants|grant|revoke|comment|alter)/.test(x));
    };
    assert.deepEqual(await print('first'), [
      'grant select on analytics.marts.items to analyst',
      'comment on table analytics.marts.items IS $$the items$$',
      'alter table analytics.marts.items alter "ID" COMMENT $$the id$$',
    ]);
    // Offline, SHOW GRANTS lists nothing: every configured grant is granted.
    assert.deepEqual((await print('incremental')).slice(0, 2), ['show grants on analytics.marts.items', 'grant select on analytics.marts.items to analyst']);
  });
});
