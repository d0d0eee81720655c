// OBJECT_AGG fails on a key twice in a group ("Duplicate keys within a group result in a Duplicate field key 'key'
// error": https://docs.snowflake.com/en/sql-reference/functions/object_agg). The column a model passes as the key is
// generated unique, followed through renames, CTEs and the models it is read from (sage_synapse_transform's
// `object_agg(principal_id::varchar, …) group by data_access_submission_id` over a staging model repeated a key).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { objectAggKeys } from '../../client/src/sample/object-agg-keys';

const SOURCES = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: changes\n      - name: attributes\n      - name: pairs\n      - name: labels\n';

it("generates OBJECT_AGG's key column unique, through a staging model's rename and a CTE, cast or not", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-object-agg-', {
    'models/src.yml': SOURCES,
    'models/stg_changes.sql':
      "with source as (select * from {{ source('raw', 'changes') }})\nselect submission_id as request_id, accessor_id as principal_id, access_type from source\n",
    'models/requests.sql':
      "with agg as (\n  select request_id, to_variant(object_agg(principal_id::varchar, to_variant(access_type))) as accessors\n" +
      "  from {{ ref('stg_changes') }}\n  group by request_id\n)\nselect request_id, accessors from agg\n",
    // Read straight from a source, qualified, as a window over partitions.
    'models/entity_attributes.sql':
      "select a.entity_id, object_agg(to_varchar(a.attr_name), a.attr_value::variant) over (partition by a.entity_id) as attrs from {{ source('raw', 'attributes') }} a\n",
    // A key made of two columns, and a key whose values a test lists: neither is asked unique.
    'models/pairs.sql': "select g, object_agg(k1 || k2, v) as o from {{ source('raw', 'pairs') }} group by g\n",
    'models/labels.sql': "select g, object_agg(label, v) as o from {{ source('raw', 'labels') }} group by g\n",
    'models/schema.yml':
      "version: 2\nsources: []\nmodels:\n  - name: labels\n    columns:\n      - name: label\n        tests:\n          - accepted_values:\n              values: ['a', 'b']\n",
  });
  assert.deepEqual(
    objectAggKeys(engine.project)
      .map((k) => `${k.relation.split('.').pop()}.${k.column}`)
      .sort(),
    ['attributes.attr_name', 'labels.label', 'stg_changes.principal_id'],
  );
  const plans = planSynthetic(engine.project, { rows: 20, clean: false });
  const unique = (table: string, column: string): boolean | undefined =>
    plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name.toLowerCase() === column)?.unique;
  assert.equal(unique('changes', 'accessor_id'), true);
  assert.equal(unique('changes', 'submission_id'), false);
  assert.equal(unique('attributes', 'attr_name'), true);
  assert.equal(unique('attributes', 'entity_id'), false);
  assert.equal(unique('pairs', 'k1'), false);
  assert.equal(unique('pairs', 'k2'), false);
  assert.equal(unique('labels', 'label'), false);
});
