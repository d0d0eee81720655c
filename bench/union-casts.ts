// A generated model shaped like dbt_utils.union_relations over telemetry tables (issue #14: mattermost's
// plugins_telemetry, security): each branch casts every column to character varying(256) and adds a surrogate key (a
// cast of a concatenation of casts). Built on the embedded DuckDB target as `bronze run` executes it (the Snowflake
// layer: translation, shims, checks before running), against the same statement run natively by DuckDB in the same
// run (plain casts) as the baseline; prints both and their ratio.
//   node --import tsx bench/union-casts.ts [--branches 20] [--columns 20] [--rows 100] [--key-columns 8] [--runs 3]
import { createDuckDbWarehouse } from '../client/src/warehouse/duckdb';
import type { TargetConfig } from '../server/src/core/types';
import { median, nowMs, parseArgs, table } from './bench-util';

const args = parseArgs(process.argv.slice(2));
const num = (name: string, dflt: number): number => Number(args.values.get(name) ?? dflt);
const branches = num('branches', 20);
const columns = num('columns', 20);
const rows = num('rows', 100);
const keyColumns = Math.min(num('key-columns', 8), columns);
const runs = num('runs', 3);

const TARGET: TargetConfig = { name: 'bench', profileName: 'bench', type: 'duckdb', threads: 1, database: 'memory', schema: 'main' };
const col = (c: number): string => `c${c}`;

/** One branch: every column cast to character varying(256), a timestamp, and the surrogate key of the first columns. */
function branch(b: number): string {
  const casts = Array.from({ length: columns }, (_, c) => `cast(${col(c)} as character varying(256)) as ${col(c)}`);
  const key = Array.from({ length: keyColumns }, (_, c) => `coalesce(cast(${col(c)} as varchar), '')`).join(` || '-' || `);
  return (
    `select cast('t${b}' as varchar) as source_relation, ${casts.join(', ')}, cast(received_at as timestamp) as received_at, ` +
    `md5(cast(${key} || '-' || coalesce(cast(received_at as varchar), '') as varchar)) as id from t${b}`
  );
}

const model = `create or replace table unioned as (${Array.from({ length: branches }, (_, b) => `(${branch(b)})`).join('\nunion all\n')})`;

async function main(): Promise<void> {
  const wh = await createDuckDbWarehouse(TARGET);
  const session = await wh.openSession();
  try {
    const values = Array.from({ length: columns }, (_, c) => `'v' || (i % ${7 + c})::varchar as ${col(c)}`).join(', ');
    for (let b = 0; b < branches; b++) {
      await session.execute(`create table t${b} as select ${values}, timestamp '2024-01-01' + to_minutes(i::bigint) as received_at from range(${rows}) r(i)`, { native: true });
    }
    const layer: number[] = [];
    const native: number[] = [];
    for (let r = 0; r < runs; r++) {
      let t0 = nowMs();
      await session.execute(model, { native: true });
      native.push(nowMs() - t0);
      t0 = nowMs();
      const result = await session.execute(model);
      layer.push(nowMs() - t0);
      if (result.rowsAffected !== branches * rows) throw new Error(`built ${result.rowsAffected} rows, expected ${branches * rows}`);
    }
    const [l, n] = [median(layer), median(native)];
    console.log(`${branches} branches × ${columns} columns × ${rows} rows (${branches * rows} rows; surrogate key of ${keyColumns + 1} columns), median of ${runs}`);
    console.log(
      table(
        ['run', 'median ms', 'all runs ms'],
        [
          ['DuckDB native (plain casts)', n.toFixed(0), native.map((x) => x.toFixed(0)).join(' ')],
          ['Bronze DuckDB target (Snowflake layer)', l.toFixed(0), layer.map((x) => x.toFixed(0)).join(' ')],
        ],
      ),
    );
    console.log(`ratio layer / native: ${(l / n).toFixed(1)}`);
  } finally {
    await wh.close();
  }
}

void main();
