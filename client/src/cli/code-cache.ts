// Starting the shipped CLI bundle (dist/cli.js, ~3 MB) with V8's code cache: compiling it and then, lazily, every
// function a command calls costs ~90 ms of each `bronze` process's main thread (measured in bench/RESULTS.md); a
// cache V8 accepts skips that work. Node 20 has no built-in compile cache for CommonJS (module.enableCompileCache
// came in Node 22), so this is the same thing done by hand: vm.Script with cachedData.
//
// One cache file per bundle version and command (each command calls its own functions), written when the command's
// process exits — by then it holds every function the command compiled. It lives in the user's own cache folder
// (mode 0700): code read from a folder others can write to would be theirs to choose. V8 itself rejects data from
// another V8 version, other flags or a source of another length — but not a source of the same length with other
// text, so the file's name carries the bundle's CRC-32 (under 1 ms for 3 MB) as well as its length.
import { accessSync, constants, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import * as zlib from 'node:zlib';

/**
 * False on the Node 20 releases without what this needs (zlib.crc32 came in 20.15, vm.constants in 20.12; the
 * package allows any Node 20): the CLI then starts as it always did.
 */
export function codeCacheSupported(): boolean {
  return typeof (zlib as { crc32?: unknown }).crc32 === 'function' && (vm.constants as typeof vm.constants | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER !== undefined;
}

/** `$XDG_CACHE_HOME/bronze/v8` or `~/.cache/bronze/v8`; undefined without a home folder. */
export function codeCacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const base = env.XDG_CACHE_HOME || (homedir() ? path.join(homedir(), '.cache') : undefined);
  return base ? path.join(base, 'bronze', 'v8') : undefined;
}

/**
 * Where the cache of the bundle at `bundle`, whose bytes are `code`, is kept in `dir` for `command`. The name starts
 * with the command and the bundle's place (its `prefix`): a new build's cache replaces the old one's.
 */
export function codeCacheFile(bundle: string, code: Buffer, command: string, dir: string): { file: string; prefix: string } {
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const prefix = `${command}-${hex(zlib.crc32(path.resolve(bundle)))}-`;
  return { file: path.join(dir, `${prefix}${hex(zlib.crc32(code))}-${code.length}-${process.version}-${process.arch}.bin`), prefix };
}

export type CodeCacheUse = 'used' | 'absent' | 'rejected';

/**
 * Runs `bundle` (a CommonJS file) as `require(bundle)` would, compiled with the code cache for `command` in `dir`
 * when V8 accepts it; otherwise that cache is written as the process exits. Returns what became of the cache.
 */
export function runWithCodeCache(bundle: string, command: string, dir: string): CodeCacheUse {
  const code = readFileSync(bundle);
  const cache = codeCacheFile(bundle, code, command, dir);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache.file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(code.toString('utf8')), { filename: bundle, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  const use: CodeCacheUse = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  if (use !== 'used') process.once('exit', () => writeCodeCache(script, cache.file, cache.prefix));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const mod = new Module(bundle);
  mod.filename = bundle;
  wrapper.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  return use;
}

function writeCodeCache(script: vm.Script, file: string, prefix: string): void {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Checked before serializing: a folder nobody can write to costs nothing more than a compile.
    accessSync(dir, constants.W_OK);
    // Written aside and renamed: a process starting meanwhile reads the old file or the new one, never half of one.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, file);
    // The same command's cache of an earlier build at the same place is no use any more.
    for (const name of readdirSync(dir)) if (name.startsWith(prefix) && name.endsWith('.bin') && path.join(dir, name) !== file) rmSync(path.join(dir, name), { force: true });
  } catch {
    // Only an accelerator: the next process compiles again.
  }
}
