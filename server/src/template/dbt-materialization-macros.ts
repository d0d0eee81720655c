// dbt's materialization toolkit in the global `dbt` namespace: the macros a `{% materialization %}` block of a project
// or package calls to create its tables and views, follow schema changes, persist docs and apply grants (dbt-adapters'
// macros/materializations/models/incremental/on_schema_change.sql and column_helpers.sql, macros/relations/,
// macros/adapters/columns.sql, persist_docs.sql and apply_grants.sql; dbt-snowflake's macros/relations/table/create.sql,
// relations/view/create.sql, adapters.sql and apply_grants.sql). Written from what each does and prints: the SQL-printing
// macros print the text dbt-snowflake prints, blank lines included (dbt-materialization-macros.test.ts). What Bronze cannot
// do as dbt does (Iceberg and Python tables, dynamic tables, an enforced contract inside create_table_as) fails by name.

/** dbt's error when a materialization macro meets a configuration Bronze does not build this way. */
const REFUSE = (what: string) =>
  `{{ exceptions.raise_compiler_error(${what} ~ " is not supported by Bronze's dbt materialization macros (" ~ relation ~ ")") }}`;

const SCHEMA_CHANGES = `
{% macro incremental_validate_on_schema_change(on_schema_change, default='ignore') %}
  {%- if on_schema_change not in ['sync_all_columns', 'append_new_columns', 'fail', 'ignore'] -%}
    {%- do log('Invalid value for on_schema_change (%s) specified. Setting default value of %s.' % (on_schema_change, default)) -%}
    {{ return(default) }}
  {%- endif -%}
  {{ return(on_schema_change) }}
{% endmacro %}

{#- Columns of source_columns whose name no target column has (names compared exactly, types not at all). -#}
{% macro diff_columns(source_columns, target_columns) %}
  {%- set target_names = target_columns | map(attribute='column') | list -%}
  {{ return(source_columns | rejectattr('name', 'in', target_names) | list) }}
{% endmacro %}

{% macro default__diff_column_data_types(source_columns, target_columns) %}
  {%- set result = [] -%}
  {%- for sc in source_columns -%}
    {%- set tc = target_columns | selectattr('name', 'equalto', sc.name) | list | first -%}
    {%- if tc and sc.expanded_data_type != tc.expanded_data_type and not sc.can_expand_to(other_column=tc) -%}
      {%- do result.append({'column_name': tc.name, 'new_type': sc.expanded_data_type}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(result) }}
{% endmacro %}
{#- Snowflake compares the base types and keeps a target column's collation in the type it changes to. -#}
{% macro snowflake__diff_column_data_types(source_columns, target_columns) %}
  {%- set result = [] -%}
  {%- for sc in source_columns -%}
    {%- set tc = target_columns | selectattr('name', 'equalto', sc.name) | list | first -%}
    {%- if tc and sc.data_type != tc.data_type and not sc.can_expand_to(other_column=tc) -%}
      {%- set new_type = sc.data_type ~ (" collate '" ~ tc.collation ~ "'" if tc.collation else '') -%}
      {%- do result.append({'column_name': tc.name, 'new_type': new_type}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(result) }}
{% endmacro %}

{% macro default__check_for_schema_changes(source_relation, target_relation) %}
  {%- set source_columns = adapter.get_columns_in_relation(source_relation) -%}
  {%- set target_columns = adapter.get_columns_in_relation(target_relation) -%}
  {%- set source_not_in_target = diff_columns(source_columns, target_columns) -%}
  {%- set target_not_in_source = diff_columns(target_columns, source_columns) -%}
  {%- set new_target_types = diff_column_data_types(source_columns, target_columns) -%}
  {%- set schema_changed = source_not_in_target != [] or target_not_in_source != [] or new_target_types != [] -%}
  {%- do log('In ' ~ target_relation ~ ':\\n    Schema changed: ' ~ schema_changed ~ '\\n    Source columns not in target: ' ~ source_not_in_target
      ~ '\\n    Target columns not in source: ' ~ target_not_in_source ~ '\\n    New column types: ' ~ new_target_types) -%}
  {{ return({
    'schema_changed': schema_changed,
    'source_not_in_target': source_not_in_target,
    'target_not_in_source': target_not_in_source,
    'source_columns': source_columns,
    'target_columns': target_columns,
    'new_target_types': new_target_types
  }) }}
{% endmacro %}

{% macro default__sync_column_schemas(on_schema_change, target_relation, schema_changes_dict) %}
  {%- set add_to_target_arr = schema_changes_dict['source_not_in_target'] -%}
  {%- set remove_from_target_arr = schema_changes_dict['target_not_in_source'] -%}
  {%- set new_target_types = schema_changes_dict['new_target_types'] -%}
  {%- if on_schema_change == 'append_new_columns' -%}
    {%- if add_to_target_arr | length > 0 -%}
      {%- do alter_relation_add_remove_columns(target_relation, add_to_target_arr, none) -%}
    {%- endif -%}
  {%- elif on_schema_change == 'sync_all_columns' -%}
    {%- if add_to_target_arr | length > 0 or remove_from_target_arr | length > 0 -%}
      {%- do alter_relation_add_remove_columns(target_relation, add_to_target_arr, remove_from_target_arr) -%}
    {%- endif -%}
    {%- for ntt in new_target_types -%}
      {%- do alter_column_type(target_relation, ntt['column_name'], ntt['new_type']) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- do log('In ' ~ target_relation ~ ':\\n    Schema change approach: ' ~ on_schema_change ~ '\\n    Columns added: ' ~ add_to_target_arr
      ~ '\\n    Columns removed: ' ~ remove_from_target_arr ~ '\\n    Data types changed: ' ~ new_target_types) -%}
{% endmacro %}

{#- ignore: {} (the caller reads the target's columns); otherwise the source's columns, after failing or syncing. -#}
{% macro default__process_schema_changes(on_schema_change, source_relation, target_relation) %}
  {%- if on_schema_change == 'ignore' -%}
    {{ return({}) }}
  {%- endif -%}
  {%- set changes = check_for_schema_changes(source_relation, target_relation) -%}
  {%- if changes['schema_changed'] and on_schema_change == 'fail' -%}
    {#- The message the built-in incremental gives (compile/materializations.ts), as dbt words it. -#}
    {{ exceptions.raise_compiler_error(
      'In ' ~ target_relation ~ ': the source and target schemas on this incremental model are out of sync!\\n'
      ~ 'They can be reconciled in several ways:\\n'
      ~ '  - set the \`on_schema_change\` config to either append_new_columns or sync_all_columns, depending on your situation.\\n'
      ~ '  - Re-run the incremental model with \`full_refresh: True\` to update the target schema.\\n'
      ~ '  - update the schema manually and re-run the process.\\n\\n'
      ~ 'Additional troubleshooting context:\\n'
      ~ '   Source columns not in target: ' ~ changes['source_not_in_target'] ~ '\\n'
      ~ '   Target columns not in source: ' ~ changes['target_not_in_source'] ~ '\\n'
      ~ '   New column types: ' ~ changes['new_target_types']) }}
  {%- elif changes['schema_changed'] -%}
    {%- do sync_column_schemas(on_schema_change, target_relation, changes) -%}
  {%- endif -%}
  {{ return(changes['source_columns']) }}
{% endmacro %}

{% macro get_quoted_csv(column_names) %}
  {%- set quoted = [] -%}
  {%- for col in column_names %}{% do quoted.append(adapter.quote(col)) %}{% endfor -%}
  {{ return(quoted | join(', ')) }}
{% endmacro %}
`;

const COLUMNS = `
{% macro snowflake__alter_column_type(relation, column_name, new_column_type) -%}
  {% call statement('alter_column_type') %}
    alter {{ relation.get_ddl_prefix_for_alter() }} table {{ relation.render() }} alter {{ adapter.quote(column_name) }} set data type {{ new_column_type }};
  {% endcall %}
{% endmacro %}

{#- The type an added column is declared with (an Iceberg table's text would be STRING; Bronze has none). -#}
{% macro snowflake__get_column_data_type_for_alter(relation, column) %}
  
  
    {{ column.data_type }}
  
{% endmacro %}
{% macro snowflake__alter_relation_add_remove_columns(relation, add_columns, remove_columns) %}
  {%- set relation_type = 'dynamic table' if relation.is_dynamic_table else relation.type -%}
  {%- set head = 'alter ' ~ relation.get_ddl_prefix_for_alter() ~ ' ' ~ relation_type ~ ' ' ~ relation.render() -%}
  {%- if add_columns -%}
    {%- set sql -%}
       {{ head }} add column
          {% for column in add_columns %}
            {{ adapter.quote(column.name) }} {{ snowflake__get_column_data_type_for_alter(relation, column) }}{{ ',' if not loop.last }}
          {% endfor %}
    {%- endset -%}
    {%- do run_query(sql) -%}
  {%- endif -%}
  {%- if remove_columns -%}
    {%- set sql -%}
        {{ head }} drop column
            {% for column in remove_columns %}
                {{ adapter.quote(column.name) }}{{ ',' if not loop.last }}
            {% endfor %}
    {%- endset -%}
    {%- do run_query(sql) -%}
  {%- endif -%}
{% endmacro %}

{% macro default__get_empty_subquery_sql(select_sql, select_sql_header=none) %}
    {%- if select_sql_header is not none -%}
    {{ select_sql_header }}
    {%- endif -%}
    select * from (
        {{ select_sql }}
    ) as __dbt_sbq
    where false
    limit 0
{% endmacro %}

{#- The names of a query's columns, asked of the warehouse with a query that reads no rows. -#}
{% macro default__get_columns_in_query(select_sql) %}
  {%- call statement('get_columns_in_query', fetch_result=True, auto_begin=False) -%}
    {{ get_empty_subquery_sql(select_sql) }}
    {% endcall -%}
  {{ return(load_result('get_columns_in_query').table.columns | map(attribute='name') | list) }}
{% endmacro %}

{% macro default__get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}
    select
      {{ fail_calc }} as failures,
      {{ fail_calc }} {{ warn_if }} as should_warn,
      {{ fail_calc }} {{ error_if }} as should_error
    from (
      {{ main_sql }}
      {{ "limit " ~ limit if limit != none }}
    ) dbt_internal_test
{%- endmacro %}
`;

// create_table_as / create_view_as print what dbt-snowflake prints for a table or view in Snowflake's own catalog
// (its INFO_SCHEMA catalog: transient unless `transient: false`, copy grants, row access policy, tag, cluster by).
const RELATIONS = `
{% macro get_create_table_as_sql(temporary, relation, sql) -%}
  {{ adapter.dispatch('get_create_table_as_sql', 'dbt')(temporary, relation, sql) }}
{%- endmacro %}
{% macro default__get_create_table_as_sql(temporary, relation, sql) -%}
  {{ return(create_table_as(temporary, relation, sql)) }}
{% endmacro %}
{% macro create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {# the language argument reaches the adapter's macro only when it is not sql #}
  {% if language == 'sql' %}
    {{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code) }}
  {% else %}
    {{ adapter.dispatch('create_table_as', 'dbt')(temporary, relation, compiled_code, language) }}
  {% endif %}

{%- endmacro %}

{% macro snowflake__create_table_as(temporary, relation, compiled_code, language='sql') -%}
  {%- if language != 'sql' -%}
    ${REFUSE("'create_table_as of a ' ~ language ~ ' model'")}
  {%- elif (config.get('table_format') or '') | lower == 'iceberg' or config.get('catalog_name') or config.get('catalog') -%}
    ${REFUSE("'create_table_as of an Iceberg table (table_format or catalog config)'")}
  {%- elif (config.get('contract') or {}).get('enforced') -%}
    ${REFUSE("'create_table_as with an enforced contract'")}
  {%- elif temporary -%}
    {{ bronze__snowflake_create_table(relation, compiled_code, 'temporary ') }}
  {%- else -%}
    {{ bronze__snowflake_create_table(relation, compiled_code, 'transient ' if config.get('transient', true) else '') }}
  {%- endif -%}
{% endmacro %}

{#- A temporary table takes none of the table options (dbt-snowflake's create_table_temporary_sql). -#}
{% macro bronze__snowflake_create_table(relation, compiled_code, kind) -%}
  {%- set temporary = kind == 'temporary ' -%}
  {%- set copy_grants = not temporary and config.get('copy_grants', default=false) -%}
  {%- set row_access_policy = none if temporary else config.get('row_access_policy', default=none) -%}
  {%- set table_tag = none if temporary else config.get('table_tag', default=none) -%}
  {%- set cluster_by = none if temporary else config.get('cluster_by', default=none) -%}
  {%- if cluster_by is not none and cluster_by is not string -%}{%- set cluster_by = cluster_by | join(', ') -%}{%- endif -%}
  {%- set sql_header = config.get('sql_header', none) -%}
{{ sql_header if sql_header is not none }}

create or replace {{ kind }}table {{ relation }}
{%- if temporary %}
as (
    {{ compiled_code }}
    )
;
{%- else %}
    {% if copy_grants -%} copy grants {%- endif %}
    {% if row_access_policy -%} with row access policy {{ row_access_policy }} {%- endif %}
    {% if table_tag -%} with tag ({{ table_tag }}) {%- endif %}
    as (
        {%- if cluster_by is not none -%}
        select * from (
            {{ compiled_code }}
        )
        order by (
            {{ cluster_by }}
        )
        {%- else -%}
        {{ compiled_code }}
        {%- endif %}
    )
;

{% if cluster_by is not none -%}
alter table {{ relation }} cluster by ({{ cluster_by }});
{%- if config.get('automatic_clustering', default=false) %}
alter table {{ relation }} resume recluster;
{%- endif -%}
{%- endif -%}
{%- endif -%}
{%- endmacro %}

{% macro get_create_view_as_sql(relation, sql) -%}
  {{ adapter.dispatch('get_create_view_as_sql', 'dbt')(relation, sql) }}
{%- endmacro %}
{% macro default__get_create_view_as_sql(relation, sql) -%}
  {{ return(create_view_as(relation, sql)) }}
{% endmacro %}
{% macro create_view_as(relation, sql) -%}
  {{ adapter.dispatch('create_view_as', 'dbt')(relation, sql) }}
{%- endmacro %}
{% macro snowflake__create_view_as(relation, sql) -%}
  {%- if (config.get('contract') or {}).get('enforced') -%}
    ${REFUSE("'create_view_as with an enforced contract'")}
  {%- endif -%}
  {%- set secure = config.get('secure', default=false) -%}
  {%- set copy_grants = config.get('copy_grants', default=false) -%}
  {%- set row_access_policy = config.get('row_access_policy', default=none) -%}
  {%- set table_tag = config.get('table_tag', default=none) -%}
  {%- set sql_header = config.get('sql_header', none) -%}
  {{ sql_header if sql_header is not none }}
  create or replace {% if secure %}secure{% endif %}  view {{ relation }}
  {% if config.persist_column_docs() -%}
    {% set model_columns = model.columns %}
    {% set query_columns = get_columns_in_query(sql) %}
    {{ get_persist_docs_column_list(model_columns, query_columns) }}
  {%- endif %}
  {% if copy_grants -%} copy grants {%- endif %}
  {% if row_access_policy -%} with row access policy {{ row_access_policy }} {%- endif %}
  {% if table_tag -%} with tag ({{ table_tag }}) {%- endif %}
  as (
    {{ sql }}
  );
{{ '' }}
{% endmacro %}

{%- macro get_create_sql(relation, sql) -%}
  {{- log('Applying CREATE to: ' ~ relation) -}}
  {{- adapter.dispatch('get_create_sql', 'dbt')(relation, sql) -}}
{%- endmacro -%}
{% macro snowflake__get_create_sql(relation, sql) %}

    {% if relation.is_dynamic_table %}
        ${REFUSE("'get_create_sql of a dynamic table'")}
    {% else %}
        {{ default__get_create_sql(relation, sql) }}

    {% endif %}

{% endmacro %}
{%- macro default__get_create_sql(relation, sql) -%}
  {%- if relation.is_view -%}
    {{ get_create_view_as_sql(relation, sql) }}
  {%- elif relation.is_table -%}
    {{ get_create_table_as_sql(False, relation, sql) }}
  {%- elif relation.is_materialized_view -%}
    ${REFUSE("'get_create_sql of a materialized view'")}
  {%- else -%}
    {{- exceptions.raise_compiler_error('\`get_create_sql\` has not been implemented for: ' ~ relation.type) -}}
  {%- endif -%}
{%- endmacro -%}

{% macro drop_relation_if_exists(relation) %}
  {% if relation is not none %}
    {{ adapter.drop_relation(relation) }}
  {% endif %}
{% endmacro %}

{#- DML sent on its own in an explicit transaction, as dbt-snowflake sends it. -#}
{% macro snowflake_dml_explicit_transaction(dml) %}
  {%- set dml_transaction -%}
    begin;
    {{ dml }};
    commit;
  {%- endset %}
  {% do return(dml_transaction) %}
{% endmacro %}
{% macro snowflake__truncate_relation(relation) -%}
  {% set truncate_dml %}
    truncate table {{ relation.render() }}
  {% endset %}
  {%- call statement('truncate_relation') %}
      {{ snowflake_dml_explicit_transaction(truncate_dml) }}
    {% endcall -%}
{% endmacro %}

{#- A statement that sends nothing: what its caller block says is recorded under its name, with the response given. -#}
{% macro noop_statement(name=none, message=none, code=none, rows_affected=none, res=none) -%}
  {%- set sql = caller() -%}
  {%- if name is not none -%}
    {{ store_raw_result(name, message=message, code=code, rows_affected=rows_affected, agate_table=res) }}
  {%- endif -%}
{%- endmacro %}
`;

// persist_docs: a relation's description as COMMENT ON, its documented columns' as one ALTER … ALTER (dbt-snowflake).
const DOCS = `
{% macro default__persist_docs(relation, model, for_relation, for_columns) -%}
  {% if for_relation and config.persist_relation_docs() and model.description %}
    {% do run_query(alter_relation_comment(relation, model.description)) %}
  {% endif %}
  {% if for_columns and config.persist_column_docs() and model.columns %}
    {% set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list %}
    {% set filtered_columns = validate_doc_columns(relation, model.columns, existing_columns) %}
    {% set alter_comment_sql = alter_column_comment(relation, filtered_columns) %}
    {% if alter_comment_sql and alter_comment_sql | trim | length > 0 %}
      {% do run_query(alter_comment_sql) %}
    {% endif %}
  {% endif %}
{% endmacro %}

{#- The documented columns the relation has (a quoted column by its exact name, others ignoring case); warns of the rest. -#}
{% macro validate_doc_columns(relation, column_dict, existing_column_names) %}
  {%- set existing_lower = existing_column_names | map('lower') | list -%}
  {%- set missing = [] -%}
  {%- set filtered = {} -%}
  {%- for col_name in column_dict -%}
    {%- if column_dict[col_name]['quote'] -%}
      {%- set present = col_name in existing_column_names -%}
    {%- else -%}
      {%- set present = col_name | lower in existing_lower -%}
    {%- endif -%}
    {%- if present %}{% do filtered.update({col_name: column_dict[col_name]}) %}{% else %}{% do missing.append(col_name) %}{% endif -%}
  {%- endfor -%}
  {%- if missing | length > 0 -%}
    {{ exceptions.warn('In relation ' ~ relation.render() ~ ': The following columns are specified in the schema but are not present in the database: ' ~ missing | join(', ')) }}
  {%- endif -%}
  {{ return(filtered) }}
{% endmacro %}

{% macro snowflake__alter_relation_comment(relation, relation_comment) -%}
  {%- if relation.is_iceberg_format -%}
    alter iceberg table {{ relation.render() }} set comment = $\${{ relation_comment | replace('$', '[$]') }}$\$;
  {%- else -%}
    comment on {{ 'dynamic table' if relation.is_dynamic_table else relation.type }} {{ relation.render() }} IS $\${{ relation_comment | replace('$', '[$]') }}$\$;
  {%- endif -%}
{% endmacro %}

{#- Every column of the relation gets the comment its documentation gives (matched by upper, lower, then exact name), else an empty one. -#}
{% macro get_column_comment_sql(column_name, column_dict) -%}
  {%- set matched = column_name | upper if column_name | upper in column_dict else column_name | lower if column_name | lower in column_dict
      else column_name if column_name in column_dict else none -%}
  {{ adapter.quote(column_name) }} COMMENT $\${{ column_dict[matched]['description'] | replace('$', '[$]') if matched else '' }}$\$
{%- endmacro %}
{% macro get_persist_docs_column_list(model_columns, query_columns) %}
(
  {% for column_name in query_columns %}
    {{ get_column_comment_sql(column_name, model_columns) }}
    {{- ", " if not loop.last else "" }}
  {% endfor %}
)
{% endmacro %}

{% macro snowflake__alter_column_comment(relation, column_dict) -%}
  {%- set existing_columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
  {%- set relation_type = 'table' if relation.is_dynamic_table else relation.type %}
    {{ '' }}
    {{ '' }}
    alter {{ relation.get_ddl_prefix_for_alter() }} {{ relation_type }} {{ relation.render() }} alter
    {% for column_name in existing_columns %}
        {{ get_column_comment_sql(column_name, column_dict) }} {{- ',' if not loop.last else ';' }}
    {% endfor %}
{% endmacro %}
`;

// apply_grants: on a relation that may carry grants over (should_revoke), the grants SHOW GRANTS lists are compared with
// the `grants` config; what is missing is granted and what is extra revoked, one grantee per statement on Snowflake.
const GRANTS = `
{% macro should_revoke(existing_relation, full_refresh_mode=True) %}
  {%- if not existing_relation -%}
    {{ return(False) }}
  {%- elif full_refresh_mode -%}
    {{ return(copy_grants()) }}
  {%- else -%}
    {{ return(True) }}
  {%- endif -%}
{% endmacro %}
{% macro default__copy_grants() %}{{ return(True) }}{% endmacro %}
{% macro snowflake__copy_grants() %}{{ return(config.get('copy_grants', False)) }}{% endmacro %}
{% macro default__support_multiple_grantees_per_dcl_statement() %}{{ return(True) }}{% endmacro %}
{% macro snowflake__support_multiple_grantees_per_dcl_statement() %}{{ return(False) }}{% endmacro %}

{% macro default__get_show_grant_sql(relation) %}
    show grants on {{ relation.render() }}
{% endmacro %}
{%- macro default__get_grant_sql(relation, privilege, grantees) -%}
    grant {{ privilege }} on {{ relation.render() }} to {{ grantees | join(', ') }}
{%- endmacro -%}
{%- macro default__get_revoke_sql(relation, privilege, grantees) -%}
    revoke {{ privilege }} on {{ relation.render() }} from {{ grantees | join(', ') }}
{%- endmacro -%}

{%- macro default__get_dcl_statement_list(relation, grant_config, get_dcl_macro) -%}
  {%- set dcl_statements = [] -%}
  {%- for privilege, grantees in grant_config.items() -%}
    {%- if support_multiple_grantees_per_dcl_statement() and grantees -%}
      {%- do dcl_statements.append(get_dcl_macro(relation, privilege, grantees)) -%}
    {%- else -%}
      {%- for grantee in grantees -%}
        {%- do dcl_statements.append(get_dcl_macro(relation, privilege, [grantee])) -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(dcl_statements) }}
{%- endmacro %}

{% macro default__call_dcl_statements(dcl_statement_list) %}
    {% call statement('grants') %}
        {% for dcl_statement in dcl_statement_list %}
            {{ dcl_statement }};
        {% endfor %}
    {% endcall %}
{% endmacro %}

{% macro default__apply_grants(relation, grant_config, should_revoke=True) %}
  {%- if grant_config -%}
    {%- if should_revoke -%}
      {%- set current_grants_dict = adapter.standardize_grants_dict(run_query(get_show_grant_sql(relation))) -%}
      {%- set needs_granting = diff_of_two_dicts(grant_config, current_grants_dict) -%}
      {%- set needs_revoking = diff_of_two_dicts(current_grants_dict, grant_config) -%}
      {%- if not (needs_granting or needs_revoking) -%}
        {{ log('On ' ~ relation.render() ~ ': All grants are in place, no revocation or granting needed.') }}
      {%- endif -%}
    {%- else -%}
      {%- set needs_revoking = {} -%}
      {%- set needs_granting = grant_config -%}
    {%- endif -%}
    {%- if needs_granting or needs_revoking -%}
      {%- set dcl_statement_list = get_dcl_statement_list(relation, needs_revoking, get_revoke_sql) + get_dcl_statement_list(relation, needs_granting, get_grant_sql) -%}
      {%- if dcl_statement_list -%}
        {{ call_dcl_statements(dcl_statement_list) }}
      {%- endif -%}
    {%- endif -%}
  {%- endif -%}
{% endmacro %}
`;

// Session query tags (dbt-snowflake's set_query_tag / unset_query_tag around a model that configures one).
const QUERY_TAG = `
{% macro get_current_query_tag() -%}
  {{ return(run_query("show parameters like 'query_tag' in session").rows[0]['value']) }}
{% endmacro %}
{% macro snowflake__set_query_tag() -%}
  {%- set new_query_tag = config.get('query_tag') -%}
  {%- if new_query_tag -%}
    {%- set original_query_tag = get_current_query_tag() -%}
    {{ log("Setting query_tag to '" ~ new_query_tag ~ "'. Will reset to '" ~ original_query_tag ~ "' after materialization.") }}
    {%- do run_query("alter session set query_tag = '{}'".format(new_query_tag)) -%}
    {{ return(original_query_tag) }}
  {%- endif -%}
  {{ return(none) }}
{% endmacro %}
{% macro snowflake__unset_query_tag(original_query_tag) -%}
  {%- if config.get('query_tag') -%}
    {%- if original_query_tag -%}
      {{ log("Resetting query_tag to '" ~ original_query_tag ~ "'.") }}
      {%- do run_query("alter session set query_tag = '{}'".format(original_query_tag)) -%}
    {%- else -%}
      {{ log('No original query_tag, unsetting parameter.') }}
      {%- do run_query('alter session unset query_tag') -%}
    {%- endif -%}
  {%- endif -%}
{% endmacro %}

{#- adapter.expand_target_column_types: each text column of to_relation shorter than from_relation's widened to its size. -#}
{% macro bronze__expand_target_column_types(from_relation, to_relation) %}
  {%- set reference = adapter.get_columns_in_relation(from_relation) -%}
  {%- set current = adapter.get_columns_in_relation(to_relation) -%}
  {%- for rc in reference -%}
    {%- set tc = current | selectattr('name', 'equalto', rc.name) | list | first -%}
    {%- if tc and tc.can_expand_to(rc) -%}
      {%- do alter_column_type(to_relation, rc.name, api.Column.string_type(rc.string_size())) -%}
    {%- endif -%}
  {%- endfor -%}
{% endmacro %}
`;

/** [name, params, args?]: a macro dispatching to `<adapter>__name` / `default__name` in namespace dbt (dbt-global-macros.ts). */
export const MATERIALIZATION_DISPATCHED: [name: string, params: string, args?: string][] = [
  ['check_for_schema_changes', 'source_relation, target_relation'],
  ['sync_column_schemas', 'on_schema_change, target_relation, schema_changes_dict'],
  ['process_schema_changes', 'on_schema_change, source_relation, target_relation'],
  ['diff_column_data_types', 'source_columns, target_columns'],
  ['alter_column_type', 'relation, column_name, new_column_type'],
  ['alter_relation_add_remove_columns', 'relation, add_columns=none, remove_columns=none'],
  ['get_empty_subquery_sql', 'select_sql, select_sql_header=none'],
  ['get_columns_in_query', 'select_sql'],
  ['get_test_sql', 'main_sql, fail_calc, warn_if, error_if, limit'],
  ['truncate_relation', 'relation'],
  ['persist_docs', 'relation, model, for_relation=true, for_columns=true'],
  ['alter_relation_comment', 'relation, relation_comment'],
  ['alter_column_comment', 'relation, column_dict'],
  ['copy_grants', ''],
  ['support_multiple_grantees_per_dcl_statement', ''],
  ['get_show_grant_sql', 'relation'],
  ['get_grant_sql', 'relation, privilege, grantees'],
  ['get_revoke_sql', 'relation, privilege, grantees'],
  ['get_dcl_statement_list', 'relation, grant_config, get_dcl_macro'],
  ['call_dcl_statements', 'dcl_statement_list'],
  ['apply_grants', 'relation, grant_config, should_revoke'],
  ['set_query_tag', ''],
  ['unset_query_tag', 'original_query_tag'],
];

/** The macros' text (the dispatchers are added by dbt-global-macros.ts). */
export const DBT_MATERIALIZATION_MACROS = SCHEMA_CHANGES + COLUMNS + RELATIONS + DOCS + GRANTS + QUERY_TAG;
