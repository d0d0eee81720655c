// Views the warehouse holds that the project does not create, named as the project names the views it does create
// over its tables. robling_product builds V_DWH_F_ECOMM_CO_HDR_B in DW_DWH_V as `SELECT SRC.* FROM
// {{ ref('DWH_F_ECOMM_CO_HDR_B') }} SRC`, the table in DW_DWH, and so for every table it reads through a view; the
// control tables its install scripts make come in the same pairs (DW_DWH.DWH_C_PARAM and DW_DWH_V.V_DWH_C_PARAM).
// Sampled as two tables, the pair held two business days: the staging views dated their rows by the table, the
// macros read the view, and the sales reconciliation compared rows of one day with a filter on the other. Where the
// project's own views say so — every view model named a prefix plus its one parent's name is that parent passed
// through whole, in the schemas each convention names, and at least two do — such a table is written on the twin as a
// view over its table, so both read one set of rows (and see what the models write into the table).
import type { ModelNode, ProjectModel, RelationName } from '../../../server/src/core/types';
import { scanJinja } from '../../../server/src/template/scan';
import type { LiteralTable } from './literal-tables';
import type { ColumnPlan, TablePlan } from './plan';
import { quoteIdent, relationSql, storedColumnName } from './sql';

/** `SELECT * FROM <relation> [alias]` or `SELECT alias.* FROM …`, the Jinja and comments aside: no filter, no join. */
const WHOLE = /^select\s+(?:(\w+)\s*\.\s*)?\*\s+from\s+\S+(?:\s+(?:as\s+)?(\w+))?\s*;?$/i;

/** Whether the model's SQL passes its relation through whole (the alias a `alias.*` names is the FROM's). */
function passesWhole(model: ModelNode): boolean {
  // The Jinja masked (scan.ts: each tag a run of underscores), a leading tag (the config) and comments dropped.
  const body = scanJinja(model.rawCode)
    .masked.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:_+ )+/, '');
  const m = WHOLE.exec(body);
  return m !== null && (m[1] === undefined || m[1].toLowerCase() === m[2]?.toLowerCase());
}

const upper = (s: string | undefined): string => (s ?? '').toUpperCase();

/**
 * The project's conventions for views over its tables: `VIEW_SCHEMA|PREFIX` (upper case) → the schema of the tables
 * such views are over. A convention holds where at least two view models follow it and none contradicts it.
 */
export function passThroughViewConventions(project: ProjectModel): Map<string, string> {
  const seen = new Map<string, { table: string; count: number } | null>();
  for (const model of project.models.values()) {
    if (model.resourceType !== 'model' || model.config.enabled === false || model.config.materialized !== 'view') continue;
    const parents = model.dependsOn.nodes;
    const parent = parents.length === 1 ? project.models.get(parents[0]) : undefined;
    if (!parent || !passesWhole(model)) continue;
    const [view, table] = [model.relation, parent.relation];
    const name = upper(view.identifier);
    const over = upper(table.identifier);
    if (upper(view.database) !== upper(table.database) || name.length <= over.length || !name.endsWith(over)) continue;
    const key = `${upper(view.schema)}|${name.slice(0, name.length - over.length)}`;
    const had = seen.get(key);
    if (had === null) continue;
    if (had && had.table !== upper(table.schema)) seen.set(key, null);
    else seen.set(key, { table: upper(table.schema), count: (had?.count ?? 0) + 1 });
  }
  const out = new Map<string, string>();
  for (const [key, v] of seen) if (v && v.count >= 2) out.set(key, v.table);
  return out;
}

/**
 * The tables the models read by name (literal-tables.ts) that are, by the project's conventions, views over another
 * of them: each as indexes into `tables`, the view's and its table's.
 */
export function viewsOverReadTables(project: ProjectModel, tables: readonly LiteralTable[]): Array<{ view: number; table: number }> {
  const conventions = passThroughViewConventions(project);
  if (conventions.size === 0) return [];
  const at = new Map(tables.map((t, i) => [[t.relation.database, t.relation.schema, t.relation.identifier].map(upper).join('.'), i]));
  const out: Array<{ view: number; table: number }> = [];
  for (const [i, t] of tables.entries()) {
    const name = upper(t.relation.identifier);
    for (const [key, tableSchema] of conventions) {
      const [viewSchema, prefix] = key.split('|');
      if (upper(t.relation.schema) !== viewSchema || !name.startsWith(prefix)) continue;
      const table = at.get([upper(t.relation.database), tableSchema, name.slice(prefix.length)].join('.'));
      if (table !== undefined && table !== i) out.push({ view: i, table });
    }
  }
  return out;
}

/** A view to write over a sampled table: the view's relation and its table's. */
export interface ViewOverTable {
  label: string;
  view: RelationName;
  /** The table's plan label and relation. */
  overLabel: string;
  over: RelationName;
}

/** Whether the table's column holds every value the view's readers look up in it (a job's name in a scripts table). */
function holdsValues(table: ColumnPlan, view: ColumnPlan): boolean {
  const has = new Set((table.seedValues ?? []).map(String));
  return (view.seedValues ?? []).every((v) => has.has(String(v)));
}

/**
 * What the sampler planned for the view's readers holds of the table's rows, which the view shows: a value a column
 * must hold (filled, clean), and one value in every row where they read it as one (a parameter table's business day,
 * the window's newest: plan.ts, which the view of robling's DWH_C_PARAM got as a table only macros read).
 */
function holdViewReads(table: TablePlan, view: TablePlan): void {
  for (const c of view.columns) {
    const d = table.columns.find((x) => storedColumnName(x) === storedColumnName(c));
    if (!d) continue;
    if (c.notNull) d.notNull = true;
    if (!c.dirty) d.dirty = false;
    if (c.oneValue && !d.references && !d.sameAs && !d.accepted && !d.seedValues) {
      d.oneValue = true;
      d.kind = c.kind;
      d.dateText = c.dateText;
    }
    if (c.unique && d.seedValues) d.unique = true;
  }
}

/**
 * The plans with each view (by source id, `pairs`) left out where its table's plan holds every column planned for the
 * view and every value looked up in it (else both stay tables, as before): the views to write over their tables once those are written. A reference
 * to a view's column is one to its table's.
 */
export function planViewsOverTables(plans: readonly TablePlan[], pairs: ReadonlyArray<{ view: string; table: string }>): { plans: TablePlan[]; views: ViewOverTable[] } {
  const views: ViewOverTable[] = [];
  const into = new Map<string, string>();
  for (const { view, table } of pairs) {
    const v = plans.find((p) => p.sourceId === view);
    const t = plans.find((p) => p.sourceId === table);
    if (!v || !t || into.has(table) || !v.columns.every((c) => t.columns.some((d) => storedColumnName(d) === storedColumnName(c) && holdsValues(d, c)))) continue;
    into.set(view, table);
    holdViewReads(t, v);
    views.push({ label: v.label, view: v.relation, overLabel: t.label, over: t.relation });
  }
  if (into.size === 0) return { plans: [...plans], views };
  const kept = plans
    .filter((p) => !into.has(p.sourceId))
    .map((p) => ({ ...p, columns: p.columns.map((c) => (c.references && into.has(c.references.sourceId) ? { ...c, references: { ...c.references, sourceId: into.get(c.references.sourceId)! } } : c)) }));
  return { plans: kept, views };
}

/** `CREATE VIEW` of each view over its table (its schema made first); an earlier sample's table at the view's name is dropped. */
export function viewStatements(view: ViewOverTable, existing: 'table' | 'view' | null): string[] {
  const schema = view.view.database ? `${quoteIdent(view.view.database)}.${quoteIdent(view.view.schema)}` : quoteIdent(view.view.schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${schema}`,
    ...(existing === 'table' ? [`DROP TABLE ${relationSql(view.view)}`] : []),
    `CREATE OR REPLACE VIEW ${relationSql(view.view)} AS SELECT * FROM ${relationSql(view.over)}`,
  ];
}
