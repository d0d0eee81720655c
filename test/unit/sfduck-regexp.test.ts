import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjacentRepetitions, patternShape, withoutCaptures } from '../../server/src/core/sql/snowflake-on-duckdb/regexp-pattern';
import { translateSnowflakeSql } from '../../client/src/warehouse/snowflake-on-duckdb';
import { firstRow, memorySession } from './helpers/memory-duckdb';

const session = memorySession();

const row = (sql: string): Promise<unknown[]> => firstRow(session(), sql);

test('patternShape finds capturing groups past escapes, classes and non-capturing groups', () => {
  const shape = patternShape(String.raw`\((a)[(\]]+(?:b(c))(?P<n>d)|e`);
  assert.deepEqual(shape.groups.map((g) => [g.at, g.depth]), [[2, 0], [15, 1], [19, 0]]);
  assert.equal(shape.topLevelAlternation, true);
  assert.equal(patternShape('(a|b)c').topLevelAlternation, false);
  assert.equal(withoutCaptures(String.raw`(a)[(]\((?P<n>b)`), String.raw`(?:a)[(]\((?:b)`);
});

test('REGEXP_INSTR: column pattern, NULL subject, position past a match, option 1 with a group', async () => {
  assert.deepEqual(
    await row(String.raw`select regexp_instr('abcabc', p), regexp_instr(null, 'b'), regexp_instr('abcabc', 'b', 3), regexp_instr('x=12;y=345', '=(\\d+)', 1, 2, 1, 'e') from (select 'c' as p)`),
    [3, null, 5, 11],
  );
});

test('REGEXP_INSTR with a position given by an expression searches from there, as with a literal one', async () => {
  // Flipside's silver__nft_metadata_fifa: the first digit after the colon.
  const d = "'Goal, **Messi: 23 min'";
  assert.deepEqual(
    await row(
      `select regexp_instr(${d}, '[0-9]', regexp_instr(${d}, ':')), regexp_instr(${d}, '[0-9]', 15), regexp_instr('abcabc', 'b', 1 + 2), ` +
        `regexp_instr('abcabc', 'b', 1 + 6), regexp_instr('abcabc', 'b', null::int), regexp_instr('x=12;y=345', '=(\\\\d+)', 1 + 0, 2, 1, 'e'), regexp_instr('abcabc', 'b', p) from (select 3 as p)`,
    ),
    [16, 16, 5, 0, null, 11, 5],
  );
  await assert.rejects(row("select regexp_instr('abc', 'b', p) from (select 0 as p)"), /REGEXP_INSTR with a position below 1 is not supported on the DuckDB target \(line 1, column 8\)/);
});

test('REGEXP_INSTR of a group inside an alternation is a located error, not a guess', async () => {
  await assert.rejects(session().execute("select regexp_instr('ab', 'a|(b)', 1, 1, 0, 'e')"), /REGEXP_INSTR of a group inside another group or an alternation is not supported on the DuckDB target/);
});

test('REGEXP_REPLACE of the n-th occurrence: back-references, position, fewer matches, NULL pattern', async () => {
  assert.deepEqual(
    await row(String.raw`select regexp_replace('a1 b2 c3', '([a-z])(\\d)', '\\2\\1', 1, 2), regexp_replace('a1 b2 c3', '\\d', 'X', 4, 2), regexp_replace('a1', '\\d', 'X', 1, 2), regexp_replace('a1 b2', p, 'X', 1, 2) from (select null::varchar as p)`),
    ['a1 2b c3', 'a1 b2 cX', 'a1', null],
  );
});

test('an occurrence after an empty match is refused by name, not answered off by one', async () => {
  assert.deepEqual(await row("select regexp_instr('abc', 'x*'), regexp_instr('abcb', 'b', 1, 2)"), [1, 4]);
  await assert.rejects(session().execute("select regexp_instr('abc', 'x*', 1, 2)"), /REGEXP_INSTR of an occurrence after an empty match is not supported on the DuckDB target \(line 1, column 8\)/);
  await assert.rejects(session().execute("select regexp_replace('abc', 'x*', '-', 1, 2)"), /REGEXP_REPLACE of an occurrence after an empty match is not supported on the DuckDB target/);
});

test('REGEXP_INSTR/REPLACE/SUBSTR translations are stable under a second pass (no `[n]` a pass would re-read)', () => {
  for (const sql of [
    "select regexp_instr(s, 'a(b)', 1, 2, 1, 'e'), regexp_instr(s, 'b', 1, 3) from t",
    "select regexp_replace(s, 'a', '\\\\1', 1, 2), regexp_substr(s, 'b', 1, 2) from t",
  ]) {
    const once = translateSnowflakeSql(sql);
    assert.equal(translateSnowflakeSql(once), once);
  }
});

test('a pattern with two adjacent repetition operators is a located error naming them, not RE2 "bad repetition operator"', async () => {
  // Flipside's silver__nft_metadata_fifa: REGEXP_INSTR(description, ', **'). POSIX ERE leaves `**` undefined.
  assert.equal(adjacentRepetitions(', **'), '**');
  assert.deepEqual(['a+*', 'a?+', 'a{2}*', 'a*{2}'].map(adjacentRepetitions), ['+*', '?+', '{2}*', '*{2}']);
  // Non-greedy suffixes, escaped or bracketed stars, and a group's repetition are not pairs.
  assert.deepEqual(['a*?', 'a??', String.raw`\**`, '[**]', '(a*)*', 'a{2}?'].map(adjacentRepetitions), [undefined, undefined, undefined, undefined, undefined, undefined]);
  for (const fn of ["regexp_instr(d, ', **')", "regexp_like(d, 'a+*')", "regexp_substr(d, 'a**')", "regexp_count(d, 'a**')", "regexp_replace(d, 'a**', 'x')"]) {
    await assert.rejects(
      session().execute(`select ${fn} from (select 'a, **b' as d)`),
      /REGEXP_\w+ with a pattern holding two adjacent repetition operators \('(\*\*|\+\*)': POSIX ERE, whose syntax Snowflake's patterns follow, leaves it undefined\) is not supported on the DuckDB target \(line 1, column 8\)/,
    );
  }
  assert.deepEqual(await row("select regexp_instr('a, *b', ', *b'), regexp_count('a**', '\\\\*+')"), [0, 1]);
});
