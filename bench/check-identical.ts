// Whether a change to the loader or the analysis leaves `bronze check` as it was: two commits' CLIs (esbuild
// bundles of each commit's tree from `git archive`, both caches forced on for any project size) run on fresh copies
// of each project. `check --output json` plus its exit status: base cold against base warm, branch cold and branch
// warm (each warm run reads the caches its cold run wrote); `ls --output json` with every manifest key, base against
// branch. Then one model file and then one schema YAML file of the branch's copy are edited (a line added at the top:
// every diagnostic of the file moves), and the branch's check after each edit (its caches and stored result made
// before the edit) is compared with base's cold check of a fresh copy holding the same edits. Projects: the demo, every project under test/fixtures (dbt_packages aside), /work/realworld/* when present,
// and a generated project.
// Both CLIs check in-process (BRONZE_DAEMON=0: a plain check would otherwise start a check daemon, the caches' size
// being forced to 0). --daemon: the branch's checks take the default path instead — its cold check answers in-process
// and starts the project's daemon (its stderr line aside), the warm check and the checks after each edit are that
// daemon's answers — so the daemon is compared with base's in-process check of every project.
// Usage: node --import tsx bench/check-identical.ts <base-commit> [<branch-commit>=HEAD] [--size 10000] [--only SUBSTRING] [--daemon]
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { intArg, parseArgs, removeDir, tempDir } from './bench-util';
import { generateProject } from './gen-project';
import { writeDemoProject } from '../client/src/demo/project-files';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REALWORLD = '/work/realworld';
const LS_KEYS =
  'unique_id resource_type name package_name source_name original_file_path fqn description tags meta config raw_code column_name attached_node test_metadata refs sources depends_on checksum unrendered_config alias schema database relation_name identifier columns version';

/** The commit's tree with a CLI bundle whose parse cache and rule cache are on for any project size. */
async function cliOf(commit: string, work: string): Promise<string> {
  const dir = path.join(work, commit);
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${commit}" | tar -x -C "${dir}"`]);
  // The knob's module is evaluated before the CLI's, which runs main itself as the bundle's entry.
  writeFileSync(path.join(dir, 'knob.ts'), "import { parseCacheTuning } from './server/src/project/parse-cache';\nparseCacheTuning.minFiles = 0;\n");
  writeFileSync(path.join(dir, 'entry.ts'), "import './knob';\nimport './client/src/cli';\n");
  // The bundle sits in a folder of its own that says CommonJS: the worker entries are `.js` files, which the tree's
  // package.json ("type": "module") would have read as ES modules.
  const bundle = path.join(dir, 'bundle');
  mkdirSync(bundle, { recursive: true });
  writeFileSync(path.join(bundle, 'package.json'), '{ "type": "commonjs" }\n');
  // Beside the CLI, the worker entries it starts (the daemon's socket thread, the parse worker), as scripts/build.mjs
  // builds them: without daemon-front.js the daemon cannot start and --daemon compares nothing.
  const workers = [
    { in: 'server/src/project/parse-worker.ts', out: 'parse-worker' },
    { in: 'client/src/cli/daemon-front.ts', out: 'daemon-front' },
  ].filter((e) => existsSync(path.join(dir, e.in)));
  await esbuild({
    entryPoints: [{ in: path.join(dir, 'entry.ts'), out: 'cli-forced' }, ...workers.map((e) => ({ in: path.join(dir, e.in), out: e.out }))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outdir: bundle,
    logLevel: 'error',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  const out = path.join(bundle, 'cli-forced.js');
  return out;
}

function projectDirs(under: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (existsSync(path.join(dir, 'dbt_project.yml'))) out.push(dir);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && e.name !== 'dbt_packages' && e.name !== 'target') walk(path.join(dir, e.name));
  };
  walk(under);
  return out.sort();
}

/** The first file under `dir/models` (sorted walk) whose name ends with one of `exts`. */
function firstFile(dir: string, exts: string[]): string | undefined {
  const walk = (d: string): string | undefined => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return undefined;
    }
    for (const e of entries) if (e.isFile() && exts.some((x) => e.name.endsWith(x))) return path.join(d, e.name);
    for (const e of entries) if (e.isDirectory()) { const f = walk(path.join(d, e.name)); if (f) return f; }
    return undefined;
  };
  return walk(path.join(dir, 'models'));
}

/** Edit k (0: a model, 1: a schema YAML) of the project at `dir`: a comment line added at the top. False: no such file. */
function edit(dir: string, k: 0 | 1): boolean {
  const file = k === 0 ? firstFile(dir, ['.sql']) : firstFile(dir, ['.yml', '.yaml']);
  if (!file) return false;
  writeFileSync(file, (k === 0 ? '-- check-identical edit\n' : '# check-identical edit\n') + readFileSync(file, 'utf8'));
  return true;
}

/**
 * stdout and exit status; stderr must be empty unless `stderrShown` (then it is part of what is compared). `daemon`:
 * the default path (a check may start the project's daemon, and says so in one stderr line, left out here).
 */
function run(cli: string, args: string[], stderrShown = false, daemon = false): string {
  const env: Record<string, string | undefined> = { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_NO_WARNINGS: '1', BRONZE_DAEMON: daemon ? undefined : '0' };
  if (daemon) delete env.CI;
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env });
  const stderr = daemon ? r.stderr.replace(/^bronze: starting a check daemon for this project .*\n/m, '') : r.stderr;
  if (stderr && !stderrShown) throw new Error(`bronze ${args.join(' ')} wrote to stderr: ${stderr.slice(0, 500)}`);
  return `${r.stdout}\nexit ${r.status}\n${stderrShown ? stderr : ''}`;
}

/** Until the daemon the branch's cold check started for `dir` listens (its first load runs behind the socket). */
function waitForDaemon(cli: string, dir: string): void {
  for (let i = 0; i < 300; i++) {
    const r = spawnSync(process.execPath, [cli, 'daemon', 'status', '--project-dir', dir], { encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_NO_WARNINGS: '1' } });
    if (r.status === 0) return;
    spawnSync('sleep', ['0.2']);
  }
  throw new Error(`the branch's check of ${dir} started no daemon`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const [base, branch = 'HEAD'] = args.positional;
  if (!base) throw new Error('usage: bench/check-identical.ts <base-commit> [<branch-commit>] [--size N] [--only SUBSTRING]');
  const work = tempDir('check-identical');
  const cli = { base: await cliOf(base, work), branch: await cliOf(branch, work) };
  const demo = path.join(work, 'demo');
  await writeDemoProject(demo);
  const size = intArg(args, 'size', 10000);
  const gen = path.join(work, `gen-${size}`);
  await generateProject(gen, size);
  const only = args.values.get('only');
  const daemon = args.values.has('daemon');
  const projects = [demo, ...projectDirs(path.join(ROOT, 'test', 'fixtures')), ...(existsSync(REALWORLD) ? readdirSync(REALWORLD).filter((n) => !n.startsWith('.')).map((n) => path.join(REALWORLD, n)) : []), gen].filter((p) => !only || p.includes(only));
  let comparisons = 0;
  let differences = 0;
  for (const p of projects) {
    const copy = path.join(work, 'copy', path.basename(p));
    const fresh = () => {
      rmSync(copy, { recursive: true, force: true });
      cpSync(p, copy, { recursive: true, filter: (src) => src !== path.join(p, 'target') && src !== path.join(p, '.bronze') });
    };
    const check = (which: 'base' | 'branch') => run(cli[which], ['check', '--output', 'json', '--project-dir', copy], false, daemon && which === 'branch');
    // A project with no nodes makes ls say so on stderr (a package fixture): compared like the rest.
    const ls = (which: 'base' | 'branch') => run(cli[which], ['ls', '--output', 'json', '--output-keys', LS_KEYS, '--project-dir', copy], true);
    fresh();
    const b0 = check('base');
    const seen = { 'base warm': check('base'), 'base ls': ls('base') } as Record<string, string>;
    fresh();
    seen['branch cold'] = check('branch');
    if (daemon) waitForDaemon(cli.branch, copy);
    seen['branch warm'] = check('branch');
    const lsBranch = ls('branch');
    const diffs: string[] = [];
    for (const k of ['base warm', 'branch cold', 'branch warm']) if (seen[k] !== b0) diffs.push(k);
    if (lsBranch !== seen['base ls']) diffs.push('ls');
    comparisons += 4;
    // Edits on the branch's warm copy (its caches and stored result made before them), each checked; then base from
    // scratch on a fresh copy with the same edits so far.
    const applied: (0 | 1)[] = [];
    const got: string[] = [];
    for (const k of [0, 1] as const) {
      if (!edit(copy, k)) continue;
      applied.push(k);
      got.push(check('branch'));
    }
    if (daemon) run(cli.branch, ['daemon', 'stop', '--project-dir', copy]);
    for (let i = 0; i < applied.length; i++) {
      fresh();
      for (const k of applied.slice(0, i + 1)) edit(copy, k);
      comparisons++;
      if (got[i] !== check('base')) diffs.push(applied[i] === 0 ? 'model edited' : 'schema edited');
    }
    differences += diffs.length;
    console.log(`${p.startsWith(ROOT + path.sep) ? path.relative(ROOT, p) : p}: ${diffs.length ? `DIFFERENT (${diffs.join(', ')})` : 'same'}`);
  }
  removeDir(work);
  console.log(`${projects.length} projects, ${comparisons} comparisons, ${differences} differences`);
  if (differences > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
