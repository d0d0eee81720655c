// dbt_utils.unique_combination_of_columns holds when one member is unique; plan.ts makes the first unique. A date or
// timestamp first (`[date_reference, area_code]`, one row per day and area) cannot be: the sampler draws days from a
// window (sql.ts has no unique day), and made the key it became an id, text its models' TRY_TO_DATE read as NULL
// (pretium's LAUS month_start: NULL in every row, its not_null and unique-combination tests failed, 9 models skipped).
// The first member that is no date or time is made unique instead.
import { columnKind } from './column-kinds';

interface Combined {
  unique?: boolean;
  /** The other members of a unique combination this column leads. */
  combinedWith?: string[];
}

const TIME_KINDS = new Set(['date', 'timestamp', 'timestamp_tz']);

/**
 * Moves a combination's uniqueness off a leading date or time column (by its declared or used type, else its name)
 * to the first other member of the same table that is none; `columns` are the table's columns with their types.
 */
export function uniqueOffTimes<C extends Combined>(constraints: Map<string, C>, columns: ReadonlyArray<{ name: string; dataType?: string }>, empty: () => C): void {
  const kindOf = (name: string): string | undefined => {
    const col = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    return col ? columnKind(col.name, col.dataType) : undefined;
  };
  for (const [name, c] of constraints) {
    if (!c.unique || !c.combinedWith || !TIME_KINDS.has(kindOf(name) ?? '')) continue;
    const other = c.combinedWith.find((m) => kindOf(m) !== undefined && !TIME_KINDS.has(kindOf(m)!));
    if (!other) continue;
    delete c.unique;
    let target = constraints.get(other.toLowerCase());
    if (!target) constraints.set(other.toLowerCase(), (target = empty()));
    target.unique = true;
  }
}
