// Queries through the real snowflake-sdk against the emulator: value decoding, headers, DML counts,
// multi-statement text, binds, dbt-snowflake's SHOW/DESCRIBE intercepts, three-part names, errors, and
// several sessions at once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSnowflakeWarehouse } from '../../client/src/warehouse/snowflake';
import { WarehouseError, type Warehouse, type WarehouseSession } from '../../client/src/warehouse/warehouse';
import type { Emulator } from '../snowflake-emulator/server';
import { emulator, target } from './helpers';

describe('snowflake queries', () => {
  let emu: Emulator;
  let wh: Warehouse;
  let s: WarehouseSession;

  before(async () => {
    emu = await emulator();
    wh = createSnowflakeWarehouse(target(emu, { query_tag: 'bronze-tests' }));
    s = await wh.openSession();
  });

  after(async () => {
    await wh.close();
    await emu.close();
  });

  it('decodes every value type the way the driver does', async () => {
    const res = await s.execute(
      `select 42 as n, 12.50::number(10,2) as amount, 2.5::double as ratio, 'zoom' as txt, true as flag,
              '2024-01-02'::date as d, '2024-01-02 03:04:05.5'::timestamp_ntz as ts,
              '1969-12-31 23:59:59.25'::timestamp_ntz as old_ts,
              parse_json('{"a":[1,2],"b":"x"}') as v, null::varchar as nothing`,
    );
    assert.deepEqual(
      res.columns.map((c) => `${c.name} ${c.type}`),
      ['N NUMBER(38,0)', 'AMOUNT NUMBER(10,2)', 'RATIO FLOAT', 'TXT VARCHAR', 'FLAG BOOLEAN', 'D DATE', 'TS TIMESTAMP_NTZ', 'OLD_TS TIMESTAMP_NTZ', 'V VARIANT', 'NOTHING VARCHAR'],
    );
    const row = res.rows[0];
    assert.equal(row.N, 42);
    assert.equal(row.AMOUNT, 12.5);
    assert.equal(row.RATIO, 2.5);
    assert.equal(row.TXT, 'zoom');
    assert.equal(row.FLAG, true);
    assert.equal((row.D as Date).toISOString(), '2024-01-02T00:00:00.000Z');
    assert.equal((row.TS as Date).getTime(), Date.UTC(2024, 0, 2, 3, 4, 5, 500));
    assert.equal((row.OLD_TS as Date).getTime(), Date.UTC(1969, 11, 31, 23, 59, 59, 250));
    assert.deepEqual(row.V, { a: [1, 2], b: 'x' });
    assert.equal(row.NOTHING, null);
  });

  it('upper-cases unquoted headers and keeps quoted ones', async () => {
    const res = await s.execute(`select 1 as lower_name, 2 as "MixedCase", count(*) from (select 1)`);
    assert.deepEqual(res.columns.map((c) => c.name), ['LOWER_NAME', 'MixedCase', 'COUNT(*)']);
  });

  it('reports DML row counts as Snowflake does (insert, update, delete, merge)', async () => {
    const ddl = await s.execute('create or replace transient table analytics.raw.meetings (id int, topic varchar) copy grants');
    assert.deepEqual(ddl.rows, [{ status: 'Table MEETINGS successfully created.' }]);
    assert.equal(ddl.rowsAffected, undefined);
    const ins = await s.execute(`insert into meetings values (1, 'a'), (2, 'b'), (3, 'c')`);
    assert.deepEqual(ins.rows, [{ 'number of rows inserted': 3 }]);
    assert.equal(ins.rowsAffected, 3);
    const upd = await s.execute(`update meetings set topic = 'z' where id >= 2`);
    assert.deepEqual(upd.rows, [{ 'number of rows updated': 2, 'number of multi-joined rows updated': 0 }]);
    assert.equal(upd.rowsAffected, 2);
    const merged = await s.execute(
      `merge into meetings as t using (select 3 as id, 'm' as topic union all select 4, 'n') as src on t.id = src.id
       when matched then update set topic = src.topic when not matched then insert (id, topic) values (src.id, src.topic)`,
    );
    assert.deepEqual(merged.rows, [{ 'number of rows inserted': 1, 'number of rows updated': 1 }]);
    assert.equal(merged.rowsAffected, 2);
    const del = await s.execute('delete from meetings where id = 1');
    assert.deepEqual(del.rows, [{ 'number of rows deleted': 1 }]);
    assert.equal(del.rowsAffected, 1);
  });

  // https://docs.snowflake.com/en/sql-reference/sql/update: a target row the FROM join matches more than once is a
  // multi-joined row, updated once; DuckDB's own count is of join matches (4 here).
  it('answers UPDATE … FROM with the target rows updated and the multi-joined ones among them', async () => {
    await s.execute('create or replace table upd_target (k int, v int)');
    await s.execute('insert into upd_target values (0, 10), (1, 20), (2, 30)');
    await s.execute('create or replace table upd_src (k int, v int)');
    await s.execute('insert into upd_src values (0, 11), (0, 12), (0, 13), (1, 21)');
    const upd = await s.execute('update upd_target set v = upd_src.v from upd_src where upd_target.k = upd_src.k');
    assert.deepEqual(upd.rows, [{ 'number of rows updated': 2, 'number of multi-joined rows updated': 1 }]);
    // An UPDATE … FROM it cannot count (a ROWID column hides DuckDB's row ids) is refused before it changes a row.
    await s.execute('create or replace table upd_rowid (rowid int, v int)');
    await s.execute('insert into upd_rowid values (7, 0)');
    await assert.rejects(s.execute('update upd_rowid set v = 1 from upd_src where upd_src.k = 1'), /UPDATE … FROM whose rows the local twin cannot count/);
    assert.deepEqual((await s.execute('select v from upd_rowid')).rows, [{ V: 0 }]);
  });

  it('refuses a MERGE whose source has duplicate keys (100090)', async () => {
    await s.execute('create or replace table dup_target as select 1 as id, 0 as v');
    await assert.rejects(
      s.execute('merge into dup_target t using (select 1 as id, 5 as v union all select 1, 6) s on t.id = s.id when matched then update set v = s.v'),
      (e: unknown) => e instanceof WarehouseError && e.details.code === '100090' && /Duplicate row detected during DML action/.test(e.message),
    );
  });

  it('runs multi-statement text with begin/commit and sums the DML counts', async () => {
    await s.execute('create or replace table tx_rows (id int)');
    const res = await s.execute('begin;\ninsert into tx_rows values (1), (2);\ninsert into tx_rows values (3);\ncommit;');
    assert.equal(res.rowsAffected, 3);
    assert.deepEqual(res.rows, [{ status: 'Statement executed successfully.' }]);
    const count = await s.execute('select count(*) as c from tx_rows');
    assert.equal(count.rows[0].C, 3);
  });

  it('binds positional values with ? and :N', async () => {
    const q = await s.execute('select ? as a, ? as b, ? as c', { binds: [7, 'ann', true] });
    assert.deepEqual(q.rows, [{ A: 7, B: 'ann', C: true }]);
    const n = await s.execute('select :2 || :1 as joined', { binds: ['x', 'y'] });
    assert.deepEqual(n.rows, [{ JOINED: 'yx' }]);
  });

  it('answers dbt-snowflake introspection: show objects/schemas, describe, query_tag, current_*()', async () => {
    await s.execute('create or replace table analytics.raw.people (id int, topic varchar)');
    await s.execute('create schema if not exists analytics.staging');
    await s.execute('create or replace view analytics.staging.v_meetings as select id from analytics.raw.people');
    const objects = await s.execute('show terse objects in analytics.staging');
    assert.deepEqual(
      objects.rows.map((r) => [r.name, r.kind, r.database_name, r.schema_name]),
      [['V_MEETINGS', 'VIEW', 'ANALYTICS', 'STAGING']],
    );
    const schemas = await s.execute('show terse schemas in database analytics limit 10000');
    const names = schemas.rows.map((r) => r.name);
    assert.ok(names.includes('RAW') && names.includes('STAGING') && names.includes('PUBLIC'), names.join(','));
    const desc = await wh.openSession().then(async (other) => {
      try {
        return await other.describe({ database: 'analytics', schema: 'raw', identifier: 'people' });
      } finally {
        await other.close();
      }
    });
    assert.deepEqual(desc, [
      { name: 'ID', dataType: 'NUMBER(38,0)' },
      { name: 'TOPIC', dataType: 'VARCHAR(16777216)' },
    ]);
    assert.equal(await s.relationType({ database: 'analytics', schema: 'staging', identifier: 'v_meetings' }), 'view');
    assert.equal(await s.relationType({ database: 'ANALYTICS', schema: 'RAW', identifier: 'PEOPLE' }), 'table');
    assert.equal(await s.relationType({ database: 'analytics', schema: 'raw', identifier: 'nope' }), null);
    assert.equal(await s.relationType({ database: 'analytics', schema: 'no_schema', identifier: 'people' }), null);
    const tag = await s.execute("show parameters like 'query_tag' in session");
    assert.deepEqual([tag.rows[0].key, tag.rows[0].value, tag.rows[0].level], ['QUERY_TAG', 'bronze-tests', 'SESSION']);
    await s.execute('alter session unset query_tag');
    const unset = await s.execute("show parameters like 'query_tag' in session");
    assert.equal(unset.rows[0].value, '');
    const ctx = await s.execute('select current_warehouse(), current_role(), current_database(), current_schema()');
    assert.deepEqual(ctx.rows[0], {
      'CURRENT_WAREHOUSE()': 'TRANSFORMING',
      'CURRENT_ROLE()': 'TRANSFORMER',
      'CURRENT_DATABASE()': 'ANALYTICS',
      'CURRENT_SCHEMA()': 'RAW',
    });
    await s.execute('use schema analytics.staging');
    const after = await s.execute('select current_schema() as s');
    assert.equal(after.rows[0].S, 'STAGING');
    await s.execute('use schema raw');
  });

  it('resolves three-part names across two databases', async () => {
    await s.execute('create or replace table analytics.raw.calls as select seq4() as id from table(generator(rowcount => 3))');
    await s.execute('create schema if not exists reporting.marts');
    await s.execute('create or replace table reporting.marts.totals as select count(*) as n from analytics.raw.calls');
    const res = await s.execute(
      'select t.n, (select count(*) from analytics.raw.calls) as m from reporting.marts.totals t',
    );
    assert.deepEqual(res.rows, [{ N: 3, M: 3 }]);
    const dbs = await s.execute('show databases');
    assert.deepEqual(dbs.rows.map((r) => r.name).filter((n) => n === 'ANALYTICS' || n === 'REPORTING'), ['ANALYTICS', 'REPORTING']);
  });

  it('turns SQL errors into WarehouseError with code, SQL state, query id and line/column', async () => {
    await s.execute('create or replace table analytics.raw.errs (id int)');
    const err = await s.execute('select id,\n       no_such_col\nfrom errs').then(
      () => assert.fail('expected an error'),
      (e: unknown) => e as WarehouseError,
    );
    assert.ok(err instanceof WarehouseError);
    assert.equal(err.details.code, '000904');
    assert.equal(err.details.sqlState, '42000');
    assert.equal(err.details.line, 2);
    assert.equal(err.details.column, 8);
    assert.match(err.details.queryId ?? '', /^[0-9a-f-]{36}$/);
    assert.match(err.message, /^SQL compilation error: error line 2 at position 7\ninvalid identifier 'NO_SUCH_COL' \(Snowflake 000904, SQL state 42000, query /);
    const fails = (sql: string): Promise<WarehouseError> =>
      s.execute(sql).then(
        () => assert.fail(`expected ${sql} to fail`),
        (e: unknown) => e as WarehouseError,
      );
    // A quoted lower-case name does not find the column stored upper-case (DuckDB's lookup would).
    const quoted = await fails('select id,\n       "id"\nfrom errs');
    assert.equal(quoted.details.code, '000904');
    assert.equal(quoted.details.line, 2);
    assert.equal(quoted.details.column, 8);
    assert.match(quoted.message, /^SQL compilation error: error line 2 at position 7\ninvalid identifier '"id"' \(Snowflake 000904/);
    // The unquoted name does not find a column created quoted in lower case (DuckDB's lookup would).
    await s.execute('create table quoted_cols ("id" int)');
    const unquoted = await fails('select\n  id from quoted_cols');
    assert.equal(unquoted.details.code, '000904');
    assert.deepEqual([unquoted.details.line, unquoted.details.column], [2, 3]);
    assert.match(unquoted.message, /^SQL compilation error: error line 2 at position 2\ninvalid identifier 'ID' \(Snowflake 000904/);
    const missing = await fails('select * from analytics.raw.nothing_here');
    assert.equal(missing.details.code, '002003');
    assert.match(missing.message, /Object 'NOTHING_HERE' does not exist or not authorized\./);
    // A name two relations of the FROM clause have, unqualified: Snowflake's 002028 "ambiguous column name".
    const ambiguous = await fails('select\n  id from errs a join errs b on a.id = b.id');
    assert.equal(ambiguous.details.code, '002028');
    assert.match(ambiguous.message, /^SQL compilation error: error line 2 at position 2\nambiguous column name 'ID' \(Snowflake 002028/);
    const syntax = await fails('selec 1');
    assert.equal(syntax.details.code, '001003');
    assert.deepEqual([syntax.details.line, syntax.details.column], [1, 1]);
  });

  it('finds a table created as "orders" only by that name, which INFORMATION_SCHEMA.COLUMNS keeps in lower case', async () => {
    await s.execute('create table "orders_q" (id int)');
    await assert.rejects(s.execute('select * from orders_q'), /Object 'ORDERS_Q' does not exist or not authorized/);
    const cols = await s.execute("select table_name, column_name from information_schema.columns where lower(table_name) = 'orders_q'");
    assert.deepEqual(cols.rows, [{ TABLE_NAME: 'orders_q', COLUMN_NAME: 'ID' }]);
    await s.execute('drop table "orders_q"');
  });

  it('runs four sessions concurrently (like --threads 4), each with its own current schema', async () => {
    await s.execute('create schema if not exists analytics.t0; create schema if not exists analytics.t1; create schema if not exists analytics.t2; create schema if not exists analytics.t3;');
    const sessions = await Promise.all([0, 1, 2, 3].map(() => wh.openSession()));
    const t0 = Date.now();
    const results = await Promise.all(
      sessions.map(async (sess, i) => {
        await sess.execute(`use schema analytics.t${i}`);
        await sess.execute(`create or replace table work as select seq4() as id from table(generator(rowcount => ${(i + 1) * 1000}))`);
        for (let k = 0; k < 5; k++) await sess.execute(`insert into work select ${k}`);
        const r = await sess.execute('select count(*) as c, current_schema() as s from work');
        return `${r.rows[0].S}:${r.rows[0].C}`;
      }),
    );
    assert.deepEqual(results, ['T0:1005', 'T1:2005', 'T2:3005', 'T3:4005']);
    assert.ok(Date.now() - t0 < 10000);
    await Promise.all(sessions.map((x) => x.close()));
    assert.equal(emu.stats.sessions, 1);
  });
});
