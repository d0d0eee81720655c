// Model contracts on DuckDB: dbt's pre-flight check (names and types, with dbt's mismatch table), the table
// created with the contract's typed NOT NULL columns, and a NULL in a not_null column failing the model while
// the previous table stays as it was.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli, tempProject, writeFiles, query, scalar } from './helpers';

const SCHEMA = (idType: string, extra = '') => `version: 2
models:
  - name: customers
    config:
      contract: {enforced: true}
    constraints:
      - type: primary_key
        columns: [customer_id]
    columns:
      - name: customer_id
        data_type: ${idType}
        constraints:
          - type: not_null
          - type: unique
      - name: customer_name
        data_type: varchar(100)
      - name: signed_up
        data_type: date
${extra}`;

describe('contracts on DuckDB', () => {
  const dir = tempProject('bronze-contract-', {
    'dbt_project.yml': "name: contracts\nversion: '1.0'\nprofile: contracts\nmodels:\n  contracts:\n    +materialized: table\n",
  });

  const model = (sql: string) => writeFiles(dir(), { 'models/customers.sql': sql });
  const schema = (text: string) => writeFiles(dir(), { 'models/schema.yml': text });

  it('builds a contracted table with the contract\'s columns, order and NOT NULL', async () => {
    model("select 'Ann' as customer_name, 1 as customer_id, date '2024-01-02' as signed_up\nunion all select 'Bo', 2, date '2024-02-03'\n");
    schema(SCHEMA('int'));
    const r = await cli(['run', '--project-dir', dir()]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /warning: customers: The constraint type unique is not enforced by snowflake\./);
    assert.match(r.stderr, /warning: customers: The constraint type primary_key is not enforced by snowflake\./);
    const cols = await query(dir(), "select column_name, data_type, is_nullable from information_schema.columns where lower(table_name) = 'customers' order by ordinal_position");
    assert.deepEqual(cols.map((c) => [c.column_name, c.is_nullable]), [['CUSTOMER_ID', 'NO'], ['CUSTOMER_NAME', 'YES'], ['SIGNED_UP', 'YES']]);
    assert.equal(cols[2].data_type, 'DATE');
    assert.equal(await scalar(dir(), 'select count(*) from customers'), 2);
    // Snowflake does not enforce unique/primary key; the DuckDB target must not either.
    const dup = await query(dir(), "select count(*) as n from duckdb_constraints() where lower(table_name) = 'customers' and constraint_type in ('UNIQUE', 'PRIMARY KEY')");
    assert.equal(Number(dup[0].n), 0);
    // compile --print shows the statements the run executed.
    const printed = await cli(['compile', '--print', '--mode', 'first', '--project-dir', dir()]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /create or replace table local\.main\.customers__dbt_tmp \(\n    customer_id int not null,\n    customer_name varchar\(100\),\n    signed_up date\n\)/);
    assert.match(printed.stdout, /insert into local\.main\.customers__dbt_tmp \(customer_id, customer_name, signed_up\)\nselect customer_id, customer_name, signed_up\nfrom \(/);
  });

  it('a column name the contract does not have fails with dbt\'s mismatch table', async () => {
    model("select 1 as customer_id, 'Ann' as full_name, date '2024-01-02' as signed_up\n");
    const r = await cli(['run', '--project-dir', dir()]);
    assert.equal(r.code, 1);
    const text = r.stdout + r.stderr;
    assert.match(text, /This model has an enforced contract that failed\./);
    assert.match(text, /\| column_name\s+\| definition_type \| contract_type \| mismatch_reason\s+\|/);
    assert.match(text, /\| CUSTOMER_NAME \|\s+\| TEXT\s+\| missing in definition \|/);
    assert.match(text, /\| FULL_NAME\s+\| TEXT\s+\|\s+\| missing in contract\s+\|/);
    assert.equal(await scalar(dir(), 'select count(*) from customers'), 2, 'the previous table is kept');
  });

  it('a type the contract does not have fails; size and precision do not count', async () => {
    model("select 1.5 as customer_id, 'Ann' as customer_name, date '2024-01-02' as signed_up\n");
    schema(SCHEMA('number(10,2)'));
    const ok = await cli(['run', '--project-dir', dir()]);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    model("select 'x' as customer_id, 'Ann' as customer_name, date '2024-01-02' as signed_up\n");
    const r = await cli(['run', '--project-dir', dir()]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /\| CUSTOMER_ID \| TEXT\s+\| FIXED\s+\| data type mismatch \|/);
  });

  it('a NULL in a not_null column fails the model and keeps the previous rows', async () => {
    schema(SCHEMA('int'));
    model("select 1 as customer_id, 'Ann' as customer_name, date '2024-01-02' as signed_up\nunion all select 2, 'Bo', date '2024-01-03'\nunion all select 3, 'Cy', date '2024-01-04'\n");
    assert.equal((await cli(['run', '--project-dir', dir()])).code, 0);
    model("select cast(null as int) as customer_id, 'Ann' as customer_name, date '2024-01-02' as signed_up\n");
    const r = await cli(['run', '--project-dir', dir()]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /NOT NULL/i);
    assert.equal(await scalar(dir(), 'select count(*) from customers'), 3);
  });

  it('a contracted column without data_type is dbt\'s error, located at the column', async () => {
    model("select 1 as customer_id, 'Ann' as customer_name, date '2024-01-02' as signed_up\n");
    schema(SCHEMA('int').replace('        data_type: date\n', ''));
    const r = await cli(['run', '--project-dir', dir()]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /Contracted models require data_type to be defined for each column\..*\['signed_up'\] column\(s\)/s);
    assert.match(r.stdout + r.stderr, /schema\.yml:\d+:\d+/);
  });

  it('a contract on an ephemeral model is a located error in run and compile, as dbt refuses it', async () => {
    schema(SCHEMA('int'));
    model("{{ config(materialized='ephemeral') }}\nselect 1 as customer_id, 'Ann' as customer_name, date '2024-01-02' as signed_up\n");
    writeFileSync(join(dir(), 'models', 'uses_customers.sql'), "{{ config(materialized='view') }}\nselect * from {{ ref('customers') }}\n");
    try {
      for (const command of [['run'], ['run', '--select', 'uses_customers'], ['compile', '--mode', 'first']]) {
        const r = await cli([...command, '--project-dir', dir()]);
        assert.equal(r.code, 1, `${command.join(' ')}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /models\/customers\.sql:1:1: .*Model customers is materialized as ephemeral and has an enforced contract: dbt does not support contracts on ephemeral models\./, command.join(' '));
      }
    } finally {
      rmSync(join(dir(), 'models', 'uses_customers.sql'));
    }
  });
});
