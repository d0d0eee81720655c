// The results webview's payload and message parsing: NULL goes to the page as null (shown apart from the string
// 'NULL'), numbers are marked for right-alignment and numeric sort, bigint/Date survive as text, and the page's
// messages are checked before the host acts on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridPayload, parseResultsPageMessage, toJson } from '../../client/src/preview/results-messages';

test('gridPayload: NULL is null, the string NULL is text; numeric types are marked', () => {
  const g = gridPayload(
    {
      title: 't',
      target: 'local',
      targetType: 'duckdb',
      sql: 'select …',
      columns: [{ name: 'id', type: 'BIGINT' }, { name: 'label', type: 'VARCHAR' }, { name: 'at', type: 'TIMESTAMP' }, { name: 'amt', type: 'NUMBER(10,2)' }],
      rows: [
        { id: 12345678901234567890n, label: null, at: new Date('2026-01-02T03:04:05Z'), amt: 1.5 },
        { id: 2n, label: 'NULL', at: null, amt: null },
      ],
      truncated: true,
      elapsedMs: 12,
      queryId: undefined,
    },
    500,
  );
  assert.deepEqual(g.columns.map((c) => c.numeric), [true, false, false, true]);
  assert.deepEqual(g.cells, [
    ['12345678901234567890', null, '2026-01-02 03:04:05.000', '1.5'],
    ['2', 'NULL', null, null],
  ]);
  assert.equal(g.truncated, true);
  assert.equal(g.rowCap, 500);
});

test('toJson carries bigint and Date', () => {
  assert.deepEqual(JSON.parse(toJson({ a: 5n, b: 12345678901234567890n, c: new Date('2026-01-01T00:00:00Z') })), { a: 5, b: '12345678901234567890', c: '2026-01-01T00:00:00.000Z' });
});

test('parseResultsPageMessage accepts only well-formed messages', () => {
  assert.deepEqual(parseResultsPageMessage({ type: 'export', format: 'json' }), { type: 'export', format: 'json' });
  assert.equal(parseResultsPageMessage({ type: 'export', format: 'xlsx' }), undefined);
  assert.deepEqual(parseResultsPageMessage({ type: 'copy', text: 'a\tb' }), { type: 'copy', text: 'a\tb' });
  assert.equal(parseResultsPageMessage({ type: 'copy', text: 3 }), undefined);
  assert.deepEqual(parseResultsPageMessage({ type: 'cancel' }), { type: 'cancel' });
  assert.equal(parseResultsPageMessage('cancel'), undefined);
  assert.equal(parseResultsPageMessage({ type: 'openFile', path: '/etc/passwd' }), undefined);
});
