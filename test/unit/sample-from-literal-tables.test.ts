// `bronze sample --from TARGET` copies the tables the models or the project's macros read by a written-out name that
// nothing in the project creates (literal-tables.ts: a control table a macro's run_query reads), as it copies the
// sources: they are the warehouse's, and the twin needs their rows as `--synthetic` gives it made-up ones. Here the
// --from target is a second DuckDB database standing in for Snowflake, holding both.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';

const FILES: Record<string, string> = {
  'profiles.yml': 'p:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: local.duckdb\n      schema: main\n    prod:\n      type: duckdb\n      path: prod.duckdb\n      schema: main\n',
  'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    schema: raw\n    tables:\n      - name: orders\n',
  'macros/day.sql': `{% macro business_day() %}
  {% set q %}select param_value from ctl.params where param_name = 'CURR_DAY'{% endset %}
  {% if execute %}{{ return(run_query(q).columns[0].values()[0]) }}{% endif %}
{% endmacro %}
`,
  'models/orders.sql': "select order_id, '{{ business_day() }}' as loaded_for from {{ source('raw', 'orders') }}",
  'models/joined.sql': "select o.order_id, r.rate from {{ ref('orders') }} o join ext.rates r on r.order_id = o.order_id",
};

describe('bronze sample --from', () => {
  it("copies the tables the models and macros read by name, and the models reading them build on the copies", async (t) => {
    const engine = await openTempProject(t, 'bronze-from-literal-', FILES);
    const dir = engine.project.root;
    const prod = await DuckDBInstance.create(join(dir, 'prod.duckdb'));
    const c = await prod.connect();
    // Stored as Snowflake stores unquoted names: upper case.
    for (const sql of [
      'create schema "RAW"',
      'create table "RAW"."ORDERS" ("ORDER_ID" integer)',
      'insert into "RAW"."ORDERS" values (1), (2), (3)',
      'create schema "CTL"',
      'create table "CTL"."PARAMS" ("PARAM_NAME" varchar, "PARAM_VALUE" varchar)',
      `insert into "CTL"."PARAMS" values ('CURR_DAY', '2024-05-01'), ('OTHER', 'x')`,
      'create schema "EXT"',
      'create table "EXT"."RATES" ("ORDER_ID" integer, "RATE" double)',
      'insert into "EXT"."RATES" values (1, 0.5), (3, 1.5)',
    ]) {
      await c.run(sql);
    }
    c.closeSync();
    prod.closeSync();

    const sampled = await cli(['sample', '--from', 'prod', '--project-dir', dir, '--rows', '10']);
    assert.equal(sampled.code, 0, sampled.stderr);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', "select count(*) as n, min(loaded_for) as day, (select count(*) from joined) as j from orders", '--output', 'json']);
    assert.match(shown.stdout, /"N": 3/i, shown.stdout + shown.stderr);
    assert.match(shown.stdout, /"DAY": "2024-05-01"/i, shown.stdout);
    assert.match(shown.stdout, /"J": 2/i, shown.stdout);
  });
});
