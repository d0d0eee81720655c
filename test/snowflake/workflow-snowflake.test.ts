// The rest of the dbt workflow on a snowflake target (real snowflake-sdk → emulator), each command as a team's CI
// runs it: on-run-start/on-run-end hooks that log `results` into a table, --vars on every command that renders the
// project, `source freshness` writing sources.json, `docs generate` writing index.html and catalog.json (warehouse
// types) where dbt's docs hosting looks, `ls`, and `clean`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, writeFiles } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

const PROJECT = `name: flow
version: '1.0'
profile: flow
on-run-start:
  - "create table if not exists {{ target.database }}.{{ target.schema }}.run_log (unique_id varchar, status varchar, rows_affected number, message varchar, run_tag varchar, invocation_id varchar)"
on-run-end:
  - "{% if results %}insert into {{ target.database }}.{{ target.schema }}.run_log values {% for r in results %}('{{ r.node.unique_id }}', '{{ r.status }}', {{ r.adapter_response.rows_affected or 0 }}, '{{ r.message | replace(\\"'\\", \\"''\\") }}', '{{ var('run_tag', 'none') }}', '{{ invocation_id }}'){{ ',' if not loop.last }}{% endfor %}{% endif %}"
seeds:
  flow:
    +schema: "{{ var('seed_schema', 'seeds') }}"
`;

describe('hooks with results, --vars, freshness, docs, ls and clean on a snowflake target (real driver → emulator)', () => {
  const dir = emulatorProject('bronze-sf-flow-', (d, port) =>
    writeFiles(d, {
      'dbt_project.yml': PROJECT,
      'profiles.yml': emulatorProfile('flow', port, 'marts'),
      'seeds/plans.csv': 'plan,price\nbasic,0\npro,14.99\n',
      'models/sources.yml':
        'version: 2\nsources:\n  - name: raw\n    database: analytics\n    schema: raw\n    loaded_at_field: loaded_at\n    freshness:\n      warn_after: {count: 1, period: day}\n    tables:\n      - name: events\n',
      'models/greet.sql': "{{ config(materialized='table') }}\nselect '{{ var(\"greeting\") }}' as word, count(*) as plans from {{ ref('plans') }}\n",
      'models/last_event.sql': "select max(id) as id from {{ source('raw', 'events') }}\n",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: greet\n    description: "A greeting."\n    columns:\n      - name: word\n        data_tests:\n          - accepted_values:\n              values: [hello]\n',
    }),
  );
  const base = (...args: string[]) => ['--project-dir', dir(), '--profiles-dir', dir(), ...args];
  const vars = ['--vars', '{greeting: hello, run_tag: nightly}'];
  const runResults = () => JSON.parse(readFileSync(join(dir(), 'target', 'run_results.json'), 'utf8')) as { metadata: { invocation_id: string } };

  it('build with --vars: on-run-end logs every result (seed, model, tests) into a table; var() reaches the seed schema', async () => {
    await projectRows(dir(), 'create schema if not exists analytics.raw');
    await projectRows(dir(), "create or replace table analytics.raw.events as select 1 as id, '2020-01-01 00:00:00'::timestamp_ntz as loaded_at");
    const r = await cli(['build', ...base(...vars)]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const rows = await projectRows(dir(), 'select unique_id, status, rows_affected, run_tag, invocation_id from analytics.marts.run_log order by unique_id');
    assert.deepEqual(
      rows.map((x) => [String(x.UNIQUE_ID).replace(/\.[0-9a-f]{10}$/, ''), x.STATUS, x.RUN_TAG]),
      [
        ['model.flow.greet', 'success', 'nightly'],
        ['model.flow.last_event', 'success', 'nightly'],
        ['seed.flow.plans', 'success', 'nightly'],
        ['test.flow.accepted_values_greet_word__hello', 'pass', 'nightly'],
      ],
    );
    assert.equal(Number(rows[0].ROWS_AFFECTED), 1);
    assert.deepEqual([...new Set(rows.map((x) => x.INVOCATION_ID))], [runResults().metadata.invocation_id]);
    assert.deepEqual(await projectRows(dir(), 'select word, plans from analytics.marts.greet'), [{ WORD: 'hello', PLANS: 2 }]);
    assert.equal((await projectRows(dir(), 'select count(*) as n from analytics.marts_seeds.plans'))[0].N, 2);
  });

  it('--vars on compile, show and ls; without the var, compile fails and says which var', async () => {
    const c = await cli(['compile', ...base('-s', 'greet', ...vars)]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(readFileSync(join(dir(), 'target', 'compiled', 'flow', 'models', 'greet.sql'), 'utf8'), /'hello' as word/);
    const shown = await cli(['show', ...base('-s', 'greet', '--output', 'json', ...vars)]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.deepEqual((JSON.parse(shown.stdout) as Array<Record<string, unknown>>).map((row) => Object.values(row).map(String)), [['hello', '2']]);
    const listed = await cli(['ls', ...base('--resource-type', 'seed', '--output', 'json', '--vars', '{seed_schema: other}')]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /"schema":"other"/);
    const missing = await cli(['compile', ...base('-s', 'greet')]);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stdout + missing.stderr, /greeting/);
  });

  it('source freshness writes dbt\'s sources.json with the warehouse\'s answer', async () => {
    const r = await cli(['source', 'freshness', ...base()]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const artifact = JSON.parse(readFileSync(join(dir(), 'target', 'sources.json'), 'utf8')) as {
      metadata: { dbt_schema_version: string };
      results: Array<{ unique_id: string; status: string; max_loaded_at: string; max_loaded_at_time_ago_in_s: number }>;
    };
    assert.equal(artifact.metadata.dbt_schema_version, 'https://schemas.getdbt.com/dbt/sources/v3.json');
    assert.deepEqual(artifact.results.map((x) => [x.unique_id, x.status]), [['source.flow.raw.events', 'warn']]);
    assert.match(artifact.results[0].max_loaded_at, /^2020-01-01T00:00:00/);
    assert.ok(artifact.results[0].max_loaded_at_time_ago_in_s > 365 * 86400);
  });

  it('docs generate writes target/index.html and catalog.json with the warehouse\'s column types', async () => {
    const r = await cli(['docs', 'generate', ...base(...vars)]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(readFileSync(join(dir(), 'target', 'index.html'), 'utf8'), /<html/i);
    const catalog = JSON.parse(readFileSync(join(dir(), 'target', 'catalog.json'), 'utf8')) as {
      nodes: Record<string, { metadata: { schema: string; name: string }; columns: Record<string, { type: string }> }>;
      sources: Record<string, { columns: Record<string, { type: string }> }>;
    };
    const greet = catalog.nodes['model.flow.greet'];
    assert.equal(greet.metadata.name.toLowerCase(), 'greet');
    assert.match(greet.columns.WORD?.type ?? greet.columns.word?.type ?? '', /^(VARCHAR|TEXT)/i);
    assert.match(greet.columns.PLANS?.type ?? greet.columns.plans?.type ?? '', /^NUMBER/i);
    assert.ok(catalog.nodes['seed.flow.plans'], Object.keys(catalog.nodes).join(', '));
    const events = catalog.sources['source.flow.raw.events'];
    assert.match(events.columns.LOADED_AT?.type ?? events.columns.loaded_at?.type ?? '', /^TIMESTAMP_NTZ/i);
  });

  it('ls lists what the project holds; clean removes target/ and keeps the project', async () => {
    const listed = await cli(['ls', ...base('--output', 'name')]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(listed.stdout.split('\n').filter(Boolean).sort(), ['accepted_values_greet_word__hello', 'greet', 'last_event', 'plans', 'raw.events']);
    const cleaned = await cli(['clean', ...base()]);
    assert.equal(cleaned.code, 0, cleaned.stderr);
    assert.equal(existsSync(join(dir(), 'target')), false);
    assert.ok(existsSync(join(dir(), 'models', 'greet.sql')));
  });
});
