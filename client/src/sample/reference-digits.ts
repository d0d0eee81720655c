// A column that references another relation's key takes that key's values (sql.ts: the referenced table's rows).
// Where the column's own values must be numbers — a numeric type, or text the plan made digits because a UNION puts
// it beside a NUMBER or a model casts it to one — a referenced key of lettered text ('ENTITY-0000019') would change
// the column's type family: Snowflake converts a UNION's text branch to the other branch's NUMBER
// (https://docs.snowflake.com/en/sql-reference/operators-query), and the conversion of such text fails. The
// referenced key follows instead: its text holds digits, which a number compares and converts to. A key of its table
// (the plan's row key, written in sql.ts as lettered text) cannot follow: the reference is dropped, and the column
// keeps the digits its own uses ask for.
import { typeFamily } from './column-kinds';
import type { ColumnPlan, TablePlan } from './plan';

const NUMBER_KINDS = new Set(['integer', 'decimal', 'float']);

/** Whether the column's values are numbers, stored as a number or as text of digits. */
function holdsNumbers(c: ColumnPlan): boolean {
  const family = typeFamily(c.dataType);
  return family === 'integer' || family === 'decimal' || family === 'float' || (family === 'text' && NUMBER_KINDS.has(c.kind));
}

/**
 * Makes each referenced text key hold digits where a referencing column holds numbers (see above). Follows a chain
 * of references to the column whose values are drawn (each referencing column copies its target's). Mutates `plans`.
 */
export function referencedKeysFollowNumbers(plans: readonly TablePlan[]): void {
  const bySource = new Map(plans.map((p) => [p.sourceId, p]));
  const target = (c: ColumnPlan): { plan: TablePlan; column: ColumnPlan } | undefined => {
    const plan = c.references ? bySource.get(c.references.sourceId) : undefined;
    const column = plan?.columns.find((x) => x.name.toLowerCase() === c.references!.column.toLowerCase());
    return plan && column ? { plan, column } : undefined;
  };
  for (const plan of plans) {
    for (const c of plan.columns) {
      if (!c.references || !holdsNumbers(c)) continue;
      // The column whose values are drawn: the end of the chain (bounded by the number of tables: no cycle loops).
      let end = target(c);
      for (let hops = 0; end?.column.references && hops < plans.length; hops++) end = target(end.column) ?? end;
      if (!end || holdsNumbers(end.column) || typeFamily(end.column.dataType) !== 'text') continue;
      const e = end.column;
      // Values a test lists, a seed's, a template's or a shape's are what they are: the reference cannot follow them.
      const fixed = e.accepted || e.seedValues || e.dateText || e.json || e.pairing || e.name === end.plan.key;
      if (fixed) {
        delete c.references;
        continue;
      }
      e.kind = 'integer';
      e.dirty = false;
    }
  }
}
