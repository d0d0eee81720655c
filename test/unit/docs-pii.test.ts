import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { docsPii } from '../../client/src/cli/docs';
import { classifyColumn, formatPiiReport } from '../../server/src/docs/pii';

test('classifyColumn: tag pii, meta pii: true, classification and pii_type each mark a column', () => {
  assert.equal(classifyColumn({ tags: [], meta: {} }), undefined);
  assert.equal(classifyColumn({ tags: ['bronze'], meta: { pii: false } }), undefined);
  assert.deepEqual(classifyColumn({ tags: ['PII'], meta: {} }), { classification: 'pii', reasons: ['tag'] });
  assert.deepEqual(classifyColumn({ tags: [], meta: { pii: true } }), { classification: 'pii', reasons: ['meta.pii'] });
  assert.deepEqual(classifyColumn({ tags: [], meta: { pii_type: 'email' } }), { classification: 'email', reasons: ['meta.pii_type'] });
  assert.deepEqual(classifyColumn({ tags: ['pii'], meta: { pii: true, classification: 'contact', pii_type: 'email' } }), {
    classification: 'contact',
    reasons: ['tag', 'meta.pii', 'meta.classification', 'meta.pii_type'],
  });
});

test('docsPii on the demo project: the e-mail and name columns of raw.users and bz_users, located', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bronze-docs-pii-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeDemoProject(dir);
  const rows = await docsPii({ projectDir: dir });
  assert.deepEqual(
    rows.map((r) => [r.resourceType, r.name, r.column, r.classification, r.reasons.join('+'), r.dataType, r.file]),
    [
      ['model', 'bz_users', 'email', 'contact', 'tag+meta.pii+meta.classification', 'STRING', 'models/bronze/schema.yml'],
      ['model', 'bz_users', 'user_name', 'personal_name', 'tag+meta.pii+meta.classification', 'STRING', 'models/bronze/schema.yml'],
      ['source', 'raw.users', 'email', 'contact', 'tag+meta.pii+meta.classification', 'STRING', 'models/sources.yml'],
      ['source', 'raw.users', 'user_name', 'personal_name', 'tag+meta.pii+meta.classification', 'STRING', 'models/sources.yml'],
    ],
  );
  for (const r of rows) assert.ok(typeof r.line === 'number' && r.line > 1, `${r.name}.${r.column} has a line`);
  const text = formatPiiReport(rows);
  const lines = text.split('\n');
  assert.match(lines[0], /^resource\s+column\s+classification\s+documented at$/);
  assert.match(lines[1], /^model bz_users\s+email\s+contact\s+models\/bronze\/schema\.yml:\d+$/);
  assert.equal(lines.at(-2), '4 PII columns in 2 resources.');
  assert.equal(formatPiiReport([]), 'No PII-classified columns (tag `pii`, or meta `pii: true` / `classification` / `pii_type`).\n');
});
