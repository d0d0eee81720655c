// The one SQL tokenizer (server/src/core/sql/tokenize.ts) as the language server's readers use it: significant
// tokens of a model's Jinja-masked text, with their parenthesis depth and the lexical problems the sql-syntax
// rule reports. These are the behaviours columns, scopes, scaffolding, completion, symbols and the incremental
// rule rely on; the lexis tests pin where the three views agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isKeyword, lex, tokenize, tokenizeSql, tokensBefore } from '../../server/src/core/sql/tokenize';
import { sqlFiles, variants } from './helpers/template-variants';
import { scanJinja } from '../../server/src/template/scan';

const brief = (sql: string) => tokenizeSql(sql).tokens.map((t) => `${t.kind}:${t.text}@${t.depth}`);

test('tokenizeSql: kinds, texts, offsets and parenthesis depth', () => {
  const sql = `select a.b, "Mixed ""Q""" as q, 'it''s', $$x;y$$, 1.5e-3, .75, count(*) from t where x::int >= -1 and y*-1 <> 2`;
  assert.deepEqual(brief(sql), [
    'ident:select@0', 'ident:a@0', 'punct:.@0', 'ident:b@0', 'punct:,@0',
    'quoted:Mixed "Q"@0', 'ident:as@0', 'ident:q@0', 'punct:,@0',
    "string:'it''s'@0", 'punct:,@0', 'string:$$x;y$$@0', 'punct:,@0',
    'number:1.5e-3@0', 'punct:,@0', 'number:.75@0', 'punct:,@0',
    'ident:count@0', 'punct:(@0', 'op:*@1', 'punct:)@0', 'ident:from@0', 'ident:t@0',
    'ident:where@0', 'ident:x@0', 'op:::@0', 'ident:int@0', 'op:>=@0', 'op:-@0', 'number:1@0',
    'ident:and@0', 'ident:y@0', 'op:*@0', 'op:-@0', 'number:1@0', 'op:<>@0', 'number:2@0',
  ]);
  for (const t of tokenizeSql(sql).tokens) if (t.kind !== 'quoted') assert.equal(sql.slice(t.start, t.end), t.text);
  const q = tokenizeSql(sql).tokens.find((t) => t.kind === 'quoted')!;
  assert.equal(sql.slice(q.start, q.end), '"Mixed ""Q"""', 'a quoted token spans its quotes; its text is the name');
});

test('tokenizeSql: a `(` has the depth outside it, its contents one more, its `)` the outside again', () => {
  assert.deepEqual(brief('f(g(x), y)'), ['ident:f@0', 'punct:(@0', 'ident:g@1', 'punct:(@1', 'ident:x@2', 'punct:)@1', 'punct:,@1', 'ident:y@1', 'punct:)@0']);
});

test('tokenizeSql: comments (--, // and /* */) and whitespace are not tokens', () => {
  assert.deepEqual(brief('a -- b, c\n/* d, e */ f // g, h\n\u00a0i'), ['ident:a@0', 'ident:f@0', 'ident:i@0']);
});

test('tokenizeSql: a masked Jinja expression is one identifier per line, at the offsets of the file', () => {
  const text = "select {{ dbt_utils.star(ref('a')) }} as c, {{\n  x }} from {{ ref('t') }}";
  const scan = scanJinja(text);
  const toks = tokenizeSql(scan.masked).tokens;
  assert.deepEqual(toks.map((t) => t.kind), ['ident', 'ident', 'ident', 'ident', 'punct', 'ident', 'ident', 'ident', 'ident']);
  assert.equal(text.slice(toks[1].start, toks[1].end), "{{ dbt_utils.star(ref('a')) }}");
  assert.equal(text.slice(toks[8].start, toks[8].end), "{{ ref('t') }}");
});

test('tokenizeSql: words in other scripts are one identifier; keywords match without case', () => {
  const toks = tokenizeSql('SELECT café_größe FROM t').tokens;
  assert.deepEqual(toks.map((t) => t.text), ['SELECT', 'café_größe', 'FROM', 't']);
  assert.ok(isKeyword(toks[0], 'with', 'select'));
  assert.ok(!isKeyword(toks[1], 'select'));
  assert.ok(!isKeyword(tokenizeSql('"select"').tokens[0], 'select'), 'a quoted identifier is never a keyword');
  assert.ok(!isKeyword(undefined, 'select'));
});

test('tokenizeSql: problems name what is unclosed or unmatched, located at its opening', () => {
  const p = (sql: string) => tokenizeSql(sql).problems.map((x) => `${x.start}-${x.end} ${x.message}`);
  assert.deepEqual(p('select (a'), ['7-8 Parenthesis `(` is never closed: add the missing `)`']);
  assert.deepEqual(p('select a)'), ['8-9 Unmatched `)`: remove it or add the missing `(`']);
  assert.deepEqual(p("select 'abc"), ["7-8 String literal is never closed: add the closing `'`"]);
  assert.deepEqual(p('select "abc'), ['7-8 Quoted identifier is never closed: add the closing `"`']);
  assert.deepEqual(p('select /* x'), ['7-9 Block comment `/*` is never closed: add `*/`']);
  assert.deepEqual(p('select $$ x'), ['7-9 Dollar-quoted string `$$` is never closed: add the closing `$$`']);
  assert.deepEqual(p('select $fn$ x'), ['7-11 Dollar-quoted string `$fn$` is never closed: add the closing `$fn$`']);
  // Nothing after an unclosed literal is read (its `(` is not reported twice).
  const broken = tokenizeSql("select ('a, b");
  assert.deepEqual(broken.tokens.map((t) => t.text), ['select', '(']);
  assert.equal(broken.problems.length, 2);
  assert.deepEqual(p("select 'a\\'b', 'c''d' -- ' \n"), [], "Snowflake's \\' and '' escapes stay inside the string");
});

test('lexis: `//` is a Snowflake line comment in every view; a `;` inside it splits nothing', () => {
  const sql = 'select 10 // 3; x\n, 2';
  assert.deepEqual(lex(sql).filter((l) => l.kind === 'comment').map((l) => l.text), ['// 3; x']);
  assert.deepEqual(tokenize(sql).map((s) => s.kind), ['code', 'comment', 'code']);
  assert.deepEqual(tokenizeSql(sql).tokens.map((t) => t.text), ['select', '10', ',', '2']);
});

test('lexis: the three views cut the same text at the same places', () => {
  const sql = `with a as (select 'x;y' "q""r", $t$ z $t$, n.m::number(3,1) -> 1 from s /* c */) select * from a // e\n;`;
  assert.equal(lex(sql).map((l) => l.text).join(''), sql);
  assert.equal(tokenize(sql).map((s) => s.text).join(''), sql);
  const significant = lex(sql).filter((l) => l.kind !== 'ws' && l.kind !== 'comment');
  assert.deepEqual(tokenizeSql(sql).tokens.map((t) => t.start), significant.map((l) => l.start));
  assert.deepEqual(significant.map((l) => l.text).filter((t) => ['::', '->', '$t$ z $t$'].includes(t)), ['$t$ z $t$', '::', '->']);
});

test('tokensBefore: the same tokens as tokenizeSql up to each token, on every fixture model and mutated variants', () => {
  const files = sqlFiles(path.resolve(import.meta.dirname, '..', 'fixtures'));
  assert.ok(files.length > 50);
  let checked = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const t of [text, ...variants(text, 1).slice(0, 3), "x 'open {{ this }}", 'a /* open ( b', 'f(a)) ( b']) {
      const sql = scanJinja(t).masked;
      const { tokens } = tokenizeSql(sql);
      for (let k = 0; k < tokens.length; k++) {
        assert.deepEqual(tokensBefore(sql, tokens[k].start, 9), tokens.slice(Math.max(0, k - 9), k + 1));
        checked++;
      }
      // No token starts inside a token, in whitespace, or after an unclosed string or comment.
      const starts = new Set(tokens.map((x) => x.start));
      for (let i = 0; i <= sql.length; i += 7) if (!starts.has(i)) assert.equal(tokensBefore(sql, i, 9), undefined, `${file} @${i}`);
    }
  }
  assert.ok(checked > 10000, `checked ${checked}`);
});
