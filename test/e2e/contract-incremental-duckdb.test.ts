// A contracted incremental model on DuckDB: the scenario of test/helpers/contract-incremental-scenario.ts.
import { describe } from 'node:test';
import { contractIncrementalScenario, CONTRACT_INCREMENTAL_FILES } from '../helpers/contract-incremental-scenario';
import { query, tempProject } from './helpers';

describe('a contracted incremental model on DuckDB', () => {
  const dir = tempProject('bronze-contract-inc-', CONTRACT_INCREMENTAL_FILES);
  contractIncrementalScenario({
    dir,
    args: () => [],
    relation: 'main.events',
    rows: (sql) => query(dir(), sql),
    columns: async () =>
      (await query(dir(), "select column_name, is_nullable from information_schema.columns where table_name = 'EVENTS' order by ordinal_position")).map((r) => ({
        name: String(r.column_name).toLowerCase(),
        notNull: r.is_nullable === 'NO',
      })),
  });
});
