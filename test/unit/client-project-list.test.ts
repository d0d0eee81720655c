import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProjectList } from '../../client/src/vscode/project-list';
import type { ProjectInfo } from '../../client/src/vscode/project-paths';

const info = (root: string): ProjectInfo => ({ root, name: root.slice(1), profile: 'p', modelPaths: ['models'], testPaths: ['tests'], macroPaths: ['macros'], snapshotPaths: ['snapshots'], analysisPaths: ['analyses'] });

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ProjectList', () => {
  it('keeps the newest scan when an older one finishes last (a deleted project does not come back)', async () => {
    const list = new ProjectList();
    const older = deferred<ProjectInfo[]>();
    const first = list.scan(() => older.promise);
    const second = list.scan(async () => [info('/a')]);
    assert.equal(await second, true);
    older.resolve([info('/a'), info('/deleted')]);
    assert.equal(await first, false);
    assert.deepEqual(list.all.map((p) => p.root), ['/a']);
  });

  it('drops a project whose dbt_project.yml is gone without any watcher event', async () => {
    const list = new ProjectList();
    await list.scan(async () => [info('/b'), info('/a')]);
    assert.deepEqual(list.all.map((p) => p.root), ['/a', '/b']);
    assert.equal(await list.prune(async (root) => root !== '/b'), true);
    assert.deepEqual(list.all.map((p) => p.root), ['/a']);
    assert.equal(await list.prune(async () => true), false, 'nothing changed, nothing reported');
  });

  it('reports no change when a scan finds the same projects', async () => {
    const list = new ProjectList();
    assert.equal(await list.scan(async () => [info('/a')]), true);
    assert.equal(await list.scan(async () => [info('/a')]), false);
  });
});
