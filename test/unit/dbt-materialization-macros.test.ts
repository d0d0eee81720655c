// dbt's materialization macros in Bronze's dbt namespace (dbt-materialization-macros.ts) print and send what
// dbt-adapters' and dbt-snowflake's own macros print and send, blank lines included: each case's `sql` (the render's
// output) and `sent` (the statements it ran, in order) are what dbt-snowflake 1.11's macros give for the same relations,
// columns and config, rendered once for these tests. Written for these tests; no third-party macro text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ColumnInfo, NodeConfig, TargetConfig } from '../../server/src/core/types';
import { JinjaEnvironment, render, type Introspection, type QueryResult, type RenderRequest } from '../../server/src/template/index';
import { request } from './helpers/render-request';

const target = { name: 'dev', profileName: 'p', type: 'snowflake', threads: 1, database: 'DB', schema: 'ANALYTICS' } as TargetConfig;
const env = new JinjaEnvironment({ rootPackage: 'proj' });

// T exists; T__dbt_tmp is what a new run built: NAME longer, NEW and N2 (with a collation) added, OLD gone, AMT retyped.
const COLUMNS: Record<string, { name: string; dataType: string }[]> = {
  T: [{ name: 'ID', dataType: 'NUMBER(38,0)' }, { name: 'NAME', dataType: 'VARCHAR(5)' }, { name: 'OLD', dataType: 'DATE' }, { name: 'AMT', dataType: 'NUMBER(10,2)' }],
  T__dbt_tmp: [
    { name: 'ID', dataType: 'NUMBER(38,0)' },
    { name: 'NAME', dataType: 'VARCHAR(20)' },
    { name: 'NEW', dataType: 'VARCHAR(16777216)' },
    { name: 'AMT', dataType: 'FLOAT' },
    { name: 'N2', dataType: "VARCHAR(3) COLLATE 'en-ci'" },
  ],
};
// SHOW GRANTS lists the owner, A and C, and a share (standardize_grants_dict keeps A and C).
function answer(sql: string): QueryResult {
  if (sql.includes('show grants')) {
    return { columns: ['privilege', 'granted_to', 'grantee_name'], rows: [['OWNERSHIP', 'ROLE', 'OWNER'], ['SELECT', 'ROLE', 'A'], ['SELECT', 'ROLE', 'C'], ['SELECT', 'SHARE', 'S1']] };
  }
  return sql.includes('__dbt_sbq') ? { columns: ['ID', 'NAME'], rows: [] } : { columns: [], rows: [] };
}
const column = (name: string, description: string): ColumnInfo => ({ name, description, tags: [], meta: {} });
const DOCS = { description: 'the $ table', columns: { id: column('id', 'the id'), name: column('name', ''), ghost: column('ghost', 'g') } };
const RELATIONS =
  "{% set t = api.Relation.create(database='DB', schema='S', identifier='T', type='table') %}" +
  "{% set s = api.Relation.create(database='DB', schema='S', identifier='T__dbt_tmp', type='table') %}" +
  "{% set v = api.Relation.create(database='DB', schema='S', identifier='V', type='view') %}";

function run(text: string, config: Record<string, unknown>, docs: boolean): { sql: string; sent: string[] } {
  const sent: string[] = [];
  const introspection: Introspection = {
    relationType: (r) => (COLUMNS[r.identifier] ? 'table' : null),
    columns: (r) => COLUMNS[r.identifier] ?? [],
    query: (sql) => {
      sent.push(sql);
      return answer(sql);
    },
  };
  const base = request('');
  const req: RenderRequest = request(RELATIONS + text, {
    node: {
      ...base.node!,
      config: { ...base.node!.config, ...config } as unknown as NodeConfig,
      relation: { database: 'DB', schema: 'ANALYTICS', identifier: 'M' },
      ...(docs ? DOCS : {}),
    },
    target,
    resolveRef: (call) => ({ database: 'DB', schema: 'ANALYTICS', identifier: call.name }),
    resolveSource: (s, t) => ({ database: 'RAW', schema: s, identifier: t }),
    runStartedAt: new Date('2024-01-01T00:00:00Z'),
    introspection,
  });
  return { sql: render(env, req).sql, sent };
}

const CASES: { name: string; text: string; config: Record<string, unknown>; docs?: boolean; sql: string; sent: string[] }[] = [
  {
    name: "create_table_as: a transient table (the default)",
    text: "{{ get_create_table_as_sql(False, t, 'select 1 as id') }}",
    config: {},
    sql: "\n  \n    \n\ncreate or replace transient table DB.S.T\n    \n    \n    \n    as (select 1 as id\n    )\n;\n\n\n  ",
    sent: [],
  },
  {
    name: "create_table_as: transient: false",
    text: "{{ create_table_as(False, t, 'select 1 as id') }}",
    config: {"transient": false},
    sql: "\n  \n    \n\ncreate or replace table DB.S.T\n    \n    \n    \n    as (select 1 as id\n    )\n;\n\n\n  ",
    sent: [],
  },
  {
    name: "create_table_as: a temporary table takes no table options",
    text: "{{ get_create_table_as_sql(True, s, 'select 1 as id') }}",
    config: {"copy_grants": true, "sql_header": "alter session set timezone = 'UTC';"},
    sql: "\n  \n    alter session set timezone = 'UTC';\n\ncreate or replace temporary table DB.S.T__dbt_tmp\nas (\n    select 1 as id\n    )\n;\n  ",
    sent: [],
  },
  {
    name: "create_table_as: copy grants, row access policy, tag, header",
    text: "{{ get_create_table_as_sql(False, t, 'select 1 as id') }}",
    config: {"copy_grants": true, "row_access_policy": "p on (id)", "table_tag": "t = 'x'", "sql_header": "alter session set timezone = 'UTC';"},
    sql: "\n  \n    alter session set timezone = 'UTC';\n\ncreate or replace transient table DB.S.T\n    copy grants\n    with row access policy p on (id)\n    with tag (t = 'x')\n    as (select 1 as id\n    )\n;\n\n\n  ",
    sent: [],
  },
  {
    name: "create_table_as: cluster_by orders the rows and clusters the table",
    text: "{{ get_create_table_as_sql(False, t, 'select 1 as id') }}",
    config: {"cluster_by": ["id", "x"]},
    sql: "\n  \n    \n\ncreate or replace transient table DB.S.T\n    \n    \n    \n    as (select * from (\n            select 1 as id\n        )\n        order by (\n            id, x\n        )\n    )\n;\n\nalter table DB.S.T cluster by (id, x);\n  ",
    sent: [],
  },
  {
    name: "create_table_as: automatic_clustering resumes reclustering",
    text: "{{ get_create_table_as_sql(False, t, 'select 1 as id') }}",
    config: {"cluster_by": "id", "automatic_clustering": true},
    sql: "\n  \n    \n\ncreate or replace transient table DB.S.T\n    \n    \n    \n    as (select * from (\n            select 1 as id\n        )\n        order by (\n            id\n        )\n    )\n;\n\nalter table DB.S.T cluster by (id);\nalter table DB.S.T resume recluster;\n  ",
    sent: [],
  },
  {
    name: "create_view_as: a view",
    text: "{{ get_create_view_as_sql(v, 'select 1 as id') }}",
    config: {},
    sql: "\n  create or replace   view DB.S.V\n  \n  \n  \n  \n  as (\n    select 1 as id\n  );\n\n",
    sent: [],
  },
  {
    name: "create_view_as: secure, copy grants, policy, tag, header",
    text: "{{ create_view_as(v, 'select 1 as id') }}",
    config: {"secure": true, "copy_grants": true, "sql_header": "h;", "row_access_policy": "p on (id)", "table_tag": "t='x'"},
    sql: "h;\n  create or replace secure  view DB.S.V\n  \n  copy grants\n  with row access policy p on (id)\n  with tag (t='x')\n  as (\n    select 1 as id\n  );\n\n",
    sent: [],
  },
  {
    name: "create_view_as: persist_docs columns lists the query's columns with their comments",
    text: "{{ get_create_view_as_sql(v, 'select 1 as id') }}",
    config: {"persist_docs": {"columns": true}}, docs: true,
    sql: "\n  create or replace   view DB.S.V\n  \n    \n    \n(\n  \n    \"ID\" COMMENT $$the id$$, \n  \n    \"NAME\" COMMENT $$$$\n  \n)\n\n  \n  \n  \n  as (\n    select 1 as id\n  );\n\n",
    sent: ["select * from (\n        select 1 as id\n    ) as __dbt_sbq\n    where false\n    limit 0\n\n    "],
  },
  {
    name: "get_create_sql of a table and of a view",
    text: "{{ get_create_sql(t, 'select 1 as id') }}|{{ get_create_sql(v, 'select 1 as id') }}",
    config: {},
    sql: "\n\n    \n        \n  \n    \n\ncreate or replace transient table DB.S.T\n    \n    \n    \n    as (select 1 as id\n    )\n;\n\n\n  \n\n    \n\n|\n\n    \n        \n  create or replace   view DB.S.V\n  \n  \n  \n  \n  as (\n    select 1 as id\n  );\n\n\n\n    \n\n",
    sent: [],
  },
  {
    name: "get_empty_subquery_sql, get_columns_in_query",
    text: "{{ get_empty_subquery_sql('select 1', 'set x = 1;') }}|{{ get_columns_in_query('select 1 as id') }}",
    config: {},
    sql: "set x = 1;select * from (\n        select 1\n    ) as __dbt_sbq\n    where false\n    limit 0\n|['ID', 'NAME']",
    sent: ["select * from (\n        select 1 as id\n    ) as __dbt_sbq\n    where false\n    limit 0\n\n    "],
  },
  {
    name: "get_test_sql",
    text: "{{ get_test_sql('select 1', 'count(*)', '!= 0', '> 5', none) }}|{{ get_test_sql('select 1', 'count(*)', '!= 0', '> 5', 10) }}",
    config: {},
    sql: "select\n      count(*) as failures,\n      count(*) != 0 as should_warn,\n      count(*) > 5 as should_error\n    from (\n      select 1\n      \n    ) dbt_internal_test|select\n      count(*) as failures,\n      count(*) != 0 as should_warn,\n      count(*) > 5 as should_error\n    from (\n      select 1\n      limit 10\n    ) dbt_internal_test",
    sent: [],
  },
  {
    name: "get_quoted_csv, incremental_validate_on_schema_change",
    text: "{{ get_quoted_csv(['a', 'B']) }}|{{ incremental_validate_on_schema_change('x') }}|{{ incremental_validate_on_schema_change('fail') }}|{{ incremental_validate_on_schema_change(none, default='append_new_columns') }}",
    config: {},
    sql: "\"a\", \"B\"|ignore|fail|append_new_columns",
    sent: [],
  },
  {
    name: "process_schema_changes: ignore",
    text: "{{ process_schema_changes('ignore', s, t) }}",
    config: {},
    sql: "{}",
    sent: [],
  },
  {
    name: "process_schema_changes: append_new_columns adds the new columns",
    text: "{{ process_schema_changes('append_new_columns', s, t) | map(attribute='name') | list }}",
    config: {},
    sql: "['ID', 'NAME', 'NEW', 'AMT', 'N2']",
    sent: ["alter  table DB.S.T add column\n          \n            \"NEW\" \n  \n  \n    character varying(16777216)\n  \n,\n          \n            \"N2\" \n  \n  \n    character varying(3)\n  \n\n          "],
  },
  {
    name: "process_schema_changes: sync_all_columns adds, drops and retypes",
    text: "{{ process_schema_changes('sync_all_columns', s, t) | map(attribute='name') | list }}",
    config: {},
    sql: "['ID', 'NAME', 'NEW', 'AMT', 'N2']",
    sent: ["alter  table DB.S.T add column\n          \n            \"NEW\" \n  \n  \n    character varying(16777216)\n  \n,\n          \n            \"N2\" \n  \n  \n    character varying(3)\n  \n\n          ", "alter  table DB.S.T drop column\n            \n                \"OLD\"\n            ", "\n    alter  table DB.S.T alter \"NAME\" set data type character varying(20);\n  ", "\n    alter  table DB.S.T alter \"AMT\" set data type FLOAT;\n  "],
  },
  {
    name: "check_for_schema_changes: a longer text is no type change; a collation is kept",
    text: "{% set r = check_for_schema_changes(s, t) %}{{ r['schema_changed'] }}|{{ r['new_target_types'] }}|{{ r['source_not_in_target'] | map(attribute='name') | list }}|{{ r['target_not_in_source'] | map(attribute='name') | list }}",
    config: {},
    sql: "True|[{'column_name': 'NAME', 'new_type': 'character varying(20)'}, {'column_name': 'AMT', 'new_type': 'FLOAT'}]|['NEW', 'N2']|['OLD']",
    sent: [],
  },
  {
    name: "alter_column_type, alter_relation_add_remove_columns",
    text: "{% do alter_column_type(t, 'NAME', 'varchar(20)') %}{% do alter_relation_add_remove_columns(t, adapter.get_columns_in_relation(s)[2:4], adapter.get_columns_in_relation(t)[2:3]) %}",
    config: {},
    sql: "",
    sent: ["\n    alter  table DB.S.T alter \"NAME\" set data type varchar(20);\n  ", "alter  table DB.S.T add column\n          \n            \"NEW\" \n  \n  \n    character varying(16777216)\n  \n,\n          \n            \"AMT\" \n  \n  \n    FLOAT\n  \n\n          ", "alter  table DB.S.T drop column\n            \n                \"OLD\"\n            "],
  },
  {
    name: "persist_docs: nothing without the persist_docs config",
    text: "{% do persist_docs(t, model) %}",
    config: {}, docs: true,
    sql: "",
    sent: [],
  },
  {
    name: "persist_docs: the relation's comment and every column's",
    text: "{% do persist_docs(t, model) %}",
    config: {"persist_docs": {"relation": true, "columns": true}}, docs: true,
    sql: "",
    sent: ["comment on table DB.S.T IS $$the [$] table$$;", "\n    \n    \n    alter  table DB.S.T alter\n    \n        \"ID\" COMMENT $$the id$$,\n    \n        \"NAME\" COMMENT $$$$,\n    \n        \"OLD\" COMMENT $$$$,\n    \n        \"AMT\" COMMENT $$$$;\n    \n"],
  },
  {
    name: "persist_docs: for_relation=false",
    text: "{% do persist_docs(t, model, for_relation=false) %}",
    config: {"persist_docs": {"relation": true, "columns": true}}, docs: true,
    sql: "",
    sent: ["\n    \n    \n    alter  table DB.S.T alter\n    \n        \"ID\" COMMENT $$the id$$,\n    \n        \"NAME\" COMMENT $$$$,\n    \n        \"OLD\" COMMENT $$$$,\n    \n        \"AMT\" COMMENT $$$$;\n    \n"],
  },
  {
    name: "alter_relation_comment of a view",
    text: "{{ alter_relation_comment(v, 'it$s') }}",
    config: {},
    sql: "comment on view DB.S.V IS $$it[$]s$$;",
    sent: [],
  },
  {
    name: "apply_grants: nothing without grants",
    text: "{% do apply_grants(t, config.get('grants')) %}",
    config: {},
    sql: "",
    sent: [],
  },
  {
    name: "apply_grants: should_revoke not given grants at once, one grantee a statement",
    text: "{% do apply_grants(t, config.get('grants')) %}",
    config: {"grants": {"select": ["a", "b"]}},
    sql: "",
    sent: ["\n        \n            grant select on DB.S.T to a;\n        \n            grant select on DB.S.T to b;\n        \n    "],
  },
  {
    name: "apply_grants: should_revoke compares with SHOW GRANTS",
    text: "{% do apply_grants(t, config.get('grants'), should_revoke=should_revoke(t, full_refresh_mode=False)) %}",
    config: {"grants": {"select": ["a", "b"]}},
    sql: "",
    sent: ["\n    show grants on DB.S.T\n", "\n        \n            revoke SELECT on DB.S.T from C;\n        \n            grant select on DB.S.T to b;\n        \n    "],
  },
  {
    name: "apply_grants: the grants in place send nothing more",
    text: "{% do apply_grants(t, config.get('grants'), should_revoke=True) %}",
    config: {"grants": {"select": ["a", "c"]}},
    sql: "",
    sent: ["\n    show grants on DB.S.T\n"],
  },
  {
    name: "should_revoke: copy_grants decides on a replaced relation",
    text: "{{ should_revoke(none) }}|{{ should_revoke(t) }}|{{ should_revoke(t, False) }}",
    config: {"copy_grants": true},
    sql: "False|True|True",
    sent: [],
  },
  {
    name: "truncate_relation, drop_relation_if_exists",
    text: "{% do truncate_relation(t) %}{% do drop_relation_if_exists(t) %}{% do drop_relation_if_exists(none) %}",
    config: {},
    sql: "",
    sent: ["\n      begin;\n    \n    truncate table DB.S.T\n  ;\n    commit;\n    ", "drop table if exists DB.S.T cascade"],
  },];

describe("dbt's materialization macros print and send what dbt-snowflake's do", () => {
  for (const c of CASES) {
    it(c.name, () => assert.deepEqual(run(c.text, c.config, c.docs === true), { sql: c.sql, sent: c.sent }));
  }
});

describe("dbt's adapter methods and results behind the macros", () => {
  it('adapter.expand_target_column_types widens each shorter text column through alter_column_type (dbt SQLAdapter.expand_column_types)', () => {
    assert.deepEqual(run('{% do adapter.expand_target_column_types(from_relation=s, to_relation=t) %}', {}, false), {
      sql: '',
      sent: ['\n    alter  table DB.S.T alter "NAME" set data type character varying(20);\n  '],
    });
  });
  it('Column.can_expand_to, expanded_data_type and collation as dbt-snowflake reads a described type', () => {
    const text =
      "{% set a = adapter.get_columns_in_relation(s) %}{% set b = adapter.get_columns_in_relation(t) %}" +
      '{{ b[1].can_expand_to(a[1]) }}|{{ a[1].can_expand_to(b[1]) }}|{{ b[0].can_expand_to(a[0]) }}|{{ a[4].expanded_data_type }}|{{ a[4].collation }}|{{ a[4].data_type }}';
    assert.equal(run(text, {}, false).sql, "True|False|False|character varying(3) collate 'en-ci'|en-ci|character varying(3)");
  });
  // dbt's load_result hands a name's result over once (`main` excepted), so each is loaded once here.
  it('store_result, store_raw_result and noop_statement keep what load_result reads; noop_statement sends nothing', () => {
    const text =
      "{% do store_result('a', 'SKIP') %}{% do store_raw_result('b', message='INSERT 3', code='INSERT', rows_affected=3) %}" +
      "{% call noop_statement('main', 'INSERT 5', 'INSERT', 5) %}insert into nowhere{% endcall %}" +
      "{% set b = load_result('b') %}{{ load_result('a')['response'] }}|{{ b['response'] }}|{{ b['response'].rows_affected }}|{{ load_result('main')['response'].code }}|{{ load_result('main')['data'] }}";
    assert.deepEqual(run(text, {}, false), { sql: 'SKIP|INSERT 3|3|INSERT|[]', sent: [] });
  });
  it('config.persist_relation_docs / persist_column_docs read the persist_docs config', () => {
    const text = '{{ config.persist_relation_docs() }}|{{ config.persist_column_docs() }}';
    assert.equal(run(text, {}, false).sql, 'False|False');
    assert.equal(run(text, { persist_docs: { relation: true } }, false).sql, 'True|False');
  });
});

describe('what Bronze does not build as dbt does fails by name', () => {
  const refused = (text: string, config: Record<string, unknown>, what: RegExp) =>
    assert.throws(() => run(text, config, false), (e: Error) => what.test(e.message) && /is not supported by Bronze's dbt materialization macros \(DB\.S\.T\)/.test(e.message));
  it('an Iceberg table, an enforced contract, a Python model', () => {
    refused("{{ create_table_as(False, t, 'select 1') }}", { table_format: 'iceberg' }, /create_table_as of an Iceberg table/);
    refused("{{ create_table_as(False, t, 'select 1') }}", { contract: { enforced: true } }, /create_table_as with an enforced contract/);
    refused("{{ create_table_as(False, t, 'df', language='python') }}", {}, /create_table_as of a python model/);
  });
  it('on_schema_change fail names the differences', () => {
    assert.throws(
      () => run("{{ process_schema_changes('fail', s, t) }}", {}, false),
      (e: Error) =>
        e.message.startsWith('In DB.S.T: the source and target schemas on this incremental model are out of sync!') &&
        e.message.includes("New column types: [{'column_name': 'NAME', 'new_type': 'character varying(20)'}, {'column_name': 'AMT', 'new_type': 'FLOAT'}]"),
    );
  });
});
