// Incremental analysis: an edit re-checks the edited model and what depends on it, not the whole project;
// several dbt projects in one workspace are kept apart.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RULES } from '../../server/src/analysis/rules';
import type { Rule } from '../../server/src/analysis/rules/rule';
import { Workspace } from '../../server/src/analysis/workspace';
import { LSP_FIXTURES } from '../lsp/fixture-project';

/** A rule that records which models it is asked to check; `take()` returns them (sorted) and starts afresh. */
function recorder(): { rule: Rule; take(): string[] } {
  let seen: string[] = [];
  const rule: Rule = {
    id: 'bronze/test-recorder',
    severity: 'info',
    scope: 'model',
    description: 'records which models each pass checks',
    check(ctx) {
      seen.push(...ctx.models.map((m) => m.node.name));
      return [];
    },
  };
  return {
    rule,
    take() {
      const out = seen.sort();
      seen = [];
      return out;
    },
  };
}

function tempCopy(...names: string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'bronze-ws-'));
  for (const n of names) cpSync(path.join(LSP_FIXTURES, 'base'), names.length === 1 ? root : path.join(root, n), { recursive: true });
  return root;
}

describe('workspace', () => {
  it('re-checks only the edited model and its dependents', async () => {
    const root = tempCopy('one');
    try {
      const rec = recorder();
      const ws = new Workspace({ env: {}, rules: [...RULES, rec.rule] });
      await ws.addFolder(root);
      assert.deepEqual(rec.take(), ['bz_meetings', 'bz_users']);
      const users = path.join(root, 'models/bronze/bz_users.sql');
      const meetings = path.join(root, 'models/bronze/bz_meetings.sql');
      await ws.setText(users, readFileSync(users, 'utf8') + '\n-- edited\n');
      assert.deepEqual(rec.take(), ['bz_meetings', 'bz_users']);
      await ws.setText(meetings, readFileSync(meetings, 'utf8').replace("ref('bz_users')", "ref('bz_userz')"));
      assert.deepEqual(rec.take(), ['bz_meetings']);
      assert.deepEqual(ws.diagnosticsFor(meetings).map((d) => d.code), ['bronze/unknown-ref']);
      // Closing the buffer reverts to the disk text, and the error goes away.
      await ws.setText(meetings, undefined);
      assert.deepEqual(ws.diagnosticsFor(meetings), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a new model fixes the refs that named it, though they were not edited', async () => {
    const root = tempCopy('one');
    try {
      const ws = new Workspace({ env: {} });
      await ws.addFolder(root);
      const meetings = path.join(root, 'models/bronze/bz_meetings.sql');
      await ws.setText(meetings, readFileSync(meetings, 'utf8').replace("ref('bz_users')", "ref('bz_hosts')"));
      assert.deepEqual(ws.diagnosticsFor(meetings).map((d) => d.code), ['bronze/unknown-ref']);
      await ws.setText(path.join(root, 'models/bronze/bz_hosts.sql'), 'select 1 as user_id\n');
      assert.deepEqual(ws.diagnosticsFor(meetings), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('serves several dbt projects from one workspace folder, each with its own diagnostics', async () => {
    const root = tempCopy('alpha', 'beta');
    try {
      const rec = recorder();
      const ws = new Workspace({ env: {}, rules: [...RULES, rec.rule] });
      const roots = await ws.addFolder(root);
      assert.deepEqual(roots.sort(), [path.join(root, 'alpha'), path.join(root, 'beta')]);
      const betaMeetings = path.join(root, 'beta/models/bronze/bz_meetings.sql');
      assert.equal(ws.projectFor(betaMeetings)?.root, path.join(root, 'beta'));
      rec.take();
      await ws.setText(betaMeetings, readFileSync(betaMeetings, 'utf8').replace("var('lookback_days')", "var('nope')"));
      assert.deepEqual(rec.take(), ['bz_meetings']);
      assert.deepEqual(ws.diagnosticsFor(betaMeetings).map((d) => d.code), ['bronze/undefined-var']);
      assert.deepEqual(ws.diagnosticsFor(path.join(root, 'alpha/models/bronze/bz_meetings.sql')), []);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a new model changes an unknown ref's 'Did you mean' in a model that was not edited (as a fresh load says)", async () => {
    const root = tempCopy('one');
    try {
      const ws = new Workspace({ env: {} });
      await ws.addFolder(root);
      const meetings = path.join(root, 'models/bronze/bz_meetings.sql');
      writeFileSync(meetings, readFileSync(meetings, 'utf8').replace("ref('bz_users')", "ref('zz_meeting_log')"));
      await ws.filesChanged([meetings]);
      const created = path.join(root, 'models/bronze/zz_meeting_logs.sql');
      writeFileSync(created, 'select 1 as id\n');
      await ws.filesChanged([created]);
      const freshWs = new Workspace({ env: {} });
      await freshWs.addFolder(root);
      const message = (w: Workspace) => w.diagnosticsFor(meetings).find((d) => d.code === 'bronze/unknown-ref')?.message;
      assert.match(message(freshWs) ?? '', /Did you mean 'zz_meeting_logs'\?/);
      assert.equal(message(ws), message(freshWs));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("an editor's new ref() in a model with unit tests reaches their given: check (as a fresh load says)", async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'bronze-ws-'));
    cpSync(path.join(LSP_FIXTURES, 'rename-everywhere'), root, { recursive: true });
    try {
      writeFileSync(path.join(root, 'models/bz_extra.sql'), 'select 1 as id\n');
      const ws = new Workspace({ env: {} });
      await ws.addFolder(root);
      const users = path.join(root, 'models/bz_users.sql');
      const text = readFileSync(users, 'utf8') + "\n-- {{ ref('bz_extra') }}\n";
      await ws.setText(users, text);
      writeFileSync(users, text);
      const freshWs = new Workspace({ env: {} });
      await freshWs.addFolder(root);
      const schema = path.join(root, 'models/schema.yml');
      const shown = (w: Workspace) => w.diagnosticsFor(schema).map((d) => `${d.code}: ${d.message}`);
      assert.ok(shown(freshWs).some((m) => /gives no rows for ref\('bz_extra'\)/.test(m)));
      assert.deepEqual(shown(ws), shown(freshWs));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
