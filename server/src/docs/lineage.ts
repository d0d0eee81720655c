// Lineage around one node (for the VS Code lineage view and the docs site) and a layered layout of any
// lineage graph: columns by DAG level, so every edge points right; rows ordered by a few barycenter sweeps
// to cut crossings. Everything is deterministic (ties broken by unique_id) so the same project draws the same.
import { BronzeError, type Range, type ResourceType } from '../core/types';
import type { Graph, GraphNode } from '../graph';

export type LineageRole = 'focus' | 'upstream' | 'downstream' | 'other';

export interface LineageNode {
  id: string;
  /** Model/test name; `source_name.table_name` for sources. */
  name: string;
  resourceType: ResourceType;
  /** Absolute path of the file that defines the node (the .sql file, or the YAML entry of sources/tests). */
  file: string;
  range: Range;
  role: LineageRole;
  /** Materialization for models (`view`, `table`, `incremental`, …). */
  materialized?: string;
}

export interface LineageEdge {
  from: string;
  to: string;
}

export interface Lineage {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function displayName(n: GraphNode): string {
  return n.resourceType === 'source' ? `${n.sourceName}.${n.name}` : n.name;
}

function toLineageNode(n: GraphNode, role: LineageRole): LineageNode {
  return {
    id: n.uniqueId,
    name: displayName(n),
    resourceType: n.resourceType,
    file: n.location.file,
    range: n.location.range,
    role,
    ...(n.resourceType !== 'source' && n.resourceType !== 'test' && n.resourceType !== 'unit_test' ? { materialized: n.config.materialized } : {}),
  };
}

function subgraph(graph: Graph, roles: Map<string, LineageRole>): Lineage {
  const ids = [...roles.keys()].sort(byId);
  const nodes: LineageNode[] = [];
  const edges: LineageEdge[] = [];
  // Unit tests test a model's logic, not the data flowing through the DAG: lineage leaves them out, as dbt's does.
  const shown = (id: string) => roles.has(id) && graph.node(id)?.resourceType !== 'unit_test';
  for (const id of ids) {
    const n = graph.node(id);
    if (!n || !shown(id)) continue;
    nodes.push(toLineageNode(n, roles.get(id)!));
    for (const child of graph.children(id)) if (shown(child)) edges.push({ from: id, to: child });
  }
  edges.sort((a, b) => byId(a.from, b.from) || byId(a.to, b.to));
  return { nodes, edges };
}

/**
 * The node `uniqueId` with its ancestors and descendants up to `depth` generations each way (all when
 * omitted), and every edge of the DAG between them. Throws a BronzeError when the node is not in the graph
 * (unknown or disabled).
 */
export function lineageOf(project: { name: string }, graph: Graph, uniqueId: string, depth?: number): Lineage {
  if (!graph.has(uniqueId)) {
    throw new BronzeError(
      `${uniqueId} is not in the DAG of project ${project.name}: it is unknown or disabled. Save the file and check ` +
        'that the model is enabled (config enabled=true) to see its lineage.',
      undefined,
      'bronze/lineage-unknown-node',
    );
  }
  const roles = new Map<string, LineageRole>([[uniqueId, 'focus']]);
  for (const id of graph.ancestors(uniqueId, depth)) roles.set(id, 'upstream');
  for (const id of graph.descendants(uniqueId, depth)) if (!roles.has(id)) roles.set(id, 'downstream');
  return subgraph(graph, roles);
}

/** The whole DAG as one lineage graph: sources → models → tests. */
export function projectLineage(graph: Graph): Lineage {
  return subgraph(graph, new Map(graph.nodeIds().map((id) => [id, 'other' as LineageRole])));
}

// ---------------------------------------------------------------------------------------------------------
// Layout

export interface LayoutOptions {
  nodeWidth?: number;
  nodeHeight?: number;
  columnGap?: number;
  rowGap?: number;
  padding?: number;
}

export interface PlacedNode {
  id: string;
  level: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** SVG path data: a cubic curve from the right edge of `from` to the left edge of `to`. */
  d: string;
}

export interface LineageLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

const TYPE_ORDER: Record<string, number> = { source: 0, seed: 1, model: 2, snapshot: 3, analysis: 4, test: 5, macro: 6 };

/** Longest-path levels: a node sits one column right of its right-most parent. */
function levelsOf(lineage: Lineage): Map<string, number> {
  const parents = new Map<string, string[]>(lineage.nodes.map((n) => [n.id, []]));
  const indegree = new Map<string, number>(lineage.nodes.map((n) => [n.id, 0]));
  const children = new Map<string, string[]>(lineage.nodes.map((n) => [n.id, []]));
  for (const e of lineage.edges) {
    if (!parents.has(e.to) || !parents.has(e.from) || e.from === e.to) continue;
    parents.get(e.to)!.push(e.from);
    children.get(e.from)!.push(e.to);
    indegree.set(e.to, indegree.get(e.to)! + 1);
  }
  const level = new Map<string, number>();
  const queue = lineage.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id).sort(byId);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    level.set(id, Math.max(0, ...parents.get(id)!.map((p) => (level.get(p) ?? -1) + 1)));
    for (const c of children.get(id)!) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) queue.push(c);
    }
  }
  // Nodes on a cycle never reach indegree 0; put them after everything else rather than drop them.
  const last = Math.max(-1, ...level.values()) + 1;
  for (const n of lineage.nodes) if (!level.has(n.id)) level.set(n.id, last);
  return level;
}

/** Places the nodes in columns by DAG level and orders each column to keep edges short and uncrossed. */
export function layoutLineage(lineage: Lineage, options: LayoutOptions = {}): LineageLayout {
  const w = options.nodeWidth ?? 200;
  const h = options.nodeHeight ?? 36;
  const colGap = options.columnGap ?? 72;
  const rowGap = options.rowGap ?? 14;
  const pad = options.padding ?? 16;
  const level = levelsOf(lineage);
  const nodeById = new Map(lineage.nodes.map((n) => [n.id, n]));
  const columnCount = Math.max(0, ...level.values()) + 1;
  const columns: string[][] = Array.from({ length: lineage.nodes.length === 0 ? 0 : columnCount }, () => []);
  for (const n of lineage.nodes) columns[level.get(n.id)!].push(n.id);
  const typeRank = (id: string): number => TYPE_ORDER[nodeById.get(id)!.resourceType] ?? 9;
  for (const col of columns) col.sort((a, b) => typeRank(a) - typeRank(b) || byId(nodeById.get(a)!.name, nodeById.get(b)!.name) || byId(a, b));

  const ups = new Map<string, string[]>(lineage.nodes.map((n) => [n.id, []]));
  const downs = new Map<string, string[]>(lineage.nodes.map((n) => [n.id, []]));
  for (const e of lineage.edges) {
    if (!nodeById.has(e.from) || !nodeById.has(e.to)) continue;
    ups.get(e.to)!.push(e.from);
    downs.get(e.from)!.push(e.to);
  }
  const pos = new Map<string, number>();
  const index = (): void => columns.forEach((col) => col.forEach((id, i) => pos.set(id, i)));
  index();
  const reorder = (col: string[], neighbours: Map<string, string[]>): void => {
    const key = new Map<string, number>();
    col.forEach((id, i) => {
      const ns = neighbours.get(id)!;
      key.set(id, ns.length === 0 ? i : ns.reduce((s, n) => s + pos.get(n)!, 0) / ns.length);
    });
    col.sort((a, b) => key.get(a)! - key.get(b)! || pos.get(a)! - pos.get(b)!);
    col.forEach((id, i) => pos.set(id, i));
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let c = 1; c < columns.length; c++) reorder(columns[c], ups);
    for (let c = columns.length - 2; c >= 0; c--) reorder(columns[c], downs);
  }

  // Rows: start packed from the top, then pull each node towards the mean height of its neighbours in both
  // directions (keeping the column's order and no overlap), so a model sits beside its sources and tests.
  const step = h + rowGap;
  const y = new Map<string, number>();
  for (const col of columns) col.forEach((id, i) => y.set(id, i * step));
  const settle = (col: string[], neighbours: (id: string) => string[]): void => {
    const want = col.map((id) => {
      const ns = neighbours(id);
      return ns.length === 0 ? y.get(id)! : ns.reduce((sum, n) => sum + y.get(n)!, 0) / ns.length;
    });
    // Closest placement (least squares) that keeps the column's order and gaps: with z_i = want_i - i·step the
    // constraint is z non-decreasing, which pool-adjacent-violators solves exactly.
    const blocks: { sum: number; count: number }[] = [];
    want.forEach((w0, i) => {
      blocks.push({ sum: w0 - i * step, count: 1 });
      while (blocks.length > 1) {
        const b = blocks[blocks.length - 1];
        const a = blocks[blocks.length - 2];
        if (a.sum / a.count <= b.sum / b.count) break;
        blocks.pop();
        a.sum += b.sum;
        a.count += b.count;
      }
    });
    const placedY: number[] = [];
    for (const b of blocks) for (let k = 0; k < b.count; k++) placedY.push(b.sum / b.count + placedY.length * step);
    col.forEach((id, i) => y.set(id, placedY[i]));
  };
  const both = (id: string): string[] => [...ups.get(id)!, ...downs.get(id)!];
  for (let round = 0; round < 3; round++) {
    for (let c = 0; c < columns.length; c++) settle(columns[c], both);
    for (let c = columns.length - 1; c >= 0; c--) settle(columns[c], both);
  }
  const minY = Math.min(0, ...y.values());
  const maxY = Math.max(0, ...[...y.values()].map((v) => v - minY));
  const fullHeight = lineage.nodes.length === 0 ? 0 : maxY + h;
  const placed = new Map<string, PlacedNode>();
  columns.forEach((col, c) => {
    for (const id of col) placed.set(id, { id, level: c, x: pad + c * (w + colGap), y: Math.round(pad + y.get(id)! - minY), width: w, height: h });
  });
  const nodes = lineage.nodes.map((n) => placed.get(n.id)!);
  const edges: PlacedEdge[] = [];
  for (const e of lineage.edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + a.width;
    const y1 = a.y + a.height / 2;
    const x2 = b.x;
    const y2 = b.y + b.height / 2;
    const mid = (x2 - x1) / 2;
    edges.push({ from: e.from, to: e.to, d: `M${x1} ${y1} C${x1 + mid} ${y1} ${x2 - mid} ${y2} ${x2} ${y2}` });
  }
  const width = columns.length === 0 ? 2 * pad : 2 * pad + columns.length * w + (columns.length - 1) * colGap;
  return { width, height: 2 * pad + fullHeight, nodes, edges };
}
