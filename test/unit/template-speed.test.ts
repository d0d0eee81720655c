// Speed check (printed, not asserted): parse + render of 1,000 distinct model templates, and syntax checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TargetConfig } from '../../server/src/core/types';
import { JinjaEnvironment, checkTemplateSyntax, render } from '../../server/src/template/index';

const TARGET: TargetConfig = { name: 'dev', profileName: 'p', type: 'duckdb', threads: 1, database: 'db', schema: 'main' };

function model(i: number): string {
  return `{{ config(materialized='incremental', unique_key='id_${i}', tags=['t${i % 7}']) }}
{%- set cols = ['id_${i}', 'name', 'ts'] -%}
select
  {{ dbt_utils.generate_surrogate_key(cols) }} as sk,
  {% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}
from {{ source('raw', 'table_${i}') }}
join {{ ref('dim_${i % 50}') }} using (id_${i})
{% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% endif %}
`;
}

test('speed: parse + render 1,000 distinct models', () => {
  const env = new JinjaEnvironment({ rootPackage: 'proj' });
  const texts = Array.from({ length: 1000 }, (_, i) => model(i));
  const t0 = performance.now();
  let last = '';
  for (let i = 0; i < texts.length; i++) {
    last = render(env, {
      phase: 'parse',
      text: texts[i],
      file: `/proj/models/m${i}.sql`,
      node: { uniqueId: `model.proj.m${i}`, name: `m${i}`, packageName: 'proj', resourceType: 'model', config: { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] }, fqn: ['proj', `m${i}`] },
      target: TARGET,
      projectName: 'proj',
      vars: { cli: {}, project: {} },
      resolveRef: (c) => ({ database: 'db', schema: 'main', identifier: c.name }),
      resolveSource: (s, t) => ({ database: 'db', schema: s, identifier: t }),
      fullRefresh: false,
      invocationId: 'x',
      runStartedAt: new Date(0),
    }).sql;
  }
  const renderMs = performance.now() - t0;
  assert.ok(last.includes('from db.raw.table_999\njoin db.main.dim_49 using (id_999)'), last);
  checkTemplateSyntax(texts[0], 'warm-up.sql'); // loads the WASM once
  const t1 = performance.now();
  let diags = 0;
  for (const t of texts) diags += checkTemplateSyntax(t, 'm.sql').length;
  const checkMs = performance.now() - t1;
  assert.equal(diags, 0);
  console.log(`template speed: parse+render 1000 distinct models in ${renderMs.toFixed(0)} ms; syntax check ${((checkMs * 1000) / texts.length).toFixed(0)} µs/model`);
});
