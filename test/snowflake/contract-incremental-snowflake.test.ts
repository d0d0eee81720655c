// A contracted incremental model on a snowflake target (real snowflake-sdk → emulator): the scenario of
// test/helpers/contract-incremental-scenario.ts, with the table described as Snowflake describes it.
import { describe } from 'node:test';
import { contractIncrementalScenario, CONTRACT_INCREMENTAL_FILES } from '../helpers/contract-incremental-scenario';
import { writeFiles } from '../e2e/helpers';
import { emulatorProfile, emulatorProject, projectRows } from './helpers';

describe('a contracted incremental model on a snowflake target (real driver → emulator)', () => {
  const dir = emulatorProject('bronze-sf-contract-inc-', (d, port) => writeFiles(d, { ...CONTRACT_INCREMENTAL_FILES, 'profiles.yml': emulatorProfile('coninc', port, 'marts') }));
  const lower = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
  contractIncrementalScenario({
    dir,
    args: () => ['--profiles-dir', dir()],
    relation: 'analytics.marts.events',
    rows: async (sql) => lower(await projectRows(dir(), sql)),
    columns: async () => (await projectRows(dir(), 'describe table analytics.marts.events')).map((c) => ({ name: String(c.name).toLowerCase(), notNull: c['null?'] === 'N' })),
  });
});

