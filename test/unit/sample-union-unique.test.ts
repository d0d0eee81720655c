// A unique test on a UNION's column holds on real data when each branch's values are unique and no two branches
// share one (the keys of different tables kept apart, or told apart by a literal prefix). goodneighbors_gn_dw's
// CRM_SEND_REQUEST unions four send tables' keys (three named SNDNG_KEY), and CRM_EVENT a CTE `base` of
// `'EVENT_' || EVENT_CD` and `'CRMN_' || CRMN_CD` that its final query passes on: the sampler dropped the unique test
// at the UNION, every table numbered its keys from 1, and the tests failed (25 and 20 of 100 rows). Each branch's
// column is now unique, and branch b's values start b strides on.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';

const FILES: Record<string, string> = {
  'models/src.yml':
    'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: email_sends\n      - name: sms_sends\n      - name: events\n      - name: seminars\n      - name: codes\n      - name: labels\n      - name: pools\n      - name: txn\n',
  'models/send_request.sql':
    "select sndng_key as sndng_key, 'EMAIL' as channel from {{ source('raw', 'email_sends') }} where sndng_key is not null\n" +
    'qualify row_number() over (partition by sndng_key order by sent_at desc) = 1\nunion all\n' +
    "select sndng_key, 'SMS' from {{ source('raw', 'sms_sends') }} where sndng_key is not null\n",
  'models/event.sql':
    "with base as (\n  select 'EVENT_' || event_cd as event_key, event_nm as event_nm from {{ source('raw', 'events') }}\n  union all\n" +
    "  select 'CRMN_' || crmn_cd, crmn_tit from {{ source('raw', 'seminars') }}\n)\n" +
    "select b.event_key as event_key, b.event_nm as event_nm, c.label\nfrom base b\nleft join {{ source('raw', 'codes') }} c on c.code = b.event_nm\n",
  // A branch keeping one literal value of the column cannot hold it once per row; two branches over one table cannot
  // be kept apart: neither asks anything.
  'models/dim_label.sql':
    "select blockchain, address from {{ source('raw', 'labels') }} where blockchain = 'algorand'\nunion\nselect blockchain, address from {{ source('raw', 'pools') }}\n",
  'models/txns.sql':
    "with a as (select round from {{ source('raw', 'txn') }} where kind = 'outer'),\nb as (select round from {{ source('raw', 'txn') }} where kind = 'inner')\nselect round from a union all select round from b\n",
  'models/schema.yml':
    'version: 2\nmodels:\n  - name: send_request\n    columns:\n      - name: sndng_key\n        tests: [unique, not_null]\n' +
    '  - name: event\n    columns:\n      - name: event_key\n        tests: [unique, not_null]\n' +
    '  - name: dim_label\n    columns:\n      - name: blockchain\n        tests: [unique]\n' +
    '  - name: txns\n    columns:\n      - name: round\n        tests: [unique]\n',
};

it("a unique test on a UNION's column makes each branch's column unique and keeps the branches' values apart", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-union-unique-', FILES);
  const plans = planSynthetic(engine.project, { rows: 50, clean: false });
  const plan = (table: string) => plans.find((p) => p.sourceId === `source.p.raw.${table}`)!;
  const column = (table: string, name: string) => plan(table).columns.find((c) => c.name === name)!;
  assert.equal(column('email_sends', 'sndng_key').unique, true);
  assert.equal(column('sms_sends', 'sndng_key').unique, true);
  assert.equal(column('email_sends', 'sndng_key').offset, undefined);
  assert.ok((column('sms_sends', 'sndng_key').offset ?? 0) >= 1_000_000);
  // Through the CTE the final query selects from: each branch's item, a literal prefix before the column.
  assert.equal(column('events', 'event_cd').unique, true);
  assert.equal(column('seminars', 'crmn_cd').unique, true);
  assert.equal(column('seminars', 'crmn_cd').notNull, true);
  assert.notEqual(column('labels', 'blockchain').unique, true);
  assert.equal(column('pools', 'blockchain').offset, undefined);
  assert.equal(column('txn', 'round').offset, undefined);

  // Written, the two send tables share no key.
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  t.after(() => conn.closeSync());
  const select = (sql: string): string => sql.replace(/^INSERT INTO [^\n]*\n/, '');
  const ctx = { seed: 1, days: 365, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() };
  await conn.run(`CREATE TABLE e AS ${select(syntheticInsert(plan('email_sends'), ctx))}`);
  await conn.run(`CREATE TABLE s AS ${select(syntheticInsert(plan('sms_sends'), ctx))}`);
  const [[all, distinct]] = (await conn.runAndReadAll('select count(sndng_key), count(distinct sndng_key) from (select sndng_key from e union all select sndng_key from s)')).getRows();
  assert.equal(Number(distinct), Number(all));
  assert.ok(Number(all) >= 90);
});
