// compile and show answer a template's warehouse questions (run_query, statement, get_columns_in_relation)
// from the reachable target, as dbt does, instead of inventing empty results.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './helpers';

function project(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-questions-'));
  mkdirSync(join(dir, 'models'));
  writeFileSync(join(dir, 'dbt_project.yml'), 'name: q\nprofile: q\n');
  writeFileSync(
    join(dir, 'models', 'asks.sql'),
    "{% set r = run_query('select 42 as n') %}select {{ r.columns[0].values()[0] if execute else 0 }} as v, {{ adapter.get_columns_in_relation(ref('later')) | length }} as later_columns\n",
  );
  writeFileSync(join(dir, 'models', 'later.sql'), 'select 1 as a, 2 as b\n');
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('warehouse questions while compiling', () => {
  it('compile asks the target; a relation not built yet has no columns', async () => {
    const p = project();
    try {
      const r = await cli(['compile', '--project-dir', p.dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(join(p.dir, 'target', 'compiled', 'q', 'models', 'asks.sql'), 'utf8').trim(), 'select 42 as v, 0 as later_columns');
      const built = await cli(['run', '--project-dir', p.dir, '-s', 'later']);
      assert.equal(built.code, 0, built.stderr);
      await cli(['compile', '--project-dir', p.dir]);
      assert.equal(readFileSync(join(p.dir, 'target', 'compiled', 'q', 'models', 'asks.sql'), 'utf8').trim(), 'select 42 as v, 2 as later_columns');
    } finally {
      p.cleanup();
    }
  });

  it('show answers them too, for a model and for inline SQL', async () => {
    const p = project();
    try {
      const model = await cli(['show', '--project-dir', p.dir, '-s', 'asks', '--output', 'json']);
      assert.equal(model.code, 0, model.stderr);
      assert.deepEqual(JSON.parse(model.stdout), [{ V: 42, LATER_COLUMNS: 0 }]);
      const inline = await cli(['show', '--project-dir', p.dir, '--inline', "select {{ run_query('select 7 as n').columns[0].values()[0] }} as v", '--output', 'json']);
      assert.equal(inline.code, 0, inline.stderr);
      assert.deepEqual(JSON.parse(inline.stdout), [{ V: 7 }]);
    } finally {
      p.cleanup();
    }
  });
});
