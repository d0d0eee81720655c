// `bronze compile` renders run_started_at and invocation_id as dbt compile does: the invocation's own start time
// and id, not the fixed 1970-01-01 and zero id it rendered before (a model filtering on run_started_at compiled to 1970).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, tempProject } from './helpers';

describe('compile renders the invocation (DuckDB)', () => {
  const dir = tempProject('bronze-invocation-', {
    'dbt_project.yml': "name: invp\nversion: '1.0'\nprofile: invp\n",
    'models/stamp.sql':
      "select '{{ run_started_at.strftime(\"%Y-%m-%dT%H:%M:%S\") }}' as started, '{{ invocation_id }}' as inv,\n" +
      "  '{{ run_started_at.astimezone(modules.pytz.timezone(\"America/New_York\")).utcoffset() }}' as ny_offset\n",
  });

  it('run_started_at is the compile’s start and invocation_id a fresh id, both the same for every model', async () => {
    const before = Date.now();
    const r = await cli(['compile', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const sql = readFileSync(join(dir(), 'target', 'compiled', 'invp', 'models', 'stamp.sql'), 'utf8');
    const m = /'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)' as started, '([0-9a-f-]{36})' as inv,\s*'(-1 day, 1[89]:00:00)' as ny_offset/.exec(sql);
    assert.ok(m, sql);
    const started = Date.parse(`${m[1]}Z`);
    assert.ok(started >= Math.floor(before / 1000) * 1000 && started <= Date.now(), `${m[1]} is not the compile's start`);
    assert.notEqual(m[2], '00000000-0000-0000-0000-000000000000');
    const again = await cli(['compile', '--project-dir', dir()]);
    assert.equal(again.code, 0, again.stderr);
    assert.notEqual(readFileSync(join(dir(), 'target', 'compiled', 'invp', 'models', 'stamp.sql'), 'utf8').match(/[0-9a-f-]{36}/)?.[0], m[2]);
  });
});
