// The connection-free editor services (hover, definition, completion) on the base fixture.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { complete } from '../../server/src/analysis/completion';
import { definition } from '../../server/src/analysis/definition';
import { hover } from '../../server/src/analysis/hover';
import type { Position } from '../../server/src/core/types';
import { fixtureProject, type FixtureProject } from '../lsp/fixture-project';

const USERS = 'models/bronze/bz_users.sql';
const MEETINGS = 'models/bronze/bz_meetings.sql';
const SCHEMA = 'models/bronze/schema.yml';

describe('editor services', () => {
  let p: FixtureProject;
  /** Position of `needle` (plus `delta` characters) in the file's current text. */
  const at = (rel: string, needle: string, delta = 0, text?: string): Position => {
    const t = text ?? readFileSync(p.file(rel), 'utf8');
    const i = t.indexOf(needle);
    assert.ok(i >= 0, `${needle} not in ${rel}`);
    const before = t.slice(0, i + delta).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  before(async () => {
    p = await fixtureProject();
  });
  after(() => p.cleanup());

  it('hovers a source table, a selected column and a macro call', () => {
    const src = hover(p.ws, p.file(MEETINGS), at(MEETINGS, "'meetings'", 2));
    assert.match(src!.markdown, /^\*\*source\*\* `raw\.meetings`\n\n`[^`]*\.raw\.meetings`/);
    const col = hover(p.ws, p.file(USERS), at(USERS, '    user_id,', 6));
    assert.equal(col!.markdown, "**column** `user_id` of `bz_users`\n\nThe user's id.\n\ntests: `unique`, `not_null`");
    const mac = hover(p.ws, p.file(MEETINGS), at(MEETINGS, 'cents_to_dollars', 3));
    assert.equal(mac!.markdown, '```jinja\nlsp_demo.cents_to_dollars(column_name, scale)\n```');
  });

  it('hovers a model entry in schema.yml and jumps from it to the .sql file', () => {
    const h = hover(p.ws, p.file(SCHEMA), at(SCHEMA, '  - name: bz_meetings', 12));
    assert.match(h!.markdown, /^\*\*model\*\* `bz_meetings` — table/);
    const d = definition(p.ws, p.file(SCHEMA), at(SCHEMA, '  - name: bz_meetings', 12));
    assert.deepEqual(d.map((l) => l.file), [p.file(MEETINGS)]);
  });

  it('jumps from a selected column to its schema.yml entry', () => {
    const d = definition(p.ws, p.file(USERS), at(USERS, '    plan_type,', 6));
    assert.equal(d.length, 1);
    assert.equal(d[0].file, p.file(SCHEMA));
    const line = readFileSync(p.file(SCHEMA), 'utf8').split('\n')[d[0].range.start.line];
    assert.equal(line, '      - name: plan_type');
  });

  it('completes config keys and values, var names and macros', async () => {
    const text = readFileSync(p.file(MEETINGS), 'utf8').replace("{{ config(materialized='table') }}", "{{ config(materialized='', ) }}");
    await p.ws.setText(p.file(MEETINGS), text);
    const values = complete(p.ws, p.file(MEETINGS), at(MEETINGS, "materialized='", 14, text));
    assert.deepEqual(values.map((v) => v.label), ['view', 'table', 'incremental', 'ephemeral']);
    const keys = complete(p.ws, p.file(MEETINGS), at(MEETINGS, "', )", 3, text));
    assert.ok(keys.some((k) => k.label === 'unique_key' && k.insertText === 'unique_key='));
    // dbt 1.9's microbatch configs.
    assert.ok(['event_time', 'batch_size', 'begin', 'lookback', 'concurrent_batches'].every((key) => keys.some((k) => k.label === key)));
    const vars = complete(p.ws, p.file(MEETINGS), at(MEETINGS, "var('lookback_days", 5, text));
    assert.deepEqual(vars.map((v) => [v.label, v.detail]), [['lookback_days', '3 (dbt_project.yml vars)']]);
    const macros = complete(p.ws, p.file(MEETINGS), at(MEETINGS, '{{ cents_to_dollars', 3, text));
    assert.ok(macros.some((m) => m.label === 'cents_to_dollars' && m.detail === '(column_name, scale)'));
    assert.ok(macros.some((m) => m.label === 'is_incremental'));
    await p.ws.setText(p.file(MEETINGS), undefined);
  });

  it('completes undocumented output columns under a model in schema.yml', async () => {
    await p.ws.setText(p.file(USERS), readFileSync(p.file(USERS), 'utf8').replace('    plan_type,', '    plan_type,\n    company,'));
    const yml = readFileSync(p.file(SCHEMA), 'utf8').replace('      - name: updated_at\n  - name: bz_meetings', '      - name: updated_at\n      - name: \n  - name: bz_meetings');
    await p.ws.setText(p.file(SCHEMA), yml);
    const items = complete(p.ws, p.file(SCHEMA), at(SCHEMA, '      - name: \n', 14, yml));
    assert.deepEqual(items.map((i) => i.label), ['company']);
    await p.ws.setText(p.file(SCHEMA), undefined);
    await p.ws.setText(p.file(USERS), undefined);
  });
});
