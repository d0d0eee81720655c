// The authoring code actions (schema.yml sync, scaffolding) in one list for the LSP handler, which stays a
// single registration as features are added.
import type { Range } from '../core/types';
import { documentView } from './document';
import { relationshipSuggestions } from './relationship-suggestions';
import { planGenerateModel } from './scaffold';
import { schemaActions, type SchemaAction } from './schema-sync';
import type { Workspace } from './workspace';

export type AuthoringAction = SchemaAction;

function touches(a: Range, b: Range): boolean {
  return a.start.line <= b.end.line && b.start.line <= a.end.line;
}

/** "Generate bronze model" on a source() call in SQL or on a source table's entry in its YAML. */
function generateActions(ws: Workspace, file: string, range: Range): AuthoringAction[] {
  const view = documentView(ws, file);
  if (!view) return [];
  const tables = new Set<string>();
  if (view.kind === 'sql' && view.scan) {
    for (const c of view.scan.calls) {
      if (c.name !== 'source' || !touches(view.lines.rangeOf(c.start, c.end), range)) continue;
      const args = c.args.filter((a) => a.keyword === undefined).map((a) => a.value);
      if (args.length === 2 && args.every((a) => typeof a === 'string')) tables.add(`${String(args[0])}.${String(args[1])}`);
    }
  } else if (view.kind === 'yaml') {
    for (const s of view.project.project.sources.values()) if (s.location.file === file && touches(s.location.range, range)) tables.add(`${s.sourceName}.${s.name}`);
  }
  const out: AuthoringAction[] = [];
  for (const t of tables) {
    const r = planGenerateModel(ws, file, { source: t });
    if (r.ok) out.push({ ...r.plan, kind: 'refactor' });
  }
  return out;
}

/** `withSource`: also the model-wide actions of the Source Action menu (not asked for on every cursor move). */
export function authoringActions(ws: Workspace, file: string, range: Range, withSource = true): AuthoringAction[] {
  return [...schemaActions(ws, file, range, withSource), ...relationshipSuggestions(ws, file, range), ...generateActions(ws, file, range)];
}
