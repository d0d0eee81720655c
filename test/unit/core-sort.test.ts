// sortShort: the same order as Array.prototype.sort (numbers ascending, strings by code unit), short or long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortShort } from '../../server/src/core/sort';

test('sortShort orders like the built-in sort, in place, for short and long lists', () => {
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (const n of [0, 1, 2, 5, 32, 33, 200]) {
    const nums = Array.from({ length: n }, () => Math.floor(rand() * 50) - 10);
    const expected = [...nums].sort((a, b) => a - b);
    assert.equal(sortShort(nums), nums);
    assert.deepEqual(nums, expected);
    const words = Array.from({ length: n }, () => ['b', 'B', 'a_1', 'a', 'é', 'Z', 'column_name', 'model', '10', '9'][Math.floor(rand() * 10)]);
    const sortedWords = [...words].sort();
    assert.deepEqual(sortShort(words), sortedWords);
  }
});
