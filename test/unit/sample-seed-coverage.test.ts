// `sample --synthetic` honours a singular test that every row of a seed has a match in a model (mattermost's
// test_tracks__documented_actions_have_telemetry: each documented playbook action must have telemetry): the seed's
// rows are written, in turn, into the source columns the model's columns are renamed from.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../server/src/engine';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { seedCoverageOf } from '../../client/src/sample/seed-coverage';

const COVERAGE_TEST = `-- documented actions without telemetry
with telemetry_actions as (
    select event_name, event_action, max(received_at) from {{ ref('stg_events') }} group by event_name, event_action
)
select pe.event_name, pe.event_action
from {{ ref('tracking_plan') }} pe
    left join telemetry_actions t
        on t.event_name = pe.event_name
            and ((t.event_action = pe.event_action) or (t.event_action is null and pe.event_action is null))
where t.event_name is null and t.event_action is null
`;

async function project(t: TestContext, seedCsv: string): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-seed-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const d of ['models', 'seeds', 'tests']) await mkdir(path.join(dir, d));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n');
  await writeFile(
    path.join(dir, 'models', 'stg_events.sql'),
    "select id as event_id, event_text as event_name, action as event_action, received_at from {{ source('raw', 'events') }}\n",
  );
  await writeFile(path.join(dir, 'seeds', 'tracking_plan.csv'), seedCsv);
  await writeFile(path.join(dir, 'tests', 'documented_actions_have_telemetry.sql'), COVERAGE_TEST);
  return Engine.open({ projectDir: dir, cliVars: {} });
}

describe('seed rows a singular test asks the models to cover', () => {
  it('reads the seed, the model and the joined columns from the test', () => {
    const isSeed = (n: string) => n === 'tracking_plan';
    assert.deepEqual(seedCoverageOf(COVERAGE_TEST, isSeed), {
      seed: 'tracking_plan',
      model: 'stg_events',
      columns: [
        { seedColumn: 'event_name', modelColumn: 'event_name' },
        { seedColumn: 'event_action', modelColumn: 'event_action' },
      ],
    });
    // Not that shape: an inner join, or no "no match" filter.
    assert.equal(seedCoverageOf(COVERAGE_TEST.replace('left join', 'join'), isSeed), undefined);
    assert.equal(seedCoverageOf(COVERAGE_TEST.replace(/where[\s\S]*$/, ''), isSeed), undefined);
  });

  it('writes every seed row into the renamed source columns, with enough rows (mattermost playbooks plan)', async (t) => {
    const rows = Array.from({ length: 40 }, (_, i) => `event_${i % 7},${i % 5 === 0 ? '' : `action_${i}`}`);
    const engine = await project(t, `event_name,event_action\n${rows.join('\n')}\n`);
    const plan = planSynthetic(engine.project, { rows: 10, clean: false })[0];
    assert.equal(plan.rows, 40);
    const select = syntheticInsert(plan, { seed: 1, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const seedValues = rows.map((r) => r.split(',')).map(([n, a]) => `('${n}', ${a ? `'${a}'` : 'NULL'})`).join(', ');
    const reader = await conn.runAndReadAll(
      `with s(event_text, action) as (values ${seedValues}), t as (${select})
       select count(*) from s where not exists (select 1 from t where t.event_text = s.event_text and t.action is not distinct from s.action)`,
    );
    assert.equal(Number(reader.getRows()[0][0]), 0);
  });
});
