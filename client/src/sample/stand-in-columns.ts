// The columns a refused model outputs, as the twin types its query: a stand-in written with them is what its readers
// would read from a build on Snowflake. Only the refused calls have no value on the twin, and the translator already
// types each one as Snowflake declares it: HASH as a 64-bit integer ("a signed 64-bit numeric value",
// https://docs.snowflake.com/en/sql-reference/functions-hash-scalar), an EXTERNAL / foreign UDF as the RETURNS type of
// the CREATE the project's hooks ran (foreign-udf.ts). Binding the query (LIMIT 0: no row is evaluated, so nothing
// is raised) gives every output column's name and type, `*` expanded, once the model's parents exist — at run time,
// not at sample time.
import { splitStatementsWithOffsets } from '../../../server/src/core/sql/split';
import type { WarehouseSession } from '../warehouse/warehouse';
import { snowflakeTypeName } from '../warehouse/snowflake-type-name';

/** An output column of a refused model: its name as the twin stores it, its Snowflake type when the query settles one. */
export interface OutputColumn {
  name: string;
  /** Undefined where the query gives no type (an untyped NULL): the column keeps the type its readers' use implies. */
  dataType?: string;
}

/** How a stand-in column got its type, for the stand-in record. */
export type ColumnTyping = 'model' | 'yaml' | 'use';

/** The one query a model compiled to, without a trailing `;`, or undefined when it is not one statement. */
export function modelQuery(compiledSql: string): string | undefined {
  const statements = splitStatementsWithOffsets(compiledSql).filter((s) => s.text.trim() !== '');
  return statements.length === 1 ? statements[0].text.trim().replace(/;\s*$/, '') : undefined;
}

/**
 * The output columns of `compiledSql` (a model's compiled SELECT) bound on `session`, or undefined when it does not
 * bind (a parent missing, a refusal the translator raises for the whole statement): its stand-in then stays typed by use.
 */
export async function modelOutputColumns(session: WarehouseSession, compiledSql: string, signal?: AbortSignal): Promise<OutputColumn[] | undefined> {
  const query = modelQuery(compiledSql);
  if (!query) return undefined;
  try {
    // The newline keeps a trailing `-- comment` from swallowing the closing parenthesis.
    const result = await session.execute(`select * from (\n${query}\n) as bz_stand_in_shape limit 0`, { signal });
    if (result.columns.length === 0) return undefined;
    return result.columns.map((c) => {
      const dataType = snowflakeTypeName(c.type);
      return dataType ? { name: c.name, dataType } : { name: c.name };
    });
  } catch {
    return undefined;
  }
}
