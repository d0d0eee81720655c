// A dbt project written to a temporary folder (removed after the test) and opened by the engine: the small projects
// the sampler's unit tests plan from. `files` are paths relative to the project root; their folders are created.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { Engine } from '../../server/src/engine';

export async function openTempProject(t: TestContext, prefix: string, files: Record<string, string>): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'dbt_project.yml'), 'name: p\nversion: "1"\nprofile: p\n');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return Engine.open({ projectDir: dir, cliVars: {} });
}
