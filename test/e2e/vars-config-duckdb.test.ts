// config() with computed values (`materialized=var('mat')`) is applied as dbt's parse render applies it, with the
// command's --vars: a run built a view where dbt builds a table before this was fixed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, tempProject, query } from './helpers';

describe('computed config() and --vars on DuckDB', () => {
  const dir = tempProject('bronze-vars-config-', {
    'dbt_project.yml': "name: varcfg\nversion: '1.0'\nprofile: varcfg\n",
    'models/m.sql': "{{ config(materialized=var('mat', 'view'), tags=[var('tag', 'plain')]) }}\nselect 1 as id\n",
  });

  const kind = async () => (await query(dir(), "select table_type from information_schema.tables where lower(table_name) = 'm'"))[0]?.table_type;

  it('run and ls use the value --vars gives; without it the default', async () => {
    const r = await cli(['run', '--project-dir', dir(), '--vars', '{mat: table}']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await kind(), 'BASE TABLE');
    const ls = await cli(['ls', '--project-dir', dir(), '--vars', '{mat: table, tag: nightly}', '-s', 'tag:nightly', '--output', 'json']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.equal((JSON.parse(ls.stdout.trim().split('\n')[0]) as { config: { materialized: string } }).config.materialized, 'table');
    const plain = await cli(['run', '--project-dir', dir()]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(await kind(), 'VIEW');
  });
});
