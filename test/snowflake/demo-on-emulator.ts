// The demo project against the Snowflake emulator, as several suites set it up: the demo profile's `snowflake`
// target reads SNOWFLAKE_* variables, and RAW batches are loaded through the real driver.
import { createRawTableSql, loadRawRows } from '../../client/src/demo/load';
import type { RawBatch } from '../../client/src/demo/raw-data';
import { openEngine } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';

/** Points the demo's `snowflake` target at an emulator; returns a function that restores the environment. */
export function useDemoSnowflakeEnv(port: number, user: string, password: string): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, {
    SNOWFLAKE_ACCOUNT: 'emu_account',
    SNOWFLAKE_USER: user,
    SNOWFLAKE_PASSWORD: password,
    SNOWFLAKE_ROLE: 'TRANSFORMER',
    SNOWFLAKE_HOST: '127.0.0.1',
    SNOWFLAKE_PORT: String(port),
    SNOWFLAKE_PROTOCOL: 'http',
  });
  return () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  };
}

/** Loads a RAW batch into `<database>.raw` of the demo's snowflake target (creating the tables first when asked). */
export async function loadDemoBatch(dir: string, batch: RawBatch, create: boolean): Promise<void> {
  const engine = await openEngine({ projectDir: dir, target: 'snowflake' });
  const wh = await openWarehouse(engine.target, dir);
  try {
    const s = await wh.openSession();
    const schema = `${engine.target.database}.raw`;
    await s.execute(`create schema if not exists ${schema}`);
    for (const t of batch.tables) {
      if (create) await s.execute(createRawTableSql(t.table, { dialect: 'snowflake', schema }));
      await loadRawRows((sql) => s.execute(sql), `${schema}.${t.table.name}`, t.table.columns, t.rows, { dialect: 'snowflake' });
    }
    await s.close();
  } finally {
    await wh.close();
  }
}
