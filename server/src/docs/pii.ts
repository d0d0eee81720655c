// PII classification of documented columns. A column counts as PII when schema.yml tags it `pii`, or its meta
// says `pii: true`, or names a `classification` / `pii_type`. The report lists every such column of every
// model and source, in a stable order, for the docs site and `bronze docs pii`.
import path from 'node:path';
import type { ColumnInfo, ModelNode, ProjectModel, SourceNode } from '../core/types';

export type PiiReason = 'tag' | 'meta.pii' | 'meta.classification' | 'meta.pii_type';

export interface PiiClassification {
  /** `meta.classification`, else `meta.pii_type`, else `pii`. */
  classification: string;
  /** Which of the markers were found, in a fixed order. */
  reasons: PiiReason[];
}

export interface PiiRow {
  uniqueId: string;
  /** Model name, or `source_name.table_name` for sources. */
  name: string;
  resourceType: 'model' | 'seed' | 'snapshot' | 'analysis' | 'source';
  column: string;
  classification: string;
  reasons: PiiReason[];
  description: string;
  dataType?: string;
  /** Where the column is documented, relative to the project root; 1-based line when known. */
  file: string;
  line?: number;
}

function metaText(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

/** The column's PII classification, or undefined when nothing marks it as personal data. */
export function classifyColumn(col: Pick<ColumnInfo, 'tags' | 'meta'>): PiiClassification | undefined {
  const reasons: PiiReason[] = [];
  if (col.tags.some((t) => t.toLowerCase() === 'pii')) reasons.push('tag');
  const meta = col.meta ?? {};
  if (meta.pii === true || (typeof meta.pii === 'string' && meta.pii.toLowerCase() === 'true')) reasons.push('meta.pii');
  const classification = metaText(meta.classification);
  const piiType = metaText(meta.pii_type);
  if (classification !== undefined) reasons.push('meta.classification');
  if (piiType !== undefined) reasons.push('meta.pii_type');
  if (reasons.length === 0) return undefined;
  return { classification: classification ?? piiType ?? 'pii', reasons };
}

function rel(root: string, file: string): string {
  const r = path.relative(root, file);
  return (r === '' || r.startsWith('..') ? file : r).split(path.sep).join('/');
}

function rowsOf(project: ProjectModel, node: ModelNode | SourceNode): PiiRow[] {
  const rows: PiiRow[] = [];
  const name = node.resourceType === 'source' ? `${node.sourceName}.${node.name}` : node.name;
  for (const colName of Object.keys(node.columns).sort()) {
    const col = node.columns[colName];
    const c = classifyColumn(col);
    if (!c) continue;
    const loc = col.location ?? (node.resourceType === 'source' ? node.location : node.patchLocation ?? node.location);
    rows.push({
      uniqueId: node.uniqueId,
      name,
      resourceType: node.resourceType,
      column: col.name,
      classification: c.classification,
      reasons: c.reasons,
      description: col.description,
      ...(col.dataType ? { dataType: col.dataType } : {}),
      file: rel(project.root, loc.file),
      ...(col.location ? { line: col.location.range.start.line + 1 } : {}),
    });
  }
  return rows;
}

/** Every PII-classified column of the project's enabled models and sources, ordered by unique_id then column. */
export function piiReport(project: ProjectModel): PiiRow[] {
  const nodes: (ModelNode | SourceNode)[] = [...project.models.values(), ...project.sources.values()]
    .filter((n) => n.config.enabled !== false)
    .sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0));
  return nodes.flatMap((n) => rowsOf(project, n));
}

/** A plain-text table for the terminal: one line per column, aligned, with a count at the end. */
export function formatPiiReport(rows: readonly PiiRow[]): string {
  if (rows.length === 0) return 'No PII-classified columns (tag `pii`, or meta `pii: true` / `classification` / `pii_type`).\n';
  const header = ['resource', 'column', 'classification', 'documented at'];
  const body = rows.map((r) => [
    `${r.resourceType === 'source' ? 'source' : r.resourceType} ${r.name}`,
    r.column,
    r.classification,
    r.line !== undefined ? `${r.file}:${r.line}` : r.file,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const models = new Set(rows.map((r) => r.uniqueId)).size;
  return [line(header), ...body.map(line), '', `${rows.length} PII column${rows.length === 1 ? '' : 's'} in ${models} resource${models === 1 ? '' : 's'}.`, ''].join('\n');
}
