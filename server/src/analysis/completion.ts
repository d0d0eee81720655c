// Completion: model names in ref(), sources and tables in source(), config keys and values, var names,
// macro names, and column names in schema.yml.
import type { Position } from '../core/types';
import { completeColumns } from './column-assist';
import { columnKey } from './columns';
import { argIndexAt, callAt, documentView, offsetOf, type DocumentView } from './document';
import { visibleVars } from './rules/vars';
import { positional } from '../template/scan';
import type { Workspace } from './workspace';

export type CompletionKind = 'model' | 'source' | 'table' | 'var' | 'macro' | 'config-key' | 'config-value' | 'column' | 'function';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Text inserted in place of the word before the cursor (defaults to label). */
  insertText?: string;
  documentation?: string;
}

export const CONFIG_KEYS: Record<string, string[]> = {
  materialized: ['view', 'table', 'incremental', 'ephemeral'],
  incremental_strategy: ['merge', 'delete+insert', 'append', 'microbatch'],
  on_schema_change: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'],
  unique_key: [],
  schema: [],
  database: [],
  alias: [],
  tags: [],
  meta: [],
  enabled: ['true', 'false'],
  full_refresh: ['true', 'false'],
  pre_hook: [],
  post_hook: [],
  cluster_by: [],
  transient: ['true', 'false'],
  secure: ['true', 'false'],
  copy_grants: ['true', 'false'],
  snowflake_warehouse: [],
  query_tag: [],
  incremental_predicates: [],
  merge_update_columns: [],
  merge_exclude_columns: [],
  persist_docs: [],
  grants: [],
  // dbt's microbatch strategy (https://docs.getdbt.com/docs/build/incremental-microbatch).
  event_time: [],
  batch_size: ['hour', 'day', 'month', 'year'],
  begin: [],
  lookback: [],
  concurrent_batches: ['true', 'false'],
};

const JINJA_GLOBALS = ['ref', 'source', 'config', 'var', 'env_var', 'this', 'is_incremental', 'target', 'run_started_at', 'invocation_id', 'adapter', 'log', 'exceptions', 'return'];

export function complete(ws: Workspace, file: string, pos: Position): CompletionItem[] {
  const view = documentView(ws, file);
  if (!view) return [];
  const offset = offsetOf(view, pos);
  if (view.kind === 'sql' && view.scan) return completeSql(view, offset);
  if (view.kind === 'yaml') return completeYaml(view, offset);
  return [];
}

function inString(text: string, from: number, offset: number): boolean {
  const s = text.slice(from, offset);
  const q = s.replace(/\\./g, '').match(/['"]/g);
  return !!q && q.length % 2 === 1;
}

function completeSql(view: DocumentView, offset: number): CompletionItem[] {
  const { index, project } = view.project;
  const tag = view.scan!.tags.find((t) => offset >= t.innerStart && offset <= t.innerEnd && t.kind !== 'comment')
    // An unterminated tag (typing `{{ ref('`) runs to the end of the text.
    ?? view.scan!.tags.find((t) => offset >= t.innerStart && t.end === view.text.length);
  if (!tag) return completeColumns(view, offset).map((c) => ({ label: c.label, kind: 'column' as const, detail: c.detail, ...(c.documentation ? { documentation: c.documentation } : {}) }));
  const call = callAt(view.scan!, offset) ?? view.scan!.calls.find((c) => c.start <= offset && c.end >= view.text.length - 1 && c.end >= offset);
  if (call) {
    const idx = argIndexAt(call, offset);
    const argPos = idx >= 0 ? idx : positional(call).length;
    const arg = idx >= 0 ? call.args[idx] : undefined;
    if (call.name === 'ref') {
      return [...index.modelsByName.values()].map((list) => list[0]).filter((m) => m.location.file !== view.file).map((m) => ({ label: m.name, kind: 'model' as const, detail: `${m.config.materialized} · ${m.packageName}` }));
    }
    if (call.name === 'source') {
      if (argPos === 0) return [...index.sources.keys()].map((s) => ({ label: s, kind: 'source' as const }));
      const src = positional(call)[0]?.value;
      return (index.sources.get(String(src)) ?? []).map((t) => ({ label: t.name, kind: 'table' as const, detail: `${t.relation.schema}.${t.relation.identifier}` }));
    }
    if (call.name === 'var' && argPos === 0) {
      const vars = visibleVars({ project: project, cliVars: view.project.ws.options.cliVars ?? {} }, view.model?.packageName ?? project.name);
      return [...vars].map(([k, v]) => ({ label: k, kind: 'var' as const, detail: `${JSON.stringify(v.value)} (${v.origin})` }));
    }
    if (call.name === 'config') {
      if (arg?.keyword && inString(view.text, arg.start, offset)) {
        return (CONFIG_KEYS[arg.keyword] ?? []).map((v) => ({ label: v, kind: 'config-value' as const }));
      }
      const before = view.text.slice(arg ? arg.start : offset, offset);
      if (!arg || !before.includes('=')) return Object.keys(CONFIG_KEYS).map((k) => ({ label: k, kind: 'config-key' as const, insertText: `${k}=` }));
      return [];
    }
  }
  if (inString(view.text, tag.innerStart, offset)) return [];
  const out: CompletionItem[] = JINJA_GLOBALS.map((g) => ({ label: g, kind: 'function' as const }));
  const seen = new Set<string>();
  for (const [name, list] of index.macros) {
    const m = list[0];
    if (name.includes('.') && m.packageName === project.name) continue;
    if (!name.includes('.') && m.packageName !== project.name && m.packageName !== 'dbt') continue;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ label: name, kind: 'macro', detail: `(${m.args.join(', ')})` });
  }
  return out;
}

function indent(line: string): number {
  return line.length - line.trimStart().length;
}

/** In schema.yml, `- name: |` under a model's `columns:` → the model's output columns not documented yet. */
function completeYaml(view: DocumentView, offset: number): CompletionItem[] {
  const pos = view.lines.positionAt(offset);
  const lines = view.text.split('\n');
  const cur = lines[pos.line]?.slice(0, pos.character) ?? '';
  if (!/^\s*-?\s*name\s*:\s*[\w"']*$/.test(cur)) return [];
  const ind = indent(cur);
  // Walk up: `columns:` with less indentation, then the `- name: <model>` that owns it.
  let l = pos.line - 1;
  while (l >= 0 && (lines[l].trim() === '' || indent(lines[l]) >= ind)) l--;
  if (l < 0 || !/^\s*columns\s*:\s*$/.test(lines[l])) {
    // `- name: |` directly under models: → model names that have no entry yet
    if (l >= 0 && /^\s*models\s*:\s*$/.test(lines[l])) {
      const documented = new Set([...view.project.project.models.values()].filter((m) => m.patchLocation).map((m) => m.name));
      return [...view.project.project.models.values()].filter((m) => !documented.has(m.name) && m.packageName === view.project.project.name).map((m) => ({ label: m.name, kind: 'model' as const }));
    }
    return [];
  }
  const colIndent = indent(lines[l]);
  let k = l - 1;
  while (k >= 0 && (lines[k].trim() === '' || indent(lines[k]) >= colIndent)) k--;
  const m = k >= 0 ? /^\s*-\s*name\s*:\s*['"]?([\w]+)/.exec(lines[k]) : null;
  if (!m) return [];
  const model = view.project.index.modelsByName.get(m[1])?.[0];
  if (model) {
    const documented = new Set(Object.values(model.columns).map((c) => columnKey(c.name, c.quote === true)));
    const cols = view.project.facts(model.uniqueId)?.columns().columns ?? [];
    return cols.filter((c) => !documented.has(columnKey(c.name, c.quoted))).map((c) => ({ label: c.name, kind: 'column' as const, detail: `output of ${model.name}` }));
  }
  const source = [...view.project.project.sources.values()].find((s) => s.name === m[1] && s.location.file === view.file);
  if (source) return Object.values(source.columns).map((c) => ({ label: c.name, kind: 'column' as const }));
  return [];
}
