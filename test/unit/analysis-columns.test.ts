import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { inferOutputColumns } from '../../server/src/analysis/columns';
import { scanJinja } from '../../server/src/template/scan';

const SOURCES: Record<string, string[]> = { 'source:raw.users': ['USER_ID', 'EMAIL', 'PLAN_TYPE'], 'ref:stg': ['a', 'b'] };

function infer(sql: string): { names: string[]; complete: boolean } {
  const r = inferOutputColumns(scanJinja(sql), (call) => {
    const args = call.args.filter((a) => !a.keyword).map((a) => a.value);
    return call.name === 'source' ? SOURCES[`source:${args[0]}.${args[1]}`] : SOURCES[`ref:${args[args.length - 1]}`];
  });
  return { names: r.columns.map((c) => c.name), complete: r.complete };
}

describe('output column inference', () => {
  const cases: [string, string, string[], boolean][] = [
    ['plain list with aliases', 'select a, b as bee, c cee, t.d, "Quoted" from t', ['a', 'bee', 'cee', 'd', 'Quoted'], true],
    ['expressions with aliases', "select coalesce(x, 0) as x0, x::int as xi, iff(a > 1, 'y', 'n') as flag, count(*) over (partition by a) n from t", ['x0', 'xi', 'flag', 'n'], true],
    ['case … end needs an alias', 'select case when a then 1 end from t', [], false],
    ['unnamed expression', 'select a + 1 from t', [], false],
    ['star over a declared source', "select * from {{ source('raw', 'users') }}", ['USER_ID', 'EMAIL', 'PLAN_TYPE'], true],
    ['star over an unknown table', 'select * from raw.users', [], false],
    ['star exclude (Snowflake)', "select * exclude (email) from {{ source('raw', 'users') }}", ['USER_ID', 'PLAN_TYPE'], true],
    ['star rename is not followed', "select * rename (email as mail) from {{ source('raw', 'users') }}", ['USER_ID', 'EMAIL', 'PLAN_TYPE'], false],
    ['qualified star through a CTE and a join', "with u as (select * from {{ source('raw', 'users') }}), s as (select * from {{ ref('stg') }})\nselect u.*, s.b as sb from u join s on u.user_id = s.a", ['USER_ID', 'EMAIL', 'PLAN_TYPE', 'sb'], true],
    ['config call first, then a CTE', "{{ config(materialized='table') }}\nwith src as (select 1 as one)\nselect one, 2 as two from src", ['one', 'two'], true],
    ['union takes the first branch', 'select a, b from x union all select c, d from y', ['a', 'b'], true],
    ['Jinja loop in the select list', "select {% for c in cols %}{{ c }},{% endfor %} id from t", ['id'], false],
    ['Jinja expression as a column', "select {{ dbt_utils.star(ref('stg')) }} from t", [], false],
    ['Jinja expression with an alias', "select {{ cents('amount') }} as dollars from t", ['dollars'], true],
    ['distinct and qualify', 'select distinct a, b from t qualify row_number() over (partition by a order by b) = 1', ['a', 'b'], true],
    ['subquery in from', "select * from (select a, b as c from t) sub", ['a', 'c'], true],
    ['last statement wins', 'select 1 as x; select y from t', ['y'], true],
    ['unterminated tag gives up', "select a from {{ ref('x' ", [], false],
  ];
  for (const [name, sql, names, complete] of cases) {
    it(name, () => {
      assert.deepEqual(infer(sql), { names, complete });
    });
  }

  it('keeps offsets of named columns in the original text', () => {
    const sql = "{{ config(materialized='view') }}\nselect user_id, email as mail from t";
    const r = inferOutputColumns(scanJinja(sql));
    assert.deepEqual(
      r.columns.map((c) => sql.slice(c.start, c.end)),
      ['user_id', 'mail'],
    );
  });
});
