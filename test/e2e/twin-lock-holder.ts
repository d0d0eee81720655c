// A helper process for the twin e2e suite: holds a DuckDB file (and so its lock) until told to let go.
// argv: the file. Prints `ready <pid>` once the file is open; on a `release` line on stdin it closes the file,
// prints `released` and exits.
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
const instance = await DuckDBInstance.create(file);
const connection = await instance.connect();
await connection.run('select 1');
process.stdout.write(`ready ${process.pid}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'release') continue;
  connection.closeSync();
  instance.closeSync();
  process.stdout.write('released\n');
  process.exit(0);
}
