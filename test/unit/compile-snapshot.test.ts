// The snapshot planner's Snowflake text: dbt-snowflake's statements for a first run and a later one, the
// strategy expressions, and the config checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configProblems } from '../../server/src/project/snapshots';
import { hashArguments, previewSnapshot, snapshotStrategy, snowflakeDialect, type SnapshotPlanInput } from '../../server/src/compile';
import { defaultConfig, mergeConfig } from '../../server/src/project/config';

const rel = { database: 'analytics', schema: 'snaps', identifier: 'users_ts' };
function input(config: Record<string, unknown>, existing: 'table' | null): SnapshotPlanInput {
  return { relation: rel, compiledSql: 'select * from analytics.raw.users', config: mergeConfig(defaultConfig('snapshot'), config), existing, preHooks: [], postHooks: [] };
}
const TS = { strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' };

test('first run on Snowflake: a transient table (unless transient: false) of the query and the meta columns; query_tag set and restored', () => {
  const first = previewSnapshot(snowflakeDialect, { ...input({ ...TS, query_tag: 'snaps' }, null), profileQueryTag: 'bronze' }, []);
  assert.deepEqual(first[0], 'create schema if not exists analytics.snaps');
  assert.equal(first[1], "alter session set query_tag = 'snaps'");
  assert.match(first[2], /^create or replace transient table analytics\.snaps\.users_ts/);
  assert.match(first[2], /select \*,\n    md5\(coalesce\(cast\(id as varchar \), ''\) \|\| '\|' \|\| coalesce\(cast\(updated_at as varchar \), ''\)\) as dbt_scd_id,\n    updated_at as dbt_updated_at,\n    updated_at as dbt_valid_from,\n    coalesce\(nullif\(updated_at, updated_at\), null\) as dbt_valid_to\nfrom \(\n    select \* from analytics\.raw\.users\n\) sbq/);
  assert.equal(first[first.length - 1], "alter session set query_tag = 'bronze'");
  const permanent = previewSnapshot(snowflakeDialect, input({ ...TS, transient: false }, null), []);
  assert.match(permanent[1], /^create or replace table analytics\.snaps\.users_ts/);
});

test('later run on Snowflake: temporary staging table, then begin; merge on dbt_scd_id with quoted insert columns; commit', () => {
  const cols = ['ID', 'NAME', 'UPDATED_AT', 'DBT_SCD_ID', 'DBT_UPDATED_AT', 'DBT_VALID_FROM', 'DBT_VALID_TO'].map((name) => ({ name, dataType: 'VARCHAR' }));
  const next = previewSnapshot(snowflakeDialect, input({ ...TS, hard_deletes: 'invalidate' }, 'table'), cols);
  const staging = next.find((s) => s.startsWith('create or replace temporary table analytics.snaps.users_ts__dbt_tmp'));
  assert.ok(staging, next.join('\n---\n'));
  assert.match(staging, /deletes as \(/);
  const i = next.indexOf('begin');
  assert.ok(i > 0);
  assert.equal(
    next[i + 1],
    [
      'merge into analytics.snaps.users_ts as DBT_INTERNAL_DEST',
      'using analytics.snaps.users_ts__dbt_tmp as DBT_INTERNAL_SOURCE',
      'on DBT_INTERNAL_SOURCE.dbt_scd_id = DBT_INTERNAL_DEST.dbt_scd_id',
      'when matched',
      ' and DBT_INTERNAL_DEST.dbt_valid_to is null',
      " and DBT_INTERNAL_SOURCE.dbt_change_type in ('update', 'delete')",
      '    then update',
      '    set dbt_valid_to = DBT_INTERNAL_SOURCE.dbt_valid_to',
      'when not matched',
      " and DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'",
      '    then insert ("ID", "NAME", "UPDATED_AT", "DBT_SCD_ID", "DBT_UPDATED_AT", "DBT_VALID_FROM", "DBT_VALID_TO")',
      '    values ("ID", "NAME", "UPDATED_AT", "DBT_SCD_ID", "DBT_UPDATED_AT", "DBT_VALID_FROM", "DBT_VALID_TO")',
    ].join('\n'),
  );
  assert.equal(next[i + 2], 'commit');
});

test('strategies: check uses the snapshot time; several keys hash in order; legacy invalidate_hard_deletes', () => {
  const check = snapshotStrategy(mergeConfig(defaultConfig('snapshot'), { strategy: 'check', unique_key: ['id', 'region'], check_cols: 'all', invalidate_hard_deletes: true }));
  assert.equal(check.updatedAt, "to_timestamp_ntz(convert_timezone('UTC', current_timestamp()))");
  assert.equal(check.hardDeletes, 'invalidate');
  assert.deepEqual(check.uniqueKey, ['id', 'region']);
  assert.equal(hashArguments(['a', 'b']), "md5(coalesce(cast(a as varchar ), '') || '|' || coalesce(cast(b as varchar ), ''))");
  // hard_deletes wins over the legacy flag.
  assert.equal(snapshotStrategy(mergeConfig(defaultConfig('snapshot'), { ...TS, invalidate_hard_deletes: true, hard_deletes: 'new_record' })).hardDeletes, 'new_record');
});

test('config problems name what to set', () => {
  const p = (c: Record<string, unknown>) => configProblems(mergeConfig(defaultConfig('snapshot'), c));
  assert.deepEqual(p(TS), []);
  assert.match(p({ unique_key: 'id' }).join(' '), /no strategy/);
  assert.match(p({ strategy: 'timestamp', updated_at: 'u' }).join(' '), /no unique_key/);
  assert.match(p({ strategy: 'check', unique_key: 'id' }).join(' '), /check_cols/);
  assert.match(p({ strategy: 'merge', unique_key: 'id' }).join(' '), /'merge' is not a snapshot strategy/);
  assert.match(p({ ...TS, hard_deletes: 'drop' }).join(' '), /hard_deletes 'drop'/);
});
