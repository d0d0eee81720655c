// Shared setup for the driver ↔ emulator suites: an in-process emulator on a free port and targets for it.
import type { TargetConfig } from '../../server/src/core/types';
import { startEmulator, type Emulator, type EmulatorOptions } from '../snowflake-emulator/server';

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
