// The generated bronze model builds on DuckDB and passes its generated tests: the demo without bz_licenses,
// `bronze generate model --source raw.licenses` (the editor's "Generate bronze model from source", headless), then
// bronze build (first run, then an incremental run through the lookback filter). One row per key, as the demo's RAW
// data has them. `bronze generate yaml` prints, then writes, the columns a model's entry lacks.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli, makeDemo, scalar } from './helpers';

describe('generated bronze model on the demo (DuckDB)', () => {
  let demo: { dir: string; cleanup(): void };
  before(async () => {
    demo = await makeDemo(300);
  });
  after(() => demo.cleanup());

  it('bz_licenses generated from raw.licenses builds, passes unique + not_null on its key, and runs again incrementally', async () => {
    const schema = join(demo.dir, 'models', 'bronze', 'schema.yml');
    const yml = readFileSync(schema, 'utf8');
    const a = yml.indexOf('  - name: bz_licenses');
    const b = yml.indexOf('\n  - name: ', a + 5);
    assert.ok(a > 0 && b > a);
    writeFileSync(schema, yml.slice(0, a) + yml.slice(b + 1));
    const model = join(demo.dir, 'models', 'bronze', 'bz_licenses.sql');
    rmSync(model);

    const gen = await cli(['generate', 'model', '--source', 'raw.licenses', '--project-dir', demo.dir]);
    assert.equal(gen.code, 0, gen.stdout + gen.stderr);
    assert.match(gen.stdout, /\(key license_id\):\n  wrote models\/bronze\/bz_licenses\.sql\n  wrote models\/bronze\/schema\.yml/);
    // bz_users' unique key by name: suggested, not added (--relationships adds it).
    assert.match(gen.stdout, /relationships tests suggested \(not added; generate with --relationships to add them\):\n  assigned_to_user_id → bz_users\.user_id\n/);
    assert.doesNotMatch(readFileSync(schema, 'utf8').slice(readFileSync(schema, 'utf8').indexOf('  - name: bz_licenses')), /relationships:/);
    assert.match(readFileSync(model, 'utf8'), /row_number\(\) over/i);
    // The demo's schema.yml says data_tests:, so the entry does too.
    assert.match(readFileSync(schema, 'utf8'), /  - name: bz_licenses\n[\s\S]*?      - name: license_id\n[^-]*data_tests:\n          - unique\n          - not_null\n/);
    // A second generate refuses: the model exists now, and nothing is overwritten.
    const again0 = await cli(['generate', 'model', '--source', 'raw.licenses', '--project-dir', demo.dir]);
    assert.equal(again0.code, 1);
    assert.match(again0.stderr, /Model 'bz_licenses' already exists/);

    const built = await cli(['build', '-s', 'bz_licenses', '--project-dir', demo.dir]);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    assert.match(built.stdout + built.stderr, /PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3/);
    const keys = await scalar(demo.dir, 'select count(distinct license_id) from raw.licenses where license_id is not null');
    assert.equal(await scalar(demo.dir, 'select count(*) from bronze.bz_licenses'), keys);
    const again = await cli(['run', '-s', 'bz_licenses', '--project-dir', demo.dir]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(await scalar(demo.dir, 'select count(*) from bronze.bz_licenses'), keys);
  });

  it('generate yaml prints the columns an entry lacks, and --write adds them to schema.yml', async () => {
    const schema = join(demo.dir, 'models', 'bronze', 'schema.yml');
    const yml = readFileSync(schema, 'utf8');
    const entry = yml.indexOf('  - name: bz_licenses');
    const col = yml.indexOf('      - name: assigned_to_user_id', entry);
    assert.ok(entry > 0 && col > entry, 'the demo documents bz_licenses.assigned_to_user_id');
    const next = yml.indexOf('\n      - name: ', col + 5);
    const without = yml.slice(0, col) + yml.slice(next + 1);
    writeFileSync(schema, without);

    const shown = await cli(['generate', 'yaml', '-s', 'bz_licenses', '--project-dir', demo.dir]);
    assert.equal(shown.code, 0, shown.stdout + shown.stderr);
    assert.match(shown.stdout, /^# models\/bronze\/schema\.yml \(bronze generate yaml --write saves it\)\n/);
    assert.match(shown.stdout, /      - name: assigned_to_user_id\n/);
    assert.equal(readFileSync(schema, 'utf8'), without, 'printing writes nothing');

    const written = await cli(['generate', 'yaml', '-s', 'bz_licenses', '--write', '--project-dir', demo.dir]);
    assert.equal(written.code, 0, written.stdout + written.stderr);
    const after = readFileSync(schema, 'utf8');
    assert.match(after.slice(after.indexOf('  - name: bz_licenses')), /      - name: assigned_to_user_id\n/);
    const check = await cli(['check', '--project-dir', demo.dir]);
    assert.doesNotMatch(check.stdout, /schema\.yml:\d+:\d+: error/, check.stdout);
  });

  it("generate yaml types the columns: from the model's SQL on the twin when not built, from its table once built, from the SQL's text when the target cannot say", async () => {
    // Runs after the first test built bz_licenses; bz_users is not built.
    const dir = join(demo.dir, 'models', 'silver');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'license_stats.sql'),
      "select license_type, count(*) as licenses, max(start_date) as first_start, max(update_timestamp) as last_update, 'demo' as tag, cast(null as number(10,2)) as price\nfrom {{ ref('bz_licenses') }}\ngroup by 1\n",
    );
    writeFileSync(join(dir, 'user_counts.sql'), "select user_id, count(*) as n, 1.50 as weight from {{ ref('bz_users') }} group by 1\n");
    const typesOf = (stdout: string): Record<string, string | undefined> => {
      const out: Record<string, string | undefined> = {};
      for (const m of stdout.matchAll(/      - name: (\w+)\n((?: {8}.*\n?)*)/g)) out[m[1]] = /data_type: (.+)/.exec(m[2])?.[1];
      return out;
    };

    const unbuilt = await cli(['generate', 'yaml', '-s', 'license_stats', '--project-dir', demo.dir]);
    assert.equal(unbuilt.code, 0, unbuilt.stdout + unbuilt.stderr);
    assert.match(unbuilt.stderr, /data_type: from license_stats's SQL typed by the local target \(not built there\)/);
    const expected = { license_type: 'VARCHAR', licenses: 'NUMBER(38,0)', first_start: 'DATE', last_update: 'TIMESTAMP_NTZ', tag: 'VARCHAR', price: 'NUMBER(10,2)' };
    assert.deepEqual(typesOf(unbuilt.stdout), expected);

    const built = await cli(['run', '-s', 'license_stats', '--project-dir', demo.dir]);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    const fromTable = await cli(['generate', 'yaml', '-s', 'license_stats', '--project-dir', demo.dir]);
    assert.match(fromTable.stderr, /data_type: from the local target's table of license_stats/);
    assert.deepEqual(typesOf(fromTable.stdout), expected);

    // bz_users is not built: the target cannot type the SQL; the declared upstream type and the literal still say theirs.
    const offline = await cli(['generate', 'yaml', '-s', 'user_counts', '--project-dir', demo.dir]);
    assert.equal(offline.code, 0, offline.stdout + offline.stderr);
    assert.match(offline.stderr, /data_type: from the SQL's text only \(declared upstream types, literals, casts\): the local target could not type user_counts: .*bz_users/i);
    assert.deepEqual(typesOf(offline.stdout), { user_id: 'STRING', n: undefined, weight: 'NUMBER(3,2)' });
  });
});
