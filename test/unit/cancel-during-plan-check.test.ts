// A cancel that lands while a preparatory query runs (the bound-plan check, which swallows its own failure), or between
// them, must stop the statement before it runs, in DuckDbSession and so in the emulator (both run statements through
// run-statement.ts). The cancel's timing is made certain by a connection that cancels as a given query is sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDbSession, type DuckDbWarehouse } from '../../client/src/warehouse/duckdb';
import { installSnowflakeShims } from '../../client/src/warehouse/snowflake-on-duckdb';
import { WarehouseError } from '../../client/src/warehouse/warehouse';
import { openConformanceWarehouse } from '../conformance/snowflake/run';

/** `real`, except that sending the plan check calls `onPlanCheck` and fails as an interrupted DuckDB query fails. */
function interruptingPlanCheck(real: DuckDBConnection, onPlanCheck: () => void): DuckDBConnection {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'runAndReadAll') {
        return (sql: string, ...rest: unknown[]) => {
          if (sql.includes('json_serialize_plan(')) {
            onPlanCheck();
            return Promise.reject(new Error('{"exception_type":"INTERRUPT","exception_message":"Interrupted!"}'));
          }
          return (target.runAndReadAll as (...a: unknown[]) => unknown).call(target, sql, ...rest);
        };
      }
      return ownMember(target, prop);
    },
  });
}

/** `real`, except that `onQuery` is called as each query whose text `matches` is sent (which then runs as sent). */
function watching(real: DuckDBConnection, matches: (sql: string) => boolean, onQuery: () => void): DuckDBConnection {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'run' || prop === 'runAndReadAll') {
        const method = Reflect.get(target, prop, target) as (...a: unknown[]) => unknown;
        return (sql: string, ...rest: unknown[]) => {
          if (matches(sql)) onQuery();
          return method.call(target, sql, ...rest);
        };
      }
      return ownMember(target, prop);
    },
  });
}

function ownMember(target: DuckDBConnection, prop: string | symbol): unknown {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
}

async function tableCount(real: DuckDBConnection, name: string): Promise<number> {
  const found = await real.runAndReadAll(`select count(*) from information_schema.tables where lower(table_name) = '${name}'`);
  return Number(found.getRows()[0][0]);
}

describe('a cancel during the bound-plan check', () => {
  let warehouse: DuckDbWarehouse;
  let real: DuckDBConnection;

  before(async () => {
    warehouse = await openConformanceWarehouse();
    real = await warehouse.instance.connect();
    await real.run('SET errors_as_json = true');
    await installSnowflakeShims(real);
  });
  after(async () => {
    real.closeSync();
    await warehouse.close();
  });

  test('stops the statement before it runs, as cancelled', async () => {
    const controller = new AbortController();
    let planChecks = 0;
    const connection = interruptingPlanCheck(real, () => {
      planChecks++;
      controller.abort();
    });
    const session = new DuckDbSession(connection, true, warehouse.databaseName, () => undefined);
    await assert.rejects(
      session.execute('create table cancelled_ctas as select 1 as a', { signal: controller.signal }),
      (e: unknown) => e instanceof WarehouseError && e.details.cancelled === true && e.message === 'Query cancelled.',
    );
    assert.equal(planChecks, 1, 'the plan check was sent, and the cancel landed on it');
    assert.equal(await tableCount(real, 'cancelled_ctas'), 0, 'the CREATE TABLE did not run');
  });

  test('without a cancel, the same failing plan check lets the statement run', async () => {
    const connection = interruptingPlanCheck(real, () => undefined);
    const session = new DuckDbSession(connection, true, warehouse.databaseName, () => undefined);
    await session.execute('create table uncancelled_ctas as select 1 as a', { signal: new AbortController().signal });
    assert.equal(await tableCount(real, 'uncancelled_ctas'), 1);
  });

  test('a cancel while no query runs, after the preparations, stops the statement as it is handed to DuckDB', async () => {
    // The INFORMATION_SCHEMA.TABLES view is prepared (quoted-names.ts) after the plan check; the interrupt the cancel
    // sends lands before that preparation's query starts, and DuckDB drops it.
    const controller = new AbortController();
    let prepared = 0;
    const connection = watching(real, (sql) => /^CREATE OR REPLACE TEMP TABLE bz_information_schema_quoted_names/i.test(sql), () => {
      prepared++;
      controller.abort();
    });
    const session = new DuckDbSession(connection, true, warehouse.databaseName, () => undefined);
    await assert.rejects(
      session.execute('create table cancelled_late as select table_name from information_schema.tables', { signal: controller.signal }),
      (e: unknown) => e instanceof WarehouseError && e.details.cancelled === true,
    );
    assert.equal(prepared, 1, 'the cancel came during the preparation');
    assert.equal(await tableCount(real, 'cancelled_late'), 0, 'the CREATE TABLE did not run');
  });
});
