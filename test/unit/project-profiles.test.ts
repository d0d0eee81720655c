import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BronzeError } from '../../server/src/core/types';
import { defaultLocalTarget, loadProfiles, maskSecrets, parseProfiles, renderProfileString, resolveTarget } from '../../server/src/project/profiles';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/zoom-mini');

test('the duckdb target: database from the path basename, relative path resolved against the project', async () => {
  const profiles = (await loadProfiles([FIXTURE]))!;
  const t = resolveTarget(profiles, 'zoom_bronze', undefined, { env: {}, projectRoot: FIXTURE });
  assert.deepEqual(t, { type: 'duckdb', path: path.join(FIXTURE, '.bronze/zoom.duckdb'), schema: 'analytics', threads: 4, name: 'local', profileName: 'zoom_bronze', database: 'zoom' });
});

test('snowflake target: env_var set, default used, as_number, account _ → -', async () => {
  const profiles = (await loadProfiles([FIXTURE]))!;
  const t = resolveTarget(profiles, 'zoom_bronze', 'dev', { env: { ZOOM_SF_USER: 'ann', ZOOM_SF_PASSWORD: 's3cret' } });
  assert.equal(t.type, 'snowflake');
  assert.equal(t.account, 'xy12345-eu-west');
  assert.equal(t.user, 'ann');
  assert.equal(t.password, 's3cret');
  assert.equal(t.threads, 8);
  assert.equal(t.database, 'DB_POC_ZOOM');
  assert.equal(t.schema, 'BRONZE');
  assert.deepEqual(maskSecrets(t).password, '****');
  assert.equal(maskSecrets(t).user, 'ann');
  assert.equal(t.password, 's3cret', 'maskSecrets must not change its input');
});

test('an unset env_var without default is a located error naming the variable', async () => {
  const profiles = (await loadProfiles([FIXTURE]))!;
  assert.throws(
    () => resolveTarget(profiles, 'zoom_bronze', 'dev', { env: { ZOOM_SF_USER: 'ann' } }),
    (err: unknown) => {
      assert.ok(err instanceof BronzeError);
      assert.equal(err.code, 'bronze/env-var');
      assert.match(err.message, /^Environment variable ZOOM_SF_PASSWORD is not set\./);
      assert.deepEqual(err.location?.range, { start: { line: 12, character: 16 }, end: { line: 12, character: 51 } });
      return true;
    },
  );
});

test('renderProfileString: interpolation, filters and literals', () => {
  assert.deepEqual(renderProfileString("db_{{ env_var('E') }}_x", { E: 'dev' }), { ok: true, value: 'db_dev_x' });
  assert.deepEqual(renderProfileString("{{ env_var('P', '443') | int }}", {}), { ok: true, value: 443 });
  assert.deepEqual(renderProfileString("{{ env_var('B', 'true') | as_bool }}", {}), { ok: true, value: true });
  // dbt's env_var(var, default=None): the default by name too, the name by keyword; a None default is no default.
  assert.deepEqual(renderProfileString("{{ env_var('W', default='wh') }}", {}), { ok: true, value: 'wh' });
  assert.deepEqual(renderProfileString("{{ env_var('W', default='wh') }}", { W: 'set' }), { ok: true, value: 'set' });
  assert.deepEqual(renderProfileString("{{ env_var(var='P', default=443) | int }}", {}), { ok: true, value: 443 });
  assert.deepEqual(renderProfileString('{{ env_var("T",default="4") | as_number }}', {}), { ok: true, value: 4 });
  assert.equal(renderProfileString("{{ env_var('W', default=none) }}", {}).ok, false);
  assert.equal(renderProfileString("{{ env_var('W', None) }}", {}).ok, false);
  assert.equal(renderProfileString("{{ env_var('W', 'a', default='b') }}", {}).ok, false);
  assert.equal(renderProfileString("{{ env_var('W', var='V') }}", {}).ok, false);
  assert.equal(renderProfileString("{{ env_var('W', fallback='b') }}", {}).ok, false);
  const bad = renderProfileString("{{ var('x') }}", {});
  assert.equal(bad.ok, false);
});

test('unknown keys in an output are warnings with did-you-mean', () => {
  const p = parseProfiles('/p/profiles.yml', 'x:\n  target: a\n  outputs:\n    a:\n      type: duckdb\n      pth: x.duckdb\n');
  const diagnostics: import('../../server/src/core/types').Diagnostic[] = [];
  const t = resolveTarget(p, 'x', undefined, { env: {}, projectRoot: '/p', diagnostics });
  assert.equal(t.database, 'memory');
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].code, 'bronze/unknown-key');
  assert.match(diagnostics[0].message, /Did you mean `path`\?/);
  assert.deepEqual(diagnostics[0].range, { start: { line: 5, character: 6 }, end: { line: 5, character: 9 } });
});

test('missing target and unsupported type are located errors', () => {
  const p = parseProfiles('/p/profiles.yml', 'x:\n  target: nope\n  outputs:\n    a:\n      type: postgres\n');
  assert.throws(() => resolveTarget(p, 'x'), /Target 'nope' is not an output of profile 'x'\. Use one of: a\./);
  assert.throws(() => resolveTarget(p, 'x', 'a'), /Unsupported target type "postgres"/);
});

test('no profiles.yml anywhere: loadProfiles gives undefined and the embedded local target applies', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-prof-'));
  try {
    assert.equal(await loadProfiles([dir, path.join(dir, 'nothing')]), undefined);
    assert.deepEqual(defaultLocalTarget(dir, 'p'), {
      name: 'local',
      profileName: 'p',
      type: 'duckdb',
      path: path.join(dir, '.bronze', 'local.duckdb'),
      database: 'local',
      schema: 'main',
      threads: 4,
      twin: { dir: path.join(dir, '.bronze', 'local') },
    });
    mkdirSync(path.join(dir, 'second'));
    writeFileSync(path.join(dir, 'second', 'profiles.yml'), 'p:\n  outputs: {}\n');
    const found = await loadProfiles([path.join(dir, 'first'), path.join(dir, 'second')]);
    assert.equal(found?.path, path.join(dir, 'second', 'profiles.yml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A profile written for dbt Projects on Snowflake leaves `account` and `user` empty: the project runs as the current
// account and user (https://docs.snowflake.com/user-guide/data-engineering/dbt-projects-on-snowflake-limitations).
// dbt reads such a profile without connecting; only a connection needs them, and it names the missing one.
test('a dbt Projects on Snowflake profile (account/user empty, or user left out) loads; the connection names what is missing', async () => {
  const { connectionOptions } = await import('../../client/src/warehouse/snowflake');
  const text =
    'p:\n  target: dev\n  outputs:\n' +
    '    dev:\n      type: snowflake\n      account: ""\n      user: ""\n      role: R\n      database: GN\n      warehouse: WH\n      schema: SILVER\n' +
    '    bare:\n      type: snowflake\n      account: ""\n      role: R\n      database: GN\n      schema: GOLD\n';
  const profiles = parseProfiles('/p/profiles.yml', text);
  const dev = resolveTarget(profiles, 'p', undefined, { env: {}, projectRoot: '/p' });
  assert.equal(dev.type, 'snowflake');
  assert.equal(dev.database, 'GN');
  assert.equal(dev.schema, 'SILVER');
  const bare = resolveTarget(profiles, 'p', 'bare', { env: {}, projectRoot: '/p' });
  assert.equal(bare.schema, 'GOLD');
  assert.equal(bare.user, undefined);
  assert.throws(() => connectionOptions(dev), /profile 'p', target 'dev': `account` is required/);
  assert.throws(() => connectionOptions({ ...dev, account: 'xy12345' }), /profile 'p', target 'dev': `user` is required for authenticator snowflake/);
});
