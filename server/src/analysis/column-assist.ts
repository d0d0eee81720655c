// Columns while typing SQL: completion of the columns in scope (after `alias.` and in select lists and
// conditions), hover with a column's type, description, tests and PII tag, and go-to its schema.yml entry.
import type { ColumnInfo, ModelNode, SourceLocation, SourceNode } from '../core/types';
import { lex } from '../core/sql/tokenize';
import { columnAt, relationByAlias, relationsInScope, sqlContext, type ScopeColumn, type ScopeRelation } from './column-scope';
import type { DocumentView } from './document';
import { isClassified, looksPersonal } from './rules/pii';

export interface ColumnCompletion {
  label: string;
  detail: string;
  documentation?: string;
}

/** Column completions at `offset` of SQL text outside Jinja tags. */
export function completeColumns(view: DocumentView, offset: number): ColumnCompletion[] {
  const ctx = sqlContext(view);
  if (!ctx) return [];
  // Inside a Jinja comment (or any tag the caller did not handle): not SQL.
  if (view.scan!.tags.some((t) => offset > t.start && offset < t.end)) return [];
  const word = /[\w$]*$/.exec(view.text.slice(0, offset))![0];
  const wordStart = offset - word.length;
  const toks = ctx.tokens;
  // Inside a string literal: nothing to complete.
  if (toks.some((t) => t.kind === 'string' && t.start < offset && offset < t.end + (t.end === view.text.length ? 1 : 0))) return [];
  let p = -1;
  for (let i = 0; i < toks.length && toks[i].end <= wordStart; i++) p = i;
  const prev = p >= 0 ? toks[p] : undefined;
  // Inside a comment: the text since the previous token ends in a line comment or an unclosed block comment.
  const gap = ctx.view.scan!.masked.slice(prev?.end ?? 0, wordStart);
  const last = lex(gap).at(-1);
  if (last?.kind === 'comment' && last.start + last.text.length === gap.length && !(last.text.startsWith('/*') && last.text.length >= 4 && last.text.endsWith('*/'))) return [];
  let rels: ScopeRelation[];
  if (prev?.text === '.' && p >= 1 && (toks[p - 1].kind === 'ident' || toks[p - 1].kind === 'quoted')) {
    const r = relationByAlias(ctx, wordStart, toks[p - 1].text);
    if (!r) return [];
    rels = [r];
  } else {
    // Right after FROM/JOIN a relation is expected, and after AS a new name.
    if (prev && prev.kind === 'ident' && /^(from|join|as|into|update|table)$/i.test(prev.text)) return [];
    rels = relationsInScope(ctx, wordStart);
  }
  const out: ColumnCompletion[] = [];
  for (const r of rels) {
    for (const c of r.columns()) {
      const type = c.info?.dataType;
      out.push({
        label: c.name,
        detail: [type, r.alias || r.label].filter(Boolean).join(' · '),
        ...(c.info?.description ? { documentation: c.info.description } : {}),
      });
    }
  }
  return out;
}

function piiLine(name: string, info: ColumnInfo | undefined): string | undefined {
  if (info && isClassified(info)) {
    const tags = info.tags.filter((t) => /^pii$|^personal|^sensitive/i.test(t));
    const meta = Object.entries(info.meta ?? {}).filter(([k]) => /pii|classification|sensitivity|privacy|personal|gdpr/i.test(k)).map(([k, v]) => `${k}: ${String(v)}`);
    return `PII: ${[...tags.map((t) => `tag \`${t}\``), ...meta.map((m) => `\`${m}\``)].join(', ')}`;
  }
  if (looksPersonal(name)) return 'PII: looks personal but is not tagged in schema.yml';
  return undefined;
}

/** Markdown for a column of a model or source: type, description, tests, PII. */
export function columnHoverMarkdown(view: DocumentView, name: string, info: ColumnInfo | undefined, owner: ModelNode | SourceNode | undefined, via?: string): string {
  const ownerName = owner ? (owner.resourceType === 'source' ? `${owner.sourceName}.${owner.name}` : owner.name) : undefined;
  const parts = [`**column** \`${name}\`${ownerName ? ` of \`${ownerName}\`` : ''}${via ? ` (via ${via})` : ''}`];
  if (info?.dataType) parts.push(`type: \`${info.dataType}\``);
  if (info?.description) parts.push(info.description);
  if (!info) parts.push('Not documented in schema.yml.');
  if (owner) {
    const tests = (view.project.index.testsByModel.get(owner.uniqueId) ?? [])
      .filter((t) => t.columnName !== undefined && t.columnName.replace(/"/g, '').toLowerCase() === name.toLowerCase())
      .map((t) => t.testMetadata?.name ?? t.name);
    if (tests.length) parts.push(`tests: ${[...new Set(tests)].map((t) => `\`${t}\``).join(', ')}`);
  }
  const otherTags = (info?.tags ?? []).filter((t) => !/^pii$|^personal|^sensitive/i.test(t));
  if (otherTags.length) parts.push(`tags: ${otherTags.join(', ')}`);
  const pii = piiLine(name, info);
  if (pii) parts.push(pii);
  return parts.join('\n\n');
}

export interface ColumnHover {
  markdown: string;
  start: number;
  end: number;
}

/** Hover for a column name in SQL that one of the relations in scope provides. */
export function columnHover(view: DocumentView, offset: number): ColumnHover | undefined {
  const ctx = sqlContext(view);
  if (!ctx) return undefined;
  const hit = columnAt(ctx, offset);
  if (!hit) return undefined;
  const via = hit.relation.owner ? undefined : hit.relation.label;
  return { markdown: columnHoverMarkdown(view, hit.column.name, hit.column.info, hit.column.owner, via), start: hit.start, end: hit.end };
}

/** The schema.yml declaration of the column at `offset`, for go-to-definition. */
export function columnDefinition(view: DocumentView, offset: number): SourceLocation | undefined {
  const ctx = sqlContext(view);
  if (!ctx) return undefined;
  const hit: { column: ScopeColumn } | undefined = columnAt(ctx, offset);
  return hit?.column.info?.location;
}
