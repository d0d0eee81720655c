// Hover: models, sources, columns, vars and macros, as Markdown.
import type { ColumnInfo, MacroNode, ModelNode, Position, Range, SourceNode } from '../core/types';
import { renderRelation } from '../compile';
import { columnHover, columnHoverMarkdown } from './column-assist';
import { columnKey } from './columns';
import { callAt, documentView, offsetOf, wordAt, type DocumentView } from './document';
import { resolveRef } from './project-index';
import { visibleVars } from './rules/vars';
import { positional } from '../template/scan';
import type { Workspace } from './workspace';

export interface HoverResult {
  markdown: string;
  range?: Range;
}

export function hover(ws: Workspace, file: string, pos: Position): HoverResult | undefined {
  const view = documentView(ws, file);
  if (!view) return undefined;
  const offset = offsetOf(view, pos);
  if (view.kind === 'sql' && view.scan) return hoverSql(view, offset);
  if (view.kind === 'yaml') return hoverYaml(view, offset);
  return undefined;
}

function hoverSql(view: DocumentView, offset: number): HoverResult | undefined {
  const scan = view.scan!;
  const { project } = view;
  const call = callAt(scan, offset);
  const range = call ? view.lines.rangeOf(call.start, call.end) : undefined;
  if (call) {
    const args = positional(call).map((a) => a.value);
    if (call.name === 'ref' && args.length >= 1) {
      const m = resolveRef(project.index, String(args[args.length - 1]), args.length === 2 ? String(args[0]) : undefined);
      if (m) return { markdown: modelMarkdown(view, m), range };
    }
    if (call.name === 'source' && args.length === 2) {
      const s = project.index.sourceTables.get(`${args[0]}.${args[1]}`);
      if (s) return { markdown: sourceMarkdown(s), range };
    }
    if (call.name === 'var' && args.length >= 1) {
      const name = String(args[0]);
      const vars = visibleVars({ project: project.project, cliVars: view.project.ws.options.cliVars ?? {} }, view.model?.packageName ?? project.project.name);
      const v = vars.get(name);
      const def = positional(call)[1];
      const lines = [`**var** \`${name}\``];
      if (v) lines.push(`Value: \`${JSON.stringify(v.value)}\` — from ${v.origin}`);
      else if (def) lines.push(`Not defined; the default \`${view.text.slice(def.start, def.end)}\` is used.`);
      else lines.push('Not defined and no default: rendering fails.');
      return { markdown: lines.join('\n\n'), range };
    }
    if (call.name === 'env_var' && args.length >= 1) {
      const name = String(args[0]);
      const set = view.project.ws.env[name] !== undefined;
      return { markdown: `**env_var** \`${name}\` — ${set ? 'set in this environment' : 'not set'}`, range };
    }
    const macro = findMacro(view, call.name);
    if (macro && offset <= call.nameEnd) return { markdown: macroMarkdown(macro), range: view.lines.rangeOf(call.nameStart, call.nameEnd) };
  }
  const tag = scan.tags.find((t) => t.isThis && offset >= t.start && offset <= t.end);
  if (tag && view.model) {
    return { markdown: `**this** → \`${renderRelation(view.model.relation)}\` (${view.model.config.materialized})`, range: view.lines.rangeOf(tag.start, tag.end) };
  }
  // A column of the model's output.
  if (view.facts && view.model) {
    const col = view.facts.columns().columns.find((c) => c.start !== undefined && offset >= c.start && offset <= (c.end ?? 0));
    if (col) {
      const info = Object.values(view.model.columns).find((c) => columnKey(c.name, c.quote === true) === columnKey(col.name, col.quoted));
      // An undocumented pass-through column: what its upstream says about it is the better answer.
      const upstream = info ? undefined : columnHover(view, offset);
      if (upstream) return { markdown: upstream.markdown, range: view.lines.rangeOf(upstream.start, upstream.end) };
      return { markdown: columnMarkdown(view, view.model, col.name, info), range: view.lines.rangeOf(col.start!, col.end!) };
    }
  }
  // A column of a ref()/source()/CTE in scope.
  const upstream = columnHover(view, offset);
  if (upstream) return { markdown: upstream.markdown, range: view.lines.rangeOf(upstream.start, upstream.end) };
  return undefined;
}

function findMacro(view: DocumentView, name: string): MacroNode | undefined {
  const list = view.project.index.macros.get(name);
  return list?.[0];
}

function hoverYaml(view: DocumentView, offset: number): HoverResult | undefined {
  const w = wordAt(view.text, offset);
  if (!w) return undefined;
  const range = view.lines.rangeOf(w.start, w.end);
  const { index, project } = view.project;
  const line = view.lines.lineRangeAt(offset);
  const lineText = view.text.slice(view.lines.offsetAt(line.start), view.lines.offsetAt(line.end));
  if (!/name\s*:/.test(lineText)) return undefined;
  const model = index.modelsByName.get(w.word)?.find((m) => m.patchLocation?.file === view.file || m.packageName === project.name);
  if (model && model.patchLocation?.file === view.file && Math.abs(model.patchLocation.range.start.line - line.start.line) <= 1) {
    return { markdown: modelMarkdown(view, model), range };
  }
  for (const m of project.models.values()) {
    const c = m.columns[w.word];
    if (c && c.location?.file === view.file && Math.abs(c.location.range.start.line - line.start.line) <= 1) return { markdown: columnMarkdown(view, m, c.name, c), range };
  }
  for (const s of project.sources.values()) {
    if (s.location.file !== view.file) continue;
    if (s.name === w.word && Math.abs(s.location.range.start.line - line.start.line) <= 1) return { markdown: sourceMarkdown(s), range };
  }
  if (model) return { markdown: modelMarkdown(view, model), range };
  return undefined;
}

function columnsList(cols: Record<string, ColumnInfo>): string {
  const list = Object.values(cols);
  if (list.length === 0) return '';
  return '\n\n| column | type | description |\n|---|---|---|\n' + list.map((c) => `| ${c.name} | ${c.dataType ?? ''} | ${c.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`).join('\n');
}

export function modelMarkdown(view: DocumentView, m: ModelNode): string {
  const tests = view.project.index.testsByModel.get(m.uniqueId)?.length ?? 0;
  const parts = [`**${m.resourceType === 'snapshot' ? 'snapshot' : 'model'}** \`${m.name}\` — ${m.config.materialized}`, `\`${renderRelation(m.relation)}\``];
  if (m.description) parts.push(m.description);
  if (m.resourceType === 'snapshot') parts.push(snapshotSummary(m.config));
  if (m.config.materialized === 'incremental') {
    const uk = m.config.unique_key;
    parts.push(`unique_key: \`${uk === undefined ? '(none)' : Array.isArray(uk) ? uk.join(', ') : uk}\` · strategy: \`${m.config.incremental_strategy ?? 'merge'}\``);
  }
  parts.push(`${tests} test${tests === 1 ? '' : 's'}`);
  return parts.join('\n\n') + columnsList(m.columns);
}

/** `strategy: timestamp on updated_at · unique_key: id · hard_deletes: invalidate`. */
function snapshotSummary(c: ModelNode['config']): string {
  const uk = Array.isArray(c.unique_key) ? c.unique_key.join(', ') : String(c.unique_key ?? '(none)');
  const on = c.strategy === 'check' ? ` of ${Array.isArray(c.check_cols) ? c.check_cols.join(', ') : String(c.check_cols)}` : c.strategy === 'timestamp' ? ` on ${String(c.updated_at)}` : '';
  const hd = typeof c.hard_deletes === 'string' ? c.hard_deletes : c.invalidate_hard_deletes === true ? 'invalidate' : 'ignore';
  return `strategy: \`${String(c.strategy)}\`${on} · unique_key: \`${uk}\` · hard_deletes: \`${hd}\``;
}

function sourceMarkdown(s: SourceNode): string {
  const parts = [`**source** \`${s.sourceName}.${s.name}\``, `\`${renderRelation(s.relation)}\``];
  if (s.description) parts.push(s.description);
  if (s.loadedAtField) parts.push(`loaded_at_field: \`${s.loadedAtField}\``);
  return parts.join('\n\n') + columnsList(s.columns);
}

function columnMarkdown(view: DocumentView, m: ModelNode, name: string, info: ColumnInfo | undefined): string {
  return columnHoverMarkdown(view, name, info, m);
}

function macroMarkdown(m: MacroNode): string {
  const parts = ['```jinja\n' + `${m.packageName}.${m.name}(${m.args.join(', ')})` + '\n```'];
  if (m.description) parts.push(m.description);
  return parts.join('\n\n');
}
