// The issue-13 proof for a second example project: test/fixtures/sf-functions calls 40+ of the Snowflake functions
// real bronze projects use most; it builds on the DuckDB target and on a snowflake target through the real
// snowflake-sdk and the emulator, and every model holds the same rows (same column types) on both.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startEmulator, type Emulator } from '../snowflake-emulator/server';
import { useDemoSnowflakeEnv } from './demo-on-emulator';
import { openEngine, runProject, type RunOutcome } from '../../client/src/run/runner';
import { openWarehouse } from '../../client/src/warehouse/connect';
import type { QueryResult } from '../../client/src/warehouse/warehouse';
import type { Cell } from '../conformance/snowflake/case';
import {
  canonicalFromDriver,
  canonicalFromDuckDb,
  snowflakeColumnOf,
  snowflakeColumnOfDriver,
  type ActualColumn,
} from '../conformance/snowflake/compare';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sf-functions');
const PASSWORD = 'Fn-Pa55word-q7';

/** The functions issue 13 lists (the most used in public Snowflake bronze projects), as called in SQL. */
const ISSUE_FUNCTIONS = [
  'CURRENT_TIMESTAMP', 'UPPER', 'COALESCE', 'CAST', 'CURRENT_DATE', 'TRIM', 'ROW_NUMBER', 'DATE', 'TRY_TO_TIMESTAMP',
  'DATEDIFF', 'MAX', 'UUID_STRING', 'COUNT', 'TRY_TO_DATE', 'CURRENT_USER', 'REGEXP_REPLACE', 'REPLACE', 'TRY_CAST', 'SUM',
  'CONCAT', 'MONTH', 'TRY_TO_NUMBER', 'LENGTH', 'HOUR', 'YEAR', 'ROUND', 'LOWER', 'REGEXP_LIKE', 'DAYOFWEEK', 'QUARTER',
  'EXTRACT', 'DAYNAME', 'DATEADD', 'PARSE_JSON', 'AVG', 'INITCAP', 'WEEKOFYEAR', 'MONTHNAME', 'DAY', 'GENERATOR',
  'TO_VARCHAR', 'POSITION', 'REGEXP_SUBSTR', 'CONVERT_TIMEZONE', 'SUBSTRING', 'MD5', 'NULLIF', 'SPLIT_PART', 'CONTAINS',
  'DATE_TRUNC', 'IFF', 'NVL', 'NVL2', 'DECODE', 'DIV0', 'LISTAGG', 'ARRAY_AGG', 'FLATTEN', 'OBJECT_CONSTRUCT', 'TO_CHAR',
  'TO_DATE', 'TO_TIMESTAMP', 'LAST_DAY', 'ADD_MONTHS', 'SHA2', 'LPAD', 'RPAD', 'STARTSWITH', 'ENDSWITH', 'REGEXP_COUNT',
  'REGEXP_INSTR', 'EQUAL_NULL', 'ZEROIFNULL', 'COUNT_IF', 'MEDIAN',
];

const MODELS = readdirSync(join(FIXTURE, 'models'))
  .filter((f) => f.endsWith('.sql'))
  .map((f) => basename(f, '.sql'))
  .sort();

/** The issue's functions the fixture's models call (`name(`; CAST also as `::`). */
function functionsCalled(): string[] {
  const sql = MODELS.map((m) => readFileSync(join(FIXTURE, 'models', `${m}.sql`), 'utf8').replace(/--[^\n]*/g, '')).join('\n');
  return ISSUE_FUNCTIONS.filter((f) => new RegExp(`\\b${f}\\s*\\(`, 'i').test(sql) || (f === 'CAST' && sql.includes('::')));
}

/** A cell as compared across targets: semi-structured values as parsed JSON with sorted keys. */
function comparable(cell: Cell, col: ActualColumn): Cell {
  if (cell === null || !['VARIANT', 'OBJECT', 'ARRAY'].includes(col.type)) return cell;
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]))
        : v;
  return JSON.stringify(sortKeys(JSON.parse(String(cell))));
}

interface Table {
  columns: { name: string; type: string }[];
  rows: string[];
}

function table(result: QueryResult, columnOf: (t: string) => ActualColumn, cellOf: (v: unknown, c: ActualColumn) => Cell): Table {
  const cols = result.columns.map((c) => columnOf(c.type));
  const rows = result.rows.map((r) => JSON.stringify(result.columns.map((c, i) => comparable(cellOf(r[c.name], cols[i]), cols[i]))));
  return {
    columns: result.columns.map((c, i) => ({ name: c.name.toLowerCase(), type: `${cols[i].type}${cols[i].scale !== undefined ? `(${cols[i].scale})` : ''}` })),
    rows: rows.sort(),
  };
}

/** Every model's rows on the project's target. */
async function readModels(projectDir: string, target: string | undefined, snowflake: boolean): Promise<Record<string, Table>> {
  const engine = await openEngine({ projectDir, target });
  const wh = await openWarehouse(engine.target, projectDir);
  const out: Record<string, Table> = {};
  try {
    const s = await wh.openSession();
    for (const m of MODELS) {
      const result = await s.execute(`select * from ${engine.target.schema}.${m}`);
      out[m] = snowflake
        ? table(result, snowflakeColumnOfDriver, (v, c) => canonicalFromDriver(v, c, 'UTC'))
        : table(result, snowflakeColumnOf, (v, c) => canonicalFromDuckDb(v, c, 'UTC'));
    }
    await s.close();
  } finally {
    await wh.close();
  }
  return out;
}

function failures(outcome: RunOutcome): string[] {
  return outcome.results.filter((r) => r.status !== 'success' && r.status !== 'pass').map((r) => `${r.name}: ${r.status} ${r.message ?? ''}`);
}

describe('a project using 40+ of the issue-13 functions: DuckDB and the Snowflake emulator agree', () => {
  let emu: Emulator;
  let root = '';
  let restoreEnv = (): void => undefined;

  before(async () => {
    emu = await startEmulator({ port: 0, users: { builder: PASSWORD } });
    restoreEnv = useDemoSnowflakeEnv(emu.port, 'builder', PASSWORD);
    root = mkdtempSync(join(tmpdir(), 'bronze-sf-functions-'));
    cpSync(FIXTURE, join(root, 'duck'), { recursive: true });
    cpSync(FIXTURE, join(root, 'sf'), { recursive: true });
  });
  after(async () => {
    await emu.close();
    rmSync(root, { recursive: true, force: true });
    restoreEnv();
  });

  test('the fixture calls at least 40 of the functions the issue lists', () => {
    const called = functionsCalled();
    console.log(`sf-functions calls ${called.length} of the ${ISSUE_FUNCTIONS.length} functions issue 13 lists`);
    assert.ok(called.length >= 40, `only ${called.length}: ${called.join(', ')}`);
  });

  test('the build succeeds on both targets (models and their tests) and every model holds the same rows', async () => {
    const duck = await runProject({ projectDir: join(root, 'duck'), command: 'build' });
    assert.deepEqual(failures(duck), []);
    const sf = await runProject({ projectDir: join(root, 'sf'), target: 'snowflake', command: 'build' });
    assert.deepEqual(failures(sf), []);
    assert.equal(sf.results.length, duck.results.length);
    assert.equal(sf.results.filter((r) => r.resourceType === 'model').length, MODELS.length);

    const onDuck = await readModels(join(root, 'duck'), undefined, false);
    const onSnowflake = await readModels(join(root, 'sf'), 'snowflake', true);
    for (const m of MODELS) {
      assert.ok(onDuck[m].rows.length > 0, `${m} has rows`);
      assert.deepEqual(onSnowflake[m].columns, onDuck[m].columns, `${m}: column names and types`);
      assert.deepEqual(onSnowflake[m].rows, onDuck[m].rows, `${m}: rows`);
    }
  });
});
