// The dbt context: ref/source/config/var/env_var/this/target/is_incremental/statement/run_query/adapter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BronzeError, type NodeConfig, type RelationName, type TargetConfig } from '../../server/src/core/types';
import {
  JinjaEnvironment,
  TemplateError,
  render,
  renderResolving,
  type IntrospectionRequest,
  type RenderRequest,
} from '../../server/src/template/index';

const TARGET: TargetConfig = {
  name: 'dev',
  profileName: 'bronze',
  type: 'snowflake',
  threads: 4,
  database: 'DB',
  schema: 'ANALYTICS',
  account: 'acme',
  user: 'loader',
  password: 'hunter2',
  private_key_passphrase: 'pp-secret',
};

const MODELS: Record<string, RelationName> = {
  orders: { database: 'DB', schema: 'ANALYTICS', identifier: 'ORDERS' },
  m2: { database: 'DB', schema: 'PKG', identifier: 'M2_V2' },
};

function config(over: Partial<NodeConfig> = {}): NodeConfig {
  return { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...over };
}

function request(text: string, over: Partial<RenderRequest> = {}, cfg: Partial<NodeConfig> = {}): RenderRequest {
  return {
    phase: 'execute',
    text,
    file: '/proj/models/m.sql',
    node: {
      uniqueId: 'model.proj.m',
      name: 'm',
      packageName: 'proj',
      resourceType: 'model',
      config: config(cfg),
      relation: { database: 'DB', schema: 'ANALYTICS', identifier: 'M' },
      fqn: ['proj', 'm'],
    },
    target: TARGET,
    projectName: 'proj',
    vars: { cli: {}, project: {} },
    resolveRef: (call) => {
      const rel = MODELS[call.name];
      if (!rel) throw new BronzeError(`Model '${call.name}' was not found: check the name or add the model`);
      return rel;
    },
    resolveSource: (s, t) => ({ database: 'RAW_DB', schema: s.toUpperCase(), identifier: t.toUpperCase() }),
    fullRefresh: false,
    invocationId: 'inv-123',
    runStartedAt: new Date(Date.UTC(2024, 4, 6, 7, 8, 9)),
    env: {},
    ...over,
  };
}

const env = () => new JinjaEnvironment({ rootPackage: 'proj' });

test('parse phase records config (pre_hook renamed), refs and sources; config.get is empty, missing var is None', () => {
  const text =
    "{{ config(materialized='incremental', unique_key='id', pre_hook=\"grant select on {{ this }} to role r\") }}" +
    "select * from {{ ref('orders') }} join {{ source('raw', 'users') }} join {{ ref('pkg', 'm2', v=2) }}|{{ config.get('x', 'd') }}|{{ var('missing') }}";
  const out = render(env(), request(text, { phase: 'parse' }));
  assert.equal(out.sql, 'select * from DB.ANALYTICS.ORDERS join RAW_DB.RAW.USERS join DB.PKG.M2_V2||None');
  assert.deepEqual(out.config, {
    materialized: 'incremental',
    unique_key: 'id',
    'pre-hook': ['grant select on {{ this }} to role r'],
  });
  assert.deepEqual(out.refs, [{ name: 'orders' }, { package: 'pkg', name: 'm2', version: 2 }]);
  assert.deepEqual(out.sources, [{ sourceName: 'raw', tableName: 'users' }]);
});

test('parse phase: unknown refs still record and render a placeholder', () => {
  const out = render(env(), request("{{ ref('nope') }}", { phase: 'parse' }));
  assert.equal(out.sql, 'DB.ANALYTICS.nope');
  assert.deepEqual(out.refs, [{ name: 'nope' }]);
});

test('ref/source argument errors use dbt wording', () => {
  assert.throws(() => render(env(), request("{{ ref('a', 'b', 'c') }}")), (e: unknown) => e instanceof TemplateError && e.message === 'ref() takes at most two arguments (3 given)');
  assert.throws(() => render(env(), request("{{ source('only') }}")), (e: unknown) => e instanceof TemplateError && e.message === 'source() takes exactly two arguments (1 given)');
});

test('execute phase: an unknown ref fails at the call with the resolver message', () => {
  assert.throws(
    () => render(env(), request("select 1\nfrom {{ ref('nope') }}")),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message === "Model 'nope' was not found: check the name or add the model" &&
      e.location?.file === '/proj/models/m.sql' &&
      e.location.range.start.line === 1 &&
      e.location.range.start.character === 5,
  );
});

test('var precedence: cli > project-scoped > global > default; strings are rendered', () => {
  const vars = {
    cli: { z: 'cli' },
    project: { x: 'global', y: 'global', t: '{{ target.name }}_x', proj: { x: 'scoped', z: 'scoped' } },
  };
  const out = render(env(), request("{{ var('x') }}|{{ var('y') }}|{{ var('z') }}|{{ var('w', 'dflt') }}|{{ var('t') }}", { vars }));
  assert.equal(out.sql, 'scoped|global|cli|dflt|dev_x');
  assert.throws(
    () => render(env(), request("{{ var('nope') }}", { vars })),
    (e: unknown) => e instanceof TemplateError && e.message.startsWith("Required var 'nope' not found in config:\nVars supplied to m = "),
  );
});

test('env_var: value, default, and an error when unset', () => {
  const out = render(env(), request("{{ env_var('A') }}|{{ env_var('B', 'dflt') }}", { env: { A: 'one' } }));
  assert.equal(out.sql, 'one|dflt');
  assert.throws(() => render(env(), request("{{ env_var('B') }}", { env: {} })), /Env var required but not provided: 'B'/);
});

test('config in execute phase reads the merged node config', () => {
  const out = render(env(), request("{{ config(materialized='view') }}{{ config.get('unique_key') }}|{{ config.get('nope', 'd') }}|{{ config.get('nope') }}|{{ config.require('materialized') }}", {}, { materialized: 'table', unique_key: 'id' }));
  assert.equal(out.sql, 'id|d|None|table');
  assert.throws(() => render(env(), request("{{ config.require('cluster_by') }}")), /Model 'model.proj.m' does not define a required config parameter 'cluster_by'/);
});

test('is_incremental truth table', () => {
  const cases: [string, Partial<RenderRequest>, Partial<NodeConfig>, 'table' | 'view' | null, boolean][] = [
    ['all conditions hold', {}, { materialized: 'incremental' }, 'table', true],
    ['parse phase', { phase: 'parse' }, { materialized: 'incremental' }, 'table', false],
    ['not incremental', {}, { materialized: 'table' }, 'table', false],
    ['relation missing', {}, { materialized: 'incremental' }, null, false],
    ['relation is a view', {}, { materialized: 'incremental' }, 'view', false],
    ['--full-refresh', { fullRefresh: true }, { materialized: 'incremental' }, 'table', false],
    ['config full_refresh=false beats the flag', { fullRefresh: true }, { materialized: 'incremental', full_refresh: false }, 'table', true],
    ['config full_refresh=true without the flag', {}, { materialized: 'incremental', full_refresh: true }, 'table', false],
  ];
  for (const [name, over, cfg, type, expected] of cases) {
    const introspection = { relationType: () => type, columns: () => [], query: () => ({ columns: [], rows: [] }) };
    const out = render(env(), request('{{ is_incremental() }}', { introspection, ...over }, cfg));
    assert.equal(out.sql, expected ? 'True' : 'False', name);
  }
});

test('this is a relation that prints its name; target has dbt keys and no secrets', () => {
  const out = render(
    env(),
    request(
      "{{ this }}|{{ this.database }}|{{ this.schema }}|{{ this.identifier }}|{{ this.name }}|{{ this.table }}|{{ this.is_table }}|{{ this.type }}|{{ this.render() }}|{{ this.incorporate(type='view').is_view }}|{{ 'x ' ~ this }}",
      {},
      { materialized: 'table' },
    ),
  );
  assert.equal(out.sql, 'DB.ANALYTICS.M|DB|ANALYTICS|M|M|M|True|table|DB.ANALYTICS.M|True|x DB.ANALYTICS.M');
  const t = render(env(), request("{{ target.name }}|{{ target.target_name }}|{{ target.profile_name }}|{{ target.type }}|{{ target.account }}|{{ target.password }}|{{ 'password' in target }}|{{ target }}"));
  const [name, targetName, profile, type, account, password, hasPassword, whole] = t.sql.split('|');
  assert.deepEqual([name, targetName, profile, type, account, password, hasPassword], ['dev', 'dev', 'bronze', 'snowflake', 'acme', '', 'False']);
  assert.ok(!whole.includes('hunter2') && !whole.includes('pp-secret'), whole);
});

test('statement + load_result through renderResolving', async () => {
  const asked: IntrospectionRequest[] = [];
  const text =
    "{% call statement('max_id', fetch_result=True) %}select max(id) from {{ this }}{% endcall %}" +
    "{%- set r = load_result('max_id') -%}{{ r['data'][0][0] }}|{{ r.table.columns[0].values()[0] }}|{{ r.table.column_names }}" +
    // dbt's load_result is a dict (dbt_external_tables: `runner['response'] if 'response' in runner.keys()`).
    "|{{ 'response' in r.keys() }}|{{ r.keys() | list }}|{{ r.get('nope', 'dflt') }}";
  const out = await renderResolving(env(), request(text), async (req) => {
    asked.push(req);
    return { columns: ['MAX_ID'], rows: [[42]] };
  });
  assert.equal(out.sql, "42|42|['MAX_ID']|True|['response', 'data', 'table']|dflt");
  assert.deepEqual(asked, [{ kind: 'query', sql: 'select max(id) from DB.ANALYTICS.M' }]);
});

test("query rows read as agate's: row.dict(), row.get(), and groupby's (grouper, list) by field or by unpacking", async () => {
  // mattermost_analytics' load_feature_mappings: rules grouped by FEATURE_NAME, each row kept as a dict.
  const text =
    "{% call statement('plan', fetch_result=True) %}select * from {{ this }}{% endcall %}" +
    // dbt hands a statement's result over once (load_result): the template keeps it.
    "{%- set plan = load_result('plan') -%}" +
    "{%- set rules = {} -%}{%- for group in plan.table.rows | groupby('FEATURE') -%}" +
    "{%- set rows = [] -%}{%- for row in group.list -%}{% do rows.append(row.dict()) %}{%- endfor -%}{% do rules.update({group.grouper: rows}) %}" +
    "{%- endfor -%}{{ rules }}|{% for key, rows in plan.table.rows | groupby('FEATURE') %}{{ key }}={{ rows | length }};{% endfor %}" +
    "|{{ plan.table.rows[0].get('EVENT') }},{{ plan.table.rows[0].get('NOPE', 'dflt') }}";
  const out = await renderResolving(env(), request(text), async () => ({ columns: ['EVENT', 'FEATURE'], rows: [['e1', 'f1'], ['e2', 'f2'], ['e3', 'f1']] }));
  assert.equal(out.sql, "{'f1': [{'EVENT': 'e1', 'FEATURE': 'f1'}, {'EVENT': 'e3', 'FEATURE': 'f1'}], 'f2': [{'EVENT': 'e2', 'FEATURE': 'f2'}]}|f1=2;f2=1;|e1,dflt");
});

test('renderResolving answers as many warehouse questions as the template asks (a union over 120 tables)', async () => {
  let asked = 0;
  const text = "{% for i in range(120) %}{{ adapter.get_columns_in_relation(api.Relation.create(database='RAW', schema='EVENTS', identifier='T' ~ i)) | length }}{% endfor %}";
  const out = await renderResolving(env(), request(text), async () => (asked++, [{ name: 'ID', dataType: 'TEXT' }]));
  assert.equal(out.sql, '1'.repeat(120));
  assert.equal(asked, 120);
});

test('adapter.Relation and adapter.Column are the adapter\'s classes, as api.Relation / api.Column (dbt-core BaseAdapter.Relation)', () => {
  const text = "{% set r = adapter.Relation.create(database='RAW', schema='EVENTS', identifier='T', type='table') %}{{ r }}|{{ r.identifier }}|{{ adapter.Column.create('x', 'varchar').name }}";
  assert.equal(render(env(), request(text)).sql, 'RAW.EVENTS.T|T|x');
});

test("api.Relation.create quotes by the project's quoting: config, which quote_policy= overrides", () => {
  const text = "{{ api.Relation.create('RAW', 'EVENTS', 'CALL_ENDED') }}|{{ api.Relation.create(database='RAW', schema='EVENTS', identifier='X', quote_policy={'database': false, 'identifier': true}) }}";
  assert.equal(render(env(), request(text, { quoting: { database: true, schema: false, identifier: false } })).sql, '"RAW".EVENTS.CALL_ENDED|RAW.EVENTS."X"');
  assert.equal(render(env(), request(text)).sql, 'RAW.EVENTS.CALL_ENDED|RAW.EVENTS."X"');
});

test('statement main records the SQL without running it', () => {
  const out = render(env(), request("{% call statement('main') -%}\ncreate table {{ this }} as select 1\n{%- endcall %}"));
  assert.equal(out.sql, '');
  assert.deepEqual(out.statements, { main: 'create table DB.ANALYTICS.M as select 1' });
});

test('statement main runs in a hook or an operation (no node), as dbt runs it there', async () => {
  // Flipside's on-run-end apply_meta_as_tags: `call statement('main', fetch_result=True)` then load_result('main')['table'].
  const asked: IntrospectionRequest[] = [];
  const text = "{% call statement('main', fetch_result=True) %}show tags in db.s{% endcall %}{{ load_result('main')['table'].columns.get('NAME').values() | list }}";
  const out = await renderResolving(env(), request(text, { node: undefined }), async (req) => {
    asked.push(req);
    return { columns: ['NAME'], rows: [['PURPOSE']] };
  });
  assert.equal(out.sql, "['PURPOSE']");
  assert.deepEqual(asked, [{ kind: 'query', sql: 'show tags in db.s' }]);
});

test('run_query via renderResolving: rows by name and index; None in parse phase', async () => {
  let calls = 0;
  const text = "{% set t = run_query('select 7 as a') %}{% if execute %}{% for row in t.rows %}{{ row['A'] }}{{ row[0] }}{% endfor %}{% for row in t %}+{% endfor %}{% else %}{{ t }}{% endif %}";
  const out = await renderResolving(env(), request(text), async () => (calls++, { columns: ['A'], rows: [[7], [8]] }));
  assert.equal(out.sql, '7788++');
  assert.equal(calls, 1);
  assert.equal(render(env(), request(text, { phase: 'parse' })).sql, 'None');
});

test('adapter.get_columns_in_relation feeds dbt_utils.star; parse phase gives *', async () => {
  const text = "select {{ dbt_utils.star(ref('orders'), except=['b'], relation_alias='o') }} from x";
  const asked: IntrospectionRequest[] = [];
  const out = await renderResolving(env(), request(text), async (req) => {
    asked.push(req);
    return [
      { name: 'A', dataType: 'NUMBER' },
      { name: 'B', dataType: 'TEXT' },
      { name: 'C', dataType: 'TEXT' },
    ];
  });
  assert.equal(out.sql, 'select o."A",\n  o."C" from x');
  assert.deepEqual(asked, [{ kind: 'columns', relation: MODELS.orders }]);
  assert.ok(out.macrosCalled.includes('macro.dbt_utils.star'));
  assert.equal(render(env(), request(text, { phase: 'parse' })).sql, 'select * from x');
  const cols = await renderResolving(env(), request("{% for c in adapter.get_columns_in_relation(this) %}{{ c.name }}:{{ c.data_type }};{% endfor %}"), async () => [{ name: 'ID', dataType: 'NUMBER(38,0)' }]);
  assert.equal(cols.sql, 'ID:NUMBER(38,0);');
});

test('is_incremental asks the warehouse through renderResolving', async () => {
  const text = "select * from src\n{% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% endif %}";
  const out = await renderResolving(env(), request(text, {}, { materialized: 'incremental' }), async (req) => {
    assert.deepEqual(req, { kind: 'relationType', relation: { database: 'DB', schema: 'ANALYTICS', identifier: 'M' } });
    return 'table';
  });
  assert.equal(out.sql, 'select * from src\nwhere ts > (select max(ts) from DB.ANALYTICS.M)');
  const first = await renderResolving(env(), request(text, {}, { materialized: 'incremental' }), async () => null);
  assert.equal(first.sql, 'select * from src\n');
});

test('generate_surrogate_key and the generate_*_name defaults; a project macro overrides', () => {
  const e = env();
  const text = "{{ dbt_utils.generate_surrogate_key(['id', 'ts']) }}|{{ generate_schema_name('raw', none) }}|{{ generate_schema_name(none, none) }}|{{ generate_database_name(none, none) }}";
  assert.equal(
    render(e, request(text)).sql,
    "md5(cast(coalesce(cast(id as TEXT), '_dbt_utils_surrogate_key_null_') || '-' || coalesce(cast(ts as TEXT), '_dbt_utils_surrogate_key_null_') as TEXT))|ANALYTICS_raw|ANALYTICS|DB",
  );
  e.addMacroFile('proj', '/proj/macros/schema.sql', '{% macro generate_schema_name(custom_schema_name, node) -%}{{ custom_schema_name or target.schema }}{%- endmacro %}');
  assert.equal(render(e, request("{{ generate_schema_name('raw', none) }}|{{ dbt.generate_schema_name('raw', none) }}")).sql, 'raw|ANALYTICS_raw');
  assert.equal(e.callMacro('generate_schema_name', ['raw', null], {}, { target: { schema: 'S' } }), 'raw');
});

test('adapter.dispatch picks <adapter>__ then default__ in the namespace', () => {
  const e = env();
  e.addMacroFile(
    'mypkg',
    '/proj/dbt_packages/mypkg/macros/thing.sql',
    "{% macro default__thing() %}default{% endmacro %}{% macro snowflake__thing() %}snow{% endmacro %}{% macro thing() %}{{ return(adapter.dispatch('thing', 'mypkg')()) }}{% endmacro %}",
  );
  assert.equal(render(e, request('{{ mypkg.thing() }}')).sql, 'snow');
  assert.equal(render(e, request('{{ mypkg.thing() }}', { target: { ...TARGET, type: 'duckdb' } })).sql, 'default');
});

test('run_started_at, invocation_id, modules.datetime, tojson/fromjson, log, flags', () => {
  const out = render(
    env(),
    request(
      "{{ run_started_at.strftime('%Y-%m-%d %H:%M') }}|{{ run_started_at.isoformat() }}|{{ invocation_id }}|{{ modules.datetime.date(2024, 1, 31) + modules.datetime.timedelta(days=1) }}|{{ tojson({'b': 1, 'a': 2}) }}|{{ fromjson('{\"x\": [1]}').x[0] }}|{{ log('hi', info=True) }}|{{ flags.FULL_REFRESH }}|{{ execute }}|{{ flags.PRINTER_WIDTH }}",
    ),
  );
  assert.equal(out.sql, '2024-05-06 07:08|2024-05-06T07:08:09+00:00|inv-123|2024-02-01|{"b": 1, "a": 2}|1||False|True|80');
});

test('fromyaml reads YAML as dbt does (datavault4dbt models keep their metadata in a {% set %} block); default when it does not parse', () => {
  const template = [
    '{%- set yaml_metadata -%}',
    'source_models:',
    '    - name: stg_kunde',
    "      bk_columns: 'kunde_bk'",
    'hashkey: hk_kunde_h',
    'flag: yes',
    '{%- endset -%}',
    '{% set m = fromyaml(yaml_metadata) %}',
    "{{ m.source_models[0].name }}|{{ m.source_models[0]['bk_columns'] }}|{{ m.hashkey }}|{{ m.flag }}|{{ fromyaml('a: [1, 2') is none }}|{{ fromyaml('a: [1, 2', 'bad') }}|{{ fromyaml('') is none }}",
  ].join('\n');
  assert.equal(render(env(), request(template)).sql, '\nstg_kunde|kunde_bk|hk_kunde_h|True|True|bad|True');
});

test("context is the render's own context (dbt-core BaseContext.to_dict: ctx['context'] = ctx): a macro or variable by a computed name", () => {
  const e = env();
  e.addMacroFile('proj', '/proj/macros/cfg.sql', "{% macro sales_cfg() %}{{ return({'Sales': {'steps': [1, 2]}}) }}{% endmacro %}");
  const template = [
    "{% set name = 'sales' ~ '_cfg' %}",
    "{% set cfg = context.get(name)() %}",
    "{{ cfg.get('Sales').steps | length }}|{{ context['this'].identifier }}|{{ context.target.name }}|{{ context.get('nope') is none }}|{{ context.get('nope', 'd') }}",
  ].join('');
  assert.equal(render(e, request(template)).sql, '2|M|dev|True|d');
});

test('exceptions.raise_compiler_error carries the message and the tag position; warn is collected', () => {
  assert.throws(
    () => render(env(), request("select 1\n{% if true %}\n  {{ exceptions.raise_compiler_error('bad model ' ~ this.name) }}\n{% endif %}")),
    (e: unknown) =>
      e instanceof TemplateError &&
      e.message === 'bad model M' &&
      e.location?.file === '/proj/models/m.sql' &&
      JSON.stringify(e.location.range) === JSON.stringify({ start: { line: 2, character: 2 }, end: { line: 2, character: 65 } }),
  );
  const out = render(env(), request("{{ exceptions.warn('careful') }}ok"));
  assert.equal(out.sql, 'ok');
  assert.deepEqual(out.warnings, ['careful']);
});

test("var is dbt's Var object: var.has_var(name) (core/dbt/context/base.py), and default= by name", () => {
  const out = render(
    env(),
    request("{{ var.has_var('a') }}|{{ var.has_var('scoped') }}|{{ var.has_var('cli') }}|{{ var.has_var('nope') }}|{{ var('nope', default='d') }}|{{ var('a', default='d') }}|{{ var is callable }}", {
      vars: { cli: { cli: 1 }, project: { a: 1, proj: { scoped: 2 } } },
    }),
  );
  assert.equal(out.sql, 'True|True|True|False|d|1|True');
});

test("sql_now is adapter.date_function(): dbt-snowflake's CURRENT_TIMESTAMP() (core/dbt/context/providers.py sql_now)", () => {
  assert.equal(render(env(), request('{{ sql_now }}|{{ adapter.date_function() }}')).sql, 'CURRENT_TIMESTAMP()|CURRENT_TIMESTAMP()');
  // The twin reads Snowflake SQL: the same text.
  assert.equal(render(env(), request('{{ sql_now }}', { target: { ...TARGET, type: 'duckdb' }, sqlDialect: 'snowflake' })).sql, 'CURRENT_TIMESTAMP()');
});

test("env_var(var, default=None) as dbt-core's providers.py: default by name; a default of None is no default", () => {
  assert.equal(render(env(), request("{{ env_var('MISSING', default='d') }}|{{ env_var('MISSING', 5) + 1 }}", { env: {} })).sql, 'd|6');
  assert.throws(() => render(env(), request("{{ env_var('MISSING', none) }}", { env: {} })), /Env var required but not provided: 'MISSING'/);
  assert.throws(() => render(env(), request("{{ env_var('MISSING', default=none) }}", { env: {} })), /Env var required but not provided: 'MISSING'/);
});

test("store_result / store_raw_result / load_result as dbt's ProviderContext keeps results: a name loads once, main always", async () => {
  const text =
    "{% call statement('q', fetch_result=True) %}select 1{% endcall %}" +
    "{% set t = load_result('q').table %}{{ load_result('nope') }}" +
    "|{{ store_result('kept', response='OK', agate_table=t) }}{% set r = load_result('kept') %}{{ r.response }},{{ r.data }},{{ r.table.column_names }}" +
    "|{% do store_result('empty', 'EMPTY') %}{% set e = load_result('empty') %}{{ e.data }},{{ e.table.column_names }},{{ e.keys() | list }}" +
    "|{% do store_raw_result('raw', message='INSERT 3', code='SUCCESS', rows_affected=3) %}{% set w = load_result('raw').response %}{{ w }},{{ w.code }},{{ w.rows_affected }},{{ w._message }}" +
    "|{% do store_result('main', 'SKIP') %}{{ load_result('main').response }},{{ load_result('main').response }}" +
    "|{{ write('select 1') }}";
  const out = await renderResolving(env(), request(text), async () => ({ columns: ['N'], rows: [[1]] }));
  assert.equal(out.sql, "None|OK,[(1,)],['N']|[],[],['response', 'data', 'table']|INSERT 3,SUCCESS,3,INSERT 3|SKIP,SKIP|");
  // A second load of a name is dbt's MacroResultAlreadyLoadedError.
  const twice = "{% do store_result('x', 'OK') %}{% set a = load_result('x') %}{% set b = load_result('x') %}";
  await assert.rejects(renderResolving(env(), request(twice), async () => null), /The 'statement' result named 'x' has already been loaded into a variable/);
});

test('adapter_macro raises what dbt 1.x raises; load_agate_table outside a seed too', () => {
  assert.throws(() => render(env(), request("{{ adapter_macro('my_pkg.thing', 1) }}")), /The "adapter_macro" macro has been deprecated\. Instead, use the `adapter\.dispatch` method .* adapter_macro was called for: my_pkg\.thing/);
  assert.throws(() => render(env(), request('{{ load_agate_table() }}')), /can only load_agate_table for seeds \(got a model\)/);
});
