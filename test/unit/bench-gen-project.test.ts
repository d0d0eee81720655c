// bench/gen-project.ts is both a module (benches and tests import generateProject) and a script. Bundled into a
// bench's own script, it must not run as a script: bench/check.ts's bundled child, started as
// `check-bench.mjs --child check --dir …`, used to create a `--child/dbt_project.yml` in its working directory.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'bronze-gen-project-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('bench/gen-project.ts', () => {
  it('does nothing on import from a bundled bench script, whatever its arguments', async () => {
    const entry = path.join(work, 'entry.ts');
    writeFileSync(entry, `import { generateProject } from ${JSON.stringify(path.join(ROOT, 'bench/gen-project.ts'))};\nconsole.log(typeof generateProject);\n`);
    const script = path.join(work, 'check-bench.mjs');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'error' });
    const cwd = mkdtempSync(path.join(work, 'cwd-'));
    const r = spawnSync(process.execPath, [script, '--child', 'check', '--dir', path.join(work, 'project')], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'function');
    assert.deepEqual(readdirSync(cwd), []);
  });

  it('still generates a project when run as a script', () => {
    const dir = path.join(work, 'generated');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/gen-project.ts'), dir, '3'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(path.join(dir, 'dbt_project.yml')));
    assert.deepEqual(readdirSync(path.join(dir, 'models', 'f0')).sort(), ['bz_f0_m0.sql', 'bz_f0_m1.sql', 'bz_f0_m2.sql', 'schema.yml']);
  });
});
