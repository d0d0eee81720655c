// Which {% materialization %} block runs a model: dbt-core's Manifest.find_materialization_macro_by_name (the
// adapter's own block before `default`, wherever each is defined; among the same macro, root project > package >
// dbt), and the loader naming each block `materialization_<name>_<adapter>` as dbt's manifest does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMaterializationMacro, materializationMacroName } from '../../server/src/template/materialization-lookup';
import { loadProject } from '../../server/src/project';

const m = (packageName: string, name: string) => ({ packageName, name });

test('the adapter-specific block beats a default one, even when the default is the root project’s', () => {
  const macros = [m('root', 'materialization_x_default'), m('pkg', 'materialization_x_snowflake')];
  assert.deepEqual(findMaterializationMacro(macros, 'x', 'snowflake', 'root'), m('pkg', 'materialization_x_snowflake'));
});

test('among blocks of the same adapter: root project, then an installed package, then dbt', () => {
  const all = [m('dbt', 'materialization_x_default'), m('pkg', 'materialization_x_default'), m('root', 'materialization_x_default')];
  assert.equal(findMaterializationMacro(all, 'x', 'snowflake', 'root')?.packageName, 'root');
  assert.equal(findMaterializationMacro(all.slice(0, 2), 'x', 'snowflake', 'root')?.packageName, 'pkg');
  assert.equal(findMaterializationMacro(all.slice(0, 1), 'x', 'snowflake', 'root')?.packageName, 'dbt');
});

test('a block for another adapter only is not found; nor is a plain macro of a similar name', () => {
  assert.equal(findMaterializationMacro([m('root', 'materialization_x_bigquery'), m('root', 'x')], 'x', 'snowflake', 'root'), undefined);
});

test('the loader registers each block under dbt’s macro name: adapter as written, `default` when none or `default`', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bronze-matlookup-'));
  try {
    writeFileSync(join(dir, 'dbt_project.yml'), "name: ml\nversion: '1.0.0'\nconfig-version: 2\nprofile: ml\n");
    mkdirSync(join(dir, 'macros'));
    writeFileSync(
      join(dir, 'macros', 'mats.sql'),
      [
        "{% materialization a, adapter='snowflake' %}{{ return({'relations': []}) }}{% endmaterialization %}",
        '{% materialization b, default %}{{ return({\'relations\': []}) }}{% endmaterialization %}',
        '{% materialization c %}{{ return({\'relations\': []}) }}{% endmaterialization %}',
        '',
      ].join('\n'),
    );
    const project = await loadProject(dir);
    const names = [...project.macros.values()].filter((x) => x.packageName === 'ml').map((x) => x.name).sort();
    assert.deepEqual(names, [materializationMacroName('a', 'snowflake'), materializationMacroName('b', 'default'), materializationMacroName('c', 'default')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
