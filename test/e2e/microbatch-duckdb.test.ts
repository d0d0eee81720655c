// dbt's microbatch strategy on the embedded DuckDB target: the scenario of test/helpers/microbatch-scenario.ts.
import { describe } from 'node:test';
import { microbatchScenario, MICROBATCH_FILES } from '../helpers/microbatch-scenario';
import { query, tempProject } from './helpers';

describe('a microbatch model on DuckDB', () => {
  const dir = tempProject('bronze-microbatch-', MICROBATCH_FILES);
  microbatchScenario({
    dir,
    args: () => [],
    relation: 'main.daily',
    eventTimeType: 'timestamp_ntz',
    rows: async (sql) => (await query(dir(), sql)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]))),
  });
});
