// What a V8 heap snapshot holds (e.g. bench/daemon-memory.ts --snapshot): self size by node type and constructor,
// and for strings, arrays and plain objects, by what holds them (the first retainer's constructor and edge name).
// `--from NAME`: the dominator tree below the first object whose constructor is NAME (e.g. CheckDaemon), to --depth
// levels (`(root)`: below the heap's root): what each field keeps alive on its own (retained size), biggest first.
// Usage: node --max-old-space-size=4096 --import tsx bench/heap-summary.ts FILE [--top 40] [--from NAME] [--depth 4]
import { readFileSync } from 'node:fs';
import { intArg, parseArgs, table } from './bench-util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

const args = parseArgs(process.argv.slice(2));
const file = args.positional[0];
const top = intArg(args, 'top', 40);
const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const { meta } = snap.snapshot;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const nType = meta.node_fields.indexOf('type');
const nName = meta.node_fields.indexOf('name');
const nSize = meta.node_fields.indexOf('self_size');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type');
const eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const { nodes, edges, strings } = snap;
const count = nodes.length / NF;

// The first retainer of each node (by edge order; weak edges skipped).
const retainer = new Int32Array(count).fill(-1);
const retainEdge = new Array<string>(count);
for (let n = 0, e = 0; n < count; n++) {
  const ec = nodes[n * NF + nEdges];
  for (let k = 0; k < ec; k++, e += EF) {
    const t = edgeTypes[edges[e + eType]];
    if (t === 'weak' || t === 'shortcut') continue;
    const to = edges[e + eTo] / NF;
    if (retainer[to] !== -1) continue;
    retainer[to] = n;
    retainEdge[to] = t === 'element' || t === 'hidden' ? `[${t}]` : String(strings[edges[e + eName]]);
  }
}

const typeOf = (n: number) => nodeTypes[nodes[n * NF + nType]];
// Edge offsets per node (the edges are stored in node order).
const edgeStart = new Float64Array(count + 1);
for (let n = 0; n < count; n++) edgeStart[n + 1] = edgeStart[n] + nodes[n * NF + nEdges] * EF;
/** A plain object's property names (up to 6), so that objects of different shapes are told apart. */
const shape = (n: number) => {
  const names: string[] = [];
  for (let e = edgeStart[n]; e < edgeStart[n + 1] && names.length < 6; e += EF) if (edgeTypes[edges[e + eType]] === 'property') names.push(String(strings[edges[e + eName]]));
  return `{${names.join(',')}}`;
};
const label = (n: number) => {
  const t = typeOf(n);
  if (t === 'object' && strings[nodes[n * NF + nName]] === 'Object') return `Object${shape(n)}`;
  return t === 'object' || t === 'closure' || t === 'native' ? `${t}:${strings[nodes[n * NF + nName]]}` : t;
};

const byClass = new Map<string, { n: number; size: number }>();
const byHolder = new Map<string, { n: number; size: number }>();
let total = 0;
for (let n = 0; n < count; n++) {
  const size = nodes[n * NF + nSize];
  total += size;
  const l = label(n);
  const c = byClass.get(l) ?? { n: 0, size: 0 };
  c.n++;
  c.size += size;
  byClass.set(l, c);
  const t = typeOf(n);
  if (t === 'string' || t === 'concatenated string' || t === 'sliced string' || t === 'array' || l.startsWith('Object{') || l === 'object:Array') {
    const r = retainer[n];
    let holder = r < 0 ? '(none)' : `${label(r)}.${retainEdge[n]}`;
    // One level up for arrays' elements and map tables: what holds the container.
    if (r >= 0 && (label(r) === 'object:Array' || typeOf(r) === 'array' || label(r) === 'object:Map' || label(r) === 'object:Set')) {
      const rr = retainer[r];
      holder = `${rr < 0 ? '(none)' : label(rr)}.${retainEdge[r]} > ${holder}`;
    }
    const key = `${l} ← ${holder}`;
    const h = byHolder.get(key) ?? { n: 0, size: 0 };
    h.n++;
    h.size += size;
    byHolder.set(key, h);
  }
}

const mb = (b: number) => (b / 2 ** 20).toFixed(1);
const rows = (m: Map<string, { n: number; size: number }>) =>
  [...m.entries()]
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, top)
    .map(([k, v]) => [k.slice(0, 140), v.n.toLocaleString('en-US'), mb(v.size)]);
console.log(`${file}: ${count.toLocaleString('en-US')} nodes, ${mb(total)} MB self size\n`);
console.log(table(['type:constructor', 'count', 'MB'], rows(byClass)));
console.log('');
console.log(table(['strings / arrays / plain objects ← first retainer', 'count', 'MB'], rows(byHolder)));

const from = args.values.get('from');
if (from) {
  // Reverse postorder from the root (node 0) over strong edges, then Cooper, Harvey and Kennedy's iterative
  // dominators ("A Simple, Fast Dominance Algorithm").
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + nodes[n * NF + nEdges] * EF;
  const strong = (e: number) => {
    const t = edgeTypes[edges[e + eType]];
    return t !== 'weak' && t !== 'shortcut';
  };
  const order = new Int32Array(count).fill(-1); // postorder number
  const post: number[] = [];
  const stack: number[] = [0];
  const cursor = new Uint32Array(count);
  const seen = new Uint8Array(count);
  seen[0] = 1;
  cursor[0] = firstEdge[0];
  while (stack.length) {
    const n = stack[stack.length - 1];
    if (cursor[n] < firstEdge[n + 1]) {
      const e = cursor[n];
      cursor[n] += EF;
      if (!strong(e)) continue;
      const to = edges[e + eTo] / NF;
      if (seen[to]) continue;
      seen[to] = 1;
      cursor[to] = firstEdge[to];
      stack.push(to);
    } else {
      stack.pop();
      order[n] = post.length;
      post.push(n);
    }
  }
  // Predecessors (CSR).
  const predCount = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += EF) if (strong(e)) predCount[edges[e + eTo] / NF + 1]++;
  }
  for (let n = 0; n < count; n++) predCount[n + 1] += predCount[n];
  const preds = new Int32Array(predCount[count]);
  const fill = predCount.slice(0, count);
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += EF) if (strong(e)) preds[fill[edges[e + eTo] / NF]++] = n;
  }
  const idom = new Int32Array(count).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (order[a] < order[b]) a = idom[a];
      while (order[b] < order[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = post.length - 2; i >= 0; i--) {
      const n = post[i];
      let d = -1;
      for (let p = predCount[n]; p < predCount[n + 1]; p++) {
        const q = preds[p];
        if (idom[q] === -1) continue;
        d = d === -1 ? q : intersect(q, d);
      }
      if (d !== idom[n]) {
        idom[n] = d;
        changed = true;
      }
    }
  }
  const retained = new Float64Array(count);
  for (const n of post) {
    retained[n] += nodes[n * NF + nSize];
    if (n !== 0 && idom[n] >= 0) retained[idom[n]] += retained[n];
  }
  // Children in the dominator tree, named by the edge their dominator reaches them by (when it has one).
  const kids = new Map<number, number[]>();
  for (const n of post) if (n !== 0 && idom[n] >= 0) (kids.get(idom[n]) ?? kids.set(idom[n], []).get(idom[n])!).push(n);
  const edgeName = (parent: number, child: number) => {
    for (let e = firstEdge[parent]; e < firstEdge[parent + 1]; e += EF) {
      if (edges[e + eTo] / NF !== child) continue;
      const t = edgeTypes[edges[e + eType]];
      return t === 'element' || t === 'hidden' ? `[${edges[e + eName]}]` : String(strings[edges[e + eName]]);
    }
    return '(via others)';
  };
  const depth = intArg(args, 'depth', 4);
  let start = from === '(root)' ? 0 : -1;
  for (let n = 0; n < count && start < 0; n++) if (label(n) === `object:${from}`) start = n;
  if (start < 0) throw new Error(`no object of class ${from}`);
  const lines: string[] = [];
  const walk = (n: number, name: string, level: number) => {
    lines.push(`${'  '.repeat(level)}${name}: ${label(n)} ${mb(retained[n])} MB`);
    if (level >= depth) return;
    const ks = (kids.get(n) ?? []).sort((a, b) => retained[b] - retained[a]);
    // Same-named small children (map entries, array elements) summed on one line.
    const rest = ks.filter((k) => retained[k] < 0.25 * 2 ** 20);
    for (const k of ks.slice(0, 12)) if (retained[k] >= 0.25 * 2 ** 20) walk(k, edgeName(n, k), level + 1);
    if (rest.length) {
      const byLabel = new Map<string, { n: number; size: number }>();
      for (const k of rest) {
        const l = label(k);
        const v = byLabel.get(l) ?? { n: 0, size: 0 };
        v.n++;
        v.size += retained[k];
        byLabel.set(l, v);
      }
      for (const [l, v] of [...byLabel].sort((a, b) => b[1].size - a[1].size).slice(0, 5)) if (v.size >= 0.25 * 2 ** 20) lines.push(`${'  '.repeat(level + 1)}${v.n} × ${l}: ${mb(v.size)} MB`);
    }
  };
  console.log(`\nroot retains ${mb(retained[0])} MB; dominator tree below the first ${from}:\n`);
  walk(start, from, 0);
  console.log(lines.join('\n'));
}
