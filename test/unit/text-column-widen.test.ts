// Which ALTER statements change a VARCHAR(n) column's length (rebuilt by text-column-widen.ts when the column carries
// the length CHECK a VARCHAR(n) column gets on the DuckDB target).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textTypeChange } from '../../client/src/warehouse/snowflake-on-duckdb/text-column-widen';

test('ALTER … ALTER [COLUMN] c SET DATA TYPE / TYPE <text type> is read with its new length', () => {
  assert.deepEqual(textTypeChange('alter table BZ_T alter "NAME" set data type varchar(10)'), { table: ['BZ_T'], column: 'NAME', length: 10 });
  assert.deepEqual(textTypeChange('ALTER TABLE db.s.t ALTER COLUMN c TYPE VARCHAR'), { table: ['db', 's', 't'], column: 'c', length: undefined });
  assert.deepEqual(textTypeChange('alter table t modify column c set data type character varying(4)'), { table: ['t'], column: 'c', length: 4 });
});

test('other ALTERs, other types and several clauses are left to DuckDB', () => {
  assert.equal(textTypeChange('alter table t alter c set data type number(38,2)'), undefined);
  assert.equal(textTypeChange('alter table t add column c varchar(3)'), undefined);
  assert.equal(textTypeChange('alter table t alter c set data type varchar(10), d set data type varchar(5)'), undefined);
  assert.equal(textTypeChange('select 1'), undefined);
});
