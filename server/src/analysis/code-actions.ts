// Code actions: the quick fixes carried by the diagnostics that touch the requested range.
import type { Diagnostic, Fix, Range } from '../core/types';
import type { Workspace } from './workspace';

export interface CodeAction {
  title: string;
  diagnostic: Diagnostic;
  fix: Fix;
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function codeActions(ws: Workspace, file: string, range: Range): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of ws.diagnosticsFor(file)) {
    if (!d.fixes || !overlaps(d.range, range)) continue;
    for (const fix of d.fixes) out.push({ title: fix.title, diagnostic: d, fix });
  }
  return out;
}
