// yaml-fast.ts must give exactly js-yaml's value for every text it accepts, and accept nothing js-yaml rejects:
// checked on every YAML fixture of the repository, the demo project, a generated big-project schema.yml, and
// thousands of random mutations of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { load } from 'js-yaml';
import { loadSimpleYaml, NOT_SIMPLE } from '../../server/src/project/yaml-fast';
import { demoProjectFiles } from '../../client/src/demo/project-files';

const REPO = path.resolve(import.meta.dirname, '../..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}

/** js-yaml's value, or an Error when it rejects the text. */
function reference(text: string): unknown {
  try {
    return load(text);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

function corpus(): string[] {
  const texts = yamlFiles(path.join(REPO, 'test')).map((f) => readFileSync(f, 'utf8'));
  for (const [name, text] of Object.entries(demoProjectFiles())) if (/\.ya?ml$/.test(name)) texts.push(text);
  return texts;
}

test('accepted texts read exactly as js-yaml reads them; the plain schema.yml shape is accepted', () => {
  const texts = corpus();
  assert.ok(texts.length >= 20, `${texts.length} YAML texts`);
  let accepted = 0;
  for (const t of texts) {
    const fast = loadSimpleYaml(t);
    if (fast === NOT_SIMPLE) continue;
    accepted++;
    assert.deepEqual(fast, reference(t));
  }
  assert.ok(accepted >= texts.length / 2, `${accepted} of ${texts.length} accepted`);
  const plain = `version: 2
sources:
  - name: raw
    schema: RAW
    loaded_at_field: load_timestamp
    tables:
      - name: users   # the users
        columns:
          - name: id
            data_type: STRING
models:
- name: bz_users
  description: 'It''s the users: deduplicated.'
  config: {}
  tags: [bronze, 'pii', "x y"]
  columns:
    - name: id
      data_tests:
        - unique
        - not_null
        - accepted_values:
            values: [1, 2.5, true, null, ~]
    - name: note
      description: "plain, quoted"
      meta:
        pii: false
        level: -3
`;
  const fast = loadSimpleYaml(plain);
  assert.notEqual(fast, NOT_SIMPLE);
  assert.deepEqual(fast, load(plain));
});

test('texts outside the plain shape go to js-yaml', () => {
  for (const t of [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: "esc\\n"\n',
    'a: {b: 1}\n',
    'a: 2024-01-31\n',
    'a: 0x10\n',
    'a: 1e3\n',
    'a: .inf\n',
    'a: 1\na: 2\n',
    '---\na: 1\n',
    'a:\n\t- 1\n',
    'a: multi\n  line\n',
    'a:\n  b: 1\n c: 2\n',
    '- - nested\n',
    '"quoted key": 1\n',
    'a: b: c\n',
    "a: 'x' # comment with 'quote'\n",
    '<<: {a: 1}\n',
    'a: "quoted # hash"\n',
    'm:\n  - name: a\n    c:\n      - n: 1\n      -\n  - name: b\n',
    'a:\n  - # note\n  - b\n',
  ]) {
    assert.equal(loadSimpleYaml(t), NOT_SIMPLE, JSON.stringify(t));
  }
});

test('random mutations: whatever is accepted equals js-yaml, and nothing js-yaml rejects is accepted', () => {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const texts = corpus().filter((t) => t.length < 20_000);
  const inserts = ['\n-\n', '\n  -\n', '\n    -\n', 'k:\n', '\n  k:\n', ':', ': ', '#', ' #', "'", '"', '-', '- ', ' ', '  ', '\t', '[', ']', '{', '}', ',', '\n', 'x', '1', '.', '&a ', '*a', '!', '|', '>', '%', '@', '~', 'null', 'true', '0x1', '2024-01-01'];
  let accepted = 0;
  let checked = 0;
  for (let round = 0; round < 6000; round++) {
    let t = pick(texts);
    const edits = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) {
      const lines = t.split('\n');
      const i = Math.floor(rand() * lines.length);
      const kind = rand();
      if (kind < 0.2) lines.splice(i, 1);
      else if (kind < 0.35) lines.splice(i, 0, lines[Math.floor(rand() * lines.length)]);
      else if (kind < 0.5) lines[i] = ' '.repeat(Math.floor(rand() * 3)) + lines[i];
      else if (kind < 0.6) lines[i] = lines[i].replace(/^ {1,2}/, '');
      else {
        const at = Math.floor(rand() * (lines[i].length + 1));
        lines[i] = lines[i].slice(0, at) + pick(inserts) + lines[i].slice(at);
      }
      t = lines.join('\n');
    }
    const fast = loadSimpleYaml(t);
    checked++;
    if (fast === NOT_SIMPLE) continue;
    accepted++;
    const ref = reference(t);
    assert.ok(!(ref instanceof Error), `accepted what js-yaml rejects (${ref instanceof Error ? ref.message.split('\n')[0] : ''}):\n${t}`);
    assert.ok(isDeepStrictEqual(fast, ref), `differs from js-yaml:\n${t}`);
  }
  assert.ok(accepted > 500, `${accepted} of ${checked} mutated texts accepted`);
});
