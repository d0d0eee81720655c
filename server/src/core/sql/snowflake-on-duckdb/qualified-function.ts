// `schema.fn(x)` / `db.schema.fn(x)` naming a function that does not exist there. DuckDB, finding no such function,
// reads `schema.fn(x)` as the method call `fn(schema, x)` on a column named `schema` and reports a missing column
// (or, for three parts, a missing table), which names neither the function nor the call. Snowflake refuses the call
// as an unknown function; here it is a located error naming the qualified function (typically a UDF a project's
// on-run-start hook creates in `target.schema`, called under another schema's name).
import { UnsupportedOnDuckDb } from './unsupported';

const NAME = '[A-Za-z_][A-Za-z0-9_$]*';

/** The located error for DuckDB's missing column/table `message` when `source` calls a function qualified by that name. */
export function unknownQualifiedFunction(message: string, source: string): UnsupportedOnDuckDb | undefined {
  const m = /^Referenced (column|table) "([^"]+)" not found/.exec(message);
  if (!m || !new RegExp(`^${NAME}$`).test(m[2])) return undefined;
  // A table qualifier is a database: `db.schema.fn(`; a column qualifier is a schema: `schema.fn(`.
  const parts = m[1] === 'table' ? `${m[2]}\\s*\\.\\s*${NAME}\\s*\\.\\s*${NAME}` : `${m[2]}\\s*\\.\\s*${NAME}`;
  const call = new RegExp(`(?<![\\w$."])(${parts})\\s*\\(`, 'i').exec(source);
  if (!call) return undefined;
  const name = call[1].replace(/\s+/g, '').toUpperCase();
  const schema = name.slice(0, name.lastIndexOf('.'));
  return new UnsupportedOnDuckDb(`Function ${name} (no function of that name in ${schema}: Snowflake's "Unknown function")`, call.index);
}
