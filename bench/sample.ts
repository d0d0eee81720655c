// bronze sample --synthetic of the demo's 7 sources at N rows per table, against the floor: DuckDB creating the same
// tables (same columns, same types, same row counts) from range() with the simplest expressions, in the same
// database file, in the same run. Usage: node --import tsx bench/sample.ts [--rows 1000000] [--reps 3] [--quick]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../server/src/engine';
import { writeDemoProject } from '../client/src/demo/project-files';
import { openWarehouse } from '../client/src/warehouse/connect';
import { DuckDbSession } from '../client/src/warehouse/duckdb';
import { planSynthetic, type ColumnPlan } from '../client/src/sample/plan';
import { typeFamily } from '../client/src/sample/column-kinds';
import { quoteIdent } from '../client/src/sample/sql';
import { writeSynthetic } from '../client/src/cli/sample';
import { median, tempDir, timed, table } from './bench-util';

const { values } = parseArgs({ options: { rows: { type: 'string' }, reps: { type: 'string' }, quick: { type: 'boolean' } } });
const rows = Number(values.rows ?? (values.quick ? 100_000 : 1_000_000));
const reps = Number(values.reps ?? (values.quick ? 1 : 3));

/** The plainest expression of a column's type: the floor a generator cannot beat. */
function floorExpr(c: ColumnPlan): string {
  switch (typeFamily(c.dataType)) {
    case 'integer':
      return 'i % 1000';
    case 'decimal':
    case 'float':
      return '(i % 100000) / 100.0';
    case 'boolean':
      return 'i % 2 = 0';
    case 'date':
      return "DATE '2026-01-01' - CAST(i % 365 AS INTEGER)";
    case 'timestamp':
    case 'timestamp_tz':
      return "TIMESTAMP '2026-01-01' - to_seconds(i)";
    default:
      return "'v' || CAST(i AS VARCHAR)";
  }
}

const dir = path.join(tempDir('sample'), 'demo');
await writeDemoProject(dir);
const engine = await Engine.open({ projectDir: dir, cliVars: {} });
const plans = planSynthetic(engine.project, { rows, clean: false });
const warehouse = await openWarehouse(engine.target, dir);
const session = await warehouse.openSession();
if (!(session instanceof DuckDbSession)) throw new Error('the demo target must be DuckDB');
await session.connection.run('CREATE SCHEMA IF NOT EXISTS floor');

const floorMs: number[] = [];
const sampleMs: number[] = [];
for (let r = 0; r < reps; r++) {
  const floor = await timed(async () => {
    for (const p of plans) {
      const cols = p.columns.map((c) => `${floorExpr(c)} AS ${quoteIdent(c.name)}`).join(', ');
      await session.connection.run(`CREATE OR REPLACE TABLE floor.${quoteIdent(p.relation.identifier)} AS SELECT ${cols} FROM range(${rows}) t(i)`);
    }
  });
  floorMs.push(floor.ms);
  const sample = await timed(() => writeSynthetic(session, plans, { seed: 42 + r, days: 30, anchor: '2026-01-01 00:00:00', log: () => undefined }));
  sampleMs.push(sample.ms);
}
await session.close();
await warehouse.close();

const f = median(floorMs);
const s = median(sampleMs);
console.log(`bronze sample --synthetic, demo sources (7 tables × ${rows.toLocaleString('en-US')} rows), ${reps} rep(s), medians`);
console.log(
  table(
    ['what', 'ms', 'ratio'],
    [
      ['floor: CREATE TABLE … AS SELECT … FROM range()', f.toFixed(0), '1.00×'],
      ['bronze sample --synthetic (tests, dirt, references)', s.toFixed(0), `${(s / f).toFixed(2)}×`],
    ],
  ),
);
console.log(`target ≤ 2.00×: ${s / f <= 2 ? 'MET' : 'MISSED'}`);
