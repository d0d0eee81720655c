// A column declared with `quote: true` (or in a source under `quoting: {column: true}`) reaches its generic tests
// quoted, as dbt passes it (`column_name` is `"org_cd"`): the test finds the column created as "org_cd" on Snowflake,
// where the unquoted org_cd (ORG_CD) fails with invalid identifier. Bronze passed it unquoted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProject } from '../../server/src/project';

const FILES: Record<string, string> = {
  'dbt_project.yml': 'name: p\n',
  'models/m.sql': 'select 1 as "org_cd", 2 as plain',
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: m',
    '    columns:',
    '      - name: org_cd',
    '        quote: true',
    '        data_tests: [not_null]',
    '      - name: plain',
    '        data_tests: [not_null]',
    'sources:',
    '  - name: raw',
    '    quoting: {column: true}',
    '    tables:',
    '      - name: t',
    '        columns:',
    '          - name: web_cd',
    '            data_tests: [not_null]',
    '          - name: off_cd',
    '            quote: false',
    '            data_tests: [not_null]',
    '',
  ].join('\n'),
};

test('generic tests of quoted columns get the quoted column_name and dbt\'s names', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bronze-quoted-col-tests-'));
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const p = await loadProject(dir, { env: { HOME: path.join(dir, '.home') } });
    const columns = new Map([...p.tests.values()].map((t) => [t.name, t.testMetadata?.kwargs.column_name]));
    assert.deepEqual(Object.fromEntries(columns), {
      not_null_m__org_cd_: '"org_cd"',
      not_null_m_plain: 'plain',
      source_not_null_raw_t__web_cd_: '"web_cd"',
      source_not_null_raw_t_off_cd: 'off_cd',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
