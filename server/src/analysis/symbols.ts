// Document symbols: CTEs (and the final SELECT) in models; sources, tables, models and columns in YAML.
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Range } from '../core/types';
import { documentView } from './document';
import { isKeyword, tokenizeSql } from '../core/sql/tokenize';
import type { Workspace } from './workspace';

export type SymbolKind = 'cte' | 'query' | 'source' | 'table' | 'model' | 'column' | 'key' | 'macro';

export interface DocumentSymbol {
  name: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: DocumentSymbol[];
}

export function documentSymbols(ws: Workspace, file: string): DocumentSymbol[] {
  const view = documentView(ws, file);
  if (!view) return [];
  if (view.kind === 'sql' && view.scan) {
    const out: DocumentSymbol[] = [];
    const toks = tokenizeSql(view.scan.masked).tokens;
    for (let i = 0; i + 2 < toks.length; i++) {
      const t = toks[i];
      if (t.depth !== 0 || (t.kind !== 'ident' && t.kind !== 'quoted')) continue;
      const prev = toks[i - 1];
      if (!(isKeyword(prev, 'with', 'recursive') || (prev?.text === ',' && out.length > 0))) continue;
      if (!isKeyword(toks[i + 1], 'as') || toks[i + 2]?.text !== '(') continue;
      let close = i + 3;
      while (close < toks.length && !(toks[close].text === ')' && toks[close].depth === 0)) close++;
      const end = close < toks.length ? toks[close].end : view.text.length;
      out.push({ name: t.text, kind: 'cte', range: view.lines.rangeOf(t.start, end), selectionRange: view.lines.rangeOf(t.start, t.end), children: [] });
      i = close;
    }
    for (const m of view.project.project.macros.values()) {
      if (m.location.file === file) out.push({ name: m.name, kind: 'macro', range: m.location.range, selectionRange: m.location.range, children: [] });
    }
    return out;
  }
  if (view.kind === 'yaml') {
    const doc = parseDocument(view.text, { keepSourceTokens: false });
    const range = (n: Node | null | undefined): Range | undefined => (n?.range ? view.lines.rangeOf(n.range[0], n.range[1]) : undefined);
    const named = (seq: unknown, kind: SymbolKind, childKey?: string, childKind?: SymbolKind, grandKey?: string, grandKind?: SymbolKind): DocumentSymbol[] => {
      if (!isSeq(seq)) return [];
      const out: DocumentSymbol[] = [];
      for (const item of seq.items) {
        if (!isMap(item)) continue;
        const nameNode = item.get('name', true);
        if (!isScalar(nameNode)) continue;
        const r = range(item as Node);
        const sel = range(nameNode as Node);
        if (!r || !sel) continue;
        const children = childKey && childKind ? named(item.get(childKey, true), childKind, grandKey, grandKind) : [];
        out.push({ name: String(nameNode.value), kind, range: r, selectionRange: sel, children });
      }
      return out;
    };
    const root = doc.contents;
    if (!isMap(root)) return [];
    const out: DocumentSymbol[] = [];
    for (const pair of root.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const r = range(pair.key as Node);
      if (!r) continue;
      const valueRange = range(pair.value as Node) ?? r;
      let children: DocumentSymbol[] = [];
      if (key === 'sources') children = named(pair.value, 'source', 'tables', 'table', 'columns', 'column');
      else if (key === 'models') children = named(pair.value, 'model', 'columns', 'column');
      out.push({ name: key, kind: 'key', range: { start: r.start, end: valueRange.end }, selectionRange: r, children });
    }
    return out;
  }
  return [];
}
