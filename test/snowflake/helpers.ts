// Shared setup for the driver ↔ emulator suites: an in-process emulator on a free port and targets for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
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

/** profiles.yml text: `profile` with one snowflake target `sf` on the emulator at `port`, database analytics. */
export function emulatorProfile(profile: string, port: number, schema: string, threads = 1): string {
  return [
    `${profile}:`, '  target: sf', '  outputs:', '    sf:', '      type: snowflake', '      account: emu_account', '      user: ann',
    `      password: "${PASSWORD}"`, '      role: transformer', '      warehouse: transforming', '      database: analytics',
    `      schema: ${schema}`, '      host: 127.0.0.1', `      port: ${port}`, '      protocol: http', `      threads: ${threads}`, '',
  ].join('\n');
}

/**
 * For a describe block: an emulator and a temp project folder (`write` fills it, given the emulator's port), started
 * before its tests and removed after them. Returns the folder's getter.
 */
export function emulatorProject(prefix: string, write: (dir: string, port: number) => void): () => string {
  let emu: Emulator | undefined;
  let root = '';
  before(async () => {
    emu = await emulator();
    root = mkdtempSync(join(tmpdir(), prefix));
    write(join(root, 'p'), emu.port);
  });
  after(async () => {
    await emu?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return () => join(root, 'p');
}
