// Which CSVs the extension offers "Load seed" on: files under the project's seed-paths, named after the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { seedNameOf, seedPathsOf } from '../../client/src/vscode/seed-paths';

test('seed-paths default to seeds/ and follow dbt_project.yml', () => {
  assert.deepEqual(seedPathsOf('name: p\n'), ['seeds']);
  assert.deepEqual(seedPathsOf('name: p\nseed-paths: ["data", "ref"]\n'), ['data', 'ref']);
  assert.deepEqual(seedPathsOf('name: [unclosed'), ['seeds']);
  assert.equal(seedNameOf('/w/p', ['seeds'], '/w/p/seeds/sub/plan_types.csv'), 'plan_types');
  assert.equal(seedNameOf('/w/p', ['seeds'], '/w/p/models/plan_types.csv'), undefined);
  assert.equal(seedNameOf('/w/p', ['seeds'], '/w/p/seeds/notes.txt'), undefined);
  assert.equal(seedNameOf('/w/p', ['data'], '/w/p/data/x.CSV'), 'x');
});

test('the seed commands are contributed with titles and shown on CSV files', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string; when: string }[]> } };
  const titles = Object.fromEntries(pkg.contributes.commands.map((c) => [c.command, c.title]));
  assert.equal(titles['bronze.loadSeed'], 'Load seed');
  assert.equal(titles['bronze.fullRefreshSeed'], 'Full-refresh seed');
  for (const menu of ['editor/context', 'explorer/context']) {
    assert.ok(pkg.contributes.menus[menu].some((m) => m.command === 'bronze.loadSeed' && m.when === 'resourceExtname == .csv'), menu);
  }
});
