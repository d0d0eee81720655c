// One top-level comma splitter over the SQL tokenizer (server/src/core/sql/split.ts): a comma inside a string
// literal, a quoted identifier, a comment, a call, an array constant or an object constant separates nothing. The
// readers that used to count parentheses over raw text (the sampler's union branches and call arguments, the MERGE
// fast path's column lists) or over tokens' parenthesis depth only (own tests' select lists) read through it now.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listItemStart, splitLexemesAtCommas, splitTopLevelCommas, topLevelCommas } from '../../server/src/core/sql/split';
import { lex, tokenizeSql } from '../../server/src/core/sql/tokenize';
import { unionBranches } from '../../client/src/sample/join-types';
import { assertionOfTestSql } from '../../client/src/sample/test-sql';
import { parseFastMerge } from '../../client/src/warehouse/snowflake-on-duckdb';
import { hookInsertTables } from '../../client/src/sample/hook-tables';
import { duckdbDialect, incrementalDml } from '../../server/src/compile';

describe('splitTopLevelCommas', () => {
  it('cuts at commas outside brackets, keeping each part as written', () => {
    assert.deepEqual(splitTopLevelCommas('a, f(b, c) as d ,e'), ['a', ' f(b, c) as d ', 'e']);
    assert.deepEqual(splitTopLevelCommas(''), ['']);
    assert.deepEqual(splitTopLevelCommas('a,,b,'), ['a', '', 'b', '']);
  });

  it('does not cut inside a string literal, a quoted identifier or a comment', () => {
    assert.deepEqual(splitTopLevelCommas(`'a,b' as x, y`), [`'a,b' as x`, ' y']);
    assert.deepEqual(splitTopLevelCommas(`'it''s, here', $$x, y$$`), [`'it''s, here'`, ' $$x, y$$']);
    assert.deepEqual(splitTopLevelCommas(`"A,B", c`), ['"A,B"', ' c']);
    assert.deepEqual(splitTopLevelCommas('a -- b, c\n, d /* e, f */'), ['a -- b, c\n', ' d /* e, f */']);
  });

  it('does not cut inside an array constant, an object constant or a template tag', () => {
    // https://docs.snowflake.com/en/sql-reference/data-types-semistructured (ARRAY and OBJECT constants)
    assert.deepEqual(splitTopLevelCommas(`[1, 2] as a, {'k': 1, 'm': 2} as o`), ['[1, 2] as a', ` {'k': 1, 'm': 2} as o`]);
    assert.deepEqual(splitTopLevelCommas(`{{ dbt_utils.star(ref('a'), except=['x', 'y']) }}, b`), [`{{ dbt_utils.star(ref('a'), except=['x', 'y']) }}`, ' b']);
  });

  it('an unterminated string runs to the end of the text', () => {
    assert.deepEqual(splitTopLevelCommas(`a, 'b, c`), ['a', ` 'b, c`]);
  });
});

describe('splitLexemesAtCommas and topLevelCommas', () => {
  it('read lexemes and tokens alike', () => {
    const sql = `x, coalesce(a, 'b,c'), [d, e]`;
    const texts = (parts: Array<Array<{ text: string }>>) => parts.map((p) => p.map((l) => l.text).join(''));
    assert.deepEqual(texts(splitLexemesAtCommas(tokenizeSql(sql).tokens)), ['x', `coalesce(a,'b,c')`, '[d,e]']);
    assert.deepEqual(texts(splitLexemesAtCommas(lex(sql))), ['x', ` coalesce(a, 'b,c')`, ' [d, e]']);
  });

  it('reads a range of the lexemes, counting brackets from its start', () => {
    const tokens = tokenizeSql('f(a, g(b, c), d)').tokens;
    assert.deepEqual(topLevelCommas(tokens, 2, tokens.length - 1).map((i) => tokens[i].start), [3, 12]);
  });
});

describe('listItemStart', () => {
  it('reads back from a point to the comma, SELECT, DISTINCT or parenthesis that starts its item', () => {
    const sql = `select distinct a, f(b, 'x, y' || c) as k, "select" + 1 as j from t`;
    const tokens = tokenizeSql(sql).tokens;
    const at = (text: string, from = 0) => tokens.findIndex((t, i) => i >= from && t.text === text);
    const start = (end: number) => tokens[listItemStart(tokens, end, tokens[end].depth)].text;
    assert.equal(start(at('a')), 'a');
    assert.equal(start(at('as')), 'f');
    assert.equal(start(at("'x, y'")), "'x, y'");
    assert.equal(start(at('c')), "'x, y'");
    const quoted = tokens[listItemStart(tokens, at('as', at('k')), 0)];
    assert.equal(quoted.kind, 'quoted', 'a quoted "select" is a name, not the keyword: the item starts there');
    assert.equal(listItemStart(tokens, 0, 0), 0);
  });
});

describe('the readers that split lists', () => {
  it("the sampler's union branches: a string with a comma is one select item", () => {
    const branches = unionBranches(`select 'a,b' as x, y from {{ ref('m') }} union all select x, y from {{ ref('n') }}`);
    assert.deepEqual(
      branches.map((b) => b.items.map((i) => i.trim())),
      [[`'a,b' as x`, 'y'], ['x', 'y']],
    );
  });

  it("an own test's select list: an array constant is one item (its position read by GROUP BY 2)", () => {
    const M = 'ANALYTICS.SILVER.orders';
    assert.deepEqual(assertionOfTestSql(`select [1, 2] as a, order_date, count(*) from ${M} group by 2 having count(*) <= 4`, 'orders'), {
      kind: 'rowsPerValue',
      column: 'order_date',
      bounds: { min: 5 },
    });
  });

  it('the MERGE fast path: a quoted column whose name holds a comma is one column', () => {
    const columns = [
      { name: 'id', dataType: 'INTEGER' },
      { name: 'a,b', dataType: 'VARCHAR' },
    ];
    const target = { database: 'memory', schema: 'main', identifier: 't' };
    const tmp = { database: 'memory', schema: 'main', identifier: 't__dbt_tmp' };
    const dml = incrementalDml(duckdbDialect, { strategy: 'merge', target, tmp, uniqueKey: 'id', destColumns: columns, predicates: [] });
    const merge = parseFastMerge(dml.find((s) => /merge into/i.test(s))!);
    assert.deepEqual(merge?.columns, ['"id"', '"a,b"']);
  });

  it("hook tables: a quoted column name holding a comma is one column, an array constant one value", () => {
    const [table] = hookInsertTables([{ sql: `insert into audit.log ("a,b", tags, n) values ('x', [1, 2], 3)` }], { database: 'DB', schema: 'S' });
    assert.deepEqual(table.columns, [
      { name: '"a,b"', type: 'VARCHAR' },
      { name: 'tags', type: 'VARCHAR' },
      { name: 'n', type: 'NUMBER(38, 0)' },
    ]);
  });
});
