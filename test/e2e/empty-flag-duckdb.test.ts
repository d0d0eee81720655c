// `--empty` (dbt 1.8) on compile, run and build: every ref() and source() reads as zero rows, written as dbt
// writes it, so the SQL compiles and binds without reading data; seeds are created without rows.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, tempProject, query, scalar } from './helpers';

describe('--empty on DuckDB', () => {
  const dir = tempProject('bronze-empty-', {
    'dbt_project.yml': "name: emptyp\nversion: '1.0'\nprofile: emptyp\n",
    'seeds/plans.csv': 'plan,price\nbasic,0\npro,14.99\n',
    'models/sources.yml': 'version: 2\nsources:\n  - name: ref_data\n    schema: main\n    tables:\n      - name: plans\n',
    'models/from_ref.sql': "{{ config(materialized='table') }}\nselect plan, price * 12 as yearly from {{ ref('plans') }}\n",
    'models/from_source.sql': "select count(*) as n from {{ source('ref_data', 'plans') }} p join {{ ref('from_ref') }} f on f.plan = p.plan\n",
    'models/schema.yml': 'version: 2\nmodels:\n  - name: from_ref\n    columns:\n      - name: plan\n        data_tests: [not_null]\n',
  });

  it('compile --empty writes each ref and source as dbt does', async () => {
    const r = await cli(['compile', '--project-dir', dir(), '--empty']);
    assert.equal(r.code, 0, r.stderr);
    const compiled = readFileSync(join(dir(), 'target', 'compiled', 'emptyp', 'models', 'from_source.sql'), 'utf8');
    assert.equal(
      compiled.trim(),
      'select count(*) as n from (select * from local.main.plans where false limit 0) p join (select * from local.main.from_ref where false limit 0) f on f.plan = p.plan',
    );
    const plain = await cli(['compile', '--project-dir', dir()]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(readFileSync(join(dir(), 'target', 'compiled', 'emptyp', 'models', 'from_source.sql'), 'utf8'), /from local\.main\.plans p join local\.main\.from_ref f/);
  });

  it('build --empty creates the seed, builds the models with their columns and no rows, and the tests pass', async () => {
    const r = await cli(['build', '--project-dir', dir(), '--empty', '--output', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const res = (JSON.parse(r.stdout) as { results: Array<{ unique_id: string; status: string }> }).results;
    assert.deepEqual(res.map((x) => x.status).sort(), ['pass', 'success', 'success', 'success']);
    assert.equal(await scalar(dir(), 'select count(*) from plans'), 0);
    assert.equal(await scalar(dir(), 'select count(*) from from_ref'), 0);
    const cols = await query(dir(), "select column_name from information_schema.columns where lower(table_name) = 'from_ref' order by ordinal_position");
    assert.deepEqual(cols.map((c) => c.column_name), ['PLAN', 'YEARLY']);
    const rr = JSON.parse(readFileSync(join(dir(), 'target', 'run_results.json'), 'utf8')) as { args: Record<string, unknown> };
    assert.equal(rr.args.empty, true);
  });

  it('run --empty still binds: a wrong column fails without reading a row; without --empty the data is read', async () => {
    const seeded = await cli(['seed', '--project-dir', dir()]);
    assert.equal(seeded.code, 0, seeded.stderr);
    writeFileSync(join(dir(), 'models', 'broken.sql'), "select no_such_column from {{ ref('plans') }}\n");
    const broken = await cli(['run', '--project-dir', dir(), '--empty', '-s', 'broken']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /no_such_column/i);
    rmSync(join(dir(), 'models', 'broken.sql'));
    const empty = await cli(['run', '--project-dir', dir(), '--empty', '-s', 'from_ref']);
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(await scalar(dir(), 'select count(*) from from_ref'), 0);
    const full = await cli(['run', '--project-dir', dir(), '-s', 'from_ref']);
    assert.equal(full.code, 0, full.stderr);
    assert.equal(await scalar(dir(), 'select count(*) from from_ref'), 2);
  });
});
