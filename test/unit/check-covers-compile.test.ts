// check ⊇ compile, as a property: for every fixture project, the demo, and deterministic mistakes made in each
// of their files, every node the engine's compile path fails on has at least one ERROR from `bronze check` in
// the node's own file. A failure lists every uncovered (variant, node, compile error) so a gap reads at once.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeDemoProject } from '../../client/src/demo/project-files';
import { CheckCompileHarness, uncovered } from './helpers/check-vs-compile';
import { MUTATIONS, type MacroSig, type Mutation } from './helpers/project-mutations';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

interface Subject {
  name: string;
  /** Copies the project into `dir`. */
  write(dir: string): Promise<void>;
  env?: Record<string, string>;
}

const copy = (rel: string) => async (dir: string) => cpSync(path.join(FIXTURES, rel), dir, { recursive: true });

const SUBJECTS: Subject[] = [
  { name: 'zoom-mini', write: copy('zoom-mini') },
  { name: 'ephemeral-hooks', write: copy('ephemeral-hooks') },
  { name: 'packages/dispatch-chain', write: copy('packages/dispatch-chain') },
  { name: 'sample-undeclared', write: copy('sample-undeclared') },
  { name: 'twin-two-databases', write: copy('twin-two-databases'), env: { TWIN_FIXTURE_SNOWFLAKE_USER: 'u', TWIN_FIXTURE_SNOWFLAKE_PASSWORD: 'p' } },
  { name: 'broken', write: copy('broken') },
  { name: 'lsp/base', write: copy('lsp/base') },
  {
    name: 'bronze demo',
    write: async (dir) => {
      await writeDemoProject(dir, { force: true });
    },
  },
];

interface Target {
  rel: string;
  kind: 'model' | 'test' | 'macro' | 'yaml' | 'package-macro';
}

/** In a package's macro files, the mistakes that break the file: compile fails in the project's call into it. */
const PACKAGE_MUTATIONS = new Set(['unclosed expression', 'unclosed block', 'stray end tag', 'unbalanced for', 'bad expression', 'unknown tag', 'unclosed comment', 'unclosed string in expression', 'delete first tag close', 'drop endmacro']);

function applies(m: Mutation, t: Target): boolean {
  if (t.kind === 'package-macro') return PACKAGE_MUTATIONS.has(m.name);
  if (m.kind === 'yaml') return t.kind === 'yaml';
  if (m.kind === 'macro') return t.kind === 'macro';
  if (m.kind === 'model') return t.kind === 'model';
  return t.kind !== 'yaml';
}

interface Gap {
  variant: string;
  node: string;
  message: string;
  errorsInFile: string[];
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('check ⊇ compile', () => {
  for (const subject of SUBJECTS) {
    it(`${subject.name}: every node compile fails on has a check error in its file, under every mutation`, { timeout: 60_000 }, async (testCtx) => {
      const root = mkdtempSync(path.join(tmpdir(), 'bronze-check-compile-'));
      dirs.push(root);
      await subject.write(root);
      const env = subject.env ?? {};
      const harness = await CheckCompileHarness.open(root, env);
      const project = harness.loaded;
      const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
      const targets: Target[] = [];
      for (const f of project.files.values()) {
        const r = rel(f.path);
        if (r.startsWith('..')) continue;
        if (r.startsWith('dbt_packages/')) {
          if (f.kind === 'macro') targets.push({ rel: r, kind: 'package-macro' });
          continue;
        }
        if (f.kind === 'model' || f.kind === 'test' || f.kind === 'macro') targets.push({ rel: r, kind: f.kind });
        else if (f.kind === 'schema' || f.kind === 'project') targets.push({ rel: r, kind: 'yaml' });
      }
      targets.sort((a, b) => (a.rel < b.rel ? -1 : 1));
      // Models of one subject are alike (the demo's seven share a shape): two of them cover it, and keep the suite fast.
      const models = targets.filter((t) => t.kind === 'model').slice(2);
      for (const m of models) targets.splice(targets.indexOf(m), 1);
      const macros: MacroSig[] = [...project.macros.values()]
        .filter((m) => m.packageName === project.name && !m.name.startsWith('test_') && !/^generate_/.test(m.name))
        .map((m) => ({ name: m.name, params: m.args.length }))
        .sort((a, b) => (a.name < b.name ? -1 : 1));

      const gaps: Gap[] = [];
      const verify = async (variant: string) => {
        const failures = await harness.compileFailures();
        if (failures.length === 0) return 0;
        const errors = await harness.checkErrors();
        for (const f of uncovered(failures, errors)) {
          gaps.push({ variant, node: f.node, message: `${f.at ?? f.file}: ${f.message}`, errorsInFile: errors.map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`) });
        }
        return failures.length;
      };

      await verify('unmutated');
      let variants = 0;
      let failing = 0;
      for (const t of targets) {
        const file = path.join(root, t.rel);
        const original = readFileSync(file, 'utf8');
        for (const m of MUTATIONS) {
          if (!applies(m, t)) continue;
          const text = m.apply(original, { macros });
          if (text === undefined || text === original) continue;
          writeFileSync(file, text);
          try {
            await harness.changed([file]);
            variants++;
            if ((await verify(`${t.rel}: ${m.name}`)) > 0) failing++;
          } finally {
            writeFileSync(file, original);
            await harness.changed([file]);
          }
        }
      }
      testCtx.diagnostic(`${variants} variants, ${failing} of them failing to compile`);
      // The mutations must make compile fail somewhere, or the property is checked against nothing.
      assert.ok(failing > 0, `${subject.name}: none of ${variants} variants failed to compile`);
      const report = gaps.map((g) => `- ${g.variant} → ${g.node}: ${g.message}\n    check errors: ${g.errorsInFile.join(', ') || 'none'}`).join('\n');
      assert.equal(gaps.length, 0, `${gaps.length} compile failures without a check error in the node's file (${variants} variants, ${failing} failing):\n${report}`);
    });
  }
});
