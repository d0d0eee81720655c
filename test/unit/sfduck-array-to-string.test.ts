// ARRAY_TO_STRING on the DuckDB target (array-to-string.ts): each element as TO_VARCHAR renders a VARIANT, joined by
// the separator; NULL for a NULL argument; refused by name where the element's text is not documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySession } from './helpers/memory-duckdb';

const session = memorySession();

const row = async (sql: string): Promise<Record<string, unknown>> => (await session().execute(sql)).rows[0];

test('ARRAY_TO_STRING of an ARRAY column or ARRAY_CONSTRUCT gives each string without its JSON quotes', async () => {
  // mattermost's zendesk_ticket_details: `array_to_string(tickets.tags, ', ')` of an ARRAY column gave '"a", "b"'.
  await session().execute('create or replace table ats_tickets (tags array, v variant)');
  await session().execute("insert into ats_tickets select array_construct('premsupport', 'vip'), parse_json('[\"x\", 2]')");
  assert.deepEqual(await row("select array_to_string(tags, ', ') t, array_to_string(v, '|') v, array_to_string(array_construct('a', 1, true), ',') c from ats_tickets"), {
    T: 'premsupport, vip',
    V: 'x|2',
    C: 'a,1,true',
  });
});

test('ARRAY_TO_STRING of number constants prints them as VARIANT numbers; text lists, empty arrays and NULL arguments', async () => {
  // ARRAY_CONSTRUCT(2.5, 1.25) is a DECIMAL list on DuckDB, whose own text is '2.50'.
  assert.deepEqual(await row("select array_to_string(array_construct(2.5, 1.25), ', ') d, array_to_string(split('a,,b', ','), '-') s, array_to_string(array_construct(), ',') e, array_to_string(null, ',') n, array_to_string(array_construct(1), null) m"), {
    D: '2.5, 1.25',
    S: 'a--b',
    E: '',
    N: null,
    M: null,
  });
});

test('ARRAY_TO_STRING is refused by name for a VARIANT holding no array, a JSON null element and an array of dates', async () => {
  await assert.rejects(session().execute("select 1,\n  array_to_string(parse_json('\"abc\"'), ',')"), /ARRAY_TO_STRING of a VARIANT that holds no array is not supported on the DuckDB target \(line 2, column 3\)/);
  await assert.rejects(session().execute("select array_to_string(parse_json('[1, null]'), ',')"), /ARRAY_TO_STRING of an array holding a JSON null/);
  await assert.rejects(session().execute("select array_to_string(array_agg(d), ',') from (select '2024-01-01'::date d)"), /ARRAY_TO_STRING of an array of dates, times, timestamps or FLOATs/);
});

test('LIKE on an ARRAY is refused naming the ARRAY (no documented conversion to text)', async () => {
  await assert.rejects(
    session().execute("select a like '%x%' from (select array_construct('x') a)"),
    /LIKE on an ARRAY value \(no documented conversion of an ARRAY to text: cast it, e\.g\. a::VARCHAR\)/,
  );
});
