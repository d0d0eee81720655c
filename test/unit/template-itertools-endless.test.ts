// What the differential against Python cannot record: Python never ends when a template loops over an endless
// iterator; Bronze stops with an error naming it (and how to take a part of it), and printing an iterator — a memory
// address in Python — is refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment } from '../../server/src/template/index';
import { itertoolsModule } from '../../server/src/template/pyitertools';
import { JinjaObject } from '../../server/src/template/values';

function render(template: string): string {
  const env = new JinjaEnvironment({ rootPackage: 'p', builtins: false });
  return env.render(template, 'it.sql', { modules: new JinjaObject({ itertools: itertoolsModule() }) }).output;
}

test('an endless iterator looped over whole is an error naming it; islice takes a part', () => {
  assert.throws(() => render('{% for x in modules.itertools.count() %}{{ x }}{% endfor %}'), /itertools\.count: this iterator never ends.*islice/);
  assert.throws(() => render("{{ modules.itertools.zip_longest(modules.itertools.cycle('ab'), [1]) | list }}"), /itertools\.zip_longest: this iterator never ends/);
  assert.throws(() => render('{{ modules.itertools.product(modules.itertools.repeat(1), [2]) | list }}'), /itertools\.product: an endless iterator/);
  assert.equal(render("{{ modules.itertools.islice(modules.itertools.zip_longest(modules.itertools.count(), 'ab'), 3) | list }}"), "[(0, 'a'), (1, 'b'), (2, None)]");
  assert.equal(render('{{ modules.itertools.cycle([]) | list }}'), '[]');
});

test('printing an iterator is refused by name', () => {
  assert.throws(() => render('{{ modules.itertools.chain([1]) }}'), /Python prints an iterator as its memory address.*\| list/);
});
