// A source declared on the table a model of the project builds and keeps rows in (model-built-sources.ts): robling's
// INV_TXN_DWH.DWH_F_INV_TXN_ILD_B is the incremental model DWH_F_INV_TXN_ILD_B's table. Sampled, it held invented
// rows the model's first run then merged into (a fresh warehouse has none there), and the reconciliation of the
// model's rows against staging failed. Such a source is the model's; a view's or a table's, which replace what they
// find, stay sampled.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { sourcesBuiltByKeepingNodes } from '../../client/src/sample/model-built-sources';

it('maps a source on an incremental or custom-materialized model\'s table to that model, not one on a view\'s', async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-model-built-', {
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: own',
      '    schema: "{{ target.schema }}"',
      '    tables:',
      '      - name: facts',
      '      - name: merged',
      '      - name: shown',
      '      - name: raw_orders',
      '',
    ].join('\n'),
    'models/facts.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect 1 as id\n",
    'models/merged.sql': "{{ config(materialized='custom_merge') }}\nselect 1 as id\n",
    'models/shown.sql': "{{ config(materialized='view') }}\nselect 1 as id\n",
    'models/reader.sql': "select * from {{ source('own', 'facts') }}\n",
  });
  const ids = [...engine.project.sources.keys()];
  const built = sourcesBuiltByKeepingNodes(engine.project, ids);
  assert.deepEqual(
    [...built].map(([id, node]) => `${id} ${node.name}`).sort(),
    ['source.p.own.facts facts', 'source.p.own.merged merged'],
  );
});
