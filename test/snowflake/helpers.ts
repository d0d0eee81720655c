// Shared setup for the driver ↔ emulator suites: an in-process emulator on a free port and targets for it.
import type { TargetConfig } from '../../server/src/core/types';
import { startEmulator, type Emulator, type EmulatorOptions } from '../snowflake-emulator/server';
import { openEngine } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';

export const PASSWORD = 'S3cret-Pa55word!';

export async function emulator(extra: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ port: 0, users: { ann: PASSWORD }, ...extra });
}

export function target(emu: Emulator, extra: Record<string, unknown> = {}): TargetConfig {
  return {
    name: 'dev',
    profileName: 'bronze',
    type: 'snowflake',
    threads: 4,
    account: 'emu_account',
    user: 'ann',
    password: PASSWORD,
    warehouse: 'transforming',
    role: 'transformer',
    database: 'analytics',
    schema: 'raw',
    host: '127.0.0.1',
    port: emu.port,
    protocol: 'http',
    connect_retries: 0,
    ...extra,
  };
}

/** The rows of `sql` on the default target of the project in `dir` (profiles.yml beside it), through the real driver. */
export async function projectRows(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const engine = await openEngine({ projectDir: dir, profilesDir: dir });
  const wh = await openWarehouse(engine.target, dir);
  try {
    const s = await wh.openSession();
    const r = await s.execute(sql);
    await s.close();
    return r.rows;
  } finally {
    await wh.close();
  }
}
