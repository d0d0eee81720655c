import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePathGlob, fnmatch, parseSelector, parseSelectors, SelectorError, SELECTOR_FORMS } from '../../server/src/graph';

test('a bare name is an fqn criterion spanning the whole text', () => {
  assert.deepEqual(parseSelector('stg_users'), {
    kind: 'criterion',
    raw: 'stg_users',
    method: 'fqn',
    explicitMethod: false,
    methodArgs: [],
    value: 'stg_users',
    childrensParents: false,
    parents: false,
    children: false,
    start: 0,
    end: 9,
  });
});

test('graph operators with depths on both sides of an explicit method', () => {
  const c = parseSelector('2+tag:nightly+1');
  assert.equal(c.kind, 'criterion');
  if (c.kind !== 'criterion') return;
  assert.deepEqual(
    [c.method, c.value, c.parents, c.parentsDepth, c.children, c.childrenDepth, c.childrensParents],
    ['tag', 'nightly', true, 2, true, 1, false],
  );
  const plain = parseSelector('+m+');
  assert.ok(plain.kind === 'criterion' && plain.parents && plain.children);
  assert.equal(plain.kind === 'criterion' && plain.parentsDepth, undefined);
  const at = parseSelector('@m');
  assert.ok(at.kind === 'criterion' && at.childrensParents && !at.parents && at.value === 'm');
});

test('the default method is inferred from the value as dbt does', () => {
  const method = (s: string): string => {
    const c = parseSelector(s);
    return c.kind === 'criterion' ? c.method : c.kind;
  };
  assert.equal(method('models/staging'), 'path');
  assert.equal(method('models/staging/stg_users.sql'), 'path');
  assert.equal(method('stg_users.sql'), 'file');
  assert.equal(method('load.py'), 'file');
  assert.equal(method('proj.staging.*'), 'fqn');
  assert.equal(method('stg_*'), 'fqn');
});

test('config.<key> keeps the key path as method arguments', () => {
  const c = parseSelector('config.meta.owner:ana');
  assert.ok(c.kind === 'criterion');
  if (c.kind !== 'criterion') return;
  assert.equal(c.method, 'config');
  assert.deepEqual(c.methodArgs, ['meta', 'owner']);
  assert.equal(c.value, 'ana');
  assert.equal(c.explicitMethod, true);
});

test('space is union and comma is intersection, with character spans', () => {
  const e = parseSelector('a  tag:x,b+');
  assert.equal(e.kind, 'union');
  if (e.kind !== 'union') return;
  assert.equal(e.items.length, 2);
  const [first, second] = e.items;
  assert.ok(first.kind === 'criterion' && first.start === 0 && first.end === 1);
  assert.equal(second.kind, 'intersection');
  if (second.kind !== 'intersection') return;
  assert.deepEqual(
    second.items.map((c) => [c.method, c.value, c.start, c.end, c.children]),
    [
      ['tag', 'x', 3, 8, false],
      ['fqn', 'b', 9, 11, true],
    ],
  );
});

test('parseSelectors unions several arguments and skips blank ones', () => {
  const e = parseSelectors(['a', ' ', 'b c']);
  assert.ok(e && e.kind === 'union' && e.items.length === 2);
  assert.equal(parseSelectors([]), null);
  assert.equal(parseSelectors(['  ']), null);
});

/** Asserts the selector fails at `offset` with a reason containing `needle`. */
function fails(selector: string, offset: number, needle: string): void {
  assert.throws(
    () => parseSelector(selector),
    (err: unknown) => {
      assert.ok(err instanceof SelectorError, `expected SelectorError, got ${String(err)}`);
      assert.equal(err.offset, offset, `offset for ${JSON.stringify(selector)}: ${err.reason}`);
      assert.ok(err.reason.includes(needle), `reason ${JSON.stringify(err.reason)} lacks ${JSON.stringify(needle)}`);
      assert.equal(err.code, 'bronze/invalid-selector');
      return true;
    },
  );
}

test('parse errors point at the offending character and say what to write instead', () => {
  fails('tag:', 3, "'tag' needs a value after ':', e.g. tag:nightly");
  fails('  tag:', 5, 'needs a value');
  fails('a,,b', 2, "two ',' in a row");
  fails('a,', 1, 'needs a criterion after it');
  fails(',a', 0, 'needs a criterion before it');
  fails('x @+m', 3, "'@' and a '+' prefix cannot be combined");
  fails('a+b', 1, "'+' is a graph operator");
  fails('+', 0, 'a graph operator needs a node');
  fails('ok foo:bar', 3, "unknown method 'foo'. Supported methods: fqn, tag, path, file, package, source");
  fails('result:error+', 0, "the 'result' method is not supported");
  fails('state:changed+', 6, "'changed' is not a state selector. Accepted: new, old, modified, unmodified, modified.body");
  fails('exposure:weekly', 0, 'Bronze does not load exposures');
  fails('metric:revenue', 0, 'Bronze does not load metrics');
  fails('config:table', 0, "'config' needs a key, e.g. config.materialized:incremental");
  fails('tag.x:y', 3, "the 'tag' method takes no '.x' argument");
  fails('resource_type:exposure', 14, 'Bronze does not load exposure nodes. Accepted: model, test, unit_test, source, seed, snapshot, analysis');
  fails('resource_type:modle', 14, "'modle' is not a resource type");
  fails('test_type:foo', 10, "'foo' is not a test type. Accepted: generic, singular, unit");
  fails('source:a.b.c.d', 7, 'at most three parts');
  fails(':x', 0, 'needs a method name');
  fails('   ', 0, 'the selector is empty');
});

test('the error message shows the selector with a caret and the accepted forms', () => {
  try {
    parseSelector('a tag:');
    assert.fail('expected a SelectorError');
  } catch (err) {
    assert.ok(err instanceof SelectorError);
    assert.equal(
      err.message,
      `Invalid selector "a tag:" at character 6: 'tag' needs a value after ':', e.g. tag:nightly.\n` +
        `  a tag:\n       ^\n${SELECTOR_FORMS}`,
    );
  }
});

test('fnmatch and path globs follow Python fnmatch / pathlib rules', () => {
  assert.equal(fnmatch('stg_users', 'stg_*'), true);
  assert.equal(fnmatch('proj.staging.stg_users', 'proj.*'), true); // `*` crosses dots
  assert.equal(fnmatch('dim_users', '?im_users'), true);
  assert.equal(fnmatch('dim_users', '[dr]im_users'), true);
  assert.equal(fnmatch('dim_users', '[!d]im_users'), false);
  assert.equal(fnmatch('a.b', 'a?b'), true);
  assert.equal(fnmatch('axb', 'a.b'), false); // `.` is literal
  assert.equal(fnmatch('Stg', 'stg'), false);
  assert.equal(compilePathGlob('models/*.sql').test('models/a.sql'), true);
  assert.equal(compilePathGlob('models/*.sql').test('models/x/a.sql'), false); // `*` stays in one folder
  assert.equal(compilePathGlob('models/**/a.sql').test('models/a.sql'), true);
  assert.equal(compilePathGlob('models/**/a.sql').test('models/x/y/a.sql'), true);
});
