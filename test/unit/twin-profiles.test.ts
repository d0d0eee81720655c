// `--target local`: the twin's target resolution, its catalog names and files, and the databases it takes from
// the loaded project's resolved relations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../../server/src/core/types';
import { Engine } from '../../server/src/engine';
import { loadProject } from '../../server/src/project';
import { parseProfiles, resolveTarget, twinCatalogFile, twinCatalogName } from '../../server/src/project/profiles';
import { projectDatabases, twinDatabases } from '../../server/src/project/twin';
import { snowflakeStoredRelation } from '../../server/src/core/quote-policy';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/twin-two-databases');
const ROOT = '/projects/p';

const SNOWFLAKE_PROFILE = `p:
  target: prod
  outputs:
    prod:
      type: snowflake
      account: xy12345
      user: "{{ env_var('SF_USER') }}"
      password: "{{ env_var('SF_PASSWORD') }}"
      database: "{{ env_var('SF_DATABASE', 'ANALYTICS') }}"
      schema: BRONZE
      threads: 6
`;

test('local is the twin of the default Snowflake target: its names, none of its credentials', () => {
  const t = resolveTarget(parseProfiles('/p/profiles.yml', SNOWFLAKE_PROFILE), 'p', 'local', { env: {}, projectRoot: ROOT });
  assert.deepEqual(t, {
    name: 'local',
    profileName: 'p',
    type: 'duckdb',
    path: path.join(ROOT, '.bronze', 'local', 'ANALYTICS.duckdb'),
    database: 'ANALYTICS',
    schema: 'BRONZE',
    threads: 6,
    twin: { dir: path.join(ROOT, '.bronze', 'local'), of: 'prod' },
  });
  const fromEnv = resolveTarget(parseProfiles('/p/profiles.yml', SNOWFLAKE_PROFILE), 'p', 'local', { env: { SF_DATABASE: 'db_poc_zoom' }, projectRoot: ROOT });
  assert.equal(fromEnv.database, 'db_poc_zoom');
  assert.equal(fromEnv.path, path.join(ROOT, '.bronze', 'local', 'DB_POC_ZOOM.duckdb'));
});

test("the profile's own `local` output wins over the built-in twin", () => {
  const text = `${SNOWFLAKE_PROFILE}    local:\n      type: duckdb\n      path: mine.duckdb\n`;
  const t = resolveTarget(parseProfiles('/p/profiles.yml', text), 'p', 'local', { env: {}, projectRoot: ROOT });
  assert.equal(t.path, path.join(ROOT, 'mine.duckdb'));
  assert.equal(t.database, 'mine');
  assert.equal(t.twin, undefined);
});

test('names behind unset env vars fall back to the embedded default, with a located warning (no error: the twin runs offline)', () => {
  const text = SNOWFLAKE_PROFILE.replace("env_var('SF_DATABASE', 'ANALYTICS')", "env_var('SF_DATABASE')").replace('schema: BRONZE', `schema: "{{ env_var('SF_SCHEMA') }}"`);
  const diagnostics: Diagnostic[] = [];
  const t = resolveTarget(parseProfiles('/p/profiles.yml', text), 'p', 'local', { env: {}, projectRoot: ROOT, diagnostics });
  assert.deepEqual([t.name, t.type, t.path, t.database, t.schema, t.threads], ['local', 'duckdb', path.join(ROOT, '.bronze', 'local.duckdb'), 'local', 'main', 6]);
  assert.deepEqual(
    diagnostics.map((d) => [d.severity, d.code, d.range.start.line, d.message]),
    [
      ['warning', 'bronze/env-var', 8, `Environment variable SF_DATABASE is not set. Set it (export SF_DATABASE=…) or give a default: env_var('SF_DATABASE', 'default'). The local twin uses 'local' (${path.join(ROOT, '.bronze', 'local.duckdb')}) for \`database\` meanwhile.`],
      ['warning', 'bronze/env-var', 9, "Environment variable SF_SCHEMA is not set. Set it (export SF_SCHEMA=…) or give a default: env_var('SF_SCHEMA', 'default'). The local twin uses 'main' for `schema` meanwhile."],
    ],
  );
  // With the schema set, only the database falls back.
  const withSchema = resolveTarget(parseProfiles('/p/profiles.yml', text), 'p', 'local', { env: { SF_SCHEMA: 'STAGE' }, projectRoot: ROOT });
  assert.deepEqual([withSchema.database, withSchema.schema], ['local', 'STAGE']);
});

test('local without the profile, or with a default output naming no database, is the embedded .bronze/local.duckdb', () => {
  const profiles = parseProfiles('/p/profiles.yml', SNOWFLAKE_PROFILE);
  const embedded = {
    name: 'local',
    profileName: 'other',
    type: 'duckdb',
    path: path.join(ROOT, '.bronze', 'local.duckdb'),
    database: 'local',
    schema: 'main',
    threads: 4,
    // Other databases the project names still get catalogs, under .bronze/local/.
    twin: { dir: path.join(ROOT, '.bronze', 'local') },
  };
  assert.deepEqual(resolveTarget(profiles, 'other', 'local', { env: {}, projectRoot: ROOT }), embedded);
  const noDb = parseProfiles('/p/profiles.yml', 'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ":memory:"\n');
  assert.deepEqual(resolveTarget(noDb, 'p', 'local', { env: {}, projectRoot: ROOT }), { ...embedded, profileName: 'p' });
  // A duckdb default output is named after its file, as dbt-duckdb names it.
  const file = parseProfiles('/p/profiles.yml', 'p:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: data/warehouse.duckdb\n      schema: s\n');
  const t = resolveTarget(file, 'p', 'local', { env: {}, projectRoot: ROOT });
  assert.equal(t.database, 'warehouse');
  assert.equal(t.path, path.join(ROOT, '.bronze', 'local', 'WAREHOUSE.duckdb'));
});

test('catalog names fold case as Snowflake does; file names escape what a file name cannot hold', () => {
  assert.equal(twinCatalogName('raw'), 'RAW');
  assert.equal(twinCatalogFile('raw'), 'RAW.duckdb');
  assert.equal(twinCatalogFile('Raw'), twinCatalogFile('RAW'));
  assert.equal(twinCatalogFile('my db/x'), 'MY%20DB%2FX.duckdb');
  assert.equal(twinCatalogFile('a.b'), 'A%2EB.duckdb');
  assert.equal(twinCatalogFile('é'), '%C3%89.duckdb');
  assert.equal(decodeURIComponent('%C3%89'), 'É');
});

test("a database written as a quoted identifier ('\"Data_Store_OLIDS\"' in a sources.yml) is that database, and the sampler writes its tables under the names the SQL reads", () => {
  // ncl_olids: source database, schema and identifier all quoted; the twin had catalog `"DATA_STORE_OLIDS"` (quotes in the name).
  assert.equal(twinCatalogName('"Data_Store_OLIDS"'), 'DATA_STORE_OLIDS');
  assert.equal(twinCatalogFile('"Data_Store_OLIDS"'), 'DATA_STORE_OLIDS.duckdb');
  assert.deepEqual(snowflakeStoredRelation({ database: '"Data_Store_OLIDS"', schema: '"OLIDS_MASKED"', identifier: '"Patient"' }), {
    database: 'Data_Store_OLIDS',
    schema: 'OLIDS_MASKED',
    identifier: 'Patient',
  });
  assert.deepEqual(snowflakeStoredRelation({ database: 'raw', schema: 'a"b', identifier: '"x""y"' }), { database: 'RAW', schema: 'A"B', identifier: 'x"y' });
});

test('a project without profiles.yml keeps the embedded .bronze/local.duckdb, with the twin folder for other databases', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-twin-'));
  try {
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: bare\nversion: "1"\nprofile: bare\n');
    const project = await loadProject(dir, { env: { HOME: dir } });
    assert.equal(project.target.name, 'local');
    assert.equal(project.target.path, path.join(dir, '.bronze', 'local.duckdb'));
    assert.deepEqual(project.target.twin, { dir: path.join(dir, '.bronze', 'local') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the twin takes its databases from the loaded nodes: target, sources (raw = RAW) and database configs', async () => {
  const engine = await Engine.open({ projectDir: FIXTURE, target: 'local', env: { HOME: FIXTURE } });
  assert.equal(engine.target.name, 'local');
  assert.deepEqual(twinDatabases(engine.target).map(twinCatalogName).sort(), ['ANALYTICS', 'CRM', 'RAW', 'REPORTING']);
  assert.equal(twinDatabases(engine.target)[0], 'ANALYTICS', "the target's database comes first (the default catalog)");
  assert.deepEqual(projectDatabases(engine.project, engine.target), twinDatabases(engine.target));
});

test("generate_database_name's answer is the database the twin attaches", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-twin-'));
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    mkdirSync(path.join(dir, 'macros'));
    writeFileSync(
      path.join(dir, 'macros', 'naming.sql'),
      "{% macro generate_database_name(custom_database_name=none, node=none) -%}\n" +
        "{{ (custom_database_name or target.database) ~ '_DEV' }}\n{%- endmacro %}\n",
    );
    const engine = await Engine.open({ projectDir: dir, target: 'local', env: { HOME: dir } });
    const model = [...engine.project.models.values()].find((m) => m.name === 'customer_orders');
    assert.equal(model?.relation.database, 'REPORTING_DEV');
    assert.deepEqual(twinDatabases(engine.target).map(twinCatalogName).sort(), ['ANALYTICS', 'ANALYTICS_DEV', 'CRM', 'RAW', 'REPORTING_DEV']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a profile whose own target: is local, without a local output, gets the built-in one (the embedded default)", () => {
  const profiles = parseProfiles('/p/profiles.yml', 'p:\n  target: local\n  outputs:\n    prod: {type: snowflake, account: a, user: u, database: DB, schema: S}\n');
  const t = resolveTarget(profiles, 'p', undefined, { env: {}, projectRoot: ROOT });
  assert.equal(t.name, 'local');
  assert.equal(t.path, path.join(ROOT, '.bronze', 'local.duckdb'));
  // Another missing target is still an error.
  assert.throws(() => resolveTarget(profiles, 'p', 'dev', { env: {}, projectRoot: ROOT }), /Target 'dev' is not an output of profile 'p'/);
});
