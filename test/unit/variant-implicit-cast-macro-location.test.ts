// A node of a Bronze macro's body is never read as part of the statement by the check of DuckDB's implicit casts
// (variant-implicit-cast.ts): the macros are created after MACRO_TEXT_OFFSET spaces, and a longer statement is planned
// after twice as many. In a statement of 8 KB or more (flipside_axelar's silver__link_events: OBJECT_AGG(k, v::VARIANT)),
// bz_to_variant's CAST(x AS JSON) of a VARCHAR was refused as the statement's own CASE returning a VARCHAR or a VARIANT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRefused, memorySession } from './helpers/memory-duckdb';
import { shimStatements } from '../../client/src/warehouse/snowflake-on-duckdb/shims';
import { MACRO_TEXT_OFFSET } from '../../client/src/warehouse/snowflake-on-duckdb/variant-implicit-cast';

const session = memorySession(async (s) => {
  await s.execute("create table ta (g int, k varchar, v varchar, d date); insert into ta values (1, 'module', 'evm', '2024-01-01'), (1, 'chain', '1.5', '2024-01-01')");
});

/** A condition that is TRUE, written with `bytes` characters: the statement made that much longer. */
const long = (bytes: number): string => `'${'x'.repeat(bytes)}' <> 'y'`;

test('the macros are created in fewer bytes than their offset, so none of their nodes is located past it', () => {
  assert.ok(Buffer.byteLength(shimStatements().join(';\n')) < MACRO_TEXT_OFFSET);
});

test('a VARCHAR put in a VARIANT (::VARIANT, TO_VARIANT) runs in a statement of any length, as a string', async () => {
  for (const bytes of [0, 12000, MACRO_TEXT_OFFSET + 1000]) {
    const r = await session().execute(`select v::variant as j, to_variant(k) as t, typeof(v::variant) as ty from ta where ${long(bytes)} order by k`);
    assert.deepEqual(r.rows.map((x) => [x.J, x.T, x.TY]), [['1.5', 'chain', 'VARCHAR'], ['evm', 'module', 'VARCHAR']], `${bytes} bytes`);
  }
});

test('a statement longer than the offset is still refused where DuckDB converts, located in it', async () => {
  await assertRefused(session(), `select d from ta union select v from ta where ${long(MACRO_TEXT_OFFSET + 1000)}`, /and DATE in another/, 1, 8);
  await assertRefused(session(), `select 1 x,\n  d from ta union select 1, v from ta where ${long(MACRO_TEXT_OFFSET)}`, /and DATE in another/, 2, 3);
});
