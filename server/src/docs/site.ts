// The static docs site: index.html, the data (docs.json, and docs-data.js for file:// where browsers refuse
// fetch()), and one self-contained script and stylesheet. No CDN, no remote fonts. Pure: the caller writes
// the returned files. Deterministic for equal inputs (timestamps only when given).
import path from 'node:path';
import type { ColumnInfo, ModelNode, ProjectModel, SourceNode, TestNode } from '../core/types';
import type { Graph, GraphNode } from '../graph';
import { catalogColumnTypes, type CatalogJson } from './catalog';
import { layoutLineage, lineageOf, projectLineage, displayName, type Lineage, type LineageLayout, type LineageRole } from './lineage';
import { classifyColumn, piiReport, type PiiClassification, type PiiRow } from './pii';
import { DOCS_CSS, DOCS_JS } from './site-assets';

export interface DocsSiteInput {
  project: ProjectModel;
  graph: Graph;
  /** Execute-phase compiled SQL per unique_id, for the nodes that compiled. */
  compiled?: ReadonlyMap<string, string>;
  /** Compile errors per unique_id, shown instead of the SQL. */
  compileErrors?: ReadonlyMap<string, string>;
  /** The warehouse catalog, when the target was reachable: its column types win over declared ones. */
  catalog?: CatalogJson;
  target?: { name: string; type: string };
  /** ISO time shown on the overview; omitted to keep the output byte-stable. */
  generatedAt?: string;
  /** Generations shown each way in a node's lineage (default 2). */
  lineageDepth?: number;
}

export interface DocsColumn {
  name: string;
  description: string;
  /** The warehouse's type when the catalog has the column, else the declared `data_type`. */
  dataType?: string;
  typeSource?: 'warehouse' | 'declared';
  declaredType?: string;
  tags: string[];
  meta: Record<string, unknown>;
  pii?: PiiClassification;
  /** Names of the generic tests on this column. */
  tests: string[];
  documented: boolean;
}

/** A lineage layout with each node's role, as the page draws it. */
export interface DocsLineageView extends LineageLayout {
  roles: Record<string, LineageRole>;
}

export interface DocsNode {
  id: string;
  name: string;
  resourceType: GraphNode['resourceType'];
  packageName: string;
  /** Relative to the project root, forward slashes. */
  file: string;
  line: number;
  description: string;
  tags: string[];
  meta: Record<string, unknown>;
  enabled: boolean;
  materialized?: string;
  relation?: string;
  columns: DocsColumn[];
  rawCode?: string;
  compiledSql?: string;
  compileError?: string;
  parents: string[];
  children: string[];
  /** Tests that depend on this node. */
  tests: string[];
  test?: { name: string; namespace?: string; kwargs: Record<string, unknown>; columnName?: string; attachedNode?: string; severity: string };
  source?: { sourceName: string; loadedAtField?: string; freshness?: unknown };
  lineage?: DocsLineageView;
}

export interface DocsData {
  project: { name: string; target?: { name: string; type: string }; generatedAt?: string; catalog: boolean; counts: Record<string, number> };
  nodes: Record<string, DocsNode>;
  lineage: DocsLineageView;
  pii: PiiRow[];
}

export const DOCS_FILES = { html: 'index.html', json: 'docs.json', dataJs: 'docs-data.js', js: 'assets/docs.js', css: 'assets/docs.css' } as const;

function relFile(root: string, file: string): string {
  const r = path.relative(root, file);
  return (r === '' || r.startsWith('..') ? file : r).split(path.sep).join('/');
}

function view(lineage: Lineage): DocsLineageView {
  const roles: Record<string, LineageRole> = {};
  for (const n of lineage.nodes) roles[n.id] = n.role;
  return { ...layoutLineage(lineage), roles };
}

function columnTests(project: ProjectModel, id: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of project.tests.values()) {
    if (t.attachedNode !== id || !t.columnName || !t.testMetadata) continue;
    const key = t.columnName.replace(/"/g, '').toLowerCase(); // a quoted column's tests name it "x"
    const label = t.testMetadata.namespace ? `${t.testMetadata.namespace}.${t.testMetadata.name}` : t.testMetadata.name;
    out.set(key, [...(out.get(key) ?? []), label]);
  }
  for (const v of out.values()) v.sort();
  return out;
}

function docsColumns(
  project: ProjectModel,
  node: ModelNode | SourceNode,
  types: Map<string, { name: string; type: string; index: number }> | undefined,
): DocsColumn[] {
  const tests = columnTests(project, node.uniqueId);
  const documented = new Map<string, ColumnInfo>();
  for (const c of Object.values(node.columns)) documented.set(c.name.toLowerCase(), c);
  const build = (key: string, c: ColumnInfo | undefined, w: { name: string; type: string } | undefined): DocsColumn => {
    const pii = c ? classifyColumn(c) : undefined;
    const type = w?.type ?? c?.dataType;
    return {
      name: c?.name ?? w!.name,
      description: c?.description ?? '',
      ...(type ? { dataType: type, typeSource: w ? 'warehouse' : 'declared' } : {}),
      ...(w && c?.dataType ? { declaredType: c.dataType } : {}),
      tags: c?.tags ?? [],
      meta: c?.meta ?? {},
      ...(pii ? { pii } : {}),
      tests: tests.get(key) ?? [],
      documented: c !== undefined,
    };
  };
  const out: DocsColumn[] = [];
  // The warehouse's column order when known (that is the relation), then documented columns it lacks.
  const seen = new Set<string>();
  for (const [key, w] of [...(types ?? new Map()).entries()].sort((a, b) => a[1].index - b[1].index)) {
    out.push(build(key, documented.get(key), w));
    seen.add(key);
  }
  for (const [key, c] of documented) if (!seen.has(key)) out.push(build(key, c, undefined));
  return out;
}

function relationText(r: { database: string; schema: string; identifier: string }): string {
  return [r.database, r.schema, r.identifier].filter((p) => p).join('.');
}

function docsNode(input: DocsSiteInput, n: ModelNode | SourceNode | TestNode, types: ReturnType<typeof catalogColumnTypes> | undefined): DocsNode {
  const { project, graph } = input;
  const inGraph = graph.has(n.uniqueId);
  const children = inGraph ? graph.children(n.uniqueId) : [];
  const base: DocsNode = {
    id: n.uniqueId,
    name: displayName(n),
    resourceType: n.resourceType,
    packageName: n.packageName,
    file: relFile(project.root, n.location.file),
    line: n.location.range.start.line + 1,
    description: n.description,
    tags: [...n.tags],
    meta: n.meta,
    enabled: n.config.enabled !== false,
    columns: [],
    parents: inGraph ? graph.parents(n.uniqueId) : [],
    children,
    tests: children.filter((c) => c.startsWith('test.')),
  };
  const compiled = input.compiled?.get(n.uniqueId);
  const compileError = input.compileErrors?.get(n.uniqueId);
  if (compiled !== undefined) base.compiledSql = compiled;
  if (compileError !== undefined) base.compileError = compileError;
  if (inGraph) base.lineage = view(lineageOf(project, graph, n.uniqueId, input.lineageDepth ?? 2));
  if (n.resourceType === 'source') {
    base.relation = relationText(n.relation);
    base.columns = docsColumns(project, n, types?.get(n.uniqueId));
    base.source = {
      sourceName: n.sourceName,
      ...(n.loadedAtField ? { loadedAtField: n.loadedAtField } : {}),
      ...(n.freshness ? { freshness: n.freshness } : {}),
    };
  } else if (n.resourceType === 'test') {
    base.rawCode = n.rawCode;
    base.test = {
      name: n.testMetadata ? (n.testMetadata.namespace ? `${n.testMetadata.namespace}.${n.testMetadata.name}` : n.testMetadata.name) : 'singular',
      kwargs: n.testMetadata?.kwargs ?? {},
      ...(n.columnName ? { columnName: n.columnName } : {}),
      ...(n.attachedNode ? { attachedNode: n.attachedNode } : {}),
      severity: typeof n.config.severity === 'string' ? n.config.severity.toLowerCase() : 'error',
    };
  } else {
    base.rawCode = n.rawCode;
    base.materialized = n.config.materialized;
    base.relation = relationText(n.relation);
    base.columns = docsColumns(project, n, types?.get(n.uniqueId));
  }
  return base;
}

/** The site's data: every model, source and test, their lineage views, the project lineage and the PII report. */
export function buildDocsData(input: DocsSiteInput): DocsData {
  const { project, graph } = input;
  const types = input.catalog ? catalogColumnTypes(input.catalog) : undefined;
  const all: (ModelNode | SourceNode | TestNode)[] = [...project.sources.values(), ...project.models.values(), ...project.tests.values()];
  all.sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : a.uniqueId > b.uniqueId ? 1 : 0));
  const nodes: Record<string, DocsNode> = {};
  const counts: Record<string, number> = { model: 0, source: 0, test: 0, seed: 0, snapshot: 0, analysis: 0, pii_columns: 0 };
  for (const n of all) {
    nodes[n.uniqueId] = docsNode(input, n, types);
    if (n.config.enabled !== false) counts[n.resourceType] = (counts[n.resourceType] ?? 0) + 1;
  }
  const pii = piiReport(project);
  counts.pii_columns = pii.length;
  return {
    project: {
      name: project.name,
      ...(input.target ? { target: input.target } : {}),
      ...(input.generatedAt ? { generatedAt: input.generatedAt } : {}),
      catalog: input.catalog !== undefined,
      counts,
    },
    nodes,
    lineage: view(projectLineage(graph)),
    pii,
  };
}

/** JSON that is also safe inside a <script> element and a JS file. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** How the page pulls in its styles and scripts: files beside it, or inline in one self-contained page. */
interface PageAssets {
  style: string;
  scripts: string;
}

function linkedAssets(): PageAssets {
  return {
    style: `<link rel="stylesheet" href="${DOCS_FILES.css}">`,
    scripts: `<script src="${DOCS_FILES.dataJs}"></script>\n<script src="${DOCS_FILES.js}"></script>`,
  };
}

/** `</` would end an inline element early; the escaped form means the same to CSS and JavaScript here. */
function inlineSafe(text: string): string {
  return text.replace(/<\/(script|style)/gi, '<\\/$1');
}

function inlineAssets(data: DocsData): PageAssets {
  return {
    style: `<style>\n${inlineSafe(DOCS_CSS)}\n</style>`,
    scripts: `<script>window.__BRONZE_DOCS__ = ${scriptJson(data)};</script>\n<script>\n${inlineSafe(DOCS_JS)}\n</script>`,
  };
}

function indexHtml(data: DocsData, assets: PageAssets): string {
  const title = `${data.project.name} · Bronze docs`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
${assets.style}
</head>
<body>
<header class="top"><a class="brand" href="#!/overview">Bronze docs</a><span class="project">${escapeHtml(data.project.name)}</span>
<nav><a href="#!/overview">Overview</a><a href="#!/lineage">Lineage</a><a href="#!/pii">PII report</a></nav></header>
<div class="layout">
<aside class="side"><input id="filter" type="search" placeholder="Filter models, sources, tests" aria-label="Filter"><div id="tree"></div></aside>
<main id="main"><noscript>This documentation needs JavaScript. The same content is in ${DOCS_FILES.json}.</noscript></main>
</div>
${assets.scripts}
</body>
</html>
`;
}

/**
 * The whole site as one page (styles, data and script inline): written to `<target>/index.html`, beside
 * manifest.json and catalog.json, where hosting set up for dbt's docs serves it from.
 */
export function singleFileIndexHtml(data: DocsData): string {
  return indexHtml(data, inlineAssets(data));
}

/** Every file of the site, relative path → content. */
export function generateDocsSite(input: DocsSiteInput): Map<string, string> {
  return siteFiles(buildDocsData(input));
}

/** The site's files for data already built. */
export function siteFiles(data: DocsData): Map<string, string> {
  return new Map<string, string>([
    [DOCS_FILES.html, indexHtml(data, linkedAssets())],
    [DOCS_FILES.json, JSON.stringify(data, null, 1) + '\n'],
    [DOCS_FILES.dataJs, `window.__BRONZE_DOCS__ = ${scriptJson(data)};\n`],
    [DOCS_FILES.js, DOCS_JS],
    [DOCS_FILES.css, DOCS_CSS],
  ]);
}
