// yaml-fast.ts must give exactly the dbt-compatible reader's value (yaml-dbt.ts) for every text it accepts, and
// accept nothing that reader rejects:
// checked on every YAML fixture of the repository, the demo project, a generated big-project schema.yml, and
// thousands of random mutations of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadDbtYaml } from '../../server/src/project/yaml-dbt';
import { loadSimpleYaml, NOT_SIMPLE } from '../../server/src/project/yaml-fast';
import { YamlFloat, YamlTimestamp } from '../../server/src/core/yaml-python-values';
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

/** yaml-dbt.ts's value, or an Error when the text has a syntax error. */
function reference(text: string): unknown {
  const r = loadDbtYaml(text);
  const err = r.problems.find((p) => p.severity === 'error');
  return err ? new Error(err.message) : r.value;
}

function corpus(): string[] {
  const texts = yamlFiles(path.join(REPO, 'test')).map((f) => readFileSync(f, 'utf8'));
  for (const [name, text] of Object.entries(demoProjectFiles())) if (/\.ya?ml$/.test(name)) texts.push(text);
  return texts;
}

test('accepted texts read exactly as the dbt-compatible reader reads them; the plain schema.yml shape is accepted', () => {
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
  assert.deepEqual(fast, reference(plain));
});

test('texts outside the plain shape go to the dbt-compatible reader', () => {
  for (const t of [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: "esc\\n"\n',
    'a: {b: 1}\n',
    'a: =\n',
    'yes: 1\n',
    'null: 1\n',
    '+1: x\n',
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

test('random mutations: whatever is accepted equals the dbt-compatible reader, and nothing it rejects is accepted', () => {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const texts = corpus().filter((t) => t.length < 20_000);
  const inserts = ['yes', 'off', 'y', '1e3', '0x1F', '010', '1:30', '.5', '=', '<<', '\n-\n', '\n  -\n', '\n    -\n', 'k:\n', '\n  k:\n', ':', ': ', '#', ' #', "'", '"', '-', '- ', ' ', '  ', '\t', '[', ']', '{', '}', ',', '\n', 'x', '1', '.', '&a ', '*a', '!', '|', '>', '%', '@', '~', 'null', 'true', '0x1', '2024-01-01'];
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
    assert.ok(!(ref instanceof Error), `accepted what the dbt-compatible reader rejects (${ref instanceof Error ? ref.message.split('\n')[0] : ''}):\n${t}`);
    assert.ok(isDeepStrictEqual(fast, ref), `differs from the dbt-compatible reader:\n${t}`);
  }
  assert.ok(accepted > 500, `${accepted} of ${checked} mutated texts accepted`);
});

test('plain scalars resolve as PyYAML SafeLoader resolves them (YAML 1.1), on both readers', () => {
  // Expected values are PyYAML 6's `yaml.safe_load('k: <scalar>')['k']`.
  const cases: [string, unknown][] = [
    ['yes', true], ['Yes', true], ['YES', true], ['on', true], ['On', true], ['ON', true], ['true', true], ['True', true],
    ['no', false], ['No', false], ['NO', false], ['off', false], ['Off', false], ['OFF', false], ['FALSE', false],
    ['y', 'y'], ['n', 'n'], ['Y', 'Y'], ['oFF', 'oFF'], ['yES', 'yES'],
    ['~', null], ['null', null], ['Null', null], ['NULL', null],
    ['1e3', '1e3'], ['1.0e3', '1.0e3'], ['1.0e+3', new YamlFloat(1000)], ['.5', 0.5], ['-.5', '-.5'], ['0.', new YamlFloat(0)], ['1.', new YamlFloat(1)], ['-1.5', -1.5],
    ['5.0', new YamlFloat(5)], ['-2.0', new YamlFloat(-2)], ['1:30.0', new YamlFloat(90)],
    ['09', '09'], ['010', 8], ['0o7', '0o7'], ['0x1F', 31], ['0b101', 5], ['1_000', 1000], ['1:30', 90], ['1:30.5', 90.5], ['190:20:30', 685230],
    ['-0', 0], ['+1', 1], ['.inf', Infinity], ['-.INF', -Infinity], ['2024-1-3', '2024-1-3'], ['_1', '_1'],
    // A whole float stays a float (Python prints 5.0); timestamps are dates or datetimes, offsets kept as written.
    ['2024-01-31', new YamlTimestamp(Date.UTC(2024, 0, 31) * 1000, 'date', undefined)],
    ['2024-01-31 10:20:30.5', new YamlTimestamp(Date.UTC(2024, 0, 31, 10, 20, 30) * 1000 + 500000, 'datetime', undefined)],
    ['2024-01-31T10:20:30Z', new YamlTimestamp(Date.UTC(2024, 0, 31, 10, 20, 30) * 1000, 'datetime', 0)],
    ['2024-01-31t10:20:30.1234567-05:30', new YamlTimestamp(Date.UTC(2024, 0, 31, 10, 20, 30) * 1000 + 123456, 'datetime', -330)],
  ];
  for (const [text, want] of cases) {
    const doc = `k: ${text}\n`;
    const fast = loadSimpleYaml(doc);
    const got = loadDbtYaml(doc).value as { k: unknown };
    assert.deepEqual(got.k, want, `dbt reader, ${text}`);
    if (fast !== NOT_SIMPLE) assert.deepEqual((fast as { k: unknown }).k, want, `fast reader, ${text}`);
  }
  assert.ok(Number.isNaN((loadDbtYaml('k: .NaN\n').value as { k: number }).k));
});

test('whole floats and timestamps print as Python prints them, and JSON-encode dates as dbt does', () => {
  // Python 3: str(5.0), str(-0.0), str(1e16), str(1.5e17); str()/isoformat() of PyYAML's date and datetimes.
  assert.deepEqual([new YamlFloat(5), new YamlFloat(-0), new YamlFloat(1e16), new YamlFloat(1.5e17)].map(String), ['5.0', '-0.0', '1e+16', '1.5e+17']);
  const v = loadDbtYaml('a: 2024-01-31\nb: 2024-01-31 10:20:30.5\nc: 2024-01-31T10:20:30Z\nd: 2024-01-31 10:20:30 +02:00\n').value as Record<string, YamlTimestamp>;
  assert.deepEqual(Object.values(v).map(String), ['2024-01-31', '2024-01-31 10:20:30.500000', '2024-01-31 10:20:30+00:00', '2024-01-31 10:20:30+02:00']);
  assert.equal(JSON.stringify({ ...v, f: new YamlFloat(5) }), '{"a":"2024-01-31","b":"2024-01-31T10:20:30.500000","c":"2024-01-31T10:20:30+00:00","d":"2024-01-31T10:20:30+02:00","f":5}');
  assert.equal(v.d.toDate().toISOString(), '2024-01-31T08:20:30.000Z');
});
