// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time and, for the
// project's own code, the most inclusive time — enough to say where a missed target's time goes.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fmtMs, table } from './bench-util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileEntry {
  name: string;
  where: string;
  selfMs: number;
  totalMs: number;
}

/** A bundle profiled instead of tsx-loaded sources (tsx's output loses line numbers), mapped back by its source map. */
export interface BundleMap {
  file: string;
  map: SourceMap;
}

export function loadBundleMap(file: string): BundleMap {
  return { file, map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) };
}

function label(node: ProfileNode, root: string, bundle?: BundleMap): { name: string; where: string } {
  const f = node.callFrame;
  const name = f.functionName || '(anonymous)';
  let url = f.url.replace(/^file:\/\//, '');
  if (bundle && url === bundle.file) {
    const entry = bundle.map.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource) {
      const src = entry.originalSource.replace(/^file:\/\//, '');
      const abs = path.isAbsolute(src) ? src : path.resolve(path.dirname(bundle.file), src);
      return { name, where: `${path.relative(root, abs).replace(/^(\.\.\/)+/, '')}:${(entry.originalLine ?? 0) + 1}` };
    }
  }
  if (url.startsWith(root)) url = path.relative(root, url);
  else if (url.includes('node_modules/')) url = url.slice(url.lastIndexOf('node_modules/') + 'node_modules/'.length);
  return { name, where: url ? (f.lineNumber > 0 ? `${url}:${f.lineNumber + 1}` : url) : '' };
}

/** Self and inclusive milliseconds per function (recursion counted once per stack). */
export function summarizeProfile(file: string, root: string, bundle?: BundleMap): { totalMs: number; entries: ProfileEntry[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const totalSamples = profile.samples?.length ?? profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerHit = totalSamples > 0 ? totalMs / totalSamples : 0;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const entries = new Map<string, ProfileEntry>();
  const keyOf = (n: ProfileNode) => {
    const l = label(n, root, bundle);
    return { key: `${l.name}@${l.where}`, ...l };
  };
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    const ms = hits * msPerHit;
    const self = keyOf(n);
    const e = entries.get(self.key) ?? { name: self.name, where: self.where, selfMs: 0, totalMs: 0 };
    e.selfMs += ms;
    entries.set(self.key, e);
    // Walk up once, crediting each distinct function on the stack with inclusive time.
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = keyOf(byId.get(id)!);
      if (seen.has(k.key)) continue;
      seen.add(k.key);
      const t = entries.get(k.key) ?? { name: k.name, where: k.where, selfMs: 0, totalMs: 0 };
      t.totalMs += ms;
      entries.set(k.key, t);
    }
  }
  return { totalMs, entries: [...entries.values()] };
}

/** The profile's top self time overall and top inclusive time in Bronze's own code, as printable tables. */
export function profileTables(file: string, root: string, bundle?: BundleMap, n = { self: 15, inclusive: 20 }): { totalMs: number; text: string } {
  const { totalMs, entries } = summarizeProfile(file, root, bundle);
  const top = (key: 'selfMs' | 'totalMs', filter: (e: ProfileEntry) => boolean, count: number) =>
    entries
      .filter(filter)
      .sort((a, b) => b[key] - a[key])
      .slice(0, count)
      .map((e) => [e.name, e.where, fmtMs(e.selfMs), fmtMs(e.totalMs), `${((100 * e[key]) / totalMs).toFixed(1)}%`]);
  const header = ['function', 'where', 'self', 'inclusive', 'share'];
  const text = [
    'Top self time:',
    table(header, top('selfMs', () => true, n.self)),
    '',
    'Top inclusive time in Bronze code (server/, client/):',
    table(header, top('totalMs', (e) => /^(server|client)\//.test(e.where), n.inclusive)),
  ].join('\n');
  return { totalMs, text };
}
