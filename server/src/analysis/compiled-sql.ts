// The compiled-SQL preview: the statements a run would execute for the model in `file`, computed from the
// editor's buffer through the engine facade (the same path a run takes). Without a warehouse the MERGE's
// column list comes from the model's inferred output columns, else from schema.yml.
import type { ColumnDef, ProjectModel } from '../core/types';
import { Engine, type PreviewMode } from '../engine';
import type { LoadedProject } from '../project';
import { columnKey } from './columns';
import { documentView } from './document';
import type { Workspace } from './workspace';

export interface CompiledSqlResult {
  uniqueId?: string;
  mode: PreviewMode;
  statements: string[];
  /** The statements joined with `;\n`, as `bronze compile --print` writes them. */
  sql: string;
  /** Set when the model could not be compiled; says what to fix. */
  error?: string;
}

// Keyed by the macros map: it is replaced whenever the loader rebuilds the project, and kept while only
// model bodies change (the preview passes the model and its text explicitly).
const engines = new WeakMap<object, { project: ProjectModel; engine: Engine }>();

function engineFor(project: ProjectModel): Engine {
  const hit = engines.get(project.macros);
  if (hit && hit.project.sources === project.sources) return hit.engine;
  const engine = Engine.fromProject(project as LoadedProject);
  engines.set(project.macros, { project, engine });
  return engine;
}

export async function compiledSql(ws: Workspace, file: string, mode: PreviewMode): Promise<CompiledSqlResult> {
  await ws.idle();
  const view = documentView(ws, file);
  if (!view?.model) return { mode, statements: [], sql: '', error: `${file} is not a model of a loaded dbt project: open a .sql file under the model paths.` };
  const model = view.model;
  const project = view.project.project;
  if (!('target' in project)) return { uniqueId: model.uniqueId, mode, statements: [], sql: '', error: 'The project was loaded without a target; cannot compile.' };
  const inferred = view.project.facts(model.uniqueId)?.columns();
  let columns: ColumnDef[] | undefined;
  if (inferred?.complete && inferred.columns.length > 0) {
    columns = inferred.columns.map((c) => {
      const declared = Object.values(model.columns).find((d) => columnKey(d.name, d.quote === true) === columnKey(c.name, c.quoted));
      return { name: c.quoted ? c.name : c.name.toUpperCase(), dataType: declared?.dataType ?? 'VARCHAR' };
    });
  }
  try {
    const statements = await engineFor(project).previewStatements(model, mode, { text: view.text, columns });
    return { uniqueId: model.uniqueId, mode, statements, sql: statements.join(';\n') };
  } catch (err) {
    const e = err as { message?: string; location?: { file: string; range: { start: { line: number; character: number } } } };
    const where = e.location ? `${e.location.file}:${e.location.range.start.line + 1}:${e.location.range.start.character + 1}: ` : '';
    return { uniqueId: model.uniqueId, mode, statements: [], sql: '', error: `${where}${e.message ?? String(err)}` };
  }
}
