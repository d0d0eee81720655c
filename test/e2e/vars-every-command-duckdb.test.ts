// --vars reaches every command that renders the project: a model and a macro that read a var without a default.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, tempProject, query } from './helpers';

describe('--vars on every command (DuckDB)', () => {
  const dir = tempProject('bronze-vars-', {
    'dbt_project.yml': "name: varsp\nversion: '1.0'\nprofile: varsp\nseeds:\n  varsp:\n    +schema: \"{{ var('seed_schema') }}\"\n",
    'models/greet.sql': "select '{{ var(\"greeting\") }}' as word\n",
    'models/schema.yml': "version: 2\nmodels:\n  - name: greet\n    columns:\n      - name: word\n        data_tests:\n          - accepted_values:\n              values: [hello]\n",
    'macros/say.sql': "{% macro say() %}{{ log('SAY ' ~ var('greeting'), info=True) }}{% endmacro %}\n",
    'seeds/codes.csv': 'code\na\n',
    'snapshots/snap.sql': "{% snapshot snap %}\n{{ config(unique_key='word', strategy='check', check_cols='all', target_schema='snaps') }}\nselect '{{ var(\"greeting\") }}' as word\n{% endsnapshot %}\n",
  });
  const vars = ['--vars', '{greeting: hello, seed_schema: seedz}'];

  it('compile, run, seed, snapshot, test, build, show, ls, run-operation and docs generate all see the vars', async () => {
    const ok = async (args: string[]) => {
      const r = await cli([...args, '--project-dir', dir(), ...vars]);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return r;
    };
    await ok(['compile']);
    assert.match(readFileSync(join(dir(), 'target', 'compiled', 'varsp', 'models', 'greet.sql'), 'utf8'), /'hello' as word/);
    await ok(['run']);
    assert.deepEqual(await query(dir(), 'select word from greet'), [{ WORD: 'hello' }]);
    await ok(['seed']);
    assert.deepEqual(await query(dir(), 'select code from main_seedz.codes'), [{ CODE: 'a' }]);
    await ok(['snapshot']);
    assert.deepEqual(await query(dir(), 'select word from snaps.snap'), [{ WORD: 'hello' }]);
    await ok(['test']);
    await ok(['build']);
    assert.match((await ok(['show', '-s', 'greet'])).stdout, /hello/);
    assert.match((await ok(['ls', '--resource-type', 'seed', '--output', 'json'])).stdout, /"schema":"seedz"/);
    assert.match((await ok(['run-operation', 'say'])).stdout + (await ok(['run-operation', 'say'])).stderr, /SAY hello/);
    await ok(['docs', 'generate']);
    assert.match(readFileSync(join(dir(), 'target', 'manifest.json'), 'utf8'), /'hello' as word/);
    // dbt's docs artifacts where its hosting looks for them: index.html and catalog.json (the built relation's types).
    assert.match(readFileSync(join(dir(), 'target', 'index.html'), 'utf8'), /<html/i);
    const catalog = JSON.parse(readFileSync(join(dir(), 'target', 'catalog.json'), 'utf8')) as { nodes: Record<string, { columns: Record<string, { type: string }> }> };
    assert.equal(catalog.nodes['model.varsp.greet'].columns.WORD.type, 'VARCHAR');
  });
});
