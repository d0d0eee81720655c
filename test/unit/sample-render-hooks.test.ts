// The sampler reads a model's SQL without a warehouse. A pre-hook that asks the warehouse (dbt_external_tables'
// stage_external_sources, run from a load model's pre-hook, lists schemas and file formats once dbt's graph holds
// the project's sources) made the whole model unreadable, so its source's columns were never sampled
// (willibald_datavault: 25 sources left out). The hook is now left for run time, as a run leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempProject } from './helpers/temp-project';
import { Engine } from '../../server/src/engine';
import { renderOffline } from '../../client/src/sample/rendered';

test("a model's SQL reads without a warehouse even when its hooks ask one", async () => {
  const p = tempProject({
    'dbt_project.yml': 'name: p\nprofile: p\n',
    'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
    'models/load_events.sql':
      "{{ config(pre_hook=\"{% do run_query('show terse schemas') %}\", post_hook=\"{% set n = run_query('select count(*) from ' ~ this) %}\") }}\nselect event_id, payload from {{ source('raw', 'events') }}\n",
  });
  try {
    const engine = await Engine.open({ projectDir: p.dir });
    const sql = await renderOffline(engine, engine.findModel('load_events')!);
    assert.match(sql, /select event_id, payload from local\.raw\.events/);
  } finally {
    p.cleanup();
  }
});
