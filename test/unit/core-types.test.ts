import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BronzeError } from '../../server/src/core/types';

test('BronzeError carries its location and rule id', () => {
  const err = new BronzeError('bad', { file: '/p/a.sql', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 3 } } }, 'bronze/x');
  assert.equal(err.location?.range.start.line, 1);
  assert.equal(err.code, 'bronze/x');
});
