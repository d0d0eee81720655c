// The project's DAG: models (and seeds, snapshots, analyses), tests and sources, with an edge parent → child
// for every entry of a node's `dependsOn.nodes`. Nodes are numbered in unique_id order, so every walk that
// breaks ties by index is deterministic and agrees with "ties broken by unique_id". All walks are linear
// (plus a log factor for the ordered queue), so 10,000+ node projects cost milliseconds.

import { BronzeError, type ModelNode, type ProjectModel, type SourceNode, type TestNode, type UnitTestNode } from '../core/types';
import { exact, noItems } from '../core/plain';
import { sortShort } from '../core/sort';

export type GraphNode = ModelNode | TestNode | SourceNode | UnitTestNode;

/** A `dependsOn` entry that names no node of the graph (unknown, or disabled). */
export interface MissingDependency {
  from: string;
  to: string;
  /** `disabled` when the target exists but is not enabled. */
  reason: 'unknown' | 'disabled';
}

export interface BuildGraphOptions {
  /** Keep disabled nodes in the graph. Off by default: like dbt, disabled nodes take no part in the DAG. */
  includeDisabled?: boolean;
}

/** Thrown when an order is asked of a graph that has cycles; `cycles` holds each cycle as a closed path. */
export class GraphCycleError extends BronzeError {
  constructor(
    readonly cycles: string[][],
    location?: GraphNode['location'],
  ) {
    super(
      `The DAG has ${cycles.length === 1 ? 'a cycle' : `${cycles.length} cycles`}: ` +
        cycles.map((c) => c.join(' → ')).join('; ') +
        '. Remove one ref()/source() in each cycle so that no model depends on itself.',
      location,
      'bronze/dag-cycle',
    );
    this.name = 'GraphCycleError';
  }
}

export function isEnabled(node: GraphNode): boolean {
  return node.config.enabled !== false;
}

/** A min-heap of node indices: the ready queue of the topological sort. */
class IndexHeap {
  private items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= v) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r] < a[l] ? r : l;
        if (a[c] >= last) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

const NO_LINKS: number[] = noItems<number>();

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class Graph {
  /** unique_ids in code-unit order; a node's index is its position here. */
  private readonly ids: string[];
  private readonly index = new Map<string, number>();
  private readonly nodes: GraphNode[];
  private readonly parentIdx: number[][];
  private readonly childIdx: number[][];
  private rankCache: Int32Array | null = null;
  private cyclesCache: string[][] | null = null;

  /** `dependsOn` entries that name no node of this graph, sorted by (from, to). */
  readonly missing: MissingDependency[] = [];

  /** `whyMissing` tells a dependency on a node left out of the graph (disabled) from an unknown one. */
  constructor(nodes: GraphNode[], whyMissing: (id: string) => MissingDependency['reason'] = () => 'unknown') {
    // Sorting the ids with the built-in comparison (code-unit order, as byCodeUnit) is several times faster
    // than sorting the nodes through a comparator callback: this runs on every load of a 40,000-node project.
    const sorted = nodes.map((node) => node.uniqueId).sort();
    // A unique_id listed twice (never from a loaded project) keeps one place; the last node given wins.
    this.ids = sorted.filter((id, i) => i === 0 || id !== sorted[i - 1]);
    for (let i = 0; i < this.ids.length; i++) this.index.set(this.ids[i], i);
    this.nodes = new Array<GraphNode>(this.ids.length);
    for (const node of nodes) this.nodes[this.index.get(node.uniqueId)!] = node;
    const n = this.nodes.length;
    // Sources have no parents and tests no children (30,000 of 40,000 nodes in a big project): they share one
    // frozen empty list until something is added (replaceNode copies first).
    this.parentIdx = new Array<number[]>(n).fill(NO_LINKS);
    this.childIdx = new Array<number[]>(n).fill(NO_LINKS);
    // seenBy[p] === child + 1 marks parent p as already linked to child (dependsOn may repeat an id).
    const seenBy = new Int32Array(n);
    for (let child = 0; child < n; child++) {
      for (const dep of deps(this.nodes[child])) {
        const parent = this.index.get(dep);
        if (parent === undefined) {
          this.missing.push({ from: this.ids[child], to: dep, reason: whyMissing(dep) });
          continue;
        }
        if (seenBy[parent] === child + 1) continue;
        seenBy[parent] = child + 1;
        (this.parentIdx[child] === NO_LINKS ? (this.parentIdx[child] = []) : this.parentIdx[child]).push(parent);
        (this.childIdx[parent] === NO_LINKS ? (this.childIdx[parent] = []) : this.childIdx[parent]).push(child);
      }
    }
    this.missing.sort((a, b) => byCodeUnit(a.from, b.from) || byCodeUnit(a.to, b.to));
    // Each list without spare room (`exact`): grown by push, a list of one or two links holds room for 17 (~150
    // bytes; 9 MB over the 50,000 lists of a 10,000-model project, kept as long as the project).
    for (let i = 0; i < n; i++) {
      if (this.parentIdx[i] !== NO_LINKS) this.parentIdx[i] = exact(sortShort(this.parentIdx[i]));
      if (this.childIdx[i] !== NO_LINKS) this.childIdx[i] = exact(sortShort(this.childIdx[i]));
    }
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  node(id: string): GraphNode | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.nodes[i];
  }

  /** Every unique_id, in unique_id order. */
  nodeIds(): string[] {
    return [...this.ids];
  }

  /** Every node, in unique_id order. */
  allNodes(): readonly GraphNode[] {
    return this.nodes;
  }

  parents(id: string): string[] {
    return this.at(id, this.parentIdx).map((i) => this.ids[i]);
  }

  children(id: string): string[] {
    return this.at(id, this.childIdx).map((i) => this.ids[i]);
  }

  /** Ancestors of `id` (not itself) up to `depth` generations (all when omitted), in unique_id order. */
  ancestors(id: string, depth?: number): string[] {
    return this.sortedIds(this.walk([id], this.parentIdx, depth));
  }

  /** Descendants of `id` (not itself) up to `depth` generations (all when omitted), in unique_id order. */
  descendants(id: string, depth?: number): string[] {
    return this.sortedIds(this.walk([id], this.childIdx, depth));
  }

  /** Ancestors of any of `ids` (excluding the starting nodes unless reached from another one). */
  ancestorsOf(ids: Iterable<string>, depth?: number): Set<string> {
    return this.idSet(this.walk(ids, this.parentIdx, depth));
  }

  /** Descendants of any of `ids` (excluding the starting nodes unless reached from another one). */
  descendantsOf(ids: Iterable<string>, depth?: number): Set<string> {
    return this.idSet(this.walk(ids, this.childIdx, depth));
  }

  /**
   * Nodes in dependency order: parents before children, ties broken by unique_id. With `ids`, only those
   * nodes, still in the whole graph's order (so dependencies through unlisted nodes are respected).
   * Unknown ids are dropped. Throws GraphCycleError when the graph has a cycle.
   */
  topologicalOrder(ids?: Iterable<string>): string[] {
    const rank = this.ranks();
    if (!ids) {
      const out = new Array<string>(this.ids.length);
      rank.forEach((r, i) => (out[r] = this.ids[i]));
      return out;
    }
    const picked = [...new Set(this.indicesOf(ids))];
    picked.sort((a, b) => rank[a] - rank[b]);
    return picked.map((i) => this.ids[i]);
  }

  /**
   * Scheduling waves: level 0 holds nodes with no (selected) ancestors, level k nodes whose nearest
   * selected ancestors sit at most at level k-1. With `ids`, levels are computed among those nodes only,
   * but a dependency through an unlisted node still counts. Each level is in unique_id order.
   */
  levels(ids?: Iterable<string>): string[][] {
    const rank = this.ranks();
    const order = new Array<number>(this.ids.length);
    rank.forEach((r, i) => (order[r] = i));
    const selected = ids ? new Uint8Array(this.ids.length) : null;
    if (selected) for (const i of this.indicesOf(ids!)) selected[i] = 1;
    // carry[i]: the lowest level a child of i may take.
    const carry = new Int32Array(this.ids.length);
    const level = new Int32Array(this.ids.length).fill(-1);
    const out: string[][] = [];
    for (const i of order) {
      let need = 0;
      for (const p of this.parentIdx[i]) if (carry[p] > need) need = carry[p];
      if (!selected || selected[i]) {
        level[i] = need;
        carry[i] = need + 1;
        (out[need] ??= []).push(this.ids[i]);
      } else {
        carry[i] = need;
      }
    }
    for (const lvl of out) lvl.sort(byCodeUnit);
    return out.filter((l) => l !== undefined);
  }

  /**
   * For each of `ids`, the nearest listed ancestors: a direct parent when it is listed, else the nearest
   * listed ancestors found through unlisted ones. This is what a scheduler of a selection waits for.
   */
  upstreamWithin(ids: Iterable<string>): Map<string, string[]> {
    const picked = [...new Set(this.indicesOf(ids))];
    const listed = new Uint8Array(this.ids.length);
    for (const i of picked) listed[i] = 1;
    // For unlisted nodes, memoise their nearest listed ancestors; walk in topological order so parents
    // are resolved first (no recursion, no repeated walks).
    const rank = this.ranks();
    const order = new Array<number>(this.ids.length);
    rank.forEach((r, i) => (order[r] = i));
    const through = new Map<number, number[]>();
    const nearest = (i: number): number[] => {
      const acc = new Set<number>();
      for (const p of this.parentIdx[i]) {
        if (listed[p]) acc.add(p);
        else for (const q of through.get(p) ?? []) acc.add(q);
      }
      return [...acc].sort((a, b) => a - b);
    };
    const needed = this.ancestorIndexMask(picked);
    for (const i of order) if (needed[i] && !listed[i]) through.set(i, nearest(i));
    const out = new Map<string, string[]>();
    for (const i of [...picked].sort((a, b) => rank[a] - rank[b])) {
      out.set(
        this.ids[i],
        nearest(i).map((j) => this.ids[j]),
      );
    }
    return out;
  }

  /**
   * Every cycle, each as a closed path of unique_ids starting and ending at its smallest member
   * (`a → b → c → a`; a self-loop is `[a, a]`). One shortest cycle is reported per strongly connected
   * component, ordered by first member, which is what a diagnostic needs to show.
   */
  findCycles(): string[][] {
    if (this.cyclesCache) return this.cyclesCache.map((c) => [...c]);
    const comp = this.stronglyConnected();
    const cycles: string[][] = [];
    // Most components are single nodes without a self-loop: list members only of the others (no 40,000
    // one-element arrays per call on a big project).
    const sizes = new Int32Array(comp.length);
    for (let i = 0; i < comp.length; i++) sizes[comp[i]]++;
    const members = new Map<number, number[]>();
    for (let i = 0; i < comp.length; i++) {
      const c = comp[i];
      if (sizes[c] === 1 && !this.childIdx[i].includes(i)) continue;
      const list = members.get(c);
      if (list) list.push(i);
      else members.set(c, [i]);
    }
    for (const list of members.values()) {
      const start = list[0]; // lists are built in index order, so this is the smallest unique_id
      const selfLoop = this.childIdx[start].includes(start);
      if (list.length === 1 && !selfLoop) continue;
      if (selfLoop) {
        cycles.push([this.ids[start], this.ids[start]]);
        continue;
      }
      cycles.push(this.shortestCycle(start, comp).map((i) => this.ids[i]));
    }
    cycles.sort((a, b) => byCodeUnit(a[0], b[0]));
    this.cyclesCache = cycles;
    return cycles.map((c) => [...c]);
  }

  /**
   * Replaces a node that is already in the graph (same unique_id) and re-links its parents from its new
   * `dependsOn`: the incremental counterpart of rebuilding the graph when one node's ref()/source() calls
   * change (an edit in the editor). The node set is unchanged, so every index stays valid; cached orders and
   * cycles are dropped. Costs the node's old and new degree plus a re-sort of `missing`. Returns false, and
   * leaves the graph untouched, when the unique_id is not in the graph.
   */
  replaceNode(node: GraphNode, whyMissing: (id: string) => MissingDependency['reason'] = () => 'unknown'): boolean {
    const i = this.index.get(node.uniqueId);
    if (i === undefined) return false;
    this.nodes[i] = node;
    const previous = this.parentIdx[i];
    for (const p of previous) removeSorted(this.childIdx[p], i);
    const parents: number[] = [];
    for (let k = this.missing.length - 1; k >= 0; k--) if (this.missing[k].from === node.uniqueId) this.missing.splice(k, 1);
    let added = false;
    for (const dep of deps(node)) {
      const p = this.index.get(dep);
      if (p === undefined) {
        this.missing.push({ from: node.uniqueId, to: dep, reason: whyMissing(dep) });
        added = true;
        continue;
      }
      if (parents.includes(p)) continue;
      parents.push(p);
      if (this.childIdx[p] === NO_LINKS) this.childIdx[p] = [];
      insertSorted(this.childIdx[p], i);
    }
    parents.sort((a, b) => a - b);
    const gained = parents.filter((p) => !previous.includes(p));
    this.parentIdx[i] = parents;
    if (added) this.missing.sort((a, b) => byCodeUnit(a.from, b.from) || byCodeUnit(a.to, b.to));
    if (gained.length > 0 || parents.length !== previous.length) this.rankCache = null;
    // An acyclic graph stays acyclic unless a new edge p → i closes a path i → … → p; dropping edges never
    // creates a cycle. Checking that costs i's descendants, not a whole Tarjan pass over the graph.
    if (this.cyclesCache && !(this.cyclesCache.length === 0 && !this.reachesAny(i, gained))) this.cyclesCache = null;
    return true;
  }

  // -------------------------------------------------------------------------------------------------------

  /** Whether any of `targets` is `from` or one of its descendants. */
  private reachesAny(from: number, targets: number[]): boolean {
    if (targets.length === 0) return false;
    const want = new Set(targets);
    const seen = new Set<number>([from]);
    const stack = [from];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (want.has(v)) return true;
      for (const c of this.childIdx[v]) {
        if (!seen.has(c)) {
          seen.add(c);
          stack.push(c);
        }
      }
    }
    return false;
  }

  private at(id: string, adj: number[][]): number[] {
    const i = this.index.get(id);
    return i === undefined ? [] : adj[i];
  }

  private indicesOf(ids: Iterable<string>): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const i = this.index.get(id);
      if (i !== undefined) out.push(i);
    }
    return out;
  }

  private sortedIds(idx: number[]): string[] {
    return idx.sort((a, b) => a - b).map((i) => this.ids[i]);
  }

  private idSet(idx: number[]): Set<string> {
    return new Set(idx.map((i) => this.ids[i]));
  }

  /** Breadth-first walk; depth counts generations, so the limit applies to the shortest distance. */
  private walk(start: Iterable<string>, adj: number[][], depth?: number): number[] {
    const limit = depth === undefined ? Infinity : depth;
    const dist = new Map<number, number>();
    let frontier = this.indicesOf(start);
    const startSet = new Set(frontier);
    const reachedStart = new Set<number>();
    const reached: number[] = [];
    for (const s of frontier) dist.set(s, 0);
    let d = 0;
    while (frontier.length > 0 && d < limit) {
      d++;
      const next: number[] = [];
      for (const i of frontier) {
        for (const j of adj[i]) {
          if (dist.has(j)) {
            // A starting node reached from another starting node still counts as reached.
            if (startSet.has(j) && !reachedStart.has(j)) {
              reachedStart.add(j);
              reached.push(j);
            }
            continue;
          }
          dist.set(j, d);
          reached.push(j);
          next.push(j);
        }
      }
      frontier = next;
    }
    return reached;
  }

  private ancestorIndexMask(start: number[]): Uint8Array {
    const mask = new Uint8Array(this.ids.length);
    const stack = [...start];
    for (const s of start) mask[s] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (const p of this.parentIdx[i]) {
        if (!mask[p]) {
          mask[p] = 1;
          stack.push(p);
        }
      }
    }
    return mask;
  }

  /** rank[i] = position of node i in the topological order (Kahn's algorithm with a min-heap). */
  private ranks(): Int32Array {
    if (this.rankCache) return this.rankCache;
    const n = this.ids.length;
    const indegree = new Int32Array(n);
    for (let i = 0; i < n; i++) indegree[i] = this.parentIdx[i].length;
    const heap = new IndexHeap();
    for (let i = 0; i < n; i++) if (indegree[i] === 0) heap.push(i);
    const rank = new Int32Array(n).fill(-1);
    let next = 0;
    while (heap.size > 0) {
      const i = heap.pop();
      rank[i] = next++;
      for (const c of this.childIdx[i]) if (--indegree[c] === 0) heap.push(c);
    }
    if (next < n) {
      const cycles = this.findCycles();
      throw new GraphCycleError(cycles, this.node(cycles[0][0])?.location);
    }
    this.rankCache = rank;
    return rank;
  }

  /** Tarjan's algorithm, iterative (deep chains must not overflow the stack). comp[i] = component id. */
  private stronglyConnected(): Int32Array {
    const n = this.ids.length;
    const idx = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const comp = new Int32Array(n).fill(-1);
    const stack: number[] = [];
    const callStack: number[] = [];
    const edgePos = new Int32Array(n);
    let counter = 0;
    let compCount = 0;
    for (let root = 0; root < n; root++) {
      if (idx[root] !== -1) continue;
      callStack.push(root);
      idx[root] = low[root] = counter++;
      stack.push(root);
      onStack[root] = 1;
      while (callStack.length > 0) {
        const v = callStack[callStack.length - 1];
        const kids = this.childIdx[v];
        if (edgePos[v] < kids.length) {
          const w = kids[edgePos[v]++];
          if (idx[w] === -1) {
            idx[w] = low[w] = counter++;
            stack.push(w);
            onStack[w] = 1;
            callStack.push(w);
          } else if (onStack[w]) {
            if (idx[w] < low[v]) low[v] = idx[w];
          }
          continue;
        }
        callStack.pop();
        if (callStack.length > 0) {
          const parent = callStack[callStack.length - 1];
          if (low[v] < low[parent]) low[parent] = low[v];
        }
        if (low[v] === idx[v]) {
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = 0;
            comp[w] = compCount;
          } while (w !== v);
          compCount++;
        }
      }
    }
    return comp;
  }

  /** Shortest path start → … → start inside start's component (BFS, children in index order). */
  private shortestCycle(start: number, comp: Int32Array): number[] {
    const c = comp[start];
    const prev = new Map<number, number>();
    const queue = [start];
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q];
      for (const w of this.childIdx[v]) {
        if (comp[w] !== c) continue;
        if (w === start) {
          const path = [start];
          for (let x = v; x !== start; x = prev.get(x)!) path.push(x);
          path.push(start);
          return [start, ...path.slice(1, -1).reverse(), start];
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  }
}

/** Removes `v` from an ascending list (no-op when absent). */
function removeSorted(list: number[], v: number): void {
  const k = lowerBound(list, v);
  if (list[k] === v) list.splice(k, 1);
}

/** Inserts `v` into an ascending list unless it is there already. */
function insertSorted(list: number[], v: number): void {
  const k = lowerBound(list, v);
  if (list[k] !== v) list.splice(k, 0, v);
}

function lowerBound(list: number[], v: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function deps(node: GraphNode): string[] {
  return 'dependsOn' in node ? node.dependsOn.nodes : [];
}

/**
 * Builds the DAG of a loaded project. Disabled nodes (and tests that depend on a disabled node, which dbt
 * disables with it) are left out unless `includeDisabled`; dependencies that name no node are reported in
 * `graph.missing` rather than thrown, so the analysis can turn them into diagnostics.
 */
export function buildGraph(project: Pick<ProjectModel, 'models' | 'tests' | 'sources'> & Partial<Pick<ProjectModel, 'unitTests'>>, options: BuildGraphOptions = {}): Graph {
  // Disabled nodes are few; remembering them (instead of copying every node into a map) keeps this linear
  // and cheap on large projects.
  const dropped = new Set<string>();
  const kept: GraphNode[] = [];
  for (const node of project.models.values()) {
    if (options.includeDisabled || isEnabled(node)) kept.push(node);
    else dropped.add(node.uniqueId);
  }
  for (const node of project.sources.values()) {
    if (options.includeDisabled || isEnabled(node)) kept.push(node);
    else dropped.add(node.uniqueId);
  }
  for (const node of project.tests.values()) {
    if (options.includeDisabled) kept.push(node);
    else if (!isEnabled(node) || (dropped.size > 0 && node.dependsOn.nodes.some((d) => dropped.has(d)))) dropped.add(node.uniqueId);
    else kept.push(node);
  }
  for (const node of project.unitTests?.values() ?? []) {
    if (options.includeDisabled) kept.push(node);
    else if (!isEnabled(node) || node.dependsOn.nodes.some((d) => dropped.has(d))) dropped.add(node.uniqueId);
    else kept.push(node);
  }
  return new Graph(kept, (id) => (dropped.has(id) ? 'disabled' : 'unknown'));
}
