// DYNAMIC_TABLE_REFRESH_BOUNDARY(<object>) (https://docs.snowflake.com/user-guide/dynamic-tables-refresh-boundary)
// reads its input "like a regular table": on the DuckDB target, which builds a dynamic table from its query at each
// run, the input as written. It was refused as an unknown function (sage_synapse_transform's two dynamic-table marts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession(async (s) => {
  await s.execute('create schema enriched');
  await s.execute("create table enriched.submissions (id int, state varchar)");
  await s.execute("insert into enriched.submissions values (1, 'APPROVED'), (2, 'REJECTED'), (3, 'APPROVED')");
});

test('FROM / JOIN DYNAMIC_TABLE_REFRESH_BOUNDARY(name) [alias] read the object as written, in CTEs too', async () => {
  const r = await session().execute(
    'with base as (select id, state from dynamic_table_refresh_boundary(memory.enriched.submissions))\n' +
      'select b.id, s.state from base b join DYNAMIC_TABLE_REFRESH_BOUNDARY( enriched.submissions ) s on s.id = b.id where s.state = \'APPROVED\' order by b.id',
  );
  assert.deepEqual(r.rows, [{ ID: 1, STATE: 'APPROVED' }, { ID: 3, STATE: 'APPROVED' }]);
});
