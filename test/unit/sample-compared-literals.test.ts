// `sample --synthetic` writes into a JSON leaf the literals the models downstream compare it with, as they read it:
// flipside_axelar names `data:tx_result:events AS msgs`, flattens it, names `msg:type::string AS msg_type`, flattens
// the attributes, decodes their base64 keys (TRY_BASE64_DECODE_STRING) and keeps `msg_type = 'link'` rows, whose
// keys it aggregates (OBJECT_AGG) and reads (`j:module`). Written as `type_0`… and plain text, no row was kept.
// Some share of the values are the literals; one document's values differ, as one event's attribute keys do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { tokenizeSql } from '../../server/src/core/sql/tokenize';
import { comparedWith } from '../../client/src/sample/json-flow';
import { planSynthetic } from '../../client/src/sample/plan';
import { syntheticInsert } from '../../client/src/sample/sql';
import { cli } from '../e2e/helpers';
import { openTempProject } from '../helpers/temp-project';

/** The literals the read `x` (the first token named x, to the token after it) is compared with in `sql`. */
function compared(sql: string): Array<string | number> {
  const { tokens } = tokenizeSql(sql);
  const at = tokens.findIndex((t) => t.text === 'x');
  return comparedWith(tokens, at, at + 1);
}

const FILES: Record<string, string> = {
  // Tables: a test on a view plans the chain of views again, decodings and all (slow on a busy machine).
  'dbt_project.yml': 'name: p\nversion: "1"\nprofile: p\nmodels:\n  p:\n    +materialized: table\n',
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: txs\n',
  'models/txs.sql': "select tx_id, block_timestamp, data :tx_result :events as msgs, data:tx_result:code::number = 0 as ok from {{ source('raw', 'txs') }}\n",
  'models/msgs.sql':
    'select t.tx_id, t.block_timestamp, f.index as msg_index, f.value as msg, msg :type :: string as msg_type,\n' +
    "  iff(try_base64_decode_string(msg :attributes [0] :key :: string) = 'action', true, false) as is_action\n" +
    "from {{ ref('txs') }} t, lateral flatten(input => msgs) f\n",
  'models/attrs.sql':
    'select a.tx_id, a.block_timestamp, a.msg_index, a.msg_type, b.index as attribute_index,\n' +
    '  try_base64_decode_string(b.value :key :: string) as attribute_key, try_base64_decode_string(b.value :value :: string) as attribute_value\n' +
    "from {{ ref('msgs') }} a, lateral flatten(input => a.msg, path => 'attributes') b\n",
  'models/links.sql':
    'with base as (select tx_id, block_timestamp, attribute_key, attribute_value from {{ ref(\'attrs\') }} where msg_type = \'link\'),\n' +
    'agg as (select tx_id, max(block_timestamp) as block_timestamp, object_agg(attribute_key :: string, attribute_value :: variant) as j from base group by tx_id)\n' +
    'select tx_id, block_timestamp, j, j :module :: string as module, j :depositAddress :: string as deposit_address from agg\n',
  'models/staking.sql': "select tx_id, attribute_value as amount from {{ ref('attrs') }} where msg_type in ('delegate', 'unbond') and attribute_key like '%amount'\n",
  'models/links.yml':
    'version: 2\nmodels:\n  - name: links\n    tests: [has_rows]\n' +
    '  - name: staking\n    tests: [has_rows]\n',
  'macros/has_rows.sql': '{% test has_rows(model) %}select 1 as empty from (select count(*) as n from {{ model }}) where n = 0{% endtest %}',
};

describe('JSON leaves drawn from the literals the models compare them with', () => {
  it('reads the literals of =, IN, LIKE and CASE … WHEN, and none of a negation', () => {
    assert.deepEqual(compared("select 1 where x = 'link'"), ['link']);
    assert.deepEqual(compared("select 1 where 'link' = x"), ['link']);
    assert.deepEqual(compared('select 1 where x = 0'), [0]);
    assert.deepEqual(compared("select 1 where x in ('delegate', 'unbond')"), ['delegate', 'unbond']);
    assert.deepEqual(compared("select 1 where x like '%validator'"), ['validator']);
    assert.deepEqual(compared("select case x when 'a' then 1 when 'b' then 2 else 3 end"), ['a', 'b']);
    assert.deepEqual(compared("select 1 where x in (select y from t)"), []);
    assert.deepEqual(compared("select 1 where x <> 'a' and x not in ('b')"), []);
    assert.deepEqual(compared("select 1 where x like '%'"), []);
  });

  it('follows renames, FLATTENs, decodings and OBJECT_AGG keys back to the source column', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-compared-', FILES);
    const plan = planSynthetic(engine.project, { rows: 60, clean: true })[0];
    const data = plan.columns.find((c) => c.name === 'data')!.json!;
    const txResult = data.fields!.tx_result.fields!;
    const event = txResult.events.items!.fields!;
    assert.deepEqual(txResult.code, { leaf: 'integer', values: [0] });
    assert.deepEqual(event.type, { leaf: 'text', values: ['delegate', 'link', 'unbond'] });
    const attribute = event.attributes.items!.fields!;
    assert.deepEqual(attribute.key, { leaf: 'text', encoded: 'base64', values: ['action', 'amount', 'depositAddress', 'module'] });
    assert.deepEqual(attribute.value, { leaf: 'text', encoded: 'base64' });

    // One document's instances of a leaf take different choices in turn (literals and a generated value).
    const select = syntheticInsert(plan, { seed: 5, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `with d as (select row_number() over () as r, data::json as data from (${select})),
       e as (select r, unnest(json_extract(data, '$.tx_result.events[*]')) as msg from d),
       a as (select r, msg ->> 'type' as type, decode(from_base64(unnest(json_extract_string(msg, '$.attributes[*].key')))) as k from e)
       select count(distinct r), count(distinct r) filter (where type = 'link'), count(*) filter (where type <> 'link') = count(distinct (r, k)) filter (where type <> 'link'), (select count(*) = count(distinct (r, msg ->> 'type')) from e where msg ->> 'type' in ('delegate', 'link', 'unbond')),
              count(*) filter (where k not in ('action', 'amount', 'depositAddress', 'module') and k not similar to 'key_[0-9]+'),
              count(distinct type) filter (where type not in ('delegate', 'link', 'unbond')), count(distinct k)
       from a`,
    );
    const [docs, withLink, keysDiffer, typesDiffer, strangers, generatedTypes, keys] = reader.getRows()[0].map((v) => (typeof v === 'boolean' ? v : Number(v)));
    assert.equal(docs, 60);
    assert.ok(Number(withLink) > 10, `documents with a link event: ${withLink}`);
    assert.equal(keysDiffer, true, 'no drawn key twice in one document (OBJECT_AGG would fail)');
    assert.equal(typesDiffer, true, 'no literal type twice in one document');
    assert.equal(strangers, 0);
    assert.ok(Number(generatedTypes) > 1, 'the generated types vary');
    assert.ok(Number(keys) > 4, `keys: ${keys}`);
  });

  it('opens the first group of a document where a model numbers groups by a running count of a literal (CONDITIONAL_TRUE_EVENT)', async (t) => {
    // flipside_axelar's silver__msgs: msg_group is the running count of action events less one, NULL before the
    // first; the models join messages on it, and a NULL joins nothing.
    const grouped = {
      ...FILES,
      'models/msgs.sql': FILES['models/msgs.sql'].replace(
        ' as is_action\n',
        ' as is_action,\n  nullif(conditional_true_event(is_action) over (partition by t.tx_id order by f.index) - 1, -1) as msg_group\n',
      ),
    };
    const engine = await openTempProject(t, 'bronze-sample-first-', grouped);
    const plan = planSynthetic(engine.project, { rows: 60, clean: true })[0];
    const event = plan.columns.find((c) => c.name === 'data')!.json!.fields!.tx_result.fields!.events.items!.fields!;
    assert.equal(event.attributes.items!.fields!.key.first, 'action');
    const select = syntheticInsert(plan, { seed: 5, days: 30, anchor: '2026-01-01 00:00:00', now: '2026-01-01 00:00:00', references: new Map() }).replace(/^INSERT INTO [^\n]*\n/, '');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    t.after(() => conn.closeSync());
    const reader = await conn.runAndReadAll(
      `with d as (select data::json as data from (${select}))
       select count(*), count(*) filter (where decode(from_base64(json_extract_string(data, '$.tx_result.events[0].attributes[0].key'))) = 'action'),
              count(*) filter (where json_extract_string(data, '$.tx_result.events[0].type') = 'link')
       from d`,
    );
    const [docs, opened, linkFirst] = reader.getRows()[0].map(Number);
    assert.equal(docs, 60);
    // A link event holds the keys its aggregate reads, and only those (the ties): every other document opens a group.
    assert.equal(opened, docs - linkFirst);
    assert.ok(opened > 30, `documents opening a group: ${opened}`);
    // Without the running count, no leaf is asked to open anything.
    const plain = planSynthetic((await openTempProject(t, 'bronze-sample-first-plain-', FILES)).project, { rows: 60, clean: true })[0];
    assert.equal(plain.columns.find((c) => c.name === 'data')!.json!.fields!.tx_result.fields!.events.items!.fields!.attributes.items!.fields!.key.first, undefined);
  });

  it('writes rows the downstream models keep and their tests pass on (sample, then build)', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-compared-cli-', FILES);
    const dir = engine.project.root;
    const sampled = await cli(['sample', '--synthetic', '--clean', '--project-dir', dir, '--rows', '30', '--seed', '3']);
    assert.equal(sampled.code, 0, sampled.stderr);
    const built = await cli(['build', '--project-dir', dir]);
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const shown = await cli(['show', '--project-dir', dir, '--inline', 'select count(*) as n from links', '--output', 'json']);
    assert.match(shown.stdout, /"N": [1-9]/i, shown.stdout + shown.stderr);
  });
});
