import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph, COMMAND_SELECTION, selectNodes, SelectorError, type SelectOptions } from '../../server/src/graph';
import { ProjectBuilder, ROOT } from './helpers/graph-fixtures';

// raw.users ──▶ stg_users ──▶ dim_users ──┐
// raw.meetings ▶ stg_meetings ───────────▶ fct_meetings ──▶ rpt_daily
// other.events (unused)      util_pkg.calendar      legacy/old (disabled) ──▶ uses_old (enabled)
function project() {
  const b = new ProjectBuilder('proj');
  const rawUsers = b.source('raw', 'users');
  const rawMeetings = b.source('raw', 'meetings');
  b.source('other', 'events', { path: 'models/other/sources.yml' });
  const stgUsers = b.model('stg_users', {
    deps: [rawUsers],
    path: 'models/staging/stg_users.sql',
    tags: ['staging'],
    config: { tags: ['pii'] },
    patchFile: `${ROOT}/models/staging/_staging.yml`,
  });
  const stgMeetings = b.model('stg_meetings', { deps: [rawMeetings], path: 'models/staging/stg_meetings.sql', tags: ['staging'] });
  const dimUsers = b.model('dim_users', {
    deps: [stgUsers],
    path: 'models/marts/dim_users.sql',
    config: { materialized: 'table', cluster_by: ['region', 'plan'], transient: false, meta: { owner: 'ana' } },
  });
  const fct = b.model('fct_meetings', {
    deps: [stgMeetings, dimUsers],
    path: 'models/marts/fct_meetings.sql',
    config: { materialized: 'incremental', tags: ['nightly'] },
  });
  const rpt = b.model('rpt_daily', { deps: [fct], path: 'models/marts/reports/rpt_daily.sql' });
  b.model('calendar', { packageName: 'util_pkg', path: 'models/calendar.sql' });
  const old = b.model('old', { path: 'models/legacy/old.sql', config: { enabled: false } });
  b.model('uses_old', { deps: [old], path: 'models/legacy/uses_old.sql' });
  b.generic('not_null', stgUsers, { column: 'user_id' });
  b.generic('unique', dimUsers, { column: 'user_id', config: { severity: 'warn' } });
  b.generic('relationships', fct, { column: 'user_id', deps: [dimUsers] });
  b.generic('not_null', rawUsers, { column: 'id', path: 'models/sources.yml' });
  b.generic('expression_is_true', rpt, { namespace: 'dbt_utils' });
  b.generic('not_null', old, { column: 'id' });
  b.singular('assert_meetings_positive', [fct], { tags: ['nightly'] });
  return b.build();
}

const P = project();
const G = buildGraph(P);

/** Selected nodes as short names (`stg_users`, `raw.users`, `not_null_stg_users_user_id`). */
function sel(options: SelectOptions): string[] {
  return selectNodes(P, G, options).map((id) => id.split('.').slice(2).join('.'));
}
/** Method results alone: no indirect tests. */
const only = (...select: string[]): string[] => sel({ select, indirectSelection: 'empty' });

test('fqn: model name, globs, folder prefix, full fqn and package-qualified names', () => {
  assert.deepEqual(only('stg_users'), ['stg_users']);
  assert.deepEqual(only('stg_*'), ['stg_meetings', 'stg_users']);
  assert.deepEqual(only('?im_users'), ['dim_users']);
  assert.deepEqual(only('proj.marts'), ['dim_users', 'fct_meetings', 'rpt_daily']);
  assert.deepEqual(only('proj.marts.reports.*'), ['rpt_daily']);
  assert.deepEqual(only('fqn:proj.staging.stg_users'), ['stg_users']);
  assert.deepEqual(only('proj.dim_users'), ['dim_users']);
  assert.deepEqual(only('util_pkg.*'), ['calendar']);
  assert.deepEqual(only('*.marts.*', ), ['dim_users', 'fct_meetings', 'rpt_daily']);
  assert.deepEqual(only('nope'), []);
});

test('tag: own and config tags, with globs', () => {
  assert.deepEqual(only('tag:staging'), ['stg_meetings', 'stg_users']);
  assert.deepEqual(only('tag:pii'), ['stg_users']);
  assert.deepEqual(only('tag:night*'), ['fct_meetings', 'assert_meetings_positive']);
});

test('path: folders, files, globs, ./ and absolute forms, schema.yml of a model', () => {
  const staging = ['stg_meetings', 'stg_users'];
  assert.deepEqual(only('models/staging'), staging);
  assert.deepEqual(only('models/staging/'), staging);
  assert.deepEqual(only('./models/staging'), staging);
  assert.deepEqual(only(`path:${ROOT}/models/staging`), staging);
  assert.deepEqual(only('path:models/marts/dim_users.sql'), ['dim_users']);
  assert.deepEqual(only('models/marts/dim_*.sql'), ['dim_users']);
  assert.deepEqual(only('models/*/fct_*.sql'), ['fct_meetings']);
  assert.deepEqual(only('models/**/rpt_*.sql'), ['rpt_daily']);
  assert.deepEqual(only('path:models/marts'), ['dim_users', 'fct_meetings', 'rpt_daily']);
  assert.deepEqual(only('path:models/other'), ['other.events']);
  assert.deepEqual(only('path:tests'), ['assert_meetings_positive']);
  assert.deepEqual(only('models/staging/_staging.yml'), ['stg_users']);
  // models/sta is a prefix of a folder name, not a folder.
  assert.deepEqual(only('models/sta'), []);
});

test('file: file name with or without extension, globs', () => {
  assert.deepEqual(only('stg_users.sql'), ['stg_users']);
  assert.deepEqual(only('file:stg_users'), ['stg_users']);
  assert.deepEqual(only('file:stg_*.sql'), ['stg_meetings', 'stg_users']);
  assert.deepEqual(only('file:assert_meetings_positive.sql'), ['assert_meetings_positive']);
});

test('package: by name, glob, and `this` for the root project', () => {
  assert.deepEqual(only('package:util_pkg'), ['calendar']);
  assert.deepEqual(only('package:util_*'), ['calendar']);
  assert.equal(only('package:this').includes('calendar'), false);
  assert.equal(only('package:this').length, only('package:proj').length);
});

test('source: source name, table, globs, package-qualified, and graph operators', () => {
  assert.deepEqual(only('source:raw'), ['raw.meetings', 'raw.users']);
  assert.deepEqual(only('source:raw.users'), ['raw.users']);
  assert.deepEqual(only('source:raw.*'), ['raw.meetings', 'raw.users']);
  assert.deepEqual(only('source:*.events'), ['other.events']);
  assert.deepEqual(only('source:proj.raw.users'), ['raw.users']);
  assert.deepEqual(only('source:util_pkg.raw.users'), []);
  // Topological order, ties by unique_id: `model.…` sorts before `test.…`, so ready models go first.
  assert.deepEqual(only('source:raw.users+'), [
    'raw.users',
    'stg_users',
    'dim_users',
    'fct_meetings',
    'rpt_daily',
    'assert_meetings_positive',
    'dbt_utils_expression_is_true_rpt_daily',
    'not_null_raw_users_id',
    'not_null_stg_users_user_id',
    'relationships_fct_meetings_user_id',
    'unique_dim_users_user_id',
  ]);
  assert.deepEqual(only('source:raw.users+1'), ['raw.users', 'stg_users', 'not_null_raw_users_id']);
  assert.deepEqual(only('+source:raw.users'), ['raw.users']);
});

test('resource_type, test_type and test_name', () => {
  assert.deepEqual(only('resource_type:source'), ['other.events', 'raw.meetings', 'raw.users']);
  // model.proj.uses_old sorts before model.util_pkg.calendar.
  assert.deepEqual(only('resource_type:model'), [
    'uses_old',
    'calendar',
    'stg_meetings',
    'stg_users',
    'dim_users',
    'fct_meetings',
    'rpt_daily',
  ]);
  assert.deepEqual(only('test_type:singular'), ['assert_meetings_positive']);
  assert.deepEqual(only('test_type:data'), ['assert_meetings_positive']);
  assert.deepEqual(only('test_type:generic'), [
    'dbt_utils_expression_is_true_rpt_daily',
    'not_null_raw_users_id',
    'not_null_stg_users_user_id',
    'relationships_fct_meetings_user_id',
    'unique_dim_users_user_id',
  ]);
  assert.deepEqual(only('test_type:unit'), []);
  assert.deepEqual(only('test_name:not_null'), ['not_null_raw_users_id', 'not_null_stg_users_user_id']);
  assert.deepEqual(only('test_name:dbt_utils.expression_is_true'), ['dbt_utils_expression_is_true_rpt_daily']);
  assert.deepEqual(only('test_name:expression_*'), ['dbt_utils_expression_is_true_rpt_daily']);
});

test('config.<key>: scalars, list values (any element), booleans, nested keys, severity in any case', () => {
  assert.deepEqual(only('config.materialized:incremental'), ['fct_meetings']);
  assert.deepEqual(only('config.materialized:table'), ['dim_users']);
  assert.deepEqual(only('config.cluster_by:plan'), ['dim_users']);
  assert.deepEqual(only('config.cluster_by:region'), ['dim_users']);
  assert.deepEqual(only('config.cluster_by:regio'), []);
  assert.deepEqual(only('config.tags:nightly'), ['fct_meetings']);
  assert.deepEqual(only('config.transient:FALSE'), ['dim_users']);
  assert.deepEqual(only('config.meta.owner:ana'), ['dim_users']);
  assert.deepEqual(only('config.severity:WARN'), ['unique_dim_users_user_id']);
  assert.deepEqual(only('config.no_such_key:x'), []);
});

test('graph operators: +m, m+, 2+m, m+1 and @m', () => {
  assert.deepEqual(only('+dim_users'), ['raw.users', 'stg_users', 'dim_users']);
  assert.deepEqual(only('1+dim_users'), ['stg_users', 'dim_users']);
  assert.deepEqual(only('2+fct_meetings'), ['raw.meetings', 'stg_meetings', 'stg_users', 'dim_users', 'fct_meetings']);
  assert.deepEqual(only('fct_meetings+'), [
    'fct_meetings',
    'rpt_daily',
    'assert_meetings_positive',
    'dbt_utils_expression_is_true_rpt_daily',
    'relationships_fct_meetings_user_id',
  ]);
  assert.deepEqual(only('fct_meetings+1'), ['fct_meetings', 'rpt_daily', 'assert_meetings_positive', 'relationships_fct_meetings_user_id']);
  assert.deepEqual(sel({ select: ['stg_meetings+'], resourceTypes: ['model'] }), ['stg_meetings', 'fct_meetings', 'rpt_daily']);
  // @stg_meetings: its descendants (fct_meetings, rpt_daily, tests) plus every ancestor of those,
  // which brings in the users branch that feeds fct_meetings.
  assert.deepEqual(sel({ select: ['@stg_meetings'], resourceTypes: ['model', 'source'] }), [
    'raw.meetings',
    'stg_meetings',
    'raw.users',
    'stg_users',
    'dim_users',
    'fct_meetings',
    'rpt_daily',
  ]);
});

test('union, intersection and exclude', () => {
  assert.deepEqual(only('stg_users dim_users'), ['stg_users', 'dim_users']);
  assert.deepEqual(only('stg_users', 'dim_users'), ['stg_users', 'dim_users']);
  assert.deepEqual(only('tag:staging,stg_u*'), ['stg_users']);
  assert.deepEqual(only('proj.marts,config.materialized:table path:models/staging'), ['stg_meetings', 'stg_users', 'dim_users']);
  assert.deepEqual(only('tag:staging,tag:nightly'), []);
  assert.deepEqual(
    sel({ select: ['resource_type:model'], exclude: ['proj.marts', 'package:util_pkg'], indirectSelection: 'empty' }),
    ['uses_old', 'stg_meetings', 'stg_users'],
  );
  assert.deepEqual(sel({ select: ['+rpt_daily'], exclude: ['+stg_users'], resourceTypes: ['model'] }), [
    'stg_meetings',
    'dim_users',
    'fct_meetings',
    'rpt_daily',
  ]);
});

test('eager indirect selection: a test comes with ANY selected parent, and goes with an excluded one', () => {
  assert.deepEqual(sel({ select: ['dim_users'] }), ['dim_users', 'relationships_fct_meetings_user_id', 'unique_dim_users_user_id']);
  // Excluding fct_meetings also excludes the tests hanging off it, although dim_users stays selected.
  assert.deepEqual(sel({ select: ['dim_users fct_meetings'], exclude: ['fct_meetings'] }), ['dim_users', 'unique_dim_users_user_id']);
  // Tests only (the `test` command): the tests of the selected models.
  assert.deepEqual(sel({ select: ['stg_users', 'dim_users'], resourceTypes: ['test'] }), [
    'not_null_stg_users_user_id',
    'relationships_fct_meetings_user_id',
    'unique_dim_users_user_id',
  ]);
});

test('cautious indirect selection: a test comes only when ALL its parents are selected', () => {
  assert.deepEqual(sel({ select: ['dim_users'], indirectSelection: 'cautious' }), ['dim_users', 'unique_dim_users_user_id']);
  // The two parents come from two criteria of a union; the held-back test is admitted at the end.
  assert.deepEqual(sel({ select: ['dim_users', 'fct_meetings'], indirectSelection: 'cautious' }), [
    'dim_users',
    'fct_meetings',
    'assert_meetings_positive',
    'relationships_fct_meetings_user_id',
    'unique_dim_users_user_id',
  ]);
  assert.deepEqual(sel({ select: ['dim_users'], indirectSelection: 'empty' }), ['dim_users']);
});

test('disabled nodes and tests on them are never selected', () => {
  assert.deepEqual(only('path:models/legacy'), ['uses_old']);
  assert.deepEqual(sel({ select: ['old', 'old+', '@old', 'test_name:not_null'], resourceTypes: ['model', 'test'] }), [
    'not_null_raw_users_id',
    'not_null_stg_users_user_id',
  ]);
  assert.equal(sel({ select: ['fqn:*'] }).includes('old'), false);
});

test('defaults per command when nothing is selected', () => {
  assert.deepEqual(sel({ ...COMMAND_SELECTION.run }), [
    'uses_old',
    'calendar',
    'stg_meetings',
    'stg_users',
    'dim_users',
    'fct_meetings',
    'rpt_daily',
  ]);
  assert.deepEqual(sel({ ...COMMAND_SELECTION.test }), [
    'assert_meetings_positive',
    'dbt_utils_expression_is_true_rpt_daily',
    'not_null_raw_users_id',
    'not_null_stg_users_user_id',
    'relationships_fct_meetings_user_id',
    'unique_dim_users_user_id',
  ]);
  assert.equal(sel({ ...COMMAND_SELECTION.build }).length, 13);
  // Without a command default: every enabled model plus (eager) their tests.
  assert.deepEqual(sel({ resourceTypes: ['test'] }), [
    'assert_meetings_positive',
    'dbt_utils_expression_is_true_rpt_daily',
    'not_null_stg_users_user_id',
    'relationships_fct_meetings_user_id',
    'unique_dim_users_user_id',
  ]);
  assert.deepEqual(sel({ select: [], defaultSelect: ['tag:pii'] }), ['stg_users', 'not_null_stg_users_user_id']);
});

test('selection results come in topological order and bad selectors throw SelectorError', () => {
  const ids = selectNodes(P, G, { select: ['fqn:*'] });
  const pos = new Map(ids.map((id, i) => [id, i]));
  for (const id of ids) for (const parent of G.parents(id)) assert.ok(pos.get(parent)! < pos.get(id)!, `${parent} before ${id}`);
  assert.throws(() => selectNodes(P, G, { select: ['ok'], exclude: ['tag:'] }), SelectorError);
});
