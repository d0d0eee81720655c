// NameLocator.find: the forward text search gives exactly the first `name: <value>` match at or after a
// position that a regex over the whole file gives (the index the loader used before), on random schema text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineShift, NameLocator } from '../../server/src/project/locate';
import { LineIndex } from '../../server/src/project/line-index';

const NAME_RE = /(?<![\w-])name[ \t]*:[ \t]*(['"]?)([^\s'",}\]#]+)\1/g;

/** The reference: every regex match's value offset, the first at or after `from`. */
function reference(text: string, name: string, from: number): number {
  NAME_RE.lastIndex = 0;
  for (let m = NAME_RE.exec(text); m; m = NAME_RE.exec(text)) {
    const start = m.index + m[0].length - m[2].length - m[1].length;
    if (m[2] === name && start >= from) return start;
  }
  return -1;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('find agrees with the whole-file regex on random schema text', () => {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const names = ['id', 'user_id', 'id_2', 'name', 'email', 'x-y', 'a'];
  const pieces = ['name: ', 'name:', 'name:\t', 'username: ', 'my-name: ', ' - name: ', "name: '", 'name: "', "'", '"', ' ', '\n', '  ', ':', '#', ',', '}', ']', 'description: the id of name: id', ...names];
  let checked = 0;
  for (let round = 0; round < 1500; round++) {
    let text = '';
    const n = 5 + Math.floor(rand() * 40);
    for (let i = 0; i < n; i++) text += pick(pieces);
    // The one place they differ: a value that swallows the next key (`name: name: id`, `name: a:name: id`), where
    // the regex reads `name:` as the value and never sees the second key. YAML cannot read such a line either.
    if ([...text.matchAll(NAME_RE)].some((m) => m[2].includes(':'))) continue;
    const loc = new NameLocator(text, new LineIndex(text));
    for (const name of names) {
      for (const from of [0, Math.floor(rand() * text.length), text.length]) {
        assert.equal(loc.find(name, from), reference(text, name, from), `${JSON.stringify(text)} ${name} from ${from}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 3000, `${checked} comparisons`);
});

test('find locates entries of a real schema.yml in document order', () => {
  const text = "version: 2\nmodels:\n  - name: users\n    columns:\n      - name: id\n        description: 'name: id'\n      - name: \"email\"\n";
  const loc = new NameLocator(text, new LineIndex(text));
  const users = loc.find('users');
  assert.equal(text.slice(users, users + 5), 'users');
  const id = loc.find('id', users);
  assert.equal(text.slice(id - 6, id + 2), 'name: id');
  assert.equal(loc.find('email', id), text.indexOf('email'));
  assert.equal(loc.find('missing'), -1);
});

test('lineShift maps positions of the parsed text onto an edited one by the lines around the edit', () => {
  const from = 'a\nb\nc\nd\n';
  const to = 'a\nb\nX\nY\nc\nd\n';
  const shift = lineShift(from, to);
  const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character: character + 1 } });
  assert.deepEqual(shift(at(1, 0)), at(1, 0)); // before the edit
  assert.deepEqual(shift(at(3, 0)), at(5, 0)); // after it: moved by the two inserted lines
  const changed = lineShift('a\nold\nz\n', 'a\nnew, longer\nz\n');
  assert.deepEqual(changed(at(1, 2)), { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }); // inside it: its start
});
