// `sample --synthetic` reads the rendering of a model downstream of a pass-through (`select * from {{ source(…) }}`)
// where its template hides what it takes: a macro printing a column's name (pretium's concept_rent_market_monthly,
// `{{ costar_rent_measure_column(asking) }}::DOUBLE` over a `select *` read-through of the source: the column was never
// sampled, the model failed on it and 16 models downstream were skipped).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import { renderHidingReaders } from '../../client/src/sample/rendered';

it('reads a column a macro names in a model two hops from the source, through a select * read-through', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-rendered-downstream-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: scenarios\n',
    'macros/measure.sql': '{% macro measure_column(asking) -%}{%- if asking -%}ASKING_RENT{%- else -%}EFFECTIVE_RENT{%- endif -%}{%- endmacro %}\n',
    'models/fact_scenarios.sql': "{{ config(materialized='view') }}\nselect * from {{ source('raw', 'scenarios') }}\n",
    'models/rent.sql':
      "with r as (\n  select cbsa_code, {{ measure_column(false) }}::double as rent\n  from {{ ref('fact_scenarios') }}\n" +
      '  where {{ measure_column(false) }} is not null\n)\nselect cbsa_code, avg(rent) as rent from r group by cbsa_code\n',
  });
  const id = 'source.p.raw.scenarios';
  const rendered = await renderHidingReaders(engine, [id]);
  // The reader of the read-through is rendered too: its template hides a column it reads.
  assert.deepEqual([...rendered.keys()], ['model.p.rent']);
  const used = columnsReadFromSource(engine.project, id, rendered).map((c) => [c.name, c.dataType ?? null]);
  assert.deepEqual(used.sort(), [
    ['cbsa_code', null],
    ['effective_rent', 'DOUBLE'],
  ]);
  // The template alone shows only cbsa_code.
  assert.deepEqual(columnsReadFromSource(engine.project, id).map((c) => c.name), ['cbsa_code']);
});
