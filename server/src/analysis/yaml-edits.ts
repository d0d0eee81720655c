// Text edits for quick fixes in schema.yml. They work on lines and indentation (not a YAML re-dump), so
// the user's comments, quoting and key order survive the fix.
import * as path from 'node:path';
import type { ColumnInfo, Fix, ModelNode, SourceNode } from '../core/types';
import type { RuleContext } from './rules/rule';

type Ctx = Pick<RuleContext, 'fileText' | 'project'>;

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The line index of the `- name: <name>` item at or just above `line`. */
function itemLine(lines: string[], line: number, name: string): number | undefined {
  const re = new RegExp(`^\\s*-\\s*name\\s*:\\s*['"]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*(#.*)?$`);
  for (let l = Math.min(line, lines.length - 1); l >= 0 && l >= line - 6; l--) if (re.test(lines[l])) return l;
  for (let l = line + 1; l < lines.length && l <= line + 2; l++) if (re.test(lines[l])) return l;
  return undefined;
}

/** Inserts whole lines before `line`; past the last line it appends (adding the missing line break). */
function insertAt(file: string, line: number, text: string, lines?: string[]): Fix['edits'][number] {
  if (lines && line >= lines.length) {
    const last = lines.length - 1;
    const pos = { line: last, character: lines[last].length };
    return { file, range: { start: pos, end: pos }, newText: '\n' + text.replace(/\n$/, '') };
  }
  return { file, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: text };
}

/** Adds `- name: <table>` to the source that `sibling` belongs to, just before `sibling`'s entry. */
export function addSourceTableFix(ctx: Ctx, sibling: SourceNode, table: string): Fix | undefined {
  const file = sibling.location.file;
  const text = ctx.fileText(file);
  if (text === undefined) return undefined;
  const lines = splitLines(text);
  const l = itemLine(lines, sibling.location.range.start.line, sibling.name);
  if (l === undefined) return undefined;
  const dash = ' '.repeat(indentOf(lines[l]));
  return {
    title: `Add table '${table}' to source '${sibling.sourceName}' in ${path.basename(file)}`,
    edits: [insertAt(file, l, `${dash}- name: ${table}\n`)],
  };
}

/** Declares a new source with one table in the schema.yml next to the model (appending a `sources:` key if needed). */
export function addSourceFix(ctx: Ctx, model: ModelNode, source: string, table: string): Fix | undefined {
  const dir = path.dirname(model.location.file);
  const schema = [...ctx.project.files.values()]
    .filter((f) => f.kind === 'schema')
    .sort((a, b) => (path.dirname(a.path) === dir ? 0 : 1) - (path.dirname(b.path) === dir ? 0 : 1) || (a.path < b.path ? -1 : 1))[0];
  if (!schema) return undefined;
  const text = ctx.fileText(schema.path) ?? schema.text;
  const lines = splitLines(text);
  const at = lines.findIndex((l) => /^sources\s*:\s*(#.*)?$/.test(l));
  const title = `Declare source '${source}' with table '${table}' in ${path.basename(schema.path)}`;
  if (at < 0) {
    // Append at the very end of the file.
    const last = lines.length - 1;
    const end = { line: last, character: lines[last].length };
    const lead = text.length === 0 ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    return {
      title,
      edits: [{ file: schema.path, range: { start: end, end }, newText: `${lead}sources:\n  - name: ${source}\n    tables:\n      - name: ${table}\n` }],
    };
  }
  const next = lines.slice(at + 1).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const ind = next && /^\s*-/.test(next) ? indentOf(next) : 2;
  const pad = ' '.repeat(ind);
  return { title, edits: [insertAt(schema.path, at + 1, `${pad}- name: ${source}\n${pad}  tables:\n${pad}    - name: ${table}\n`, lines)] };
}

/** Adds a `pii` tag to a column entry in schema.yml. */
export function addPiiTagFix(ctx: Ctx, column: ColumnInfo): Fix | undefined {
  const loc = column.location;
  if (!loc) return undefined;
  const text = ctx.fileText(loc.file);
  if (text === undefined) return undefined;
  const lines = splitLines(text);
  const l = itemLine(lines, loc.range.start.line, column.name);
  if (l === undefined) return undefined;
  const dashIndent = indentOf(lines[l]);
  const keyIndent = lines[l].indexOf('name');
  let end = l + 1;
  while (end < lines.length && (lines[end].trim() === '' || indentOf(lines[end]) > dashIndent)) end++;
  const title = `Tag column '${column.name}' as PII`;
  for (let k = l + 1; k < end; k++) {
    const m = /^(\s*)tags\s*:\s*(.*)$/.exec(lines[k]);
    if (!m || m[1].length !== keyIndent) continue;
    const value = m[2].replace(/\s+#.*$/, '').trim();
    if (value.startsWith('[') && value.endsWith(']')) {
      const inner = value.slice(1, -1).trim();
      const newValue = inner === '' ? "['pii']" : `[${inner}, 'pii']`;
      const col = lines[k].indexOf(value);
      return { title, edits: [{ file: loc.file, range: { start: { line: k, character: col }, end: { line: k, character: col + value.length } }, newText: newValue }] };
    }
    if (value === '') {
      const item = lines[k + 1];
      const ind = item && /^\s*-/.test(item) ? indentOf(item) : keyIndent + 2;
      return { title, edits: [insertAt(loc.file, k + 1, `${' '.repeat(ind)}- pii\n`, lines)] };
    }
    return undefined;
  }
  return { title, edits: [insertAt(loc.file, l + 1, `${' '.repeat(keyIndent)}tags: ['pii']\n`, lines)] };
}
