// One failing fixture per rule (test/fixtures/lsp/rules/<name> laid over test/fixtures/lsp/base) with the exact
// diagnostics it must produce, and the base fixture as the passing case for every rule.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/core/types';
import { RULES } from '../../server/src/analysis/rules';
import { fixtureProject } from '../lsp/fixture-project';

type Expect = [file: string, range: string, severity: Diagnostic['severity'], code: string, message: string];

function show(d: Diagnostic): Expect {
  const r = d.range;
  return [d.file, `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`, d.severity, d.code, d.message];
}

async function diagnosticsOf(fixture: string | undefined, env: Record<string, string> = {}): Promise<Diagnostic[]> {
  const p = await fixtureProject(fixture, { env });
  try {
    return p.diagnostics();
  } finally {
    p.cleanup();
  }
}

const CASES: Record<string, Expect[]> = {
  'yaml-syntax': [
    // The broken line declared plan_type: the model's one error blames the file; everything else still reads.
    ['models/bronze/bz_users.sql', '10:4-10:13', 'error', 'bronze/yaml-unresolved', "column 'plan_type' cannot be resolved because models/bronze/schema.yml does not parse (YAML syntax error on line 35) and may declare it. Fix the YAML in models/bronze/schema.yml."],
    ['models/bronze/schema.yml', '34:14-34:15', 'error', 'bronze/yaml-syntax', 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]. dbt cannot read this file until it is fixed; Bronze reads the rest of it without the lines that do not parse.'],
  ],
  'unknown-key': [
    ['dbt_project.yml', '4:0-4:11', 'warning', 'bronze/unknown-key', 'Unknown key `macro-pathz` in dbt_project.yml at macro-pathz; it is ignored. Did you mean `macro-paths`?'],
  ],
  'schema-invalid': [
    ['models/bronze/schema.yml', '39:20-39:22', 'error', 'bronze/schema-invalid', 'Wrong type for model at models[1].config.materialized: expected a string, got number 42. Change the value to a string.'],
  ],
  'jinja-syntax': [['models/bronze/bz_meetings.sql', '1:0-1:33', 'error', 'bronze/jinja-syntax', '`{% if %}` is never closed: add `{% endif %}`']],
  'jinja-hook-quoting': [['models/bronze/bz_users.sql', '0:95-0:96', 'error', 'bronze/jinja-syntax', 'In the post_hook string: Jinja syntax error: unexpected `}`: an expression ends with `}}`']],
  'jinja-hook-yaml': [['dbt_project.yml', '10:41-10:42', 'error', 'bronze/jinja-syntax', 'In a post-hook: Jinja syntax error: unexpected `}`: an expression ends with `}}`']],
  'unknown-ref': [
    ['models/bronze/bz_meetings.sql', '10:12-10:21', 'error', 'bronze/unknown-ref', "ref() points to model 'bz_user', which does not exist. Did you mean 'bz_users'?"],
  ],
  'unknown-source': [
    ['models/bronze/bz_meetings.sql', '9:22-9:38', 'error', 'bronze/unknown-source', "Source 'raw' has no table 'meeting_events'. Declare it under sources › raw › tables in schema.yml."],
  ],
  'call-arguments': [
    ['models/bronze/bz_meetings.sql', '9:8-9:26', 'error', 'bronze/call-arguments', "source() takes exactly 2 arguments: 1 positional argument given. Write source('source_name', 'table_name')."],
  ],
  'dag-cycle': [
    ['models/bronze/bz_meetings.sql', '10:8-10:23', 'error', 'bronze/dag-cycle', 'This ref() closes a cycle: bz_meetings → bz_users → bz_meetings. Remove one ref() in the cycle so that no model depends on itself.'],
    ['models/bronze/bz_users.sql', '4:49-4:67', 'error', 'bronze/dag-cycle', 'This ref() closes a cycle: bz_meetings → bz_users → bz_meetings. Remove one ref() in the cycle so that no model depends on itself.'],
  ],
  'duplicate-model': [
    ['models/other/bz_users.sql', '0:0-0:0', 'error', 'bronze/duplicate-model', "Two models are named 'bz_users' in package lsp_demo: models/bronze/bz_users.sql and models/other/bz_users.sql. Rename or delete one (the first one is kept)."],
  ],
  'duplicate-model-entry': [
    ['models/bronze/schema.yml', '51:10-51:18', 'error', 'bronze/duplicate-model', "Model 'bz_users' is already described in models/bronze/schema.yml. Keep one entry and remove the other."],
  ],
  'duplicate-source-table': [
    ['models/bronze/schema.yml', '13:14-13:19', 'error', 'bronze/duplicate-source', 'Source table raw.users is declared twice (also in models/bronze/schema.yml). Remove one declaration.'],
  ],
  'duplicate-macro': [
    ['macros/money_again.sql', '0:9-0:25', 'error', 'bronze/duplicate-macro', "Macro 'cents_to_dollars' is already defined in macros/money.sql (package lsp_demo). Rename or remove one of them."],
  ],
  'unknown-model-entry': [
    ['models/bronze/schema.yml', '51:10-51:21', 'warning', 'bronze/unknown-model-entry', "Model 'bz_accounts' is described here but there is no bz_accounts.sql in the model paths (models). Fix the name or create the file."],
  ],
  'unknown-generic-test': [['models/bronze/schema.yml', '27:12-27:17', 'error', 'bronze/unknown-generic-test', "Generic test 'uniqe' does not exist. Did you mean 'unique'?"]],
  'model-outside-paths': [
    ['scratch/adhoc.sql', '0:0-0:0', 'warning', 'bronze/model-outside-paths', 'scratch/adhoc.sql is outside the model paths (models), so it is never built. Move it under models/, or add its folder to model-paths in dbt_project.yml.'],
  ],
  'missing-column': [
    ['models/bronze/schema.yml', '35:14-35:21', 'warning', 'bronze/missing-column', "Column 'company' is declared for model 'bz_users' but its SELECT does not output it (it outputs: user_id, email, user_name, plan_type, updated_at). Add it to the model's final SELECT, or remove it from schema.yml."],
  ],
  contract: [
    ['models/bronze/bz_users.sql', '11:4-11:14', 'error', 'bronze/contract', 'Column \'updated_at\' is output by model \'bz_users\' but not in its enforced contract: the build will fail with "missing in contract". Declare it with its data_type under columns: in schema.yml, or remove it from the SELECT.'],
    ['models/bronze/schema.yml', '21:10-21:18', 'warning', 'bronze/contract-constraint', "The constraint type primary_key is not enforced by snowflake. The constraint will be included in this model's DDL statement, but it will not guarantee anything about the underlying data. Set 'warn_unenforced: false' on this constraint to ignore this warning. (The DuckDB target leaves it out of the DDL, so the same rows load as on Snowflake.)"],
    ['models/bronze/schema.yml', '45:14-45:21', 'error', 'bronze/contract', 'Column \'company\' is in the enforced contract of model \'bz_users\' but its SELECT does not output it: the build will fail with "missing in definition". Add it to the SELECT, or remove it from the contract.'],
  ],
  'undocumented-column': [
    ['models/bronze/bz_users.sql', '11:19-11:28', 'info', 'bronze/undocumented-column', "Column 'double_id' is not documented: add it under columns: of model 'bz_users' in schema.yml."],
  ],
  'this-outside-incremental': [
    ['models/bronze/bz_users.sql', '13:72-13:82', 'warning', 'bronze/this-outside-incremental', '{{ this }} is read outside {% if is_incremental() %}: on the first build bz_users does not exist yet, so the query fails (later runs work while the table exists). Move this into an {% if is_incremental() %} block.'],
  ],
  'is-incremental-not-incremental': [
    ['models/bronze/bz_meetings.sql', '12:6-12:22', 'warning', 'bronze/is-incremental-not-incremental', "is_incremental() is always false here: model 'bz_meetings' is materialized 'table'. Set materialized='incremental', or remove the block."],
  ],
  'incremental-without-unique-key': [
    ['models/bronze/bz_users.sql', '0:23-0:36', 'warning', 'bronze/incremental-without-unique-key', "Incremental model 'bz_users' has no unique_key: every run appends the new rows, so updated records pile up as duplicates. Add unique_key='…' to its config (or incremental_strategy='append' if appending is intended)."],
  ],
  // dbt's check_valid_microbatch_config: begin is required (https://docs.getdbt.com/docs/build/incremental-microbatch).
  'microbatch-config': [
    ['models/bronze/bz_meetings.sql', '0:3-0:115', 'error', 'bronze/microbatch-config', "Microbatch model 'bz_meetings' must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from."],
  ],
  'microbatch-no-event-time-input': [
    ['models/bronze/bz_meetings.sql', '0:59-0:71', 'warning', 'bronze/microbatch-no-event-time-input', "The microbatch model 'bz_meetings' has no 'ref' or 'source' input with an 'event_time' configuration. This means no filtering can be applied and can result in unexpected duplicate records in the resulting microbatch model. Set event_time on the models or sources it reads (in their config)."],
  ],
  // A valid microbatch model (an input with event_time, no unique_key): no diagnostic at all.
  'microbatch-valid': [],
  'unique-key-no-effect': [
    ['models/bronze/bz_meetings.sql', '0:43-0:55', 'warning', 'bronze/unique-key-no-effect', 'unique_key has no effect on a table: it is rebuilt in full every run. Remove unique_key, or materialize the model as incremental.'],
  ],
  'incremental-filter-column': [
    ['models/bronze/bz_users.sql', '14:31-14:42', 'warning', 'bronze/incremental-filter-column', "The incremental filter reads 'modified_at' from {{ this }}, but model 'bz_users' does not select 'modified_at', so the query fails on incremental runs. Select it in the model, or filter on a column it outputs."],
  ],
  // A comment between the aggregate and FROM is still the same filter.
  'incremental-filter-column-comment': [
    ['models/bronze/bz_users.sql', '14:31-14:42', 'warning', 'bronze/incremental-filter-column', "The incremental filter reads 'modified_at' from {{ this }}, but model 'bz_users' does not select 'modified_at', so the query fails on incremental runs. Select it in the model, or filter on a column it outputs."],
  ],
  // The longest shape read (`max ( t . col ) as x from`): nine tokens before {{ this }}.
  'incremental-filter-column-qualified': [
    ['models/bronze/bz_users.sql', '14:33-14:44', 'warning', 'bronze/incremental-filter-column', "The incremental filter reads 'modified_at' from {{ this }}, but model 'bz_users' does not select 'modified_at', so the query fails on incremental runs. Select it in the model, or filter on a column it outputs."],
  ],
  'pre-hook-self-write': [
    ['models/bronze/bz_users.sql', '0:70-0:114', 'warning', 'bronze/pre-hook-self-write', "This pre_hook writes into {{ this }} ('delete from') before the model is built: on the first run the relation does not exist and the hook fails (later runs work while it exists). Move it to a post_hook, or guard it with {% if is_incremental() %}."],
  ],
  'undefined-var': [
    ['models/bronze/bz_meetings.sql', '11:39-11:59', 'error', 'bronze/undefined-var', "Var 'lookback_dayz' is not defined and has no default. Did you mean 'lookback_days'? Add it under vars: in dbt_project.yml, pass --vars, or write var('lookback_dayz', <default>)."],
  ],
  'unset-env-var': [
    ['models/bronze/bz_meetings.sql', '12:23-12:54', 'error', 'bronze/unset-env-var', "Environment variable 'BRONZE_EXCLUDED_HOST' is not set and env_var() has no default, so rendering fails. Set BRONZE_EXCLUDED_HOST, or write env_var('BRONZE_EXCLUDED_HOST', '<default>')."],
  ],
  // dbt refuses a secret's name outside profiles.yml/packages.yml even with a default.
  'secret-env-var': [
    ['models/bronze/bz_meetings.sql', '12:23-12:68', 'error', 'bronze/secret-env-var', "Secret env vars are allowed only in profiles.yml or packages.yml. Found 'DBT_ENV_SECRET_EXCLUDED_HOST' referenced elsewhere. Put it in profiles.yml (or packages.yml) and read the value there."],
  ],
  'undefined-name': [
    ['models/bronze/bz_meetings.sql', '7:7-7:22', 'error', 'bronze/undefined-name', "'cents_to_dollar' is undefined: no macro, variable or context function has this name. Did you mean 'cents_to_dollars'? Check the spelling, or install the package that defines it."],
    ['models/bronze/bz_meetings.sql', '8:7-8:27', 'error', 'bronze/undefined-name', "Package 'dbt_utils' is not installed, and Bronze's built-in stand-in has no macro 'date_spine'. Declare dbt_utils in packages.yml and run `bronze deps`."],
    ['models/bronze/bz_meetings.sql', '8:51-8:56', 'info', 'bronze/undocumented-column', "Column 'spine' is not documented: add it under columns: of model 'bz_meetings' in schema.yml."],
  ],
  // The macro's file does not parse: the call says so, where the model calls it (compile fails there).
  'macro-does-not-parse': [
    ['macros/money.sql', '0:0-0:50', 'error', 'bronze/jinja-syntax', '`{% macro %}` is never closed: add `{% endmacro %}`'],
    ['models/bronze/bz_meetings.sql', '7:7-7:23', 'error', 'bronze/undefined-name', 'cents_to_dollars() cannot be called: macros/money.sql:1 does not parse (`{% macro %}` is never closed: add `{% endmacro %}`).'],
  ],
  'undefined-name-singular-test': [
    ['tests/assert_cutoff.sql', '2:9-2:27', 'error', 'bronze/undefined-var', "Var 'no_such_var' is not defined and has no default. Add it under vars: in dbt_project.yml, pass --vars, or write var('no_such_var', <default>)."],
    ['tests/assert_cutoff.sql', '2:42-2:56', 'error', 'bronze/undefined-name', "'helpers' is undefined, so helpers.cutoff() cannot be called. If 'helpers' is a package, declare it in packages.yml and run `bronze deps`."],
  ],
  'macro-arguments': [['models/bronze/bz_meetings.sql', '7:7-7:53', 'error', 'bronze/call-arguments', "Macro 'cents_to_dollars' takes not more than 2 arguments (column_name, scale): 3 given."]],
  'test-arguments': [
    ['models/bronze/schema.yml', '44:12-44:25', 'error', 'bronze/test-arguments', "Test argument 'to' refs model 'bz_user', which does not exist. Did you mean 'bz_users'? Fix the name under the test in schema.yml."],
  ],
  // A var's Jinja renders when a model reads it: the YAML value and the model's var() call both say so.
  'var-jinja-broken': [
    ['dbt_project.yml', '6:18-6:22', 'error', 'bronze/jinja-syntax', "In var 'lookback_days': Expression `{{` is never closed: add `}}`"],
    ['models/bronze/bz_meetings.sql', '11:39-11:59', 'error', 'bronze/undefined-var', "Var 'lookback_days' (dbt_project.yml vars) holds Jinja that does not parse: Expression `{{` is never closed: add `}}`. Fix its value."],
  ],
  // model → macro → macro: the call in the model says why (the chain and the line); the macro file gets a warning.
  'macro-calls-undefined': [
    ['macros/money.sql', '5:46-5:58', 'warning', 'bronze/undefined-name', "'precision_of' is undefined: no macro, variable or context function has this name. Check the spelling, or install the package that defines it."],
    ['models/bronze/bz_meetings.sql', '7:7-7:23', 'error', 'bronze/undefined-name', "cents_to_dollars() cannot render: it calls to_money(), which fails: 'precision_of' is undefined: no macro, variable or context function has this name. Check the spelling, or install the package that defines it. (macros/money.sql:6)."],
  ],
  'pii-untagged': [
    ['models/bronze/schema.yml', '29:14-29:19', 'warning', 'bronze/pii-untagged', "Column 'email' of model 'bz_users' looks like personal data but is not classified. Add tags: ['pii'] (or meta: {classification: pii}) to it in schema.yml."],
  ],
  'sql-syntax': [['models/bronze/bz_meetings.sql', '11:29-11:30', 'error', 'bronze/sql-syntax', 'SQL syntax error: Parenthesis `(` is never closed: add the missing `)`.']],
  'not-a-query': [
    ['models/bronze/bz_install.sql', '1:0-1:6', 'error', 'bronze/incomplete-sql', 'Model bz_install is an INSERT statement, not a query: a model is the SELECT its materialization wraps in create … as (…), and Snowflake refuses an INSERT there as a syntax error. Run it in a hook or an operation, or make the model a query.'],
  ],
  // A ragged row: dbt (agate) and bronze seed refuse the file; the editor says where.
  'seed-csv': [['seeds/codes.csv', '2:0-2:0', 'error', 'bronze/seed-csv', "Seed 'codes': Row 3 has 3 values, but the header names 2 columns."]],
  // A custom materialization runs (no diagnostic); a name nothing defines for Snowflake, or only for another adapter,
  // is dbt's run-time error, on the config that names it.
  'unsupported-materialization': [
    ['models/bronze/bz_bq.sql', '0:23-0:32', 'error', 'bronze/unsupported-materialization', "No materialization 'bq_only' was found for adapter snowflake! (model 'bz_bq'; searched for the macros 'materialization_bq_only_snowflake' and 'materialization_bq_only_default': define {% materialization bq_only, adapter='snowflake' %} or {% materialization bq_only, default %} in a macro file)"],
    ['models/bronze/bz_typo.sql', '0:23-0:30', 'error', 'bronze/unsupported-materialization', "No materialization 'tabel' was found for adapter snowflake! (model 'bz_typo'; searched for the macros 'materialization_tabel_snowflake' and 'materialization_tabel_default': define {% materialization tabel, adapter='snowflake' %} or {% materialization tabel, default %} in a macro file)"],
  ],
  'snowflake-on-duckdb': [['models/bronze/bz_meetings.sql', '11:84-11:98', 'warning', 'bronze/snowflake-on-duckdb', 'REGEXP_REPLACE of one occurrence after the first with a replacement that is not a string literal is not supported on the DuckDB target: this model fails when run on the DuckDB target (it runs on Snowflake).']],
};

describe('analysis rules', () => {
  it('the base fixture is clean: every rule passes', async () => {
    assert.deepEqual((await diagnosticsOf(undefined)).map(show), []);
  });

  for (const [fixture, expected] of Object.entries(CASES)) {
    it(`${fixture}: reports exactly the expected diagnostics`, async () => {
      assert.deepEqual((await diagnosticsOf(fixture)).map(show), expected);
    });
  }

  it('every rule has a failing fixture here', () => {
    const covered = new Set(Object.values(CASES).flatMap((list) => list.map((e) => e[3])));
    const missing = RULES.map((r) => r.id).filter((id) => id !== 'bronze/load' && !covered.has(id));
    assert.deepEqual(missing, []);
  });

  it('unset-env-var is silent when the variable is set', async () => {
    assert.deepEqual((await diagnosticsOf('unset-env-var', { BRONZE_EXCLUDED_HOST: 'h1' })).map(show), []);
  });
});
