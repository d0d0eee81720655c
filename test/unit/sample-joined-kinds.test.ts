// `sample --synthetic`: a model joining rows kept to one kind of a JSON array's elements with rows kept to another
// kind (flipside_axelar's silver__governance_votes: `proposal_vote` events LEFT JOIN the `message` event's `sender`
// attribute on the transaction and message group) needs documents holding both kinds in one group. Drawn
// independently (two events per transaction, types and attribute keys each in turn), no transaction held a
// proposal_vote beside a message carrying a sender in its group, so every voter was NULL and the not_null test on it
// failed. Now every other document holds, after its two drawn events, one event of each joined kind, the first
// opening a group (its first attribute is `action`) and holding the key its side's filter names; and the LEFT JOIN's
// kept kind (the vote) is written only there, as a chain never records a vote without the message naming its voter;
// the sender's value, which the model outputs as VOTER, holds text VOTER's regex test finds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planSynthetic } from '../../client/src/sample/plan';
import { openTempProject } from '../helpers/temp-project';
import { syntheticRows } from '../helpers/synthetic-rows';

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: p\nversion: "1"\nprofile: p\nmodels:\n  p:\n    +materialized: table\n',
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: txs\n',
  'models/txs.sql': "select tx_id, data :tx_result :events as msgs from {{ source('raw', 'txs') }}\n",
  // Groups as Flipside numbers them: a running count of the events whose first attribute is `action`.
  'models/msgs.sql':
    'select t.tx_id, f.index as msg_index, f.value as msg, msg :type :: string as msg_type,\n' +
    "  iff(try_base64_decode_string(msg :attributes [0] :key :: string) = 'action', true, false) as is_action,\n" +
    '  nullif(conditional_true_event(is_action) over (partition by tx_id order by msg_index asc) - 1, -1) as msg_group\n' +
    "from {{ ref('txs') }} t, lateral flatten(input => msgs) f\n",
  'models/attrs.sql':
    'select a.tx_id, a.msg_group, a.msg_index, a.msg_type, b.index as attribute_index,\n' +
    '  try_base64_decode_string(b.value :key :: string) as attribute_key, try_base64_decode_string(b.value :value :: string) as attribute_value\n' +
    "from {{ ref('msgs') }} a, lateral flatten(input => a.msg, path => 'attributes') b\n",
  'models/votes.sql':
    "with fin as (select tx_id, msg_group, object_agg(attribute_key :: string, attribute_value :: variant) as j, j :option :: string as vote_option from {{ ref('attrs') }} where msg_type = 'proposal_vote' group by tx_id, msg_group)\n" +
    'select a.tx_id, a.vote_option, b.voter from fin a\n' +
    "left join (select tx_id, msg_group, attribute_value as voter from {{ ref('attrs') }} where msg_type = 'message' and attribute_key = 'sender') b\n" +
    'on a.tx_id = b.tx_id and a.msg_group = b.msg_group\n',
  'models/votes.yml': 'version: 2\nmodels:\n  - name: votes\n    columns:\n      - name: VOTER\n        tests:\n          - dbt_expectations.expect_column_values_to_match_regex:\n              regex: axelar1[0-9a-z]{38,38}\n',
  // Kinds compared elsewhere, drawn in turn beside the joined ones.
  'models/links.sql': "select tx_id from {{ ref('attrs') }} where msg_type in ('link', 'transfer', 'delegate') and attribute_key in ('module', 'amount', 'validator')\n",
};

describe('kinds of element a model joins with each other', () => {
  it('are planned together on the element, the joined side first with the key its filter names', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-joined-kinds-', FILES);
    const plan = planSynthetic(engine.project, { rows: 40, clean: true })[0];
    const event = plan.columns.find((c) => c.name === 'data')!.json!.fields!.tx_result.fields!.events.items!;
    assert.deepEqual(event.together, [
      {
        sibling: ['type'],
        keyPath: [{ key: 'attributes' }, { index: true }, { key: 'key' }],
        only: true,
        members: [
          // The voter is the value beside the sender key: it holds text the VOTER test's pattern finds.
          { value: 'message', keys: ['sender'], texts: [{ key: 'sender', field: 'value', text: `axelar1${'0'.repeat(38)}` }] },
          { value: 'proposal_vote', keys: [] },
        ],
      },
    ]);
  });

  it('writes documents holding a message with a sender and a proposal_vote in one group', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-joined-kinds-rows-', FILES);
    const plan = planSynthetic(engine.project, { rows: 100, clean: true })[0];
    const [[paired, docs, alone, unmatched]] = await syntheticRows(
      t,
      plan,
      `, d as (select row_number() over () as r, data::json as data from t),
       e as (select r, generate_subscripts(json_extract(data, '$.tx_result.events[*]'), 1) as idx, unnest(json_extract(data, '$.tx_result.events[*]')) as ev from d),
       k as (select r, idx, ev ->> 'type' as type, list_transform(json_extract_string(ev, '$.attributes[*].key'), x -> decode(from_base64(x))) as keys,
                    list_transform(json_extract_string(ev, '$.attributes[*].value'), x -> decode(from_base64(x))) as vals from e),
       g as (select *, nullif(sum(case when keys[1] = 'action' then 1 else 0 end) over (partition by r order by idx) - 1, -1) as grp from k),
       p as (select distinct v.r, v.idx, m.vals[list_position(m.keys, 'sender')] as voter from g v join g m on v.r = m.r and v.grp = m.grp where v.type = 'proposal_vote' and m.type = 'message' and list_contains(m.keys, 'sender'))
       select (select count(distinct r) from p), (select count(*) from d), (select count(*) from g where type = 'proposal_vote') - (select count(*) from p),
              (select count(*) from p where not regexp_matches(voter, 'axelar1[0-9a-z]{38,38}'))`,
    );
    assert.equal(Number(docs), 100);
    // The LEFT JOIN keeps every vote and looks its voter up: no vote is written without one.
    assert.equal(Number(alone), 0, 'proposal_vote events outside a group holding a sender');
    assert.equal(Number(unmatched), 0, "voters the VOTER test's pattern does not find");
    // Every other document: about 50; drawn independently, none.
    assert.ok(Number(paired) >= 35, `documents pairing a vote with its sender in one group: ${paired}`);
  });
});

// flipside_axelar's silver__transfers_ExecutePendingTransfers: a completed transfer LEFT JOIN the transfer event
// before it with the same recipient and amount (each side's item a key of its OBJECT_AGG). Drawn apart, the values
// never met and every sender was NULL; now the two events of a together document hold one value for each key the ON
// clause equates.
const TRANSFERS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(FILES).filter(([name]) => /^models\/(src\.yml|txs\.sql|msgs\.sql|attrs\.sql)$/.test(name))),
  'models/transfers.sql':
    "with r as (select tx_id, msg_index, object_agg(attribute_key :: string, attribute_value :: variant) as j, replace(coalesce(j :recipient, j :receipient), '\"') :: string as receiver, j :amount :: int as amount from {{ ref('attrs') }} where msg_type = 'completed' group by tx_id, msg_index),\n" +
    "snd as (select tx_id, msg_index, object_agg(attribute_key :: string, attribute_value :: variant) as j, j :sender :: string as sender, j :recipient :: string as receiver, j :amount :: string as amount from {{ ref('attrs') }} where msg_type = 'transfer' group by tx_id, msg_index)\n" +
    'select r.tx_id, s.sender from r left join snd s on r.tx_id = s.tx_id and s.msg_index < r.msg_index and r.receiver = s.receiver and r.amount = s.amount\n',
};

describe('values an ON clause equates between joined kinds', () => {
  it('are one value in both elements of a together document', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-joined-values-', TRANSFERS);
    const plan = planSynthetic(engine.project, { rows: 100, clean: true })[0];
    const event = plan.columns.find((c) => c.name === 'data')!.json!.fields!.tx_result.fields!.events.items!;
    assert.deepEqual(event.together, [
      {
        sibling: ['type'],
        only: true,
        members: [
          { value: 'transfer', keys: [], equal: [{ key: 'recipient', slot: 1 }, { key: 'amount', slot: 2 }] },
          { value: 'completed', keys: [], equal: [{ key: 'recipient', slot: 1 }, { key: 'amount', slot: 2 }] },
        ],
      },
    ]);
    const [[matched, completed]] = await syntheticRows(
      t,
      plan,
      `, d as (select row_number() over () as r, data::json as data from t),
       e as (select r, generate_subscripts(json_extract(data, '$.tx_result.events[*]'), 1) as idx, unnest(json_extract(data, '$.tx_result.events[*]')) as ev from d),
       a as (select r, idx, ev ->> 'type' as type, unnest(list_transform(json_extract_string(ev, '$.attributes[*].key'), x -> decode(from_base64(x)))) as k,
                    unnest(list_transform(json_extract_string(ev, '$.attributes[*].value'), x -> decode(from_base64(x)))) as v from e),
       o as (select r, idx, type, map_from_entries(list(struct_pack(k := k, v := v))) as j from a group by r, idx, type),
       c as (select * from o where type = 'completed'),
       s as (select * from o where type = 'transfer')
       select count(distinct (c.r, c.idx)) filter (where s.r is not null), (select count(*) from c)
       from c left join s on c.r = s.r and s.idx < c.idx and c.j['recipient'] = s.j['recipient'] and c.j['amount'] = s.j['amount']`,
    );
    assert.ok(Number(completed) >= 35, `completed events: ${completed}`);
    assert.equal(Number(matched), Number(completed), 'every completed event has a transfer before it with its recipient and amount');
  });
});
