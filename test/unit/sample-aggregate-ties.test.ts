// `sample --synthetic`: keys an OBJECT_AGG reads (`j:module`) over rows a filter keeps to one kind of element
// (`msg_type = 'link'`, in the aggregate's block or a CTE it reads) are written together into the elements of that
// kind: each key once, in an element of the inner array each. Before, every attribute key was drawn in turn over the
// document, so a 'link' event held two random keys and the models' not_null tests on `j:module`,
// `j:depositAddress` failed (flipside_axelar's silver__link_events and silver__governance_votes). A filter that keeps
// several kinds (`IN (…)`) or keeps other rows too (an OR) says nothing of which kind holds which key: no tie.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { openTempProject } from '../helpers/temp-project';

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: p\nversion: "1"\nprofile: p\nmodels:\n  p:\n    +materialized: table\n',
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: txs\n',
  'models/txs.sql': "select tx_id, data :tx_result :events as msgs from {{ source('raw', 'txs') }}\n",
  'models/msgs.sql': "select t.tx_id, f.index as msg_index, f.value as msg, msg :type :: string as msg_type from {{ ref('txs') }} t, lateral flatten(input => msgs) f\n",
  'models/attrs.sql':
    'select a.tx_id, a.msg_index, a.msg_type, b.index as attribute_index,\n' +
    '  try_base64_decode_string(b.value :key :: string) as attribute_key, try_base64_decode_string(b.value :value :: string) as attribute_value\n' +
    "from {{ ref('msgs') }} a, lateral flatten(input => a.msg, path => 'attributes') b\n",
  // The aggregate in one CTE, the filter in the CTE it reads, the keys read from the aggregate's output.
  'models/links.sql':
    "with base as (select tx_id, attribute_key, attribute_value from {{ ref('attrs') }} where msg_type = 'link'),\n" +
    'agg as (select tx_id, object_agg(attribute_key :: string, attribute_value :: variant) as j from base group by tx_id)\n' +
    'select tx_id, j :module :: string as module, j :depositAddress :: string as deposit_address from agg\n',
  // Three aggregates all named j: one kept to 'vote' events (its own WHERE, beside a filter on the key itself), one
  // over rows an OR keeps, one over several kinds.
  'models/votes.sql':
    "with atts as (select * from {{ ref('attrs') }} where (msg_type = 'vote' or attribute_key = 'acc_seq')),\n" +
    "v as (select tx_id, msg_index, object_agg(attribute_key :: string, attribute_value :: variant) as j, j :proposal_id :: int as proposal_id from atts where msg_type = 'vote' and attribute_key <> 'acc_seq' group by tx_id, msg_index),\n" +
    "c as (select tx_id, object_agg(attribute_key :: string, attribute_value :: variant) as j, split_part(j :acc_seq :: string, '/', 0) as caller from atts where attribute_key = 'acc_seq' group by tx_id),\n" +
    "s as (select tx_id, msg_index, object_agg(attribute_key :: string, attribute_value :: variant) as j, j :validator :: string as validator from {{ ref('attrs') }} where msg_type in ('delegate', 'unbond') group by tx_id, msg_index)\n" +
    'select v.tx_id, v.proposal_id, c.caller, s.validator from v join c on v.tx_id = c.tx_id left join s on s.tx_id = v.tx_id\n',
};

describe('keys read from an OBJECT_AGG over one kind of element', () => {
  it('are tied to that kind in the plan, per aggregate, and only for a one-literal filter every row passes', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-ties-', FILES);
    const plan = planSynthetic(engine.project, { rows: 40, clean: true })[0];
    const event = plan.columns.find((c) => c.name === 'data')!.json!.fields!.tx_result.fields!.events.items!;
    const keyPath = [{ key: 'attributes' }, { index: true }, { key: 'key' }];
    assert.deepEqual(
      [...(event.ties ?? [])].sort((a, b) => String(a.values[0]).localeCompare(String(b.values[0]))),
      [
        { sibling: ['type'], values: ['link'], keyPath, keys: ['depositAddress', 'module'] },
        { sibling: ['type'], values: ['vote'], keyPath, keys: ['proposal_id'] },
      ],
    );
    // The keys are still literals of the key leaf, drawn in turn elsewhere.
    assert.deepEqual(event.fields!.attributes.items!.fields!.key.values, ['acc_seq', 'depositAddress', 'module', 'proposal_id', 'validator']);
  });

  it('writes each tied key once into every element of the kind, and nothing else there', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-ties-rows-', FILES);
    const plan = planSynthetic(engine.project, { rows: 200, clean: true })[0];
    const select = syntheticInsert(plan, { seed: 7, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `with d as (select row_number() over () as r, data::json as data from (${select})),
       e as (select row_number() over () as ev, r, msg from (select r, unnest(json_extract(data, '$.tx_result.events[*]')) as msg from d)),
       a as (select ev, msg ->> 'type' as type, decode(from_base64(unnest(json_extract_string(msg, '$.attributes[*].key')))) as k from e),
       keyed as (select ev, type, list(k order by k) as keys from a group by ev, type)
       select count(*) filter (where type = 'link'), count(*) filter (where type = 'link' and keys <> ['depositAddress', 'module']),
              count(*) filter (where type = 'vote'), count(*) filter (where type = 'vote' and keys <> ['proposal_id']),
              count(*) filter (where type not in ('link', 'vote') and len(keys) <> 2)
       from keyed`,
    );
    const [links, badLinks, votes, badVotes, otherWidth] = reader.getRows()[0].map(Number);
    assert.ok(links > 5, `link events: ${links}`);
    assert.equal(badLinks, 0, 'every link event holds module and depositAddress, each once, and nothing else');
    assert.ok(votes > 5, `vote events: ${votes}`);
    assert.equal(badVotes, 0, 'every vote event holds proposal_id alone');
    assert.equal(otherWidth, 0, 'other events hold two drawn keys, as before');
  });
});
