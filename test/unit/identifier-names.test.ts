// One reading of an identifier as Snowflake names it (name-case.ts), used by the name-case check, the stage and file
// format statements, the repeated-CTE and UPDATE … SET readers: an unquoted name upper-case, a quoted one exactly as
// written with `""` standing for one `"` (https://docs.snowflake.com/en/sql-reference/identifiers-syntax).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrivia, lex } from '../../server/src/core/sql/tokenize';
import { identifierName, namePart, readName, snowflakeName } from '../../server/src/core/sql/snowflake-on-duckdb/name-case';
import { parseStageStatement } from '../../server/src/core/sql/snowflake-on-duckdb/stage-statements';
import { UnsupportedOnDuckDb } from '../../server/src/core/sql/snowflake-on-duckdb/unsupported';

const sig = (sql: string) => lex(sql).filter((l) => !isTrivia(l));

test('an identifier lexeme: unquoted upper-case, quoted as written with "" undone', () => {
  const [plain, quoted, escaped, mixed] = sig('my_Table "my_Table" "a""b" "Ünï $x"');
  assert.deepEqual([plain, quoted, escaped, mixed].map(identifierName), ['MY_TABLE', 'my_Table', 'a"b', 'Ünï $x']);
  assert.deepEqual(namePart(escaped), { text: 'a"b', quoted: true });
  assert.equal(namePart(sig('1')[0]), undefined);
  // Under QUOTED_IDENTIFIERS_IGNORE_CASE a quoted part is upper-cased too.
  assert.equal(snowflakeName(namePart(quoted)!, true), 'MY_TABLE');
});

test('a dotted name is read whole, its parts as written', () => {
  const name = readName(sig('db."S""x".t1 x'), 0);
  assert.deepEqual(name, { parts: [{ text: 'db', quoted: false }, { text: 'S"x', quoted: true }, { text: 't1', quoted: false }], next: 5 });
  // A qualified column (four parts) too: the name-case messages quote it whole.
  assert.equal(readName(sig('a.b.c.d'), 0)?.parts.length, 4);
  assert.equal(readName(sig('a.*'), 0), undefined);
});

test('stage and file format names: unquoted parts upper-case, quoted as written, "" undone', () => {
  const created = parseStageStatement('create stage raw."My""Stage"');
  assert.deepEqual(created?.kind === 'create-stage' ? created.name : undefined, [
    { text: 'RAW', quoted: false },
    { text: 'My"Stage', quoted: true },
  ]);
});

test('a stage name of four parts is refused by name, not read as its first three (DROP STAGE a.b.c.d dropped A.B.C)', () => {
  for (const sql of ['drop stage a.b.c.d', 'drop stage if exists a.b.c.d', 'drop file format a.b.c."d"']) {
    assert.throws(
      () => parseStageStatement(sql),
      (e: unknown) => e instanceof UnsupportedOnDuckDb && /more than three parts/.test(e.construct) && e.offset === sql.indexOf('a.b'),
      sql,
    );
  }
  const three = parseStageStatement('drop stage a.b.c');
  assert.deepEqual(three?.kind === 'drop-stage' ? three.name.map((p) => p.text) : undefined, ['A', 'B', 'C']);
});
