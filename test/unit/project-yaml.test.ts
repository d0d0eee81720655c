import { test } from 'node:test';
import { YamlFloat } from '../../server/src/core/yaml-python-values';
import assert from 'node:assert/strict';
import { formatPath, parseYaml } from '../../server/src/project/yaml-source';
import { modelEntrySchema, projectFileSchema, validate } from '../../server/src/project/schemas';
import { didYouMean } from '../../server/src/project/did-you-mean';

const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

test('a valid file takes the fast path and has no diagnostics', () => {
  const y = parseYaml('/p/a.yml', 'models:\n  - name: a\n');
  assert.equal(y.ok, true);
  assert.deepEqual(y.value, { models: [{ name: 'a' }] });
});

test('a YAML syntax error is located exactly', () => {
  const y = parseYaml('/p/a.yml', 'version: 2\nmodels:\n  - name: a\n    tests: [a, b]]\n');
  assert.equal(y.ok, false);
  assert.equal(y.diagnostics.length, 1);
  const d = y.diagnostics[0];
  assert.equal(d.code, 'bronze/yaml-syntax');
  assert.equal(d.severity, 'error');
  assert.equal(d.file, '/p/a.yml');
  assert.deepEqual(d.range, r(3, 17, 3, 18));
  assert.match(d.message, /^YAML syntax error: .*\. dbt cannot read this file until it is fixed; Bronze reads the rest of it without the lines that do not parse\.$/);
});

test('an unclosed flow sequence at the end of the file points at its opening bracket', () => {
  const y = parseYaml('/p/b.yml', 'models:\n  - name: a\n    tests: [not_null\n');
  assert.deepEqual(y.diagnostics[0].range, r(2, 11, 2, 12));
  assert.deepEqual(y.value, { models: [{ name: 'a', tests: null }] });
});

test('zod issue paths map onto key and value ranges', () => {
  const text = 'models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - not_null\n';
  const y = parseYaml('/p/s.yml', text);
  assert.deepEqual(y.rangeOf(['models', 0, 'columns', 0, 'tests', 0]), r(5, 12, 5, 20));
  assert.deepEqual(y.rangeOf(['models', 0, 'columns'], 'key'), r(2, 4, 2, 11));
  assert.deepEqual(y.rangeOf(['models', 0, 'columns', 0, 'description']), r(3, 8, 3, 16));
  assert.equal(formatPath(['models', 3, 'columns', 1, 'tests', 0]), 'models[3].columns[1].tests[0]');
});

test('unknown keys are warnings with a did-you-mean; the data is still returned', () => {
  const res = validate(modelEntrySchema, { name: 'a', descripton: 'x' }, 'model', ['models', 0]);
  assert.deepEqual(res.data, { name: 'a', descripton: 'x' });
  assert.deepEqual(res.issues, [
    {
      path: ['models', 0, 'descripton'],
      part: 'key',
      severity: 'warning',
      code: 'bronze/unknown-key',
      message: 'Unknown key `descripton` in model at models[0].descripton; it is ignored. Did you mean `description`?',
    },
  ]);
});

test('wrong types and missing keys are schema-invalid errors stating the expected shape', () => {
  const missing = validate(modelEntrySchema, { description: 'x' }, 'model', ['models', 2]);
  assert.equal(missing.data, undefined);
  assert.equal(missing.issues[0].code, 'bronze/schema-invalid');
  assert.equal(missing.issues[0].message, 'Missing required key `name` (a string) in model at models[2]. Add it.');
  const wrong = validate(projectFileSchema, { name: 'p', 'model-paths': 'models' }, 'dbt_project.yml');
  assert.equal(wrong.issues[0].message, 'Wrong type for dbt_project.yml at model-paths: expected a list, got string "models". Change the value to a list.');
  const union = validate(modelEntrySchema, { name: 'a', config: { tags: 3 } }, 'model');
  assert.equal(union.issues[0].message, 'Wrong shape for model at config.tags: expected one of a string; a list. Rewrite the value in one of these forms.');
});

test('did-you-mean picks the closest key within a length-scaled distance', () => {
  assert.equal(didYouMean('materialised', ['materialized', 'schema']), 'materialized');
  assert.equal(didYouMean('zzz', ['materialized', 'schema']), undefined);
});

test('a block scalar that ends the file without a line break has no trailing newline, as in PyYAML', () => {
  assert.deepEqual(parseYaml('/p/c.yml', 'models:\n  - name: a\n    description: |\n      line one\n      line two').value, {
    models: [{ name: 'a', description: 'line one\nline two' }],
  });
  assert.deepEqual(parseYaml('/p/c.yml', 'd: |\n  text\n').value, { d: 'text\n' });
});

test('broken files never throw: empty values next to an unclosed quote or bracket', () => {
  const a = parseYaml('/p/d.yml', 'a:\nb: "unclosed\n');
  assert.deepEqual(a.value, { a: null, b: null });
  assert.equal(a.diagnostics.length, 1);
  const b = parseYaml('/p/d.yml', 'a:\n  - x\n  -\nb: [1,\n');
  assert.deepEqual(b.value, { a: ['x', null], b: null });
});

test('merge keys and anchors read as PyYAML reads them: explicit keys win, earlier merge sources win', () => {
  const y = parseYaml('/p/m.yml', 'x: &x {a: 1, b: 2}\ny: &y {b: 3, c: 4}\nz:\n  <<: [*x, *y]\n  a: 9\nw:\n  a: 0\n  <<: *x\n');
  assert.equal(y.ok, true);
  assert.deepEqual(y.value, { x: { a: 1, b: 2 }, y: { b: 3, c: 4 }, z: { a: 9, b: 2, c: 4 }, w: { a: 0, b: 2 } });
});

test('a repeated key is a warning naming both lines; the later value wins and the file reads', () => {
  const y = parseYaml('/p/a.yml', 'version: 2\nmodels:\n  - name: a\n    name: b\n');
  assert.equal(y.ok, true);
  assert.deepEqual(y.value, { version: 2, models: [{ name: 'b' }] });
  assert.deepEqual(
    y.diagnostics.map((d) => [d.range, d.severity, d.code, d.message]),
    [[r(3, 4, 3, 8), 'warning', 'bronze/yaml-duplicate-key', "Key 'name' appears twice in this mapping (lines 3 and 4); dbt keeps the later value (line 4). Remove one of them."]],
  );
  assert.deepEqual(y.rangeOf(['models', 0, 'name']), r(3, 10, 3, 11));
});

test('explicit tags construct their type as PyYAML does', () => {
  // PyYAML 6: yaml.safe_load of the same text.
  const y = parseYaml('/p/t.yml', 'a: !!bool no\nb: !!bool "yes"\nc: !!int "3"\nd: !!str 1\ne: !!float 2\nf: !!float 1e3\ng: !!int 010\n');
  assert.deepEqual(y.value, { a: false, b: true, c: 3, d: '1', e: new YamlFloat(2), f: new YamlFloat(1000), g: 8 });
});
