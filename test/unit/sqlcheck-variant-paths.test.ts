// sqlcheck's search for VARIANT paths the translator left (test/realworld/variant-paths.ts): a lambda's parameters
// before `:` (which the translator writes for OBJECT and ARRAY functions) are no path; 158 models were counted so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { variantPaths } from '../realworld/variant-paths';

test('a path left in the text is found; casts, binds and lambda parameters are not paths', () => {
  assert.deepEqual(variantPaths('select v:key from t'), [7]);
  assert.deepEqual(variantPaths('select v::varchar, $1:key, :bind from t'), []);
  assert.deepEqual(variantPaths('select list_transform(l, lambda x: x.k), list_filter(l, lambda k, i: k > i) from t'), []);
  // A path after a lambda's body is still one.
  assert.deepEqual(variantPaths('select list_transform(l, lambda x: x), v:key from t'), [39]);
});
