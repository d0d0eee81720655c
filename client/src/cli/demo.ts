// `bronze demo [DIR]`: writes the Zoom bronze demo and loads its RAW data; `--next-batch` appends a day.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createDemo, demoNextBatch, formatDemoSummary, DEMO_STATE_PATH } from '../demo/load';
import { intFlag, type CommonArgs } from './args';
import type { Io } from './context';

export async function demoCommand(args: CommonArgs, io: Io): Promise<number> {
  const dir = resolve(args.positionals[0] ?? args.projectDir ?? 'bronze-demo');
  if (args.flags.get('--next-batch')) {
    const summary = await demoNextBatch(dir);
    io.err(formatDemoSummary(summary));
    return 0;
  }
  const force = args.flags.get('--force') === true;
  if (!force && existsSync(join(dir, DEMO_STATE_PATH))) {
    io.err(`The demo project in ${dir} already exists; keeping it (use --force to recreate it, --next-batch to add a day of data).`);
    return 0;
  }
  const rows = intFlag(args, '--rows', 10_000, 1, 100_000_000);
  const seed = intFlag(args, '--seed', 20260101, 0, 2 ** 31 - 1);
  const summary = await createDemo(dir, { rows, seed, force });
  io.err(formatDemoSummary(summary));
  return 0;
}
