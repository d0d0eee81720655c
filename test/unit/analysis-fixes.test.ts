// Quick fixes: applying the edits a diagnostic offers makes that diagnostic go away (and adds no other).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { TextEdit } from '../../server/src/core/types';
import { LineIndex } from '../../server/src/project/line-index';
import { codeActions } from '../../server/src/analysis/code-actions';
import { fixtureProject } from '../lsp/fixture-project';

function apply(text: string, edits: TextEdit[]): string {
  const li = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => li.offsetAt(b.range.start) - li.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, li.offsetAt(e.range.start)) + e.newText + out.slice(li.offsetAt(e.range.end));
  return out;
}

async function fixRoundTrip(fixture: string, code: string, title: string, expectFile: string, expectText: (before: string) => string): Promise<void> {
  const p = await fixtureProject(fixture);
  try {
    const d = p.diagnostics().find((x) => x.code === code);
    assert.ok(d, `no ${code} in ${fixture}`);
    const actions = codeActions(p.ws, p.file(d.file), d.range);
    const action = actions.find((a) => a.title === title);
    assert.ok(action, `no action '${title}' among ${JSON.stringify(actions.map((a) => a.title))}`);
    const target = p.file(expectFile);
    const before = readFileSync(target, 'utf8');
    const edits = action.fix.edits.filter((e) => e.file === target);
    assert.equal(edits.length, action.fix.edits.length, 'every edit goes to the expected file');
    const after = apply(before, edits);
    assert.equal(after, expectText(before));
    await p.ws.setText(target, after);
    assert.deepEqual(p.diagnostics().map((x) => x.code), []);
  } finally {
    p.cleanup();
  }
}

describe('quick fixes', () => {
  it("unknown-ref: replaces the name with the did-you-mean model", async () => {
    await fixRoundTrip('unknown-ref', 'bronze/unknown-ref', "Change to ref('bz_users')", 'models/bronze/bz_meetings.sql', (t) => t.replace("ref('bz_user')", "ref('bz_users')"));
  });

  it('unknown-source: adds the table to the source in schema.yml', async () => {
    await fixRoundTrip('unknown-source', 'bronze/unknown-source', "Add table 'meeting_events' to source 'raw' in schema.yml", 'models/bronze/schema.yml', (t) =>
      t.replace('    tables:\n      - name: users\n', '    tables:\n      - name: meeting_events\n      - name: users\n'),
    );
  });

  it('pii-untagged: adds a pii tag to the column entry', async () => {
    await fixRoundTrip('pii-untagged', 'bronze/pii-untagged', "Tag column 'email' as PII", 'models/bronze/schema.yml', (t) =>
      t.replace("      - name: email\n      - name: user_name", "      - name: email\n        tags: ['pii']\n      - name: user_name"),
    );
  });
});
