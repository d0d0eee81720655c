// COMMENT on tables, views and columns as INFORMATION_SCHEMA shows it: CREATE TABLE … COMMENT '…' | $$…$$, a table's
// or view's COMMENT = …, and ALTER TABLE … SET | UNSET COMMENT (dbt's persist_docs writes them with $$…$$).
import type { ConformanceCase } from '../case';

const CREATE_TABLE = 'https://docs.snowflake.com/en/sql-reference/sql/create-table';
const ALTER_TABLE = 'https://docs.snowflake.com/en/sql-reference/sql/alter-table';
const TEXT = { type: 'VARCHAR' } as const;

export const cases: ConformanceCase[] = [
  {
    id: 'create_table.column_comment_dollar_quoted',
    construct: 'CREATE TABLE',
    doc: CREATE_TABLE,
    setup: ["CREATE OR REPLACE TABLE documented (id INT COMMENT 'the key', note VARCHAR COMMENT $$what it's for$$)"],
    sql: "SELECT column_name, comment FROM information_schema.columns WHERE table_name = 'DOCUMENTED' ORDER BY ordinal_position",
    expect: { types: [TEXT, TEXT], rows: [['ID', 'the key'], ['NOTE', "what it's for"]] },
    note: "A column's COMMENT is a string constant: a $$…$$ constant is one as much as a quoted one (string constants page), and INFORMATION_SCHEMA.COLUMNS.COMMENT shows it.",
  },
  {
    id: 'create_table.table_comment_shown',
    construct: 'CREATE TABLE',
    doc: CREATE_TABLE,
    setup: ["CREATE OR REPLACE TABLE quoted_c (id INT) COMMENT = 'a table'", 'CREATE OR REPLACE TABLE dollar_c (id INT) COMMENT = $$a dollar table$$'],
    sql: "SELECT table_name, comment FROM information_schema.tables WHERE table_name IN ('QUOTED_C', 'DOLLAR_C') ORDER BY table_name",
    expect: { types: [TEXT, TEXT], rows: [['DOLLAR_C', 'a dollar table'], ['QUOTED_C', 'a table']] },
    note: "A table's COMMENT = '…' is its comment in INFORMATION_SCHEMA.TABLES (https://docs.snowflake.com/en/sql-reference/info-schema/tables).",
  },
  {
    id: 'create_table.ctas_comment_shown',
    construct: 'CREATE TABLE',
    doc: CREATE_TABLE,
    setup: ["CREATE OR REPLACE TABLE ctas_c COMMENT = 'from a query' AS SELECT 1 AS x"],
    sql: "SELECT comment FROM information_schema.tables WHERE table_name = 'CTAS_C'",
    expect: { rows: [['from a query']] },
  },
  {
    id: 'create_view.comment_shown',
    construct: 'CREATE VIEW',
    doc: 'https://docs.snowflake.com/en/sql-reference/sql/create-view',
    setup: ['CREATE OR REPLACE TABLE base (id INT)', "CREATE OR REPLACE VIEW v_c COMMENT = 'a view' AS SELECT id FROM base"],
    sql: "SELECT table_name, table_type, comment FROM information_schema.tables WHERE table_name = 'V_C'",
    expect: { rows: [['V_C', 'VIEW', 'a view']] },
  },
  {
    id: 'alter_table.set_and_unset_comment',
    construct: 'ALTER TABLE',
    doc: ALTER_TABLE,
    setup: [
      "CREATE OR REPLACE TABLE t1 (id INT) COMMENT = 'first'",
      'CREATE OR REPLACE TABLE t2 (id INT)',
      'ALTER TABLE t1 UNSET COMMENT',
      'ALTER TABLE t2 SET COMMENT = $$set later$$',
    ],
    sql: "SELECT table_name, comment FROM information_schema.tables WHERE table_name IN ('T1', 'T2') ORDER BY table_name",
    expect: { rows: [['T1', null], ['T2', 'set later']] },
    note: 'SET COMMENT replaces the comment and UNSET COMMENT removes it.',
  },
];
