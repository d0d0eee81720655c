// Parsing a big project on both cores: one worker thread parses part of the files while the main thread
// parses the rest. The worker runs parse-worker.ts — from sources under tsx (development, tests), or the
// esbuild bundle's separate `parse-worker.js` entry next to the running bundle. When neither can be
// started, everything is parsed on the main thread: the worker is only an accelerator.
import { availableParallelism, loadavg } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { hydrate, parseData, type FileRole, type ParsedData, type ParsedFile } from './files';
import { jsonSafe } from './parse-cache';
import { startWorkerEntry } from './worker-entry';

export interface ParseJob {
  id: number;
  files: { abs: string; role: FileRole; text: string }[];
}

export interface ParseReply {
  id: number;
  /** One per job file: the parse as JSON, or null when it must be parsed on the main thread. */
  results: (string | null)[];
}

/**
 * Knobs, exported for tests. Below `minBytes` of YAML to parse, starting a worker costs more than it saves.
 * A worker also costs CPU of its own (loading its modules, warming up its JIT, serializing its parses for
 * this thread to parse again), which only pays off when a core is idle: with a 1-minute load average above
 * `maxLoad` (default: cores - 1) everything is parsed on the main thread. On 2 cores the second core is
 * already busy with V8's concurrent GC during a big load: measured there (10,000 models), the first load took
 * 1.31–1.36 s with the worker and 1.16–1.24 s without, so the worker needs `minCores` (4; not measured on
 * such a machine here).
 */
export const parsePoolTuning = { minFiles: 200, minBytes: 500_000, enabled: true, maxLoad: Math.max(0, availableParallelism() - 1), minCores: 4 };

function coresIdle(): boolean {
  return availableParallelism() >= parsePoolTuning.minCores && loadavg()[0] <= parsePoolTuning.maxLoad;
}

export interface ParseItem {
  abs: string;
  role: FileRole;
  text: string;
}

export interface ParseOutcome {
  parsed: ParsedFile;
  /**
   * The parse as JSON (for the parse cache) when it is JSON-safe and either `withJson` was asked for or the
   * worker made it anyway (it answers in JSON).
   */
  json?: string;
  /** True when the worker parsed it (for tests). */
  viaWorker: boolean;
}

function startWorker(): Worker | undefined {
  const w = startWorkerEntry(import.meta.url, 'parse-worker');
  w?.unref();
  return w;
}

/** A worker started early (while files are still being read) and used for at most one batch. */
export class ParsePool {
  private worker: Worker | undefined;
  private nextId = 1;

  private constructor(worker: Worker | undefined) {
    this.worker = worker;
  }

  /** Starts the worker when `fileCount` makes it worth it; otherwise a pool that parses in-process. */
  static start(fileCount: number): ParsePool {
    const big = parsePoolTuning.enabled && fileCount >= parsePoolTuning.minFiles && coresIdle();
    return new ParsePool(big ? startWorker() : undefined);
  }

  get hasWorker(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Parses `items`. With a worker and enough YAML, schema files are shared between the worker and this
   * thread; SQL files always stay here (scanning is cheap, and sending a scan back costs more than it).
   * `withJson` asks for the JSON of schema parses (for the parse cache).
   */
  async parse(items: readonly ParseItem[], withJson: boolean): Promise<ParseOutcome[]> {
    const out: ParseOutcome[] = new Array(items.length);
    let yamlBytes = 0;
    let yamlFiles = 0;
    for (const it of items) {
      if (it.role !== 'schema') continue;
      yamlBytes += it.text.length;
      yamlFiles++;
    }
    const worker = this.worker;
    if (!worker || yamlFiles < 2 || yamlBytes < parsePoolTuning.minBytes) {
      for (let i = 0; i < items.length; i++) out[i] = parseHere(items[i], withJson);
      return out;
    }
    // Greedy split by estimated cost (YAML bytes cost ~4x SQL bytes); the worker starts a little behind
    // because it is still loading its modules.
    const mine: number[] = [];
    const theirs: number[] = [];
    let mineCost = 0;
    let theirCost = yamlBytes * 0.4;
    for (let i = 0; i < items.length; i++) {
      if (items[i].role === 'schema') continue;
      mine.push(i);
      mineCost += items[i].text.length;
    }
    for (let i = 0; i < items.length; i++) {
      if (items[i].role !== 'schema') continue;
      const cost = items[i].text.length * 4;
      if (theirCost <= mineCost) {
        theirs.push(i);
        theirCost += cost;
      } else {
        mine.push(i);
        mineCost += cost;
      }
    }
    const reply = theirs.length ? this.ask(worker, { id: this.nextId++, files: theirs.map((i) => items[i]) }) : Promise.resolve([]);
    for (const i of mine) out[i] = parseHere(items[i], withJson);
    const results = await reply;
    for (let k = 0; k < theirs.length; k++) {
      const i = theirs[k];
      const json = results?.[k];
      if (typeof json === 'string') {
        out[i] = { parsed: hydrate(JSON.parse(json) as ParsedData, items[i].text), json, viaWorker: true };
      } else out[i] = parseHere(items[i], withJson);
    }
    return out;
  }

  private ask(worker: Worker, job: ParseJob): Promise<(string | null)[] | undefined> {
    return new Promise((resolve) => {
      const done = (v: (string | null)[] | undefined) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(v);
      };
      const onMessage = (m: ParseReply) => {
        if (m && m.id === job.id) done(m.results);
      };
      // A worker that fails (or cannot load its entry) leaves its share to the main thread.
      const onError = () => done(undefined);
      const onExit = () => done(undefined);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }

  close(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate();
  }
}

function parseHere(item: ParseItem, withJson: boolean): ParseOutcome {
  const data = parseData(item, item.text);
  const json = withJson && item.role === 'schema' && jsonSafe(data) ? JSON.stringify(data) : undefined;
  return { parsed: hydrate(data, item.text), json, viaWorker: false };
}
