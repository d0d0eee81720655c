// The generated bronze model builds on DuckDB and passes its generated tests: the demo without bz_licenses,
// `bronze generate model --source raw.licenses` (the editor's "Generate bronze model from source", headless), then
// bronze build (first run, then an incremental run through the lookback filter). One row per key, as the demo's RAW
// data has them. `bronze generate yaml` prints, then writes, the columns a model's entry lacks.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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
});
