// What manifest.json records for state comparison (`--state`): the config as written, macro text and the macros
// each node calls, and a model's contract; and that two loads that differ only in the environment compare equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProject } from '../../server/src/project';
import { buildManifest } from '../../server/src/engine';
import { buildGraph, selectNodes, StateComparison, type ManifestDocument } from '../../server/src/graph';

type Entry = Record<string, unknown>;

function writeProject(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-state-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const FILES = {
  'dbt_project.yml': `name: shop\nprofile: shop\nmodels:\n  shop:\n    +schema: "{{ env_var('SHOP_SCHEMA', 'core') }}"\n    +materialized: table\n`,
  'profiles.yml': `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: x.duckdb\n      schema: main\n`,
  'macros/money.sql': `{% macro cents(col) %}({{ col }} * 100)::bigint{% endmacro %}\n\n{% macro price(col) %}{{ cents(col) }} / 100.0{% endmacro %}\n`,
  'models/orders.sql': `{{ config(unique_key='id', tags=['daily'], alias=var('orders_alias', 'orders')) }}\nselect 1 as id, {{ price('2.5') }} as amount\n`,
  'models/users.sql': `select 1 as user_id\n`,
  'snapshots/users_snap.sql': `{% snapshot users_snap %}\n{{ config(unique_key='user_id', strategy='check', check_cols='all', target_schema=var('snap_schema', 'snaps')) }}\nselect * from {{ ref('users') }}\n{% endsnapshot %}\n`,
  'models/schema.yml': `version: 2\nmodels:\n  - name: users\n    config:\n      contract: {enforced: true}\n    columns:\n      - name: user_id\n        data_type: integer\n`,
};

async function manifestOf(root: string, env: Record<string, string> = {}): Promise<ManifestDocument & { nodes: Record<string, Entry>; macros: Record<string, Entry> }> {
  const project = await loadProject(root, { env });
  return JSON.parse(JSON.stringify(buildManifest(project, { targetName: 'dev', adapterType: 'duckdb' })));
}

test('manifest: unrendered_config keeps Jinja as written and only the keys the project sets', async () => {
  const root = writeProject(FILES);
  try {
    const m = await manifestOf(root, { SHOP_SCHEMA: 'prod_core' });
    const orders = m.nodes['model.shop.orders'];
    assert.deepEqual(orders.unrendered_config, {
      schema: "{{ env_var('SHOP_SCHEMA', 'core') }}",
      materialized: 'table',
      unique_key: 'id',
      tags: ['daily'],
      alias: "var('orders_alias', 'orders')",
    });
    assert.equal((orders.config as Entry).schema, 'prod_core', 'the config itself is rendered');
    assert.deepEqual(m.nodes['model.shop.users'].unrendered_config, { schema: "{{ env_var('SHOP_SCHEMA', 'core') }}", materialized: 'table', contract: { enforced: true } });
    assert.deepEqual(m.nodes['snapshot.shop.users_snap'].unrendered_config, { unique_key: 'user_id', strategy: 'check', check_cols: 'all', target_schema: "var('snap_schema', 'snaps')" });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('manifest: macro_sql is the macro block, depends_on.macros follows calls through macros', async () => {
  const root = writeProject(FILES);
  try {
    const m = await manifestOf(root);
    assert.equal(m.macros['macro.shop.cents'].macro_sql, '{% macro cents(col) %}({{ col }} * 100)::bigint{% endmacro %}');
    assert.deepEqual((m.macros['macro.shop.price'].depends_on as Entry).macros, ['macro.shop.cents']);
    assert.deepEqual((m.macros['macro.shop.cents'].depends_on as Entry).macros, []);
    assert.deepEqual((m.nodes['model.shop.orders'].depends_on as Entry).macros, ['macro.shop.price']);
    assert.deepEqual((m.nodes['model.shop.users'].depends_on as Entry).macros, []);
    const contract = m.nodes['model.shop.users'].contract as Entry;
    assert.equal(contract.enforced, true);
    assert.match(String(contract.checksum), /^[0-9a-f]{64}$/);
    assert.deepEqual(m.nodes['model.shop.orders'].contract, { enforced: false, alias_types: true, checksum: null });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('state: another environment is no change; an edited macro makes its callers modified', async () => {
  const root = writeProject(FILES);
  try {
    const prod = await manifestOf(root, { SHOP_SCHEMA: 'prod_core' });
    const dev = await manifestOf(root, { SHOP_SCHEMA: 'dev_core' });
    const project = await loadProject(root, { env: {} });
    const graph = buildGraph(project);
    const pick = (saved: ManifestDocument, now: ManifestDocument, sel: string) =>
      selectNodes(project, graph, { select: [sel], state: new StateComparison(saved, now), indirectSelection: 'empty' });
    assert.deepEqual(pick(prod, dev, 'state:modified'), [], 'a rendered schema that differs per environment is not a change');
    writeFileSync(path.join(root, 'macros/money.sql'), FILES['macros/money.sql'].replace('* 100', '* 1000'));
    const edited = await manifestOf(root, { SHOP_SCHEMA: 'dev_core' });
    assert.deepEqual(pick(prod, edited, 'state:modified'), ['model.shop.orders']);
    assert.deepEqual(pick(prod, edited, 'state:modified.macros'), ['model.shop.orders']);
    assert.deepEqual(pick(prod, edited, 'state:modified.body'), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
