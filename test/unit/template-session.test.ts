// Renders share scopes and macro instances (built once per set of macro files); these tests pin down that
// sharing never leaks one render's context, macro calls or template macros into another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JinjaEnvironment, JinjaObject, TemplateError, type RenderGlobals } from '../../server/src/template/index';

function env(): JinjaEnvironment {
  const e = new JinjaEnvironment({ rootPackage: 'proj', builtins: false });
  e.addMacroFile('proj', '/p/macros/greet.sql', "{% macro greet() %}hi {{ who }}{% endmacro %}{% macro plain() %}p{% endmacro %}");
  e.addMacroFile('utils', '/u/macros/u.sql', '{% macro shout(x) %}{{ x | upper }}{{ suffix }}{% endmacro %}{% macro via() %}{{ shout(who) }}{% endmacro %}');
  return e;
}

test('shared macros read each render’s own context variables', () => {
  const e = env();
  assert.equal(e.render('{{ greet() }}', '/p/models/a.sql', { who: 'ann' }).output, 'hi ann');
  assert.equal(e.render('{{ greet() }}', '/p/models/b.sql', { who: 'bob' }).output, 'hi bob');
  assert.equal(e.render('{{ via() }}', '/u/models/c.sql', { who: 'cy', suffix: '!' }, 'utils').output, 'CY!');
  // A variable of an earlier render is gone: `who` is undefined here and prints as nothing, as in Jinja2.
  assert.equal(e.render('{{ greet() }}|{{ who is defined }}', '/p/models/d.sql', {}).output, 'hi |False');
});

test('macrosCalled is per render', () => {
  const e = env();
  assert.deepEqual(e.render('{{ greet() }}{{ utils.shout("a") }}', '/p/m1.sql', { who: 'x' }).macrosCalled, ['macro.proj.greet', 'macro.utils.shout']);
  assert.deepEqual(e.render('{{ plain() }}', '/p/m2.sql', {}).macrosCalled, ['macro.proj.plain']);
  assert.deepEqual(e.render('no macros', '/p/m3.sql', {}).macrosCalled, []);
});

test('a macro defined in one template does not leak into the next render', () => {
  const e = env();
  assert.equal(e.render('{% macro local() %}L{% endmacro %}{{ local() }}', '/p/m1.sql').output, 'L');
  assert.throws(() => e.render('{{ local() }}', '/p/m2.sql'), (err: unknown) => err instanceof TemplateError && /'local' is undefined/.test(err.message));
});

test('adding, replacing and removing macro files takes effect on the next render', () => {
  const e = env();
  assert.equal(e.render('{{ plain() }}', '/p/m.sql').output, 'p');
  e.addMacroFile('proj', '/p/macros/greet.sql', '{% macro plain() %}q{% endmacro %}');
  assert.equal(e.render('{{ plain() }}', '/p/m.sql').output, 'q');
  e.addMacroFile('proj', '/p/macros/extra.sql', '{% macro extra() %}e{% endmacro %}');
  assert.equal(e.render('{{ extra() }}{{ plain() }}', '/p/m.sql').output, 'eq');
  e.removeMacroFile('/p/macros/extra.sql');
  assert.throws(() => e.render('{{ extra() }}', '/p/m.sql'), TemplateError);
});

test('lookup order: root macro over context variable over Jinja global over package namespace', () => {
  const e = env();
  e.addMacroFile('proj', '/p/macros/ref.sql', '{% macro ref(x) %}macro-ref {{ x }}{% endmacro %}');
  const globals = { ref: () => 'context-ref', range: () => 'context-range', utils: 'context-utils' };
  assert.equal(e.render("{{ ref('a') }}|{{ range() }}|{{ utils }}", '/p/m.sql', globals).output, 'macro-ref a|context-range|context-utils');
  assert.equal(e.render('{{ range(3) | list }}|{{ utils.shout("z") }}', '/p/m.sql', {}).output, '[0, 1, 2]|Z');
  // A bare name in a package macro resolves in the rendered node's namespace, as in dbt: the root project's
  // macro for a root-project node, the package's own for the package's nodes.
  e.addMacroFile('proj', '/p/macros/shout.sql', '{% macro shout(x) %}root-shout{% endmacro %}');
  assert.equal(e.render("{{ utils.via() }}|{{ shout('x') }}", '/p/m.sql', { who: 'w' }).output, 'root-shout|root-shout');
  assert.equal(e.render('{{ via() }}|{{ utils.via() }}', '/u/m.sql', { who: 'w' }, 'utils').output, 'W|W');
  // Run by name in the package (run-operation `utils.via`), as dbt's macro context searches the given package.
  assert.equal(e.callMacro('via', [], {}, { who: 'r' }, 'utils'), 'R');
});

test('context values a template never reads are not converted', () => {
  const e = env();
  let reads = 0;
  const unused = {
    get deep() {
      reads++;
      return 1;
    },
  };
  assert.equal(e.render('{{ who }}', '/p/m.sql', { who: 'w', unused }).output, 'w');
  assert.equal(reads, 0);
  assert.equal(e.render('{{ unused.deep }}', '/p/m.sql', { unused }).output, '1');
  assert.equal(reads, 1);
});

test('a render nested in a host function keeps the outer render’s context and calls', () => {
  const e = env();
  let inner: ReturnType<JinjaEnvironment['render']> | undefined;
  const outerGlobals: RenderGlobals = {
    who: 'outer',
    nested: () => {
      inner = e.render('{{ plain() }}{{ greet() }}', '/p/inner.sql', { who: 'inner' });
      return inner.output;
    },
  };
  const outer = e.render('{{ nested() }}/{{ greet() }}', '/p/outer.sql', outerGlobals);
  assert.equal(outer.output, 'phi inner/hi outer');
  assert.deepEqual(outer.macrosCalled, ['macro.proj.greet']);
  assert.deepEqual(inner?.macrosCalled, ['macro.proj.plain', 'macro.proj.greet']);
});

test('callMacro sees its globals and leaves later renders unaffected', () => {
  const e = env();
  assert.equal(e.callMacro('greet', [], {}, { who: 'cm' }), 'hi cm');
  assert.equal(e.callMacro('shout', ['q'], {}, { suffix: '?' }, 'utils'), 'Q?');
  assert.equal(e.render('{{ greet() }}', '/p/m.sql', { who: 'r' }).output, 'hi r');
  const rel = new JinjaObject({ name: 'n' }, { str: () => 'REL' });
  assert.equal(e.render('{{ who }}', '/p/m.sql', (resolver) => ({ who: String(resolver.call(resolver.find('plain'), [])) + String(rel.hooks.str?.()) })).output, 'pREL');
});
