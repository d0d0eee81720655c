// The sampler reads a model's select item named `column` (`<expr> AS column`) back to its start in one place,
// expression-origin.ts's aliasedItems over the masked template's tokens (aliasedExpressions gives the text). The
// singular-test pairing (pairing.ts) and the UNION number reader (union-numbers.ts) counted parentheses back over raw
// text instead: a comma in a string, or an apostrophe in a Jinja comment, cut the item in the wrong place.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aliasedExpressions } from '../../client/src/sample/expression-origin';
import { sourceColumnsOfModelColumn } from '../../client/src/sample/pairing';
import { madeNumber } from '../../client/src/sample/union-numbers';
import { openTempProject } from '../helpers/temp-project';

describe('aliasedExpressions', () => {
  it('reads an item back past commas in strings, calls and comments, Jinja kept as written', () => {
    assert.deepEqual(aliasedExpressions(`select a, coalesce(b, ', ') || c as k from t`, 'k'), [`coalesce(b, ', ') || c`]);
    assert.deepEqual(aliasedExpressions(`select a, /* x, y */ {{ f('p, q') }} as "K" from t`, 'k'), [`{{ f('p, q') }}`]);
    assert.deepEqual(aliasedExpressions(`select distinct {# don't, stop #} x::int as k from t`, 'k'), [`x::int`]);
    assert.deepEqual(aliasedExpressions(`select 'as k' as j, 1 as kk from t`, 'k'), []);
  });

  it('finds the last item of a SELECT without FROM before a set operator', () => {
    assert.deepEqual(aliasedExpressions(`select -1 as id, 'none' as name union all select id, name from t`, 'name'), [`'none'`]);
  });
});

describe('the readers built on it', () => {
  it("pairing: an item that reads two COALESCEs is not one list, whatever its strings hold", () => {
    assert.equal(sourceColumnsOfModelColumn(`select coalesce(c, d) || ', ' || coalesce(a, b) as k from t`, 'k'), undefined);
    assert.deepEqual(sourceColumnsOfModelColumn(`select 'x, y' as label, coalesce(a, b) as k from t`, 'k'), ['a', 'b']);
  });

  it('union numbers: a Jinja comment with an apostrophe before the item does not hide it', async (t) => {
    const engine = await openTempProject(t, 'bronze-sample-aliased-', {
      'models/m.sql': "select {# the item's id, negated #} (-1) * so_item_id as id, note from x\n",
    });
    assert.equal(madeNumber(engine.project, 'model.p.m', 'id'), true);
  });
});
