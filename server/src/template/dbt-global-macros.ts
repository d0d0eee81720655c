// dbt's global macro namespace (package `dbt`): the cross-database macros and relation helpers dbt ships, each
// reachable bare and as `dbt.<name>`, and dispatched per adapter through `adapter.dispatch(name, 'dbt')` so a
// project or package can override any `<adapter>__<name>` (root project first, as dbt searches). Written from
// dbt's documentation of what each macro produces on Snowflake and DuckDB; `default__` is dbt's generic SQL.
// The `default__`/`snowflake__` macros print the whitespace dbt-adapters' and dbt-snowflake's macros print (blank
// lines, indentation), so compiled SQL is byte-identical to dbt's; the `duckdb__` ones are Bronze's own.

import { DBT_MATERIALIZATION_MACROS, MATERIALIZATION_DISPATCHED } from './dbt-materialization-macros';

/** `name(params)` dispatching to `<adapter>__name` / `default__name` in namespace dbt, returning its result. */
function dispatcher(name: string, params: string, args = params.replace(/=[^,]+/g, '')): string {
  // \`args\` defaults to the parameter names; give it when a default value holds a comma.
  return `{% macro ${name}(${params}) %}{{ return(adapter.dispatch('${name}', 'dbt')(${args})) }}{% endmacro %}\n`;
}

const DATA_TYPES = `
{% macro default__type_string() %}{{ return(api.Column.translate_type('string')) }}{% endmacro %}
{% macro default__type_timestamp() %}{{ return(api.Column.translate_type('timestamp')) }}{% endmacro %}
{% macro default__type_float() %}{{ return(api.Column.translate_type('float')) }}{% endmacro %}
{% macro default__type_numeric() %}{{ return(api.Column.numeric_type('numeric', 28, 6)) }}{% endmacro %}
{% macro default__type_bigint() %}{{ return(api.Column.translate_type('bigint')) }}{% endmacro %}
{% macro default__type_int() %}{{ return(api.Column.translate_type('integer')) }}{% endmacro %}
{% macro default__type_boolean() %}{{ return(api.Column.translate_type('boolean')) }}{% endmacro %}
`;

const FUNCTIONS = `
{% macro default__any_value(expression) %}any_value({{ expression }}){% endmacro %}
{% macro duckdb__any_value(expression) %}arbitrary({{ expression }}){% endmacro %}

{% macro default__array_append(array, new_element) %}array_append({{ array }}, {{ new_element }}){% endmacro %}
{% macro default__array_concat(array_1, array_2) %}array_cat({{ array_1 }}, {{ array_2 }}){% endmacro %}
{% macro default__array_construct(inputs, data_type) -%}
  {%- set items = inputs | join(' , ') %}
    {{ 'array[ ' ~ items ~ ' ]' if inputs | length > 0 else 'array[]::' ~ data_type ~ '[]' }}
    {% endmacro %}
{% macro snowflake__array_construct(inputs, data_type) %}array_construct( {{ inputs | join(' , ') }} ){% endmacro %}

{% macro default__bool_or(expression) %}bool_or({{ expression }}){% endmacro %}
{% macro snowflake__bool_or(expression) %}boolor_agg({{ expression }}){% endmacro %}

{% macro default__cast(field, type) %}
    cast({{ field }} as {{ type }})
{% endmacro %}
{% macro snowflake__cast(field, type) %}
    {% set t = type | upper -%}
    {%- if t == 'GEOGRAPHY' %}to_geography({{ field }}){% elif t == 'GEOMETRY' %}to_geometry({{ field }}){% else %}cast({{ field }} as {{ type }}){% endif %}
    {% endmacro %}
{% macro cast_bool_to_text(field) %}
  {{ adapter.dispatch('cast_bool_to_text', 'dbt')(field) }}
{% endmacro %}
{% macro default__cast_bool_to_text(field) %}
    cast({{ field }} as {{ api.Column.translate_type('string') }})
{% endmacro %}

{% macro default__safe_cast(field, type) %}
    {# standard SQL has no try_cast #}
    cast({{ field }} as {{ type }})
{% endmacro %}
{#- Snowflake's try_cast takes text and cannot produce VARIANT; spatial types have their own try_ functions. -#}
{% macro snowflake__safe_cast(field, type) %}
    {% set t = type | upper -%}
    {%- if t == 'GEOMETRY' %}try_to_geometry({{ field }})
    {% elif t == 'GEOGRAPHY' %}try_to_geography({{ field }})
    {% elif t == 'VARIANT' %}{{ adapter.dispatch('cast', 'dbt')(field, type) }}
    {% else %}
        try_cast({{ dbt.string_literal(field) if field is number else field }} as {{ type }})
    {% endif %}{% endmacro %}

{% macro default__concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
{% macro default__hash(field) %}md5(cast({{ field }} as {{ api.Column.translate_type('string') }})){% endmacro %}
{% macro default__length(expression) %}

    length(
        {{ expression }}
    )
{%- endmacro %}
{% macro default__position(substring_text, string_text) %}

    position(
        {{ substring_text }} in {{ string_text }}
    )
{%- endmacro %}
{% macro default__replace(field, old_chars, new_chars) %}

    replace(
        {{ field }},
        {{ old_chars }},
        {{ new_chars }}
    )


{% endmacro %}
{% macro default__right(string_text, length_expression) %}

    right(
        {{ string_text }},
        {{ length_expression }}
    )
{%- endmacro %}
{#- Snowflake's RIGHT(s, 0) is not '' on every type, so dbt guards it. -#}
{% macro snowflake__right(string_text, length_expression) %}

    case when {{ length_expression }} = 0
        then ''
    else
        right(
            {{ string_text }},
            {{ length_expression }}
        )
    end
{%- endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) %}

    split_part(
        {{ string_text }},
        {{ delimiter_text }},
        {{ part_number }}
        )

{% endmacro %}
{% macro duckdb__split_part(string_text, delimiter_text, part_number) %}string_split({{ string_text }}, {{ delimiter_text }})[ {{ part_number }} ]{% endmacro %}
{% macro default__string_literal(value) %}'{{ value }}'{% endmacro %}
{% macro default__escape_single_quotes(expression) %}{{ expression | replace("'", "''") }}{% endmacro %}
{#- Snowflake escapes a quote with a backslash: they're -> they\\'re. -#}
{% macro snowflake__escape_single_quotes(expression) %}{{ expression | replace("'", "\\\\'") }}{% endmacro %}
{% macro default__except() %}

    except

{% endmacro %}
{% macro default__intersect() %}

    intersect

{% endmacro %}
{% macro default__equals(expr1, expr2) %}({{ expr1 }} = {{ expr2 }}){% endmacro %}

{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- set ordered = 'within group (' ~ order_by_clause ~ ')' if order_by_clause else '' -%}
  {%- if limit_num -%}
array_to_string(
        array_slice(
            array_agg(
                {{ measure }}
            ){{ ordered }}
            ,0
            ,{{ limit_num }}
        ),
        {{ delimiter_text }}
        )
  {%- else %}
    listagg(
        {{ measure }},
        {{ delimiter_text }}
        )
        {{ ordered }}
  {%- endif %}
{%- endmacro %}
{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    list_aggr((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], 'string_agg', {{ delimiter_text }})
  {%- else -%}
    string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
  {%- endif -%}
{%- endmacro %}
`;

const DATES = `
{% macro default__date(year, month, day) -%}
  to_date('{{ modules.datetime.date(year, month, day).strftime('%Y-%m-%d') }}', 'YYYY-MM-DD')
{%- endmacro %}
{% macro duckdb__date(year, month, day) %}make_date({{ year }}, {{ month }}, {{ day }}){% endmacro %}

{% macro default__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', {{ date }}){% endmacro %}

{% macro default__dateadd(datepart, interval, from_date_or_timestamp) %}

    dateadd(
        {{ datepart }},
        {{ interval }},
        {{ from_date_or_timestamp }}
        )

{% endmacro %}
{#- DuckDB: an INTERVAL multiplied by the amount (works for expressions); quarter and week in months and days. -#}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
  {%- set unit = datepart | lower -%}
  {%- if unit == 'quarter' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
  {%- elif unit == 'week' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
  {%- else -%}
    ({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
  {%- endif -%}
{%- endmacro %}

{% macro default__datediff(first_date, second_date, datepart) -%}
    datediff(
        {{ datepart }},
        {{ first_date }},
        {{ second_date }}
        )
{%- endmacro %}
{#- DuckDB counts week boundaries from day differences and the weekday of both ends. -#}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
  {%- if datepart == 'week' -%}
    ({{ datediff(first_date, second_date, 'day') }} // 7 + case when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp) then case when {{ first_date }} <= {{ second_date }} then 0 else -1 end else case when {{ first_date }} <= {{ second_date }} then 1 else 0 end end)
  {%- else -%}
    (date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date }}::timestamp))
  {%- endif -%}
{%- endmacro %}

{% macro default_last_day(date, datepart) -%}
  {%- set next_start = dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date)) -%}
    cast(
        {{ dbt.dateadd('day', '-1', next_start) }}
        as date)
{%- endmacro %}
{% macro default__last_day(date, datepart) %}{{ dbt.default_last_day(date, datepart) }}{% endmacro %}
{% macro duckdb__last_day(date, datepart) -%}
  {%- if datepart == 'quarter' -%}
    cast({{ dbt.dateadd('day', '-1', dbt.dateadd('month', '3', dbt.date_trunc(datepart, date))) }} as date)
  {%- else -%}
    {{ dbt.default_last_day(date, datepart) }}
  {%- endif -%}
{%- endmacro %}

{% macro current_timestamp() %}{{ adapter.dispatch('current_timestamp', 'dbt')() }}{% endmacro %}
{% macro default__current_timestamp() -%}
  {{ exceptions.raise_not_implemented('current_timestamp macro not implemented for adapter ' ~ adapter.type()) }}
{%- endmacro %}
{% macro snowflake__current_timestamp() %}convert_timezone('UTC', current_timestamp()){% endmacro %}
{% macro duckdb__current_timestamp() %}now(){% endmacro %}
{% macro snapshot_get_time() %}{{ adapter.dispatch('snapshot_get_time', 'dbt')() }}{% endmacro %}
{% macro default__snapshot_get_time() %}{{ current_timestamp() }}{% endmacro %}
{% macro snowflake__snapshot_get_time() %}to_timestamp_ntz({{ current_timestamp() }}){% endmacro %}
{% macro duckdb__snapshot_get_time() %}{{ current_timestamp() }}::timestamp{% endmacro %}
{% macro default__current_timestamp_backcompat() %}
    current_timestamp::timestamp
{% endmacro %}
{% macro snowflake__current_timestamp_backcompat() %}
  current_timestamp::{{ type_timestamp() }}
{% endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() %}{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}{% endmacro %}
{% macro snowflake__current_timestamp_in_utc_backcompat() %}
  convert_timezone('UTC', {{ snowflake__current_timestamp_backcompat() }})::{{ type_timestamp() }}
{% endmacro %}
`;

const SERIES = `
{#- The smallest n with 2^n >= upper_bound. -#}
{% macro default__get_powers_of_two(upper_bound) -%}
  {%- if upper_bound <= 0 %}{{ exceptions.raise_compiler_error('upper bound must be positive') }}{% endif -%}
  {%- for _ in range(1, 100) -%}
    {%- if upper_bound <= 2 ** loop.index %}{{ return(loop.index) }}{% endif -%}
  {%- endfor -%}
{%- endmacro %}
{#- Numbers 1..upper_bound from a cross join of n two-row tables. -#}
{% macro default__generate_series(upper_bound) %}

    {% set n = dbt.get_powers_of_two(upper_bound) -%}
    {%- set sep = '\\n    ' %}

    with p as (
        select 0 as generated_number union all select 1
    ), unioned as (

    select

    {% for i in range(n) -%}
    {{ sep }}p{{ i }}.generated_number * power(2, {{ i }}){{ sep }}{{ ' + ' if not loop.last else '' }}{{ sep }}
    {%- endfor %}
    + 1
    as generated_number

    from

    {% for i in range(n) -%}
    {{ sep }}p as p{{ i }}{{ sep }}{{ ' cross join ' if not loop.last else '' }}{{ sep }}
    {%- endfor %}

    )

    select *
    from unioned
    where generated_number <= {{ upper_bound }}
    order by generated_number

{% endmacro %}
{% macro duckdb__generate_series(upper_bound) -%}
  select generate_series as generated_number from generate_series(1, {{ upper_bound }})
{%- endmacro %}

{#- How many datepart steps from start to end, asked of the warehouse (1 when it cannot answer). -#}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
  {%- call statement('get_intervals_between', fetch_result=True) %}select {{ dbt.datediff(start_date, end_date, datepart) }}{% endcall -%}
  {%- set result = load_result('get_intervals_between') -%}
  {%- if result and result['data'] -%}
    {{ return(result['data'] | map(attribute=0) | list | first) }}
  {%- else -%}
    {{ return(1) }}
  {%- endif -%}
{%- endmacro %}
{% macro default__date_spine(datepart, start_date, end_date) %}


    {# one row per datepart from start_date up to end_date #}


    with rawdata as (

        {{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}

    ),

    all_periods as (

        select (
            {{ dbt.dateadd(datepart, 'row_number() over (order by 1) - 1', start_date) }}
        ) as date_{{ datepart }}
        from rawdata

    ),

    filtered as (

        select *
        from all_periods
        where date_{{ datepart }} <= {{ end_date }}

    )

    select * from filtered

{% endmacro %}
`;

const RELATIONS = `
{% macro load_cached_relation(relation) -%}
  {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}
{% macro load_relation(relation) %}{{ return(load_cached_relation(relation)) }}{% endmacro %}
{% macro get_columns_in_relation(relation) %}{{ return(adapter.get_columns_in_relation(relation)) }}{% endmacro %}
{% macro list_relations_without_caching(schema_relation) %}{{ return(adapter.list_relations_without_caching(schema_relation)) }}{% endmacro %}
{% macro get_or_create_relation(database, schema, identifier, type) -%}
  {%- set found = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
  {%- if found -%}
    {{ return([true, found]) }}
  {%- else -%}
    {{ return([false, api.Relation.create(database=database, schema=schema, identifier=identifier, type=type)]) }}
  {%- endif -%}
{%- endmacro %}
`;

const HELPERS = `
{#- A test stores its failures when its config says so, else when --store-failures was given. -#}
{% macro should_store_failures() -%}
  {%- set configured = config.get('store_failures') -%}
  {{ return(flags.STORE_FAILURES if configured is none else configured) }}
{%- endmacro %}
{#- A seed's column names, quoted when the seed's quote_columns config asks for it, joined by commas. -#}
{% macro get_seed_column_quoted_csv(model, column_names) -%}
  {%- set quote = config.get('quote_columns', default=false) -%}
  {%- set out = [] -%}
  {%- for c in column_names %}{% do out.append(adapter.quote(c) if quote else c) %}{% endfor -%}
  {{ return(out | join(', ')) }}
{%- endmacro %}
{#- \`{% call set_sql_header(config) %}…{% endcall %}\`: the block becomes the model's sql_header config. -#}
{% macro set_sql_header(config) %}{{ config.set('sql_header', caller()) }}{% endmacro %}
{% macro make_temp_relation(base_relation, suffix='__dbt_tmp') -%}
  {{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix})) }}
{%- endmacro %}
{% macro make_intermediate_relation(base_relation, suffix='__dbt_tmp') %}{{ return(make_temp_relation(base_relation, suffix)) }}{% endmacro %}
{% macro make_backup_relation(base_relation, backup_relation_type, suffix='__dbt_backup') -%}
  {{ return(base_relation.incorporate(path={'identifier': base_relation.identifier ~ suffix}, type=backup_relation_type)) }}
{%- endmacro %}
`;

const DISPATCHED: [name: string, params: string, args?: string][] = [
  ['type_string', ''],
  ['type_timestamp', ''],
  ['type_float', ''],
  ['type_numeric', ''],
  ['type_bigint', ''],
  ['type_int', ''],
  ['type_boolean', ''],
  ['any_value', 'expression'],
  ['array_append', 'array, new_element'],
  ['array_concat', 'array_1, array_2'],
  ['array_construct', "inputs=[], data_type=api.Column.translate_type('integer')"],
  ['bool_or', 'expression'],
  ['cast', 'field, type'],
  ['safe_cast', 'field, type'],
  ['concat', 'fields'],
  ['hash', 'field'],
  ['length', 'expression'],
  ['position', 'substring_text, string_text'],
  ['replace', 'field, old_chars, new_chars'],
  ['right', 'string_text, length_expression'],
  ['split_part', 'string_text, delimiter_text, part_number'],
  ['string_literal', 'value'],
  ['escape_single_quotes', 'expression'],
  ['except', ''],
  ['intersect', ''],
  ['equals', 'expr1, expr2'],
  ['listagg', 'measure, delimiter_text="\',\'", order_by_clause=none, limit_num=none', 'measure, delimiter_text, order_by_clause, limit_num'],
  ['date', 'year, month, day'],
  ['date_trunc', 'datepart, date'],
  ['dateadd', 'datepart, interval, from_date_or_timestamp'],
  ['datediff', 'first_date, second_date, datepart'],
  ['last_day', 'date, datepart'],
  ['current_timestamp_backcompat', ''],
  ['current_timestamp_in_utc_backcompat', ''],
  ['get_powers_of_two', 'upper_bound'],
  ['generate_series', 'upper_bound'],
  ['get_intervals_between', 'start_date, end_date, datepart'],
  ['date_spine', 'datepart, start_date, end_date'],
];

/** The text of dbt's global macro file. */
export const DBT_GLOBAL_MACROS =
  [...DISPATCHED, ...MATERIALIZATION_DISPATCHED].map(([name, params, args]) => dispatcher(name, params, args)).join('') +
  DATA_TYPES + FUNCTIONS + DATES + SERIES + RELATIONS + HELPERS + DBT_MATERIALIZATION_MACROS;
