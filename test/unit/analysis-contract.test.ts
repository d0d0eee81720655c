// bronze/contract: an enforced contract checked before a build — columns without data_type (dbt's error),
// contract columns the SELECT does not output and output columns the contract lacks, each at its place.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from '../e2e/helpers';
import { expressionFamily, expressionType } from '../../server/src/compile/contract';

describe('bronze/contract', () => {
  let root: string;
  let dir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bronze-contract-check-'));
    dir = join(root, 'p');
    mkdirSync(join(dir, 'models'), { recursive: true });
    writeFileSync(join(dir, 'dbt_project.yml'), "name: cc\nversion: '1.0'\nprofile: cc\n");
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const contractLines = async () => (await cli(['check', '--project-dir', dir])).stdout.split('\n').filter((l) => l.includes('bronze/contract'));

  it('reports names on both sides at their places; none when they agree', async () => {
    writeFileSync(join(dir, 'models', 'c.sql'), "{{ config(materialized='table', contract={'enforced': true}) }}\nselect 1 as id, 'a' as label\n");
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: c\n    columns:\n      - name: id\n        data_type: int\n      - name: title\n        data_type: varchar\n');
    const lines = await contractLines();
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines.find((l) => l.startsWith('models/c.sql'))!, /^models\/c\.sql:2:24: error bronze\/contract: Column 'label' is output by model 'c' but not in its enforced contract/);
    assert.match(lines.find((l) => l.startsWith('models/schema.yml'))!, /^models\/schema\.yml:7:15: error bronze\/contract: Column 'title' is in the enforced contract/);
    writeFileSync(join(dir, 'models', 'c.sql'), "{{ config(materialized='table', contract={'enforced': true}) }}\nselect 1 as ID, 'a' as title\n");
    assert.deepEqual(await contractLines(), []);
  });

  it('a contract on an ephemeral model is an error at the model, as dbt refuses it', async () => {
    writeFileSync(join(dir, 'models', 'c.sql'), "{{ config(materialized='ephemeral', contract={'enforced': true}) }}\nselect 1 as id, 'a' as title\n");
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: c\n    columns:\n      - name: id\n        data_type: int\n      - name: title\n        data_type: varchar\n');
    const lines = await contractLines();
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /^models\/c\.sql:1:1: error bronze\/contract: Model c is materialized as ephemeral and has an enforced contract/);
  });

  // dbt-snowflake does not implement model contracts for dynamic tables
  // (https://docs.getdbt.com/reference/resource-configs/snowflake-configs, dynamic tables' limitations).
  it('a dynamic_table with an enforced contract: one warning that it is not enforced, no column error', async () => {
    writeFileSync(
      join(dir, 'models', 'c.sql'),
      "{{ config(materialized='dynamic_table', target_lag='1 hour', snowflake_warehouse='wh', contract={'enforced': true}) }}\nselect 1 as id, 'a' as label\n",
    );
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: c\n    columns:\n      - name: id\n        data_type: int\n      - name: title\n');
    const lines = await contractLines();
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], /^models\/schema\.yml:3:11: warning bronze\/contract: Model 'c' is a dynamic_table: dbt-snowflake does not enforce model contracts on dynamic tables/);
  });

  // dbt-core's UnsupportedConstraintMaterialization (I068): constraints go into table DDL only; on a contracted view
  // (or dynamic_table) dbt warns once that they are ignored, not per constraint that the DDL carries them.
  it('constraints on a contracted view: one warning that they are ignored; none with warn_unsupported: false', async () => {
    writeFileSync(join(dir, 'models', 'c.sql'), "{{ config(materialized='view', contract={'enforced': true}) }}\nselect 1 as id, 'a' as title\n");
    const yml = (flag: string) =>
      `version: 2\nmodels:\n  - name: c\n    columns:\n      - name: id\n        data_type: int\n        constraints:\n          - type: primary_key${flag}\n          - type: not_null${flag}\n      - name: title\n        data_type: varchar\n`;
    writeFileSync(join(dir, 'models', 'schema.yml'), yml(''));
    assert.deepEqual(await contractLines(), [
      "models/schema.yml:3:11: warning bronze/contract-constraint: Constraint types are not supported for view materializations and will be ignored.  Set 'warn_unsupported: false' on this constraint to ignore this warning.",
    ]);
    writeFileSync(join(dir, 'models', 'schema.yml'), yml('\n            warn_unsupported: false'));
    assert.deepEqual(await contractLines(), []);
  });

  it("a column without data_type is dbt's error at that column; without a contract nothing is said", async () => {
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: c\n    config:\n      contract: {enforced: true}\n    columns:\n      - name: id\n      - name: title\n        data_type: varchar\n');
    writeFileSync(join(dir, 'models', 'c.sql'), "select 1 as id, 'a' as title\n");
    const lines = await contractLines();
    assert.deepEqual(lines, [
      "models/schema.yml:7:15: error bronze/contract: Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the ['id'] column(s).",
    ]);
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: c\n    columns:\n      - name: id\n      - name: other\n');
    assert.deepEqual(await contractLines(), []);
  });

  it('a type the SQL states outright is compared with the contract; others are left to the build', async () => {
    writeFileSync(join(dir, 'models', 'schema.yml'), 'version: 2\nmodels:\n  - name: c\n    config:\n      contract: {enforced: true}\n    columns:\n      - name: id\n        data_type: int\n      - name: title\n        data_type: varchar(20)\n');
    writeFileSync(join(dir, 'models', 'c.sql'), "select cast(id_text as varchar) as id, 'a' as title from (select '1' as id_text)\n");
    assert.deepEqual(await contractLines(), [
      'models/c.sql:1:8: error bronze/contract: Column \'id\' of model \'c\' is TEXT here but its enforced contract says int (FIXED): the build will fail with "data type mismatch". Cast it to int, or change the contract\'s data_type.',
    ]);
    writeFileSync(join(dir, 'models', 'c.sql'), "select id_text::number(10,2) as id, cast('a' as string) as title from (select '1' as id_text)\n");
    assert.deepEqual(await contractLines(), []);
    writeFileSync(join(dir, 'models', 'c.sql'), "select cast(id_text as int) + 0.5 as id, upper('a') as title from (select '1' as id_text)\n");
    assert.deepEqual(await contractLines(), []);
  });

  it('expressionFamily reads literals, whole casts and trailing :: only', () => {
    const cases: [string, string | undefined][] = [
      ["'x'", 'TEXT'], ['42', 'FIXED'], ['1.5', 'FIXED'], ['1e3', 'REAL'], ['true', 'BOOLEAN'], ["date '2024-01-01'", 'DATE'],
      ['cast(a as varchar(10))', 'TEXT'], ['try_cast(a as timestamp_ntz)', 'TIMESTAMP_NTZ'], ['a::float', 'REAL'], ['(a + b)::number(38,2)', 'FIXED'],
      ['cast(a as date) - cast(b as int)', undefined], ['a + b::int', undefined], ['f(a::int, b)', undefined], ['cast(a as geography)', undefined], ['a', undefined],
    ];
    for (const [text, family] of cases) assert.equal(expressionFamily(text), family, text);
  });

  it('expressionType gives the Snowflake type a literal has (NUMBER precision and scale as Snowflake counts them) and a cast names', () => {
    const cases: [string, string | undefined][] = [
      ["'x'", 'VARCHAR'], ['42', 'NUMBER(2,0)'], ['-7', 'NUMBER(1,0)'], ['1.50', 'NUMBER(3,2)'], ['0.5', 'NUMBER(1,1)'], ['1e3', 'FLOAT'], ['false', 'BOOLEAN'],
      ["date '2024-01-01'", 'DATE'], ['cast(a as number( 10 , 2 ))', 'NUMBER(10,2)'], ['try_cast(a as timestamp_ntz)', 'TIMESTAMP_NTZ'], ['a::varchar', 'VARCHAR'],
      ['cast(a as geography)', undefined], ['a + 1', undefined], ['count(*)', undefined],
    ];
    for (const [text, type] of cases) assert.equal(expressionType(text), type, text);
  });

  it("expressionFamily finds a cast's closing parenthesis past \\' escapes, quoted names and comments", () => {
    const cases: [string, string | undefined][] = [
      ["cast('it\\'s (x' as varchar)", 'TEXT'], ['cast("a)" as int)', 'FIXED'], ['cast(a /* ) */ as date)', 'DATE'], ['("x)" || b)::varchar', 'TEXT'],
      ["cast(a as int) || ')'", undefined],
    ];
    for (const [text, family] of cases) assert.equal(expressionFamily(text), family, text);
  });
});
