// One scenario of a contracted incremental model, run on any target: the contract checked on every run (a SELECT
// that drifts from it fails before anything is written), NOT NULL kept by merges, a column added to both contract
// and SELECT appended by on_schema_change: append_new_columns and refused by fail, and the on_schema_change values
// dbt refuses with a contract. Used by the DuckDB and the emulator suites.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { cli, type CliResult } from '../e2e/helpers';

export const CONTRACT_INCREMENTAL_FILES: Record<string, string> = {
  'dbt_project.yml': "name: coninc\nversion: '1.0'\nprofile: coninc\n",
  'models/events.sql': '',
  'models/schema.yml': '',
};

const CONFIG = (onSchemaChange: string) => `{{ config(materialized='incremental', unique_key='event_id', on_schema_change='${onSchemaChange}') }}\n`;
const SCHEMA = (extra: string[] = []) =>
  [
    'version: 2',
    'models:',
    '  - name: events',
    '    config:',
    '      contract: {enforced: true}',
    '    columns:',
    '      - name: event_id',
    '        data_type: integer',
    '        constraints: [{type: not_null}]',
    '      - name: kind',
    '        data_type: varchar',
    ...extra.flatMap((c) => [`      - name: ${c}`, '        data_type: varchar']),
    '',
  ].join('\n');

export interface ContractIncrementalTarget {
  /** The project folder (valid once the suite's before() ran). */
  dir(): string;
  /** Extra CLI arguments (--profiles-dir for the emulator's profile). */
  args(): string[];
  /** The model's relation as the target's SQL names it. */
  relation: string;
  /** Rows of a query on the target, keys lower-cased. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** The model's columns with their NOT NULL flag, lower-cased names, in table order. */
  columns(): Promise<Array<{ name: string; notNull: boolean }>>;
}

export function contractIncrementalScenario(t: ContractIncrementalTarget): void {
  const write = (onSchemaChange: string, select: string, extra: string[] = []) => {
    writeFileSync(join(t.dir(), 'models', 'events.sql'), CONFIG(onSchemaChange) + select + '\n');
    writeFileSync(join(t.dir(), 'models', 'schema.yml'), SCHEMA(extra));
  };
  const run = (): Promise<CliResult> => cli(['run', '--project-dir', t.dir(), ...t.args()]);
  const table = async () =>
    (await t.rows(`select * from ${t.relation} order by event_id`)).map((r) => Object.values(r).map((v) => (v === null ? 'null' : String(v))).join('|'));
  const executed = () => readFileSync(join(t.dir(), 'target', 'run', 'coninc', 'models', 'events.sql'), 'utf8');

  it('the first run creates the contract\'s typed NOT NULL table; later runs merge into it', async () => {
    write('append_new_columns', "select 1 as event_id, 'open' as kind union all select 2, 'close'");
    const first = await run();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.deepEqual(await t.columns(), [{ name: 'event_id', notNull: true }, { name: 'kind', notNull: false }]);
    write('append_new_columns', "select 2 as event_id, 'closed' as kind union all select 3, 'open'");
    const second = await run();
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(executed(), /merge into /i);
    assert.deepEqual(await table(), ['1|open', '2|closed', '3|open']);
  });

  it('the contract is checked on every incremental run: a column the contract lacks fails before any write', async () => {
    write('append_new_columns', "select 4 as event_id, 'open' as kind, 'web' as channel");
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /This model has an enforced contract that failed\./);
    assert.match(r.stdout + r.stderr, /\| CHANNEL\s+\| [A-Z]+\s+\|\s+\| missing in contract\s+\|/i);
    assert.deepEqual(await table(), ['1|open', '2|closed', '3|open']);
  });

  it('append_new_columns: a column added to the contract and the SELECT is appended; old rows hold NULL', async () => {
    write('append_new_columns', "select 4 as event_id, 'open' as kind, 'web' as channel", ['channel']);
    const r = await run();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(executed(), /alter table \S*events\s+add column "?channel"?/i);
    assert.deepEqual(await t.columns(), [{ name: 'event_id', notNull: true }, { name: 'kind', notNull: false }, { name: 'channel', notNull: false }]);
    assert.deepEqual(await table(), ['1|open|null', '2|closed|null', '3|open|null', '4|open|web']);
  });

  it('a NULL in a not_null column fails the merge and keeps the rows', async () => {
    write('append_new_columns', "select cast(null as integer) as event_id, 'open' as kind, 'app' as channel", ['channel']);
    const r = await run();
    assert.equal(r.code, 1);
    assert.equal((await table()).length, 4);
  });

  it('fail: the same kind of change (contract and SELECT gain a column) fails the model; the table stays', async () => {
    write('fail', "select 5 as event_id, 'open' as kind, 'web' as channel, 'eu' as region", ['channel', 'region']);
    const r = await run();
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /the source and target schemas on this incremental model are out of sync!/i);
    assert.equal((await table()).length, 4);
    assert.deepEqual((await t.columns()).map((c) => c.name), ['event_id', 'kind', 'channel']);
  });

  it('ignore (the default) and sync_all_columns are refused with a contract, as dbt refuses them', async () => {
    for (const value of ['ignore', 'sync_all_columns']) {
      write(value, "select 5 as event_id, 'open' as kind, 'web' as channel", ['channel']);
      const r = await run();
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, new RegExp(`Invalid value for on_schema_change: ${value}\\. Models materialized as incremental with contracts enabled must set on_schema_change to 'append_new_columns' or 'fail'`));
    }
    const check = await cli(['check', '--project-dir', t.dir(), ...t.args()]);
    assert.match(check.stdout, /events\.sql:1:1: error bronze\/contract: Invalid value for on_schema_change: sync_all_columns/);
    assert.equal((await table()).length, 4);
  });

  it('--full-refresh rebuilds the contracted table from the SELECT alone, NOT NULL kept', async () => {
    write('append_new_columns', "select 7 as event_id, 'open' as kind, 'app' as channel", ['channel']);
    const r = await cli(['run', '--full-refresh', '--project-dir', t.dir(), ...t.args()]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(await table(), ['7|open|app']);
    assert.deepEqual(await t.columns(), [{ name: 'event_id', notNull: true }, { name: 'kind', notNull: false }, { name: 'channel', notNull: false }]);
  });
}
