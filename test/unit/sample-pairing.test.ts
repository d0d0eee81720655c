// `sample --synthetic` honours singular tests of the "one b per a" shape (`select a, count(distinct b) … group by a
// having count(distinct b) > 1`) on a model built straight from a source: the columns it passes through, renames or
// coalesces hold one value per value of the other, in every row (repeated keys and padded-text dirt included).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from '../../server/src/engine';
import { planSynthetic, type TablePlan } from '../../client/src/sample/plan';
import { functionalDependencyOf, sourceColumnsOfModelColumn } from '../../client/src/sample/pairing';
import { syntheticInsert } from '../../client/src/sample/sql';

const MODEL = `with source as (
    select * from {{ source('telemetry', 'server') }}
), renamed as (
    select
        id as event_id
        , user_id as server_id
        , case
            when user_id = 'community' and coalesce(context_traits_installationid, context_traits_installation_id) is not null then 'fixed'
            else coalesce(context_traits_installationid, context_traits_installation_id)
        end as installation_id
        , version
        , updated_at
    from source
    where id is not null
)
select renamed.* from renamed
`;

const ONE_SERVER = `-- Assert that only one server id exists for a given installation id
select
    installation_id, count(distinct server_id) as server_count
from
    {{ ref('stg_server') }}
where
    installation_id is not null
group by installation_id
having count(distinct server_id) > 1`;

// Grouped by server_id with only installation_id filtered: NULL server ids are one group, which must not hold two.
const ONE_INSTALLATION = `select server_id, count(distinct installation_id) as installation_count
from {{ ref('stg_server') }}
where installation_id is not null
group by server_id
having count(distinct installation_id) > 1
`;

async function project(t: TestContext): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-pairing-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await mkdir(path.join(dir, 'tests'));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: telemetry\n    tables:\n      - name: server\n');
  await writeFile(path.join(dir, 'models', 'stg_server.sql'), MODEL);
  await writeFile(path.join(dir, 'tests', 'one_server_per_installation.sql'), ONE_SERVER);
  await writeFile(path.join(dir, 'tests', 'one_installation_per_server.sql'), ONE_INSTALLATION);
  return Engine.open({ projectDir: dir, cliVars: {} });
}

/** Rows of the two singular tests over the values a plan generates, read through the model's renames. */
async function violations(t: TestContext, plan: TablePlan): Promise<number[]> {
  const insert = syntheticInsert(plan, { seed: 7, days: 365, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() });
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  const stg =
    `with t as (${insert.replace(/^INSERT INTO [^\n]*\n/, '')}), stg as (select user_id as server_id, ` +
    `case when user_id = 'community' then 'fixed' else coalesce(context_traits_installationid, context_traits_installation_id) end as installation_id from t where id is not null) `;
  const count = async (a: string, b: string): Promise<number> => {
    const reader = await conn.runAndReadAll(`${stg} select count(*) from (select ${a} from stg where installation_id is not null group by ${a} having count(distinct ${b}) > 1)`);
    return Number(reader.getRows()[0][0]);
  };
  return [await count('installation_id', 'server_id'), await count('server_id', 'installation_id')];
}

describe('one value per value: singular tests pairing two columns', () => {
  it('reads the test shape and the model columns it binds', () => {
    assert.deepEqual(functionalDependencyOf(ONE_SERVER), { model: 'stg_server', by: 'installation_id', counted: 'server_id' });
    assert.deepEqual(functionalDependencyOf(ONE_INSTALLATION), { model: 'stg_server', by: 'server_id', counted: 'installation_id' });
    assert.equal(functionalDependencyOf(`select a, count(distinct b) from {{ ref('m') }} group by a having count(distinct b) > 2`), undefined);
    assert.equal(functionalDependencyOf(`select a, count(*) from {{ ref('m') }} group by a having count(*) > 1`), undefined);
    assert.deepEqual(sourceColumnsOfModelColumn(MODEL, 'server_id'), ['user_id']);
    assert.deepEqual(sourceColumnsOfModelColumn(MODEL, 'installation_id'), ['context_traits_installationid', 'context_traits_installation_id']);
    assert.deepEqual(sourceColumnsOfModelColumn(MODEL, 'version'), ['version']);
  });

  it('writes the source so that both tests return no rows, repeated keys included', async (t) => {
    const engine = await project(t);
    const plan = planSynthetic(engine.project, { rows: 400, clean: false }).find((p) => p.label === 'telemetry.server')!;
    const paired = plan.columns.filter((c) => c.pairing).map((c) => c.name.toLowerCase());
    assert.deepEqual(paired.sort(), ['context_traits_installation_id', 'context_traits_installationid', 'user_id']);
    // Repeated keys (the dirt a de-duplicating model removes) keep their pairing too.
    assert.deepEqual(await violations(t, { ...plan, duplicates: 40 }), [0, 0]);
    // Without the pairing the same columns break both tests: the fixture can fail.
    const unpaired = { ...plan, columns: plan.columns.map(({ pairing: _, ...c }) => ({ ...c, dirty: c.kind === 'text' })) };
    const [a, b] = await violations(t, unpaired);
    assert.ok(a > 0 && b > 0, `unpaired values break the tests (${a}, ${b})`);
  });
});
