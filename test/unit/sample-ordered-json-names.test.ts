// A column whose name says JSON (`*_settings`, `*_details`) is a guess of the sampler's; MIN/MAX of it say the models
// order it, and the twin refuses orderings of VARIANTs by name (variant-implicit-cast.ts). mattermost_snowflake_dbt's
// server_plugins_details takes MAX(COALESCE(r.plugins_with_settings, s.plugins_with_settings)): sampled as VARIANT by
// its name, the model was refused. Such a column is text unless a JSON path or another use says what it is.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { it, type TestContext } from 'node:test';
import { Engine } from '../../server/src/engine';
import { columnsReadFromSource } from '../../client/src/sample/usage';

async function project(t: TestContext, models: Record<string, string>): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-sample-ordered-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'models'));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  await writeFile(path.join(dir, 'models', 'src.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: plugins\n');
  for (const [name, sql] of Object.entries(models)) await writeFile(path.join(dir, 'models', `${name}.sql`), sql);
  return Engine.open({ projectDir: dir, cliVars: {} });
}

const typesOf = (engine: Engine) => columnsReadFromSource(engine.project, 'source.p.raw.plugins').map((c) => [c.name, c.dataType ?? null]);

it('types a JSON-named column that MIN/MAX order as text; a path read, or no ordering, leaves it to its name', async (t) => {
  const engine = await project(t, {
    m:
      "select max(coalesce(p.plugins_with_settings, null)) as a, min(error_details) as b, max(config_settings) as c,\n" +
      "  max(coalesce(p.user_settings:theme::varchar, '')) as d, any_value(raw_payload) as e\n" +
      "from {{ source('raw', 'plugins') }} p group by p.user_settings:theme\n",
  });
  assert.deepEqual(typesOf(engine), [
    ['plugins_with_settings', 'VARCHAR'],
    ['error_details', 'VARCHAR'],
    ['config_settings', 'VARCHAR'],
    // Read through a path: a VARIANT (the path's leaf is what MAX orders).
    ['user_settings', 'VARIANT'],
    // Not ordered: its name decides, later (no type from its uses).
    ['raw_payload', null],
  ]);
});
