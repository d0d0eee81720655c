// Several source declarations naming one stored table (robling_product declares DM_MERCH.DM_F_MEAS_FACT_ILD_B as seven
// sources, one per subject area, each read for its own columns): the twin holds one table, so one plan writes it with
// every declaration's columns. Planned apart, each plan replaced the table in turn and the last one's columns were all
// that was left, so the models reading the others' columns failed with an invalid identifier.
import { typeFamily, type ValueKind } from './column-kinds';
import type { ColumnPlan, TablePlan } from './plan';
import { relationSql, storedColumnName } from './sql';

/** Kinds of values a use reads text as (`to_number(x)`, `try_to_date(x)`): the text must parse so. */
const PARSED_KINDS = new Set<ValueKind>(['integer', 'decimal', 'float', 'boolean', 'date', 'timestamp']);

/**
 * A column planned by more than one declaration: the one a type was found for (text is what an untyped one gets);
 * between two text columns, the one a use parses (VARCHAR holding decimals, from `MAX(TO_NUMBER(VERSION_ID))` in
 * robling's update_current_flg over one declaration) over one whose name alone says an id — such text is text to
 * the other declaration's readers too, while 'VERSION-0000024' failed the TO_NUMBER.
 */
function better(a: ColumnPlan, b: ColumnPlan): ColumnPlan {
  const typed = (c: ColumnPlan): boolean => typeFamily(c.dataType) !== 'text';
  const parsed = (c: ColumnPlan): boolean => !typed(c) && PARSED_KINDS.has(c.kind);
  const kept = (!typed(a) && typed(b)) || (!typed(a) && !parsed(a) && parsed(b)) ? b : a;
  // A value one declaration's readers need present stays present.
  return a.notNull || b.notNull ? { ...kept, notNull: true } : kept;
}

/**
 * One plan per stored relation: the first (by source id) keeps its key and timestamps and takes the others' columns
 * it lacks; references to a merged plan's source point to the kept one.
 */
export function mergeSharedRelations(plans: readonly TablePlan[]): TablePlan[] {
  const byRelation = new Map<string, TablePlan>();
  const keptFor = new Map<string, string>();
  const also = new Map<TablePlan, string[]>();
  const out: TablePlan[] = [];
  for (const plan of plans) {
    const at = relationSql(plan.relation);
    const kept = byRelation.get(at);
    if (!kept) {
      const own = { ...plan, columns: [...plan.columns] };
      byRelation.set(at, own);
      out.push(own);
      continue;
    }
    keptFor.set(plan.sourceId, kept.sourceId);
    also.set(kept, [...(also.get(kept) ?? []), plan.label]);
    kept.rows = Math.max(kept.rows, plan.rows);
    kept.key ??= plan.key;
    kept.updatedAt ??= plan.updatedAt;
    kept.loadedAt ??= plan.loadedAt;
    kept.duplicates = Math.min(kept.duplicates, plan.duplicates);
    kept.nullKeys = Math.min(kept.nullKeys, plan.nullKeys);
    for (const column of plan.columns) {
      const i = kept.columns.findIndex((c) => storedColumnName(c) === storedColumnName(column));
      if (i < 0) kept.columns.push(column);
      else kept.columns[i] = better(kept.columns[i], column);
    }
  }
  if (keptFor.size === 0) return out;
  for (const [plan, labels] of also) plan.label = `${plan.label} (also declared as ${labels.join(', ')})`;
  for (const plan of out) {
    plan.columns = plan.columns.map((c) => {
      const to = c.references ? keptFor.get(c.references.sourceId) : undefined;
      return to ? { ...c, references: { ...c.references!, sourceId: to } } : c;
    });
  }
  return out;
}
