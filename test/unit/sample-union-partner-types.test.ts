// A set operation's column is one type: Snowflake documents converting a text branch to a NUMBER only
// (https://docs.snowflake.com/en/sql-reference/operators-query), and the twin refuses text beside a FLOAT or a date by
// name. A source column nothing types but the sampler's default (text) takes the type another branch gives the same
// position: as written (`CAST(NULL AS FLOAT)`) or as the other column's name says (`sndng_dt`, a DATE). Before,
// goodneighbors_gn_dw's AGENCY_AD_BROADCAST (`AD_VIEW_RT AS AD_VIEW_RT_SRC` beside `CAST(NULL AS FLOAT)`) and
// CRM_SEND_MEMBER (`SNDNG_DE AS SNDNG_DE` beside `SNDNG_DT`) were refused on the sampled rows.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openTempProject } from '../helpers/temp-project';
import { planSynthetic } from '../../client/src/sample/plan';
import { booleanItem, castTypeOfItem } from '../../client/src/sample/union-numbers';
import { tokenizeSql } from '../../server/src/core/sql/tokenize';
import { plainReference } from '../../client/src/sample/column-flow';

const SOURCES = 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: video\n      - name: rerun\n      - name: email_sends\n      - name: msg_sends\n';

it("types a text-by-default column a UNION puts beside a FLOAT or a date as the other branch's", async (t) => {
  const engine = await openTempProject(t, 'bronze-sample-union-partner-', {
    'models/src.yml': SOURCES,
    'models/stg_video.sql': "select ad_id, view_rt, call_cnt, memo from {{ source('raw', 'video') }}\n",
    'models/broadcast.sql':
      'select ad_id as ad_id, view_rt as view_rt_src, call_cnt as call_cnt, trim(memo) as memo\nfrom {{ ref(\'stg_video\') }}\nunion all\n' +
      "select ad_id, cast(null as float), cast(null as float), cast(null as varchar)\nfrom {{ source('raw', 'rerun') }}\n",
    'models/sends.sql':
      "with base as (\n  select send_key as send_key, send_de as send_de from {{ source('raw', 'email_sends') }}\n  union all\n" +
      "  select send_key, send_dt from {{ source('raw', 'msg_sends') }}\n)\nselect send_key, send_de from base\n",
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const type = (table: string, column: string): string | undefined =>
    plans.find((p) => p.relation.identifier.toLowerCase() === table)?.columns.find((c) => c.name.toLowerCase() === column)?.dataType;
  assert.equal(type('video', 'view_rt'), 'FLOAT');
  assert.equal(type('email_sends', 'send_de'), 'DATE');
  assert.equal(type('msg_sends', 'send_dt'), 'DATE');
  // A name that says a number keeps it (NUMBER beside FLOAT is one type to the twin); text a model trims stays text.
  assert.equal(type('video', 'call_cnt'), 'NUMBER(38,0)');
  assert.equal(type('video', 'memo'), 'VARCHAR');
});

it('reads an item cast as a whole, and a select item that names a column with or without an alias', () => {
  assert.equal(castTypeOfItem('CAST(NULL AS FLOAT)'), 'FLOAT');
  assert.equal(castTypeOfItem('cast(null as number(9, 0))'), 'NUMBER(9,0)');
  assert.equal(castTypeOfItem('x::date'), 'DATE');
  assert.equal(castTypeOfItem('x + y::float'), undefined);
  assert.equal(castTypeOfItem('x'), undefined);
  const item = (sql: string): string | undefined => {
    const { tokens } = tokenizeSql(sql);
    const ref = plainReference(tokens, tokens.map((_, i) => i));
    return ref === undefined ? undefined : tokens[ref].text;
  };
  assert.equal(item('a as b'), 'a');
  assert.equal(item('a b'), 'a');
  assert.equal(item('t.a as b'), 'a');
  assert.equal(item('a'), 'a');
  assert.equal(item("'x' as b"), undefined);
  assert.equal(item('f(a) as b'), undefined);
});

it("takes a column compared with 'TRUE' as a flag when its name or a UNION's FALSE says one, else as text", async (t) => {
  // flipside_algorand: silver__asset's `CASE WHEN A.deleted = 'TRUE' …` (Snowflake converts 'TRUE' to a BOOLEAN there)
  // and core__dim_asset's `… asset_deleted … UNION ALL SELECT … FALSE AS asset_deleted`: typed VARCHAR by the comparison,
  // the twin refused the UNION of VARCHAR and BOOLEAN that Snowflake's BOOLEAN column never makes.
  const engine = await openTempProject(t, 'bronze-sample-union-flag-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: assets\n',
    'models/stg_assets.sql':
      "select id, deleted, label, note, case when deleted = 'TRUE' and label = 'true' and note = 'TRUE' then 1 else 0 end as gone\n" +
      "from {{ source('raw', 'assets') }}\n",
    'models/dim_assets.sql': "select id, deleted as asset_deleted, label from {{ ref('stg_assets') }}\nunion all\nselect -1, false, true\n",
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const type = (column: string): string | undefined => plans.find((p) => p.relation.identifier.toLowerCase() === 'assets')?.columns.find((c) => c.name.toLowerCase() === column)?.dataType;
  assert.equal(type('deleted'), 'BOOLEAN');
  assert.equal(type('label'), 'BOOLEAN');
  assert.equal(type('note'), 'VARCHAR');
});

it('types a text-by-default column BOOLEAN where a UNION pairs it with a boolean: a literal or comparison a CTE names, or a model column one makes', async (t) => {
  // flipside_algorand's core__fact_account_asset: `with base as (select …, frozen from {{ ref('silver__account_asset') }}),
  // add_algo as (select …, FALSE AS frozen from …), both as (select … frozen from base union all select … frozen from
  // add_algo)`: the branch names the CTE's column, not the literal. Sampled VARCHAR, the twin refused the UNION of
  // VARCHAR and BOOLEAN that Snowflake's BOOLEAN column never makes.
  const engine = await openTempProject(t, 'bronze-sample-union-bool-cte-', {
    'models/src.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: holdings\n      - name: accounts\n',
    'models/stg_holdings.sql': "select addr, frozen, paused, opted, memo from {{ source('raw', 'holdings') }}\n",
    'models/stg_accounts.sql': "select addr, balance, balance > 0 as funded from {{ source('raw', 'accounts') }}\n",
    'models/fact_holdings.sql':
      "with base as (\n  select addr, frozen, paused, opted, memo from {{ ref('stg_holdings') }}\n),\n" +
      "native as (\n  select addr, FALSE as frozen, balance <= 0 as paused, funded as opted, 'native' as memo from {{ ref('stg_accounts') }}\n),\n" +
      'both_kinds as (\n  select addr, frozen, paused, opted, memo from base\n  union all\n  select addr, frozen, paused, opted, memo from native\n)\n' +
      'select b.addr, b.frozen, b.paused, b.opted, b.memo from both_kinds b\n',
  });
  const plans = planSynthetic(engine.project, { rows: 10, clean: false });
  const type = (column: string): string | undefined => plans.find((p) => p.relation.identifier.toLowerCase() === 'holdings')?.columns.find((c) => c.name.toLowerCase() === column)?.dataType;
  assert.equal(type('frozen'), 'BOOLEAN');
  assert.equal(type('paused'), 'BOOLEAN');
  assert.equal(type('opted'), 'BOOLEAN');
  // A string literal there is text: the column stays text.
  assert.equal(type('memo'), 'VARCHAR');
});

it('reads an item as a boolean when it is TRUE/FALSE, a cast to BOOLEAN or a comparison as a whole', () => {
  for (const yes of ['FALSE', 'true', 'x::boolean', 'a = b', "(c <> 'd')", 'n >= 0 and m < 2', 'x is not null', "name ilike '%a%'", 'not flag', 'k in (1, 2)', 'v between 1 and 2'])
    assert.equal(booleanItem(yes), true, yes);
  for (const no of ['x', "'TRUE'", 'case when a = b then 1 else 0 end', 'iff(a = b, 1, 0)', 'a + 1', "coalesce(a, 'x')", 'count(*)'])
    assert.equal(booleanItem(no), false, no);
});
