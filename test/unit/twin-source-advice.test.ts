// A model reading a declared source the twin has no table for: pretium_semantic_layer's `select *` read-throughs of
// seven sources that declare no columns and whose columns no model names. `bronze sample --synthetic` leaves them out
// with a warning, and the build then said only "create CHERRE.RECORDER_V2_WITH_GEO there (load its rows) or run the
// model that builds it" — as if a model were missing. The advice now names the source, its YAML file and what to do
// there (declare its columns, or copy the table from Snowflake); a table that is no source keeps the old advice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ColumnInfo, TargetConfig } from '../../server/src/core/types';
import { parseProfiles, resolveTarget } from '../../server/src/project/profiles';
import { sourceAtRelation, withTwinDatabases } from '../../server/src/project/twin';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';

const PROFILE = `p:
  target: prod
  outputs:
    prod: {type: snowflake, account: a, user: u, database: ANALYTICS, schema: DBT_DEV}
`;

function source(sourceName: string, name: string, relation: { database: string; schema: string; identifier: string }, columns: string[], enabled = true) {
  return {
    uniqueId: `source.p.${sourceName}.${name}`,
    sourceName,
    name,
    originalFilePath: `models/sources/${sourceName}.yml`,
    relation,
    columns: Object.fromEntries(columns.map((c) => [c, { name: c } as ColumnInfo])),
    config: { enabled },
  };
}

const SOURCES = [
  source('cherre_transform', 'RECORDER_V2_WITH_GEO', { database: 'TRANSFORM', schema: 'CHERRE', identifier: 'RECORDER_V2_WITH_GEO' }, []),
  source('transform_concept', 'employment_cbsa_monthly', { database: 'transform', schema: 'concept', identifier: 'employment_cbsa_monthly' }, []),
  source('raw', 'orders', { database: 'TRANSFORM', schema: 'RAW', identifier: 'orders' }, ['id', 'amount']),
  source('old', 'gone', { database: 'TRANSFORM', schema: 'RAW', identifier: 'gone' }, [], false),
];

function model(name: string, relation: { database: string; schema: string; identifier: string }, extra: { resourceType?: string; materialized?: string; enabled?: boolean } = {}) {
  return {
    uniqueId: `${extra.resourceType ?? 'model'}.p.${name}`,
    resourceType: extra.resourceType ?? 'model',
    name,
    originalFilePath: `models/temp/${name}.sql`,
    relation,
    config: { enabled: extra.enabled ?? true, materialized: extra.materialized ?? 'table' },
  };
}

// robling_product's dm_f_inv_rtv_meas_fact_ild deletes `WHERE POST_DT IN (SELECT … FROM DW_TMP.TMP_F_INV_RTV_SUP_ILD_B)`,
// a table model TMP_F_INV_RTV_SUP_ILD_B builds but the reader does not ref: dbt's order (graph level) ran the reader
// first, and the advice said only "run the model that builds it".
const MODELS = [
  model('TMP_F_INV_RTV_SUP_ILD_B', { database: 'ANALYTICS', schema: 'DW_TMP', identifier: 'TMP_F_INV_RTV_SUP_ILD_B' }),
  model('country_codes', { database: 'ANALYTICS', schema: 'SEEDS', identifier: 'country_codes' }, { resourceType: 'seed', materialized: 'seed' }),
  model('stg_inline', { database: 'ANALYTICS', schema: 'DW_TMP', identifier: 'stg_inline' }, { materialized: 'ephemeral' }),
  model('old_model', { database: 'ANALYTICS', schema: 'DW_TMP', identifier: 'old_model' }, { enabled: false }),
];

function twinTarget(root: string): TargetConfig {
  const t = resolveTarget(parseProfiles(path.join(root, 'profiles.yml'), PROFILE), 'p', 'local', { env: {}, projectRoot: root });
  const project = { models: new Map(MODELS.map((m) => [m.uniqueId, m])), sources: new Map(SOURCES.map((s) => [s.uniqueId, s])) } as unknown as Parameters<typeof withTwinDatabases>[1];
  return withTwinDatabases(t, project);
}

test('a source is found at its relation as the twin folds names; a disabled source or another name is none', () => {
  const project = { sources: new Map(SOURCES.map((s) => [s.uniqueId, s])) } as unknown as Parameters<typeof sourceAtRelation>[0];
  assert.equal(sourceAtRelation(project, ['transform', 'cherre', 'recorder_v2_with_geo'])?.name, 'RECORDER_V2_WITH_GEO');
  assert.equal(sourceAtRelation(project, ['TRANSFORM', 'CONCEPT', '"EMPLOYMENT_CBSA_MONTHLY"'])?.name, 'employment_cbsa_monthly');
  assert.equal(sourceAtRelation(project, ['TRANSFORM', 'RAW', 'GONE']), undefined);
  assert.equal(sourceAtRelation(project, ['TRANSFORM', 'CHERRE', 'OTHER']), undefined);
  assert.equal(sourceAtRelation(project, ['CHERRE', 'RECORDER_V2_WITH_GEO']), undefined);
});

test('on the twin a missing source table names the source, its file and what to do there', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-twin-source-advice-'));
  const wh = await createDuckDbWarehouse(twinTarget(dir));
  try {
    const s = await wh.openSession();
    const file = path.join(dir, '.bronze', 'local', 'TRANSFORM.duckdb');
    const main = path.join(dir, '.bronze', 'local', 'ANALYTICS.duckdb');
    await s.execute('create schema if not exists dw_tmp');
    await s.execute('create schema if not exists seeds');
    await s.execute('create table analytics.dbt_dev.facts (post_dt date)');
    const cases: [string, string][] = [
      [
        'select *\nfrom transform.cherre.recorder_v2_with_geo',
        `On the local twin, database TRANSFORM is the file ${file}; cherre.recorder_v2_with_geo is source cherre_transform.RECORDER_V2_WITH_GEO ` +
          '(models/sources/cherre_transform.yml), which declares no columns: `bronze sample --synthetic` writes it only when a model names a column of it. ' +
          'Declare its columns (name and data_type) in models/sources/cherre_transform.yml, or copy it from Snowflake with ' +
          '`bronze sample --from TARGET -s source:cherre_transform.RECORDER_V2_WITH_GEO`. (line 2, column 6)',
      ],
      [
        'select *\nfrom transform.raw.orders',
        `On the local twin, database TRANSFORM is the file ${file}; raw.orders is source raw.orders (models/sources/raw.yml): write its rows with ` +
          '`bronze sample --synthetic -s source:raw.orders`, or copy it from Snowflake with `bronze sample --from TARGET -s source:raw.orders`. (line 2, column 6)',
      ],
      // Not a source (a disabled one is none): the advice stays the table's.
      ['select *\nfrom transform.raw.gone', `On the local twin, database TRANSFORM is the file ${file}: create raw.gone there (load its rows) or run the model that builds it. (line 2, column 6)`],
      // A table a model builds, named as written (two parts: the target's database): the model is named, and why
      // dbt's order may not have built it.
      [
        'delete from analytics.dbt_dev.facts\nwhere post_dt in (select post_dt from DW_TMP.TMP_F_INV_RTV_SUP_ILD_B)',
        `On the local twin, database ANALYTICS is the file ${main}; DW_TMP.TMP_F_INV_RTV_SUP_ILD_B is built by model TMP_F_INV_RTV_SUP_ILD_B ` +
          '(models/temp/TMP_F_INV_RTV_SUP_ILD_B.sql), and is not there: build TMP_F_INV_RTV_SUP_ILD_B first (`bronze run -s TMP_F_INV_RTV_SUP_ILD_B`); ' +
          "a node that names the table as written rather than through ref('TMP_F_INV_RTV_SUP_ILD_B') is not downstream of it, so dbt's order need " +
          "not build it first: use ref(), or add `-- depends_on: {{ ref('TMP_F_INV_RTV_SUP_ILD_B') }}` to the reader. (line 2, column 39)",
      ],
      [
        'select * from analytics.seeds.country_codes',
        `On the local twin, database ANALYTICS is the file ${main}; seeds.country_codes is built by seed country_codes (models/temp/country_codes.sql), ` +
          "and is not there: build country_codes first (`bronze seed -s country_codes`); a node that names the table as written rather than through " +
          "ref('country_codes') is not downstream of it, so dbt's order need not build it first: use ref(), or add `-- depends_on: {{ ref('country_codes') }}` to the reader. (line 1, column 15)",
      ],
      // An ephemeral model or a disabled one builds nothing there.
      ['select * from analytics.dw_tmp.stg_inline', `On the local twin, database ANALYTICS is the file ${main}: create dw_tmp.stg_inline there (load its rows) or run the model that builds it. (line 1, column 15)`],
      ['select * from analytics.dw_tmp.old_model', `On the local twin, database ANALYTICS is the file ${main}: create dw_tmp.old_model there (load its rows) or run the model that builds it. (line 1, column 15)`],
    ];
    for (const [sql, advice] of cases) {
      await assert.rejects(s.execute(sql), (e: unknown) => {
        assert.ok(e instanceof WarehouseError);
        assert.match(e.message, /^Catalog Error: Table with name .* does not exist/);
        assert.ok(e.message.endsWith(advice), e.message);
        return true;
      });
    }
    await s.close();
  } finally {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('printing the twin target does not list the sources', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-twin-source-advice-'));
  try {
    const printed = JSON.stringify(twinTarget(dir).twin);
    assert.doesNotMatch(printed, /RECORDER_V2_WITH_GEO|sourceAt/);
    assert.match(printed, /"databases":\["ANALYTICS","TRANSFORM"\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
