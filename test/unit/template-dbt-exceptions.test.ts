// dbt's `exceptions` namespace: every member of dbt-core's CONTEXT_EXPORTS (core/dbt/context/exceptions_jinja.py,
// 1.10.latest/1.11.latest), failing with the message its exception class builds: dbt-core core/dbt/exceptions.py,
// dbt-adapters dbt/adapters/exceptions/compilation.py and cache.py, dbt-common dbt_common/exceptions/contracts.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render, TemplateError } from '../../server/src/template/index';
import { env, request } from './helpers/render-request';

function failure(template: string): string {
  try {
    render(env(), request(template));
  } catch (e) {
    assert.ok(e instanceof TemplateError, String(e));
    return e.message;
  }
  assert.fail(`${template} rendered`);
}

test("exceptions has each of dbt-core's 21 CONTEXT_EXPORTS members, each callable", () => {
  const names = [
    'warn', 'missing_config', 'missing_materialization', 'missing_relation', 'raise_ambiguous_alias', 'raise_ambiguous_catalog_match',
    'raise_cache_inconsistent', 'raise_dataclass_not_dict', 'raise_compiler_error', 'raise_database_error', 'raise_dep_not_found',
    'raise_dependency_error', 'raise_duplicate_patch_name', 'raise_duplicate_resource_name', 'raise_invalid_property_yml_version',
    'raise_not_implemented', 'relation_wrong_type', 'raise_contract_error', 'column_type_missing', 'raise_fail_fast_error',
    'warn_snapshot_timestamp_data_types',
  ];
  const template = names.map((n) => `{{ exceptions.${n} is callable }}`).join(',');
  assert.equal(render(env(), request(template)).sql, names.map(() => 'True').join(','));
});

test("exceptions' messages are the ones dbt's exception classes build", () => {
  assert.equal(failure("{{ exceptions.raise_fail_fast_error('stop: ' ~ 1) }}"), 'stop: 1');
  assert.equal(failure("{{ exceptions.raise_dependency_error(msg='no dep') }}"), 'no dep');
  assert.equal(failure("{{ exceptions.missing_relation(this) }}"), `Relation ${render(env(), request('{{ this }}')).sql} not found!`);
  assert.equal(
    failure("{% do exceptions.relation_wrong_type(this.incorporate(type='view'), 'table') %}"),
    `Trying to create table ${render(env(), request('{{ this }}')).sql}, but it currently exists as a view. Either drop ${render(env(), request('{{ this }}')).sql} manually, or run dbt with \`--full-refresh\` and dbt will drop it for you.`,
  );
  assert.equal(
    failure("{{ exceptions.column_type_missing(column_names=['a', 'b']) }}"),
    "Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the ['a', 'b'] column(s).",
  );
  assert.equal(failure("{{ exceptions.missing_config({'unique_id': 'model.p.m'}, 'x') }}"), "Model 'model.p.m' does not define a required config parameter 'x'.");
  assert.equal(
    failure("{{ exceptions.missing_materialization({'config': {'materialized': 'mv'}}, 'snowflake') }}"),
    "No materialization 'mv' was found for adapter snowflake! (searched types 'default' and 'snowflake')",
  );
  assert.equal(failure("{{ exceptions.raise_cache_inconsistent('x') }}"), 'Cache inconsistency detected: x');
  // dbt-common exceptions.py NotImplementedError: formatted_msg = f"ERROR: {self.msg}".
  assert.equal(failure("{{ exceptions.raise_not_implemented('no adapter support') }}"), 'ERROR: no adapter support');
  assert.equal(
    failure("{{ exceptions.raise_dep_not_found(none, 'node m', 'dbt_utils') }}"),
    'Error while parsing node m.\nThe required package "dbt_utils" was not found. Is the package installed?\nHint: You may need to run `dbt deps`.',
  );
  assert.equal(
    failure("{{ exceptions.raise_invalid_property_yml_version('models/a.yml', 'its version is 3') }}"),
    'The yml property file at models/a.yml is invalid because its version is 3. Please consult the documentation for more information on yml property file syntax:\n\nhttps://docs.getdbt.com/reference/configs-and-properties',
  );
  assert.equal(
    failure("{{ exceptions.raise_duplicate_resource_name({'name': 'a', 'resource_type': 'model', 'unique_id': 'model.p.a', 'original_file_path': 'x.sql'}, {'name': 'a', 'resource_type': 'seed', 'unique_id': 'seed.p.a', 'original_file_path': 'a.csv'}) }}"),
    'dbt found two resources with the name "a".\n\nSince these resources have the same name, dbt will be unable to find the correct resource\nwhen looking for ref("a").\n\nTo fix this, change the name of one of these resources:\n- model.p.a (x.sql)\n- seed.p.a (a.csv)',
  );
  // dbt binds the arguments as Python does: a missing one fails, as an unknown keyword does.
  assert.match(failure('{{ exceptions.raise_compiler_error() }}'), /missing its required argument 'msg'/);
  assert.match(failure("{{ exceptions.raise_compiler_error('x', bogus=1) }}"), /unexpected keyword argument 'bogus'/);
});

test('raise_contract_error writes the mismatches as agate print_table does (recorded with agate 1.9)', () => {
  assert.equal(
    failure("{% do exceptions.raise_contract_error([], []) %}"),
    "This model has an enforced contract, and its 'columns' specification is missing",
  );
  const yaml = "[{'name': 'id', 'data_type': 'int'}, {'name': 'b', 'data_type': 'text'}]";
  const sql = "[{'name': 'id', 'data_type': 'TEXT'}, {'name': 'c', 'data_type': 'date'}]";
  assert.equal(
    failure(`{% do exceptions.raise_contract_error(${yaml}, ${sql}) %}`),
    "This model has an enforced contract that failed.\nPlease ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n\n" +
      '| column_name | definition_type | contract_type | mismatch_reason       |\n| ----------- | --------------- | ------------- | --------------------- |\n| b           |                 | text          | missing in definition |\n| c           | date            |               | missing in contract   |\n| id          | TEXT            | int           | data type mismatch    |\n',
  );
});

test('warn and warn_snapshot_timestamp_data_types record dbt’s warning text; the latter returns None', () => {
  const out = render(env(), request("{{ exceptions.warn('careful') }}|{{ exceptions.warn_snapshot_timestamp_data_types('TIMESTAMP_NTZ', 'DATE') }}"));
  assert.equal(out.sql, '|None');
  assert.deepEqual(out.warnings, [
    'careful',
    "Data type of snapshot table timestamp columns (TIMESTAMP_NTZ) doesn't match derived column 'updated_at' (DATE). Please update snapshot config 'updated_at'.",
  ]);
});
