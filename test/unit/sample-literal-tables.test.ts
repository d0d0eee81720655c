// Tables the models read by a written-out name that nothing in the project creates (flipside_algorand's
// `FROM bronze.fifa_metadata`, made by hand in their warehouse): `bronze sample --synthetic` writes them with the
// columns the models read, as it does a source that declares no columns; a name the project makes (a model, a source,
// a hook's CREATE or INSERT) or the twin answers (INFORMATION_SCHEMA) is left alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { literalTableReads, undeclaredTableSources } from '../../client/src/sample/literal-tables';
import { planSynthetic } from '../../client/src/sample/plan';
import { columnsReadFromSource } from '../../client/src/sample/usage';
import type { ProjectModel, SourceNode } from '../../server/src/core/types';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';

const FILES: Record<string, string> = {
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: orders\n',
  // Two-part and three-part names, a comma-joined FROM list, an alias before the comma.
  'models/fifa.sql': `select asset_id, asset_name, parse_json(metadata):name::string as nm
from (select asset_id, asset_name, metadata from bronze.fifa_metadata where asset_name not like 'test%')`,
  // Any value casts to VARIANT: another cast says how the column is held.
  // A path read still makes the column a VARIANT, whatever else casts it (mattermost's stripe metadata).
  'models/casts.sql': 'select asset_id::variant as v, asset_id::int as i, asset_name::variant as w, asset_name::string as n, extra::varchar as e, extra:kind::string as k from bronze.fifa_metadata',
  // A Python model's import is no table.
  'models/py_model.py': 'from snowflake.snowpark import functions as F\n\n\ndef model(dbt, session):\n    return dbt.ref("fifa")\n',
  // A join after one whose ON condition is parenthesized (mattermost's incident_collaboration_fact: `LEFT JOIN
  // blp.license_server_fact … ON (…) and (…) LEFT JOIN mattermost.server_fact …`, whose second table was missed).
  'models/joined.sql': `select o.id, l.label, r.rate::float as rate, f.edition
from {{ source('raw', 'orders') }} o
join Analytics.Labels.Address_Labels l on (l.address = o.id), ext.rates as r
left join ext.server_fact as f on (f.id = o.id) and (f.day between (r.day) and (r.day))
where r.day >= '2020-01-01'`,
  // Names the project makes or the twin answers, Jinja-built names, and a dotted function call: not sampled.
  'models/made.sql': `{{ config(post_hook="insert into audit.run_log (name) values ('made')") }}
select * from raw.orders, information_schema.tables t, audit.run_log, staged.copy_target as c, {{ this.database }}.raw.things`,
  'models/other.sql': `{{ config(pre_hook="create table if not exists staged.copy_target (x int)") }}
select 1 as x from {{ ref('made') }}`,
};

async function project(t: Parameters<typeof openTempProject>[0]) {
  const engine = await openTempProject(t, 'bronze-literal-', FILES);
  return engine.project;
}

function withTables(p: ProjectModel, hooks: string[]): { project: ProjectModel; ids: string[]; nodes: SourceNode[] } {
  const tables = literalTableReads(p, { database: 'local', schema: 'main' }, hooks);
  const nodes = undeclaredTableSources(p, tables);
  return { project: { ...p, sources: new Map([...p.sources, ...nodes.map((n): [string, SourceNode] => [n.uniqueId, n])]) }, ids: nodes.map((n) => n.uniqueId), nodes };
}

describe('tables the models read by name that nothing creates', () => {
  it('are found in FROM and JOIN, resolved in the session database, and not when the project makes them', async (t) => {
    const p = await project(t);
    const hooks = ["insert into audit.run_log (name) values ('made')", 'create table if not exists staged.copy_target (x int)'];
    const tables = literalTableReads(p, { database: 'local', schema: 'main' }, hooks);
    assert.deepEqual(
      tables.map((x) => [x.name, Object.values(x.relation).join('.'), x.readers.map((r) => r.split('.').pop())]),
      [
        ['Analytics.Labels.Address_Labels', 'ANALYTICS.LABELS.ADDRESS_LABELS', ['joined']],
        ['bronze.fifa_metadata', 'LOCAL.BRONZE.FIFA_METADATA', ['casts', 'fifa']],
        ['ext.rates', 'LOCAL.EXT.RATES', ['joined']],
        ['ext.server_fact', 'LOCAL.EXT.SERVER_FACT', ['joined']],
      ],
    );
    // Without the hooks, their tables are read by name and made by nothing.
    assert.deepEqual(
      literalTableReads(p, { database: 'local', schema: 'main' }).map((x) => x.name).filter((n) => /audit|staged/.test(n)),
      ['audit.run_log', 'staged.copy_target'],
    );
  });

  it('are planned with the columns the models read from them, typed by their uses, labelled as written', async (t) => {
    const { project: p, ids, nodes } = withTables(await project(t), ['insert into audit.run_log (name) values (1)', 'create table staged.copy_target (x int)']);
    const fifa = nodes.find((n) => n.name === 'fifa_metadata')!;
    assert.deepEqual(
      columnsReadFromSource(p, fifa.uniqueId).map((c) => [c.name, c.textOf ?? c.dataType ?? null]),
      [
        ['asset_id', 'INT'],
        ['asset_name', 'STRING'],
        ['extra', 'VARIANT'],
        ['metadata', 'json'],
      ],
    );
    const rates = nodes.find((n) => n.name === 'rates')!;
    assert.deepEqual(columnsReadFromSource(p, rates.uniqueId).map((c) => c.name).sort(), ['day', 'rate']);
    const plans = planSynthetic(p, { rows: 10, clean: true, sourceIds: ids });
    assert.deepEqual(
      plans.map((x) => [x.label, Object.values(x.relation).join('.'), x.columns.map((c) => c.name).join(',')]),
      [
        ['Analytics.Labels.Address_Labels', 'ANALYTICS.LABELS.ADDRESS_LABELS', 'label,address'],
        ['bronze.fifa_metadata', 'LOCAL.BRONZE.FIFA_METADATA', 'asset_id,asset_name,extra,metadata'],
        ['ext.rates', 'LOCAL.EXT.RATES', 'rate,day'],
        ['ext.server_fact', 'LOCAL.EXT.SERVER_FACT', 'edition,id,day'],
      ],
    );
  });

  it('are written by bronze sample --synthetic, which says so, and the models reading them build', async (t) => {
    const engine = await openTempProject(t, 'bronze-literal-cli-', {
      'models/sources.yml': FILES['models/sources.yml'],
      'models/fifa.sql': FILES['models/fifa.sql'],
    });
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '20', '--seed', '3']);
    assert.match(sampled.stderr, /table bronze\.fifa_metadata \(LOCAL\.BRONZE\.FIFA_METADATA\) is read by fifa and created by nothing in the project .*: sampled with the columns the models read from it/);
    assert.match(sampled.stderr, /sampled bronze\.fifa_metadata → "LOCAL"\."BRONZE"\."FIFA_METADATA": 20 rows/);
    const built = await cli(['build', '--project-dir', dir, '-s', 'fifa']);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', 'select count(*) as n, count(nm) as named from fifa', '--output', 'json']);
    assert.match(shown.stdout, /"N": 20|"n": 20/i, shown.stdout + shown.stderr);
  });

  it("samples a model's own table the model reads by name before it writes it, one row per unique_key, and says so", async (t) => {
    // robling_product's DWH_C_PARAM: incremental on PARAM_NAME, `select param_name, to_date(param_value) + 1 … from
    // DW_DWH.DWH_C_PARAM` — its own table, which the project's install scripts create on Snowflake. Left unsampled,
    // its first run failed (Catalog Error) and so did every model reading the table by name.
    const engine = await openTempProject(t, 'bronze-literal-own-', {
      'models/sources.yml': FILES['models/sources.yml'],
      'models/params.sql': "{{ config(materialized='incremental', unique_key='param_name') }}\nselect param_name, to_date(param_value) + 1 as param_value from main.params\n",
      // A view reading itself is recursive on Snowflake whatever exists: not given a table.
      'models/loop.sql': "{{ config(materialized='view') }}\nselect x from main.loop\n",
      // Read only under is_incremental(): the first run makes the table, as on a fresh warehouse.
      'models/events.sql':
        "{{ config(materialized='incremental') }}\nselect 1 as id, current_date as d\n{% if is_incremental() %}where d > (select max(d) from main.events){% endif %}\n",
      'models/reader.sql': "select {{ curr_day() }} as d, (select param_value from main.params where param_name = 'INV_LOAD') as inv\n",
      'macros/curr_day.sql':
        "{% macro curr_day() %}{% set q %}select param_value from main.params where param_name = 'CURR_DAY'{% endset %}{% set r = run_query(q) %}{% if execute %}'{{ r.columns[0].values()[0] }}'{% else %}null{% endif %}{% endmacro %}\n",
    });
    const tables = literalTableReads(engine.project, { database: 'local', schema: 'main' });
    assert.deepEqual(
      tables.map((x) => [x.name, x.builtBy, x.readers.map((r) => r.split('.').pop()).sort()]),
      [['main.params', `model.${engine.project.name}.params`, ['curr_day', 'params', 'reader']]],
    );
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--project-dir', dir, '--rows', '20', '--seed', '3']);
    assert.match(sampled.stderr, /table main\.params \(LOCAL\.MAIN\.PARAMS\) is model params's own \(incremental\), and params reads it by name before it writes it \(so do reader, macro curr_day\): .*params's first run on the twin runs over these rows/);
    // One row per name looked up — by the macro's query and by the model's own `(select … where param_name =
    // 'INV_LOAD')` — as the model's MERGE on param_name keeps them.
    assert.match(sampled.stderr, /sampled main\.params → "LOCAL"\."MAIN"\."PARAMS": 2 rows/);
    assert.doesNotMatch(sampled.stderr, /main\.loop|main\.events/);
    const built = await cli(['build', '--project-dir', dir, '-s', 'params', 'reader']);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', "select count(*) as n, count_if(param_name = 'CURR_DAY') as curr, count_if(param_name = 'INV_LOAD') as inv from params", '--output', 'json']);
    assert.match(shown.stdout, /"N": 2\b/i, shown.stdout + shown.stderr);
    assert.match(shown.stdout, /"CURR": 1\b/i, shown.stdout + shown.stderr);
    assert.match(shown.stdout, /"INV": 1\b/i, shown.stdout + shown.stderr);
    // The model's lookup of INV_LOAD finds its row.
    const read = await cli(['show', '--project-dir', dir, '--inline', 'select count(inv) as found from reader', '--output', 'json']);
    assert.match(read.stdout, /"FOUND": 1\b/i, read.stdout + read.stderr);
  });
});
