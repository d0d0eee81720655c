// The project's own bronze style, read from an existing bronze model, for scaffolding: the config() keyword
// arguments it sets beyond what the generator decides (tags, hooks, persist_docs, …) with the reference's model
// and table names swapped for the new ones, and the metadata columns its final SELECT adds to the source's
// columns (e.g. `current_timestamp() as dbt_loaded_at`). Read, never rendered: the text is copied as written.
import type { ModelNode } from '../core/types';
import { columnKey, inferOutputColumns } from './columns';
import { isKeyword, lex, tokenizeSql } from '../core/sql/tokenize';
import { listItemStart } from '../core/sql/split';
import { documentView } from './document';
import type { ProjectState, Workspace } from './workspace';

/** Arguments the generator writes itself (they depend on the new model), never copied. */
const GENERATED_ARGS = new Set(['materialized', 'unique_key', 'on_schema_change', 'incremental_strategy', 'alias', 'identifier']);

export interface BronzeStyle {
  /** The model the style was read from. */
  reference: string;
  /** Its materialization. */
  materialized?: string;
  /** Its on_schema_change, when it sets one. */
  onSchemaChange?: string;
  /** `name=value` texts, in the reference's order, already renamed for the new model. */
  configArgs: string[];
  /** Select-list items (expression and alias as written) appended after the source's columns. */
  metadataColumns: { name: string; text: string }[];
}

export interface StyleNames {
  model: string;
  table: string;
}

/** `text` with `from` replaced by `to` as a whole word inside string literals, keeping lower/UPPER case. */
function renameInStrings(text: string, from: string, to: string): string {
  const word = new RegExp(`(?<![\\w])${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`, 'gi');
  return text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (lit) =>
    lit.replace(word, (m) => (m === m.toUpperCase() && m !== m.toLowerCase() ? to.toUpperCase() : to)),
  );
}

/** The project's bronze models built straight from one source table (audit and helper models left out). */
function bronzeModels(project: ProjectState): { model: ModelNode; source: string; table: string }[] {
  const out: { model: ModelNode; source: string; table: string }[] = [];
  for (const m of project.project.models.values()) {
    if (m.packageName !== project.project.name || m.resourceType !== 'model' || !m.name.startsWith('bz_') || /audit/i.test(m.name)) continue;
    const sources = m.sources;
    if (sources.length !== 1) continue;
    out.push({ model: m, source: sources[0].sourceName, table: sources[0].tableName });
  }
  return out.sort((a, b) => a.model.name.localeCompare(b.model.name));
}

/** The style of the project's bronze models: read from the first of those with the most common materialization. */
export function readBronzeStyle(ws: Workspace, project: ProjectState, names: StyleNames): BronzeStyle | undefined {
  const models = bronzeModels(project);
  if (models.length === 0) return undefined;
  const counts = new Map<string, number>();
  for (const { model } of models) counts.set(String(model.config.materialized ?? 'view'), (counts.get(String(model.config.materialized ?? 'view')) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  const ref = models.find(({ model }) => String(model.config.materialized ?? 'view') === common)!;
  const view = documentView(ws, ref.model.location.file);
  const scan = view?.scan;
  if (!view || !scan) return undefined;
  const rename = (t: string) => renameInStrings(renameInStrings(t, ref.model.name, names.model), ref.table, names.table);

  const configArgs: string[] = [];
  const config = scan.calls.find((c) => c.name === 'config' && c.tag.kind === 'expr');
  for (const a of config?.args ?? []) {
    if (!a.keyword || GENERATED_ARGS.has(a.keyword)) continue;
    configArgs.push(`${a.keyword}=${rename(view.text.slice(a.start, a.end).trim())}`);
  }

  const sourceColumns = new Set(Object.values(project.index.sourceTables.get(`${ref.source}.${ref.table}`)?.columns ?? {}).map((c) => columnKey(c.name)));
  const metadataColumns: { name: string; text: string }[] = [];
  if (sourceColumns.size > 0) {
    const inferred = inferOutputColumns(scan);
    for (const c of inferred.columns) {
      if (c.start === undefined || sourceColumns.has(columnKey(c.name, c.quoted))) continue;
      const item = selectItem(scan.masked, view.text, c.start);
      // Only metadata: an item that reads a column of the source is part of that model's own logic.
      const words = item.toLowerCase().match(/[a-z_][a-z0-9_$]*/g) ?? [];
      if (!item || words.some((w) => sourceColumns.has(w) && w !== columnKey(c.name, c.quoted))) continue;
      metadataColumns.push({ name: c.name, text: rename(item) });
    }
  }
  return {
    reference: ref.model.name,
    materialized: common,
    onSchemaChange: ref.model.config.on_schema_change === undefined ? undefined : String(ref.model.config.on_schema_change),
    configArgs,
    metadataColumns,
  };
}

/** The whole select-list item around `at` (expression and alias) as written: between the commas (or SELECT/FROM) at its depth. */
function selectItem(masked: string, text: string, at: number): string {
  // Tokens, so commas and keywords inside strings, comments and parentheses do not end the item.
  const tokens = tokenizeSql(masked).tokens;
  const k = tokens.findIndex((t) => t.start <= at && at < t.end);
  if (k < 0) return '';
  const depth = tokens[k].depth;
  const first = listItemStart(tokens, k, depth);
  let last = k;
  while (last + 1 < tokens.length) {
    const t = tokens[last + 1];
    if (t.depth < depth || (t.depth === depth && (t.text === ',' || t.text === ')' || isKeyword(t, 'from')))) break;
    last++;
  }
  // The item as written without its comments (read from the masked text: a `--` inside a string or a Jinja
  // expression is not one), its lines joined by single spaces.
  const from = tokens[first].start;
  const to = tokens[last].end;
  let item = '';
  let kept = from;
  for (const l of lex(masked.slice(from, to))) {
    if (l.kind !== 'comment') continue;
    item += text.slice(kept, from + l.start).replace(/[ \t]+$/, '');
    kept = from + l.start + l.text.length;
  }
  item += text.slice(kept, to);
  return item
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}
