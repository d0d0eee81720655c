// What the suites share in the extension host: the workspace root the harness opens, polling until a condition
// holds, and the activated Bronze extension's API.
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'bronze.bronze';

function root() {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the harness opens the demo project as the workspace folder');
  return folder.uri.fsPath;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy (returned), failing after `timeoutMs`. */
async function until(what, fn, timeoutMs = 30000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Activates Bronze and waits until it has found the workspace's projects; returns its API. */
async function activateBronze() {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is loaded`);
  const api = await ext.activate();
  await api.ready;
  return api;
}

/**
 * Makes VS Code's copy of `doc` the disk's text again when it differs: File: Revert File re-reads the file, also a
 * clean one. A change written outside VS Code reaches it through the file watcher, late or not at all on a loaded
 * machine. Returns whether the copy already matched.
 */
async function reloadIfStale(doc) {
  if (!doc.isDirty && doc.getText() === fs.readFileSync(doc.uri.fsPath, 'utf8')) return true;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  return false;
}

/** VS Code's copy of `file`, once it holds the disk's text (reloaded when stale). */
function documentAsOnDisk(file) {
  return until(`VS Code's copy of ${path.basename(file)} to match the disk`, async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    return (await reloadIfStale(doc)) ? doc : undefined;
  });
}

module.exports = { EXTENSION_ID, root, sleep, until, activateBronze, reloadIfStale, documentAsOnDisk };
