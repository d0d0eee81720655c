// dbt's global macro namespace: the cross-database macros per adapter (the SQL dbt-snowflake and dbt-duckdb
// produce), adapter.dispatch search orders, Relation and Column objects, package-local macro precedence.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ColumnDef, NodeConfig, RelationName, RelationType, TargetConfig } from '../../server/src/core/types';
import { JinjaEnvironment, render, renderResolving, TemplateError, type Introspection, type RenderRequest } from '../../server/src/template/index';

const target = (type: string): TargetConfig => ({ name: 'dev', profileName: 'p', type, threads: 1, database: 'DB', schema: 'ANALYTICS' }) as TargetConfig;

function config(): NodeConfig {
  return { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] } as NodeConfig;
}

interface Opts {
  type?: string;
  packageName?: string;
  dispatch?: RenderRequest['dispatch'];
  introspection?: Introspection;
  phase?: 'parse' | 'execute';
  sqlDialect?: string;
}

function req(text: string, o: Opts = {}): RenderRequest {
  const pkg = o.packageName ?? 'proj';
  return {
    phase: o.phase ?? 'execute',
    text,
    file: `/proj/models/${Math.random()}.sql`,
    node: {
      uniqueId: `model.${pkg}.m`,
      name: 'm',
      packageName: pkg,
      resourceType: 'model',
      config: config(),
      relation: { database: 'DB', schema: 'ANALYTICS', identifier: 'M' },
      fqn: [pkg, 'm'],
    },
    target: target(o.type ?? 'snowflake'),
    projectName: 'proj',
    vars: { cli: {}, project: {} },
    resolveRef: (call) => ({ database: 'DB', schema: 'ANALYTICS', identifier: call.name.toUpperCase() }),
    resolveSource: (s, t) => ({ database: 'RAW', schema: s, identifier: t }),
    fullRefresh: false,
    invocationId: 'inv',
    runStartedAt: new Date('2024-01-01T00:00:00Z'),
    introspection: o.introspection,
    dispatch: o.dispatch,
    ...(o.sqlDialect ? { sqlDialect: o.sqlDialect } : {}),
  };
}

const env = new JinjaEnvironment({ rootPackage: 'proj' });
// The SQL each macro produces, its layout flattened (one space, none inside parentheses): dbt's exact whitespace
// is asserted in dbt-global-macros-whitespace.test.ts.
const sql = (text: string, o: Opts = {}, e = env) => render(e, req(text, o)).sql.trim();
const flat = (text: string, o: Opts = {}) =>
  render(env, req(text, o)).sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();
const both = (text: string) => ({ snowflake: flat(text, { type: 'snowflake' }), duckdb: flat(text, { type: 'duckdb' }) });

describe('dbt global macros per adapter', () => {
  it('data types: dbt.type_* bare and qualified', () => {
    for (const type of ['snowflake', 'duckdb']) {
      assert.equal(
        sql('{{ dbt.type_string() }}|{{ type_timestamp() }}|{{ dbt.type_float() }}|{{ dbt.type_numeric() }}|{{ dbt.type_bigint() }}|{{ dbt.type_int() }}|{{ dbt.type_boolean() }}', { type }),
        'TEXT|timestamp|float|numeric(28,6)|bigint|integer|boolean',
      );
    }
  });

  it('dates: datediff, dateadd, date_trunc, last_day', () => {
    assert.deepEqual(both('{{ dbt.datediff("a", "b", "day") }}'), { snowflake: 'datediff(day, a, b)', duckdb: "(date_diff('day', a::timestamp, b::timestamp))" });
    assert.deepEqual(both('{{ dbt.dateadd("month", 2, "d") }}'), { snowflake: 'dateadd(month, 2, d)', duckdb: '(d + cast(2 as bigint) * interval 1 month)' });
    assert.equal(flat('{{ dbt.dateadd("quarter", 1, "d") }}', { type: 'duckdb' }), '(d + (cast(1 as bigint) * 3) * interval 1 month)');
    assert.deepEqual(both('{{ dbt.date_trunc("week", "d") }}'), { snowflake: "date_trunc('week', d)", duckdb: "date_trunc('week', d)" });
    assert.equal(flat('{{ dbt.last_day("d", "month") }}', { type: 'snowflake' }), "cast(dateadd(day, -1, dateadd(month, 1, date_trunc('month', d))) as date)");
    assert.equal(
      flat('{{ dbt.last_day("d", "quarter") }}', { type: 'duckdb' }),
      "cast(((date_trunc('quarter', d) + cast(3 as bigint) * interval 1 month) + cast(-1 as bigint) * interval 1 day) as date)",
    );
    assert.deepEqual(both("{{ dbt.date(2024, 2, 9) }}"), { snowflake: "to_date('2024-02-09', 'YYYY-MM-DD')", duckdb: 'make_date(2024, 2, 9)' });
  });

  it('strings: concat, hash, split_part, right, position, replace, length, string_literal, escape_single_quotes', () => {
    assert.deepEqual(both('{{ dbt.concat(["a", "\'-\'", "b"]) }}'), { snowflake: "a || '-' || b", duckdb: "a || '-' || b" });
    assert.deepEqual(both('{{ dbt.hash("x") }}'), { snowflake: 'md5(cast(x as TEXT))', duckdb: 'md5(cast(x as TEXT))' });
    assert.deepEqual(both('{{ dbt.split_part("s", "\',\'", 2) }}'), { snowflake: "split_part(s, ',', 2)", duckdb: "string_split(s, ',')[ 2 ]" });
    assert.deepEqual(both('{{ dbt.right("s", 3) }}'), { snowflake: "case when 3 = 0 then '' else right(s, 3) end", duckdb: 'right(s, 3)' });
    assert.equal(flat('{{ dbt.position("\'a\'", "s") }}|{{ dbt.replace("s", "\'a\'", "\'b\'") }}|{{ dbt.length("s") }}'), "position('a' in s)| replace(s, 'a', 'b') | length(s)");
    assert.equal(flat("{{ dbt.string_literal('x') }}"), "'x'");
    assert.deepEqual(both(`{{ dbt.escape_single_quotes("they're") }}`), { snowflake: "they\\'re", duckdb: "they''re" });
  });

  it('casts: safe_cast, cast, cast_bool_to_text', () => {
    assert.deepEqual(both('{{ dbt.safe_cast("x", dbt.type_int()) }}'), { snowflake: 'try_cast(x as integer)', duckdb: 'cast(x as integer)' });
    assert.equal(flat('{{ dbt.safe_cast(5, "varchar") }}', { type: 'snowflake' }), "try_cast('5' as varchar)");
    assert.equal(flat('{{ dbt.safe_cast("v", "variant") }}', { type: 'snowflake' }), 'cast(v as variant)');
    assert.equal(flat('{{ dbt.safe_cast("g", "geography") }}', { type: 'snowflake' }), 'try_to_geography(g)');
    assert.equal(flat('{{ dbt.cast("g", "GEOMETRY") }}', { type: 'snowflake' }), 'to_geometry(g)');
    assert.equal(flat('{{ dbt.cast_bool_to_text("b") }}', { type: 'duckdb' }), 'cast(b as TEXT)');
  });

  it('aggregates: listagg, any_value, bool_or', () => {
    assert.deepEqual(both('{{ dbt.listagg("n", "\'|\'", "order by n") }}'), {
      snowflake: "listagg(n, '|') within group (order by n)",
      duckdb: "string_agg(n, '|' order by n)",
    });
    assert.equal(flat('{{ dbt.listagg("n") }}', { type: 'snowflake' }), "listagg(n, ',')");
    assert.equal(flat('{{ dbt.listagg("n", "\',\'", "order by n", 2) }}', { type: 'duckdb' }), "list_aggr((array_agg(n order by n))[1:2], 'string_agg', ',')");
    assert.deepEqual(both('{{ dbt.any_value("x") }}'), { snowflake: 'any_value(x)', duckdb: 'arbitrary(x)' });
    assert.deepEqual(both('{{ dbt.bool_or("x") }}'), { snowflake: 'boolor_agg(x)', duckdb: 'bool_or(x)' });
  });

  it('sets, arrays and timestamps', () => {
    assert.equal(flat('{{ dbt.except() }} {{ dbt.intersect() }}'), 'except intersect');
    assert.deepEqual(both('{{ dbt.array_construct(["1", "2"]) }}'), { snowflake: 'array_construct(1 , 2)', duckdb: 'array[ 1 , 2 ]' });
    assert.equal(flat('{{ dbt.array_construct([]) }}', { type: 'duckdb' }), 'array[]::integer[]');
    assert.equal(flat('{{ dbt.array_append("a", "1") }}|{{ dbt.array_concat("a", "b") }}'), 'array_append(a, 1)|array_cat(a, b)');
    assert.deepEqual(both('{{ dbt.current_timestamp() }}'), { snowflake: "convert_timezone('UTC', current_timestamp())", duckdb: 'now()' });
    assert.equal(flat('{{ dbt.current_timestamp_in_utc_backcompat() }}', { type: 'snowflake' }), "convert_timezone('UTC', current_timestamp::timestamp)::timestamp");
    assert.equal(flat('{{ dbt.current_timestamp_in_utc_backcompat() }}', { type: 'duckdb' }), 'current_timestamp::timestamp');
  });

  it('series: get_powers_of_two, generate_series, date_spine', () => {
    assert.equal(sql('{{ dbt.get_powers_of_two(5) }}|{{ dbt.get_powers_of_two(8) }}|{{ dbt.get_powers_of_two(9) }}'), '3|3|4');
    assert.equal(sql('{{ dbt.generate_series(10) }}', { type: 'duckdb' }), 'select generate_series as generated_number from generate_series(1, 10)');
    const sf = flat('{{ dbt.generate_series(5) }}');
    assert.match(sf, /p0\.generated_number \* power\(2, 0\) \+ p1\.generated_number \* power\(2, 1\) \+ p2\.generated_number \* power\(2, 2\) \+ 1 as generated_number/);
    assert.match(sf, /from p as p0 cross join p as p1 cross join p as p2\) select \* from unioned where generated_number <= 5/);
    // The number of intervals comes from the warehouse (statement with fetch_result).
    const asked: string[] = [];
    const introspection: Introspection = {
      relationType: () => null,
      columns: () => [],
      query: (q) => (asked.push(q), { columns: ['n'], rows: [[31]] }),
    };
    const spine = render(env, req("{{ dbt.date_spine('day', \"'2024-01-01'\", \"'2024-02-01'\") }}", { type: 'duckdb', introspection })).sql;
    assert.deepEqual(asked, ["select (date_diff('day', '2024-01-01'::timestamp, '2024-02-01'::timestamp))"]);
    assert.match(spine, /from generate_series\(1, 31\)/);
    assert.match(spine.replace(/\s+/g, ' '), /\('2024-01-01' \+ cast\(row_number\(\) over \(order by 1\) - 1 as bigint\) \* interval 1 day\) \) as date_day/);
  });
});

describe('adapter.dispatch', () => {
  it('the root project overrides a dbt macro for its adapter, and only for it', () => {
    const e = new JinjaEnvironment({ rootPackage: 'proj' });
    e.addMacroFile('proj', '/proj/macros/o.sql', '{% macro snowflake__type_string() %}{{ return("varchar") }}{% endmacro %}');
    assert.equal(sql('{{ dbt.type_string() }}', { type: 'snowflake' }, e), 'varchar');
    assert.equal(sql('{{ dbt.type_string() }}', { type: 'duckdb' }, e), 'TEXT');
  });

  it('dispatch: search orders from dbt_project.yml pick the first package with an implementation', () => {
    const e = new JinjaEnvironment({ rootPackage: 'proj' });
    e.addMacroFile('util', '/proj/dbt_packages/util/macros/m.sql', [
      "{% macro greet() %}{{ return(adapter.dispatch('greet', 'util')()) }}{% endmacro %}",
      '{% macro default__greet() %}util default{% endmacro %}',
      '{% macro duckdb__greet() %}util duckdb{% endmacro %}',
    ].join('\n'));
    e.addMacroFile('shim', '/proj/dbt_packages/shim/macros/m.sql', '{% macro snowflake__greet() %}shim snowflake{% endmacro %}');
    const order = [{ macro_namespace: 'util', search_order: ['shim', 'util'] }];
    assert.equal(sql('{{ util.greet() }}', { type: 'snowflake' }, e), 'util default');
    assert.equal(sql('{{ util.greet() }}', { type: 'snowflake', dispatch: order }, e), 'shim snowflake');
    // Package order beats adapter prefix: shim has no duckdb__greet but has no default__ either, util's duckdb__ wins.
    assert.equal(sql('{{ util.greet() }}', { type: 'duckdb', dispatch: order }, e), 'util duckdb');
    e.addMacroFile('shim', '/proj/dbt_packages/shim/macros/d.sql', '{% macro default__greet() %}shim default{% endmacro %}');
    assert.equal(sql('{{ util.greet() }}', { type: 'duckdb', dispatch: order }, e), 'shim default');
  });

  it('names what it searched when nothing implements the macro', () => {
    assert.throws(
      () => sql("{{ adapter.dispatch('nope', 'dbt')() }}"),
      (err: unknown) =>
        err instanceof TemplateError &&
        err.message.includes("No macro named 'nope' found within namespace: 'dbt'") &&
        err.message.includes("'proj.snowflake__nope', 'proj.default__nope', 'dbt.snowflake__nope', 'dbt.default__nope'"),
    );
  });
});

describe('package macros', () => {
  const e = new JinjaEnvironment({ rootPackage: 'proj' });
  e.addMacroFile('evaluator', '/proj/dbt_packages/evaluator/macros/f.sql', '{% macro filter_exceptions() %}evaluator filter{% endmacro %}{% macro shared() %}evaluator shared{% endmacro %}');
  e.addMacroFile('proj', '/proj/macros/s.sql', '{% macro shared() %}root shared{% endmacro %}');

  it("a package's model calls its own macros unqualified, and they come before the root project's", () => {
    assert.equal(sql('{{ filter_exceptions() }} / {{ shared() }}', { packageName: 'evaluator' }, e), 'evaluator filter / evaluator shared');
    assert.equal(sql('{{ shared() }}', {}, e), 'root shared');
    assert.throws(() => sql('{{ filter_exceptions() }}', {}, e), /'filter_exceptions' is undefined/);
  });

  it('the built-in dbt_utils subset gives way to an installed dbt_utils', () => {
    const withReal = new JinjaEnvironment({ rootPackage: 'proj' });
    assert.match(sql("{{ dbt_utils.generate_surrogate_key(['a']) }}", {}, withReal), /^md5\(/);
    withReal.addMacroFile('dbt_utils', '/proj/dbt_packages/dbt_utils/macros/k.sql', '{% macro surrogate_key(f) %}old{% endmacro %}');
    // dbt_utils 0.8 has no generate_surrogate_key: as in dbt, calling it fails instead of using Bronze's copy.
    assert.throws(() => sql("{{ dbt_utils.generate_surrogate_key(['a']) }}", {}, withReal), /generate_surrogate_key/);
    assert.equal(sql("{{ dbt_utils.surrogate_key(['a']) }}", {}, withReal), 'old');
  });
});

describe('builtins', () => {
  it("a project's own ref() macro wraps dbt's through builtins.ref", () => {
    const e = new JinjaEnvironment({ rootPackage: 'proj' });
    e.addMacroFile('proj', '/proj/macros/ref.sql', "{% macro ref(name) %}{{ return(builtins.ref(name).include(database=false)) }}{% endmacro %}");
    assert.equal(sql("select * from {{ ref('orders') }}", {}, e), 'select * from ANALYTICS.ORDERS');
  });
});

describe('Relation objects', () => {
  it('are mappings whose metadata names the adapter class (dbt_utils._is_relation)', () => {
    const check = "{{ (this is mapping and this.get('metadata', {}).get('type', '').endswith('Relation')) }} {{ this.get('metadata')['type'] }}";
    assert.equal(sql(check, { type: 'snowflake' }), 'True SnowflakeRelation');
    assert.equal(sql(check, { type: 'duckdb' }), 'True DuckDBRelation');
    assert.equal(sql("{{ ref('a').get('nothing', 'dflt') }}"), 'dflt');
  });

  it('attributes, render, include, quote, incorporate', () => {
    assert.equal(sql('{{ this }}|{{ this.database }}|{{ this.schema }}|{{ this.identifier }}|{{ this.name }}|{{ this.type }}|{{ this.is_view }}|{{ this.is_table }}'), 'DB.ANALYTICS.M|DB|ANALYTICS|M|M|view|True|False');
    assert.equal(sql('{{ this.render() }}|{{ this.include(database=false) }}|{{ this.include(database=false, schema=false) }}'), 'DB.ANALYTICS.M|ANALYTICS.M|M');
    assert.equal(sql('{{ this.quote(identifier=true) }}|{{ this.quote(true, true, true) }}'), 'DB.ANALYTICS."M"|"DB"."ANALYTICS"."M"');
    assert.equal(sql("{% set r = this.incorporate(path={'identifier': 'M__tmp'}, type='table') %}{{ r }} {{ r.type }} {{ this }}"), 'DB.ANALYTICS.M__tmp table DB.ANALYTICS.M');
    assert.equal(sql("{{ ref('a') ~ '' }}|{{ ref('a') == ref('a') }}|{{ ref('a') == ref('b') }}"), 'DB.ANALYTICS.A|True|False');
  });

  it('api.Relation.create, and relations as dict keys (dbt_utils.union_relations)', () => {
    assert.equal(sql("{% set r = api.Relation.create(database='D', schema='S', identifier='T', type='table') %}{{ r }} {{ r.is_table }}"), 'D.S.T True');
    assert.equal(sql("{{ api.Relation.create(schema='S', identifier='T') }}"), 'S.T');
    assert.equal(sql("{% set d = {} %}{% do d.update({ref('a'): [1]}) %}{% do d[ref('a')].append(2) %}{{ d[ref('a')] }} {{ ref('a') in d }}"), '[1, 2] True');
    // Keys keep their type: dbt_utils.star over `{ref('a'): …}.keys()` needs Relations back.
    assert.equal(
      sql("{% set d = {ref('a'): 'x', 'k': 1} %}{% for k in d %}{{ k is string }}{% endfor %} {% for k, v in d.items() %}{{ k.identifier if k is not string else k }}={{ v }};{% endfor %} {{ (d.keys() | list)[0].get('metadata')['type'] }}"),
      'FalseTrue A=x;k=1; SnowflakeRelation',
    );
    assert.equal(sql("{% set d = {} %}{% do d.update({ref('b'): 1}) %}{{ (d.keys() | first).name }}"), 'B');
  });

  it('load_relation / get_relation ask the warehouse; absent relations are none', () => {
    const existing = new Map<string, RelationType>([['DB.ANALYTICS.A', 'table']]);
    const introspection: Introspection = {
      relationType: (r: RelationName) => existing.get(`${r.database}.${r.schema}.${r.identifier}`) ?? null,
      columns: () => [],
      query: () => ({ columns: [], rows: [] }),
    };
    const text = "{% set a = load_relation(ref('a')) %}{% set b = load_relation(ref('b')) %}{{ a }} {{ a.is_table }} {{ b is none }} {{ adapter.get_relation('DB', 'ANALYTICS', 'A').type }}";
    assert.equal(sql(text, { introspection }), 'DB.ANALYTICS.A True True table');
    // While parsing nothing is asked and nothing exists.
    assert.equal(sql("{{ load_relation(ref('a')) is none }}", { phase: 'parse' }), 'True');
  });
});

describe('Column objects', () => {
  const cols: ColumnDef[] = [
    { name: 'ID', dataType: 'NUMBER(38,0)' },
    { name: 'NAME', dataType: 'VARCHAR(100)' },
    { name: 'NOTE', dataType: 'TEXT' },
    { name: 'AMOUNT', dataType: 'FLOAT' },
  ];
  const introspection: Introspection = { relationType: () => 'table', columns: () => cols, query: () => ({ columns: [], rows: [] }) };
  const text =
    "{% for c in adapter.get_columns_in_relation(ref('a')) %}{{ c.name }}:{{ c.dtype }}:{{ c.data_type }}:{{ c.quoted }}:{{ c.is_string() }}:{{ c.is_number() }}:{{ c.is_numeric() }}:{{ c.is_integer() }}:{{ c.is_float() }}\n{% endfor %}";

  it('on Snowflake: integers are NUMBER (numeric, not integer), text is varchar of the maximum size', () => {
    assert.deepEqual(sql(text, { introspection }).split('\n'), [
      'ID:NUMBER:NUMBER(38,0):"ID":False:True:True:False:False',
      'NAME:VARCHAR:character varying(100):"NAME":True:False:False:False:False',
      'NOTE:TEXT:character varying(16777216):"NOTE":True:False:False:False:False',
      'AMOUNT:FLOAT:FLOAT:"AMOUNT":False:True:False:False:True',
    ]);
  });

  it('on DuckDB: the information_schema type text is the dtype (dbt_expectations compares it whole)', () => {
    const duck: Introspection = { relationType: () => 'table', columns: () => [{ name: 'amount', dataType: 'DECIMAL(3,1)' }, { name: 's', dataType: 'VARCHAR' }, { name: 'n', dataType: 'INTEGER' }], query: () => ({ columns: [], rows: [] }) };
    assert.deepEqual(sql(text, { introspection: duck, type: 'duckdb' }).split('\n'), [
      'amount:DECIMAL(3,1):DECIMAL(3,1):"amount":False:False:False:False:False',
      's:VARCHAR:character varying(256):"s":True:False:False:False:False',
      'n:INTEGER:INTEGER:"n":False:True:False:True:False',
    ]);
  });

  it('on the twin (DuckDB speaking Snowflake): what dbt-snowflake reports for the same table', () => {
    const duck: Introspection = {
      relationType: () => 'table',
      columns: () => [
        { name: 'BLOCK_ID', dataType: 'DECIMAL(38,0)' },
        { name: 'CHAIN_ID', dataType: 'VARCHAR' },
        { name: 'BLOCK_TIMESTAMP', dataType: 'TIMESTAMP' },
        { name: 'HEADER', dataType: 'JSON' },
        { name: 'N', dataType: 'BIGINT' },
      ],
      query: () => ({ columns: [], rows: [] }),
    };
    assert.deepEqual(sql(text, { introspection: duck, type: 'duckdb', sqlDialect: 'snowflake' }).split('\n'), [
      'BLOCK_ID:NUMBER:NUMBER(38,0):"BLOCK_ID":False:True:True:False:False',
      'CHAIN_ID:VARCHAR:character varying(16777216):"CHAIN_ID":True:False:False:False:False',
      'BLOCK_TIMESTAMP:TIMESTAMP_NTZ:TIMESTAMP_NTZ:"BLOCK_TIMESTAMP":False:False:False:False:False',
      'HEADER:VARIANT:VARIANT:"HEADER":False:False:False:False:False',
      'N:NUMBER:NUMBER:"N":False:True:True:False:False',
    ]);
  });

  it('get_columns_in_relation (macro) and api.Column', () => {
    assert.equal(sql("{{ get_columns_in_relation(ref('a')) | map(attribute='name') | join(',') }}", { introspection }), 'ID,NAME,NOTE,AMOUNT');
    assert.equal(sql("{{ api.Column.translate_type('string') }} {{ api.Column.translate_type('integer') }} {{ api.Column.numeric_type('number', 38, 2) }}"), 'TEXT integer number(38,2)');
    assert.throws(() => sql("{{ adapter.get_columns_in_relation('a_string') }}", { introspection }), /expects a Relation/);
  });
});

describe('warehouse questions', () => {
  it('a failing answer is an error at the tag that asked, naming the question', async () => {
    const text = "select 1\n{% set t = run_query('select nope from information_schema.tables') %}";
    await assert.rejects(
      renderResolving(env, { ...req(text), file: '/proj/models/q.sql' }, async () => {
        throw new Error('Binder Error: Referenced column "nope" not found');
      }),
      (e: unknown) =>
        e instanceof TemplateError &&
        e.location?.file === '/proj/models/q.sql' &&
        e.location.range.start.line === 1 &&
        /could not answer the query `select nope from information_schema.tables`.*Binder Error/.test(e.message),
    );
  });

  it('query results are agate-like: columns as a mapping (get_query_results_as_dict), rows by name and index', () => {
    const introspection: Introspection = {
      relationType: () => null,
      columns: () => [],
      query: () => ({ columns: ['status', 'n'], rows: [['a', 1], ['b', 2]] }),
    };
    const text = [
      "{% call statement('q', fetch_result=True) %}select 1{% endcall %}{% set t = load_result('q').table %}",
      '{% for name, col in t.columns.items() %}{{ name }}={{ col.values() | join("/") }};{% endfor %}',
      " {{ t.columns.keys() | join(',') }} {{ t.rows[1]['n'] }} {{ t.rows[1][0] }} {{ t.rows[0].items() | list }}",
    ].join('');
    assert.equal(sql(text, { introspection }), "status=a/b;n=1/2; status,n 2 b [['status', 'a'], ['n', 1]]");
  });
});
