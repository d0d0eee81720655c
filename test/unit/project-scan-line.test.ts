// A SQL file's scan stored in the parse cache (project/scan-line.ts) must read back as the scan itself: every call,
// argument, keyword, range, literal value, and the refs, sources, config and `static` derived from them.
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { scanTemplate } from '../../server/src/project/scanner';
import { scanFromLine, scanLine } from '../../server/src/project/scan-line';
import { jsonSafe } from '../../server/src/project/parse-cache';
import { sqlFiles, variants } from './helpers/template-variants';

const ROOT = path.resolve(import.meta.dirname, '..', 'fixtures');
const seedOf = (rel: string) => parseInt(createHash('sha1').update(rel.split(path.sep).join('/')).digest('hex').slice(0, 8), 16) + 1;

/** The scan as everything downstream can observe it (toJSON works out every range). */
const observed = (s: ReturnType<typeof scanTemplate>) => JSON.stringify({ ...s, refs: s.refs, keys: Object.keys(s.config), proto: Object.getPrototypeOf(s.config) === Object.prototype });

describe('parse cache: a SQL file as its scan line', () => {
  it('reads back the same scan for every fixture .sql file and its mutated variants', () => {
    const files = sqlFiles(ROOT);
    assert.ok(files.length > 50, `expected the fixtures' .sql files, found ${files.length}`);
    let stored = 0;
    let texts = 0;
    for (const file of files) {
      const seed = seedOf(path.relative(ROOT, file));
      for (const t of variants(fs.readFileSync(file, 'utf8'), seed)) {
        texts++;
        const scan = scanTemplate(t);
        const line = scanLine(scan, t);
        if (!line) {
          // Left to be scanned again: definitions, problems, or a literal JSON cannot carry (`[1, undefined]`).
          assert.ok(scan.definitions.length > 0 || scan.problems.length > 0 || !jsonSafe(scan.calls.map((c) => c.args.map((a) => a.value))) || !jsonSafe(scan.calls.map((c) => Object.values(c.kwargs).map((a) => a.value))), `${file}: variant ${texts} not stored`);
          continue;
        }
        stored++;
        const back = scanFromLine(JSON.parse(JSON.stringify(line)) as typeof line, t);
        assert.equal(observed(back), observed(scan), `${file}: variant ${texts}`);
        // The refs keep their own call and argument (ranges are read through them).
        for (let i = 0; i < scan.refs.length; i++) assert.deepEqual(back.refs[i].nameRange, scan.refs[i].nameRange);
      }
    }
    assert.ok(stored > texts / 2, `most texts have a line (${stored} of ${texts})`);
  });

  it('does not store a file with definitions or scan problems, nor a value JSON cannot carry', () => {
    const macro = "{% macro m(a) %}select {{ ref('x') }}{% endmacro %}";
    assert.equal(scanLine(scanTemplate(macro), macro), undefined);
    const unclosed = "select {{ ref('x') ";
    const s = scanTemplate(unclosed);
    if (s.problems.length > 0) assert.equal(scanLine(s, unclosed), undefined);
    const nan = "{{ config(x=[1, none, 2]) }} select 1";
    const line = scanLine(scanTemplate(nan), nan);
    if (line) assert.equal(JSON.stringify(scanFromLine(JSON.parse(JSON.stringify(line)) as typeof line, nan)), JSON.stringify(scanTemplate(nan)));
  });
});
