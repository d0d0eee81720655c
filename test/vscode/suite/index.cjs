// Loaded by the VS Code extension host as extensionTestsPath: runs every *.test.cjs next to this file with mocha
// (11, CommonJS — mocha 12 is ESM-only and the extension host requires this module), prints the spec reporter
// output (the harness receives it through codeAutomationLog), writes the results JSON the harness reads, and
// rejects when a test failed so the workbench reports exit code 1.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

// BRONZE_VSCODE_SUITE_DIR lets the harness's own self-test point at other suites; normally it is this folder.
function suiteFiles() {
  const dir = process.env.BRONZE_VSCODE_SUITE_DIR || __dirname;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.cjs'))
    .sort()
    .map((f) => path.join(dir, f));
}

function summarize(runner, started) {
  const tests = [];
  const record = (state) => (test, err) => {
    tests.push({
      title: test.title,
      fullTitle: test.fullTitle(),
      file: test.file ? path.basename(test.file) : null,
      state,
      durationMs: test.duration ?? 0,
      error: err ? { message: String(err.message ?? err), stack: String(err.stack ?? '') } : null,
    });
  };
  runner.on('pass', record('passed'));
  runner.on('fail', record('failed'));
  runner.on('pending', record('pending'));
  return () => ({
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    durationMs: Date.now() - started,
    tests,
  });
}

function run() {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.BRONZE_VSCODE_TEST_TIMEOUT || 60000),
    grep: process.env.BRONZE_VSCODE_GREP || undefined,
  });
  const files = suiteFiles();
  for (const f of files) mocha.addFile(f);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let runner;
    let results;
    try {
      runner = mocha.run((failures) => {
        const out = results();
        // A hook failure ("before all" …) counts as a failure even though no test reported one.
        if (failures > out.failed) out.failed = failures;
        const file = process.env.BRONZE_VSCODE_RESULTS;
        if (file) fs.writeFileSync(file, JSON.stringify({ files: files.map((f) => path.basename(f)), ...out }, null, 2));
        if (failures > 0) reject(new Error(`${failures} extension test(s) failed`));
        else resolve();
      });
      results = summarize(runner, started);
    } catch (err) {
      // A suite file that throws while loading: report it as one failed test so it shows up in the summary.
      const file = process.env.BRONZE_VSCODE_RESULTS;
      const message = String(err && err.stack ? err.stack : err);
      if (file) {
        fs.writeFileSync(
          file,
          JSON.stringify({ files: files.map((f) => path.basename(f)), passed: 0, failed: 1, pending: 0, durationMs: Date.now() - started, tests: [{ title: 'load suites', fullTitle: 'load suites', file: null, state: 'failed', durationMs: 0, error: { message, stack: message } }] }, null, 2),
        );
      }
      console.error(message);
      reject(err);
    }
  });
}

module.exports = { run };
