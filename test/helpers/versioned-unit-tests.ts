// A versioned model (v1, v2) and unit tests of it: one on every version, one with versions: include, one with
// exclude. Shared by the DuckDB and the emulator suites.
export const UNIT_TESTS = `version: 2
unit_tests:
  - name: keeps_ids
    model: customers
    given:
      - input: ref('raw_customers')
        rows: [{id: 1, name: ann}, {id: 2, name: bo}]
    expect:
      rows: [{id: 1}, {id: 2}]
  - name: upper_names
    model: customers
    versions: {include: [2]}
    given:
      - input: ref('raw_customers')
        rows: [{id: 1, name: ann}]
    expect:
      rows: [{id: 1, name: ANN}]
  - name: plain_names
    model: customers
    versions:
      exclude: [2]
    given:
      - input: ref('raw_customers')
        rows: [{id: 1, name: ann}]
    expect:
      rows: [{name: ann}]
`;

export const VERSIONED_FILES: Record<string, string> = {
  'dbt_project.yml': "name: verso\nversion: '1.0'\nprofile: verso\n",
  'models/raw_customers.sql': "select 1 as id, 'ann' as name\n",
  'models/customers_v1.sql': "select id, name from {{ ref('raw_customers') }}\n",
  'models/customers_v2.sql': "select id, upper(name) as name, id * 10 as score from {{ ref('raw_customers') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: customers\n    latest_version: 2\n    versions:\n      - v: 1\n      - v: 2\n',
  'models/unit_tests.yml': UNIT_TESTS,
};
