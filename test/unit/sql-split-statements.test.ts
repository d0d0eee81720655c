// splitStatementsWithOffsets reads one tokenization of the whole text (it tokenized each statement again to drop
// comment-only ones): the same statements and offsets as that per-statement reading, over generated texts full of
// the lexis that decides it (strings, $$ bodies, comments, quoted identifiers, Unicode spaces, unterminated spans).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitStatementsWithOffsets, type SplitStatement } from '../../server/src/core/sql/split';
import { tokenize } from '../../server/src/core/sql/tokenize';

/** The definition: cut at each `;` of a code segment, keep a statement whose own tokenization holds a non-blank non-comment. */
function byDefinition(sql: string): SplitStatement[] {
  const out: SplitStatement[] = [];
  let stmtStart = 0;
  const emit = (end: number): void => {
    const raw = sql.slice(stmtStart, end);
    const text = raw.trim();
    if (text && tokenize(text).some((t) => t.kind !== 'comment' && t.text.trim() !== '')) out.push({ text, start: stmtStart + raw.length - raw.trimStart().length });
  };
  for (const tok of tokenize(sql)) {
    if (tok.kind !== 'code') continue;
    for (let idx = tok.text.indexOf(';'); idx >= 0; idx = tok.text.indexOf(';', idx + 1)) {
      emit(tok.start + idx);
      stmtStart = tok.start + idx + 1;
    }
  }
  emit(sql.length);
  return out;
}

const PIECES = [';', ';', ' ', '\n', '\u00a0', '\u3000', '\t', "'", "'a;b'", '"', '"q;"', '$$', '$$x;y$$', '$t$', 'a$', '--', '-- c;\n', '//', '/*', '*/', '/* ; */', 'select 1', 'x', '1.5e', '->', '>', '\\', '(', ')', 'İ'];

test('splitStatementsWithOffsets: the statements and offsets of the per-statement definition (4,000 generated texts)', () => {
  let seed = 15;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 4000; i++) {
    let sql = '';
    for (let k = rand(14); k >= 0; k--) sql += PIECES[rand(PIECES.length)];
    assert.deepEqual(splitStatementsWithOffsets(sql), byDefinition(sql), JSON.stringify(sql));
  }
});

test('splitStatementsWithOffsets: comment-only and blank statements dropped, offsets kept', () => {
  assert.deepEqual(splitStatementsWithOffsets(' -- a;\n ;\u00a0; select 1 ; /* x */ select 2\n'), [
    { text: 'select 1', start: 12 },
    { text: '/* x */ select 2', start: 23 },
  ]);
});
