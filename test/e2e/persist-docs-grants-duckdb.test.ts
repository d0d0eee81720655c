// persist_docs and grants on the DuckDB twin, end to end: the built-in table, incremental, view and seed materializations
// comment their relations and columns as dbt-snowflake's do (INFORMATION_SCHEMA.TABLES.COMMENT and COLUMNS.COMMENT show
// them, a view's column comments included), a model with grants builds (the twin has no roles: the run says once that
// grants are not applied), and a row access policy, which the twin cannot enforce, fails its model by name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { cli, tempProject } from './helpers';

/** Rows read through Bronze's own session (its INFORMATION_SCHEMA answers as Snowflake's). */
async function bronzeRows(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const wh = await createDuckDbWarehouse({ name: 'local', profileName: 'test', type: 'duckdb', threads: 1, database: 'local', schema: 'main', path: join(dir, '.bronze', 'local.duckdb') });
  try {
    return (await (await wh.openSession()).execute(sql)).rows;
  } finally {
    await wh.close();
  }
}

const SCHEMA = `version: 2
models:
  - name: items
    description: "One row per item: it's $5"
    columns:
      - name: id
        description: the item's id
      - name: ghost
        description: not a column of the model
  - name: items_inc
    description: items, kept incrementally
    columns:
      - name: id
        description: the id
  - name: items_v
    description: items as a view
    columns:
      - name: label
        description: the label
seeds:
  - name: items_seed
    description: seeded items
    columns:
      - name: code
        description: the code
`;

describe('persist_docs and grants on the DuckDB target', () => {
  const dir = tempProject('bronze-persist-docs-', {
    'dbt_project.yml':
      "name: pd\nversion: '1.0'\nprofile: pd\nmodels:\n  pd:\n    +persist_docs:\n      relation: true\n      columns: true\n    +grants:\n      select: [reporter]\n" +
      'seeds:\n  pd:\n    +persist_docs:\n      relation: true\n      columns: true\n',
    'seeds/items_seed.csv': 'code,n\nx,1\n',
    'models/items.sql': "{{ config(materialized='table') }}\nselect 1 as id, 'a' as label\n",
    'models/items_inc.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect id, label from {{ ref('items') }}\n",
    'models/items_v.sql': "{{ config(materialized='view') }}\nselect id, label from {{ ref('items') }}\n",
    'models/schema.yml': SCHEMA,
  });

  const tables = async () =>
    Object.fromEntries((await bronzeRows(dir(), "select table_name, comment from information_schema.tables where table_schema ilike 'main' and table_name ilike 'items%' order by 1")).map((r) => [r.TABLE_NAME, r.COMMENT]));
  const columns = async () =>
    (await bronzeRows(dir(), "select table_name, column_name, comment from information_schema.columns where table_schema ilike 'main' and table_name ilike 'items%' order by 1, ordinal_position")).map(
      (r) => `${String(r.TABLE_NAME)}.${String(r.COLUMN_NAME)}: ${String(r.COMMENT)}`,
    );
  const expected = {
    // dbt-snowflake writes a `$` of a description as `[$]` (it quotes the comment with $$).
    tables: { ITEMS: "One row per item: it's [$]5", ITEMS_INC: 'items, kept incrementally', ITEMS_SEED: 'seeded items', ITEMS_V: 'items as a view' },
    // Every column of a table gets a comment (an undocumented one an empty one), as dbt-snowflake's alter … alter does.
    columns: ["ITEMS.ID: the item's id", 'ITEMS.LABEL: ', 'ITEMS_INC.ID: the id', 'ITEMS_INC.LABEL: ', 'ITEMS_SEED.CODE: the code', 'ITEMS_SEED.N: ', 'ITEMS_V.ID: ', 'ITEMS_V.LABEL: the label'],
  };

  it('a first build comments every relation and column; grants are said once not to apply', async () => {
    const r = await cli(['build', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((r.stdout + r.stderr).match(/Grants are not applied on the DuckDB target, which has no roles: 3 node\(s\) configure grants\./g)?.length, 1, r.stdout + r.stderr);
    assert.deepEqual(await tables(), expected.tables);
    assert.deepEqual(await columns(), expected.columns);
  });

  it('an incremental run, a rebuilt view and a reloaded seed keep them', async () => {
    const r = await cli(['build', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(await tables(), expected.tables);
    assert.deepEqual(await columns(), expected.columns);
  });

  it('compile --print shows the statements persist_docs sends, a view its column list', async () => {
    const r = await cli(['compile', '--print', '-s', 'items_v', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const printed = r.stdout.split(/;\n/).map((x) => x.replace(/\s+/g, ' ').trim());
    assert.ok(printed.some((x) => /^select \* from \( select id, label from local\.main\.items \) as __dbt_sbq where false limit 0$/.test(x)), r.stdout);
    assert.ok(printed.some((x) => x.startsWith('create or replace view local.main.items_v ( "label" COMMENT $$the label$$ ) as (')), r.stdout);
    assert.ok(printed.includes('comment on view local.main.items_v IS $$items as a view$$'), r.stdout);
  });

  it("a comment the twin cannot keep fails its model, named as persist_docs' and located at the model", async () => {
    writeFileSync(join(dir(), 'models', 'nul_doc.sql'), "{{ config(materialized='table') }}\nselect 1 as id\n");
    writeFileSync(join(dir(), 'models', 'nul_doc.yml'), 'version: 2\nmodels:\n  - name: nul_doc\n    columns:\n      - name: id\n        description: "a\\0b"\n');
    const r = await cli(['run', '--project-dir', dir(), '-s', 'nul_doc']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /persist docs \(dbt's materialization macros, after the model's statements\): .*A column COMMENT holding a NUL character is not supported on the DuckDB target/);
    assert.match(r.stdout + r.stderr, /models\/nul_doc\.sql/);
  });

  it("a view whose query the twin refuses fails at persist_docs' column list, said to come before the view is created", async () => {
    // flipside_algorand's core__ez_transaction_payment (`amount / pow(10, 6)`, amount a VARIANT): dbt-snowflake's
    // get_columns_in_query runs the model's query inside its CREATE VIEW, so no view exists; the message said "after
    // the model's statements", read as a docs step failing over a built view.
    writeFileSync(join(dir(), 'models', 'variant_v.sql'), "{{ config(materialized='view') }}\nselect parse_json('{\"amt\": 5}'):amt / pow(10, 6) as amount\n");
    const r = await cli(['run', '--project-dir', dir(), '-s', 'variant_v']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /persist docs column list \(dbt's materialization macros, before the view is created: get_columns_in_query runs the model's query for its columns\): .*VARIANT value without a cast .* is not supported on the DuckDB target/);
    assert.deepEqual(await bronzeRows(dir(), "select table_name from information_schema.tables where table_name ilike 'variant_v'"), []);
  });

  it('a row access policy fails its model by name', async () => {
    writeFileSync(join(dir(), 'models', 'items_v.sql'), "{{ config(materialized='view', row_access_policy='gov.rap on (id)') }}\nselect id, label from {{ ref('items') }}\n");
    const r = await cli(['run', '--project-dir', dir(), '-s', 'items_v']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /row_access_policy \(gov\.rap on \(id\)\) is not supported on the DuckDB target/);
  });
});
