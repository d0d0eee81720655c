import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, selectNodes, StateComparison, type ManifestDocument } from '../../server/src/graph';
import { buildManifest } from '../../server/src/engine';
import { BronzeError } from '../../server/src/core/types';
import { ProjectBuilder } from './helpers/graph-fixtures';

// raw.users ──▶ stg_users ──▶ dim_users ──▶ rpt_users        plan_types (seed) ──▶ dim_users
function project() {
  const b = new ProjectBuilder('proj');
  const raw = b.source('raw', 'users');
  const seed = b.model('plan_types', { resourceType: 'seed', path: 'seeds/plan_types.csv', config: { materialized: 'seed' } });
  const stg = b.model('stg_users', { deps: [raw], config: { materialized: 'view' } });
  const dim = b.model('dim_users', { deps: [stg, seed], config: { materialized: 'table' } });
  b.model('rpt_users', { deps: [dim] });
  b.generic('not_null', dim, { column: 'user_id' });
  return b.build();
}

const P = project();
const G = buildGraph(P);
type Doc = ManifestDocument & { nodes: Record<string, Record<string, unknown>>; sources: Record<string, Record<string, unknown>>; macros: Record<string, Record<string, unknown>> };

/** The current manifest, as Bronze writes it for P. */
const current = (): Doc => JSON.parse(JSON.stringify(buildManifest(P, { targetName: 'dev', adapterType: 'duckdb' }))) as Doc;

/** A saved manifest: the current one with `edit` applied (what the project looked like before). */
function saved(edit: (doc: Doc) => void): Doc {
  const doc = current();
  edit(doc);
  return doc;
}

function pick(state: Doc, now: Doc, ...select: string[]): string[] {
  return selectNodes(P, G, { select, state: new StateComparison(state, now), indirectSelection: 'empty' }).map((id) => id.split('.').slice(2).join('.'));
}

const DIM = 'model.proj.dim_users';

test('an identical saved manifest: everything is old and unmodified, nothing modified or new', () => {
  const now = current();
  const before = saved(() => {});
  assert.deepEqual(pick(before, now, 'state:modified'), []);
  assert.deepEqual(pick(before, now, 'state:new'), []);
  assert.deepEqual(pick(before, now, 'state:unmodified').length, Object.keys(now.nodes).length + Object.keys(now.sources).length);
  assert.deepEqual(pick(before, now, 'state:old').length, Object.keys(now.nodes).length + Object.keys(now.sources).length);
});

test('a body edit is modified and modified.body, not modified.configs; graph operators apply', () => {
  const now = current();
  const before = saved((d) => {
    d.nodes[DIM].raw_code = 'select 1 as user_id';
  });
  assert.deepEqual(pick(before, now, 'state:modified'), ['dim_users']);
  assert.deepEqual(pick(before, now, 'state:modified.body'), ['dim_users']);
  assert.deepEqual(pick(before, now, 'state:modified.configs'), []);
  // A generic test on the model is its child in the graph.
  assert.deepEqual(pick(before, now, 'state:modified+'), ['dim_users', 'rpt_users', 'not_null_dim_users_user_id']);
  assert.deepEqual(pick(before, now, 'state:modified+,resource_type:model'), ['dim_users', 'rpt_users']);
  assert.deepEqual(pick(before, now, '+state:modified'), ['plan_types', 'raw.users', 'stg_users', 'dim_users'].sort((a, b) => order(a) - order(b)));
  assert.deepEqual(new Set(pick(before, now, '@state:modified')), new Set(['plan_types', 'raw.users', 'stg_users', 'dim_users', 'rpt_users', 'not_null_dim_users_user_id']));
  // Eager indirect selection brings the model's test along, as dbt's `state:modified+` does.
  assert.ok(selectNodes(P, G, { select: ['state:modified'], state: new StateComparison(before, now) }).includes('test.proj.not_null_dim_users_user_id'));
});

function order(name: string): number {
  return selectNodes(P, G, { select: ['fqn:*', 'source:*'], indirectSelection: 'empty' }).findIndex((id) => id.endsWith(`.${name}`));
}

test('configs compare as written (unrendered); tags never count; schema/alias/database are modified.relation', () => {
  const now = current();
  now.nodes[DIM].unrendered_config = { materialized: 'table', unique_key: 'user_id', tags: ['a'], schema: 'marts' };
  const tagsOnly = saved((d) => {
    d.nodes[DIM].unrendered_config = { materialized: 'table', unique_key: 'user_id', tags: ['b'], schema: 'marts' };
  });
  assert.deepEqual(pick(tagsOnly, now, 'state:modified'), []);

  const keyChanged = saved((d) => {
    d.nodes[DIM].unrendered_config = { materialized: 'table', unique_key: 'id', tags: ['a'], schema: 'marts' };
  });
  assert.deepEqual(pick(keyChanged, now, 'state:modified.configs'), ['dim_users']);
  assert.deepEqual(pick(keyChanged, now, 'state:modified.relation'), []);

  const keyAdded = saved((d) => {
    d.nodes[DIM].unrendered_config = { materialized: 'table', tags: ['a'], schema: 'marts' };
  });
  assert.deepEqual(pick(keyAdded, now, 'state:modified.configs'), ['dim_users'], 'a key set on one side only is a change');

  const schemaChanged = saved((d) => {
    d.nodes[DIM].unrendered_config = { materialized: 'table', unique_key: 'user_id', tags: ['a'], schema: 'staging' };
  });
  assert.deepEqual(pick(schemaChanged, now, 'state:modified.relation'), ['dim_users']);
  assert.deepEqual(pick(schemaChanged, now, 'state:modified.configs'), []);
  assert.deepEqual(pick(schemaChanged, now, 'state:modified'), ['dim_users']);
  // Key order inside a config value is not a change (Python dicts compare by content).
  now.nodes[DIM].unrendered_config = { materialized: 'table', persist_docs: { relation: true, columns: false } };
  const reordered = saved((d) => {
    d.nodes[DIM].unrendered_config = { persist_docs: { columns: false, relation: true }, materialized: 'table' };
  });
  assert.deepEqual(pick(reordered, now, 'state:modified.configs'), []);
});

test('descriptions are modified only where persist_docs writes them', () => {
  const now = current();
  now.nodes[DIM].description = 'Users, one row each';
  (now.nodes[DIM].columns as Record<string, unknown>) = { user_id: { name: 'user_id', description: 'the key' } };
  const before = saved((d) => {
    d.nodes[DIM].description = 'Users';
    (d.nodes[DIM].columns as Record<string, unknown>) = { user_id: { name: 'user_id', description: 'key' } };
  });
  assert.deepEqual(pick(before, now, 'state:modified'), [], 'without persist_docs a description is not a change');
  (now.nodes[DIM].config as Record<string, unknown>).persist_docs = { relation: true };
  assert.deepEqual(pick(before, now, 'state:modified.persisted_descriptions'), ['dim_users']);
  (now.nodes[DIM].config as Record<string, unknown>).persist_docs = { columns: true };
  now.nodes[DIM].description = 'Users';
  assert.deepEqual(pick(before, now, 'state:modified.persisted_descriptions'), ['dim_users']);
  assert.deepEqual(pick(before, now, 'state:modified'), ['dim_users']);
});

test('contracts: becoming enforced, a column type change and a removed column are modified.contract', () => {
  const enforce = (d: Doc, cols: Record<string, string>) => {
    (d.nodes[DIM].config as Record<string, unknown>).contract = { enforced: true };
    d.nodes[DIM].columns = Object.fromEntries(Object.entries(cols).map(([name, type]) => [name, { name, description: '', data_type: type }]));
  };
  const now = current();
  enforce(now, { user_id: 'number', email: 'varchar' });
  const notEnforced = saved((d) => {
    d.nodes[DIM].columns = now.nodes[DIM].columns;
  });
  assert.deepEqual(pick(notEnforced, now, 'state:modified.contract'), ['dim_users']);
  const sameContract = saved((d) => enforce(d, { email: 'varchar', user_id: 'number' }));
  assert.deepEqual(pick(sameContract, now, 'state:modified.contract'), [], 'column order does not matter');
  const typeChanged = saved((d) => enforce(d, { user_id: 'varchar', email: 'varchar' }));
  assert.deepEqual(pick(typeChanged, now, 'state:modified.contract'), ['dim_users']);
  assert.deepEqual(pick(typeChanged, now, 'state:modified'), ['dim_users']);
  const columnRemoved = saved((d) => enforce(d, { user_id: 'number', email: 'varchar', plan: 'varchar' }));
  assert.deepEqual(pick(columnRemoved, now, 'state:modified.contract'), ['dim_users']);
  assert.deepEqual(pick(columnRemoved, now, 'state:modified.body'), []);
});

test('macros: a node whose macro (or a macro that one calls) changed is modified.macros', () => {
  const withMacros = (d: Doc): Doc => {
    d.macros['macro.proj.clean'] = { unique_id: 'macro.proj.clean', macro_sql: '{% macro clean(x) %}trim({{ x }}){% endmacro %}', depends_on: { macros: [] } };
    d.macros['macro.proj.normalize'] = { unique_id: 'macro.proj.normalize', macro_sql: '{% macro normalize(x) %}lower({{ clean(x) }}){% endmacro %}', depends_on: { macros: ['macro.proj.clean'] } };
    (d.nodes['model.proj.stg_users'].depends_on as { macros: string[] }).macros = ['macro.proj.normalize', 'macro.dbt.is_incremental'];
    return d;
  };
  const now = withMacros(current());
  const same = saved(withMacros);
  assert.deepEqual(pick(same, now, 'state:modified.macros'), []);
  const changedInner = saved((d) => {
    withMacros(d);
    d.macros['macro.proj.clean'].macro_sql = '{% macro clean(x) %}{{ x }}{% endmacro %}';
    // A state written by dbt lists dbt's own macros; Bronze does not write them, which is no removal.
    d.macros['macro.dbt.is_incremental'] = { unique_id: 'macro.dbt.is_incremental', macro_sql: '…' };
  });
  assert.deepEqual(pick(changedInner, now, 'state:modified.macros'), ['stg_users']);
  assert.deepEqual(pick(changedInner, now, 'state:modified'), ['stg_users']);
  assert.deepEqual(pick(changedInner, now, 'state:modified.body'), []);
  const onlyDbtMacros = saved((d) => {
    withMacros(d);
    d.macros['macro.dbt.is_incremental'] = { unique_id: 'macro.dbt.is_incremental', macro_sql: '…' };
  });
  assert.deepEqual(pick(onlyDbtMacros, now, 'state:modified'), []);
});

test('new nodes are new and modified; a new source is new but, as in dbt, not modified; seeds compare by checksum', () => {
  const now = current();
  const before = saved((d) => {
    delete d.nodes['model.proj.rpt_users'];
    delete d.sources['source.proj.raw.users'];
    (d.nodes['seed.proj.plan_types'].checksum as Record<string, unknown>) = { name: 'sha256', checksum: 'abc' };
    d.nodes['seed.proj.plan_types'].raw_code = 'ignored for seeds';
  });
  assert.deepEqual(pick(before, now, 'state:new'), ['raw.users', 'rpt_users']);
  assert.deepEqual(pick(before, now, 'state:modified').sort(), ['plan_types', 'rpt_users']);
  assert.deepEqual(pick(before, now, 'state:modified.body').sort(), ['plan_types', 'rpt_users']);
  assert.ok(!pick(before, now, 'state:old').includes('rpt_users'));
  assert.ok(!pick(before, now, 'state:unmodified').includes('rpt_users'));
  // Intersections and exclusion combine as with any method.
  assert.deepEqual(pick(before, now, 'state:modified,resource_type:model'), ['rpt_users']);
  assert.deepEqual(
    selectNodes(P, G, { select: ['state:modified+'], exclude: ['resource_type:seed'], state: new StateComparison(before, now), indirectSelection: 'empty' }).map((id) => id.split('.').pop()),
    ['dim_users', 'rpt_users', 'not_null_dim_users_user_id'],
  );
});

test('a state: selector without --state is a clear error, not an empty selection', () => {
  assert.throws(
    () => selectNodes(P, G, { select: ['state:modified+'] }),
    (err: unknown) => err instanceof BronzeError && /pass --state DIR/.test(err.message) && err.code === 'bronze/state-selector-without-state',
  );
});

test('unit tests (kept under unit_tests in the manifest) are modified when their fixtures or expectations change', () => {
  const unit = (rows: unknown[]): Record<string, unknown> => ({ unique_id: 'unit_test.proj.dim_users.t1', resource_type: 'unit_test', model: 'dim_users', fqn: ['proj', 'dim_users', 't1'], given: [{ input: "ref('stg_users')", rows }], expect: { rows: [{ user_id: 1 }] }, overrides: {}, config: { enabled: true } });
  const now = { nodes: {}, unit_tests: { 'unit_test.proj.dim_users.t1': unit([{ user_id: 1 }]) } };
  const same = new StateComparison({ nodes: {}, unit_tests: { 'unit_test.proj.dim_users.t1': unit([{ user_id: 1 }]) } }, now);
  const changed = new StateComparison({ nodes: {}, unit_tests: { 'unit_test.proj.dim_users.t1': unit([{ user_id: 2 }]) } }, now);
  const absent = new StateComparison({ nodes: {} }, now);
  assert.equal(same.matches('unit_test.proj.dim_users.t1', 'modified'), false);
  assert.equal(changed.matches('unit_test.proj.dim_users.t1', 'modified'), true);
  assert.equal(changed.matches('unit_test.proj.dim_users.t1', 'modified.body'), false);
  assert.equal(absent.matches('unit_test.proj.dim_users.t1', 'new'), true);
  assert.equal(absent.matches('unit_test.proj.dim_users.t1', 'modified'), true);
});
