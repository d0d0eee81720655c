// The check daemon (client/src/cli/check-daemon.ts) against a fresh `bronze check`: for every fixture project, a daemon
// holds the project while edits of each kind are saved to disk one after another, and after each its answer must be
// byte-identical (JSON) to runCheck of a copy of the tree as it is then. A stale answer is a wrong answer.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { CheckDaemon, daemonTuning } from '../../client/src/cli/check-daemon';
import { checkKey, runCheck } from '../../client/src/cli/check';

const FIXTURES = path.resolve(import.meta.dirname, '..', 'fixtures');

/** Every dbt project under test/fixtures (not installed packages' copies). */
function fixtureProjects(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === 'dbt_packages' || e.name === 'target' || e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (existsSync(path.join(full, 'dbt_project.yml'))) out.push(full);
    out.push(...fixtureProjects(full));
  }
  return out.sort();
}

let work: string;
before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'bronze-check-daemon-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

const copyFilter = (root: string) => (src: string) => !src.startsWith(path.join(root, 'target')) && !src.startsWith(path.join(root, '.bronze'));

let n = 0;
/** runCheck of a copy of `root` as it is now, no cache of any kind; paths written as `root`'s. */
async function fresh(root: string, env: Record<string, string>): Promise<string> {
  const copy = path.join(work, `scratch${n++}`);
  cpSync(root, copy, { recursive: true, filter: copyFilter(root) });
  const r = await runCheck({ projectDir: copy, env, resultCache: false });
  rmSync(copy, { recursive: true, force: true });
  return JSON.stringify(r.diagnostics).split(copy).join(root);
}

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile() && e.name.endsWith('.sql') && (!e.name.startsWith('daemon_') || e.name === 'daemon_body.sql'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function projectPaths(root: string, key: string, fallback: string): string {
  const doc = parseDocument(readFileSync(path.join(root, 'dbt_project.yml'), 'utf8')).toJS() as Record<string, unknown> | null;
  const v = doc?.[key];
  return path.join(root, Array.isArray(v) && typeof v[0] === 'string' ? v[0] : fallback);
}

function edit(file: string, fn: (text: string) => string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, fn(existsSync(file) ? readFileSync(file, 'utf8') : ''));
}

interface Edit {
  name: string;
  apply: (root: string, env: Record<string, string>) => void;
}

/** The edit kinds, applied one after another (each builds on the tree the ones before left). */
const EDITS: Edit[] = [
  { name: 'a new model', apply: (root) => edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_new.sql'), () => "select 1 as id, 'x' as label\n") },
  {
    name: 'a model body',
    apply: (root) => {
      const model = sqlFiles(projectPaths(root, 'model-paths', 'models'))[0];
      edit(model, (t) => `${t}\n-- {{ daemon_macro() }} {{ var('daemon_v') }}\n`);
    },
  },
  {
    name: "a model's ref",
    apply: (root) => edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_child.sql'), () => "select id from {{ ref('daemon_new') }}\n"),
  },
  {
    name: "a model's ref changed",
    apply: (root) => edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_child.sql'), (t) => t.replace("ref('daemon_new')", "ref('daemon_gone')")),
  },
  {
    name: 'a schema.yml column',
    apply: (root) =>
      edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_schema.yml'), () => 'version: 2\nmodels:\n  - name: daemon_new\n    columns:\n      - name: id\n        tests: [unique]\n      - name: not_a_column\n'),
  },
  {
    name: 'a schema.yml column renamed',
    apply: (root) => edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_schema.yml'), (t) => t.replace('not_a_column', 'label')),
  },
  { name: 'a macro', apply: (root) => edit(path.join(projectPaths(root, 'macro-paths', 'macros'), 'daemon_macros.sql'), () => '{% macro daemon_macro() %}1{% endmacro %}\n') },
  {
    name: 'dbt_project.yml vars',
    apply: (root) =>
      edit(path.join(root, 'dbt_project.yml'), (t) => {
        const doc = parseDocument(t);
        doc.setIn(['vars', 'daemon_v'], 2);
        return doc.toString();
      }),
  },
  {
    name: 'a seed',
    apply: (root) => {
      const seeds = projectPaths(root, 'seed-paths', 'seeds');
      edit(path.join(seeds, 'daemon_seed.csv'), () => 'id,name\n1,a\n');
      edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_seeded.sql'), () => "select * from {{ ref('daemon_seed') }}\n");
    },
  },
  { name: 'a seed edited', apply: (root) => edit(path.join(projectPaths(root, 'seed-paths', 'seeds'), 'daemon_seed.csv'), (t) => `${t}2,b\n`) },
  {
    name: 'an env var read by env_var()',
    apply: (root, env) => {
      edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_env.sql'), () => "select '{{ env_var(\"BRONZE_DAEMON_TEST\") }}' as v\n");
      env.BRONZE_DAEMON_TEST = 'one';
    },
  },
  {
    name: 'the env var unset',
    apply: (_root, env) => {
      delete env.BRONZE_DAEMON_TEST;
    },
  },
  { name: 'a deleted model', apply: (root) => unlinkSync(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_new.sql')) },
  {
    name: 'a file written twice within one second, same size and mtime',
    apply: (root) => {
      const file = path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_child.sql');
      const before = statSync(file);
      // Same length: daemon_gone → daemon_seed (a model that exists now); the modification time put back.
      writeFileSync(file, readFileSync(file, 'utf8').replace("ref('daemon_gone')", "ref('daemon_seed')"));
      utimesSync(file, before.atime, before.mtime);
    },
  },
  // daemon_child.sql was edited alone (an edit the daemon hands to the workspace as a buffer): now it goes.
  { name: 'an edited model deleted', apply: (root) => unlinkSync(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_child.sql')) },
  {
    name: 'the first model edited twice',
    apply: (root) => {
      const model = sqlFiles(projectPaths(root, 'model-paths', 'models'))[0];
      edit(model, (t) => t.replace('{{ daemon_macro() }}', "{{ ref('daemon_seeded') }}"));
    },
  },
];

// Two ways a change is found: every project with no timestamp slack (each change must show in the files' stat:
// inode, size, mtime, ctime), and one with the default slack (files written within it are hashed again).
const RUNS = [
  ...fixtureProjects().map((fixture) => ({ fixture, slack: 0 })),
  { fixture: path.join(FIXTURES, 'zoom-mini'), slack: daemonTuning.timestampSlackMs },
];

describe('check daemon: each answer equals a fresh bronze check of the tree', () => {
  const slack = daemonTuning.timestampSlackMs;
  afterEach(() => {
    daemonTuning.timestampSlackMs = slack;
  });
  for (const { fixture, slack: runSlack } of RUNS) {
    const name = path.relative(FIXTURES, fixture);
    it(`${name} (timestamp slack ${runSlack} ms): ${EDITS.map((e) => e.name).join(', ')}`, async () => {
      daemonTuning.timestampSlackMs = runSlack;
      const root = path.join(work, `${name.replace(/[\\/]/g, '_')}-${runSlack}`);
      cpSync(fixture, root, { recursive: true, filter: copyFilter(fixture) });
      // A project without models of its own (a package) gets one, for the edits of an existing model.
      if (sqlFiles(projectPaths(root, 'model-paths', 'models')).length === 0) edit(path.join(projectPaths(root, 'model-paths', 'models'), 'daemon_body.sql'), () => 'select 1 as id\n');
      const env: Record<string, string> = { HOME: work };
      const daemon = new CheckDaemon(checkKey(root, {}));
      assert.equal(JSON.stringify(await daemon.check(env)), await fresh(root, env), 'first answer');
      assert.equal(JSON.stringify(await daemon.check(env)), await fresh(root, env), 'unchanged');
      for (const e of EDITS) {
        e.apply(root, env);
        assert.equal(JSON.stringify(await daemon.check({ ...env })), await fresh(root, env), `after ${e.name}`);
      }
      // The incremental path answered most edits (a reload each time would pass the comparison too, slowly).
      assert.ok(daemon.counters.updates >= 6, `updates ${JSON.stringify(daemon.counters)}`);
      assert.equal(daemon.counters.unchanged, 1);
    });
  }
});

// `git checkout` of another branch rewrites hundreds of files within milliseconds (inside the timestamp slack, many
// with the same size), deletes some and adds others: each answer after a checkout must still be a fresh check's.
describe('check daemon: git checkout of hundreds of files at once', () => {
  const git = (root: string, ...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  it('branch switches back and forth: each answer equals a fresh bronze check of the tree', { timeout: 600_000 }, async () => {
    // git is a requirement of the test, not optional: without it the test fails here instead of passing unchecked.
    assert.equal(spawnSync('git', ['--version']).status, 0, 'this test needs git on PATH');
    const root = path.join(work, 'git-checkout');
    cpSync(path.join(FIXTURES, 'lsp', 'base'), root, { recursive: true, filter: copyFilter(path.join(FIXTURES, 'lsp', 'base')) });
    const pad = path.join(root, 'models', 'pad');
    mkdirSync(pad, { recursive: true });
    const N = 300;
    const model = (i: number, upstream: string) => `select ${i} as id, n.id as up_id from {{ ref('${upstream}') }} n\n`;
    for (let i = 0; i < N; i++) writeFileSync(path.join(pad, `pad_${i}.sql`), i === 0 ? 'select 0 as id\n' : model(i, `pad_${i - 1}`));
    writeFileSync(path.join(root, '.gitignore'), '.bronze/\ntarget/\n');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'main');
    git(root, 'checkout', '-q', '-b', 'other');
    // The other branch: 250 models rewritten (same length for most: another upstream of as many digits; every tenth a
    // ref to a model that does not exist), 30 deleted, 30 added, a schema.yml with a column that is not there.
    for (let i = 1; i <= 250; i++) {
      const up = i % 10 === 0 ? `gone_${i}` : `pad_${(i + 1) % N}`;
      writeFileSync(path.join(pad, `pad_${i}.sql`), model(i, up));
    }
    for (let i = 260; i < 290; i++) rmSync(path.join(pad, `pad_${i}.sql`));
    for (let i = 0; i < 30; i++) writeFileSync(path.join(pad, `extra_${i}.sql`), model(1000 + i, `pad_${i}`));
    writeFileSync(path.join(pad, 'schema.yml'), 'version: 2\nmodels:\n  - name: pad_1\n    columns:\n      - name: id\n        tests: [unique]\n      - name: not_a_column\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'other');
    git(root, 'checkout', '-q', 'main');

    const env: Record<string, string> = { HOME: work };
    const daemon = new CheckDaemon(checkKey(root, {}));
    const mainAnswer = JSON.stringify(await daemon.check(env));
    assert.equal(mainAnswer, await fresh(root, env), 'on main');
    for (const branch of ['other', 'main', 'other']) {
      git(root, 'checkout', '-q', branch);
      const answer = JSON.stringify(await daemon.check({ ...env }));
      assert.equal(answer, await fresh(root, env), `after git checkout ${branch}`);
      if (branch === 'other') assert.match(answer, /gone_10/, 'the other branch has its own diagnostics');
      else assert.equal(answer, mainAnswer);
    }
  });
});
