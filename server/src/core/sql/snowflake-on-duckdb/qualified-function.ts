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
  return new UnsupportedOnDuckDb(missingQualifiedFunction(name), call.index);
}

/**
 * The construct a call of the qualified function `name` (upper case) that the twin lacks is refused as. Snowflake's
 * INFORMATION_SCHEMA holds table functions in every database (QUERY_HISTORY_BY_SESSION, TASK_HISTORY, …:
 * https://docs.snowflake.com/en/sql-reference/info-schema), so one named there is not called unknown: the twin
 * does not provide it. Elsewhere the name is a function no one created in that schema (Snowflake's "Unknown function").
 */
export function missingQualifiedFunction(name: string): string {
  const schema = name.slice(0, name.lastIndexOf('.'));
  if (/(^|\.)INFORMATION_SCHEMA$/.test(schema)) return `Function ${name} (an INFORMATION_SCHEMA table function the local twin does not provide)`;
  return `Function ${name} (no function of that name in ${schema}: Snowflake's "Unknown function")`;
}

/**
 * The schema-qualified name (`UTIL.FISCAL_YEAR`, `DB.UTIL.FISCAL_YEAR`) of the call of `fn` that `source` has at
 * `at` (DuckDB's position of a missing function: its qualifier's start, or the name's), or undefined when that call
 * is unqualified. DuckDB reports only the bare name when the schema exists: a UDF the project calls but never creates.
 */
export function qualifiedCallName(source: string, at: number, fn: string): string | undefined {
  const word = fn.replace(/[^\w$]/g, '');
  const part = `"?${NAME}"?\\s*\\.\\s*`;
  const ahead = new RegExp(`^((?:${part}){1,2})${word}\\s*\\(`, 'i').exec(source.slice(at));
  const behind = ahead ? undefined : new RegExp(`(?<![\\w$."])((?:${part}){1,2})$`, 'i').exec(source.slice(0, at));
  const qualifier = ahead?.[1] ?? (new RegExp(`^${word}\\s*\\(`, 'i').test(source.slice(at)) ? behind?.[1] : undefined);
  return qualifier === undefined ? undefined : `${qualifier}${word}`.replace(/[\s"]+/g, '').toUpperCase();
}

/** The catalog DuckDB's "does not exist" message names (its two wordings), or undefined for another message. */
export function missingCatalog(message: string): string | undefined {
  const m = /^Catalog (?:"(.+)"|with name (.+?)) does not exist!?$/.exec(message);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * `db.schema.fn(…)` where the target has no catalog `db` and `source` names it only to call functions (Flipside's
 * `ethereum.streamline.udf_api(…)`, a UDF of another project's database): a located error naming the function, as a
 * catalog made for the database would hold no definition of it to run.
 */
export function functionOfMissingDatabase(message: string, source: string): UnsupportedOnDuckDb | undefined {
  const catalog = missingCatalog(message);
  if (catalog === undefined || !new RegExp(`^${NAME}$`).test(catalog)) return undefined;
  const uses = [...source.matchAll(new RegExp(`(?<![\\w$."])"?${catalog}"?\\s*\\.`, 'gi'))];
  const call = new RegExp(`^"?${catalog}"?\\s*\\.\\s*${NAME}\\s*\\.\\s*${NAME}\\s*\\(`, 'i');
  if (!uses.length || !uses.every((u) => call.test(source.slice(u.index)))) return undefined;
  const name = /^[^(]*/.exec(source.slice(uses[0].index))![0].replace(/[\s"]+/g, '').toUpperCase();
  return new UnsupportedOnDuckDb(`Function ${name} (database ${catalog.toUpperCase()} has no catalog on this target, so no definition of the function to run)`, uses[0].index);
}
