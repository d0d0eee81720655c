// The translator's per-lexeme rewrites (emitScope, translate.ts) and the join-condition and bare-alias passes test each
// word against their keywords through the word's lower case, computed once per lexeme, and each punctuation lexeme by
// its text. These pin that a keyword
// written in any case takes the same rewrite as in lower case: the translations differ only in the case of the text
// copied as written. Each statement here is rewritten (its translation is not its text), so a keyword the test missed
// would show.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { translateSnowflakeSql } from '../../server/src/core/sql/snowflake-on-duckdb/translate';

const statements = [
  'select 1 from dual',
  "select a from t where a regexp 'x.*'",
  "select a from t where a rlike 'x.*'",
  "select a from t where a like any ('x%', 'y%')",
  "select a from t where a ilike any ('x%', 'y%')",
  "select a from t where a like b",
  "select d + interval '1 day' from t",
  'select * from values (1.5), (2)',
  'select * from t join values (1.5), (2) on true',
  'select * from (values (1, 2)) v',
  'select f.value from t, lateral flatten(input => t.v) f',
  'select f.value from table(flatten(input => parse_json(t.v))) f',
  "select s.value from t, table(split_to_table(t.x, ',')) s",
  "select x'AB'",
  'select v:a.b from t',
  'select v[0] from t',
  "select a::varchar(10), b::variant, c::timestamp_tz from t",
  'select a from t where a > 1 and b / 2 = 1',
  "select {'k': 1}",
  'select [1, 2]',
  'select a from t at(offset => -60)',
  'select 1 from t where a in ([1], [2])',
  'select trim(both from a), semi from t',
  // join-conditions.ts and bare-alias.ts read each word's lower case once too.
  'select a name from t',
  'select a type from t where x = 1 group by 1',
  'select listagg(a) within group (order by b) source from t',
  'select * from a join b join c on a.x = c.x',
  'select * from a inner join b, c',
  'select * from a join b using (x) join c',
  'select * from a left join table(flatten(input => a.v)) f where a.x = 1',
];

// Each alphabetic run of the statement in upper case, then alternating case.
const cased = (sql: string, mode: 'upper' | 'mixed'): string =>
  sql.replace(/'[^']*'|[A-Za-z_]+/g, (m) => (m.startsWith("'") ? m : mode === 'upper' ? m.toUpperCase() : [...m].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('')));

/** The translation, or the refusal's message and offset. */
function answer(sql: string): string {
  try {
    return translateSnowflakeSql(sql);
  } catch (e) {
    return `refused: ${(e as Error).message} at ${(e as { offset?: number }).offset}`;
  }
}

test('a keyword in any case takes the rewrite (or the refusal) it takes in lower case', () => {
  for (const sql of statements) {
    const lower = answer(sql);
    assert.notEqual(lower, sql, `${sql}: rewritten or refused`);
    for (const mode of ['upper', 'mixed'] as const) {
      const other = cased(sql, mode);
      assert.equal(answer(other).toLowerCase(), lower.toLowerCase(), other);
    }
  }
});
