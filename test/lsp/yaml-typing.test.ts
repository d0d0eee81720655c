// Typing in a schema.yml goes through states that do not parse. The language server keeps the file's last good
// declarations for the rest of the project until it parses again, so only the file being typed in shows errors:
// no other file's diagnostics change (flicker) on any publication in between.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { runCheck } from '../../client/src/cli/check';
import { startServer, type TestServer } from './harness';

const SCHEMA = 'models/bronze/schema.yml';
const USERS = 'models/bronze/bz_users.sql';
const MEETINGS = 'models/bronze/bz_meetings.sql';
const PROJECT = 'dbt_project.yml';

/** A client's document notifications to the server `server()` gives: open a project file as on disk, replace its text. */
function editor(server: () => TestServer) {
  let version = 1;
  const text = (rel: string) => readFileSync(server().file(rel), 'utf8');
  const open = (rel: string) =>
    server().conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: server().uri(rel), languageId: rel.endsWith('.yml') ? 'yaml' : 'jinja-sql', version: version++, text: text(rel) },
    });
  const change = (rel: string, body: string) =>
    server().conn.sendNotification('textDocument/didChange', { textDocument: { uri: server().uri(rel), version: version++ }, contentChanges: [{ text: body }] });
  return { text, open, change };
}

describe('typing a broken schema.yml', () => {
  let s: TestServer;
  const { text, open, change } = editor(() => s);

  before(async () => {
    s = await startServer(['base'], { BRONZE_TEST: '1' });
    await open(USERS);
    await open(MEETINGS);
    await open(SCHEMA);
    await s.waitForDiagnostics(s.uri(MEETINGS), () => true);
    await s.waitForDiagnostics(s.uri(SCHEMA), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it('only the schema file shows errors while it is typed line by line; the other files never flicker', async () => {
    const baseline = new Map(s.diagnostics);
    const from = s.published.length;
    const good = text(SCHEMA);
    const lines = good.split('\n');
    const at = lines.indexOf('      - name: meetings');
    assert.ok(at > 0);
    const withLines = (replace: string[], insertAfter: string[] = []) => [...lines.slice(0, at), ...replace, ...insertAfter, ...lines.slice(at + 1)].join('\n');
    // Each state is the whole buffer after the user typed one more line (or closed a quote).
    const states: [body: string, parses: boolean][] = [
      [withLines(['      - name: "meetings']), false], // an unclosed quote on the line that declares raw.meetings
      [withLines(['      - name: "meetings"']), true],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting"]), false],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting", '   - name: lost_indent']), false],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting events'", '   - name: lost_indent']), false],
      [withLines(['      - name: "meetings"'], ["        description: 'Meeting events'"]), true],
      [good, true],
    ];
    for (const [body, parses] of states) {
      await change(SCHEMA, body);
      const d = await s.waitForDiagnostics(s.uri(SCHEMA), (l) => l.some((x) => x.code === 'bronze/yaml-syntax') === !parses);
      if (!parses) {
        const errors = d.filter((x) => x.code === 'bronze/yaml-syntax');
        assert.equal(errors.length, 1, JSON.stringify(d));
        assert.match(String(errors[0].message), /dbt cannot read this file until it is fixed; until then the rest of the project keeps what the last version of this file that parsed declared\.$/);
      }
    }
    // Let anything still queued be published before judging.
    await new Promise((r) => setTimeout(r, 800));
    const others = s.published.slice(from).filter((p: PublishDiagnosticsParams) => p.uri !== s.uri(SCHEMA));
    for (const p of others) assert.deepEqual(p.diagnostics, baseline.get(p.uri) ?? [], `diagnostics of ${p.uri} changed while ${SCHEMA} was typed`);
    assert.deepEqual(s.diagnostics.get(s.uri(MEETINGS)), baseline.get(s.uri(MEETINGS)));
    assert.deepEqual(s.diagnostics.get(s.uri(USERS)), baseline.get(s.uri(USERS)));
    assert.deepEqual(s.diagnostics.get(s.uri(SCHEMA)), baseline.get(s.uri(SCHEMA)));
  });
});

// A schema file that does not parse when the whole project is (re)loaded has no good text to hold: it is loaded
// broken, and a model using a name it may declare gets one bronze/yaml-unresolved error. Once the file parses, that
// model must be checked again, even when nothing it names is declared there now (before the fix it kept the stale
// error; found by the robustness test).
describe('a schema file broken at a whole-project reload, then fixed', () => {
  let s: TestServer;
  const { text, open, change } = editor(() => s);
  const codes = (rel: string) => (s.diagnostics.get(s.uri(rel)) ?? []).map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)}`).sort();

  before(async () => {
    s = await startServer(['base'], { BRONZE_TEST: '1' });
    for (const rel of [USERS, MEETINGS, SCHEMA, PROJECT]) await open(rel);
    await s.waitForDiagnostics(s.uri(USERS), () => true);
  });
  after(async () => {
    await s.stop();
  });

  it('the model blamed on it is checked again once it parses, and shows what bronze check shows', async () => {
    const project = text(PROJECT);
    // The schema file is typed broken while it is outside the model paths (nothing to hold), then the paths come back.
    await change(PROJECT, project.replace("model-paths: ['models']", "model-paths: ['elsewhere']"));
    await s.waitForDiagnostics(s.uri(USERS), (l) => l.some((d) => d.code === 'bronze/model-outside-paths'));
    const broken = 'version: 2\n\nsources:\n  - name: raw\n    tables:\n      - name: users\n          - name: meetings\n';
    await change(SCHEMA, broken);
    await change(PROJECT, project);
    await s.waitForDiagnostics(s.uri(USERS), (l) => l.some((d) => d.code === 'bronze/yaml-unresolved'));
    // It parses now and declares nothing: both models use an undeclared source.
    const fixed = 'version: 2\n';
    await change(SCHEMA, fixed);
    await s.waitForDiagnostics(s.uri(SCHEMA), (l) => !l.some((d) => d.code === 'bronze/yaml-syntax'));
    await s.waitForDiagnostics(s.uri(MEETINGS), (l) => l.some((d) => d.code === 'bronze/unknown-source'));
    // Let anything still queued be published before judging.
    await new Promise((r) => setTimeout(r, 800));
    writeFileSync(s.file(SCHEMA), fixed);
    const checked = await runCheck({ projectDir: s.root, env: {} });
    const viaCheck = checked.diagnostics.filter((d) => d.file === USERS).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`).sort();
    assert.ok(viaCheck.some((c) => c.endsWith(' bronze/unknown-source')), JSON.stringify(viaCheck));
    assert.deepEqual(codes(USERS), viaCheck);
  });
});
