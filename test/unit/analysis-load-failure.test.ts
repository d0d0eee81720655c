// A loader crash keeps the last good project and shows one located error until a full load succeeds again.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ProjectLoader } from '../../server/src/analysis/workspace';
import { loadProject, reloadFiles } from '../../server/src/project';
import { fixtureProject } from '../lsp/fixture-project';

describe('loader failures', () => {
  it('reports bronze/load-failed while the project file cannot load, and recovers when it can', async () => {
    // A loader that crashes whenever dbt_project.yml contains the word `explode` (standing in for a loader bug).
    const crashing: ProjectLoader = {
      load: (root, req) => {
        const text = req.overlay.get(`${root}/dbt_project.yml`);
        if (text?.includes('explode')) return Promise.reject(new TypeError('boom'));
        return loadProject(root, req);
      },
      reload: (project, changed, req) => reloadFiles(project, changed, req),
    };
    const p = await fixtureProject(undefined, { loader: crashing });
    try {
      const proj = p.file('dbt_project.yml');
      const good = readFileSync(proj, 'utf8');
      await p.ws.setText(proj, good + '# explode\n');
      const codes = () => p.diagnostics().map((d) => `${d.file} ${d.code}`);
      assert.deepEqual(codes(), ['dbt_project.yml bronze/load-failed']);
      assert.equal(
        p.diagnostics()[0].message,
        'Bronze could not reload the project after editing dbt_project.yml (boom). Diagnostics show the last state that loaded; undo the edit or fix the file.',
      );
      // Editing a model meanwhile still retries the full load, so the error stays while the file is broken.
      const users = p.file('models/bronze/bz_users.sql');
      await p.ws.setText(users, readFileSync(users, 'utf8') + '\n-- touched\n');
      assert.deepEqual(codes(), ['dbt_project.yml bronze/load-failed']);
      await p.ws.setText(proj, good);
      assert.deepEqual(codes(), []);
    } finally {
      p.cleanup();
    }
  });
});
