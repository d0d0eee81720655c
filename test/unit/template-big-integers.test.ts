// Python's integers have no bound; Bronze's are doubles. An integer a double holds exactly prints with all its
// digits as Python prints it (2 ** 64 is 18446744073709551616, not 1.8446744073709552e+19); one it cannot hold is
// refused by name rather than printed rounded (123456789012345678 printed 123456789012345680).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment } from '../../server/src/template/index';

const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
const render = (t: string) => env.render(t, 'case.sql', {}).output;

test('an integer past 2**53 that a double holds prints every digit (Python: 18446744073709551616, 10**21)', () => {
  assert.equal(render('{{ 2 ** 64 }}|{{ 10 ** 21 }}|{{ 18446744073709551616 }}'), '18446744073709551616|1000000000000000000000|18446744073709551616');
});

test('an integer literal or result a double cannot hold is refused by name', () => {
  for (const t of ['{{ 123456789012345678 }}', '{{ 2 ** 53 + 1 }}', '{{ 2 ** 63 - 1 }}', '{{ 3 ** 40 }}', '{{ 99999999 * 999999999 }}']) {
    assert.throws(() => render(t), /past 2\*\*53.*Bronze does not support it/, t);
  }
});
