// The generated bronze model builds on DuckDB and passes its generated tests: the demo without bz_licenses,
// "Generate bronze model from source" for raw.licenses, then bronze build (first run, then an incremental
// run through the lookback filter). One row per key, as the demo's RAW data has them.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planGenerateModel } from '../../server/src/analysis/scaffold';
import { Workspace } from '../../server/src/analysis/workspace';
import type { TextEdit } from '../../server/src/core/types';
import { cli, makeDemo, scalar } from './helpers';

function apply(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: TextEdit['range']['start']) => (p.line >= starts.length ? text.length : starts[p.line] + p.character);
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}

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
    rmSync(join(demo.dir, 'models', 'bronze', 'bz_licenses.sql'));

    const ws = new Workspace({ env: {} });
    await ws.addFolder(demo.dir);
    const r = planGenerateModel(ws, schema, { source: 'raw.licenses' });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.key, 'license_id');
    const model = join(demo.dir, 'models', 'bronze', 'bz_licenses.sql');
    assert.deepEqual(r.plan.fileOps, [{ kind: 'create', file: model }]);
    writeFileSync(model, apply('', r.plan.edits.filter((e) => e.file === model)));
    writeFileSync(schema, apply(readFileSync(schema, 'utf8'), r.plan.edits.filter((e) => e.file === schema)));
    // The demo's schema.yml says data_tests:, so the entry does too.
    assert.match(readFileSync(schema, 'utf8'), /  - name: bz_licenses\n[\s\S]*?      - name: license_id\n[^-]*data_tests:\n          - unique\n          - not_null\n/);

    const built = await cli(['build', '-s', 'bz_licenses', '--project-dir', demo.dir]);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    assert.match(built.stdout + built.stderr, /PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3/);
    const keys = await scalar(demo.dir, 'select count(distinct license_id) from raw.licenses where license_id is not null');
    assert.equal(await scalar(demo.dir, 'select count(*) from bronze.bz_licenses'), keys);
    const again = await cli(['run', '-s', 'bz_licenses', '--project-dir', demo.dir]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.equal(await scalar(demo.dir, 'select count(*) from bronze.bz_licenses'), keys);
  });
});
