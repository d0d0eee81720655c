// The Snowflake emulator holding a demo project's RAW data, for the real-VS-Code suites that compare the demo on
// `local` with the demo on `snowflake`:
//   node --import tsx test/vscode/demo-emulator.ts --users FILE --project DIR [--tables users,meetings] [--exec SQL]...
// It regenerates the RAW rows `bronze demo` loaded into DIR (rows, seed and batches from DIR/.bronze/demo-state.json),
// loads them into the database of DIR's `snowflake` target through the real snowflake-sdk, runs each --exec
// statement there (a test's deliberate differences), and only then prints `listening on URL`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_STATE_PATH } from '../../client/src/demo/load';
import { generateRawData, nextBatch, type RawBatch } from '../../client/src/demo/raw-data';
import { openEngine } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';
import { loadDemoBatch, useDemoSnowflakeEnv } from '../snowflake/demo-on-emulator';
import { startEmulator } from '../snowflake-emulator/server';
import { serveUntilSignal } from '../snowflake-emulator/serve';

function fail(message: string): never {
  process.stderr.write(`demo-emulator: ${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let usersFile = '';
let project = '';
let tables: string[] | undefined;
const exec: string[] = [];
for (let i = 0; i < args.length; i++) {
  const value = (): string => args[++i] ?? fail(`${args[i - 1]} needs a value`);
  if (args[i] === '--users') usersFile = value();
  else if (args[i] === '--project') project = value();
  else if (args[i] === '--tables') tables = value().split(',');
  else if (args[i] === '--exec') exec.push(value());
  else fail(`unknown argument ${args[i]}`);
}
if (!usersFile || !project) fail('--users FILE and --project DIR are required');

const users = JSON.parse(readFileSync(usersFile, 'utf8')) as Record<string, string>;
const [user, password] = Object.entries(users)[0] ?? fail(`${usersFile} names no user`);
const state = JSON.parse(readFileSync(join(project, DEMO_STATE_PATH), 'utf8')) as { rows: number; seed: number; batches: number };
const only = (b: RawBatch): RawBatch => (tables ? { ...b, tables: b.tables.filter((t) => tables.includes(t.table.name)) } : b);

const emulator = await startEmulator({ port: 0, users });
useDemoSnowflakeEnv(emulator.port, user, password);
await loadDemoBatch(project, only(generateRawData(state.rows, state.seed)), true);
for (let b = 1; b <= state.batches; b++) await loadDemoBatch(project, only(nextBatch(b, state.rows, state.seed)), false);
if (exec.length) {
  const engine = await openEngine({ projectDir: project, target: 'snowflake' });
  const warehouse = await openWarehouse(engine.target, project);
  const session = await warehouse.openSession();
  for (const sql of exec) await session.execute(sql);
  await session.close();
  await warehouse.close();
}
serveUntilSignal(emulator);
