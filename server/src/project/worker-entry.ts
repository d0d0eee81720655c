// Starting a worker thread on one of Bronze's own entry files: from sources under tsx (development, tests), or the
// esbuild bundle's separate `<name>.js` entry next to the running bundle (scripts/build.mjs lists them).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The entry `name` beside the module at `hereUrl` (its import.meta.url): `<dir>/<name>.ts` when that module runs from
 * sources, `<dir>/<name>.js` in a bundle. Undefined when the file is not there.
 */
function workerSource(hereUrl: string, name: string): { file: string; eval: boolean } | undefined {
  let here: string;
  try {
    here = fileURLToPath(hereUrl);
  } catch {
    return undefined;
  }
  const dir = here.slice(0, Math.max(here.lastIndexOf('/'), here.lastIndexOf('\\')) + 1);
  if (here.endsWith('.ts')) {
    const ts = `${dir}${name}.ts`;
    // tsx's loader is not inherited by worker threads: register it inside the worker, then load the entry.
    return existsSync(ts) ? { file: ts, eval: true } : undefined;
  }
  const js = `${dir}${name}.js`;
  return existsSync(js) ? { file: js, eval: false } : undefined;
}

/** tsx's register API, resolved from here (the worker's own resolution would start at its cwd). */
function tsxApi(): string {
  try {
    // require.resolve gives the CommonJS build; its ESM twin sits next to it and is what `import()` wants.
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    const mjs = cjs.replace(/\.cjs$/, '.mjs');
    return pathToFileURL(existsSync(mjs) ? mjs : cjs).href;
  } catch {
    return 'tsx/esm/api';
  }
}

/** A worker running the entry `name` beside `hereUrl`; undefined when it has no entry file or cannot start. */
export function startWorkerEntry(hereUrl: string, name: string, options: WorkerOptions = {}): Worker | undefined {
  const src = workerSource(hereUrl, name);
  if (!src) return undefined;
  try {
    return src.eval
      ? new Worker(`import(${JSON.stringify(tsxApi())}).then((api) => { api.register(); return import(${JSON.stringify(pathToFileURL(src.file).href)}); });`, { ...options, eval: true })
      : new Worker(src.file, options);
  } catch {
    return undefined;
  }
}
