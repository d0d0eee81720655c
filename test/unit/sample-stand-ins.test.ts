// Stand-ins for models the twin refuses by name (client/src/sample/stand-ins.ts): which models (the translator's
// refusal of their compiled SQL, a call of a function the hooks create with no DuckDB form), and the stand-in's table
// planned as a source read through the refs to it — YAML columns as declared, the columns its readers take typed by
// their uses, its own tests' constraints, no dirt.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planStandIns, refusalOf, refusedFunctions, refusedModels } from '../../client/src/sample/stand-ins';
import type { SamplePlanError } from '../../client/src/sample/plan';

const EXTERNAL = "create or replace external function silver.decode_addr(a varchar) returns variant api_integration = aws_api as 'https://example.com/decode'";
const PYTHON = "create or replace function parse_qs(s varchar) returns variant language python runtime_version = '3.10' handler = 'h' as $$\ndef h(s):\n  return s\n$$";
const SQL_UDF = "create or replace function plus_one(a int) returns int as 'a + 1'";

it('names what the twin refuses in compiled SQL: a construct the translator refuses, thrown or written in its place', () => {
  assert.equal(refusalOf('select hash(customer_id) as k from db.s.t', new Map()), "HASH (Snowflake's 64-bit hash differs from DuckDB's)");
  assert.equal(refusalOf("select {'a': 1, 'a': 2} as o", new Map()), "An OBJECT constant with the key 'a' twice");
  assert.equal(refusalOf('select md5(customer_id) as k, plus_one(1) as n from db.s.t', new Map()), undefined);
});

it('names a Snowflake built-in the twin has no form of, as DuckDB fails it only when the statement binds', () => {
  // flipside_algorand's silver__swaps_humble_swap_dex: `TO_ARRAY(BASE64_DECODE_BINARY(…))[0] = '03'` failed at build
  // time ("Function TO_ARRAY is not supported"), with no stand-in written, and 8 models were skipped behind it.
  assert.equal(refusalOf("select to_array(base64_decode_binary(x))[0] = '03' as b from db.s.t", new Map()), 'Function TO_ARRAY');
  // What DuckDB parses itself, what the translator rewrites or a shim defines, and a type's length are no such call.
  const fine = [
    'select cast(x as char(10)) as c, coalesce(a, b) as d, extract(year from t) as y, ifnull(a, 0) as e from db.s.t',
    "select iff(a, 1, 2) as i, nvl(a, b) as n, array_construct(1, 2) as arr, object_construct('k', v) as o from db.s.t",
    'select try_cast(s as number) as n, x::char(3) as c from db.s.t',
  ];
  for (const sql of fine) assert.equal(refusalOf(sql, new Map()), undefined, sql);
});

it("names the calls of functions the project's hooks create with no DuckDB form, as the twin's refusal names them", () => {
  const functions = refusedFunctions([EXTERNAL, PYTHON, SQL_UDF, 'create schema if not exists silver']);
  assert.deepEqual([...functions.keys()].sort(), ['decode_addr', 'parse_qs']);
  assert.equal(
    refusalOf('select silver.decode_addr(addr) as a from db.s.t', functions),
    'Function DECODE_ADDR (a Snowflake EXTERNAL function: its CREATE EXTERNAL FUNCTION is accepted, a call to its remote service has no DuckDB form)',
  );
  assert.match(refusalOf('select parse_qs(q):utm as u from db.s.t', functions) ?? '', /^Function PARSE_QS \(a Snowflake PYTHON UDF/);
  // A column named like the function is no call.
  assert.equal(refusalOf('select decode_addr from db.s.t', functions), undefined);
});

const PROJECT = {
  'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
  'models/staged.sql': "select user_id, email, score, created_at from {{ source('raw', 'events') }}",
  'models/scored.sql': "{{ config(schema='marts') }}\nselect user_id, hash(email) as email_key, max(score) as score, 'gold' as tier, min(created_at) as first_seen_at\nfrom {{ ref('staged') }} group by user_id",
  // Refused too, but nothing reads it: no stand-in.
  'models/unread.sql': "select hash(user_id) as k from {{ ref('staged') }}",
  'models/joined.sql': "select s.user_id, s.user_id * 10 as points, st.email\nfrom {{ ref('scored') }} s join {{ ref('staged') }} st on st.user_id = s.user_id",
  'models/reader.sql': "select upper(tier) as tier, score * 2 as doubled, datediff(day, first_seen_at, current_date) as age_days\nfrom {{ ref(\"p\", \"scored\") }}\nwhere email_key is not null",
  // Refused too, and a reader of scored: DuckDB binds what it reads before the refusal is raised.
  'models/rehashed.sql': "select hash(s.loyalty_code) as h from {{ ref('scored') }} s",
  'models/rehashed_count.sql': "select count(h) as n from {{ ref('rehashed') }}",
  'models/schema.yml':
    'version: 2\nmodels:\n  - name: scored\n    columns:\n      - name: user_id\n        data_type: number(38,0)\n        tests: [unique, not_null]\n' +
    "      - name: tier\n        tests:\n          - accepted_values:\n              values: ['gold', 'silver']\n" +
    // An entry naming an expression, for a test of it: no column of the table.
    "      - name: \"coalesce(tier, '~') || user_id\"\n        tests: [unique]\n",
};

it('finds the refused models other models read, rendering each as the sampler does', async (t) => {
  const engine = await openTempProject(t, 'bronze-stand-ins-', PROJECT);
  assert.deepEqual([...(await refusedModels(engine, [])).keys()].sort(), ['model.p.rehashed', 'model.p.scored']);
  assert.equal((await refusedModels(engine, [])).get('model.p.scored'), "HASH (Snowflake's 64-bit hash differs from DuckDB's)");
});

it("plans the stand-in as a source its readers select from: YAML columns, the readers' columns typed by use, its tests, no dirt", async (t) => {
  const engine = await openTempProject(t, 'bronze-stand-ins-', PROJECT);
  const skipped: SamplePlanError[] = [];
  const planned = planStandIns(engine.project, new Map([['model.p.scored', 'HASH (…)'], ['model.p.rehashed', 'HASH (…)']]), { rows: 30, onSkip: (e) => skipped.push(e) });
  assert.deepEqual(skipped, []);
  assert.deepEqual(planned.map((p) => p.model.name).sort(), ['rehashed', 'scored']);
  const { plan, model } = planned.find((p) => p.model.name === 'scored')!;
  assert.equal(model.uniqueId, 'model.p.scored');
  assert.equal(plan.label, 'stand-in for model scored (the twin refuses HASH (…))');
  // At the model's relation as the build resolves it (generate_schema_name: the target schema, then the custom one).
  assert.equal(plan.relation.identifier, 'SCORED');
  assert.match(plan.relation.schema, /_MARTS$/);
  const columns = new Map(plan.columns.map((c) => [c.name.toLowerCase(), c]));
  assert.deepEqual([...columns.keys()].sort(), ['email_key', 'first_seen_at', 'loyalty_code', 'score', 'tier', 'user_id']);
  assert.equal(columns.get('user_id')?.dataType, 'number(38,0)');
  assert.equal(columns.get('user_id')?.unique, true);
  assert.equal(columns.get('user_id')?.notNull, true);
  assert.deepEqual(columns.get('tier')?.accepted, ['gold', 'silver']);
  assert.equal(columns.get('score')?.kind === 'integer' || columns.get('score')?.kind === 'decimal' || columns.get('score')?.kind === 'float', true, columns.get('score')?.kind);
  assert.match(columns.get('first_seen_at')?.kind ?? '', /^(timestamp|date)/);
  assert.equal(plan.duplicates, 0);
  assert.equal(plan.nullKeys, 0);
  assert.equal(plan.sparseNulls, false);
  assert.deepEqual(plan.columns.filter((c) => c.dirty).map((c) => c.name), []);
});

it('names a refused model whose columns nothing names instead of planning it', async (t) => {
  const engine = await openTempProject(t, 'bronze-stand-ins-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: events\n',
    'models/opaque.sql': "select hash(*) as h from {{ source('raw', 'events') }}",
    'models/counted.sql': "select count(*) as n from {{ ref('opaque') }}",
  });
  const skipped: SamplePlanError[] = [];
  assert.deepEqual(planStandIns(engine.project, new Map([['model.p.opaque', 'HASH (…)']]), { rows: 5, onSkip: (e) => skipped.push(e) }), []);
  assert.deepEqual(
    skipped.map((e) => e.message),
    ["no stand-in for model opaque, which the twin refuses (HASH (…)): neither its YAML nor the models reading it name a column of it."],
  );
});

it('a stand-in drawn again beside the others is planned as bronze sample planned it: a key into another stand-in references it', async (t) => {
  // A run writes a refused model's stand-in again alone (stand-in-retype.ts); planned without the other stand-ins, a
  // key traced into another refused model ran on through that model to its source (flipside_algorand's
  // silver__application creators against silver__account's stand-in), and the run's rows no longer matched.
  const engine = await openTempProject(t, 'bronze-stand-ins-beside-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: accounts\n      - name: apps\n',
    'models/accounts_dec.sql': "select hash(addr) as address, addr from {{ source('raw', 'accounts') }}",
    'models/apps_dec.sql': "select hash(creator) as creator_address, id from {{ source('raw', 'apps') }}",
    'models/app_facts.sql': "select a.id, a.creator_address, b.addr from {{ ref('apps_dec') }} a join {{ ref('accounts_dec') }} b on a.creator_address = b.address",
    'models/app_facts.yml':
      "version: 2\nmodels:\n  - name: app_facts\n    columns:\n      - name: creator_address\n        tests:\n          - relationships:\n              to: ref('accounts_dec')\n              field: address\n",
  });
  const refused = new Map([['model.p.apps_dec', 'HASH (…)']]);
  const creator = (beside: string[]) => {
    const planned = planStandIns(engine.project, refused, { rows: 5, onSkip: () => undefined, beside });
    assert.deepEqual(planned.map((p) => p.model.name), ['apps_dec']);
    return planned[0].plan.columns.find((c) => c.name.toLowerCase() === 'creator_address')?.references;
  };
  assert.deepEqual(creator(['model.p.accounts_dec']), { sourceId: 'source.p.bronze_stand_in.accounts_dec', column: 'address' });
  assert.notDeepEqual(creator([]), { sourceId: 'source.p.bronze_stand_in.accounts_dec', column: 'address' });
});
