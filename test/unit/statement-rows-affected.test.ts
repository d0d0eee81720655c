// A statement's response as dbt-snowflake gives it (connections.py get_response): rows_affected is what the
// warehouse reports the statement affected — a DML's rows, else the rows it returned — and the response prints as
// `SUCCESS <rows_affected>`. dbt_utils' insert_by_period sums `load_result('main-i')['response']['rows_affected']`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TargetConfig } from '../../server/src/core/types';
import { request as baseRequest } from './helpers/render-request';
import { JinjaEnvironment, renderResolving, type RenderRequest } from '../../server/src/template/index';
import { sessionResolver } from '../../client/src/run/node-runners';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create schema if not exists ra');
  await s.execute('create or replace table ra.t (id number)');
});

// The shared model request, on a DuckDB target whose relations live in the memory database's schema ra.
const request = (text: string): RenderRequest =>
  baseRequest(text, {
    node: { ...baseRequest('').node!, relation: { database: 'memory', schema: 'ra', identifier: 'M' } },
    target: { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'memory', schema: 'ra' } as TargetConfig,
    sqlDialect: 'snowflake',
    resolveRef: (call) => ({ database: 'memory', schema: 'ra', identifier: call.name }),
    resolveSource: (s, t) => ({ database: 'memory', schema: s, identifier: t }),
    runStartedAt: new Date('2024-01-01T00:00:00Z'),
  });

test("a DML statement's response counts the rows it changed; a query's the rows it returned", async () => {
  const text =
    "{% call statement('ins') %}insert into ra.t select seq4() from table(generator(rowcount => 3)){% endcall %}" +
    "{% call statement('del', fetch_result=True) %}delete from ra.t where id < 2{% endcall %}" +
    "{% call statement('sel', fetch_result=True) %}select id from ra.t order by id{% endcall %}" +
    "{% for n in ['ins', 'del', 'sel'] %}{% set r = load_result(n)['response'] %}{{ r.rows_affected }}/{{ r }}/{{ r.code }};{% endfor %}";
  const out = await renderResolving(new JinjaEnvironment({ rootPackage: 'proj' }), request(text), sessionResolver(session()));
  assert.equal(out.sql, '3/SUCCESS 3/SUCCESS;2/SUCCESS 2/SUCCESS;1/SUCCESS 1/SUCCESS;');
});
