// CONNECT BY (docs.snowflake.com/en/sql-reference/constructs/connect-by): DuckDB has no hierarchical query and failed
// with a raw syntax error (mattermost_analytics' rpt_won_opportunities). Refused by name where it is written: the
// clause, or SYS_CONNECT_BY_PATH / CONNECT_BY_ROOT when the select list reads one first.
import { test } from 'node:test';
import { assertRefused, memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create table accounts (id int, parent int, name varchar)');
});

test('CONNECT BY and its operators are refused by name, located', async () => {
  await assertRefused(session(), 'select id\nfrom accounts\nstart with parent is null\nconnect by parent = prior id', /^CONNECT BY \(a hierarchical query\) is not supported/, 4, 1);
  await assertRefused(session(), "select id, sys_connect_by_path(name, '/') as p\nfrom accounts start with parent is null connect by parent = prior id", /^SYS_CONNECT_BY_PATH \(a hierarchical query\)/, 1, 12);
  await assertRefused(session(), 'select CONNECT_BY_ROOT name as root from accounts start with parent is null connect by parent = prior id', /^CONNECT_BY_ROOT \(a hierarchical query\)/, 1, 8);
});
