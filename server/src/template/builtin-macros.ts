// Built-in macro sources registered before the project's own, so a project macro with the same name overrides
// them: dbt's name generators, dbt's global macros, and the dbt_utils macros bronze projects use (these stand in
// only while the real dbt_utils package is not installed).
import { DBT_GLOBAL_MACROS } from './dbt-global-macros';

/**
 * dbt's relation-name macros. Each dispatches in the `dbt` namespace, so a root-project override of the
 * macro itself, or a `default__…` from a package that `dispatch:` lists for `dbt`, decides the name.
 */
export const DBT_MACROS = `
{% macro generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
{%- endmacro %}

{#- Custom schema S on target schema T gives T_S; no custom schema gives T. -#}
{% macro default__generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}
    {{ target.schema }}
  {%- else -%}
    {{ target.schema }}_{{ custom_schema_name | trim }}
  {%- endif -%}
{%- endmacro %}

{#- The custom schema as is on the target named prod, the target schema everywhere else. -#}
{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
  {%- if target.name == 'prod' and custom_schema_name is not none -%}
    {{ custom_schema_name | trim }}
  {%- else -%}
    {{ target.schema }}
  {%- endif -%}
{%- endmacro %}

{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_alias_name', 'dbt')(custom_alias_name, node)) }}
{%- endmacro %}

{#- The alias config wins; versioned models get _v<version>; otherwise the model name. -#}
{% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
  {%- if custom_alias_name -%}
    {{ custom_alias_name | trim }}
  {%- elif node is not none and node.version -%}
    {{ return(node.name ~ '_v' ~ (node.version | replace('.', '_'))) }}
  {%- else -%}
    {{ node.name }}
  {%- endif -%}
{%- endmacro %}

{% macro generate_database_name(custom_database_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_database_name', 'dbt')(custom_database_name, node)) }}
{%- endmacro %}

{#- A database config replaces the target database. -#}
{% macro default__generate_database_name(custom_database_name=none, node=none) -%}
  {%- if custom_database_name is none -%}
    {{ target.database }}
  {%- else -%}
    {{ custom_database_name | trim }}
  {%- endif -%}
{%- endmacro %}
`;

/** The dbt_utils macros: surrogate keys and star. */
export const DBT_UTILS_MACROS = `
{#- md5 over the fields cast to dbt's string type, NULLs replaced by a marker (or '' when the project sets
    surrogate_key_treat_nulls_as_empty_strings), joined with '-': the SQL dbt_utils 1.x compiles on Snowflake. -#}
{% macro generate_surrogate_key(field_list) -%}
  {%- if field_list is string -%}
    {%- set field_list = [field_list] -%}
  {%- endif -%}
  {%- set null_marker = '' if var('surrogate_key_treat_nulls_as_empty_strings', false) else '_dbt_utils_surrogate_key_null_' -%}
  {%- set parts = [] -%}
  {%- for field in field_list -%}
    {%- do parts.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '" ~ null_marker ~ "')") -%}
    {%- if not loop.last -%}
      {%- do parts.append("'-'") -%}
    {%- endif -%}
  {%- endfor -%}
  md5(cast({{ parts | join(' || ') }} as {{ dbt.type_string() }}))
{%- endmacro %}

{#- The relation's columns, minus the excluded ones; '*' while parsing or when the columns are unknown. -#}
{% macro star(from, relation_alias=none, except=[], prefix='', suffix='', quote_identifiers=true) -%}
  {%- if not execute -%}
    {{ return('*') }}
  {%- endif -%}
  {%- set skip = except | map('lower') | list -%}
  {%- set picked = [] -%}
  {%- for column in adapter.get_columns_in_relation(from) -%}
    {%- if column.name | lower not in skip -%}
      {%- do picked.append(column.name) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if picked | length == 0 -%}
    {{ return('*') }}
  {%- endif -%}
  {%- for name in picked -%}
    {%- if relation_alias %}{{ relation_alias }}.{% endif -%}
    {%- if quote_identifiers -%}{{ adapter.quote(name) }}{%- else -%}{{ name }}{%- endif -%}
    {%- if prefix != '' or suffix != '' %} as {{ adapter.quote(prefix ~ name ~ suffix) if quote_identifiers else prefix ~ name ~ suffix }}{%- endif -%}
    {%- if not loop.last %},
  {% endif -%}
  {%- endfor -%}
{%- endmacro %}
`;

export const BUILTIN_MACRO_FILES: readonly { packageName: string; file: string; text: string }[] = [
  { packageName: 'dbt', file: '<builtin>/dbt/macros.sql', text: DBT_MACROS },
  { packageName: 'dbt', file: '<builtin>/dbt/global.sql', text: DBT_GLOBAL_MACROS },
  { packageName: 'dbt_utils', file: '<builtin>/dbt_utils/macros.sql', text: DBT_UTILS_MACROS },
];
