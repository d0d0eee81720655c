// bronze sample --synthetic end to end: RAW rows from the project alone, then builds that pass their tests.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { bronzeScalar, cli, query, scalar } from './helpers';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');

function copyFixture(name: string): { dir: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'bronze-sample-'));
  const dir = join(root, name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

const fingerprint = async (dir: string, table: string): Promise<string> =>
  JSON.stringify(await query(dir, `select md5(string_agg(t::varchar, '|' order by t::varchar)) as f, count(*) as n from local.raw.${table} t`));

describe('bronze sample --synthetic on the demo project (no RAW data of its own)', () => {
  let root: string;
  let dir: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'bronze-sample-demo-'));
    dir = join(root, 'demo');
    await writeDemoProject(dir);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes every source, deterministic for a seed, and the whole build passes its 36 tests', async () => {
    const first = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '3000', '--seed', '11']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal((first.stderr.match(/^\d+ of 7 sampled raw\./gm) ?? []).length, 7, first.stderr);
    const users = await fingerprint(dir, 'users');
    const again = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '3000', '--seed', '11']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await fingerprint(dir, 'users'), users, 'the same seed gives the same rows');
    // The dirt bronze models clean: repeated keys with later updates, NULL keys.
    assert.ok((await scalar(dir, 'select count(*) - count(distinct user_id) from local.raw.users where user_id is not null')) > 0);
    assert.ok((await scalar(dir, 'select count(*) from local.raw.users where user_id is null')) > 0);
    const build = await cli(['build', '--project-dir', dir]);
    assert.equal(build.code, 0, build.stderr);
    // 8 models, 36 model tests, the plan_types seed and its 5 tests, users_snapshot.
    assert.match(build.stderr, /PASS=53 WARN=0 ERROR=0 SKIP=0 TOTAL=53/);
    // Every meeting's host is a user the users table holds.
    assert.equal(await scalar(dir, 'select count(*) from local.bronze.bz_meetings m left join local.bronze.bz_users u on u.user_id = m.host_id where u.user_id is null'), 0);
  });

  it('--append adds a later batch: new keys and re-delivered ones, which the incremental run merges', async () => {
    const before = await scalar(dir, 'select count(*) from local.bronze.bz_users');
    const rawBefore = await scalar(dir, 'select count(*) from local.raw.users');
    const appended = await cli(['sample', '--synthetic', '--append', '--project-dir', dir, '--rows', '500', '--seed', '12', '-s', 'source:raw.users']);
    assert.equal(appended.code, 0, appended.stderr);
    assert.match(appended.stderr, /1 of 1 sampled raw\.users .*: 500 rows \(appended after 3000 rows\)/);
    assert.equal(await scalar(dir, 'select count(*) from local.raw.users'), rawBefore + 500);
    const newKeys = await scalar(dir, `select count(distinct user_id) from local.raw.users where user_id is not null and user_id not in (select user_id from local.bronze.bz_users)`);
    // Four fifths of the batch are new keys (less the few NULL keys among them); the rest re-deliver old ones.
    assert.ok(newKeys > 380 && newKeys <= 400, `new keys: ${newKeys}`);
    assert.equal(await scalar(dir, `select count(*) from local.raw.users where user_id is not null and update_timestamp > (select max(update_timestamp) from local.bronze.bz_users) and user_id in (select user_id from local.bronze.bz_users)`), 100);
    const run = await cli(['run', '--project-dir', dir, '-s', 'bz_users']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await scalar(dir, 'select count(*) from local.bronze.bz_users'), before + newKeys);
    // A re-delivered key carries the batch's later values.
    assert.equal(await scalar(dir, `select count(*) from local.bronze.bz_users b join (select user_id, max(update_timestamp) as ts from local.raw.users group by 1) r using (user_id) where b.update_timestamp <> r.ts`), 0);
  });

  it('--anchor today puts the newest rows at the start of today (UTC), so recency tests see fresh data', async () => {
    const today = (): string => new Date().toISOString().slice(0, 10);
    const days = [today()];
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '200', '-s', 'source:raw.meetings', '--anchor', 'today']);
    days.push(today());
    assert.equal(sampled.code, 0, sampled.stderr);
    const anchor = /newest rows at (\S+) 00:00:00 UTC/.exec(sampled.stderr)?.[1];
    assert.ok(anchor && days.includes(anchor), sampled.stderr);
    // Within the 24 hours a recency test allows, never after the anchor.
    assert.equal(await scalar(dir, `select count(*) from (select max(update_timestamp) as newest from local.raw.meetings) where newest <= timestamp '${anchor}' and newest > timestamp '${anchor}' - interval 1 day`), 1);
    // Without --anchor: the fixed default, whatever the day.
    const fixed = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '200', '-s', 'source:raw.meetings']);
    assert.match(fixed.stderr, /newest rows at 2026-01-01 00:00:00 UTC/);
    const bad = await cli(['sample', '--synthetic', '--project-dir', dir, '--anchor', 'yesterday']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--anchor takes a date, a timestamp or today/);
  });

  it('--clean writes no repeated or NULL keys', async () => {
    const clean = await cli(['sample', '--synthetic', '--clean', '--project-dir', dir, '--rows', '2000', '-s', 'source:raw.meetings']);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(await scalar(dir, 'select count(*) - count(distinct meeting_id) from local.raw.meetings'), 0);
    assert.equal(await scalar(dir, 'select count(*) from local.raw.meetings where meeting_id is null'), 0);
  });

  it('a cancelled sample leaves the table it was writing as it was', async () => {
    const before = await fingerprint(dir, 'users');
    const controller = new AbortController();
    const pending = cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '30000000', '-s', 'source:raw.users'], controller.signal);
    setTimeout(() => controller.abort(), 400);
    const out = await pending;
    assert.notEqual(out.code, 0);
    assert.match(out.stderr, /cancelled/i);
    assert.equal(await fingerprint(dir, 'users'), before);
  });

  it('explains what it needs', async () => {
    const none = await cli(['sample', '--project-dir', dir]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /needs --synthetic/);
    const bad = await cli(['sample', '--synthetic', '--project-dir', dir, '-s', 'bz_users']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no source matches --select bz_users/);
  });
});

describe('bronze sample --synthetic on projects others write', () => {
  it('a project whose sources live in two Snowflake databases builds on local with no edits', async () => {
    const fx = copyFixture('twin-two-databases');
    try {
      const sampled = await cli(['sample', '--synthetic', '--target', 'local', '--project-dir', fx.dir, '--rows', '1000']);
      assert.equal(sampled.code, 0, sampled.stderr);
      // Written under the name Snowflake stores for the unquoted source identifier.
      assert.match(sampled.stderr, /sampled crm\.customers → "CRM"\."PUBLIC"\."CUSTOMERS"/);
      const build = await cli(['build', '--target', 'local', '--project-dir', fx.dir]);
      assert.equal(build.code, 0, build.stderr);
      assert.match(build.stderr, /ERROR=0 SKIP=0/);
    } finally {
      fx.cleanup();
    }
  });

  it('sources with undeclared columns get what the models read, typed by use, and the build passes', async () => {
    const fx = copyFixture('sample-undeclared');
    try {
      const sampled = await cli(['sample', '--synthetic', '--project-dir', fx.dir, '--rows', '1500']);
      assert.equal(sampled.code, 0, sampled.stderr);
      const types = await query(fx.dir, `select column_name, data_type from information_schema.columns where table_name = 'EVENTS' order by ordinal_position`);
      assert.deepEqual(types.map((r) => [r.column_name, r.data_type]), [
        ['EVENT_ID', 'VARCHAR'],
        ['ACCOUNT_ID', 'VARCHAR'],
        ['EVENT_TS', 'VARCHAR'],
        ['AMOUNT_TEXT', 'VARCHAR'],
        ['EVENT_TYPE', 'VARCHAR'],
        ['UPDATED_AT', 'TIMESTAMP'],
      ]);
      const build = await cli(['build', '--project-dir', fx.dir]);
      assert.equal(build.code, 0, build.stderr);
      assert.match(build.stderr, /PASS=10 WARN=0 ERROR=0 SKIP=0 TOTAL=10/);
    } finally {
      fx.cleanup();
    }
  });

  it('event tables no model names, found by listing their schema, are written and the unions over them build', async () => {
    const fx = copyFixture('sample-listed-events');
    try {
      const sampled = await cli(['sample', '--synthetic', '--project-dir', fx.dir, '--rows', '40']);
      assert.equal(sampled.code, 0, sampled.stderr);
      assert.match(sampled.stderr, /4 source table\(s\) written/);
      assert.doesNotMatch(sampled.stderr, /declares no columns/);
      const build = await cli(['build', '--project-dir', fx.dir]);
      assert.equal(build.code, 0, build.stderr);
      assert.match(build.stderr, /PASS=4 WARN=0 ERROR=0 SKIP=0 TOTAL=4/);
      // The union reads both listed tables (TRACKS is the macro's to leave out), 40 rows each.
      assert.equal(await scalar(fx.dir, 'select count(*) from local.main.base_events'), 80);
      // stg_events is a view whose `::date` reads through a session macro (a TIMESTAMP_TZ keeps its wallclock).
      assert.equal(await bronzeScalar(fx.dir, 'select count(*) from local.main.stg_events'), 80);
    } finally {
      fx.cleanup();
    }
  });
});
