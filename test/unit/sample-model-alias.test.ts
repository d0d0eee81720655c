// The sampler's reading of where a model column comes from (model-alias.ts originOfModelColumn) goes through the SQL
// tokenizer on the masked template, as expression-origin.ts reads select items: a regex over the raw text took
// `kept as requested` in a comment for a rename, missed `ownerid as owner_id` after a comment line (the rename had to
// follow a comma directly), and read a comma inside a string as the start of an item.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originOfModelColumn } from '../../client/src/sample/model-alias';

describe('originOfModelColumn', () => {
  it('reads renames, single-column aggregates and JSON paths or casts as before', () => {
    assert.deepEqual(originOfModelColumn('select qty as quantity, id from t', 'quantity'), { column: 'qty', aggregate: false });
    assert.deepEqual(originOfModelColumn('select t.qty as "QUANTITY" from t', 'quantity'), { column: 'qty', aggregate: false });
    assert.deepEqual(originOfModelColumn('select sum(distinct credits) as credits_used from t group by 1', 'credits_used'), { column: 'credits', aggregate: true });
    assert.deepEqual(originOfModelColumn('select max(t.updated_at) latest from t', 'latest'), { column: 'updated_at', aggregate: true });
    assert.deepEqual(originOfModelColumn('select fields:project.id::integer as project_id from t', 'project_id'), {
      column: 'fields',
      aggregate: false,
      converted: true,
      castTo: 'integer',
      path: true,
    });
    assert.deepEqual(originOfModelColumn('select data:id ::int campaign_id, realtime :: DATE AS block_date from t', 'campaign_id'), {
      column: 'data',
      aggregate: false,
      converted: true,
      castTo: 'int',
      path: true,
    });
    assert.deepEqual(originOfModelColumn('select realtime :: DATE AS block_date from t', 'block_date'), { column: 'realtime', aggregate: false, converted: true, castTo: 'DATE' });
    assert.deepEqual(originOfModelColumn('select amount::number(38, 2) as amt from t', 'amt'), { column: 'amount', aggregate: false, converted: true, castTo: 'number' });
    assert.deepEqual(originOfModelColumn(`select payload:"a-b"[0] as first_ab from t`, 'first_ab'), { column: 'payload', aggregate: false, converted: true, path: true });
  });

  it('an aggregate or a cast that ends a longer item is read, as before; a pass-through or a computation is none', () => {
    assert.deepEqual(originOfModelColumn('select sum(a) - sum(b) as net from t', 'net'), { column: 'b', aggregate: true });
    assert.deepEqual(originOfModelColumn('select a + b::int as total from t', 'total'), { column: 'b', aggregate: false, converted: true, castTo: 'int' });
    assert.equal(originOfModelColumn('select id as id, x from t', 'id'), undefined);
    assert.equal(originOfModelColumn("select first_name || ' ' || last_name as full_name from t", 'full_name'), undefined);
    assert.equal(originOfModelColumn('select case when a then b else c end as k from t', 'k'), undefined);
    assert.equal(originOfModelColumn('select a b from t', 'b'), undefined, 'a rename needs its AS');
  });

  it('an aggregate anywhere in the model wins over a cast, and a cast over a rename', () => {
    const sql = 'with a as (select x as v from s), b as (select y::int as v from s) select max(z) as v from a';
    assert.deepEqual(originOfModelColumn(sql, 'v'), { column: 'z', aggregate: true });
    assert.deepEqual(originOfModelColumn('with a as (select x as v from s) select y::int as v from a', 'v'), { column: 'y', aggregate: false, converted: true, castTo: 'int' });
  });

  it('a rename after a comment line is read', () => {
    assert.deepEqual(originOfModelColumn('select\n  id,\n  -- foreign keys\n  ownerid as owner_id\nfrom t', 'owner_id'), { column: 'ownerid', aggregate: false });
    assert.deepEqual(originOfModelColumn('select id, -- timestamps\n  created_at::timestamp_ntz as created_at from t', 'created_at'), {
      column: 'created_at',
      aggregate: false,
      converted: true,
      castTo: 'timestamp_ntz',
    });
  });

  it('words in a comment, a string or a Jinja tag are no rename', () => {
    assert.equal(originOfModelColumn('-- columns kept as requested\nselect a from t', 'requested'), undefined);
    assert.equal(originOfModelColumn('/* Note: ddl */ select a from t', 'ddl'), undefined);
    assert.equal(originOfModelColumn("select 'x, a as b' as c from t", 'b'), undefined);
    assert.equal(originOfModelColumn("select {{ var('k') }} as k from t", 'k'), undefined);
    assert.equal(originOfModelColumn('{# old: total as amount #} select a from t', 'amount'), undefined);
  });
});
